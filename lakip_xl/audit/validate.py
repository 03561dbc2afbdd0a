"""Validation with one pandera schema per table, generated from the specs.

Schemas are declared by :func:`schema_for` and executed by :func:`validate`
with ``lazy=True``, so every failure of a table is collected at once; each
becomes a finding at its sheet and cell. Invalid cells are then removed from
the data so that recomputation never trips over them.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from lakip_xl.audit.findings import Severity
from lakip_xl.model.dates import cell_text, in_number_column
from lakip_xl.model.numbers import NOT_MEASURED, id_number, parse_id_number
from lakip_xl.model.rowstore import MISSING, RowStore
from lakip_xl.model.spec import FixedRow, Kind, RowData, TableSpec, Value
from lakip_xl.tables import BY_ID, present

if TYPE_CHECKING:
    import pandera.pandas as pa

    from lakip_xl.audit.context import Context

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
MESSAGES = {
    "VALIDASI.TIPE": "Isian {value} bukan angka",
    "VALIDASI.BULAT": "Isian {value} harus bilangan bulat ({whole} tanpa desimal)",
    "VALIDASI.WAJIB": "Kolom '{header}' wajib diisi",
    "VALIDASI.PILIHAN": "Isian {value} bukan pilihan yang dikenal ({choices})",
    "VALIDASI.KODE_GANDA": "Kode {value} dipakai lebih dari sekali",
    "VALIDASI.URUTAN": "Baris {value} muncul sebelum baris induknya",
    "VALIDASI.LOMPAT_TINGKAT": "Baris {value} melompati tingkat yang dipakai baris lain di kelompoknya; "
    "tambahkan baris tingkat itu di atasnya atau pindahkan baris ini",
}
PROBLEMS = {  # the same failures on a fixed row (a form field), whose label names the cell
    "VALIDASI.TIPE": "bukan angka",
    "VALIDASI.BULAT": "bukan bilangan bulat",
    "VALIDASI.PILIHAN": "bukan pilihan yang dikenal ({choices})",
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


def _checks(
    kind: Kind,
    *,
    choices: tuple[str, ...] = (),
    derived: bool = False,
    bounds: tuple[Decimal | None, Decimal | None] | None = None,
    measure: bool = False,
) -> list[pa.Check]:
    """The checks of a column of ``kind``, or of one fixed row's cell (its own ``choices`` and ``bounds``)."""
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
    return checks


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
def schema_for(table_id: str) -> pa.DataFrameSchema:
    """The pandera schema of a table (declaration only; nothing runs here)."""
    import pandera.pandas as pa

    spec = BY_ID[table_id]
    columns = {
        col.key: pa.Column(
            None if col.kind.is_integer else object,  # whole numbers may come as nullable Int64
            checks=_checks(
                col.kind,
                choices=col.choices if col.kind is Kind.ENUM and col.strict else (),
                derived=col.derived,
                measure=spec.takes_not_measured,
            ),
            nullable=not col.required,
            required=False,
            name=col.key,
        )
        for col in spec.columns
        if not (spec.fixed_rows is not None and col.key in ("uraian",))
    }
    for fixed in spec.fixed_rows or ():
        for col in spec.columns:
            if col.key in FIXED_LABELS or not (col.key in fixed.kinds or fixed.choices or fixed.bounds):
                continue
            kind = fixed.kinds.get(col.key, col.kind)
            derived = spec.is_derived_at({"kode": fixed.key}, col.key)
            checks = _checks(
                kind, choices=fixed.choices, derived=derived, bounds=fixed.bounds, measure=spec.takes_not_measured
            )
            name = f"{col.key}{AT}{fixed.key}"
            columns[name] = pa.Column(object, checks=checks, nullable=True, required=False, name=name)
    frame_checks = []
    hier = spec.hierarchy
    if hier is not None:
        frame_checks.append(pa.Check(_order_check(hier.level_key, hier.levels, 0), name="VALIDASI.URUTAN"))
        frame_checks.append(pa.Check(_order_check(hier.level_key, hier.levels, 1), name="VALIDASI.LOMPAT_TINGKAT"))
        if "kode" in spec.keys:
            frame_checks.append(pa.Check(_unique_kode, name="VALIDASI.KODE_GANDA"))
    return pa.DataFrameSchema(columns, checks=frame_checks, coerce=False, strict=False, name=spec.id)


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


def validate(ctx: Context) -> None:
    """Run every table's schema lazily; add findings and drop the invalid cells."""
    import pandas as pd
    import pandera.errors as pe

    for spec, tdata in present(ctx.data):
        if not tdata.rows:
            continue
        keys = list(schema_for(spec.id).columns)
        frame = pd.DataFrame({k: _column(tdata.rows, k) for k in keys}, copy=False)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                schema_for(spec.id).validate(frame, lazy=True)
        except pe.SchemaErrors as exc:
            _report(ctx, spec, exc.failure_cases)


