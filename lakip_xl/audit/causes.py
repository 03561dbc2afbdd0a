"""Say the cause, not the symptom: typed inputs that the spreadsheet's own formulas see otherwise.

A number typed as text is a number to the reader but nothing to SUM, SUMIFS
and N(); a value typed into a cell in a percent format shows 80,96 % but is
0,8096 to every formula. The reader reads what the unit meant; the workbook's
formulas compute from what the cell holds. Where the two give a formula cell
different values, the finding belongs at the input, with the formula cells it
breaks as related cells; those formula cells are not reported on their own.

Whether a formula is broken does not depend on cached values: a workbook saved
by Excel, by LibreOffice or by a program that stores no results gives the same
findings. An input is blamed only for the formula cells whose formula reads it
(its recomputation, followed through the formula cells it reads in turn); an
error value (#DIV/0!, #REF!) that no misread input explains keeps its own
SEL.GALAT.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lakip_xl.audit.context import Context
from lakip_xl.audit.findings import Finding, Location, Severity
from lakip_xl.model.compare import agrees
from lakip_xl.model.numbers import id_number
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import Placement, RowRef
from lakip_xl.tables import BY_ID, present

Cell = tuple[str, RowRef, str]  # (table id, row, column key)


def input_causes(ctx: Context) -> None:
    """Findings at inputs that break formulas; fills ``ctx.broken`` with the formula cells they break."""
    overrides: dict[Cell, Value] = {}
    for spec, tdata in present(ctx.data):
        place = tdata.placement
        if place is None:
            continue
        overrides.update(((spec.id, *cell), None) for cell in place.as_text)
        overrides.update(((spec.id, *cell), value) for cell, value in place.as_percent.items())
    if not overrides:
        return
    sheet = _Reads(ctx.data, BY_ID, invalid=ctx.invalid, overrides=overrides)
    for spec, tdata in present(ctx.data):
        place = tdata.placement
        if place is None or not (place.as_text or place.as_percent):
            continue
        suspects = [*sorted(place.as_text, key=_order), *sorted(place.as_percent, key=_order)]
        broken: dict[tuple[RowRef, str], list[Location]] = {cell: [] for cell in suspects}
        for ref, key in _formula_cells(ctx, spec.id, place):
            seen, reads = sheet.reading(spec.id, ref, key)
            if _same(seen, ctx.local.shown(spec.id, ref, key)):
                continue  # the sheet's formula gives what was meant: nothing misread explains this cell
            causes = [cell for cell in suspects if (spec.id, *cell) in reads]
            if not causes:
                continue
            ctx.broken[(spec.id, ref, key)] = seen
            for cell in causes:
                broken[cell].append(ctx.where(spec.id, ref, key))
        for cell, related in broken.items():
            if related:
                _cause(ctx, spec.id, cell, place, tuple(related))
    ctx.findings[:] = [f for f in ctx.findings if not (f.rule == "SEL.GALAT" and _cell_of(f) in ctx.broken)]


def _formula_cells(ctx: Context, table_id: str, place: Placement) -> Iterator[tuple[RowRef, str]]:
    """Derived cells that hold a formula (with a result, without one, or showing an error value)."""
    for ref, key in ctx.local.derived_cells(table_id):
        if place.from_formula(ref, key) or (ref, key) in place.uncached or (ref, key) in place.errors:
            yield ref, key


class _Reads(Recomputer):
    """A recomputation that also says which cells each result reads, through the formula cells it reads in turn."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frames: list[set[Cell]] = []  # per recomputation under way: the cells it has read
        self._read: dict[Cell, frozenset[Cell]] = {}  # per recomputation done: the cells it read

    def reading(self, table_id: str, ref: RowRef, key: str) -> tuple[Value, frozenset[Cell]]:
        """The value a formula cell shows, and every cell its formula reads to get it."""
        value = self.shown(table_id, ref, key)
        return value, self._read.get((table_id, ref, key), frozenset())

    def effective(self, table_id: str, ref: RowRef, key: str) -> Value:
        if self._frames:
            self._frames[-1].add((table_id, ref, key))
        return super().effective(table_id, ref, key)

    def expected(self, table_id: str, ref: RowRef, key: str) -> Value:
        cell = (table_id, ref, key)
        if cell in self._read and cell in self._memo:  # remembered: so are the cells it read
            reads = self._read[cell]
            value = super().expected(table_id, ref, key)
        else:
            self._frames.append(set())
            try:
                value = super().expected(table_id, ref, key)
            finally:
                reads = frozenset(self._frames.pop())
            self._read[cell] = reads
        if self._frames:
            self._frames[-1].update(reads)
        return value


def _same(a: Value, b: Value) -> bool:
    return a == b or (a is not None and b is not None and agrees(a, b) and agrees(b, a))


def _order(cell: tuple[RowRef, str]) -> tuple[str, str]:
    return str(cell[0]).rjust(9), cell[1]


def _cell_of(f: Finding) -> Cell | None:
    if f.table_id is None or f.ref is None or f.column is None:
        return None
    return f.table_id, f.ref, f.column


def _cause(
    ctx: Context, table_id: str, cell: tuple[RowRef, str], place: Placement, related: tuple[Location, ...]
) -> None:
    ref, key = cell
    value = ctx.local.value(table_id, ref, key)
    cells = ", ".join(loc.cell or "?" for loc in related)
    if cell in place.as_text:
        ctx.add(
            "SEL.ANGKA_TEKS",
            Severity.ERROR,
            table_id,
            ref,
            key,
            f"Angka {id_number(value)} diketik sebagai teks: SUM, SUMIFS dan N() melewatinya, dan sebagian "
            f"program lembar kerja menolaknya dalam hitungan, sehingga sel {cells} tidak memakai angka ini. "
            "Ketik ulang sebagai angka: format sel Angka, bukan Teks, tanpa tanda petik di depannya",
            recorded=value,
            related=related,
        )
        return
    raw = place.as_percent[cell]
    ctx.add(
        "SEL.FORMAT_PERSEN",
        Severity.ERROR,
        table_id,
        ref,
        key,
        f"Sel berformat persen: tampil {id_number(value)} % tetapi nilainya {id_number(raw)}, dan rumus memakai "
        f"{id_number(raw)} (sel {cells}). Ubah format sel ke Angka, lalu ketik {id_number(value)}",
        recorded=value,
        related=related,
    )
