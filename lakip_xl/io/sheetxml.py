"""What a sheet's XML says beyond its values: formulas, error values, merged cells, number formats.

python-calamine gives the values; this module finds which cells hold a formula
(and whether it has a cached result, and whether it refers to another
workbook), which hold an error value, which ranges are merged and which cells
have a style that shows decimals, a percent or a date.

The XML that Excel, LibreOffice, WPS, openpyxl and xlsxwriter write (the main
namespace as the default one, a cell's ``r`` first, no whitespace between
elements) is read in one pass of regular expressions, streamed in pieces of
about 4 MiB. Any other form of the same XML (.NET's ``x:``-prefixed elements,
attributes in another order, cells without ``r``, indented XML) is recognised
by cheap checks on each piece and then read with a real XML parser
(defusedxml: no DTD, no entity is ever expanded), so it gives the same marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from lakip_xl.model.errors import LakipError
from lakip_xl.model.layout import col_letter

_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>([^<]*)</f>)(<v>)?')
_EXTERNAL = re.compile(rb"\[\d+\]|'\[|\[[^\]]*\.xls")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
_ERROR = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*\st="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
CHUNK = 4 << 20
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ODD_CELL = re.compile(rb'<c(?! r="[A-Z])[\s/>]')  # a cell whose first attribute is not r="A1"
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")


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
        formats: Number format code by key, for cells whose format shows decimals, a percent or a date.
        external: Keys of formula cells that refer to another workbook.
        merged: Merged ranges as (first row, first col, last row, last col).
        marked: Rows holding a formula or an error value (other rows need no lookups).
        far: Keys of the cells outside the table area (:class:`Area`) that hold data.
        clipped: Cells outside the table area with any content (what the values' reader must not see).
        unaddressed: True when a cell has no ``r`` attribute (its place is counted from the cell before).
    """

    formulas: set[int] = field(default_factory=set)
    uncached: set[int] = field(default_factory=set)
    errors: dict[int, str] = field(default_factory=dict)
    formats: dict[int, str] = field(default_factory=dict)
    external: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)
    far: list[int] = field(default_factory=list)
    clipped: int = 0
    unaddressed: bool = False

    def clear(self) -> None:
        """Forget every mark (before the sheet is read again another way)."""
        for marks in (self.formulas, self.uncached, self.errors, self.formats, self.external, self.merged, self.marked,
                      self.far):  # fmt: skip
            marks.clear()
        self.clipped, self.unaddressed = 0, False


@dataclass(frozen=True)
class Area:
    """A sheet's table area: its first ``rows`` rows and ``cols`` columns; cells beyond it are not read as rows.

    One typed cell far away (row 1,048,576, column XFD) would otherwise make
    the values' reader hold the whole sheet up to it, a grid of billions of cells.
    """

    rows: int
    cols: int

    def outside(self, row: int, col: int) -> bool:
        """True for a 0-based (row, col) beyond the area."""
        return row >= self.rows or col >= self.cols

    @property
    def candidates(self) -> re.Pattern[bytes]:
        """A regex for the cells (``<c r="A1"``) that may lie beyond the area: enough letters or digits."""
        return _candidates(len(col_letter(self.cols)), len(str(self.rows + 1)))


