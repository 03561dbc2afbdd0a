"""What an OpenDocument spreadsheet's XML says beyond its values: formulas, error values, merged cells, formats.

The counterpart of :mod:`lakip_xl.io.sheetxml` for ``.ods``: python-calamine
gives the values, this module reads ``content.xml`` once (every sheet is in it)
with a streaming XML parser (defusedxml: no DTD, no entity is ever expanded)
and gives each sheet the same :class:`~lakip_xl.io.sheetxml.Marks` the ``.xlsx``
scan gives:

- a formula is a cell's ``table:formula``; its cached result is its
  ``office:value-type``, or an empty text when it has only an empty paragraph
  (as LibreOffice writes ``""``); with neither it was never calculated; a formula naming another
  file (``'file:///...'#$Lembar.A1``) is external;
- an error result is ``calcext:value-type="error"`` (LibreOffice), its text the
  cell's paragraph (``#DIV/0!``);
- a number format is the cell's style (its own, else its row's or column's
  default) -> its data style (``number:number-style``, ``percentage-style``,
  ``date-style``...), turned into an Excel-like format code that
  :func:`lakip_xl.io.formats.format_info` and
  :func:`lakip_xl.io.sheetxml.is_date_format` read;
- merged cells are ``table:number-columns-spanned``/``number-rows-spanned``;
- repeated rows and cells (``table:number-rows-repeated``,
  ``number-columns-repeated``) count as that many; an empty repeat (the
  1,048,000 empty rows LibreOffice writes at a sheet's end) is nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from defusedxml.ElementTree import iterparse

from lakip_xl.io.formats import shows_decimals
from lakip_xl.io.sheetxml import Area, Marks, is_date_format
from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import id_number

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
NUMBER = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
MAX_PLACES = 30  # decimals a data style may show (LibreOffice allows 20); a larger count written says no more
MAX_REPEATED = 1_000_000  # cells a sheet's repeats may add to its table area (a few bytes must not become gigabytes)
MAX_FAR = 100_000  # as lakip_xl.io.xlsx: more far cells than this refuse the sheet (noting one more is enough)

_EXTERNAL = re.compile(r"'[^']*'#|\bfile:", re.I)  # ['file:///D:/lain.ods'#$Lembar1.A1], 'lain.ods'#$Lembar1.A1
_CELL, _COVERED, _ROW, _COLUMN, _TABLE = (
    TABLE + "table-cell",
    TABLE + "covered-table-cell",
    TABLE + "table-row",
    TABLE + "table-column",
    TABLE + "table",
)
_DATA_STYLES = {
    NUMBER + "number-style": "number",
    NUMBER + "currency-style": "number",
    NUMBER + "percentage-style": "percent",
    NUMBER + "date-style": "date",
    NUMBER + "time-style": "time",
    NUMBER + "text-style": "text",
    NUMBER + "boolean-style": "general",
}


class Source(Protocol):
    """What the scans read: a binary stream (a zip member, :class:`lakip_xl.io.ods.Member`)."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes; all with -1."""
        ...


class Styles:
    """The number format code of each cell style of a document (its styles.xml and content.xml).

    Only codes that show decimals, a percent, a date or a time are kept: the
    others mean nothing to the reader (as :class:`lakip_xl.io.sheetxml.Scanner`).
    """

    def __init__(self) -> None:
        self.data: dict[str, str] = {}  # data style name -> format code
        self.maps: dict[str, str] = {}  # data style name -> the style it applies to values >= 0
        self.cells: dict[str, tuple[str | None, str | None]] = {}  # cell style -> (data style, parent)
        self._codes: dict[str, str | None] = {}

    def read(self, elem: Any) -> None:
        """Take one style element (``style:style`` or a data style) as it ends in the parse."""
        tag = elem.tag
        name = elem.get(STYLE + "name")
        if name is None:
            return
        if tag == STYLE + "style":
            if elem.get(STYLE + "family") == "table-cell":
                self.cells[name] = (elem.get(STYLE + "data-style-name"), elem.get(STYLE + "parent-style-name"))
            return
        kind = _DATA_STYLES.get(tag)
        if kind is None:
            return
        self.data[name] = _code(kind, elem)
        first = elem.find(STYLE + "map")
        if first is not None and first.get(STYLE + "apply-style-name"):
            self.maps[name] = first.get(STYLE + "apply-style-name")

    def code(self, cell_style: str | None) -> str | None:
        """The noted format code of a cell style (through its parents), or None."""
        if cell_style is None:
            return None
        if cell_style in self._codes:
            return self._codes[cell_style]
        code: str | None = None
        seen: set[str] = set()
        name: str | None = cell_style
        while name is not None and name not in seen:
            seen.add(name)
            data, parent = self.cells.get(name, (None, None))
            if data is not None:
                data = self.maps.get(data, data) if data in self.maps and self.maps[data] in self.data else data
                code = self.data.get(data)
                break
            name = parent
        noted = code if code is not None and (shows_decimals(code) or is_date_format(code)) else None
        self._codes[cell_style] = noted
        return noted


