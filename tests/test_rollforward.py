"""Roll-forward (issue #20 item 1): next year's workbook from last year's filled one, by the specs' declarations."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.cycle import default_output, roll_forward
from lakip_xl.cycle.sheets import CARRIED_FILL
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.styles import INPUT_FILL
from lakip_xl.model.layout import FIRST_DATA_ROW
from lakip_xl.model.workbook import WorkbookData
from lakip_xl.tables import BY_ID
from tests.conftest import ROOT, SAMPLE_XLSX, TEMPLATE
from tests.helpers import build

GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
runner = CliRunner()


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("roll") / "mustikajaya_2025.xlsx"
    return out, roll_forward(SAMPLE_XLSX, out)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell(path: Path, table_id: str, index: int, key: str) -> Any:
    spec = BY_ID[table_id]
    return openpyxl.load_workbook(path)[spec.sheet].cell(FIRST_DATA_ROW + index + 1, spec.col_index(key) + 1)


def _fill(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


def test_identity_moves_on_and_the_profile_is_kept(rolled: tuple[Path, Any]) -> None:
    out, done = rolled
    ident = {r["kode"]: r.get("nilai") for r in read_workbook(out)["identitas"].rows}
    assert ident == {"unit": "Kecamatan Mustikajaya", "kota": "Kota Bekasi", "profil": "kecamatan",
                     "tahun": 2025, "renstra_awal": 2024, "renstra_akhir": 2026}  # fmt: skip
    assert (done.year, done.last_year, done.profile) == (2025, 2024, "kecamatan")


def test_renstra_tables_are_carried_whole(rolled: tuple[Path, Any]) -> None:
    out, _ = rolled
    before, after = read_workbook(SAMPLE_XLSX), read_workbook(out)
    for table in ("t2_1_1", "t2_1_2"):
        assert [dict(r) for r in after[table].rows] == [dict(r) for r in before[table].rows]


def test_budget_structure_is_carried_with_amounts_blank_and_formulas_live(rolled: tuple[Path, Any]) -> None:
    out, _ = rolled
    before, after = read_workbook(SAMPLE_XLSX), read_workbook(out)
    structure = (("t2_2_2", ("level", "kode", "no", "uraian", "sumber_dana")), ("t3_19", ("level", "no", "uraian")),
                 ("t3_20", ("level", "no", "uraian")))  # fmt: skip
    for table, keys in structure:
        assert len(after[table].rows) == len(before[table].rows)
        for old, new in zip(before[table].rows, after[table].rows, strict=True):
            assert {k: v for k, v in new.items()} == {k: old[k] for k in keys if old.get(k) is not None}
    sheet = openpyxl.load_workbook(out)[BY_ID["t3_19"].sheet]
    program = FIRST_DATA_ROW + 1  # the first row: a Program, which sums its kegiatan
    for key in ("murni", "jumlah", "realisasi", "persen"):
        assert str(sheet.cell(program, BY_ID["t3_19"].col_index(key) + 1).value).startswith("=")
    leaf = next(i for i, r in enumerate(after["t3_19"].rows) if r["level"] == "Sub Kegiatan")
    assert sheet.cell(FIRST_DATA_ROW + leaf + 1, BY_ID["t3_19"].col_index("murni") + 1).value is None


def test_last_years_columns_come_from_last_years_values(rolled: tuple[Path, Any]) -> None:
    out, _ = rolled
    before, after = read_workbook(SAMPLE_XLSX, cached=True), read_workbook(out, cached=True)
    for old, new in zip(before["iku_perbandingan"].rows, after["iku_perbandingan"].rows, strict=True):
        assert (new["target_lalu"], new["realisasi_lalu"], new["capaian_lalu"]) == (
            old["target"], old["realisasi"], old["capaian"])  # fmt: skip
        assert new["target_akhir_renstra"] == old["target_akhir_renstra"]
        assert "target" not in new and "realisasi" not in new and "capaian" not in new
    # capaian tahun lalu stays a live formula: it gives what last year printed
    assert str(_cell(out, "iku_perbandingan", 0, "capaian_lalu").value).startswith("=")
    tren = [dict(r) for r in after["skm_tren"].rows]
    old_n = next(r for r in before["skm_tren"].rows if r["periode"] == "Tahun N")
    assert tren == [{"periode": "Tahun N-1", **{k: old_n[k] for k in ("tw2", "tw3", "tw4")}}, {"periode": "Tahun N"}]


def test_carried_cells_have_their_own_style_and_the_petunjuk_says_so(rolled: tuple[Path, Any]) -> None:
    out, _ = rolled
    assert _fill(_cell(out, "iku_perbandingan", 0, "realisasi_lalu")) == CARRIED_FILL[1:]
    assert _fill(_cell(out, "t2_1_1", 0, "target_1")) == CARRIED_FILL[1:]
    assert _fill(_cell(out, "iku_perbandingan", 0, "realisasi")) == INPUT_FILL[1:]  # this year's: to be typed
    assert _cell(out, "iku_perbandingan", 0, "realisasi_lalu").font.i
    petunjuk = openpyxl.load_workbook(out)["Petunjuk"]
    lines = [str(c.value) for row in petunjuk.iter_rows() for c in row if c.value]
    assert any("diambil dari laporan 2024" in line for line in lines)


def test_year_defaults_to_the_next_and_the_output_to_the_name_with_it(tmp_path: Path) -> None:
    assert default_output(Path("a/LAKIP_2024.xlsx"), 2025) == Path("a/LAKIP_2025.xlsx")
    assert default_output(Path("kec.xlsx"), 2025) == Path("kec_2025.xlsx")
    source = tmp_path / "mustikajaya_2024.xlsx"
    source.write_bytes(SAMPLE_XLSX.read_bytes())
    result = runner.invoke(app, ["template", "--dari", str(source)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mustikajaya_2025.xlsx").exists()
    assert "Lembar kerja 2025 ditulis" in result.output
    again = runner.invoke(app, ["template", "--dari", str(source)])  # never over staff's typed 2025 work
    assert again.exit_code == 2 and "sudah ada" in again.output


def test_a_later_year_leaves_last_years_columns_blank(tmp_path: Path) -> None:
    done = roll_forward(SAMPLE_XLSX, tmp_path / "y.xlsx", 2026)
    data = read_workbook(tmp_path / "y.xlsx")
    assert all("realisasi_lalu" not in r for r in data["iku_perbandingan"].rows)
    assert any("bukan tahun sesudah 2024" in n for n in done.notes)


def test_what_last_year_got_wrong_is_carried_as_printed_and_said(tmp_path: Path) -> None:
    rows = [{"tabel": "3.2", "indikator": "Nilai AKIP", "target": "71", "realisasi": "74.85", "capaian": "105.24"}]
    source = build(tmp_path, {"iku_perbandingan": {"rows": rows}}, "kec_2024.xlsx")  # 74,85/71 = 105,42 %
    done = roll_forward(source, tmp_path / "kec_2025.xlsx")
    cell = _cell(tmp_path / "kec_2025.xlsx", "iku_perbandingan", 0, "capaian_lalu")
    assert cell.value == pytest.approx(105.24)  # typed as printed, over the formula
    assert _fill(cell) == CARRIED_FILL[1:]
    note = next(n for n in done.notes if "IKU_PERBANDINGAN.CAPAIAN" in n)
    assert "105,24" in note and "3.2-3.5-3.8 Perbandingan!K5" in note and "laporan 2024" in note


def test_iku_five_years_shift_by_one_year(tmp_path: Path) -> None:
    ident = {"rows": [{"kode": "unit", "nilai": "Dinas Uji"}, {"kode": "profil", "nilai": "opd"},
                      {"kode": "tahun", "nilai": 2024}]}  # fmt: skip
    row: dict[str, Any] = {"level": "Indikator", "uraian": "Jalan mantap", "arah": "naik", "target_akhir": "90"}
    for n, year in enumerate(("n4", "n3", "n2", "n1", "n")):
        row |= {f"target_{year}": str(70 + n), f"realisasi_{year}": str(71 + n)}
    source = build(tmp_path, {"identitas": ident, "iku_tahunan": {"rows": [{"level": "Sasaran", "uraian": "S"}, row]}})
    roll_forward(source, tmp_path / "next.xlsx")
    new = read_workbook(tmp_path / "next.xlsx")["iku_tahunan"].rows[1]
    assert {k: new.get(k) for k in ("target_n4", "target_n3", "target_n2", "target_n1", "target_n")} == {
        "target_n4": Decimal(71), "target_n3": Decimal(72), "target_n2": Decimal(73), "target_n1": Decimal(74),
        "target_n": None}  # fmt: skip
    assert new["realisasi_n1"] == Decimal(75) and new.get("realisasi_n") is None
    assert new["target_akhir"] == Decimal(90) and new["uraian"] == "Jalan mantap"
    moved_on = {str(r["kode"]): r.get("nilai") for r in read_workbook(tmp_path / "next.xlsx")["identitas"].rows}
    assert (moved_on["profil"], moved_on["tahun"]) == ("opd", 2025)


def test_grobogan_rolls_forward_as_an_opd(tmp_path: Path) -> None:
    done = roll_forward(GROBOGAN, tmp_path / "g.xlsx")
    data: WorkbookData = read_workbook(tmp_path / "g.xlsx")
    before = read_workbook(GROBOGAN)
    assert done.profile == "opd" and done.year == 2022
    assert [r["uraian"] for r in data["realisasi_anggaran"].rows] == [
        r["uraian"] for r in before["realisasi_anggaran"].rows
    ]
    assert all("anggaran" not in r and "realisasi" not in r for r in data["realisasi_anggaran"].rows)
    assert [r["indikator"] for r in data["capaian_kinerja"].rows] == [
        r["indikator"] for r in before["capaian_kinerja"].rows
    ]
    assert any("periode Renstra" in n for n in done.notes)  # 2022 is past its Renstra 2016-2021


@pytest.mark.parametrize(
    ("make", "args", "code", "words"),
    [
        (lambda p: p.write_text("bukan xlsx"), [], 2, "Laporan tahun lalu tidak dapat dipakai"),
        (lambda p: p.write_bytes(TEMPLATE.read_bytes()), [], 2, "belum diisi"),
        (lambda p: p.write_bytes(SAMPLE_XLSX.read_bytes()), ["--profile", "opd"], 2, "berprofil kecamatan"),
        (lambda p: p.write_bytes(SAMPLE_XLSX.read_bytes()), ["--year", "2024"], 2, "tidak sesudah"),
        (lambda p: p.write_bytes(SAMPLE_XLSX.read_bytes()), ["--program", "3"], 2, "--dari"),
        (lambda p: p.write_bytes(SAMPLE_XLSX.read_bytes()), ["-o", "{src}"], 3, "menimpa"),
    ],
)
def test_a_workbook_that_cannot_be_rolled_forward_exits_with_one_line(
    tmp_path: Path, make: Any, args: list[str], code: int, words: str
) -> None:
    source = tmp_path / "lalu.xlsx"
    make(source)
    before = _sha(source)
    args = [a.replace("{src}", str(source)) for a in args]
    out = [] if "-o" in args else ["-o", str(tmp_path / "baru.xlsx")]
    result = runner.invoke(app, ["template", "--dari", str(source), *out, *args])
    assert result.exit_code == code, result.output
    assert words in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert _sha(source) == before
    assert not (tmp_path / "baru.xlsx").exists()


def test_the_input_is_never_modified(tmp_path: Path) -> None:
    before = _sha(SAMPLE_XLSX)
    roll_forward(str(SAMPLE_XLSX), str(tmp_path / "x.xlsx"))
    assert _sha(SAMPLE_XLSX) == before


def test_an_untouched_rolled_forward_workbook_is_not_complete(tmp_path: Path) -> None:
    """Names carried from last year are structure: the required tables stay empty until this year's figures."""
    from lakip_xl.audit.engine import audit

    rows = [{"indikator": "Nilai AKIP", "satuan": "Nilai", "target": "71", "realisasi": "74.85"}]
    analisis = [{"indikator": "Nilai AKIP", "keberhasilan": "Ada"}]
    source = build(tmp_path, {"t3_1": {"rows": rows}, "analisis_penyebab": {"rows": analisis}}, required="3.1")
    assert audit(source).verdict.value == "bersih"
    roll_forward(source, tmp_path / "next.xlsx")
    result = audit(tmp_path / "next.xlsx")
    assert result.verdict.value == "belum lengkap"
    assert [t.status for t in result.tables if t.table == "3.1"] == ["kosong"]


