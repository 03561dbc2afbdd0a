"""Text is matched as the template's formulas match it: ignoring case (Excel and Calc do), not white space.

SUMIFS(..., "Sub Kegiatan") counts a row whose Tingkat is "SUB KEGIATAN", and
IF(arah="turun", ...) takes "Turun"; "Sub  Kegiatan" (two spaces) is another
value to both (checked in LibreOffice). The cases below keep the formulas'
cached values, as a spreadsheet application saves them, and change only the
typed text: the recomputation must agree with what the sheet shows.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.io.interchange import FORMAT, VERSION, from_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.io.xlsx import Package
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID
from tests.helpers import IDENTITAS, build

T222 = "2.2.2 Anggaran Triwulan"


def _typed(path: Path, sheet: str, edits: dict[str, str], name: str = "typed.xlsx") -> Path:
    """A copy of ``path`` with text typed into cells of ``sheet``; every other byte, cached values too, kept."""
    with Package(path) as pkg:
        part = pkg.sheets[sheet]
    with zipfile.ZipFile(path) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    xml = parts[part]
    for ref, text in edits.items():
        found = re.search(rb'<c r="' + ref.encode() + rb'"( s="\d+")?[^>]*?(?:/>|>.*?</c>)', xml, re.S)
        assert found, ref
        style = found.group(1) or b""
        space = b' xml:space="preserve"' if text != text.strip() else b""
        typed = b'<c r="%s"%s t="inlineStr"><is><t%s>%s</t></is></c>' % (ref.encode(), style, space, text.encode())
        xml = xml[: found.start()] + typed + xml[found.end() :]
    parts[part] = xml
    out = path.parent / name
    with zipfile.ZipFile(out, "w") as zout:
        for n, b in parts.items():
            zout.writestr(n, b)
    return out


def _anggaran(kegiatan_pagu: int) -> dict[str, Any]:
    """2.2.2 with the kegiatan's pagu typed (row 7) over two subkegiatan (rows 8, 9); Penutup claims 2 of them."""
    return {
        "t2_2_2": {
            "rows": [
                {"level": "Unit", "uraian": "Kecamatan Uji"},
                {"level": "Program", "uraian": "Program A"},
                {"level": "Kegiatan", "uraian": "Kegiatan A", "pagu": kegiatan_pagu},
                {"level": "Sub Kegiatan", "uraian": "Sub Satu", "pagu": 300, "tw1": 300},
                {"level": "Sub Kegiatan", "uraian": "Sub Dua", "pagu": 50, "tw1": 50},
            ]
        },
        "penutup": {"rows": [{"kode": "subkegiatan", "klaim": 2}]},
    }


def test_tingkat_in_another_case_is_the_same_level(tmp_path: Path) -> None:
    spelled = {"A8": "Sub kegiatan", "A9": "SUB KEGIATAN"}
    path = _typed(build(tmp_path, _anggaran(350)), T222, spelled)
    assert audit(path).findings == []  # the sums and the Penutup count include both, as the sheet's SUMIFS does
    for cached in (True, False):
        levels = [r["level"] for r in read_workbook(path, cached=cached, strict=False)["t2_2_2"].rows]
        assert levels == ["Unit", "Program", "Kegiatan", "Sub Kegiatan", "Sub Kegiatan"]
    wrong = _typed(build(tmp_path, _anggaran(340)), T222, spelled, "wrong.xlsx")
    found = audit(wrong).findings
    assert [(f.rule, f.where.cell, f.recorded, f.expected) for f in found] == [
        ("T2_2_2.PAGU.INDUK", "E7", "340", "350")
    ]


@pytest.mark.parametrize("spelled", ["Sub  Kegiatan", "Sub Kegiatan ", "Sub\u00a0Kegiatan"])
def test_tingkat_with_other_spaces_is_not_a_level(tmp_path: Path, spelled: str) -> None:
    path = _typed(build(tmp_path, _anggaran(350)), T222, {"A9": spelled})
    found = audit(path).findings  # the sheet's SUMIFS skips it: so does the audit, and says why
    assert [(f.rule, f.where.cell, f.recorded) for f in found if f.rule == "VALIDASI.PILIHAN"] == [
        ("VALIDASI.PILIHAN", "A9", spelled)
    ]


def _capaian(capaian: str, rumus: str | None = None) -> dict[str, Any]:
    """One IKU of 3.1, lower is better: target 10, realisasi 8 (row 5)."""
    iku = {"indikator": "Angka pelanggaran", "arah": "turun", "target": "10", "realisasi": "8", "capaian": capaian}
    tables: dict[str, Any] = {
        "t3_1": {"rows": [iku]},
        "analisis_penyebab": {"rows": [{"indikator": iku["indikator"], "keberhasilan": "Ada"}]},
    }
    if rumus:
        rows = [{"kode": "rumus_turun", "nilai": rumus}, {"kode": "k3_batas_baik", "nilai": 71}]
        tables["parameter"] = {"rows": rows}
    return tables


def test_arah_in_another_case_is_the_same_direction(tmp_path: Path) -> None:
    # lower is better, PermenPANRB: (2 x 10 - 8) / 10 = 120 %
    path = _typed(build(tmp_path, _capaian("120")), "3.1 Capaian IKU", {"D5": "Turun"})
    assert audit(path).findings == []
    wrong = _typed(build(tmp_path, _capaian("80")), "3.1 Capaian IKU", {"D5": "TURUN"}, "wrong.xlsx")
    found = [f for f in audit(wrong).findings if f.rule == "T3_1.CAPAIAN"]
    assert [(f.where.cell, f.recorded, f.expected) for f in found] == [("H5", "80", "120.00")]


def test_rumus_turun_in_another_case_is_the_same_formula(tmp_path: Path) -> None:
    # target / realisasi: 10 / 8 = 125 %
    path = _typed(build(tmp_path, _capaian("125", "target/realisasi")), "Parameter", {"C5": "Target/Realisasi"})
    assert read_workbook(path)["parameter"].rows[0]["nilai"] == "target/realisasi"
    assert audit(path).findings == []
    wrong = _typed(build(tmp_path, _capaian("120", "target/realisasi")), "Parameter", {"C5": "Target/Realisasi"}, "w")
    assert [(f.where.cell, f.expected) for f in audit(wrong).findings if f.rule == "T3_1.CAPAIAN"] == [("H5", "125.00")]


def test_json_dropdown_values_are_read_as_their_choice(tmp_path: Path) -> None:
    tables = {"identitas": IDENTITAS, **_anggaran(350)}
    tables["t2_2_2"]["rows"][4]["level"] = "sub KEGIATAN"
    doc = {"format": FORMAT, "version": VERSION, "tables": tables}
    data = from_json(doc)
    assert data["t2_2_2"].rows[4]["level"] == "Sub Kegiatan"
    path = tmp_path / "filled.xlsx"
    write_workbook(path, data)
    assert openpyxl.load_workbook(path)[T222]["A9"].value == "Sub Kegiatan"
    assert audit(path).findings == []


def test_ket_typed_in_another_case_gives_the_zone_status() -> None:
    zone: dict[str, Value] = {"lokasi": "Zona A"}
    zone.update(dict.fromkeys(("area_jalan", "drainase", "rth", "pkl", "spanduk"), Decimal(80)))
    data = {"t3_10": TableData(rows=[{**zone, "ket": "ok"}, {**zone, "ket": "No"}])}
    rc = Recomputer(data, BY_ID)
    assert [rc.expected("t3_10", i, "status_zona") for i in (0, 1)] == ["Tertib K3", "Belum Tertib K3"]
