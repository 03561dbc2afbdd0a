"""Ringkasan's budget table and charts: each chart whole on one printed page, value axes from 0.

The budget chart draws the printed table "Anggaran dan realisasi per program"
above it, the capaian chart Ringkasan's printed capaian of the IKU (both
recomputed, :mod:`lakip_xl.report.corrected`); the SKM chart draws its table sheet. The only data
drawn from nowhere else (the 100 % line of the capaian chart) stands right of
the print area, under a header saying it is not printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lakip_xl.io.cells import cached_value
from lakip_xl.io.styles import row_height
from lakip_xl.model.layout import FIRST_DATA_ROW, a1, quote_sheet
from lakip_xl.model.numbers import as_decimal, ratio100, round_half_up
from lakip_xl.report.corrected import write_figure
from lakip_xl.report.figures import Headline
from lakip_xl.report.page import DEFAULT_ROW, POINTS_PER_PIXEL, PageFlow, columns_points
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import percent_formula

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.report.workbook import ReportWriter

RINGKASAN = "Ringkasan"
COLUMNS = (62, 22, 18, 34)  # A:D, the printed columns of Ringkasan
HELPER_COL = len(COLUMNS) + 1  # F: data behind a chart, outside the print area
ROW_PIXELS = DEFAULT_ROW / POINTS_PER_PIXEL
CHART_HEIGHT = 250  # pixels of the SKM and capaian charts
PROGRAM_BAR = 40  # pixels per program in the budget chart
FONT = {"name": "Calibri", "size": 9}


def chart_width() -> int:
    """Pixels of a chart as wide as the printed columns."""
    return int(columns_points(COLUMNS) / POINTS_PER_PIXEL)


def write_charts(rw: ReportWriter, ws: Worksheet, flow: PageFlow, row: int, fig: Headline, iku_at: int) -> int:
    """The budget table and the three charts from ``row``; returns the row after them.

    ``iku_at`` is the first row of Ringkasan's table of the IKU's capaian, which the capaian chart draws.
    """
    if fig.programs:
        row = _program_table(rw, ws, flow, row, fig)
        first, last = row - 1 - len(fig.programs), row - 2  # the table's rows, above its blank row
        chart = rw.wb.add_chart({"type": "bar"})
        for c, name in ((1, "Anggaran"), (2, "Realisasi")):
            chart.add_series({"name": name, "categories": [RINGKASAN, first, 0, last, 0],
                              "values": [RINGKASAN, first, c, last, c]})  # fmt: skip
        chart.set_title({"name": "Anggaran dan realisasi per program (Rp)"})
        chart.set_x_axis({"min": 0, "num_format": "#,##0", "num_font": FONT, "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True, "num_font": FONT})
        chart.set_legend({"position": "bottom"})
        row = _place(ws, flow, row, chart, 80 + PROGRAM_BAR * len(fig.programs))
    skm = rw.layout_data["skm_unsur"].rows if "skm_unsur" in rw.layout_data else ()
    if skm:
        chart = rw.wb.add_chart({"type": "column"})
        chart.add_series(_table_series("skm_unsur", len(skm), "NRR per unsur", "unsur", "nrr"))
        chart.set_title({"name": "Nilai SKM per unsur (NRR, skala 1-4)"})
        chart.set_x_axis({"num_font": FONT})
        chart.set_y_axis({"min": 0, "max": 4, "major_unit": 1, "num_font": FONT})
        chart.set_legend({"none": True})
        row = _place(ws, flow, row, chart, CHART_HEIGHT)
    iku = fig.iku
    other = fig.capaian_table not in (None, "t3_1")  # an OPD's IKU Lima Tahun or Capaian Kinerja
    if iku:
        head = row  # the helper column's rows: beside the chart, right of the print area
        ws.write_string(head, HELPER_COL, "Data grafik, tidak dicetak: garis 100 %", rw.styles.note)
        bars = len(iku)
        for n in range(bars):
            ws.write_number(head + 1 + n, HELPER_COL, 100)
        chart = rw.wb.add_chart({"type": "column"})
        last = iku_at + len(iku) - 1  # the printed capaian table above: the chart shows the numbers printed there
        chart.add_series({"name": "Capaian (%)", "categories": [RINGKASAN, iku_at, 0, last, 0],
                          "values": [RINGKASAN, iku_at, 1, last, 1],
                          "data_labels": {"value": True, "font": FONT}})  # fmt: skip
        line = rw.wb.add_chart({"type": "line"})
        line.add_series({"name": "100 %", "values": [RINGKASAN, head + 1, HELPER_COL, head + bars, HELPER_COL]})
        chart.combine(line)
        chart.set_title({"name": "Capaian IKU terhadap 100 %" if not other else "Capaian kinerja terhadap 100 %"})
        chart.set_x_axis({"num_font": FONT})
        chart.set_y_axis({"min": 0, "num_font": FONT})
        chart.set_legend({"position": "bottom"})
        row = _place(ws, flow, row, chart, CHART_HEIGHT)
    return row


def _program_table(rw: ReportWriter, ws: Worksheet, flow: PageFlow, row: int, fig: Headline) -> int:
    """The labelled table the budget chart draws: program, anggaran, realisasi, % realisasi."""
    st = rw.styles
    money = rw.wb.add_format({"num_format": "#,##0", "valign": "top", "font_size": 10, "border": 1})
    pct = rw.wb.add_format({"num_format": "#,##0.00", "valign": "top", "font_size": 10, "border": 1})
    name = rw.wb.add_format({"text_wrap": True, "valign": "top", "font_size": 10, "border": 1})
    tables = " + ".join(dict.fromkeys(BY_ID[p.table_id].seed for p in fig.programs))
    ws.write_string(row, 0, f"Anggaran dan realisasi per program (Tabel {tables}, dihitung ulang)", st.bold)
    row += 1
    for c, text in enumerate(("Program", "Anggaran (Rp)", "Realisasi (Rp)", "% realisasi")):
        ws.write_string(row, c, text, st.header)
    row += 1
    for p, typed in zip(fig.programs, rw.typed_figures.programs, strict=True):
        ws.write_formula(row, 0, "=" + _cell(p.table_id, p.index, "uraian"), name, p.uraian)
        write_figure(ws, row, 1, _cell(p.table_id, p.index, p.anggaran_key), money, p.anggaran, typed.anggaran)
        write_figure(ws, row, 2, _cell(p.table_id, p.index, "realisasi"), money, p.realisasi, typed.realisasi)
        whole, part = as_decimal(p.anggaran), as_decimal(p.realisasi) or 0
        share = ratio100(part, whole) if whole else None
        shown = round_half_up(share) if share is not None else None
        ws.write_formula(row, 3, "=" + percent_formula(a1(row, 2), a1(row, 1)), pct, cached_value(shown))
        flow.set_height(row, row_height((p.uraian, COLUMNS[0])))
        row += 1
    flow.block(row + 1)  # the table and the blank row under it
    return row + 1


def _place(ws: Worksheet, flow: PageFlow, row: int, chart: Any, height: int) -> int:
    """Insert ``chart`` at ``row``, as wide as the printed columns, kept whole on one page."""
    rows = -(-height // int(ROW_PIXELS)) + 1  # the rows it covers, and a blank one under it
    chart.set_size({"width": chart_width(), "height": height})
    ws.insert_chart(row, 0, chart, {"object_position": 1})
    flow.block(row + rows)
    return row + rows


def _cell(table_id: str, index: int, key: str) -> str:
    spec = BY_ID[table_id]
    return f"{quote_sheet(spec.sheet)}!{a1(FIRST_DATA_ROW + index, spec.col_index(key), absolute=True)}"


def _table_series(table_id: str, rows: int, name: str, category_key: str, value_key: str) -> dict[str, Any]:
    """A chart series over the data rows of a table sheet: categories from one column, values from another."""
    spec = BY_ID[table_id]
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + rows - 1
    cat, val = spec.col_index(category_key), spec.col_index(value_key)
    return {
        "name": name,
        "categories": [spec.sheet, first, cat, last, cat],
        "values": [spec.sheet, first, val, last, val],
        "data_labels": {"value": True, "font": FONT},
    }
