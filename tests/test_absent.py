"""Issue #18 item 3: an absent value is never 0, on every sheet.

The failures the issue reports, reproduced as staff fill the sheets, and what
"-", n/a and an empty cell mean in each kind of number column: "-" is nihil (0)
in rupiah and counts and "not measured" elsewhere; n/a and tidak diukur are
"not measured" everywhere; an empty cell is not filled. None of them is a 0 a
sum may be compared with. tests/test_absent_property.py holds the property over
every table of both profiles.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.io.interchange import from_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.numbers import NOT_MEASURED
from lakip_xl.model.recompute import Recomputer
from lakip_xl.tables import BY_ID
from tests.helpers import IDENTITAS, build, typed_over

OPD = {"rows": [*IDENTITAS["rows"], {"kode": "profil", "nilai": "opd"}]}


def _errors(findings: list[Finding]) -> list[tuple[str, str | None, str]]:
    return [(f.rule, f.where.cell, f.message) for f in findings if f.severity is Severity.ERROR]


def test_kompetensi_without_terisi_compares_nothing_with_0(tmp_path: Path) -> None:
    """The issue's rows: Formasi and Sesuai, no Terisi. Was: '23 pejabat sesuai kompetensi, padahal yang terisi 0'."""
    rows = [{"uraian": "Jabatan A", "formasi": 10, "sesuai": 8}, {"uraian": "Jabatan B", "formasi": 20, "sesuai": 15}]
    findings = audit(build(tmp_path, {"identitas": OPD, "kompetensi_jabatan": {"rows": rows}})).findings
    assert _errors(findings) == []
    rows[1]["terisi"] = 10  # Jabatan B: 15 sesuai of 10 terisi is wrong whatever Jabatan A holds
    findings = audit(build(tmp_path, {"identitas": OPD, "kompetensi_jabatan": {"rows": rows}})).findings
    assert [(rule, cell) for rule, cell, _ in _errors(findings)] == [("PEGAWAI.SESUAI", "F6")]
    total = [f for f in findings if f.rule == "PEGAWAI.SESUAI" and f.where.cell == "F7"]
    assert [f.severity for f in total] == [Severity.WARNING]  # 23 over 10: Jabatan A's Terisi is empty
    assert "sel D5 kosong dan tidak dihitung 0" in total[0].message


def test_lp_group_typed_over_rincian_with_only_jumlah(tmp_path: Path) -> None:
    """A Kelompok row L 10 / P 5 / 15 over Rincian rows that carry only their jumlah. Was: 'tertulis 10, hasil 0'."""
    rows = [
        {"level": "Kelompok", "uraian": "Menurut golongan", "laki": 10, "perempuan": 5, "jumlah": 15},
        {"level": "Rincian", "uraian": "Golongan III", "jumlah": 9},
        {"level": "Rincian", "uraian": "Golongan IV", "jumlah": 6},
    ]
    findings = audit(build(tmp_path, {"identitas": OPD, "pegawai_lp": {"rows": rows}})).findings
    assert _errors(findings) == []
    assert not any("hasil hitung 0" in f.message for f in findings)


@pytest.mark.parametrize("mark", ["-", "n/a", "tidak diukur"])
def test_skm_layanan_not_surveyed_is_left_out_of_the_unit_mean(tmp_path: Path, mark: str) -> None:
    """A layanan not surveyed, its IKM typed '-' (was read as 0: mean 60,00) or 'n/a' (was VALIDASI.TIPE)."""
    rows: list[dict[str, Any]] = [
        {"level": "Unit Layanan", "uraian": "Puskesmas", "ikm": "90.00"},
        {"level": "Layanan", "uraian": "A", "ikm": "90.00"},
        {"level": "Layanan", "uraian": "B", "ikm": "90.00"},
        {"level": "Layanan", "uraian": "C", "ikm": mark},
    ]
    data = from_json({"format": "lakip-xl", "version": 1, "tables": {"skm_layanan": {"rows": rows}}})  # fill takes it
    assert data["skm_layanan"].rows[3]["ikm"] == NOT_MEASURED
    assert Recomputer(data, BY_ID).expected("skm_layanan", 0, "ikm") == Decimal(90)
    assert _errors(audit(build(tmp_path, {"identitas": OPD, "skm_layanan": {"rows": rows}})).findings) == []
    rows[3]["ikm"] = "88.00"  # typed into the workbook as staff do, over the number fill wrote
    typed = typed_over(tmp_path, {"identitas": OPD, "skm_layanan": {"rows": rows}}, {"SKM Layanan!N8": mark})
    assert _errors(typed) == []


