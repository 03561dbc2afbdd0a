"""xlsxwriter worksheets that store and write plain cells faster, producing the same bytes as stock xlsxwriter.

A report of 50,000 subkegiatan writes ~1.1 million cells. Stock xlsxwriter's
per-cell costs dominated it, and :class:`LeanWorksheet` removes them:

- ``Worksheet._prepare_formula`` runs 29 ``re.sub`` per formula to give Excel
  365's dynamic-array functions their ``_xlfn.`` prefix (and a hundred more
  with ``use_future_functions``). A formula containing none of the texts those
  substitutions match is returned unchanged past the stock stripping of ``{``,
  ``=`` and ``}``; every other formula takes the stock method.
- ``write_string``, ``write_number``, ``write_formula`` and ``write_blank`` go
  through an A1-notation decorator, an undecorated method and a dimension
  check. Called with integer coordinates, outside ``constant_memory`` mode,
  :class:`LeanWorksheet` stores the same cell tuple directly; anything else
  (A1 notation, NaN or infinity, a ``Fraction``, an over-long text, a dynamic
  or array formula, an empty formula) takes the stock method.
- ``Worksheet._calculate_spans`` visits every column of every row between
  the sheet's first and last; the lean one takes each row's first and last
  cell.
- ``Worksheet._write_rows`` writes each cell with a list of attributes, a
  type dispatch by class name and regex escaping. The lean loop writes a number, a
  shared string, a formula with a number, text or no cached value, or a
  formatted blank as one formatted text, and hands every other cell to the
  stock ``_write_cell``.

Apart from those, :func:`collector_paused` keeps Python's cyclic garbage
collector off while a workbook is built: xlsxwriter keeps every cell as a
tuple until it closes the file, and the collector rescanned those ~1.1
million live tuples over 2,400 times to find under a thousand objects (about
a quarter of the report's time).

These are private methods of xlsxwriter, so the fast paths are used only when
the syntax trees of the installed xlsxwriter's stock functions they mirror
(:data:`MIRRORED`) have a fingerprint the fast paths were tested against
(:data:`KNOWN_FINGERPRINTS`); any other version writes every cell through the
stock methods (slower, never different).
``tests/test_book.py`` checks the fingerprint, so an xlsxwriter upgrade that
changes them fails there first, and writes reports both ways and compares the
bytes.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import inspect
import math
import re
import textwrap
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import xlsxwriter
from xlsxwriter import sharedstrings, utility, worksheet, xmlwriter
from xlsxwriter.worksheet import Worksheet

# The cell tuples the stock methods store (older releases lack some: no fast paths there).
CellBlankTuple: Any = getattr(worksheet, "CellBlankTuple", None)
CellFormulaTuple: Any = getattr(worksheet, "CellFormulaTuple", None)
CellNumberTuple: Any = getattr(worksheet, "CellNumberTuple", None)
CellStringTuple: Any = getattr(worksheet, "CellStringTuple", None)

# What the stock dynamic-array pass substitutes: ``\bNAME\(`` for each name, and ``\SINGLE\(`` (any
# non-space character, then ``INGLE(``), hence ``INGLE(`` here. A formula with none of these texts is
# unchanged by every substitution; one with any of them (even inside a string) takes the stock path.
DYNAMIC_FUNCTIONS = (
    "ANCHORARRAY", "BYCOL", "BYROW", "CHOOSECOLS", "CHOOSEROWS", "DROP", "EXPAND", "FILTER", "HSTACK",
    "LAMBDA", "MAKEARRAY", "MAP", "RANDARRAY", "REDUCE", "SCAN", "INGLE", "SEQUENCE", "SORT", "SORTBY",
    "SWITCH", "TAKE", "TEXTSPLIT", "TOCOL", "TOROW", "UNIQUE", "VSTACK", "WRAPCOLS", "WRAPROWS", "XLOOKUP",
)  # fmt: skip
_REWRITTEN = re.compile("|".join(re.escape(name + "(") for name in DYNAMIC_FUNCTIONS))

# The stock functions whose behaviour the fast paths reproduce, and the fingerprint of their syntax trees
# in the xlsxwriter releases the fast paths were tested against: 3.3.1 (3.2.x and 3.3.0 differ, e.g. in
# how _write_string truncates, and take the stock methods).
MIRRORED = (
    Worksheet.write_string, Worksheet._write_string, Worksheet.write_number, Worksheet._write_number,
    Worksheet.write_blank, Worksheet._write_blank, Worksheet.write_formula, Worksheet._write_formula,
    Worksheet._check_dimensions, Worksheet._calculate_spans, Worksheet._write_rows, Worksheet._write_cell,
    xmlwriter.XMLwriter._escape_attributes, xmlwriter.XMLwriter._escape_data,
    xmlwriter.XMLwriter._xml_number_element, xmlwriter.XMLwriter._xml_string_element,
    xmlwriter.XMLwriter._xml_formula_element, xmlwriter.XMLwriter._xml_empty_tag,
    worksheet.convert_cell_args, utility.xl_rowcol_to_cell_fast,
    sharedstrings.SharedStringTable._get_shared_string_index,
)  # fmt: skip
KNOWN_FINGERPRINTS = frozenset({"5060e58f2cf9ab77"})
_ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


def fingerprint() -> str | None:
    """16 hex digits of the SHA-256 of the mirrored stock functions' syntax trees (None: no source to read)."""
    digest = hashlib.sha256()
    try:
        for function in MIRRORED:  # the syntax tree: comments and layout do not count
            source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))
            digest.update(ast.dump(ast.parse(source)).encode())
        digest.update(worksheet.re_dynamic_function.pattern.encode())
    except (OSError, TypeError, SyntaxError):  # pragma: no cover - a frozen or source-less install
        return None
    return digest.hexdigest()[:16]


