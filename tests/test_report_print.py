"""The report as it prints: Catatan legible on A4, Ringkasan's charts whole on a page, axes from 0.

Everything is read from the written xlsx's XML (page setup, column widths, row
heights, page breaks, drawing anchors, chart axes), independently of the code
that wrote it; the page arithmetic is an A4 landscape page's.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from defusedxml import ElementTree

from lakip_xl.audit.engine import audit
from lakip_xl.report.build import write_report
from lakip_xl.report.catatan import CATATAN
from lakip_xl.report.summary import RINGKASAN
from tests.conftest import SAMPLE_XLSX

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
A4_LANDSCAPE = (842.0, 595.0)  # points
EMU_PER_POINT = 12700


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "laporan.xlsx"
    write_report(audit(SAMPLE_XLSX), path, today=dt.date(2026, 11, 28))
    return path


def _xml(z: zipfile.ZipFile, name: str) -> Any:
    return ElementTree.fromstring(z.read(name))


def _sheet_part(z: zipfile.ZipFile, title: str) -> str:
    """The part name of the sheet called ``title``."""
    book = _xml(z, "xl/workbook.xml")
    rels = {r.get("Id"): r.get("Target") for r in _xml(z, "xl/_rels/workbook.xml.rels")}
    rid = next(s.get(f"{{{NS['r']}}}id") for s in book.iter(f"{{{NS['m']}}}sheet") if s.get("name") == title)
    return "xl/" + str(rels[rid]).lstrip("/").removeprefix("xl/")


def _related(z: zipfile.ZipFile, part: str, kind: str) -> list[str]:
    """Parts ``part`` refers to by relationship type ending in ``kind``."""
    folder, name = part.rsplit("/", 1)
    rels_name = f"{folder}/_rels/{name}.rels"
    if rels_name not in z.namelist():
        return []
    out = []
    for rel in _xml(z, rels_name):
        if str(rel.get("Type")).endswith("/" + kind):
            target = str(rel.get("Target"))
            parts = folder.split("/")
            for piece in target.split("/"):
                if piece == "..":
                    parts.pop()
                else:
                    parts.append(piece)
            out.append("/".join(parts))
    return out


def _column_widths(sheet: Any, last_col: int) -> list[float]:
    widths = [8.43] * (last_col + 1)
    for col in sheet.iter(f"{{{NS['m']}}}col"):
        for c in range(int(col.get("min")), int(col.get("max")) + 1):
            if c <= last_col + 1:
                widths[c - 1] = float(col.get("width"))
    return widths


def _points(width: float) -> float:
    """A column's printed width in points (Excel's pixels for Calibri 11 at 96 dpi)."""
    return (int(width * 7 + 0.5) + 5) * 0.75


def _printed(z: zipfile.ZipFile, title: str) -> tuple[Any, int, int]:
    """The sheet's XML, and the last column and row (0-based) of its print area."""
    book = _xml(z, "xl/workbook.xml")
    titles = [s.get("name") for s in book.iter(f"{{{NS['m']}}}sheet")]
    area = next(
        d.text
        for d in book.iter(f"{{{NS['m']}}}definedName")
        if d.get("name") == "_xlnm.Print_Area" and titles[int(d.get("localSheetId"))] == title
    )
    match = re.search(r"\$([A-Z]+)\$(\d+)$", area)
    assert match, area
    letters, last_row = match.groups()
    last_col = 0
    for ch in letters:
        last_col = last_col * 26 + ord(ch) - 64
    return _xml(z, _sheet_part(z, title)), last_col - 1, int(last_row) - 1


def _scale(sheet: Any, widths: list[float]) -> float:
    """The scale a fit-to-width print of these columns comes out at (1 when they fit)."""
    margins = sheet.find("m:pageMargins", NS)
    printable = A4_LANDSCAPE[0] - 72 * (float(margins.get("left")) + float(margins.get("right")))
    return min(1.0, printable / sum(_points(w) for w in widths))