@pytest.mark.parametrize(
    ("sheet", "cell", "table", "key", "typed", "held"),
    [
        ("3.19 Realisasi BLPU", "H5", "t3_19", "realisasi", "-", 0),  # rupiah: nihil
        ("3.19 Realisasi BLPU", "H5", "t3_19", "realisasi", " N/A ", NOT_MEASURED),
        ("T1 Status Pegawai", "B5", "tabel_1", "jumlah", "-", 0),  # a count: nobody
        ("T1 Status Pegawai", "B5", "tabel_1", "jumlah", "tidak diukur", NOT_MEASURED),
        ("3.1 Capaian IKU", "F5", "t3_1", "target", "-", NOT_MEASURED),  # a target: not measured
        ("3.10 Nilai Zona K3", "C5", "t3_10", "area_jalan", "-", NOT_MEASURED),  # a score
        ("SKM Responden", "D5", "skm_responden", "jumlah", "n/a", NOT_MEASURED),
    ],
)
def test_what_a_mark_holds_in_each_kind_of_column(
    tmp_path: Path, sheet: str, cell: str, table: str, key: str, typed: str, held: object
) -> None:
    tables = {
        "t3_19": {"rows": [{"level": "Sub Kegiatan", "kode": "1", "uraian": "S", "murni": 100, "realisasi": 5}]},
        "tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 30}, {"uraian": "TKK", "jumlah": 12}]},
        "t3_1": {"rows": [{"indikator": "X", "target": "71", "realisasi": "74.85"}]},
        "t3_10": {
            "rows": [{"lokasi": "Z", **dict.fromkeys(("area_jalan", "drainase", "rth", "pkl", "spanduk"), "80")}]
        },
        "skm_responden": {"rows": [{"karakteristik": "Jenis kelamin", "indikator": "L", "jumlah": 5}]},
    }
    path = build(tmp_path, tables)
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = typed
    wb.save(path)
    assert read_workbook(path)[table].rows[0][key] == held
    findings = audit(path).findings
    assert _errors(findings) == []  # no VALIDASI.TIPE, no SEL.ANGKA_TEKS for a "-" (nihil) in rupiah


def test_settings_still_refuse_a_mark(tmp_path: Path) -> None:
    """Identitas and Parameter hold settings, not figures: n/a there is no value and is named."""
    path = build(tmp_path, {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 30}]}})
    wb = openpyxl.load_workbook(path)
    wb["Parameter"]["C6"] = "n/a"  # bobot IKM
    wb.save(path)
    assert "VALIDASI.TIPE" in {f.rule for f in audit(path).findings}


