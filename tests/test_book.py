"""The lean worksheets write exactly what stock xlsxwriter writes, only faster."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from bench.bench import generate
from lakip_xl.audit.engine import audit
from lakip_xl.io.book import DYNAMIC_FUNCTIONS, Book, LeanWorksheet
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


def _both(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, write: object) -> tuple[bytes, bytes]:
    """The bytes ``write(path)`` produces with the lean worksheets and with stock ones."""
    assert callable(write)
    lean, stock = tmp_path / "lean.xlsx", tmp_path / "stock.xlsx"
    write(lean)
    with monkeypatch.context() as m:
        m.setattr(Book, "worksheet_class", Worksheet)
        write(stock)
    return lean.read_bytes(), stock.read_bytes()


def test_report_bytes_equal_stock_xlsxwriter(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    result = audit(SAMPLE_XLSX)
    lean, stock = _both(monkeypatch, tmp_path, lambda p: write_report(result, p, today=dt.date(2026, 11, 28)))
    assert lean == stock


def test_large_report_and_template_bytes_equal_stock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    wb = tmp_path / "bench.xlsx"
    generate(120, wb)
    result = audit(wb)
    lean, stock = _both(monkeypatch, tmp_path, lambda p: write_report(result, p, today=dt.date(2026, 11, 28)))
    assert lean == stock
    lean, stock = _both(monkeypatch, tmp_path, lambda p: write_workbook(p, unit="Kecamatan Uji", year=2025))
    assert lean == stock
