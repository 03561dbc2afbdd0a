"""The rekap's sheet "Tahun Lalu" (``rekap --tahun-lalu DIR``): every unit beside its workbook of the year before.

One row per unit counted, in the order of Ringkasan Rekap (year by year, worst
first): this year's verdict and % serapan, last year's file (matched by
Identitas, :mod:`lakip_xl.cycle.units`), its verdict and % serapan, the change
of serapan in points, and the unit's TAHUN errors (values about last year that
differ from last year's workbook). Laid out like the rekap's other sheets
(:mod:`lakip_xl.report.rekap_book`): A4 landscape at 8.5 pt or more, its header
repeated on every page, every row as tall as its wrapped text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakip_xl.report.rekap_book import RekapBook
from lakip_xl.report.unit import NOT_FILLED, UNREADABLE, Block, UnitSummary

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

SHEET = "Tahun Lalu"
COLUMNS = (
    ("No", 4), ("Unit kerja", 22), ("Berkas", 20), ("Kesimpulan", 12), ("% serapan", 9),
    ("Berkas tahun lalu", 20), ("Kesimpulan tahun lalu", 12), ("% serapan tahun lalu", 9),
    ("Perubahan serapan (poin %)", 10), ("Galat TAHUN", 8), ("Keterangan", 26),
)  # fmt: skip
NO_PRIOR = "tidak ada laporan tahun lalu dengan nama unit dan tahun sebelumnya yang sama"


def last_year_line() -> str:
    """Ringkasan Rekap's line pointing to the sheet (written only with ``--tahun-lalu``)."""
    return (
        f"Dibanding laporan tahun lalu (--tahun-lalu): lembar {SHEET}; nilai tahun lalu yang berbeda dari laporan "
        "tahun lalu adalah galat TAHUN di lembar Temuan."
    )


def write_last_year_sheet(book: RekapBook, blocks: list[Block]) -> None:
    """Add the sheet (the caller writes it only when ``--tahun-lalu`` was given)."""
    ws = book.sheet(SHEET, COLUMNS)
    last = len(COLUMNS) - 1
    widths = [w for _, w in COLUMNS]
    ws.write_string(0, 0, "Dibanding laporan tahun lalu (rekap --tahun-lalu)", book.st.title)
    book.line(ws, 1, last, "Laporan tahun lalu dicocokkan menurut Identitas: nama unit (huruf besar/kecil dan spasi "
              "diabaikan) dan tahun sebelumnya. Galat TAHUN: nilai tahun lalu yang ditulis tidak sama dengan laporan "
              "tahun lalu (rinciannya di lembar Temuan). Urutan seperti Ringkasan Rekap.", book.note_fmt,
              sum(widths))  # fmt: skip
    header = 3
    book.header(ws, header, COLUMNS)
    r, n, breaks = header, 0, []
    for i, block in enumerate(blocks):
        if len(blocks) > 1:
            r += 1
            if i:
                breaks.append(r)
            book.line(ws, r, last, book.year_title(block.year), book.block_fmt)
        for u in (row for row in block.rows if isinstance(row, UnitSummary)):
            r, n = r + 1, n + 1
            _unit_row(book, ws, r, n, u, widths)
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.freeze_panes(header + 1, 2)
    book.page(ws, header, r, last)


def _unit_row(book: RekapBook, ws: Worksheet, r: int, n: int, u: UnitSummary, widths: list[int]) -> None:
    """One unit's row: this year, last year, the change and the TAHUN errors."""
    text = book.fmt["t"]
    prior = u.last_year
    ws.write_number(r, 0, n, book.fmt["n"])
    ws.write_string(r, 1, u.label, text)
    ws.write_string(r, 2, u.name, text)
    ws.write_string(r, 3, u.verdict, book.verdict_fmt[u.verdict])
    book.value(ws, r, 4, u.serapan, "p")
    if prior is None:
        why = NO_PRIOR if u.audited else f"berkas tahun ini {u.verdict}"
        for c in range(5, 10):
            ws.write_blank(r, c, None, text)
        ws.write_string(r, 10, why, text)
    else:
        ws.write_string(r, 5, prior.name, text)
        ws.write_string(r, 6, prior.verdict, book.verdict_fmt[prior.verdict])
        book.value(ws, r, 7, prior.serapan, "p")
        change = u.serapan - prior.serapan if u.serapan is not None and prior.serapan is not None else None
        book.value(ws, r, 8, change, "p")
        errors = sum(1 for f in u.findings if f["rule"].startswith("TAHUN.") and f["severity"] == "error")
        ws.write_number(r, 9, errors, book.fmt["n"])
        why = (prior.reason or "") if prior.verdict in (UNREADABLE, NOT_FILLED) else ""
        ws.write_string(r, 10, why, text)
    verdicts = [(u.verdict, widths[3] / 1.2), (prior.verdict if prior else "", widths[6] / 1.2)]  # bold: wider
    texts = [(u.label, widths[1]), (u.name, widths[2]), (prior.name if prior else "", widths[5]), (why, widths[10])]
    book.fit(ws, r, [*texts, *verdicts])
