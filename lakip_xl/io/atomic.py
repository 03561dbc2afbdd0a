"""Atomic output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from lakip_xl.model.errors import LakipError


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path; on success rename it onto ``path``.

    On any failure (including KeyboardInterrupt) the temporary file is
    removed and an existing ``path`` is left untouched.

    Raises:
        LakipError: The output folder does not exist or is not writable.
    """
    folder = path.resolve().parent
    if not folder.is_dir():
        raise LakipError(f"Folder keluaran tidak ada: {folder}")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LakipError(f"Tidak dapat menulis ke folder {folder}: {exc.strerror}") from exc
    os.close(fd)
    tmp = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
