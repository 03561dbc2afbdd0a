"""Say why a formula shows less: a green cell left blank below it, or a sum that reaches past its group.

Two ways a parent's formula can disagree with the recomputation without
anybody typing a wrong number:

- A row inserted the naive way (an empty row, numbers typed by hand) may leave a
  parent's or another derived cell blank, with no formula. The sheet's formulas
  read it as nothing, so every sum above it comes out short, while the
  recomputation reads it as what it should hold. The finding belongs at the
  blank cell (``HITUNG.KOSONG_DIBACA``, an error: the printed totals above it
  are wrong), naming the formula cells it breaks as related cells; those have
  no finding of their own.
- A formula that is not the template's own (pasted from an older workbook,
  typed by hand, or a fixed range a deleted or inserted row has moved) may sum
  rows beyond its group, or stop short of it. :func:`group_hint` says so in
  words when the value it shows is the sum of such a run of rows.

As in :mod:`lakip_xl.audit.causes`, whether a formula is broken never depends on
cached values: the sheet's view is recomputed with the blank cells left empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lakip_xl.audit.context import Context
from lakip_xl.audit.findings import Location
from lakip_xl.model.compare import agrees
from lakip_xl.model.layout import a1
from lakip_xl.model.numbers import as_decimal
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import Placement, RowRef
from lakip_xl.tables import BY_ID, present

Cell = tuple[RowRef, str]


def blank_causes(ctx: Context) -> None:
    """Fill ``ctx.blank_breaks`` (blank cell -> formula cells it breaks) and ``ctx.broken`` with those cells."""
    for spec, tdata in present(ctx.data):
        place = tdata.placement
        if place is None or not place.blank:
            continue
        blanks = sorted((c for c in place.blank if ctx.local.is_derived(spec.id, *c)), key=_order)
        if not blanks:
            continue
        sheet = Recomputer(ctx.data, BY_ID, invalid=ctx.invalid, overrides={(spec.id, *c): "" for c in blanks})
        parents = _parents(ctx, spec)
        for ref, key in _formula_cells(ctx, spec.id, place):
            seen = sheet.shown(spec.id, ref, key)
            if _same(seen, ctx.local.shown(spec.id, ref, key)):
                continue
            causes = [c for c in blanks if _feeds(c, ref, key, parents)]
            if not causes:
                continue
            ctx.broken[(spec.id, ref, key)] = seen
            for cell in causes:
                ctx.blank_breaks.setdefault((spec.id, *cell), []).append(ctx.where(spec.id, ref, key))


def breaks_text(related: list[Location]) -> str:
    """The clause a blank cell's finding adds: which formula cells it makes wrong."""
    cells = ", ".join(loc.cell or loc.label or "" for loc in related[:6]) + (" dst." if len(related) > 6 else "")
    return f"; karena kosong, rumus di {cells} menghitungnya sebagai kosong dan ikut salah"


def group_hint(ctx: Context, spec: TableSpec, ref: RowRef, key: str, recorded: Value) -> str:
    """Words for a parent's sum that is the sum of a run of child-level rows other than its own group.

    Returns:
        "" when the shown value is no such run (or the cell is not a parent's sum).
    """
    hier = spec.hierarchy
    shown = as_decimal(recorded)
    if hier is None or key not in hier.summed or not isinstance(ref, int) or shown is None:
        return ""
    kids = list(ctx.local.children(spec.id, ref))
    if not kids:
        return ""
    rows = ctx.table(spec.id).rows
    child_level = rows[kids[0]].get(hier.level_key)
    run: list[int] = [j for j in range(ref + 1, len(rows)) if rows[j].get(hier.level_key) == child_level]
    total, last_own = Decimal(0), kids[-1]
    for n, j in enumerate(run):
        total += as_decimal(ctx.local.effective(spec.id, j, key)) or 0
        if total != shown:
            continue
        if j > last_own:
            return (
                f"; rumus baris ini ikut menjumlah {n + 1 - _count_le(run, last_own)} baris kelompok berikutnya "
                f"(sampai {_cell(ctx, spec, j, key)}): jangkauan rumusnya melewati kelompoknya sendiri; salin rumus "
                "dari baris setingkat template"
            )
        if j < last_own:
            return (
                f"; rumus baris ini berhenti di {_cell(ctx, spec, j, key)} dan tidak menjumlah baris di bawahnya "
                "dalam kelompoknya (mis. baris disisipkan di luar jangkauan rumus); salin rumus dari baris setingkat "
                "template"
            )
        return ""
    return ""


def _count_le(run: list[int], last: int) -> int:
    return sum(1 for j in run if j <= last)


def _cell(ctx: Context, spec: TableSpec, ref: int, key: str) -> str:
    place = ctx.table(spec.id).placement
    pos = place.cell(ref, key) if place is not None else None
    return f"sel {a1(*pos)}" if pos else f"baris {ref + 1}"


def _parents(ctx: Context, spec: TableSpec) -> dict[int, int]:
    """Each hierarchy row's parent row."""
    if spec.hierarchy is None:
        return {}
    out: dict[int, int] = {}
    for i in range(len(ctx.table(spec.id).rows)):
        for j in ctx.local.children(spec.id, i):
            out[j] = i
    return out


def _feeds(blank: Cell, ref: RowRef, key: str, parents: dict[int, int]) -> bool:
    """Whether the blank cell is read by the formula at (ref, key).

    It is when the formula is on its own row, or is the same column of an ancestor or of the Jumlah line.
    """
    b_ref, b_key = blank
    if b_ref == ref:
        return True
    if b_key != key:
        return False
    if ref == "total":
        return True
    node = b_ref
    while isinstance(node, int) and node in parents:
        node = parents[node]
        if node == ref:
            return True
    return False


def _formula_cells(ctx: Context, table_id: str, place: Placement) -> Iterator[Cell]:
    for ref, key in ctx.local.derived_cells(table_id):
        if place.from_formula(ref, key) or (ref, key) in place.uncached:
            yield ref, key


def _same(a: Value, b: Value) -> bool:
    return a == b or (a is not None and b is not None and agrees(a, b) and agrees(b, a))


def _order(cell: Cell) -> tuple[int, str]:
    ref, key = cell
    return (ref if isinstance(ref, int) else 1 << 30, key)
