"""Excel references handed to a column's formula template.

A formula template is a function ``Refs -> str``; :class:`Refs` turns column
keys into A1 references on the row being written, so specs never hard-code a
cell address.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lakip_xl.model.layout import FIRST_DATA_ROW, HEADER_ROW, a1, col_letter, quote_sheet, whole_column
from lakip_xl.model.spec import TableSpec


def mean_if(values: str, levels: str, criterion: str, places: int) -> str:
    """Excel for the mean of the numbers of ``values`` on the rows whose ``levels`` cell meets ``criterion``.

    Rounded to ``places``; empty when no such row holds a number. Text (n/a) and
    empty cells are left out of the sum (SUMIFS skips them) and of the count: two
    COUNTIFS with numeric criteria count numbers only. (An array SUMPRODUCT of
    ISNUMBER would do as well in Excel, but LibreOffice returns no value for it
    over cells whose own formulas range over themselves, as a parent row's do.)
    The twin is :func:`lakip_xl.model.numbers.mean_values`.
    """
    count = f'(COUNTIFS({levels},"{criterion}",{values},">=0")+COUNTIFS({levels},"{criterion}",{values},"<0"))'
    return f'IF({count}=0,"",ROUND(SUMIFS({values},{levels},"{criterion}")/{count},{places}))'


@dataclass
class Refs:
    """References available to the formula of one cell.

    Attributes:
        spec: The table being written.
        row: 0-based row of the cell.
        total_row: 0-based row of the Jumlah line, if the table has one.
        fixed_rows: 0-based row of each fixed row key.
        stops: For a hierarchy parent, the levels whose next row closes its group: its own level and every
            outer one (a Kegiatan's group ends at the next Kegiatan, Program or Unit).
        child_level: Level name of this row's direct children.
        sheet_of: Maps a table id to its sheet name (cross-sheet refs).
        spec_of: Maps a table id to its spec.
        end_row: 0-based row that ends the table: its Jumlah line or its end mark.
    """

    spec: TableSpec
    row: int
    total_row: int | None
    fixed_rows: dict[str, int]
    stops: tuple[str, ...] | None
    child_level: str | None
    sheet_of: Callable[[str], str]
    spec_of: Callable[[str], TableSpec]
    end_row: int | None = None

    def cell(self, key: str) -> str:
        """Relative reference to column ``key`` on this row."""
        return a1(self.row, self.spec.col_index(key))

    def cells(self, keys: Sequence[str]) -> str:
        """Comma-separated references to several columns on this row."""
        return ",".join(self.cell(k) for k in keys)

    def total(self, key: str) -> str:
        """Absolute reference to column ``key`` on the Jumlah line."""
        if self.total_row is None:
            raise KeyError(f"{self.spec.id} has no total row")
        return a1(self.total_row, self.spec.col_index(key), absolute=True)

    def span(self, key: str) -> str:
        """Range of column ``key`` from the header down to the row above.

        Used on the Jumlah line: ``C4:INDEX(C:C,ROW()-1)`` still covers a row
        inserted anywhere above the Jumlah line.
        """
        letter = col_letter(self.spec.col_index(key))
        return f"{letter}{HEADER_ROW + 1}:INDEX({letter}:{letter},ROW()-1)"

    def at(self, row_key: str, key: str) -> str:
        """Absolute reference to column ``key`` of the fixed row ``row_key``."""
        return a1(self.fixed_rows[row_key], self.spec.col_index(key), absolute=True)

    def children(self, key: str) -> str:
        """SUMIFS of column ``key`` over this row's direct children (ranges: :meth:`_group`)."""
        values, levels, child = self._group(key)
        return f'SUMIFS({values},{levels},"{child}")'

    def children_mean(self, key: str) -> str:
        """Mean of the numbers of column ``key`` over this row's direct children, rounded to its decimals.

        Text (n/a) and empty cells are left out of both the sum and the count;
        with no number at all the cell is empty, as :func:`mean_values` gives None.
        """
        values, levels, child = self._group(key)
        return mean_if(values, levels, child, self.spec.column(key).places)

    def _group(self, key: str) -> tuple[str, str, str]:
        """Ranges of column ``key`` and of the level column over this row's group, and the child level.

        The group is found by the spreadsheet itself, not fixed when the
        template is written: it runs from the row below this one to the first
        row below whose level is this row's own or an outer one (:attr:`stops`),
        or to the end of the table. A Kegiatan added by staff anywhere (rows
        inserted and copied, or typed into empty inserted rows) closes the
        group of the Kegiatan above it, so no parent ever sums another
        group's rows. The closing row is inside the range, harmlessly: its
        level is never the child level.

        Each reference starts at ``INDEX(D:D,ROW()+1)``, which stays the row
        below even when a row is inserted right there, and never holds the
        cell itself (a range holding its own cell is a circular reference in
        Excel; ``INDEX`` over the whole column is not, as Microsoft's KB Q73586
        running total shows). Only MATCH, IFERROR, MIN, ROWS, INDEX and SUMIFS
        are used: no array formula, the same in Excel, LibreOffice and WPS.
        """
        if self.stops is None or self.child_level is None or self.spec.hierarchy is None:
            raise KeyError(f"{self.spec.id}: no children at row {self.row}")
        levels = self._column(self.spec.hierarchy.level_key)
        search = f"INDEX({levels},ROW()+1):{self._table_end()}"
        misses = f"ROWS({search})"
        ends = [f'IFERROR(MATCH("{level}",{search},0),{misses})' for level in self.stops]
        size = ends[0] if len(ends) == 1 else f"MIN({','.join(ends)})"
        return self._rows(key, size), self._rows(self.spec.hierarchy.level_key, size), self.child_level

    def _column(self, key: str) -> str:
        letter = col_letter(self.spec.col_index(key))
        return f"{letter}:{letter}"

    def _rows(self, key: str, size: str) -> str:
        """Column ``key`` from the row below this one over ``size`` rows."""
        column = self._column(key)
        return f"INDEX({column},ROW()+1):INDEX({column},ROW()+{size})"

    def _table_end(self) -> str:
        """The level column's last row a group may reach: above the Jumlah line, or the end mark's row.

        A Jumlah line is found from its label (a constant), since it sums this
        row; the end mark row holds no level and no number. Both references are
        absolute: a row inserted above moves them (as it moves every
        reference), and a parent row copied elsewhere, as the Petunjuk asks,
        still ends at the table's end instead of a row shifted with the copy.
        """
        assert self.spec.hierarchy is not None
        level_col = self.spec.col_index(self.spec.hierarchy.level_key)
        if self.spec.total is not None and self.total_row is not None:
            label = a1(self.total_row, self.spec.col_index(self.spec.total.label_key), absolute=True)
            return f"INDEX({self._column(self.spec.hierarchy.level_key)},ROW({label})-1)"
        if self.end_row is None:
            raise KeyError(f"{self.spec.id}: the table's end row is unknown")
        return a1(self.end_row, level_col, absolute=True)

    def fixed_range(self, table_id: str, key: str) -> str:
        """Absolute range of column ``key`` over the fixed rows of a table."""
        spec = self.spec_of(table_id)
        count = len(spec.fixed_rows or ())
        col = spec.col_index(key)
        first = a1(FIRST_DATA_ROW, col, absolute=True)
        last = a1(FIRST_DATA_ROW + count - 1, col, absolute=True)
        return f"{quote_sheet(self.sheet_of(table_id))}!{first}:{last}"

    def scale_range(self, table_id: str, key: str, rows: int) -> str:
        """Absolute range of column ``key`` over the first ``rows`` data rows of another table."""
        col = self.spec_of(table_id).col_index(key)
        first = a1(FIRST_DATA_ROW, col, absolute=True)
        last = a1(FIRST_DATA_ROW + rows - 1, col, absolute=True)
        return f"{quote_sheet(self.sheet_of(table_id))}!{first}:{last}"

    def column_of(self, table_id: str, key: str) -> str:
        """Whole-column reference to ``key`` of another table's sheet."""
        return whole_column(self.sheet_of(table_id), self.spec_of(table_id).col_index(key))
