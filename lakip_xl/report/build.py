"""The report workbook for Bappeda: a rendering of the audit's findings.

Ringkasan (summary, headline figures, charts), Catatan (one row per finding,
linked to its cell), then every table of the input laid out as in the template
(:mod:`lakip_xl.report.workbook`). Nothing here recomputes a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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
