"""``lakip-xl audit``: one workbook with its report, or several each as alone."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from lakip_xl.commands.output import error, say
from lakip_xl.model.errors import OutputError


def report_path(workbook: Path, output: Path | None) -> Path:
    """The report of ``workbook``: ``output`` if given, else ``<name>_laporan.xlsx`` next to it."""
    from lakip_xl.report.build import default_report_path

    return output or default_report_path(workbook)


def audit_one(workbook: Path, json_out: str | None, lang: str, report: Path | None) -> int:
    """Audit one workbook: console or JSON, and its report unless ``report`` is None."""
    from lakip_xl.audit.engine import audit as run_audit
    from lakip_xl.io.atomic import atomic_output, check_output
    from lakip_xl.report.build import write_report
    from lakip_xl.report.progress import work_progress
    from lakip_xl.report.render import print_console, write_json

    if report is not None:
        refuse_same(workbook, report)
        check_output(report)
    with work_progress(sys.stderr, workbook.name) as shown:  # a terminal's stderr only: never stdout's JSON
        result = run_audit(workbook)
        if report is not None:
            write_report(result, report, progress=shown.rows)
    if json_out == "-":
        write_json(result, sys.stdout)
    else:
        print_console(result, lang)
        if json_out:
            with atomic_output(Path(json_out)) as tmp, tmp.open("w", encoding="utf-8") as fh:
                write_json(result, fh)
        if report is not None:
            say(("Laporan ditulis: " if lang == "id" else "Report written: ") + str(report))
    return result.exit_code


def audit_many(workbooks: list[Path], json_out: str | None, lang: str, reports: bool) -> int:
    """Audit each workbook as alone (no rekap); one unusable file does not stop the others."""
    from lakip_xl.io.atomic import atomic_output
    from lakip_xl.report.batch import Batch, document, exit_code, write_batch_json
    from lakip_xl.report.render import print_console

    codes, documents = [], []
    to_file = Path(json_out) if json_out not in (None, "-") else None
    batch = Batch(workbooks, reports=reports, json_out=to_file)
    for item in batch:
        codes.append(item.exit_code)
        if json_out:
            documents.append(document(item))
        if json_out == "-":
            continue
        if item.result is None:
            error(f"Galat: {item.name}: {item.reason}")
            continue
        print_console(item.result, lang)
        if item.report is not None:
            say(("Laporan ditulis: " if lang == "id" else "Report written: ") + str(item.report))
    if json_out != "-":
        for other in batch.inbox.listed():  # nothing left out silently
            say(f"{other.status.capitalize()}: {other.file}: {other.reason}")
    if json_out == "-":
        write_batch_json(documents, sys.stdout, batch.inbox.skipped, batch.inbox.superseded)
    elif json_out:
        with atomic_output(Path(json_out)) as tmp, tmp.open("w", encoding="utf-8") as fh:
            write_batch_json(documents, fh, batch.inbox.skipped, batch.inbox.superseded)
    return exit_code(codes, batch.inbox.blocking)


def refuse_same(source: Path, output: Path) -> None:
    """Refuse to write over the input file (exit 3, like every output that cannot be written)."""
    same = os.path.realpath(source) == os.path.realpath(output)  # never raises, not even on a symlink loop
    if not same and source.exists() and output.exists():
        same = source.samefile(output)
    if same:
        raise OutputError(f"Berkas keluaran sama dengan berkas masukan: {output}")
