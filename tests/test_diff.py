"""lakip-xl diff as a library: rows matched by what names them, typed cells compared, findings matched.

The revisions are built the way staff make them after Bappeda's notes: from the
sample's own data, a value corrected, a name's typo fixed, a Kegiatan group
inserted in the middle of a table, a row deleted.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from lakip_xl.diff import FORMULA, Change, DiffResult, diff
from lakip_xl.diff.align import align
from lakip_xl.diff.side import Identity
from lakip_xl.io.interchange import from_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.errors import LakipError
from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX
from tests.helpers import IDENTITAS, build

GROBOGAN_JSON = ROOT / "samples" / "grobogan_2021.json"
GROUP = [
    {"level": "Kegiatan", "no": "7a.", "uraian": "Kegiatan Tambahan Revisi", "murni": 30_000_000, "abt": 0,
     "jumlah": 30_000_000, "realisasi": 25_000_000, "persen": "83.33"},
    {"level": "Sub Kegiatan", "no": "a.", "uraian": "Subkegiatan Tambahan Satu", "murni": 10_000_000, "abt": 0,
     "jumlah": 10_000_000, "realisasi": 9_000_000, "persen": "90.00"},
    {"level": "Sub Kegiatan", "no": "b.", "uraian": "Subkegiatan Tambahan Dua", "murni": 20_000_000, "abt": 0,
     "jumlah": 20_000_000, "realisasi": 16_000_000, "persen": "80.00"},
]  # fmt: skip


def sample_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return doc


def write(doc: dict[str, Any], path: Path) -> Path:
    write_workbook(path, from_json(doc))
    return path


def revision(doc: dict[str, Any]) -> dict[str, Any]:
    """The sample revised: one realisasi corrected, a typo fixed, a Kegiatan group inserted, a row deleted."""
    doc = copy.deepcopy(doc)
    t320 = doc["tables"]["t3_20"]["rows"]
    t320[2]["realisasi"] = 39_500_000  # the first Sub Kegiatan of 3.20 (row 7 of the sheet)
    kegiatan = [i for i, r in enumerate(t320) if r.get("level") == "Kegiatan"]
    t320[kegiatan[1] : kegiatan[1]] = copy.deepcopy(GROUP)  # before the second Kegiatan
    t319 = doc["tables"]["t3_19"]["rows"]
    del t319[max(i for i, r in enumerate(t319) if r.get("level") == "Sub Kegiatan")]
    for row in doc["tables"]["t2_2_2"]["rows"]:
        if row.get("uraian") == "Pemberdayaan Masyrakat di Kelurahan Mustikajaya":
            row["uraian"] = "Pemberdayaan Masyarakat di Kelurahan Mustikajaya"
    return doc


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> DiffResult:
    folder = tmp_path_factory.mktemp("revisi")
    return diff(SAMPLE_XLSX, write(revision(sample_doc()), folder / "revisi.xlsx"))


def by_table(result: DiffResult, table_id: str) -> list[Change]:
    return [c for c in result.changes if c.table_id == table_id]


def test_a_revision_is_its_changes_and_nothing_else(revised: DiffResult) -> None:
    counts = {t.table_id: (t.changed, t.added, t.removed) for t in revised.tables}
    assert counts == {"t2_2_2": (1, 0, 0), "t3_19": (0, 0, 1), "t3_20": (1, 3, 0)}
    assert revised.exit_code == 1


def test_an_inserted_group_is_added_rows_not_a_cascade(revised: DiffResult) -> None:
    changes = by_table(revised, "t3_20")
    added = [c for c in changes if c.kind == "added"]
    assert [c.row_label for c in added] == [r["uraian"] for r in GROUP]
    assert [c.cell_new for c in added] == ["3.20 Realisasi BLU!D12", "3.20 Realisasi BLU!D13", "3.20 Realisasi BLU!D14"]
    assert all(c.cell_old is None and c.ref_old is None for c in added)
    assert dict(added[0].values)["murni"] == 30_000_000 and dict(added[0].values)["level"] == "Kegiatan"
    changed = [c for c in changes if c.kind == "changed"]
    assert len(changed) == 1  # every row below the group met its old self: nothing else changed
    (cell,) = changed
    assert (cell.column, cell.old, cell.new) == ("realisasi", 39_079_250, 39_500_000)
    assert (cell.cell_old, cell.cell_new) == ("3.20 Realisasi BLU!H7", "3.20 Realisasi BLU!H7")


def test_a_removed_row_is_one_removed_row(revised: DiffResult) -> None:
    (removed,) = by_table(revised, "t3_19")
    assert removed.kind == "removed"
    assert removed.row_label == "Pemeliharaan/Rehabilitasi Gedung Kantor atau Bangunan Lainnya"
    assert (removed.cell_old, removed.cell_new) == ("3.19 Realisasi BLPU!D28", None)
    assert dict(removed.values)["murni"] == 200_000_000


def test_a_typo_fixed_is_a_changed_name_not_a_row_replaced(revised: DiffResult) -> None:
    (fixed,) = by_table(revised, "t2_2_2")
    assert (fixed.kind, fixed.column) == ("changed", "uraian")
    assert fixed.old == "Pemberdayaan Masyrakat di Kelurahan Mustikajaya"
    assert fixed.new == "Pemberdayaan Masyarakat di Kelurahan Mustikajaya"
    assert fixed.cell_old == fixed.cell_new == "2.2.2 Anggaran Triwulan!D46"


def test_findings_are_matched_by_row_not_by_cell(revised: DiffResult) -> None:
    resolved = {(f.rule, f.where.label) for f in revised.resolved}
    assert ("LINTAS.NAMA_BERBEDA", "Pemberdayaan Masyarakat di Kelurahan Mustikajaya") in resolved  # the typo fixed
    new = {(f.rule, f.where.label) for f in revised.new_findings}
    assert ("LINTAS.SUBKEGIATAN_HILANG", "Subkegiatan Tambahan Satu") in new  # not in 2.2.2
    # A finding below the inserted group moved three rows down and is still the same finding.
    moved = [
        f for f in revised.still_open if f.rule == "T3_20.JUMLAH" and f.where.label == "Kegiatan Pemberdayaan Kelurahan"
    ]
    assert [f.where.cell for f in moved] == ["G18"]
    assert not any(f.rule == "T3_20.JUMLAH" for f in revised.new_findings + revised.resolved)
    assert len(revised.old.findings) == len(revised.resolved) + len(revised.still_open)
    assert len(revised.new.findings) == len(revised.new_findings) + len(revised.still_open)


def test_the_same_file_has_no_change() -> None:
    result = diff(str(SAMPLE_XLSX), SAMPLE_XLSX)
    assert result.changes == [] and result.resolved == [] and result.new_findings == []
    assert len(result.still_open) == len(result.old.findings) == 39
    assert result.exit_code == 0
    assert result.notes == ["Kedua berkas sama persis (SHA-256 sama)"]


BUDGET: dict[str, Any] = {
    "t3_19": {
        "rows": [
            {"level": "Program", "kode": "1.01", "uraian": "Program Penunjang"},
            {"level": "Kegiatan", "kode": "1.01.01", "uraian": "Administrasi Umum"},
            {"level": "Sub Kegiatan", "kode": "1.01.01.1", "uraian": "Penyediaan Alat Tulis", "murni": 10_000_000,
             "abt": 0, "realisasi": 9_000_000},
            {"level": "Sub Kegiatan", "kode": "1.01.01.2", "uraian": "Penyediaan Bahan Bacaan", "murni": 5_000_000,
             "abt": 0, "realisasi": 4_000_000},
            {"level": "Kegiatan", "kode": "1.01.02", "uraian": "Administrasi Keuangan"},
            {"level": "Sub Kegiatan", "kode": "1.01.02.1", "uraian": "Penyediaan Alat Tulis", "murni": 7_000_000,
             "abt": 0, "realisasi": 6_000_000},
        ]
    }
}  # fmt: skip


def budget(tmp_path: Path, name: str, edit: Any = None) -> Path:
    tables = copy.deepcopy(BUDGET)
    if edit is not None:
        edit(tables["t3_19"]["rows"])
    return build(tmp_path, tables, name)


def test_formula_results_are_no_change(tmp_path: Path) -> None:
    """A Sub Kegiatan's realisasi changed: its Kegiatan's and Program's sums moved, and are not changes."""

    def edit(rows: list[dict[str, Any]]) -> None:
        rows[2]["realisasi"] = 9_500_000

    result = diff(budget(tmp_path, "a.xlsx"), budget(tmp_path, "b.xlsx", edit))
    assert [(c.kind, c.row_label, c.column, c.old, c.new) for c in result.changes] == [
        ("changed", "Penyediaan Alat Tulis", "realisasi", 9_000_000, 9_500_000)
    ]
    program = result.new.data["t3_19"].rows[0]
    assert program["realisasi"] == 19_500_000  # the formula's result did move


