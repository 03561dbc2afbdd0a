"""The rekap workbook: Ringkasan Rekap (one row per unit, city totals, charts), Temuan, Anggaran Program, Tidak Direkap.

Written with xlsxwriter in the report's styles (:class:`lakip_xl.io.styles.Styles`),
A4 landscape, fit to width, header rows repeated. Every text a unit typed is
written as a string, never as a formula. Fixed document properties: the same
summaries give the same bytes. Links to the units' reports are relative and
'/'-separated, so they keep working when the rekap and the folder move together.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lakip_xl.io.atomic import scratch_folder
from lakip_xl.io.cells import cached_value
from lakip_xl.io.inbox import NOT_AUDITED, PASSED_OVER, SUPERSEDED
from lakip_xl.io.ours import REKAP_TITLE
from lakip_xl.io.styles import Styles
from lakip_xl.io.writer import CREATED
from lakip_xl.io.xlsxout import new_workbook
from lakip_xl.model.layout import a1
from lakip_xl.model.spec import Value
from lakip_xl.report.catatan import note_unlinked
from lakip_xl.report.page import column_headers, number_or_text
from lakip_xl.report.rekap_doc import program_totals, totals
from lakip_xl.report.unit import UNREADABLE, RekapResult, UnitSummary
from lakip_xl.report.workbook import FILLS
from lakip_xl.tables._common import percent_formula

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet


RINGKASAN = "Ringkasan Rekap"
TEMUAN = "Temuan"
ANGGARAN = "Anggaran Program"
TIDAK_DIREKAP = "Tidak Direkap"
STATUS_FILL = {NOT_AUDITED: "#F4B084", PASSED_OVER: "#EDEDED", SUPERSEDED: "#FFE699"}
SEVERITY_LABEL = {"error": "galat", "warning": "peringatan", "info": "info"}
VERDICT_FILL = {"bersih": "#E2EFDA", "ada galat": "#F4B084", "belum lengkap": "#FFE699", UNREADABLE: "#D9D9D9"}
UNIT_COLUMNS = (
    ("No", 4, "n"), ("Unit kerja", 26, "t"), ("Tahun", 6, "t"), ("Berkas", 24, "t"), ("SHA-256", 18, "t"),
    ("Kesimpulan", 18, "v"), ("Galat", 7, "n"), ("Peringatan", 9, "n"), ("Info", 6, "n"),
    ("Pagu (Rp, Tabel 2.2.2)", 17, "m"), ("Anggaran (Rp, 3.19 + 3.20)", 17, "m"), ("Realisasi (Rp)", 17, "m"),
    ("% serapan", 9, "p"), ("Kriteria serapan (Tabel 3.18)", 14, "t"), ("IKM", 8, "p"), ("Mutu", 10, "t"),
    ("Rata-rata capaian kinerja (%)", 11, "p"), ("Zona K3 OK", 8, "n"), ("Zona K3", 8, "n"),
    ("Laporan / alasan tidak terbaca", 40, "t"),
)  # fmt: skip
TEMUAN_COLUMNS = (
    ("No", 5), ("Unit kerja", 22), ("Berkas", 20), ("Tingkat", 10), ("Tabel", 7), ("Lembar", 16), ("Sel", 7),
    ("Sel di laporan", 12), ("Uraian", 26), ("Tertulis", 14), ("Hasil hitung", 14), ("Selisih", 14),
    ("Pesan", 52), ("Aturan", 22),
)  # fmt: skip
VERDICT_CHARS = 15  # characters of bold 10 pt text per line of the Kesimpulan column
TITLE_ROWS = 8  # title, info lines, blank: the unit table's header follows


class _Rekap:
    """Writes the three sheets of one rekap."""

    def __init__(self, path: Path, result: RekapResult, links_from: Path | None, scratch: Path) -> None:
        self.result = result
        self.links_from = links_from
        self.path = path
        self.staged = scratch / "rekap.xlsx"  # xlsxwriter's own file: its links are rewritten from it
        self.wb = new_workbook(self.staged, scratch)
        self.st = Styles(self.wb)
        base = {"font_name": "Calibri", "font_size": 10, "valign": "top", "border": 1, "border_color": "#BFBFBF"}
        self.fmt = {
            "n": self.wb.add_format({**base, "num_format": "#,##0"}),
            "m": self.wb.add_format({**base, "num_format": "#,##0"}),
            "p": self.wb.add_format({**base, "num_format": "#,##0.00"}),
            "t": self.wb.add_format({**base, "text_wrap": True}),
            "dec": self.wb.add_format({**base, "num_format": "#,##0.##########"}),
        }
        self.total_fmt = {k: self.wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "num_format": nf})
                          for k, nf in (("n", "#,##0"), ("m", "#,##0"), ("p", "#,##0.00"), ("t", "@"))}  # fmt: skip
        self.verdict_fmt = {v: self.wb.add_format({**base, "bg_color": c, "bold": True, "text_wrap": True})
                            for v, c in VERDICT_FILL.items()}  # fmt: skip
        self.severity_fmt = {s.value: self.wb.add_format({**base, "bg_color": c}) for s, c in FILLS.items()}
        self.status_fmt = {k: self.wb.add_format({**base, "bg_color": c}) for k, c in STATUS_FILL.items()}
        years = sorted({u.year for u in result.units if u.year})
        self.years = ", ".join(years)

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
        self.temuan()
        self.anggaran()
        self.not_counted()
        self.wb.close()
        self.path.write_bytes(forward_slash_links(self.staged.read_bytes()))

    def _page(self, ws: Worksheet, header_row: int) -> None:
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_row)
        ws.set_footer("&LRekap LAKIP&C&A&RHalaman &P dari &N")

    def _value(self, ws: Worksheet, r: int, c: int, value: Value, kind: str) -> None:
        fmt = self.fmt[kind]
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            ws.write_string(r, c, value, self.fmt["t"])
        else:
            ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)

    def _link(self, report: Path | None, anchor: str | None = None) -> str | None:
        """A relative external link to a unit's report (and a cell in it), or None."""
        if report is None or self.links_from is None:
            return None
        try:
            rel = Path(os.path.relpath(report.resolve(), self.links_from)).as_posix()
        except ValueError:  # another drive (Windows): no relative path exists
            return None
        if "#" in rel or "\\" in rel or len(rel) > 2000:  # '#' starts the cell; a backslash would become a '/'
            return None
        return f"external:{rel}" + (f"#{anchor}" if anchor else "")

    def ringkasan(self) -> None:
        ws = self.wb.add_worksheet(RINGKASAN)
        st, units = self.st, self.result.units
        t = totals(units)
        title = f"Rekap Audit LAKIP Tahun {self.years}" if self.years else "Rekap Audit LAKIP"
        ws.write_string(0, 0, title, st.title)
        verdicts = ", ".join(f"{n} {v}" for v, n in zip(("bersih", "ada galat", "belum lengkap", UNREADABLE),
                                                         t.verdicts, strict=True))  # fmt: skip
        missing = sum(1 for u in units if u.missing)
        lines = [
            f"Jumlah berkas: {t.units} ({verdicts}); {missing} dengan tabel wajib belum diisi",
            self._not_counted_line(),
            f"Temuan seluruh unit: {t.counts[0]} galat, {t.counts[1]} peringatan, {t.counts[2]} info",
            f"Versi lakip-xl: {self.result.version}",
            "Angka per unit dihitung ulang dari isiannya (seperti lembar Ringkasan laporan unit); "
            "sel kosong: tabelnya tidak diisi.",
        ]
        for i, line in enumerate(lines, 2):
            ws.write_string(i, 0, line, st.plain if i < 6 else st.note)
        header = TITLE_ROWS
        column_headers(ws, header, [(name, width) for name, width, _ in UNIT_COLUMNS], st.header)
        ws.set_row(header, 40)
        for n, u in enumerate(units, 1):
            self._unit_row(ws, header + n, n, u)
        first, last = header + 1, header + max(len(units), 1)
        self._totals_row(ws, last + 1, first, last, t)
        ws.freeze_panes(header + 1, 2)
        self._page(ws, header)
        self._charts(ws, last + 3, first, last)

    def _unit_row(self, ws: Worksheet, r: int, n: int, u: UnitSummary) -> None:
        ws.write_number(r, 0, n, self.fmt["n"])
        ws.write_string(r, 1, u.label, self.fmt["t"])
        ws.write_string(r, 2, u.year, self.fmt["t"])
        ws.write_string(r, 3, u.name, self.fmt["t"])
        ws.write_string(r, 4, u.sha256 or "", self.fmt["t"])
        ws.write_string(r, 5, u.conclusion, self.verdict_fmt[u.verdict])  # the verdict and the empty required tables
        figures: tuple[tuple[Value, str], ...] = (
            *((c, "n") for c in u.counts), (u.pagu, "m"), (u.anggaran, "m"), (u.realisasi, "m"), (u.serapan, "p"),
            (u.kriteria, "t"), (u.ikm, "p"), (u.mutu, "t"), (u.iku_mean, "p"), (u.zones_ok, "n"), (u.zones, "n"),
        )  # fmt: skip
        for c, (value, kind) in enumerate(figures, 6):
            if u.readable:
                self._value(ws, r, c, value, kind)
            else:
                ws.write_blank(r, c, None, self.fmt[kind])
        last = len(UNIT_COLUMNS) - 1
        link = self._link(u.report)
        lines = max(-(-len(u.conclusion) // VERDICT_CHARS), -(-len(u.reason or "") // 48), 1)
        if lines > 1:
            ws.set_row(r, 13 * lines + 2)
        if u.reason:
            ws.write_string(r, last, u.reason, self.fmt["t"])
        elif link and u.report is not None:
            ws.write_url(r, last, link, self.fmt["t"], string=u.report.name)
        elif u.report is not None:  # no relative link can reach it: named, not linked
            ws.write_string(r, last, u.report.name, self.fmt["t"])
        else:
            ws.write_blank(r, last, None, self.fmt["t"])

    def _totals_row(self, ws: Worksheet, r: int, first: int, last: int, t: Any) -> None:
        fmt = self.total_fmt
        ws.write_string(r, 1, "Jumlah seluruh unit", fmt["t"])
        for c in (0, 2, 3, 4, 5, 13, 15, 19):
            ws.write_blank(r, c, None, fmt["t"])
        sums = ((6, t.counts[0], "n"), (7, t.counts[1], "n"), (8, t.counts[2], "n"), (9, t.pagu, "m"),
                (10, t.anggaran, "m"), (11, t.realisasi, "m"), (17, t.zones_ok, "n"), (18, t.zones, "n"))  # fmt: skip
        for c, value, kind in sums:
            ws.write_formula(r, c, f"=SUM({a1(first, c)}:{a1(last, c)})", fmt[kind], cached_value(value or 0))
        ws.write_formula(r, 12, "=" + percent_formula(a1(r, 11), a1(r, 10)), fmt["p"], cached_value(t.serapan))
        ws.write_string(r, 13, str(t.kriteria or ""), fmt["t"])
        for c, value in ((14, t.ikm_mean), (16, t.iku_mean)):
            ws.write_formula(r, c, f'=IFERROR(ROUND(AVERAGE({a1(first, c)}:{a1(last, c)}),2),"")', fmt["p"],
                             cached_value(value))  # fmt: skip
        note = "IKM dan capaian kinerja: rata-rata unit yang melaporkannya (tanpa bobot)"
        ws.write_string(r + 1, 1, note, self.st.note)

    def _charts(self, ws: Worksheet, top: int, first: int, last: int) -> None:
        height = max(1.0, (last - first + 1) / 14)
        for n, (col, title, fmt) in enumerate(
            ((12, "% serapan anggaran per unit", "#,##0.00"), (6, "Jumlah galat per unit", "#,##0"))
        ):
            chart = self.wb.add_chart({"type": "bar"})
            series = {"categories": [RINGKASAN, first, 1, last, 1], "values": [RINGKASAN, first, col, last, col]}
            chart.add_series({"name": UNIT_COLUMNS[col][0], **series, "data_labels": {"value": True}})
            chart.set_title({"name": title})
            chart.set_x_axis({"min": 0, "num_format": fmt})  # zero-based: bars compare by length
            chart.set_y_axis({"reverse": True})
            chart.set_legend({"none": True})
            ws.insert_chart(top, 1 + 8 * n, chart, {"x_scale": 1.4, "y_scale": height})

    def temuan(self) -> None:
        ws = self.wb.add_worksheet(TEMUAN)
        st = self.st
        ws.write_string(0, 0, "Temuan seluruh unit (urut berkas, lalu tingkat dan tabel)", st.title)
        header = 2
        column_headers(ws, header, TEMUAN_COLUMNS, st.header)
        r, n = header, 0
        text = self.fmt["t"]
        for u in self.result.units:
            if not u.readable:
                r, n = r + 1, n + 1
                ws.write_number(r, 0, n, self.fmt["n"])
                for c, value in ((1, u.label), (2, u.name), (3, UNREADABLE), (12, u.reason or "")):
                    ws.write_string(r, c, value, self.verdict_fmt[UNREADABLE] if c == 3 else text)
                continue
            for f, cell in zip(u.findings, u.cells, strict=True):
                r, n = r + 1, n + 1
                ws.write_number(r, 0, n, self.fmt["n"])
                ws.write_string(r, 1, u.label, text)
                ws.write_string(r, 2, u.name, text)
                ws.write_string(r, 3, SEVERITY_LABEL[f["severity"]], self.severity_fmt[f["severity"]])
                for c, key in ((4, "table"), (5, "sheet"), (6, "cell"), (8, "label"), (12, "message"), (13, "rule")):
                    ws.write_string(r, c, f[key] or "", text)
                link = self._link(u.report, cell) if cell else None
                if link:
                    ws.write_url(r, 7, link, text, string=cell.split("!")[-1] if cell else "")
                for c, key in ((9, "recorded"), (10, "expected"), (11, "difference")):
                    number_or_text(ws, r, c, f[key], self.fmt["dec"], text)
                ws.set_row(r, 13 * max(1, -(-len(f["message"]) // 52)) + 2)
        note_unlinked(ws, 1, st.note)
        ws.autofilter(header, 0, max(r, header + 1), len(TEMUAN_COLUMNS) - 1)
        ws.freeze_panes(header + 1, 0)
        self._page(ws, header)

    def anggaran(self) -> None:
        ws = self.wb.add_worksheet(ANGGARAN)
        st = self.st
        ws.write_string(0, 0, "Anggaran dan realisasi per program, seluruh unit (Tabel 3.19 + 3.20)", st.title)
        ws.write_string(1, 0, "Program dengan nama yang sama (huruf besar/kecil dan spasi diabaikan) dijumlahkan; "
                        "kriteria menurut skala Tabel 3.18 template.", st.note)  # fmt: skip
        heads = (("No", 5), ("Program", 48), ("Jumlah unit", 9), ("Anggaran (Rp)", 18), ("Realisasi (Rp)", 18),
                 ("% serapan", 10), ("Kriteria serapan", 14))  # fmt: skip
        header = 3
        column_headers(ws, header, heads, st.header)
        programs = program_totals(self.result.units)
        r = header
        for n, p in enumerate(programs, 1):
            r += 1
            ws.write_number(r, 0, n, self.fmt["n"])
            ws.write_string(r, 1, p.program, self.fmt["t"])
            ws.write_number(r, 2, p.units, self.fmt["n"])
            self._value(ws, r, 3, p.anggaran, "m")
            self._value(ws, r, 4, p.realisasi, "m")
            ws.write_formula(r, 5, "=" + percent_formula(a1(r, 4), a1(r, 3)), self.fmt["p"], cached_value(p.serapan))
            ws.write_string(r, 6, str(p.kriteria or ""), self.fmt["t"])
        r += 2
        ws.write_string(r, 0, "Rincian per unit", st.bold)
        r += 1
        detail = r
        for c, name in enumerate(("No", "Unit kerja", "Berkas", "Program", "Anggaran (Rp)", "Realisasi (Rp)",
                                  "% serapan")):  # fmt: skip
            ws.write_string(r, c, name, st.header)
        n = 0
        for u in self.result.units:
            for prog in u.programs:
                detail, n = detail + 1, n + 1
                ws.write_number(detail, 0, n, self.fmt["n"])
                for c, value in ((1, u.label), (2, u.name), (3, prog.uraian)):
                    ws.write_string(detail, c, value, self.fmt["t"])
                self._value(ws, detail, 4, prog.anggaran, "m")
                self._value(ws, detail, 5, prog.realisasi, "m")
                share = percent_formula(a1(detail, 5), a1(detail, 4))
                ws.write_formula(
                    detail, 6, "=" + share, self.fmt["p"], cached_value(_share(prog.anggaran, prog.realisasi))
                )
        ws.freeze_panes(header + 1, 0)
        self._page(ws, header)

    def _not_counted_line(self) -> str:
        listed = self.result.listed()
        if not listed:
            return "Tidak direkap: tidak ada; setiap berkas masukan diperiksa sekali"
        by = {k: sum(1 for s in listed if s.status == k) for k in STATUS_FILL}
        parts = ", ".join(f"{n} {k}" for k, n in by.items() if n)
        warn = "; rekap tidak bersih sampai berkas itu dikirim ulang sebagai .xlsx" if by[NOT_AUDITED] else ""
        return f"Tidak direkap: {len(listed)} berkas ({parts}; lihat lembar {TIDAK_DIREKAP}){warn}"

    def not_counted(self) -> None:
        """Every file of the inputs that is not counted, with its reason: nothing is left out silently."""
        ws = self.wb.add_worksheet(TIDAK_DIREKAP)
        st = self.st
        ws.write_string(0, 0, "Berkas masukan yang tidak direkap (tidak dihitung dalam jumlah mana pun)", st.title)
        ws.write_string(1, 0, f"{NOT_AUDITED}: kiriman yang tidak dapat diperiksa, rekap tidak bersih; "
                        f"{PASSED_OVER}: bukan kiriman unit, tidak memengaruhi kesimpulan; "
                        f"{SUPERSEDED}: isinya sama dengan berkas lain yang dihitung.", st.note)  # fmt: skip
        header = 3
        column_headers(ws, header, (("No", 5), ("Berkas", 40), ("Status", 15), ("Alasan", 90)), st.header)
        listed = self.result.listed()
        for n, s in enumerate(listed, 1):
            r = header + n
            ws.write_number(r, 0, n, self.fmt["n"])
            ws.write_string(r, 1, s.file, self.fmt["t"])
            ws.write_string(r, 2, s.status, self.status_fmt[s.status])
            ws.write_string(r, 3, s.reason, self.fmt["t"])
            ws.set_row(r, 13 * max(1, -(-len(s.reason) // 90), -(-len(s.file) // 40)) + 2)
        if not listed:
            ws.write_string(header + 1, 1, "Tidak ada: setiap berkas masukan diperiksa sekali.", self.fmt["t"])
        ws.freeze_panes(header + 1, 0)
        self._page(ws, header)


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


def _share(anggaran: Value, realisasi: Value) -> Decimal | None:
    from lakip_xl.report.rekap_doc import serapan

    return serapan(anggaran, realisasi)[0]


def write_rekap_workbook(result: RekapResult, path: Path, *, links_from: Path | None = None) -> None:
    """Write the rekap workbook to ``path`` (the caller makes it atomic).

    Args:
        result: The units' summaries.
        path: Output file.
        links_from: The folder the rekap will live in; links to the units' reports are relative to it.
    """
    with scratch_folder() as scratch:
        _Rekap(path, result, links_from, scratch).write()
