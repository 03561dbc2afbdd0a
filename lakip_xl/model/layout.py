"""Where things stand on a table sheet. All positions are 0-based (row, col).

A1 strings are made only at the edges (formulas, messages) by :func:`a1`.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

TITLE_ROW = 0
NOTE_ROW = 1
HEADER_ROW = 3
FIRST_DATA_ROW = 4
END_MARK = "— akhir tabel: sisipkan baris di atas baris ini —"
MAX_ROWS = 200_000
"""Rows of a sheet's table area, and of a sheet (rows holding cells): what the reader reads and ``fill`` writes."""
MAX_COLS = 64
"""Columns of a sheet's table area (A:BL; the widest LAKIP table has 26)."""


def a1(row: int, col: int, absolute: bool = False) -> str:
    """A1 reference of a 0-based (row, col), as ``xlsxwriter.utility.xl_rowcol_to_cell`` writes it."""
    if row < 0 or col < 0:
        return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))
    letters = _LETTERS.get(col) or col_letter(col)
    return f"${letters}${row + 1}" if absolute else f"{letters}{row + 1}"


def col_letter(col: int) -> str:
    """Column letters of a 0-based column index."""
    letters = _LETTERS.get(col)
    if letters is None:
        letters = str(xl_col_to_name(col))
        if col >= 0:
            _LETTERS[col] = letters
    return letters


_LETTERS: dict[int, str] = {}  # column letters by index, as formulas ask for them (hundreds of thousands of times)


def quote_sheet(sheet: str) -> str:
    """Sheet name quoted for use in a formula."""
    return "'" + sheet.replace("'", "''") + "'"


def whole_column(sheet: str, col: int) -> str:
    """Absolute whole-column reference on another sheet: 'Sheet'!$C:$C."""
    letter = col_letter(col)
    return f"{quote_sheet(sheet)}!${letter}:${letter}"
