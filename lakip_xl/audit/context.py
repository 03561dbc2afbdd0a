"""The state one audit shares between its stages, and what an audit returns.

:class:`Context` holds the values read, both recomputations (local and fully
corrected) and the findings so far; validation, the derived-cell rules and the
cross-table checks all add to it. :class:`AuditResult` is what every renderer
(console, JSON, report workbook) reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lakip_xl import __version__
from lakip_xl.audit.completeness import NotChecked, TableStatus, Verdict, conclusion, missing_required, verdict
from lakip_xl.audit.findings import Finding, Location, Severity, difference, text
from lakip_xl.model.compare import agrees, places_of
from lakip_xl.model.gaps import Gaps
from lakip_xl.model.layout import a1
from lakip_xl.model.numbers import round_half_up
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import RowRef, TableData, WorkbookData, is_filled
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import PROFILES, profile_of

LABEL_KEYS = ("uraian", "indikator", "lokasi", "unsur", "karakteristik", "kategori", "kriteria", "predikat", "periode")


@dataclass
class AuditResult:
    """What an audit found.

    Attributes:
        path: The audited workbook.
        sha256: Hash of the file as read.
        data: The typed values read (invalid cells removed).
        findings: Findings sorted by severity, table and cell.
        tables: Every table of the report: filled, empty or absent, required or not.
        not_checked: Rules skipped because the other table is not filled.
        version: Tool version.
    """

    path: Path
    sha256: str
    data: WorkbookData
    findings: list[Finding] = field(default_factory=list)
    tables: list[TableStatus] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)
    version: str = __version__

    def count(self, severity: Severity) -> int:
        """Number of findings of one severity."""
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def verdict(self) -> Verdict:
        """bersih, ada galat or belum lengkap (docs/verdict.md)."""
        return verdict(self.count(Severity.ERROR), self.tables)

    @property
    def missing(self) -> list[str]:
        """The numbers of the required tables not filled, whatever the verdict."""
        return missing_required(self.tables)

    @property
    def conclusion(self) -> str:
        """The verdict with the required tables not filled: "ada galat; tabel wajib belum diisi: 2.2.1"."""
        return conclusion(self.verdict, self.missing)

    @property
    def exit_code(self) -> int:
        """0 when bersih; 1 when an error was found or a required table is not filled."""
        return self.verdict.exit_code


class Context:
    """Shared state of one audit: data, both recomputations, and helpers for findings.

    Args:
        data: The values read from the workbook.
    """

    def __init__(self, data: WorkbookData) -> None:
        self.data = data
        self.findings: list[Finding] = []
        self.not_checked: list[NotChecked] = []
        self.broken: dict[tuple[str, RowRef, str], Value] = {}  # formula cells an input breaks: what they show
        self.blank_breaks: dict[tuple[str, RowRef, str], list[Location]] = {}  # blank cell -> formulas it breaks
        self._filled: dict[str, bool] = {}
        self.invalid: set[tuple[str, RowRef, str]] = set()  # input cells validation removed (their own finding)
        self.refresh()

    def filled(self, table_id: str) -> bool:
        """True when the unit typed anything into the table (absent is never zero)."""
        if table_id not in self._filled:
            self._filled[table_id] = is_filled(BY_ID[table_id], self.data.get(table_id))
        return self._filled[table_id]

    def skip(self, rule: str, *table_ids: str, unless_any: bool = False) -> bool:
        """Record ``rule`` as not checked when one of ``table_ids`` is not filled; True when skipped.

        ``unless_any``: only when none of them is filled (the rule compares with whichever is).
        """
        empty = [t for t in table_ids if not self.filled(t)]
        if not empty or (unless_any and len(empty) < len(table_ids)):
            return False
        reason = self._why_empty(empty)
        if NotChecked(rule, reason) not in self.not_checked:
            self.not_checked.append(NotChecked(rule, reason))
        return True

    def _why_empty(self, table_ids: list[str]) -> str:
        """The reason a rule is skipped: the sheets of the workbook's profile it needs are empty, named as such.

        A table the workbook's profile does not print (and the workbook does not hold) is said to be outside
        the profile, never named as a sheet to fill.
        """
        profile = profile_of(self.data)
        own = [t for t in table_ids if t in self.data or t in PROFILES[profile]]
        parts = []
        if own:
            sheets = [f"'{self._sheet(t)}'" for t in own]
            listed = sheets[0] if len(sheets) == 1 else f"{', '.join(sheets[:-1])} dan {sheets[-1]}"
            parts.append(f"Lembar {listed} tidak diisi")
        others = [BY_ID[t].seed.split(",")[0].strip() for t in table_ids if t not in own]
        if others:
            parts.append(f"Tabel {', '.join(others)} tidak termasuk profil {profile}")
        return "; ".join(parts) + "; aturan ini tidak diperiksa"

    def _sheet(self, table_id: str) -> str:
        """The sheet of a table as the workbook names it (the template's name when absent)."""
        place = self.table(table_id).placement
        return place.sheet if place is not None else BY_ID[table_id].sheet

    def refresh(self) -> None:
        """Start both recomputations afresh (after validation removed invalid cells)."""
        self.local = Recomputer(self.data, BY_ID, invalid=self.invalid)
        self.corrected = Recomputer(self.data, BY_ID, ignore_recorded=True, invalid=self.invalid)
        self.gaps = Gaps(self.local)  # the empty inputs under each sum (absent is never 0)

    def table(self, table_id: str) -> TableData:
        """Data of a table (empty if absent)."""
        return self.data.get(table_id) or TableData()

    def where(self, table_id: str, ref: RowRef, key: str | None) -> Location:
        """Location of a cell of a table, with its row label."""
        spec = BY_ID[table_id]
        tdata = self.table(table_id)
        cell = None
        place = tdata.placement
        if place is not None and key is not None:
            pos = place.cell(ref, key)
            cell = a1(*pos) if pos else None
        sheet = place.sheet if place else spec.sheet
        return Location(table_of(spec, tdata, ref), sheet, cell, row_label(spec, tdata, ref))

    def add(
        self,
        rule: str,
        severity: Severity,
        table_id: str,
        ref: RowRef,
        key: str | None,
        message: str,
        recorded: Value = None,
        expected: Value = None,
        related: tuple[Location, ...] = (),
    ) -> None:
        """Record a finding at a cell; an ``expected`` finer than its column shows (a ratio's 28 digits) is rounded."""
        if isinstance(expected, Decimal) and key is not None and expected.is_finite():
            typed = places_of(recorded) if isinstance(recorded, Decimal) else 0
            places = max(typed, BY_ID[table_id].column(key).places)
            if places_of(expected) > places:
                expected = round_half_up(expected, places)
        self.findings.append(
            Finding(
                rule=rule,
                severity=severity,
                where=self.where(table_id, ref, key),
                message=message,
                recorded=text(recorded),
                expected=text(expected),
                difference=difference(recorded, expected),
                related=related,
                column=key,
                table_id=table_id,
                ref=ref,
            )
        )

    def agrees_either(self, table_id: str, ref: RowRef, key: str, recorded: Value, local: Value) -> bool:
        """True when ``recorded`` agrees with ``local`` (its local recomputation) or the fully corrected one."""
        return agrees(recorded, local) or agrees(recorded, self.corrected.expected(table_id, ref, key))


def table_of(spec: TableSpec, tdata: TableData, ref: RowRef) -> str:
    """The seed table number a row belongs to (e.g. "3.5" on the 3.2/3.5/3.8 sheet)."""
    if spec.table_key and isinstance(ref, int) and ref < len(tdata.rows):
        value = tdata.rows[ref].get(spec.table_key)
        if value:
            return str(value)
    return spec.seed.split(",")[0].strip()


def row_label(spec: TableSpec, tdata: TableData, ref: RowRef) -> str | None:
    """The text that names a row: its uraian, indikator, lokasi ..."""
    if ref == "total":
        return spec.total.label if spec.total else None
    if not isinstance(ref, int) or ref >= len(tdata.rows):
        return None
    row = tdata.rows[ref]
    if spec.fixed_rows is not None:
        kode = row.get("kode")
        for fixed in spec.fixed_rows:
            if fixed.key == kode:
                return fixed.label
    for key in LABEL_KEYS:
        if row.get(key):
            return str(row[key])
    return None
