"""What a comparison of two submissions found: changed cells, added and removed rows, findings moved on.

:class:`DiffResult` is what every rendering of a diff (console, JSON, workbook)
reads; none of them compares anything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Finding, text
from lakip_xl.diff.side import FORMULA, Formula, Side, State
from lakip_xl.model.spec import Kind as CellKind
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import RowRef
from lakip_xl.tables import BY_ID

Kind = Literal["changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the old and the new submission.

    Attributes:
        kind: ``changed`` (a cell), ``added`` or ``removed`` (a whole row).
        table_id: The table spec.
        table: The seed table number the row belongs to (as findings name it, e.g. "3.5").
        sheet: The sheet, in the new submission (in the old one for a removed row).
        row_label: The text naming the row (its uraian, indikator ...).
        column: The column key (None for a whole row).
        cell_old: ``Sheet!A1`` of the cell (of the row's label cell for a row) in the old submission.
        cell_new: The same in the new submission.
        old: The old state of the cell (None for an added row).
        new: The new state of the cell (None for a removed row).
        ref_old: The row in the old submission's data ("total" for the Jumlah line).
        ref_new: The row in the new submission's data.
        values: For an added or removed row, its typed cells (column key, value) in column order.
        cell_kind: What the changed cell holds (a fixed row may override its column's kind: a year).
    """

    kind: Kind
    table_id: str
    table: str
    sheet: str
    row_label: str | None
    column: str | None
    cell_old: str | None
    cell_new: str | None
    old: State = None
    new: State = None
    ref_old: RowRef | None = None
    ref_new: RowRef | None = None
    values: tuple[tuple[str, Value], ...] = ()
    cell_kind: CellKind | None = None

    @property
    def header(self) -> str | None:
        """The column's header as the sheet prints it."""
        return BY_ID[self.table_id].column(self.column).header if self.column else None

    def as_dict(self) -> dict[str, Any]:
        """JSON form (docs/schema/diff.schema.json, stable key order)."""
        spec = BY_ID[self.table_id]
        row = {spec.column(k).header: text(v) for k, v in self.values}
        return {
            "kind": self.kind,
            "table": self.table,
            "sheet": self.sheet,
            "row_label": self.row_label,
            "column": self.header,
            "cell_old": self.cell_old,
            "cell_new": self.cell_new,
            "old": row if self.kind == "removed" else _json(self.old),
            "new": row if self.kind == "added" else _json(self.new),
            "old_formula": self.old is FORMULA,
            "new_formula": self.new is FORMULA,
        }


def _json(state: State) -> str | None:
    return None if isinstance(state, Formula) else text(state)


@dataclass(frozen=True, slots=True)
class TableCount:
    """The changes of one table (one sheet)."""

    table_id: str
    changed: int
    added: int
    removed: int

    @property
    def label(self) -> str:
        """The seed table number(s) of the sheet."""
        return BY_ID[self.table_id].seed

    @property
    def sheet(self) -> str:
        """The sheet's name in the template."""
        return BY_ID[self.table_id].sheet

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "table": self.label,
            "sheet": self.sheet,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
        }


Pair = tuple[RowRef | None, RowRef | None]
"""A row of the old submission and the row of the new one it was matched with (None: no such row)."""


@dataclass
class DiffResult:
    """Two submissions of one unit compared.

    Attributes:
        old: The audit of the old submission (its data is what was compared).
        new: The audit of the new submission.
        changes: Every change, table by table in workbook order, rows in the order of the new submission.
        tables: The tables with a change, with their counts.
        rows: For each table with a change, its rows matched, in display order.
        sides: For each table with a change, the old and the new submission's table.
        resolved: Findings of the old submission that the new one no longer has.
        new_findings: Findings of the new submission that the old one did not have.
        still_open: Findings of the new submission that the old one had too.
        notes: Warnings about the pair (another unit, another year), in Bahasa Indonesia.
    """

    old: AuditResult
    new: AuditResult
    changes: list[Change] = field(default_factory=list)
    tables: list[TableCount] = field(default_factory=list)
    rows: dict[str, list[Pair]] = field(default_factory=dict)
    sides: dict[str, tuple[Side, Side]] = field(default_factory=dict)
    resolved: list[Finding] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)
    still_open: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: Kind) -> int:
        """Number of changes of one kind."""
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def differs(self) -> bool:
        """True when a typed cell changed, a row was added or removed, or the findings differ."""
        return bool(self.changes or self.resolved or self.new_findings)

    @property
    def exit_code(self) -> int:
        """As diff(1): 0 when nothing differs, 1 when something does."""
        return 1 if self.differs else 0
