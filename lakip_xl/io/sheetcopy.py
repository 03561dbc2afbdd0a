"""Copies of sheet XML for python-calamine's eyes only: what it would refuse made readable.

calamine refuses a whole sheet over one value it does not know; these copies
give it #N/A or the plain number instead. The scan (:mod:`lakip_xl.io.sheetxml`)
reads the real values from the file.
"""

from __future__ import annotations

import re

CALAMINE_ERRORS = frozenset((b"#DIV/0!", b"#N/A", b"#NAME?", b"#NULL!", b"#NUM!", b"#REF!", b"#VALUE!"))
_CELL = re.compile(rb"<((?:[\w.-]+:)?)c\b([^>]*)(?<!/)>(.*?)</\1c>", re.S)
_IS_ERROR = re.compile(rb"""\st\s*=\s*["']e["']""")
_VALUE = re.compile(rb"(<(?:[\w.-]+:)?v\b[^>]*>)([^<]*)(<)")


def known_errors_only(xml: bytes) -> bytes:
    """The sheet XML with every error value python-calamine does not know (#SPILL!, #CALC!, #BUSY!...) as #N/A.

    Returns ``xml`` itself when there is none. Only for calamine's eyes: the
    scan reads the real error values from the file.
    """
    if _IS_ERROR.search(xml) is None:
        return xml

    def value(m: re.Match[bytes]) -> bytes:
        return m.group(0) if m.group(2).strip() in CALAMINE_ERRORS else m.group(1) + b"#N/A" + m.group(3)

    def cell(m: re.Match[bytes]) -> bytes:
        return _VALUE.sub(value, m.group(0)) if _IS_ERROR.search(m.group(2)) else m.group(0)

    fixed = _CELL.sub(cell, xml)
    return xml if fixed == xml else fixed


_IS_NUMBER = re.compile(rb"""\st\s*=\s*["']n["']""")
_FLOAT = re.compile(rb"[+-]?(?:inf|infinity|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)", re.I)


def numbers_only(xml: bytes) -> bytes:
    """The sheet XML with every number cell (``t="n"``) readable by python-calamine, or ``xml`` itself.

    calamine refuses a whole sheet over one such cell whose value is not a
    number literal. Spaces around it are allowed by the format (``< v> 42 </v>``
    is 42): they are removed; any other value (``<v>dua</v>``) loses its ``t="n"``, so
    it is read as the text it is and validation names its cell.
    """
    if _IS_NUMBER.search(xml) is None:
        return xml

    def cell(m: re.Match[bytes]) -> bytes:
        attrs, inner = m.group(2), m.group(3)
        value = _VALUE.search(inner) if _IS_NUMBER.search(attrs) else None
        if value is None:
            return m.group(0)
        text = value.group(2).strip()
        if _FLOAT.fullmatch(text):
            inner = inner[: value.start(2)] + text + inner[value.end(2) :]
        else:
            attrs = _IS_NUMBER.sub(b"", attrs)
        return b"<" + m.group(1) + b"c" + attrs + b">" + inner + b"</" + m.group(1) + b"c>"

    fixed = _CELL.sub(cell, xml)
    return xml if fixed == xml else fixed
