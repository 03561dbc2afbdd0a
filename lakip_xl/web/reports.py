"""Report workbooks built when they are first downloaded: once per file, in an audit's own process, then kept.

An upload's answer costs its audit and its JSON only; the report workbook (the
largest cost of a check: xlsxwriter writing every table) is made by
:func:`lakip_xl.web.worker.report` the first time someone downloads it, from
the upload as received, dated the day it was checked, so its bytes are what
``lakip-xl audit`` wrote for that file that day. It runs like an audit
(:class:`lakip_xl.web.jobs.Runner`: its own process, the time limit, a crash
fails that download only) and is then kept at its place (a check's folder, or
``laporan/`` of the data folder under the workbook's SHA-256): it is never
built twice and never overwritten. Downloads that ask while it is being built
wait for the same build.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from lakip_xl.web.jobs import Job, JobRefused, Jobs, Runner, wait
from lakip_xl.web.settings import Settings
from lakip_xl.web.worker import DATE_NAME, REPORT_NAME, REPORT_WORKER, upload_path

GONE = "Hasil pemeriksaan ini tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya lagi"
BUSY = "Server sedang memeriksa banyak berkas; coba unduh laporan lagi sebentar lagi"
NOT_YET = "Laporan belum selesai dibuat; coba unduh lagi sebentar lagi"

Keep = Callable[[Path, Path], None]


def link_once(built: Path, target: Path) -> None:
    """Link a built report at ``target`` in a check's folder (kept if one is there; 404 once the check expired)."""
    try:
        os.link(built, target)
    except FileExistsError:
        pass
    except FileNotFoundError as exc:  # the check's folder was removed meanwhile
        raise JobRefused(404, GONE) from exc


def _prepare(folder: Path, source: Path, sha256: str, day: dt.date) -> None:
    """Put the upload (linked, else copied) and the audit date into a report job's folder."""
    target = upload_path(folder, sha256)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    (folder / DATE_NAME).write_text(day.isoformat(), encoding="ascii")


class Reports:
    """Builds each report once, on its first download, and remembers the builds running.

    Args:
        settings: The server's settings (the wait for a build is that of an audit).
        jobs: Where a build's job and its folder live.
        runner: Runs the build in its own process.
    """

    def __init__(self, settings: Settings, jobs: Jobs, runner: Runner) -> None:
        self.settings = settings
        self.jobs = jobs
        self.runner = runner
        self.built = 0  # reports this server built (a test counts them)
        self._building: dict[Path, asyncio.Future[Path]] = {}

    def building(self, target: Path) -> bool:
        """True while the report for ``target`` is being built."""
        return target in self._building

    async def get(self, target: Path, source: Path, sha256: str, display: str, day: dt.date, keep: Keep) -> Path:
        """``target``, built first when missing from ``source`` (named ``display``, audited on ``day``).

        Args:
            target: Where the report is kept.
            source: The workbook as received.
            sha256: Its content hash.
            display: Its name on the sender's computer (printed in the report).
            day: The day it was checked (printed in the report as the audit date).
            keep: Puts the built report at ``target`` without overwriting one there.

        Raises:
            JobRefused: The build could not run (503 busy, 404 gone) or failed (422, 500).
        """
        if target.exists():
            return target
        build = self._building.get(target)
        if build is None:
            build = asyncio.ensure_future(self._build(target, source, sha256, display, day, keep))
            self._building[target] = build
            build.add_done_callback(lambda done: self._finished(target, done))
        return await asyncio.shield(build)  # a download that gives up does not stop the build others wait for

    def _finished(self, target: Path, build: asyncio.Future[Path]) -> None:
        self._building.pop(target, None)
        if not build.cancelled():
            build.exception()  # retrieved: a failure nobody waited for any more is not logged as lost

    async def _build(self, target: Path, source: Path, sha256: str, display: str, day: dt.date, keep: Keep) -> Path:
        folder = self.jobs.folder()
        try:
            await run_in_threadpool(_prepare, folder, source, sha256, day)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise JobRefused(404, GONE) from exc
        job = self.jobs.new(folder, sha256, display)
        job.worker = REPORT_WORKER

        def kept(done: Job) -> None:
            keep(done.folder / REPORT_NAME, target)

        job.after = kept
        if not self.runner.start(job):
            self.jobs.drop(job)
            raise JobRefused(503, BUSY)
        settings = self.settings
        await wait(job, settings.audit_timeout * (2 + settings.queue / settings.jobs))  # the runner ends it before
        if job.finished.is_set():
            self.jobs.drop(job)
        if not job.ready or not target.exists():
            raise JobRefused(job.status if job.error else 503, job.error or NOT_YET)
        self.built += 1
        return target
