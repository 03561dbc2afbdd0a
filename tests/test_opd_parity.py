"""OPD parity (issue 18 item 8): the cross-table rules, the reasons a rule was not checked, and the capaian of
Ringkasan and the rekap work on the OPD's own sheets as they do on the kecamatan's."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.completeness import report_tables
from lakip_xl.audit.engine import audit
from lakip_xl.io.interchange import load_json, to_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.report.build import write_report
from lakip_xl.report.summary import RINGKASAN
from lakip_xl.report.unit import Task, audit_unit
from lakip_xl.tables import ALL
from lakip_xl.tables.profiles import KECAMATAN, OPD, PROFILES
from tests.conftest import ROOT, SAMPLE_JSON
from tests.helpers import IDENTITAS, build, codes, rules, run
from tests.test_opd import OPD_IDENTITAS

GROBOGAN = ROOT / "samples" / "grobogan_2021.json"
JALAN = "Rehabilitasi Jalan Kabupaten Ruas Godong - Karangrayung"
JEMBATAN = "Pembangunan Jembatan Desa Tanggungharjo"
DRAINASE = "Normalisasi Saluran Drainase Perkotaan Purwodadi"
DOKUMEN = "Penyusunan Dokumen Perencanaan Tata Ruang"


def _sub(uraian: str, pagu: int, kode: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = {"level": "Sub Kegiatan", "uraian": uraian, "pagu": pagu, "tw2": pagu // 2}
    row["tw4"] = pagu - row["tw2"]
    return {**row, "kode": kode} if kode else row


T222 = {
    "rows": [
        {"level": "Unit", "uraian": "Dinas Uji"},
        {"level": "Program", "uraian": "Program Penyelenggaraan Jalan"},
        {"level": "Kegiatan", "uraian": "Penyelenggaraan Jalan Kabupaten"},
        _sub(JALAN, 2_400_000_000, "1.03.10.2.01.01"),
        _sub(JEMBATAN, 850_000_000),
        _sub(DRAINASE, 310_000_000),
    ]
}


def _ra(uraian: str, anggaran: int, kode: str | None = None) -> dict[str, Any]:
    row = {"level": "Sub Kegiatan", "uraian": uraian, "dpa": anggaran, "anggaran": anggaran, "realisasi": anggaran}
    return {**row, "kode": kode} if kode else row


def _opd(tables: dict[str, Any]) -> dict[str, Any]:
    return {"identitas": OPD_IDENTITAS, **tables}


# --- LINTAS.PAGU: 2.2.2 against the profile's own budget table --------------------------------------------------


def test_opd_2_2_2_pagu_is_compared_with_realisasi_anggaran(tmp_path: Path) -> None:
    """By kode where both have one (the name differs), else by name; a different anggaran is LINTAS.PAGU there."""
    realisasi = {
        "rows": [
            {"level": "Program", "uraian": "Program Penyelenggaraan Jalan"},
            {"level": "Kegiatan", "uraian": "Penyelenggaraan Jalan Kabupaten"},
            _ra("Rehabilitasi Jalan Ruas Godong-Karangrayung (lanjutan)", 2_400_000_000, "1.03.10.2.01.01"),
            _ra(JEMBATAN, 875_000_000),  # 2.2.2 plans 850.000.000
            _ra(DOKUMEN, 120_000_000),  # not planned in 2.2.2; 2.2.2's drainase is not here
        ]
    }
    result = run(tmp_path, _opd({"t2_2_2": T222, "realisasi_anggaran": realisasi}))
    assert not [n for n in result.not_checked if n.rule == "LINTAS.PAGU"]
    found = sorted((f.rule, f.where.sheet, f.where.label, f.column) for f in result.findings)
    assert found == [
        ("LINTAS.PAGU", "Realisasi Anggaran", JEMBATAN, "anggaran"),
        ("LINTAS.SUBKEGIATAN_HILANG", "2.2.2 Anggaran Triwulan", DRAINASE, "uraian"),
        ("LINTAS.SUBKEGIATAN_HILANG", "Realisasi Anggaran", DOKUMEN, "uraian"),
    ], rules(result)
    pagu = next(f for f in result.findings if f.rule == "LINTAS.PAGU")
    assert (pagu.recorded, pagu.expected) == ("875000000", "850000000")
    assert [r.sheet for r in pagu.related] == ["2.2.2 Anggaran Triwulan"]
    missing = next(f for f in result.findings if f.where.label == DRAINASE)
    assert "Realisasi Anggaran" in missing.message and "3.19" not in missing.message


def test_opd_2_2_2_without_realisasi_anggaran_names_that_sheet(tmp_path: Path) -> None:
    result = run(tmp_path, _opd({"t2_2_2": T222}))
    (reason,) = [n.reason for n in result.not_checked if n.rule == "LINTAS.PAGU"]
    assert "'Realisasi Anggaran'" in reason and "3.19" not in reason and "3.20" not in reason


def test_kecamatan_2_2_2_is_still_compared_with_3_19_and_3_20(tmp_path: Path) -> None:
    row = {"level": "Sub Kegiatan", "uraian": JEMBATAN, "murni": 800_000_000, "abt": 75_000_000, "realisasi": 1}
    t319 = {"rows": [row]}
    result = run(tmp_path, {"t2_2_2": T222, "t3_19": t319})
    assert {(f.rule, f.where.sheet, f.column) for f in result.findings if f.rule == "LINTAS.PAGU"} == {
        ("LINTAS.PAGU", "3.19 Realisasi BLPU", "jumlah")
    }, rules(result)
    (reason,) = [n.reason for n in run(tmp_path, {"t2_2_2": T222}).not_checked if n.rule == "LINTAS.PAGU"]
    assert reason.startswith("Lembar '3.19 Realisasi BLPU' dan '3.20 Realisasi BLU' tidak diisi")


# --- LINTAS.IKM: whichever SKM sheet is filled --------------------------------------------------------------------


def _iku(realisasi: str) -> dict[str, Any]:
    row = {"indikator": "Indeks Kepuasan Masyarakat", "sumber": "IKM (SKM)", "target": "85", "realisasi": realisasi}
    return {"t3_1": {"rows": [row]}}


def _skm(table: str) -> dict[str, Any]:
    from tests.test_skm_layanan import _full_marks, _matrix

    return {table: {"rows": _matrix() if table == "skm_layanan" else _full_marks()}}


@pytest.mark.parametrize(
    ("table", "right", "wrong"),
    [
        ("skm_layanan", "87.38", "87.50"),  # the mean of the units (84,72 and 90,03), tests/test_skm_layanan.py
        ("skm_mentah", "100", "99.99"),  # 9 unsur at NRR 4,000 with the exact weight
    ],
)
def test_ikm_realisasi_is_checked_against_the_skm_sheet_filled(
    tmp_path: Path, table: str, right: str, wrong: str
) -> None:
    ok = run(tmp_path, _opd({**_skm(table), **_iku(right)}))
    assert "LINTAS.IKM" not in codes(ok) and not ok.not_checked, (rules(ok), ok.not_checked)
    bad = run(tmp_path, _opd({**_skm(table), **_iku(wrong)}))
    (f,) = [f for f in bad.findings if f.rule == "LINTAS.IKM"]
    assert f.where.sheet == "3.1 Capaian IKU" and [r.sheet for r in f.related] == [BY_SHEET[table]]
    assert BY_SHEET[table] in f.message


BY_SHEET = {"skm_layanan": "SKM Layanan", "skm_mentah": "SKM Nilai Mentah"}


@pytest.mark.parametrize(
    ("identitas", "sheets"),
    [(IDENTITAS, ["SKM Unsur"]), (OPD_IDENTITAS, ["SKM Unsur", "SKM Layanan", "SKM Nilai Mentah"])],
)
def test_ikm_without_any_skm_names_the_skm_sheets_of_the_profile(
    tmp_path: Path, identitas: dict[str, Any], sheets: list[str]
) -> None:
    result = run(tmp_path, {"identitas": identitas, **_iku("88")})
    (reason,) = [n.reason for n in result.not_checked if n.rule == "LINTAS.IKM"]
    assert re.findall(r"'([^']+)'", reason) == sheets


# --- every reason names sheets of its profile ----------------------------------------------------------------------


def _pool() -> dict[str, Any]:
    """A filled table for (nearly) every table of both profiles: the two samples, and small OPD-only ones."""
    from tests.test_iku_tahunan import _rows as iku_rows
    from tests.test_skm_layanan import _full_marks, _matrix

    tables: dict[str, Any] = {}
    for sample in (GROBOGAN, SAMPLE_JSON):  # Mustikajaya's where both print a table
        tables.update({k: v for k, v in to_json(load_json(sample))["tables"].items() if v.get("rows")})
    tables.update(
        {
            "iku_tahunan": {"rows": iku_rows()},
            "skm_layanan": {"rows": _matrix()},
            "skm_mentah": {"rows": _full_marks()},
            "realisasi_bulanan": {"rows": [{"uraian": JEMBATAN, "jan": 100_000, "des": 200_000}]},
            "kompetensi_jabatan": {"rows": [{"uraian": "Jabatan A", "formasi": 10, "terisi": 9, "sesuai": 8}]},
            "pegawai_subunit": {"rows": [{"uraian": "Sekretariat", "cakupan": "PNS", "s1_l": 3, "s1_p": 2}]},
        }
    )
    return tables


REPORT = {spec.id for spec in report_tables()}  # not the Parameter and scale sheets, not Identitas


def _template_sheets(folder: Path, profile: str) -> set[str]:
    path = folder / f"template_{profile}.xlsx"
    write_workbook(path, profile=profile)
    return set(openpyxl.load_workbook(path, read_only=True).sheetnames)


@pytest.mark.parametrize("profile", [KECAMATAN, OPD])
def test_every_not_checked_reason_names_sheets_of_its_profile(tmp_path: Path, profile: str) -> None:
    """Each table of the profile filled alone (every other one empty): every rule it feeds that is skipped names,
    in quotes, sheets the profile's template has, and no table the profile does not print."""
    sheets = _template_sheets(tmp_path, profile)
    own = set(PROFILES[profile])
    inside = {part.strip() for spec in ALL if spec.id in own for part in spec.seed.split(",")}
    outside = {part.strip() for spec in ALL if spec.id not in own for part in spec.seed.split(",")} - inside
    identitas = IDENTITAS if profile == KECAMATAN else OPD_IDENTITAS
    pool = _pool()
    reasons: dict[str, set[str]] = {}
    for table_id in PROFILES[profile]:
        if table_id not in REPORT or table_id not in pool:
            continue
        path = build(tmp_path, {"identitas": identitas, table_id: pool[table_id]}, f"{table_id}.xlsx")
        for n in audit(path).not_checked:
            reasons.setdefault(n.reason, set()).add(f"{n.rule} ({table_id})")
    assert len(reasons) >= (5 if profile == KECAMATAN else 4), reasons
    for reason, where in reasons.items():
        named = re.findall(r"'([^']+)'", reason)
        assert set(named) <= sheets, (where, reason)
        if "tidak termasuk profil" not in reason:
            assert named or "Renstra" in reason, (where, reason)  # a table to fill is named by its sheet
            assert not [t for t in outside if re.search(rf"(?<![\d.]){re.escape(t)}(?![\d.])", reason)], (where, reason)


