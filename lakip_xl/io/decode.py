"""Decode a raw cell value (calamine's str, float, bool, date) into a column's typed value.

Money and counts become ``int``, percentages and measurements ``Decimal`` at
the precision the cell's number format shows, text stays text; a value that
does not fit its kind is None (validation says so at the cell).
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from functools import cache
from typing import Any

from lakip_xl.io.formats import format_info
from lakip_xl.model.dates import shown
from lakip_xl.model.numbers import float_to_decimal, is_not_measured, mark_value, parse_id_number
from lakip_xl.model.spec import Kind, Value
from lakip_xl.tables import BY_ID

TEXT, ENUM, WHOLE, DECIMAL, MARKED = range(5)  # MARKED + WHOLE or DECIMAL: a number that may be "not measured"
CODES = {k: ENUM if k is Kind.ENUM else TEXT if k.is_text else WHOLE if k.is_integer else DECIMAL for k in Kind}


@cache
def plan(table_id: str, keys: tuple[str, ...]) -> tuple[tuple[str, int, Kind, tuple[str, ...]], ...]:
    """(key, decoding code, kind, dropdown choices) of each key read from a row of a table."""
    spec = BY_ID[table_id]
    return tuple(
        (key, code_of(spec.column(key).kind, spec.takes_not_measured), spec.column(key).kind, spec.column(key).choices)
        for key in keys
    )


def code_of(kind: Kind, marks: bool) -> int:
    """How a cell of ``kind`` is decoded; ``marks``: in a report table, where a number may be "not measured"."""
    code = CODES[kind]
    return MARKED + code if marks and kind.is_number else code


def fast_decode(code: int, kind: Kind, raw: Any, number_format: str | None) -> Value:
    """:func:`decode` with fast paths for the common cases: text, and a float in a number column."""
    cls = raw.__class__
    if code >= MARKED:
        if cls is str and is_not_measured(raw):
            return mark_value(kind, raw)  # n/a; "-" too, except in rupiah and counts, where it is nihil
        code -= MARKED
    if cls is str and code <= ENUM:
        text = raw.strip()
        return sys.intern(text) if code == ENUM and len(text) <= 24 else text  # levels: one object each
    if cls is float:
        if code == WHOLE:
            return int(raw) if raw.is_integer() else None
        if code == DECIMAL:
            if raw != raw or raw in (_INF, -_INF):
                return None
            if number_format is None:
                return Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))
            places, percent = format_info(number_format)
            return float_to_decimal(raw * 100 if percent else raw, places)
    return decode(kind, raw, number_format or "General")


_INF = float("inf")


def decode(kind: Kind, raw: Any, number_format: str = "General") -> Value:
    """A raw cell value typed by kind, or None when it does not fit the kind."""
    if kind.is_text:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, bool):
            return "TRUE" if raw else "FALSE"
        if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
            return shown(raw)
        return str(raw).strip()
    # money and counts are judged on the stored value: 100.5 shown as "101" is still not whole
    number = _number(raw, "General" if kind.is_integer else number_format)
    if number is None:
        return None
    if kind.is_integer:
        if number != number.to_integral_value():
            return None
        return int(number)
    return number


def _number(value: Any, number_format: str) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = float(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        places, percent = format_info(number_format)
        return float_to_decimal(value * 100 if percent else value, places)
    if isinstance(value, str):
        return parse_id_number(value)
    return None
