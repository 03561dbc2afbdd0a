"""The staff pages: upload a workbook (a plain form, or dropped on it), see its audit, download what it made.

``/periksa`` checks a workbook and keeps nothing once its results expire;
``/kirim/{kode}`` is a unit's upload link: the same check, and the workbook
and its audit are stored as a submission for Bappeda. A report workbook is
made on its first download (:mod:`lakip_xl.web.builds`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from lakip_xl.web.builds import Keep, link_once
from lakip_xl.web.deps import Services, ServicesDep, refusal, render
from lakip_xl.web.jobs import FAILED, Job, JobRefused
from lakip_xl.web.security import CSRF_COOKIE, csrf_ok
from lakip_xl.web.settings import unit_key
from lakip_xl.web.store import keep_once
from lakip_xl.web.uploads import UploadRefused, discard, receive
from lakip_xl.web.view import AuditView
from lakip_xl.web.worker import JSON_NAME, REPORT_NAME, upload_path

router = APIRouter()
FORGED = (
    "Formulir ini tidak dikirim dari halaman lakip-xl (token formulir tidak cocok); muat ulang halaman lalu kirim lagi"
)
BUSY = "Server sedang memeriksa banyak berkas; coba lagi sebentar lagi"
GONE = "Hasil pemeriksaan ini tidak ditemukan atau sudah kedaluwarsa; unggah berkasnya lagi"
JOB_ID = r"[A-Za-z0-9_-]{16,64}"


async def start_audit(
    request: Request, svc: Services, *, csrf: bool, code_unit: str | None = None, worker: str | None = None
) -> Job:
    """Receive the upload, queue its audit (or what ``worker`` does with it), and return its job.

    Raises:
        UploadRefused: A forged form (403), an upload refused (413, 400, 415) or a full queue (503).
    """
    cookie = request.cookies.get(CSRF_COOKIE)
    if csrf and cookie is None:  # a form posted from another site carries no SameSite=Strict cookie
        raise UploadRefused(403, FORGED)
    folder = svc.jobs.folder()
    try:
        upload = await receive(request, folder, svc.settings.max_upload)
        if csrf and not csrf_ok(svc.key, cookie, upload.fields.get("csrf")):
            raise UploadRefused(403, FORGED)
    except BaseException:
        discard(folder)
        raise
    job = svc.jobs.new(folder, upload.sha256, upload.display, code_unit)
    job.worker = worker
    if code_unit is not None and svc.store is not None:
        job.after = _submitter(svc)
    if not svc.runner.start(job):
        svc.jobs.drop(job)
        raise UploadRefused(503, BUSY)
    return job


async def started(
    request: Request, svc: Services, page: str, *, code_unit: str | None = None, worker: str | None = None
) -> Response:
    """Receive a form's upload and send the browser to its job's page (``page/{id}``), or refuse it in one line."""
    try:
        job = await start_audit(request, svc, csrf=True, code_unit=code_unit, worker=worker)
    except UploadRefused as exc:
        return refusal(request, exc.status, exc.message)
    return RedirectResponse(f"{page}/{job.id}", status_code=303)


def _submitter(svc: Services) -> Callable[[Job], None]:
    store = svc.store
    assert store is not None

    def submit(job: Job) -> None:
        """Store the audited upload as the link's unit's submission (refused when Identitas names another unit)."""
        summary = job.summary or {}
        unit = str(summary.get("unit") or "") or str(job.code_unit)
        if unit_key(unit) != unit_key(str(job.code_unit)):
            raise JobRefused(
                422,
                f"Lembar Identitas berkas {job.display} menyebut unit '{unit}', sedangkan tautan ini untuk "
                f"'{job.code_unit}'. Perbaiki nama unit di lembar Identitas (atau minta tautan unit Anda ke "
                "Bappeda), lalu kirim lagi",
            )
        text = (job.folder / JSON_NAME).read_text(encoding="utf-8")
        year = str(summary.get("year") or "")
        kept = store.add(upload_path(job.folder, job.sha256), None, json.loads(text), unit, year, text=text)
        job.submission = kept.id

    return submit


def job_of(svc: Services, job_id: str, worker: str | None = None) -> Job | None:
    """The job named in a URL (None for a malformed or unknown id, or one that ``worker`` did not run)."""
    job = svc.jobs.get(job_id) if re.fullmatch(JOB_ID, job_id) else None
    return job if job is not None and job.worker == worker else None


@router.get("/")
async def index(request: Request, svc: ServicesDep) -> Response:
    """The upload form and the template form."""
    return render(request, svc, "index.html", title="Periksa lembar kerja LAKIP", action="/periksa", unit=None)


@router.post("/periksa")
async def check(request: Request, svc: ServicesDep) -> Response:
    """Receive a workbook from the form and show its audit's page."""
    return await started(request, svc, "/hasil")


