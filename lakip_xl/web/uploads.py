"""Receiving one uploaded workbook: streamed to a private folder, hashed, checked to be an .xlsx or .ods by content.

The file is named by its SHA-256 (:func:`lakip_xl.web.worker.upload_path`);
the name it had on the sender's computer is kept as data only
(:func:`display_name`). A body over the limit is refused while it streams
(:class:`lakip_xl.web.security.BodyLimit`), and a file that is not a zip
package is refused before any audit is queued; the audit's own guards (zip
bomb, entity expansion, encryption) run in its process.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request

from lakip_xl.model.errors import LakipError
from lakip_xl.web.security import TOO_LARGE, TooLarge
from lakip_xl.web.worker import upload_path

FIELD = "berkas"
MAX_NAME = 120
FALLBACK_NAME = "berkas.xlsx"


class UploadRefused(Exception):
    """An upload that is not audited: its HTTP status and one Indonesian line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Upload:
    """A received upload: its content hash, its name as data, and the form's other fields."""

    sha256: str
    display: str
    fields: dict[str, str]


def display_name(raw: str | None) -> str:
    """The sender's file name as shown: its last path part, no control characters, at most 120 characters.

    Only ever shown or written as data (JSON, SQLite, the report's Ringkasan); never used as a path.
    """
    name = re.split(r"[\\/]", raw or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if name in ("", ".", ".."):
        return FALLBACK_NAME
    if len(name) > MAX_NAME:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 10 else name[:MAX_NAME]
    return name


def size_text(limit: int) -> str:
    """A byte limit in words: 20 MB."""
    mb = limit / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{limit} bita"


async def receive(request: Request, folder: Path, limit: int) -> Upload:
    """Stream the form's ``berkas`` into ``folder`` under its hash and return it with the form's text fields.

    Raises:
        UploadRefused: 413 over the limit, 400 without a file, 415 when the content is not an .xlsx package.
    """
    try:
        async with request.form(max_files=1, max_fields=20) as form:
            part = form.get(FIELD)
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
            if not isinstance(part, UploadFile):
                raise UploadRefused(400, "Pilih berkas .xlsx atau .ods lebih dulu (kolom 'berkas' kosong)")
            display = display_name(part.filename)
            sha256 = await run_in_threadpool(_copy, part, folder, limit)
    except TooLarge as exc:
        raise UploadRefused(413, TOO_LARGE.format(limit=size_text(limit))) from exc
    except UploadRefused:
        raise
    except Exception as exc:  # a malformed multipart body (python-multipart's words are English)
        if _too_large(exc):
            raise UploadRefused(413, TOO_LARGE.format(limit=size_text(limit))) from exc
        raise UploadRefused(400, "Kiriman formulir rusak; pilih berkas lalu kirim lagi") from exc
    await run_in_threadpool(_check_content, upload_path(folder, sha256), display)
    return Upload(sha256, display, fields)


def _too_large(exc: BaseException) -> bool:
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 5:
        if isinstance(cause, TooLarge):
            return True
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return False


def _copy(part: UploadFile, folder: Path, limit: int) -> str:
    """Copy the spooled upload to ``folder`` while hashing it, then name it by its hash."""
    digest = hashlib.sha256()
    partial = folder / "unggahan.part"
    size = 0
    source: Any = part.file
    source.seek(0)
    with partial.open("wb") as out:
        while chunk := source.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise UploadRefused(413, TOO_LARGE.format(limit=size_text(limit)))
            digest.update(chunk)
            out.write(chunk)
    sha256 = digest.hexdigest()
    partial.replace(upload_path(folder, sha256))
    return sha256


def _check_content(path: Path, display: str) -> None:
    """Refuse with 415 a file that is not an .xlsx or .ods by its content (the audit's first check, run here early)."""
    from lakip_xl.io.filecheck import check_file

    try:
        check_file(path)
    except LakipError as exc:
        raise UploadRefused(415, str(exc).replace(path.name, display)) from exc


def discard(folder: Path) -> None:
    """Remove an upload's folder (a refused upload leaves nothing behind)."""
    shutil.rmtree(folder, ignore_errors=True)
