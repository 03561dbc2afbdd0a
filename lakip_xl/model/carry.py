"""What a table carries from one year's workbook to the next: declared here, read by ``lakip_xl.cycle``.

A table's spec says which of its columns next year's workbook takes from
this year's (:class:`Carry`), and each column that restates a value of last
year says which (``Column.last_year``); a Renstra target says so
(``Column.renstra``). The roll-forward (``template --dari``) and the
year-over-year check (``audit --tahun-lalu``) read these declarations only,
so a new table gets both by declaration.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Carry:
    """What next year's workbook takes from this table of last year's (``template --dari``).

    The roll-forward and ``audit --tahun-lalu`` read only this and the columns'
    ``last_year`` and ``renstra``; neither names a column of its own.

    Attributes:
        keep: Columns copied as typed, on every row: names, codes, levels, Renstra targets (the
            structure); this year's figures stay blank, their formulas live.
        whole: Every typed cell is copied (Identitas, Parameter, scales, the Renstra tables).
        match: The column naming a row: the two years' rows are paired by it, with the audit's
            name tolerance (``audit.match``), never by position; within a level where the table has levels.
        years: The column naming a row's year ("Tahun N-1", "2024"): rows are paired by the year they
            name; the roll-forward moves a written year on.
        rule: Rule code of a ``last_year`` column differing from last year's value.
    """

    keep: tuple[str, ...] = ()
    whole: bool = False
    match: str = ""
    years: str = ""
    rule: str = ""