def test_a_number_typed_over_a_formula_is_a_change(tmp_path: Path) -> None:
    def edit(rows: list[dict[str, Any]]) -> None:
        rows[1]["realisasi"] = 12_000_000  # the Kegiatan's sum typed over

    result = diff(budget(tmp_path, "a.xlsx"), budget(tmp_path, "b.xlsx", edit))
    (typed,) = result.changes
    assert (typed.row_label, typed.column, typed.old, typed.new) == (
        "Administrasi Umum",
        "realisasi",
        FORMULA,
        12_000_000,
    )
    assert typed.as_dict()["old"] is None and typed.as_dict()["old_formula"] is True
    back = diff(budget(tmp_path, "b.xlsx", edit), budget(tmp_path, "c.xlsx"))  # the formula put back
    assert [(c.old, c.new) for c in back.changes] == [(12_000_000, FORMULA)]


def test_same_kode_with_another_name_is_a_changed_name(tmp_path: Path) -> None:
    def edit(rows: list[dict[str, Any]]) -> None:
        rows[3]["uraian"] = "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"

    result = diff(budget(tmp_path, "a.xlsx"), budget(tmp_path, "b.xlsx", edit))
    assert [(c.kind, c.column, c.old) for c in result.changes] == [("changed", "uraian", "Penyediaan Bahan Bacaan")]


