"""Nothing typed is dropped: data outside what the reader reads is a finding; a form line left as formulas is read."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Finding
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.layout import END_MARK
from tests.helpers import build, codes

UNREAD = {"SEL.DI_LUAR_TABEL", "SEL.KOLOM_TAK_DIKENAL", "SEL.BARIS_TAK_DIKENAL"}


def _edited(folder: Path, tables: dict[str, Any], edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """A workbook filled from ``tables``, then edited and saved as a person's program would (no cached values)."""
    wb = openpyxl.load_workbook(build(folder, tables))
    edit(wb)
    path = folder / "edited.xlsx"
    wb.save(path)
    return path


def _unread(result: AuditResult) -> list[Finding]:
    return [f for f in result.findings if f.rule in UNREAD]


def _anggaran() -> dict[str, Any]:
    """2.2.2 whose sums agree: Unit > Program > Kegiatan > two Sub Kegiatan (rows 5-9, end mark on row 10)."""
    return {
        "t2_2_2": {
            "rows": [
                {"level": "Unit", "uraian": "Kecamatan Uji"},
                {"level": "Program", "uraian": "Program A"},
                {"level": "Kegiatan", "uraian": "Kegiatan A"},
                {"level": "Sub Kegiatan", "uraian": "Sub Satu", "pagu": 300, "tw1": 300},
                {"level": "Sub Kegiatan", "uraian": "Sub Dua", "pagu": 50, "tw1": 50},
            ]
        }
    }


def test_subkegiatan_typed_under_the_end_mark_is_an_error(tmp_path: Path) -> None:
    def nothing(wb: openpyxl.Workbook) -> None:
        assert wb["2.2.2 Anggaran Triwulan"]["D10"].value == END_MARK

    clean = audit(_edited(tmp_path, _anggaran(), nothing))
    assert codes(clean) - {"SEL.TANPA_CACHE"} == set()  # the end mark, titles and notes are the template's own

    def two_more(wb: openpyxl.Workbook) -> None:
        ws = wb["2.2.2 Anggaran Triwulan"]
        for r, name in ((11, "Sub Tiga"), (12, "Sub Empat")):
            ws[f"A{r}"], ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"] = "Sub Kegiatan", name, 70, 70

    result = audit(_edited(tmp_path, _anggaran(), two_more))
    found = _unread(result)
    assert [(f.rule, f.severity.value, f.where.sheet, f.where.cell) for f in found] == [
        ("SEL.DI_LUAR_TABEL", "error", "2.2.2 Anggaran Triwulan", "A11")
    ]
    assert "Sel A11:F12 di bawah tanda akhir tabel" in found[0].message
    assert "sisipkan baris di atas tanda akhir tabel" in found[0].message
    assert result.exit_code == 1


def test_values_under_the_jumlah_line_and_beside_it(tmp_path: Path) -> None:
    t1 = {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]}}

    def below(wb: openpyxl.Workbook) -> None:
        ws = wb["T1 Status Pegawai"]
        assert ws["A7"].value == "Jumlah"
        ws["A8"], ws["B8"] = "PPPK", 5

    found = _unread(audit(_edited(tmp_path, t1, below)))
    assert [(f.rule, f.where.cell) for f in found] == [("SEL.DI_LUAR_TABEL", "A8")]
    assert "Sel A8:B8 di bawah baris Jumlah" in found[0].message

    def on_the_line(wb: openpyxl.Workbook) -> None:
        ws = wb["T1 Status Pegawai"]
        ws["A7"] = "Jumlah"  # the label and the sums are read; nothing else on the line is
        ws["B7"] = 178

    assert _unread(audit(_edited(tmp_path, t1, on_the_line))) == []