def _column(rows: Sequence[RowData], key: str) -> Any:
    """One column for the frame: nullable Int64 straight from a store's machine integers, else objects."""
    import numpy as np
    import pandas as pd

    base, at, kode = key.partition(AT)
    ints = rows.machine_column(key) if isinstance(rows, RowStore) and rows and not at else None
    if ints is not None:
        whole = np.frombuffer(ints, dtype=np.int64)
        return pd.arrays.IntegerArray(whole, whole == MISSING)
    if at:
        values = [row.get(base) if row.get("kode") == kode else None for row in rows]
    elif isinstance(rows, RowStore):
        values = rows.column(key)
    else:
        values = [row.get(key) for row in rows]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return pd.Series(out, dtype=object, copy=False)  # kept as objects: pandas would infer its string dtype


def _report(ctx: Context, spec: TableSpec, cases: Any) -> None:
    tdata = ctx.data[spec.id]
    dates = tdata.placement.dates if tdata.placement is not None else {}
    done: set[tuple[int, str]] = set()
    records = cases.to_dict("records")
    records.sort(key=lambda case: AT not in str(case.get("column")))  # a fixed row's own message first
    for case in records:
        index = case.get("index")
        if index is None or index != index:  # NaN: a whole-frame failure without a row
            continue
        ref = int(index)
        check = str(case.get("check"))
        column = str(case.get("column"))
        if check == "not_nullable":
            code = "VALIDASI.WAJIB"
        elif check in MESSAGES or check == "VALIDASI.RENTANG":
            code = check
        else:
            continue
        base, _, kode = column.partition(AT)
        frame_level = case.get("schema_context") == "DataFrameSchema"
        key = _frame_key(spec, code) if frame_level or base not in spec.keys else base
        if (ref, key) in done:
            continue
        done.add((ref, key))
        row = tdata.rows[ref]
        value = row.get(key)
        if code == "VALIDASI.TIPE" and (ref, key) in dates:  # a number in a date format, not a typo
            code, message = "SEL.TANGGAL", in_number_column(dates[(ref, key)], spec.column(key).header)
        elif kode:
            message = _fixed_message(code, spec.fixed_row(kode), spec.kind_at(row, key), value)
        elif code == "VALIDASI.RENTANG":
            message = f"Isian {cell_text(value)} di luar rentang: {RANGES[spec.column(key).kind][2]}"
        else:
            col = spec.column(key)
            whole = "rupiah" if spec.kind_at(row, key).is_money else "angka"
            message = MESSAGES[code].format(
                value=cell_text(value), header=col.header, choices=", ".join(col.choices), whole=whole
            )
        ctx.add(code, Severity.ERROR, spec.id, ref, key, message, recorded=value if value is not None else None)
        if code in ("VALIDASI.TIPE", "VALIDASI.BULAT", "VALIDASI.RENTANG", "VALIDASI.PILIHAN", "SEL.TANGGAL"):
            row.pop(key, None)
            if not spec.is_derived_at(row, key):
                ctx.invalid.add((spec.id, ref, key))


def _fixed_message(code: str, fixed: FixedRow, kind: Kind, value: Value) -> str:
    """What is wrong with a fixed row's value, how to fix it, and what the audit leaves unchecked meanwhile."""
    shown = cell_text(value)
    if code == "VALIDASI.RENTANG":
        low, high = fixed.bounds or RANGES[kind][:2]
        if high is None:
            problem = f"di luar rentang: harus paling sedikit {id_number(low)}"
        elif low is None:
            problem = f"di luar rentang: harus paling banyak {id_number(high)}"
        else:
            problem = f"di luar rentang: harus {id_number(low)} sampai {id_number(high)}"
    else:
        problem = PROBLEMS[code].format(choices=", ".join(fixed.choices))
    message = f"{fixed.label}: isian {shown} {problem}" + (f"; {fixed.fix}." if fixed.fix else ".")
    if fixed.uses:
        instead = f"nilai bawaan {id_number(fixed.default)}" if fixed.default is not None else "nilai pengganti"
        message += f" Audit tidak memakai {instead}: {fixed.uses} tidak diperiksa sampai isian ini diperbaiki."
    return message


def _frame_key(spec: TableSpec, code: str) -> str:
    if code == "VALIDASI.KODE_GANDA":
        return "kode"
    return spec.hierarchy.level_key if spec.hierarchy else spec.columns[0].key
