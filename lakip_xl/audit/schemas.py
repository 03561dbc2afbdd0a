"""The pandera schemas of the tables, declared from the specs (nothing runs here).

:func:`schema_for` is a table's schema: a column per input of the table (a
fixed row's cell that is checked by that row's own kind is a column of its
own, ``nilai@tahun``) and the checks of the rows together (a hierarchy's order
and codes). Every builder is cached and pure: the schemas, their check objects
and the column lists are built once per table and shared by every audit;
they hold nothing of any audit. :mod:`lakip_xl.audit.validate` executes them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from lakip_xl.model.numbers import NOT_MEASURED, parse_id_number
from lakip_xl.model.spec import Kind
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    import pandera.pandas as pa

AT = "@"  # "nilai@tahun": the cell of column nilai on the fixed row tahun, checked by that row's kind
FIXED_LABELS = ("kode", "uraian")  # a fixed row's kode and label come from the spec
MAX_MONEY = Decimal(10) ** 15  # Rp 1.000 triliun: more than any unit's budget
RANGES: dict[Kind, tuple[Decimal | None, Decimal | None, str]] = {
    Kind.MONEY: (Decimal(0), MAX_MONEY, "rupiah harus 0 sampai 1.000 triliun"),
    Kind.MONEY_SIGNED: (-MAX_MONEY, MAX_MONEY, "rupiah harus antara -1.000 triliun dan 1.000 triliun"),
    Kind.COUNT: (Decimal(0), Decimal(10) ** 9, "jumlah harus bilangan bulat 0 sampai 1 miliar"),
    Kind.PERCENT: (Decimal(0), None, "persen tidak boleh negatif"),
    Kind.SCORE: (Decimal(30), Decimal(90), "nilai K3 harus 30-90 (Tabel 3.9)"),
    Kind.NRR: (Decimal(1), Decimal(4), "NRR harus 1-4"),
}


def _is_number(v: Any) -> bool:
    return v is None or (isinstance(v, int | Decimal) and not isinstance(v, bool))


def _is_measurement(v: Any) -> bool:
    """A number, or "n/a" (not measured: the readers store every way of typing it as this, in a report table)."""
    return v == NOT_MEASURED or _is_number(v)


def _is_whole(v: Any) -> bool:
    if isinstance(v, str):
        parsed = parse_id_number(v)
        return parsed is None or parsed == parsed.to_integral_value()
    return True


def _in_range(low: Decimal | None, high: Decimal | None) -> Any:
    def check(v: Any) -> bool:
        if not _is_number(v) or v is None:
            return True
        return (low is None or v >= low) and (high is None or v <= high)

    return check


def _vectorised(element: Callable[[Any], bool], on_ints: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """A column check: ``on_ints`` in one pass over a machine-integer (Int64) column, else ``element`` per value.

    pandera hands a check the column without its empty cells.
    """

    def check(series: Any) -> Any:
        if on_ints is not None and str(series.dtype) == "Int64":
            return on_ints(series)
        return series.map(element)

    return check


def _all_true(series: Any) -> Any:
    """Every machine integer is a whole number."""
    return series.notna() | True


Bounds = tuple[Decimal | None, Decimal | None]
Signature = tuple[Kind, tuple[str, ...], bool, Bounds | None, bool]
"""What a column's checks depend on: kind, choices, derived, bounds, takes "n/a"."""


@cache
def checks_of(
    kind: Kind,
    choices: tuple[str, ...] = (),
    derived: bool = False,
    bounds: Bounds | None = None,
    measure: bool = False,
) -> tuple[pa.Check, ...]:
    """The checks of a column of ``kind``, or of one fixed row's cell (its own ``choices`` and ``bounds``).

    Built once per signature: every column of that signature, in any table, shares the same check objects.
    """
    import pandera.pandas as pa

    checks = []
    if kind.is_integer or kind.is_decimal:
        if kind.is_integer:
            checks.append(pa.Check(_vectorised(_is_whole, _all_true), name="VALIDASI.BULAT"))
        number = _is_measurement if measure else _is_number
        checks.append(pa.Check(_vectorised(number, _all_true), name="VALIDASI.TIPE"))
    low, high = bounds or RANGES.get(kind, (None, None, ""))[:2]
    if (low is not None or high is not None) and not derived:  # derived values are checked by recomputation
        checks.append(pa.Check(_vectorised(_in_range(low, high), _int_range(low, high)), name="VALIDASI.RENTANG"))
    if choices:
        allowed = {c.casefold() for c in choices}
        checks.append(
            pa.Check(_vectorised(lambda v: v is None or str(v).casefold() in allowed), name="VALIDASI.PILIHAN")
        )
    return tuple(checks)


def _int_range(low: Decimal | None, high: Decimal | None) -> Callable[[Any], Any]:
    """The range check over a machine-integer column (bounds of whole-number kinds are whole)."""

    def check(series: Any) -> Any:
        ok = series.notna() | True
        if low is not None:
            ok &= series >= int(low)
        if high is not None:
            ok &= series <= int(high)
        return ok

    return check


