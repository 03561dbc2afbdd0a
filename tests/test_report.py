"""The report workbook: golden, real client recalculation, findings at their cells, safety."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.xlsx import Package
from lakip_xl.model.numbers import float_to_decimal
from lakip_xl.report.build import default_report_path, write_report
from lakip_xl.report.catatan import CATATAN
from lakip_xl.report.summary import DATE_LABEL, RINGKASAN
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import build

GOLDEN = ROOT / "tests" / "golden" / "mustikajaya_2024_laporan.xlsx"
FINDINGS = ROOT / "samples" / "mustikajaya_2024.findings.json"


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return audit(SAMPLE_XLSX)


@pytest.fixture(scope="module")
def report(result: AuditResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "laporan.xlsx"
    write_report(result, path, today=dt.date(2026, 11, 28))
    return path


def _snapshot(path: Path) -> dict[str, dict[str, Any]]:
    """Every cell's value or formula, comment and fill; the audit date blanked."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, dict[str, Any]] = {}
    for ws in wb.worksheets:
        cells: dict[str, Any] = {}
        blank_next = False
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if blank_next:
                    value, blank_next = "<tanggal>", False
                if ws.title == RINGKASAN and value == DATE_LABEL:
                    blank_next = True
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None
                comment = cell.comment.text if cell.comment else None
                if value is not None or comment or fill:
                    cells[cell.coordinate] = (str(value) if value is not None else None, comment, fill)
        out[ws.title] = cells
    return out


