"""The JSON API for scripts and tests.

``POST /api/periksa`` (multipart field ``berkas``) answers exactly what
``lakip-xl audit NAME --json`` writes for that file, or a 4xx/5xx with
``{"galat": "<one Indonesian line>"}``; its ``Link`` header names the report
workbook's URL (``rel="laporan"``) and the JSON's (``rel="temuan"``).
``POST /api/kirim/{kode}`` is a unit's submission through its upload code
(the code is the authority, as in the link), answered the same way with the
submission's number in ``X-Kiriman``. ``GET /api/pekerjaan/{id}`` is an
audit's progress (the page's script polls it).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response

from lakip_xl.web.deps import ServicesDep, refusal
from lakip_xl.web.jobs import wait
from lakip_xl.web.pages import GONE, job_of, start_audit
from lakip_xl.web.uploads import UploadRefused
from lakip_xl.web.worker import JSON_NAME, ROLL_WORKER

router = APIRouter(prefix="/api")


@router.post("/periksa")
async def check(request: Request, svc: ServicesDep) -> Response:
    """Audit the uploaded workbook and answer its audit JSON."""
    try:
        job = await start_audit(request, svc, csrf=False)
    except UploadRefused as exc:
        headers = {"Retry-After": "10"} if exc.status == 503 else None
        return refusal(request, exc.status, exc.message, headers)
    settings = svc.settings
    await wait(job, settings.audit_timeout * (2 + settings.queue / settings.jobs))  # the runner ends it before
    if not job.ready:
        return refusal(request, job.status if job.error else 503, job.error or "Pemeriksaan belum selesai; coba lagi")
    links = f'</hasil/{job.id}/laporan.xlsx>; rel="laporan", </hasil/{job.id}/temuan.json>; rel="temuan"'
    return FileResponse(job.folder / JSON_NAME, media_type="application/json", headers={"Link": links})


@router.post("/kirim/{code}")
async def submit(request: Request, code: str, svc: ServicesDep) -> Response:
    """A unit's submission through its upload code, for scripts: stored as ``/kirim/{code}`` stores it.

    Answers the audit JSON like ``/api/periksa``, with the submission's number in the ``X-Kiriman`` header.
    """
    unit = svc.store.unit_of_code(code) if svc.store else None
    if unit is None:
        return refusal(request, 404, "Tautan unggah ini tidak dikenal atau sudah diganti; minta tautan baru ke Bappeda")
    try:
        job = await start_audit(request, svc, csrf=False, code_unit=unit)
    except UploadRefused as exc:
        return refusal(request, exc.status, exc.message, {"Retry-After": "10"} if exc.status == 503 else None)
    settings = svc.settings
    await wait(job, settings.audit_timeout * (2 + settings.queue / settings.jobs))
    if not job.ready:
        return refusal(request, job.status if job.error else 503, job.error or "Pemeriksaan belum selesai; coba lagi")
    return FileResponse(
        job.folder / JSON_NAME, media_type="application/json", headers={"X-Kiriman": str(job.submission)}
    )


@router.get("/pekerjaan/{job_id}")
async def progress(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """An audit's (or a roll-forward's) state: antre, diperiksa, selesai or gagal, its step and how far it is."""
    job = job_of(svc, job_id) or job_of(svc, job_id, ROLL_WORKER)
    if job is None:
        return refusal(request, 404, GONE)
    return JSONResponse(job.as_dict())
