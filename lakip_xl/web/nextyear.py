"""Next year's workbook from last year's filled one, on the page (``lakip-xl template --dari``).

Staff upload last year's workbook; :func:`lakip_xl.cycle.roll_forward` runs
on it in a process of its own, like an audit (the upload is untrusted: the
same guards, the time limit, a crash fails that upload only), and writes next
year's workbook: the year moved on, what the specs carry from last year
filled in, this year's figures blank. The page then shows what the command
line prints (values carried although last year's audit finds them wrong,
what the new year leaves to the unit) and the download. Nothing is stored
for Bappeda; the files are removed with the check's folder after an hour.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from lakip_xl.web.deps import ServicesDep, refusal, render
from lakip_xl.web.jobs import FAILED
from lakip_xl.web.pages import GONE, XLSX, job_of, started
from lakip_xl.web.worker import ROLL_WORKER, ROLLED_NAME

router = APIRouter()


@router.post("/lanjutkan")
async def roll(request: Request, svc: ServicesDep) -> Response:
    """Receive last year's workbook and start writing next year's from it."""
    return await started(request, svc, "/lanjutan", worker=ROLL_WORKER)


@router.get("/lanjutan/{job_id}")
async def rolled(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """Its progress while it runs, then what it carried and the download."""
    job = job_of(svc, job_id, ROLL_WORKER)
    if job is None:
        return refusal(request, 404, GONE)
    if job.state == FAILED:
        return refusal(request, job.status, job.error or "Lembar kerja tahun berikutnya tidak dapat dibuat")
    code = 200 if job.ready else 202
    return render(request, svc, "lanjutan.html", code, title=f"Lembar kerja dari {job.display}", job=job)


@router.get("/lanjutan/{job_id}/berkas.xlsx")
async def download(request: Request, job_id: str, svc: ServicesDep) -> Response:
    """Next year's workbook, named as ``template --dari`` names it (the year in the name moved on)."""
    job = job_of(svc, job_id, ROLL_WORKER)
    if job is None or not job.ready:
        return refusal(request, 404, GONE)
    name = str((job.summary or {}).get("name") or "lakip_tahun_berikutnya.xlsx")
    return FileResponse(job.folder / ROLLED_NAME, media_type=XLSX, filename=name)
