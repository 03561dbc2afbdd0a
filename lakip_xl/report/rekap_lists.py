"""The rekap workbook's lists: Temuan, Anggaran Program, Anggaran per Unit, Berkas and Tidak Direkap.

Each is one table on a sheet of its own, so the header row repeated on every
printed page is that table's own (:mod:`lakip_xl.report.rekap_book`). The
units come in the order of Ringkasan Rekap: year by year, worst first.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.io.cells import cached_value
from lakip_xl.io.inbox import NOT_AUDITED, SUPERSEDED
from lakip_xl.io.ours import saved_at
from lakip_xl.model.layout import a1
from lakip_xl.model.spec import Value
from lakip_xl.report.catatan import note_unlinked
from lakip_xl.report.page import number_or_text
from lakip_xl.report.rekap_book import SEVERITY_LABEL, STATUS_FILL, RekapBook
from lakip_xl.report.rekap_doc import program_totals, serapan
from lakip_xl.report.unit import OTHER_YEAR, UNREADABLE, Block, RekapResult, UnitSummary
from lakip_xl.tables._common import percent_formula

if TYPE_CHECKING:
    pass

TEMUAN = "Temuan"
ANGGARAN = "Anggaran Program"
ANGGARAN_UNIT = "Anggaran per Unit"
BERKAS = "Berkas"
TIDAK_DIREKAP = "Tidak Direkap"
TEMUAN_COLUMNS = (
    ("No", 4), ("Unit kerja", 18), ("Tingkat", 9), ("Lembar (tabel)", 14), ("Sel", 7), ("Uraian", 16),
    ("Tertulis", 12), ("Hasil hitung", 12), ("Pesan", 38), ("Aturan", 22),
)  # fmt: skip
PROGRAM_COLUMNS = (
    ("No", 5), ("Program", 56), ("Jumlah unit", 9), ("Anggaran (Rp)", 18), ("Realisasi (Rp)", 18), ("% serapan", 9),
    ("Kriteria serapan", 16),
)  # fmt: skip
DETAIL_COLUMNS = (
    ("No", 5), ("Unit kerja", 26), ("Tahun", 6), ("Program", 48), ("Anggaran (Rp)", 18), ("Realisasi (Rp)", 18),
    ("% serapan", 9),
)  # fmt: skip
BERKAS_COLUMNS = (
    ("No", 4), ("Berkas", 32), ("Unit kerja", 26), ("Tahun", 6), ("Disimpan (menurut berkas)", 17), ("SHA-256", 66),
)  # fmt: skip
LIST_COLUMNS = (("No", 5), ("Berkas", 40), ("Status", 15), ("Alasan", 80))


def _units(blocks: list[Block]) -> list[UnitSummary]:
    return [row for block in blocks for row in block.rows if isinstance(row, UnitSummary)]


def temuan(book: RekapBook, blocks: list[Block]) -> None:
    """Every finding of every unit (and one row per unreadable file), in the order of Ringkasan Rekap."""
    ws = book.sheet(TEMUAN, TEMUAN_COLUMNS)
    ws.write_string(0, 0, "Temuan seluruh unit (urut seperti Ringkasan Rekap, lalu tingkat dan tabel)", book.st.title)
    if book.result.laporan is not None:
        ws.write_string(
            1,
            0,
            "Klik sel di kolom Sel untuk membukanya di laporan unit itu; nama lembar diawali nomor tabelnya.",
            book.st.note,
        )
    header = 2
    book.header(ws, header, TEMUAN_COLUMNS)
    widths = [w for _, w in TEMUAN_COLUMNS]
    r = n = header
    text, n = book.fmt["t"], 0
    for u in _units(blocks):
        unit = f"{u.label} ({u.year or '-'})" if len(blocks) > 1 else u.label  # several years: which one
        if not u.readable:
            r, n = r + 1, n + 1
            ws.write_number(r, 0, n, book.fmt["n"])
            for c, value in ((1, unit), (2, UNREADABLE), (8, u.reason or "")):
                ws.write_string(r, c, value, book.verdict_fmt[UNREADABLE] if c == 2 else text)
            book.fit(ws, r, [(unit, widths[1]), (UNREADABLE, widths[2]), (u.reason or "", widths[8])])
            continue
        for f, cell in zip(u.findings, u.cells, strict=True):
            r, n = r + 1, n + 1
            ws.write_number(r, 0, n, book.fmt["n"])
            ws.write_string(r, 1, unit, text)
            ws.write_string(r, 2, SEVERITY_LABEL[f["severity"]], book.severity_fmt[f["severity"]])
            for c, key in ((3, "sheet"), (5, "label"), (8, "message"), (9, "rule")):
                ws.write_string(r, c, f[key] or "", text)
            link = book.link(u.report, cell) if cell else None
            if link:
                ws.write_url(r, 4, link, book.fmt["link"], string=f["cell"] or "")
            else:
                ws.write_string(r, 4, f["cell"] or "", text)
            for c, key in ((6, "recorded"), (7, "expected")):
                number_or_text(ws, r, c, f[key], book.fmt["dec"], text)
            texts = ("", unit, "", f["sheet"] or "", "", f["label"] or "", "", "", f["message"], f["rule"])
            book.fit(ws, r, list(zip(texts, widths, strict=True)))
    note_unlinked(ws, 1, book.st.note)
    ws.autofilter(header, 0, max(r, header + 1), len(TEMUAN_COLUMNS) - 1)
    ws.freeze_panes(header + 1, 0)
    book.page(ws, header, r, len(TEMUAN_COLUMNS) - 1)


def anggaran(book: RekapBook, blocks: list[Block]) -> None:
    """Anggaran Program (per program over the units, year by year) and Anggaran per Unit (every unit's programs)."""
    ws = book.sheet(ANGGARAN, PROGRAM_COLUMNS)
    last = len(PROGRAM_COLUMNS) - 1
    ws.write_string(0, 0, "Anggaran dan realisasi per program, seluruh unit (Tabel 3.19 + 3.20)", book.st.title)
    book.line(ws, 1, last, "Per tahun (angka tahun yang berbeda tidak pernah dijumlahkan). Program dengan nama yang "
              "sama (huruf besar/kecil dan spasi diabaikan) dijumlahkan; kriteria menurut skala Tabel 3.18 template.",
              book.note_fmt, sum(w for _, w in PROGRAM_COLUMNS))  # fmt: skip
    header = 3
    book.header(ws, header, PROGRAM_COLUMNS)
    r, breaks = header, []
    for i, block in enumerate(blocks):
        r += 1
        if i:
            breaks.append(r)
        book.line(ws, r, last, book.year_title(block.year), book.block_fmt)
        for n, p in enumerate(program_totals(block.units), 1):
            r += 1
            ws.write_number(r, 0, n, book.fmt["n"])
            ws.write_string(r, 1, p.program, book.fmt["t"])
            ws.write_number(r, 2, p.units, book.fmt["n"])
            book.value(ws, r, 3, p.anggaran, "m")
            book.value(ws, r, 4, p.realisasi, "m")
            ws.write_formula(r, 5, "=" + percent_formula(a1(r, 4), a1(r, 3)), book.fmt["p"], cached_value(p.serapan))
            ws.write_string(r, 6, str(p.kriteria or ""), book.fmt["t"])
            book.fit(ws, r, [(p.program, 56), (str(p.kriteria or ""), 16)])
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.freeze_panes(header + 1, 0)
    book.page(ws, header, r, last)
    _details(book, blocks)


def _details(book: RekapBook, blocks: list[Block]) -> None:
    ws = book.sheet(ANGGARAN_UNIT, DETAIL_COLUMNS)
    ws.write_string(0, 0, "Anggaran dan realisasi setiap program setiap unit (Tabel 3.19 + 3.20)", book.st.title)
    header = 2
    book.header(ws, header, DETAIL_COLUMNS)
    r = n = header
    n = 0
    for u in _units(blocks):
        for prog in u.programs:
            r, n = r + 1, n + 1
            ws.write_number(r, 0, n, book.fmt["n"])
            for c, value in ((1, u.label), (2, u.year), (3, prog.uraian)):
                ws.write_string(r, c, value, book.fmt["t"])
            book.value(ws, r, 4, prog.anggaran, "m")
            book.value(ws, r, 5, prog.realisasi, "m")
            share = _share(prog.anggaran, prog.realisasi)
            ws.write_formula(r, 6, "=" + percent_formula(a1(r, 5), a1(r, 4)), book.fmt["p"], cached_value(share))
            book.fit(ws, r, [(u.label, 26), (prog.uraian, 48)])
    ws.freeze_panes(header + 1, 0)
    book.page(ws, header, r, len(DETAIL_COLUMNS) - 1)


def _share(anggaran: Value, realisasi: Value) -> Decimal | None:
    return serapan(anggaran, realisasi)[0]


def berkas(book: RekapBook, blocks: list[Block]) -> None:
    """Berkas: the file counted for each unit, when it was last saved (as the file says) and its SHA-256."""
    ws = book.sheet(BERKAS, BERKAS_COLUMNS)
    last = len(BERKAS_COLUMNS) - 1
    ws.write_string(0, 0, "Berkas yang direkap: satu per unit dan tahun", book.st.title)
    book.line(ws, 1, last, "Disimpan: waktu simpan terakhir yang dicatat berkas itu sendiri (Excel dan LibreOffice "
              "mencatatnya setiap kali menyimpan); kiriman terbaru dari unit dan tahun yang sama yang dihitung. "
              "SHA-256: sidik isi berkas, sama dengan yang dicetak laporan unitnya.", book.note_fmt,
              sum(w for _, w in BERKAS_COLUMNS))  # fmt: skip
    header = 3
    book.header(ws, header, BERKAS_COLUMNS)
    r = header
    for n, u in enumerate(_units(blocks), 1):
        r += 1
        ws.write_number(r, 0, n, book.fmt["n"])
        for c, text in enumerate((u.name, u.label, u.year, saved_text(u.saved), u.sha256 or ""), 1):
            ws.write_string(r, c, text, book.fmt["t"])
        book.fit(ws, r, [(u.name, 32), (u.label, 26)])
    ws.freeze_panes(header + 1, 0)
    book.page(ws, header, r, last)


def saved_text(w3cdtf: str | None) -> str:
    """A workbook's own modified date as a reader reads it (``02-03-2025 10.15 UTC``), "" when unknown."""
    when = saved_at(w3cdtf)
    return f"{when:%d-%m-%Y %H.%M} UTC" if when is not None else ""


def not_counted_line(result: RekapResult) -> str:
    """Ringkasan Rekap's line on the files not counted."""
    listed = result.listed()
    if not listed:
        return "Tidak direkap: tidak ada; setiap berkas masukan diperiksa sekali."
    by = {k: sum(1 for s in listed if s.status == k) for k in STATUS_FILL}
    parts = ", ".join(f"{n} {k}" for k, n in by.items() if n)
    warn = "; rekap tidak bersih sampai berkas itu dikirim ulang sebagai .xlsx" if by[NOT_AUDITED] else ""
    return f"Tidak direkap: {len(listed)} berkas ({parts}; lihat lembar {TIDAK_DIREKAP}){warn}."


def not_counted(book: RekapBook) -> None:
    """Every file of the inputs that is not counted, with its reason: nothing is left out silently."""
    ws = book.sheet(TIDAK_DIREKAP, LIST_COLUMNS)
    last = len(LIST_COLUMNS) - 1
    ws.write_string(0, 0, "Berkas masukan yang tidak direkap (tidak dihitung dalam jumlah mana pun)", book.st.title)
    book.line(ws, 1, last, f"{NOT_AUDITED}: kiriman yang tidak dapat diperiksa, rekap tidak bersih; dilewati: bukan "
              f"kiriman unit, tidak memengaruhi kesimpulan; {SUPERSEDED}: isinya sama dengan berkas lain atau ada "
              f"kiriman yang lebih baru dari unit dan tahun yang sama; {OTHER_YEAR}: laporan tahun lain (--tahun).",
              book.note_fmt, sum(w for _, w in LIST_COLUMNS))  # fmt: skip
    header = 3
    book.header(ws, header, LIST_COLUMNS)
    listed = book.result.listed()
    for n, s in enumerate(listed, 1):
        r = header + n
        ws.write_number(r, 0, n, book.fmt["n"])
        ws.write_string(r, 1, s.file, book.fmt["t"])
        ws.write_string(r, 2, s.status, book.status_fmt[s.status])
        ws.write_string(r, 3, s.reason, book.fmt["t"])
        book.fit(ws, r, [(s.file, 40), (s.reason, 80)])
    if not listed:
        ws.write_string(header + 1, 1, "Tidak ada: setiap berkas masukan diperiksa sekali.", book.fmt["t"])
    ws.freeze_panes(header + 1, 0)
    book.page(ws, header, header + max(len(listed), 1), last)
