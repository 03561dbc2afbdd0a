"""Write the template, or the template filled with data, with xlsxwriter.

Derived cells hold live formulas (with their recomputed value cached, so a
reader that does not recalculate still sees numbers) unless the data types a
value over them, as staff do. Output is deterministic and written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from lakip_xl import __version__
from lakip_xl.io.atomic import atomic_output, scratch_folder
from lakip_xl.io.book import collector_paused
from lakip_xl.io.cells import cached_value, fit_height, formula_text, groups, places_of, write_value
from lakip_xl.io.petunjuk import write_petunjuk
from lakip_xl.io.styles import Styles, validation
from lakip_xl.io.xlsxout import footer, new_workbook
from lakip_xl.model import layout
from lakip_xl.model.errors import LakipError
from lakip_xl.model.formulas import Refs
from lakip_xl.model.layout import END_MARK, FIRST_DATA_ROW, HEADER_ROW, NOTE_ROW, TITLE_ROW, a1, quote_sheet
from lakip_xl.model.numbers import id_number
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData, WorkbookData
from lakip_xl.tables import ALL, BY_ID
from lakip_xl.tables.anggaran import BudgetSize, sized_rows
from lakip_xl.tables.profiles import DEFAULT as DEFAULT_PROFILE
from lakip_xl.tables.profiles import TABEL_WAJIB, profile_of, specs_for

SOURCE_ROW = 2
SOURCE_PREFIX = "Sumber data: "
CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)


def write_workbook(
    path: Path,
    data: WorkbookData | None = None,
    *,
    unit: str | None = None,
    year: int | None = None,
    profile: str | None = None,
    size: BudgetSize | None = None,
) -> None:
    """Write the template (``data`` None) or a filled workbook to ``path``.

    Args:
        path: Output file; written to a temporary name, then renamed.
        data: Typed values per table id; None writes the empty template.
        unit: Unit name written into Identitas (template only).
        year: Report year written into Identitas (template only).
        profile: The template's profile (kecamatan or opd): its sheets, its required tables.
        size: Rows of the budget tables for the unit's programs, kegiatan and subkegiatan (template only).
    """
    tables: dict[str, TableData] = dict(data or {})
    if data is None and size is not None:
        for spec in specs_for({"identitas": TableData(rows=[{"kode": "profil", "nilai": profile or DEFAULT_PROFILE}])}):
            sized = sized_rows(spec, size)
            if sized is not None:
                tables[spec.id] = TableData(rows=sized)
    if data is None and profile is None:
        profile = DEFAULT_PROFILE
    ident = tables.get("identitas") or TableData()
    rows = {str(r.get("kode")): dict(r) for r in ident.rows}
    if unit is not None:
        rows.setdefault("unit", {"kode": "unit"})["nilai"] = unit
    if year is not None:
        rows.setdefault("tahun", {"kode": "tahun"})["nilai"] = year
    if profile is not None:
        rows.setdefault("profil", {"kode": "profil"})["nilai"] = profile
    if rows:
        order = [f.key for f in BY_ID["identitas"].fixed_rows or ()]
        ident_rows = [rows[k] for k in order if k in rows]
        tables["identitas"] = TableData(rows=ident_rows, source=ident.source)
    if "parameter" not in tables:
        tables["parameter"] = _parameter_defaults(profile_of(tables))
    with atomic_output(path) as tmp, scratch_folder() as scratch:
        SheetWriter(tmp, tables, scratch).write()


def _parameter_defaults(profile: str) -> TableData:
    """The Parameter sheet's defaults, with the profile's required tables."""
    spec = BY_ID["parameter"]
    rows: list[dict[str, Value]] = []
    for fixed in spec.fixed_rows or ():
        value = TABEL_WAJIB[profile] if fixed.key == "tabel_wajib" else fixed.default
        rows.append({"kode": fixed.key} if value is None else {"kode": fixed.key, "nilai": value})
    return TableData(rows=rows)


def layout_table(spec: TableSpec, given: TableData | None) -> TableData:
    """The rows a sheet gets: the data's, else defaults, else blanks."""
    if spec.fixed_rows is not None:
        known = {str(r.get("kode")): r for r in (given.rows if given else ())}
        defaults = {} if given else {str(r.get("kode")): r for r in spec.default_rows}
        rows: list[dict[str, Value]] = []
        for fixed in spec.fixed_rows:
            row: dict[str, Value] = {"kode": fixed.key}
            if fixed.key in known:
                row.update(known[fixed.key])
            elif fixed.key in defaults:
                row.update(defaults[fixed.key])
            elif fixed.default is not None and given is None:
                row["nilai"] = fixed.default
            rows.append(row)
        return TableData(rows=rows, total=given.total if given else None, source=given.source if given else "")
    if given is not None:
        return TableData(rows=[dict(r) for r in given.rows], total=given.total, source=given.source)
    if spec.default_rows:
        return TableData(rows=[dict(r) for r in spec.default_rows])
    return TableData(rows=[{} for _ in range(spec.blank_rows)])


