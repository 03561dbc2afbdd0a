"""The audit of the sample: the golden findings, and nothing on what the seed got right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.report.render import to_json, write_json
from tests.conftest import ROOT, SAMPLE_XLSX, assert_golden_findings

GOLDEN = ROOT / "samples" / "mustikajaya_2024.findings.json"


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return audit(SAMPLE_XLSX)


def test_sample_findings_equal_golden(result: AuditResult, request: pytest.FixtureRequest) -> None:
    assert_golden_findings(to_json(result), GOLDEN, request)


def test_streamed_json_equals_json_text(result: AuditResult) -> None:
    """The CLI streams the JSON to its file; the text is the same as the library's ``to_json``."""
    import io

    stream = io.StringIO()
    write_json(result, stream)
    assert stream.getvalue() == to_json(result) and stream.getvalue().endswith("}\n")


def test_sample_exits_1_with_errors(result: AuditResult) -> None:
    assert result.exit_code == 1
    assert result.count(result.findings[0].severity) >= 20


def test_every_golden_finding_is_justified() -> None:
    note = (ROOT / "docs" / "sample-findings.md").read_text(encoding="utf-8")
    for f in json.loads(GOLDEN.read_text(encoding="utf-8"))["findings"]:
        assert f["rule"] in note, f["rule"]


CELLS_RIGHT = [
    ("T1 Status Pegawai", "C5"),  # 24 % for 42/178
    ("T1 Status Pegawai", "C6"),  # 76 %
    ("3.15-3.17 Efisiensi", "H5"),  # 88,48
    ("3.15-3.17 Efisiensi", "I5"),  # 11,5
    ("3.15-3.17 Efisiensi", "H6"),  # 53,55
    ("3.15-3.17 Efisiensi", "I6"),  # 46,45
    ("3.19 Realisasi BLPU", "I8"),  # 91,53: right for the true sum
    ("3.19 Realisasi BLPU", "G5"),  # program jumlah = murni + ABT
    ("3.20 Realisasi BLU", "I37"),  # 53,55 for 42.836.000/80.000.000
    ("SKM Unsur", "D5"),  # 79,03
    ("SKM Unsur", "D14"),  # IKM 88,89
    ("3.16 Status Zona", "C9"),  # Bantargebang - Setu "Belum Tertib K3"
    ("3.3 Akuntabilitas Keuangan", "C8"),  # BL penunjang 8.908.878.800
    ("Penutup", "C9"),  # 95,34 %
    ("3.1 Capaian IKU", "H5"),  # 105,42
]


@pytest.mark.parametrize(("sheet", "cell"), CELLS_RIGHT)
def test_what_the_seed_got_right_raises_nothing(result: AuditResult, sheet: str, cell: str) -> None:
    flagged = [f for f in result.findings if f.where.sheet == sheet and f.where.cell == cell]
    assert flagged == []


def test_cells_right_are_real_cells(result: AuditResult) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE_XLSX, data_only=True)
    for sheet, cell in CELLS_RIGHT:
        assert wb[sheet][cell].value not in (None, ""), (sheet, cell)


def test_input_file_untouched(tmp_path: Path) -> None:
    import hashlib

    copy = tmp_path / "s.xlsx"
    copy.write_bytes(SAMPLE_XLSX.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    audit(copy)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.xlsx"]
