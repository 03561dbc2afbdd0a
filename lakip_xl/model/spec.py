"""Declarative model of a LAKIP table: columns, rows, totals, hierarchy.

A :class:`TableSpec` says everything the template writer, the reader, the
validator and the audit need to know about one table of the report. None of
them re-declares a column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

Value = int | Decimal | str | None
RowData = MutableMapping[str, Value]  # one row of a table: column key -> value


class Kind(Enum):
    """What a column holds; decides the cell format, validation and parsing."""

    TEXT = "text"
    ENUM = "enum"
    COUNT = "count"  # whole number >= 0 (pegawai, responden)
    YEAR = "year"  # a year (2024): a whole number shown without a thousands separator, never 2.024
    MONEY = "money"  # whole rupiah >= 0
    MONEY_SIGNED = "money_signed"  # whole rupiah, may be negative (ABT)
    PERCENT = "percent"  # percent units: 75 means 75 %
    DECIMAL = "decimal"  # a nilai, target or realisasi
    SCORE = "score"  # K3 score 30..90
    NRR = "nrr"  # SKM nilai rata-rata 1..4

    @property
    def is_money(self) -> bool:
        """True for whole-rupiah kinds."""
        return self in (Kind.MONEY, Kind.MONEY_SIGNED)

    @property
    def is_integer(self) -> bool:
        """True for kinds stored as int."""
        return self in (Kind.MONEY, Kind.MONEY_SIGNED, Kind.COUNT, Kind.YEAR)

    @property
    def is_decimal(self) -> bool:
        """True for kinds stored as a decimal string in JSON."""
        return self in (Kind.PERCENT, Kind.DECIMAL, Kind.SCORE, Kind.NRR)

    @property
    def is_text(self) -> bool:
        """True for kinds stored as text."""
        return self in (Kind.TEXT, Kind.ENUM)

    @property
    def is_number(self) -> bool:
        """True for kinds that hold a number."""
        return self.is_integer or self.is_decimal

    @property
    def dash_is_nil(self) -> bool:
        """True where a typed "-" is nihil (0), as Indonesian tables print it: rupiah and counts.

        Elsewhere (percentages, targets, realisasi, NRR, scores) "-" says "not measured", like n/a.
        """
        return self in (Kind.MONEY, Kind.MONEY_SIGNED, Kind.COUNT)


class CellRefs(Protocol):
    """What a formula template may ask for: A1 references around the cell being written.

    The writer's :class:`lakip_xl.model.formulas.Refs` implements it.
    """

    def cell(self, key: str) -> str:
        """Relative reference to column ``key`` on this row."""
        ...

    def cells(self, keys: Sequence[str]) -> str:
        """Comma-separated references to several columns on this row."""
        ...

    def total(self, key: str) -> str:
        """Absolute reference to column ``key`` on the Jumlah line."""
        ...

    def span(self, key: str) -> str:
        """Range of column ``key`` from the header down to the row above."""
        ...

    def at(self, row_key: str, key: str) -> str:
        """Absolute reference to column ``key`` of the fixed row ``row_key``."""
        ...

    def children(self, key: str) -> str:
        """Sum of column ``key`` over this row's direct children."""
        ...

    def children_mean(self, key: str) -> str:
        """Mean of the numbers of column ``key`` over this row's direct children (n/a, empty left out)."""
        ...

    def fixed_range(self, table_id: str, key: str) -> str:
        """Absolute range of column ``key`` over the fixed rows of a table."""
        ...

    def scale_range(self, table_id: str, key: str, rows: int) -> str:
        """Absolute range of column ``key`` over the first ``rows`` data rows of another table."""
        ...

    def column_of(self, table_id: str, key: str) -> str:
        """Whole-column reference to ``key`` of another table's sheet."""
        ...


