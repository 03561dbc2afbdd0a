""" "Not measured" (n/a, -, tidak diukur) in a measurement column: read, typed, recomputed, audited, round-tripped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Finding
from lakip_xl.io.interchange import from_json, to_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import NOT_MEASURED, is_not_measured
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.workbook import TableData, WorkbookData
from lakip_xl.tables import BY_ID
from tests.helpers import build, typed_over

MARKS = ["n/a", "N/A", "  n/a ", "-", " - ", "tidak diukur", "Tidak  Diukur", "TIDAK DIUKUR"]


def _at(findings: list[Finding]) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.where.cell, f.expected) for f in findings]


def _iku(target: str, realisasi: str, capaian: str | None = None) -> dict[str, Any]:
    row = {"indikator": "X", "target": target, "realisasi": realisasi}
    if capaian is not None:
        row["capaian"] = capaian
    return {"t3_1": {"rows": [row]}, "analisis_penyebab": {"rows": [{"indikator": "X", "keberhasilan": "Ada"}]}}


@pytest.mark.parametrize("mark", [*MARKS, "n/a\u00a0"])
def test_marks(mark: str) -> None:
    assert is_not_measured(mark) is (mark in MARKS)  # a non-breaking space is not Excel's TRIM's space
    assert not is_not_measured("0") and not is_not_measured("tidak ada") and not is_not_measured("n / a")


@pytest.mark.parametrize("mark", MARKS)
def test_typed_mark_reads_as_not_measured_and_money_dash_stays_zero(tmp_path: Path, mark: str) -> None:
    budget = {"t3_19": {"rows": [{"level": "Sub Kegiatan", "kode": "1", "uraian": "S", "murni": 100, "realisasi": 5}]}}
    path = build(tmp_path, {**_iku("71", "74.85"), **budget})
    wb = openpyxl.load_workbook(path)
    wb["3.1 Capaian IKU"]["G5"] = mark
    wb["3.19 Realisasi BLPU"]["F5"] = "-"  # ABT
    wb.save(path)
    data = read_workbook(path)
    assert data["t3_1"].rows[0]["realisasi"] == NOT_MEASURED
    assert data["t3_19"].rows[0]["abt"] == 0


def test_not_measured_realisasi_is_silent_and_gives_capaian_not_measured(tmp_path: Path) -> None:
    assert typed_over(tmp_path, _iku("71", "74.85")) == []
    for mark in ("n/a", "-", "Tidak Diukur"):  # capaian left to its formula
        assert typed_over(tmp_path, _iku("71", "74.85"), {"3.1 Capaian IKU!G5": mark}) == []
    assert typed_over(tmp_path, _iku("71", "n/a", "n/a")) == []  # n/a typed where n/a is expected
    assert typed_over(tmp_path, _iku("n/a", "n/a", "N/A")) == []
    assert typed_over(tmp_path, _iku("0", "5", "n/a")) == []  # no ratio to a target of 0: n/a says so


def test_a_number_where_the_inputs_are_not_measured_is_a_finding(tmp_path: Path) -> None:
    found = typed_over(tmp_path, _iku("71", "n/a", "105.42"))
    assert _at(found) == [("T3_1.CAPAIAN", "H5", "n/a")]
    assert "n/a (tidak diukur)" in found[0].message
    found = typed_over(tmp_path, _iku("71", "74.85"), {"3.1 Capaian IKU!G5": "-", "3.1 Capaian IKU!H5": 105.42})
    assert _at(found) == [("T3_1.CAPAIAN", "H5", "n/a")]
    # and n/a typed where the inputs give a number
    assert _at(typed_over(tmp_path, _iku("71", "74.85", "n/a"))) == [("T3_1.CAPAIAN", "H5", "105.42")]


def test_text_that_is_not_a_mark_is_still_refused(tmp_path: Path) -> None:
    found = typed_over(tmp_path, _iku("71", "74.85"), {"3.1 Capaian IKU!G5": "belum ada"})
    assert _at(found) == [("VALIDASI.TIPE", "G5", None)]


def test_nrr_not_measured_no_range_error_ikm_from_the_rest(tmp_path: Path) -> None:
    rows = [{"kode": f"U{i}", "unsur": f"U{i}", "nrr": "3.500"} for i in range(1, 10)]
    rows[0]["nrr"] = "n/a"
    rows[0]["ikm_unsur"] = "n/a"
    assert typed_over(tmp_path, {"skm_unsur": {"rows": rows, "total": {"ikm_unsur": "87.50"}}}) == []
    rows[0]["ikm_unsur"] = "87.50"
    found = typed_over(tmp_path, {"skm_unsur": {"rows": rows}})
    assert _at(found) == [("SKM_UNSUR.IKM_UNSUR", "D5", "n/a")]


def test_tingkat_efisiensi_of_a_capaian_not_measured(tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [{"indikator": "X", "capaian": "-", "efisiensi": "n/a"}]
    assert typed_over(tmp_path, {"efisiensi_indikator": {"rows": rows}}) == []
    rows[0]["efisiensi"] = "12.00"
    assert _at(typed_over(tmp_path, {"efisiensi_indikator": {"rows": rows}})) == [
        ("EFISIENSI_INDIKATOR.EFISIENSI", "I5", "n/a")
    ]


def test_recomputation_reads_it_as_no_number() -> None:
    data = from_json({"format": "lakip-xl", "version": 1, "tables": _iku("71", "n/a")})
    rc = Recomputer(data, BY_ID)
    assert rc.expected("t3_1", 0, "capaian") == NOT_MEASURED
    assert rc.shown("t3_1", 0, "kategori_capaian") is None  # no category for no number


def _doc(tables: dict[str, Any]) -> dict[str, Any]:
    return {"format": "lakip-xl", "version": 1, "tables": tables}


def test_json_accepts_the_marks_and_writes_n_a() -> None:
    rows = [
        {"indikator": "A", "target": "n/a", "realisasi": "-"},
        {"indikator": "B", "target": "Tidak Diukur", "realisasi": "74.85", "capaian": "N/A"},
    ]
    data = from_json(_doc({"t3_1": {"rows": rows}}))
    assert [r.get("target") for r in data["t3_1"].rows] == ["n/a", "n/a"]
    dumped = to_json(data)["tables"]["t3_1"]["rows"]
    assert dumped == [
        {"indikator": "A", "target": "n/a", "realisasi": "n/a"},
        {"indikator": "B", "target": "n/a", "realisasi": "74.85", "capaian": "n/a"},
    ]
    assert data["t3_1"].rows[1]["realisasi"] == Decimal("74.85")


@pytest.mark.parametrize(
    ("table", "row", "key", "held"),
    [
        ("t3_19", {"level": "Sub Kegiatan", "uraian": "S", "murni": "n/a"}, "murni", NOT_MEASURED),
        ("t3_19", {"level": "Sub Kegiatan", "uraian": "S", "murni": " - "}, "murni", 0),  # rupiah: nihil
        ("tabel_1", {"uraian": "PNS", "jumlah": "-"}, "jumlah", 0),  # a count: nobody
        ("tabel_1", {"uraian": "PNS", "jumlah": "Tidak Diukur"}, "jumlah", NOT_MEASURED),
        ("tabel_1", {"uraian": "PNS", "jumlah": 1, "persentase": "n/a"}, "persentase", NOT_MEASURED),
        ("skm_layanan", {"level": "Layanan", "uraian": "L", "ikm": "-"}, "ikm", NOT_MEASURED),  # not surveyed
        ("penutup", {"kode": "realisasi_anggaran", "klaim": "n/a"}, "klaim", NOT_MEASURED),
    ],
)
def test_json_takes_it_in_every_number_column(table: str, row: dict[str, Any], key: str, held: object) -> None:
    """Issue #18 item 3: "fill" took n/a only in measurement columns; "-" is 0 only in rupiah and counts."""
    assert from_json(_doc({table: {"rows": [row]}}))[table].rows[0][key] == held


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("identitas", {"kode": "tahun", "nilai": "n/a"}),  # a setting, not a figure of the report
        ("parameter", {"kode": "bobot_ikm", "nilai": "-"}),
    ],
)
def test_json_refuses_it_in_settings(table: str, row: dict[str, Any]) -> None:
    with pytest.raises(LakipError):
        from_json(_doc({table: {"rows": [row]}}))


