"""lakip-xl diff on the command line: console, JSON (docs/schema/diff.schema.json), workbook, exit codes."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from tests.conftest import SAMPLE_XLSX
from tests.schemas import errors, key_paths, renamed
from tests.test_diff import revision, sample_doc, write

runner = CliRunner()


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pair")
    old = folder / "lama.xlsx"
    shutil.copyfile(SAMPLE_XLSX, old)
    doc = revision(sample_doc())
    row = doc["tables"]["t3_20"]["rows"][3]
    row["uraian"] = "=" + row["uraian"]  # a name that looks like a formula
    return old, write(doc, folder / "baru.xlsx")


@pytest.fixture(scope="module")
def outputs(pair: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    old, new = pair
    folder = tmp_path_factory.mktemp("out")
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in pair]
    result = runner.invoke(
        app, ["diff", str(old), str(new), "-o", str(folder / "s.xlsx"), "--json", str(folder / "s.json")]
    )
    after = [hashlib.sha256(p.read_bytes()).hexdigest() for p in pair]
    return {"result": result, "folder": folder, "kept": before == after}


def test_console_counts_then_changes_then_findings(outputs: dict[str, Any]) -> None:
    result = outputs["result"]
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Selisih revisi: lama.xlsx (lama) -> baru.xlsx (baru)"
    assert ["3.20 Realisasi BLU", "2", "3", "0"] in [line.rsplit(None, 3) for line in lines]
    assert "Jumlah: 3 sel diubah, 3 baris ditambah, 1 baris dihapus." in lines
    assert any(
        line.endswith("| Realisasi (Rp): 39.079.250 -> 39.500.000 | 3.20 Realisasi BLU!H7 -> 3.20 Realisasi BLU!H7")
        for line in lines
    )
    assert any(
        "ditambah | Tabel 3.20 | Kegiatan Tambahan Revisi | baris ditambahkan: Tingkat: 'Kegiatan'" in x for x in lines
    )
    assert any(x.startswith("Temuan audit: ") and x.endswith(" masih ada.") for x in lines)
    assert "Selesai (ada di versi lama, tidak ada lagi di versi baru):" in lines
    assert lines[-4].startswith("Kesimpulan versi lama (lama.xlsx): ada galat (29 galat")
    assert lines[-2] == f"Selisih .xlsx ditulis: {outputs['folder'] / 's.xlsx'}"
    assert outputs["kept"]  # the inputs are only read


def test_json_validates_and_every_key_is_pinned(outputs: dict[str, Any]) -> None:
    doc = json.loads((outputs["folder"] / "s.json").read_text(encoding="utf-8"))
    assert errors("diff", doc) == []
    assert doc["summary"]["by_table"][-1] == {
        "table": "3.20",
        "sheet": "3.20 Realisasi BLU",
        "changed": 2,
        "added": 3,
        "removed": 0,
    }
    kinds = {c["kind"] for c in doc["changes"]}
    assert kinds == {"changed", "added", "removed"}
    added = next(c for c in doc["changes"] if c["kind"] == "added")
    assert added["new"]["Anggaran Murni (Rp)"] == "30000000" and added["old"] is None
    assert all(errors("audit", f, "finding") == [] for group in doc["findings"].values() for f in group)
    checked = 0
    for path in key_paths(doc):
        if path[0] == "changes" and len(path) > 3 and path[2] in ("old", "new"):
            continue  # a row's values are keyed by column header: data, not schema
        assert errors("diff", renamed(doc, path)), f"renaming {path} still validates"
        checked += 1
    assert checked > 30


def test_json_on_stdout_is_json_only(pair: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["diff", str(pair[0]), str(pair[1]), "--json", "-"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert errors("diff", doc) == []
    assert doc["old"]["file"] == "lama.xlsx" and doc["summary"]["findings"]["open"] > 0


def test_no_change_exits_0(tmp_path: Path) -> None:
    copy_of = tmp_path / "salinan.xlsx"
    shutil.copyfile(SAMPLE_XLSX, copy_of)
    result = runner.invoke(app, ["diff", str(SAMPLE_XLSX), str(copy_of)])
    assert result.exit_code == 0, result.output
    assert "Tidak ada sel isian yang berubah, tidak ada baris ditambah atau dihapus." in result.output


@pytest.mark.parametrize("which", ["-o old", "--json new", "-o same as --json", "-o in a missing folder"])
def test_an_output_that_cannot_be_written_exits_3_before_any_work(
    pair: tuple[Path, Path], tmp_path: Path, which: str
) -> None:
    old, new = pair
    hashes = [hashlib.sha256(p.read_bytes()).hexdigest() for p in pair]
    args = {
        "-o old": ["-o", str(old)],
        "--json new": ["--json", str(new)],
        "-o same as --json": ["-o", str(tmp_path / "x"), "--json", str(tmp_path / "x")],
        "-o in a missing folder": ["-o", str(tmp_path / "tidak_ada" / "s.xlsx")],
    }[which]
    result = runner.invoke(app, ["diff", str(old), str(new), *args])
    assert result.exit_code == 3, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert "Selisih revisi" not in result.output  # refused before the comparison
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in pair] == hashes


def test_an_unusable_input_exits_2_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "revisi_rusak.xlsx"
    broken.write_bytes(b"PK bukan zip")
    result = runner.invoke(app, ["diff", str(SAMPLE_XLSX), str(broken)])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Galat: ") and "revisi_rusak.xlsx" in line


@pytest.fixture(scope="module")
def book(outputs: dict[str, Any]) -> Any:
    return openpyxl.load_workbook(outputs["folder"] / "s.xlsx")


def test_workbook_sheets_and_ringkasan(book: Any) -> None:
    assert book.sheetnames == [
        "Ringkasan", "Perubahan", "Temuan", "2.2.2 Anggaran Triwulan", "3.19 Realisasi BLPU", "3.20 Realisasi BLU",
    ]  # fmt: skip
    texts = [str(c.value) for row in book["Ringkasan"].iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("Kesimpulan versi lama (lama.xlsx): ada galat") for t in texts)
    assert any(t.startswith("Kesimpulan versi baru (baru.xlsx): ada galat") for t in texts)
    assert "3.20 Realisasi BLU" in texts and "Masih ada" in texts


def test_table_sheet_marks_changes_added_and_removed_rows(book: Any) -> None:
    ws = book["3.20 Realisasi BLU"]
    assert ws["A4"].value == "Perubahan" and ws["I4"].value == "Realisasi (Rp)"
    assert ws["A7"].value == "diubah" and ws["I7"].value == 39_500_000
    assert "Lama: 39.079.250" in ws["I7"].comment.text and "Sel lama: 3.20 Realisasi BLU!H7" in ws["I7"].comment.text
    assert ws["I7"].fill.fgColor.rgb.endswith("F8CBAD")
    assert [ws[f"A{r}"].value for r in (12, 13, 14)] == ["ditambah"] * 3
    assert ws["E12"].value == "Kegiatan Tambahan Revisi"
    removed = book["3.19 Realisasi BLPU"]
    marks = [(r, removed[f"A{r}"].value) for r in range(5, removed.max_row + 1) if removed[f"A{r}"].value]
    ((r, mark),) = marks
    assert (
        mark == "dihapus" and removed[f"E{r}"].value == "Pemeliharaan/Rehabilitasi Gedung Kantor atau Bangunan Lainnya"
    )
    assert removed[f"E{r}"].font.strike


def test_user_text_is_never_a_formula(book: Any) -> None:
    cell = book["3.20 Realisasi BLU"]["E8"]
    assert cell.value.startswith("=Koordinasi/Sinergi") and cell.data_type == "s"
    assert book["3.20 Realisasi BLU"]["A8"].value == "diubah"
    names = [c for c in book["Perubahan"]["G"] if str(c.value).startswith("=")]
    assert len(names) == 1 and names[0].data_type == "s"


def test_links_open_the_changed_cell(book: Any) -> None:
    ws = book["Perubahan"]
    links = {
        ws[f"D{r}"].value: ws[f"J{r}"].hyperlink.location for r in range(4, ws.max_row + 1) if ws[f"J{r}"].hyperlink
    }
    assert links["Kegiatan Tambahan Revisi"] == "'3.20 Realisasi BLU'!A12"
    realisasi = next(
        ws[f"J{r}"].hyperlink.location for r in range(4, ws.max_row + 1) if ws[f"E{r}"].value == "Realisasi (Rp)"
    )
    assert realisasi == "'3.20 Realisasi BLU'!I7"


def test_every_sheet_prints_on_a4_landscape_fitted_to_width(book: Any) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title
        fit = ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight
        assert fit[0] and fit[1] in (None, 1) and fit[2] == 0, ws.title  # one page wide (1 is the default)
        assert "Halaman &P dari &N" in ws.oddFooter.right.text, ws.title


def test_perubahan_and_temuan_fit_the_page_at_nearly_full_size(book: Any) -> None:
    """Their columns are sized so that fitting them to the page width keeps 10 pt text at 9 pt or more."""
    from lakip_xl.report.diff_book import CHANGE_HEADERS, FINDING_HEADERS
    from lakip_xl.report.page import print_scale

    for headers in (CHANGE_HEADERS, FINDING_HEADERS):
        assert print_scale(w for _, w in headers) * 10 >= 9


def test_a_table_sheet_ends_with_its_jumlah_line_named(tmp_path: Path) -> None:
    from lakip_xl.diff import diff
    from lakip_xl.report.diff_book import write_diff_workbook
    from tests.helpers import build

    rows = [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]
    later = copy.deepcopy(rows)
    later[0]["jumlah"] = 43
    result = diff(
        build(tmp_path, {"tabel_1": {"rows": rows}}, "a.xlsx"), build(tmp_path, {"tabel_1": {"rows": later}}, "b.xlsx")
    )
    write_diff_workbook(result, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["T1 Status Pegawai"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_col=3)] == [
        ["diubah", "PNS", 43], [None, "TKK", 136], [None, "Jumlah", 179],
    ]  # fmt: skip