def test_a_renamed_unit_is_typed_not_carried(tmp_path: Path) -> None:
    out = tmp_path / "baru.xlsx"
    roll_forward(SAMPLE_XLSX, out, unit="Kecamatan Mustika Jaya")
    rows = read_workbook(out)["identitas"].rows
    assert next(r["nilai"] for r in rows if r["kode"] == "unit") == "Kecamatan Mustika Jaya"
    assert _fill(_cell(out, "identitas", 0, "nilai")) == INPUT_FILL[1:]  # unit: typed now
    assert _fill(_cell(out, "identitas", 1, "nilai")) == CARRIED_FILL[1:]  # kota: carried


def test_rows_naming_written_years_move_on(tmp_path: Path) -> None:
    from lakip_xl.cycle.periods import moved, year_of

    assert [year_of(x, 2024) for x in ("Tahun N-1", "N", "TA 2023", "2024 (N)", "Rata-rata")] == [
        2023, 2024, 2023, 2024, None]  # fmt: skip
    assert (moved("Tahun 2023", 1), moved("Tahun N-1", 1), moved(2024, 1)) == ("Tahun 2024", "Tahun N-1", 2025)
    rows = [{"periode": "2023", "tw1": "85.1"}, {"periode": "2024", "tw1": "86.2", "tw4": "88.9"}]
    source = build(tmp_path, {"skm_tren": {"rows": rows}}, "kec_2024.xlsx")
    roll_forward(source, tmp_path / "kec_2025.xlsx")
    tren = [dict(r) for r in read_workbook(tmp_path / "kec_2025.xlsx")["skm_tren"].rows]
    assert tren == [{"periode": "2024", "tw1": Decimal("86.2"), "tw4": Decimal("88.9")}, {"periode": "2025"}]
