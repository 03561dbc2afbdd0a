"""Absent is never 0: which sums add up a cell left empty or not measured.

A sum in a spreadsheet (SUM, SUMIFS, N()+N()) reads an empty cell, or text such
as n/a, as nothing, and so does the recomputation: 30 + (empty) is 30, as the
sheet shows it. But an empty cell is not a typed 0 (staff type 0, or "-" in a
rupiah or count column, for nihil): a total of 30 over an empty row may be
right or short. :class:`Gaps` finds, for a derived cell, the first input left
empty or n/a that its sum adds up (through the sums it reads that are formulas
too), and whether any addend held a number at all. The audit then never
compares a sum over nothing with a typed value (no value, not 0), and names the
empty cell where a sum over it disagrees, instead of a galat.

Only sums pass a gap on (:func:`additive` marks them; a hierarchy parent's sum
is one): a ratio over a total is judged against the total as its cell shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from lakip_xl.model.numbers import NOT_MEASURED, is_not_measured
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Compute, Formula, Kind, Value
from lakip_xl.model.workbook import RowRef

Cell = tuple[str, RowRef, str]  # (table id, row, column key)
ADDITIVE: set[Compute] = set()


def additive(pair: tuple[Formula, Compute]) -> tuple[Formula, Compute]:
    """Mark a (formula, compute) pair as a sum of cells: an empty addend leaves it incomplete, never 0."""
    ADDITIVE.add(pair[1])
    return pair


@dataclass(frozen=True)
class Gap:
    """An input left empty (or n/a) under a sum.

    Attributes:
        cell: The first such input, in the order the sum reads them.
        numbers: Some addend held a number; False: the sum is over nothing (no value, not 0).
        signed: Some empty addend could have been negative (ABT, a decimal): its absence may make the sum
            larger as well as smaller.
    """

    cell: Cell
    numbers: bool
    signed: bool


def absent(value: Value) -> bool:
    """True for an empty cell or a not-measured one (n/a)."""
    return value is None or value == NOT_MEASURED or is_not_measured(value)


class Gaps:
    """The gaps under the derived cells of one recomputation (found on demand, kept).

    Args:
        rc: The recomputation whose sums are followed. A derived cell it reads is followed into when its
            value is recomputed, or is a formula's result in the sheet; a value typed over it is the
            document's own number and ends the search there.
    """

    def __init__(self, rc: Recomputer) -> None:
        self.rc = rc
        self._memo: dict[Cell, Gap | None] = {}
        self._busy: set[Cell] = set()
        self._printed: dict[tuple[str, str], bool] = {}

    def of(self, table_id: str, ref: RowRef, key: str) -> Gap | None:
        """The gap under a cell: an empty input itself, or the first empty addend under a sum; else None."""
        cell = (table_id, ref, key)
        if cell in self._memo:
            return self._memo[cell]
        if cell in self._busy:
            return None
        self._busy.add(cell)
        try:
            found = self._find(cell)
        finally:
            self._busy.discard(cell)
        self._memo[cell] = found
        return found

    def _find(self, cell: Cell) -> Gap | None:
        table_id, ref, key = cell
        if not self.rc.is_derived(table_id, ref, key):
            if not absent(self.rc.value(table_id, ref, key)):
                return None
            return Gap(cell, False, _kind(self.rc, cell) in _SIGNED)
        if not self._sums(table_id, ref, key):
            return None
        first: Cell | None = None
        unprinted: Cell | None = None
        numbers = signed = False
        for read, value in self.rc.reads(table_id, ref, key):
            kind = _kind(self.rc, read)
            if not kind.is_number:
                continue  # a level or a name the sum picks its rows by
            sub = self.of(*read) if self._follows(read) else None
            if sub is not None:
                first = first or sub.cell
                numbers = numbers or sub.numbers
                signed = signed or sub.signed
            elif absent(value):
                if self._unprinted(read):
                    unprinted = unprinted or read  # a column the unit does not print adds nothing...
                    continue
                first = first or read
                signed = signed or kind in _SIGNED
            elif isinstance(value, int | Decimal):
                numbers = True
        if first is None and unprinted is not None and not numbers:
            return Gap(unprinted, False, False)  # ... but a sum of nothing else has no value, not 0
        return None if first is None else Gap(first, numbers, signed)

    def _sums(self, table_id: str, ref: RowRef, key: str) -> bool:
        """True when a derived cell's value is a sum of cells (not a ratio, a mean, a lookup ...)."""
        spec = self.rc.specs[table_id]
        if ref == "total":
            compute = spec.total.computes.get(key) if spec.total is not None else None
        elif spec.fixed_rows is not None:
            fixed = spec.fixed_row(str(self.rc.value(table_id, ref, "kode")))
            compute = fixed.computes.get(key) or spec.column(key).compute
        elif spec.hierarchy is not None and spec.hierarchy.aggregates(key) and self.rc.has_children(table_id, ref):
            return key in spec.hierarchy.summed  # a mean leaves n/a out by design
        else:
            compute = spec.column(key).compute
        return compute in ADDITIVE

    def _unprinted(self, cell: Cell) -> bool:
        """True for an input of a column left empty (or n/a) on every data row: the table as printed lacks it.

        A unit prints the jenjang, months or quarters it has; the template's other columns stay empty.
        """
        table_id, ref, key = cell
        if not isinstance(ref, int):
            return False
        if (table_id, key) not in self._printed:
            rows = self.rc.table(table_id).rows
            self._printed[(table_id, key)] = any(not absent(self.rc.value(table_id, i, key)) for i in range(len(rows)))
        return not self._printed[(table_id, key)]

    def _follows(self, cell: Cell) -> bool:
        """Whether a derived cell read by a sum is followed into: its value is a recomputation or a formula's."""
        table_id, ref, key = cell
        if not self.rc.is_derived(table_id, ref, key):
            return False
        if self.rc.ignore_recorded or self.rc.value(table_id, ref, key) is None:
            return True
        tdata = self.rc.data.get(table_id)
        place = tdata.placement if tdata is not None else None
        return place is not None and place.from_formula(ref, key)


_SIGNED = (Kind.MONEY_SIGNED, Kind.DECIMAL)  # kinds whose absent value may have been negative


def _kind(rc: Recomputer, cell: Cell) -> Kind:
    """The kind of a cell (a fixed row's own)."""
    table_id, ref, key = cell
    spec = rc.specs[table_id]
    return spec.column(key).kind if ref == "total" else spec.kind_at(rc.row(table_id, ref), key)