def layout_tables(data: Mapping[str, TableData]) -> dict[str, TableData]:
    """Every table of the workbook's profile as its sheet lays it out (what the writer writes)."""
    return {spec.id: layout_table(spec, data.get(spec.id)) for spec in specs_for(data)}


class SheetWriter:
    """Writes the table sheets; the report writer extends it through its hooks."""

    def __init__(self, path: Path, data: dict[str, TableData], scratch: Path | None = None) -> None:
        self.path = path
        self.data = data
        self.specs = specs_for(data)
        self.layout_data = layout_tables(data)
        _check_rows(self.specs, self.layout_data)
        self.rc = Recomputer(self.layout_data, BY_ID, memo_all=True)
        self._formats: dict[tuple[int, bool, int], Any] = {}  # plain style of (column, derived, places), one sheet
        self.wb = new_workbook(path, scratch)
        self.styles = Styles(self.wb)
        unit = self.rc.param("UNIT") if _has_param("UNIT") else None
        self.unit = str(unit) if unit else ""
        self.rows_done = self.rows_all = 0

    title = "Lembar Kerja LAKIP"
    subject = "Laporan Akuntabilitas Kinerja Instansi Pemerintah"
    comments = f"Dibuat oleh lakip-xl {__version__}"
    progress: Callable[[str, int, int], None] | None = None
    """Told (sheet or step, rows written, rows in all) as the table sheets are written: a display's hook."""
    TICK = 2000  # rows between two calls of ``progress`` inside a sheet

    def write(self) -> None:
        """Write the whole workbook and close it."""
        self.wb.set_properties(
            {
                "title": self.title,
                "subject": self.subject,
                "author": "lakip-xl",
                "company": "",
                "comments": self.comments,
                "created": CREATED,
            }
        )
        self.wb.set_calc_mode("auto")
        self.rows_done, self.rows_all = 0, sum(len(self.layout_data[spec.id].rows) for spec in self.specs)
        with collector_paused():
            self.front_sheets()
            for spec in self.specs:
                self._sheet(spec)
                self.rows_done += len(self.layout_data[spec.id].rows)
            self._define_names()
            if self.progress is not None:
                self.progress("", self.rows_all, self.rows_all)  # what is left: xlsxwriter assembles the file
            self.wb.close()

    def front_sheets(self) -> None:
        """The sheets before the tables: the template's Petunjuk."""
        write_petunjuk(self.wb, self.styles, self.specs)

    def _define_names(self) -> None:
        for spec in self.specs:
            for i, fixed in enumerate(spec.fixed_rows or ()):
                if fixed.name:
                    ref = a1(FIRST_DATA_ROW + i, spec.col_index("nilai"), absolute=True)
                    self.wb.define_name(fixed.name, f"={quote_sheet(spec.sheet)}!{ref}")

    def _sheet(self, spec: TableSpec) -> None:
        ws = self.wb.add_worksheet(spec.sheet)
        tdata = self.layout_data[spec.id]
        self._formats = {}
        ws.write_string(TITLE_ROW, 0, spec.title, self.styles.title)
        ws.write_string(NOTE_ROW, 0, spec.description, self.styles.note)
        if tdata.source:
            ws.write_string(SOURCE_ROW, 0, SOURCE_PREFIX + tdata.source, self.styles.note)
        for c, col in enumerate(spec.columns):
            ws.set_column(c, c, col.width)
            ws.write_string(HEADER_ROW, c, col.header, self.styles.header)
        ws.set_row(HEADER_ROW, 42)
        rows = tdata.rows
        end_row = FIRST_DATA_ROW + len(rows)
        fixed_pos = {str(r.get("kode")): FIRST_DATA_ROW + i for i, r in enumerate(rows)}
        closing = groups(spec, rows)
        for i, row in enumerate(rows):
            if self.progress is not None and i % self.TICK == 0:
                self.progress(spec.sheet, self.rows_done + i, self.rows_all)
            stops, child = closing[i]
            total_row = end_row if spec.total else None
            refs = self._refs(spec, FIRST_DATA_ROW + i, total_row, fixed_pos, stops, child, end_row)
            self._row(ws, spec, i, row, refs)
            self.extra_cells(ws, spec, i, refs)
            fit_height(ws, spec, FIRST_DATA_ROW + i, row)
        if spec.total is not None:
            self._total(ws, spec, end_row, tdata.total or {})
        elif spec.hierarchy is not None:
            ws.write_string(end_row, spec.col_index("uraian"), END_MARK, self.styles.end_mark)
        self.extra_headers(ws, spec)
        self._validate_columns(ws, spec, end_row)
        self._finish(ws, spec)
        last_col = len(spec.columns) + len(self.extra_columns(spec)) - 1
        ws.print_area(0, 0, max(end_row, FIRST_DATA_ROW), last_col)

    # Hooks: the template writes plain cells; the report colours findings and adds columns.

    def marked(self, table_id: str, ref: RowRef) -> Collection[str]:
        """The keys of a row whose cells get :meth:`cell_format` and :meth:`after_cell` (none in the template)."""
        del table_id, ref
        return ()

    def cell_format(self, role: str, kind: Kind, places: int, table_id: str, ref: RowRef, key: str) -> Any:
        """The format of a marked table cell (every other cell gets its plain style)."""
        del table_id, ref, key
        return self.styles.cell(role, kind, places)

    def after_cell(self, ws: Worksheet, r: int, c: int, table_id: str, ref: RowRef, key: str) -> None:
        """Called after each marked data or Jumlah cell is written."""

    def extra_cells(self, ws: Worksheet, spec: TableSpec, index: int, refs: Refs) -> None:
        """Called after each data row is written."""

    def extra_headers(self, ws: Worksheet, spec: TableSpec) -> None:
        """Called once the rows of a sheet are written."""

    def extra_columns(self, spec: TableSpec) -> tuple[Any, ...]:
        """Columns added to the right of a table (none in the template)."""
        del spec
        return ()

    def _refs(
        self,
        spec: TableSpec,
        row: int,
        total_row: int | None,
        fixed: dict[str, int],
        stops: tuple[str, ...] | None,
        child: str | None,
        end_row: int | None = None,
    ) -> Refs:
        return Refs(spec, row, total_row, fixed, stops, child, lambda t: BY_ID[t].sheet, BY_ID.__getitem__, end_row)

    def _row(self, ws: Worksheet, spec: TableSpec, index: int, row: Mapping[str, Value], refs: Refs) -> None:
        if spec.fixed_rows is not None:
            self._fixed_row(ws, spec, index, row, refs)
            return
        r = FIRST_DATA_ROW + index
        derived = self.rc.derived_keys(spec.id, index)
        marked = self.marked(spec.id, index)
        formats = self._formats
        for c, col in enumerate(spec.columns):
            key = col.key
            value = row.get(key)
            is_derived = key in derived
            places = col.places if value.__class__ is not Decimal else places_of(value, col.places)
            if key in marked:
                fmt = self.cell_format("derived" if is_derived else "input", col.kind, places, spec.id, index, key)
            else:
                fmt = formats.get((c, is_derived, places))
                if fmt is None:
                    fmt = formats[(c, is_derived, places)] = self.styles.cell(
                        "derived" if is_derived else "input", col.kind, places
                    )
            if is_derived and value is None:
                cached = self.rc.shown(spec.id, index, key)
                ws.write_formula(r, c, "=" + formula_text(spec, row, key, refs), fmt, cached_value(cached))
            else:
                write_value(ws, r, c, value, fmt)
            if key in marked:
                self.after_cell(ws, r, c, spec.id, index, key)

    def _fixed_row(self, ws: Worksheet, spec: TableSpec, index: int, row: Mapping[str, Value], refs: Refs) -> None:
        """A row of a fixed-row table: its label cells, its own kinds, formulas and validation."""
        r = FIRST_DATA_ROW + index
        fixed = spec.fixed_row(str(row.get("kode")))
        marked = self.marked(spec.id, index)
        for c, col in enumerate(spec.columns):
            kind = spec.kind_at(row, col.key)
            value = row.get(col.key)
            if col.key in ("kode", "uraian"):
                label = fixed.key if col.key == "kode" else fixed.label
                if col.key in marked:  # a finding about the row itself is marked on its label
                    ws.write_string(r, c, label, self.cell_format("label", Kind.TEXT, 0, spec.id, index, col.key))
                    self.after_cell(ws, r, c, spec.id, index, col.key)
                else:
                    ws.write_string(r, c, label, self.styles.cell("label", Kind.TEXT))
                continue
            role = "derived" if self.rc.is_derived(spec.id, index, col.key) else "input"
            if col.key in marked:
                fmt = self.cell_format(role, kind, places_of(value, col.places), spec.id, index, col.key)
            else:
                fmt = self.styles.cell(role, kind, places_of(value, col.places))
            if role == "derived" and value is None:
                cached = self.rc.shown(spec.id, index, col.key)
                ws.write_formula(r, c, "=" + formula_text(spec, row, col.key, refs), fmt, cached_value(cached))
            else:
                write_value(ws, r, c, value, fmt)
            if col.key in marked:
                self.after_cell(ws, r, c, spec.id, index, col.key)
            if role == "input":
                rule = validation(kind, None if fixed.choices else col, fixed.choices, marks=spec.takes_not_measured)
                if rule is not None:
                    ws.data_validation(r, c, r, c, rule)

    def _validate_columns(self, ws: Worksheet, spec: TableSpec, end_row: int) -> None:
        """Validation over every data row of each input column (free-row tables)."""
        if spec.fixed_rows is not None:
            return
        last = max(end_row - 1, FIRST_DATA_ROW)
        for c, col in enumerate(spec.columns):
            rule = None if col.derived else validation(col.kind, col, marks=spec.takes_not_measured)
            if rule is not None:
                ws.data_validation(FIRST_DATA_ROW, c, last, c, rule)

    def _total(self, ws: Worksheet, spec: TableSpec, r: int, typed: Mapping[str, Value]) -> None:
        assert spec.total is not None
        refs = self._refs(spec, r, r, {}, None, None)
        marked = self.marked(spec.id, "total")
        for c, col in enumerate(spec.columns):
            places = places_of(typed.get(col.key), col.places)
            if col.key in marked:  # a typed Jumlah a finding is about is marked as much as a formula
                fmt = self.cell_format("total", col.kind, places, spec.id, "total", col.key)
            else:
                fmt = self.styles.cell("total", col.kind, places)
            if col.key == spec.total.label_key:
                ws.write_string(r, c, spec.total.label, fmt)
            elif col.key in typed and typed[col.key] is not None:
                write_value(ws, r, c, typed[col.key], fmt)
            elif col.key in spec.total.formulas:
                cached = self.rc.shown(spec.id, "total", col.key)
                ws.write_formula(r, c, "=" + spec.total.formulas[col.key](refs), fmt, cached_value(cached))
            else:
                ws.write_blank(r, c, None, fmt)
            if col.key in marked:
                self.after_cell(ws, r, c, spec.id, "total", col.key)

    def _finish(self, ws: Worksheet, spec: TableSpec) -> None:
        ws.freeze_panes(FIRST_DATA_ROW, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer(footer(self.unit, spec.sheet))
        ws.protect(
            "",
            {
                "insert_rows": True,
                "delete_rows": True,
                "format_rows": True,
                "format_columns": True,
                "select_locked_cells": True,
                "select_unlocked_cells": True,
            },
        )


def _check_rows(specs: Collection[TableSpec], tables: Mapping[str, TableData]) -> None:
    """Refuse a table whose sheet would run past the rows ``lakip-xl audit`` reads (:data:`layout.MAX_ROWS`).

    Raises:
        LakipError: A table has more rows than its sheet may hold.
    """
    for spec in specs:
        rows = len(tables[spec.id].rows)
        last = FIRST_DATA_ROW + rows + (1 if spec.total is not None or spec.hierarchy is not None else 0)
        if last > layout.MAX_ROWS:
            room = layout.MAX_ROWS - (last - rows)
            raise LakipError(
                f"Tabel {spec.seed}: {id_number(rows)} baris tidak muat di lembar '{spec.sheet}': paling banyak "
                f"{id_number(room)} baris (batas {id_number(layout.MAX_ROWS)} baris per lembar, yang dibaca audit)"
            )


def _has_param(name: str) -> bool:
    return any(f.name == name for spec in ALL for f in spec.fixed_rows or ())
