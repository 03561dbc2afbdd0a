"""Decimal arithmetic the way LAKIP tables need it.

Money is whole rupiah (``int``); percentages and scores are ``Decimal`` rounded
half-up, like Excel's ROUND. Binary floats never take part in a comparison.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, getcontext

from lakip_xl.model.spec import Kind, Value

Number = int | Decimal

HUNDRED = Decimal(100)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round like Excel's ROUND: 53.545 -> 53.55, 79.025 -> 79.03.

    A value too large for the default 28 digits at ``places`` decimals (a
    typed 10^30 %) is rounded with as many digits as it needs, not refused.
    """
    if not value.is_finite():
        return value
    quantum = Decimal(1).scaleb(-places)
    digits = value.adjusted() + places + 1
    context = Context(prec=digits) if digits > getcontext().prec else None
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=context)


def ratio100(part: Number, whole: Number) -> Decimal | None:
    """Return ``part / whole * 100`` unrounded (28 significant digits), or None when whole is 0."""
    if whole == 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def float_to_decimal(value: float, places: int | None = None) -> Decimal:
    """Turn a float read from a workbook into the Decimal the user typed.

    ``repr`` gives the shortest string that round-trips, which is what was
    typed for any value a person enters (74.85 stays 74.85).
    """
    dec = Decimal(int(value)) if value.is_integer() and abs(value) < 1e18 else Decimal(repr(value))
    if places is not None:
        dec = round_half_up(dec, places)
    return dec


_ID_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+(,\d+)?$")
_DASHES = {"-", "\u2013", "\u2014"}


def parse_id_number(text: str) -> Decimal | None:
    """Parse a number typed the Indonesian way, or return None.

    Accepts ``9.974.700.000``, ``74,85``, ``105,42 %``, ``Rp 1.500.000``,
    non-breaking spaces, ``-`` for zero, and scientific notation (``1e-10``,
    ``1,5E+3``) within what a workbook's number can hold (10^±308). A plain ``74.85`` (dot decimal,
    as a program would write it) is accepted when it cannot be a thousands
    grouping.
    """
    cleaned = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if cleaned in _DASHES:
        return Decimal(0)
    cleaned = re.sub(r"^(rp\.?)\s*", "", cleaned, flags=re.IGNORECASE)
    cleaned = cleaned.rstrip(",-").removesuffix("%").strip().replace(" ", "")
    if not cleaned:
        return None
    try:
        if _ID_NUMBER.match(cleaned):
            return Decimal(cleaned.replace(".", "").replace(",", "."))
        if re.fullmatch(r"[+-]?\d*\.\d+", cleaned):
            return Decimal(cleaned)
        if _SCIENTIFIC.fullmatch(cleaned):  # 1e-10, 1,5E+3: what Excel makes of the same typed as a number
            number = Decimal(cleaned.replace(",", "."))
            if not number:
                return Decimal(0)
            return number if abs(number.adjusted()) <= MAX_EXPONENT else None
    except InvalidOperation:  # pragma: no cover - the patterns exclude it
        return None
    return None


_SCIENTIFIC = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)[eE][+-]?\d{1,4}")
MAX_EXPONENT = 308  # what a workbook's number (a double) can hold


NOT_MEASURED = "n/a"  # how every reader stores "not measured" in a number column
NOT_MEASURED_MARKS = ("n/a", "-", "tidak diukur")  # what staff type for it, case and spaces aside


def is_not_measured(value: object) -> bool:
    """True for "n/a", "-" or "tidak diukur" in any case and with any spaces, as the formulas' LOWER(TRIM()) sees them.

    Only the space character counts as space (Excel's TRIM leaves tabs and non-breaking spaces).
    """
    return isinstance(value, str) and _SPACES.sub(" ", value.strip(" ")).casefold() in NOT_MEASURED_MARKS


_SPACES = re.compile(" +")


def is_dash(value: object) -> bool:
    """True for a "-" typed alone (spaces aside)."""
    return isinstance(value, str) and value.strip(" ") == "-"


def mark_value(kind: Kind, mark: str) -> Value:
    """What a not-measured mark typed in a number cell of ``kind`` holds.

    "-" in a rupiah or count column is nihil, 0 (as Indonesian tables print a nil amount); every other
    mark, and "-" anywhere else, is "n/a": not measured, never 0.
    """
    return 0 if kind.dash_is_nil and is_dash(mark) else NOT_MEASURED


def sum_values(values: list[Value]) -> Value:
    """Sum numbers, skipping empty cells; int stays int."""
    nums = [v for v in values if isinstance(v, int | Decimal)]
    if not nums:
        return 0
    total: int | Decimal = 0
    for v in nums:
        total = total + v
    return total


def mean_values(values: list[Value]) -> Decimal | None:
    """Mean of the numbers among ``values``, unrounded; text (n/a) and empty cells are left out; None when no number."""
    nums = [Decimal(v) for v in values if isinstance(v, int | Decimal) and not isinstance(v, bool)]
    if not nums:
        return None
    return sum(nums, Decimal(0)) / len(nums)


def as_decimal(value: Value) -> Decimal | None:
    """A number as Decimal, or None for empty or text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    return Decimal(value)


HUGE = 18  # a number of more integer digits is written as Excel shows it, 1,23457E+20 (money stops at 16 digits)
TINY = -9  # ... and so is one smaller than 10^-9 (0,000000001), but zero
SHOWN_DIGITS = 20  # more significant digits than this are rounded to 15 (what Excel keeps) in a message


def id_number(value: Value) -> str:
    """A value written the Indonesian way for messages: 9.974.700.000 and 105,65; TRUE/FALSE as Excel shows them.

    Always short: a number of more than 18 integer digits or smaller than 10^-9
    is written as Excel shows it, ``1,79769E+308`` (six significant digits), never
    with hundreds of digits; one of more than 20 significant digits is rounded to 15.
    :func:`parse_id_number` reads every form back.
    """
    if value is None:
        return "kosong"  # an absent value is never printed as 0 or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if -(10**HUGE) < value < 10**HUGE:
            return f"{value:,}".replace(",", ".")
        return _scientific(Decimal(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return "bukan angka" if value.is_nan() else "-tak hingga" if value < 0 else "tak hingga"
        if value and not TINY <= value.adjusted() < HUGE:
            return _scientific(value)
        if len(value.as_tuple().digits) > SHOWN_DIGITS:
            value = round_half_up(value, 14 - value.adjusted())
        sign = "-" if value < 0 else ""
        whole, _, frac = format(abs(value), "f").partition(".")
        grouped = f"{int(whole):,}".replace(",", ".")
        return sign + grouped + ("," + frac if frac else "")
    return str(value)


def _scientific(value: Decimal) -> str:
    """``value`` as ``-1,23457E+20``: six significant digits at most, the Indonesian decimal comma."""
    exponent = value.adjusted()
    mantissa = round_half_up(value.scaleb(-exponent), 5).normalize()
    if abs(mantissa) >= 10:  # 9,999996 rounded up to 10
        mantissa, exponent = (mantissa / 10).normalize(), exponent + 1
    return f"{format(mantissa, 'f').replace('.', ',')}E{exponent:+03d}"
