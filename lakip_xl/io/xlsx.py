"""A guarded, fast view of an .xlsx package.

Values (typed, or cached for formula cells) come from python-calamine; which
cells hold formulas, error values and number formats come from one regex pass
over each sheet's XML. The zip is checked before anything parses it: no reader
is handed a zip bomb, and XML parts that declare a DTD (entity expansion) are
refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree as SafeET

from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import id_number

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB in all
MAX_PART = 512 << 20  # 512 MiB for one part
MAX_RATIO = 200  # compression ratio of one part larger than 1 MiB
MAX_PARTS = 10_000
MAX_ROWS = 200_000  # rows of one sheet; a LAKIP table has hundreds
HEAD_ROWS = 12

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*>(?:<f[^>]*/>|<f[^>]*>([^<]*)</f>)(<v>)?')
_EXTERNAL = re.compile(rb"\[\d+\]|'\[|\[[^\]]*\.xls")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
_ERROR = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*\st="e"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]*)</v>')
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    49: "@",
}  # fmt: skip


@lru_cache(maxsize=4096)
def col_index(letters: bytes) -> int:
    """0-based index of column letters (b"A" -> 0)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def line_value(line: list[Any], col: int) -> Any:
    """The value in column ``col`` of a row as calamine gives it; None when empty or past its end."""
    v = line[col] if col < len(line) else ""
    return None if v == "" else v


@dataclass
class SheetGrid:
    """One sheet: its first rows, a stream of all rows, formula cells, errors and number formats.

    Rows are streamed from calamine rather than held as one list, so a large
    sheet costs memory for the rows read, not twice over.

    Attributes:
        name: The sheet's name.
        head: The first rows (enough to find the title and the header).
        formulas: Keys (row << 14 | col) of cells that hold a formula.
        uncached: Keys of formula cells without a cached value.
        errors: Error values (#REF!, #DIV/0!) by key.
        formats: Number format code by key, for cells whose format shows decimals.
        external: Keys of formula cells that refer to another workbook.
        merged: Merged ranges as (first row, first col, last row, last col).
        marked: Rows holding a formula or an error value (other rows need no lookups).
        texts: One object per distinct text read from the workbook, shared by
            its sheets (a subkegiatan named in 2.2.2, 3.19 and 3.20 is held once).
    """

    name: str
    head: list[list[Any]]
    rest: Iterator[list[Any]] = field(default_factory=lambda: iter(()))
    formulas: set[int] = field(default_factory=set)
    uncached: set[int] = field(default_factory=set)
    errors: dict[int, str] = field(default_factory=dict)
    formats: dict[int, str] = field(default_factory=dict)
    external: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    marked: set[int] = field(default_factory=set)

    @staticmethod
    def key(row: int, col: int) -> int:
        """Dictionary key of a 0-based (row, col)."""
        return (row << 14) | col

    def value(self, row: int, col: int) -> Any:
        """The value at (row, col) of the first rows, None when empty or outside them."""
        return line_value(self.head[row], col) if row < len(self.head) else None

    def rows(self, start: int) -> Iterator[tuple[int, list[Any]]]:
        """(row index, values) from row ``start`` to the end; streams past the first rows, once."""
        for r in range(start, len(self.head)):
            yield r, self.head[r]
        r = len(self.head)
        for line in self.rest:
            if r >= start:
                yield r, line
            r += 1
            if r > MAX_ROWS:
                raise LakipError(f"Lembar memuat lebih dari {id_number(MAX_ROWS)} baris", self.name)