@router.get("/kirim/{code}")
async def submit_form(request: Request, code: str, svc: ServicesDep) -> Response:
    """A unit's upload link: the same form, for a submission."""
    unit = svc.store.unit_of_code(code) if svc.store else None
    if unit is None:
        return refusal(request, 404, "Tautan unggah ini tidak dikenal atau sudah diganti; minta tautan baru ke Bappeda")
    return render(request, svc, "index.html", title=f"Kirim LAKIP {unit}", action=f"/kirim/{code}", unit=unit)


@router.post("/kirim/{code}")
async def submit(request: Request, code: str, svc: ServicesDep) -> Response:
    """Receive a unit's submission through its link."""
    unit = svc.store.unit_of_code(code) if svc.store else None
    if unit is None:
        return refusal(request, 404, "Tautan unggah ini tidak dikenal atau sudah diganti; minta tautan baru ke Bappeda")
    return await started(request, svc, "/hasil", code_unit=unit)


@router.get("/hasil/{job_id}")
async def result(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """The audit's page: its progress while it runs, then the verdict, the findings and the downloads."""
    job = job_of(svc, job_id)
    if job is None:
        return refusal(request, 404, GONE)
    if job.state == FAILED:
        return refusal(request, job.status, job.error or "Berkas tidak dapat diperiksa")
    if not job.ready:
        return render(request, svc, "hasil.html", 202, title="Sedang diperiksa", job=job, view=None)
    document = json.loads((job.folder / JSON_NAME).read_text(encoding="utf-8"))
    submission = svc.store.submission(job.submission) if svc.store and job.submission else None
    return render(
        request, svc, "hasil.html", title=f"Hasil pemeriksaan {job.display}", job=job, view=AuditView(document),
        submission=submission,
    )  # fmt: skip


def _stem(display: str) -> str:
    suffix = next((s for s in (".xlsx", ".ods") if display.lower().endswith(s)), "")
    return display[: len(display) - len(suffix)]  # kec.ods: kec_laporan.xlsx, as for kec.xlsx


def audit_day(summary: dict[str, object] | None) -> dt.date:
    """The day a check's audit ran (from its worker's summary; today for a worker that does not say)."""
    day = (summary or {}).get("date")
    return dt.date.fromisoformat(day) if isinstance(day, str) else dt.date.today()


@router.get("/hasil/{job_id}/laporan.xlsx")
async def report(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """The report workbook of a finished audit (as ``lakip-xl audit`` writes it), built on its first download.

    A submission's report is the one Bappeda downloads (kept in the data folder) when this upload is the first
    of its content; otherwise, and for a staff check, it is kept in the check's folder.
    """
    job = job_of(svc, job_id)
    if job is None or not job.ready:
        return refusal(request, 404, GONE)
    source = upload_path(job.folder, job.sha256)
    target, day = job.folder / REPORT_NAME, audit_day(job.summary)
    keep: Keep = link_once
    first = svc.store.first(job.sha256) if svc.store and job.submission else None
    if svc.store is not None and first is not None and first.id == job.submission:
        target, keep, day = svc.store.report(job.sha256), keep_once, first.received_day()
    try:
        path = await svc.builds.report(target, source, job.sha256, job.display, day, keep)
    except JobRefused as exc:
        return refusal(request, exc.status, exc.message)
    return FileResponse(path, media_type=XLSX, filename=f"{_stem(job.display)}_laporan.xlsx")


@router.get("/hasil/{job_id}/temuan.json")
async def findings(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """The audit's JSON, exactly as ``lakip-xl audit --json`` writes it."""
    job = job_of(svc, job_id)
    if job is None or not job.ready:
        return refusal(request, 404, GONE)
    return FileResponse(job.folder / JSON_NAME, media_type="application/json", filename=f"{_stem(job.display)}.json")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROFILES = ("kecamatan", "opd")


def clean_text(text: str, limit: int = 200) -> str:
    """Typed text without control characters, single-spaced, at most ``limit`` characters."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()[:limit]


@router.get("/template")
async def template(
    request: Request,
    svc: ServicesDep,
    tasks: BackgroundTasks,
    profil: Annotated[str, Query()] = "kecamatan",
    unit: Annotated[str, Query(max_length=200)] = "",
    tahun: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """An empty template for a profile, with the unit and year written into Identitas (as text, never a formula).

    Next year's workbook from last year's filled one (``template --dari``) is :mod:`lakip_xl.web.nextyear`.
    """
    from starlette.concurrency import run_in_threadpool

    from lakip_xl.io.writer import write_workbook

    if profil not in PROFILES:
        return refusal(request, 400, "Profil harus 'kecamatan' atau 'opd'")
    if tahun and not (tahun.isdigit() and 2000 <= int(tahun) <= 2100):
        return refusal(request, 400, "Tahun harus empat angka antara 2000 dan 2100, mis. 2025")
    folder = svc.jobs.folder()
    path = folder / "template.xlsx"
    name = clean_text(unit) or None
    await run_in_threadpool(write_workbook, path, unit=name, year=int(tahun) if tahun else None, profile=profil)
    tasks.add_task(discard, folder)
    download = f"lakip_{tahun}_template.xlsx" if tahun else "lakip_template.xlsx"
    return FileResponse(path, media_type=XLSX, filename=download, background=tasks)
