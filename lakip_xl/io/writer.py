"""Write the template, or the template filled with data, with xlsxwriter.

Derived cells hold live formulas (with their recomputed value cached, so a
reader that does not recalculate still sees numbers) unless the data types a
value over them, as staff do. Output is deterministic and written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from lakip_xl import __version__
from lakip_xl.io.atomic import atomic_output
from lakip_xl.io.book import Book
from lakip_xl.io.petunjuk import write_petunjuk
from lakip_xl.io.styles import DEFAULT_HEIGHT, Styles, row_height, validation
from lakip_xl.model.formulas import Refs
from lakip_xl.model.layout import END_MARK, FIRST_DATA_ROW, HEADER_ROW, NOTE_ROW, TITLE_ROW, a1, quote_sheet
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData, WorkbookData
from lakip_xl.tables import ALL, BY_ID

SOURCE_ROW = 2
SOURCE_PREFIX = "Sumber data: "
CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)
WORKBOOK_OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}


def write_workbook(
    path: Path,
    data: WorkbookData | None = None,
    *,
    unit: str | None = None,
    year: int | None = None,
) -> None:
    """Write the template (``data`` None) or a filled workbook to ``path``.

    Args:
        path: Output file; written to a temporary name, then renamed.
        data: Typed values per table id; None writes the empty template.
        unit: Unit name written into Identitas (template only).
        year: Report year written into Identitas (template only).
    """
    tables: dict[str, TableData] = dict(data or {})
    ident = tables.get("identitas") or TableData()
    rows = {str(r.get("kode")): dict(r) for r in ident.rows}
    if unit is not None:
        rows.setdefault("unit", {"kode": "unit"})["nilai"] = unit
    if year is not None:
        rows.setdefault("tahun", {"kode": "tahun"})["nilai"] = year
    if rows:
        order = [f.key for f in BY_ID["identitas"].fixed_rows or ()]
        ident_rows = [rows[k] for k in order if k in rows]
        tables["identitas"] = TableData(rows=ident_rows, source=ident.source)
    with atomic_output(path) as tmp:
        SheetWriter(tmp, tables).write()


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
    """Every table as its sheet lays it out (what the writer writes and its formulas compute over)."""
    return {spec.id: layout_table(spec, data.get(spec.id)) for spec in ALL}


class SheetWriter:
    """Writes the table sheets; the report writer extends it through its hooks."""

    def __init__(self, path: Path, data: dict[str, TableData]) -> None:
        self.path = path
        self.data = data
        self.layout_data = layout_tables(data)
        self.rc = Recomputer(self.layout_data, BY_ID)
        self.wb = Book(str(path), WORKBOOK_OPTIONS)
        self.styles = Styles(self.wb)
        unit = self.rc.param("UNIT") if _has_param("UNIT") else None
        self.unit = str(unit) if unit else ""

    title = "Lembar Kerja LAKIP"
    subject = "Laporan Akuntabilitas Kinerja Instansi Pemerintah"
    comments = f"Dibuat oleh lakip-xl {__version__}"

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
        self.front_sheets()
        for spec in ALL:
            self._sheet(spec)
        self._define_names()
        self.wb.close()

    def front_sheets(self) -> None:
        """The sheets before the tables: the template's Petunjuk."""
        write_petunjuk(self.wb, self.styles, ALL)

    def _define_names(self) -> None:
        for spec in ALL:
            for i, fixed in enumerate(spec.fixed_rows or ()):
                if fixed.name:
                    ref = a1(FIRST_DATA_ROW + i, spec.col_index("nilai"), absolute=True)
                    self.wb.define_name(fixed.name, f"={quote_sheet(spec.sheet)}!{ref}")

    def _sheet(self, spec: TableSpec) -> None:
        ws = self.wb.add_worksheet(spec.sheet)
        tdata = self.layout_data[spec.id]
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
        groups = _groups(spec, rows, end_row)
        for i, row in enumerate(rows):
            group_end, child = groups[i]
            refs = self._refs(spec, FIRST_DATA_ROW + i, end_row if spec.total else None, fixed_pos, group_end, child)
            self._row(ws, spec, i, row, refs)
            self.extra_cells(ws, spec, i, refs)
            _fit_height(ws, spec, FIRST_DATA_ROW + i, row)
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

    def cell_format(self, role: str, kind: Kind, places: int, table_id: str, ref: RowRef, key: str) -> Any:
        """The format of a table cell."""
        del table_id, ref, key
        return self.styles.cell(role, kind, places)

    def after_cell(self, ws: Worksheet, r: int, c: int, table_id: str, ref: RowRef, key: str) -> None:
        """Called after each data or Jumlah cell is written."""

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
        end: int | None,
        child: str | None,
    ) -> Refs:
        return Refs(spec, row, total_row, fixed, end, child, lambda t: BY_ID[t].sheet, BY_ID.__getitem__)

    def _row(self, ws: Worksheet, spec: TableSpec, index: int, row: Mapping[str, Value], refs: Refs) -> None:
        r = FIRST_DATA_ROW + index
        fixed = spec.fixed_row(str(row.get("kode"))) if spec.fixed_rows is not None else None
        for c, col in enumerate(spec.columns):
            kind = spec.kind_at(row, col.key)
            value = row.get(col.key)
            if fixed is not None and col.key in ("kode", "uraian"):
                label = fixed.key if col.key == "kode" else fixed.label
                ws.write_string(r, c, label, self.styles.cell("label", Kind.TEXT))
                continue
            if self.rc.is_derived(spec.id, index, col.key):
                fmt = self.cell_format("derived", kind, _places(value, col.places), spec.id, index, col.key)
                if value is None:
                    cached = self.rc.shown(spec.id, index, col.key)
                    ws.write_formula(r, c, "=" + _formula_text(spec, row, col.key, refs), fmt, cached_value(cached))
                else:
                    _write_value(ws, r, c, value, fmt)
                self.after_cell(ws, r, c, spec.id, index, col.key)
                continue
            fmt = self.cell_format("input", kind, _places(value, col.places), spec.id, index, col.key)
            _write_value(ws, r, c, value, fmt)
            self.after_cell(ws, r, c, spec.id, index, col.key)
            if fixed is not None:
                rule = validation(kind, None if fixed.choices else col, fixed.choices)
                if rule is not None:
                    ws.data_validation(r, c, r, c, rule)

    def _validate_columns(self, ws: Worksheet, spec: TableSpec, end_row: int) -> None:
        """Validation over every data row of each input column (free-row tables)."""
        if spec.fixed_rows is not None:
            return
        last = max(end_row - 1, FIRST_DATA_ROW)
        for c, col in enumerate(spec.columns):
            rule = None if col.derived else validation(col.kind, col)
            if rule is not None:
                ws.data_validation(FIRST_DATA_ROW, c, last, c, rule)

    def _total(self, ws: Worksheet, spec: TableSpec, r: int, typed: Mapping[str, Value]) -> None:
        assert spec.total is not None
        refs = self._refs(spec, r, r, {}, None, None)
        for c, col in enumerate(spec.columns):
            fmt = self.styles.cell("total", col.kind, _places(typed.get(col.key), col.places))
            if col.key == spec.total.label_key:
                ws.write_string(r, c, spec.total.label, fmt)
            elif col.key in typed and typed[col.key] is not None:
                _write_value(ws, r, c, typed[col.key], fmt)
            elif col.key in spec.total.formulas:
                cached = self.rc.shown(spec.id, "total", col.key)
                fmt = self.cell_format("total", col.kind, _places(None, col.places), spec.id, "total", col.key)
                ws.write_formula(r, c, "=" + spec.total.formulas[col.key](refs), fmt, cached_value(cached))
                self.after_cell(ws, r, c, spec.id, "total", col.key)
            else:
                ws.write_blank(r, c, None, fmt)

    def _finish(self, ws: Worksheet, spec: TableSpec) -> None:
        ws.freeze_panes(FIRST_DATA_ROW, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(HEADER_ROW)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        unit = self.unit.replace("&", "&&")
        ws.set_footer(f"&L{unit}&C{spec.sheet.replace('&', '&&')}&RHalaman &P dari &N")
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


def _fit_height(ws: Worksheet, spec: TableSpec, r: int, row: Mapping[str, Value]) -> None:
    """Give a row with long text the height its wrapped lines need (spreadsheets do not do it on load)."""
    texts = [(v, col.width) for col in spec.columns if isinstance(v := row.get(col.key), str) and col.kind.is_text]
    height = row_height(*texts)
    if height > DEFAULT_HEIGHT:
        ws.set_row(r, height)


def _has_param(name: str) -> bool:
    return any(f.name == name for spec in ALL for f in spec.fixed_rows or ())


def _groups(spec: TableSpec, rows: Sequence[Mapping[str, Value]], end_row: int) -> list[tuple[int | None, str | None]]:
    """For each hierarchy row: the row closing its group and its child level."""
    hier = spec.hierarchy
    if hier is None:
        return [(None, None)] * len(rows)
    depths = [
        hier.levels.index(str(r.get(hier.level_key))) if r.get(hier.level_key) in hier.levels else None for r in rows
    ]
    out: list[tuple[int | None, str | None]] = []
    for i, d in enumerate(depths):
        if d is None or d == len(hier.levels) - 1:
            out.append((None, None))
            continue
        close, inner = end_row, []
        for j in range(i + 1, len(rows)):
            dj = depths[j]
            if dj is not None and dj <= d:
                close = FIRST_DATA_ROW + j
                break
            if dj is not None:
                inner.append(dj)
        # The children are the outermost rows of the group (a Kegiatan with no Program above it
        # is a child of the Unit); a row with nothing under it is a leaf and has no group.
        out.append((close, hier.levels[min(inner)]) if inner else (None, None))
    return out


def _places(value: Value, default: int) -> int:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else default
    return default


def cached_value(value: Value) -> Any:
    """A value as xlsxwriter caches it for a formula: "" for none, a float for a decimal."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _formula_text(spec: TableSpec, row: Mapping[str, Value], key: str, refs: Refs) -> str:
    """The formula of a derived cell: a fixed row's own, a parent's SUMIFS, or the column's."""
    if spec.fixed_rows is not None:
        fixed = spec.fixed_row(str(row.get("kode")))
        if key in fixed.formulas:
            return fixed.formulas[key](refs)
    hier = spec.hierarchy
    if hier is not None and key in hier.summed:
        return refs.children(key)
    formula = spec.column(key).formula
    if formula is None:  # pragma: no cover - every derived column has one
        raise ValueError(f"{spec.id}.{key} is derived but has no formula")
    return formula(refs)


def _write_value(ws: Worksheet, r: int, c: int, value: Value, fmt: Any) -> None:
    if value is None:
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)
    elif isinstance(value, bool):  # pragma: no cover - rejected when data is loaded
        ws.write_string(r, c, str(value), fmt)
    else:
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value, fmt)
