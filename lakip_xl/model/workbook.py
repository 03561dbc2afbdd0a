"""What a workbook holds once read: typed values per table, and where they stand.

:class:`TableData` is the typed values of one table (data rows and the Jumlah
line); :class:`Placement` records the sheet cells they came from, so findings
can name them. The reader and the JSON interchange produce these; everything
after them only reads them.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from lakip_xl.model.dates import Dated
from lakip_xl.model.rowstore import CellSet
from lakip_xl.model.spec import RowData, TableSpec

RowRef = int | str  # a data row index, or "total"

UnreadReason = Literal["below", "end_row", "column", "row", "again"]


@dataclass(frozen=True)
class Unread:
    """A block of cells that hold data the reader did not read (0-based positions).

    Attributes:
        reason: ``below``: under the table's end (the end mark or the Jumlah
            line); ``end_row``: on that line, beside what it holds;
            ``column``: from the first data row to the end line, under a
            header that is not one of the table's (right of the table,
            inserted or renamed); ``row``: a row of a fixed-row table whose
            kode is none of the table's rows; ``again``: a second row with the kode of a
            fixed row already read (the first is read).
        first: (row, col) of the block's top-left cell.
        last: (row, col) of its bottom-right cell.
        detail: The column's header (``column``) or the row's kode (``row``, ``again``); else "".
    """

    reason: UnreadReason
    first: tuple[int, int]
    last: tuple[int, int]
    detail: str = ""


@dataclass
class Placement:
    """Where a table's values stand in a workbook (0-based rows and columns).

    Attributes:
        sheet: The sheet the table was read from.
        rows: Sheet row of each data row.
        total: Sheet row of the Jumlah line, if any.
        columns: Sheet column of each column key found.
        cached: Sheet cells (row, col) whose value is a formula's cached result.
        uncached: Cells holding a formula with no cached value.
        errors: Error values (#REF!, #DIV/0!) found in cells.
        bad: Cells whose content does not fit the column (kept as text).
        external: Cells whose formula refers to another workbook.
        merged: Merged ranges (A1:B2) that reach into the data rows.
        unread: Cells holding data outside what the table reads.
        duplicates: Other sheets carrying the same table (same title in A1), not read.
        as_text: Input cells holding a number typed as text (the reader reads the number;
            the sheet's SUM and N() see nothing there).
        as_percent: Input cells in a percent format, with the value the sheet's formulas
            see (80,96 % is 0.8096 to a formula; the reader reads what is shown, 80.96).
        blank: Cells of a filled row (or the Jumlah line) that may be derived and hold
            neither a value nor a formula (a row inserted without its formulas).
        seen: The kodes of the fixed rows read so far (a second row with one is not read).
        dates: Cells holding a date or time (no table column holds one), as read, or a number in a date
            format that shows no date (``NoDate``: Excel shows ####); kept as shown.
        empty: The fixed rows found with nothing typed (not read as rows): kode -> sheet row.
    """

    sheet: str
    rows: array[int] = field(default_factory=lambda: array("i"))
    total: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    cached: CellSet = field(default_factory=CellSet)
    uncached: set[tuple[RowRef, str]] = field(default_factory=set)
    errors: dict[tuple[RowRef, str], str] = field(default_factory=dict)
    bad: dict[tuple[RowRef, str], str] = field(default_factory=dict)
    external: set[tuple[RowRef, str]] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    as_text: set[tuple[RowRef, str]] = field(default_factory=set)
    as_percent: dict[tuple[RowRef, str], Decimal] = field(default_factory=dict)
    blank: set[tuple[RowRef, str]] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    dates: dict[tuple[RowRef, str], Dated] = field(default_factory=dict)
    empty: dict[str, int] = field(default_factory=dict)

    def from_formula(self, ref: RowRef, key: str) -> bool:
        """True when the cell's value is the cached result of a formula."""
        pos = self.cell(ref, key)
        return pos is not None and pos in self.cached

    def cell(self, ref: RowRef, key: str) -> tuple[int, int] | None:
        """0-based (row, col) of a cell, when known."""
        col = self.columns.get(key)
        row = self.total if ref == "total" else self.rows[ref] if isinstance(ref, int) else None
        if col is None or row is None:
            return None
        return row, col


@dataclass
class TableData:
    """Typed values of one table: data rows, and the Jumlah line if any.

    A dropdown (ENUM) value is held as its canonical choice (see
    :func:`lakip_xl.model.compare.canonical_choice`), so consumers compare it exactly.
    ``source`` is the note printed in the sheet (``Sumber data: ...``);
    ``transcription`` is a developer's note on how the data was transcribed,
    kept in the JSON interchange only (never written into a workbook).
    """

    rows: Sequence[RowData] = field(default_factory=list)
    total: RowData | None = None
    source: str = ""
    placement: Placement | None = None
    transcription: str = ""


WorkbookData = dict[str, TableData]


def is_filled(spec: TableSpec, tdata: TableData | None) -> bool:
    """True when the unit typed anything into the table beyond what the template prints.

    Structure does not count: the Tingkat of a budget row, the kode and label of
    a fixed row, a value the template pre-fills (a default row, a fixed row's
    default) and derived cells. An absent table is not filled.
    """
    if tdata is None:
        return False
    skip = {spec.hierarchy.level_key} if spec.hierarchy else set()
    if spec.fixed_rows is not None:
        skip |= {"kode", "uraian"}
    defaults = {fixed.key: fixed.default for fixed in spec.fixed_rows or ()}
    for i, row in enumerate(tdata.rows):
        template = spec.default_rows[i] if i < len(spec.default_rows) else {}
        for key, value in row.items():
            if value is None or value == "" or key in skip or spec.is_derived_at(row, key):
                continue
            if value == template.get(key) or (key == "nilai" and value == defaults.get(str(row.get("kode")))):
                continue
            return True
    return False
