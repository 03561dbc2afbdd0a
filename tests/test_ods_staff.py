""".ods in staff hands: a workbook filled in LibreOffice as staff fill it, saved with Ctrl-S (.ods) and as .xlsx.

One UNO driver run builds every file of this module (:func:`saved`): the
kecamatan and opd templates filled by typing as staff type (numbers, Indonesian
text numbers, percentages typed with %, dates, ``n/a``, ``-``, blanks), a
Kegiatan group added the Petunjuk's way and the naive way, a formula typed over,
a "turun" indicator, two header cells merged, a row deleted, required tables
left empty and a few deliberate mistakes; then the same document stored as
.ods (calc8) and as .xlsx, and the .xlsx opened again and stored as .ods. Each
variant (a password-protected sheet, a hidden sheet, a renamed sheet, comments,
several text lines, runs of spaces, a bold word, Rp formats, booleans, times, a
hyperlink) is stored both ways too. The audit of the .ods must equal the audit
of the .xlsx, rule by rule and cell by cell, and the deliberate mistakes must be
found.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Severity
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import layout_table, write_workbook
from lakip_xl.model.workbook import WorkbookData
from lakip_xl.report.render import to_json
from lakip_xl.tables import BY_ID
from tests.conftest import ROOT
from tests.office import Job, UnoOffice
from tests.staff import Plan

Op = dict[str, Any]
ID, IKU, PK, CAP = "Identitas", "2.1.2 IKU", "2.2.1 Perjanjian Kinerja", "3.1 Capaian IKU"
TW, BLPU, AK, T1, T3 = (
    "2.2.2 Anggaran Triwulan",
    "3.19 Realisasi BLPU",
    "3.3 Akuntabilitas Keuangan",
    "T1 Status Pegawai",
    "T3 Pendidikan",
)
SAS = "Meningkatnya Kinerja dan Layanan Publik"


def s(sheet: str, cell: str, value: object) -> Op:
    """A value set as typed into a cell (a number stays a number, a text a text)."""
    return {"op": "set", "sheet": sheet, "cell": cell, "value": value}


def typed(sheet: str, cell: str, value: str) -> Op:
    """A text typed as on screen: Calc recognises numbers and percentages (``75%``)."""
    return {"op": "typed", "sheet": sheet, "cell": cell, "value": value}


def row(sheet: str, r: int, cols: str, values: tuple[object, ...]) -> list[Op]:
    return [s(sheet, f"{c}{r}", v) for c, v in zip(cols, values, strict=True) if v != ""]


def unprotect(*sheets: str) -> list[Op]:
    return [{"op": "unprotect", "sheet": x} for x in sheets]


def identitas(unit: str, kota: str, year: int) -> list[Op]:
    return [s(ID, "C5", unit), s(ID, "C6", kota), s(ID, "C8", year), s(ID, "C9", 2021), s(ID, "C10", 2026)]


def iku_pk_capaian() -> list[Op]:
    """2.1.2, 2.2.1 and 3.1: a naik indicator, a percentage one typed with %, a turun one, a n/a one."""
    ops = unprotect(IKU, PK, CAP)
    ops += row(IKU, 5, "ABCEFGHI", ("1", SAS, "Nilai AKIP", "Nilai", "naik", 71, 73, 75))
    ops += row(IKU, 6, "ABCEF", ("2", SAS, "Persentase Wilayah Tertib", "%", "naik"))
    ops += [typed(IKU, f"{c}6", v) for c, v in zip("GHI", ("75%", "80%", "85%"), strict=True)]
    ops += row(IKU, 7, "ABCEFGHI", ("3", SAS, "Jumlah Aduan Pelayanan", "aduan", "turun", 40, 35, 30))
    ops += row(PK, 5, "ABCDEG", ("Sasaran Strategis", "1.", SAS, "Nilai AKIP", "Nilai", 71))
    ops += row(PK, 5, "K", (71,))
    ops += row(PK, 6, "ABCDE", ("Sasaran Strategis", "2.", SAS, "Persentase Wilayah Tertib", "%"))
    ops += [typed(PK, f"{c}6", v) for c, v in zip("GHIJK", ("75%", "20%", "40%", "60%", "75%"), strict=True)]
    ops += row(PK, 7, "ABCDEFG", ("Sasaran Strategis", "3.", SAS, "Jumlah Aduan Pelayanan", "aduan", "turun", 40))
    ops += row(PK, 7, "HIJK", (50, 45, 42, 40))
    # 3.1: realisasi typed as Indonesian text; capaian typed over with the right value; a wrong capaian
    ops += row(CAP, 5, "ABCDF", ("1", "Nilai AKIP", "Nilai", "naik", 71))
    ops += [s(CAP, "G5", "74,85"), s(CAP, "H5", 105.42)]
    ops += row(CAP, 6, "ABCD", ("2", "Persentase Wilayah Tertib", "%", "naik"))
    ops += [typed(CAP, "F6", "75%"), typed(CAP, "G6", "80%"), s(CAP, "H6", 110)]  # 80/75: 106.67, not 110
    ops += row(CAP, 7, "ABCDFG", ("3", "Jumlah Aduan Pelayanan", "aduan", "turun", 40, 32))
    ops += row(CAP, 8, "ABCDFG", ("4", "Indikator belum diukur", "Nilai", "naik", "n/a", "-"))
    ops += [{"op": "date", "sheet": CAP, "cell": "E7", "value": "2024-12-31"}]  # a date in the sumber column
    return ops


def blpu_groups(template: WorkbookData) -> list[Op]:
    """3.19: the template filled, a Kegiatan group added the Petunjuk's way and another the naive way."""
    spec = BY_ID["t3_19"]
    assert spec.hierarchy is not None
    levels = [str(r.get(spec.hierarchy.level_key)) for r in layout_table(spec, None).rows]
    plan = Plan.of_template(spec, levels)
    depth = spec.hierarchy.levels.index("Kegiatan")
    assert plan.add_group(depth, "between", "petunjuk") and plan.add_group(depth, "below", "naive")
    return plan.finish(template)


