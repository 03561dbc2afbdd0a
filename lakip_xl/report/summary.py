"""The Ringkasan sheet of the report workbook: the audit at a glance, printed on A4 landscape pages.

Unit, file, verdict, counts per table, headline figures (live formulas over the
table sheets) and charts (:mod:`lakip_xl.report.charts`); every block is kept
whole on a printed page (:class:`lakip_xl.report.page.PageFlow`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakip_xl.audit.completeness import MISSING_LABEL, names
from lakip_xl.audit.findings import Severity
from lakip_xl.io.cells import cached_value
from lakip_xl.io.styles import row_height
from lakip_xl.model.formulas import Refs
from lakip_xl.model.layout import FIRST_DATA_ROW, a1, quote_sheet, whole_column
from lakip_xl.model.spec import Value
from lakip_xl.report.charts import COLUMNS, RINGKASAN, write_charts
from lakip_xl.report.console import shown_name
from lakip_xl.report.corrected import shown, write_figure
from lakip_xl.report.figures import CAPAIAN_COLUMNS, SKM_KEYS, Headline
from lakip_xl.report.page import PageFlow, setup_page
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import category, percent_formula
from lakip_xl.tables.anggaran import top_level_sum_formula
from lakip_xl.tables.profiles import BUDGET_SOURCES

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.report.workbook import ReportWriter

__all__ = ["DATE_LABEL", "RINGKASAN", "write_ringkasan"]

DATE_LABEL = "Tanggal audit"
REPLACED_NOTE = (
    "'di tabel: ...': angka di sampingnya dihitung ulang dari isian; tabelnya menunjukkan angka itu karena memuat "
    "atau memakai nilai yang ditandai galat (sel jingga atau ungu muda, lihat komentarnya)."
)
WIDE = sum(COLUMNS)  # a line of text across the printed columns (merged A:D, wrapped)


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
    flow = PageFlow(ws)
    for c, width in enumerate(COLUMNS):
        ws.set_column(c, c, width)
    tahun = rw.rc.param("TAHUN")
    ws.write_string(0, 0, f"Laporan Audit LAKIP {rw.unit} Tahun {tahun or ''}".replace("  ", " "), st.title)
    flow.set_height(0, 18)
    info = [
        ("Unit kerja", rw.unit),
        ("Tahun laporan", str(tahun or "")),
        ("Berkas yang diperiksa", shown_name(res.path.name)),
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
    missing = ", ".join(res.missing)
    verdict = {
        "ada galat": f"KESIMPULAN: ada galat ({errors} galat)"
        + (f"; {MISSING_LABEL}: {missing}" if missing else "")
        + ". Laporan belum siap dikirim: perbaiki sel berwarna jingga (daftar lengkap di lembar Catatan)"
        + (" dan isi tabel wajib itu." if missing else "."),
        "belum lengkap": f"KESIMPULAN: belum lengkap. Tidak ada galat, tetapi tabel wajib belum diisi: {missing}.",
        "bersih": "KESIMPULAN: bersih. Semua tabel wajib terisi; semua angka turunan sesuai hasil hitung.",
    }[res.verdict.value]
    color = "#375623" if res.exit_code == 0 else "#C00000"
    verdict_fmt = rw.wb.add_format(
        {"bold": True, "font_size": 12, "font_color": color, "text_wrap": True, "valign": "top"}
    )
    row += 1
    _line(ws, flow, row, verdict, verdict_fmt, per_width=0.8, line=17)
    row += 1
    filled = names(t for t in res.tables if t.status == "diisi")
    empty = names(t for t in res.tables if t.status != "diisi")
    skipped = ", ".join(n.rule for n in res.not_checked)
    lines = [f"Tabel diisi: {filled}", f"Tabel kosong atau tidak ada: {empty}"]
    lines += [f"Aturan tidak diperiksa (tabel pembandingnya kosong): {skipped}"] if skipped else []
    for line in lines:
        _line(ws, flow, row, line, st.text)
        row += 1
    flow.block(row + 1)
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
    flow.block(row + 1)
    row += 1
    fig, typed = rw.figures, rw.typed_figures
    row, iku_at = _headline(rw, ws, flow, row, fig, typed)
    flow.block(row + 1)
    row = write_charts(rw, ws, flow, row + 1, fig, iku_at)
    flow.finish()
    setup_page(ws, rw.unit, None, len(COLUMNS) - 1, max(row - 1, 0))


def _line(ws: Worksheet, flow: PageFlow, row: int, text: str, fmt: object, *, per_width: float = 1.0,
          line: float = 13.5) -> None:  # fmt: skip
    """A line of text across the printed columns, wrapped, its row as tall as its lines."""
    ws.merge_range(row, 0, row, len(COLUMNS) - 1, text, fmt)
    lines = max(1, -(-len(text) // int(WIDE * per_width)))
    flow.set_height(row, max(15.0, line * lines + 2))


def _headline(
    rw: ReportWriter, ws: Worksheet, flow: PageFlow, row: int, fig: Headline, typed: Headline
) -> tuple[int, int]:
    """Headline figures, as live formulas over the table sheets (cached: the values of ``fig``).

    Returns the row after them and the first row of the capaian of the IKU (which the capaian chart draws).

    ``typed`` is what those formulas give; where a table computes a figure from a value the audit marks
    wrong, the figure is the recomputed number itself, with a comment (:func:`write_figure`).
    """
    st = rw.styles
    money = rw.wb.add_format({"num_format": "#,##0", "bg_color": "#E2EFDA", "border": 1, "valign": "top"})
    pct = rw.wb.add_format({"num_format": "#,##0.00", "bg_color": "#E2EFDA", "border": 1, "valign": "top"})
    ws.write_string(row, 0, "Angka utama (dihitung ulang dari isian)", st.header)
    ws.write_string(row, 1, "Nilai", st.header)
    ws.write_string(row, 2, "Keterangan", st.header)
    row += 1
    notes: dict[int, list[str]] = {}  # printed beside a row: what it is, and what the table shows instead

    def figure(r: int, c: int, formula: str, fmt: object, value: Value, was: Value) -> None:
        if write_figure(ws, r, c, formula, fmt, value, was):
            notes.setdefault(r, []).append(f"di tabel: {shown(was)}")

    data = rw.layout_data
    plan = data.get("t2_2_2")
    unit_rows = [i for i, r in enumerate(plan.rows if plan else ()) if r.get("level") == "Unit"]
    if unit_rows:
        ws.write_string(row, 0, "Pagu anggaran unit (Tabel 2.2.2)", st.plain)
        figure(row, 1, _cell("t2_2_2", unit_rows[0], "pagu"), money, fig.pagu, typed.pagu)
        row += 1
    cells: dict[str, str] = {}  # where each total is written
    budgets = [(t, key, levels) for t, key, levels in BUDGET_SOURCES if t in data]
    tables = " + ".join(BY_ID[t].seed for t, _, _ in budgets)
    for key, label, total, was in (
        ("jumlah", f"Anggaran (Tabel {tables})", fig.anggaran, typed.anggaran),
        ("realisasi", f"Realisasi (Tabel {tables})", fig.realisasi, typed.realisasi),
    ):
        formula = (
            "+".join(
                top_level_sum_formula(
                    _col(t, own if key == "jumlah" else key), _col(t, "level"), _col(t, "uraian"), levels
                )
                for t, own, levels in budgets
            )
            or "0"
        )
        ws.write_string(row, 0, label, st.plain)
        figure(row, 1, formula, money, total, was)
        cells[key] = a1(row, 1)
        row += 1
    ws.write_string(row, 0, "% realisasi keuangan", st.plain)  # over the figures above: recomputed as they are
    ws.write_formula(row, 1, "=" + percent_formula(cells["realisasi"], cells["jumlah"]), pct, cached_value(fig.serapan))
    band_formula = category("x", "t3_18", "kriteria")[0]
    ws.write_formula(row, 2, "=" + band_formula(_CellRefs(a1(row, 1))), st.plain, cached_value(fig.kriteria))
    notes[row] = ["kriteria Tabel 3.18 (efisiensi penyerapan)"]
    row += 1
    if fig.skm_table is not None:
        t, (ikm, mutu) = len(data[fig.skm_table].rows), SKM_KEYS[fig.skm_table]
        where = "SKM" if fig.skm_table == "skm_unsur" else BY_ID[fig.skm_table].sheet
        ws.write_string(row, 0, f"IKM unit layanan ({where}) dan mutu", st.plain)
        figure(row, 1, _cell(fig.skm_table, t, ikm), pct, fig.ikm, typed.ikm)
        figure(row, 2, _cell(fig.skm_table, t, mutu), st.plain, fig.mutu, typed.mutu)
        row += 1
    if fig.unit_capaian is not None:
        ws.write_string(row, 0, "Capaian kinerja unit tahun N (rata-rata IKU, IKU Lima Tahun)", st.plain)
        t = len(data["iku_tahunan"].rows)
        formula = _cell("iku_tahunan", t, "capaian_n")
        figure(row, 1, formula, pct, fig.unit_capaian, typed.unit_capaian)
        row += 1
    if fig.zones:
        ws.write_string(row, 0, "Zona tertib K3 (KET OK dari seluruh zona, Tabel 3.10)", st.plain)
        formula = f'COUNTIF({_col("t3_10", "ket")},"OK")'
        figure(row, 1, formula, st.text, fig.zones_ok, typed.zones_ok)
        ws.write_formula(row, 2, f'=COUNTIF({_col("t3_10", "lokasi")},"<>")-1', st.text, fig.zones)
        notes.setdefault(row, []).insert(0, "zona OK / seluruh zona")
        row += 1
    iku_at = row + 1  # the capaian table: a header row, one row per indicator (the chart draws them), their mean
    if fig.capaian_table is not None:
        spec = BY_ID[fig.capaian_table]
        source = f"Tabel {spec.seed}" if spec.seed[:1].isdigit() else spec.sheet
        title = f"Capaian IKU ({source})" if fig.capaian_table == "t3_1" else f"Capaian indikator ({source})"
        for c, text in enumerate((title, "Capaian (%)", "Kategori capaian")):
            ws.write_string(row, c, text, st.header)
        row += 1
    for iku, in_table in zip(fig.iku, typed.iku, strict=True):
        ws.write_string(row, 0, iku.indikator, st.text)
        flow.set_height(row, row_height((iku.indikator, COLUMNS[0])))
        capaian = _cell(iku.table_id, iku.index, CAPAIAN_COLUMNS[iku.table_id][1])
        figure(row, 1, capaian, pct, iku.capaian, in_table.capaian)
        kategori = _cell(iku.table_id, iku.index, BY_ID[iku.table_id].report_columns[0].key)
        figure(row, 2, kategori, st.text, iku.kategori, in_table.kategori)
        row += 1
    if fig.capaian_table is not None and fig.capaian_table != "iku_tahunan":  # IKU Lima Tahun has its own line
        ws.write_string(row, 0, f"Rata-rata capaian ({len(fig.iku)} indikator, {source})", st.plain)
        first, last = a1(row - len(fig.iku), 1), a1(row - 1, 1)
        mean = f'IF(COUNT({first}:{last})=0,"",ROUND(AVERAGE({first}:{last}),2))'  # of the figures above
        ws.write_formula(row, 1, "=" + mean, pct, cached_value(fig.iku_mean))
        row += 1
    for r, texts in notes.items():
        ws.write_string(r, 3, "; ".join(texts), st.note)
    if any(text.startswith("di tabel") for texts in notes.values() for text in texts):
        wrapped = rw.wb.add_format({"font_name": "Calibri", "font_size": 10, "italic": True, "font_color": "#595959",
                                    "text_wrap": True, "valign": "top"})  # fmt: skip
        _line(ws, flow, row, REPLACED_NOTE, wrapped)
        row += 1
    return row, iku_at
