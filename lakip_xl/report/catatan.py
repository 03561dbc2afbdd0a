"""The Catatan sheet of the report workbook: one row per finding, legible on an A4 landscape page.

Every column is sized so that the sheet, fitted to the page width, prints at
about 9 pt; each cell is top-aligned so a finding's fields sit on one level,
and each row is as tall as its longest wrapped text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.io.styles import row_height
from lakip_xl.io.xlsxout import MAX_LINKS
from lakip_xl.model.layout import quote_sheet
from lakip_xl.model.numbers import id_number
from lakip_xl.report.page import column_headers, number_or_text, setup_page
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.report.workbook import ReportWriter

CATATAN = "Catatan"
SEL_BERKAS = "Sel di berkas diperiksa"
SEL_LAPORAN = "Sel di laporan ini (klik)"
CATATAN_HEADERS = (
    ("No", 4), ("Tingkat", 8), ("Tabel", 7), (SEL_BERKAS, 9), (SEL_LAPORAN, 9),
    ("Uraian", 16), ("Tertulis", 13), ("Hasil hitung", 13), ("Selisih", 13), ("Pesan", 30),
    ("Aturan", 22), ("Sel terkait (berkas diperiksa)", 14),
)  # fmt: skip
WRAPPED = (3, 5, 9, 10, 11)  # columns whose text wraps: the row is as tall as the longest
PER_WIDTH = 1.2  # characters of 10 pt text per unit of column width, wrapped at word ends (conservative)
NOTE = (
    f"'{SEL_BERKAS}': letak nilai di berkas yang diperiksa (nama lembarnya disebut bila lain dari lembar "
    f"laporan ini). '{SEL_LAPORAN}': sel yang sama di laporan ini; klik untuk membukanya."
)


def write_catatan(rw: ReportWriter) -> None:
    """One row per finding, every field, linked to its cell in the report."""
    ws = rw.wb.add_worksheet(CATATAN)
    st = rw.styles
    ws.write_string(0, 0, "Catatan: semua temuan audit (urut tingkat, lalu tabel)", st.title)
    ws.write_string(1, 0, NOTE, st.note)
    header = 2
    column_headers(ws, header, CATATAN_HEADERS, st.header)
    ws.set_row(header, row_height(*((name, width) for name, width in CATATAN_HEADERS), per_width=PER_WIDTH))
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
    fills = {s: rw.wb.add_format({**base, "bg_color": color, "border": 1}) for s, color in _fills().items()}
    link = rw.wb.add_format({**base, "font_color": "#0563C1", "underline": 1})
    numbers: dict[int, Any] = {}

    def number(places: int) -> Any:
        if places not in numbers:
            fmt = "#,##0" + ("." + "0" * places if places else "")
            numbers[places] = rw.wb.add_format({**base, "num_format": fmt})
        return numbers[places]

    widths = [width for _, width in CATATAN_HEADERS]
    for n, f in enumerate(rw.result.findings, 1):
        r = header + n
        target = rw.report_cell(f)
        texts = [""] * len(CATATAN_HEADERS)
        texts[3], texts[5], texts[9], texts[10] = _input_cell(f, target), f.where.label or "", f.message, f.rule
        texts[11] = "; ".join(f"{x.sheet}!{x.cell}" for x in f.related if x.cell)
        ws.write_number(r, 0, n, st.text)
        ws.write_string(r, 1, f.severity.label, fills[f.severity])
        ws.write_string(r, 2, f.where.table, st.text)
        ws.write_string(r, 3, texts[3], st.text)
        if target:
            ws.write_url(r, 4, f"internal:{quote_sheet(target[0])}!{target[1]}", link, string=target[1])
        for c in (5, 9, 10, 11):
            ws.write_string(r, c, texts[c], st.text)
        for c, value in ((6, f.recorded), (7, f.expected), (8, f.difference)):
            number_or_text(ws, r, c, value, number, st.text)
        ws.set_row(r, row_height(*((texts[c], widths[c]) for c in WRAPPED), per_width=PER_WIDTH))
    note_unlinked(ws, 1, st.note, then=NOTE)
    last = header + max(len(rw.result.findings), 1)
    ws.autofilter(header, 0, last, len(CATATAN_HEADERS) - 1)
    ws.freeze_panes(header + 1, 0)
    setup_page(ws, rw.unit, header, len(CATATAN_HEADERS) - 1, last)


def note_unlinked(ws: Worksheet, row: int, style: Any, then: str = "") -> None:
    """Say on the sheet (before the note ``then`` of that row) when Excel's link limit left findings unlinked."""
    unlinked = getattr(ws, "unlinked", 0)
    if unlinked:
        ws.write_string(
            row,
            0,
            f"Tautan ke sel hanya untuk {id_number(ws.links)} temuan pertama (batas Excel "
            f"{id_number(MAX_LINKS)} tautan per lembar); {id_number(unlinked)} temuan berikutnya "
            "menyebut selnya tanpa tautan." + (" " + then if then else ""),
            style,
        )


def _input_cell(f: Finding, target: tuple[str, str] | None) -> str:
    """The finding's cell in the audited file; its sheet named when the report's sheet is another."""
    report_sheet = target[0] if target else BY_ID[f.table_id].sheet if f.table_id is not None else None
    sheet = f.where.sheet if f.where.sheet not in ("", "-", report_sheet) else ""
    if sheet and f.where.cell:
        return f"{sheet}!{f.where.cell}"
    return f.where.cell or sheet


def _fills() -> dict[Severity, str]:
    from lakip_xl.report.workbook import FILLS

    return FILLS
