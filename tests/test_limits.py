"""Limits near the edge: one clear line, or a documented, visible truncation; never warnings or a crash.

Covers issue #13 item 16: a workbook at the row limit and one row over it, more links than Excel allows
on a sheet, text and comments over 32,767 characters, footers over 255, JSON with huge numbers, deep
nesting or a BOM, and a fixed row given twice (in JSON and in a workbook). Every CLI run here turns
Python warnings into errors, so a warning printed by a library fails the test.
"""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.io.atomic import scratch_folder
from lakip_xl.io.xlsxout import MAX_FOOTER, MAX_LINKS, MAX_TEXT, cut, footer, new_workbook, units
from tests.conftest import SAMPLE_JSON, SAMPLE_XLSX

runner = CliRunner()


@pytest.fixture(autouse=True)
def warnings_fail() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _sample() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    return doc


def _fill(tmp_path: Path, doc: dict[str, Any] | None = None, text: str | bytes | None = None) -> tuple[int, str]:
    source = tmp_path / "data.json"
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text if text is not None else json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["fill", str(source), "-o", str(tmp_path / "isi.xlsx")])
    assert "Traceback" not in result.output and "tak terduga" not in result.output, result.output
    if result.exit_code == 2:
        message = result.output.strip()
        assert "\n" not in message and message.startswith("Galat: "), message
        assert not (tmp_path / "isi.xlsx").exists()
    return result.exit_code, result.output


def _deep(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    *head, last = path.split(".")
    node: Any = out
    for part in head:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return out


JSON_REFUSED = [
    ("money over 10^15", lambda d: json.dumps(_deep(d, "tables.tabel_1.rows.0.jumlah", 10**30)), "di luar batas"),
    ("a number of 5,000 digits", lambda d: json.dumps(d).replace('"jumlah": 42', '"jumlah": ' + "9" * 5000),
     "terlalu panjang"),
    ("1e400", lambda d: json.dumps(d).replace('"jumlah": 42', '"jumlah": 1e400'), "di luar batas"),
    ("a decimal of 1e999999", lambda d: json.dumps(_deep(d, "tables.tabel_1.rows.0.persentase", "1e999999")),
     "di luar batas"),
    ("objects nested 100,000 deep", lambda d: '{"a":' * 100_000 + "1" + "}" * 100_000, "bersarang terlalu dalam"),
    ("lists nested 100,000 deep", lambda d: "[" * 100_000 + "]" * 100_000, "bersarang terlalu dalam"),
    ("a fixed row twice", lambda d: json.dumps(_deep(d, "tables.identitas.rows.4", {"kode": "unit", "nilai": "X"})),
     "rows[4].kode 'unit' sudah ada di rows[0]"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "make", "needle"), JSON_REFUSED, ids=[c[0] for c in JSON_REFUSED])
def test_json_at_the_edge_is_one_clear_line(tmp_path: Path, case: str, make: Any, needle: str) -> None:
    code, output = _fill(tmp_path, text=make(_sample()))
    assert code == 2 and needle in output, output


def test_json_with_a_bom_is_read(tmp_path: Path) -> None:
    """Windows Notepad saves UTF-8 with a BOM: the same workbook as without it."""
    code, output = _fill(tmp_path, text=b"\xef\xbb\xbf" + SAMPLE_JSON.read_bytes())
    assert code == 0, output
    ws = openpyxl.load_workbook(tmp_path / "isi.xlsx")["Identitas"]
    assert ws["C5"].value == "Kecamatan Mustikajaya"


def test_text_over_32767_characters_is_cut_visibly(tmp_path: Path) -> None:
    long = "Uraian " + "panjang " * 5000  # 40,007 characters
    code, output = _fill(tmp_path, _deep(_sample(), "tables.tabel_1.rows.0.uraian", long))
    assert code == 0, output
    shown = openpyxl.load_workbook(tmp_path / "isi.xlsx")["T1 Status Pegawai"]["A5"].value
    assert len(shown) == MAX_TEXT and shown.startswith("Uraian panjang")
    assert shown.endswith(f"… [dipotong: {len(long):,} karakter]".replace(",", "."))
    result = runner.invoke(app, ["audit", str(tmp_path / "isi.xlsx"), "-o", str(tmp_path / "l.xlsx")])
    assert result.exit_code == 1, result.output  # the report of it is written, no warning
    assert openpyxl.load_workbook(tmp_path / "l.xlsx")["T1 Status Pegawai"]["A5"].value == shown


def test_cut_counts_utf16_units_and_never_splits_a_pair() -> None:
    emoji = "😀" * 20_000  # 40,000 UTF-16 units in 20,000 characters
    out = cut(emoji)
    assert units(out) <= MAX_TEXT and "dipotong: 20.000 karakter" in out and "\ud83d" not in out
    assert cut("pendek") == "pendek"


def test_comment_over_32767_characters_is_kept_cut(tmp_path: Path) -> None:
    """xlsxwriter drops such a comment silently; the report's comment stays, cut visibly."""
    with scratch_folder() as scratch:
        wb = new_workbook(tmp_path / "k.xlsx", scratch)
        ws = wb.add_worksheet("A")
        assert ws.write_comment(0, 0, "x" * 40_000) == 0
        wb.close()
    comment = openpyxl.load_workbook(tmp_path / "k.xlsx")["A"]["A1"].comment
    assert comment is not None and "dipotong: 40.000 karakter" in comment.text


def test_footer_over_255_characters_is_shortened(tmp_path: Path) -> None:
    unit = "Kecamatan " + "Sangat Panjang & Lengkap " * 20
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xlsx"), "--unit", unit])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["T1 Status Pegawai"]
    assert ws.oddFooter.left.text.startswith("Kecamatan Sangat Panjang") and ws.oddFooter.left.text.endswith("…")
    assert ws.oddFooter.center.text == "T1 Status Pegawai"
    for left, center in ((unit, None), (unit, unit), ("a&" * 200, "b")):
        text = footer(left, center)
        assert units(text) <= MAX_FOOTER and text.endswith("&RHalaman &P dari &N") and "…" in text


def test_links_past_excels_limit_are_text_not_warnings(tmp_path: Path) -> None:
    with scratch_folder() as scratch:
        wb = new_workbook(tmp_path / "u.xlsx", scratch)
        ws = wb.add_worksheet("Catatan")
        for r in range(MAX_LINKS + 2):
            ws.write_url(r, 0, f"internal:Catatan!B{r + 1}", string=f"B{r + 1}")
        wb.close()
    assert (ws.links, ws.unlinked) == (MAX_LINKS, 2)
    sheet = openpyxl.load_workbook(tmp_path / "u.xlsx", read_only=False)["Catatan"]
    assert sheet.cell(MAX_LINKS + 2, 1).value == f"B{MAX_LINKS + 2}" and sheet.cell(MAX_LINKS + 2, 1).hyperlink is None


def test_report_says_when_findings_are_past_the_link_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lakip_xl.io import xlsxout

    monkeypatch.setattr(xlsxout.Sheet, "link_limit", 10)  # the sample's 39 findings stand in for 65,531
    result = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "-o", str(tmp_path / "l.xlsx")])
    assert result.exit_code == 1, result.output
    ws = openpyxl.load_workbook(tmp_path / "l.xlsx")["Catatan"]
    assert ws["A2"].value.startswith("Tautan ke sel hanya untuk 10 temuan pertama (batas Excel 65.530")
    assert "29 temuan berikutnya" in ws["A2"].value
    assert sum(1 for row in ws.iter_rows() for c in row if c.hyperlink is not None) == 10


