"""Fixed rows are validated by their own kinds: one finding at the cause cell, no default, no cascade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lakip_xl.audit.findings import Finding
from tests.helpers import typed_over


def _at(findings: list[Finding]) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.where.sheet, f.where.cell) for f in findings]


IKU = "Indeks Kepuasan Masyarakat"
RENSTRA: dict[str, Any] = {
    "t2_1_1": {"rows": [{"indikator": IKU, "target_1": "71", "target_3": "80"}]},
    "t3_1": {"rows": [{"indikator": IKU, "target": "71", "realisasi": "74.85", "capaian": "105.42"}]},
    "analisis_penyebab": {"rows": [{"indikator": IKU, "keberhasilan": "Ada"}]},
}


def test_tahun_is_a_year(tmp_path: Path) -> None:
    assert typed_over(tmp_path, RENSTRA) == []
    wrong_target = {**RENSTRA, "t2_1_1": {"rows": [{"indikator": IKU, "target_1": "75", "target_3": "80"}]}}
    assert [f.rule for f in typed_over(tmp_path, wrong_target)] == ["LINTAS.TARGET_RENSTRA"]  # the check is live

    found = typed_over(tmp_path, wrong_target, {"Identitas!C8": "2024/2025"})
    assert _at(found) == [("VALIDASI.TIPE", "Identitas", "C8")]  # not the Renstra check with a guessed year
    message = found[0].message
    assert "Tahun laporan" in message and "'2024/2025'" in message and "mis. 2024" in message
    assert "tidak diperiksa" in message and "Renstra" in message

    assert _at(typed_over(tmp_path, RENSTRA, {"Identitas!C8": 24})) == [("VALIDASI.RENTANG", "Identitas", "C8")]


ZONES: dict[str, Any] = {
    "t3_10": {
        "rows": [
            {"lokasi": "Jl. A", "area_jalan": "75", "drainase": "71", "rth": "71", "pkl": "71", "spanduk": "71"},
            {"lokasi": "Jl. B", "area_jalan": "65", "drainase": "71", "rth": "71", "pkl": "71", "spanduk": "71"},
        ]
    }
}


def _typed_ket(ket_b: str) -> dict[str, Any]:
    rows = [{**ZONES["t3_10"]["rows"][0], "ket": "OK"}, {**ZONES["t3_10"]["rows"][1], "ket": ket_b}]
    return {"t3_10": {"rows": rows}}


@pytest.mark.parametrize(
    ("typed", "rule"),
    [("tujuh puluh", "VALIDASI.TIPE"), (150, "VALIDASI.RENTANG"), (20, "VALIDASI.RENTANG")],
)
def test_k3_threshold_unusable_is_not_replaced_by_its_default(tmp_path: Path, typed: Any, rule: str) -> None:
    assert typed_over(tmp_path, _typed_ket("NO")) == []
    # with the default 71, Jl. B (a score of 65) typed OK is a KET finding: the check depends on the parameter
    assert _at(typed_over(tmp_path, _typed_ket("OK"))) == [("T3_10.KET", "3.10 Nilai Zona K3", "H6")]

    found = typed_over(tmp_path, _typed_ket("OK"), {"Parameter!C7": typed})
    assert _at(found) == [(rule, "Parameter", "C7")]
    assert "tidak memakai nilai bawaan 71" in found[0].message and "KET zona" in found[0].message


@pytest.mark.parametrize(("typed", "rule"), [("sepersembilan", "VALIDASI.TIPE"), (5, "VALIDASI.RENTANG")])
def test_ikm_weight_unusable_leaves_the_ikm_unchecked(tmp_path: Path, typed: Any, rule: str) -> None:
    rows = [{"kode": f"U{i}", "unsur": f"U{i}", "nrr": "3.500"} for i in range(1, 10)]
    skm = {"skm_unsur": {"rows": rows, "total": {"ikm_unsur": "87.50"}}}
    assert typed_over(tmp_path, skm) == []
    found = typed_over(tmp_path, skm, {"Parameter!C6": typed})
    assert _at(found) == [(rule, "Parameter", "C6")]  # not IKM x 5, not the exact weight silently
    assert "IKM unit layanan" in found[0].message and "tidak diperiksa" in found[0].message


def test_rumus_turun_off_its_list_spares_the_rising_indicators(tmp_path: Path) -> None:
    rows = [
        {"indikator": "Naik", "arah": "naik", "target": "71", "realisasi": "74.85", "capaian": "105.42"},
        {"indikator": "Turun", "arah": "turun", "target": "10", "realisasi": "8", "capaian": "120.00"},
    ]
    texts = {"analisis_penyebab": {"rows": [{"indikator": r["indikator"], "keberhasilan": "Ada"} for r in rows]}}
    assert typed_over(tmp_path, {"t3_1": {"rows": rows}, **texts}) == []
    found = typed_over(tmp_path, {"t3_1": {"rows": rows}, **texts}, {"Parameter!C5": "realisasi/target"})
    assert _at(found) == [("VALIDASI.PILIHAN", "Parameter", "C5")]
    assert "arah 'turun'" in found[0].message
    rows[0]["capaian"] = "99.00"  # a rising indicator does not need the parameter: still checked
    found = typed_over(tmp_path, {"t3_1": {"rows": rows}, **texts}, {"Parameter!C5": "realisasi/target"})
    assert sorted(_at(found)) == [("T3_1.CAPAIAN", "3.1 Capaian IKU", "H5"), ("VALIDASI.PILIHAN", "Parameter", "C5")]


SKM: dict[str, Any] = {
    "skm_survei": {"rows": [{"kode": "jumlah_responden", "nilai": 93}]},
    "skm_responden": {
        "rows": [
            {"karakteristik": "Pendidikan", "indikator": "SMA", "jumlah": 92, "persentase": "98.92"},
            {"karakteristik": "Pendidikan", "indikator": "SMK", "jumlah": 1, "persentase": "1.08"},
        ]
    },
}


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("sembilan puluh tiga", "VALIDASI.TIPE"),
        ("93 orang", "VALIDASI.TIPE"),
        (93.5, "VALIDASI.BULAT"),
        (0, "VALIDASI.RENTANG"),
    ],
)
def test_jumlah_responden_as_text_is_one_finding(tmp_path: Path, typed: Any, rule: str) -> None:
    assert typed_over(tmp_path, SKM) == []
    found = typed_over(tmp_path, SKM, {"SKM Survei!C5": typed})
    assert _at(found) == [(rule, "SKM Survei", "C5")]  # no "cannot compute" on every persentase
    assert "Jumlah responden" in found[0].message and "mis. 93" in found[0].message


def test_text_input_does_not_cascade_to_the_capaian(tmp_path: Path) -> None:
    found = typed_over(tmp_path, RENSTRA, {"3.1 Capaian IKU!F5": "tujuh satu"})
    assert _at(found) == [("VALIDASI.TIPE", "3.1 Capaian IKU", "F5")]


def test_a_valid_count_in_a_fixed_row_passes(tmp_path: Path) -> None:
    assert typed_over(tmp_path, SKM, {"SKM Survei!C5": "93", "Identitas!C8": "2024"}) == []
