"""SKM per layanan (matrix of NRR, means per row, per unit and of the units) and the raw NRR computation,
every expected value worked out by hand from PermenPANRB 14/2017's formulas."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.io.interchange import from_json
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID
from tests.helpers import build, codes, rules, run

D = Decimal
L1 = ["3.2", "3.4", "3.0", "3.6", "3.5", "3.1", "3.3", "3.0", "3.4"]  # sum 29,5: 29,5 / 9 x 25 = 81,944 -> 81,94


def _unsur(values: list[str]) -> dict[str, str]:
    return {f"u{i}": v for i, v in enumerate(values, 1)}


def _matrix(units: bool = True) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"level": "Unit Layanan", "uraian": "UPT A"},
        {"level": "Layanan", "uraian": "L1", "responden": 40, **_unsur(L1)},
        # U9 not measured: (8 x 3,5) / 8 x 25 = 87,50
        {"level": "Layanan", "uraian": "L2", "responden": 60, **_unsur(["3.5"] * 8 + ["n/a"])},
        {"level": "Unit Layanan", "uraian": "UPT B"},
        # 3,601 x 25 = 90,025 -> 90,03 half-up (half-even: 90,02)
        {"level": "Layanan", "uraian": "L3", "responden": 30, **_unsur(["3.601"] * 9)},
    ]
    return rows if units else [r for r in rows[:3] if r["level"] == "Layanan"]


def _tables(tables: dict[str, Any], bobot: str | None = None) -> Any:
    if bobot is not None:
        tables = {**tables, "parameter": {"rows": [{"kode": "bobot_ikm", "nilai": bobot}]}}
    data = from_json({"format": "lakip-xl", "version": 1, "tables": tables})
    data["mutu_ikm"] = TableData(rows=[dict(r) for r in BY_ID["mutu_ikm"].default_rows])  # the template's scale
    return data


def _shown(table: str, rows: list[dict[str, Any]], keys: tuple[str, ...], bobot: str | None = None) -> Any:
    rc = Recomputer(_tables({table: {"rows": rows}}, bobot), BY_ID)
    body = [{k: rc.shown(table, i, k) for k in keys} for i in range(len(rows))]
    spec = BY_ID[table]
    assert spec.total is not None
    total: dict[str, Value] = {k: rc.shown(table, "total", k) for k in spec.total.computes}
    return body, total


MATRIX_KEYS = ("responden", "u1", "u9", "ikm", "mutu")


def test_layanan_rows_by_hand() -> None:
    body, _ = _shown("skm_layanan", _matrix(), MATRIX_KEYS)
    assert body[1]["ikm"] == D("81.94") and body[1]["mutu"] == "B"  # 76,61 <= 81,94 < 88,31
    assert body[2]["ikm"] == D("87.50") and body[2]["mutu"] == "B"
    assert body[4]["ikm"] == D("90.03") and body[4]["mutu"] == "A"


def test_unit_rows_sum_respondents_and_average_nrr_and_ikm() -> None:
    body, _ = _shown("skm_layanan", _matrix(), MATRIX_KEYS)
    # UPT A: 40 + 60 respondents; U1 (3,2 + 3,5) / 2 = 3,350; U9 only L1's 3,4 (n/a left out);
    # IKM = mean of its layanan's IKM: (81,94 + 87,50) / 2 = 84,72
    assert body[0] == {"responden": 100, "u1": D("3.350"), "u9": D("3.400"), "ikm": D("84.72"), "mutu": "B"}
    assert body[3] == {"responden": 30, "u1": D("3.601"), "u9": D("3.601"), "ikm": D("90.03"), "mutu": "A"}


def test_rata_rata_line_is_the_mean_of_the_units() -> None:
    _, total = _shown("skm_layanan", _matrix(), MATRIX_KEYS)
    # units: (84,72 + 90,03) / 2 = 87,375 -> 87,38; U1 (3,350 + 3,601) / 2 = 3,4755 -> 3,476;
    # U9 (3,4 + 3,601) / 2 = 3,5005 -> 3,501 half-up (half-even: 3,500)
    assert total["ikm"] == D("87.38") and total["mutu"] == "B"
    assert total["u1"] == D("3.476") and total["u9"] == D("3.501") and total["responden"] == 130


def test_rata_rata_line_without_units_is_the_mean_of_the_layanan() -> None:
    _, total = _shown("skm_layanan", _matrix(units=False), MATRIX_KEYS)
    assert total["ikm"] == D("84.72") and total["responden"] == 100 and total["u9"] == D("3.400")


def test_bobot_parameter_weighs_the_sum_of_nrr() -> None:
    body, _ = _shown("skm_layanan", _matrix(), MATRIX_KEYS, bobot="0.111")
    assert body[1]["ikm"] == D("81.86")  # 29,5 x 0,111 x 25 = 81,8625 -> 81,86 (exact 1/9: 81,94)


# (jumlah nilai, responden) per unsur: NRR at 3 decimals, NRR tertimbang = NRR / 9 at 4 decimals
RAW = [(320, 100), (345, 100), (301, 100), (356, 100), (350, 100), (310, 100), (333, 100), (1000, 300), (340, 100)]
TERTIMBANG = ["0.3556", "0.3833", "0.3344", "0.3956", "0.3889", "0.3444", "0.3700", "0.3703", "0.3778"]


def _raw() -> list[dict[str, Any]]:
    return [{"kode": f"U{i}", "unsur": f"Unsur {i}", "jumlah_nilai": s, "responden": n}
            for i, (s, n) in enumerate(RAW, 1)]  # fmt: skip


def test_raw_nrr_and_tertimbang_by_hand() -> None:
    body, total = _shown("skm_mentah", _raw(), ("nrr", "nrr_tertimbang", "ikm", "mutu"))
    assert body[0] == {"nrr": D("3.200"), "nrr_tertimbang": D("0.3556"), "ikm": D("80.00"), "mutu": "B"}
    assert body[7]["nrr"] == D("3.333")  # 1.000 / 300 = 3,3333...
    assert [row["nrr_tertimbang"] for row in body] == [D(t) for t in TERTIMBANG]
    # NRR 3,2 + 3,45 + 3,01 + 3,56 + 3,5 + 3,1 + 3,33 + 3,333 + 3,4 = 29,883;
    # / 9 = 3,32033 -> 3,3203; x 25 = 83,008 -> 83,01
    assert total == {"nrr_tertimbang": D("3.3203"), "ikm": D("83.01"), "mutu": "B"}


def test_raw_with_bobot_0_111() -> None:
    body, total = _shown("skm_mentah", _raw(), ("nrr_tertimbang",), bobot="0.111")
    assert body[0]["nrr_tertimbang"] == D("0.3552")  # 3,2 x 0,111
    assert total["ikm"] == D("82.93")  # 29,883 x 0,111 = 3,317013; x 25 = 82,925 -> 82,93


def test_raw_without_respondents_has_no_nrr() -> None:
    rows: list[dict[str, Any]] = [{"unsur": "U1", "jumlah_nilai": 320, "responden": 0}, {"unsur": "U2"}]
    body, total = _shown("skm_mentah", rows, ("nrr", "nrr_tertimbang", "ikm", "mutu"))
    assert body == [dict.fromkeys(("nrr", "nrr_tertimbang", "ikm", "mutu"))] * 2
    assert total == {"nrr_tertimbang": None, "ikm": None, "mutu": None}  # empty, not IKM 0


def test_matrix_formulas(tmp_path: Path) -> None:
    spec = BY_ID["skm_layanan"]
    ws = openpyxl.load_workbook(build(tmp_path, {"skm_layanan": {"rows": _matrix()}}))[spec.sheet]
    unit = ws.cell(5, spec.col_index("ikm") + 1).value
    layanan = ws.cell(6, spec.col_index("ikm") + 1).value
    responden = ws.cell(5, spec.col_index("responden") + 1).value
    assert unit.startswith("=IF((COUNTIFS(") and '"Layanan"' in unit
    assert "BOBOT_IKM" in layanan and responden.startswith("=SUMIFS(")


def _typed_matrix(unit_ikm: str, line_ikm: str) -> dict[str, Any]:
    rows = _matrix()
    rows[0] = {**rows[0], "ikm": unit_ikm}
    return {"skm_layanan": {"rows": rows, "total": {"ikm": line_ikm}}}


def test_right_typed_ikm_means_give_no_finding(tmp_path: Path) -> None:
    result = run(tmp_path, _typed_matrix("84.72", "87.38"))
    assert not codes(result), rules(result)


@pytest.mark.parametrize(
    ("unit_ikm", "line_ikm", "code"),
    [
        ("85.00", "87.38", "SKM_LAYANAN.IKM.RATA"),
        ("84.72", "86.49", "SKM_LAYANAN.IKM.JUMLAH"),  # the mean of the three layanan, not of the two units
    ],
)
def test_wrong_typed_ikm_means_give_a_finding(tmp_path: Path, unit_ikm: str, line_ikm: str, code: str) -> None:
    result = run(tmp_path, _typed_matrix(unit_ikm, line_ikm))
    assert codes(result) == {code}, rules(result)


@pytest.mark.parametrize(("ikm", "found"), [("83.01", set()), ("83", set()), ("82.93", {"SKM_MENTAH.IKM.JUMLAH"})])
def test_raw_typed_ikm(tmp_path: Path, ikm: str, found: set[str]) -> None:
    """83 typed without decimals is right at its precision; 82,93 is the 0,111 result under an exact weight."""
    result = run(tmp_path, {"skm_mentah": {"rows": _raw(), "total": {"ikm": ikm}}})
    assert codes(result) == found, rules(result)


def test_round_trip_with_typed_means(tmp_path: Path) -> None:
    """export(fill(d)) == d for both shapes, with typed means over their formulas and an n/a NRR."""
    from lakip_xl.io.interchange import to_json
    from lakip_xl.io.reader import read_workbook
    from lakip_xl.io.writer import write_workbook

    tables = {**_typed_matrix("85.00", "86.49"), "skm_mentah": {"rows": _raw(), "total": {"ikm": "83", "mutu": "B"}}}
    data = from_json({"format": "lakip-xl", "version": 1, "tables": tables})
    path = tmp_path / "wb.xlsx"
    write_workbook(path, data)
    back = to_json(read_workbook(path))["tables"]
    for table in tables:
        assert back[table] == to_json(data)["tables"][table]


def _full_marks() -> list[dict[str, Any]]:
    """9 unsur, each 400 points from 100 answers: every NRR 4,000, the best a survey can score."""
    return [{"kode": f"U{i}", "unsur": f"Unsur {i}", "jumlah_nilai": 400, "responden": 100} for i in range(1, 10)]


def test_raw_full_marks_give_ikm_100_with_the_exact_weight() -> None:
    """NRR 4 x 1/9 summed over 9 unsur is 4 exactly: IKM 100,00, not 9 x 0,4444 x 25 = 99,99."""
    body, total = _shown("skm_mentah", _full_marks(), ("nrr", "nrr_tertimbang"))
    assert {row["nrr"] for row in body} == {D("4.000")} and {row["nrr_tertimbang"] for row in body} == {D("0.4444")}
    assert total == {"nrr_tertimbang": D("4.0000"), "ikm": D("100.00"), "mutu": "A"}


@pytest.mark.parametrize(("ikm", "found"), [(None, set()), ("100", set()), ("100.00", set()),
                                            ("99.99", {"SKM_MENTAH.IKM.JUMLAH"})])  # fmt: skip
def test_raw_full_marks_typed_ikm(tmp_path: Path, ikm: str | None, found: set[str]) -> None:
    """The IKM left as the template's formula or typed 100 is right; 99,99 (rounded NRR tertimbang summed) is not."""
    table: dict[str, Any] = {"rows": _full_marks()}
    if ikm is not None:
        table["total"] = {"ikm": ikm}
    result = run(tmp_path, {"skm_mentah": table})
    assert codes(result) == found, rules(result)
    if found:
        (f,) = result.findings
        assert (f.recorded, f.expected) == ("99.99", "100.00")


def test_raw_full_marks_with_tertimbang_typed_as_printed(tmp_path: Path) -> None:
    """NRR tertimbang typed at 4 decimals (0,4444) is right; the IKM is still 100,00 from the NRR, not 99,99."""
    rows = [{**row, "nrr_tertimbang": "0.4444"} for row in _full_marks()]
    assert not codes(run(tmp_path, {"skm_mentah": {"rows": rows, "total": {"ikm": "100.00"}}}))
    result = run(tmp_path, {"skm_mentah": {"rows": rows, "total": {"ikm": "99.99"}}})
    assert codes(result) == {"SKM_MENTAH.IKM.JUMLAH"}, rules(result)
