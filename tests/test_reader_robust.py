"""What real filled workbooks look like: text numbers, inserted rows, renamed sheets, errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.errors import LakipError
from tests.conftest import SAMPLE_XLSX
from tests.helpers import build, codes, rules

T319 = "3.19 Realisasi BLPU"


def _edit(tmp_path: Path, edit: object, name: str = "edited.xlsx") -> Path:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    edit(wb)  # type: ignore[operator]
    out = tmp_path / name
    wb.save(out)
    return out


def _rules_without_cache_note(path: Path) -> set[str]:
    return codes(audit(path)) - {"SEL.TANPA_CACHE"}


GOLDEN_RULES = codes(audit(SAMPLE_XLSX))


@pytest.mark.parametrize(
    ("typed", "value"),
    [("9.974.700.000", 9974700000), ("Rp 9.974.700.000", 9974700000), ("9\u00a0974\u00a0700\u00a0000", 9974700000)],
)
def test_money_typed_as_indonesian_text(tmp_path: Path, typed: str, value: int) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb["2.2.2 Anggaran Triwulan"]["E10"] = typed

    data = read_workbook(_edit(tmp_path, edit), cached=True, strict=False)
    assert data["t2_2_2"].rows[5]["pagu"] == value


def test_percent_typed_as_text_and_dash(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["3.1 Capaian IKU"]
        ws["G5"] = "74,85"
        ws["H5"] = "105,42 %"
        wb[T319]["F9"] = "-"  # ABT of a subkegiatan: "-" is zero

    path = _edit(tmp_path, edit)
    data = read_workbook(path, cached=True, strict=False)
    assert str(data["t3_1"].rows[0]["capaian"]) == "105.42"
    assert data["t3_19"].rows[4]["abt"] == 0
    assert _rules_without_cache_note(path) == GOLDEN_RULES - {"SEL.TANPA_CACHE"}


def test_real_percent_format_is_read_in_percent_units(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        cell = wb["3.1 Capaian IKU"]["H5"]
        cell.value = 1.0542
        cell.number_format = "0.00%"

    data = read_workbook(_edit(tmp_path, edit), cached=True, strict=False)
    assert str(data["t3_1"].rows[0]["capaian"]) == "105.42"


def test_inserted_blank_and_hidden_rows(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["T2 Golongan"]
        ws.insert_rows(6, 2)  # two blank rows between data rows
        ws.row_dimensions[5].hidden = True

    path = _edit(tmp_path, edit)
    data = read_workbook(path, cached=True, strict=False)
    assert [r["uraian"] for r in data["tabel_2"].rows] == ["Golongan IV", "Golongan III", "Golongan II"]
    found = [f for f in audit(path).findings if f.rule == "PEMBULATAN.PAKSA"]
    assert found and found[0].where.cell == "C8"  # the finding follows the row to its new place


def test_deleted_row_changes_the_totals(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb["T2 Golongan"].delete_rows(7)  # Golongan II gone, the typed Jumlah 42 stays

    found = rules(audit(_edit(tmp_path, edit)))
    assert ("TABEL_2.JUMLAH.JUMLAH", "error", "B7") in found


def test_sheets_reordered_and_renamed(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["T2 Golongan"]
        ws.title = "Golongan PNS"  # renamed: found by its title in A1
        wb.move_sheet(ws, offset=-5)

    path = _edit(tmp_path, edit)
    result = audit(path)
    assert codes(result) - {"SEL.TANPA_CACHE"} == GOLDEN_RULES - {"SEL.TANPA_CACHE"}
    assert any(f.where.sheet == "Golongan PNS" for f in result.findings)


def test_sheet_missing_is_named(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        ws = wb["T2 Golongan"]
        ws.title = "Lain"
        ws["A1"] = "Judul lain"

    found = [f for f in audit(_edit(tmp_path, edit)).findings if f.rule == "LEMBAR.HILANG"]
    assert len(found) == 1 and "T2 Golongan" in found[0].message


def test_no_cached_values_is_said_once_and_recomputed(tmp_path: Path) -> None:
    path = _edit(tmp_path, lambda wb: None)  # openpyxl drops every cached value
    result = audit(path)
    notes = [f for f in result.findings if f.rule == "SEL.TANPA_CACHE"]
    assert len(notes) == 1 and notes[0].severity.value == "info"
    assert codes(result) - {"SEL.TANPA_CACHE"} == GOLDEN_RULES - {"SEL.TANPA_CACHE"}


def test_error_values_are_findings(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[T319]["I9"] = "#DIV/0!"
        wb[T319]["G10"] = "#REF!"

    found = [f for f in audit(_edit(tmp_path, edit)).findings if f.rule == "SEL.GALAT"]
    assert {(f.where.cell, f.recorded) for f in found} == {("I9", "#DIV/0!"), ("G10", "#REF!")}


def test_broken_formula_is_judged_by_its_cached_value(tmp_path: Path) -> None:
    path = build(tmp_path, {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]}})
    import zipfile

    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    sheet = next(n for n, b in parts.items() if b"<f>SUM(B4:INDEX(B:B,ROW()-1))</f><v>178</v>" in b)
    parts[sheet] = parts[sheet].replace(b"<f>SUM(B4:INDEX(B:B,ROW()-1))</f><v>178</v>", b"<f>SUM(B5:B5)</f><v>42</v>")
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as zout:
        for n, b in parts.items():
            zout.writestr(n, b)
    found = [f for f in audit(broken).findings if f.rule == "TABEL_1.JUMLAH.JUMLAH"]
    assert found and found[0].recorded == "42" and found[0].expected == "178"
    assert "hasil rumus" in found[0].message


def test_not_a_template_workbook_exits_2(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "halo"
    path = tmp_path / "lain.xlsx"
    wb.save(path)
    with pytest.raises(LakipError, match="tidak memuat satu pun lembar"):
        audit(path)
    result = CliRunner().invoke(app, ["audit", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_export_names_sheet_and_cell_of_a_bad_cell(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[T319]["E9"] = "tiga juta"

    result = CliRunner().invoke(app, ["export", str(_edit(tmp_path, edit)), "-o", "-"])
    assert result.exit_code == 2
    assert "3.19 Realisasi BLPU" in result.output and "E9" in result.output


def test_a_literal_percent_sign_in_a_format_is_not_a_percent_format() -> None:
    from lakip_xl.io.formats import is_percent_format

    assert is_percent_format("0.00%") and is_percent_format("0%")
    assert not is_percent_format('0.00"%"')  # quoted: the sign only, the value is not x 100
    assert not is_percent_format("#,##0.00\\%")  # escaped: the same
