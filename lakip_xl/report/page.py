"""How the report's front sheets print: A4 landscape geometry, page setup and page breaks.

Ringkasan and Catatan are laid out to fit the printable width of an A4
landscape page at (nearly) full size, so the print is legible; Ringkasan's
blocks (tables, charts) are kept whole on a page by manual page breaks placed
from the heights of its rows (:class:`PageFlow`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.io.xlsxout import footer

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

A4_LANDSCAPE = (842.0, 595.0)  # points
MARGIN_SIDE = 0.4  # inches, left and right
MARGIN_TOP = 0.6  # inches, top and bottom (the header and footer sit inside)
POINTS_PER_PIXEL = 0.75  # a spreadsheet's pixel at 96 dpi
DEFAULT_ROW = 14.25  # points, a row's height in a sheet laid out by PageFlow (written out: clients' defaults differ)
SAFETY = 0.94  # share of the page height filled: clients measure headers, footers and rows a little differently


def printable_width() -> float:
    """The printable width of an A4 landscape page, in points."""
    return A4_LANDSCAPE[0] - 2 * MARGIN_SIDE * 72


def printable_height() -> float:
    """The printable height of an A4 landscape page, in points."""
    return A4_LANDSCAPE[1] - 2 * MARGIN_TOP * 72


def column_pixels(width: float) -> int:
    """The pixels of a column ``width`` characters wide (xlsxwriter's and Excel's rule for Calibri 11)."""
    return int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)


def columns_points(widths: Iterable[float]) -> float:
    """The printed width, in points at 100 %, of columns of the given widths."""
    return sum(column_pixels(w) for w in widths) * POINTS_PER_PIXEL


def print_scale(widths: Iterable[float]) -> float:
    """The scale a client prints columns of these widths at when fitting them to the page width (at most 1)."""
    return min(1.0, printable_width() / columns_points(widths))


def setup_page(ws: Worksheet, unit: str, header_row: int | None, last_col: int, last_row: int) -> None:
    """A4 landscape, fit to the page width, margins, header rows repeated, print area, footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.print_area(0, 0, last_row, last_col)
    ws.set_footer(footer(unit))


class PageFlow:
    """Rows written top-down in blocks; a block that would cross the page's foot starts a new page.

    Args:
        ws: The sheet.
        height: The points of one printed page the rows may fill (printed at 100 %).
    """

    def __init__(self, ws: Worksheet, height: float | None = None) -> None:
        self.ws = ws
        ws.set_default_row(DEFAULT_ROW)
        self.height = (printable_height() if height is None else height) * SAFETY
        self.heights: dict[int, float] = {}
        self.used = 0.0
        self.breaks: list[int] = []
        self.start = 0  # first row of the block being written

    def set_height(self, row: int, points: float) -> None:
        """Give ``row`` its height (and remember it for the page flow)."""
        self.heights[row] = points
        self.ws.set_row(row, points)

    def block(self, end: int) -> None:
        """Close the block of rows from the last block's end up to ``end`` (exclusive): keep it on one page."""
        height = sum(self.heights.get(r, DEFAULT_ROW) for r in range(self.start, end))
        if self.used and self.used + height > self.height:
            self.breaks.append(self.start)
            self.used = 0.0
        self.used += height
        self.start = end

    def finish(self) -> None:
        """Write the page breaks."""
        if self.breaks:
            self.ws.set_h_pagebreaks(self.breaks)


def column_headers(ws: Worksheet, row: int, columns: Sequence[tuple[str, float]], style: Any) -> None:
    """A header row of (text, width) columns, each column set to its width."""
    for c, (name, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(row, c, name, style)


def number_or_text(ws: Worksheet, r: int, c: int, value: str | None, number: Any, text: Any) -> None:
    """Write a finding's decimal string as a number where it is one, else as text.

    ``number`` is a format, or a callable giving the format for the number's decimals.
    """
    if value is None:
        return
    try:
        dec = Decimal(value)
    except ArithmeticError:
        ws.write_string(r, c, value, text)
        return
    if dec.is_finite():
        exponent = dec.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        ws.write_number(r, c, float(dec), number(places) if callable(number) else number)
    else:
        ws.write_string(r, c, value, text)
