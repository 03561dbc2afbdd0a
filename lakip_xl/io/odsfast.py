"""The marks of an .ods ``content.xml`` as LibreOffice writes it, by regular expressions: the fast path.

The XML parse of :func:`lakip_xl.io.odsxml.scan_content` costs about 40 us a
cell; a budget sheet of 5,000 subkegiatan has 100,000 of them, most repeated
empty cells or formulas with a cached value that need no more than a look at
their attributes. LibreOffice writes ``content.xml`` in one plain form: the
ODF namespaces bound once on the root to their usual prefixes (``table:``,
``office:``, ``text:``, ``calcext:``), attributes in double quotes, no comment,
CDATA or DTD. Such XML is read here, in pieces of about 4 MiB that end at a row's
end, with the same :class:`lakip_xl.io.odsxml.Sheet` bookkeeping; anything else
(another prefix, a namespace declared again, a quote or a tag these expressions
would not read) returns None, and the caller reads the file with the parser.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from html import unescape

from lakip_xl.io.odsxml import Sheet, Source, Styles, add_sheet, external_formula, read_styles
from lakip_xl.io.sheetxml import Area, Marks

CHUNK = 4 << 20
NAMESPACES = (
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
)
CALCEXT = b'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
_ATTRS = rb'((?:\s+[\w:.-]+="[^"]*")*)\s*(/?)>'
_OUTER = re.compile(rb"<(/?)table:(table-row|table-column|table)" + _ATTRS)
_CELL = re.compile(rb"<table:(table-cell|covered-table-cell)" + _ATTRS)
# each attribute pattern begins with a literal: the regex engine then searches as fast as bytes.find
_FORMULA = re.compile(rb'table:formula="([^"]*)"')
_STYLE = re.compile(rb'table:style-name="([^"]*)"')
_REPEAT = re.compile(rb'table:number-columns-repeated="(\d+)"')
_REPEATED = re.compile(rb'table:number-columns-repeated="0*([1-9]\d*)"')  # its findall: the values, no match objects
_ERROR = re.compile(rb'calcext:value-type="error"')
_ROWS_REPEAT = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ROW_STYLE = re.compile(rb'table:default-cell-style-name="([^"]*)"')
_COLS_SPAN = re.compile(rb'table:number-columns-spanned="(\d+)"')
_ROWS_SPAN = re.compile(rb'table:number-rows-spanned="(\d+)"')
_NAME = re.compile(rb'table:name="([^"]*)"')
_CELL_START = re.compile(rb"<table:(?:covered-)?table-cell")
# what the expressions do not read: a comment or CDATA, a namespace declared again. A writer quoting
# attributes with ' does so on the root too, whose declarations must read xmlns:table="..." (_plain_head).
# Spaces around an attribute's "=" are not looked for (no serializer writes them; each check costs a pass
# over the XML): such a cell's formula would be read as its cached value, never as a crash.
_ODD = (b"<!", b"xmlns")
_PARAGRAPH = re.compile(rb"<text:p\b[^>]*?(?:/>|>(.*?)</text:p>)", re.S)
_ANNOTATION = re.compile(rb"<office:annotation\b.*?</office:annotation>", re.S)
_ANY_TAG = re.compile(rb"<[^>]*>")


def fast_scan(fh: Source, styles: Styles, area: Area) -> dict[str, Marks] | None:
    """Every sheet's marks from LibreOffice's plain ``content.xml``; None when it is not plain (read it otherwise).

    ``styles`` must already hold styles.xml's styles; the automatic styles ahead of the body are added here.
    """
    scan = _Scan(styles, area)
    rest, head = b"", True
    while True:
        block = fh.read(CHUNK)
        data = rest + block
        if head:
            body = data.find(b"<office:body")
            if body < 0:
                if not block or len(data) > 4 * CHUNK:
                    return None
                rest = data
                continue
            if not _plain_head(data, body, styles):
                return None
            data, head = data[body:], False
        cut = max(data.rfind(b"</table:table-row>"), data.rfind(b"</table:table>")) if block else len(data)
        if cut < 0:
            if len(data) > 2 * CHUNK:
                return None
            rest = data
            continue
        end = data.find(b">", cut) + 1 if block else len(data)
        try:
            if not scan.chunk(data[:end]):
                return None
        except _NotPlain:
            return None
        rest = data[end:]
        if not block:
            return scan.out


def _plain_head(data: bytes, body: int, styles: Styles) -> bool:
    """Check the root binds the usual prefixes; read the automatic styles ahead of the body."""
    start = data.find(b"<office:document-content")
    root_end = data.find(b">", start)
    if start < 0 or root_end < 0 or b"<!" in data[:body]:
        return False
    root = data[start:root_end]
    if not all(ns in root for ns in (*NAMESPACES, CALCEXT)):
        return False
    read_styles(io.BytesIO(data[:body] + b"</office:document-content>"), styles)
    return True


class _Scan:
    """The walk through the plain body, piece by piece (a sheet spans pieces; a row never does).

    A row is read whole: when its cells' columns are plain to count (no repeat but on an empty last cell,
    no more cells than the area's columns, no span, no row repeat holding data, no noted default style),
    only the cells that carry a mark (a formula, an error, a noted style) are looked at, each placed by
    counting the cell tags before it; any other row is read cell by cell.
    """

    def __init__(self, styles: Styles, area: Area) -> None:
        self.styles, self.area = styles, area
        self.out: dict[str, Marks] = {}
        self.sheet: Sheet | None = None
        self._marked: re.Pattern[bytes] | None = None
        self.defaults_noted = False  # a row's or column's default style is noted: every cell is looked at
        self.errors = self.spans = True  # whether the piece being read holds any error result, any span
        self._codes: dict[bytes, object] = {}  # a cell style as written -> its noted format (or None)

    @property
    def marked(self) -> re.Pattern[bytes]:
        """Where a cell may carry a mark: a formula, an error result, a style whose format is noted."""
        if self._marked is None:
            names = [n.encode() for n in self.styles.cells if self.styles.code(n) is not None]
            noted = b"|".join(re.escape(n) for n in names)
            styles = rb'|style-name="(?:' + noted + rb')"' if noted else b""
            # one literal prefix ("table:"): the regex engine then searches as fast as bytes.find
            self._marked = re.compile(rb'table:(?:formula="' + styles + rb")")
        return self._marked

    def chunk(self, data: bytes) -> bool:
        """Read one piece; False when it is not plain after all."""
        if any(odd in data for odd in _ODD):
            return False
        self.errors, self.spans = b'"error"' in data, b"-spanned" in data  # once a piece, not once a row
        pos, rows = 0, 0
        while True:
            m = _OUTER.search(data, pos)
            if m is None:
                break
            ending, name, attrs, closed = m.group(1), m.group(2), m.group(3), m.group(4)
            pos = m.end()
            sheet = self.sheet
            if ending:
                if name == b"table" and sheet is not None:  # </table:table>
                    self.close()
            elif name == b"table-row":
                rows += 1
                end = pos if closed else data.find(b"</table:table-row>", pos)
                if end < 0:
                    return False
                if sheet is not None:
                    self.row(sheet, attrs, data[pos:end])
                pos = end if closed else end + len(b"</table:table-row>")
            elif name == b"table-column":
                if sheet is not None:
                    sheet.width += _number(_REPEAT, attrs)
                    style = _ROW_STYLE.search(attrs)
                    sheet.columns.append((sheet.width, _text(style.group(1)) if style else None))
                    self.defaults_noted = self.defaults_noted or self.styles.code(sheet.columns[-1][1]) is not None
            elif name == b"table":
                if sheet is not None:
                    return False  # a table inside a table: left to the parser
                named = _NAME.search(attrs)
                self.sheet = Sheet(_text(named.group(1)) if named else "")
                self.defaults_noted = False
                if closed:
                    self.close()
        # every row start tag was read by _OUTER (no attribute in another form slipped by)
        return rows == data.count(b"<table:table-row") - data.count(b"<table:table-row-")

    def close(self) -> None:
        assert self.sheet is not None
        add_sheet(self.out, self.sheet)
        self.sheet = None

    def row(self, sheet: Sheet, attrs: bytes, body: bytes) -> None:
        """Note one row's cells, then move on by its repeat."""
        sheet.col = 0
        sheet.repeat = _number(_ROWS_REPEAT, attrs) if b"rows-repeated" in attrs else 1
        style = _ROW_STYLE.search(attrs) if b"default-cell-style" in attrs else None
        sheet.row_style = _text(style.group(1)) if style else None
        if style is not None:
            self.defaults_noted = self.defaults_noted or self.styles.code(sheet.row_style) is not None
        cells = body.count(b"<table:")  # a row holds cells only: each begins <table:table-cell or <table:covered-
        if self._plain_row(sheet, body, cells):
            hits = list(self.marked.finditer(body))
            if self.errors and b'"error"' in body:  # an error result without a formula (typed, or pasted as values)
                hits = sorted([*hits, *_ERROR.finditer(body)], key=lambda h: h.start())
            if hits:
                self._hits(sheet, body, hits)
        else:
            matched = 0
            for m in _CELL.finditer(body):
                matched += 1
                self.cell(sheet, m.group(1), m.group(2), m.group(3), body, m.end())
            if matched != cells:
                raise _NotPlain
        sheet.row += sheet.repeat

    def _hits(self, sheet: Sheet, body: bytes, hits: list[re.Match[bytes]]) -> None:
        """Note the cells of a plain row that carry a mark, each placed by the cell tags (and repeats) before it."""
        starts = [c.start() for c in _CELL_START.finditer(body)]
        repeats = (
            [(m.start(), int(m.group(1)) - 1) for m in _REPEAT.finditer(body)] if b"columns-repeated" in body else []
        )
        marks, row, placed = sheet.marks, sheet.row, -1
        for hit in hits:
            before = bisect_right(starts, hit.start())  # the cell tags up to this one's
            at = starts[before - 1] if before else -1
            if at <= placed:
                continue  # the same cell again (a formula in a noted style), or none
            placed = at
            col = before - 1 + (sum(extra for p, extra in repeats if p < at and extra > 0) if repeats else 0)
            m = _CELL.match(body, at)
            if m is None:
                raise _NotPlain
            attrs = m.group(2)
            if b"office:value-type=" not in attrs or b"-repeated" in attrs or b'"error"' in attrs:
                sheet.col = col  # anything but one cell holding a value or a formula's result: the general way
                self.cell(sheet, m.group(1), attrs, m.group(3), body, m.end())
                continue
            # one cell with a value (typed or cached) in the table area (a plain row holds no far data)
            key = (row << 14) | col
            code = self.code_of(attrs, sheet, col)
            if code is not None:
                marks.formats[key] = code
            formula = attrs.find(b'table:formula="')
            if formula >= 0:
                marks.formulas.add(key)
                marks.marked.add(row)
                end = attrs.find(b'"', formula + 15)
                if external_formula(attrs[formula + 15 : end]):
                    marks.external.add(key)

    def code_of(self, attrs: bytes, sheet: Sheet, col: int) -> str | None:
        """The noted format of a cell: its own style's, else its row's or column's default style's."""
        found = _STYLE.search(attrs) if b"table:style-name=" in attrs else None
        if found is None:
            return self.styles.code(sheet.row_style or sheet.column_style(col))
        name = found.group(1)
        code = self._codes.get(name, self)
        if code is self:
            code = self._codes[name] = self.styles.code(_text(name))
        return code if code is None or isinstance(code, str) else None

    def _plain_row(self, sheet: Sheet, body: bytes, cells: int) -> bool:
        """True when only the cells carrying a mark matter in this row, and their columns can be counted.

        So when no default style is noted, no cell spans others, and every cell holding data lies in the
        table area (a far cell is noted cell by cell): all but the last cell (with their repeats) fit in it,
        and the last one holds nothing or fits too.
        """
        if self.defaults_noted or (self.spans and b"-spanned" in body):
            return False
        if b"value-type" not in body and b"table:formula" not in body and b"<text:p" not in body:
            return True  # no data: only a noted style, which marks nothing without data
        if sheet.repeat > 1 or sheet.row >= self.area.rows:
            return False
        last = body.rfind(b"<table:")
        repeated = b"columns-repeated" in body
        start = cells - 1 + (sum(int(v) - 1 for v in _REPEATED.findall(body, 0, last) if v) if repeated else 0)
        if start > self.area.cols:
            return False  # the last cell's column
        if b"value-type" not in body[last:] and b"table:formula" not in body[last:] and b"<text:p" not in body[last:]:
            return True
        width = _number(_REPEAT, body[last:]) if repeated else 1
        return start + width <= self.area.cols

    def cell(self, sheet: Sheet, name: bytes, attrs: bytes, closed: bytes, data: bytes, at: int) -> None:
        """Note one cell from its start tag (and its content, only when the attributes do not say enough)."""
        formula = None
        at_formula = attrs.find(b'table:formula="')
        if at_formula >= 0:  # the formula out of the attributes: the checks below then look at a few bytes
            end = attrs.find(b'"', at_formula + 15)
            formula, attrs = attrs[at_formula + 15 : end], attrs[:at_formula] + attrs[end + 1 :]
        col = sheet.col
        n = _number(_REPEAT, attrs) if b"columns-repeated" in attrs else 1
        sheet.col += n
        if b"-spanned" in attrs and name == b"table-cell":
            sheet.merge(col, n, _number(_COLS_SPAN, attrs), _number(_ROWS_SPAN, attrs), self.area)
        valued = b"office:value-type=" in attrs
        error = b'calcext:value-type="error"' in attrs
        if closed:
            inner = b""
        elif valued and not error:
            inner = b"<text:p"  # a value or a formula's cached result: its content is not needed
        else:
            stop = data.find(b"</table:" + name + b">", at)
            inner = data[at : stop if stop >= 0 else len(data)]
        if not valued and formula is None and not _holds_text(inner):
            return
        found = _STYLE.search(attrs) if b"table:style-name=" in attrs else None
        style = _text(found.group(1)) if found else sheet.row_style or sheet.column_style(col)
        error_text = (_paragraphs(inner) or "#VALUE!") if error else None
        uncached = not valued and b"<text:p" not in inner
        sheet.note(col, n, formula, uncached, error_text, self.styles.code(style), self.area)


class _NotPlain(Exception):
    """A row whose cells the expressions did not all read."""


def _number(pattern: re.Pattern[bytes], attrs: bytes) -> int:
    m = pattern.search(attrs)
    return int(m.group(1)) if m is not None and int(m.group(1)) > 0 else 1


def _text(raw: bytes) -> str:
    """An attribute's value as the parser gives it (entities such as ``&quot;`` replaced)."""
    text = raw.decode("utf-8", "replace")
    return unescape(text) if "&" in text else text


def _paragraphs(inner: bytes) -> str:
    """The text of a cell's paragraphs (not of its comment), one line each."""
    bare = _ANNOTATION.sub(b"", inner) if b"<office:annotation" in inner else inner
    return "\n".join(_text(_ANY_TAG.sub(b"", m.group(1) or b"")) for m in _PARAGRAPH.finditer(bare))


def _holds_text(inner: bytes) -> bool:
    return b"<text:p" in inner and _paragraphs(inner).strip() != ""