def anggaran_triwulan() -> list[Op]:
    """2.2.2 by hand: Indonesian text numbers, a formula typed over, a wrong sum typed, a row deleted."""
    ops = unprotect(TW)
    ops += row(TW, 6, "BD", ("1.01", "Program Penunjang"))
    names = {7: "Kegiatan Perencanaan", 11: "Kegiatan Keuangan"}
    ops += [s(TW, f"D{r}", n) for r, n in names.items()]
    for k, r in enumerate((8, 9, 10, 12, 13, 14), start=1):
        tws = [k * 1_000_000 * (i + 1) for i in range(4)]
        ops += row(TW, r, "BDEFGHIJ", (f"1.01.0{k}", f"Sub kegiatan {k}", sum(tws), *tws, "APBD"))
    ops += [s(TW, "F8", "1.000.000"), s(TW, "E9", "20.000.000")]  # the right numbers, typed as text
    ops += [s(TW, "E7", 60_000_000)]  # over the formula: the right sum (10 + 20 + 30 million)
    ops += [s(TW, "E11", 999_000_000)]  # over the formula: a wrong sum (40 + 50 + 60 million = 150 million)
    ops += [s(TW, "J12", "-"), s(TW, "J13", "n/a")]
    ops += [{"op": "delete_rows", "sheet": TW, "row": 14, "count": 1}]
    return ops


def kecamatan_ops(template: WorkbookData) -> list[Op]:
    ops = unprotect(ID, AK, T1, T3) + identitas("Kecamatan Contoh", "Kota Contoh", 2024)
    ops += iku_pk_capaian() + blpu_groups(template) + anggaran_triwulan()
    # 3.3: BTL typed as Indonesian text, a percentage typed with %, blanks left
    ops += [s(AK, "C6", "9.974.700.000"), s(AK, "D6", 9_129_536_974), s(AK, "C8", 8_908_878_800)]
    ops += [s(AK, "D8", 8_545_520_515), typed(AK, "E6", "91.53%")]
    # T1: a wrong Jumlah typed over its formula (20 + 5 = 25), a "-" for none
    ops += row(T1, 5, "AB", ("PNS", 20)) + row(T1, 6, "AB", ("TKK", "-")) + row(T1, 7, "AB", ("PPPK", 5))
    ops += [s(T1, "B9", 30)]
    ops += [{"op": "merge", "sheet": T3, "range": "C3:D3"}, {"op": "merge", "sheet": T3, "range": "A1:B1"}]
    return ops


def opd_ops() -> list[Op]:
    """An OPD that fills only its IKU, PK and 3.1 (the other required tables left empty)."""
    return identitas("Dinas Contoh", "Kota Contoh", 2025) + iku_pk_capaian()


