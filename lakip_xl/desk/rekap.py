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
import os
import signal
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock; a staging folder left by a killed run stays
    fcntl = None  # type: ignore[assignment]

from lakip_xl.cycle import last_years
from lakip_xl.desk.cluster import run_on_dask
from lakip_xl.desk.daftar import check, read_list
from lakip_xl.desk.latest import check_year, latest, newest_first, of_year
from lakip_xl.desk.pool import CRASHED, Progress, default_jobs, run_units
from lakip_xl.io.atomic import atomic_output, check_distinct, check_output, refuse_inputs, remove_folder, writing
from lakip_xl.io.inbox import Inbox, Skipped, collect, is_folder, nothing_to_audit
from lakip_xl.io.signals import hold, release
from lakip_xl.model.errors import OutputError
from lakip_xl.report.console import shown_name
from lakip_xl.report.unit import UNREADABLE, RekapResult, Task, UnitSummary


def rekap(
    paths: Sequence[Path],
    output: Path,
    *,
    json_out: Path | None = None,
    laporan: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    tahun: str | None = None,
    daftar: Path | None = None,
    dask: str | None = None,
    last_year: Path | None = None,
) -> RekapResult:
    """Audit every workbook of ``paths`` and write the rekap workbook (and JSON, and the units' reports).

    Args:
        paths: Workbooks, or folders holding them.
        output: The rekap workbook (.xlsx).
        json_out: The rekap as JSON, when given.
        laporan: A folder (created when missing) that receives each unit's report workbook (as ``lakip-xl
            audit`` writes it).
        jobs: Worker processes (default: the CPUs available); 1 audits in this process.
        progress: Told the total, then each unit as it is done.
        today: The audit date printed in the units' reports (default: today).
        tahun: The rekap's year: units of other years are listed as "tahun lain", counted nowhere.
        daftar: The units Bappeda expects (.txt, .csv or .xlsx): those without a submission are "belum kirim".
        dask: The address of a Dask scheduler that audits the units instead of the local pool.
        last_year: Last year's workbooks (a folder, or a file): each unit is checked against its own, matched
            by Identitas (the unit's name, case and spaces aside, and the year before), as ``audit --tahun-lalu``.

    Raises:
        LakipError: No workbook found; a bad ``tahun`` or ``daftar``; no Dask cluster at ``dask``.
        OutputError: An output would overwrite an input or the other output, or cannot be written there.
    """
    year = check_year(tahun)
    check_distinct(("-o", output), ("--json", json_out))
    expected = read_list(daftar) if daftar is not None else None
    inbox = collect(paths)
    files = [(path, shown_name(name)) for path, name in inbox.files]  # a name's non-UTF-8 bytes as \xNN
    inbox.files, inbox.dates = files, {shown_name(name): when for name, when in inbox.dates.items()}
    before = collect([last_year]) if last_year is not None else None  # last year's workbooks (--tahun-lalu)
    names = _report_names([name for _, name in files], laporan) if laporan is not None else {}
    reports = [("Laporan", laporan / names[n]) for _, n in files] if laporan is not None else []
    outputs = [("-o", output), ("--json", json_out), *reports]
    inbox = inbox.replacing(out for _, out in outputs)  # the previous run's rekap or reports, rewritten now
    refuse_inputs(outputs, [*inbox.inputs(), *(before.inputs() if before is not None else ())])
    for out in (output, json_out):
        if out is not None:
            check_output(out)
    with _folder(laporan), _staging(laporan) as staging:
        today = today or dt.date.today()
        last_files = [(p, shown_name(n)) for p, n in newest_first(before.files, before.dates)] if before else []
        pairs = last_years(files, last_files) if before is not None else {}  # a unit's latest of last year
        tasks = [Task(p, n, staging / names[n] if staging else None, today, pairs.get(p)) for p, n in files]
        try:
            if dask is not None:
                units = run_on_dask(tasks, dask, progress)
            else:
                units = run_units(tasks, jobs or default_jobs(), progress)
        except OutputError as exc:  # name the report as the user will look for it, not its staging copy
            if staging is None or laporan is None:
                raise
            raise OutputError(str(exc).replace(str(staging), str(laporan))) from exc
        if laporan is not None:
            units = [dataclasses.replace(u, report=laporan / names[u.name]) if u.report else u for u in units]
        result = _result(inbox, units, paths, year, expected)
        result.laporan = laporan
        result.last_year = last_year
        _commit(result, output, json_out, staging, names)
    return result


