"""Issue #18 item 2: rules know the direction (arah) of an indicator.

Cases are built as a Dinas Kesehatan fills its workbook: Angka Kematian Ibu,
prevalensi stunting and gizi buruk are "turun" (lower is better), cakupan
imunisasi "naik"; their Perjanjian Kinerja (2.2.1) targets per triwulan fall or
rise by design.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import IDENTITAS, run

DINKES = {"rows": [*IDENTITAS["rows"], {"kode": "profil", "nilai": "opd"}]}
AKI = "Angka Kematian Ibu (per 100.000 kelahiran hidup)"
STUNTING = "Prevalensi stunting pada balita"


def _pk(indikator: str, target: str, *tws: str, arah: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"jenis": "Sasaran Strategis", "indikator": indikator, "target": target}
    row |= {f"tw{i}": tw for i, tw in enumerate(tws, start=1) if tw}
    if arah is not None:
        row["arah"] = arah
    return row


def _found(tmp_path: Path, tables: dict[str, Any]) -> list[tuple[str, str, str | None, str]]:
    result = run(tmp_path, {"identitas": DINKES, **tables})
    return [(f.rule, f.severity.value, f.where.cell, f.message) for f in result.findings if f.table_id == "t2_2_1"]


def test_turun_targets_falling_in_the_pk_own_arah_are_right(tmp_path: Path) -> None:
    rows = [
        _pk(AKI, "90", "95", "93", "91", "90", arah="turun"),
        _pk(STUNTING, "16", "19", "18", "17", "16", arah="turun"),
    ]
    assert _found(tmp_path, {"t2_2_1": {"rows": rows}}) == []


def test_turun_arah_taken_from_2_1_2_by_name(tmp_path: Path) -> None:
    iku = {"rows": [{"indikator": "Angka Kematian Ibu", "satuan": "Nilai", "arah": "turun", "target_1": "90"}]}
    pk = {"rows": [_pk(AKI, "90", "95", "93", "91", "90")]}  # the PK prints the longer name, no arah
    assert _found(tmp_path, {"t2_1_2": iku, "t2_2_1": pk}) == []


def test_turun_arah_taken_from_capaian_kinerja_by_name(tmp_path: Path) -> None:
    ck = {"rows": [{"tabel": "3.1", "indikator": STUNTING, "arah": "turun", "target": "16", "realisasi": "15.2"}]}
    pk = {"rows": [_pk("Prevalensi Stunting pada Balita", "16", "19", "18", "17", "16")]}
    assert _found(tmp_path, {"capaian_kinerja": ck, "t2_2_1": pk}) == []


def test_turun_indicator_whose_targets_rise_is_found(tmp_path: Path) -> None:
    iku = {"rows": [{"indikator": STUNTING, "satuan": "Persen", "arah": "turun", "target_1": "16"}]}
    pk = {"rows": [_pk(STUNTING, "19", "16", "17", "18", "19")]}
    found = _found(tmp_path, {"t2_1_2": iku, "t2_2_1": pk})
    assert [(rule, sev, cell) for rule, sev, cell, _ in found] == [
        ("T2_2_1.KUMULATIF", "error", "I5"),
        ("T2_2_1.KUMULATIF", "error", "J5"),
        ("T2_2_1.KUMULATIF", "error", "K5"),
    ]
    assert "naik dari 16 ke 17" in found[0][3] and "'turun'" in found[0][3] and "Tabel 2.1.2" in found[0][3]
    result = run(tmp_path, {"identitas": DINKES, "t2_1_2": iku, "t2_2_1": pk})
    related = {loc.sheet for f in result.findings for loc in f.related}
    assert related == {"2.1.2 IKU"}  # the cell stating the arah is named


def test_own_arah_wins_over_another_table(tmp_path: Path) -> None:
    """The PK row says turun; 3.1 left the same indicator as naik: the PK's own arah judges its targets."""
    t3_1 = {"rows": [{"indikator": AKI, "arah": "naik", "target": "90", "realisasi": "88"}]}
    pk = {"rows": [_pk(AKI, "90", "95", "93", "91", "90", arah="turun")]}
    assert _found(tmp_path, {"t3_1": t3_1, "t2_2_1": pk}) == []
    pk = {"rows": [_pk(AKI, "90", "95", "93", "91", "90", arah="naik")]}
    assert {rule for rule, *_ in _found(tmp_path, {"t3_1": t3_1, "t2_2_1": pk})} == {"T2_2_1.KUMULATIF"}


def test_last_quarter_equals_the_annual_target_in_both_directions(tmp_path: Path) -> None:
    rows = [
        _pk(AKI, "90", "95", "93", "91", "92", arah="turun"),  # the last quarter is not the annual target
        _pk("Cakupan imunisasi dasar lengkap", "95", "25", "50", "75", "90", arah="naik"),
    ]
    found = _found(tmp_path, {"t2_2_1": {"rows": rows}})
    assert {(rule, cell) for rule, _, cell, _ in found} == {
        ("T2_2_1.TW_AKHIR", "K5"),
        ("T2_2_1.KUMULATIF", "K5"),  # 91 -> 92 rises against turun
        ("T2_2_1.TW_AKHIR", "K6"),
    }