@cache
def declared(table_id: str) -> tuple[tuple[str, Signature, bool, bool], ...]:
    """Every column of a table's schema: (name, check signature, nullable, declared as objects)."""
    spec = BY_ID[table_id]
    columns: list[tuple[str, Signature, bool, bool]] = [
        (
            col.key,
            (
                col.kind,
                col.choices if col.kind is Kind.ENUM and col.strict else (),
                col.derived,
                None,
                spec.takes_not_measured,
            ),
            not col.required,
            not col.kind.is_integer,  # whole numbers may come as nullable Int64
        )
        for col in spec.columns
        if not (spec.fixed_rows is not None and col.key in ("uraian",))
    ]
    for fixed in spec.fixed_rows or ():
        for col in spec.columns:
            if col.key in FIXED_LABELS or not (col.key in fixed.kinds or fixed.choices or fixed.bounds):
                continue
            kind = fixed.kinds.get(col.key, col.kind)
            derived = spec.is_derived_at({"kode": fixed.key}, col.key)
            signature = (kind, fixed.choices, derived, fixed.bounds, spec.takes_not_measured)
            columns.append((f"{col.key}{AT}{fixed.key}", signature, True, True))
    return tuple(dict((c[0], c) for c in columns).values())  # a name declared twice: the last declaration


@cache
def frame_checks(table_id: str) -> tuple[pa.Check, ...]:
    """The checks of a table's rows together: a hierarchy's order and its codes."""
    import pandera.pandas as pa

    spec = BY_ID[table_id]
    hier = spec.hierarchy
    if hier is None:
        return ()
    checks = [
        pa.Check(_order_check(hier.level_key, hier.levels, 0), name="VALIDASI.URUTAN"),
        pa.Check(_order_check(hier.level_key, hier.levels, 1), name="VALIDASI.LOMPAT_TINGKAT"),
    ]
    if "kode" in spec.keys:
        checks.append(pa.Check(_unique_kode, name="VALIDASI.KODE_GANDA"))
    return tuple(checks)


@cache
def schema_for(table_id: str) -> pa.DataFrameSchema:
    """The pandera schema of a table (declaration only; nothing runs here)."""
    import pandera.pandas as pa

    columns = {
        name: pa.Column(
            object if as_objects else None,
            checks=list(checks_of(*signature)),
            nullable=nullable,
            required=False,
            name=name,
        )
        for name, signature, nullable, as_objects in declared(table_id)
    }
    return pa.DataFrameSchema(columns, checks=list(frame_checks(table_id)), coerce=False, strict=False, name=table_id)


def level_order(column: list[Any], levels: tuple[str, ...]) -> tuple[list[bool], list[bool]]:
    """Which rows of a hierarchy stand without a parent, and which skip a level their group uses.

    A row's parent is the nearest row above it of an outer level (as the recomputation reads the
    table). The levels are ranked among those the table uses, so a level the unit does not print at
    all (no Program rows, only Kegiatan under the Unit) is not missing.

    Returns:
        ``orphan``: a row below the outermost level used with no outer row above it; ``mixed``: a row
        that skips a level (a Kegiatan straight under its Sub Unit) while its parent's group has rows
        of that level too, where the spreadsheet's sum (over the group's outermost level) and the
        reading by position would count differently. A sub-unit printing its Kegiatan without Program
        rows while another sub-unit prints Programs is neither.
    """
    present = set(column)
    depth_of = {level: k for k, level in enumerate(level for level in levels if level in present)}
    depths = [depth_of.get(v) for v in column]
    parent: list[int | None] = []
    stack: list[tuple[int, int]] = []  # (depth, row) of the open groups, outermost first
    for i, d in enumerate(depths):
        if d is None:
            parent.append(None)
            continue
        while stack and stack[-1][0] >= d:
            stack.pop()
        parent.append(stack[-1][1] if stack else None)
        stack.append((d, i))
    inner: dict[int, set[int]] = {}  # depths of the rows inside a group, for the parents that need it

    def group_depths(p: int, p_depth: int) -> set[int]:
        if p not in inner:
            found = inner[p] = set()
            for j in range(p + 1, len(depths)):  # to the group's end: its next row of the same or an outer level
                d = depths[j]
                if d is not None and d <= p_depth:
                    break
                if d is not None:
                    found.add(d)
        return inner[p]

    orphan, mixed = [], []
    for i, d in enumerate(depths):
        p = parent[i]
        orphan.append(d is not None and d > 0 and p is None)
        bad = False
        if p is not None and d is not None:
            p_depth = depths[p]
            if p_depth is not None and d > p_depth + 1:  # it skips a level: does its parent's group use one?
                bad = any(k in group_depths(p, p_depth) for k in range(p_depth + 1, d))
        mixed.append(bad)
    return orphan, mixed


def _order_check(level_key: str, levels: tuple[str, ...], which: int) -> Any:
    import pandas as pd

    def check(df: pd.DataFrame) -> pd.Series:
        """True for the rows :func:`level_order` finds in order (``which``: 0 orphans, 1 mixed skips)."""
        column = df.get(level_key, pd.Series([None] * len(df), index=df.index))
        bad = level_order(list(column), levels)[which]
        return pd.Series([not b for b in bad], index=df.index)

    return check


def _unique_kode(df: Any) -> Any:
    import pandas as pd

    kode = df.get("kode")
    if kode is None:
        return pd.Series([True] * len(df), index=df.index)
    filled = kode.map(lambda v: v if v not in (None, "") else None)
    dup = filled.duplicated(keep="first") & filled.notna()
    return ~dup