def _result(
    inbox: Inbox, units: list[UnitSummary], paths: Sequence[Path], year: str | None, expected: list[str] | None
) -> RekapResult:
    """The units counted, worst first, and every file not counted, with the units on the list that sent nothing.

    Our own outputs found by a worker join the skipped files; of the files of one unit and year, the latest
    counts (:func:`lakip_xl.desk.latest.latest`); with ``year``, the units of other years are set apart.
    """
    where = {name: path for path, name in inbox.files}
    own = [Skipped(where[u.name], u.name, u.reason or "", blocks=False, own=True) for u in units if u.own]
    skipped = sorted(inbox.skipped + own, key=lambda s: (s.file, str(s.path)))
    units = sorted((dataclasses.replace(u, saved=inbox.dates.get(u.name, (None, 0.0))[0]) for u in units if not u.own),
                   key=lambda u: u.name)  # fmt: skip
    if not units:
        raise nothing_to_audit(paths, skipped)
    units, revised = latest(units, inbox.dates, where)
    superseded = sorted([*inbox.superseded, *revised], key=lambda s: (s.file, str(s.path)))
    units, other_years = of_year(units, year)
    result = RekapResult(units, skipped, superseded, other_years, year=year)
    absent = None
    if expected is not None:
        units, absent = check(units, expected, result.main_year)
    result.units, result.absent = sorted(units, key=UnitSummary.worst_first), absent
    return result


@contextlib.contextmanager
def _folder(laporan: Path | None) -> Iterator[None]:
    """``laporan`` made when missing (and removed again, with the folders made for it, when the run fails)."""
    if laporan is None:
        yield
        return
    made = [p for p in (laporan, *laporan.parents) if not p.exists() and not p.is_symlink()]
    if laporan.exists() and not laporan.is_dir():
        raise OutputError(f"--laporan {laporan} adalah berkas, bukan folder")
    try:
        laporan.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Folder laporan {laporan} tidak dapat dibuat ({_why(exc)})") from exc
    try:
        check_output(laporan / ".lakip-periksa.xlsx")
        yield
    except BaseException:
        for folder in made:  # innermost first; a folder something else was written into stays
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _why(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "tidak ada izin menulis"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk penuh"
    return "sebagian jalurnya bukan folder" if exc.errno == errno.ENOTDIR else "galat sistem berkas"


STAGING = ".lakip-rekap-"
LOCK = ".kunci"


@contextlib.contextmanager
def _staging(laporan: Path | None) -> Iterator[Path | None]:
    """A hidden folder inside ``laporan`` the units' reports are written to, removed in every case.

    It holds a lock file, locked (``flock``) while this run and its workers live: the kernel frees
    the lock however the run ends, even by ``kill -9``. Each rekap first removes the staging folders
    of such ended runs (:func:`_remove_ended`); a folder whose run is alive is left alone.
    """
    if laporan is None:
        yield None
        return
    if fcntl is None:  # pragma: no cover - Windows
        with _unlocked_staging(laporan) as folder:
            yield folder
        return
    _remove_ended(laporan)
    held = hold()  # no signal between the folder's creation and the try that removes it
    try:
        folder = Path(tempfile.mkdtemp(prefix=STAGING, dir=laporan))
    except BaseException:
        release(held)
        raise
    lock = -1
    try:
        release(held)
        lock = os.open(folder / (LOCK + ".baru"), os.O_CREAT | os.O_WRONLY, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.replace(folder / (LOCK + ".baru"), folder / LOCK)  # seen by others only once locked
        yield folder
    finally:
        remove_folder(folder)
        if lock >= 0:
            os.close(lock)


@contextlib.contextmanager
def _unlocked_staging(laporan: Path) -> Iterator[Path]:  # pragma: no cover - Windows
    folder = Path(tempfile.mkdtemp(prefix=STAGING, dir=laporan))  # no signal mask to hold signals with there
    try:
        yield folder
    finally:
        remove_folder(folder)


def _remove_ended(laporan: Path) -> None:
    """Remove the staging folders in ``laporan`` left by rekaps that ended without removing them."""
    for folder in laporan.glob(STAGING + "*"):
        if folder.is_symlink() or not (folder / LOCK).is_file():
            continue  # not ours, or not locked yet: left alone
        try:
            fd = os.open(folder / LOCK, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # its run is alive
        else:
            remove_folder(folder)
        finally:
            os.close(fd)


def _report_names(names: Sequence[str], folder: Path) -> dict[str, str]:
    """``<stem>_laporan.xlsx`` per input, numbered when two inputs share a stem, shortened when too long."""
    from lakip_xl.io.atomic import fit_name
    from lakip_xl.report.build import REPORT_ENDING

    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = Path(name).stem
        candidate, n = fit_name(stem, REPORT_ENDING, folder), 1
        while candidate.casefold() in taken:
            n += 1
            candidate = fit_name(stem, f"_{n}{REPORT_ENDING}", folder)
        taken.add(candidate.casefold())
        out[name] = candidate
    return out


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


__all__ = ["CRASHED", "UNREADABLE", "Progress", "RekapResult", "UnitSummary", "collect", "is_folder", "rekap"]