def test_falling_targets_without_any_arah_ask_for_it_once(tmp_path: Path) -> None:
    """No arah in 2.2.1 nor anywhere else: falling targets are one warning on the Arah cell, not a galat each."""
    found = _found(tmp_path, {"t2_2_1": {"rows": [_pk("Prevalensi gizi buruk", "2", "2.6", "2.4", "2.2", "2")]}})
    assert [(rule, sev, cell) for rule, sev, cell, _ in found] == [("T2_2_1.ARAH", "warning", "F5")]
    assert "isi Arah 'turun'" in found[0][3]


def test_targets_that_rise_then_fall_are_wrong_whatever_the_arah(tmp_path: Path) -> None:
    found = _found(tmp_path, {"t2_2_1": {"rows": [_pk("Prevalensi gizi buruk", "2", "2.2", "2.6", "2.4", "2")]}})
    assert {(rule, sev) for rule, sev, *_ in found} == {("T2_2_1.KUMULATIF", "error")}


@pytest.mark.parametrize("arah", ["naik", None])
def test_a_similar_name_with_an_empty_arah_is_not_mistaken_for_a_turun_one(tmp_path: Path, arah: str | None) -> None:
    """3.1 prints 'balita ditimbang' (naik, maybe left empty) beside 'balita stunting' (turun)."""
    ditimbang = {"indikator": "Persentase balita ditimbang", "target": "80", "realisasi": "82"}
    if arah:
        ditimbang["arah"] = arah
    stunting = {"indikator": "Persentase balita stunting", "arah": "turun", "target": "16", "realisasi": "15"}
    pk = {"rows": [_pk("Persentase balita ditimbang", "80", "20", "40", "60", "80")]}
    assert _found(tmp_path, {"t3_1": {"rows": [ditimbang, stunting]}, "t2_2_1": pk}) == []


def test_capaian_printed_for_turun_with_the_arah_left_empty_says_so(tmp_path: Path) -> None:
    """AKI: target 90, realisasi 85, the report prints capaian 105,56 = (2 x 90 - 85) / 90 and the arah is empty.

    The galat stays (the same number is what an inverted ratio gives by mistake), its message names the arah.
    """
    row = {"indikator": AKI, "target": "90", "realisasi": "85", "capaian": "105.56"}
    found = run(tmp_path, {"identitas": DINKES, "t3_1": {"rows": [row]}}).findings
    assert [(f.rule, f.severity.value) for f in found] == [("T3_1.CAPAIAN", "error")]
    assert "capaian arah 'turun'" in found[0].message and "Arah baris ini kosong (naik)" in found[0].message
    assert run(tmp_path, {"identitas": DINKES, "t3_1": {"rows": [{**row, "arah": "turun"}]}}).findings == []
    wrong = run(tmp_path, {"identitas": DINKES, "t3_1": {"rows": [{**row, "capaian": "101.00"}]}}).findings
    assert [f.rule for f in wrong] == ["T3_1.CAPAIAN"] and "arah" not in wrong[0].message  # fits neither
    naik = {"indikator": "Cakupan imunisasi", "arah": "turun", "target": "90", "realisasi": "85", "capaian": "94.44"}
    found = run(tmp_path, {"identitas": DINKES, "t3_1": {"rows": [naik]}}).findings
    assert "capaian arah 'naik'" in found[0].message and "Arah baris ini 'turun'" in found[0].message


def test_iku_tables_reading_one_indicator_in_opposite_directions(tmp_path: Path) -> None:
    t3_1 = {"rows": [{"indikator": AKI, "arah": "turun", "target": "90", "realisasi": "85"}]}
    cmp = {"tabel": "3.2", "indikator": AKI, "target": "90", "realisasi": "85"}
    assert run(tmp_path, {"t3_1": t3_1, "iku_perbandingan": {"rows": [{**cmp, "arah": "turun"}]}}).findings == []
    found = run(tmp_path, {"t3_1": t3_1, "iku_perbandingan": {"rows": [cmp]}}).findings
    assert [(f.rule, f.column) for f in found] == [("LINTAS.IKU", "arah")]
    assert "Arah 'naik' berbeda dengan Tabel 3.1 ('turun')" in found[0].message


def test_a_negative_capaian_of_a_turun_indicator_may_be_typed_in_3_15(tmp_path: Path) -> None:
    """AKI target 90, realisasi 200: (2 x 90 - 200) / 90 = -22,22 %, a capaian, not an impossible percentage."""
    rows = [{"tabel": "3.15", "indikator": AKI, "capaian": "-22.22"}]
    found = run(tmp_path, {"efisiensi_indikator": {"rows": rows}}).findings
    assert [f.rule for f in found if f.severity.value == "error"] == []


def test_a_negative_capaian_is_sangat_rendah_on_the_default_scale(tmp_path: Path) -> None:
    from lakip_xl.model.recompute import Recomputer
    from lakip_xl.tables import BY_ID

    rows = [{"indikator": AKI, "arah": "turun", "target": "90", "realisasi": "200"}]
    result = run(tmp_path, {"identitas": DINKES, "t3_1": {"rows": rows}})
    rc = Recomputer(result.data, BY_ID)
    assert rc.shown("t3_1", 0, "capaian") == Decimal("-22.22")
    assert rc.expected("t3_1", 0, "kategori_capaian") == "Sangat Rendah"  # was "di luar skala" ([0, 51) below 0)
