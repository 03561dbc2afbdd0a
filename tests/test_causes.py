"""Say the cause, not the symptom (item 5): an input typed so the sheet's formulas misread it.

The finding stands at the input and names the formula cells it breaks; those
cells are not reported on their own. The same holds for a workbook with cached
results (LibreOffice recalculated it) and one without (saved by openpyxl).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from tests.helpers import build
from tests.libreoffice import convert

SHEET = "2.2.2 Anggaran Triwulan"


def _anggaran() -> dict[str, Any]:
    return {
        "t2_2_2": {
            "rows": [
                {"level": "Unit", "uraian": "Kecamatan Uji"},
                {"level": "Program", "uraian": "Program A"},
                {"level": "Kegiatan", "uraian": "Kegiatan A"},
                {"level": "Sub Kegiatan", "uraian": "Sub Satu", "pagu": 300000, "tw1": 100000, "tw2": 200000},
                {"level": "Sub Kegiatan", "uraian": "Sub Dua", "pagu": 50000, "tw1": 50000},
            ]
        }
    }


def _edited(tmp_path: Path, cells: dict[str, Any], number_format: str | None = None) -> Path:
    path = build(tmp_path, _anggaran(), name="masukan.xlsx")
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[SHEET][ref] = value
        if number_format:
            wb[SHEET][ref].number_format = number_format
    wb.save(path)  # openpyxl keeps the formulas but no cached results
    return path


def _summary(result: AuditResult) -> list[tuple[str, str | None, list[str | None]]]:
    return [(f.rule, f.where.cell, [r.cell for r in f.related]) for f in result.findings if f.rule != "SEL.TANPA_CACHE"]


def test_number_typed_as_text_is_named_at_its_cell(tmp_path: Path) -> None:
    assert _summary(audit(_edited(tmp_path, {"E8": 300000}))) == []
    found = _summary(audit(_edited(tmp_path, {"E8": "300.000"})))
    assert found == [("SEL.ANGKA_TEKS", "E8", ["E5", "E6", "E7"])]  # unit, program and kegiatan sums


def test_text_number_in_a_column_no_formula_reads_is_silent(tmp_path: Path) -> None:
    # TW I typed as text: no formula of 2.2.2 sums the triwulan of a subkegiatan (pagu = TW is a check)
    found = _summary(audit(_edited(tmp_path, {"F8": "100.000"})))
    assert [f for f in found if f[0] == "SEL.ANGKA_TEKS"] == [("SEL.ANGKA_TEKS", "F8", ["F5", "F6", "F7"])]


@pytest.mark.libreoffice
def test_same_verdict_when_the_sheet_cached_its_results(tmp_path: Path, lo_profile: Path) -> None:
    src = _edited(tmp_path, {"E8": "300.000"})
    recalculated = convert(src, tmp_path / "lo", "xlsx", lo_profile)
    result = audit(recalculated)
    # no PAGU.INDUK at E7 (it shows 50.000); E5 and E6 sum what E7 shows, so the finding relates E7 alone
    assert _summary(result) == [("SEL.ANGKA_TEKS", "E8", ["E7"])]
    assert [f.rule for f in audit(src).findings if f.severity.value == "error"] == ["SEL.ANGKA_TEKS"]


def test_percent_format_on_an_input_read_by_a_formula(tmp_path: Path) -> None:
    t31 = {"rows": [{"indikator": "Indeks Kepuasan", "target": "80", "realisasi": "76"}]}
    path = build(
        tmp_path,
        {"t3_1": t31, "analisis_penyebab": {"rows": [{"indikator": "Indeks Kepuasan", "keberhasilan": "Ada"}]}},
    )
    wb = openpyxl.load_workbook(path)
    ws = wb["3.1 Capaian IKU"]
    ws["G5"] = 0.76  # typed "76%" into a cell formatted as percent: shows 76 %, holds 0,76
    ws["G5"].number_format = "0%"
    wb.save(path)
    found = _summary(audit(path))
    assert found == [("SEL.FORMAT_PERSEN", "G5", ["H5"])]


def test_percent_typed_as_a_fraction_says_so(tmp_path: Path) -> None:
    t31 = {"rows": [{"indikator": "Indeks Kepuasan", "target": "80", "realisasi": "76", "capaian": "0.95"}]}
    result = audit(build(tmp_path, {"t3_1": t31}))
    (finding,) = [f for f in result.findings if f.rule == "T3_1.CAPAIAN"]
    assert "diketik sebagai pecahan: ketik 95" in finding.message
    t31["rows"][0]["capaian"] = "0.90"
    (finding,) = [f for f in audit(build(tmp_path, {"t3_1": t31})).findings if f.rule == "T3_1.CAPAIAN"]
    assert "pecahan" not in finding.message


def _error_beside_percent(tmp_path: Path, cells: dict[str, tuple[Any, str | None]], error_at: str | None) -> Path:
    """The sample with ``cells`` typed in 3.19 (value, number format), then ``error_at`` showing #DIV/0! (=H9/0)."""
    import re
    import zipfile

    from lakip_xl.io.xlsx import Package
    from tests.conftest import SAMPLE_XLSX

    path = tmp_path / "galat.xlsx"
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    ws = wb["3.19 Realisasi BLPU"]
    for ref, (value, number_format) in cells.items():
        ws[ref] = value
        if number_format:
            ws[ref].number_format = number_format
    wb.save(path)
    if error_at is None:
        return path
    with Package(path) as pkg:
        part = pkg.sheets["3.19 Realisasi BLPU"]
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    cell = re.search(rb'<c r="' + error_at.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', parts[part])
    assert cell is not None
    style = re.search(rb's="\d+"', cell.group())
    error = b'<c r="%s" %s t="e"><f>H9/0</f><v>#DIV/0!</v></c>' % (error_at.encode(), style.group() if style else b"")
    parts[part] = parts[part][: cell.start()] + error + parts[part][cell.end() :]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _at(result: AuditResult, *rules: str) -> list[tuple[str, str | None, list[str | None]]]:
    return [(f.rule, f.where.cell, [r.cell for r in f.related]) for f in result.findings if f.rule in rules]


RULES = ("SEL.GALAT", "SEL.FORMAT_PERSEN", "SEL.ANGKA_TEKS")


def test_error_value_is_not_blamed_on_an_input_its_formula_does_not_read(tmp_path: Path) -> None:
    """3.19 I9 =H9/0 (#DIV/0!) beside a percent-formatted I25 of the same column: I9 keeps its SEL.GALAT."""
    alone = _at(audit(_error_beside_percent(tmp_path, {}, "I9")), *RULES)
    assert alone == [("SEL.GALAT", "I9", [])]
    both = _at(audit(_error_beside_percent(tmp_path, {"I25": (0.9646, "0.00%")}, "I9")), *RULES)
    assert both == alone  # no formula reads I25 (the % of a row reads its own Jumlah and Realisasi)


def test_error_value_is_not_blamed_on_a_text_number_of_its_row_it_does_not_read(tmp_path: Path) -> None:
    """Anggaran Murni typed as text in E9: I9's formula reads Jumlah (G9, typed) and Realisasi, not E9."""
    found = _at(audit(_error_beside_percent(tmp_path, {"E9": ("2.000.000", None)}, "I9")), *RULES)
    assert ("SEL.GALAT", "I9", []) in found
    assert all("I9" not in related for _, _, related in found)
