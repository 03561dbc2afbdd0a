"""The diff workbook (``lakip-xl diff -o``): a revision as a Bappeda reviewer reads it, printable on A4.

Ringkasan (both files, both verdicts, the findings resolved / new / still open,
the changes per table linked to their sheets), Perubahan (one row per change,
linked to its cell), Temuan (the findings of both audits matched), then one
sheet per changed table (:mod:`lakip_xl.report.diff_sheets`). Every text from a
workbook is written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lakip_xl import __version__
from lakip_xl.audit.findings import Finding
from lakip_xl.diff.engine import identitas
from lakip_xl.diff.result import DiffResult
from lakip_xl.diff.result import Kind as ChangeKind
from lakip_xl.diff.side import Formula, State
from lakip_xl.io.atomic import atomic_output, scratch_folder
from lakip_xl.io.book import collector_paused
from lakip_xl.io.styles import Styles, row_height
from lakip_xl.io.xlsxout import new_workbook
from lakip_xl.model.layout import quote_sheet
from lakip_xl.report.diff_sheets import (
    ADDED_FILL,
    CHANGED_FILL,
    KIND_MARK,
    REMOVED_FILL,
    RINGKASAN,
    Formats,
    link_of,
    number_format,
    positions,
    write_table_sheet,
)
from lakip_xl.report.diff_text import row_values, verdict_line
from lakip_xl.report.page import column_headers, number_or_text, setup_page
from lakip_xl.report.workbook import FILLS
from lakip_xl.tables import BY_ID

PERUBAHAN = "Perubahan"
TEMUAN = "Temuan"
FRONT = (34, 40, 12, 13, 13)  # Ringkasan's columns
CHANGE_HEADERS = (
    ("No", 5), ("Jenis", 9), ("Tabel", 7), ("Uraian baris", 24), ("Kolom", 14), ("Lama", 21), ("Baru", 21),
    ("Sel lama", 13), ("Sel baru", 13), ("Di lembar ini (klik)", 10),
)  # fmt: skip
FINDING_HEADERS = (
    ("No", 5), ("Status", 9), ("Tingkat", 9), ("Tabel", 7), ("Sel", 14), ("Uraian", 22), ("Pesan", 38),
    ("Aturan", 22), ("Tertulis", 11), ("Hasil hitung", 11),
)  # fmt: skip
STATUS_FILL = {"selesai": ADDED_FILL, "baru": CHANGED_FILL, "masih ada": "#FFE699"}
KIND_FILL = {"changed": CHANGED_FILL, "added": ADDED_FILL, "removed": REMOVED_FILL}
BASE = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
PER_WIDTH = 1.0  # characters of 10 pt text per unit of column width, wrapped at word ends (names run long)


def write_diff_workbook(result: DiffResult, path: Path, today: dt.date | None = None) -> None:
    """Write the diff workbook atomically.

    Args:
        result: The diff to render.
        path: Output file (never one of the compared files).
        today: The date printed in Ringkasan (default: today).
    """
    with atomic_output(path) as tmp, scratch_folder() as scratch:
        wb = new_workbook(tmp, scratch)
        wb.set_properties(
            {
                "title": "Selisih Revisi LAKIP",
                "subject": "Perubahan antara dua versi lembar kerja LAKIP, oleh lakip-xl",
                "author": "lakip-xl",
                "comments": f"lakip-xl {__version__}",
                "created": dt.datetime(2024, 1, 1),
            }
        )
        st = Styles(wb)
        unit = identitas(result.new.data, "unit") or identitas(result.old.data, "unit")
        with collector_paused():
            _ringkasan(wb, st, result, unit, today or dt.date.today())
            _perubahan(wb, st, result, unit)
            _temuan(wb, st, result, unit)
            fmts = Formats(wb)
            for count in result.tables:
                write_table_sheet(wb, st, fmts, result, count.table_id, unit)
            wb.close()


def _ringkasan(wb: Any, st: Styles, result: DiffResult, unit: str, today: dt.date) -> None:
    ws = wb.add_worksheet(RINGKASAN)
    for c, width in enumerate(FRONT):
        ws.set_column(c, c, width)
    year = identitas(result.new.data, "tahun")
    ws.write_string(0, 0, " ".join(f"Selisih Revisi LAKIP {unit} Tahun {year}".split()), st.title)
    info = [
        ("Unit kerja", unit),
        ("Berkas lama", result.old.path.name),
        ("SHA-256 berkas lama", result.old.sha256),
        ("Berkas baru (revisi)", result.new.path.name),
        ("SHA-256 berkas baru", result.new.sha256),
        ("Tanggal dibandingkan", today.isoformat()),
        ("Versi lakip-xl", __version__),
    ]
    row = 2
    for label, value in info:
        ws.write_string(row, 0, label, st.bold)
        ws.write_string(row, 1, value, st.plain)
        row += 1
    warn = wb.add_format({"bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "top"})
    for note in result.notes:
        row = _line(ws, row + 1, note, warn) - 1
    row += 1
    for label, audit in (("Kesimpulan versi lama", result.old), ("Kesimpulan versi baru", result.new)):
        color = "#375623" if audit.exit_code == 0 else "#C00000"
        fmt = wb.add_format({"bold": True, "font_color": color, "text_wrap": True, "valign": "top"})
        row = _line(ws, row, verdict_line(label, audit), fmt)
    row += 1
    ws.write_string(row, 0, "Temuan audit", st.header)
    ws.write_string(row, 1, "Artinya", st.header)
    ws.write_string(row, 2, "Jumlah", st.header)
    for label, meaning, found in (
        ("Selesai", "ada di versi lama, tidak ada lagi di versi baru", result.resolved),
        ("Baru", "tidak ada di versi lama", result.new_findings),
        ("Masih ada", "ada di kedua versi", result.still_open),
    ):
        row += 1
        ws.write_url(row, 0, f"internal:{quote_sheet(TEMUAN)}!A1", st.link, string=label)
        ws.write_string(row, 1, meaning, st.plain)
        ws.write_number(row, 2, len(found), st.plain)
    row += 2
    headers = ("Lembar (tabel)", "Tabel", "Sel diubah", "Baris ditambah", "Baris dihapus")
    for c, name in enumerate(headers):
        ws.write_string(row, c, name, st.header)
    ws.set_row(row, row_height(*zip(headers, FRONT, strict=True)))
    for count in result.tables:
        row += 1
        ws.write_url(row, 0, f"internal:{quote_sheet(count.sheet)}!A1", st.link, string=count.sheet)
        ws.write_string(row, 1, count.label, st.plain)
        for c, n in enumerate((count.changed, count.added, count.removed), 2):
            ws.write_number(row, c, n, st.plain)
    row += 1
    ws.write_string(row, 0, "Jumlah", st.bold)
    kinds: tuple[ChangeKind, ...] = ("changed", "added", "removed")
    for c, kind in enumerate(kinds, 2):
        ws.write_number(row, c, result.count(kind), st.bold)
    if not result.changes:
        row = _line(ws, row + 1, "Tidak ada sel isian yang berubah, tidak ada baris ditambah atau dihapus.", st.text)
    row += 2
    ws.write_url(row, 0, f"internal:{quote_sheet(PERUBAHAN)}!A1", st.link, string="Daftar semua perubahan")
    row = _line(ws, row + 1, "Hanya sel isian (diketik) yang dibandingkan; hasil rumus bukan perubahan.", st.note)
    setup_page(ws, unit, None, len(FRONT) - 1, row)


def _line(ws: Any, row: int, text: str, fmt: Any) -> int:
    """A line of text across Ringkasan's columns, wrapped; the next free row."""
    ws.merge_range(row, 0, row, len(FRONT) - 1, text, fmt)
    ws.set_row(row, row_height((text, sum(FRONT))))
    return row + 1


