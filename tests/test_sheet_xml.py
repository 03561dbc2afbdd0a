"""Sheet XML as other programs write it: Excel 365's error values, .NET's x: prefixes, attributes in any order."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.xlsx import Package
from tests.helpers import build

T1 = "T1 Status Pegawai"
EXCEL_365_ERRORS = ["#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!", "#CONNECT!", "#PYTHON!",
                    "#GETTING_DATA"]  # fmt: skip


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet_part(path: Path, sheet: str) -> str:
    with Package(path) as pkg:
        return pkg.sheets[sheet]


def _set_cell(xml: bytes, ref: str, cell: bytes) -> bytes:
    """``xml`` with the cell at ``ref`` replaced by ``cell`` (the whole <c> element)."""
    m = re.search(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml)
    assert m, ref
    return xml[: m.start()] + cell + xml[m.end() :]


def _tabel_1(folder: Path) -> Path:
    """Tabel 1 filled: B5/B6 typed, C5/C6 and the Jumlah line B7/C7 formulas with their cached values."""
    return build(folder, {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]}})


@pytest.mark.parametrize("error", EXCEL_365_ERRORS)
def test_excel_365_error_values_are_findings(tmp_path: Path, error: str) -> None:
    """A typed error value and a formula whose cached result is one: SEL.GALAT each, never an unusable file."""
    path = _tabel_1(tmp_path)
    part = _sheet_part(path, T1)
    parts = _parts(path)
    xml = _set_cell(parts[part], "B5", b'<c r="B5" s="13" t="e"><v>' + error.encode() + b"</v></c>")
    formula = b'<f>IF(N($B$7)=0,"",ROUND(B6/$B$7*100,2))</f>'
    parts[part] = _set_cell(xml, "C6", b'<c r="C6" s="17" t="e">' + formula + b"<v>" + error.encode() + b"</v></c>")
    target = _write(tmp_path / "galat365.xlsx", parts)

    with Package(target) as pkg:  # calamine reads the sheet; the scan sees the error values themselves
        grid = pkg.grid(T1)
        assert sorted(grid.errors.values()) == [error, error]
        assert grid.value(4, 0) == "PNS"
    found = {(f.where.cell, f.recorded) for f in audit(target).findings if f.rule == "SEL.GALAT"}
    assert found == {("B5", error), ("C6", error)}

    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(app, ["audit", str(target), "-o", str(out / "l.xlsx"), "--json", str(out / "t.json")])
    assert result.exit_code == 1, result.output
    findings = json.loads((out / "t.json").read_text(encoding="utf-8"))["findings"]
    assert {(f["cell"], f["recorded"]) for f in findings if f["rule"] == "SEL.GALAT"} == found
