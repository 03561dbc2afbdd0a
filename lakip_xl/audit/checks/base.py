"""Helpers shared by the cross-table checks."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.audit.findings import Severity
from lakip_xl.model.compare import agrees, normal_text
from lakip_xl.model.numbers import round_half_up
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import RowData, Value
from lakip_xl.tables.anggaran import top_level_rows

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context
    from lakip_xl.model.workbook import RowRef


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def both_views(ctx: Context) -> tuple[Recomputer, Recomputer]:
    """The local and the fully corrected recomputation."""
    return ctx.local, ctx.corrected


def none_or_agrees(want: Value, value: Value) -> bool:
    """True when ``value`` is absent or agrees with ``want`` at either one's precision."""
    return value is None or agrees(want, value) or agrees(value, want)


def in_either_view(ctx: Context, value_in: Callable[[Recomputer], Value], ok: Callable[[Value], bool]) -> bool:
    """True when the value agrees as recorded, or else as recomputed (computed only when needed)."""
    return ok(value_in(ctx.local)) or ok(value_in(ctx.corrected))


def row_by(ctx: Context, table_id: str, predicate: Callable[[RowData], bool]) -> int | None:
    """Index of the first row of a table that satisfies ``predicate``."""
    return next((i for i, r in enumerate(ctx.table(table_id).rows) if predicate(r)), None)


def rows_by_sumber(ctx: Context, wanted: str) -> list[int]:
    """Rows of Tabel 3.1 whose data source (sumber) is ``wanted``."""
    return [i for i, r in enumerate(ctx.table("t3_1").rows) if normal_text(r.get("sumber") or "") == wanted]


def rounded_2(value: Value) -> Value:
    """A decimal rounded half-up to 2 places, as a percent cell shows it."""
    return round_half_up(value) if isinstance(value, Decimal) else value


def leaf_rows(ctx: Context, table_id: str) -> array[int]:
    """Indexes of the subkegiatan rows of a budget table."""
    rows = ctx.table(table_id).rows
    return array("i", (i for i in range(len(rows)) if rows[i].get("level") == "Sub Kegiatan"))


def program_rows(ctx: Context, table_id: str) -> list[int]:
    """Indexes of the program rows of a budget table: its outermost level printed (``top_level_rows``)."""
    return top_level_rows(ctx.table(table_id).rows)


def same_number(a: Value, b: Value) -> bool:
    """True unless both are numbers that differ at the precision of the less precise one."""
    if not isinstance(a, int | Decimal) or not isinstance(b, int | Decimal):
        return True
    return agrees(a, b) or agrees(b, a)


def reads_refused(ctx: Context, table_id: str, ref: RowRef, key: str) -> bool:
    """True when a derived cell's value depends on an input validation refused: it has no value to compare.

    The sheet's formula still shows one (a Jumlah of murni typed in words shows the ABT alone), but that
    number is the refused input's consequence, named by the input's own finding. Followed from the inputs up
    (the corrected view), through the formulas between: a Kegiatan's Jumlah over that row depends on it too.
    """
    if not ctx.invalid or not ctx.corrected.is_derived(table_id, ref, key):
        return False
    ctx.corrected.expected(table_id, ref, key)
    return ctx.corrected.unknown(table_id, ref, key)