def _tallest_sheet() -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(SAMPLE_XLSX))
    return max(book.get_sheet_by_name(n).height for n in book.sheet_names)


def test_a_workbook_at_the_row_limit_is_read_one_row_over_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakip_xl.model import layout

    tallest = _tallest_sheet()
    monkeypatch.setattr(layout, "MAX_ROWS", tallest)  # just at the limit: read as usual
    result = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "--tanpa-laporan", "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 1, result.output
    assert len(json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["findings"]) == 39
    monkeypatch.setattr(layout, "MAX_ROWS", tallest - 1)  # a row of cells over: refused, naming sheet and limit
    result = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "--tanpa-laporan"])
    message = result.output.strip()
    assert result.exit_code == 2 and "\n" not in message
    assert f"(batas {tallest - 1:,})".replace(",", ".") in message and "lembar '" in message


def test_a_fixed_row_typed_twice_in_a_workbook_is_named(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    ws = wb["3.3 Akuntabilitas Keuangan"]
    ws.insert_rows(7)
    for c, value in enumerate(["btl", "Belanja Tidak Langsung (salinan)", 111, 222], 1):
        ws.cell(7, c).value = value
    wb.save(tmp_path / "ganda.xlsx")
    result = runner.invoke(app, ["audit", str(tmp_path / "ganda.xlsx"), "--tanpa-laporan", "--json", "-"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["sheet"] == "3.3 Akuntabilitas Keuangan"]
    assert [(f["rule"], f["cell"]) for f in found] == [("VALIDASI.KODE_GANDA", "A7")], found
    assert "baris kedua berkode 'btl'" in found[0]["message"] and "A7:D7" in found[0]["message"]