def test_repeated_names_are_matched_in_place(tmp_path: Path) -> None:
    """Two Sub Kegiatan named alike under two Kegiatan: the kode-less second one changed is the one reported."""

    def drop_kode(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row.pop("kode")

    def edit(rows: list[dict[str, Any]]) -> None:
        drop_kode(rows)
        rows[5]["murni"] = 8_000_000

    result = diff(budget(tmp_path, "a.xlsx", drop_kode), budget(tmp_path, "b.xlsx", edit))
    (change,) = result.changes
    assert (change.column, change.old, change.new, change.cell_new) == (
        "murni",
        7_000_000,
        8_000_000,
        "3.19 Realisasi BLPU!E10",
    )


def test_a_kode_typed_later_keeps_the_rows(tmp_path: Path) -> None:
    """v1 without kodes, v2 with them: every row is the same row, each kode a value typed."""

    def drop_kode(rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row.pop("kode")

    result = diff(budget(tmp_path, "a.xlsx", drop_kode), budget(tmp_path, "b.xlsx"))
    assert {c.kind for c in result.changes} == {"changed"}
    assert [c.new for c in result.changes] == [r["kode"] for r in BUDGET["t3_19"]["rows"]]


def test_a_value_the_audit_refused_is_still_what_was_typed(tmp_path: Path) -> None:
    """Text in a money cell and a negative murni are removed from the audit's data, not from the diff."""

    import openpyxl

    typed = budget(tmp_path, "a.xlsx")
    wb = openpyxl.load_workbook(typed)  # typed as staff type it: the sheet's validation does not stop a paste
    wb["3.19 Realisasi BLPU"]["E7"] = "sepuluh juta"
    wb["3.19 Realisasi BLPU"]["E8"] = -5_000_000
    wb.save(typed)
    result = diff(typed, budget(tmp_path, "b.xlsx"))
    assert [(c.row_label, c.old, c.new) for c in result.changes] == [
        ("Penyediaan Alat Tulis", "sepuluh juta", 10_000_000),
        ("Penyediaan Bahan Bacaan", "-5000000", 5_000_000),
    ]
    assert {f.rule for f in result.resolved} >= {"VALIDASI.TIPE", "VALIDASI.RENTANG"}


def test_a_fixed_row_is_matched_by_its_kode(tmp_path: Path) -> None:
    base: dict[str, Any] = {"t3_1": {"rows": [{"indikator": "Nilai AKIP", "target": "71", "realisasi": "74.85"}]}}
    later = copy.deepcopy(base)
    later["identitas"] = copy.deepcopy(IDENTITAS)  # what build writes, the year moved on
    later["identitas"]["rows"][1]["nilai"] = 2025
    result = diff(build(tmp_path, base, "a.xlsx"), build(tmp_path, later, "b.xlsx"))
    (year,) = [c for c in result.changes if c.table_id == "identitas"]
    assert (year.row_label, year.old, year.new, year.cell_new) == ("Tahun laporan", 2024, 2025, "Identitas!C8")
    assert any("tahun laporan berbeda: 2024 (lama) dan 2025 (baru)" in note for note in result.notes)


def test_an_indicator_renamed_is_a_changed_name(tmp_path: Path) -> None:
    rows = [{"indikator": "Nilai AKIP Kecamatan", "target": "71", "realisasi": "74.85"},
            {"indikator": "Indeks Kepuasan Masyarakat", "target": "85", "realisasi": "88.89"}]  # fmt: skip
    renamed = copy.deepcopy(rows)
    renamed[0]["indikator"] = "Nilai AKIP Kecamatan Mustikajaya"
    result = diff(
        build(tmp_path, {"t3_1": {"rows": rows}}, "a.xlsx"), build(tmp_path, {"t3_1": {"rows": renamed}}, "b.xlsx")
    )
    assert [(c.kind, c.column, c.new) for c in result.changes] == [
        ("changed", "indikator", "Nilai AKIP Kecamatan Mustikajaya")
    ]


def test_an_unusable_input_names_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan workbook")
    with pytest.raises(LakipError, match=r"rusak\.xlsx"):
        diff(SAMPLE_XLSX, broken)


def ids(*labels: str) -> list[Identity]:
    return [Identity(("", "", "label", x.casefold()), None, ("", x.casefold()), ("", ""), x) for x in labels]


def test_align_places_an_insert_and_keeps_the_rest() -> None:
    alignment = align(ids("a", "b", "c", "d"), ids("a", "x", "y", "b", "c", "d"))
    assert alignment.pairs == [(0, 0), (None, 1), (None, 2), (1, 3), (2, 4), (3, 5)]


def test_align_shows_a_removed_row_where_it_stood_before_the_added() -> None:
    alignment = align(ids("a", "b", "zz top", "d"), ids("a", "b", "new one", "d"))
    assert alignment.pairs == [(0, 0), (1, 1), (2, None), (None, 2), (3, 3)]


def test_align_matches_repeated_names_in_order() -> None:
    alignment = align(ids("a", "x", "b", "x"), ids("a", "x", "b", "q", "x"))
    assert alignment.pairs == [(0, 0), (1, 1), (2, 2), (None, 3), (3, 4)]


def test_the_opd_sample_revised(tmp_path: Path) -> None:
    """Grobogan (an OPD): a capaian corrected, a Kegiatan group inserted in Realisasi Anggaran, a Kegiatan removed."""
    old = write(json.loads(GROBOGAN_JSON.read_text(encoding="utf-8")), tmp_path / "lama.xlsx")
    doc = json.loads(GROBOGAN_JSON.read_text(encoding="utf-8"))
    capaian = doc["tables"]["capaian_kinerja"]["rows"]
    flood = next(r for r in capaian if r.get("indikator") == "Persentase wilayah bebas banjir")
    flood["capaian"] = "100.66"
    budget_rows = doc["tables"]["realisasi_anggaran"]["rows"]
    group: list[dict[str, Any]] = [
        {"level": "Kegiatan", "no": "5a.", "uraian": "Kegiatan Pembinaan Jasa Konstruksi"},
        {"level": "Sub Kegiatan", "no": "a.", "uraian": "Penyelenggaraan Pelatihan Tenaga Ahli Konstruksi",
         "dpa": 150_000_000, "anggaran": 150_000_000, "realisasi": 140_000_000, "fisik": "100"},
        {"level": "Sub Kegiatan", "no": "b.", "uraian": "Pengawasan Tertib Usaha Jasa Konstruksi",
         "dpa": 50_000_000, "anggaran": 50_000_000, "realisasi": 45_000_000, "fisik": "100"},
    ]  # fmt: skip
    budget_rows[5:5] = group
    gone = budget_rows.pop(-1)
    result = diff(old, write(doc, tmp_path / "baru.xlsx"))
    counts = {t.table_id: (t.changed, t.added, t.removed) for t in result.tables}
    assert counts == {"capaian_kinerja": (1, 0, 0), "realisasi_anggaran": (0, 3, 1)}
    (removed,) = [c for c in result.changes if c.kind == "removed"]
    assert removed.row_label == gone["uraian"]
    assert [c.row_label for c in result.changes if c.kind == "added"] == [r["uraian"] for r in group]
    assert [(f.rule, f.where.label) for f in result.resolved] == [
        ("CAPAIAN_KINERJA.CAPAIAN", "Persentase wilayah bebas banjir")
    ]
    assert ("REALISASI_ANGGARAN.PERSEN", "Kegiatan Administrasi Kepegawaian Perangkat Daerah") in {
        (f.rule, f.where.label) for f in result.still_open
    }


def test_a_fixed_row_in_one_file_only_keeps_its_kode_as_identity() -> None:
    """A form line typed only in the revision: its cells are changes from empty, its findings are found by kode."""
    from lakip_xl.diff.side import Side
    from lakip_xl.diff.tables import compare_table
    from lakip_xl.model.workbook import TableData
    from lakip_xl.tables import BY_ID

    spec = BY_ID["penutup"]
    old = Side(spec, TableData(rows=[{"kode": "program", "klaim": 5}]), {})
    new = Side(spec, TableData(rows=[{"kode": "kegiatan", "klaim": 13}, {"kode": "program", "klaim": 5}]), {})
    table = compare_table(spec, old, new)
    assert table.old_ids == {0: "program"} and table.new_ids == {0: "kegiatan", 1: "program"}
    assert [(c.kind, c.row_label, c.old, c.new) for c in table.changes] == [
        ("changed", "Jumlah kegiatan (Tabel 2.2.2)", None, 13)
    ]
