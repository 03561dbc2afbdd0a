"""Ringkasan beside last year's report (``audit --tahun-lalu``): each IKU's capaian and the serapan, N-1 and N.

The figures of both years are computed by :func:`lakip_xl.report.figures.headline`
from each workbook as its own report lays it out; IKU are paired by name with
the audit's tolerance (:func:`lakip_xl.audit.match.assign`). The block is one
page-flow block of Ringkasan's four printed columns, so it prints whole on A4.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.match import assign
from lakip_xl.io.styles import row_height
from lakip_xl.model.spec import Value
from lakip_xl.report.charts import COLUMNS
from lakip_xl.report.figures import Headline, headline
from lakip_xl.report.page import PageFlow

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.report.workbook import ReportWriter


def headline_of(result: AuditResult) -> Headline:
    """The headline figures of an audit, as its own report's Ringkasan prints them (wrong values recomputed)."""
    from lakip_xl.report.corrected import corrected_view
    from lakip_xl.report.workbook import report_layout

    layout = report_layout(result)
    return headline(corrected_view(result.findings, layout), layout)


def iku_pairs(fig: Headline, last: Headline) -> list[tuple[str, Value, Value]]:
    """(indicator, capaian N-1, capaian N) of every IKU of either year, this year's first; paired by name."""
    found, _ = assign([i.indikator for i in fig.iku], [i.indikator for i in last.iku])
    rows = [
        (iku.indikator, last.iku[j].capaian if j >= 0 else None, iku.capaian)
        for iku, j in zip(fig.iku, found, strict=True)
    ]
    paired = {j for j in found if j >= 0}
    rows += [(iku.indikator, iku.capaian, None) for j, iku in enumerate(last.iku) if j not in paired]
    return rows


def write_last_year(rw: ReportWriter, ws: Worksheet, flow: PageFlow, row: int, fig: Headline) -> int:
    """The comparison block below the headline figures, when the audit was checked against last year's."""
    last = rw.result.last_year
    if last is None:
        return row
    flow.block(row + 1)
    row += 1
    st = rw.styles
    base = {"font_name": "Calibri", "font_size": 10, "border": 1, "border_color": "#BFBFBF", "valign": "top"}
    pct = rw.wb.add_format({**base, "num_format": "#,##0.00"})
    text = rw.wb.add_format({**base, "text_wrap": True})
    prev = headline_of(last)
    year = rw.rc.param("TAHUN")
    this_year = str(year) if year is not None else "tahun ini"
    last_year = str(int(year) - 1) if isinstance(year, int | Decimal) else "tahun lalu"
    ws.write_string(row, 0, f"Dibanding laporan {last_year} ({last.path.name})", st.header)
    ws.write_string(row, 1, last_year, st.header)
    ws.write_string(row, 2, this_year, st.header)
    ws.write_string(row, 3, "Keterangan", st.header)
    flow.set_height(row, row_height((f"Dibanding laporan {last_year} ({last.path.name})", COLUMNS[0])))
    row += 1
    lines: list[tuple[str, Value, Value, str]] = [
        ("Kesimpulan audit", last.verdict.value, rw.result.verdict.value, ""),
        ("% realisasi keuangan (serapan)", prev.serapan, fig.serapan, _kriteria(prev.kriteria, fig.kriteria)),
    ]
    for name, before, now in iku_pairs(fig, prev):
        note = "" if before is not None and now is not None else "tidak ada di laporan " + (
            last_year if before is None else this_year)  # fmt: skip
        lines.append((f"Capaian: {name}", before, now, note))
    if prev.iku_mean is not None or fig.iku_mean is not None:
        lines.append(("Rata-rata capaian IKU", prev.iku_mean, fig.iku_mean, ""))
    if prev.ikm is not None or fig.ikm is not None:
        lines.append(("IKM unit layanan", prev.ikm, fig.ikm, ""))
    for label, before, now, note in lines:
        ws.write_string(row, 0, label, text)
        _value(ws, row, 1, before, pct, text)
        _value(ws, row, 2, now, pct, text)
        ws.write_string(row, 3, note, text)
        flow.set_height(row, row_height((label, COLUMNS[0]), (note, COLUMNS[3])))
        row += 1
    return row


def _kriteria(before: Value, now: Value) -> str:
    if before is None and now is None:
        return ""
    if before == now:
        return f"kriteria Tabel 3.18: {now} (keduanya)"
    return f"kriteria Tabel 3.18: {before or '-'} -> {now or '-'}"


def _value(ws: Worksheet, r: int, c: int, value: Value, number: Any, text: Any) -> None:
    if value is None:
        ws.write_blank(r, c, None, text)
    elif isinstance(value, str):
        ws.write_string(r, c, value, text)
    else:
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, number)
