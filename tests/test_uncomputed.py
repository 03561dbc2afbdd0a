"""Values printed without their inputs: one note per table; a ratio to 0: its own warning (issue 18 item 4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from lakip_xl.audit.completeness import Verdict
from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Severity, cell_ranges
from lakip_xl.report.build import write_report
from lakip_xl.report.workbook import FILLS
from tests.helpers import build, rules

YEARS = ("n4", "n3", "n2", "n1", "n")


def _iku_as_printed(indicators: int) -> dict[str, Any]:
    """IKU Lima Tahun as OPD reports print it: a capaian per year, no target or realisasi."""
    rows: list[dict[str, Any]] = [{"level": "Sasaran", "uraian": "Meningkatnya kualitas layanan"}]
    for n in range(indicators):
        row: dict[str, Any] = {"level": "Indikator", "uraian": f"Indikator {n + 1}", "satuan": "%"}
        row.update({f"capaian_{y}": f"{95 + n}.{k}0" for k, y in enumerate(YEARS)})
        rows.append(row)
    return {"iku_tahunan": {"rows": rows}}


def _layanan_as_printed() -> dict[str, Any]:
    """SKM per layanan as printed: the IKM of each layanan, no NRR per unsur."""
    rows = [{"level": "Layanan", "uraian": f"Layanan {n}", "ikm": f"8{n}.50", "mutu": "B"} for n in range(1, 5)]
    return {"skm_layanan": {"rows": rows}}


def test_values_printed_without_inputs_are_one_info_per_table(tmp_path: Path) -> None:
    result = audit(build(tmp_path, {**_iku_as_printed(3), **_layanan_as_printed()}))
    assert [(f.rule, f.severity) for f in result.findings] == [("HITUNG.TANPA_ISIAN", Severity.INFO)] * 2
    assert result.verdict is Verdict.CLEAN and result.exit_code == 0  # no warning, no change to the verdict
    iku = next(f for f in result.findings if f.table_id == "iku_tahunan")
    cells = [loc.cell for loc in iku.related]
    assert len(cells) == 15 and len(set(cells)) == 15  # 3 indicators x 5 years, each named once
    assert iku.message.startswith("15 nilai turunan diketik tanpa isiannya; tidak dapat diperiksa: sel ")
    assert cell_ranges(c for c in cells if c) in iku.message and "'Target N'" in iku.message
    assert "target 0" not in iku.message
    skm = next(f for f in result.findings if f.table_id == "skm_layanan")
    assert skm.message.startswith("4 nilai turunan") and "isian yang kosong: 'U1', 'U2'" in skm.message
    assert len(skm.related) == 4 and {loc.sheet for loc in skm.related} == {"SKM Layanan"}


def test_a_target_of_0_is_a_warning_that_says_so(tmp_path: Path) -> None:
    rows = [
        {"indikator": "Nol", "target": "0", "realisasi": "5", "capaian": "100"},
        {"indikator": "Kosong", "capaian": "97.5"},
    ]
    result = audit(build(tmp_path, {"t3_1": {"rows": rows}}))
    assert rules(result) == [("HITUNG.TAK_TERHITUNG", "warning", "H5"), ("HITUNG.TANPA_ISIAN", "info", "H6")]
    zero = result.findings[0]
    assert "'Target' bernilai 0, jadi tidak ada rasio" in zero.message and "n/a" in zero.message
    assert "kosong" not in zero.message


def test_the_report_marks_and_keeps_every_cell_of_the_note(tmp_path: Path) -> None:
    path = build(tmp_path, _iku_as_printed(2))
    result = audit(path)
    (note,) = result.findings
    write_report(result, tmp_path / "laporan.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "laporan.xlsx")["IKU Lima Tahun"]
    for loc in note.related:
        cell = ws[loc.cell]
        assert cell.comment is not None and "HITUNG.TANPA_ISIAN" in cell.comment.text, loc.cell
        assert cell.fill.fgColor.rgb == "FF" + FILLS[Severity.INFO].lstrip("#"), loc.cell
        assert isinstance(cell.value, int | float), loc.cell  # the printed capaian, not a formula giving ""


def test_cell_ranges() -> None:
    assert cell_ranges(["H5", "H6", "H7", "H9", "J5", "AA2", "H8"]) == "H5:H9, J5, AA2"
    assert cell_ranges([]) == ""
