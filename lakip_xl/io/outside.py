"""Cells that hold data a table's reader does not read.

The reader reads a table's rows from its header down to its end (the end mark
or the Jumlah line), in the columns whose headers it knows. Anything typed
elsewhere on the sheet below the header would vanish without a word: under the
end, beside the end line's own cells, under a header it does not know, or in
a row of a fixed-row table whose kode is none of its rows. :class:`Outside`
collects such cells as blocks (:class:`Unread`) that the audit reports, and
the cells the scan found beyond the sheet's table area (:meth:`Outside.far`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from lakip_xl.model.workbook import Unread, UnreadReason


def has_data(value: Any) -> bool:
    """True for a cell that shows something (not empty, not only spaces)."""
    return not (value is None or value == "" or (value.__class__ is str and not value.strip()))


def _filled(line: list[Any], columns: Iterable[int]) -> list[int]:
    width = len(line)
    return [c for c in columns if c < width and has_data(line[c])]


class Outside:
    """Collects the cells of one sheet that hold data outside its table.

    Args:
        header_row: The header's sheet row.
        known: Sheet columns whose header is one of the table's.
        header: The header row's values (to name an unknown column).
    """

    def __init__(self, header_row: int, known: Collection[int], header: list[Any]) -> None:
        self.header_row = header_row
        self.known = frozenset(known)
        self.width = max(self.known) + 1
        self.unknown = tuple(c for c in range(self.width) if c not in self.known)
        self.header = header
        self.end: int | None = None  # the end line's row, once met
        self.end_read: frozenset[int] = frozenset()  # the columns the end line reads
        self._boxes: dict[tuple[UnreadReason, int], list[int]] = {}  # -> [first row, first col, last row, last col]
        self._kodes: dict[int, str] = {}

    def _add(self, reason: UnreadReason, at: int, r: int, c: int) -> None:
        box = self._boxes.get((reason, at))
        if box is None:
            self._boxes[(reason, at)] = [r, c, r, c]
        else:
            box[0], box[1], box[2], box[3] = min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)

    def data_row(self, r: int, line: list[Any]) -> None:
        """Cells of a data row under no header of the table."""
        if len(line) <= self.width and not self.unknown:
            return
        for c in _filled(line, (*self.unknown, *range(self.width, len(line)))):
            self._add("column", c, r, c)

    def unknown_row(self, r: int, line: list[Any], kode: object, reason: UnreadReason = "row") -> None:
        """A row of a fixed-row table that is none of its rows, or repeats one (its cells under the headers)."""
        for c in _filled(line, sorted(self.known)):
            self._add(reason, r, r, c)
            self._kodes[r] = "" if kode is None else " ".join(str(kode).split())

    def end_row(self, r: int, line: list[Any], read: Collection[int]) -> None:
        """The end line: its cells other than those it reads (the mark, or the Jumlah label and sums)."""
        self.end, self.end_read = r, frozenset(read)
        for c in _filled(line, range(len(line))):
            self._on_end(r, c)

    def _on_end(self, r: int, c: int) -> None:
        if c not in self.known:
            self._add("column", c, r, c)  # under a header the table does not know, as on any row of it
        elif c not in self.end_read:
            self._add("end_row", 0, r, c)

    def below(self, r: int, line: list[Any]) -> None:
        """A row under the table's end."""
        for c in _filled(line, range(len(line))):
            self._add("below", 0, r, c)

    def formulas(self, keys: Iterable[int]) -> None:
        """Formula and error cells (``row << 14 | col``) outside the table, which may show no value at all."""
        self._beside(keys, self.end if self.end is not None else 1 << 30, known_too=False)

    def far(self, keys: Iterable[int], area_rows: int) -> None:
        """Cells beyond the sheet's table area (``row << 14 | col``), found by the scan: never read as rows.

        As any other cell: under the end (or, without one, under the area's last
        row), on the end line, or in a column the table does not know.
        """
        self._beside(keys, self.end if self.end is not None else area_rows - 1, known_too=True)

    def _beside(self, keys: Iterable[int], end: int, *, known_too: bool) -> None:
        """Cells under ``end``, on the end line, or right of the header (in any column when ``known_too``)."""
        for k in keys:
            r, c = k >> 14, k & 0x3FFF
            if r > end:
                self._add("below", 0, r, c)
            elif r == end:
                self._on_end(r, c)
            elif r > self.header_row and (known_too or c not in self.known):
                self._add("column", c, r, c)

    def blocks(self) -> list[Unread]:
        """Every block found."""
        out = []
        for (reason, at), (r1, c1, r2, c2) in sorted(self._boxes.items()):
            detail = ""
            if reason == "column":
                title = self.header[at] if at < len(self.header) and has_data(self.header[at]) else ""
                detail = " ".join(str(title).split())
            elif reason in ("row", "again"):
                detail = self._kodes[at]
            out.append(Unread(reason, (r1, c1), (r2, c2), detail))
        return out
