"""The first look at a workbook file: a regular, readable file whose first bytes are a zip (.xlsx or .ods).

Nothing is opened before the path is known to be a regular file; the message
for a file of another kind (an old .xls, a flat .fods, a CSV) says how to save
it so that it can be read.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from lakip_xl.io.inbox import BROKEN_LINK, LINK_LOOP, special_file
from lakip_xl.model.errors import LakipError, os_reason


def check_file(path: Path) -> None:
    """Refuse a path that is missing, a folder, no regular file, empty, or no zip (with a hint how to save it).

    Nothing is opened before the path is known to be a regular file: a FIFO would block the reader forever.
    """
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LakipError(f"Berkas {path.name}: {LINK_LOOP}") from exc
        if path.is_symlink():
            raise LakipError(f"Berkas {path.name}: {BROKEN_LINK}") from exc
        raise LakipError(f"Berkas tidak ditemukan: {path}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise LakipError(f"{path} adalah folder, bukan berkas .xlsx")
    if not stat.S_ISREG(st.st_mode):
        raise LakipError(f"Berkas {path.name}: {special_file(st)}")
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:  # no permission to read it, an I/O error: the system's own text is English
        raise LakipError(f"Berkas {path.name} tidak dapat dibuka: {os_reason(exc)}") from exc
    if not head:
        raise LakipError(f"Berkas {path.name} kosong")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise LakipError(
            f"Berkas {path.name} adalah .xls lama atau workbook berkata sandi; buka di Excel/LibreOffice, "
            "hapus kata sandinya, lalu simpan sebagai .xlsx atau .ods"
        )
    if b"opendocument:xmlns:office" in head or b"<office:document" in head:
        raise LakipError(
            f"Berkas {path.name} adalah lembar kerja OpenDocument datar (.fods, XML tanpa zip); buka di "
            "LibreOffice lalu simpan sebagai .ods atau .xlsx"
        )
    if not head.startswith(b"PK"):
        hint = " (CSV)" if path.suffix.lower() == ".csv" else ""
        raise LakipError(
            f"Berkas {path.name}{hint} bukan workbook .xlsx; buka di Excel/LibreOffice lalu simpan sebagai .xlsx"
        )
