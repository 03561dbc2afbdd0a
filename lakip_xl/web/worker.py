"""What runs in an audit's own process: the audit of one upload and its JSON, its report, a diff, a roll-forward.

:func:`child_main` is the process's entry point (started by
:class:`lakip_xl.web.jobs.Runner` from a fork server that has the library
imported); it calls the configured worker (:func:`check` unless a test
injects another; :func:`report` when a report is first downloaded;
:func:`compare` for a revision in a unit's history; :func:`roll` for next
year's workbook from last year's) and sends
its progress and outcome through a pipe. The upload is stored under its
SHA-256 (``<sha256>.xlsx``); every text a user reads names it by the name it
had on the sender's computer instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from lakip_xl.model.errors import LakipError

UPLOAD_SUFFIX = ".xlsx"
JSON_NAME = "temuan.json"
REPORT_NAME = "laporan.xlsx"
DATE_NAME = "tanggal.txt"  # the audit date a report is built for (ISO), next to the upload in a report's job
REPORT_WORKER = "lakip_xl.web.worker:report"
PAIR_NAME = "pasangan.json"  # a diff's job: the earlier submission's hash and file name
DIFF_NAME = "selisih.json"  # a diff as ``lakip-xl diff --json`` writes it
LINES_NAME = "selisih.baris.json"  # each change of that diff as the console's line describes it
COMPARE_WORKER = "lakip_xl.web.worker:compare"
ROLLED_NAME = "lanjutan.xlsx"  # next year's workbook made from the upload
ROLL_WORKER = "lakip_xl.web.worker:roll"
PRELOAD = ("lakip_xl.web.worker", "lakip_xl.web.warm")  # imported by the fork server (warm: one tiny audit)

Progress = Callable[[str, int, int], None]


class Sender(Protocol):
    """The child's end of the pipe."""

    def send(self, obj: Any) -> None:
        """Send one message to the server."""

    def close(self) -> None:
        """Close the pipe."""


def upload_path(folder: Path, sha256: str) -> Path:
    """Where an upload of this content is kept in its job's folder (named by its hash, never by the user)."""
    return folder / f"{sha256}{UPLOAD_SUFFIX}"


def worker_function(ref: str) -> Callable[[Path, str, str, Progress], dict[str, Any]]:
    """The function ``module:name`` refers to."""
    module, _, name = ref.partition(":")
    function: Callable[[Path, str, str, Progress], dict[str, Any]] = getattr(importlib.import_module(module), name)
    return function


def child_main(ref: str, folder: Path, sha256: str, display: str, conn: Sender) -> None:
    """Run the worker ``ref`` on one upload and send ("progress", step, done, total) messages, then the outcome.

    The outcome is ("done", summary), ("refused", one Indonesian line) for a file that cannot be audited, or
    ("failed", one line) for a bug. The server, not Ctrl-C in its terminal, decides when this process stops.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    last = [0.0]

    def progress(step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - last[0] > 0.2:  # a few messages a second are enough for a bar
            last[0] = now
            conn.send(("progress", step, done, total))

    try:
        summary = worker_function(ref)(folder, sha256, display, progress)
        conn.send(("done", summary))
    except LakipError as exc:
        conn.send(("refused", str(exc).replace(upload_path(folder, sha256).name, display)))
    except Exception as exc:  # a bug: still one line, the server keeps running
        conn.send(("failed", f"Galat tak terduga ({type(exc).__name__}: {exc})"))
    finally:
        conn.close()


def check(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Audit the upload and write the audit JSON into ``folder``; the summary for the server.

    The JSON is byte for byte what ``lakip-xl audit NAME --json`` writes for the same file under its own name.
    The report workbook is not written here: :func:`report` builds it when it is first downloaded, so an
    upload's answer costs the audit and its JSON only.

    Raises:
        LakipError: The file cannot be audited (not a workbook, a zip bomb, our own report ...).
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.model.recompute import Recomputer
    from lakip_xl.report.render import write_json
    from lakip_xl.tables import BY_ID

    progress("Membaca dan memeriksa angka", 0, 0)
    today = dt.date.today()  # the date the report, built later, prints as the audit's
    result = audit(upload_path(folder, sha256))
    result = dataclasses.replace(result, path=Path(display))  # the name the sender knows, as data
    with (folder / JSON_NAME).open("w", encoding="utf-8", newline="\n") as fh:
        write_json(result, fh)
    params = Recomputer(result.data, BY_ID)
    return {
        "unit": str(params.param("UNIT") or "").strip(),
        "year": str(params.param("TAHUN") or "").strip(),
        "verdict": result.verdict.value,
        "date": today.isoformat(),
    }


def report(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Audit the upload again and write its report workbook into ``folder`` as ``lakip-xl audit`` writes it.

    The report is dated with the audit date in ``folder/tanggal.txt`` (the day the upload was checked), so
    its bytes are those ``lakip-xl audit NAME`` wrote that day for the same file under the sender's name.

    Raises:
        LakipError: The file cannot be audited (it was audited before, so only if it changed on disk).
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.report.build import write_report

    today = dt.date.fromisoformat((folder / DATE_NAME).read_text(encoding="ascii").strip())
    progress("Membaca dan memeriksa angka", 0, 0)
    result = dataclasses.replace(audit(upload_path(folder, sha256)), path=Path(display))

    def rows(sheet: str, done: int, total: int) -> None:
        progress(f"Menulis laporan: {sheet}", done, total)

    write_report(result, folder / REPORT_NAME, today=today, progress=rows)
    return {"verdict": result.verdict.value, "date": today.isoformat()}


def compare(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Compare the earlier submission named in ``folder/pasangan.json`` with the upload (``lakip-xl diff``).

    Writes the diff's JSON as ``lakip-xl diff --json`` writes it for the two files under their senders'
    names, and the console's description of each change (in the same order) for the history page.

    Raises:
        LakipError: A workbook cannot be used (its message names it by the sender's name).
    """
    from lakip_xl.diff import diff
    from lakip_xl.report.diff_text import describe, write_json

    old_sha, old_name = json.loads((folder / PAIR_NAME).read_text(encoding="utf-8"))
    old = upload_path(folder, old_sha)
    progress("Membandingkan dengan kiriman sebelumnya", 0, 0)
    try:
        result = diff(old, upload_path(folder, sha256))
    except LakipError as exc:
        raise LakipError(str(exc).replace(old.name, old_name)) from exc
    result.old = dataclasses.replace(result.old, path=Path(old_name))
    result.new = dataclasses.replace(result.new, path=Path(display))
    lines = [describe(change) for change in result.changes]
    (folder / LINES_NAME).write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
    with (folder / DIFF_NAME).open("w", encoding="utf-8", newline="\n") as fh:
        write_json(result, fh)
    return {"changes": len(result.changes)}


def roll(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Write next year's workbook from the upload, last year's filled workbook (``lakip-xl template --dari``).

    Raises:
        LakipError: The upload cannot be rolled forward (not a LAKIP workbook, no report year ...).
    """
    from lakip_xl.cycle import default_output, roll_forward

    progress("Membaca laporan tahun lalu dan menyusun lembar kerja tahun berikutnya", 0, 0)
    done = roll_forward(upload_path(folder, sha256), folder / ROLLED_NAME)
    return {
        "year": done.year, "last_year": done.last_year, "profile": done.profile, "cells": done.cells,
        "notes": done.notes, "name": default_output(display, done.year).name,
    }  # fmt: skip