def _fit_to_width_landscape(sheet: Any) -> None:
    setup = sheet.find("m:pageSetup", NS)
    assert setup.get("orientation") == "landscape" and setup.get("paperSize") == "9"
    assert setup.get("fitToWidth", "1") == "1" and setup.get("fitToHeight") == "0"
    assert sheet.find("m:sheetPr/m:pageSetUpPr", NS).get("fitToPage") == "1"


def test_catatan_prints_legibly_on_a4(report: Path) -> None:
    with zipfile.ZipFile(report) as z:
        sheet, last_col, _ = _printed(z, CATATAN)
    _fit_to_width_landscape(sheet)
    widths = _column_widths(sheet, last_col)
    font = 10 * _scale(sheet, widths)
    assert font >= 8.5, f"Catatan prints at {font:.1f} pt"  # was 13 columns at about 5 pt


def test_every_registry_rule_code_fits_its_catatan_column_on_one_line() -> None:
    """A code has no spaces to wrap at, so a narrower column would break it mid-word.

    The registry's codes (up to 25 characters) fit; the codes derived from a table's columns
    (``TABLE.COLUMN.KIND``, up to 47) may still wrap: a column that wide would shrink the page.
    """
    from lakip_xl.audit.rules import RULES
    from lakip_xl.report.catatan import CATATAN_HEADERS

    width = dict(CATATAN_HEADERS)["Aturan"]
    for rule in RULES:  # ~6.2 px per capital or underscore of 10 pt Calibri; Excel's column pixels
        assert len(rule.code) * 6.2 <= int(width * 7 + 0.5) + 5 - 4, rule.code  # less the cell's padding


