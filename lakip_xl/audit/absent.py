"""Absent is never 0: how a comparison treats a sum over cells left empty or not measured.

:class:`lakip_xl.model.gaps.Gaps` finds the empty (or n/a) inputs a sum adds up.
A sum over nothing but empty cells has no value: it is never compared (a typed
total over it is a value printed without its inputs). A sum over some empty
cells is compared as the sheet computes it, and where it disagrees while an
empty cell could make up the difference (the sum is short, or an empty addend
could have been negative) the finding is a warning naming that cell, not a
galat: the unit may have left a number out, or meant nihil (typed 0, or "-" in
rupiah and counts).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.audit.findings import Severity
from lakip_xl.model.gaps import Gap, absent
from lakip_xl.model.numbers import as_decimal
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    from collections.abc import Iterable

    from lakip_xl.audit.context import Context
    from lakip_xl.model.gaps import Cell
    from lakip_xl.model.spec import Value
    from lakip_xl.model.workbook import RowRef


def could_close(gap_low: Gap | None, gap_high: Gap | None) -> bool:
    """Whether empty inputs could account for a difference between two values.

    Args:
        gap_low: The gap under the smaller value: an empty addend there could raise it.
        gap_high: The gap under the larger value: only an addend that may be negative could lower it.
    """
    return gap_low is not None or (gap_high is not None and gap_high.signed)


def ordered(a: Value, b: Value) -> bool:
    """True when ``a`` is not above ``b`` (both numbers); True when either is not a number."""
    x, y = as_decimal(a), as_decimal(b)
    return x is None or y is None or x <= y


def gap_between(ctx: Context, a: Value, gap_a: Gap | None, b: Value, gap_b: Gap | None) -> Gap | None:
    """The gap that may explain why ``a`` and ``b`` differ, or None (the difference stands)."""
    low, high = (gap_a, gap_b) if ordered(a, b) else (gap_b, gap_a)
    if not could_close(low, high):
        return None
    return low if low is not None else high


def severity(gap: Gap | None) -> Severity:
    """A galat, or a warning when an empty input may explain the difference."""
    return Severity.ERROR if gap is None else Severity.WARNING


def empty_note(ctx: Context, gap: Gap | None, table_id: str) -> str:
    """The words a finding in ``table_id`` adds for the empty cell under a sum ("" without one)."""
    if gap is None:
        return ""
    where = ctx.where(*gap.cell)
    place_of = ctx.table(table_id).placement
    sheet = place_of.sheet if place_of is not None else BY_ID[table_id].sheet
    gap_table, ref, key = gap.cell
    spec = BY_ID[gap_table]
    nil = (spec.column(key).kind if ref == "total" else spec.kind_at(ctx.local.row(gap_table, ref), key)).dash_is_nil
    place = where.cell or "?"
    if where.sheet != sheet:
        place += f" di lembar '{where.sheet}'"
    if gap.cell in ctx.invalid:  # typed, but refused by validation (its own finding): not empty
        return (
            f"; sel {place} berisi isian yang tidak sah (lihat temuan di sel itu) dan tidak dihitung: perbaiki isinya"
        )
    if ctx.local.value(*gap.cell) is not None:
        return f"; sel {place} berisi n/a (tidak diukur) dan tidak dihitung 0: isi angkanya bila diukur"
    advice = "isi angkanya, atau ketik 0 bila memang nihil" if nil else "isi angkanya, atau n/a bila tidak diukur"
    return f"; sel {place} kosong dan tidak dihitung 0: {advice}"


def over_nothing(ctx: Context, table_id: str, ref: RowRef, key: str) -> bool:
    """True when a cell holds no number to compare: empty or n/a itself, or a sum of nothing but such cells."""
    if absent(ctx.local.effective(table_id, ref, key)):
        return True
    gap = ctx.gaps.of(table_id, ref, key)
    return gap is not None and not gap.numbers


def gap_of(ctx: Context, cells: Iterable[Cell], *, signed: bool = False) -> Gap | None:
    """The gap under a value a rule computes from ``cells`` (inputs, or derived cells with their own gaps).

    ``signed``: the value subtracts some of them, so an empty one may move it either way.
    """
    first: Cell | None = None
    numbers = False
    for cell in cells:
        gap = ctx.gaps.of(*cell)
        if gap is not None:
            first = first or gap.cell
            numbers = numbers or gap.numbers
            signed = signed or gap.signed
        elif isinstance(ctx.local.effective(*cell), int | Decimal):
            numbers = True
    return None if first is None else Gap(first, numbers, signed)
