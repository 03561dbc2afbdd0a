"""A row inserted without its formulas: the Petunjuk says how to bring them, the audit names each empty cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from lakip_xl.audit.engine import audit
from lakip_xl.io.petunjuk import STEPS
from lakip_xl.report.build import write_report
from tests.helpers import build

SHEET = "3.19 Realisasi BLPU"


def _budget(tmp_path: Path) -> Path:
    rows = [
        {"level": "Program", "uraian": "Program A"},
        {"level": "Kegiatan", "uraian": "Kegiatan A"},
        {"level": "Sub Kegiatan", "uraian": "Sub Satu", "murni": 300, "abt": 0, "realisasi": 150},
        {"level": "Sub Kegiatan", "uraian": "Sub Dua", "murni": 200, "abt": 50, "realisasi": 125},
    ]
    return build(tmp_path, {"t3_19": {"rows": rows}})


def _without_formulas(path: Path, cells: tuple[str, ...]) -> Path:
    """The workbook as staff leave it after typing a row that came without formulas: those cells empty."""
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for cell in cells:
        assert str(ws[cell].value).startswith("="), cell  # a formula until now
        ws[cell].value = None
    out = path.with_name("tanpa_rumus.xlsx")
    wb.save(out)
    return out


def test_empty_derived_cells_of_a_typed_row_are_findings(tmp_path: Path) -> None:
    clean = audit(_budget(tmp_path))
    assert not [f for f in clean.findings if f.rule == "HITUNG.KOSONG"]
    result = audit(_without_formulas(_budget(tmp_path), ("G8", "I8")))
    empty = {f.where.cell: f for f in result.findings if f.rule == "HITUNG.KOSONG"}
    assert set(empty) == {"G8", "I8"}
    assert Decimal(str(empty["G8"].expected)) == 250 and Decimal(str(empty["I8"].expected)) == 50
    assert all(f.severity.value == "warning" and "tanpa rumus" in f.message for f in empty.values())
    assert result.exit_code == 0  # nothing wrong with the numbers typed; the empty cells are warned about


def test_report_prints_the_recomputed_value_where_the_row_was_empty(tmp_path: Path) -> None:
    result = audit(_without_formulas(_budget(tmp_path), ("G8",)))
    out = tmp_path / "laporan.xlsx"
    write_report(result, out)
    ws = openpyxl.load_workbook(out)[SHEET]
    assert str(ws["G8"].value).startswith("=")  # a live formula, not a blank
    assert ws["G8"].comment is not None and "HITUNG.KOSONG" in ws["G8"].comment.text
    assert "250" in ws["G8"].comment.text
    cached = openpyxl.load_workbook(out, data_only=True)[SHEET]["G8"].value
    assert cached == 250


def test_petunjuk_says_exactly_how_an_inserted_row_gets_its_formulas() -> None:
    text = " ".join(STEPS)
    for words in (
        "Buka Proteksi Lembar",
        "Sisipkan",
        "Ctrl+C",
        "Ctrl+V",
        "Tingkat yang sama",
        "disebut audit",
        "--program",
    ):
        assert words in text, words
