"""Validation with one pandera schema per table, generated from the specs.

Schemas are declared by :func:`~lakip_xl.audit.schemas.schema_for` and executed by :func:`validate`
with ``lazy=True``, so every failure of a table is collected at once; each
becomes a finding at its sheet and cell. Invalid cells are then removed from
the data so that recomputation never trips over them.

Execution runs in two passes. The screen (:func:`_screen`) hands pandera every
cell that a check could refuse, as one series per kind of column (the cells of
every table sharing the same checks, the same check objects), plus each
hierarchy's order and codes; a pandera call costs about the same for 5 rows as
for 5,000, so a workbook is screened in a few calls instead of one per column
of every table. Only a table the screen finds something wrong with is then
validated with its own schema, whose failures become the findings. Every check
is elementwise (the hierarchy checks, per table, run on the whole table), so a
table the screen passes has no failure in its own schema either; the findings
are those of validating every table with its schema.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from lakip_xl.audit.findings import Severity
from lakip_xl.audit.schemas import AT, RANGES, Signature, checks_of, declared, frame_checks, schema_for
from lakip_xl.model.dates import cell_text, in_number_column
from lakip_xl.model.numbers import id_number
from lakip_xl.model.rowstore import MISSING, RowStore
from lakip_xl.model.spec import FixedRow, Kind, RowData, TableSpec, Value
from lakip_xl.tables import present

if TYPE_CHECKING:
    import pandera.pandas as pa

    from lakip_xl.audit.context import Context
    from lakip_xl.audit.findings import Finding

DROPPED = frozenset({"VALIDASI.TIPE", "VALIDASI.BULAT", "VALIDASI.RENTANG", "VALIDASI.PILIHAN", "SEL.TANGGAL"})
"""Rules whose cell is removed from the data once reported (its typed value stays in the finding's ``recorded``)."""
SCREENED = "sel"  # the name of the screen's series (pandera checks a series' name against its schema's)
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


def validate(ctx: Context) -> None:
    """Run every table's schema lazily (those the screen finds a failure in); add findings, drop the invalid cells.

    The context's recomputations then start afresh over what is left (:meth:`Context.refresh`).
    """
    import pandas as pd
    import pandera.errors as pe

    failing = _screen(ctx)
    for spec, tdata in present(ctx.data):
        if not tdata.rows or spec.id not in failing:
            continue
        keys = list(schema_for(spec.id).columns)
        frame = pd.DataFrame({k: _column(tdata.rows, k) for k in keys}, copy=False)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                schema_for(spec.id).validate(frame, lazy=True)
        except pe.SchemaErrors as exc:
            _report(ctx, spec, exc.failure_cases)
    ctx.refresh()  # the recomputations read the data without the cells validation removed
    if ctx.invalid:
        _spare_formulas(ctx)


def _spare_formulas(ctx: Context) -> None:
    """Take back the findings on formula cells whose value follows from an input validation refused.

    A subkegiatan's TW I typed as 10% (0,1) makes its Kegiatan's, Program's and Unit's sums show
    5.000.000,1: the input has its finding, the template's formulas that add it up are not blamed.
    """
    from lakip_xl.tables import BY_ID

    def follows(f: Finding) -> bool:
        if f.rule not in DROPPED or f.table_id is None or f.column is None or f.ref is None:
            return False
        tdata, spec = ctx.table(f.table_id), BY_ID[f.table_id]
        place = tdata.placement
        if place is None or f.column not in place.columns:
            return False
        if isinstance(f.ref, int):
            if not spec.is_derived_at(tdata.rows[f.ref], f.column):
                return False
            row = place.rows[f.ref]
        elif place.total is None:
            return False
        else:
            row = place.total
        if (row, place.columns[f.column]) not in place.cached:
            return False  # not a formula's result (a value typed over it is the unit's own number)
        ctx.local.expected(f.table_id, f.ref, f.column)
        return ctx.local.unknown(f.table_id, f.ref, f.column)

    ctx.findings[:] = [f for f in ctx.findings if not follows(f)]


@cache
def _series_schema(signature: Signature, nullable: bool) -> pa.SeriesSchema:
    """The screen's schema of every cell of one signature: the same check objects as the tables' schemas."""
    import pandera.pandas as pa

    return pa.SeriesSchema(None, checks=list(checks_of(*signature)), nullable=nullable, name=SCREENED)


@cache
def _frame_schema(table_id: str) -> pa.DataFrameSchema | None:
    """The screen's schema of a table's rows together (its hierarchy), or None when it has no such check."""
    import pandera.pandas as pa

    checks = frame_checks(table_id)
    return pa.DataFrameSchema({}, checks=list(checks), name=table_id) if checks else None


@cache
def _screened(table_id: str) -> tuple[tuple[str, Signature, bool], ...]:
    """The columns a check could refuse a cell of: those with a check, and those that must be filled."""
    return tuple((n, sig, nullable) for n, sig, nullable, _ in declared(table_id) if checks_of(*sig) or not nullable)


def _screen(ctx: Context) -> set[str]:
    """The tables in which pandera finds any failure, with a few calls for the whole workbook.

    Every screened cell of every table goes into the series of its column's signature (machine integers
    and objects apart, as each table's frame holds them); a failure names the table of its cell. A failure
    without a cell (a check that raised) names every table of its series: validating a table that passes
    adds nothing, so the screen may name too many, never too few.
    """
    import numpy as np
    import pandas as pd
    import pandera.errors as pe

    parts: dict[tuple[Signature, bool, bool], list[tuple[str, Any]]] = {}
    failing: set[str] = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for spec, tdata in present(ctx.data):
            if not tdata.rows:
                continue
            for name, signature, nullable in _screened(spec.id):
                values = _values(tdata.rows, name)
                parts.setdefault((signature, nullable, values.dtype != object), []).append((spec.id, values))
            schema = _frame_schema(spec.id)
            if schema is not None:  # the hierarchy's checks read its level and kode columns, as in the table's frame
                keys = [
                    k for k in schema_for(spec.id).columns if spec.hierarchy and k in (spec.hierarchy.level_key, "kode")
                ]
                frame = pd.DataFrame(
                    {k: _column(tdata.rows, k) for k in keys}, index=range(len(tdata.rows)), copy=False
                )
                try:
                    schema.validate(frame, lazy=True)
                except pe.SchemaErrors:
                    failing.add(spec.id)
        for (signature, nullable, ints), group in parts.items():
            whole = np.concatenate([values for _, values in group])
            if ints:
                series = pd.Series(pd.arrays.IntegerArray(whole, whole == MISSING), copy=False, name=SCREENED)
            else:
                series = pd.Series(whole, dtype=object, copy=False, name=SCREENED)
            try:
                _series_schema(signature, nullable).validate(series, lazy=True)
            except pe.SchemaErrors as exc:
                owners = np.concatenate([np.full(len(values), k) for k, (_, values) in enumerate(group)])
                for index in exc.failure_cases["index"]:
                    if index is None or index != index:  # NaN: a failure of the whole series
                        failing.update(table_id for table_id, _ in group)
                    else:
                        failing.add(group[owners[int(index)]][0])
    return failing


def _values(rows: Sequence[RowData], key: str) -> Any:
    """One column's values as a numpy array: a store's machine integers (``MISSING`` where absent), else objects."""
    import numpy as np

    base, at, kode = key.partition(AT)
    ints = rows.machine_column(key) if isinstance(rows, RowStore) and rows and not at else None
    if ints is not None:
        return np.frombuffer(ints, dtype=np.int64)
    if at:
        values = [row.get(base) if row.get("kode") == kode else None for row in rows]
    elif isinstance(rows, RowStore):
        values = rows.column(key)
    else:
        values = [row.get(key) for row in rows]
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _column(rows: Sequence[RowData], key: str) -> Any:
    """One column for the frame: nullable Int64 straight from a store's machine integers, else objects."""
    import pandas as pd

    values = _values(rows, key)
    if values.dtype != object:
        return pd.arrays.IntegerArray(values, values == MISSING)
    return pd.Series(values, dtype=object, copy=False)  # kept as objects: pandas would infer its string dtype


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
        if code in DROPPED:
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
