"""Our own outputs given back as input: a report or a rekap of lakip-xl, recognised by content, never by name.

A unit may send its ``*_laporan.xlsx`` instead of its workbook, and a rekap
written into its input folder is in that folder on the next run. Audited,
such a file gives wrong findings (the report's own columns are not the
template's); a unit's real workbook that happens to be called
``x_laporan.xlsx`` must still be audited. So the file's content decides,
from either of two marks, each of which survives a re-save in Excel and in
LibreOffice (``tests/test_inbox.py`` re-saves both with LibreOffice):

- the document title (``docProps/core.xml`` ``dc:title``), which
  :mod:`lakip_xl.report.workbook` and :mod:`lakip_xl.report.rekap_sheets`
  set from :data:`REPORT_TITLE` and :data:`REKAP_TITLE`;
- the sheets: a report's first two sheets are ``Ringkasan`` and ``Catatan``
  (a unit workbook begins with Petunjuk or Identitas), a rekap's first sheet
  is ``Ringkasan Rekap``.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET

from lakip_xl.model.errors import LakipError

REPORT = "laporan"
REKAP = "rekap"
REPORT_TITLE = "Laporan Audit LAKIP"
REKAP_TITLE = "Rekap Audit LAKIP"
REPORT_SHEETS = ("Ringkasan", "Catatan")
REKAP_SHEETS = ("Ringkasan Rekap",)
REASON = {
    REPORT: "ini laporan keluaran lakip-xl; periksa berkas isian aslinya",
    REKAP: "ini rekap keluaran lakip-xl, bukan isian unit; periksa berkas isian unit aslinya",
}
MAX_SMALL_PART = 4 << 20  # workbook.xml and core.xml of a real workbook are a few KiB
_MAX_DIRECTORY = 8 << 20  # the zip's central directory, read before anything else
_EOCD = b"PK\x05\x06"


class OwnOutputError(LakipError):
    """The input is a report or a rekap written by lakip-xl (exit 2, like every unusable input).

    Args:
        kind: :data:`REPORT` or :data:`REKAP`.
        name: The file's name, for the message.
    """

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"Berkas {name}: {REASON[kind]}")
        self.kind = kind


def kind_of(title: str | None, sheets: Sequence[str]) -> str | None:
    """:data:`REPORT`, :data:`REKAP` or None, from the document title and the sheet names in workbook order."""
    if title == REPORT_TITLE or tuple(sheets[: len(REPORT_SHEETS)]) == REPORT_SHEETS:
        return REPORT
    if title == REKAP_TITLE or tuple(sheets[: len(REKAP_SHEETS)]) == REKAP_SHEETS:
        return REKAP
    return None


def title_of(core_xml: bytes) -> str | None:
    """The ``dc:title`` of a ``docProps/core.xml``, stripped, or None (absent, or XML that does not parse)."""
    return core_fields(core_xml)[0]


def core_fields(core_xml: bytes) -> tuple[str | None, str | None]:
    """The ``dc:title`` (stripped) and the ``dcterms:modified`` (W3CDTF, as last saved) of a core.xml, or None each."""
    try:
        root = SafeET.fromstring(core_xml)
    except Exception:  # defusedxml raises several kinds; an odd core.xml says nothing
        return None, None
    found: dict[str, str] = {}
    for node in root.iter():
        name = _local(node.tag)
        if name in ("title", "modified") and name not in found:
            found[name] = (node.text or "").strip()
    return found.get("title"), found.get("modified") or None


def sheet_names(workbook_xml: bytes) -> list[str]:
    """The sheet names of an ``xl/workbook.xml``, in workbook order (any namespace, transitional or strict)."""
    try:
        root = SafeET.fromstring(workbook_xml)
    except Exception:
        return []
    return [node.get("name", "") for node in root.iter() if _local(node.tag) == "sheet"]


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def saved_at(w3cdtf: str | None) -> dt.datetime | None:
    """A ``dcterms:modified`` (``2025-03-02T10:15:00Z``) as an aware UTC datetime; None when absent or odd."""
    if not w3cdtf:
        return None
    try:
        when = dt.datetime.fromisoformat(w3cdtf.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def own_output(path: Path) -> str | None:
    """:data:`REPORT` or :data:`REKAP` when ``path`` is one of our outputs, else None; never raises."""
    return marks(path)[0]


def marks(path: Path) -> tuple[str | None, str | None]:
    """What a workbook's two small parts say: our output's kind (or None) and its own modified date (or None).

    Never raises.

    Safe on any file: the zip's central directory is sized from its end
    record before it is read, and only the two small parts that carry the
    marks are read, each up to :data:`MAX_SMALL_PART`. None also when it
    cannot tell (not a zip, a zip64 package, a part too large): the audit
    then opens the file with every guard of :class:`lakip_xl.io.xlsx.Package`,
    and :func:`lakip_xl.io.reader.read_workbook` refuses our outputs as well.
    """
    try:
        with path.open("rb") as fh:
            if fh.read(2) != b"PK" or not _small_directory(fh):
                return None, None
            with zipfile.ZipFile(fh) as zf:
                parts = [_small_part(zf, n) for n in ("docProps/core.xml", "xl/workbook.xml")]
    except Exception:  # whatever the file is, the audit will say it
        return None, None
    core, workbook = parts
    title, modified = core_fields(core) if core else (None, None)
    return kind_of(title, sheet_names(workbook) if workbook else []), modified


def _small_directory(fh: Any) -> bool:
    """True when the zip's end record declares a central directory small enough to read."""
    size = fh.seek(0, os.SEEK_END)
    fh.seek(max(0, size - (1 << 16) - 22))
    tail = fh.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return False
    entries, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    return bool(entries != 0xFFFF and directory <= _MAX_DIRECTORY)


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_SMALL_PART or info.flag_bits & 0x1:
        return None
    return zf.read(info)
