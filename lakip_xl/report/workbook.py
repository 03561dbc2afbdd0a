"""The report workbook's table sheets: every table with its findings marked.

Ringkasan (summary, headline figures, charts), Catatan (one row per finding,
linked to its cell), then every table of the input laid out as in the template
with derived cells as live formulas over the typed inputs. A cell a finding is
about is filled in its severity colour and carries a comment with the typed
value, the recomputed one and the rule. Nothing here recomputes a finding.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.io.cells import cached_value
from lakip_xl.io.ours import REPORT_TITLE
from lakip_xl.io.writer import SheetWriter, layout_tables
from lakip_xl.model.formulas import Refs
from lakip_xl.model.layout import FIRST_DATA_ROW, HEADER_ROW, a1
from lakip_xl.model.recompute import Recomputer, RowView
from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData, WorkbookData
from lakip_xl.report.corrected import TAINT_FILL, Taint, finding_value, wrong_cells
from lakip_xl.report.figures import Headline, headline
from lakip_xl.tables import BY_ID, present

FILLS = {Severity.ERROR: "#F4B084", Severity.WARNING: "#FFE699", Severity.INFO: "#BDD7EE"}


def strip_derived(data: WorkbookData, keep: Collection[tuple[str, RowRef, str]] = frozenset()) -> dict[str, TableData]:
    """The typed inputs, and the typed values of the derived cells in ``keep``; other derived cells get formulas.

    A cell a finding is about keeps what the unit typed (the number printed in its LAKIP), so the cell,
    its comment and Catatan show the same "tertulis"; every formula over it then computes what the
    audit's local recomputation did (its "hasil hitung").
    """
    out: dict[str, TableData] = {}
    rc = Recomputer(data, BY_ID)
    kept: dict[tuple[str, RowRef], set[str]] = defaultdict(set)
    for table_id, ref, key in keep:
        kept[(table_id, ref)].add(key)
    for spec, tdata in present(data):
        rows: list[dict[str, Value]] = []
        store = tdata.rows if isinstance(tdata.rows, RowStore) else None
        for i, row in enumerate(tdata.rows):
            if spec.fixed_rows is not None:
                rows.append(
                    {k: v for k, v in row.items() if (spec.id, i, k) in keep or not rc.is_derived(spec.id, i, k)}
                )
                continue
            derived = rc.derived_keys(spec.id, i)
            if (spec.id, i) in kept:
                derived = derived - kept[(spec.id, i)]
            if store is None:
                rows.append({k: v for k, v in row.items() if k not in derived})
            else:  # one read of each kept cell, none of the derived ones
                rows.append({k: v for k in store.keys if k not in derived and (v := store.value(i, k)) is not None})
        total = {k: v for k, v in (tdata.total or {}).items() if (spec.id, "total", k) in keep}
        out[spec.id] = TableData(rows=rows, total=total or None, source=tdata.source)
    return out


def cells_of(f: Finding) -> list[tuple[str, RowRef, str]]:
    """The cells (table, row, column) of the report a finding is about: its own, and its further ``cells``."""
    if f.table_id is None or f.ref is None or f.column is None:
        return []
    return [(f.table_id, f.ref, f.column), *((f.table_id, ref, key) for ref, key in f.cells)]


def finding_cells(result: AuditResult) -> set[tuple[str, RowRef, str]]:
    """The cells (table, row, column) findings are about: the report keeps what was typed there."""
    return {cell for f in result.findings for cell in cells_of(f)}


def report_layout(result: AuditResult) -> dict[str, TableData]:
    """The tables as the report lays them out: typed inputs and finding cells, other derived values as formulas."""
    return layout_tables(strip_derived(result.data, keep=finding_cells(result)))


def report_cell(layout: Mapping[str, TableData], f: Finding) -> tuple[str, str] | None:
    """Sheet and A1 cell of the report (laid out as ``layout``) where finding ``f`` is marked."""
    if f.table_id is None or f.ref is None or f.column is None:
        return None
    spec = BY_ID[f.table_id]
    rows = layout[spec.id].rows
    row = FIRST_DATA_ROW + (len(rows) if f.ref == "total" else int(f.ref))
    return spec.sheet, a1(row, spec.col_index(f.column))


class ReportWriter(SheetWriter):
    """Writes the report: summary sheets, then the tables with findings marked.

    Args:
        path: Output file.
        result: The audit.
        today: Date printed in Ringkasan.
        front: Writers of the sheets that come before the tables.
        progress: Told (sheet, rows written, rows in all) while the table sheets are written.
        scratch: The folder for xlsxwriter's temporary files (default: $TMPDIR).
    """

    def __init__(
        self,
        path: Path,
        result: AuditResult,
        today: dt.date,
        front: Sequence[Callable[[ReportWriter], None]] = (),
        progress: Callable[[str, int, int], None] | None = None,
        scratch: Path | None = None,
    ) -> None:
        notes: dict[tuple[str, RowRef, str], list[Finding]] = defaultdict(list)
        for f in result.findings:
            for cell in dict.fromkeys(cells_of(f)):
                notes[cell].append(f)
        super().__init__(path, strip_derived(result.data, keep=notes.keys()), scratch)
        self.notes = notes
        self.marks: dict[tuple[str, RowRef], set[str]] = defaultdict(set)
        for table_id, ref, key in notes:
            self.marks[(table_id, ref)].add(key)
        self.taint = Taint(self.rc, self.layout_data, wrong_cells(result.findings, self.rc))
        self.tainted: dict[tuple[str, RowRef], set[str]] = {}
        self.front = tuple(front)
        self.result = result
        self.today = today
        self.comments = f"lakip-xl {result.version}"
        self.progress = progress

    title = REPORT_TITLE  # with the sheets Ringkasan, Catatan first: how an audit knows the report
    subject = "Hasil pemeriksaan angka LAKIP oleh lakip-xl"

    @cached_property
    def figures(self) -> Headline:
        """The headline figures Ringkasan prints: recomputed without the values the audit marks wrong."""
        return headline(self.taint.fixed, self.layout_data)

    @cached_property
    def typed_figures(self) -> Headline:
        """The same figures as the table sheets' formulas give them (from the values as typed)."""
        return headline(self.rc, self.layout_data) if self.taint.wrong else self.figures

    def front_sheets(self) -> None:
        """The front sheets (Ringkasan, Catatan) come before the tables."""
        if self.progress is not None:
            self.progress("Ringkasan dan Catatan", 0, self.rows_all)
        for write in self.front:
            write(self)

    def report_cell(self, f: Finding) -> tuple[str, str] | None:
        """Sheet and A1 cell of the report where finding ``f`` is marked."""
        return report_cell(self.layout_data, f)

    def marked(self, table_id: str, ref: RowRef) -> Collection[str]:
        """The keys of a row's cells findings are about, and of its formula cells computed from a wrong value."""
        keys = self.marks.get((table_id, ref), ())
        if not self.taint.wrong:
            return keys
        tainted = {k for k in self._formula_keys(table_id, ref) if self.taint.changed((table_id, ref, k))}
        if not tainted:
            return keys
        self.tainted[(table_id, ref)] = tainted
        return {*keys, *tainted}

    def _formula_keys(self, table_id: str, ref: RowRef) -> Collection[str]:
        """The derived keys of a row (or of the Jumlah line) of a table."""
        spec = BY_ID[table_id]
        if ref == "total":
            return spec.total.computes if spec.total is not None else ()
        if spec.fixed_rows is None:
            return self.rc.derived_keys(table_id, int(ref))
        return [c.key for c in spec.columns if self.rc.is_derived(table_id, ref, c.key)]

    def cell_format(self, role: str, kind: Kind, places: int, table_id: str, ref: RowRef, key: str) -> Any:
        """A finding's cell is filled in its severity colour; a cell computed from a wrong value in lavender."""
        found = self.notes.get((table_id, ref, key))
        if not found:
            if key in self.tainted.get((table_id, ref), ()):
                return self.styles.cell(role, kind, places, flag=TAINT_FILL)
            return super().cell_format(role, kind, places, table_id, ref, key)
        severity = min((f.severity for f in found), key=lambda s: s.rank)
        border = "#C00000" if severity is Severity.ERROR else "#BF9000"
        return self.styles.cell(role, kind, places, flag=(FILLS[severity], border))

    def after_cell(self, ws: Worksheet, r: int, c: int, table_id: str, ref: RowRef, key: str) -> None:
        """A finding's cell carries a comment: typed value, recomputed value, rule; a tainted one says so."""
        found = self.notes.get((table_id, ref, key), [])
        parts = []
        if key in self.tainted.get((table_id, ref), ()):
            parts.append(self.taint.comment((table_id, ref, key)))
        for f in found:
            lines = [f"[{f.severity.label.upper()}] {f.rule}"]
            if f.recorded is not None:
                lines.append(f"Tertulis: {finding_value(f.recorded)}")
            if f.expected is not None:
                lines.append(f"Hasil hitung: {finding_value(f.expected)}")
            lines.append(f.message)
            parts.append("\n".join(lines))
        if parts:
            ws.write_comment(r, c, "\n\n".join(parts), {"author": "lakip-xl", "x_scale": 2.4, "y_scale": 2.0})

    def extra_cells(self, ws: Worksheet, spec: TableSpec, index: int, refs: Refs) -> None:
        """The report's category columns, as formulas with their computed values."""
        r = FIRST_DATA_ROW + index
        for j, col in enumerate(spec.report_columns):
            c = len(spec.columns) + j
            assert col.formula is not None and col.compute is not None
            value = col.compute(RowView(self.rc, spec.id, index))
            tainted = self.taint.changed((spec.id, index, col.key))  # e.g. a kriteria of a wrong typed %
            fmt = self.styles.cell("derived", col.kind, col.places, flag=TAINT_FILL if tainted else None)
            ws.write_formula(r, c, "=" + col.formula(refs), fmt, cached_value(value))
            if tainted:
                comment = self.taint.comment((spec.id, index, col.key))
                ws.write_comment(r, c, comment, {"author": "lakip-xl", "x_scale": 2.4, "y_scale": 2.0})

    def extra_headers(self, ws: Worksheet, spec: TableSpec) -> None:
        """Headers of the category columns."""
        for j, col in enumerate(spec.report_columns):
            c = len(spec.columns) + j
            ws.set_column(c, c, col.width)
            ws.write_string(HEADER_ROW, c, col.header, self.styles.header)

    def extra_columns(self, spec: TableSpec) -> tuple[Any, ...]:
        """The category columns of the report."""
        return spec.report_columns

    def counts_by_table(self) -> list[tuple[str, Counter[str]]]:
        """Findings per seed table, in report order."""
        counts: dict[str, Counter[str]] = {}
        for f in self.result.findings:
            counts.setdefault(f.where.table, Counter())[f.severity.value] += 1
        return list(counts.items())
