"""A sheet's size is the cells it holds, not its last row (issue #19 R7), and fill writes what audit reads (R10).

One typed cell in row 1,048,576 made the whole workbook exit 2 "Lembar memuat
1.048.576 baris" (and one in XFD1048576 aborted the process: python-calamine
asked for a grid of 17 billion cells). Such a cell is now data outside the
table, reported as any other (SEL.DI_LUAR_TABEL, SEL.KOLOM_TAK_DIKENAL); the
rest of the audit is unchanged. ``fill`` wrote 210,005 rows that ``audit``
refused: both now keep to the one limit, :data:`lakip_xl.model.layout.MAX_ROWS`.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.io.xlsx import Package
from lakip_xl.model import layout
from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX

T1 = "T1 Status Pegawai"
runner = CliRunner()


def _with_cells(tmp_path: Path, cells: bytes, *, sheet: str = T1, form: Any = None, name: str = "jauh.xlsx") -> Path:
    """The sample with ``cells`` (whole <row> elements) added at the end of a sheet's data."""
    with Package(SAMPLE_XLSX) as pkg:
        part = pkg.sheets[sheet]
    with zipfile.ZipFile(SAMPLE_XLSX) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[part].replace(b"</sheetData>", cells + b"</sheetData>")
    parts[part] = form(xml) if form else xml
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


def _audit(path: Path) -> tuple[int, list[dict[str, Any]], str]:
    """``lakip-xl audit --json -`` in its own process (the old reader aborted the whole process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "lakip_xl.cli", "audit", str(path), "--tanpa-laporan", "--json", "-"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)  # fmt: skip
    findings = json.loads(done.stdout)["findings"] if done.stdout.strip() else []
    return done.returncode, findings, done.stderr


def _key(f: dict[str, Any]) -> tuple[str, str, str]:
    return f["rule"], f["sheet"], f["cell"] or ""


@pytest.fixture(scope="module")
def sample_findings() -> list[tuple[str, str, str]]:
    return sorted(_key(f) for f in json.loads(SAMPLE_XLSX.with_suffix(".findings.json").read_text())["findings"])


FAR = [
    ("a number in A1048576", b'<row r="1048576"><c r="A1048576"><v>5</v></c></row>', "SEL.DI_LUAR_TABEL", "A1048576"),
    ("a text in XFD1048576", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>catatan</t></is></c></row>',
     "SEL.DI_LUAR_TABEL", "XFD1048576"),
    ("a formula far below", b'<row r="500000"><c r="B500000"><f>1+1</f><v>2</v></c></row>', "SEL.DI_LUAR_TABEL",
     "B500000"),
    ("a number in XFD5, beside a data row", b'<row r="5"><c r="XFD5"><v>7</v></c></row>', "SEL.KOLOM_TAK_DIKENAL",
     "XFD5"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "cells", "rule", "cell"), FAR, ids=[c[0] for c in FAR])
def test_one_cell_far_away_is_data_outside_the_table(
    tmp_path: Path, sample_findings: list[tuple[str, str, str]], case: str, cells: bytes, rule: str, cell: str
) -> None:
    code, findings, err = _audit(_with_cells(tmp_path, cells))
    assert code == 1 and err == "", err  # the sample's own errors: read as always
    far = [f for f in findings if f["cell"] == cell]
    assert [(f["rule"], f["sheet"]) for f in far] == [(rule, T1)], far
    assert f"Sel {cell} " in far[0]["message"] and "berisi data yang tidak dibaca" in far[0]["message"]
    assert sorted(_key(f) for f in findings if f not in far) == sample_findings  # nothing else changed


def test_a_far_cell_in_xml_written_otherwise_is_the_same_finding(tmp_path: Path) -> None:
    """.NET's x:-prefixed sheet XML is read by the parser: the same cell is found and kept from the values."""
    from tests.test_sheet_xml import _dotnet

    path = _with_cells(tmp_path, b'<row r="1048576"><c r="XFD1048576"><v>5</v></c></row>', form=_dotnet)
    code, findings, err = _audit(path)
    assert code == 1, err
    assert [(f["rule"], f["cell"]) for f in findings if f["sheet"] == T1] == [("SEL.DI_LUAR_TABEL", "XFD1048576")]