def test_round_trip_keeps_it(tmp_path: Path) -> None:
    tables = {
        **_iku("n/a", "n/a", "n/a"),
        "skm_unsur": {"rows": [{"kode": "U1", "unsur": "U1", "nrr": "n/a", "ikm_unsur": "n/a"}]},
        "skm_tren": {"rows": [{"periode": "2024", "tw1": "n/a", "tw2": "88.89"}]},
        "t2_2_1": {"rows": [{"indikator": "X", "target": "75", "tw1": "n/a", "tw4": "75"}]},
    }
    data = from_json(_doc(tables))
    path = tmp_path / "wb.xlsx"
    write_workbook(path, data)
    back = to_json(read_workbook(path))["tables"]
    assert {t: back[t] for t in tables} == to_json(data)["tables"]


NOT_MEASURED_INPUTS: WorkbookData = {
    "t3_1": TableData(
        rows=[
            {"indikator": "A", "arah": "naik", "target": Decimal(71), "realisasi": " N/A "},
            {"indikator": "B", "arah": "turun", "target": "-", "realisasi": Decimal(8)},
            {"indikator": "C", "arah": "naik", "target": Decimal(0), "realisasi": "Tidak  Diukur"},
            {"indikator": "D", "arah": "naik", "target": Decimal(71), "realisasi": Decimal("74.85")},
        ]
    ),
    "skm_unsur": TableData(
        rows=[{"kode": "U1", "unsur": "U1", "nrr": "n/a"}, {"kode": "U2", "unsur": "U2", "nrr": Decimal("3.161")}]
    ),
    "efisiensi_indikator": TableData(rows=[{"indikator": "E", "capaian": "tidak diukur"}]),
}


@pytest.mark.libreoffice
def test_libreoffice_shows_n_a_where_lakip_xl_expects_it(tmp_path: Path, lo_profile: Path) -> None:
    """The template's formulas, recalculated by a real client, agree with the recomputation; its audit is silent."""
    from lakip_xl.io.writer import SheetWriter
    from tests.libreoffice import convert
    from tests.test_libreoffice import _check

    src = tmp_path / "na.xlsx"
    write_workbook(src, NOT_MEASURED_INPUTS)
    out = convert(src, tmp_path / "out", "xlsx", lo_profile)
    writer = SheetWriter(tmp_path / "unused.xlsx", NOT_MEASURED_INPUTS)
    layout = writer.layout_data  # what the sheets hold: the inputs, plus template rows (Mutu IKM) for the rest
    writer.wb.close()
    assert _check(layout, out) >= 10
    values = openpyxl.load_workbook(out, data_only=True)
    assert [values["3.1 Capaian IKU"][f"H{r}"].value for r in range(5, 9)] == ["n/a", "n/a", "n/a", 105.42]
    assert values["SKM Unsur"]["D5"].value == "n/a"
    rules = {f.rule for f in audit(out).findings if f.severity.value != "info"}
    assert not {r for r in rules if r.startswith(("T3_1", "SKM_UNSUR", "EFISIENSI", "VALIDASI", "SEL", "HITUNG"))}