def test_a_total_typed_over_an_empty_row_is_a_warning_naming_it(tmp_path: Path) -> None:
    """Tabel 1: PNS 30, TKK left empty, Jumlah typed 42: TKK may be 12. Typed 25, the Jumlah is short anyway."""
    rows: list[dict[str, Any]] = [{"uraian": "PNS", "jumlah": 30}, {"uraian": "TKK"}]
    found = audit(build(tmp_path, {"tabel_1": {"rows": rows, "total": {"jumlah": 42}}})).findings
    assert [(f.rule, f.severity.value, f.where.cell) for f in found] == [("HITUNG.ISIAN_KOSONG", "warning", "B7")]
    assert "tertulis 42, dari isian yang ada 30; sel B6 kosong" in found[0].message
    assert "ketik 0 bila memang nihil" in found[0].message
    found = audit(build(tmp_path, {"tabel_1": {"rows": rows, "total": {"jumlah": 25}}})).findings
    assert [(f.rule, f.severity.value) for f in found] == [("TABEL_1.JUMLAH.JUMLAH", "error")]
    rows[1]["jumlah"] = 0  # typed 0: nihil, the sum is whole and 42 is wrong
    found = audit(build(tmp_path, {"tabel_1": {"rows": rows, "total": {"jumlah": 42}}})).findings
    assert [(f.rule, f.severity.value) for f in found] == [("TABEL_1.JUMLAH.JUMLAH", "error")]


def test_cross_table_totals_over_an_empty_cell_are_warnings(tmp_path: Path) -> None:
    """Tabel 2 leaves a golongan empty: its Jumlah (its formula) is short of Tabel 1's PNS, which it may reach."""
    tables: dict[str, Any] = {
        "tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 30}, {"uraian": "TKK", "jumlah": 12}]},
        "tabel_2": {"rows": [{"uraian": "Golongan III", "jumlah": 25}, {"uraian": "Golongan II"}]},
    }
    found = audit(build(tmp_path, tables)).findings
    assert [(f.rule, f.severity.value) for f in found] == [("LINTAS.PEGAWAI", "warning")]
    assert "sel B6 kosong" in found[0].message
    tables["tabel_2"]["rows"][1]["jumlah"] = 3  # every golongan typed: 28 is not 30
    assert [(f.rule, f.severity.value) for f in audit(build(tmp_path, tables)).findings] == [
        ("LINTAS.PEGAWAI", "error")
    ]


def test_a_column_the_unit_does_not_print_is_no_empty_addend(tmp_path: Path) -> None:
    """Pegawai per sub unit: the jenjang not printed stay empty on every row; a wrong Jumlah L is a galat."""
    rows = [
        {"uraian": "Sekretariat", "cakupan": "PNS", "s1_l": 8, "s1_p": 5, "jumlah_l": 9},
        {"uraian": "Bidang A", "s1_l": 4, "s1_p": 4},
    ]
    found = audit(build(tmp_path, {"identitas": OPD, "pegawai_subunit": {"rows": rows}})).findings
    assert [(f.rule, f.severity.value) for f in found] == [("PEGAWAI_SUBUNIT.JUMLAH_L", "error")]


def test_the_last_quarter_left_empty_is_a_warning(tmp_path: Path) -> None:
    """2.2.1: TW IV left empty, TW III 60 against an annual 75: TW IV may hold it."""
    row = {"indikator": "Persentase wilayah tertib", "target": "75", "tw1": "20", "tw2": "40", "tw3": "60"}
    found = audit(build(tmp_path, {"t2_2_1": {"rows": [row]}})).findings
    assert [(f.rule, f.severity.value) for f in found] == [("T2_2_1.TW_AKHIR", "warning")]
    assert "sel K5 kosong" in found[0].message and "n/a bila tidak diukur" in found[0].message
    found = audit(build(tmp_path, {"t2_2_1": {"rows": [{**row, "tw4": "70"}]}})).findings
    assert [(f.rule, f.severity.value) for f in found] == [("T2_2_1.TW_AKHIR", "error")]


