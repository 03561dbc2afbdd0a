"""The rekap workbook: Ringkasan Rekap, Angka per Unit, Grafik, Tahun Lalu (--tahun-lalu), then the lists.

Written with xlsxwriter in the report's styles. Every sheet prints on A4
landscape at 8.5 pt or more (:mod:`lakip_xl.report.rekap_book`): the wide
figures have a sheet of their own instead of 20 columns squeezed onto one.
Years are never mixed: each year is a block of its own (its rows worst
first, its own totals and charts), the rekap's own year first. Every text a
unit typed is written as a string, never as a formula. Fixed document
properties: the same summaries give the same bytes. Links to the units'
reports are relative and '/'-separated, so they keep working when the rekap
and the folder move together.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from lakip_xl.io.atomic import scratch_folder
from lakip_xl.io.cells import cached_value
from lakip_xl.io.ours import REKAP_TITLE
from lakip_xl.io.writer import CREATED
from lakip_xl.model.layout import a1
from lakip_xl.model.spec import Value
from lakip_xl.report.rekap_book import RekapBook
from lakip_xl.report.rekap_doc import block_totals
from lakip_xl.report.rekap_lastyear import last_year_line, write_last_year_sheet
from lakip_xl.report.rekap_lists import (
    ANGGARAN,
    ANGGARAN_UNIT,
    BERKAS,
    TEMUAN,
    TIDAK_DIREKAP,
    anggaran,
    berkas,
    not_counted,
    not_counted_line,
    temuan,
)
from lakip_xl.report.unit import VERDICTS, Absent, Block, RekapResult, UnitSummary
from lakip_xl.tables._common import percent_formula

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

RINGKASAN = "Ringkasan Rekap"
ANGKA = "Angka per Unit"
GRAFIK = "Grafik"
UNIT_COLUMNS = (
    ("No", 4), ("Unit kerja", 28), ("Tahun", 6), ("Berkas", 24), ("Kesimpulan", 26), ("Galat", 7),
    ("Peringatan", 10), ("Info", 5), ("Laporan unit / alasan", 28),
)  # fmt: skip
FIGURE_COLUMNS = (
    ("No", 4), ("Unit kerja", 26), ("Galat", 6), ("Pagu (Rp, Tabel 2.2.2)", 18), ("Anggaran (Rp, 3.19 + 3.20)", 18),
    ("Realisasi (Rp)", 18), ("% serapan", 8), ("Kriteria serapan (Tabel 3.18)", 13), ("IKM", 7), ("Mutu", 10),
    ("Rata-rata capaian kinerja (%)", 10), ("Zona K3 OK", 6), ("Zona K3", 6),
)  # fmt: skip
CHART_UNITS = 25  # bars per chart (each label and value legible): more units get more charts
CHART_ROWS = 31  # rows (15 pt) of a page of the Grafik sheet
__all__ = ["ANGGARAN", "ANGGARAN_UNIT", "BERKAS", "TEMUAN", "TIDAK_DIREKAP", "forward_slash_links"]


class _Rekap(RekapBook):
    """Writes the sheets of one rekap."""

    def __init__(self, path: Path, result: RekapResult, links_from: Path | None, scratch: Path) -> None:
        self.path = path
        self.staged = scratch / "rekap.xlsx"  # xlsxwriter's own file: its links are rewritten from it
        super().__init__(self.staged, scratch, result, links_from)
        self.blocks = result.blocks()
        self.ranges: dict[tuple[str, str], tuple[int, int]] = {}  # (sheet, year) -> first and last row of a block

    def write(self) -> None:
        self.wb.set_properties(
            {
                "title": REKAP_TITLE,  # with Ringkasan Rekap first: how a later run knows this rekap
                "subject": "Rekap hasil pemeriksaan angka LAKIP seluruh unit kerja oleh lakip-xl",
                "author": "lakip-xl",
                "company": "",
                "comments": f"lakip-xl {self.result.version}",
                "created": CREATED,
            }
        )
        self.ringkasan()
        self.figures()
        self.charts()
        if self.result.last_year is not None:  # rekap --tahun-lalu
            write_last_year_sheet(self, self.blocks)
        temuan(self, self.blocks)
        anggaran(self, self.blocks)
        berkas(self, self.blocks)
        not_counted(self)
        self.wb.close()
        self.path.write_bytes(forward_slash_links(self.staged.read_bytes()))

    def ringkasan(self) -> None:
        ws = self.sheet(RINGKASAN, UNIT_COLUMNS)
        last = len(UNIT_COLUMNS) - 1
        width = sum(w for _, w in UNIT_COLUMNS)
        years = [b.year for b in self.blocks if b.year]
        title = "Rekap Audit LAKIP" + (f" Tahun {', '.join(years)}" if years else "")
        ws.write_string(0, 0, title, self.st.title)
        r = 2
        for text in self._lines():
            self.line(ws, r, last, text, width=width)
            r += 1
        header = r + 1
        self.header(ws, header, UNIT_COLUMNS)
        r = header + 1
        breaks = []
        for n, block in enumerate(self.blocks):
            if n:
                breaks.append(r)
            r = self._unit_block(ws, r, block) + 1
        if breaks:
            ws.set_h_pagebreaks(breaks)
        ws.freeze_panes(header + 1, 2)
        self.page(ws, header, r, last)

    def _lines(self) -> list[str]:
        result, units = self.result, self.result.units
        verdicts = ", ".join(f"{result.count(v)} {v}" for v in VERDICTS)
        missing = sum(1 for u in units if u.missing)
        c = [sum(u.counts[i] for u in units) for i in range(3)]
        lines = [
            f"Unit direkap: {len(units)} ({verdicts}); {missing} dengan tabel wajib belum diisi. Satu unit, satu "
            "tahun, satu baris: dari beberapa kiriman unit dan tahun yang sama hanya yang terbaru dihitung.",
        ]
        if result.absent is not None:
            unlisted = sum(1 for u in units if u.listed is False)
            lines.append(f"Daftar unit: {len(result.absent)} belum kirim (tahun {result.main_year or '-'}); "
                         f"{unlisted} kiriman dari unit yang tidak ada di daftar.")  # fmt: skip
        if len(self.blocks) > 1:
            lines.append("Rekap ini memuat beberapa tahun; setiap tahun punya bloknya sendiri dengan jumlahnya "
                         "sendiri: angka tahun yang berbeda tidak pernah dijumlahkan.")  # fmt: skip
        if result.last_year is not None:
            lines.append(last_year_line())
        lines += [
            not_counted_line(result),
            f"Temuan seluruh unit: {c[0]} galat, {c[1]} peringatan, {c[2]} info. Urutan baris: tidak terbaca, ada "
            "galat (terbanyak dulu), belum lengkap, belum diisi, belum kirim, bersih.",
            f"Angka anggaran, serapan, IKM dan capaian per unit: lembar {ANGKA}; grafik: lembar {GRAFIK}. "
            f"Versi lakip-xl: {result.version}.",
        ]
        return lines

    def _unit_block(self, ws: Worksheet, r: int, block: Block) -> int:
        """One year's rows on Ringkasan Rekap, worst first, with its Jumlah line; returns its last row."""
        last = len(UNIT_COLUMNS) - 1
        t = block_totals(self.result, block)
        counts = ", ".join(f"{n} {v}" for v, n in zip(VERDICTS, t.verdicts, strict=True) if n)
        absent = f"; {t.not_submitted} belum kirim" if t.not_submitted else ""
        self.line(ws, r, last, f"{self.year_title(block.year)}: {t.units} unit ({counts or 'tidak ada'}){absent}",
                  self.block_fmt)  # fmt: skip
        ws.set_row(r, 20)
        first = r + 1
        for n, row in enumerate(block.rows, 1):
            r += 1
            if isinstance(row, Absent):
                self._absent_row(ws, r, n, row, block.year)
            else:
                self._unit_row(ws, r, n, row)
        if not block.rows:
            r += 1
            self.line(ws, r, last, f"Tidak ada unit {self.year_title(block.year).lower()}.")
            return r
        r += 1
        fmt = self.total_fmt
        label = f"Jumlah {self.year_title(block.year).lower()}"
        for c in range(len(UNIT_COLUMNS)):
            ws.write_blank(r, c, None, fmt["t"])
        ws.write_string(r, 1, label, fmt["t"])
        for c, value in ((5, t.counts[0]), (6, t.counts[1]), (7, t.counts[2])):
            ws.write_formula(r, c, f"=SUM({a1(first, c)}:{a1(r - 1, c)})", fmt["n"], cached_value(value))
        return r

    def _unit_row(self, ws: Worksheet, r: int, n: int, u: UnitSummary) -> None:
        name, flagged = u.label, u.listed is False
        if flagged:
            name += "\n(tidak ada di daftar unit" + (f"; mungkin: {u.suggestion})" if u.suggestion else ")")
        texts = ((1, name, self.fmt["flag"] if flagged else self.fmt["t"]), (2, u.year, self.fmt["t"]),
                 (3, u.name, self.fmt["t"]), (4, u.conclusion, self.verdict_fmt[u.verdict]))  # fmt: skip
        ws.write_number(r, 0, n, self.fmt["n"])
        for c, text, fmt in texts:
            ws.write_string(r, c, text, fmt)
        for c, count in enumerate(u.counts, 5):
            if u.audited:
                ws.write_number(r, c, count, self.fmt["n"])
            else:
                ws.write_blank(r, c, None, self.fmt["n"])
        last, note = len(UNIT_COLUMNS) - 1, u.reason or ""
        link = self._report_cell(ws, r, last, u) if not note else None
        if note:
            ws.write_string(r, last, note, self.fmt["t"])
        self.fit(ws, r, [(name, 28), (u.name, 24), (u.conclusion, 26), (note or link or "", 28)])

    def _report_cell(self, ws: Worksheet, r: int, c: int, u: UnitSummary) -> str | None:
        link = self.link(u.report)
        if link and u.report is not None:
            ws.write_url(r, c, link, self.fmt["link"], string=u.report.name)
        elif u.report is not None:  # no relative link can reach it: named, not linked
            ws.write_string(r, c, u.report.name, self.fmt["t"])
        else:
            ws.write_blank(r, c, None, self.fmt["t"])
        return u.report.name if u.report else None

    def _absent_row(self, ws: Worksheet, r: int, n: int, a: Absent, year: str) -> None:
        note = "tidak ada kiriman" + (
            f"; mungkin dikirim sebagai {a.maybe} (nama unit di Identitasnya lain)" if a.maybe else ""
        )
        ws.write_number(r, 0, n, self.fmt["n"])
        for c, text in ((1, a.unit), (2, year), (3, ""), (8, note)):
            ws.write_string(r, c, text, self.fmt["t"])
        ws.write_string(r, 4, a.verdict, self.verdict_fmt[a.verdict])
        for c in (5, 6, 7):
            ws.write_blank(r, c, None, self.fmt["n"])
        self.fit(ws, r, [(a.unit, 28), (note, 28)])

    def figures(self) -> None:
        """Angka per Unit: the headline figures of each unit (as its report's Ringkasan), per year with its sums."""
        ws = self.sheet(ANGKA, FIGURE_COLUMNS)
        last = len(FIGURE_COLUMNS) - 1
        ws.write_string(0, 0, "Angka per unit, dihitung ulang dari isiannya (seperti lembar Ringkasan laporan unit)",
                        self.st.title)  # fmt: skip
        self.line(ws, 1, last, "Unit yang diperiksa, urut seperti Ringkasan Rekap (berkas tidak terbaca, template "
                  "belum diisi dan unit belum kirim tidak punya angka). Sel kosong: tabelnya tidak diisi. Jumlah: satu "
                  "tahun saja (angka tahun yang berbeda tidak pernah dijumlahkan); IKM dan capaian kinerja: rata-rata "
                  "unit yang melaporkannya, tanpa bobot; kriteria serapan menurut skala Tabel 3.18 template.",
                  self.note_fmt,
                  sum(w for _, w in FIGURE_COLUMNS))  # fmt: skip
        header = 3
        self.header(ws, header, FIGURE_COLUMNS)
        r, breaks = header + 1, []
        for n, block in enumerate(self.blocks):
            if n:
                breaks.append(r)
            self.line(ws, r, last, self.year_title(block.year), self.block_fmt)
            ws.set_row(r, 20)
            units = [row for row in block.rows if isinstance(row, UnitSummary) and row.audited]
            first = r + 1
            for i, u in enumerate(units, 1):
                r += 1
                self._figure_row(ws, r, i, u)
            if units:
                self.ranges[(ANGKA, block.year)] = (first, r)
                r += 1
                self._figure_totals(ws, r, first, r - 1, block)
            r += 2
        if breaks:
            ws.set_h_pagebreaks(breaks)
        ws.freeze_panes(header + 1, 2)
        self.page(ws, header, r, last)

    def _figure_row(self, ws: Worksheet, r: int, n: int, u: UnitSummary) -> None:
        ws.write_number(r, 0, n, self.fmt["n"])
        ws.write_string(r, 1, u.label, self.fmt["t"])
        figures: tuple[tuple[Value, str], ...] = (
            (u.counts[0], "n"), (u.pagu, "m"), (u.anggaran, "m"), (u.realisasi, "m"), (u.serapan, "p"),
            (u.kriteria, "t"), (u.ikm, "p"), (u.mutu, "t"), (u.iku_mean, "p"), (u.zones_ok, "n"), (u.zones, "n"),
        )  # fmt: skip
        for c, (value, kind) in enumerate(figures, 2):
            self.value(ws, r, c, value, kind)
        self.fit(ws, r, [(u.label, 26), (str(u.kriteria or ""), 13), (str(u.mutu or ""), 10)])

    def _figure_totals(self, ws: Worksheet, r: int, first: int, last: int, block: Block) -> None:
        t = block_totals(self.result, block)
        fmt = self.total_fmt
        for c in range(len(FIGURE_COLUMNS)):
            ws.write_blank(r, c, None, fmt["t"])
        ws.write_string(r, 1, f"Jumlah {self.year_title(block.year).lower()}", fmt["t"])
        sums = ((2, t.counts[0], "n"), (3, t.pagu, "m"), (4, t.anggaran, "m"), (5, t.realisasi, "m"),
                (11, t.zones_ok, "n"), (12, t.zones, "n"))  # fmt: skip
        for c, value, kind in sums:
            ws.write_formula(r, c, f"=SUM({a1(first, c)}:{a1(last, c)})", fmt[kind], cached_value(value or 0))
        ws.write_formula(r, 6, "=" + percent_formula(a1(r, 5), a1(r, 4)), fmt["p"], cached_value(t.serapan))
        ws.write_string(r, 7, str(t.kriteria or ""), fmt["t"])
        for c, value in ((8, t.ikm_mean), (10, t.iku_mean)):
            ws.write_formula(r, c, f'=IFERROR(ROUND(AVERAGE({a1(first, c)}:{a1(last, c)}),2),"")', fmt["p"],
                             cached_value(value))  # fmt: skip
        self.fit(ws, r, [(str(t.kriteria or ""), 13)])

    def charts(self) -> None:
        """Grafik: per year, % serapan and galat per unit, zero-based bars; a chart never crosses a page's foot."""
        ws = self.wb.add_worksheet(GRAFIK)
        ws.set_default_row(15)
        ws.set_row(0, 18)
        ws.write_string(0, 0, "Grafik per tahun: % serapan anggaran dan jumlah galat per unit", self.st.title)
        top, used, breaks = 2, 2, []
        for block in self.blocks:
            span = self.ranges.get((ANGKA, block.year))
            if span is None:
                continue
            year = self.year_title(block.year).lower()
            for col, title, fmt in (
                (6, "% serapan anggaran per unit", "#,##0.00"),
                (2, "Jumlah galat per unit", "#,##0"),
            ):
                for start in range(span[0], span[1] + 1, CHART_UNITS):
                    end = min(start + CHART_UNITS - 1, span[1])
                    rows = min(CHART_ROWS - 2, 6 + end - start + 1)
                    if used + rows > CHART_ROWS:  # the next page
                        breaks.append(top)
                        used = 0
                    self._chart(ws, top, col, start, end, f"{title}, {year}", fmt, rows)
                    top, used = top + rows + 1, used + rows + 1
        if breaks:
            ws.set_h_pagebreaks(breaks)
        self.page(ws, None, max(top, 3), 15)

    def _chart(self, ws: Worksheet, top: int, col: int, first: int, last: int, title: str, fmt: str,
               rows: int) -> None:  # fmt: skip
        chart = self.wb.add_chart({"type": "bar"})
        series = {"categories": [ANGKA, first, 1, last, 1], "values": [ANGKA, first, col, last, col]}
        chart.add_series({"name": title, **series, "data_labels": {"value": True, "num_format": fmt}})
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_x_axis({"min": 0, "num_format": fmt})  # zero-based: bars compare by length
        chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
        chart.set_legend({"none": True})
        ws.insert_chart(top, 0, chart, {"x_scale": 1000 / 480, "y_scale": rows * 20 / 288, "object_position": 3})


_HYPERLINK = re.compile(rb'(<Relationship [^>]*Type="[^"]*/hyperlink" Target=")([^"]*)(" TargetMode="External")')


def forward_slash_links(package: bytes) -> bytes:
    r"""The workbook ``package`` with '/' in its external hyperlinks' targets.

    xlsxwriter writes a relative ``external:`` link with Windows separators
    (``laporan\x.xlsx``); a relationship target is a URI reference, where
    only '/' separates folders, and Excel and LibreOffice both follow it.
    Every other part is copied as it is (same order, dates and compression),
    so the output stays deterministic.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/_rels/"):
                data = _HYPERLINK.sub(lambda m: m[1] + m[2].replace(b"\\", b"/") + m[3], data)
            dst.writestr(info, data)
    return out.getvalue()


def write_rekap_workbook(result: RekapResult, path: Path, *, links_from: Path | None = None) -> None:
    """Write the rekap workbook to ``path`` (the caller makes it atomic).

    Args:
        result: The units' summaries.
        path: Output file.
        links_from: The folder the rekap will live in; links to the units' reports are relative to it.
    """
    with scratch_folder() as scratch:
        _Rekap(path, result, links_from, scratch).write()
