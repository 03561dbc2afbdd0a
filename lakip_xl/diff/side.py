"""One submission's table as the comparison sees it: what each cell holds, and what names each row.

A cell holds a typed value, nothing, or a formula (:data:`FORMULA`): a formula's
result (cached, missing, or an error value such as ``#REF!``) is never typed,
so it never counts as a change. A cell the audit's validation removed from the
data (text in a number column, a value out of range) keeps what was typed:
the reader's text, or the value its finding recorded.

A row is named by what its spec declares: the seed table column (3.2/3.5/3.8
share a sheet), the hierarchy's level, the ``kode`` and the label columns the
audit names rows by (uraian, indikator, lokasi ...); a fixed row by its kode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from lakip_xl.audit.context import LABEL_KEYS, row_label, table_of
from lakip_xl.model.compare import fold_spaces
from lakip_xl.model.layout import a1
from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData


class Formula:
    """The state of a cell that holds a formula: its result is not typed, so it is never a change by itself."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = Formula()
State = Value | Formula
"""What a cell holds for the comparison: a typed value, None (empty) or :data:`FORMULA`."""

FIXED_LABELS = frozenset({"kode", "uraian"})  # a fixed row's kode and label come from its spec, never typed


class Identity(NamedTuple):
    """What names a row, for matching it with the other submission's rows.

    Attributes:
        primary: The key rows are aligned by: (table, level, kode) where a kode is typed, else
            (table, level, label).
        by_kode: (table, kode), or None without a kode.
        by_label: (table, label), or None without a label.
        group: (table, level): only rows of one group are matched by similar labels.
        label: The label's text, for matching similar labels.
    """

    primary: tuple[str, ...]
    by_kode: tuple[str, str] | None
    by_label: tuple[str, str] | None
    group: tuple[str, str]
    label: str


def compared_keys(spec: TableSpec) -> tuple[str, ...]:
    """The columns whose typed cells are compared (a fixed row's kode and label are the spec's)."""
    if spec.fixed_rows is not None:
        return tuple(k for k in spec.keys if k not in FIXED_LABELS)
    return spec.keys


def label_keys(spec: TableSpec) -> tuple[str, ...]:
    """The columns that name a row of ``spec``, in the order the audit's row labels use them."""
    return tuple(k for k in LABEL_KEYS if k in spec.keys)