# --- capaian kinerja in Ringkasan and the rekap -------------------------------------------------------------------


def _capaian(tabel: str, indikator: str, target: str, realisasi: str, satuan: str = "%") -> dict[str, Any]:
    return {"tabel": tabel, "indikator": indikator, "satuan": satuan, "target": target, "realisasi": realisasi}


CAPAIAN = {
    "rows": [
        _capaian("Ikhtisar", "Persentase wilayah bebas banjir", "80", "80.53"),  # 100,66
        _capaian("Ikhtisar", "Persentase jalan kabupaten mantap", "75", "67.5"),  # 90,00
        _capaian("Ikhtisar", "Indeks kualitas tata ruang", "70", "n/a", "Indeks"),  # not measured: left out
        _capaian("Bab III A.1", "Persentase wilayah bebas banjir", "80", "80.53"),  # printed again: once
        _capaian("Bab III A.1", "Panjang drainase terbangun", "2.5", "2.57", "km"),  # 102,80
    ]
}


def test_opd_ringkasan_and_rekap_show_the_capaian_of_capaian_kinerja(tmp_path: Path) -> None:
    """Without 3.1 and IKU Lima Tahun, every indicator of Capaian Kinerja once: a line each, their mean
    ((100,66 + 90,00 + 102,80) / 3 = 97,82), the capaian chart; the rekap row has the same mean."""
    path = build(tmp_path, _opd({"capaian_kinerja": CAPAIAN}))
    out = tmp_path / "laporan.xlsx"
    write_report(audit(path), out)
    ws = openpyxl.load_workbook(out, data_only=True)[RINGKASAN]
    lines = {r[0].value: (r[1].value, r[2].value) for r in ws.iter_rows() if isinstance(r[0].value, str)}
    rows = list(ws.iter_rows(values_only=True))  # a labelled table: a header, then an indicator a row
    head = next(i for i, r in enumerate(rows) if r[0] == "Capaian indikator (Capaian Kinerja)")
    assert rows[head][1:3] == ("Capaian (%)", "Kategori capaian")
    capaian = {r[0]: (r[1], r[2]) for r in rows[head + 1 : head + 5]}
    assert capaian == {
        "Persentase wilayah bebas banjir": (100.66, "Sangat Tinggi"),
        "Persentase jalan kabupaten mantap": (90, "Tinggi"),
        "Indeks kualitas tata ruang": ("n/a", None),
        "Panjang drainase terbangun": (102.8, "Sangat Tinggi"),
    }
    assert lines["Rata-rata capaian (4 indikator, Capaian Kinerja)"][0] == 97.82
    formulas = openpyxl.load_workbook(out)[RINGKASAN]
    mean = next(r[1].value for r in formulas.iter_rows() if str(r[0].value).startswith("Rata-rata capaian"))
    assert str(mean).startswith("=IF(COUNT(") and "AVERAGE(" in str(mean)
    with zipfile.ZipFile(out) as z:
        chart = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(chart) == 1 and "Capaian kinerja terhadap 100 %" in chart[0]
    unit = audit_unit(Task(path, path.name))
    assert (unit.iku_mean, unit.iku_count) == (Decimal("97.82"), 4)


