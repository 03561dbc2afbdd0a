"""Rule by rule: a correct case raises nothing, a broken case raises the rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import codes, rules, run


def _t1(pns: int, tkk: int, pct: tuple[str, str] | None = None, total: dict[str, Any] | None = None) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [{"uraian": "PNS", "jumlah": pns}, {"uraian": "TKK", "jumlah": tkk}]
    if pct:
        rows[0]["persentase"], rows[1]["persentase"] = pct
    body: dict[str, Any] = {"rows": rows}
    if total:
        body["total"] = total
    return {"tabel_1": body}


def test_clean_workbook_has_no_findings(tmp_path: Path) -> None:
    result = run(tmp_path, _t1(42, 136, ("24", "76"), {"jumlah": 178, "persentase": "100"}))
    assert result.findings == []
    assert result.exit_code == 0


def test_share_at_typed_precision(tmp_path: Path) -> None:
    # 42/178 = 23.596 %: "24" (0 decimals) is right, "23.59" is not (23.60)
    assert codes(run(tmp_path, _t1(42, 136, ("23.60", "76")))) == set()
    found = rules(run(tmp_path, _t1(42, 136, ("23.59", "76.40"))))
    assert ("TABEL_1.PERSENTASE", "error", "C5") in found


def test_total_line(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _t1(42, 136, total={"jumlah": 178}))) == set()
    found = rules(run(tmp_path, _t1(42, 136, total={"jumlah": 177})))
    assert found == [("TABEL_1.JUMLAH.JUMLAH", "error", "B7")]


def test_forced_rounding_is_a_warning(tmp_path: Path) -> None:
    rows = [
        {"uraian": "IV", "jumlah": 4, "persentase": "9.52"},
        {"uraian": "III", "jumlah": 34, "persentase": "80.96"},
        {"uraian": "II", "jumlah": 4, "persentase": "9.52"},
    ]
    result = run(tmp_path, {"tabel_2": {"rows": rows}})
    assert rules(result) == [("PEMBULATAN.PAKSA", "warning", "C6")]
    assert result.exit_code == 0
    rows[1]["persentase"] = "80.97"  # two units off: not a rounding choice
    assert rules(run(tmp_path, {"tabel_2": {"rows": rows}})) == [("TABEL_2.PERSENTASE", "error", "C6")]


def test_pegawai_tables_agree(tmp_path: Path) -> None:
    t3 = {"rows": [{"uraian": "S1", "pns": 40, "tkk": 136}], "total": {"pns": 40}}
    assert "LINTAS.PEGAWAI" in codes(run(tmp_path, {**_t1(42, 136), "tabel_3": t3}))
    t3 = {"rows": [{"uraian": "S1", "pns": 42, "tkk": 136}]}
    assert codes(run(tmp_path, {**_t1(42, 136), "tabel_3": t3})) == set()


def _anggaran(sub_pagu: int = 300, tws: tuple[int, ...] = (100, 100, 100, 0), keg: int | None = None) -> dict[str, Any]:
    kegiatan: dict[str, Any] = {"level": "Kegiatan", "uraian": "Kegiatan A"}
    if keg is not None:
        kegiatan["pagu"] = keg
    return {
        "t2_2_2": {
            "rows": [
                {"level": "Unit", "uraian": "Kecamatan Uji"},
                {"level": "Program", "uraian": "Program A"},
                kegiatan,
                {
                    "level": "Sub Kegiatan",
                    "uraian": "Sub Satu",
                    "pagu": sub_pagu,
                    **{f"tw{i + 1}": v for i, v in enumerate(tws)},
                },
                {"level": "Sub Kegiatan", "uraian": "Pemberdayaan Masyarakat Kelurahan", "pagu": 50, "tw1": 50},
            ]
        }
    }


def test_pagu_equals_triwulan(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _anggaran())) == set()
    assert rules(run(tmp_path, _anggaran(tws=(100, 100, 50, 0)))) == [("T2_2_2.PAGU_TW", "error", "E8")]


def test_parent_sums_its_children(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _anggaran(keg=350))) == set()
    assert rules(run(tmp_path, _anggaran(keg=340))) == [("T2_2_2.PAGU.INDUK", "error", "E7")]


def _realisasi(table: str = "t3_19", **sub: Any) -> dict[str, Any]:
    leaf = {"level": "Sub Kegiatan", "uraian": "Sub Satu", "murni": 300, "abt": 0, "realisasi": 150, **sub}
    return {
        table: {
            "rows": [
                {"level": "Program", "uraian": "Program A"},
                {"level": "Kegiatan", "uraian": "Kegiatan A"},
                leaf,
            ]
        }
    }


def test_realisasi_table_rules(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _realisasi(jumlah=300, persen="50.00"))) == set()
    assert rules(run(tmp_path, _realisasi(jumlah=310))) == [("T3_19.JUMLAH", "error", "G7")]
    assert rules(run(tmp_path, _realisasi(persen="51.00"))) == [("T3_19.PERSEN", "error", "I7")]
    assert rules(run(tmp_path, _realisasi(abt=-100))) == []  # ABT may be negative
    found = rules(run(tmp_path, _realisasi(realisasi=400)))
    assert ("REALISASI.MELEBIHI", "warning", "H7") in found


def test_derived_value_right_for_corrected_inputs_is_not_flagged(tmp_path: Path) -> None:
    # the kegiatan's realisasi is wrong (sum is 150), but its % is right for the true sum: only the root is flagged
    data = _realisasi()
    data["t3_19"]["rows"][1].update({"realisasi": 140, "persen": "50.00"})
    assert rules(run(tmp_path, data)) == [("T3_19.REALISASI.INDUK", "error", "H6")]


def test_budget_tables_agree_by_name(tmp_path: Path) -> None:
    data = {
        **_anggaran(),
        "t3_19": {
            "rows": [
                {"level": "Program", "uraian": "Program A"},
                {"level": "Kegiatan", "uraian": "Kegiatan A"},
                {"level": "Sub Kegiatan", "uraian": "Sub Satu", "murni": 300, "realisasi": 10},
                {"level": "Sub Kegiatan", "uraian": "pemberdayaan  masyarakat kelurahan", "murni": 50, "realisasi": 10},
            ]
        },
    }
    assert codes(run(tmp_path, data)) == set()
    data["t3_19"]["rows"][3].update({"murni": 60, "abt": "-"})  # no perubahan: nihil
    assert rules(run(tmp_path, data)) == [("LINTAS.PAGU", "error", "G8")]
    del data["t3_19"]["rows"][3]["abt"]  # an empty ABT is no 0: a perubahan of -10 may be missing
    found = run(tmp_path, data).findings
    assert [(f.rule, f.severity.value, f.where.cell) for f in found] == [("LINTAS.PAGU", "warning", "G8")]
    assert "sel F8 kosong" in found[0].message
    data["t3_19"]["rows"][3].update({"murni": 50, "uraian": "Pemberdayaan Masyrakat Kelurahan"})
    assert rules(run(tmp_path, data)) == [("LINTAS.NAMA_BERBEDA", "warning", "D8")]
    data["t3_19"]["rows"].pop(3)
    assert ("LINTAS.SUBKEGIATAN_HILANG", "error", "D9") in rules(run(tmp_path, data))


def _zones(ket5: str | None = None, status5: str = "Belum Tertib K3") -> dict[str, Any]:
    ok = {"area_jalan": "71", "drainase": "75", "rth": "80", "pkl": "71", "spanduk": "72"}
    low = {**ok, "rth": "70"}
    zone5: dict[str, Any] = {"no": "2", "lokasi": "Jl. Dua", **low}
    if ket5:
        zone5["ket"] = ket5
    return {
        "t3_10": {"rows": [{"no": "1", "lokasi": "Jl. Satu", **ok}, zone5]},
        "t3_16": {
            "rows": [
                {"no": "1", "lokasi": "Jl. Satu", "status": "Tertib K3"},
                {"no": "2", "lokasi": "Jl. Dua", "status": status5},
            ]
        },
    }


def test_zone_ket_and_status(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _zones("NO"))) == set()
    assert rules(run(tmp_path, _zones("OK"))) == [("T3_10.KET", "error", "H6")]  # 70 is not "Baik"
    assert rules(run(tmp_path, _zones(status5="Tertib K3"))) == [("LINTAS.ZONA", "error", "C6")]


def _iku(realisasi: str, sumber: str, target: str = "75", **extra: Any) -> dict[str, Any]:
    row = {
        "no": "1",
        "indikator": "Persentase Wilayah Tertib",
        "arah": "naik",
        "sumber": sumber,
        "target": target,
        "realisasi": realisasi,
        **extra,
    }
    return {"t3_1": {"rows": [row]}}


def test_k3_realisasi_from_zones(tmp_path: Path) -> None:
    zones = _zones("NO")
    assert codes(run(tmp_path, {**zones, **_iku("50", "Zona K3 (Tabel 3.10)")})) == set()
    found = rules(run(tmp_path, {**zones, **_iku("100", "Zona K3 (Tabel 3.10)")}))
    assert found == [("LINTAS.K3", "error", "G5")]
    # agrees only with the KET as typed (wrong): an info pointing at the root, which is the error
    found = rules(run(tmp_path, {**_zones("OK"), **_iku("100", "Zona K3 (Tabel 3.10)")}))
    assert ("LINTAS.K3", "info", "G5") in found and ("T3_10.KET", "error", "H6") in found


def test_k3_expected_share_is_rounded_half_up(tmp_path: Path) -> None:
    """1 zone OK of 32 is 3.125 %: the finding shows 3.13 (half up, as Excel's ROUND), not 3.12."""
    ok = {"area_jalan": "71", "drainase": "75", "rth": "80", "pkl": "71", "spanduk": "72"}
    low = {**ok, "rth": "70"}
    names = [f"Jl. {n}" for n in range(1, 33)]
    zones = {
        "t3_10": {
            "rows": [{"no": str(n + 1), "lokasi": name, **(ok if n == 0 else low)} for n, name in enumerate(names)]
        },
        "t3_16": {"rows": [{"no": str(n + 1), "lokasi": name} for n, name in enumerate(names)]},
    }
    result = run(tmp_path, {**zones, **_iku("50", "Zona K3 (Tabel 3.10)")})
    k3 = [f for f in result.findings if f.rule == "LINTAS.K3"]
    assert len(k3) == 1 and k3[0].expected == "3.13"


@pytest.mark.parametrize(
    ("arah", "rumus", "target", "realisasi", "capaian"),
    [
        ("naik", None, "71", "74.85", "105.42"),
        ("turun", None, "10", "8", "120.00"),  # (2*10 - 8) / 10
        ("turun", "target/realisasi", "10", "8", "125.00"),
    ],
)
def test_capaian_with_direction(
    tmp_path: Path, arah: str, rumus: str | None, target: str, realisasi: str, capaian: str
) -> None:
    data: dict[str, Any] = {
        "t3_1": {
            "rows": [{"indikator": "X", "arah": arah, "target": target, "realisasi": realisasi, "capaian": capaian}]
        }
    }
    if rumus:
        data["parameter"] = {
            "rows": [{"kode": "rumus_turun", "nilai": rumus}, {"kode": "k3_batas_baik", "nilai": "71"}]
        }
    assert codes(run(tmp_path, data)) == set()
    data["t3_1"]["rows"][0]["capaian"] = "99.00"
    assert codes(run(tmp_path, data)) == {"T3_1.CAPAIAN"}


def test_target_zero_has_no_capaian(tmp_path: Path) -> None:
    data = {"t3_1": {"rows": [{"indikator": "X", "target": "0", "realisasi": "5", "capaian": "100"}]}}
    assert rules(run(tmp_path, data)) == [("HITUNG.TAK_TERHITUNG", "warning", "H5")]


def test_skm(tmp_path: Path) -> None:
    nrr = ["3.161", "3.441", "3.441", "4.000", "3.957", "3.376", "3.323", "3.323", "3.979"]
    rows = [{"kode": f"U{i + 1}", "unsur": f"Unsur {i + 1}", "nrr": v} for i, v in enumerate(nrr)]
    rows[0].update({"ikm_unsur": "79.03", "mutu": "B"})
    total = {"ikm_unsur": "88.89", "kinerja": "Sangat Baik"}
    data = {"skm_unsur": {"rows": rows, "total": total}}
    assert codes(run(tmp_path, data)) == set()
    rows[0]["ikm_unsur"] = "79.02"  # 3.161 x 25 = 79.025 -> 79.03 half-up
    total["ikm_unsur"] = "88.90"
    assert codes(run(tmp_path, data)) == {"SKM_UNSUR.IKM_UNSUR", "SKM_UNSUR.IKM_UNSUR.JUMLAH"}


def test_ikm_bobot_parameter(tmp_path: Path) -> None:
    rows = [{"kode": f"U{i}", "unsur": f"U{i}", "nrr": "3.500"} for i in range(1, 10)]
    params = {"rows": [{"kode": "bobot_ikm", "nilai": "0.111"}, {"kode": "k3_batas_baik", "nilai": "71"}]}
    data = {"parameter": params, "skm_unsur": {"rows": rows, "total": {"ikm_unsur": "87.41"}}}  # 31.5*0.111*25
    assert codes(run(tmp_path, data)) == set()


def test_skm_respondents(tmp_path: Path) -> None:
    survei = {"rows": [{"kode": "jumlah_responden", "nilai": 93}]}
    resp = [
        {"karakteristik": "Pendidikan", "indikator": "SMA", "jumlah": 92, "persentase": "98.92"},
        {"karakteristik": "Pendidikan", "indikator": "SMK", "jumlah": 1, "persentase": "1.08"},
    ]
    assert codes(run(tmp_path, {"skm_survei": survei, "skm_responden": {"rows": resp}})) == set()
    resp[1]["jumlah"] = 2
    found = codes(run(tmp_path, {"skm_survei": survei, "skm_responden": {"rows": resp}}))
    assert found == {"SKM.RESPONDEN", "SKM_RESPONDEN.PERSENTASE"}


def test_pk_quarterly_targets(tmp_path: Path) -> None:
    row = {"indikator": "X", "target": "75", "tw1": "20", "tw2": "40", "tw3": "60", "tw4": "75"}
    assert codes(run(tmp_path, {"t2_2_1": {"rows": [row]}})) == set()
    assert codes(run(tmp_path, {"t2_2_1": {"rows": [{**row, "tw4": "55"}]}})) == {"T2_2_1.TW_AKHIR", "T2_2_1.KUMULATIF"}


def test_iku_tables_agree(tmp_path: Path) -> None:
    base = {
        **_iku("74.85", "", target="71", capaian="105.42"),
        "t2_1_1": {"rows": [{"indikator": "Persentase Wilayah Tertib", "target_1": "71", "target_3": "75"}]},
        "t2_2_1": {"rows": [{"indikator": "Persentase Wilayah Tertib", "target": "71", "tw4": "71"}]},
    }
    cmp = {
        "tabel": "3.2",
        "indikator": "Persentase Wilayah Tertib Kecamatan",
        "target": "71",
        "realisasi": "74.85",
        "capaian": "105.42",
        "target_akhir_renstra": "75",
    }
    assert codes(run(tmp_path, {**base, "iku_perbandingan": {"rows": [cmp]}})) == set()
    found = codes(
        run(
            tmp_path,
            {**base, "iku_perbandingan": {"rows": [{**cmp, "realisasi": "74.58", "target_akhir_renstra": "76"}]}},
        )
    )
    assert found == {"LINTAS.IKU", "LINTAS.TARGET_RENSTRA", "IKU_PERBANDINGAN.CAPAIAN"}
    base["t2_2_1"]["rows"][0].update({"target": "70", "tw4": "70"})
    assert codes(run(tmp_path, base)) == {"LINTAS.TARGET_PK"}


def test_ikm_realisasi_agrees_with_skm(tmp_path: Path) -> None:
    rows = [{"kode": f"U{i}", "unsur": f"U{i}", "nrr": "3.500"} for i in range(1, 10)]  # IKM 87.50
    data = {"skm_unsur": {"rows": rows}, **_iku("87.50", "IKM (SKM)", target="84")}
    assert codes(run(tmp_path, data)) == set()
    data.update(_iku("88.89", "IKM (SKM)", target="84"))
    assert codes(run(tmp_path, data)) == {"LINTAS.IKM"}


def test_keuangan_and_penutup(tmp_path: Path) -> None:
    t319 = {
        "rows": [
            {"level": "Program", "uraian": "Program Penunjang"},
            {"level": "Kegiatan", "uraian": "Adm Keuangan"},
            {"level": "Sub Kegiatan", "uraian": "Penyediaan Gaji dan Tunjangan ASN", "murni": 1000, "realisasi": 900},
            {"level": "Sub Kegiatan", "uraian": "Lainnya", "murni": 500, "realisasi": 400},
        ]
    }
    t320 = {
        "rows": [
            {"level": "Program", "uraian": "Program B"},
            {"level": "Kegiatan", "uraian": "K"},
            {"level": "Sub Kegiatan", "uraian": "S", "murni": 2000, "realisasi": 1000},
        ]
    }
    keu: dict[str, list[dict[str, Any]]] = {
        "rows": [
            {"kode": "btl", "anggaran": 1000, "realisasi": 900},
            {"kode": "bl_penunjang", "anggaran": 500, "realisasi": 400},
            {"kode": "bl_urusan", "anggaran": 2000, "realisasi": 1000},
        ]
    }
    penutup: dict[str, list[dict[str, Any]]] = {
        "rows": [{"kode": "realisasi_anggaran", "klaim": 2300}, {"kode": "persen_realisasi_keuangan", "klaim": "65.71"}]
    }
    data = {"t3_19": t319, "t3_20": t320, "akuntabilitas_keuangan": keu, "penutup": penutup}
    assert codes(run(tmp_path, data)) == set()
    keu["rows"][1]["anggaran"] = 600
    penutup["rows"][0]["klaim"] = 2200
    assert codes(run(tmp_path, data)) == {"LINTAS.KEUANGAN", "PENUTUP.KLAIM"}


def test_analysis_text_present(tmp_path: Path) -> None:
    data = {
        **_iku("75", ""),
        "analisis_penyebab": {"rows": [{"indikator": "Persentase Wilayah Tertib", "keberhasilan": "Patroli rutin"}]},
    }
    assert codes(run(tmp_path, data)) == set()
    data["analisis_penyebab"]["rows"][0] = {"indikator": "Indikator lain", "keberhasilan": "x"}
    assert codes(run(tmp_path, data)) == {"TEKS.KOSONG"}
