"""The lean worksheets write exactly what stock xlsxwriter writes, only faster.

"Stock" below means every fast path off (:data:`lakip_xl.io.book.FAST` False and
xlsxwriter's own ``_prepare_formula``): each cell then goes through xlsxwriter's
methods as it would without :mod:`lakip_xl.io.book`.
"""

from __future__ import annotations

import datetime as dt
import gc
import inspect
import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from bench.bench import generate
from lakip_xl.audit.engine import audit
from lakip_xl.io import book
from lakip_xl.io.book import DYNAMIC_FUNCTIONS, Book, LeanWorksheet, collector_paused
from lakip_xl.io.writer import write_workbook
from lakip_xl.report.build import write_report
from tests.conftest import SAMPLE_XLSX

STOCK = Worksheet()
LEAN = LeanWorksheet()


def _stock_patterns() -> list[str]:
    """The function texts the installed xlsxwriter rewrites without ``use_future_functions``."""
    source = inspect.getsource(Worksheet._prepare_formula)
    dynamic = source.split("use_future_functions")[0]
    return re.findall(r're\.sub\(\s*r"\\[bS]([A-Z0-9._]+)\\\(', dynamic)


def test_every_rewritten_function_is_known() -> None:
    """An xlsxwriter that rewrites another function fails here, not silently in a report."""
    patterns = _stock_patterns()
    assert len(patterns) >= 29
    for name in patterns:  # \bNAME( needs NAME(; the stock \SINGLE( matches any character, then INGLE(
        assert any(f"{known}(" in f"{name}(" for known in DYNAMIC_FUNCTIONS), name


@pytest.mark.parametrize(
    "formula",
    [
        "=SUM(A1:A3)",
        '=SUMIFS(F5:F9,A5:A9,"Kegiatan")',
        "{=SUM(A1:A3*B1:B3)}",
        "=SORT(A1:A3)",
        "=_xlfn.SORT(A1:A3)",
        "=XSINGLE(A1)",
        "=SINGLE(A1)",
        '=IF(A1="FILTER(","x","y")',
        "=LAMBDA(x,x+1)(2)",
        "=XLOOKUP(1,A:A,B:B)+MAP(A1)",
        "",
        "=",
        "{}",
    ],
)
def test_prepared_formula_equals_stock(formula: str) -> None:
    assert LEAN._prepare_formula(formula) == STOCK._prepare_formula(formula)
    assert LEAN._prepare_formula(formula, True) == STOCK._prepare_formula(formula, True)


PIECES = [*DYNAMIC_FUNCTIONS, "SUM", "IF", "S", "X", "_xlfn.", "(", ")", "{", "}", "=", '"', " ", "A1", ","]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_formula_is_prepared_as_stock(formula: str) -> None:
    assert LEAN._prepare_formula(formula) == STOCK._prepare_formula(formula)


def test_future_functions_option_takes_the_stock_path() -> None:
    sheet = LeanWorksheet()
    sheet.use_future_functions = True
    assert sheet._prepare_formula("=CONCAT(A1,B1)") == "_xlfn.CONCAT(A1,B1)"


def test_every_dynamic_function_stock_hands_off_is_known() -> None:
    """A formula the stock ``_write_formula`` sends to ``write_dynamic_array_formula`` takes the stock path here."""
    from xlsxwriter import worksheet

    names = re.findall(r"\\b([A-Z.]+)\\\(", worksheet.re_dynamic_function.pattern)
    assert len(names) >= 29
    for name in names:
        assert book._REWRITTEN.search(f"=1+{name}(A1)"), name


def test_fast_paths_are_on_for_the_installed_xlsxwriter() -> None:
    """The installed xlsxwriter's mirrored functions are the ones the fast paths were written against.

    When this fails after an xlsxwriter upgrade, reports are still right (every cell takes the stock
    methods) but slow: compare the changed functions with :mod:`lakip_xl.io.book`, then add the new
    fingerprint to ``KNOWN_FINGERPRINTS`` once the byte-for-byte tests below pass with it.
    """
    assert book.fingerprint() in book.KNOWN_FINGERPRINTS
    assert book.FAST