class Scanner:
    """Reads the marks of a workbook's sheets.

    Args:
        codes: The number format of each cell style index.
        decimal: The style indexes whose format is noted in :attr:`Marks.formats`: decimals, a percent, a date.
    """

    def __init__(self, codes: list[str], decimal: list[int]) -> None:
        self.codes = codes
        self.decimal = frozenset(decimal)
        ids = b"|".join(str(i).encode() for i in decimal)
        # attributes are skipped whole: twice as fast as a lazy [^>]*?
        self.pattern = (
            re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:\s(?!s=)[\w:]+="[^"]*")*\ss="(' + ids + rb')"')
            if decimal
            else None
        )

    def scan(self, open_part: Callable[[], IO[bytes]], marks: Marks, sheet: str, area: Area) -> None:
        """Fill ``marks`` from the sheet XML ``open_part`` opens: by regex when it is plain, else by the parser.

        Raises:
            LakipError: The XML is not well-formed or declares a DTD (parser only).
        """
        with open_part() as fh:
            first = True
            for data in _row_chunks(fh):
                body = _body(data) if first and data is not None else 0
                first = False
                if data is None or body < 0 or not _plain(data, body):
                    break
                _scan_chunk(data, marks, self.codes, self.pattern)
                _far_cells(data, marks, area)
            else:
                return
        marks.clear()
        with open_part() as fh:
            try:
                self._parse(fh, marks, area)
            except DefusedXmlException as exc:
                raise LakipError("XML lembar memuat deklarasi DTD/entitas; ditolak (pola serangan ekspansi entitas)",
                                 sheet) from exc  # fmt: skip
            except SyntaxError as exc:  # ElementTree's ParseError, in English: where it stopped says enough
                line, column = getattr(exc, "position", None) or (0, 0)
                raise LakipError(f"XML lembar tidak sah (baris {line}, kolom {column + 1})", sheet) from exc

    def _parse(self, fh: IO[bytes], marks: Marks, area: Area) -> None:
        """Fill ``marks`` with a real XML parser (any prefix, any attribute order, any whitespace)."""
        ns: str | None = None
        row = col = -1
        rows: Any = None  # the sheetData element: its finished rows are dropped as the parser goes
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = elem.tag
            if ns is None:
                ns = tag[: tag.find("}") + 1]  # the root's namespace, "{...main}", whatever its prefix
            if not tag.startswith(ns):
                continue
            name = tag[len(ns) :]
            if event == "start":
                if name == "row":
                    r = elem.get("r", "")
                    row, col = (int(r) - 1 if r.isdigit() else row + 1), -1
                elif name == "sheetData":
                    rows = elem
                continue
            if name == "c":
                ref = elem.get("r")
                marks.unaddressed = marks.unaddressed or ref is None
                row, col = _position(ref or "", row, col)
                self._cell(elem, ns, (row << 14) | col, marks)
                if area.outside(row, col) and len(elem):
                    marks.clipped += 1
                    if _holds_data(elem, ns):
                        marks.far.append((row << 14) | col)
            elif name == "row" and rows is not None:
                rows.clear()
            elif name == "mergeCell":
                first, _, last = elem.get("ref", "").partition(":")
                a, b = _position(first, -1, -1), _position(last or first, -1, -1)
                if min(*a, *b) >= 0:
                    marks.merged.append((a[0], a[1], b[0], b[1]))

    def _cell(self, elem: Any, ns: str, key: int, marks: Marks) -> None:
        f, v = elem.find(ns + "f"), elem.find(ns + "v")
        if f is not None:
            marks.formulas.add(key)
            marks.marked.add(key >> 14)
            if v is None:  # <v></v> is a cached empty text (xlsxwriter); the parser cannot tell openpyxl's <v/> from it
                marks.uncached.add(key)
            if f.text and _EXTERNAL.search(f.text.encode()):
                marks.external.add(key)
        if elem.get("t") == "e" and v is not None:
            marks.errors[key] = v.text or ""
            marks.marked.add(key >> 14)
        style = elem.get("s", "")
        if style.isdigit() and int(style) in self.decimal:
            marks.formats[key] = self.codes[int(style)]


@lru_cache(maxsize=1024)
def is_date_format(number_format: str) -> bool:
    """True for a date or time format (a day, month, year, hour or second outside quotes and brackets)."""
    if not number_format or number_format == "General":
        return False
    bare = re.sub(r'"[^"]*"|\\.|[_*].|\[(?![hms]+\])[^\]]*\]', "", number_format.split(";")[0], flags=re.I)
    return re.search(r"[dmyhs]", bare, re.I) is not None


def _holds_data(elem: Any, ns: str) -> bool:
    """True for a parsed cell holding a formula, or a value or text that is not only spaces."""
    if elem.find(ns + "f") is not None:
        return True
    return any((e.text or "").strip() for e in elem.iter() if e.tag in (ns + "v", ns + "t"))


def _position(ref: str, row: int, col: int) -> tuple[int, int]:
    """0-based (row, col) of an A1 reference; without one, the cell after (row, col)."""
    m = _REF.fullmatch(ref.strip().upper())
    if m is None:
        return row, col + 1
    return int(m.group(2)) - 1, col_index(m.group(1).encode())