FEATURES: dict[str, list[Op]] = {
    # a sheet protected with a password (not the file), two sheets hidden, a filled sheet renamed
    "sheets": [
        {"op": "protect", "sheet": CAP, "password": "rahasia"},
        {"op": "hide", "sheet": T1},
        {"op": "hide", "sheet": "Parameter"},
        {"op": "rename", "sheet": CAP, "to": "Capaian IKU 2024"},
    ],
    # comments (one on a cell of two paragraphs), runs of spaces (text:s), a bold word (text:span), a link (text:a)
    "cells": [
        {"op": "lines", "sheet": CAP, "cell": "E5", "value": "LHE AKIP\nInspektorat 2024"},
        {"op": "comment", "sheet": CAP, "cell": "E5", "text": "dari LHE"},
        {"op": "comment", "sheet": CAP, "cell": "F5", "text": "angka dari LHE 2024"},
        {"op": "comment", "sheet": CAP, "cell": "B6", "text": "cek lagi"},
        {"op": "comment", "sheet": CAP, "cell": "E7", "text": "kosong dulu"},
        {"op": "comment", "sheet": BLPU, "cell": "G5", "text": "rumus"},
        {"op": "comment", "sheet": TW, "cell": "E9", "text": "teks"},
        s(CAP, "E6", "Zona   K3  (Tabel 3.10)"),
        {"op": "span", "sheet": CAP, "cell": "E8", "value": "Belum ada data", "bold": 5},
        {"op": "link", "sheet": CAP, "cell": "B8", "text": "Indikator belum diukur", "url": "https://contoh.go.id"},
    ],
    # Rp currency formats, a boolean, a time, a percentage typed into a money cell
    "formats": [
        *(
            {"op": "number_format", "sheet": BLPU, "cell": f"{c}{r}", "code": "[$Rp-421] #.##0"}
            for c in "EFGH"
            for r in (5, 7, 8)
        ),
        {"op": "bool", "sheet": T1, "cell": "B8", "value": True},
        s(T1, "A8", "PPNPN"),
        typed(CAP, "G8", "12:30"),
        typed(TW, "F12", "10%"),
        s(BLPU, "E7", "sepuluh juta"),  # a murni in words: its Jumlah's formula shows -100.000 (0 + ABT)
    ],
    # a text, a formula of staff's own and an error result over the template's formulas; header cells merged
    "edits": [
        s(TW, "E7", "n/a"),
        s(T1, "C5", "-"),
        {"op": "formula", "sheet": TW, "cell": "E11", "formula": "=SUM(E12:E13)"},
        {"op": "formula", "sheet": CAP, "cell": "H7", "formula": "=G7/0"},
        {"op": "merge", "sheet": CAP, "range": "F4:G4"},
        {"op": "merge", "sheet": T1, "range": "B9:C9"},
    ],
    # print titles, grouped and hidden rows, a column inserted into a table
    "layout": [
        {"op": "title_rows", "sheet": BLPU, "rows": 4},
        {"op": "group_rows", "sheet": BLPU, "row": 7, "count": 3},
        {"op": "hide_rows", "sheet": BLPU, "row": 8, "count": 1},
        {"op": "group_rows", "sheet": TW, "row": 8, "count": 3},
        {"op": "insert_cols", "sheet": CAP, "col": 8},
        s(CAP, "I4", "Keterangan"),
        s(CAP, "I5", "baik"),
    ],
}


def _findings(path: Path) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(to_json(audit(path)))
    for key in ("file", "sha256"):
        out.pop(key, None)
    return out


