"""Next year's tables from last year's, as the specs declare (``TableSpec.carry``, ``Column.last_year``).

:func:`carry_tables` reads nothing but those declarations: a table without
``carry`` gets the template's rows, a ``whole`` table every typed cell, a
``keep`` table its structure (names, codes, levels, Renstra targets) with this
year's figures blank, and every ``last_year`` column the value of the column
it restates (from the same row, or from the row of the same year where the
table's rows name years). It records, for every cell it fills, the cell of last
year's workbook the value comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lakip_xl.cycle.periods import moved, year_of
from lakip_xl.model.spec import RowData, TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData
from lakip_xl.tables.profiles import specs_for

Cell = tuple[str, RowRef, str]  # (table id, row, column key)


@dataclass
class Carried:
    """What the roll-forward takes from last year's workbook.

    Attributes:
        tables: Next year's tables that carry something (the others are left to the template).
        sources: For every cell filled, the cell of last year's workbook its value comes from
            (rows as the tables of :attr:`tables` number them).
        restated: The cells filled by a ``last_year`` column (values about last year, not structure).
    """

    tables: dict[str, TableData] = field(default_factory=dict)
    sources: dict[Cell, Cell] = field(default_factory=dict)
    restated: set[Cell] = field(default_factory=set)


def carry_tables(data: Mapping[str, TableData], old_year: int, new_year: int) -> Carried:
    """Next year's tables (year ``new_year``) from last year's ``data`` (year ``old_year``).

    ``last_year`` columns are filled only when ``new_year`` follows ``old_year``:
    the year before another year is not in this report.
    """
    out = Carried()
    restate = new_year == old_year + 1
    for spec in specs_for(data):
        tdata = data.get(spec.id)
        if spec.carry is None or tdata is None or not tdata.rows:
            continue
        if spec.carry.years:
            rows = _by_year(spec, tdata.rows, old_year, new_year, out, restate)
        else:
            rows = [_row(spec, i, row, out, restate) for i, row in enumerate(tdata.rows)]
        if any(len(r) > (1 if spec.fixed_rows is not None else 0) for r in rows):
            out.tables[spec.id] = TableData(rows=rows)
    return out


def _keys(spec: TableSpec, row: Mapping[str, Value]) -> list[str]:
    """The columns a row carries as typed: every typed one of a ``whole`` table, else the ``keep`` columns."""
    assert spec.carry is not None
    if spec.carry.whole:
        return [key for key in row if key != "kode" and not spec.is_derived_at(row, key)]
    return [key for key in spec.carry.keep if key in row]


def _row(spec: TableSpec, index: int, row: RowData, out: Carried, restate: bool) -> dict[str, Value]:
    """One row of a table carried row by row: its kept columns, and its columns about last year."""
    new: dict[str, Value] = {"kode": row["kode"]} if spec.fixed_rows is not None and "kode" in row else {}
    for key in _keys(spec, row):
        if row.get(key) is not None:
            new[key] = row[key]
            out.sources[(spec.id, index, key)] = (spec.id, index, key)
    if restate:
        for col in spec.columns:
            if col.last_year and row.get(col.last_year) is not None:
                new[col.key] = row[col.last_year]
                out.sources[(spec.id, index, col.key)] = (spec.id, index, col.last_year)
                out.restated.add((spec.id, index, col.key))
    return new


def _by_year(
    spec: TableSpec, old: Sequence[RowData], old_year: int, new_year: int, out: Carried, restate: bool
) -> list[dict[str, Value]]:
    """Rows naming years: each row's label moved on, its ``last_year`` columns from the row of the same year."""
    assert spec.carry is not None
    label_key = spec.carry.years
    by_year: dict[int, int] = {}
    for j, row in enumerate(old):
        year = year_of(row.get(label_key), old_year)
        if year is not None:
            by_year.setdefault(year, j)
    new_rows: list[dict[str, Value]] = []
    for i, row in enumerate(old):
        new: dict[str, Value] = {}
        for key in _keys(spec, row):
            if row.get(key) is not None:
                new[key] = moved(row[key], new_year - old_year) if key == label_key else row[key]
                out.sources[(spec.id, i, key)] = (spec.id, i, key)
        year = year_of(new.get(label_key), new_year)
        source = by_year.get(year) if year is not None and year <= old_year else None
        if restate and source is not None:
            for col in spec.columns:
                value = old[source].get(col.last_year) if col.last_year else None
                if value is not None:
                    new[col.key] = value
                    out.sources[(spec.id, i, col.key)] = (spec.id, source, col.last_year)
                    out.restated.add((spec.id, i, col.key))
        new_rows.append(new)
    return new_rows