class Package:
    """An opened, checked .xlsx file.

    Args:
        path: The workbook file.

    Raises:
        LakipError: The file is missing, not an .xlsx, or exceeds a limit.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        check_file(path)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise LakipError(f"Berkas {path.name} rusak atau bukan .xlsx: {exc}") from exc
        _check_zip(path, self.zip)
        self._check_parts()
        self.external_links = [n for n in self.zip.namelist() if n.startswith("xl/externalLinks/")]
        self.sheets = self._sheets()
        self.number_formats = self._styles()
        self._calamine: Any = None
        self._texts: dict[str, str] = {}

    def close(self) -> None:
        """Close the zip file."""
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_parts(self) -> None:
        """Refuse any XML part that declares a DTD or entities (entity-expansion attacks)."""
        for info in self.zip.infolist():
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with self.zip.open(info) as fh:
                head = fh.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise LakipError(
                    f"Berkas {self.path.name} memuat deklarasi DTD/entitas XML di {info.filename}; ditolak "
                    "(pola serangan ekspansi entitas)"
                )

    def _xml(self, name: str) -> Any:
        try:
            data = self.zip.read(name)
        except KeyError as exc:
            raise LakipError(f"Berkas {self.path.name} tidak memuat bagian {name}; bukan workbook .xlsx") from exc
        try:
            return SafeET.fromstring(data)
        except Exception as exc:  # defusedxml raises several kinds
            raise LakipError(f"XML {name} di {self.path.name} tidak sah atau berbahaya: {exc}") from exc

    def _sheets(self) -> dict[str, str]:
        """Sheet name -> part name inside the zip, in workbook order."""
        wb = self._xml("xl/workbook.xml")
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("pr:Relationship", NS)}
        out: dict[str, str] = {}
        for sheet in wb.findall("m:sheets/m:sheet", NS):
            rid = sheet.get(f"{{{NS['r']}}}id")
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            out[sheet.get("name", "")] = part
        return out

    def _styles(self) -> list[str]:
        """Number format code of each cell style index."""
        if "xl/styles.xml" not in self.zip.namelist():
            return []
        styles = self._xml("xl/styles.xml")
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "General")
                  for f in styles.findall("m:numFmts/m:numFmt", NS)}  # fmt: skip
        codes = []
        for xf in styles.findall("m:cellXfs/m:xf", NS):
            fid = int(xf.get("numFmtId", "0"))
            codes.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
        return codes

    def grid(self, name: str) -> SheetGrid:
        """Read one sheet."""
        import python_calamine

        if self._calamine is None:
            try:
                self._calamine = python_calamine.CalamineWorkbook.from_path(str(self.path))
            except Exception as exc:  # calamine raises its own error types
                raise LakipError(f"Berkas {self.path.name} tidak dapat dibaca: {exc}") from exc
        try:
            sheet = self._calamine.get_sheet_by_name(name)
            if sheet.height > MAX_ROWS:
                raise LakipError(f"Lembar memuat {id_number(sheet.height)} baris (batas {id_number(MAX_ROWS)})", name)
            stream = iter(sheet.iter_rows())
        except LakipError:
            raise
        except Exception as exc:
            raise LakipError(f"Lembar tidak dapat dibaca: {exc}", name) from exc
        head = [line for _, line in zip(range(HEAD_ROWS), stream, strict=False)]
        grid = SheetGrid(name, head, stream, texts=self._texts)
        self._scan(name, grid)
        return grid

    def _scan(self, name: str, grid: SheetGrid) -> None:
        """Formula cells (and which lack a cached value), error values, and decimal formats."""
        part = self.sheets.get(name)
        if part is None or part not in self.zip.namelist():
            return
        pattern = self._format_pattern()
        with self.zip.open(part) as fh:
            for data in _row_chunks(fh):
                self._scan_chunk(data, grid, pattern)

    def _scan_chunk(self, data: bytes, grid: SheetGrid, pattern: re.Pattern[bytes] | None) -> None:
        for m in _FORMULA.finditer(data):
            key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
            grid.formulas.add(key)
            grid.marked.add(key >> 14)
            if m.group(4) is None:
                grid.uncached.add(key)  # no <v> or an empty <v/>: never calculated
            if m.group(3) and _EXTERNAL.search(m.group(3)):
                grid.external.add(key)
        for m in _MERGE.finditer(data):
            grid.merged.append((int(m.group(2)) - 1, col_index(m.group(1)), int(m.group(4)) - 1, col_index(m.group(3))))
        if b't="e"' in data:
            for m in _ERROR.finditer(data):
                key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
                grid.errors[key] = m.group(3).decode("ascii", "replace")
                grid.marked.add(key >> 14)
        if pattern is not None:
            codes = self.number_formats
            for m in pattern.finditer(data):
                key = ((int(m.group(2)) - 1) << 14) | col_index(m.group(1))
                grid.formats[key] = codes[int(m.group(3))]

    def _format_pattern(self) -> re.Pattern[bytes] | None:
        """A regex for cells whose style shows decimals or a percent: their format sets the precision."""
        if not hasattr(self, "_fmt_re"):
            ids = [str(i).encode() for i, code in enumerate(self.number_formats) if shows_decimals(code)]
            self._fmt_re = (
                re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"(?:\s(?!s=)[\w:]+="[^"]*")*\ss="(' + b"|".join(ids) + rb')"')
                if ids
                else None  # attributes are skipped whole: twice as fast as a lazy [^>]*?
            )
        return self._fmt_re


CHUNK = 4 << 20


def _row_chunks(fh: Any) -> Iterator[bytes]:
    """The sheet XML in pieces of about 4 MiB, each ending at a row boundary (no cell is cut)."""
    rest = b""
    while True:
        block = fh.read(CHUNK)
        if not block:
            if rest:
                yield rest
            return
        data = rest + block
        cut = data.rfind(b"</row>")
        if cut < 0:
            rest = data
            continue
        cut += len(b"</row>")
        yield data[:cut]
        rest = data[cut:]


@lru_cache(maxsize=1024)
def format_info(number_format: str) -> tuple[int | None, bool]:
    """:func:`format_places` and :func:`is_percent_format` of a format, remembered."""
    return format_places(number_format), is_percent_format(number_format)


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


def shows_decimals(number_format: str) -> bool:
    """True for a format that shows decimals or a percent."""
    return is_percent_format(number_format) or (format_places(number_format) or 0) > 0


def check_file(path: Path) -> None:
    """Refuse a path that is missing, a folder, empty, or not an .xlsx (with a hint how to save one)."""
    if not path.exists():
        raise LakipError(f"Berkas tidak ditemukan: {path}")
    if path.is_dir():
        raise LakipError(f"{path} adalah folder, bukan berkas .xlsx")
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise LakipError(f"Berkas {path.name} kosong")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise LakipError(
            f"Berkas {path.name} adalah .xls lama atau workbook berkata sandi; buka di Excel/LibreOffice, "
            "hapus kata sandinya, lalu simpan sebagai Excel Workbook (.xlsx)"
        )
    if not head.startswith(b"PK"):
        suffix = path.suffix.lower()
        hint = " (CSV)" if suffix == ".csv" else ""
        raise LakipError(
            f"Berkas {path.name}{hint} bukan workbook .xlsx; buka di Excel/LibreOffice lalu simpan sebagai .xlsx"
        )


def _check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise LakipError(
            f"Berkas {path.name} memuat {id_number(len(infos))} bagian (batas {id_number(MAX_PARTS)}); ditolak"
        )
    names = {i.filename for i in infos}
    if "mimetype" in names and "content.xml" in names:
        raise LakipError(f"Berkas {path.name} adalah .ods; simpan sebagai Excel Workbook (.xlsx) lalu ulangi")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise LakipError(f"Berkas {path.name} terenkripsi; hapus kata sandinya lalu simpan sebagai .xlsx")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > (1 << 20) and ratio > MAX_RATIO):
            raise LakipError(
                f"Berkas {path.name}: bagian {info.filename} mengembang menjadi {id_number(info.file_size)} bita "
                f"(rasio {ratio:.0f}x; batas {id_number(MAX_PART)} bita, rasio {MAX_RATIO}x); ditolak sebagai bom zip"
            )
    if total > MAX_UNCOMPRESSED:
        raise LakipError(
            f"Berkas {path.name} mengembang menjadi {id_number(total)} bita "
            f"(batas {id_number(MAX_UNCOMPRESSED)}); ditolak"
        )
    if "xl/workbook.xml" not in names:
        raise LakipError(f"Berkas {path.name} bukan workbook .xlsx (tidak ada xl/workbook.xml)")
