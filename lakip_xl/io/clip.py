"""Reading a sheet's values within its table area only, and calamine's rows made safe to stream.

python-calamine holds a sheet's values as one grid from A1 to its last cell:
a single cell typed in XFD1048576 would ask for a grid of 17 billion cells
(the process aborts) and one in A1048576 for a million rows. When the scan
found cells beyond the table area (:class:`lakip_xl.io.sheetxml.Area`), the
values are read from an in-memory copy of the package where that sheet lacks
them; the reader reports them from the scan as data outside the table.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from lakip_xl.io.sheetcopy import known_errors_only
from lakip_xl.io.sheetxml import MAIN, Area, Marks, is_date_format, without_far_cells
from lakip_xl.model.errors import LakipError
from lakip_xl.model.layout import a1

EMPTY_SHEET = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="' + MAIN + b'"><sheetData/></worksheet>'
TOO_BIG_FOR_TIME = (
    "Sel berformat waktu/durasi berisi angka yang terlalu besar untuk waktu (tampil sebagai ####); ubah format "
    "sel menjadi Angka (klik kanan sel > Format Sel > Angka; Format Cells > Number), lalu periksa atau ketik ulang "
    "nilainya"
)


def clipped_sheet(package: zipfile.ZipFile, sheets: dict[str, str], name: str, area: Area) -> Any:
    """The calamine sheet ``name`` read from a copy of ``package`` without its cells beyond ``area``.

    The copy holds that sheet's XML (cut, and with the error values calamine does
    not know made #N/A) and empty XML for the other sheets: calamine reads a sheet's
    part only when asked for it.

    Args:
        package: The workbook's zip.
        sheets: Sheet name -> part name.
        name: The sheet to read.
        area: The table area.
    """
    import python_calamine

    part, others = sheets[name], set(sheets.values()) - {sheets[name]}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
        for info in package.infolist():
            if info.filename in others:
                data = EMPTY_SHEET
            else:
                data = package.read(info)
                if info.filename == part:
                    data = known_errors_only(without_far_cells(data, area))
            copy.writestr(info.filename, data)
    out.seek(0)
    return python_calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name(name)


def guarded(rows: Iterator[list[Any]], marks: Marks, sheet: str) -> Iterator[list[Any]]:
    """The rows of a calamine sheet, one by one; a duration too long for a time (1e15 in an [h]:mm cell) is one line.

    python-calamine raises OverflowError for the whole row: the message names the
    row's time-formatted cell when the scan noted one.
    """
    r = 0
    while True:
        try:
            line = next(rows)
        except StopIteration:
            return
        except OverflowError as exc:
            timed = sorted(k for k in marks.formats if k >> 14 == r and is_date_format(marks.formats[k]))
            cell = a1(r, timed[0] & 0x3FFF) if timed else None
            message = TOO_BIG_FOR_TIME if cell else f"Baris {r + 1}: {TOO_BIG_FOR_TIME}"
            raise LakipError(message, sheet, cell) from exc
        yield line
        r += 1
