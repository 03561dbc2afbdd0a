"""The rolled-forward workbook's sheets: the template's, with every carried value in a style of its own.

:class:`CarriedWriter` is the template writer (same sheets, formulas,
validation and protection); only the cells the roll-forward filled get the
carried style, and the Petunjuk's colour legend says what it means.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from lakip_xl.io.petunjuk import write_petunjuk
from lakip_xl.io.styles import number_format
from lakip_xl.io.writer import SheetWriter
from lakip_xl.model.spec import Kind
from lakip_xl.model.workbook import RowRef, TableData

CARRIED_FILL = "#E4DFEC"  # light lavender: taken from last year's report
CARRIED_FONT = "#3F3151"


def carried_legend(year: int) -> str:
    """The Petunjuk's line on the carried style (Bahasa Indonesia)."""
    return (
        f"Ungu muda, miring: diambil dari laporan {year} (lakip-xl template --dari): identitas, parameter, "
        f"Renstra, nama dan kode program/kegiatan/indikator, dan nilai tahun {year} di kolom tahun lalu. Periksa; "
        f"angka tahun ini diketik di sel kuning. Sebelum dikirim: lakip-xl audit BERKAS.xlsx --tahun-lalu "
        f"LAPORAN_{year}.xlsx membandingkan setiap nilai tahun lalu dengan laporan {year}."
    )


class CarriedWriter(SheetWriter):
    """The template writer, marking the carried cells.

    Args:
        path: Output file (a temporary name: ``write_workbook`` renames it).
        data: The tables to write.
        scratch: The folder for xlsxwriter's temporary files.
        marks: The carried cells' keys per (table, row as laid out).
        last_year: The year the values were taken from.
    """

    def __init__(
        self,
        path: Path,
        data: dict[str, TableData],
        scratch: Path | None,
        *,
        marks: Mapping[tuple[str, RowRef], Collection[str]],
        last_year: int,
    ) -> None:
        super().__init__(path, data, scratch)
        self.marks = marks
        self.last_year = last_year
        self._carried: dict[tuple[str, Kind, int], Any] = {}

    def front_sheets(self) -> None:
        """The Petunjuk, its legend saying what the carried style means."""
        write_petunjuk(self.wb, self.styles, self.specs, legend=((CARRIED_FILL, carried_legend(self.last_year)),))

    def marked(self, table_id: str, ref: RowRef) -> Collection[str]:
        """The carried cells of a row."""
        return self.marks.get((table_id, ref), ())

    def cell_format(self, role: str, kind: Kind, places: int, table_id: str, ref: RowRef, key: str) -> Any:
        """A carried cell: the carried fill, italic; its number format and lock as its role's."""
        del table_id, ref, key
        cache_key = (role, kind, places)
        if cache_key not in self._carried:
            props: dict[str, Any] = {
                "font_name": "Calibri",
                "font_size": 10,
                "italic": True,
                "font_color": CARRIED_FONT,
                "bg_color": CARRIED_FILL,
                "border": 1,
                "border_color": "#8064A2",
                "valign": "top",
                "locked": role != "input",
                "num_format": number_format(kind, places),
                "text_wrap": kind.is_text,
            }
            self._carried[cache_key] = self.wb.add_format(props)
        return self._carried[cache_key]
