"""Read a filled workbook back into typed data, guided by the table specs.

The reader finds each sheet by name (or by its title in A1 when renamed),
finds the header row by its texts (so inserted columns and moved headers are
tolerated), and reads rows until the Jumlah line or the end mark, skipping
blank rows. Numbers typed as Indonesian text are read as numbers.

Two modes: ``cached=False`` (export) reads a derived cell that still holds its
formula as absent; ``cached=True`` (audit) reads the formula's cached value,
so a broken formula is judged by what it shows.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from lakip_xl.errors import LakipError
from lakip_xl.layout import END_MARK, a1
from lakip_xl.model import Kind, TableSpec, Value
from lakip_xl.numbers import float_to_decimal, parse_id_number
from lakip_xl.recompute import Placement, RowRef, TableData, WorkbookData
from lakip_xl.tables import ALL
from lakip_xl.xlsx import Package, SheetGrid

SOURCE_PREFIX = "Sumber data: "
HEADER_SCAN = 12


def read_workbook(path: Path, *, cached: bool = False, strict: bool = True) -> WorkbookData:
    """Read every table of a workbook made from the template.

    Args:
        path: The workbook.
        cached: Read formula cells as their cached values (audit mode).
        strict: Raise on a cell that does not fit its column (export); when
            False the text is kept and noted in ``placement.bad``.

    Raises:
        LakipError: The file cannot be used, or (strict) a cell does not fit.
    """
    with Package(path) as pkg:
        out: WorkbookData = {}
        titles: dict[str, str] | None = None
        for spec in ALL:
            name: str | None = spec.sheet if spec.sheet in pkg.sheets else None
            if name is None:
                if titles is None:
                    titles = {_title(pkg.grid(n)): n for n in pkg.sheets}
                name = titles.get(spec.title)
            if name is None:
                continue
            out[spec.id] = read_table(spec, pkg.grid(name), cached=cached, strict=strict)
        return out


def _title(grid: SheetGrid) -> str:
    value = grid.value(0, 0)
    return value.strip() if isinstance(value, str) else ""


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold() if text is not None else ""


def read_table(spec: TableSpec, grid: SheetGrid, *, cached: bool = False, strict: bool = True) -> TableData:
    """Turn a sheet's cells into a table's typed rows."""
    header_row, columns = _header(spec, grid)
    place = Placement(grid.name, columns=columns)
    source = ""
    for r in range(header_row):
        value = grid.value(r, 0)
        if isinstance(value, str) and value.startswith(SOURCE_PREFIX):
            source = value[len(SOURCE_PREFIX) :]
    rows: list[dict[str, Value]] = []
    total: dict[str, Value] | None = None
    label_col = columns.get(spec.total.label_key) if spec.total else None
    width = max(columns.values()) + 1
    for r in range(header_row + 1, len(grid.values)):
        line = grid.values[r]
        if END_MARK in line[:width]:
            break
        if spec.total is not None and _norm(grid.value(r, label_col or 0)) == _norm(spec.total.label):
            place.total = r
            total = _read_cells(spec, grid, r, "total", {}, place, cached, strict, spec.total.computes)
            break
        ref = len(rows)
        row = _read_row(spec, grid, r, ref, place, cached, strict)
        if row is not None:
            rows.append(row)
            place.rows.append(r)
    return TableData(rows=rows, total=total, source=source, placement=place)


def _header(spec: TableSpec, grid: SheetGrid) -> tuple[int, dict[str, int]]:
    wanted = {_norm(c.header): c.key for c in spec.columns}
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, line in enumerate(grid.values[:HEADER_SCAN]):
        found: dict[str, int] = {}
        for i, v in enumerate(line):
            key = wanted.get(_norm(v)) if isinstance(v, str) else None
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


def _read_row(
    spec: TableSpec, grid: SheetGrid, r: int, ref: int, place: Placement, cached: bool, strict: bool
) -> dict[str, Value] | None:
    cols = place.columns
    level = spec.hierarchy.level_key if spec.hierarchy else None
    if all(grid.value(r, c) is None or SheetGrid.key(r, c) in grid.formulas for k, c in cols.items() if k != level):
        return None  # blank, or only the level of an unused template row
    head: dict[str, Value] = {}
    if spec.fixed_rows is not None:
        kode = grid.value(r, cols.get("kode", 0))
        if kode not in {f.key for f in spec.fixed_rows}:
            return None
        head["kode"] = str(kode)
    keys = [c.key for c in spec.columns if c.key not in head and not (spec.fixed_rows and c.key == "uraian")]
    row = _read_cells(spec, grid, r, ref, head, place, cached, strict, keys)
    if spec.fixed_rows is not None and len(row) == 1:
        return None
    return row


def _read_cells(
    spec: TableSpec,
    grid: SheetGrid,
    r: int,
    ref: RowRef,
    head: dict[str, Value],
    place: Placement,
    cached: bool,
    strict: bool,
    keys: Any,
) -> dict[str, Value]:
    row = dict(head)
    for key in keys:
        c = place.columns.get(key)
        if c is None:
            continue
        k = SheetGrid.key(r, c)
        if k in grid.errors:
            place.errors[(ref, key)] = grid.errors[k]
            continue
        if k in grid.formulas:
            if not cached:
                continue
            if k in grid.uncached:
                place.uncached.add((ref, key))
                continue
            place.cached.add((ref, key))
        raw = grid.value(r, c)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        kind = spec.kind_at(row, key) if ref != "total" else spec.column(key).kind
        value = decode(kind, raw, grid.formats.get(k, "General"))
        if value is None:
            if strict:
                raise LakipError(f"Isi {raw!r} tidak sesuai kolom '{spec.column(key).header}'", grid.name, a1(r, c))
            place.bad[(ref, key)] = str(raw)
            row[key] = str(raw)
            continue
        row[key] = value
    return row


def decode(kind: Kind, raw: Any, number_format: str = "General") -> Value:
    """A raw cell value typed by kind, or None when it does not fit the kind."""
    if kind.is_text:
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, bool):
            return "TRUE" if raw else "FALSE"
        if isinstance(raw, dt.datetime | dt.date | dt.time | dt.timedelta):
            return str(raw)
        return str(raw).strip()
    # money and counts are judged on the stored value: 100.5 shown as "101" is still not whole
    number = _number(raw, "General" if kind.is_integer else number_format)
    if number is None:
        return None
    if kind.is_integer:
        if number != number.to_integral_value():
            return None
        return int(number)
    return number


def _number(value: Any, number_format: str) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = float(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        scaled = value * 100 if is_percent_format(number_format) else value
        return float_to_decimal(scaled, format_places(number_format))
    if isinstance(value, str):
        return parse_id_number(value)
    return None


def format_places(number_format: str) -> int | None:
    """Decimals displayed by an Excel number format, or None for General."""
    if not number_format or number_format == "General":
        return None
    first = re.sub(r'"[^"]*"', "", number_format.split(";")[0])
    m = re.search(r"0\.(0+)", first)
    if m:
        return len(m.group(1))
    return 0 if ("0" in first or "#" in first) else None


def is_percent_format(number_format: str) -> bool:
    """True when the format shows the value x 100 with a % sign."""
    return "%" in re.sub(r'"[^"]*"', "", number_format.split(";")[0])
