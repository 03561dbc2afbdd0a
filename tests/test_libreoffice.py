"""A real client: LibreOffice opens, recalculates (forced) and saves our workbooks.

Every formula must evaluate to what the tool's own Decimal arithmetic gives.
Skipped locally without LibreOffice; in CI (CI=true) a missing soffice fails.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from lakip_xl.io.interchange import load_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.layout import FIRST_DATA_ROW, a1
from lakip_xl.model.numbers import float_to_decimal, round_half_up
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import WorkbookData
from lakip_xl.report.workbook import strip_derived
from lakip_xl.tables import ALL, BY_ID
from tests.conftest import SAMPLE_JSON, SAMPLE_XLSX, TEMPLATE
from tests.libreoffice import convert, laid_out, recalculated
from tests.test_audit_properties import correct_workbook

pytestmark = pytest.mark.libreoffice


def _same(expected: Value, got: Any, places: int) -> bool:
    if expected is None:
        return got in (None, "")
    if isinstance(expected, str):
        return bool(got == expected)
    if not isinstance(got, int | float) or isinstance(got, bool):
        return False
    return float_to_decimal(float(got), places) == round_half_up(Decimal(expected), places)


def _check(data: WorkbookData, recalculated: Path) -> int:
    """Compare every formula cell of ``recalculated`` with the Decimal recomputation."""
    rc = Recomputer(data, BY_ID)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    problems = []
    for spec in ALL:
        if spec.id not in data:
            continue
        ws = wb[spec.sheet]
        rows = data[spec.id].rows
        for i, row in enumerate(rows):
            for c, col in enumerate(spec.columns):
                if not spec.is_derived_at(row, col.key) or row.get(col.key) is not None:
                    continue
                got = ws.cell(FIRST_DATA_ROW + i + 1, c + 1).value
                expected = rc.expected(spec.id, i, col.key)
                checked += 1
                if not _same(expected, got, col.places):
                    problems.append(
                        f"{spec.sheet}!{a1(FIRST_DATA_ROW + i, c)}: LibreOffice {got!r}, lakip-xl {expected}"
                    )
        if spec.total is not None:
            for key in spec.total.computes:
                c = spec.col_index(key)
                got = ws.cell(FIRST_DATA_ROW + len(rows) + 1, c + 1).value
                expected = rc.expected(spec.id, "total", key)
                checked += 1
                if not _same(expected, got, spec.column(key).places):
                    problems.append(f"{spec.sheet} Jumlah {key}: LibreOffice {got!r}, lakip-xl {expected}")
    assert not problems, "\n".join(problems)
    return checked


def test_sample_formulas_match_decimal_arithmetic(tmp_path: Path, lo_profile: Path) -> None:
    """The sample with every derived value left to its formula, recalculated by LibreOffice."""
    data = strip_derived(load_json(SAMPLE_JSON))
    out = recalculated(data, tmp_path, lo_profile)
    checked = _check(data, out)
    assert checked > 250
    # the cached values were really filled: a sum LibreOffice could only know by calculating
    ws = openpyxl.load_workbook(out, data_only=True)[BY_ID["t2_2_2"].sheet]
    assert ws.cell(FIRST_DATA_ROW + 1, BY_ID["t2_2_2"].col_index("pagu") + 1).value == 29_558_120_400


def test_committed_sample_recalculates(tmp_path: Path, lo_profile: Path) -> None:
    data = load_json(SAMPLE_JSON)
    out = convert(SAMPLE_XLSX, tmp_path / "out", "xlsx", lo_profile)
    assert _check(data, out) > 20


@pytest.mark.parametrize("profile", [None, "opd"])
def test_template_opens_and_recalculates_without_errors(tmp_path: Path, lo_profile: Path, profile: str | None) -> None:
    """The committed (kecamatan) template, and the opd one with its IKU N-4..N and SKM per layanan sheets."""
    src = TEMPLATE
    if profile is not None:
        src = tmp_path / f"{profile}.xlsx"
        write_workbook(src, profile=profile)
    out = convert(src, tmp_path / "out", "xlsx", lo_profile)
    wb = openpyxl.load_workbook(out, data_only=True)
    errors = [
        f"{ws.title}!{cell.coordinate}={cell.value}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and (cell.value.startswith("#") or cell.value.startswith("Err:"))
    ]
    assert not errors
    assert wb["Petunjuk"]["A1"].value == "Petunjuk Pengisian Lembar Kerja LAKIP"
    assert ("SKM Layanan" in wb.sheetnames) == (profile == "opd")


def test_template_converts_to_pdf(tmp_path: Path, lo_profile: Path) -> None:
    out = convert(TEMPLATE, tmp_path / "pdf", "pdf", lo_profile)
    assert out.read_bytes()[:5] == b"%PDF-"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=correct_workbook())
def test_generated_workbooks_recalculate_to_decimal_arithmetic(lo_profile: Path, data: WorkbookData) -> None:
    """Random inputs (both capaian directions, any NRR, any K3 score): LibreOffice agrees with lakip-xl."""
    import tempfile

    inputs = strip_derived(data)
    with tempfile.TemporaryDirectory() as folder:
        out = recalculated(inputs, Path(folder), lo_profile)
        layout = laid_out(inputs, Path(folder))
        assert _check(layout, out) > 40


@pytest.mark.parametrize(("bobot", "ikm_l1", "ikm_mentah"), [(None, 81.94, 83.01), ("0.111", 81.86, 82.93)])
def test_opd_shapes_recalculate_to_the_hand_computed_values(
    tmp_path: Path, lo_profile: Path, bobot: str | None, ikm_l1: float, ikm_mentah: float
) -> None:
    """IKU N-4..N and both SKM shapes, every derived cell a formula: LibreOffice gives the Decimal values.

    The cases are those of tests/test_iku_tahunan.py and tests/test_skm_layanan.py (n/a, empty cells,
    half-up means); a few cells are also checked against the numbers worked out by hand there.
    """
    from lakip_xl.io.interchange import from_json
    from tests.test_iku_tahunan import _rows
    from tests.test_skm_layanan import _matrix, _raw

    tables: dict[str, Any] = {
        "iku_tahunan": {"rows": _rows()},
        "skm_layanan": {"rows": _matrix()},
        "skm_mentah": {"rows": _raw()},
    }
    if bobot is not None:
        tables["parameter"] = {"rows": [{"kode": "bobot_ikm", "nilai": bobot}]}
    data = from_json({"format": "lakip-xl", "version": 1, "tables": tables})
    out = recalculated(data, tmp_path, lo_profile)
    layout = laid_out(data, tmp_path)
    assert _check(layout, out) > 150
    wb = openpyxl.load_workbook(out, data_only=True)

    def cell(table: str, row: int, key: str) -> Any:
        spec = BY_ID[table]
        return wb[spec.sheet].cell(FIRST_DATA_ROW + row + 1, spec.col_index(key) + 1).value

    iku_line = len(_rows())
    assert cell("iku_tahunan", 0, "capaian_akhir") == 71.67  # (93,33 + 50) / 2 = 71,665, half-up
    assert cell("iku_tahunan", iku_line, "capaian_n") == 94.17  # the unit: mean of the four measured indicators
    assert cell("iku_tahunan", 2, "perubahan") == "n/a"
    assert cell("skm_layanan", 1, "ikm") == ikm_l1
    assert cell("skm_layanan", 4, "ikm") == 90.03 if bobot is None else True  # 3,601 x 25 = 90,025
    assert cell("skm_layanan", len(_matrix()), "u9") == 3.501  # (3,4 + 3,601) / 2 = 3,5005, half-up
    assert cell("skm_mentah", len(_raw()), "ikm") == ikm_mentah


def test_skm_full_marks_give_ikm_100_in_the_template_the_audit_and_the_report(tmp_path: Path, lo_profile: Path) -> None:
    """9 unsur of 400 points from 100 answers, bobot empty (exactly 1/9): IKM 100,00 everywhere.

    The template's formulas recalculated by LibreOffice, the audit of that file (silent), its
    report's Ringkasan (cached, and recalculated by LibreOffice again) all show 100,00, where
    summing NRR tertimbang rounded to 4 decimals (9 x 0,4444 x 25) would give 99,99.
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.interchange import from_json
    from lakip_xl.report.build import write_report
    from lakip_xl.report.summary import RINGKASAN
    from tests.test_opd import OPD_IDENTITAS
    from tests.test_skm_layanan import _full_marks

    tables = {"identitas": OPD_IDENTITAS, "skm_mentah": {"rows": _full_marks()}}
    data = from_json({"format": "lakip-xl", "version": 1, "tables": tables})
    out = recalculated(data, tmp_path, lo_profile)
    spec = BY_ID["skm_mentah"]
    ws = openpyxl.load_workbook(out, data_only=True)[spec.sheet]
    line = FIRST_DATA_ROW + len(_full_marks()) + 1
    assert ws.cell(line, spec.col_index("nrr_tertimbang") + 1).value == 4
    assert ws.cell(line, spec.col_index("ikm") + 1).value == 100
    assert ws.cell(line, spec.col_index("mutu") + 1).value == "A"
    result = audit(out)
    assert not [f for f in result.findings if f.table_id == "skm_mentah"], result.findings
    report = tmp_path / "laporan.xlsx"
    write_report(result, report)
    label = "IKM unit layanan (SKM Nilai Mentah) dan mutu"

    def ikm_in(path: Path) -> Any:
        sheet = openpyxl.load_workbook(path, data_only=True)[RINGKASAN]
        return next(r[1].value for r in sheet.iter_rows() if r[0].value == label)

    assert ikm_in(report) == 100
    assert ikm_in(convert(report, tmp_path / "lap", "xlsx", lo_profile)) == 100
