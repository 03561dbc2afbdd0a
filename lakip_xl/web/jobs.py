"""Audits off the event loop: each upload is audited in a process of its own, watched by a thread.

:class:`Runner` keeps at most ``jobs`` audits running (a thread each, which
starts the audit's process from a fork server that has the library imported,
reads its progress from a pipe and stops it at the time limit) and at most
``queue`` waiting; more are refused, so the server stays responsive under
load. A process that crashes or runs out of time fails its own upload only.
:class:`Jobs` holds each upload's state for the pages that show it; a staff
check's folder (the upload, its JSON and report) is removed once its results
are older than ``keep_checks``, and every folder when the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakip_xl.model.errors import os_reason
from lakip_xl.web.settings import Settings
from lakip_xl.web.worker import PRELOAD, child_main

QUEUED, RUNNING, DONE, FAILED = "antre", "diperiksa", "selesai", "gagal"
CRASHED = (
    "Proses pemeriksa berhenti mendadak pada berkas {name} (berkas mungkin merusak pembaca); berkas tidak diperiksa"
)
TIMED_OUT = "Pemeriksaan berkas {name} melebihi batas waktu {seconds} detik dan dihentikan; berkas tidak diperiksa"
STOPPED = "Server dihentikan sebelum berkas {name} selesai diperiksa; kirim lagi"


class JobRefused(Exception):
    """Raised by a job's ``after`` hook: the upload is refused with this HTTP status and one Indonesian line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Job:
    """One upload being audited, or audited.

    Attributes:
        id: Its unguessable name in URLs.
        folder: Its private folder: the upload (named by its hash), the audit JSON, the report.
        sha256: The upload's content hash.
        display: The upload's name on the sender's computer (shown, never a path).
        code_unit: The unit of the upload link it came through (a submission), else None.
        state: antre, diperiksa, selesai or gagal.
        step, done, total: What the audit is doing, and how far (rows of the report written).
        summary: The worker's summary once done (unit, year, verdict).
        error: One Indonesian line when it failed, with ``status`` the HTTP status that goes with it.
        submission: The stored submission's number, for an upload through a link.
        after: Called in the watching thread once the audit succeeded (stores a submission); may raise.
        timeout: Seconds the job's process may run (None: the settings' ``audit_timeout``).
        worker: ``module:function`` the process runs (None: the settings' ``worker``, the audit).
        finished: Set when the job is done or failed.
    """

    id: str
    folder: Path
    sha256: str
    display: str
    code_unit: str | None = None
    created: float = field(default_factory=time.monotonic)
    state: str = QUEUED
    step: str = "Menunggu giliran diperiksa"
    done: int = 0
    total: int = 0
    summary: dict[str, Any] | None = None
    error: str | None = None
    status: int = 200
    submission: int | None = None
    after: Callable[[Job], None] | None = None
    timeout: float | None = None
    worker: str | None = None
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def ready(self) -> bool:
        """True once the audit succeeded and everything after it (storing a submission) is done."""
        return self.finished.is_set() and self.state == DONE

    def fail(self, status: int, message: str) -> None:
        """Mark the job failed with one line."""
        self.state, self.status, self.error = FAILED, status, message
        self.finished.set()

    def as_dict(self) -> dict[str, Any]:
        """The job's state as ``/api/pekerjaan/{id}`` answers it."""
        return {
            "id": self.id, "state": self.state, "step": self.step, "done": self.done, "total": self.total,
            "file": self.display, "error": self.error, "verdict": (self.summary or {}).get("verdict"),
        }  # fmt: skip


class Jobs:
    """Every job of this server, by id; folders under one private temporary folder.

    Args:
        keep: Seconds a finished job's results stay available.
    """

    def __init__(self, keep: float) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="lakip-web-"))
        self.keep = keep
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, received: Path, sha256: str, display: str, code_unit: str | None = None) -> Job:
        """A new job for an upload received into ``received`` (a :meth:`folder`); older finished jobs are purged."""
        self.purge()
        job_id = secrets.token_urlsafe(16)
        folder = received.rename(self.root / job_id)
        job = Job(job_id, folder, sha256, display, code_unit)
        with self._lock:
            self._jobs[job_id] = job
        return job

    def folder(self) -> Path:
        """A fresh private folder for an upload being received (removed with the others)."""
        return Path(tempfile.mkdtemp(prefix="unggah-", dir=self.root))

    def get(self, job_id: str) -> Job | None:
        """The job, or None when unknown or expired."""
        with self._lock:
            return self._jobs.get(job_id)

    def drop(self, job: Job) -> None:
        """Forget a job and remove its folder."""
        with self._lock:
            self._jobs.pop(job.id, None)
        shutil.rmtree(job.folder, ignore_errors=True)

    def purge(self, now: float | None = None) -> None:
        """Remove the jobs finished more than ``keep`` seconds ago."""
        now = time.monotonic() if now is None else now
        with self._lock:
            old = [j for j in self._jobs.values() if j.finished.is_set() and now - j.created > self.keep]
        for job in old:
            self.drop(job)

    def close(self) -> None:
        """Remove every job's folder."""
        with self._lock:
            self._jobs.clear()
        shutil.rmtree(self.root, ignore_errors=True)


