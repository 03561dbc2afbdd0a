"""Pure recomputation of derived values from typed inputs.

Recomputation is *local*: a derived cell is computed from the values typed in
the cells it depends on (their recorded values, or their own recomputation when
they were left as formulas). A wrong input therefore shows once, where it is.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterator, Mapping, Sequence
from decimal import Decimal

from lakip_xl.model.numbers import as_decimal, mean_values, round_half_up, sum_values
from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import RowData, TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData


class Recomputer:
    """Computes expected values of derived cells over a whole workbook.

    Args:
        data: Typed values per table id.
        specs: Table specs per table id.
        ignore_recorded: Recompute every derived cell from inputs only, even
            where a value was typed over it (the fully corrected view).
        invalid: Input cells (table, row, key) that validation removed: a
            recomputation that reads one has no value to be compared with
            (:meth:`unknown`), and a parameter among them is None, not its default.
        overrides: Recorded values replaced (None: empty), e.g. what the
            spreadsheet's formulas see where it differs from what was read.
        memo_all: Keep every recomputation, a hierarchy row's too (the
            writers ask for every derived cell of tables whose derived values
            are absent, so each parent's sum would redo its whole subtree).
    """

    def __init__(
        self,
        data: Mapping[str, TableData],
        specs: Mapping[str, TableSpec],
        *,
        ignore_recorded: bool = False,
        invalid: Collection[tuple[str, RowRef, str]] = frozenset(),
        overrides: Mapping[tuple[str, RowRef, str], Value] | None = None,
        memo_all: bool = False,
    ) -> None:
        self.data = data
        self.specs = specs
        self.ignore_recorded = ignore_recorded
        self.invalid = invalid
        self.overrides = overrides
        self.memo_all = memo_all
        self._derived: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._memo: dict[tuple[str, RowRef, str], Value] = {}
        self._busy: set[tuple[str, RowRef, str]] = set()
        self._children: dict[str, dict[int, array[int]]] = {}
        self._params: dict[str, Value] = {}
        self._bad_params: set[str] = set()
        self._unknown: set[tuple[str, RowRef, str]] = set()  # recomputations that read an invalid input
        self._reading: list[bool] = []  # per recomputation under way: has it read an invalid input?

    def table(self, table_id: str) -> TableData:
        """Data of ``table_id`` (empty when the workbook lacks it)."""
        return self.data.get(table_id) or TableData()

    def row(self, table_id: str, ref: RowRef) -> RowData:
        """The recorded values of one row."""
        tdata = self.data.get(table_id)
        if ref == "total":
            return (tdata.total if tdata else None) or {}
        return tdata.rows[ref] if tdata is not None else {}  # type: ignore[index]

    def value(self, table_id: str, ref: RowRef, key: str) -> Value:
        """The recorded value of one cell (None when empty); ``row(...).get(key)`` without a row view."""
        if self.overrides is not None and (table_id, ref, key) in self.overrides:
            return self.overrides[(table_id, ref, key)]
        tdata = self.data.get(table_id)
        if tdata is None:
            return None
        if ref == "total":
            return tdata.total.get(key) if tdata.total else None
        rows = tdata.rows
        assert isinstance(ref, int)
        if rows.__class__ is RowStore:
            return rows.value(ref, key)
        return rows[ref].get(key)

    def is_derived(self, table_id: str, ref: RowRef, key: str) -> bool:
        """True when the cell is derived (recomputed by the tool)."""
        spec = self.specs[table_id]
        if ref == "total":
            return spec.total is not None and key in spec.total.computes
        always, summed = self._derived.get(table_id) or self._derived_keys(table_id)
        if key in always:
            return True
        if spec.fixed_rows is None:  # only a hierarchy parent's sums vary by row; no row view needed
            if key in summed:
                return self.has_children(table_id, ref)
            spec.column(key)  # an unknown key is an error, as it always was
            return False
        return spec.is_derived_at(self.row(table_id, ref), key)

    def derived_keys(self, table_id: str, index: int) -> frozenset[str]:
        """The derived keys of data row ``index`` of a table without fixed rows (every row alike but its sums)."""
        always, summed = self._derived.get(table_id) or self._derived_keys(table_id)
        return always | summed if summed and self.has_children(table_id, index) else always

    def _derived_keys(self, table_id: str) -> tuple[frozenset[str], frozenset[str]]:
        """The keys derived on every row of a table, and the hierarchy's summed and averaged keys (on parents)."""
        spec = self.specs[table_id]
        hier = spec.hierarchy
        summed = frozenset((*hier.summed, *hier.averaged)) if hier is not None else frozenset()
        always = frozenset(c.key for c in (*spec.columns, *spec.report_columns) if c.derived)
        self._derived[table_id] = (always, summed - always)
        return self._derived[table_id]

    def has_children(self, table_id: str, ref: RowRef) -> bool:
        """True for a hierarchy row with rows under it: its summed and averaged columns are derived.

        A Program or Kegiatan printed without rows under it is a leaf, and its
        typed values are inputs, as the unit printed them.
        """
        return isinstance(ref, int) and len(self.children(table_id, ref)) > 0

    def expected(self, table_id: str, ref: RowRef, key: str) -> Value:
        """Recompute a derived cell from the cells it depends on."""
        memo_key = (table_id, ref, key)
        if memo_key in self._memo:
            if self._unknown and memo_key in self._unknown:
                self._read_invalid()
            return self._memo[memo_key]
        if memo_key in self._busy:
            return None  # a cycle: no value rather than a crash
        self._busy.add(memo_key)
        if self.invalid:
            self._reading.append(False)
        try:
            value = self._compute(table_id, ref, key)
        finally:
            self._busy.discard(memo_key)
            if self.invalid and self._reading.pop():
                self._unknown.add(memo_key)
                self._read_invalid()
        if self._worth_keeping(table_id, ref):
            self._memo[memo_key] = value
        return value

    def unknown(self, table_id: str, ref: RowRef, key: str) -> bool:
        """True when the recomputation of a cell (already asked for) read an invalid input or parameter."""
        return (table_id, ref, key) in self._unknown

    def _read_invalid(self) -> None:
        """The recomputation under way read an invalid input: its result is unknown too."""
        if self._reading:
            self._reading[-1] = True

    def _worth_keeping(self, table_id: str, ref: RowRef) -> bool:
        """Memoize totals and fixed rows; a hierarchy parent is only a sum of its children, cheap to redo."""
        spec = self.specs[table_id]
        return self.memo_all or ref == "total" or spec.fixed_rows is not None or spec.hierarchy is None

    def effective(self, table_id: str, ref: RowRef, key: str) -> Value:
        """The recorded value of a cell, or its recomputation when absent."""
        recorded = self.value(table_id, ref, key)
        if recorded is None and self.invalid and (table_id, ref, key) in self.invalid:
            self._read_invalid()
            return None
        if (recorded is not None and not self.ignore_recorded) or not self.is_derived(table_id, ref, key):
            return recorded
        return self.shown(table_id, ref, key)

    def shown(self, table_id: str, ref: RowRef, key: str) -> Value:
        """The recomputed value as its cell shows it: rounded to the column's decimals."""
        value = self.expected(table_id, ref, key)
        if isinstance(value, Decimal):
            return round_half_up(value, self.specs[table_id].column(key).places)
        return value

    def reads(self, table_id: str, ref: RowRef, key: str) -> list[tuple[tuple[str, RowRef, str], Value]]:
        """The cells the recomputation of a derived cell reads directly (its formula's references), with their values.

        A derived cell read counts as itself, not as the inputs behind it. Parameters are not cells.
        """
        view = TracingView(self, table_id, ref)
        self._compute(table_id, ref, key, view)
        return view.read

    def _compute(self, table_id: str, ref: RowRef, key: str, view: RowView | None = None) -> Value:
        spec = self.specs[table_id]
        view = view or RowView(self, table_id, ref)
        if ref == "total":
            assert spec.total is not None
            return spec.total.computes[key](view)
        if spec.fixed_rows is not None:
            fixed = spec.fixed_row(str(self.value(table_id, ref, "kode")))
            if key in fixed.computes:
                return fixed.computes[key](view)
        hier = spec.hierarchy
        if hier is not None and hier.aggregates(key) and self.has_children(table_id, ref):
            if key in hier.averaged:
                return mean_values(view.children(key))
            return sum_values(view.children(key))
        compute = spec.column(key).compute
        return compute(view) if compute else None

    def children(self, table_id: str, index: int) -> Sequence[int]:
        """Indexes of the direct children of a hierarchy row."""
        if table_id not in self._children:
            self._children[table_id] = self._child_map(table_id)
        return self._children[table_id].get(index, ())

    def _child_map(self, table_id: str) -> dict[int, array[int]]:
        """Direct children of every hierarchy row, in one pass with a stack.

        A row's parent is the nearest row above it of an outer level: a
        Kegiatan printed with no Program row above it belongs to the Unit.
        """
        hier = self.specs[table_id].hierarchy
        assert hier is not None
        depth_of = {level: d for d, level in enumerate(hier.levels)}
        out: dict[int, array[int]] = {}
        stack: list[tuple[int, int]] = []  # (depth, row index) of open parents
        for j, row in enumerate(self.table(table_id).rows):
            d = depth_of.get(row.get(hier.level_key))  # type: ignore[arg-type]
            if d is None:
                continue
            while stack and stack[-1][0] >= d:
                stack.pop()
            if stack:
                kids = out.get(stack[-1][1])
                if kids is None:
                    kids = out[stack[-1][1]] = array("i")
                kids.append(j)
            stack.append((d, j))
        return out

    def param(self, name: str) -> Value:
        """Value of the parameter with defined name ``name``."""
        if name not in self._params:
            self._params[name] = self._param(name)
        if name in self._bad_params:
            self._read_invalid()
        return self._params[name]

    def _param(self, name: str) -> Value:
        for table_id, spec in self.specs.items():
            for fixed in spec.fixed_rows or ():
                if fixed.name == name:
                    for i, row in enumerate(self.table(table_id).rows):
                        if row.get("kode") == fixed.key:
                            if (table_id, i, "nilai") in self.invalid:
                                self._bad_params.add(name)
                                return None
                            return row.get("nilai", fixed.default)
                    return fixed.default
        raise KeyError(name)

    def derived_cells(self, table_id: str) -> Iterator[tuple[RowRef, str]]:
        """Every (row, key) of a table that is derived."""
        spec = self.specs[table_id]
        tdata = self.table(table_id)
        always = [c.key for c in spec.columns if c.derived]
        hier = spec.hierarchy
        if spec.fixed_rows is None and hier is None:
            for i in range(len(tdata.rows)):
                for key in always:
                    yield i, key
        elif spec.fixed_rows is None and hier is not None:
            on_parent = [c.key for c in spec.columns if c.derived or hier.aggregates(c.key)]
            for i in range(len(tdata.rows)):
                for key in on_parent if self.has_children(table_id, i) else always:
                    yield i, key
        else:
            for i, row in enumerate(tdata.rows):
                for col in spec.columns:
                    if col.derived or spec.is_derived_at(row, col.key):
                        yield i, col.key
        if spec.total is not None:
            for key in spec.total.computes:
                yield "total", key


