"""Bappeda's rekap: audit every unit's workbook in one run and consolidate them.

:func:`rekap` is the library call behind ``lakip-xl rekap``. It audits each
workbook in a pool of worker processes forked from this one (the libraries
are imported once), keeps a compact :class:`UnitSummary` per unit, and writes
the rekap workbook, its JSON and, when asked, each unit's report workbook.
One unusable file never stops the run: its row says why; every file of the
inputs that is not audited is listed with its reason
(:func:`lakip_xl.io.inbox.collect`), and one content is counted once. Nothing is written
until every unit is done, and then all at once, so an interrupted run leaves
no output behind. docs/rekap.md describes the outputs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lakip_xl.io.atomic import atomic_output, check_distinct, check_output, refuse_inputs, writing
from lakip_xl.io.inbox import Inbox, Skipped, collect, is_folder, nothing_to_audit
from lakip_xl.model.errors import OutputError
from lakip_xl.report.console import shown_name
from lakip_xl.report.unit import UNREADABLE, RekapResult, Task, UnitSummary, audit_unit

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

CRASHED = "Proses pemeriksa berkas ini berhenti mendadak (berkas mungkin merusak pembaca); berkas dilewati"


class Progress(Protocol):
    """What the rekap tells a progress display."""

    def start(self, total: int) -> None:
        """``total`` workbooks are about to be audited."""

    def advance(self, unit: UnitSummary) -> None:
        """One workbook is done."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def rekap(
    paths: Sequence[Path],
    output: Path,
    *,
    json_out: Path | None = None,
    laporan: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> RekapResult:
    """Audit every workbook of ``paths`` and write the rekap workbook (and JSON, and the units' reports).

    Args:
        paths: Workbooks, or folders holding them.
        output: The rekap workbook (.xlsx).
        json_out: The rekap as JSON, when given.
        laporan: A folder that receives each unit's report workbook (as ``lakip-xl audit`` writes it).
        jobs: Worker processes (default: the CPUs available); 1 audits in this process.
        progress: Told the total, then each unit as it is done.
        today: The audit date printed in the units' reports (default: today).

    Raises:
        LakipError: No workbook found.
        OutputError: An output would overwrite an input or the other output, or cannot be written there.
    """
    check_distinct(("-o", output), ("--json", json_out))
    inbox = collect(paths)
    files = [(path, shown_name(name)) for path, name in inbox.files]  # a name's non-UTF-8 bytes as \xNN
    names = _report_names([name for _, name in files]) if laporan is not None else {}
    reports = [("Laporan", laporan / names[n]) for _, n in files] if laporan is not None else []
    outputs = [("-o", output), ("--json", json_out), *reports]
    inbox = inbox.replacing(out for _, out in outputs)  # the previous run's rekap or reports, rewritten now
    refuse_inputs(outputs, inbox.inputs())
    for out in (output, json_out):
        if out is not None:
            check_output(out)
    if laporan is not None and not laporan.is_dir():
        raise OutputError(f"Folder laporan tidak ada: {laporan}")
    if laporan is not None:
        check_output(laporan / ".lakip-periksa.xlsx")
    with _staging(laporan) as staging:
        today = today or dt.date.today()
        tasks = [Task(p, n, staging / names[n] if staging else None, today) for p, n in files]
        try:
            units = _run(tasks, jobs or default_jobs(), progress)
        except OutputError as exc:  # name the report as the user will look for it, not its staging copy
            if staging is None or laporan is None:
                raise
            raise OutputError(str(exc).replace(str(staging), str(laporan))) from exc
        if laporan is not None:
            units = [dataclasses.replace(u, report=laporan / names[u.name]) if u.report else u for u in units]
        result = _result(inbox, units, paths, laporan)
        _commit(result, output, json_out, staging, names)
    return result


def _result(inbox: Inbox, units: list[UnitSummary], paths: Sequence[Path], laporan: Path | None) -> RekapResult:
    """The units audited, sorted by name, and every file not counted: our own outputs found by a worker join them."""
    where = {name: path for path, name in inbox.files}
    own = [Skipped(where[u.name], u.name, u.reason or "", blocks=False, own=True) for u in units if u.own]
    skipped = sorted(inbox.skipped + own, key=lambda s: (s.file, str(s.path)))
    units = sorted((u for u in units if not u.own), key=lambda u: u.name)
    if not units:
        raise nothing_to_audit(paths, skipped)
    return RekapResult(units, skipped, inbox.superseded, laporan=laporan)