def _code(kind: str, elem: Any) -> str:
    """An Excel-like format code for a data style: its decimals, percent, date or time are what count."""
    if kind == "date":
        return "yyyy-mm-dd"
    if kind == "time":
        return "hh:mm:ss"
    if kind == "text":
        return "@"
    number = elem.find(NUMBER + "number")
    if number is None:
        number = elem.find(NUMBER + "scientific-number")
    if number is None:
        return "0%" if kind == "percent" else "General"
    written = number.get(NUMBER + "decimal-places", "0")
    places = min(int(written), MAX_PLACES) if written.isascii() and written.isdigit() else 0
    whole = "#,##0" if number.get(NUMBER + "grouping") == "true" else "0"
    code = whole + ("." + "0" * places if places > 0 else "")
    return code + "%" if kind == "percent" else code


def read_styles(fh: Source, styles: Styles) -> None:
    """Take every style of ``styles.xml`` (common and automatic ones)."""
    for _, elem in iterparse(fh, events=("end",), forbid_dtd=True):
        if elem.tag.startswith((STYLE, NUMBER)) and elem.tag in _STYLE_TAGS:
            styles.read(elem)


_STYLE_TAGS = frozenset((STYLE + "style", *_DATA_STYLES))


class Sheet:
    """The walk through one ``table:table``: where the next row and cell are, and the column styles."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.marks = Marks()
        self.row = 0
        self.col = 0
        self.repeat = 1
        self.row_style: str | None = None
        self.columns: list[tuple[int, str | None]] = []  # (first column past this run, default cell style)
        self.width = 0
        self.repeated = 0  # cells of the table area noted beyond the one written (a repeat's copies, a span's)

    def spend(self, col: int, n: int, area: Area) -> None:
        """Count the copies a cell at ``col`` repeated ``n`` times (over the row's repeats) adds to the table area.

        Raises:
            LakipError: The sheet's repeats add more than :data:`MAX_REPEATED` cells.
        """
        rows = min(self.row + self.repeat, area.rows) - self.row
        cols = min(col + n, area.cols) - col
        if rows > 0 and cols > 0:
            self.repeated += rows * cols - 1
        if self.repeated > MAX_REPEATED:
            raise LakipError(
                f"Lembar mengulang sel menjadi lebih dari {id_number(MAX_REPEATED)} sel (atribut pengulangan .ods "
                "number-rows-repeated/number-columns-repeated); ditolak",
                self.name,
            )

    def column_style(self, col: int) -> str | None:
        """The default cell style of column ``col`` (its ``table:table-column``), or None."""
        for end, style in self.columns:
            if col < end:
                return style
        return None

    def merge(self, col: int, n: int, cols: int, rows: int, area: Area) -> None:
        """Note a cell spanning ``cols`` x ``rows`` (each of its ``n`` repeats, over the row's repeats)."""
        if cols > 1 or rows > 1:
            self.spend(col, n, area)
            for row in range(self.row, min(self.row + self.repeat, area.rows)):
                for c in range(col, min(col + n, area.cols)):
                    self.marks.merged.append((row, c, row + rows - 1, c + cols - 1))

    def note(
        self,
        col: int,
        n: int,
        formula: str | bytes | None,
        uncached: bool,
        error: str | None,
        code: str | None,
        area: Area,
    ) -> None:
        """Note a cell holding data at ``col``, ``n`` times over and over the row's repeats.

        Args:
            col: Its first column.
            n: Its ``number-columns-repeated``.
            formula: Its ``table:formula`` (as parsed, or as written in the attribute: ``&apos;`` for ``'``), or
                None.
            uncached: A formula without a result: no value type and no paragraph (LibreOffice writes an empty
                text result as ``<text:p/>``).
            error: Its error value (``#DIV/0!``), or None.
            code: Its noted number format (:meth:`Styles.code`), or None.
            area: The table area; the cells beyond it are far (at most one more than :data:`MAX_FAR` noted).
        """
        self.spend(col, n, area)
        marks = self.marks
        external = formula is not None and external_formula(formula)
        for row in range(self.row, self.row + self.repeat):
            for c in range(col, col + n):
                key = (row << 14) | c
                if area.outside(row, c):
                    marks.clipped += 1
                    if len(marks.far) > MAX_FAR:
                        return  # one more than the limit: the sheet is refused (lakip_xl.io.xlsx.check_far)
                    marks.far.append(key)
                    continue
                if code is not None:
                    marks.formats[key] = code
                if formula is not None:
                    marks.formulas.add(key)
                    marks.marked.add(row)
                    if uncached:
                        marks.uncached.add(key)
                    if external:
                        marks.external.add(key)
                if error is not None:
                    marks.errors[key] = error
                    marks.marked.add(row)


def scan_content(
    open_part: Callable[[], AbstractContextManager[Source]], styles: Styles, area: Area
) -> dict[str, Marks]:
    """The marks of every sheet of ``content.xml``, in the document's order (by sheet name).

    Raises:
        DefusedXmlException: The XML declares a DTD or entities.
        SyntaxError: The XML is not well-formed (ElementTree's ParseError).
    """
    out: dict[str, Marks] = {}
    sheet: Sheet | None = None
    parents: list[Any] = []
    with open_part() as fh:
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = elem.tag
            if event == "start":
                parents.append(elem)
                if tag == _ROW and sheet is not None:
                    sheet.col = 0
                    sheet.repeat = count(elem, TABLE + "number-rows-repeated")
                    sheet.row_style = elem.get(TABLE + "default-cell-style-name")
                elif tag == _TABLE and sheet is None:
                    sheet = Sheet(elem.get(TABLE + "name", ""))
                continue
            parents.pop()
            if sheet is None:
                if tag in _STYLE_TAGS:
                    styles.read(elem)
                continue
            if tag in (_CELL, _COVERED):
                _cell(sheet, elem, styles, area)
            elif tag == _ROW:
                sheet.row += sheet.repeat
                if parents:
                    parents[-1].clear()  # the finished rows: the parse holds one row at a time
            elif tag == _COLUMN:
                sheet.width += count(elem, TABLE + "number-columns-repeated")
                sheet.columns.append((sheet.width, elem.get(TABLE + "default-cell-style-name")))
            elif tag == _TABLE:
                add_sheet(out, sheet)
                sheet = None
                if parents:
                    parents[-1].clear()
    return out


def add_sheet(out: dict[str, Marks], sheet: Sheet) -> None:
    """Keep a finished sheet's marks.

    Raises:
        LakipError: Another sheet has its name (python-calamine would read one of them, the other lost silently).
    """
    if sheet.name in out:
        raise LakipError(
            f"Berkas memuat dua lembar bernama '{sheet.name}'; LibreOffice tidak pernah menyimpan begitu: ganti nama "
            "salah satunya di LibreOffice lalu simpan lagi"
        )
    out[sheet.name] = sheet.marks


def external_formula(formula: str | bytes) -> bool:
    """True for a formula naming another file (``'file:///D:/lain.ods'#$Lembar1.A1``)."""
    if isinstance(formula, bytes):
        return (b"#" in formula or b"ile:" in formula or b"ILE:" in formula) and _EXTERNAL.search(
            formula.replace(b"&apos;", b"'").decode("utf-8", "replace")
        ) is not None
    return _EXTERNAL.search(formula) is not None


def count(elem: Any, attr: str) -> int:
    """A parsed element's repeat or span ``attr`` as a count: 1 unless it is ASCII digits above 0."""
    value = elem.get(attr)
    return int(value) if value is not None and value.isascii() and value.isdigit() and int(value) > 0 else 1  # not "²"


def _cell(sheet: Sheet, elem: Any, styles: Styles, area: Area) -> None:
    """Note one parsed cell (:meth:`Sheet.note`)."""
    col, n = sheet.col, count(elem, TABLE + "number-columns-repeated")
    sheet.col += n
    if elem.tag == _CELL:
        sheet.merge(col, n, count(elem, TABLE + "number-columns-spanned"), count(elem, TABLE + "number-rows-spanned"),
                    area)  # fmt: skip
    formula = elem.get(TABLE + "formula")
    kind = elem.get(OFFICE + "value-type")
    texts = [p for p in elem if p.tag == TEXT + "p"]
    if formula is None and kind is None and not any("".join(p.itertext()).strip() for p in texts):
        return  # empty (a comment, a style or a border only): no data, however often repeated
    error = None
    if elem.get(CALCEXT + "value-type") == "error":
        error = "\n".join("".join(p.itertext()) for p in texts) or "#VALUE!"
    style = elem.get(TABLE + "style-name") or sheet.row_style or sheet.column_style(col)
    sheet.note(col, n, formula, kind is None and not texts, error, styles.code(style), area)
