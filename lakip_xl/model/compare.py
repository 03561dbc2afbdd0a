"""Comparing a typed value with a recomputed one, at the precision it was typed."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from lakip_xl.model.numbers import round_half_up
from lakip_xl.model.spec import Value


def places_of(value: Decimal) -> int:
    """Decimals a Decimal was typed (or displayed) with."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def fold_spaces(value: object) -> str:
    """Text with case and runs of white space ignored, as Excel's SUMIFS and a header match compare it."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


@cache
def _choice_map(choices: tuple[str, ...]) -> dict[str, str]:
    return {c.casefold(): c for c in choices}


def canonical_choice(value: str, choices: tuple[str, ...]) -> str:
    """``value`` spelt as the choice it equals ignoring case, else unchanged.

    Excel and Calc compare text ignoring case (``SUMIFS(..., "Sub Kegiatan")``
    counts "SUB KEGIATAN", ``IF(x="turun", ...)`` takes "Turun") but not
    white space ("Sub  Kegiatan" and "Sub Kegiatan " are other values to
    them). Reading a dropdown cell as its canonical choice lets every Python
    comparison agree with the spreadsheet's formulas.
    """
    return _choice_map(choices).get(value.casefold(), value) if choices else value


def normal_text(value: Value) -> str:
    """Text compared case-, space- and dash-insensitively."""
    return fold_spaces(str(value).replace("\u2013", "-").replace("\u2014", "-"))


def agrees(recorded: Value, expected: Value) -> bool:
    """True when ``recorded`` is ``expected`` shown at the recorded precision.

    Money and counts (int) must be equal. A decimal typed with p decimals
    agrees with the expected value rounded half-up to p decimals: 24 % for
    42/178 = 23.596 % agrees, 80.96 for 34/42 = 80.952 does not.
    """
    if recorded is None or expected is None:
        return recorded is None and expected is None
    if isinstance(recorded, str) or isinstance(expected, str):
        return normal_text(recorded) == normal_text(expected)
    if isinstance(recorded, int):
        return Decimal(recorded) == Decimal(expected)
    return round_half_up(Decimal(expected), places_of(recorded)) == recorded


def shown_as(recorded: Value, expected: Value, places: int = 2) -> Value:
    """The expected value for a message: at the column's ``places``, or at the recorded precision when finer."""
    if isinstance(expected, Decimal):
        typed = places_of(recorded) if isinstance(recorded, Decimal) else 0
        return round_half_up(expected, max(typed, places))
    return expected