def test_catatan_fields_sit_level_headers_whole_and_cells_named(report: Path) -> None:
    ws = openpyxl.load_workbook(report)[CATATAN]
    assert ws.print_title_rows == "$3:$3"
    headers = [c.value for c in ws[3]]
    berkas = [h for h in headers if h and h.startswith("Sel") and "berkas" in h and "terkait" not in h]
    laporan = [h for h in headers if h and h.startswith("Sel") and "laporan" in h]
    assert len(berkas) == 1 and len(laporan) == 1  # the two addresses say which is which
    assert berkas[0] in str(ws["A2"].value) and laporan[0] in str(ws["A2"].value)  # and the note explains them
    for c, name in enumerate(headers, 1):  # no header clipped: its words fit its lines
        width = ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
        lines = max(1, -(-len(str(name)) // int(width * 0.95)))
        assert ws.row_dimensions[3].height >= 12 * lines, name
    rows = 0
    for row in ws.iter_rows(min_row=4):
        if row[0].value is None:
            continue
        rows += 1
        for cell in row:
            if cell.value is not None:
                assert cell.alignment.vertical == "top", (cell.coordinate, cell.value)  # level with its finding
    assert rows >= 30


def test_ringkasan_fits_the_page_width_and_prints_no_helper_data(report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    with zipfile.ZipFile(report) as z:
        sheet, last_col, _ = _printed(z, RINGKASAN)
        drawings = _related(z, _sheet_part(z, RINGKASAN), "drawing")
        charts = [_xml(z, p) for d in drawings for p in _related(z, d, "chart")]
    _fit_to_width_landscape(sheet)
    assert _scale(sheet, _column_widths(sheet, last_col)) == 1.0  # printed at full size: row heights are as written
    ws = wb[RINGKASAN]
    refs = [f.text for chart in charts for f in chart.iter(f"{{{NS['c']}}}f") if f.text and RINGKASAN in f.text]
    assert refs
    for ref in refs:
        match = re.search(r"\$([A-Z]+)\$(\d+):", str(ref))
        assert match, ref
        first_col, first_row = match.groups()
        col = openpyxl.utils.column_index_from_string(first_col) - 1
        if col > last_col:
            continue  # right of the print area: not printed
        header = [c.value for c in ws[int(first_row) - 1]][: last_col + 1]
        labelled = (["Program", "Anggaran (Rp)"], ["Capaian IKU (Tabel 3.1)", "Capaian (%)"])
        assert header[:2] in labelled, ref  # printed: as a labelled table
    helper = [c for row in ws.iter_rows() for c in row if c.value == 100 and c.column - 1 <= last_col]
    assert not helper  # the 100 % line's data stands outside the print area


def _row_heights(sheet: Any, last_row: int) -> list[float]:
    default = float(sheet.find("m:sheetFormatPr", NS).get("defaultRowHeight"))
    heights = [default] * (last_row + 1)
    for row in sheet.iter(f"{{{NS['m']}}}row"):
        r = int(row.get("r")) - 1
        if r <= last_row and row.get("ht"):
            heights[r] = float(row.get("ht"))
    return heights


def _pages(sheet: Any, heights: list[float]) -> list[int]:
    """The page each row prints on: manual breaks, and a new page when a row would cross the page's foot."""
    margins = sheet.find("m:pageMargins", NS)
    page = A4_LANDSCAPE[1] - 72 * (float(margins.get("top")) + float(margins.get("bottom")))
    breaks = {int(b.get("id")) for b in sheet.iter(f"{{{NS['m']}}}brk")}  # the row (1-based) a page ends after
    out, number, used = [], 0, 0.0
    for r, h in enumerate(heights):
        if r in breaks or used + h > page:
            number, used = number + (1 if used else 0), 0.0
        used += h
        out.append(number)
    return out


def test_no_chart_is_split_by_a_page_break(report: Path) -> None:
    with zipfile.ZipFile(report) as z:
        part = _sheet_part(z, RINGKASAN)
        sheet, _, last_row = _printed(z, RINGKASAN)
        (drawing,) = _related(z, part, "drawing")
        anchors = list(_xml(z, drawing).iter(f"{{{NS['xdr']}}}twoCellAnchor"))
    assert len(anchors) == 3
    pages = _pages(sheet, _row_heights(sheet, last_row + 40))
    spans = []
    for anchor in anchors:
        top = int(anchor.find("xdr:from/xdr:row", NS).text)
        bottom = int(anchor.find("xdr:to/xdr:row", NS).text)
        assert bottom <= last_row, "a chart reaches below the print area"
        assert pages[top] == pages[bottom], f"chart rows {top}-{bottom} print on pages {pages[top]}-{pages[bottom]}"
        spans.append((top, bottom))
    assert len({pages[t] for t, _ in spans}) >= 2  # the charts do not all fit on one page: breaks were needed


def test_chart_value_axes_start_at_zero(report: Path) -> None:
    with zipfile.ZipFile(report) as z:
        charts = [_xml(z, n) for n in z.namelist() if n.startswith("xl/charts/chart")]
    axes = [ax for chart in charts for ax in chart.iter(f"{{{NS['c']}}}valAx")]
    assert len(axes) >= 3
    for ax in axes:
        minimum = ax.find("c:scaling/c:min", NS)
        assert minimum is not None and float(minimum.get("val")) == 0


def test_catatan_names_the_input_sheet_when_it_is_not_the_reports(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    wb["3.19 Realisasi BLPU"].title = "BLPU"  # renamed by staff: the audit finds the table by its title in A1
    renamed = tmp_path / "renamed.xlsx"
    wb.save(renamed)
    out = tmp_path / "laporan.xlsx"
    write_report(audit(renamed), out)
    ws = openpyxl.load_workbook(out)[CATATAN]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    blpu = [r for r in rows if r[2] == "3.19" and r[4]]
    assert blpu and all(str(r[3]) == f"BLPU!{r[4]}" for r in blpu)  # which file, which sheet: said in the cell
    others = [r for r in rows if r[2] == "2.2.2" and r[4]]
    assert others and all(r[3] == r[4] for r in others)  # same sheet name: the address alone
