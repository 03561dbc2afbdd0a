"""The rekap as it prints (issue 21 item 6): every sheet on A4, at 8.5 pt or more, nothing cut, no ###, own headers.

Three looks, from the cheapest: the page setup and column widths as written (openpyxl and the XML); the PDF
LibreOffice prints, read with ``pdftotext`` (Debian's poppler-utils): every word's printed height, no ``###``,
every page of a table headed by that table's own header; and LibreOffice's own fit of each row's height to
its text (through UNO), never taller than the height written, so no wrapped text is cut or runs into the next row.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.desk.rekap import rekap
from lakip_xl.io.interchange import from_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.report.rekap_lastyear import SHEET as TAHUN_LALU
from lakip_xl.report.rekap_sheets import (
    ANGGARAN,
    ANGGARAN_UNIT,
    ANGKA,
    BERKAS,
    GRAFIK,
    RINGKASAN,
    TEMUAN,
    TIDAK_DIREKAP,
)
from tests.conftest import IN_CI, SAMPLE_JSON
from tests.desk_inbox import make_inbox, unit_doc
from tests.libreoffice import convert
from tests.office import Job, UnoOffice
from tests.test_report_print import _column_widths, _fit_to_width_landscape, _printed, _scale

MIN_POINTS = 8.5  # the smallest text printed
HEADERS = {  # words of each table's header that no other sheet's header holds
    RINGKASAN: ("Kesimpulan", "Peringatan"), ANGKA: ("Pagu", "IKM", "Mutu"), TEMUAN: ("Tingkat", "Aturan"),
    ANGGARAN: ("Jumlah", "Kriteria"), ANGGARAN_UNIT: ("Program", "Unit"), BERKAS: ("SHA-256", "Disimpan"),
    TIDAK_DIREKAP: ("Status", "Alasan"), TAHUN_LALU: ("Perubahan", "TAHUN"),
}  # fmt: skip


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rekap of the issue's inbox (three years, 70 findings: several pages a sheet) with the units' reports,
    and last year's workbooks of two units (the sheet Tahun Lalu)."""
    base = tmp_path_factory.mktemp("cetak")
    make_inbox(base / "masuk")
    daftar = base / "daftar.txt"
    daftar.write_text("Kecamatan Mustikajaya\nKecamatan Medan Satria\nDinas Kesehatn\n", encoding="utf-8")
    lalu = base / "lalu"  # --tahun-lalu: two units' workbooks of the year before, and a broken one
    lalu.mkdir()
    for unit, year in (("Kecamatan Bantargebang", 2024), ("Kecamatan Mustikajaya", 2023)):
        write_workbook(lalu / f"{unit}.xlsx", from_json(unit_doc(SAMPLE_JSON, unit, year)))
    (lalu / "rusak.xlsx").write_bytes(b"bukan workbook")
    rekap([base / "masuk"], base / "rekap.xlsx", laporan=base / "laporan", daftar=daftar, jobs=1, last_year=lalu)
    return base / "rekap.xlsx"


def test_every_sheet_fits_a4_at_a_legible_size(printed: Path) -> None:
    wb = openpyxl.load_workbook(printed)
    assert wb.sheetnames == [RINGKASAN, ANGKA, GRAFIK, TAHUN_LALU, TEMUAN, ANGGARAN, ANGGARAN_UNIT, BERKAS,
                             TIDAK_DIREKAP]  # fmt: skip
    with zipfile.ZipFile(printed) as z:
        for title in wb.sheetnames:
            sheet, last_col, _ = _printed(z, title)
            _fit_to_width_landscape(sheet)
            font = 10 * _scale(sheet, _column_widths(sheet, last_col))
            assert font >= MIN_POINTS + 0.3, f"{title} prints at {font:.1f} pt"  # LibreOffice fits a little smaller
    for title, words in HEADERS.items():
        ws = wb[title]
        assert ws.print_title_rows, title
        row = int(ws.print_title_rows.split(":")[0].strip("$"))
        header = " ".join(str(c.value) for c in ws[row] if c.value)
        assert header.startswith("No") and all(w in header for w in words), (title, header)