def test_report_equals_golden(report: Path, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        GOLDEN.write_bytes(report.read_bytes())
    got, want = _snapshot(report), _snapshot(GOLDEN)
    assert list(got) == list(want)
    for sheet in want:
        diff = {k: (got[sheet].get(k), v) for k, v in want[sheet].items() if got[sheet].get(k) != v}
        extra = set(got[sheet]) - set(want[sheet])
        assert not diff and not extra, f"{sheet}: {list(diff.items())[:3]} {sorted(extra)[:3]}"


def test_report_is_deterministic(result: AuditResult, report: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    write_report(result, again, today=dt.date(2026, 11, 28))
    assert again.read_bytes() == report.read_bytes()


def test_every_finding_is_at_the_cell_it_names(report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    findings = json.loads(FINDINGS.read_text(encoding="utf-8"))["findings"]
    located = [f for f in findings if f["cell"]]
    assert len(located) >= 30
    for f in located:
        comment = wb[f["sheet"]][f["cell"]].comment
        assert comment is not None and f["rule"] in comment.text, (f["sheet"], f["cell"], f["rule"])
        if f["expected"] is not None and f["severity"] == "error":
            assert "Hasil hitung" in comment.text


def test_catatan_lists_every_finding_with_links(report: Path, result: AuditResult) -> None:
    ws = openpyxl.load_workbook(report)[CATATAN]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(rows) == len(result.findings)
    assert [r[1] for r in rows][:1] == ["galat"]
    assert ws.auto_filter.ref and ws.freeze_panes == "A4"
    links = [c.hyperlink for c in ws["E"] if c.hyperlink]
    assert len(links) >= 30 and all(link.location for link in links)


def test_ringkasan_verdict_counts_and_charts(report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    ws = wb[RINGKASAN]
    text = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("KESIMPULAN: ada galat (29 galat)") for t in text)
    filled = next(t for t in text if t.startswith("Tabel diisi: 1, 2, 3"))
    assert filled.count("SKM (3.2)") == 1  # four SKM sheets, named once
    assert filled.count(" 3.3,") == 1  # 3.3 indicators and section 3.3 of the budget, named once
    assert "SHA-256 berkas" in text and "Versi lakip-xl" in text
    with zipfile.ZipFile(report) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_derived_cells_are_live_formulas_and_categories_added(report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    ws = wb["3.19 Realisasi BLPU"]
    assert str(ws["G5"].value).startswith("=")  # jumlah of the program: murni + ABT
    assert str(ws["E6"].value).startswith("=SUMIFS(")  # murni of a kegiatan: sum of its subkegiatan
    assert ws["E5"].value == 18_758_578_800  # the program's murni has a finding: it shows what the unit typed
    assert ws["J4"].value == "Kriteria efisiensi (Tabel 3.18)"
    assert wb["3.1 Capaian IKU"]["I4"].value == "Kategori capaian"
    assert wb["3.10 Nilai Zona K3"]["I4"].value == "Status zona"


def test_report_cached_values_are_the_audits(report: Path) -> None:
    with Package(report) as pkg:
        grid = pkg.grid("3.19 Realisasi BLPU")
        rows = dict(grid.rows(0))
    assert rows[4][4] == 18_758_578_800  # murni of the program as typed (its finding: hasil hitung 18.398.578.800)
    assert rows[4][9] == "Kurang efisien"


def test_text_typed_with_equals_stays_text_in_the_report(tmp_path: Path) -> None:
    path = build(tmp_path, {"tabel_4": {"rows": [{"uraian": '=HYPERLINK("http://contoh")', "jumlah": 1}]}})
    out = tmp_path / "laporan.xlsx"
    write_report(audit(path), out)
    cell = openpyxl.load_workbook(out)["T4 Eselon"]["A5"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://contoh")'
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    assert not any("externalLink" in n or "vbaProject" in n for n in names)


def test_print_setup(report: Path) -> None:
    wb = openpyxl.load_workbook(report)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "Halaman &P dari &N" in (ws.oddFooter.right.text or "")
        assert "Kecamatan Mustikajaya" in (ws.oddFooter.left.text or "")
    assert wb[CATATAN].print_title_rows == "$3:$3"


def test_cli_writes_report_next_to_input_never_over_it(tmp_path: Path) -> None:
    wb = tmp_path / "lakip.xlsx"
    wb.write_bytes(SAMPLE_XLSX.read_bytes())
    runner = CliRunner()
    result = runner.invoke(app, ["audit", str(wb)])
    assert result.exit_code == 1
    assert default_report_path(wb).exists() and default_report_path(wb).name == "lakip_laporan.xlsx"
    assert wb.read_bytes() == SAMPLE_XLSX.read_bytes()
    result = runner.invoke(app, ["audit", str(wb), "-o", str(wb)])
    assert result.exit_code == 3 and "sama dengan berkas masukan" in result.output
    assert wb.read_bytes() == SAMPLE_XLSX.read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_report_to_the_audits_values(report: Path, lo_profile: Path) -> None:
    from tests.libreoffice import convert

    out = convert(report, report.parent / "lo", "xlsx", lo_profile)
    ours, theirs = _formula_values(report), _values(out)
    assert len(ours) > 300
    wrong = [(k, v, theirs.get(k)) for k, v in ours.items() if not _same(v, theirs.get(k))]
    assert not wrong, wrong[:10]
    pdf = convert(report, report.parent / "pdf", "pdf", lo_profile)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000


def _formula_values(path: Path) -> dict[tuple[str, str], Any]:
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    return {
        (ws.title, c.coordinate): cached[ws.title][c.coordinate].value
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    }


def _values(path: Path) -> dict[tuple[str, str], Any]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def _same(ours: Any, theirs: Any) -> bool:
    if ours in (None, ""):
        return theirs in (None, "")
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return float_to_decimal(float(ours), 6) == float_to_decimal(float(theirs), 6)
    return str(ours) == str(theirs)


def test_a_finding_cell_shows_what_was_typed_and_agrees_with_its_notes(report: Path, result: AuditResult) -> None:
    """Cell, comment and Catatan show the findings JSON's tertulis; hasil hitung is in comment and Catatan."""
    wb = openpyxl.load_workbook(report)
    values = openpyxl.load_workbook(report, data_only=True)
    catatan = {(row[2].value, row[3].value, row[9].value): row for row in wb[CATATAN].iter_rows(min_row=4)}
    checked = 0
    for f in result.findings:
        if f.table_id is None or f.ref is None or f.column is None or f.recorded is None:
            continue
        sheet, cell = f.where.sheet, f.where.cell
        shown = values[sheet][cell].value
        if isinstance(shown, int | float):
            assert float_to_decimal(float(shown)) == float_to_decimal(float(f.recorded)), (f.rule, cell)
            checked += 1
        comment = wb[sheet][cell].comment
        assert comment is not None and f.rule in comment.text, (f.rule, cell)
        row = next(r for k, r in catatan.items() if k[1] == cell and f.rule in str(r[10].value or ""))
        typed = row[6].value
        if isinstance(typed, int | float):
            assert float_to_decimal(float(typed)) == float_to_decimal(float(f.recorded)), (f.rule, cell)
        else:
            assert typed == f.recorded, (f.rule, cell)
    assert checked >= 20


def test_summary_figures_agree_with_the_penutup_finding(report: Path, result: AuditResult) -> None:
    """Ringkasan's realisasi is recomputed from the subkegiatan; its comment gives what the tables print,
    which the Penutup's claim is compared with."""
    (claim,) = [f for f in result.findings if f.rule == "PENUTUP.KLAIM"]
    ringkasan = {row[0].value: row[1] for row in openpyxl.load_workbook(report)[RINGKASAN].iter_rows() if row[0].value}
    cell = ringkasan["Realisasi (Tabel 3.19 + 3.20)"]
    rows = [r for t in ("t3_19", "t3_20") for r in result.data[t].rows]
    leaves = [r.get("realisasi") for r in rows if r.get("level") == "Sub Kegiatan"]
    assert cell.value == sum(v for v in leaves if isinstance(v, int))  # 27.860.490.339: the programs' typed sums differ
    assert claim.expected is not None and claim.expected != str(cell.value)
    assert f"Tabelnya menunjukkan {int(claim.expected):,}".replace(",", ".") in cell.comment.text  # 28.210.400.339


def test_years_have_no_thousands_separator(report: Path) -> None:
    ws = openpyxl.load_workbook(report)["Identitas"]
    years = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(1, ws.max_row + 1)}
    for key, year in (("tahun", 2024), ("renstra_awal", 2024), ("renstra_akhir", 2026)):
        assert (years[key].value, years[key].number_format) == (year, "0"), key
