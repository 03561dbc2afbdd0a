"""Years: a workbook's report year, the year a row names ("Tahun N-1", "2024"), a unit's name as matched.

Pure helpers shared by the roll-forward and the year-over-year check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from lakip_xl.model.compare import fold_spaces
from lakip_xl.model.layout import FIRST_DATA_ROW, a1
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID
from lakip_xl.tables.identitas import YEARS

_YEAR = re.compile(r"(?<!\d)(2\d{3})(?!\d)")
_RELATIVE = re.compile(r"(?<![0-9a-z])n\s*(?:-\s*(\d))?(?![0-9a-z])", re.IGNORECASE)


def as_year(value: Value) -> int | None:
    """A report year typed in a cell (2024, "2024", 2024.0), or None when it is not one."""
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            return None
        value = int(value)
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            return None
        value = int(value)
    if isinstance(value, int) and YEARS[0] <= value <= YEARS[1]:
        return value
    return None


def identitas(data: Mapping[str, TableData], kode: str) -> Value:
    """The value of an Identitas row (unit, tahun, renstra_awal ...), None when absent."""
    ident = data.get("identitas")
    for row in ident.rows if ident else ():
        if row.get("kode") == kode:
            return row.get("nilai")
    return None


def report_year(data: Mapping[str, TableData]) -> int | None:
    """The report year of a workbook (Identitas ``tahun``), None when not a year."""
    return as_year(identitas(data, "tahun"))


def year_place(data: Mapping[str, TableData]) -> tuple[str, str]:
    """Where a workbook's report year is typed: (sheet, A1 cell), for a message."""
    spec = BY_ID["identitas"]
    ident = data.get("identitas")
    place = ident.placement if ident else None
    row = next((i for i, f in enumerate(spec.fixed_rows or ()) if f.key == "tahun"), 0)
    if place is not None:
        rows = ident.rows if ident else ()
        found = next((i for i, r in enumerate(rows) if r.get("kode") == "tahun"), None)
        cell = place.cell(found, "nilai") if found is not None else None
        if cell is not None:
            return place.sheet, a1(*cell)
    return spec.sheet, a1(FIRST_DATA_ROW + row, spec.col_index("nilai"))


def unit_key(name: Value) -> str:
    """A unit's name as the rekap matches it across years: case and runs of spaces aside."""
    return fold_spaces(name)


def year_of(label: Value, report: int) -> int | None:
    """The year a row label names, in a report of year ``report``.

    "2024", "Tahun 2024", "TA 2024" name 2024; "Tahun N", "N" name ``report``;
    "Tahun N-1", "N - 2" name the years before it. Anything else names none.
    """
    if label is None:
        return None
    text = str(label)
    found = _YEAR.search(text)
    if found:
        return int(found.group(1))
    relative = _RELATIVE.search(text)
    if relative:
        return report - int(relative.group(1) or 0)
    return None


def moved(label: Value, years: int) -> Value:
    """A row label moved on by ``years``: a written year ("2024") moves, a relative one ("Tahun N-1") stays."""
    if not isinstance(label, str):
        year = as_year(label)
        return year + years if year is not None else label
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), label)
