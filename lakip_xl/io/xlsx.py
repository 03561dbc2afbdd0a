"""A guarded, fast view of an .xlsx package.

Values (typed, or cached for formula cells) come from python-calamine; which
cells hold formulas, error values and number formats come from one pass over
each sheet's XML (:mod:`lakip_xl.io.sheetxml`). The zip is checked before anything parses it: no reader
is handed a zip bomb, and XML parts that declare a DTD (entity expansion) are
refused.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from defusedxml import ElementTree as SafeET

from lakip_xl.io.clip import clipped_sheet, guarded
from lakip_xl.io.filecheck import check_file
from lakip_xl.io.formats import shows_decimals
from lakip_xl.io.ours import MAX_SMALL_PART, kind_of, title_of
from lakip_xl.io.sheetcopy import known_errors_only, numbers_only
from lakip_xl.io.sheetxml import Area, Marks, Scanner, is_date_format
from lakip_xl.model import layout
from lakip_xl.model.errors import LakipError, os_reason
from lakip_xl.model.layout import col_letter
from lakip_xl.model.numbers import id_number

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB in all
MAX_PART = 512 << 20  # 512 MiB for one part
MAX_RATIO = 200  # compression ratio of one part larger than 1 MiB
MAX_PARTS = 10_000
MAX_FAR = 100_000  # cells holding data outside a sheet's table area (lakip_xl.model.layout MAX_ROWS, MAX_COLS)
HEAD_ROWS = 12

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
STRICT = "{http://purl.oclc.org/ooxml/"  # the namespaces of ISO 29500 Strict, which no reader here takes
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    49: "@",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm",
    21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
    **{i: "yyyy-mm-dd" for i in (*range(27, 37), *range(50, 59))},  # the East Asian locales' dates
}  # fmt: skip


def line_value(line: list[Any], col: int) -> Any:
    """The value in column ``col`` of a row as calamine gives it; None when empty or past its end."""
    v = line[col] if col < len(line) else ""
    return None if v == "" else v


@dataclass
class SheetGrid(Marks):
    """One sheet: its first rows, a stream of all rows, and what its XML marks (:class:`Marks`).

    Rows are streamed from calamine rather than held as one list, so a large
    sheet costs memory for the rows read, not twice over.

    Attributes:
        name: The sheet's name.
        head: The first rows (enough to find the title and the header).
        texts: One object per distinct text read from the workbook, shared by
            its sheets (a subkegiatan named in 2.2.2, 3.19 and 3.20 is held once).
    """

    name: str
    head: list[list[Any]]
    rest: Iterator[list[Any]] = field(default_factory=lambda: iter(()))
    texts: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def key(row: int, col: int) -> int:
        """Dictionary key of a 0-based (row, col)."""
        return (row << 14) | col

    def value(self, row: int, col: int) -> Any:
        """The value at (row, col) of the first rows, None when empty or outside them."""
        return line_value(self.head[row], col) if row < len(self.head) else None

    def rows(self, start: int) -> Iterator[tuple[int, list[Any]]]:
        """(row index, values) from row ``start`` to the end of the table area; streams past the first rows, once."""
        for r in range(start, len(self.head)):
            yield r, self.head[r]
        r = len(self.head)
        for line in self.rest:
            if r >= start:
                yield r, line
            r += 1


class Package:
    """An opened, checked .xlsx file.

    Args:
        path: The workbook file.
        zf: Its zip when already opened and checked by :func:`open_zip`.

    Raises:
        LakipError: The file is missing, not an .xlsx, or exceeds a limit.
    """

    def __init__(self, path: Path, zf: zipfile.ZipFile | None = None) -> None:
        self.path = path
        self.zip = zf if zf is not None else open_zip(path)
        _check_xlsx(path, {i.filename for i in self.zip.infolist()})
        self._check_parts()
        self.external_links = [n for n in self.zip.namelist() if n.startswith("xl/externalLinks/")]
        self.sheets = self._sheets()
        self.number_formats = self._styles()
        # cells whose style shows decimals or a percent (their format sets the precision), or a date
        noted = [i for i, code in enumerate(self.number_formats) if shows_decimals(code) or is_date_format(code)]
        self._scanner = Scanner(self.number_formats, noted)
        self._calamine: Any = None
        self._patched = False
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

    def our_output(self) -> str | None:
        """``laporan`` or ``rekap`` when this is a report or a rekap written by lakip-xl (:mod:`lakip_xl.io.ours`)."""
        info = self.zip.NameToInfo.get("docProps/core.xml")
        core = self.zip.read(info) if info is not None and info.file_size <= MAX_SMALL_PART else b""
        return kind_of(title_of(core) if core else None, list(self.sheets))

    def _xml(self, name: str) -> Any:
        try:
            data = self.zip.read(name)
        except KeyError as exc:
            raise LakipError(f"Berkas {self.path.name} tidak memuat bagian {name}; bukan workbook .xlsx") from exc
        try:
            return SafeET.fromstring(data)
        except Exception as exc:  # defusedxml raises several kinds, in English
            where = getattr(exc, "position", None)
            at = f" (baris {where[0]}, kolom {where[1] + 1})" if where else ""
            raise LakipError(f"XML {name} di {self.path.name} tidak sah atau berbahaya{at}") from exc

    def _sheets(self) -> dict[str, str]:
        """Sheet name -> part name inside the zip, in workbook order."""
        wb = self._xml("xl/workbook.xml")
        if str(wb.tag).startswith(STRICT):
            raise LakipError(
                f"Berkas {self.path.name} disimpan sebagai Strict Open XML Spreadsheet; buka di Excel atau "
                "LibreOffice lalu simpan sebagai Excel Workbook (.xlsx) biasa"
            )
        rels = self._xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("pr:Relationship", NS)}
        out: dict[str, str] = {}
        for sheet in wb.findall("m:sheets/m:sheet", NS):
            rid = sheet.get(f"{{{NS['r']}}}id")
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            name = sheet.get("name", "")
            if name in out:  # Excel never saves this; one of the two would be read, the other lost silently
                raise LakipError(
                    f"Berkas {self.path.name} memuat dua lembar bernama '{name}'; ganti nama salah satunya di "
                    "Excel atau LibreOffice lalu simpan lagi"
                )
            out[name] = part
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
        """Read one sheet: its table area's values; the cells beyond it are only noted (:attr:`SheetGrid.far`).

        The size of a sheet is judged by the cells it holds, never by its last
        row or column: one typed cell in row 1,048,576 is a far cell, not a
        sheet of a million rows.
        """
        grid = SheetGrid(name, [], texts=self._texts)
        area = Area(layout.MAX_ROWS, layout.MAX_COLS)
        self._scan(name, grid, area)  # first: a far cell is known before any grid of values is made
        check_far(grid, area)
        if self._calamine is None:
            try:
                self._calamine = _open_calamine(self.path)
            except OSError as exc:
                raise LakipError(f"Berkas {self.path.name} tidak dapat dibuka: {os_reason(exc)}") from exc
            except Exception as exc:  # calamine raises its own error types, in English
                raise LakipError(f"Berkas {self.path.name} rusak: pembaca lembar kerja menolaknya") from exc
        try:
            sheet = clipped_sheet(self.zip, self.sheets, name, area) if grid.clipped else self._sheet(name)
            rows = sheet.height + len({k >> 14 for k in grid.far if k >> 14 >= area.rows})
            if rows > area.rows:
                raise LakipError(f"Lembar memuat {id_number(rows)} baris berisi (batas {id_number(area.rows)})", name)
            stream = guarded(iter(sheet.iter_rows()), grid, name)
        except LakipError:
            raise
        except Exception as exc:  # calamine's own reason is English
            raise LakipError("Lembar tidak dapat dibaca: isinya rusak (pembaca lembar kerja menolaknya)", name) from exc
        grid.head = [line for _, line in zip(range(HEAD_ROWS), stream, strict=False)]
        grid.rest = stream
        return grid

    def _sheet(self, name: str) -> Any:
        """The calamine sheet, read from a copy where calamine does not know an error value.

        calamine refuses a whole sheet over one error value it does not know
        (Excel 365's #SPILL!, #CALC!, ...) or one number cell whose value is not
        a number literal (``t="n"`` and `` 42 ``): such a workbook is read again
        from a copy where they are #N/A, and 42 or text; the scan reads the real
        error values from the file.
        """
        import python_calamine

        try:
            return self._calamine.get_sheet_by_name(name)
        except Exception:
            if self._patched:
                raise
            self._patched = True
            copy = self._known_errors_copy()
            if copy is None:
                raise
            self._calamine = python_calamine.CalamineWorkbook.from_filelike(copy)
            return self._calamine.get_sheet_by_name(name)

    def _known_errors_copy(self) -> io.BytesIO | None:
        """The package in memory with the sheets as calamine reads them (:meth:`_sheet`); None when none changes."""
        sheets, changed = set(self.sheets.values()), False
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for info in self.zip.infolist():
                data = self.zip.read(info)
                if info.filename in sheets:
                    known = numbers_only(known_errors_only(data))
                    changed, data = changed or known is not data, known
                copy.writestr(info.filename, data)
        out.seek(0)
        return out if changed else None

    def _scan(self, name: str, grid: SheetGrid, area: Area) -> None:
        """Formula cells (and which lack a cached value), error values, merged cells, formats, far cells."""
        part = self.sheets.get(name)
        if part is None or part not in self.zip.namelist():
            return
        self._scanner.scan(lambda: self.zip.open(part), grid, name, area)


def check_far(grid: SheetGrid, area: Area) -> None:
    """Refuse a sheet with too many cells beyond its table area, or with such cells it cannot place for sure."""
    corner = f"A1:{col_letter(area.cols - 1)}{area.rows}"
    if len(grid.far) > MAX_FAR:
        raise LakipError(
            f"Lembar memuat {id_number(len(grid.far))} sel berisi di luar area tabel {corner} "
            f"(batas {id_number(MAX_FAR)}); ditolak",
            grid.name,
        )
    if grid.clipped and grid.unaddressed:
        raise LakipError(
            f"Lembar memuat sel di luar area tabel {corner} dan sel tanpa alamat (atribut r) di XML-nya; "
            "buka lalu simpan ulang di Excel atau LibreOffice",
            grid.name,
        )


def _open_calamine(path: Path) -> Any:
    r"""python-calamine's workbook of ``path``; read through Python when the name is not UTF-8.

    calamine takes a name as UTF-8 text: a name whose bytes are not UTF-8 (Latin-1
    ``caf\xe9.xlsx`` from an old archive) would not be found by it.
    """
    import python_calamine

    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        with path.open("rb") as fh:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(fh.read()))
    return python_calamine.CalamineWorkbook.from_path(str(path))


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip of a workbook file (.xlsx or .ods), checked by :func:`check_file` and :func:`check_zip_limits`."""
    check_file(path)
    try:
        zf = zipfile.ZipFile(path)
    except OSError as exc:
        raise LakipError(f"Berkas {path.name} tidak dapat dibuka: {os_reason(exc)}") from exc
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:  # zipfile's own English says no more
        raise LakipError(f"Berkas {path.name} rusak atau bukan .xlsx/.ods (arsip zip-nya tidak utuh)") from exc
    try:
        check_zip_limits(path, zf)
    except LakipError:
        zf.close()
        raise
    return zf


def check_zip_limits(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse a zip of too many parts, a part twice, an encrypted part, a zip bomb, a part or a whole too large."""
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise LakipError(
            f"Berkas {path.name} memuat {id_number(len(infos))} bagian (batas {id_number(MAX_PARTS)}); ditolak"
        )
    total, names = 0, set()
    for info in infos:
        if info.filename in names:  # readers differ on which of the two they take
            raise LakipError(f"Berkas {path.name} memuat bagian {info.filename} dua kali; arsip zip-nya rusak, ditolak")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise LakipError(f"Berkas {path.name} terenkripsi; hapus kata sandinya lalu simpan sebagai .xlsx")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > (1 << 20) and ratio > MAX_RATIO:
            raise LakipError(
                f"Berkas {path.name}: bagian {info.filename} mengembang menjadi {id_number(info.file_size)} bita "
                f"(rasio {ratio:.0f}x, batas {MAX_RATIO}x); ditolak sebagai bom zip"
            )
        if info.file_size > MAX_PART:
            raise LakipError(
                f"Berkas {path.name}: bagian {info.filename} terlalu besar, {id_number(info.file_size)} bita "
                f"(batas {id_number(MAX_PART)} bita per bagian); ditolak"
            )
    if total > MAX_UNCOMPRESSED:
        raise LakipError(
            f"Berkas {path.name} mengembang menjadi {id_number(total)} bita "
            f"(batas {id_number(MAX_UNCOMPRESSED)}); ditolak"
        )


def _check_xlsx(path: Path, names: set[str]) -> None:
    if "xl/workbook.bin" in names:
        raise LakipError(
            f"Berkas {path.name} adalah Excel Binary Workbook (.xlsb); buka di Excel lalu simpan sebagai "
            ".xlsx atau .ods"
        )
    if "xl/workbook.xml" not in names:
        raise LakipError(f"Berkas {path.name} bukan workbook .xlsx (tidak ada xl/workbook.xml)")
