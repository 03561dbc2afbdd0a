"""Ringkasan and Catatan sheets of the report workbook."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.audit.completeness import names
from lakip_xl.audit.findings import Severity
from lakip_xl.io.cells import cached_value
from lakip_xl.model.formulas import Refs
from lakip_xl.model.layout import FIRST_DATA_ROW, a1, quote_sheet, whole_column
from lakip_xl.report.figures import Headline, headline
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import category, percent_formula
from lakip_xl.tables.anggaran import BUDGET_TABLES, top_level_sum_formula

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.report.workbook import ReportWriter

RINGKASAN = "Ringkasan"
CATATAN = "Catatan"
DATE_LABEL = "Tanggal audit"
CATATAN_HEADERS = (
    ("No", 4), ("Tingkat", 10), ("Tabel", 7), ("Sel (berkas masukan)", 9), ("Sel di laporan", 9),
    ("Uraian", 28), ("Tertulis", 15), ("Hasil hitung", 15), ("Selisih", 15), ("Pesan", 52),
    ("Aturan", 24), ("Lembar", 20), ("Terkait", 22),
)  # fmt: skip
PESAN_WIDTH = 52


def _cell(table_id: str, index: int, key: str) -> str:
    spec = BY_ID[table_id]
    return f"{quote_sheet(spec.sheet)}!{a1(FIRST_DATA_ROW + index, spec.col_index(key), absolute=True)}"


def _col(table_id: str, key: str) -> str:
    spec = BY_ID[table_id]
    return whole_column(spec.sheet, spec.col_index(key))


class _CellRefs(Refs):
    """Refs whose ``cell`` is one fixed cell of the Ringkasan sheet."""

    def __init__(self, target: str) -> None:
        super().__init__(BY_ID["t3_18"], 0, None, {}, None, None, lambda t: BY_ID[t].sheet, BY_ID.__getitem__)
        self.target = target

    def cell(self, key: str) -> str:
        return self.target


def write_ringkasan(rw: ReportWriter) -> None:
    """Unit, file, verdict, counts, headline figures and charts."""
    ws = rw.wb.add_worksheet(RINGKASAN)
    st = rw.styles
    res = rw.result
    ws.set_column(0, 0, 62)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 3, 18)
    ws.set_column(5, 7, 20)
    tahun = rw.rc.param("TAHUN")
    ws.write_string(0, 0, f"Laporan Audit LAKIP {rw.unit} Tahun {tahun or ''}".replace("  ", " "), st.title)
    info = [
        ("Unit kerja", rw.unit),
        ("Tahun laporan", str(tahun or "")),
        ("Berkas yang diperiksa", res.path.name),
        ("SHA-256 berkas", res.sha256),
        (DATE_LABEL, rw.today.isoformat()),
        ("Versi lakip-xl", res.version),
    ]
    row = 2
    for label, value in info:
        ws.write_string(row, 0, label, st.bold)
        ws.write_string(row, 1, value, st.plain)
        row += 1
    errors, warnings, infos = (res.count(s) for s in Severity)
    missing = names(t for t in res.tables if t.required and t.status != "diisi")
    verdict = {
        "ada galat": f"KESIMPULAN: ada galat ({errors} galat). Laporan belum siap dikirim: perbaiki sel berwarna "
        "jingga (daftar lengkap di lembar Catatan).",
        "belum lengkap": f"KESIMPULAN: belum lengkap. Tidak ada galat, tetapi tabel wajib belum diisi: {missing}.",
        "bersih": "KESIMPULAN: bersih. Semua tabel wajib terisi; semua angka turunan sesuai hasil hitung.",
    }[res.verdict.value]
    color = "#375623" if res.exit_code == 0 else "#C00000"
    verdict_fmt = rw.wb.add_format({"bold": True, "font_size": 12, "font_color": color})
    row += 1
    ws.write_string(row, 0, verdict, verdict_fmt)
    row += 1
    filled = names(t for t in res.tables if t.status == "diisi")
    empty = names(t for t in res.tables if t.status != "diisi")
    skipped = ", ".join(n.rule for n in res.not_checked)
    lines = [f"Tabel diisi: {filled}", f"Tabel kosong atau tidak ada: {empty}"]
    lines += [f"Aturan tidak diperiksa (tabel pembandingnya kosong): {skipped}"] if skipped else []
    for line in lines:
        ws.write_string(row, 0, line, st.plain)
        row += 1
    row += 1
    ws.write_string(row, 0, "Jumlah temuan", st.header)
    for c, name in enumerate(("galat", "peringatan", "info"), 1):
        ws.write_string(row, c, name, st.header)
    row += 1
    ws.write_string(row, 0, "Semua tabel", st.bold)
    for c, n in enumerate((errors, warnings, infos), 1):
        ws.write_number(row, c, n)
    row += 1
    for table, counts in rw.counts_by_table():
        ws.write_string(row, 0, f"Tabel {table}" if table[:1].isdigit() else table, st.plain)
        for c, name in enumerate(("error", "warning", "info"), 1):
            ws.write_number(row, c, counts.get(name, 0))
        row += 1
    row += 1
    fig = headline(rw.rc, rw.layout_data)
    row = _headline(rw, ws, row, fig)
    _charts(rw, ws, row + 1, fig)
    _page(rw, ws, None)


def _headline(rw: ReportWriter, ws: Worksheet, row: int, fig: Headline) -> int:
    """Headline figures, as live formulas over the table sheets (cached: the values of ``fig``)."""
    st = rw.styles
    money = rw.wb.add_format({"num_format": "#,##0", "bg_color": "#E2EFDA", "border": 1})
    pct = rw.wb.add_format({"num_format": "#,##0.00", "bg_color": "#E2EFDA", "border": 1})
    ws.write_string(row, 0, "Angka utama (dihitung ulang dari isian)", st.header)
    ws.write_string(row, 1, "Nilai", st.header)
    ws.write_string(row, 2, "Keterangan", st.header)
    row += 1
    data = rw.layout_data
    unit_rows = [i for i, r in enumerate(data["t2_2_2"].rows) if r.get("level") == "Unit"]
    if unit_rows:
        ws.write_string(row, 0, "Pagu anggaran unit (Tabel 2.2.2)", st.plain)
        ws.write_formula(row, 1, "=" + _cell("t2_2_2", unit_rows[0], "pagu"), money, cached_value(fig.pagu))
        row += 1
    cells: dict[str, str] = {}  # where each total is written
    for key, label, total in (
        ("jumlah", "Anggaran (Tabel 3.19 + 3.20)", fig.anggaran),
        ("realisasi", "Realisasi (Tabel 3.19 + 3.20)", fig.realisasi),
    ):
        formula = "+".join(
            top_level_sum_formula(_col(t, key), _col(t, "level"), _col(t, "uraian")) for t in BUDGET_TABLES
        )
        ws.write_string(row, 0, label, st.plain)
        ws.write_formula(row, 1, "=" + formula, money, cached_value(total))
        cells[key] = a1(row, 1)
        row += 1
    ws.write_string(row, 0, "% realisasi keuangan", st.plain)
    ws.write_formula(row, 1, "=" + percent_formula(cells["realisasi"], cells["jumlah"]), pct, cached_value(fig.serapan))
    band_formula = category("x", "t3_18", "kriteria")[0]
    ws.write_formula(row, 2, "=" + band_formula(_CellRefs(a1(row, 1))), st.plain, cached_value(fig.kriteria))
    ws.write_string(row, 3, "kriteria Tabel 3.18 (efisiensi penyerapan)", st.note)
    row += 1
    for iku in fig.iku:
        ws.write_string(row, 0, f"Capaian: {iku.indikator}", st.plain)
        ws.write_formula(row, 1, "=" + _cell("t3_1", iku.index, "capaian"), pct, cached_value(iku.capaian))
        kat_ref = (
            f"{quote_sheet(BY_ID['t3_1'].sheet)}!"
            f"{a1(FIRST_DATA_ROW + iku.index, len(BY_ID['t3_1'].columns), absolute=True)}"
        )
        ws.write_formula(row, 2, "=" + kat_ref, st.text, cached_value(iku.kategori))
        row += 1
    skm = data["skm_unsur"]
    if skm.rows:
        t = len(skm.rows)
        ws.write_string(row, 0, "IKM unit layanan (SKM) dan mutu", st.plain)
        ws.write_formula(row, 1, "=" + _cell("skm_unsur", t, "ikm_unsur"), pct, cached_value(fig.ikm))
        ws.write_formula(row, 2, "=" + _cell("skm_unsur", t, "kinerja"), st.plain, cached_value(fig.mutu))
        row += 1
    if fig.zones:
        ws.write_string(row, 0, "Zona tertib K3 (KET OK dari seluruh zona, Tabel 3.10)", st.plain)
        ws.write_formula(row, 1, f'=COUNTIF({_col("t3_10", "ket")},"OK")', st.text, fig.zones_ok)
        ws.write_formula(row, 2, f'=COUNTIF({_col("t3_10", "lokasi")},"<>")-1', st.text, fig.zones)
        ws.write_string(row, 3, "zona OK / seluruh zona", st.note)
        row += 1
    return row


def _charts(rw: ReportWriter, ws: Worksheet, row: int, fig: Headline) -> None:
    """Pagu vs realisasi per program, IKM per unsur, capaian per IKU against 100 %."""
    data = rw.layout_data
    st = rw.styles
    programs = fig.programs
    top = row
    money = rw.wb.add_format({"num_format": "#,##0"})  # the charts' data, readable where it is printed
    if programs:
        ws.write_string(row, 5, "Program", st.header)
        ws.write_string(row, 6, "Anggaran (Rp)", st.header)
        ws.write_string(row, 7, "Realisasi (Rp)", st.header)
        for n, p in enumerate(programs, 1):
            ws.write_formula(row + n, 5, "=" + _cell(p.table_id, p.index, "uraian"), st.plain, p.uraian)
            ws.write_formula(row + n, 6, "=" + _cell(p.table_id, p.index, "jumlah"), money, cached_value(p.anggaran))
            ws.write_formula(
                row + n, 7, "=" + _cell(p.table_id, p.index, "realisasi"), money, cached_value(p.realisasi)
            )
        chart = rw.wb.add_chart({"type": "bar"})
        last = row + len(programs)
        for c, name in ((6, "Anggaran"), (7, "Realisasi")):
            chart.add_series({"name": name, "categories": [RINGKASAN, row + 1, 5, last, 5],
                              "values": [RINGKASAN, row + 1, c, last, c]})  # fmt: skip
        chart.set_title({"name": "Anggaran dan realisasi per program"})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_y_axis({"reverse": True})
        ws.insert_chart(top, 0, chart, {"x_scale": 1.6, "y_scale": 1.2})
        top += 18
    skm = data["skm_unsur"].rows
    if skm:
        chart = rw.wb.add_chart({"type": "column"})
        chart.add_series(_table_series("skm_unsur", len(skm), "NRR per unsur", "unsur", "nrr"))
        chart.set_title({"name": "Nilai SKM per unsur (NRR, skala 1-4)"})
        chart.set_y_axis({"min": 1, "max": 4})
        chart.set_legend({"none": True})
        ws.insert_chart(top, 0, chart, {"x_scale": 1.3, "y_scale": 1.1})
        top += 18
    iku = data["t3_1"].rows
    if iku:
        base = max(row + len(programs) + 2, row)
        ws.write_string(base, 5, "Target capaian (%)", st.header)
        for n in range(len(iku)):
            ws.write_number(base + 1 + n, 5, 100)
        chart = rw.wb.add_chart({"type": "column"})
        chart.add_series(_table_series("t3_1", len(iku), "Capaian (%)", "indikator", "capaian"))
        line = rw.wb.add_chart({"type": "line"})
        line.add_series({"name": "100 %", "values": [RINGKASAN, base + 1, 5, base + len(iku), 5]})
        chart.combine(line)
        chart.set_title({"name": "Capaian IKU terhadap 100 %"})
        ws.insert_chart(top, 0, chart, {"x_scale": 1.3, "y_scale": 1.1})


def _table_series(table_id: str, rows: int, name: str, category_key: str, value_key: str) -> dict[str, Any]:
    """A chart series over the data rows of a table sheet: categories from one column, values from another."""
    spec = BY_ID[table_id]
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + rows - 1
    cat, val = spec.col_index(category_key), spec.col_index(value_key)
    return {
        "name": name,
        "categories": [spec.sheet, first, cat, last, cat],
        "values": [spec.sheet, first, val, last, val],
        "data_labels": {"value": True},
    }


def _page(rw: ReportWriter, ws: Worksheet, header_row: int | None) -> None:
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    if header_row is not None:
        ws.repeat_rows(header_row)
    ws.set_footer(f"&L{rw.unit.replace('&', '&&')}&C&A&RHalaman &P dari &N")


def column_headers(ws: Worksheet, row: int, columns: Sequence[tuple[str, float]], style: Any) -> None:
    """A header row of (text, width) columns, each column set to its width."""
    for c, (name, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(row, c, name, style)


def write_catatan(rw: ReportWriter) -> None:
    """One row per finding, every field, linked to its cell in the report."""
    ws = rw.wb.add_worksheet(CATATAN)
    st = rw.styles
    ws.write_string(0, 0, "Catatan: semua temuan audit (urut tingkat, lalu tabel)", st.title)
    header = 2
    column_headers(ws, header, CATATAN_HEADERS, st.header)
    fills = {s: rw.wb.add_format({"bg_color": color, "border": 1}) for s, color in _fills().items()}
    number = rw.wb.add_format({"num_format": "#,##0.##########", "valign": "top", "font_size": 10})
    for n, f in enumerate(rw.result.findings, 1):
        r = header + n
        ws.write_number(r, 0, n, st.text)
        ws.write_string(r, 1, f.severity.label, fills[f.severity])
        ws.write_string(r, 2, f.where.table, st.text)
        ws.write_string(r, 3, f.where.cell or "", st.text)
        target = rw.report_cell(f)
        if target:
            ws.write_url(r, 4, f"internal:{quote_sheet(target[0])}!{target[1]}", string=target[1])
        ws.write_string(r, 5, f.where.label or "", st.text)
        for c, value in ((6, f.recorded), (7, f.expected), (8, f.difference)):
            number_or_text(ws, r, c, value, number, st.text)
        ws.write_string(r, 9, f.message, st.text)
        ws.write_string(r, 10, f.rule, st.text)
        ws.write_string(r, 11, f.where.sheet, st.text)
        related = "; ".join(f"{x.sheet}!{x.cell}" for x in f.related if x.cell)
        ws.write_string(r, 12, related, st.text)
        lines = max(-(-len(f.message) // PESAN_WIDTH), -(-len(f.where.label or "") // 26), 1)
        ws.set_row(r, 13 * lines + 2)
    last = header + max(len(rw.result.findings), 1)
    ws.autofilter(header, 0, last, len(CATATAN_HEADERS) - 1)
    ws.freeze_panes(header + 1, 0)
    _page(rw, ws, header)


def _fills() -> dict[Severity, str]:
    from lakip_xl.report.workbook import FILLS

    return FILLS


def number_or_text(ws: Worksheet, r: int, c: int, value: str | None, number: Any, text: Any) -> None:
    """Write a finding's decimal string as a number where it is one, else as text."""
    if value is None:
        return
    try:
        dec = Decimal(value)
    except ArithmeticError:
        ws.write_string(r, c, value, text)
        return
    if dec.is_finite():
        ws.write_number(r, c, float(dec), number)
    else:
        ws.write_string(r, c, value, text)