class RowView:
    """What a compute function sees: the row and its neighbours.

    Args:
        rc: The recomputer.
        table_id: The table of the row.
        ref: The row index, or "total".
    """

    def __init__(self, rc: Recomputer, table_id: str, ref: RowRef) -> None:
        self.rc = rc
        self.table_id = table_id
        self.ref = ref

    def v(self, key: str) -> Value:
        """Effective value of ``key`` on this row."""
        return self.rc.effective(self.table_id, self.ref, key)

    def d(self, key: str) -> Decimal | None:
        """Effective value of ``key`` on this row, as Decimal."""
        return as_decimal(self.v(key))

    def total(self, key: str) -> Value:
        """Effective value of ``key`` on the Jumlah line."""
        return self.rc.effective(self.table_id, "total", key)

    def at(self, row_key: str, key: str) -> Value:
        """Effective value of ``key`` on the fixed row ``row_key``."""
        for i, row in enumerate(self.rc.table(self.table_id).rows):
            if row.get("kode") == row_key:
                return self.rc.effective(self.table_id, i, key)
        return None

    def column(self, key: str) -> list[Value]:
        """Effective values of ``key`` on every data row of this table."""
        rows = self.rc.table(self.table_id).rows
        return [self.rc.effective(self.table_id, i, key) for i in range(len(rows))]

    def children(self, key: str) -> list[Value]:
        """Effective values of ``key`` on the direct children of this row."""
        assert isinstance(self.ref, int)
        kids = self.rc.children(self.table_id, self.ref)
        return [self.rc.effective(self.table_id, j, key) for j in kids]

    def param(self, name: str) -> Value:
        """A parameter's value."""
        return self.rc.param(name)

    def rows_of(self, table_id: str) -> Sequence[RowData]:
        """Recorded rows of another table."""
        return self.rc.table(table_id).rows

    def effective_of(self, table_id: str, index: int, key: str) -> Value:
        """Effective value of a cell of another table."""
        return self.rc.effective(table_id, index, key)