FAST = fingerprint() in KNOWN_FINGERPRINTS and None not in (
    CellBlankTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
)
"""Whether the fast paths are used; tests switch it off to write with the stock methods."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block, as it was after it.

    For building a workbook: its cells are many long-lived objects that hold no cycles, which the
    collector would otherwise rescan again and again. It is one process-wide switch, so code running
    in other threads meanwhile is not collected either; memory freed by reference counting is freed
    as always.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _strip(formula: str) -> str:
    """The stock ``_prepare_formula``'s stripping of array braces and the leading ``=``, in its order."""
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula


def _escape(data: Any) -> Any:
    """``XMLwriter._escape_data``: ``&``, ``<`` and ``>`` of a text escaped; anything else unchanged."""
    if data.__class__ is str and ("&" in data or "<" in data or ">" in data):
        return data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return data


class LeanWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet storing and writing plain cells without the stock per-cell overhead; same bytes."""

    dim_rowmin: int | None
    dim_rowmax: int | None
    dim_colmin: int | None
    dim_colmax: int | None

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> Any:
        if expand_future_functions or self.use_future_functions or _REWRITTEN.search(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        return _strip(formula)

    def _place(self, row: Any, col: Any) -> bool:
        """Whether a cell at (row, col) may be stored directly; if so, the sheet's dimensions take it in.

        False sends the call to the stock method: fast paths off, A1 notation, ``constant_memory``, or a
        cell outside the sheet (which the stock method refuses with its own return code).
        """
        if not FAST or row.__class__ is not int or col.__class__ is not int or self.constant_memory:
            return False
        if row < 0 or col < 0 or row >= self.xls_rowmax or col >= self.xls_colmax:
            return False
        if self.dim_rowmin is None or row < self.dim_rowmin:
            self.dim_rowmin = row
        if self.dim_rowmax is None or row > self.dim_rowmax:
            self.dim_rowmax = row
        if self.dim_colmin is None or col < self.dim_colmin:
            self.dim_colmin = col
        if self.dim_colmax is None or col > self.dim_colmax:
            self.dim_colmax = col
        return True

    def write_string(self, row: Any, col: Any, string: str, cell_format: Any = None) -> Any:
        """``Worksheet.write_string``; a text within half of Excel's limit is stored directly."""
        if len(string) <= self.xls_strmax // 2 and self._place(row, col):
            self.table[row][col] = CellStringTuple(self.str_table._get_shared_string_index(string), cell_format)
            return 0
        return super().write_string(row, col, string, cell_format)

    def write_number(self, row: Any, col: Any, number: Any, cell_format: Any = None) -> Any:
        """``Worksheet.write_number``; an int or a finite float is stored directly."""
        kind = number.__class__
        if (kind is int or (kind is float and math.isfinite(number))) and self._place(row, col):
            self.table[row][col] = CellNumberTuple(number, cell_format)
            return 0
        return super().write_number(row, col, number, cell_format)

    def write_blank(self, row: Any, col: Any, blank: Any, cell_format: Any = None) -> Any:
        """``Worksheet.write_blank``; a formatted blank is stored directly (an unformatted one is not stored)."""
        if cell_format is not None and self._place(row, col):
            self.table[row][col] = CellBlankTuple(cell_format)
            return 0
        return super().write_blank(row, col, blank, cell_format)

    def write_formula(self, row: Any, col: Any, formula: str, cell_format: Any = None, value: Any = 0) -> Any:
        """``Worksheet.write_formula``; a formula that is no array and no dynamic-array one is stored directly."""
        if (
            formula
            and not (formula.startswith("{") and formula.endswith("}"))
            and not _REWRITTEN.search(formula)
            and not self.use_future_functions
            and self._place(row, col)
        ):
            self.table[row][col] = CellFormulaTuple(_strip(formula), cell_format, value)
            return 0
        return super().write_formula(row, col, formula, cell_format, value)

    def _calculate_spans(self) -> None:
        rowmin, rowmax, colmin, colmax = self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax
        if not FAST or rowmin is None or rowmax is None or colmin is None or colmax is None:
            super()._calculate_spans()
            return
        # Per block of 16 rows: the first and last column holding a cell or a comment, as "first:last" (1-based).
        blocks: dict[int, tuple[int, int]] = {}
        for source in (self.table, self.comments):
            for row_num, cols in source.items():
                if not cols or row_num < rowmin or row_num > rowmax:
                    continue
                first, last = min(cols), max(cols)
                if first < colmin or last > colmax:
                    inside = [c for c in cols if colmin <= c <= colmax]
                    if not inside:
                        continue
                    first, last = min(inside), max(inside)
                block = row_num // 16
                seen = blocks.get(block)
                blocks[block] = (first, last) if seen is None else (min(seen[0], first), max(seen[1], last))
        self.row_spans = {block: f"{first + 1}:{last + 1}" for block, (first, last) in sorted(blocks.items())}

    def _write_rows(self) -> None:
        rowmin, rowmax, colmin, colmax = self.dim_rowmin, self.dim_rowmax, self.dim_colmin, self.dim_colmax
        if not FAST or self.constant_memory or rowmin is None or rowmax is None or colmin is None or colmax is None:
            super()._write_rows()
            return
        self._calculate_spans()
        write, table, row_info, comments = self.fh.write, self.table, self.row_info, self.comments
        for row_num in range(rowmin, rowmax + 1):
            cells = table[row_num]
            if not (row_num in row_info or row_num in comments or cells):
                continue
            span = self.row_spans.get(int(row_num / 16))
            if not cells:
                self._write_empty_row(row_num, span, row_info.get(row_num))
                continue
            if row_num not in row_info:
                self._write_row(row_num, span)
            else:
                self._write_row(row_num, span, row_info[row_num])
            out: list[str] = []
            number = str(row_num + 1)
            for col_num in sorted(cells):
                if col_num < colmin or col_num > colmax:
                    continue
                cell = cells[col_num]
                text = _cell_xml(cell, (_COLUMNS.get(col_num) or _column(col_num)) + number)
                if text is None:
                    write("".join(out))
                    out.clear()
                    self._write_cell(row_num, col_num, cell)
                else:
                    out.append(text)
            out.append("</row>")
            write("".join(out))