def _body(data: bytes) -> int:
    """Where the elements start in the first piece (after the root's start tag); -1 when the XML is not plain.

    Plain: the root is ``<worksheet>`` with the main namespace as its default
    one and bound to no prefix.
    """
    start = data.find(b"<worksheet")
    end = data.find(b">", start)
    if start < 0 or end < 0 or data.count(MAIN, start, end) != 1 or b'xmlns="' + MAIN not in data[start:end]:
        return -1
    return end + 1


def _plain(data: bytes, body: int) -> bool:
    """True when the regexes read this piece exactly as a parser would.

    Fast substring searches and one regex that looks at the first bytes of
    each cell; a piece that fails one is read by the parser (a text holding a
    tab or a line break merely costs that). A writer quoting attributes with
    ' quotes them all, r="A1" included, which the cell check sees.
    """
    rest = data[body:] if body else data
    if b"\n" in rest or b"\r" in rest or b"\t" in rest:
        return False  # whitespace between elements (indented XML): the regexes expect none
    if MAIN in rest or b"<!" in rest:
        return False  # the namespace declared again (a prefix); a comment or CDATA inside a cell
    merges = rest.count(b"<mergeCell") if b"<mergeCell" in rest else 0
    if merges and merges != rest.count(b'<mergeCell ref="') + rest.count(b"<mergeCells"):
        return False
    return _ODD_CELL.search(rest) is None  # every cell begins <c r="A...


def _scan_chunk(data: bytes, marks: Marks, codes: list[str], pattern: re.Pattern[bytes] | None) -> None:
    """The marks of one piece of plain sheet XML, by regex."""
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


_HOLDS = re.compile(rb"<f[\s>/]|<v[^>]*>\s*[^<\s]|<t(?:\s[^>]*)?>\s*[^<\s]")


def _far_cells(data: bytes, marks: Marks, area: Area) -> None:
    """Note the cells of one piece of plain sheet XML that lie beyond the table area."""
    candidates = area.candidates
    if candidates.search(data) is None:
        return
    for m in candidates.finditer(data):
        row, col = int(m.group(2)) - 1, col_index(m.group(1))
        if not area.outside(row, col):
            continue
        start = data.find(b">", m.end())
        if data[start - 1 : start] == b"/":
            continue  # <c r="XFD9" s="1"/>: a format, no content
        marks.clipped += 1
        end = data.find(b"</c>", start)
        if _HOLDS.search(data, start, end if end >= 0 else len(data)):
            marks.far.append((row << 14) | col)


@lru_cache(maxsize=8)
def _candidates(letters: int, digits: int) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="(?=[A-Z]{%d}|[A-Z]{1,3}\d{%d})([A-Z]{1,3})(\d{1,7})"' % (letters, digits))


_ANY_CELL = re.compile(rb"<((?:[\w.-]+:)?)c\b([^>]*?)(?:/>|>.*?</\1c>)", re.S)
_R_ATTR = re.compile(rb"""\sr\s*=\s*["']([A-Z]{1,3})(\d{1,7})["']""")


def without_far_cells(xml: bytes, area: Area) -> bytes:
    """The sheet XML without its cells beyond the table area that hold anything (for the values' reader only)."""

    def cell(m: re.Match[bytes]) -> bytes:
        ref = _R_ATTR.search(m.group(2))
        if ref is None or not area.outside(int(ref.group(2)) - 1, col_index(ref.group(1))):
            return m.group(0)
        return b""

    return _ANY_CELL.sub(cell, xml)


def _row_chunks(fh: IO[bytes]) -> Iterator[bytes | None]:
    """The sheet XML in pieces of about 4 MiB, each ending at a row boundary (no cell is cut).

    None when no ``</row>`` ends 8 MiB of XML (a prefixed ``</x:row>``, or an absurd row): not plain.
    """
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
            if len(data) > 2 * CHUNK:
                yield None
                return
            rest = data
            continue
        cut += len(b"</row>")
        yield data[:cut]
        rest = data[cut:]