async def wait(job: Job, seconds: float) -> bool:
    """Wait for a job without holding the event loop; False when it is still running after ``seconds``."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not job.finished.is_set():
        if loop.time() >= end:
            return False
        await asyncio.sleep(0.05)
    return True


class Runner:
    """Runs each job's audit in its own process, ``settings.jobs`` at a time.

    Args:
        settings: The server's settings (jobs, queue, audit_timeout, worker).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.context = multiprocessing.get_context("forkserver")
        # Takes effect when the fork server first starts; "__main__" there spares each audit re-running the main script.
        self.context.set_forkserver_preload(["__main__", *PRELOAD])
        self._threads = ThreadPoolExecutor(settings.jobs, thread_name_prefix="lakip-audit")
        self._lock = threading.Lock()
        self._pending = 0
        self._children: set[Any] = set()
        self._closed = False

    def start(self, job: Job) -> bool:
        """Queue the job's audit; False when the queue is full (the caller answers 503)."""
        with self._lock:
            if self._closed or self._pending >= self.settings.jobs + self.settings.queue:
                return False
            self._pending += 1
        self._threads.submit(self._watch, job)
        return True

    def _watch(self, job: Job) -> None:
        try:
            self._audit(job)
            if job.state == DONE and job.after is not None:
                job.after(job)
        except JobRefused as exc:
            job.fail(exc.status, exc.message)
        except OSError as exc:  # storing failed (a full disk): this upload fails, the server goes on
            job.fail(500, f"Hasil pemeriksaan {job.display} tidak dapat disimpan: {os_reason(exc, writing=True)}")
        except Exception as exc:  # a bug: still one line
            job.fail(500, f"Hasil pemeriksaan {job.display} tidak dapat disimpan: {exc}")
        finally:
            with self._lock:
                self._pending -= 1
            job.finished.set()

    def _audit(self, job: Job) -> None:
        if self._closed:
            job.fail(503, STOPPED.format(name=job.display))
            return
        job.state, job.step = RUNNING, "Memulai pemeriksa"
        reader, writer = self.context.Pipe(duplex=False)
        args = (job.worker or self.settings.worker, job.folder, job.sha256, job.display, writer)
        # Not a daemon: the rekap's job starts its own pool. close() (the server's shutdown) kills every one.
        process = self.context.Process(target=child_main, args=args, daemon=False)
        with self._lock:
            self._children.add(process)
        started = False
        try:
            try:
                process.start()
                started = True
            except OSError as exc:
                job.fail(503, f"Proses pemeriksa tidak dapat dimulai ({exc.strerror or exc}); coba lagi nanti")
                return
            finally:
                writer.close()
            self._follow(job, process, reader)
        finally:
            reader.close()
            if started:
                if process.is_alive():
                    process.kill()
                process.join()
            with self._lock:
                self._children.discard(process)

    def _follow(self, job: Job, process: Any, reader: Any) -> None:
        """Read the child's messages until its outcome, its end, or the time limit."""
        limit = job.timeout or self.settings.audit_timeout
        deadline = time.monotonic() + limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                seconds = f"{limit:g}"
                job.fail(422, TIMED_OUT.format(name=job.display, seconds=seconds))
                return
            if not reader.poll(min(left, 1.0)):
                if self._closed:
                    job.fail(503, STOPPED.format(name=job.display))
                    return
                continue
            try:
                message = reader.recv()
            except (EOFError, OSError):
                job.fail(422, STOPPED.format(name=job.display) if self._closed else CRASHED.format(name=job.display))
                return
            kind = message[0]
            if kind == "progress":
                job.step, job.done, job.total = message[1], message[2], message[3]
            elif kind == "done":
                job.summary, job.state, job.step = message[1], DONE, "Selesai"
                return
            else:
                job.fail(422 if kind == "refused" else 500, str(message[1]))
                return

    def close(self) -> None:
        """Stop every running audit and wait for the watching threads."""
        with self._lock:
            self._closed = True
            children = list(self._children)
        for process in children:
            with contextlib.suppress(Exception):
                process.kill()
        self._threads.shutdown(wait=True)  # queued jobs fail at once: closed
