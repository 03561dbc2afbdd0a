"""Nothing typed is dropped: data outside what the reader reads is a finding; a form line left as formulas is read."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from lakip_xl.audit.engine import audit
from lakip_xl.io.reader import read_workbook
from tests.helpers import build, codes


def _edited(folder: Path, tables: dict[str, Any], edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """A workbook filled from ``tables``, then edited and saved as a person's program would (no cached values)."""
    wb = openpyxl.load_workbook(build(folder, tables))
    edit(wb)
    path = folder / "edited.xlsx"
    wb.save(path)
    return path


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


def test_a_row_holding_only_a_link_to_another_workbook_is_named(tmp_path: Path) -> None:
    t4 = {"tabel_4": {"rows": [{"uraian": "Eselon IV.a", "jumlah": 1}, {"uraian": "Eselon IV.b", "jumlah": 2}]}}

    def link(wb: openpyxl.Workbook) -> None:
        ws = wb["T4 Eselon"]
        ws["A6"] = None
        ws["B6"] = "='[lain.xlsx]Sheet1'!A1"

    found = [f for f in audit(_edited(tmp_path, t4, link)).findings if f.rule == "SEL.EKSTERNAL"]
    assert [f.where.cell for f in found] == ["B6"]
