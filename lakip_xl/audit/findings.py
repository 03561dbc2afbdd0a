"""Findings as data: one record per discrepancy, rendered by every output.

The console table, the JSON file and the report workbook all render the same
:class:`Finding` objects; none of them computes anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from lakip_xl.model.spec import Value


class Severity(Enum):
    """How bad a finding is; only errors make the audit exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        """Bahasa Indonesia label."""
        return {"error": "galat", "warning": "peringatan", "info": "info"}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value stands: table, sheet, cell (A1) and row label."""

    table: str
    sheet: str
    cell: str | None = None
    label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"table": self.table, "sheet": self.sheet, "cell": self.cell, "label": self.label}


@dataclass(frozen=True, slots=True)
class Finding:
    """One discrepancy.

    Attributes:
        rule: Stable rule code (documented in docs/rules.md).
        severity: error, warning or info.
        where: Location of the cell the finding is about.
        message: Bahasa Indonesia explanation.
        recorded: The value found in the workbook (decimal string), if any.
        expected: The value the tool computes, if any.
        difference: recorded - expected, when both are numbers.
        related: Other locations involved (cross-table rules).
        column: The column key the finding is about (for renderers).
        table_id: The table spec id (for renderers; not in the JSON).
        ref: The data row index, or "total" (for renderers; not in the JSON).
        cells: Further cells of the same table the finding is about, as (row, column key), each also one of
            ``related`` (for renderers, which mark them as the finding's own cell; not in the JSON).
    """

    rule: str
    severity: Severity
    where: Location
    message: str
    recorded: str | None = None
    expected: str | None = None
    difference: str | None = None
    related: tuple[Location, ...] = field(default=())
    column: str | None = None
    table_id: str | None = None
    ref: int | str | None = None
    cells: tuple[tuple[int | str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON form (stable key order)."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "table": self.where.table,
            "sheet": self.where.sheet,
            "cell": self.where.cell,
            "label": self.where.label,
            "recorded": self.recorded,
            "expected": self.expected,
            "difference": self.difference,
            "message": self.message,
            "related": [r.as_dict() for r in self.related],
        }

    def sort_key(self) -> tuple[Any, ...]:
        """Sort by severity, then table order, sheet row and column."""
        return (self.severity.rank, _table_order(self.where.table), _cell_order(self.where.cell), self.rule)


def _table_order(table: str) -> tuple[int, ...]:
    parts = table.split(".")
    if all(p.isdigit() for p in parts):
        return (0, *(int(p) for p in parts))
    return (1, sum(ord(ch) for ch in table))


def _cell_order(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    digits = "".join(ch for ch in cell if ch.isdigit())
    letters = "".join(ch for ch in cell if ch.isalpha())
    return (int(digits or 0), letters.rjust(3))


def table_name(table: str) -> str:
    """A table as the report numbers it: "Tabel 3.19", "Tabel 3", "SKM (3.2)", "Penutup"."""
    return f"Tabel {table}" if table[:1].isdigit() else table


def text(value: Value) -> str | None:
    """A value as the decimal/plain string findings carry."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def difference(recorded: Value, expected: Value) -> str | None:
    """Recorded - expected as a decimal string, when both are numbers."""
    if isinstance(recorded, int | Decimal) and isinstance(expected, int | Decimal):
        return format(Decimal(recorded) - Decimal(expected), "f")
    return None


def cell_ranges(cells: Iterable[str]) -> str:
    """A1 cells written compactly, column by column: "H5:H8, H10, J5:J6"."""
    rows: dict[str, list[int]] = {}
    for cell in cells:
        letters = "".join(ch for ch in cell if ch.isalpha())
        rows.setdefault(letters, []).append(int("".join(ch for ch in cell if ch.isdigit())))
    parts: list[str] = []
    for letters in sorted(rows, key=lambda c: (len(c), c)):
        numbers = sorted(set(rows[letters]))
        start = prev = numbers[0]
        for n in [*numbers[1:], None]:
            if n is not None and n == prev + 1:
                prev = n
                continue
            parts.append(f"{letters}{start}" if start == prev else f"{letters}{start}:{letters}{prev}")
            if n is not None:
                start = prev = n
    return ", ".join(parts)