class Side:
    """One submission's data of one table.

    Args:
        spec: The table.
        tdata: Its data as the audit read it (None: the table is not in the workbook).
        recorded: Typed values of cells the audit's validation removed, by (row, key).
    """

    def __init__(self, spec: TableSpec, tdata: TableData | None, recorded: Mapping[tuple[RowRef, str], Value]) -> None:
        self.spec = spec
        self.tdata = tdata or TableData()
        self.rows: Sequence[Mapping[str, Value]] = self.tdata.rows
        self.place = self.tdata.placement
        self._columns: dict[str, list[State]] = {}
        self._restore: dict[str, dict[RowRef, State]] = {}
        place = self.place
        if place is not None:
            for ref, key in (*place.uncached, *place.errors, *place.external):
                self._restore.setdefault(key, {})[ref] = FORMULA
            for (ref, key), text in place.bad.items():
                self._restore.setdefault(key, {}).setdefault(ref, text)
        for (ref, key), value in recorded.items():
            self._restore.setdefault(key, {}).setdefault(ref, value)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def present(self) -> bool:
        """True when the workbook holds the table's sheet."""
        return self.place is not None

    @property
    def has_total(self) -> bool:
        """True when the sheet has the table's Jumlah line."""
        return self.place is not None and self.place.total is not None

    @property
    def sheet(self) -> str:
        """The sheet the table was read from (the template's name when absent)."""
        return self.place.sheet if self.place is not None else self.spec.sheet

    def column(self, key: str) -> list[State]:
        """The state of column ``key`` on every data row."""
        found = self._columns.get(key)
        if found is not None:
            return found
        rows, place = self.rows, self.place
        values: list[State] = list(rows.column(key) if isinstance(rows, RowStore) else [row.get(key) for row in rows])
        if place is not None:
            c = place.columns.get(key)
            if c is None:  # the column is not on this sheet: nothing typed there
                values = [None] * len(values)
            else:
                marks = place.cached.column(c)
                if marks:
                    n = len(marks)
                    values = [FORMULA if r < n and marks[r] else v for r, v in zip(place.rows, values, strict=True)]
            for ref, state in self._restore.get(key, {}).items():
                if isinstance(ref, int) and (values[ref] is None or state is FORMULA):
                    values[ref] = state
        self._columns[key] = values
        return values

    def state(self, ref: RowRef | None, key: str) -> State:
        """What one cell holds (None for a row the table does not have)."""
        if ref is None:
            return None
        if ref == "total":
            if self.place is None or self.place.total is None:
                return None
            restored = self._restore.get(key, {}).get("total")
            if restored is FORMULA or self.place.from_formula("total", key):
                return FORMULA
            value = (self.tdata.total or {}).get(key)
            return value if value is not None else restored
        return self.column(key)[int(ref)]

    def cell(self, ref: RowRef | None, key: str | None) -> str | None:
        """``Sheet!A1`` of a cell (of the row's label cell when ``key`` is None), when it stands on the sheet."""
        if ref is None or self.place is None:
            return None
        if key is None:
            key = next((k for k in label_keys(self.spec) if k in self.place.columns), None) or next(
                iter(self.place.columns), None
            )
            if key is None:
                return None
        pos = self.place.cell(ref, key)
        return f"{self.place.sheet}!{a1(*pos)}" if pos is not None else None

    def label(self, ref: RowRef | None) -> str | None:
        """The text that names a row."""
        return None if ref is None else row_label(self.spec, self.tdata, ref)

    def table(self, ref: RowRef | None) -> str:
        """The seed table number of a row."""
        if ref is None:
            return self.spec.seed.split(",")[0].strip()
        return table_of(self.spec, self.tdata, ref)

    def typed(self, ref: int) -> tuple[tuple[str, Value], ...]:
        """The typed cells of a row, in column order (formulas and empty cells left out)."""
        out = []
        for key in compared_keys(self.spec):
            state = self.state(ref, key)
            if state is not None and state is not FORMULA:
                out.append((key, state))
        return tuple(out)  # type: ignore[arg-type]

    def identities(self) -> list[Identity]:
        """What names each data row."""
        spec = self.spec
        n = len(self.rows)
        table = self._texts(spec.table_key, n)
        level = self._texts(spec.hierarchy.level_key if spec.hierarchy else None, n)
        kode = self._texts("kode" if "kode" in spec.keys else None, n)
        parts = [self._texts(k, n) for k in label_keys(spec)]
        if len(parts) == 1:
            labels = parts[0]
        else:
            labels = [" / ".join(p for p in row if p) for row in zip(*parts, strict=True)] if parts else [""] * n
        make = tuple.__new__  # an Identity without NamedTuple's Python-level constructor (a quarter million rows)
        out = []
        for t, lv, k, label in zip(table, level, kode, labels, strict=True):
            folded = fold(label)
            primary = (t, lv, "kode", k) if k else (t, lv, "label", folded)
            out.append(
                make(Identity, (primary, (t, k) if k else None, (t, folded) if folded else None, (t, lv), label))
            )
        return out

    def _texts(self, key: str | None, n: int) -> list[str]:
        """Column ``key`` as stripped texts ("" where empty, a formula, or no such column)."""
        if key is None:
            return [""] * n
        return [
            v.strip() if v.__class__ is str else "" if v is None or v is FORMULA else str(v).strip()
            for v in self.column(key)
        ]


def fold(text: str) -> str:
    """A stripped text with case and runs of white space ignored (as :func:`fold_spaces`, quicker when clean)."""
    folded = text.casefold()
    if "  " in folded or "\n" in folded or "\t" in folded or "\xa0" in folded or "\r" in folded:
        return fold_spaces(folded)
    return folded
