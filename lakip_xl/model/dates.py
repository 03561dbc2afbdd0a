"""Dates and times found where a LAKIP table holds numbers or text.

No column of a LAKIP table holds a date. A date in a cell is one of two
mistakes: a number in a cell formatted as a date (45 shows as 14-02-1900), or
text such as a kode ``1.02`` that Excel turned into a date as it was typed.
Neither is converted silently: the reader keeps what the cell shows and the
audit says which mistake it is (``SEL.TANGGAL``). These helpers give what the
cell shows, the number Excel holds, and the two explanations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lakip_xl.model.numbers import id_number

DATE_TYPES = frozenset({dt.date, dt.datetime, dt.time, dt.timedelta})
_EPOCH = dt.datetime(1899, 12, 30)
_LEAP_BUG = dt.datetime(1900, 3, 1)  # Excel counts a 29 February 1900: serials below 61 are one day further
NO_DATE_FROM = 2_958_466  # the serial of 01-01-10000: from there on Excel shows no date, only ####
HASHES = "########"


@dataclass(frozen=True, slots=True)
class NoDate:
    """A number in a date-formatted cell that no date shows: past 31-12-9999, Excel fills the cell with ####.

    Attributes:
        number: The number the cell holds.
    """

    number: float


Dated = dt.date | dt.time | dt.timedelta | NoDate
"""What the reader keeps of a cell whose format is a date or a time."""


def no_date(raw: float) -> bool:
    """True for a number a date format cannot show (past 31-12-9999): the cell shows ####."""
    return raw >= NO_DATE_FROM


def is_date(raw: object) -> bool:
    """True for a date, datetime, time or duration read from a cell."""
    return raw.__class__ in DATE_TYPES


def shown(raw: Dated) -> str:
    """The date or time as an Indonesian spreadsheet shows it: 01-02-2024, 01-02-2024 08:30, 08:30, ########."""
    if isinstance(raw, NoDate):
        return HASHES
    if isinstance(raw, dt.timedelta):
        minutes = int(raw.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M:%S" if raw.second else "%H:%M")
    day = f"{raw.day:02d}-{raw.month:02d}-{raw.year:04d}"
    if isinstance(raw, dt.datetime) and raw.time() != dt.time(0):
        return f"{day} {raw.strftime('%H:%M')}"
    return day


def serial(raw: Dated) -> Decimal:
    """The number the cell holds (Excel's 1900 date system), to 4 decimals."""
    if isinstance(raw, NoDate):
        return Decimal(repr(raw.number)).quantize(Decimal("0.0001")).normalize()
    if isinstance(raw, dt.timedelta):
        days = raw.total_seconds() / 86400
    elif isinstance(raw, dt.time):
        days = (raw.hour * 3600 + raw.minute * 60 + raw.second) / 86400
    else:
        moment = raw if isinstance(raw, dt.datetime) else dt.datetime(raw.year, raw.month, raw.day)
        days = (moment - _EPOCH).total_seconds() / 86400 - (1 if moment < _LEAP_BUG else 0)
    return Decimal(str(round(days, 4))).normalize()


def in_number_column(raw: Dated, header: str) -> str:
    """Why a date in a number column is a cell-format problem, and how to fix it."""
    why = ", terlalu besar untuk tanggal: tanggal terakhir 31-12-9999" if isinstance(raw, NoDate) else ""
    return (
        f"Sel berformat tanggal/waktu: isinya tampil sebagai {shown(raw)} (angka {id_number(serial(raw))}{why}). "
        f"Kolom '{header}' berisi angka: ubah format sel menjadi Angka (klik kanan sel > Format Sel "
        "> Angka; Format Cells > Number), lalu periksa atau ketik ulang nilainya"
    )


def in_text_column(raw: Dated, header: str) -> str:
    """Why a date in a text column is suspect (a kode 1.02 turned into a date), and how to fix it."""
    guess = ""
    if isinstance(raw, dt.date):
        guess = f" (mungkin yang diketik {raw.day}.{raw.month:02d} atau {raw.day}/{raw.month})"
    return (
        f"Sel di kolom teks '{header}' berisi tanggal/waktu {shown(raw)}, bukan teks: Excel dan LibreOffice "
        f"mengubah isian seperti 1.02 menjadi tanggal{guess}. Format sel sebagai Teks lalu ketik ulang isinya"
    )


def explain(raw: Any, header: str, text_column: bool) -> str:
    """The explanation for a date read from a cell of a text or a number column."""
    return in_text_column(raw, header) if text_column else in_number_column(raw, header)


def cell_text(raw: object) -> str:
    """A cell's content in a message, never a Python repr: 'teks', TRUE, 12,5, 01-02-2024."""
    if isinstance(raw, str):
        return f"'{raw}'"
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw == raw and abs(raw) != float("inf"):
        return id_number(Decimal(repr(raw)))
    if raw is None or isinstance(raw, int | Decimal):
        return id_number(raw)
    if isinstance(raw, dt.date | dt.time | dt.timedelta | NoDate):
        return shown(raw)
    return str(raw)