@pytest.mark.libreoffice
def test_libreoffice_reads_marks_in_rupiah_and_counts_as_lakip_xl(tmp_path: Path, lo_profile: Path) -> None:
    """% realisasi of a realisasi typed '-' is 0 %, of one typed n/a or left empty nothing, in the sheet as in the
    audit; the recalculated workbook's audit finds no galat."""
    from tests.libreoffice import convert

    rows = [
        {"level": "Sub Kegiatan", "kode": str(k), "uraian": f"S{k}", "murni": 100, "abt": 0, "realisasi": 50}
        for k in range(4)
    ]
    posts = [{"uraian": "A", "formasi": 3, "terisi": 2, "sesuai": 1}, {"uraian": "B", "formasi": 2, "terisi": 2}]
    path = build(tmp_path, {"t3_19": {"rows": rows}, "kompetensi_jabatan": {"rows": posts}})
    wb = openpyxl.load_workbook(path)
    for cell, mark in (("H5", "-"), ("H6", "n/a"), ("H7", None)):
        wb["3.19 Realisasi BLPU"][cell] = mark
    wb["Kompetensi Jabatan"]["F6"] = "-"  # nobody in post B meets its competence: 0 %
    wb.save(path)
    out = convert(path, tmp_path / "out", "xlsx", lo_profile)
    values = openpyxl.load_workbook(out, data_only=True)
    assert [values["3.19 Realisasi BLPU"][f"I{r}"].value for r in range(5, 9)] == [0, None, None, 50]
    assert values["Kompetensi Jabatan"]["H6"].value == 0
    assert _errors(audit(out).findings) == []


@pytest.mark.parametrize("typed", [Decimal("0.1"), "sepuluh"])
def test_a_triwulan_refused_by_validation_is_not_called_empty(tmp_path: Path, typed: object) -> None:
    """TW I of a subkegiatan typed as 10% (0,1) or a word: its own galat, and the pagu is not compared without it.

    Was: 'Pagu ... tidak sama dengan TW I+II+III+IV ...; sel F6 kosong dan tidak dihitung 0', about a filled cell.
    """
    rows: list[dict[str, Any]] = [
        {"level": "Sub Kegiatan", "kode": "1.01", "uraian": "Sub A", "pagu": 100, "tw1": 10, "tw2": 20, "tw3": 30},
    ]
    rows[0]["tw4"] = 40
    findings = typed_over(
        tmp_path, {"identitas": IDENTITAS, "t2_2_2": {"rows": rows}}, {"2.2.2 Anggaran Triwulan!F5": typed}
    )
    shown = [(f.rule, f.where.cell, f.message) for f in findings]
    assert [(f.rule, f.where.cell) for f in findings if f.where.cell == "F5"] in (
        [("VALIDASI.BULAT", "F5")],
        [("VALIDASI.TIPE", "F5")],
    ), shown
    assert not any("kosong" in f.message for f in findings), shown
    assert not any(f.rule == "T2_2_2.PAGU_TW" for f in findings), shown


def test_a_refused_addend_is_not_called_empty(tmp_path: Path) -> None:
    """SKM Responden: 92 typed in words. Was: '... bukan 93 responden; sel D5 kosong dan tidak dihitung 0'."""
    rows = [
        {"no": "1", "karakteristik": "Pendidikan", "indikator": "SMA/sederajat", "jumlah": 92},
        {"no": "2", "karakteristik": "Pendidikan", "indikator": "SMK/sederajat", "jumlah": 1},
    ]
    tables = {
        "identitas": IDENTITAS,
        "skm_survei": {"rows": [{"kode": "jumlah_responden", "nilai": 93}]},
        "skm_responden": {"rows": rows},
    }
    assert _errors(typed_over(tmp_path, tables)) == []
    findings = typed_over(tmp_path, tables, {"SKM Responden!D5": "sembilan puluh dua"})
    shown = [(f.rule, f.where.cell, f.message) for f in findings]
    assert ("VALIDASI.TIPE", "D5") in [(f.rule, f.where.cell) for f in findings], shown
    assert not any("D5 kosong" in f.message for f in findings), shown
    assert all(
        "D5 berisi isian yang tidak sah" in f.message
        for f in findings
        if "D5" in f.message and f.rule != "VALIDASI.TIPE"
    ), shown
