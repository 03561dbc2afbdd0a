"""Read a filled workbook back into typed data, guided by the table specs.

The reader finds each sheet by name (or by its title in A1 when renamed),
finds the header row by its texts (so inserted columns and moved headers are
tolerated), and reads rows until the Jumlah line or the end mark, skipping
blank rows. Numbers typed as Indonesian text are read as numbers; a dropdown
value typed in another case is read as its choice ("SUB KEGIATAN" as "Sub
Kegiatan"), as the sheet's formulas compare text (ignoring case, not spaces:
a strict dropdown's "Sub Kegiatan " keeps its space). Cells holding data that no
table row reads (under the end, beside the columns, a fixed-row table's
unknown row) are noted in ``placement.unread`` for the audit to report.

Two modes: ``cached=False`` (export) reads a derived cell that still holds its
formula as absent; ``cached=True`` (audit) reads the formula's cached value,
so a broken formula is judged by what it shows. A fixed row (a line of a form
such as 3.3's Belanja Langsung) holding nothing typed is left out in export,
where ``fill`` writes its formulas back, but read in the audit when it holds a
formula: what refers to it then sees its value, or its recomputation.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lakip_xl.io.decode import ENUM, WHOLE, code_of, fast_decode
from lakip_xl.io.decode import plan as decode_plan
from lakip_xl.io.formats import format_info
from lakip_xl.io.ours import OwnOutputError
from lakip_xl.io.outside import Outside
from lakip_xl.io.package import open_package
from lakip_xl.io.sheetxml import is_date_format
from lakip_xl.io.xlsx import SheetGrid, line_value
from lakip_xl.model import layout
from lakip_xl.model.compare import canonical_choice, fold_spaces
from lakip_xl.model.dates import DATE_TYPES, NoDate, cell_text, explain, no_date, shown
from lakip_xl.model.errors import LakipError
from lakip_xl.model.layout import END_MARK, a1
from lakip_xl.model.numbers import float_to_decimal, is_dash
from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import FixedRow, Kind, TableSpec, Value
from lakip_xl.model.workbook import Placement, RowRef, TableData, WorkbookData
from lakip_xl.tables import ALL, BY_ID

SOURCE_PREFIX = "Sumber data: "
OTHER_SHEETS = frozenset({"Petunjuk", "Ringkasan", "Catatan"})  # sheets of the template and report that are no table
HEADER_SCAN = 12


def read_workbook(path: Path, *, cached: bool = False, strict: bool = True) -> WorkbookData:
    """Read every table of a workbook made from the template.

    Args:
        path: The workbook.
        cached: Read formula cells as their cached values (audit mode).
        strict: Raise on a cell that does not fit its column (export); when
            False the text is kept and noted in ``placement.bad``.

    Raises:
        LakipError: The file cannot be used (a report or rekap of lakip-xl included: ``OwnOutputError``), or
            (strict) a cell does not fit.
    """
    try:
        return _read(path, cached, strict)
    except LakipError as exc:
        exc.file = exc.file or path.name
        raise


def _read(path: Path, cached: bool, strict: bool) -> WorkbookData:
    with open_package(path) as pkg:
        kind = pkg.our_output()
        if kind is not None:  # our report or rekap given back: its own columns would be wrong findings
            raise OwnOutputError(kind, path.name)
        out: WorkbookData = {}
        known = {spec.sheet for spec in ALL}
        by_title: dict[str, list[str]] = {}  # sheets not named as a table, by their title (a renamed or copied table)
        for n in pkg.sheets:
            if n not in known and n not in OTHER_SHEETS:
                by_title.setdefault(_title(pkg.grid(n)), []).append(n)
        for spec in ALL:
            names = ([spec.sheet] if spec.sheet in pkg.sheets else []) + by_title.get(spec.title, [])
            if not names:
                continue
            table = out[spec.id] = read_table(spec, pkg.grid(names[0]), cached=cached, strict=strict)
            if table.placement is not None:
                table.placement.duplicates = names[1:]
        return out


def _title(grid: SheetGrid) -> str:
    value = grid.value(0, 0)
    return value.strip() if isinstance(value, str) else ""


def read_table(spec: TableSpec, grid: SheetGrid, *, cached: bool = False, strict: bool = True) -> TableData:
    """Turn a sheet's cells into a table's typed rows; note the cells holding data it does not read."""
    header_row, columns = _header(spec, grid)
    place = Placement(grid.name, columns=columns)
    source = ""
    for r in range(header_row):
        value = grid.value(r, 0)
        if isinstance(value, str) and value.startswith(SOURCE_PREFIX):
            source = value[len(SOURCE_PREFIX) :]
    rows = RowStore(spec.keys, *_number_keys(spec.id))
    total: dict[str, Value] | None = None
    label_col = columns.get(spec.total.label_key, 0) if spec.total else -1
    width = max(columns.values()) + 1
    total_label = fold_spaces(spec.total.label) if spec.total else None
    cells = _cells(spec, columns, _row_keys(spec.id))
    outside = Outside(header_row, columns.values(), grid.head[header_row])
    lines = grid.rows(header_row + 1)
    for r, line in lines:
        if END_MARK in line[:width]:
            outside.end_row(r, line, (line.index(END_MARK),))
            break
        label = line[label_col] if 0 <= label_col < len(line) else None
        if label.__class__ is str and fold_spaces(label) == total_label:
            place.total = r
            total_cells = _cells(spec, columns, tuple(spec.total.computes))  # type: ignore[union-attr]
            total, _ = _read_cells(spec, grid, r, line, "total", {}, place, cached, strict, total_cells)
            outside.end_row(r, line, (label_col, *(c for _, c, _, _, _ in total_cells)))
            break
        outside.data_row(r, line)
        row = _read_row(spec, grid, r, line, len(rows), place, cached, strict, cells, outside)
        if row is not None:
            rows.append(row)
            place.rows.append(r)
    for r, line in lines:
        outside.below(r, line)
    outside.far(grid.far, layout.MAX_ROWS)
    outside.formulas(grid.formulas)
    outside.formulas(grid.errors)
    place.unread = outside.blocks()
    for r1, c1, r2, c2 in grid.merged:
        if r2 > header_row:
            place.merged.append(f"{a1(r1, c1)}:{a1(r2, c2)}")
    return TableData(rows=rows, total=total, source=source, placement=place)


def _header(spec: TableSpec, grid: SheetGrid) -> tuple[int, dict[str, int]]:
    wanted = {fold_spaces(c.header): c.key for c in spec.columns}
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, line in enumerate(grid.head[:HEADER_SCAN]):
        found: dict[str, int] = {}
        for i, v in enumerate(line):
            key = wanted.get(fold_spaces(v)) if isinstance(v, str) else None
            if key is not None and key not in found:
                found[key] = i
        if len(found) > len(best[1]):
            best = (r, found)
    row, columns = best
    if row < 0 or len(columns) < max(1, (len(spec.columns) + 1) // 2):
        raise LakipError(
            f"Baris judul kolom tabel {spec.seed} tidak ditemukan; judul kolom harus seperti di template",
            grid.name,
            "A4",
        )
    return row, columns


Cells = list[tuple[str, int, int, Kind, tuple[str, ...]]]
"""(key, sheet column, decoding code, kind, dropdown choices) of the cells read from a row."""


def _cells(spec: TableSpec, columns: dict[str, int], keys: tuple[str, ...]) -> Cells:
    """The plan for reading ``keys`` from a row, for the columns found on the sheet."""
    plan = decode_plan(spec.id, keys)
    return [(key, columns[key], code, kind, choices) for key, code, kind, choices in plan if key in columns]


def _read_row(
    spec: TableSpec,
    grid: SheetGrid,
    r: int,
    line: list[Any],
    ref: int,
    place: Placement,
    cached: bool,
    strict: bool,
    cells: Cells,
    outside: Outside,
) -> dict[str, Value] | None:
    if spec.fixed_rows is None:
        row, has_input = _read_cells(spec, grid, r, line, ref, {}, place, cached, strict, cells)
        return row if has_input else None  # blank, or only the level of an unused template row
    kode = line_value(line, place.columns.get("kode", 0))
    fixed = _fixed_rows(spec.id).get(kode) if kode.__class__ is str else None
    if fixed is None:
        outside.unknown_row(r, line, kode)
        return None
    if fixed.key in place.seen:  # a copied line: the first is read, this one named (never silently picked)
        outside.unknown_row(r, line, kode, "again")
        return None
    row, has_input = _read_cells(spec, grid, r, line, ref, {"kode": fixed.key}, place, cached, strict, cells)
    if not has_input and not (cached and _holds_formula(grid, r, cells)):
        # Nothing typed. In the audit a line of the form that still holds its formulas is read all the same:
        # the cells that refer to it (3.3's Jumlah = BTL + BL) see what it shows, or its recomputation.
        place.empty.setdefault(fixed.key, r)
        return None
    place.seen.add(fixed.key)
    if fixed.choices:
        for key, value in row.items():
            if key != "kode" and value.__class__ is str:
                row[key] = canonical_choice(str(value), fixed.choices)
    return row


def _holds_formula(grid: SheetGrid, r: int, cells: Cells) -> bool:
    """True when a cell read from row ``r`` holds a formula."""
    return r in grid.marked and any(grid.key(r, c) in grid.formulas for _, c, _, _, _ in cells)


@cache
def _fixed_rows(table_id: str) -> dict[str, FixedRow]:
    """The fixed rows of a table by kode."""
    return {f.key: f for f in BY_ID[table_id].fixed_rows or ()}


@cache
def _derivable(table_id: str) -> frozenset[str]:
    """Keys that are derived on some row of a table (a blank one there is noted for the audit)."""
    spec = BY_ID[table_id]
    keys = {c.key for c in spec.columns if c.derived} | set(spec.hierarchy.summed if spec.hierarchy else ())
    keys |= {k for f in spec.fixed_rows or () for k in f.formulas} | set(spec.total.computes if spec.total else ())
    return frozenset(keys)


@cache
def _number_keys(table_id: str) -> tuple[frozenset[str], frozenset[str]]:
    """Keys stored as machine integers, and as decimals (none for tables whose kinds vary by row)."""
    spec = BY_ID[table_id]
    if spec.fixed_rows is not None:
        return frozenset(), frozenset()
    return (
        frozenset(c.key for c in spec.columns if c.kind.is_integer),
        frozenset(c.key for c in spec.columns if c.kind.is_decimal),
    )


@cache
def _row_keys(table_id: str) -> tuple[str, ...]:
    """Keys read from a data row (a fixed row's kode and label come from the spec, not the sheet)."""
    spec = BY_ID[table_id]
    skip = {"kode", "uraian"} if spec.fixed_rows is not None else set()
    return tuple(c.key for c in spec.columns if c.key not in skip)


def _read_cells(
    spec: TableSpec,
    grid: SheetGrid,
    r: int,
    line: list[Any],
    ref: RowRef,
    head: dict[str, Value],
    place: Placement,
    cached: bool,
    strict: bool,
    cells: Cells,
) -> tuple[dict[str, Value], bool]:
    """Read the ``cells`` of sheet row ``r``; also say whether any input was typed."""
    row = dict(head)
    width = len(line)
    formats, texts = grid.formats, grid.texts
    marked = r in grid.marked  # the row holds a formula or an error value somewhere
    per_row_kinds = spec.fixed_rows is not None and ref != "total"
    level = spec.hierarchy.level_key if spec.hierarchy else None
    base = r << 14
    has_input = False
    derivable = _derivable(spec.id) if cached else frozenset()
    blanks: list[str] = []
    for key, c, code, kind, choices in cells:
        is_formula = False
        if marked:
            k = base | c
            if k in grid.errors:
                place.errors[(ref, key)] = grid.errors[k]
                has_input = True
                continue
            is_formula = k in grid.formulas
            if is_formula:
                if k in grid.external:
                    place.external.add((ref, key))
                    has_input = True  # a link typed by a person: the row stays, so the finding names its cell
                    continue
                if not cached:
                    continue
                if k in grid.uncached:
                    place.uncached.add((ref, key))
                    continue
        raw = line[c] if c < width else ""
        if raw == "" or raw is None or (raw.__class__ is str and not raw.strip()):
            if not is_formula and key in derivable:
                blanks.append(key)
            continue
        if is_formula:
            place.cached.add(r, c)
        elif key != level:
            has_input = True
        if per_row_kinds:
            kind = spec.kind_at(row, key)
            code = code_of(kind, spec.takes_not_measured)
        number_format = formats.get(base | c) if formats else None
        if raw.__class__ in DATE_TYPES or (
            number_format is not None and raw.__class__ is float and no_date(raw) and not kind.is_text
            and is_date_format(number_format)
        ):  # fmt: skip
            when: Any = raw
            if raw.__class__ not in DATE_TYPES:  # a number past 31-12-9999: the cell shows ####
                when = NoDate(when)
            if strict:  # never converted silently: kept as shown, and named
                raise LakipError(explain(when, spec.column(key).header, kind.is_text), grid.name, a1(r, c))
            place.dates[(ref, key)] = when
            row[key] = text = shown(when)
            if not kind.is_text:
                place.bad[(ref, key)] = text
            continue
        value = fast_decode(code, kind, raw, number_format)
        if cached and code >= WHOLE and (raw.__class__ is str or "%" in (number_format or "")) and not is_formula:
            _note_sheet_view(place, (ref, key), raw, value, number_format)
        if value is None:
            if strict:
                raise LakipError(
                    f"Isi {cell_text(raw)} tidak sesuai kolom '{spec.column(key).header}'", grid.name, a1(r, c)
                )
            kept = raw if raw.__class__ is str else cell_text(raw)  # TRUE, 1.500,5: as the cell shows it
            place.bad[(ref, key)] = row[key] = kept
            continue
        if isinstance(value, str):
            if code == ENUM and choices:
                if raw.__class__ is str and len(raw) != len(value) and spec.column(key).strict:
                    value = raw  # "Sub Kegiatan ": no choice to the sheet's formulas either; validation names it
                value = canonical_choice(value, choices)
            value = texts.setdefault(value, value)
        row[key] = value
    if blanks and (has_input or ref == "total"):
        place.blank.update((ref, key) for key in blanks)
    return row, has_input


def _note_sheet_view(
    place: Placement, cell: tuple[RowRef, str], raw: Any, value: Value, number_format: str | None
) -> None:
    """Note a number the sheet's formulas see otherwise than the reader: typed as text, or in a % format.

    A "-" (nihil) in a rupiah or count cell is text the formulas take as 0 (SUM and SUMIFS skip it, N() and
    the ratios read 0), as the reader does: it is no number typed as text.
    """
    if value is None or value.__class__ is str or is_dash(raw):
        return
    if raw.__class__ is str:
        place.as_text.add(cell)
    elif raw.__class__ is float and number_format is not None and format_info(number_format)[1]:
        place.as_percent[cell] = float_to_decimal(raw)