def test_values_right_of_the_table_or_under_an_unknown_header(tmp_path: Path) -> None:
    t1 = {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]}}

    def note_on_the_right(wb: openpyxl.Workbook) -> None:
        ws = wb["T1 Status Pegawai"]
        ws["E5"], ws["E6"] = "cek lagi", "ok"

    found = _unread(audit(_edited(tmp_path, t1, note_on_the_right)))
    assert [(f.rule, f.severity.value, f.where.cell) for f in found] == [("SEL.KOLOM_TAK_DIKENAL", "error", "E5")]
    assert "Sel E5:E6 di kanan tabel, di kolom E tanpa judul" in found[0].message

    def header_renamed(wb: openpyxl.Workbook) -> None:
        wb["T1 Status Pegawai"]["B4"] = "Banyaknya"  # the jumlah column is no longer recognised

    found = _unread(audit(_edited(tmp_path, t1, header_renamed)))
    assert [(f.rule, f.where.cell) for f in found] == [("SEL.KOLOM_TAK_DIKENAL", "B5")]
    assert "Sel B5:B7 di dalam tabel, di kolom B berjudul 'Banyaknya'" in found[0].message


def test_the_end_line_and_formulas_outside_are_looked_at_too(tmp_path: Path) -> None:
    t4 = {"tabel_4": {"rows": [{"uraian": "Eselon IV.a", "jumlah": 1}]}}  # Jumlah line on row 6

    def beside_the_sum(wb: openpyxl.Workbook) -> None:
        ws = wb["T4 Eselon"]
        assert (ws["A6"].value, ws["C6"].value) == ("Jumlah", None)
        ws["C6"] = "lihat catatan"  # Keterangan is not summed: the Jumlah line does not read it

    found = _unread(audit(_edited(tmp_path, t4, beside_the_sum)))
    assert [(f.rule, f.where.cell) for f in found] == [("SEL.DI_LUAR_TABEL", "C6")]
    assert found[0].message.startswith("Sel C6 pada baris Jumlah berisi data yang tidak dibaca")

    def on_the_end_mark(wb: openpyxl.Workbook) -> None:
        wb["2.2.2 Anggaran Triwulan"]["E10"] = 80

    found = _unread(audit(_edited(tmp_path, _anggaran(), on_the_end_mark)))
    assert [(f.rule, f.where.cell) for f in found] == [("SEL.DI_LUAR_TABEL", "E10")]
    assert found[0].message.startswith("Sel E10 pada baris tanda akhir tabel berisi data yang tidak dibaca")

    def formulas_without_values(wb: openpyxl.Workbook) -> None:
        ws = wb["T4 Eselon"]  # saved by openpyxl: the formulas keep no value, the reader sees no content
        ws["B8"] = "=1+1"
        ws["E5"] = "=B5*2"

    found = _unread(audit(_edited(tmp_path, t4, formulas_without_values)))
    assert {(f.rule, f.where.cell) for f in found} == {("SEL.DI_LUAR_TABEL", "B8"), ("SEL.KOLOM_TAK_DIKENAL", "E5")}


def _keuangan() -> dict[str, Any]:
    """3.19, 3.20 and section 3.3 that agree; 3.3's Belanja Langsung line is left as its formulas."""
    t319 = [
        {"level": "Program", "uraian": "Program Penunjang"},
        {"level": "Kegiatan", "uraian": "Administrasi Kepegawaian"},
        {"level": "Sub Kegiatan", "uraian": "Penyediaan Gaji dan Tunjangan ASN", "murni": 100, "realisasi": 90},
        {"level": "Sub Kegiatan", "uraian": "Penyediaan ATK", "murni": 200, "realisasi": 150},
    ]
    t320 = [
        {"level": "Program", "uraian": "Program Pemberdayaan"},
        {"level": "Kegiatan", "uraian": "Kegiatan Kelurahan"},
        {"level": "Sub Kegiatan", "uraian": "Pemberdayaan Masyarakat", "murni": 300, "realisasi": 250},
    ]
    keuangan = [
        {"kode": "total", "anggaran": 600, "realisasi": 490},
        {"kode": "btl", "anggaran": 100, "realisasi": 90},
        {"kode": "bl_penunjang", "anggaran": 200, "realisasi": 150},
        {"kode": "bl_urusan", "anggaran": 300, "realisasi": 250},
    ]
    return {"t3_19": {"rows": t319}, "t3_20": {"rows": t320}, "akuntabilitas_keuangan": {"rows": keuangan}}