def _pages(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, its words: (top, left, height, text), from pdftotext's bounding boxes."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[float, float, float, str]]] = []
    for line in xml.splitlines():
        if "<page " in line:
            pages.append([])
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)</word>', line)
        if found:
            left, top, bottom = float(found[1]), float(found[2]), float(found[3])
            pages[-1].append((top, left, bottom - top, found[4]))
    return pages


def _pdftotext() -> None:
    if shutil.which("pdftotext") is None:
        if IN_CI:
            pytest.fail("pdftotext (Debian's poppler-utils) is required in CI")
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")


@pytest.mark.libreoffice
def test_the_printed_pages(printed: Path, tmp_path: Path, lo_profile: Path) -> None:
    _pdftotext()
    pdf = convert(printed, tmp_path, "pdf", lo_profile)
    pages = _pages(pdf)
    by_sheet: dict[str, list[list[tuple[float, float, float, str]]]] = defaultdict(list)
    for words in pages:
        footer = " ".join(w[3] for w in words if w[0] > 540)  # "Rekap LAKIP <sheet> Halaman n dari m"
        sheet = next(t for t in sorted(HEADERS | {GRAFIK: ()}, key=len, reverse=True) if t in footer)
        by_sheet[sheet].append(words)
        assert not any("###" in w[3] for w in words), f"{sheet}: a number too wide for its column"
        small = [w for w in words if w[2] < MIN_POINTS * 0.95]  # a word's box is about its font size
        assert not small, f"{sheet}: printed smaller than {MIN_POINTS} pt: {small[:5]}"
    assert set(by_sheet) == set(HEADERS) | {GRAFIK}
    assert len(by_sheet[TEMUAN]) >= 3 and len(by_sheet[RINGKASAN]) == 3  # a page per year
    wb = openpyxl.load_workbook(printed)
    for sheet, sheet_pages in by_sheet.items():
        if sheet == GRAFIK:
            continue
        ws = wb[sheet]
        header = ws[int(str(ws.print_title_rows).split(":")[0].strip("$"))]
        header_words = {w for c in header if c.value for w in str(c.value).split()}
        for n, words in enumerate(sheet_pages):
            body = sorted(w for w in words if w[0] < 540)
            heads = [w for w in body if w[3] in HEADERS[sheet]]
            assert {w[3] for w in heads} == set(HEADERS[sheet]), f"{sheet} page {n + 1}: its header is missing"
            above = [w[3] for w in body if w[0] < min(w[0] for w in heads) - 2]
            if n:  # a later page: its own header is the first thing printed (a wrapped header cell starts higher)
                assert set(above) <= header_words, f"{sheet} page {n + 1}: {above[:5]} above its header"
            others = {w for s, ws_ in HEADERS.items() if s != sheet for w in ws_} - header_words
            band = (min(h[0] for h in heads) - 12, max(h[0] for h in heads) + 12)  # the header row's lines
            assert not [w for w in body if w[3] in others and band[0] <= w[0] <= band[1]], (sheet, n + 1)


def test_no_row_is_shorter_than_libreoffice_fits_its_text(printed: Path, uno_office: UnoOffice, tmp_path: Path) -> None:
    """LibreOffice's own optimal height of every row, for the text in our column widths, is never above ours."""
    sheets = [RINGKASAN, ANGKA, TAHUN_LALU, TEMUAN, ANGGARAN, ANGGARAN_UNIT, BERKAS, TIDAK_DIREKAP]
    outs = {s: tmp_path / f"{n}.json" for n, s in enumerate(sheets)}
    ops: list[dict[str, Any]] = [{"op": "heights", "sheet": s, "out": str(outs[s])} for s in sheets]
    uno_office.edit([Job(printed, tmp_path / "fitted.xlsx", ops)])
    short = []
    for sheet, out in outs.items():
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert len(rows) > 3, sheet
        short += [
            (sheet, r + 1, ours / 100 * 72 / 25.4, fit / 100 * 72 / 25.4) for r, ours, fit in rows if fit > ours + 20
        ]  # fmt: skip (1/100 mm; 0.2 mm of rounding)
    assert short == [], "rows LibreOffice needs taller (sheet, row, ours pt, its pt): " + repr(short[:10])