def _perubahan(wb: Any, st: Styles, result: DiffResult, unit: str) -> None:
    ws = wb.add_worksheet(PERUBAHAN)
    ws.write_string(0, 0, "Perubahan: setiap sel isian yang berubah, setiap baris ditambah atau dihapus", st.title)
    ws.write_string(1, 0, "Klik sel di kolom terakhir untuk membuka sel itu di lembar tabelnya.", st.note)
    header = 2
    column_headers(ws, header, CHANGE_HEADERS, st.header)
    ws.set_row(header, row_height(*CHANGE_HEADERS, per_width=PER_WIDTH))
    marks = {kind: wb.add_format({**BASE, "bg_color": color, "border": 1}) for kind, color in KIND_FILL.items()}
    numbers: dict[str, Any] = {}

    def number(fmt: str) -> Any:
        if fmt not in numbers:
            numbers[fmt] = wb.add_format({**BASE, "num_format": fmt})
        return numbers[fmt]

    rows = positions(result)
    widths = [w for _, w in CHANGE_HEADERS]
    for n, change in enumerate(result.changes, 1):
        r = header + n
        spec = BY_ID[change.table_id]
        texts = [""] * len(CHANGE_HEADERS)
        texts[2], texts[3] = change.table, change.row_label or ""
        texts[4] = change.header or "(seluruh baris)"
        texts[7], texts[8] = change.cell_old or "-", change.cell_new or "-"
        ws.write_number(r, 0, n, st.plain)
        ws.write_string(r, 1, KIND_MARK[change.kind], marks[change.kind])
        ws.write_string(r, 2, change.table, st.text)
        for c in (3, 4, 7, 8):
            ws.write_string(r, c, texts[c], st.text)
        if change.kind == "changed":
            kind = change.cell_kind or spec.column(change.column or "").kind
            for c, state in ((5, change.old), (6, change.new)):
                texts[c] = _state(ws, r, c, state, number(number_format(kind, state)), st)  # type: ignore[arg-type]
        else:
            c = 6 if change.kind == "added" else 5
            texts[c] = row_values(change, label=False)
            ws.write_string(r, c, texts[c], st.text)
        ws.write_url(r, 9, link_of(change, rows), st.link, string="buka")
        ws.set_row(r, row_height(*((texts[c], widths[c]) for c in range(2, 9)), per_width=PER_WIDTH))
    last = header + max(len(result.changes), 1)
    ws.autofilter(header, 0, last, len(CHANGE_HEADERS) - 1)
    ws.freeze_panes(header + 1, 0)
    setup_page(ws, unit, header, len(CHANGE_HEADERS) - 1, last)


