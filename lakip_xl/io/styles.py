"""Cell formats and data validation of the template, derived from column kinds."""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from lakip_xl.model.spec import Column, Kind
from lakip_xl.tables.identitas import YEARS

INPUT_FILL = "#FFF2CC"  # light yellow: staff type here
DERIVED_FILL = "#E2EFDA"  # light green: computed, locked
LABEL_FILL = "#F2F2F2"  # light grey: fixed labels
HEADER_FILL = "#1F4E78"  # dark blue header, white text
TOTAL_FILL = "#D9E1F2"  # light blue: Jumlah line
LEGEND = (
    (INPUT_FILL, "Kuning: sel isian, diketik oleh petugas."),
    (DERIVED_FILL, "Hijau: dihitung otomatis dengan rumus; terkunci (proteksi lembar tanpa kata sandi)."),
    (TOTAL_FILL, "Biru muda: baris Jumlah, dihitung otomatis."),
    (LABEL_FILL, "Abu-abu: label tetap."),
)

LINE_HEIGHT = 13.5  # points per wrapped line of 11 pt text
DEFAULT_HEIGHT = 15.0


def text_lines(text: str, width: float, *, per_width: float = 1.1) -> int:
    """The lines a wrapped text needs in a column ``width`` characters wide.

    An estimate (``per_width`` characters per unit of width; prose wrapped at
    word ends fits fewer): spreadsheets do not fit row heights to wrapped text
    on load, so the writer sets them.
    """
    per_line = max(int(width * per_width), 1)
    if len(text) <= per_line and "\n" not in text:
        return 1  # most cells: one short line, without splitting
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_height(*cells: tuple[str, float], per_width: float = 1.1) -> float:
    """The height of a row whose cells hold (text, column width): every wrapped line shown."""
    lines = max((text_lines(text, width, per_width=per_width) for text, width in cells), default=1)
    return DEFAULT_HEIGHT if lines <= 1 else min(LINE_HEIGHT * lines + 2, 400)


def number_format(kind: Kind, places: int) -> str:
    """Excel number format for a kind shown with ``places`` decimals."""
    if kind is Kind.YEAR:
        return "0"  # 2024, not 2.024 (Indonesian separators) or 2,025
    if kind.is_integer:
        return "#,##0;-#,##0" if kind is Kind.MONEY_SIGNED else "#,##0"
    if kind.is_decimal:
        return "#,##0" if places == 0 else "#,##0." + "0" * places
    return "@"


class Styles:
    """A cache of xlsxwriter formats keyed by role, kind and decimals.

    Args:
        workbook: The workbook the formats belong to.
    """

    def __init__(self, workbook: Workbook) -> None:
        self.wb = workbook
        self._cache: dict[tuple[str, Kind | None, int, tuple[str, str] | None], Format] = {}
        base = {"font_name": "Calibri", "font_size": 10}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 13})
        self.note = workbook.add_format({**base, "italic": True, "font_color": "#595959"})
        self.header = workbook.add_format(
            {
                **base,
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": HEADER_FILL,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
                "border": 1,
            }
        )
        self.end_mark = workbook.add_format({**base, "italic": True, "font_color": "#808080"})
        self.text = workbook.add_format({**base, "text_wrap": True, "valign": "top"})
        self.plain = workbook.add_format({**base, "valign": "top"})
        self.bold = workbook.add_format({**base, "bold": True})
        self.link = workbook.add_format({**base, "valign": "top", "font_color": "#0563C1", "underline": 1})

    def cell(self, role: str, kind: Kind | None, places: int = 0, flag: tuple[str, str] | None = None) -> Format:
        """Format of a table cell.

        Args:
            role: "input", "derived", "label" or "total".
            kind: The cell's kind (None for a label).
            places: Decimals shown for decimal kinds.
            flag: (fill, border colour) marking a finding in the report.
        """
        key = (role, kind, places, flag)
        if key not in self._cache:
            fill = {"input": INPUT_FILL, "derived": DERIVED_FILL, "label": LABEL_FILL, "total": TOTAL_FILL}[role]
            props: dict[str, Any] = {
                "font_name": "Calibri",
                "font_size": 10,
                "bg_color": flag[0] if flag else fill,
                "border": 2 if flag else 1,
                "border_color": flag[1] if flag else "#BFBFBF",
                "valign": "top",
                "locked": role != "input",
                "bold": role == "total",
            }
            if kind is not None:
                props["num_format"] = number_format(kind, places)
                if kind.is_text:
                    props["text_wrap"] = True
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]


def validation(
    kind: Kind, column: Column | None = None, choices: tuple[str, ...] = (), *, marks: bool = False
) -> dict[str, Any] | None:
    """Data validation options (Bahasa Indonesia messages) for an input cell.

    In a number cell of a report table (``marks``) the rule only warns, so that "n/a" (not measured) and,
    in rupiah and counts, "-" (nihil) can be typed past it.
    """
    options = choices or (column.choices if column else ())
    strict = column.strict if column else True
    if kind is Kind.ENUM or options:
        return {
            "validate": "list",
            "source": list(options),
            "error_type": "stop" if strict else "warning",
            "error_title": "Pilihan tidak dikenal",
            "error_message": "Pilih salah satu isian dari daftar: " + ", ".join(options)[:200],
            "input_title": "Pilih dari daftar",
            "input_message": (column.help if column and column.help else "Pilih salah satu isian.")[:255],
        }
    rules: dict[Kind, dict[str, Any]] = {
        Kind.MONEY: {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_message": "Isi rupiah bulat tanpa desimal, tidak boleh negatif.",
        },
        Kind.MONEY_SIGNED: {
            "validate": "integer",
            "criteria": "between",
            "minimum": -(10**15),
            "maximum": 10**15,
            "error_message": "Isi rupiah bulat tanpa desimal (boleh negatif untuk pengurangan).",
        },
        Kind.COUNT: {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_message": "Isi bilangan bulat, tidak boleh negatif.",
        },
        Kind.YEAR: {
            "validate": "integer",
            "criteria": "between",
            "minimum": int(YEARS[0]),
            "maximum": int(YEARS[1]),
            "error_message": f"Isi tahun dengan empat angka, {YEARS[0]} sampai {YEARS[1]}, mis. 2024.",
        },
        Kind.SCORE: {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 30,
            "maximum": 90,
            "error_message": "Nilai K3 harus antara 30 dan 90 (Tabel 3.9).",
        },
        Kind.NRR: {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 1,
            "maximum": 4,
            "error_message": "Nilai rata-rata (NRR) harus antara 1 dan 4.",
        },
        Kind.PERCENT: {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "error_message": "Isi persen sebagai angka (75 berarti 75 %), tidak boleh negatif.",
        },
    }
    rule = rules.get(kind)
    if rule is None:
        return None
    if marks:  # a warning lets n/a and - through; the audit checks the rest
        nihil = "Nihil: ketik 0 atau -. " if kind.dash_is_nil else ""
        message = f"{rule['error_message']} {nihil}Bila tidak diukur, ketik n/a lalu lanjutkan (Ya/OK)."
        return {**rule, "error_message": message, "error_title": "Periksa nilai", "error_type": "warning"}
    return {**rule, "error_title": "Nilai tidak sah", "error_type": "stop"}