@pytest.fixture(scope="module")
def saved(uno_office: UnoOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every file of the module in one LibreOffice run: name (``kec``, ``kec_hidden``...) + suffix -> path."""
    return build(uno_office, tmp_path_factory.mktemp("odsstaff"))


def build(office: UnoOffice, folder: Path) -> dict[str, Path]:
    """Fill, edit and store every file of the module in ``folder`` (one driver run)."""
    templates = {p: folder / f"template_{p}.xlsx" for p in ("kecamatan", "opd")}
    for profile, path in templates.items():
        write_workbook(path, profile=profile)
    kec = kecamatan_ops(read_workbook(templates["kecamatan"], strict=False))
    base = {"kec": (templates["kecamatan"], kec), "opd": (templates["opd"], opd_ops())}
    for name, extra in FEATURES.items():
        base[f"kec_{name}"] = (templates["kecamatan"], kec + extra)
    jobs, out = [], {}
    for name, (src, ops) in base.items():
        for suffix in (".ods", ".xlsx"):
            out[name + suffix] = folder / f"{name}{suffix}"
            jobs.append(Job(src, out[name + suffix], ops))
    # the sample kecamatan's workbook as handed in, and with a murni retyped in words
    sample = ROOT / "samples" / "mustikajaya_2024.xlsx"
    words = [*unprotect(BLPU), s(BLPU, "E9", "sembilan milyar")]
    for name, ops in (("mj", []), ("mj_words", words)):
        for suffix in (".ods", ".xlsx"):
            out[name + suffix] = folder / f"{name}{suffix}"
            jobs.append(Job(sample, out[name + suffix], ops))
    # the .xlsx opened again and stored in its own format ("keep current format") and as .ods; the .ods too
    for name, src in (("kec_again", out["kec.xlsx"]), ("kec_reopened", out["kec.ods"])):
        for suffix in (".ods", ".xlsx"):
            out[name + suffix] = folder / f"{name}{suffix}"
            jobs.append(Job(src, out[name + suffix], []))
    office.edit(jobs)
    return out


NAMES = ["kec", "opd", "kec_again", "kec_reopened", "mj", "mj_words", *(f"kec_{name}" for name in FEATURES)]
Cell = tuple[str, str, str | None]


def _cells(path: Path, *, errors: bool = False) -> set[Cell]:
    """(rule, sheet, cell) of every finding (every galat with ``errors``)."""
    return {
        (f.rule, f.where.sheet, f.where.cell)
        for f in audit(path).findings
        if not errors or f.severity is Severity.ERROR
    }


@pytest.mark.parametrize("name", NAMES)
def test_the_ods_gives_the_findings_of_its_xlsx(saved: dict[str, Path], name: str) -> None:
    """Rule by rule, cell by cell, message by message: the whole JSON but the file's name and hash."""
    ods, xlsx = _findings(saved[f"{name}.ods"]), _findings(saved[f"{name}.xlsx"])
    assert xlsx["findings"]
    assert ods == xlsx


@pytest.mark.parametrize("name", NAMES)
def test_the_ods_reads_as_its_xlsx(saved: dict[str, Path], name: str) -> None:
    ods, xlsx = (read_workbook(saved[f"{name}{suffix}"], cached=True, strict=False) for suffix in (".ods", ".xlsx"))
    assert set(ods) == set(xlsx)
    for table_id, table in xlsx.items():
        assert [dict(r) for r in ods[table_id].rows] == [dict(r) for r in table.rows], table_id


KEC_ERRORS = {
    ("TABEL_1.JUMLAH.JUMLAH", T1, "B9"),  # 30 typed over the Jumlah of 20 + "-" + 5
    ("T2_2_2.PAGU.INDUK", TW, "E11"),  # 999.000.000 typed over the Kegiatan's sum
    ("T3_1.CAPAIAN", CAP, "H6"),  # 110 typed for 80% / 75%
    ("SEL.ANGKA_TEKS", TW, "F8"),  # 1.000.000 as text: the Kegiatan's formula skips it
    ("SEL.ANGKA_TEKS", AK, "C6"),  # 9.974.700.000 as text: the total's formula skips it
}


def test_the_mistakes_are_found_and_nothing_else(saved: dict[str, Path]) -> None:
    """The deliberate mistakes are galat; right values typed over formulas, percentages typed with %, "-", n/a,
    a turun indicator and both ways of adding a Kegiatan are not. 3.19 differs from 2.2.2 by construction
    (its subkegiatan are other ones): only cross-table findings there."""
    found = _cells(saved["kec.ods"], errors=True)
    assert {c for c in found if c[1] != BLPU} == KEC_ERRORS
    assert all(rule.startswith("LINTAS.") for rule, sheet, _ in found if sheet == BLPU), found
    assert _cells(saved["opd.ods"], errors=True) == {("T3_1.CAPAIAN", CAP, "H6")}


def test_required_tables_left_empty_are_named(saved: dict[str, Path]) -> None:
    tables = audit(saved["opd.ods"]).tables
    assert {t.table_id for t in tables if t.required and t.status == "kosong"} == {
        "capaian_kinerja",
        "realisasi_anggaran",
    }


def test_a_workbook_stored_again_keeps_its_findings(saved: dict[str, Path]) -> None:
    """Opened in LibreOffice and stored in its own format ("keep current format"), and as .ods; the .ods too."""
    for name in ("kec_again.xlsx", "kec_again.ods", "kec_reopened.ods", "kec_reopened.xlsx"):
        assert _findings(saved[name]) == _findings(saved["kec.xlsx"]), name


def test_protected_hidden_and_renamed_sheets_are_read(saved: dict[str, Path]) -> None:
    renamed = {(r, "Capaian IKU 2024" if s == CAP else s, c) for r, s, c in _cells(saved["kec.ods"])}
    assert _cells(saved["kec_sheets.ods"]) == renamed


def test_comments_paragraphs_spaces_spans_and_links_read_as_shown(saved: dict[str, Path]) -> None:
    rows = read_workbook(saved["kec_cells.ods"], strict=False)["t3_1"].rows
    assert [r.get("sumber") for r in rows] == ["LHE AKIP\nInspektorat 2024", "Zona   K3  (Tabel 3.10)", "31-12-2024",
                                              "Belum ada data"]  # fmt: skip
    assert rows[3]["indikator"] == "Indikator belum diukur"  # a link's text, once
    assert rows[0]["target"] == 71 and rows[1]["indikator"] == "Persentase Wilayah Tertib"  # their comments left out
    assert _cells(saved["kec_cells.ods"]) == _cells(saved["kec.ods"])


def test_a_refused_input_is_named_once_not_in_the_sums_above_it(saved: dict[str, Path]) -> None:
    """TW I typed as 10% in a money cell: its own galat; its Kegiatan's and Program's formulas (5.000.000,1) and its
    pagu (no longer TW I+II+III+IV) are not blamed. A murni typed in words: its own galat; the realisasi is not
    said to exceed the Jumlah its formulas show without it (was: 'melebihi anggaran -100.000'). Rp formats read
    as numbers; a boolean and a time are named."""
    found = _cells(saved["kec_formats.ods"]) - _cells(saved["kec.ods"])
    assert found == {
        ("VALIDASI.BULAT", TW, "F12"),
        ("VALIDASI.TIPE", T1, "B8"),
        ("SEL.TANGGAL", CAP, "G8"),
        ("VALIDASI.TIPE", BLPU, "E7"),
    }
    unknown = {("TABEL_1.JUMLAH.JUMLAH", T1, "B9")}  # the Jumlah over the refused boolean: no value to compare
    assert _cells(saved["kec_formats.ods"]) >= _cells(saved["kec.ods"]) - unknown


def test_edits_over_the_formulas(saved: dict[str, Path]) -> None:
    """Text over a formula, staff's own right formula, a #DIV/0!, merged cells: each named where it is."""
    found = _cells(saved["kec_edits.ods"])
    assert found - _cells(saved["kec.ods"]) == {
        ("TABEL_1.PERSENTASE", T1, "C5"),
        ("T2_2_2.PAGU.INDUK", TW, "E7"),
        ("SEL.GALAT", CAP, "H7"),
        ("SEL.GABUNG", T1, "B9"),
    }
    assert ("T2_2_2.PAGU.INDUK", TW, "E11") not in found  # =SUM(E12:E13) over the wrong typed sum: right


def test_print_titles_groups_hidden_rows_and_a_new_column(saved: dict[str, Path]) -> None:
    found = _cells(saved["kec_layout.ods"])
    assert found - _cells(saved["kec.ods"]) == {("SEL.KOLOM_TAK_DIKENAL", CAP, "I5")}
    assert _cells(saved["kec.ods"]) <= found


def test_diff_of_the_ods_and_its_xlsx_finds_no_change(saved: dict[str, Path]) -> None:
    from typer.testing import CliRunner

    from lakip_xl.cli import app

    result = CliRunner().invoke(app, ["diff", str(saved["kec.ods"]), str(saved["kec.xlsx"])])
    assert result.exit_code == 0, result.output
    assert "Tidak ada sel isian yang berubah" in result.output
    assert "0 selesai, 0 baru" in result.output


def test_a_refused_input_under_typed_parents_is_named_once(saved: dict[str, Path]) -> None:
    """The sample's Kegiatan rows hold typed numbers, not formulas: a murni of its subkegiatan retyped in words is
    named; the Kegiatan's % Realisasi, right over its subkegiatan, is not judged on the typed Jumlah alone
    (was: 'T3_19.PERSEN I8: tertulis 91,53, hasil hitung 91,50')."""
    assert _cells(saved["mj_words.ods"]) - _cells(saved["mj.ods"]) == {("VALIDASI.TIPE", BLPU, "E9")}
