"""Every workbook the tool writes goes through here: xlsxwriter with Excel's limits kept visibly.

Excel refuses a cell text over 32,767 characters, a comment over 32,767, more
than 65,530 links on a sheet and a header or footer over 255 characters;
xlsxwriter then truncates silently, drops the comment or the footer, or prints
a Python warning per link. :class:`Sheet` instead cuts the text with a visible
mark (``… [dipotong: N karakter]``), writes the link's text without the link
and counts it (:attr:`Sheet.unlinked`), and shortens a footer's text. Its
temporary files go to a private folder removed with the workbook
(:func:`lakip_xl.io.atomic.scratch_folder`), never left in ``$TMPDIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lakip_xl.io.book import Book, LeanWorksheet
from lakip_xl.model.numbers import id_number

WORKBOOK_OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
MAX_TEXT = 32_767  # characters (UTF-16 units) of a cell text or a comment
MAX_LINKS = 65_530  # hyperlinks on one worksheet
MAX_FOOTER = 255  # characters of a header or footer, control codes included


def units(text: str) -> int:
    """Length in UTF-16 code units, as Excel counts."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` when it fits ``limit``, else its beginning and a visible mark saying how long it was."""
    if len(text) * 2 <= limit or units(text) <= limit:
        return text
    mark = f"… [dipotong: {id_number(len(text))} karakter]"
    room = limit - units(mark)
    head = text[:room]
    while units(head) > room:
        head = head[:-1]
    return head + mark


def escape(text: str) -> str:
    """Text for a header or footer: ``&`` is a control code there."""
    return text.replace("&", "&&")


def footer(left: str, center: str | None = None) -> str:
    """A footer: plain ``left`` text, plain ``center`` text (None: the sheet's name), page N of M on the right.

    The texts are escaped here and the longer one shortened with "…" until the footer fits Excel's 255.
    """
    parts = [left, center if center is not None else ""]
    while True:
        middle = escape(parts[1]) if center is not None else "&A"
        text = f"&L{escape(parts[0])}&C{middle}&RHalaman &P dari &N"
        if units(text) <= MAX_FOOTER:
            return text
        longest = 0 if center is None or len(parts[0]) >= len(parts[1]) else 1
        keep = max(len(parts[longest]) - (units(text) - MAX_FOOTER) - 2, 0)
        parts[longest] = parts[longest][:keep] + "…"


class Sheet(LeanWorksheet):
    """A worksheet that keeps Excel's limits visibly instead of silently or with warnings.

    It stores formulas as :class:`lakip_xl.io.book.LeanWorksheet` does (no regex pass where none applies).

    Attributes:
        unlinked: Links past :data:`MAX_LINKS` written as plain text.
    """

    link_limit = MAX_LINKS

    def __init__(self) -> None:
        super().__init__()
        self.links = 0
        self.unlinked = 0

    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        """Write a text cell, cut visibly when over Excel's limit."""
        return int(super().write_string(row, col, cut(string), cell_format))

    def write_comment(self, row: int, col: int, comment: str, options: Any = None) -> int:
        """Write a comment, cut visibly when over Excel's limit (xlsxwriter would drop it)."""
        return int(super().write_comment(row, col, cut(comment), options))

    def write_url(
        self, row: int, col: int, url: str, cell_format: Any = None, string: str | None = None, tip: Any = None
    ) -> int:
        """Write a link; past the sheet's link limit, its text alone (counted in :attr:`unlinked`)."""
        if self.links >= self.link_limit:
            self.unlinked += 1
            return self.write_string(row, col, string if string is not None else url, cell_format)
        self.links += 1
        return int(super().write_url(row, col, url, cell_format, None if string is None else cut(string), tip))


def new_workbook(path: Path, scratch: Path | None) -> Any:
    """A :class:`lakip_xl.io.book.Book` of :class:`Sheet` sheets, its temporary files in ``scratch`` (when given)."""
    options: dict[str, Any] = dict(WORKBOOK_OPTIONS)
    if scratch is not None:
        options["tmpdir"] = str(scratch)
    wb = Book(str(path), options)
    wb.worksheet_class = Sheet
    return wb
