"""What is built when it is first asked for: once per content, in an audit's own process, then kept.

Two things are built this way:

- a report workbook, on its first download. An upload's answer costs its
  audit and its JSON only; the report (the largest cost of a check:
  xlsxwriter writing every table) is made by :func:`lakip_xl.web.worker.report`
  from the upload as received, dated the day it was checked, so its bytes are
  what ``lakip-xl audit`` wrote for that file that day;
- the diff of a revision against the submission before it
  (:func:`lakip_xl.web.worker.compare`, what ``lakip-xl diff --json`` writes),
  when a unit's history is first shown.

A build runs like an audit (:class:`lakip_xl.web.jobs.Runner`: its own
process, the time limit, a crash fails that request only) and is then kept at
its place (a check's folder, or the data folder under the content's SHA-256):
it is never built twice and never overwritten. Requests that ask while it is
being built wait for the same build.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from lakip_xl.web.jobs import Job, JobRefused, Jobs, Runner, wait
from lakip_xl.web.settings import Settings
from lakip_xl.web.store import keep_once as keep_file
from lakip_xl.web.worker import (
    COMPARE_WORKER,
    DATE_NAME,
    DIFF_NAME,
    LINES_NAME,
    PAIR_NAME,
    REPORT_NAME,
    REPORT_WORKER,
    upload_path,
)

GONE = "Hasil pemeriksaan ini tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya lagi"
BUSY = "Server sedang memeriksa banyak berkas; coba lagi sebentar lagi"
NOT_YET = "Belum selesai dibuat; coba lagi sebentar lagi"

Keep = Callable[[Path, Path], None]
Prepare = Callable[[Path], None]
"""Puts what a build reads into its job's folder (may raise OSError: the source is gone)."""


def link_once(built: Path, target: Path) -> None:
    """Link a built report at ``target`` in a check's folder (kept if one is there; 404 once the check expired)."""
    try:
        os.link(built, target)
    except FileExistsError:
        pass
    except FileNotFoundError as exc:  # the check's folder was removed meanwhile
        raise JobRefused(404, GONE) from exc


def _place(source: Path, target: Path) -> None:
    """``source`` at ``target`` in a job's folder: linked, else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _prepare(folder: Path, source: Path, sha256: str, day: dt.date) -> None:
    """Put the upload and the audit date into a report job's folder."""
    _place(source, upload_path(folder, sha256))
    (folder / DATE_NAME).write_text(day.isoformat(), encoding="ascii")


def _pair(folder: Path, old: Path, old_sha: str, old_name: str, new: Path, new_sha: str) -> None:
    """Put both submissions and the earlier one's hash and name into a diff job's folder."""
    _place(old, upload_path(folder, old_sha))
    if new_sha != old_sha:
        _place(new, upload_path(folder, new_sha))
    (folder / PAIR_NAME).write_text(json.dumps([old_sha, old_name]), encoding="utf-8")


class Builds:
    """Builds each report (and each revision's diff) once, when first asked for, and remembers the builds running.

    Args:
        settings: The server's settings (the wait for a build is that of an audit).
        jobs: Where a build's job and its folder live.
        runner: Runs the build in its own process.
    """

    def __init__(self, settings: Settings, jobs: Jobs, runner: Runner) -> None:
        self.settings = settings
        self.jobs = jobs
        self.runner = runner
        self.built = 0  # reports and diffs this server built (a test counts them)
        self._building: dict[Path, asyncio.Future[Path]] = {}

    def building(self, target: Path) -> bool:
        """True while the report (or diff) for ``target`` is being built."""
        return target in self._building

    async def report(self, target: Path, source: Path, sha256: str, display: str, day: dt.date, keep: Keep) -> Path:
        """The report workbook at ``target``, built first when missing from ``source`` (``display``, audited ``day``).

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

        def prepare(folder: Path) -> None:
            _prepare(folder, source, sha256, day)

        def kept(folder: Path) -> None:
            keep(folder / REPORT_NAME, target)

        return await self._get(target, prepare, sha256, display, REPORT_WORKER, kept)

    async def comparison(self, target: Path, old: tuple[Path, str, str], new: tuple[Path, str, str]) -> Path:
        """The diff of two submissions at ``target`` (its lines beside it), built first when missing.

        Args:
            target: Where the diff's JSON is kept; its lines are kept at :func:`lines_of` ``target``.
            old: The earlier submission's workbook, content hash and name on the sender's computer.
            new: The same of the revision.

        Raises:
            JobRefused: The diff could not run (503 busy, 404 gone) or failed (422, 500).
        """

        def prepare(folder: Path) -> None:
            _pair(folder, old[0], old[1], old[2], new[0], new[1])

        def kept(folder: Path) -> None:
            keep_file(folder / LINES_NAME, lines_of(target))
            keep_file(folder / DIFF_NAME, target)  # last: a kept diff has its lines

        return await self._get(target, prepare, new[1], new[2], COMPARE_WORKER, kept)

    async def _get(self, target: Path, prepare: Prepare, sha256: str, display: str, worker: str, keep: Prepare) -> Path:
        if target.exists():
            return target
        build = self._building.get(target)
        if build is None:
            build = asyncio.ensure_future(self._build(target, prepare, sha256, display, worker, keep))
            self._building[target] = build
            build.add_done_callback(lambda done: self._finished(target, done))
        return await asyncio.shield(build)  # a download that gives up does not stop the build others wait for

    def _finished(self, target: Path, build: asyncio.Future[Path]) -> None:
        self._building.pop(target, None)
        if not build.cancelled():
            build.exception()  # retrieved: a failure nobody waited for any more is not logged as lost

    async def _build(
        self, target: Path, prepare: Prepare, sha256: str, display: str, worker: str, keep: Prepare
    ) -> Path:
        folder = self.jobs.folder()
        try:
            await run_in_threadpool(prepare, folder)
        except OSError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise JobRefused(404, GONE) from exc
        job = self.jobs.new(folder, sha256, display)
        job.worker = worker

        def kept(done: Job) -> None:
            keep(done.folder)

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


def lines_of(diff: Path) -> Path:
    """Where the lines of a kept diff are: beside its JSON."""
    return diff.with_name(f"{diff.stem}.baris.json")
