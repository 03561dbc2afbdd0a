"""What every sheet of the rekap workbook shares: its formats, how it prints, how its rows are sized and linked.

Each sheet prints on A4 landscape, fitted to the page width at no less than
:data:`MIN_SCALE` (about 9 pt for 10 pt text: its columns are chosen to fit),
its own header row repeated on every page, every row as tall as its longest
wrapped text (a spreadsheet does not fit row heights to wrapped text itself,
so nothing spills over the next row), and every number in a column wide
enough for it (never ``###``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lakip_xl.io.inbox import NOT_AUDITED, PASSED_OVER, SUPERSEDED
from lakip_xl.io.styles import Styles
from lakip_xl.io.xlsxout import new_workbook
from lakip_xl.model.spec import Value
from lakip_xl.report.page import setup_page
from lakip_xl.report.unit import NOT_FILLED, NOT_SENT, OTHER_YEAR, UNREADABLE, RekapResult
from lakip_xl.report.workbook import FILLS

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

MIN_SCALE = 0.85  # no sheet of the rekap prints its 10 pt text smaller than 8.5 pt
LINE = 12.75  # points per line of 10 pt text
NARROW, WIDE = frozenset("iljtfrI.,;:'!|()[] "), frozenset("mwMWQGOD@%")
STATUS_FILL = {NOT_AUDITED: "#F4B084", PASSED_OVER: "#EDEDED", SUPERSEDED: "#FFE699", OTHER_YEAR: "#DDEBF7"}
SEVERITY_LABEL = {"error": "galat", "warning": "peringatan", "info": "info"}
VERDICT_FILL = {
    "bersih": "#E2EFDA", "ada galat": "#F4B084", "belum lengkap": "#FFE699", NOT_FILLED: "#F8CBAD",
    NOT_SENT: "#FFC7CE", UNREADABLE: "#D9D9D9",
}  # fmt: skip
FLAG_FILL = "#FFEB9C"  # a unit not on the --daftar list


def text_lines(text: str, width: float) -> int:
    """The lines a wrapped 10 pt text takes in a column ``width`` characters wide, words wrapped whole.

    Measured in pixels as Calibri (LibreOffice: Carlito, the same metrics) draws them, a tenth wider to be safe:
    capitals and wide letters count more than narrow ones, so a name in capitals gets the lines it needs.
    """
    room = width * 7 + 1  # the column's pixels less the cell's padding
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for word in part.split(" "):
            size = sum(_pixels(ch) for ch in word) * 1.1
            gap = _pixels(" ") if used else 0.0
            if used and used + gap + size > room:  # the word goes to the next line
                lines, used, gap = lines + 1, 0.0, 0.0
            while size > room:  # a word longer than the column is broken
                lines, size = lines + 1, size - room
            used += gap + size
    return lines


def _pixels(ch: str) -> float:
    if ch in NARROW:
        return 3.0
    if ch in WIDE:
        return 8.5
    if ch.isupper():
        return 6.9
    return 5.6


def row_height(cells: Sequence[tuple[str, float]]) -> float:
    """The height (points) of a row whose wrapped cells hold (text, column width): every line shown."""
    lines = max((text_lines(text, width) for text, width in cells if text), default=1)
    return 15.0 if lines <= 1 else min(LINE * lines + 3, 409)


class RekapBook:
    """The rekap workbook being written: its formats and the helpers its sheets share.

    Args:
        staged: Where xlsxwriter writes the package (its links are rewritten from it).
        scratch: xlsxwriter's private temporary folder.
        result: The rekap.
        links_from: The folder the rekap will live in (links to the units' reports are relative to it).
    """

    def __init__(self, staged: Path, scratch: Path, result: RekapResult, links_from: Path | None) -> None:
        self.result = result
        self.links_from = links_from
        self.wb = new_workbook(staged, scratch)
        self.st = Styles(self.wb)
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.fmt = {
            "n": self.wb.add_format({**base, "num_format": "#,##0"}),
            "m": self.wb.add_format({**base, "num_format": "#,##0"}),
            "p": self.wb.add_format({**base, "num_format": "#,##0.00"}),
            "t": self.wb.add_format({**base, "text_wrap": True}),
            "dec": self.wb.add_format({**base, "num_format": "#,##0.##########"}),
            "link": self.wb.add_format({**base, "text_wrap": True, "font_color": "#0563C1", "underline": 1}),
            "flag": self.wb.add_format({**base, "text_wrap": True, "bg_color": FLAG_FILL}),
        }
        self.total_fmt = {k: self.wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "num_format": nf,
                                                 "text_wrap": k == "t"})
                          for k, nf in (("n", "#,##0"), ("m", "#,##0"), ("p", "#,##0.00"), ("t", "@"))}  # fmt: skip
        self.verdict_fmt = {v: self.wb.add_format({**base, "bg_color": c, "bold": True, "text_wrap": True})
                            for v, c in VERDICT_FILL.items()}  # fmt: skip
        self.severity_fmt = {s.value: self.wb.add_format({**base, "bg_color": c}) for s, c in FILLS.items()}
        self.status_fmt = {k: self.wb.add_format({**base, "bg_color": c}) for k, c in STATUS_FILL.items()}
        self.block_fmt = self.wb.add_format({"font_name": "Calibri", "font_size": 11, "bold": True, "valign": "top",
                                             "text_wrap": True, "bottom": 2, "bottom_color": "#1F4E78"})  # fmt: skip
        self.line_fmt = self.wb.add_format(
            {"font_name": "Calibri", "font_size": 10, "valign": "top", "text_wrap": True}
        )
        self.note_fmt = self.wb.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top", "text_wrap": True,
                                            "italic": True, "font_color": "#595959"})  # fmt: skip

    def sheet(self, name: str, columns: Sequence[tuple[str, float]]) -> Worksheet:
        """A new sheet with these (header, width) columns set to their widths, laid out to print legibly."""
        ws = self.wb.add_worksheet(name)
        widths = [w for _, w in columns]
        for c, width in enumerate(widths):
            ws.set_column(c, c, width)
        ws.set_default_row(15)
        ws.set_row(0, 18)  # its title, in 13 pt
        return ws

    def header(self, ws: Worksheet, row: int, columns: Sequence[tuple[str, float]]) -> None:
        """The header row of a table, as tall as its longest wrapped header (bold: wider)."""
        for c, (name, _) in enumerate(columns):
            ws.write_string(row, c, name, self.st.header)
        ws.set_row(row, max(30.0, row_height([(name, width / 1.2) for name, width in columns])))

    def line(self, ws: Worksheet, row: int, last: int, text: str, fmt: Any = None, width: float = 0) -> None:
        """A line of text across the sheet's columns (merged, wrapped, its row as tall as the text)."""
        if last > 0:
            ws.merge_range(row, 0, row, last, text, fmt or self.line_fmt)
        else:
            ws.write_string(row, 0, text, fmt or self.line_fmt)
        if width:
            ws.set_row(row, row_height([(text, width)]))

    def fit(self, ws: Worksheet, row: int, cells: Sequence[tuple[str, float]]) -> None:
        """Give ``row`` the height its wrapped (text, width) cells need."""
        height = row_height(cells)
        if height > 15:
            ws.set_row(row, height)

    def page(self, ws: Worksheet, header_row: int | None, last_row: int, last_col: int) -> None:
        """A4 landscape, fitted to the page width, margins, its header row repeated, print area, footer."""
        setup_page(ws, "Rekap LAKIP", header_row, last_col, max(last_row, 0))

    def value(self, ws: Worksheet, r: int, c: int, value: Value, kind: str) -> None:
        """A figure: blank when unknown, text as typed (n/a ...), else a number in its format."""
        fmt = self.fmt[kind]
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            ws.write_string(r, c, value, self.fmt["t"])
        else:
            ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)

    def link(self, report: Path | None, anchor: str | None = None) -> str | None:
        """A relative external link to a unit's report (and a cell in it), or None."""
        if report is None or self.links_from is None:
            return None
        try:
            rel = Path(os.path.relpath(report.resolve(), self.links_from)).as_posix()
        except ValueError:  # another drive (Windows): no relative path exists
            return None
        if "#" in rel or "\\" in rel or len(rel) > 2000:  # '#' starts the cell; a backslash would become a '/'
            return None
        return f"external:{rel}" + (f"#{anchor}" if anchor else "")

    @staticmethod
    def year_title(year: str) -> str:
        """How a block names its year."""
        return f"Tahun {year}" if year else "Tahun tidak diketahui"
