"""Sheet XML as other programs write it: Excel 365's error values, .NET's x: prefixes, attributes in any order."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.xlsx import Package
from tests.conftest import SAMPLE_XLSX
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


MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
T319 = "3.19 Realisasi BLPU"
T222 = "2.2.2 Anggaran Triwulan"


def _attrs(tag: bytes) -> list[bytes]:
    return re.findall(rb'[\w:]+="[^"]*"', tag)


def _dotnet(xml: bytes) -> bytes:
    """As .NET's OpenXML SDK writes: every element x:-prefixed; and a cell's attributes as <c t="e" r="B5" s="3">."""
    xml = xml.replace(b'xmlns="' + MAIN + b'"', b'xmlns:x="' + MAIN + b'"')
    xml = re.sub(rb"<(/?)([A-Za-z]\w*)(?=[\s/>])", rb"<\1x:\2", xml)

    def cell(m: re.Match[bytes]) -> bytes:
        attrs = sorted(_attrs(m.group(1)), key=lambda a: {b"t": 0, b"r": 1}.get(a.split(b"=")[0], 2))
        return b"<x:c " + b" ".join(attrs) + m.group(2)

    return re.sub(rb"<x:c((?:\s[\w:]+=\"[^\"]*\")*)\s*(/?>)", cell, xml)


def _indented(xml: bytes) -> bytes:
    """Pretty-printed: a line break and spaces before every element (no text gains a space)."""
    return re.sub(rb">(?=<(?:[A-Za-z]|/(?:c|row|sheetData|mergeCells|worksheet)>))", b">\n  ", xml)


def _single_quoted(xml: bytes) -> bytes:
    """Every cell's attributes in single quotes, its style before its reference: <c s='3' t='e' r='B5'>."""

    def cell(m: re.Match[bytes]) -> bytes:
        attrs = sorted(_attrs(m.group(1)), key=lambda a: a.split(b"=")[0] == b"r")
        return b"<c " + b" ".join(a.replace(b'"', b"'") for a in attrs) + m.group(2)

    return re.sub(rb"<c((?:\s[\w:]+=\"[^\"]*\")+)\s*(/?>)", cell, xml)


def _marked_sample(folder: Path) -> Path:
    """The sample with what the scan must find: an error value, a merged range, a formula without a cached value."""
    source = SAMPLE_XLSX
    parts = _parts(source)
    blpu, plan = _sheet_part(source, T319), _sheet_part(source, T222)
    parts[blpu] = _set_cell(parts[blpu], "I9", b'<c r="I9" s="20" t="e"><v>#DIV/0!</v></c>')
    after = rb"(?=<(?:phoneticPr|conditionalFormatting|dataValidations|hyperlinks|printOptions|pageMargins)\b)"
    merge = b'<mergeCells count="1"><mergeCell ref="D9:D10"/></mergeCells>'
    parts[blpu] = re.sub(after, merge, parts[blpu], count=1)
    parts[plan], n = re.subn(rb"(<c r=\"F5\"[^>]*><f>[^<]*</f>)<v>[^<]*</v>", rb"\1", parts[plan])
    assert n == 1
    return _write(folder / "ditandai.xlsx", parts)


def _rewritten(source: Path, target: Path, rewrite: Callable[[bytes], bytes]) -> Path:
    parts = _parts(source)
    with Package(source) as pkg:
        for part in pkg.sheets.values():
            parts[part] = rewrite(parts[part])
    return _write(target, parts)


def _marks(path: Path) -> dict[str, tuple[object, ...]]:
    with Package(path) as pkg:
        out: dict[str, tuple[object, ...]] = {}
        for name in pkg.sheets:
            g = pkg.grid(name)
            out[name] = (g.formulas, g.uncached, g.errors, g.formats, g.external, sorted(g.merged), g.marked, g.head)
        return out


def _findings(path: Path) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(f.rule, f.where.sheet, f.where.cell, f.recorded, f.expected) for f in audit(path).findings]


REWRITES = [("x: prefix, t before r", _dotnet), ("indented", _indented), ("single quotes, r last", _single_quoted)]


@pytest.mark.parametrize(("case", "rewrite"), REWRITES, ids=[c[0] for c in REWRITES])
def test_sheet_xml_written_otherwise_reads_the_same(
    tmp_path: Path, case: str, rewrite: Callable[[bytes], bytes]
) -> None:
    """Formulas, error values, merged cells and number formats found the same way: the same findings."""
    original = _marked_sample(tmp_path)
    other = _rewritten(original, tmp_path / "lain.xlsx", rewrite)
    part = _sheet_part(original, T319)
    assert _parts(other)[part] != _parts(original)[part]
    assert _marks(other) == _marks(original)
    found = _findings(original)
    assert ("SEL.GALAT", T319, "I9", "#DIV/0!", None) in found
    assert any(f[0] == "SEL.GABUNG" for f in found) and any(f[0] == "SEL.TANPA_CACHE" for f in found)
    assert _findings(other) == found


def test_excel_365_error_value_in_a_dotnet_sheet(tmp_path: Path) -> None:
    """<x:c r="B5" t="e"><x:v>#SPILL!</x:v></x:c>: calamine's copy and the parser both see through the prefix."""
    path = _tabel_1(tmp_path)
    part = _sheet_part(path, T1)
    parts = _parts(path)
    parts[part] = _dotnet(_set_cell(parts[part], "B5", b'<c r="B5" s="13" t="e"><v>#SPILL!</v></c>'))
    assert b'<x:c t="e" r="B5" s="13"><x:v>#SPILL!</x:v></x:c>' in parts[part]
    target = _write(tmp_path / "dotnet365.xlsx", parts)
    assert [(f.where.cell, f.recorded) for f in audit(target).findings if f.rule == "SEL.GALAT"] == [("B5", "#SPILL!")]