def test_a_form_line_left_as_formulas_is_read(tmp_path: Path) -> None:
    path = build(tmp_path, _keuangan())
    assert audit(path).findings == []  # cached values, as a spreadsheet application saves them
    uncached = tmp_path / "uncached.xlsx"
    openpyxl.load_workbook(path).save(uncached)
    assert codes(audit(uncached)) == {"SEL.TANPA_CACHE"}  # recomputed: Jumlah = BTL + BL, BL = 200 + 300
    audited = read_workbook(path, cached=True, strict=False)["akuntabilitas_keuangan"].rows
    assert {k: v for k, v in audited[2].items() if k != "persen"} == {"kode": "bl", "anggaran": 500, "realisasi": 400}
    # export lists what is typed: a line holding only formulas is written back as formulas by 'fill'
    exported = [r["kode"] for r in read_workbook(path)["akuntabilitas_keuangan"].rows]
    assert exported == ["total", "btl", "bl_penunjang", "bl_urusan"]


def test_a_form_line_left_as_formulas_is_judged_by_what_it_shows(tmp_path: Path) -> None:
    path = build(tmp_path, _keuangan())
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = next(n for n, b in parts.items() if b"<f>N($C$8)+N($C$9)</f>" in b)
    assert b"<f>N($C$8)+N($C$9)</f><v>500</v>" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<f>N($C$8)+N($C$9)</f><v>500</v>", b"<f>N($C$8)</f><v>200</v>")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as zout:
        for n, b in parts.items():
            zout.writestr(n, b)
    found = audit(broken).findings  # the typed Jumlah agrees with BL as it should be: only BL is wrong
    assert [(f.rule, f.where.cell, f.recorded, f.expected) for f in found] == [
        ("AKUNTABILITAS_KEUANGAN.BL.ANGGARAN", "C7", "200", "500")
    ]
    assert "hasil rumus" in found[0].message


def test_a_row_of_a_form_that_is_none_of_its_lines(tmp_path: Path) -> None:
    def nothing(wb: openpyxl.Workbook) -> None:
        assert wb["3.3 Akuntabilitas Keuangan"]["A9"].value == "bl_urusan"

    assert _unread(audit(_edited(tmp_path, _keuangan(), nothing))) == []

    def extra_line(wb: openpyxl.Workbook) -> None:
        ws = wb["3.3 Akuntabilitas Keuangan"]
        ws["A10"], ws["B10"], ws["C10"] = "lain", "Belanja lain-lain", 25

    found = _unread(audit(_edited(tmp_path, _keuangan(), extra_line)))
    assert [(f.rule, f.severity.value, f.where.cell) for f in found] == [("SEL.BARIS_TAK_DIKENAL", "error", "A10")]
    assert "Sel A10:C10 pada baris berkode 'lain' berisi data yang tidak dibaca" in found[0].message

    def kode_cleared(wb: openpyxl.Workbook) -> None:
        wb["3.3 Akuntabilitas Keuangan"]["A6"] = None  # the BTL line loses its kode: its values are no longer read

    found = _unread(audit(_edited(tmp_path, _keuangan(), kode_cleared)))
    assert [(f.rule, f.where.cell) for f in found] == [("SEL.BARIS_TAK_DIKENAL", "B6")]
    assert "pada baris tanpa kode" in found[0].message


def test_a_row_holding_only_a_link_to_another_workbook_is_named(tmp_path: Path) -> None:
    t4 = {"tabel_4": {"rows": [{"uraian": "Eselon IV.a", "jumlah": 1}, {"uraian": "Eselon IV.b", "jumlah": 2}]}}

    def link(wb: openpyxl.Workbook) -> None:
        ws = wb["T4 Eselon"]
        ws["A6"] = None
        ws["B6"] = "='[lain.xlsx]Sheet1'!A1"

    found = [f for f in audit(_edited(tmp_path, t4, link)).findings if f.rule == "SEL.EKSTERNAL"]
    assert [f.where.cell for f in found] == ["B6"]


def test_the_sample_has_nothing_outside_its_tables() -> None:
    from tests.conftest import SAMPLE_XLSX

    assert _unread(audit(SAMPLE_XLSX)) == []