_COLUMNS: dict[int, str] = {}


def _column(col: int) -> str:
    """A column's letters (cached)."""
    name = _COLUMNS.get(col)
    if name is None:
        name = _COLUMNS[col] = utility.xl_col_to_name(col)
    return name


def _cell_xml(cell: Any, ref: str) -> str | None:
    """The ``<c>`` element ``Worksheet._write_cell`` writes for a plain formatted cell; None for any other cell."""
    fmt = cell.format
    if fmt is None:  # the row's or the column's format applies: the stock method decides
        return None
    style = fmt._get_xf_index()  # the stock method asks it first too: formats are numbered in the same order
    kind = cell.__class__
    if kind is CellNumberTuple:
        return f'<c r="{ref}" s="{style}"><v>{cell.number:.16G}</v></c>'
    if kind is CellStringTuple:
        return f'<c r="{ref}" s="{style}" t="s"><v>{cell.string}</v></c>'
    if kind is CellBlankTuple:
        return f'<c r="{ref}" s="{style}"/>'
    if kind is CellFormulaTuple:
        value = cell.value
        vkind = value.__class__
        if vkind is str:
            kind_attr = "" if value == "" else ' t="e"' if value in _ERROR_CODES else ' t="str"'
        elif vkind is int or vkind is float:
            kind_attr = ""
        else:  # a boolean or another type: the stock method
            return None
        return f'<c r="{ref}" s="{style}"{kind_attr}><f>{_escape(cell.formula)}</f><v>{_escape(value)}</v></c>'
    return None


class Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """``xlsxwriter.Workbook`` whose worksheets are :class:`LeanWorksheet`, freed as soon as it is let go.

    Each stock worksheet keeps the workbook's ``add_format`` (a bound method), so a workbook and its
    sheets form a reference cycle: every cell stayed in memory after the file was written until the
    cyclic collector's next full pass (in a rekap worker, over dozens of units). Once the file is
    closed that reference is dropped, and reference counting frees the whole workbook.
    """

    worksheet_class = LeanWorksheet

    def close(self) -> None:
        """Write the file, then drop the sheets' references back to the workbook.

        When packing the file fails (a full disk), xlsxwriter's zip object is let go of without writing
        more: otherwise it would try to finish the file when collected, fail again, and Python would
        print "Exception ignored in ZipFile.__del__" and a traceback after the one-line error.
        """
        try:
            super().close()
        except BaseException as exc:
            _let_go_of_zips(exc)
            raise
        for sheet in self.worksheets():
            if getattr(sheet, "workbook_add_format", None) is not None:
                sheet.workbook_add_format = None


def _let_go_of_zips(exc: BaseException) -> None:
    """Close, without writing, every zip file left open in the frames ``exc`` (and its causes) went through."""
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        tb = error.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    _abandon(value)
            tb = tb.tb_next
        error = error.__cause__ or error.__context__


def _abandon(zf: zipfile.ZipFile) -> None:
    """``zf`` closed without its central directory: its ``close`` (and ``__del__``) then does nothing."""
    fp, zf.fp = zf.fp, None
    if fp is not None and not getattr(zf, "_filePassed", False):
        with suppress(OSError, ValueError):  # the bytes still buffered cannot be written either
            fp.close()
