"""The local pool: the rekap's worker processes, forked once, stopped safely, never outliving the command.

:func:`run_units` audits in this process (one job), or :func:`run_pool` in a
pool of processes forked from this one
after the audit's libraries are imported and warmed (:func:`warm_up`), so they
are shared, not imported again. Two things make it safe to stop:

- Ctrl-C, SIGTERM and SIGHUP reach this process while it waits for the
  workers. They are noted and raised between two waits, never inside the
  pool's own bookkeeping (an exception there can leave one of its locks held,
  and the pool then never shuts down).
- A worker exits when this process dies, even by ``kill -9``: on Linux the
  kernel sends it SIGUSR1 then (``prctl(PR_SET_PDEATHSIG)``), and between two
  units it checks its parent anyway. A worker stopped in the middle of a unit
  unwinds it first, so its temporary files (a report in the staging folder,
  xlsxwriter's files in ``$TMPDIR``) are removed; the staging folder itself is
  the parent's, removed by the next rekap writing into the same folder
  (:mod:`lakip_xl.desk.rekap`).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from lakip_xl.io.signals import Stopped
from lakip_xl.report.unit import Task, UnitSummary, audit_unit

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

CRASHED = "Proses pemeriksa berkas ini berhenti mendadak (berkas mungkin merusak pembaca); berkas dilewati"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
DEATH_SIGNAL = getattr(signal, "SIGUSR1", None)
POLL = 0.2  # seconds between two looks at a signal noted while waiting for the workers


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
    """Audit every task, in this process (one job) or a pool of forked workers (:func:`run_pool`)."""
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
    return run_pool(tasks, jobs, progress)


def run_pool(tasks: list[Task], jobs: int, progress: Progress | None) -> list[UnitSummary]:
    """Audit every task in a pool of ``jobs`` worker processes; a worker that dies costs only its own file."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else None)
    units: list[UnitSummary] = []
    if fork:  # forked workers share the pages of what is imported and warmed here
        warm_up()
        gc.collect()
        gc.freeze()  # the collector then leaves the shared objects' pages alone in the workers
    crashed: list[Task] = []
    with _signals_between_waits() as noted:
        with _executor(jobs, context) as pool:
            futures: dict[Future[UnitSummary], Task] = {pool.submit(work, task): task for task in tasks}
            if progress:  # after the workers are forked: a progress display may run a thread
                progress.start(len(tasks))
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED)
                    noted.raise_if_any()
                    for future in sorted(done, key=lambda f: futures[f].name):
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
        for task in sorted(crashed, key=lambda t: t.name):  # each alone, so one crashing file names itself
            unit = _alone(task, context, noted)
            units.append(unit)
            if progress:
                progress.advance(unit)
    if fork:
        gc.unfreeze()
    return units


def _executor(jobs: int, context: BaseContext) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(jobs, mp_context=context, initializer=worker_init, initargs=(os.getpid(),))


def _alone(task: Task, context: BaseContext, noted: _Noted) -> UnitSummary:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    with _executor(1, context) as pool:
        future = pool.submit(work, task)
        try:
            while not wait([future], timeout=POLL, return_when=FIRST_COMPLETED).done:
                noted.raise_if_any()
            unit: UnitSummary = future.result()
            return unit
        except BrokenProcessPool:
            return UnitSummary(task.name, reason=CRASHED)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def warm_up() -> None:
    """Audit a tiny workbook of our own and write its report: every library is imported and its caches filled.

    Only a speed-up: when it fails (``$TMPDIR`` full or read-only) the rekap goes on, and no message
    ever names its files.
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.writer import write_workbook
    from lakip_xl.model.workbook import TableData
    from lakip_xl.report.build import write_report

    data = {
        "identitas": TableData(rows=[{"kode": "unit", "nilai": "Pemanasan"}]),
        "tabel_1": TableData(rows=[{"uraian": "PNS", "jumlah": 1, "persentase": Decimal(100)}]),
    }
    with contextlib.suppress(Exception), tempfile.TemporaryDirectory(prefix="lakip-rekap-") as folder:
        path = Path(folder) / "pemanasan.xlsx"
        write_workbook(path, data)
        write_report(audit(path), Path(folder) / "pemanasan_laporan.xlsx")


class ParentGone(BaseException):
    """Raised in a worker whose parent died while it audited a unit: the unit unwinds, removing its files."""


_WORKER = {"parent": 0, "busy": False}


def worker_init(parent: int) -> None:
    """A worker's start: Ctrl-C is the parent's to handle; the worker goes when the parent does."""
    _WORKER["parent"] = parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # as in the command's process: the unit unwinds, removing its files
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stopped)
    if DEATH_SIGNAL is not None:
        signal.signal(DEATH_SIGNAL, _parent_died)
        _ask_death_signal(DEATH_SIGNAL)
    if os.getppid() != parent:  # the parent died before the kernel was asked to say so
        os._exit(0)


def _ask_death_signal(signum: int) -> None:
    """Linux: have the kernel send ``signum`` to this process when its parent dies."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - elsewhere the check between units remains
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)


def _stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def _parent_died(signum: int, frame: object) -> None:
    if os.getppid() == _WORKER["parent"]:
        return  # a stray SIGUSR1: the parent is alive
    if _WORKER["busy"]:
        raise ParentGone  # the unit unwinds: its temporary files are removed, then work() exits
    os._exit(0)


def work(task: Task) -> UnitSummary:
    """Audit one unit in a worker; exit at once, leaving nothing, when the parent has died."""
    try:
        try:
            _WORKER["busy"] = True
            if os.getppid() != _WORKER["parent"]:  # between units: also where no death signal exists
                raise ParentGone
            unit = audit_unit(task)
        finally:
            _WORKER["busy"] = False  # from here a death signal ends the process at once
    except ParentGone:  # raised anywhere above, even in the finally: the unit has unwound
        os._exit(0)
    return unit


class _Noted:
    """Ctrl-C, SIGTERM and SIGHUP received while the workers run, raised at a safe point."""

    def __init__(self) -> None:
        self.signum: int | None = None

    def note(self, signum: int, frame: object) -> None:
        if self.signum is None:
            self.signum = signum

    def raise_if_any(self) -> None:
        """Raise what the first signal noted stands for: KeyboardInterrupt, or :class:`Stopped`."""
        signum, self.signum = self.signum, None
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        if signum is not None:
            raise Stopped(signum)


@contextlib.contextmanager
def _signals_between_waits() -> Iterator[_Noted]:
    """Within the block, Ctrl-C, SIGTERM and SIGHUP are noted, not raised where they land; then as before."""
    noted = _Noted()
    before: dict[int, Any] = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None:
            with contextlib.suppress(ValueError):  # not the main thread: signals stay as they are
                before[signum] = signal.signal(signum, noted.note)
    try:
        yield noted
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
