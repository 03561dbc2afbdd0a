"""The rekap's sheet "Tahun Lalu" (``rekap --tahun-lalu DIR``): every unit beside its workbook of the year before.

One row per unit: this year's verdict and % serapan, last year's file
(matched by Identitas, :mod:`lakip_xl.cycle.units`), its verdict and % serapan,
the change of serapan in points, and the unit's TAHUN errors (values about last
year that differ from last year's workbook). A4 landscape, fit to width, in the
rekap's styles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.io.styles import row_height
from lakip_xl.report.page import column_headers
from lakip_xl.report.unit import UNREADABLE, RekapResult

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

SHEET = "Tahun Lalu"
COLUMNS = (
    ("No", 4), ("Unit kerja", 26), ("Berkas", 22), ("Kesimpulan", 13), ("% serapan", 9),
    ("Berkas tahun lalu", 22), ("Kesimpulan tahun lalu", 13), ("% serapan tahun lalu", 10),
    ("Perubahan serapan (poin %)", 11), ("Galat TAHUN (nilai tahun lalu beda)", 12), ("Keterangan", 34),
)  # fmt: skip


def write_last_year_sheet(
    wb: Workbook,
    result: RekapResult,
    styles: Any,
    fmt: Mapping[str, Any],
    verdict_fmt: Mapping[str, Any],
    page: Callable[[Worksheet, int], None],
) -> None:
    """Add the sheet (the caller writes it only when ``--tahun-lalu`` was given)."""
    ws = wb.add_worksheet(SHEET)
    ws.write_string(0, 0, "Dibanding laporan tahun lalu (rekap --tahun-lalu)", styles.title)
    ws.write_string(
        1,
        0,
        "Laporan tahun lalu dicocokkan menurut Identitas: nama unit (huruf besar/kecil dan spasi diabaikan) dan "
        "tahun sebelumnya. Galat TAHUN: nilai tahun lalu yang ditulis tidak sama dengan laporan tahun lalu "
        "(rinciannya di lembar Temuan).",
        styles.note,
    )
    header = 3
    column_headers(ws, header, COLUMNS, styles.header)
    ws.set_row(header, 40)
    text = fmt["t"]
    for n, u in enumerate(result.units, 1):
        r = header + n
        prior = u.last_year
        ws.write_number(r, 0, n, fmt["n"])
        ws.write_string(r, 1, u.label, text)
        ws.write_string(r, 2, u.name, text)
        texts = ((u.label, COLUMNS[1][1]), (u.name, COLUMNS[2][1]), (prior.name if prior else "", COLUMNS[5][1]))
        ws.set_row(r, row_height(*texts, (u.reason or (prior.reason if prior else "") or "", COLUMNS[10][1])))
        ws.write_string(r, 3, u.verdict, verdict_fmt[u.verdict])
        _number(ws, r, 4, u.serapan, fmt)
        if prior is None:
            why = u.reason or "tidak ada laporan tahun lalu dengan nama unit dan tahun sebelumnya yang sama"
            for c in range(5, 10):
                ws.write_blank(r, c, None, text)
            ws.write_string(r, 10, why if u.readable else "berkas tahun ini tidak terbaca", text)
            continue
        ws.write_string(r, 5, prior.name, text)
        ws.write_string(r, 6, prior.verdict, verdict_fmt[prior.verdict])
        _number(ws, r, 7, prior.serapan, fmt)
        change = u.serapan - prior.serapan if u.serapan is not None and prior.serapan is not None else None
        _number(ws, r, 8, change, fmt)
        errors = sum(1 for f in u.findings if f["rule"].startswith("TAHUN.") and f["severity"] == "error")
        ws.write_number(r, 9, errors, fmt["n"])
        ws.write_string(r, 10, (prior.reason or "") if prior.verdict == UNREADABLE else "", text)
    ws.freeze_panes(header + 1, 2)
    page(ws, header)


def _number(ws: Worksheet, r: int, c: int, value: Decimal | None, fmt: Mapping[str, Any]) -> None:
    if value is None:
        ws.write_blank(r, c, None, fmt["p"])
    else:
        ws.write_number(r, c, float(value), fmt["p"])
