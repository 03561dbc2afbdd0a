"""An .ods sheet's content cut to its table area, for python-calamine's eyes only.

The counterpart of :func:`lakip_xl.io.clip.clipped_sheet`: one typed cell in
row 1,048,576 or column XFD would make calamine hold a grid up to it. The copy
of ``content.xml`` keeps the one sheet asked for, without its rows and cells
beyond the area (a repeat that crosses the edge is shortened); the reader
reports those cells from the scan (:attr:`lakip_xl.io.sheetxml.Marks.far`).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any
from xml.etree import ElementTree as ET

from defusedxml.ElementTree import fromstring, iterparse

from lakip_xl.io.odsxml import TABLE, count
from lakip_xl.io.sheetxml import Area

_ROWS = frozenset({TABLE + "table-header-rows", TABLE + "table-row-group", TABLE + "table-rows"})
_CELLS = frozenset({TABLE + "table-cell", TABLE + "covered-table-cell"})


def clipped_content(xml: bytes, name: str, area: Area) -> bytes:
    """``content.xml`` holding only the sheet ``name``, within ``area``; prefixes kept as written (calamine's need)."""
    for _, (prefix, uri) in iterparse(io.BytesIO(xml), events=("start-ns",), forbid_dtd=True):
        if prefix:
            with contextlib.suppress(ValueError):  # a reserved ns0-like prefix: left to ElementTree
                ET.register_namespace(prefix, uri)
    root = fromstring(xml, forbid_dtd=True)
    for parent in root.iter():
        for table in [t for t in parent if t.tag == TABLE + "table"]:
            if table.get(TABLE + "name") != name:
                parent.remove(table)
            else:
                _clip_rows(table, 0, area)
    out: bytes = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return out


def _clip_rows(container: Any, row: int, area: Area) -> int:
    """Drop the rows of ``container`` from ``area.rows`` on and each row's cells from ``area.cols`` on."""
    for child in list(container):
        if child.tag in _ROWS:
            row = _clip_rows(child, row, area)
        elif child.tag == TABLE + "table-row":
            n = count(child, TABLE + "number-rows-repeated")
            if row >= area.rows:
                container.remove(child)
            else:
                if row + n > area.rows:
                    child.set(TABLE + "number-rows-repeated", str(area.rows - row))
                _clip_cells(child, area.cols)
            row += n
    return row


def _clip_cells(line: Any, cols: int) -> None:
    col = 0
    for cell in [c for c in line if c.tag in _CELLS]:
        n = count(cell, TABLE + "number-columns-repeated")
        if col >= cols:
            line.remove(cell)
        elif col + n > cols:
            cell.set(TABLE + "number-columns-repeated", str(cols - col))
        col += n
