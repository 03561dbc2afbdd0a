"""``lakip-xl audit`` over several workbooks: each audited and reported as alone, without a rekap.

One unusable file does not stop the others: it is reported with the same
one-line reason a single audit exits 2 with. The files of the inputs that are
not audited are listed as the rekap lists them (:mod:`lakip_xl.io.inbox`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from lakip_xl import __version__
from lakip_xl.audit.context import AuditResult
from lakip_xl.io.inbox import Skipped, Superseded
from lakip_xl.io.ours import REASON, OwnOutputError
from lakip_xl.model.errors import OutputError
from lakip_xl.report.console import shown_name
from lakip_xl.report.reasons import reason_of
from lakip_xl.report.unit import UNREADABLE


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


class Batch:
    """The workbooks of one multi-file audit, every output checked against every input before the first audit.

    Iterating audits each workbook in turn. A report whose default name is
    another input of the same run (``a.xlsx`` beside an input
    ``a_laporan.xlsx`` that is a unit's workbook) stops the run, exit 3; our
    own earlier report there is not an input and is replaced.

    Args:
        paths: Workbooks or folders (as ``lakip-xl rekap`` takes them).
        reports: Write each report workbook next to its input (``<name>_laporan.xlsx``).
        json_out: The findings JSON the caller will write, checked against the inputs too.

    Attributes:
        inbox: The workbooks and every other file of the inputs (:func:`lakip_xl.io.inbox.collect`); our own
            outputs an audit recognises join its ``skipped`` while iterating.

    Raises:
        LakipError: No workbook found.
        OutputError: A report cannot be written, or an output would replace an input.
    """

    def __init__(self, paths: Sequence[Path], *, reports: bool = True, json_out: Path | None = None) -> None:
        from lakip_xl.io.atomic import check_output, refuse_inputs
        from lakip_xl.io.inbox import collect
        from lakip_xl.report.build import report_paths

        inbox = collect(paths)
        self.report_of = report_paths([path for path, _ in inbox.files]) if reports else {}
        outputs: list[tuple[str, Path | None]] = [("--json", json_out)]
        outputs += [("Laporan", self.report_of[path]) for path, _ in inbox.files] if reports else []
        inbox = inbox.replacing(out for _, out in outputs)
        refuse_inputs(outputs, inbox.inputs())
        for what, report_path in outputs:  # every destination checked before the first audit
            if what == "Laporan" and report_path is not None:
                check_output(report_path)
        self.inbox = inbox
        self.reports = reports

    def __iter__(self) -> Iterator[Checked]:
        from lakip_xl.audit.engine import audit
        from lakip_xl.report.build import write_report

        for path, name in ((path, shown_name(name)) for path, name in self.inbox.files):  # non-UTF-8 bytes as \xNN
            try:
                result = audit(path)
                report = self.report_of.get(path) if self.reports else None
                if report is not None:
                    write_report(result, report)
            except OutputError:  # a full disk stops the batch (exit 3): the next report would fail alike
                raise
            except OwnOutputError as exc:  # one the collection could not tell: skipped like the others
                self.inbox.skipped.append(Skipped(path, name, REASON[exc.kind], blocks=False, own=True))
                continue
            except Exception as exc:  # one unusable file never stops the others
                yield Checked(path, name, None, reason_of(exc, path, name))  # its line names the file
                continue
            yield Checked(path, name, result, report=report)
        self.inbox.skipped.sort(key=lambda s: (s.file, str(s.path)))


def audit_each(paths: Sequence[Path], *, reports: bool = True, json_out: Path | None = None) -> Iterator[Checked]:
    """Audit every workbook of ``paths`` one by one (a :class:`Batch`, checked before the first audit)."""
    return iter(Batch(paths, reports=reports, json_out=json_out))


def exit_code(codes: Sequence[int], blocking: bool = False) -> int:
    """0 when every workbook is bersih and no submission was left unaudited, 2 when none could be used, else 1."""
    if all(c == 2 for c in codes):
        return 2
    return 0 if all(c == 0 for c in codes) and not blocking else 1


def document(item: Checked) -> dict[str, Any]:
    """The JSON form of one workbook: the audit's document, or its file, verdict and reason."""
    from lakip_xl.report.render import to_document

    if item.result is not None:
        return {"path": item.name, **to_document(item.result)}
    return {"path": item.name, "file": shown_name(item.path.name), "verdict": UNREADABLE, "reason": item.reason}


def write_batch_json(
    documents: Sequence[dict[str, Any]],
    stream: TextIO,
    skipped: Sequence[Skipped] = (),
    superseded: Sequence[Superseded] = (),
) -> None:
    """The JSON of a batch: every workbook's document, in file order, then the files not audited."""
    doc = {
        "tool": "lakip-xl",
        "kind": "audit",
        "version": __version__,
        "audits": list(documents),
        "skipped": [{"file": s.file, "reason": s.reason} for s in skipped],
        "superseded": [{"file": s.file, "by": s.by} for s in superseded],
    }
    json.dump(doc, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
