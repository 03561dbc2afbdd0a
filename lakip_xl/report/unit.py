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
from typing import Any

from lakip_xl import __version__
from lakip_xl.io.inbox import Skipped, Superseded
from lakip_xl.io.ours import REASON, OwnOutputError
from lakip_xl.model.errors import LakipError, OutputError, os_reason
from lakip_xl.model.spec import Value
from lakip_xl.report.console import shown_name

UNREADABLE = "tidak terbaca"
VERDICTS = ("bersih", "ada galat", "belum lengkap", UNREADABLE)


@dataclass(frozen=True, slots=True)
class Task:
    """One workbook to audit.

    Attributes:
        path: The workbook.
        name: How the rekap names it (its path relative to the inputs' common folder).
        report: Where to write its report workbook, or None.
        today: The audit date printed in that report.
    """

    path: Path
    name: str
    report: Path | None = None
    today: dt.date | None = None


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

    @property
    def readable(self) -> bool:
        """False when the file could not be audited at all."""
        return self.verdict != UNREADABLE

    @property
    def conclusion(self) -> str:
        """The verdict and the required tables not filled: "ada galat; tabel wajib belum diisi: 2.2.1"."""
        from lakip_xl.audit.completeness import MISSING_LABEL

        return f"{self.verdict}; {MISSING_LABEL}: {', '.join(self.missing)}" if self.missing else self.verdict

    @property
    def label(self) -> str:
        """The unit's name, else the file's."""
        return self.unit or Path(self.name).stem


def reason_of(exc: BaseException, path: Path | None = None, name: str | None = None) -> str:
    """The one-line reason ``lakip-xl audit`` prints for an exit 2, in Bahasa Indonesia.

    Args:
        exc: Why the file could not be used.
        path: The file as opened (the rekap opens it by its absolute path).
        name: How the run names it (relative to the inputs): said instead of ``path``, so a reason
            carries no absolute path, and for an ``OSError`` the system's English is not said at all.
    """
    if isinstance(exc, LakipError):
        text = str(exc)
    elif isinstance(exc, OSError):
        where = f"Berkas {exc.filename} tidak dapat dibuka: " if exc.filename else ""
        text = where + os_reason(exc)
    else:
        text = f"Galat tak terduga ({type(exc).__name__}: {exc})"
    if path is not None and name is not None:
        text = text.replace(str(path), name)
    return shown_name(text)


def audit_unit(task: Task) -> UnitSummary:
    """Audit one workbook (and write its report when asked); never raises for a bad file."""
    try:
        return _audit(task)
    except OutputError:  # a report that cannot be written (a full disk) stops the rekap: exit 3
        raise
    except OwnOutputError as exc:  # one the collection could not tell (e.g. a zip64 package): skipped too
        return UnitSummary(task.name, reason=REASON[exc.kind], own=True)
    except Exception as exc:  # one unusable or hostile file never stops the rekap
        return UnitSummary(task.name, reason=reason_of(exc, task.path, task.name))


def _audit(task: Task) -> UnitSummary:
    from lakip_xl.audit.engine import audit
    from lakip_xl.audit.findings import Severity
    from lakip_xl.model.layout import quote_sheet
    from lakip_xl.report.build import write_report
    from lakip_xl.report.corrected import corrected_view
    from lakip_xl.report.figures import headline
    from lakip_xl.report.workbook import report_cell, report_layout

    result = audit(task.path)
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
    )


@dataclass
class RekapResult:
    """Every unit's summary, sorted by file name, the files not counted, and where the outputs went.

    Attributes:
        units: One summary per workbook audited, sorted by :attr:`UnitSummary.name`.
        skipped: Every other file of the inputs, with its reason (:func:`lakip_xl.io.inbox.collect`).
        superseded: Byte-identical copies of a unit's file, counted nowhere.
        output: The rekap workbook, once written.
        json: The rekap JSON, once written.
        laporan: The folder of the units' report workbooks, when asked for.
        version: Tool version.
    """

    units: list[UnitSummary]
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    output: Path | None = None
    json: Path | None = None
    laporan: Path | None = None
    version: str = __version__

    def listed(self) -> list[Skipped | Superseded]:
        """Every file of the inputs not counted, by name: skipped and superseded together."""
        return sorted([*self.skipped, *self.superseded], key=lambda s: (s.file, str(s.path)))

    def count(self, verdict: str) -> int:
        """Units with this verdict."""
        return sum(1 for u in self.units if u.verdict == verdict)

    @property
    def exit_code(self) -> int:
        """0 when every unit is bersih and no submission was skipped; 2 when not one file could be read; else 1."""
        if all(not u.readable for u in self.units):
            return 2
        clean = all(u.verdict == "bersih" for u in self.units) and not any(s.blocks for s in self.skipped)
        return 0 if clean else 1
