"""The report workbook for Bappeda: a rendering of the audit's findings.

Ringkasan (summary, headline figures, charts), Catatan (one row per finding,
linked to its cell), then every table of the input laid out as in the template
(:mod:`lakip_xl.report.workbook`). Nothing here recomputes a finding.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from lakip_xl.audit.context import AuditResult
from lakip_xl.io.atomic import atomic_output, fit_name, scratch_folder
from lakip_xl.report.catatan import write_catatan
from lakip_xl.report.summary import write_ringkasan
from lakip_xl.report.workbook import ReportWriter

REPORT_ENDING = "_laporan.xlsx"


def default_report_path(workbook: Path) -> Path:
    """``<name>_laporan.xlsx`` next to the audited workbook (a name too long shortened: :func:`fit_name`)."""
    return workbook.with_name(fit_name(workbook.stem, REPORT_ENDING, workbook.parent))


def report_paths(workbooks: Sequence[Path]) -> dict[Path, Path]:
    """Each workbook's report of one run: :func:`default_report_path`, unless another workbook took it first.

    ``kec.xlsx`` and ``kec.ods`` in one folder would share ``kec_laporan.xlsx``:
    the .xlsx keeps that name, the other's names its format (``kec_ods_laporan.xlsx``).
    """
    out: dict[Path, Path] = {}
    taken: set[str] = set()
    for path in sorted(workbooks, key=lambda p: p.suffix.lower() != ".xlsx"):  # stable: the run's order kept
        report = default_report_path(path)
        if os.path.normcase(os.path.abspath(report)).casefold() in taken:
            stem = f"{path.stem}_{path.suffix.lstrip('.').lower() or 'berkas'}"
            report = path.with_name(fit_name(stem, REPORT_ENDING, path.parent))
        taken.add(os.path.normcase(os.path.abspath(report)).casefold())
        out[path] = report
    return out


def write_report(
    result: AuditResult,
    path: Path,
    *,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Write the report workbook atomically.

    Args:
        result: The audit to render.
        path: Output file (never the audited file).
        today: The audit date printed in Ringkasan (default: today).
        progress: Told (sheet, rows written, rows in all) while the table sheets are written.
    """
    with atomic_output(path) as tmp, scratch_folder() as scratch:
        front = (write_ringkasan, write_catatan)
        ReportWriter(tmp, result, today or dt.date.today(), front=front, progress=progress, scratch=scratch).write()