@contextlib.contextmanager
def _staging(laporan: Path | None) -> Iterator[Path | None]:
    """A hidden folder inside ``laporan`` the units' reports are written to, removed in every case."""
    if laporan is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix=".lakip-rekap-", dir=laporan))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _report_names(names: Sequence[str]) -> dict[str, str]:
    """``<stem>_laporan.xlsx`` per input, numbered when two inputs share a stem."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = Path(name).stem
        candidate, n = f"{stem}_laporan.xlsx", 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}_{n}_laporan.xlsx"
        taken.add(candidate.casefold())
        out[name] = candidate
    return out


def _run(tasks: list[Task], jobs: int, progress: Progress | None) -> list[UnitSummary]:
    """Audit every task, in this process (one job) or a pool of forked workers."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        if progress:
            progress.start(len(tasks))
        units = []
        for task in tasks:
            units.append(audit_unit(task))
            if progress:
                progress.advance(units[-1])
        return units
    return _pool(tasks, jobs, progress)


def _pool(tasks: list[Task], jobs: int, progress: Progress | None) -> list[UnitSummary]:
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    fork = "fork" in methods
    context = multiprocessing.get_context("fork" if fork else None)
    units: list[UnitSummary] = []
    if fork:  # forked workers share the pages of what is imported and warmed here
        _warm_up()
        gc.collect()
        gc.freeze()  # the collector then leaves the shared objects' pages alone in the workers
    crashed: list[Task] = []
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_sigint) as pool:
        futures: dict[Future[UnitSummary], Task] = {pool.submit(audit_unit, task): task for task in tasks}
        if progress:  # after the workers are forked: a progress display may run a thread
            progress.start(len(tasks))
        try:
            for future in as_completed(futures):
                try:
                    unit = future.result()
                except BrokenProcessPool:
                    crashed.append(futures[future])
                    continue
                units.append(unit)
                if progress:
                    progress.advance(unit)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    if fork:
        gc.unfreeze()
    for task in sorted(crashed, key=lambda t: t.name):  # each alone, so one crashing file names itself
        unit = _alone(task, context)
        units.append(unit)
        if progress:
            progress.advance(unit)
    return units


def _warm_up() -> None:
    """Audit a tiny workbook of our own and write its report: every library is imported and its caches filled."""
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.writer import write_workbook
    from lakip_xl.model.workbook import TableData
    from lakip_xl.report.build import write_report

    data = {
        "identitas": TableData(rows=[{"kode": "unit", "nilai": "Pemanasan"}]),
        "tabel_1": TableData(rows=[{"uraian": "PNS", "jumlah": 1, "persentase": Decimal(100)}]),
    }
    with tempfile.TemporaryDirectory(prefix="lakip-rekap-") as folder:
        path = Path(folder) / "pemanasan.xlsx"
        write_workbook(path, data)
        with contextlib.suppress(Exception):
            write_report(audit(path), Path(folder) / "pemanasan_laporan.xlsx")


def _alone(task: Task, context: BaseContext) -> UnitSummary:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(1, mp_context=context, initializer=_ignore_sigint) as pool:
        try:
            unit: UnitSummary = pool.submit(audit_unit, task).result()
            return unit
        except BrokenProcessPool:
            return UnitSummary(task.name, reason=CRASHED)


def _ignore_sigint() -> None:
    """Ctrl-C is the parent's to handle: it stops the run and removes what was staged."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _commit(
    result: RekapResult, output: Path, json_out: Path | None, staging: Path | None, names: dict[str, str]
) -> None:
    """Write the rekap and JSON to temporary files, then move everything into place with Ctrl-C held back."""
    from lakip_xl.report.rekap_doc import write_rekap_json
    from lakip_xl.report.rekap_sheets import write_rekap_workbook

    with contextlib.ExitStack() as stack:
        held = stack.enter_context(_SigintHold())  # released last, after every rename below
        tmp_x = stack.enter_context(atomic_output(output))
        tmp_j = stack.enter_context(atomic_output(json_out)) if json_out is not None else None
        with writing(output):  # each write names its own file when the disk fills
            write_rekap_workbook(result, tmp_x, links_from=output.resolve().parent)
        if tmp_j is not None and json_out is not None:
            with writing(json_out), tmp_j.open("w", encoding="utf-8") as fh:
                write_rekap_json(result, fh)
        held.arm()  # from here to the end, a Ctrl-C waits: the outputs appear together
        if staging is not None:
            for unit in result.units:
                if unit.report is not None:
                    os.replace(staging / names[unit.name], unit.report)
    result.output, result.json = output, json_out


class _SigintHold:
    """Once armed, holds SIGINT back (delivered on exit) while the outputs are renamed into place."""

    def __init__(self) -> None:
        self.armed = False

    def __enter__(self) -> _SigintHold:
        return self

    def arm(self) -> None:
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            self.armed = True

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


__all__ = ["UNREADABLE", "Progress", "RekapResult", "UnitSummary", "collect", "is_folder", "rekap"]
