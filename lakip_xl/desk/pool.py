"""The local pool: the units audited in this process or in worker processes forked from it.

The workers are forked after the audit's libraries are imported and warmed
(:func:`_warm_up`), so they share them instead of importing them again. A
worker that dies costs only the file it was auditing: the files it was given
are audited again, each in a fresh process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from lakip_xl.report.unit import Task, UnitSummary, audit_unit

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


def run_units(tasks: list[Task], jobs: int, progress: Progress | None) -> list[UnitSummary]:
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
