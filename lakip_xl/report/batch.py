"""``lakip-xl audit`` over several workbooks: each audited and reported as alone, without a rekap.

One unusable file does not stop the others: it is reported with the same
one-line reason a single audit exits 2 with.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from lakip_xl import __version__
from lakip_xl.audit.context import AuditResult
from lakip_xl.model.errors import OutputError
from lakip_xl.report.console import shown_name
from lakip_xl.report.unit import UNREADABLE, reason_of


@dataclass(frozen=True, slots=True)
class Checked:
    """One workbook of a batch: its audit, or why it could not be audited.

    Attributes:
        path: The workbook.
        name: Its path relative to the inputs' common folder.
        result: The audit, None when the file could not be used.
        reason: Why it could not be used.
        report: The report workbook written, if any.
    """

    path: Path
    name: str
    result: AuditResult | None
    reason: str | None = None
    report: Path | None = None

    @property
    def exit_code(self) -> int:
        """The exit code this workbook alone would give."""
        return self.result.exit_code if self.result is not None else 2


def audit_each(paths: Sequence[Path], *, reports: bool = True, json_out: Path | None = None) -> Iterator[Checked]:
    """Audit every workbook of ``paths`` (files or folders, as ``lakip-xl rekap`` takes them), one by one.

    Every output is checked against every input before the first audit: a
    report whose default name is another input of the same run
    (``a.xlsx`` beside an input ``a_laporan.xlsx``) stops the run, exit 3.

    Args:
        paths: Workbooks or folders.
        reports: Write each report workbook next to its input (``<name>_laporan.xlsx``).
        json_out: The findings JSON the caller will write, checked against the inputs too.

    Raises:
        OutputError: A report cannot be written, or an output would replace an input.
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.atomic import check_output, refuse_inputs
    from lakip_xl.report.build import default_report_path, write_report
    from lakip_xl.report.rekap import collect

    found = collect(paths)
    outputs = [("Laporan", default_report_path(path)) for path, _ in found] if reports else []
    refuse_inputs([*outputs, ("--json", json_out)], [path for path, _ in found])
    for _, report_path in outputs:  # every destination checked before the first audit
        check_output(report_path)
    for path, name in ((path, shown_name(name)) for path, name in found):  # a name's non-UTF-8 bytes as \xNN
        try:
            result = audit(path)
            report = default_report_path(path) if reports else None
            if report is not None:
                write_report(result, report)
        except OutputError:  # a full disk stops the batch (exit 3): the next report would fail alike
            raise
        except Exception as exc:  # one unusable file never stops the others
            yield Checked(path, name, None, reason_of(exc, path, name))
            continue
        yield Checked(path, name, result, report=report)


def exit_code(codes: Sequence[int]) -> int:
    """0 when every workbook is bersih, 2 when none could be used, else 1."""
    if all(c == 2 for c in codes):
        return 2
    return 0 if all(c == 0 for c in codes) else 1


def document(item: Checked) -> dict[str, Any]:
    """The JSON form of one workbook: the audit's document, or its file, verdict and reason."""
    from lakip_xl.report.render import to_document

    if item.result is not None:
        return {"path": item.name, **to_document(item.result)}
    return {"path": item.name, "file": shown_name(item.path.name), "verdict": UNREADABLE, "reason": item.reason}


def write_batch_json(documents: Sequence[dict[str, Any]], stream: TextIO) -> None:
    """The JSON of a batch: every workbook's document, in file order."""
    doc = {"tool": "lakip-xl", "kind": "audit", "version": __version__, "audits": list(documents)}
    json.dump(doc, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
