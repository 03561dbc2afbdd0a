"""What a sheet's XML says beyond its values: formulas, error values, merged cells, number formats.

python-calamine gives the values; this module finds, in one pass of regular
expressions over the sheet XML (streamed in pieces of about 4 MiB), which
cells hold a formula (and whether it has a cached result, and whether it refers
to another workbook), which hold an error value, which ranges are merged and
which cells have a style that shows decimals. The XML is never expanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO

_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>([^<]*)</f>)(<v>)?')
_EXTERNAL = re.compile(rb"\[\d+\]|'\[|\[[^\]]*\.xls")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
_ERROR = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*\st="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
CHUNK = 4 << 20


@lru_cache(maxsize=4096)
def col_index(letters: bytes) -> int:
    """0-based index of column letters (b"A" -> 0)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


@dataclass(kw_only=True)
class Marks:
    """What one sheet's XML marks on its cells; keys are (row << 14 | col), 0-based.

    Attributes:
        formulas: Keys of cells that hold a formula.
        uncached: Keys of formula cells without a cached value.
        errors: Error values (#REF!, #DIV/0!, #SPILL!) by key.
        formats: Number format code by key, for cells whose format shows decimals.
        external: Keys of formula cells that refer to another workbook.
        merged: Merged ranges as (first row, first col, last row, last col).
        marked: Rows holding a formula or an error value (other rows need no lookups).
    """

    formulas: set[int] = field(default_factory=set)
    uncached: set[int] = field(default_factory=set)
    errors: dict[int, str] = field(default_factory=dict)
    formats: dict[int, str] = field(default_factory=dict)
    external: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)


def format_pattern(style_ids: list[int]) -> re.Pattern[bytes] | None:
    """A regex for cells whose style is one of ``style_ids`` (those that show decimals or a percent)."""
    if not style_ids:
        return None
    ids = b"|".join(str(i).encode() for i in style_ids)
    # attributes are skipped whole: twice as fast as a lazy [^>]*?
    return re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:\s(?!s=)[\w:]+="[^"]*")*\ss="(' + ids + rb')"')


def scan(fh: IO[bytes], marks: Marks, codes: list[str], pattern: re.Pattern[bytes] | None) -> None:
    """Fill ``marks`` from the sheet XML read from ``fh``; ``codes`` is the number format of each style."""
    for data in _row_chunks(fh):
        _scan_chunk(data, marks, codes, pattern)


def _scan_chunk(data: bytes, marks: Marks, codes: list[str], pattern: re.Pattern[bytes] | None) -> None:
    for m in _FORMULA.finditer(data):
        key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
        marks.formulas.add(key)
        marks.marked.add(key >> 14)
        if m.group(4) is None:
            marks.uncached.add(key)  # no <v> or an empty <v/>: never calculated
        if m.group(3) and _EXTERNAL.search(m.group(3)):
            marks.external.add(key)
    for m in _MERGE.finditer(data):
        marks.merged.append((int(m.group(2)) - 1, col_index(m.group(1)), int(m.group(4)) - 1, col_index(m.group(3))))
    if b't="e"' in data:
        for m in _ERROR.finditer(data):
            key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
            marks.errors[key] = m.group(3).decode("ascii", "replace")
            marks.marked.add(key >> 14)
    if pattern is not None:
        for m in pattern.finditer(data):
            key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
            marks.formats[key] = codes[int(m.group(3))]


def _row_chunks(fh: IO[bytes]) -> Iterator[bytes]:
    """The sheet XML in pieces of about 4 MiB, each ending at a row boundary (no cell is cut)."""
    rest = b""
    while True:
        block = fh.read(CHUNK)
        if not block:
            if rest:
                yield rest
            return
        data = rest + block
        cut = data.rfind(b"</row>")
        if cut < 0:
            rest = data
            continue
        cut += len(b"</row>")
        yield data[:cut]
        rest = data[cut:]


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