def test_grobogan_rekap_row_has_a_capaian(tmp_path: Path) -> None:
    """The OPD sample prints only Capaian Kinerja: its rekap row has a mean capaian, no longer empty."""
    unit = audit_unit(Task(ROOT / "samples" / "grobogan_2021.xlsx", "grobogan_2021.xlsx"))
    assert unit.iku_mean is not None and unit.iku_count > 10
    assert Decimal(80) < unit.iku_mean < Decimal(110)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_opd_ringkasan_to_the_audits_values(tmp_path: Path, lo_profile: Path) -> None:
    """The Grobogan report (capaian lines, their mean, the chart's helper columns): LibreOffice agrees."""
    from tests.libreoffice import convert
    from tests.test_report import _formula_values, _same, _values

    report = tmp_path / "grobogan_laporan.xlsx"
    write_report(audit(ROOT / "samples" / "grobogan_2021.xlsx"), report)
    ours, theirs = _formula_values(report), _values(convert(report, tmp_path / "lo", "xlsx", lo_profile))
    ringkasan = {k: v for k, v in ours.items() if k[0] == RINGKASAN}
    assert len(ringkasan) > 40
    wrong = [(k, v, theirs.get(k)) for k, v in ours.items() if not _same(v, theirs.get(k))]
    assert not wrong, wrong[:10]
