"""IKU over five years (N-4 .. N): capaian per year, change N vs N-1, capaian against the Renstra end,
the mean per Sasaran and the unit's mean, every expected value worked out by hand from the formulas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.io.interchange import from_json
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Hierarchy, Value
from lakip_xl.tables import BY_ID
from tests.helpers import build, codes, rules, run

SPEC = BY_ID["iku_tahunan"]


def _rows() -> list[dict[str, Any]]:
    return [
        {"level": "Sasaran", "uraian": "Sasaran 1"},
        # 84/80 = 105,00; 70/75 = 93,333 -> 93,33; 84/90 = 93,333 -> 93,33; change 105,00 - 93,33 = 11,67
        {"level": "Indikator", "uraian": "I1", "arah": "naik", "target_n": "80", "realisasi_n": "84",
         "target_n1": "75", "realisasi_n1": "70", "target_akhir": "90"},
        # turun, 2*target - realisasi: (20 - 12)/10 = 80,00; N-1 not measured; (16 - 12)/8 = 50,00
        {"level": "Indikator", "uraian": "I2", "arah": "turun", "target_n": "10", "realisasi_n": "12",
         "target_n1": "n/a", "realisasi_n1": "5", "target_akhir": "8"},
        # 2/3 = 66,666... -> 66,67; N-1 empty
        {"level": "Indikator", "uraian": "I3", "arah": "naik", "target_n": "3", "realisasi_n": "2"},
        {"level": "Sasaran", "uraian": "Sasaran 2"},
        {"level": "Indikator", "uraian": "I4", "target_n": "50", "realisasi_n": "n/a"},
        # 5/4 = 125,00; 4/4 = 100,00; change 25,00
        {"level": "Indikator", "uraian": "I5", "target_n": "4", "realisasi_n": "5", "target_n1": "4",
         "realisasi_n1": "4"},
    ]  # fmt: skip


def _data(rows: list[dict[str, Any]]) -> Any:
    return from_json({"format": "lakip-xl", "version": 1, "tables": {"iku_tahunan": {"rows": rows}}})


def _shown(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Value]], dict[str, Value]]:
    rc = Recomputer(_data(rows), BY_ID)
    keys = ("capaian_n", "capaian_n1", "perubahan", "capaian_akhir", "capaian_n4")
    body = [{k: rc.shown("iku_tahunan", i, k) for k in keys} for i in range(len(rows))]
    return body, {k: rc.shown("iku_tahunan", "total", k) for k in SPEC.total.computes} if SPEC.total else {}


def D(text: str) -> Decimal:
    return Decimal(text)


def test_indicator_rows_by_hand() -> None:
    body, _ = _shown(_rows())
    assert body[1] == {"capaian_n": D("105.00"), "capaian_n1": D("93.33"), "perubahan": D("11.67"),
                       "capaian_akhir": D("93.33"), "capaian_n4": None}  # fmt: skip
    assert body[2] == {"capaian_n": D("80.00"), "capaian_n1": "n/a", "perubahan": "n/a",
                       "capaian_akhir": D("50.00"), "capaian_n4": None}  # fmt: skip
    assert body[3] == {"capaian_n": D("66.67"), "capaian_n1": None, "perubahan": None,
                       "capaian_akhir": None, "capaian_n4": None}  # fmt: skip
    assert body[5]["capaian_n"] == "n/a"


def test_sasaran_row_is_the_mean_of_its_indicators_without_na_and_empty() -> None:
    body, _ = _shown(_rows())
    # (105,00 + 80,00 + 66,67) / 3 = 83,89; N-1: only 93,33 (n/a and empty left out);
    # akhir: (93,33 + 50,00) / 2 = 71,665 -> 71,67 half-up (half-even would give 71,66)
    assert body[0] == {"capaian_n": D("83.89"), "capaian_n1": D("93.33"), "perubahan": D("-9.44"),
                       "capaian_akhir": D("71.67"), "capaian_n4": None}  # fmt: skip
    # Sasaran 2: I4 not measured, so the mean is I5 alone
    assert body[4] == {"capaian_n": D("125.00"), "capaian_n1": D("100.00"), "perubahan": D("25.00"),
                       "capaian_akhir": None, "capaian_n4": None}  # fmt: skip


def test_unit_line_is_the_mean_of_every_indicator_not_of_the_sasaran() -> None:
    _, total = _shown(_rows())
    # (105,00 + 80,00 + 66,67 + 125,00) / 4 = 94,1675 -> 94,17 (the mean of the two Sasaran would be 104,45)
    # N-1: (93,33 + 100,00) / 2 = 96,665 -> 96,67 half-up; change 94,17 - 96,67 = -2,50
    assert total == {"capaian_n4": None, "capaian_n3": None, "capaian_n2": None, "capaian_n1": D("96.67"),
                     "capaian_n": D("94.17"), "capaian_akhir": D("71.67"), "perubahan": D("-2.50")}  # fmt: skip


def test_rows_without_tingkat_count_for_the_unit() -> None:
    rows = [{k: v for k, v in r.items() if k != "level"} for r in _rows() if r.get("level") != "Sasaran"]
    body, total = _shown(rows)
    assert total["capaian_n"] == D("94.17")
    assert body[0]["capaian_n"] == D("105.00")  # no Sasaran row: every row is an indicator


def test_sasaran_without_indicators_is_an_indicator_of_its_own() -> None:
    rows = [{"level": "Sasaran", "uraian": "S", "target_n": "4", "realisasi_n": "3"}]
    body, total = _shown(rows)
    assert body[0]["capaian_n"] == D("75.00")  # its own target and realisasi, not a mean of nothing
    assert total["capaian_n"] is None  # a Sasaran row is not an indicator of the unit


def test_hierarchy_says_which_columns_a_parent_averages() -> None:
    hier = SPEC.hierarchy
    assert isinstance(hier, Hierarchy) and hier.summed == ()
    assert set(hier.averaged) == {"capaian_n4", "capaian_n3", "capaian_n2", "capaian_n1", "capaian_n", "capaian_akhir"}
    assert SPEC.is_derived_at({"level": "Sasaran"}, "capaian_n") and not SPEC.is_derived_at({}, "target_n")
    assert [SPEC.column(f"target_{y}").header for y in ("n4", "n3", "n2", "n1", "n")] == [
        "Target N-4", "Target N-3", "Target N-2", "Target N-1", "Target N"]  # fmt: skip


def test_workbook_formulas_mean_on_sasaran_rows_and_capaian_on_indicators(tmp_path: Path) -> None:
    path = build(tmp_path, {"iku_tahunan": {"rows": _rows()}})
    ws = openpyxl.load_workbook(path)[SPEC.sheet]
    col = SPEC.col_index("capaian_n") + 1
    sasaran, indikator = ws.cell(5, col).value, ws.cell(6, col).value
    assert "COUNTIFS" in sasaran and '"Indikator"' in sasaran and "ROUND" in sasaran
    assert "COUNTIFS" not in indikator and "RUMUS_TURUN" in indikator
    line = ws.cell(5 + len(_rows()), col).value
    assert '"<>Sasaran"' in line


def _typed(sasaran: str, unit: str) -> dict[str, Any]:
    rows = _rows()
    rows[0] = {**rows[0], "capaian_n": sasaran}
    return {"iku_tahunan": {"rows": rows, "total": {"capaian_n": unit}}}


def test_right_typed_means_give_no_finding(tmp_path: Path) -> None:
    result = run(tmp_path, _typed("83.89", "94.17"))
    assert not codes(result), rules(result)


@pytest.mark.parametrize(
    ("sasaran", "unit", "code"),
    [
        ("85", "94.17", "IKU_TAHUNAN.CAPAIAN_N.RATA"),  # Sasaran 1 typed wrong: (105 + 80 + 66,67) / 3 = 83,89
        # n/a counted as 0: (105 + 80 + 66,67 + 0 + 125) / 5 = 75,334 -> 75,33
        ("83.89", "75.33", "IKU_TAHUNAN.CAPAIAN_N.JUMLAH"),
        ("83.89", "104.45", "IKU_TAHUNAN.CAPAIAN_N.JUMLAH"),  # mean of the two Sasaran, not of the indicators
    ],
)
def test_wrong_typed_means_give_a_finding(tmp_path: Path, sasaran: str, unit: str, code: str) -> None:
    result = run(tmp_path, _typed(sasaran, unit))
    assert codes(result) == {code}, rules(result)
    finding = result.findings[0]
    assert finding.severity.value == "error" and finding.where.cell is not None


def test_round_trip_with_typed_means(tmp_path: Path) -> None:
    """export(fill(d)) == d: n/a, empty cells, typed Sasaran and unit means, rows without Tingkat."""
    from lakip_xl.io.interchange import to_json
    from lakip_xl.io.reader import read_workbook
    from lakip_xl.io.writer import write_workbook

    rows = [*_typed("85", "75.33")["iku_tahunan"]["rows"], {"uraian": "Tanpa tingkat", "target_n4": "n/a"}]
    data = from_json({"format": "lakip-xl", "version": 1, "tables": {"iku_tahunan": {
        "rows": rows, "total": {"capaian_n": "75.33", "perubahan": "n/a"}}}})  # fmt: skip
    path = tmp_path / "wb.xlsx"
    write_workbook(path, data)
    assert to_json(read_workbook(path))["tables"]["iku_tahunan"] == to_json(data)["tables"]["iku_tahunan"]