@contextmanager
def stock() -> Iterator[None]:
    """Inside the block every cell takes xlsxwriter's own methods."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(book, "FAST", False)
        m.setattr(LeanWorksheet, "_prepare_formula", Worksheet._prepare_formula)
        yield


def _both(tmp_path: Path, write: Any) -> tuple[bytes, bytes]:
    """The bytes ``write(path)`` produces with the fast paths and with stock xlsxwriter."""
    lean, plain = tmp_path / "lean.xlsx", tmp_path / "stock.xlsx"
    write(lean)
    with stock():
        write(plain)
    return lean.read_bytes(), plain.read_bytes()


def test_stock_switch_reaches_the_sheets_the_writers_use(tmp_path: Path) -> None:
    """The comparison below is not of the fast paths with themselves: with them off, the stock ones run."""
    calls: list[str] = []
    original = Worksheet._write_cell

    def counting(self: Worksheet, row: int, col: int, cell: Any) -> None:
        calls.append("cell")
        original(self, row, col, cell)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(Worksheet, "_write_cell", counting)
        write_workbook(tmp_path / "lean.xlsx", unit="Kecamatan Uji", year=2025)
        fast_calls = len(calls)
        with stock():
            write_workbook(tmp_path / "stock.xlsx", unit="Kecamatan Uji", year=2025)
    assert len(calls) - fast_calls > 1000 > fast_calls


def test_report_bytes_equal_stock_xlsxwriter(tmp_path: Path) -> None:
    result = audit(SAMPLE_XLSX)
    lean, plain = _both(tmp_path, lambda p: write_report(result, p, today=dt.date(2026, 11, 28)))
    assert lean == plain


def test_large_report_and_template_bytes_equal_stock(tmp_path: Path) -> None:
    wb = tmp_path / "bench.xlsx"
    generate(120, wb)
    result = audit(wb)
    lean, plain = _both(tmp_path, lambda p: write_report(result, p, today=dt.date(2026, 11, 28)))
    assert lean == plain
    lean, plain = _both(tmp_path, lambda p: write_workbook(p, unit="Kecamatan Uji", year=2025))
    assert lean == plain


TEXTS = st.text(alphabet=st.sampled_from('ab &<>"\n\t\x01_x0041_ éé'), max_size=12)
FORMULAS = st.lists(st.sampled_from([*PIECES, "&", "<>", '"a&b"', "A1<B1"]), max_size=6).map("".join)
VALUES = st.one_of(
    st.sampled_from(["", "#N/A", "#DIV/0!", "teks & <b>", True, False, 0, 7, Decimal("1.5"), None]),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=True, allow_infinity=True),
)
COORDS = st.one_of(st.integers(0, 40), st.sampled_from([-1, 1_048_576, 16_384]))
CELLS = st.tuples(
    st.sampled_from(["string", "number", "formula", "blank", "comment", "a1"]),
    COORDS,
    st.integers(0, 20),
    st.one_of(TEXTS, FORMULAS, VALUES),
    VALUES,
    st.sampled_from([None, "bold", "money"]),
)


def _write_cells(cells: list[tuple[Any, ...]]) -> tuple[bytes, list[Any]]:
    """A workbook of these cells (row 3 and column C carry formats of their own), and each call's outcome."""
    out = io.BytesIO()
    wb = Book(out, {"in_memory": True})
    wb.set_properties({"created": dt.datetime(2026, 1, 1)})
    formats = {None: None, "bold": wb.add_format({"bold": True}), "money": wb.add_format({"num_format": "#,##0"})}
    ws = wb.add_worksheet()
    ws.set_row(3, None, formats["bold"])
    ws.set_column(2, 2, 12, formats["money"])
    outcomes: list[Any] = []
    for method, row, col, first, value, fmt in cells:
        try:
            if method == "string":
                outcomes.append(ws.write_string(row, col, str(first), formats[fmt]))
            elif method == "number":
                number = value if isinstance(value, int | float) and not isinstance(value, bool) else len(str(first))
                outcomes.append(ws.write_number(row, col, number, formats[fmt]))
            elif method == "formula":
                outcomes.append(ws.write_formula(row, col, str(first), formats[fmt], value))
            elif method == "blank":
                outcomes.append(ws.write_blank(row, col, None, formats[fmt]))
            elif method == "comment":
                outcomes.append(ws.write_comment(row, col, str(first) or "x"))
            else:  # A1 notation
                outcomes.append(ws.write_string(f"B{abs(row) % 50 + 1}", str(first), formats[fmt]))
        except Exception as error:  # the same refusal both ways
            outcomes.append(type(error).__name__)
    wb.close()
    return out.getvalue(), outcomes


@settings(max_examples=150, deadline=None)
@given(st.lists(CELLS, max_size=30))
def test_any_cells_are_written_as_stock(cells: list[tuple[Any, ...]]) -> None:
    """Numbers (NaN, infinity, huge), texts needing escapes, formulas with any cached value, blanks, comments,
    A1 notation, cells outside the sheet and cells taking their row's or column's format: same bytes, same returns."""
    lean = _write_cells(cells)
    with stock():
        plain = _write_cells(cells)
    assert lean == plain


def test_special_cells_take_the_stock_path() -> None:
    """A cell the fast paths do not know is stored by the stock method, with its own return code."""
    ws = LeanWorksheet()
    with pytest.raises(TypeError):  # stock: NaN needs the workbook's nan_inf_to_errors
        ws.write_number(0, 0, math.nan)
    with pytest.warns(UserWarning, match="empty"):
        assert ws.write_formula(1, 0, "") == -1
    assert ws.write_string(-1, 0, "x") == -1
    assert ws.write_blank(2, 0, None) == 0 and 2 not in ws.table


def test_collector_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before, off after
    finally:
        gc.enable()


def test_a_written_workbook_is_freed_without_the_cyclic_collector(tmp_path: Path) -> None:
    """Once closed and let go, a workbook and its cells are freed by reference counting alone."""
    import weakref

    from lakip_xl.io.xlsxout import new_workbook

    with collector_paused():
        wb = new_workbook(tmp_path / "x.xlsx", None)
        ws = wb.add_worksheet("A")
        ws.write_string(0, 0, "teks", wb.add_format({"bold": True}))
        wb.close()
        gone = weakref.ref(wb), weakref.ref(ws)
        del wb, ws
        assert [ref() for ref in gone] == [None, None]


def test_the_collector_is_off_while_a_report_is_built_and_on_after(tmp_path: Path) -> None:
    result = audit(SAMPLE_XLSX)
    seen: list[bool] = []
    write_report(
        result, tmp_path / "r.xlsx", today=dt.date(2026, 11, 28), progress=lambda *_: seen.append(gc.isenabled())
    )
    assert seen and not any(seen)
    assert gc.isenabled()