def _state(ws: Any, r: int, c: int, state: State, fmt: Any, st: Styles) -> str:
    """Write a cell's old or new state: a number as a number, text as text, (kosong), (rumus)."""
    if isinstance(state, Formula) or state is None:
        text = "(rumus)" if isinstance(state, Formula) else "(kosong)"
        ws.write_string(r, c, text, st.note)
        return text
    if isinstance(state, str):
        ws.write_string(r, c, state, st.text)
        return state
    ws.write_number(r, c, float(state), fmt)
    return str(state)


def _temuan(wb: Any, st: Styles, result: DiffResult, unit: str) -> None:
    ws = wb.add_worksheet(TEMUAN)
    ws.write_string(0, 0, "Temuan audit kedua versi: selesai, baru, masih ada", st.title)
    ws.write_string(
        1,
        0,
        "Selesai: sel dan letaknya menurut berkas lama. Baru dan masih ada: menurut berkas baru. Temuan dicocokkan "
        "menurut aturan, tabel, baris dan kolom (bukan alamat sel, karena baris dapat bergeser).",
        st.note,
    )
    header = 2
    column_headers(ws, header, FINDING_HEADERS, st.header)
    ws.set_row(header, row_height(*FINDING_HEADERS, per_width=PER_WIDTH))
    base = {**BASE, "border": 1}
    status_fmt = {s: wb.add_format({**base, "bg_color": color}) for s, color in STATUS_FILL.items()}
    severity_fmt = {s: wb.add_format({**base, "bg_color": color}) for s, color in FILLS.items()}
    widths = [w for _, w in FINDING_HEADERS]
    numbers: dict[int, Any] = {}

    def number(places: int) -> Any:
        if places not in numbers:
            numbers[places] = wb.add_format(
                {**base, "border": 0, "num_format": "#,##0" + ("." + "0" * places if places else "")}
            )
        return numbers[places]

    rows: Sequence[tuple[str, Finding]] = [
        *(("selesai", f) for f in result.resolved),
        *(("baru", f) for f in result.new_findings),
        *(("masih ada", f) for f in result.still_open),
    ]
    for n, (status, f) in enumerate(rows, 1):
        r = header + n
        cell = f"{f.where.sheet}!{f.where.cell}" if f.where.cell else f.where.sheet
        texts = [
            "",
            "",
            "",
            f.where.table,
            cell,
            f.where.label or "",
            f.message,
            f.rule,
            f.recorded or "",
            f.expected or "",
        ]
        ws.write_number(r, 0, n, st.plain)
        ws.write_string(r, 1, status, status_fmt[status])
        ws.write_string(r, 2, f.severity.label, severity_fmt[f.severity])
        ws.write_string(r, 3, f.where.table, st.text)
        for c in range(4, 8):
            ws.write_string(r, c, texts[c], st.text)
        for c, value in ((8, f.recorded), (9, f.expected)):
            number_or_text(ws, r, c, value, number, st.text)
        ws.set_row(r, row_height(*((texts[c], widths[c]) for c in range(3, 8)), per_width=PER_WIDTH))
    last = header + max(len(rows), 1)
    ws.autofilter(header, 0, last, len(FINDING_HEADERS) - 1)
    ws.freeze_panes(header + 1, 0)
    setup_page(ws, unit, header, len(FINDING_HEADERS) - 1, last)
