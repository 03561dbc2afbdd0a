"""A guarded view of an OpenDocument spreadsheet (.ods), with the interface of :class:`lakip_xl.io.xlsx.Package`.

Values come from python-calamine, as for .xlsx (it reads .ods too); which cells
hold formulas, error values, merged cells and number formats come from one
streaming pass over ``content.xml`` (:mod:`lakip_xl.io.odsxml`). The zip is
checked with the .xlsx limits before anything parses it; a package that is
encrypted, declares a DTD, lacks ``content.xml`` or is another kind of ODF
document (a text, a presentation) is refused with one line.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from lakip_xl.io.clip import guarded
from lakip_xl.io.odscheck import unreadable_value
from lakip_xl.io.odsfast import fast_scan
from lakip_xl.io.odsxml import Styles, read_styles, scan_content
from lakip_xl.io.ours import MAX_SMALL_PART, kind_of
from lakip_xl.io.sheetxml import Area, Marks
from lakip_xl.io.xlsx import HEAD_ROWS, SheetGrid, check_far
from lakip_xl.model import layout
from lakip_xl.model.errors import LakipError, os_reason
from lakip_xl.model.layout import a1
from lakip_xl.model.numbers import id_number

ODS = b"application/vnd.oasis.opendocument.spreadsheet"
ODF = b"application/vnd.oasis.opendocument."
KINDS = {b"text": ".odt (dokumen teks)", b"presentation": ".odp (presentasi)", b"graphics": ".odg (gambar)"}
_TITLE = re.compile(rb"<dc:title>([^<]*)</dc:title>")


def odf_mimetype(zf: zipfile.ZipFile) -> bytes | None:
    """The ``mimetype`` member of an ODF package (stripped), or None when it has none (or an absurd one)."""
    info = zf.NameToInfo.get("mimetype")
    if info is None or info.file_size > 256:
        return None
    try:
        return zf.read(info).strip()
    except Exception:  # a broken member: no ODF mark that can be trusted
        return None


class Member:
    """One member of the zip, read with its damage named in one line (zipfile's and zlib's own errors are English).

    A flipped byte (a bad CRC, a broken deflate stream), data shorter than the central directory records, or a
    read past the file's end are refused as a damaged part.

    Args:
        zf: The package's zip.
        part: The member's name.
        name: The file's name, for the message.
    """

    def __init__(self, zf: zipfile.ZipFile, part: str, name: str) -> None:
        self.part, self.name = part, name
        self.info = zf.getinfo(part)
        self._read = 0
        self._fh = self._guard(lambda: zf.open(self.info))

    def _guard(self, step: Any) -> Any:
        try:
            return step()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise self.damaged() from exc

    def damaged(self) -> LakipError:
        """The refusal of this member."""
        return LakipError(
            f"Berkas {self.name}: bagian {self.part} rusak (isi arsip zip-nya tidak utuh); simpan lagi dari LibreOffice"
        )

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all with -1); at the member's end, its size must be the one recorded."""
        data: bytes = self._guard(lambda: self._fh.read(size))
        self._read += len(data)
        if (size < 0 or (size and not data)) and self._read != self.info.file_size:
            raise self.damaged()
        return data

    def close(self) -> None:
        """Close the member."""
        self._fh.close()

    def __enter__(self) -> Member:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class OdsPackage:
    """An opened, checked .ods file.

    Args:
        path: The workbook file.
        zf: Its zip, already opened and checked against the limits
            (:func:`lakip_xl.io.xlsx.check_zip_limits`); closed with the package.

    Raises:
        LakipError: The package is encrypted, declares a DTD, lacks ``content.xml``, or is not a spreadsheet.
    """

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zip = zf
        self._check()
        self.area = Area(layout.MAX_ROWS, layout.MAX_COLS)
        styles = Styles()
        self._marks = self._scan(styles)
        self.sheets = {name: name for name in self._marks}
        self._calamine: Any = None
        self._texts: dict[str, str] = {}

    def close(self) -> None:
        """Close the zip file."""
        self.zip.close()

    def __enter__(self) -> OdsPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self) -> None:
        name = self.path.name
        kind = odf_mimetype(self.zip) or b""
        if kind != ODS:
            what = KINDS.get(kind[len(ODF) :].split(b"-")[0], "dokumen OpenDocument lain")
            raise LakipError(f"Berkas {name} adalah {what}, bukan lembar kerja; isi template LAKIP (.xlsx atau .ods)")
        names = set(self.zip.namelist())
        manifest = self.zip.NameToInfo.get("META-INF/manifest.xml")
        if manifest is not None and b"encryption-data" in self._part(manifest.filename):  # bounded by the zip limits
            raise LakipError(
                f"Berkas {name} terenkripsi (disimpan dengan kata sandi); buka di LibreOffice, hapus kata "
                "sandinya (File > Properti > Keamanan), lalu simpan lagi"
            )
        if "content.xml" not in names:
            raise LakipError(f"Berkas {name} tidak memuat bagian content.xml; bukan lembar kerja .ods yang utuh")
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml"):
            if part not in names:
                continue
            with Member(self.zip, part, name) as fh:
                head = fh.read(4096)
            utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head
            if utf16 and part in ("content.xml", "styles.xml"):  # what python-calamine reads: UTF-8 only
                raise LakipError(
                    f"Berkas {name}: bagian {part} tidak ditulis dalam UTF-8 (mungkin UTF-16); buka di LibreOffice "
                    "lalu simpan lagi sebagai .ods"
                )
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise LakipError(
                    f"Berkas {name} memuat deklarasi DTD/entitas XML di {part}; ditolak "
                    "(pola serangan ekspansi entitas)"
                )

    def _scan(self, styles: Styles) -> dict[str, Marks]:
        """Every sheet's marks, from styles.xml and content.xml."""
        part = "styles.xml"
        try:
            if part in self.zip.NameToInfo:
                with Member(self.zip, part, self.path.name) as fh:
                    read_styles(fh, styles)
            part = "content.xml"
            with Member(self.zip, part, self.path.name) as fh:
                marks = fast_scan(fh, styles, self.area)  # LibreOffice's plain XML, by regex
            if marks is not None:
                return marks
            return scan_content(lambda: Member(self.zip, "content.xml", self.path.name), styles, self.area)
        except DefusedXmlException as exc:
            raise LakipError(
                f"Berkas {self.path.name} memuat deklarasi DTD/entitas XML di {part}; ditolak "
                "(pola serangan ekspansi entitas)"
            ) from exc
        except SyntaxError as exc:  # ElementTree's ParseError, in English: where it stopped says enough
            line, column = getattr(exc, "position", None) or (0, 0)
            raise LakipError(f"XML {part} di {self.path.name} tidak sah (baris {line}, kolom {column + 1})") from exc

    def _part(self, part: str) -> bytes:
        """A member's bytes, its damage refused in one line (:class:`Member`)."""
        with Member(self.zip, part, self.path.name) as fh:
            return fh.read()

    def our_output(self) -> str | None:
        """``laporan`` or ``rekap`` when this is a report or rekap of lakip-xl saved again as .ods."""
        info = self.zip.NameToInfo.get("meta.xml")
        meta = self._part("meta.xml") if info is not None and info.file_size <= MAX_SMALL_PART else b""
        m = _TITLE.search(meta)
        title = m.group(1).decode("utf-8", "replace") if m else None
        return kind_of(title, list(self.sheets))

    def grid(self, name: str) -> SheetGrid:
        """Read one sheet: its table area's values; the cells beyond it are only noted (:attr:`SheetGrid.far`)."""
        marks = self._marks[name]
        grid = SheetGrid(name, [], texts=self._texts, **{f.name: getattr(marks, f.name) for f in fields(Marks)})
        check_far(grid, self.area)
        try:
            sheet = self._clipped(name) if grid.clipped else self._workbook().get_sheet_by_name(name)
            rows = sheet.height + len({k >> 14 for k in grid.far if k >> 14 >= self.area.rows})
            if rows > self.area.rows:
                raise LakipError(
                    f"Lembar memuat {id_number(rows)} baris berisi (batas {id_number(self.area.rows)})", name
                )
            stream = guarded(iter(sheet.iter_rows()), grid, name)
        except LakipError:
            raise
        except Exception as exc:  # calamine's own reason is English
            raise self._refused(
                "Lembar tidak dapat dibaca: isinya rusak (pembaca lembar kerja menolaknya)", name
            ) from exc
        grid.head = [line for _, line in zip(range(HEAD_ROWS), stream, strict=False)]
        grid.rest = stream
        return grid

    def _refused(self, message: str, sheet: str | None = None) -> LakipError:
        """python-calamine's refusal: the cell whose value it cannot read when there is one, else ``message``."""
        try:
            found = unreadable_value(lambda: Member(self.zip, "content.xml", self.path.name))
        except (LakipError, SyntaxError, DefusedXmlException):
            found = None
        if found is None:
            return LakipError(message, sheet)
        name, row, col, written = found
        shown = " ".join(written[:60].split())  # one line, whatever the attribute holds
        what = "bukan angka" if written.startswith("office:value") else "bukan bilangan bulat"
        return LakipError(
            f"Sel memuat atribut {shown} yang {what}, sehingga berkas tidak dapat dibaca; ketik ulang sel itu "
            "di LibreOffice lalu simpan lagi",
            name,
            a1(row, col),
        )

    def _workbook(self) -> Any:
        """python-calamine's workbook, read from the file's bytes (its name may say .xlsx: calamine goes by name)."""
        import python_calamine

        if self._calamine is None:
            try:
                data = self.path.read_bytes()
            except OSError as exc:
                raise LakipError(f"Berkas {self.path.name} tidak dapat dibuka: {os_reason(exc)}") from exc
            try:
                self._calamine = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            except Exception as exc:  # calamine raises its own error types, in English
                raise self._refused(f"Berkas {self.path.name} rusak: pembaca lembar kerja menolaknya") from exc
        return self._calamine

    def _clipped(self, name: str) -> Any:
        """The calamine sheet ``name`` read from a copy whose content.xml holds that sheet's table area only."""
        import python_calamine

        from lakip_xl.io.odsclip import clipped_content

        content = clipped_content(self._part("content.xml"), name, self.area)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            copy.writestr(zipfile.ZipInfo("mimetype"), ODS)
            for info in self.zip.infolist():
                if info.filename != "mimetype":
                    copy.writestr(
                        info.filename, content if info.filename == "content.xml" else self._part(info.filename)
                    )
        out.seek(0)
        return python_calamine.CalamineWorkbook.from_filelike(out).get_sheet_by_name(name)