class RowValues(Protocol):
    """What a compute function (a formula's Python twin) may ask for: values around its row.

    The recomputation's :class:`lakip_xl.model.recompute.RowView` implements it.
    """

    def v(self, key: str) -> Value:
        """Effective value of ``key`` on this row."""
        ...

    def d(self, key: str) -> Decimal | None:
        """Effective value of ``key`` on this row, as Decimal."""
        ...

    def total(self, key: str) -> Value:
        """Effective value of ``key`` on the Jumlah line."""
        ...

    def at(self, row_key: str, key: str) -> Value:
        """Effective value of ``key`` on the fixed row ``row_key``."""
        ...

    def column(self, key: str) -> list[Value]:
        """Effective values of ``key`` on every data row of this table."""
        ...

    def children(self, key: str) -> list[Value]:
        """Effective values of ``key`` on the direct children of this row."""
        ...

    def param(self, name: str) -> Value:
        """A parameter's value."""
        ...

    def rows_of(self, table_id: str) -> Sequence[RowData]:
        """Recorded rows of another table."""
        ...

    def effective_of(self, table_id: str, index: int, key: str) -> Value:
        """Effective value of a cell of another table."""
        ...


Formula = Callable[[CellRefs], str]
Compute = Callable[[RowValues], Value]


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes:
        key: Identifier used in JSON and code.
        header: Header text in the workbook (Bahasa Indonesia).
        kind: What the column holds.
        derived: True when the tool recomputes the value.
        formula: Excel formula (without ``=``) for a derived cell of a data row.
        compute: Python twin of ``formula`` on a row's typed inputs.
        choices: Allowed values of an ENUM column (a dropdown).
        width: Column width in characters.
        required: An input that must be filled on every data row.
        help: Input message shown when the cell is selected.
        places: Decimals a derived value is rounded to (and displayed with).
        strict: For ENUM, refuse values off the list (else only warn).
        basis: For a derived column, where its value comes from, said in findings
            (e.g. a mutu read from NRR x 25, not from the IKM cell).
        measure: A measurement (target, realisasi, capaian, NRR) whose derived
            values are "n/a" when it is (capaian, IKM per unsur). Every number
            cell of a report table may hold "n/a" (:attr:`TableSpec.takes_not_measured`).
    """

    key: str
    header: str
    kind: Kind = Kind.TEXT
    derived: bool = False
    formula: Formula | None = None
    compute: Compute | None = None
    choices: tuple[str, ...] = ()
    width: float = 14
    required: bool = False
    help: str = ""
    places: int = 2
    strict: bool = True
    basis: str = ""
    measure: bool = False


@dataclass(frozen=True)
class FixedRow:
    """A row the template prints in advance (a form field or a fixed line).

    Attributes:
        key: Identifier stored in the ``kode`` column.
        label: The row label shown to the user.
        kinds: Per-column kind overrides for this row.
        formulas: Per-column formulas; such a cell is derived on this row.
        computes: Python twins of ``formulas``.
        name: A workbook-level defined name for the row's value cell.
        default: Default value written in the template.
        choices: Dropdown choices for the value cell of this row.
        bounds: Allowed range (inclusive, None = open) of the row's numbers,
            where it is narrower than its kind's (a year, a weight).
        fix: How to type the value right (Bahasa Indonesia), for a finding.
        uses: What the audit checks with the value (Bahasa Indonesia); a
            finding on an unusable value says these are not checked.
    """

    key: str
    label: str
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    formulas: Mapping[str, Formula] = field(default_factory=dict)
    computes: Mapping[str, Compute] = field(default_factory=dict)
    name: str | None = None
    default: Value = None
    choices: tuple[str, ...] = ()
    bounds: tuple[Decimal | None, Decimal | None] | None = None
    fix: str = ""
    uses: str = ""


@dataclass(frozen=True)
class TotalRow:
    """A "Jumlah" line under the data rows, with formulas per column."""

    label: str
    label_key: str
    formulas: Mapping[str, Formula]
    computes: Mapping[str, Compute]


@dataclass(frozen=True)
class Hierarchy:
    """Nesting of rows: unit > program > kegiatan > subkegiatan, sasaran > indikator ...

    A row with rows of an inner level under it is a parent; its ``summed`` and
    ``averaged`` cells are derived from its direct children, whatever the
    column does on other rows.

    Attributes:
        level_key: The column holding the level.
        levels: Level names, outermost first.
        summed: Columns that a parent row sums from its direct children.
        averaged: Columns that a parent row takes as the mean of the numbers of
            its direct children (text such as n/a and empty cells are left out;
            no number at all: empty), rounded to the column's decimals.
    """

    level_key: str
    levels: tuple[str, ...]
    summed: tuple[str, ...]
    averaged: tuple[str, ...] = ()

    def aggregates(self, key: str) -> bool:
        """True when a parent row derives column ``key`` from its children (a sum or a mean)."""
        return key in self.summed or key in self.averaged

    def depth(self, level: str) -> int:
        """Position of ``level`` in :attr:`levels` (0 = outermost)."""
        return self.levels.index(level)

    @property
    def leaf(self) -> str:
        """The innermost level."""
        return self.levels[-1]


@dataclass(frozen=True)
class TableSpec:
    """Everything about one table of the LAKIP workbook.

    Attributes:
        id: Identifier, also the key in the JSON interchange.
        seed: The seed table number(s) it comes from, e.g. "3.10".
        sheet: Sheet name in the workbook (<= 31 characters).
        title: Title printed in A1.
        description: One sentence for the Petunjuk sheet.
        columns: Columns in order.
        fixed_rows: Rows printed in advance; None for free rows.
        total: An optional Jumlah line.
        hierarchy: Optional nesting (budget tables).
        blank_rows: Empty data rows the template offers for free-row tables.
        table_key: Column whose value names the seed table of a row, for
            sheets that hold several seed tables (3.2/3.5/3.8).
        is_parameter: True for sheets of parameters (scales, rubrics).
        default_rows: Rows the template pre-fills (parameter defaults).
        report_columns: Derived columns only the audit report adds (categories
            the seed states in words: kategori capaian, kriteria efisiensi, ...).
        settings: The values are settings the audit uses (Identitas: the year,
            the Renstra period), not figures of the report.
    """

    id: str
    seed: str
    sheet: str
    title: str
    description: str
    columns: tuple[Column, ...]
    fixed_rows: tuple[FixedRow, ...] | None = None
    total: TotalRow | None = None
    hierarchy: Hierarchy | None = None
    blank_rows: int = 8
    table_key: str | None = None
    is_parameter: bool = False
    default_rows: tuple[Mapping[str, Value], ...] = ()
    report_columns: tuple[Column, ...] = ()
    settings: bool = False

    def __post_init__(self) -> None:
        index = {col.key: (i, col) for i, col in enumerate((*self.columns, *self.report_columns))}
        object.__setattr__(self, "_index", index)

    def column(self, key: str) -> Column:
        """Return the column named ``key``."""
        try:
            return self._index[key][1]  # type: ignore[attr-defined, no-any-return]
        except KeyError:
            raise KeyError(f"{self.id} has no column {key!r}") from None

    def col_index(self, key: str) -> int:
        """0-based column index of ``key``."""
        try:
            return self._index[key][0]  # type: ignore[attr-defined, no-any-return]
        except KeyError:
            raise KeyError(f"{self.id} has no column {key!r}") from None

    @property
    def takes_not_measured(self) -> bool:
        """True for a table of the report, whose number cells may say "not measured" (n/a, -, tidak diukur).

        The Parameter sheet, the scales and Identitas hold settings: a mark there is no value.
        """
        return not (self.is_parameter or self.settings)

    @property
    def keys(self) -> tuple[str, ...]:
        """Column keys in order."""
        return tuple(c.key for c in self.columns)

    def fixed_row(self, key: str) -> FixedRow:
        """Return the fixed row named ``key``."""
        for row in self.fixed_rows or ():
            if row.key == key:
                return row
        raise KeyError(f"{self.id} has no fixed row {key!r}")

    def kind_at(self, row: Mapping[str, Any], key: str) -> Kind:
        """Kind of cell ``key`` on ``row``, honouring fixed-row overrides."""
        if self.fixed_rows is not None:
            kode = row.get("kode")
            for fixed in self.fixed_rows:
                if fixed.key == kode and key in fixed.kinds:
                    return fixed.kinds[key]
        return self.column(key).kind

    def is_derived_at(self, row: Mapping[str, Any], key: str) -> bool:
        """True when cell ``key`` on ``row`` is derived (holds a formula)."""
        col = self.column(key)
        if col.derived:
            return True
        if self.fixed_rows is not None:
            kode = row.get("kode")
            for fixed in self.fixed_rows:
                if fixed.key == kode:
                    return key in fixed.formulas or col.derived
        hier = self.hierarchy
        if hier is not None and hier.aggregates(key):
            return self.is_parent(row.get(hier.level_key))
        return col.derived

    def is_parent(self, level: object) -> bool:
        """True when ``level`` is a level of the hierarchy that sums its children (not the leaf)."""
        hier = self.hierarchy
        return hier is not None and level in hier.levels and level != hier.leaf
