"""Read a filled workbook back into typed data, guided by the table specs.

The reader finds each sheet by name (or by its title in A1 when renamed),
finds the header row by its texts (so inserted columns and moved headers are
tolerated), and reads rows until the Jumlah line or the end mark. A derived
cell that still holds its formula is read as absent (the tool recomputes it);
a value typed over it is read as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from lakip_xl.errors import LakipError
from lakip_xl.layout import END_MARK, a1
from lakip_xl.model import Kind, TableSpec, Value
from lakip_xl.numbers import float_to_decimal, parse_id_number
from lakip_xl.recompute import TableData, WorkbookData
from lakip_xl.tables import ALL

SOURCE_PREFIX = "Sumber data: "
HEADER_SCAN = 12


@dataclass(frozen=True)
class Cell:
    """One cell as read: value, number format and whether it is a formula."""

    value: Any
    number_format: str = "General"
    is_formula: bool = False


def read_workbook(path: Path) -> WorkbookData:
    """Read every table of a workbook made from the template.

    Raises:
        LakipError: The file cannot be opened, or a sheet or cell cannot be used.
    """
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError as exc:
        raise LakipError(f"Berkas tidak ditemukan: {path}") from exc
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise LakipError(f"Berkas {path} tidak dapat dibuka sebagai .xlsx: {exc}") from exc
    try:
        sheets = {ws.title: ws for ws in wb.worksheets}
        out: WorkbookData = {}
        for spec in ALL:
            ws = _find_sheet(spec, sheets)
            if ws is None:
                continue
            grid = [[_cell(c) for c in row] for row in ws.iter_rows()]
            out[spec.id] = read_table(spec, ws.title, grid)
        return out
    finally:
        wb.close()


def _cell(c: Any) -> Cell:
    value = getattr(c, "value", None)
    is_formula = getattr(c, "data_type", None) == "f"
    if not isinstance(value, str | int | float | bool) and value is not None and not is_formula:
        value = str(value)
    return Cell(value, getattr(c, "number_format", "General") or "General", is_formula)


def _find_sheet(spec: TableSpec, sheets: dict[str, Any]) -> Any:
    if spec.sheet in sheets:
        return sheets[spec.sheet]
    for ws in sheets.values():
        first = next(ws.iter_rows(min_row=1, max_row=1, max_col=1, values_only=True), (None,))
        if first and isinstance(first[0], str) and first[0].strip() == spec.title:
            return ws
    return None


def _norm(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold() if text is not None else ""


def read_table(spec: TableSpec, sheet: str, grid: Sequence[Sequence[Cell]]) -> TableData:
    """Turn a sheet's cells into a table's typed rows."""
    header_row, columns = _header(spec, sheet, grid)
    source = ""
    for r in range(header_row):
        for cell in grid[r][:1]:
            if isinstance(cell.value, str) and cell.value.startswith(SOURCE_PREFIX):
                source = cell.value[len(SOURCE_PREFIX) :]
    rows: list[dict[str, Value]] = []
    total: dict[str, Value] | None = None
    for r in range(header_row + 1, len(grid)):
        line = grid[r]
        if any(c.value == END_MARK for c in line):
            break
        if spec.total is not None and _is_total(spec, line, columns):
            total = _read_total(spec, sheet, r, line, columns)
            break
        row = _read_row(spec, sheet, r, line, columns)
        if row is not None:
            rows.append(row)
    return TableData(rows=rows, total=total, source=source)


def _header(spec: TableSpec, sheet: str, grid: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    wanted = {_norm(c.header): c.key for c in spec.columns}
    best: tuple[int, dict[str, int]] = (-1, {})
    for r, line in enumerate(grid[:HEADER_SCAN]):
        found = {wanted[_norm(c.value)]: i for i, c in enumerate(line) if _norm(c.value) in wanted}
        if len(found) > len(best[1]):
            best = (r, found)
    row, columns = best
    if row < 0 or len(columns) < max(1, len(spec.columns) // 2):
        raise LakipError(
            f"Baris judul kolom tabel {spec.seed} tidak ditemukan; judul kolom harus seperti di template", sheet
        )
    return row, columns


def _at(line: Sequence[Cell], col: int | None) -> Cell:
    if col is None or col >= len(line):
        return Cell(None)
    return line[col]


def _is_total(spec: TableSpec, line: Sequence[Cell], columns: dict[str, int]) -> bool:
    assert spec.total is not None
    label = _at(line, columns.get(spec.total.label_key)).value
    return _norm(label) == _norm(spec.total.label)


def _read_total(spec: TableSpec, sheet: str, r: int, line: Sequence[Cell], columns: dict[str, int]) -> dict[str, Value]:
    assert spec.total is not None
    total: dict[str, Value] = {}
    for key in spec.total.computes:
        col = columns.get(key)
        value = _decode(spec.column(key).kind, _at(line, col), sheet, r, col)
        if value is not None:
            total[key] = value
    return total


def _read_row(
    spec: TableSpec, sheet: str, r: int, line: Sequence[Cell], columns: dict[str, int]
) -> dict[str, Value] | None:
    if all(_at(line, c).value in (None, "") or _at(line, c).is_formula for c in columns.values()):
        return None
    raw: dict[str, Value] = {}
    kode_col = columns.get("kode")
    if spec.fixed_rows is not None:
        kode = _at(line, kode_col).value
        if kode not in {f.key for f in spec.fixed_rows}:
            return None
        raw["kode"] = str(kode)
    for col in spec.columns:
        if col.key in raw or (spec.fixed_rows is not None and col.key == "uraian"):
            continue
        c = columns.get(col.key)
        kind = spec.kind_at(raw, col.key)
        value = _decode(kind, _at(line, c), sheet, r, c)
        if value is not None:
            raw[col.key] = value
    if spec.fixed_rows is not None and len(raw) == 1:
        return None
    return raw


def _decode(kind: Kind, cell: Cell, sheet: str, r: int, c: int | None) -> Value:
    """A cell's value typed by kind; formulas and blanks give None."""
    value = cell.value
    if cell.is_formula or value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = a1(r, c or 0)
    if kind.is_text:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip() if isinstance(value, str) else str(value)
    number = _number(value, cell.number_format)
    if number is None:
        raise LakipError(f"Isi {value!r} bukan angka", sheet, where)
    if kind.is_integer:
        if number != number.to_integral_value():
            raise LakipError(f"Isi {value!r} harus bilangan bulat (rupiah tanpa desimal)", sheet, where)
        return int(number)
    return number


def _number(value: Any, number_format: str) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = float(value)
    if isinstance(value, float):
        places = format_places(number_format)
        dec = float_to_decimal(value * 100 if _is_percent_format(number_format) else value, places)
        return dec
    if isinstance(value, str):
        return parse_id_number(value)
    return None


def format_places(number_format: str) -> int | None:
    """Decimals displayed by an Excel number format, or None for General."""
    if not number_format or number_format == "General":
        return None
    first = number_format.split(";")[0]
    first = re.sub(r'"[^"]*"', "", first)
    m = re.search(r"0\.(0+)", first)
    if m:
        return len(m.group(1))
    return 0 if "0" in first or "#" in first else None


def _is_percent_format(number_format: str) -> bool:
    return "%" in re.sub(r'"[^"]*"', "", number_format.split(";")[0])


def iter_specs() -> Iterable[TableSpec]:
    """The specs the reader knows, in workbook order."""
    return iter(ALL)
