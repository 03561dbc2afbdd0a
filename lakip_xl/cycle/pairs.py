"""Pairing the rows of one table in two years' workbooks, as its ``Carry`` declares.

Rows naming an indicator are paired by that name with the tolerance of the
audit's cross-table rules (:func:`lakip_xl.audit.match.assign`), within a
level where the table has levels, never by position; rows naming a year are
paired by the year they name.
"""

from __future__ import annotations

from collections.abc import Sequence

from lakip_xl.audit.match import assign
from lakip_xl.cycle.periods import year_of
from lakip_xl.model.spec import RowData, TableSpec


def pair_rows(
    spec: TableSpec, rows: Sequence[RowData], last_rows: Sequence[RowData], year: int, last_year: int
) -> dict[int, int]:
    """This year's row index -> last year's, for the rows both workbooks have (a table without ``carry``: none)."""
    carry = spec.carry
    if carry is None:
        return {}
    if carry.years:
        return _by_year(carry.years, rows, last_rows, year, last_year)
    if not carry.match:
        return {}
    level = spec.hierarchy.level_key if spec.hierarchy else None
    pairs: dict[int, int] = {}
    for group in {row.get(level) if level else None for row in rows}:
        mine = [i for i, row in enumerate(rows) if row.get(carry.match) and (not level or row.get(level) == group)]
        theirs = [
            j for j, row in enumerate(last_rows) if row.get(carry.match) and (not level or row.get(level) == group)
        ]
        found, _ = assign([str(rows[i][carry.match]) for i in mine], [str(last_rows[j][carry.match]) for j in theirs])
        pairs.update((mine[n], theirs[m]) for n, m in enumerate(found) if m >= 0)
    return pairs


def _by_year(key: str, rows: Sequence[RowData], last_rows: Sequence[RowData], year: int, last: int) -> dict[int, int]:
    """Rows of the same past year (this year's "Tahun N-1" is last year's "Tahun N")."""
    theirs: dict[int, int] = {}
    for j, row in enumerate(last_rows):
        named = year_of(row.get(key), last)
        if named is not None:
            theirs.setdefault(named, j)
    pairs: dict[int, int] = {}
    for i, row in enumerate(rows):
        named = year_of(row.get(key), year)
        if named is not None and named <= last and named in theirs:
            pairs[i] = theirs[named]
    return pairs
