"""The report's one rule for numbers computed from a value the audit marks wrong.

The report keeps what the unit typed in a cell a finding is about (the
number printed in its LAKIP), so the cell, its comment and Catatan agree. A
formula over such a cell would compute from the wrong value: T1's
percentages over a typed Jumlah of 31 where the rows give 30, a kriteria
efisiensi over a typed 78,50 % where the recomputed one is 87,50 %.

The rule, everywhere: a value is **wrong** when an error finding is about a
derived cell holding it (its right value is its recomputation). The
*corrected* reading recomputes those cells from the typed inputs. A formula
cell of a table (derived column, Jumlah line, the report's own category
columns) whose value differs between the report's reading and the corrected
one is **marked**: filled in :data:`TAINT_FILL`, with a comment naming the
wrong cells it is computed from and giving its value without them. Ringkasan
and the rekap print the corrected figures ("dihitung ulang dari isian").
An input a cross-table rule finds at odds with another table is not "wrong"
here: which of the two is right the audit cannot tell, so nothing computed
from it is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.io.cells import cached_value, write_value
from lakip_xl.model.layout import FIRST_DATA_ROW, a1, quote_sheet
from lakip_xl.model.numbers import id_number
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import RowRef, TableData
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

Cell = tuple[str, RowRef, str]

TAINT_FILL = ("#D9D2E9", "#7030A0")  # (fill, border): lavender, unlike every severity and the template's fills
TAINT_TITLE = "[DIHITUNG DARI NILAI SALAH]"


def wrong_cells(findings: Iterable[Finding], rc: Recomputer) -> dict[Cell, Finding]:
    """The derived cells an error finding is about, each with that finding (the first of them)."""
    out: dict[Cell, Finding] = {}
    for f in findings:
        if f.severity is not Severity.ERROR or f.table_id is None or f.ref is None or f.column is None:
            continue
        cell = (f.table_id, f.ref, f.column)
        if cell not in out and rc.value(*cell) is not None and rc.is_derived(*cell):
            out[cell] = f
    return out


def corrected(layout: Mapping[str, TableData], wrong: Iterable[Cell]) -> Recomputer:
    """The recomputation of ``layout`` with every wrong cell recomputed from its inputs instead of read."""
    return Recomputer(layout, BY_ID, overrides=dict.fromkeys(wrong), memo_all=True)


def corrected_view(findings: Iterable[Finding], layout: Mapping[str, TableData]) -> Recomputer:
    """The corrected recomputation of a report's ``layout`` (the figures Ringkasan and the rekap print)."""
    return corrected(layout, wrong_cells(findings, Recomputer(layout, BY_ID)))


def cell_a1(layout: Mapping[str, TableData], cell: Cell) -> str:
    """A cell of the report (laid out as ``layout``) as A1, its sheet quoted: "'T1 Status Pegawai'!B7"."""
    table_id, ref, key = cell
    spec = BY_ID[table_id]
    row = FIRST_DATA_ROW + (len(layout[table_id].rows) if ref == "total" else int(ref))
    return f"{quote_sheet(spec.sheet)}!{a1(row, spec.col_index(key))}"


def shown(value: Value) -> str:
    """A value as a comment writes it: 30, 87,50, "Kurang efisien", kosong."""
    return id_number(value)


class Taint:
    """Which formula cells of the report compute from a wrong value, and what they would show without it.

    Args:
        rc: The report's recomputation (what its formulas compute: typed inputs, finding cells as typed).
        layout: The tables as the report lays them out.
        wrong: :func:`wrong_cells` of the audit.
    """

    def __init__(self, rc: Recomputer, layout: Mapping[str, TableData], wrong: Mapping[Cell, Finding]) -> None:
        self.rc = rc
        self.layout = layout
        self.wrong = wrong
        self.fixed = corrected(layout, wrong) if wrong else rc
        self._roots: dict[Cell, tuple[Cell, ...]] = {}

    def changed(self, cell: Cell) -> bool:
        """True for a formula cell whose value the wrong cells change."""
        if not self.wrong or cell in self.wrong or self.rc.value(*cell) is not None:
            return False
        return self.rc.shown(*cell) != self.fixed.shown(*cell)

    def roots(self, cell: Cell) -> tuple[Cell, ...]:
        """The wrong cells a changed formula cell is computed from, directly or through other changed cells."""
        if cell in self._roots:
            return self._roots[cell]
        self._roots[cell] = ()  # a cycle ends here
        found: dict[Cell, None] = {}
        for read, _ in self.rc.reads(*cell):
            if read in self.wrong:
                found[read] = None
            elif self.changed(read):
                found.update(dict.fromkeys(self.roots(read)))
        self._roots[cell] = tuple(found)
        return self._roots[cell]

    def comment(self, cell: Cell) -> str:
        """The comment of a changed cell: the wrong cells it reads and its value recomputed without them.

        Each wrong cell is named with its finding's tertulis and hasil hitung (as its own comment and Catatan
        give them), and with its value recomputed without every wrong value where that differs (a hasil
        hitung is computed from the typed inputs around it, which may be wrong too).
        """
        named = []
        for root in self.roots(cell):
            at = cell_a1(self.layout, root)
            at = at.split("!")[1] if root[0] == cell[0] else at
            f = self.wrong[root]
            local, fixed = finding_value(f.expected), shown(self.fixed.shown(*root))
            again = f"; tanpa semua nilai bergalat {fixed}" if fixed != local else ""
            named.append(f"{at} (tertulis {finding_value(f.recorded)}, hasil hitung {local}{again})")
        source = ", ".join(named) or "nilai yang ditandai galat"
        return (
            f"{TAINT_TITLE}\nSel ini dihitung dari {source}, yang ditandai galat; nilainya di sini ikut salah.\n"
            f"Dihitung ulang tanpa nilai yang ditandai galat: {shown(self.fixed.shown(*cell))}"
        )


def finding_value(text: str | None) -> str:
    """A finding's tertulis or hasil hitung (a decimal string, or text) written the Indonesian way."""
    if text is None:
        return id_number(None)
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    if not number.is_finite():
        return text
    return id_number(int(number) if number == number.to_integral_value() and "." not in text else number)


def write_figure(ws: Worksheet, row: int, col: int, formula: str, fmt: Any, value: Value, typed: Value) -> bool:
    """A Ringkasan figure: its live formula over the table sheets, or the corrected number itself.

    The formula gives ``typed``; where that is not the corrected ``value`` (the tables compute it from a
    value the audit marks wrong), ``value`` is written, with a comment saying so. True when it was.
    """
    if typed == value:
        ws.write_formula(row, col, "=" + formula, fmt, cached_value(value))
        return False
    write_value(ws, row, col, value, fmt)
    ws.write_comment(
        row,
        col,
        f"Dihitung ulang dari isian: {shown(value)}. Tabelnya menunjukkan {shown(typed)}, karena memuat atau "
        "memakai nilai yang ditandai galat (sel berwarna jingga, lihat lembar Catatan).",
        {"author": "lakip-xl", "x_scale": 2.0, "y_scale": 1.2},
    )
    return True
