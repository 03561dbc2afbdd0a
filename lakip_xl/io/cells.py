"""Writing one table cell: its value, its formula text, its cached result, its decimals, its row's height.

Shared by the template writer and the report (:mod:`lakip_xl.io.writer`), and
called for every cell, so each is kept to the few tests it needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from xlsxwriter.worksheet import Worksheet

from lakip_xl.io.styles import DEFAULT_HEIGHT, row_height
from lakip_xl.model.formulas import Refs
from lakip_xl.model.spec import TableSpec, Value


def fit_height(ws: Worksheet, spec: TableSpec, r: int, row: Mapping[str, Value]) -> None:
    """Give a row with long text the height its wrapped lines need (spreadsheets do not do it on load)."""
    columns = _TEXT_COLUMNS.get(spec.id)
    if columns is None:
        columns = _TEXT_COLUMNS[spec.id] = tuple((c.key, c.width) for c in spec.columns if c.kind.is_text)
    texts = [(v, width) for key, width in columns if isinstance(v := row.get(key), str)]
    height = row_height(*texts)
    if height > DEFAULT_HEIGHT:
        ws.set_row(r, height)


_TEXT_COLUMNS: dict[str, tuple[tuple[str, float], ...]] = {}  # (key, width) of each text column, by table


def groups(spec: TableSpec, rows: Sequence[Mapping[str, Value]]) -> list[tuple[tuple[str, ...] | None, str | None]]:
    """For each hierarchy row: the levels that close its group (its own and the outer ones) and its child level.

    A row with nothing under it is a leaf and has neither. The children are
    the outermost rows of the group (a Kegiatan with no Program above it is a
    child of the Unit).
    """
    hier = spec.hierarchy
    if hier is None:
        return [(None, None)] * len(rows)
    depths = [
        hier.levels.index(str(r.get(hier.level_key))) if r.get(hier.level_key) in hier.levels else None for r in rows
    ]
    out: list[tuple[tuple[str, ...] | None, str | None]] = []
    for i, d in enumerate(depths):
        if d is None or d == len(hier.levels) - 1:
            out.append((None, None))
            continue
        inner = []
        for dj in depths[i + 1 :]:
            if dj is not None and dj <= d:
                break
            if dj is not None:
                inner.append(dj)
        out.append((hier.levels[: d + 1], hier.levels[min(inner)]) if inner else (None, None))
    return out


def places_of(value: Value, default: int) -> int:
    """The decimals a typed value shows: a Decimal's own, else the column's ``default``."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else default
    return default


def cached_value(value: Value) -> Any:
    """A value as xlsxwriter caches it for a formula: "" for none, a float for a decimal."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def formula_text(spec: TableSpec, row: Mapping[str, Value], key: str, refs: Refs) -> str:
    """The formula of a derived cell: a fixed row's own, a parent's sum or mean of its children, or the column's."""
    if spec.fixed_rows is not None:
        fixed = spec.fixed_row(str(row.get("kode")))
        if key in fixed.formulas:
            return fixed.formulas[key](refs)
    hier = spec.hierarchy
    if hier is not None and key in hier.summed:
        return refs.children(key)
    if hier is not None and key in hier.averaged and refs.child_level is not None:
        return refs.children_mean(key)
    formula = spec.column(key).formula
    if formula is None:  # pragma: no cover - every derived column has one
        raise ValueError(f"{spec.id}.{key} is derived but has no formula")
    return formula(refs)


def write_value(ws: Worksheet, r: int, c: int, value: Value, fmt: Any) -> None:
    """Write a typed value: blank, text, or a number (a Decimal as its float)."""
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, bool):  # pragma: no cover - rejected when data is loaded
        ws.write_string(r, c, str(value), fmt)
    else:
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
