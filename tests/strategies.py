"""Hypothesis strategies: random but valid workbook data, typed by the specs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from lakip_xl.model.numbers import NOT_MEASURED
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import TableData, WorkbookData
from lakip_xl.tables import ALL

_ALPHABET = st.characters(categories=("L", "N", "P", "Zs", "S"), exclude_characters="\u00a0\u2028\u2029")
TEXT = st.text(_ALPHABET, min_size=1, max_size=24).map(str.strip).filter(lambda s: s != "" and s.casefold() != "jumlah")


def value_of(kind: Kind, choices: tuple[str, ...] = (), *, measure: bool = False) -> st.SearchStrategy[Value]:
    """A strategy for one cell of ``kind``; a measurement may be "n/a" (not measured)."""
    if measure:
        return st.one_of(st.just(NOT_MEASURED), value_of(kind, choices))
    if choices:
        return st.sampled_from(choices)
    if kind is Kind.MONEY_SIGNED:
        return st.integers(-(10**12), 10**13)
    if kind.is_integer:
        return st.integers(0, 10**13)
    if kind is Kind.NRR:  # an SKM average of answers 1-4 (skm_unsur, skm_layanan, skm_mentah)
        return st.decimals(min_value=1, max_value=4, places=3, allow_nan=False, allow_infinity=False)
    if kind.is_decimal:
        return st.integers(0, 4).flatmap(
            lambda p: st.decimals(min_value=0, max_value=999_999, places=p, allow_nan=False, allow_infinity=False)
        )
    return TEXT


@st.composite
def table_data(draw: st.DrawFn, spec: TableSpec, *, derived: bool = True, max_rows: int = 4) -> TableData:
    """Rows for one table; ``derived`` allows values typed over formulas."""
    rows: list[dict[str, Value]] = []
    if spec.fixed_rows is not None:
        for fixed in spec.fixed_rows:
            if not draw(st.booleans()):
                continue
            row: dict[str, Value] = {"kode": fixed.key}
            for col in spec.columns:
                if col.key in ("kode", "uraian"):
                    continue
                if spec.is_derived_at(row, col.key) and not derived:
                    continue
                if draw(st.booleans()) or col.key == "nilai":
                    row[col.key] = draw(value_of(spec.kind_at(row, col.key), fixed.choices))
            if len(row) > 1:
                rows.append(row)
    else:
        for _ in range(draw(st.integers(0, max_rows))):
            row = {}
            for col in spec.columns:
                if col.required or draw(st.booleans()):
                    row[col.key] = draw(value_of(col.kind, col.choices, measure=col.measure))
            for key in list(row):
                if spec.is_derived_at(row, key) and not derived:
                    del row[key]
            if row:
                rows.append(row)
    total = None
    if spec.total is not None and derived:
        total = {
            k: draw(value_of(spec.column(k).kind, measure=spec.column(k).measure))
            for k in spec.total.computes
            if draw(st.booleans())
        }
    source = draw(st.one_of(st.just(""), TEXT))
    return TableData(rows=rows, total=total or None, source=source)


@st.composite
def workbook_data(draw: st.DrawFn, *, derived: bool = True) -> WorkbookData:
    """Data for every table of the workbook."""
    return {spec.id: draw(table_data(spec, derived=derived)) for spec in ALL}


def as_plain(value: Any) -> Any:
    """Decimal to str for readable failure messages."""
    return format(value, "f") if isinstance(value, Decimal) else value
