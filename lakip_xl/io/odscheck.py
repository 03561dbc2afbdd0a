"""What python-calamine cannot read in an .ods: it then refuses the whole file, naming nothing.

python-calamine parses every cell's ``office:value`` as a number and every repeat as a count; one that is
not (``74,85`` from a careless program, a repeat of ``x``) fails the whole workbook with an English reason.
After such a refusal, :func:`unreadable_value` finds that cell so the line names its sheet and cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from defusedxml.ElementTree import iterparse

from lakip_xl.io.odsxml import _CELL, _COVERED, _ROW, _TABLE, OFFICE, TABLE, Sheet, Source, count

# a number as python-calamine (Rust's f64) reads office:value: no spaces, no group marks, no comma
_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])"
)


def unreadable_value(open_part: Callable[[], AbstractContextManager[Source]]) -> tuple[str, int, int, str] | None:
    """The first cell python-calamine cannot read (it then refuses the whole file): a value or repeat it cannot parse.

    That is an ``office:value`` that is no number, or a ``number-rows-repeated``/``number-columns-repeated`` that
    is no count (a row's is reported at its first cell).

    Returns:
        (sheet, row, column, the attribute and its value as written), 0-based; None when every cell reads.
    """
    sheet: Sheet | None = None
    parents: list[Any] = []
    with open_part() as fh:
        for event, elem in iterparse(fh, events=("start", "end"), forbid_dtd=True):
            tag = elem.tag
            if event == "start":
                parents.append(elem)
                if tag == _TABLE and sheet is None:
                    sheet = Sheet(elem.get(TABLE + "name", ""))
                elif tag == _ROW and sheet is not None:
                    sheet.col, sheet.repeat = 0, count(elem, TABLE + "number-rows-repeated")
                    if not _is_count(elem.get(TABLE + "number-rows-repeated", "1")):
                        return (
                            sheet.name,
                            sheet.row,
                            0,
                            f'number-rows-repeated="{elem.get(TABLE + "number-rows-repeated")}"',
                        )
                elif tag in (_CELL, _COVERED) and sheet is not None:
                    value = elem.get(OFFICE + "value")
                    if value is not None and _NUMBER.fullmatch(value) is None:
                        return sheet.name, sheet.row, sheet.col, f'office:value="{value}"'
                    repeat = elem.get(TABLE + "number-columns-repeated", "1")
                    if not _is_count(repeat):
                        return sheet.name, sheet.row, sheet.col, f'number-columns-repeated="{repeat}"'
                    sheet.col += count(elem, TABLE + "number-columns-repeated")
                continue
            parents.pop()
            if sheet is not None and tag == _ROW:
                sheet.row += sheet.repeat
            elif tag == _TABLE:
                sheet = None
            if tag in (_ROW, _TABLE) and parents:
                parents[-1].clear()
    return None


def _is_count(value: str) -> bool:
    """A repeat python-calamine reads: ASCII digits within 64 bits."""
    return value.isascii() and value.isdigit() and int(value) < 1 << 64