def test_far_cells_holding_nothing_are_no_finding(tmp_path: Path, sample_findings: list[tuple[str, str, str]]) -> None:
    """A format alone, an empty text or spaces far away: not data, and still never made into a grid of values."""
    cells = (b'<row r="1048574"><c r="XFD1048574" s="1"/></row>'
             b'<row r="1048575"><c r="XFD1048575" t="str"><v></v></c></row>'
             b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>   </t></is></c></row>')  # fmt: skip
    code, findings, err = _audit(_with_cells(tmp_path, cells))
    assert code == 1, err
    assert sorted(_key(f) for f in findings) == sample_findings


def test_a_far_cell_without_an_address_is_one_line(tmp_path: Path) -> None:
    """A cell without r="..." is placed after the one before it: beyond the area it cannot be left out for sure."""
    code, _, err = _audit(_with_cells(tmp_path, b'<row r="1048576"><c t="n"><v>5</v></c></row>'))
    assert code == 2 and err.count("\n") == 1, err
    assert "di luar area tabel A1:BL200000 dan sel tanpa alamat" in err and f"lembar '{T1}'" in err


def test_a_huge_number_in_a_duration_cell_is_one_line_naming_it(tmp_path: Path) -> None:
    """python-calamine cannot make 1e15 days a Python duration ([h]:mm): one line naming the cell, no crash."""
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    wb["3.19 Realisasi BLPU"]["E10"] = 1e15
    wb["3.19 Realisasi BLPU"]["E10"].number_format = "[h]:mm"
    wb.save(tmp_path / "durasi.xlsx")
    code, _, err = _audit(tmp_path / "durasi.xlsx")
    assert code == 2 and err.count("\n") == 1 and "tak terduga" not in err, err
    assert "terlalu besar untuk waktu" in err and "lembar '3.19 Realisasi BLPU', sel E10" in err


@pytest.mark.usefixtures("lo_profile")
def test_a_far_cell_saved_by_libreoffice_is_data_outside_the_table(tmp_path: Path, lo_profile: Path) -> None:
    """LibreOffice writes the sheet's real extent (A1:...1048576): the cell is found all the same."""
    from tests.libreoffice import convert

    path = _with_cells(tmp_path, b'<row r="1048576"><c r="C1048576"><v>5</v></c></row>', name="jauh_asli.xlsx")
    saved = convert(path, tmp_path / "lo", "xlsx", lo_profile)
    with zipfile.ZipFile(saved) as z, Package(saved) as pkg:
        assert b"1048576" in z.read(pkg.sheets[T1])  # LibreOffice kept the cell
    code, findings, err = _audit(saved)
    assert code == 1, err
    assert ("SEL.DI_LUAR_TABEL", T1, "C1048576") in [_key(f) for f in findings]


def _doc_with_rows(rows: int) -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    doc["tables"]["tabel_1"] = {"rows": [{"uraian": f"Pegawai {i}", "jumlah": 1} for i in range(rows)]}
    return doc


def test_fill_writes_the_largest_sheet_audit_reads_and_refuses_one_row_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One limit for both (lowered here to 100 rows a sheet, as 200,000 would take minutes)."""
    monkeypatch.setattr(layout, "MAX_ROWS", 100)
    largest = 100 - layout.FIRST_DATA_ROW - 1  # the header rows, then the data, then the Jumlah line in row 100
    for rows, code in ((largest, 0), (largest + 1, 2)):
        (tmp_path / "data.json").write_text(json.dumps(_doc_with_rows(rows)), encoding="utf-8")
        out = tmp_path / f"isi_{rows}.xlsx"
        result = runner.invoke(app, ["fill", str(tmp_path / "data.json"), "-o", str(out)])
        assert result.exit_code == code, result.output
        if code:
            assert result.output.startswith("Galat: Tabel 1: 96 baris tidak muat di lembar 'T1 Status Pegawai'")
            assert "paling banyak 95 baris (batas 100 baris per lembar" in result.output and not out.exists()
            continue
        audited = runner.invoke(app, ["audit", str(out), "--tanpa-laporan", "--json", str(tmp_path / "t.json")])
        assert audited.exit_code == 1, audited.output  # the sample's own errors; every row read
        findings = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["findings"]
        assert not [f for f in findings if f["rule"] == "SEL.DI_LUAR_TABEL"]
        exported = runner.invoke(app, ["export", str(out), "-o", "-"])
        assert len(json.loads(exported.stdout)["tables"]["tabel_1"]["rows"]) == largest
