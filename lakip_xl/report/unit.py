"""One unit's audit reduced to what a rekap needs: the pool worker and its compact, picklable summary.

A worker process audits one workbook, optionally writes its report workbook,
and sends back a :class:`UnitSummary`: counts, the verdict, the headline
figures and the findings as plain dicts; never the workbook's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lakip_xl import __version__
from lakip_xl.io.inbox import Skipped, Superseded, sha256
from lakip_xl.io.ours import REASON, OwnOutputError
from lakip_xl.model.errors import NotFilledError, OutputError
from lakip_xl.model.spec import Value
from lakip_xl.report.reasons import reason_of

if TYPE_CHECKING:
    from lakip_xl.audit.context import AuditResult

UNREADABLE = "tidak terbaca"
NOT_FILLED = "belum diisi"  # an untouched template: named by its Identitas, nothing to check
NOT_SENT = "belum kirim"  # a unit of the --daftar list without a submission (no file, no UnitSummary)
VERDICTS = ("bersih", "ada galat", "belum lengkap", NOT_FILLED, UNREADABLE)  # of a file
WORST_FIRST = (UNREADABLE, "ada galat", "belum lengkap", NOT_FILLED, NOT_SENT, "bersih")  # the rekap's row order


@dataclass(frozen=True, slots=True)
class Task:
    """One workbook to audit.

    Attributes:
        path: The workbook.
        name: How the rekap names it (its path relative to the inputs' common folder).
        report: Where to write its report workbook, or None.
        today: The audit date printed in that report.
        last_year: The unit's workbook of the year before (``rekap --tahun-lalu``) and its rekap name, or None.
    """

    path: Path
    name: str
    report: Path | None = None
    today: dt.date | None = None
    last_year: tuple[Path, str] | None = None


@dataclass(frozen=True, slots=True)
class PriorYear:
    """A unit's workbook of the year before (``rekap --tahun-lalu``): its name, verdict and % serapan.

    A workbook that could not be audited has the verdict "tidak terbaca" and its reason.
    """

    name: str
    verdict: str
    serapan: Decimal | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ProgramRow:
    """One Program of Tabel 3.19/3.20: uraian, anggaran (jumlah) and realisasi, recomputed."""

    uraian: str
    anggaran: Value
    realisasi: Value


@dataclass(frozen=True, slots=True)
class UnitSummary:
    """What the rekap keeps of one unit's audit.

    Attributes:
        name: The file as the rekap names it (relative to the inputs' common folder).
        unit: Unit name (Identitas), "" when the file could not be read.
        year: Report year (Identitas), "" when unknown.
        sha256: Hash of the file as read, None when it could not be read.
        verdict: bersih, ada galat, belum lengkap or tidak terbaca.
        missing: The numbers of the required tables not filled (whatever the verdict).
        reason: Why the file could not be read (the audit's one-line reason), else None.
        counts: Findings by severity (error, warning, info).
        pagu, anggaran, realisasi, serapan, kriteria, ikm, mutu, iku_mean, iku_count, zones_ok, zones:
            The headline figures of the unit's Ringkasan (None: not filled).
        programs: Every Program row of 3.19 and 3.20.
        findings: Every finding as its JSON dict.
        cells: Per finding, the "Sheet!A1" of the unit's report where it is marked (or None).
        report: The unit's report workbook, when one was written.
        own: True when the file is a report or rekap of lakip-xl (:mod:`lakip_xl.io.ours`): not a unit, skipped.
        last_year: Its workbook of the year before, when ``rekap --tahun-lalu`` found one.
        saved: When the workbook was last saved, as it says (``docProps/core.xml``, W3CDTF), if it says.
        listed: With ``--daftar``: whether the unit is on the list (None without a list).
        suggestion: A unit not on the list: the list's closest name, if any is close.
    """

    name: str
    unit: str = ""
    year: str = ""
    sha256: str | None = None
    verdict: str = UNREADABLE
    missing: tuple[str, ...] = ()
    reason: str | None = None
    counts: tuple[int, int, int] = (0, 0, 0)
    pagu: Value = None
    anggaran: Value = None
    realisasi: Value = None
    serapan: Decimal | None = None
    kriteria: Value = None
    ikm: Value = None
    mutu: Value = None
    iku_mean: Decimal | None = None
    iku_count: int = 0
    zones_ok: int | None = None
    zones: int | None = None
    programs: tuple[ProgramRow, ...] = ()
    findings: tuple[dict[str, Any], ...] = field(default=())
    cells: tuple[str | None, ...] = field(default=())
    report: Path | None = None
    own: bool = False
    last_year: PriorYear | None = None
    saved: str | None = None
    listed: bool | None = None
    suggestion: str | None = None

    @property
    def readable(self) -> bool:
        """False when the file could not be audited at all."""
        return self.verdict != UNREADABLE

    @property
    def audited(self) -> bool:
        """True when the workbook was audited: it has findings and figures (not unreadable, not an empty template)."""
        return self.verdict not in (UNREADABLE, NOT_FILLED)

    def worst_first(self) -> tuple[int, int, str, str]:
        """Sort key of the rekap's rows: tidak terbaca, ada galat (most errors first), ... bersih; then by name."""
        errors = -self.counts[0] if self.verdict == "ada galat" else 0
        return WORST_FIRST.index(self.verdict), errors, self.label.casefold(), self.name

    @property
    def conclusion(self) -> str:
        """The verdict and the required tables not filled: "ada galat; tabel wajib belum diisi: 2.2.1"."""
        from lakip_xl.audit.completeness import MISSING_LABEL

        return f"{self.verdict}; {MISSING_LABEL}: {', '.join(self.missing)}" if self.missing else self.verdict

    @property
    def label(self) -> str:
        """The unit's name, else the file's."""
        return self.unit or Path(self.name).stem


def audit_unit(task: Task) -> UnitSummary:
    """Audit one workbook (and write its report when asked); never raises for a bad file."""
    try:
        return _audit(task)
    except OutputError:  # a report that cannot be written (a full disk) stops the rekap: exit 3
        raise
    except OwnOutputError as exc:  # one the collection could not tell (e.g. a zip64 package): skipped too
        return UnitSummary(task.name, reason=REASON[exc.kind], own=True)
    except NotFilledError as exc:  # an untouched template: its Identitas names the unit
        reason = reason_of(exc, task.path, task.name).removeprefix(f"{NOT_FILLED}: ")  # the verdict says it
        return UnitSummary(task.name, exc.unit, exc.year, _digest(task.path), NOT_FILLED, reason=reason)
    except Exception as exc:  # one unusable or hostile file never stops the rekap
        return UnitSummary(task.name, reason=reason_of(exc, task.path, task.name))


def _digest(path: Path) -> str | None:
    return sha256(path)


def _audit(task: Task) -> UnitSummary:
    from lakip_xl.audit.engine import audit
    from lakip_xl.audit.findings import Severity
    from lakip_xl.model.layout import quote_sheet
    from lakip_xl.report.build import write_report
    from lakip_xl.report.corrected import corrected_view
    from lakip_xl.report.figures import headline
    from lakip_xl.report.workbook import report_cell, report_layout

    result = audit(task.path)
    prior = _prior_year(result, task.last_year) if task.last_year is not None else None
    if task.report is not None:
        write_report(result, task.report, today=task.today)
    layout = report_layout(result)
    rc = corrected_view(result.findings, layout)  # the figures of the unit's Ringkasan: without wrong values
    fig = headline(rc, layout)
    cells = []
    for f in result.findings:
        at = report_cell(layout, f)
        cells.append(f"{quote_sheet(at[0])}!{at[1]}" if at else None)
    unit, year = rc.param("UNIT"), rc.param("TAHUN")
    return UnitSummary(
        name=task.name,
        unit=str(unit or "").strip(),
        year=str(year or "").strip(),
        sha256=result.sha256,
        verdict=result.verdict.value,
        missing=tuple(result.missing),
        counts=(result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO)),
        pagu=fig.pagu,
        anggaran=fig.anggaran if fig.programs else None,
        realisasi=fig.realisasi if fig.programs else None,
        serapan=fig.serapan,
        kriteria=fig.kriteria,
        ikm=fig.ikm,
        mutu=fig.mutu,
        iku_mean=fig.iku_mean,
        iku_count=len(fig.iku),
        zones_ok=fig.zones_ok,
        zones=fig.zones,
        programs=tuple(ProgramRow(p.uraian, p.anggaran, p.realisasi) for p in fig.programs),
        findings=tuple(f.as_dict() for f in result.findings),
        cells=tuple(cells),
        report=task.report,
        last_year=prior,
    )


def _prior_year(result: AuditResult, last: tuple[Path, str]) -> PriorYear:
    """Audit the unit's workbook of the year before and check ``result`` against it (its TAHUN findings)."""
    from lakip_xl.audit.engine import audit
    from lakip_xl.cycle import compare_years
    from lakip_xl.report.lastyear import headline_of

    try:
        before = audit(last[0])
    except NotFilledError as exc:  # last year's template never filled: nothing to compare with
        return PriorYear(last[1], NOT_FILLED, reason=reason_of(exc, last[0], last[1]).removeprefix(f"{NOT_FILLED}: "))
    except Exception as exc:  # last year's file unusable: this year's audit stands alone
        return PriorYear(last[1], UNREADABLE, reason=reason_of(exc, last[0], last[1]))
    compare_years(result, before)
    return PriorYear(last[1], before.verdict.value, headline_of(before).serapan)


OTHER_YEAR = "tahun lain"


@dataclass(frozen=True, slots=True)
class OtherYear:
    """A unit's workbook of another year than the rekap's (``--tahun``): audited, counted nowhere.

    Attributes:
        unit: Its summary.
        year: The rekap's year.
    """

    unit: UnitSummary
    year: str

    status = OTHER_YEAR

    @property
    def file(self) -> str:
        """The file as the rekap names it."""
        return self.unit.name

    @property
    def path(self) -> str:
        """Sorts beside the other files not counted."""
        return self.unit.name

    @property
    def reason(self) -> str:
        """Why it is not counted, in Bahasa Indonesia."""
        return f"laporan {self.unit.label} tahun {self.unit.year}; rekap ini tahun {self.year}"


@dataclass(frozen=True, slots=True)
class Absent:
    """A unit of the ``--daftar`` list without a submission: its "belum kirim" row.

    Attributes:
        unit: Its name as the list gives it.
        maybe: A file whose unit is not on the list and whose name is closest to this one (a typo), if any.
    """

    unit: str
    maybe: str | None = None

    verdict = NOT_SENT

    @property
    def label(self) -> str:
        """The unit's name."""
        return self.unit

    def worst_first(self) -> tuple[int, int, str, str]:
        """Sort key among the rows (see :meth:`UnitSummary.worst_first`)."""
        return WORST_FIRST.index(NOT_SENT), 0, self.unit.casefold(), ""


Row = UnitSummary | Absent


@dataclass(frozen=True, slots=True)
class Block:
    """The rekap of one year: its units and rows (the units, and the listed units that sent nothing), worst first.

    Attributes:
        year: The year ("" when no unit's year is known).
        units: The units counted in this year's totals.
        rows: Those units and, in the rekap's own year, the "belum kirim" units, worst first.
    """

    year: str
    units: list[UnitSummary]
    rows: list[Row]


@dataclass
class RekapResult:
    """Every unit's summary (worst first), the files not counted, and where the outputs went.

    Attributes:
        units: One summary per unit counted (one file per unit and year), worst first
            (:meth:`UnitSummary.worst_first`).
        skipped: Every other file of the inputs, with its reason (:func:`lakip_xl.io.inbox.collect`).
        superseded: Files counted nowhere: byte-identical copies and older revisions of a unit and year.
        other_years: With ``--tahun``, the units of other years (audited, counted nowhere).
        absent: With ``--daftar``, the listed units that sent nothing (None without a list).
        year: The ``--tahun`` asked for, else None.
        output: The rekap workbook, once written.
        json: The rekap JSON, once written.
        laporan: The folder of the units' report workbooks, when asked for.
        version: Tool version.
        last_year: The folder of last year's workbooks (``--tahun-lalu``), when given.
    """

    units: list[UnitSummary]
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    other_years: list[OtherYear] = field(default_factory=list)
    absent: list[Absent] | None = None
    year: str | None = None
    output: Path | None = None
    json: Path | None = None
    laporan: Path | None = None
    version: str = __version__
    last_year: Path | None = None

    def listed(self) -> list[Skipped | Superseded | OtherYear]:
        """Every file of the inputs not counted, by name: skipped, superseded and of other years together."""
        return sorted([*self.skipped, *self.superseded, *self.other_years], key=lambda s: (s.file, str(s.path)))

    @property
    def main_year(self) -> str:
        """The rekap's year: ``--tahun``, else the latest year of its units ("" when none is known).

        The ``--daftar`` list is checked for it; a file of unknown year (unreadable) is listed in its block.
        """
        if self.year:
            return self.year
        return max((u.year.strip() for u in self.units if u.year.strip()), default="")

    def blocks(self) -> list[Block]:
        """One block per year, latest first (the rekap's own year first): years are never mixed."""
        main = self.main_year
        years = sorted({u.year.strip() for u in self.units if u.year.strip()} | {main}, reverse=True)
        out = []
        for year in years:
            units = [u for u in self.units if (u.year.strip() or main) == year]
            rows: list[Row] = [*units, *(self.absent or ())] if year == main else list(units)
            out.append(Block(year, units, sorted(rows, key=lambda r: r.worst_first())))
        return out

    def count(self, verdict: str) -> int:
        """Units with this verdict (``belum kirim``: the listed units that sent nothing)."""
        if verdict == NOT_SENT:
            return len(self.absent or ())
        return sum(1 for u in self.units if u.verdict == verdict)

    @property
    def exit_code(self) -> int:
        """0 when every unit is bersih, none is missing and no submission was skipped; 2 when no file is readable.

        Else 1.
        """
        if self.units and all(not u.readable for u in self.units):
            return 2
        clean = all(u.verdict == "bersih" for u in self.units) and not any(s.blocks for s in self.skipped)
        return 0 if clean and not self.absent else 1