class TracingView(RowView):
    """A :class:`RowView` that notes every cell it reads, and the value read (:meth:`Recomputer.reads`)."""

    def __init__(self, rc: Recomputer, table_id: str, ref: RowRef) -> None:
        super().__init__(rc, table_id, ref)
        self.read: list[tuple[tuple[str, RowRef, str], Value]] = []

    def _note(self, table_id: str, ref: RowRef, key: str) -> Value:
        value = self.rc.effective(table_id, ref, key)
        self.read.append(((table_id, ref, key), value))
        return value

    def v(self, key: str) -> Value:
        """Effective value of ``key`` on this row, noted."""
        return self._note(self.table_id, self.ref, key)

    def total(self, key: str) -> Value:
        """Effective value of ``key`` on the Jumlah line, noted."""
        return self._note(self.table_id, "total", key)

    def at(self, row_key: str, key: str) -> Value:
        """Effective value of ``key`` on the fixed row ``row_key``, noted."""
        for i, row in enumerate(self.rc.table(self.table_id).rows):
            if row.get("kode") == row_key:
                return self._note(self.table_id, i, key)
        return None

    def column(self, key: str) -> list[Value]:
        """Effective values of ``key`` on every data row, each noted."""
        return [self._note(self.table_id, i, key) for i in range(len(self.rc.table(self.table_id).rows))]

    def children(self, key: str) -> list[Value]:
        """Effective values of ``key`` on the direct children, each noted."""
        assert isinstance(self.ref, int)
        return [self._note(self.table_id, j, key) for j in self.rc.children(self.table_id, self.ref)]

    def effective_of(self, table_id: str, index: int, key: str) -> Value:
        """Effective value of a cell of another table, noted."""
        return self._note(table_id, index, key)
