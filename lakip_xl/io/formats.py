"""What an Excel number format shows: its decimals, and whether it is a percent."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1024)
def format_info(number_format: str) -> tuple[int | None, bool]:
    """:func:`format_places` and :func:`is_percent_format` of a format, remembered."""
    return format_places(number_format), is_percent_format(number_format)


def format_places(number_format: str) -> int | None:
    """Decimals displayed by an Excel number format, or None for General."""
    if not number_format or number_format == "General":
        return None
    first = re.sub(r'"[^"]*"', "", number_format.split(";")[0])
    m = re.search(r"0\.(0+)", first)
    if m:
        return len(m.group(1))
    return 0 if ("0" in first or "#" in first) else None


def is_percent_format(number_format: str) -> bool:
    """True when the format shows the value x 100 with a % sign."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format.split(";")[0])  # "%" and \% are literal signs


def shows_decimals(number_format: str) -> bool:
    """True for a format that shows decimals or a percent."""
    return is_percent_format(number_format) or (format_places(number_format) or 0) > 0
