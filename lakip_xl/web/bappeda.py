"""Bappeda's pages, behind the token: the board, a unit's history, the submissions' files, the rekap, upload links.

Every route under ``/bappeda`` answers 401 without credentials and 403 with
a wrong token (or when the server runs without ``--token``). Credentials are
``Authorization: Bearer TOKEN`` or the session cookie ``/masuk`` sets; a form
posted with the cookie must carry its CSRF token too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from lakip_xl.io.package import ODS_MEDIA, is_ods
from lakip_xl.web import rekap as web_rekap
from lakip_xl.web.board import board
from lakip_xl.web.deps import Services, ServicesDep, refusal, render
from lakip_xl.web.jobs import JobRefused, wait
from lakip_xl.web.pages import FORGED, XLSX, clean_text
from lakip_xl.web.revisions import kept_diff, revisions
from lakip_xl.web.security import CSRF_COOKIE, SESSION_COOKIE, bearer, csrf_ok, same, session_value
from lakip_xl.web.settings import unit_key
from lakip_xl.web.store import Store, Submission, keep_once
from lakip_xl.web.view import AuditView

OFF = "Halaman Bappeda tidak aktif: jalankan 'lakip-xl serve' dengan --token"
LOGIN = "Masuk dengan token Bappeda lebih dulu (halaman /masuk), atau kirim header 'Authorization: Bearer TOKEN'"
WRONG = "Token Bappeda salah"


def authorised(request: Request, svc: ServicesDep) -> str:
    """How the request proved it is Bappeda: "header" or "cookie" (a FastAPI dependency).

    Raises:
        HTTPException: 403 without a token configured or with a wrong one, 401 without credentials.
    """
    token = svc.settings.token
    if svc.store is None or token is None:
        raise HTTPException(403, OFF)
    given = bearer(request.headers)
    if given is not None:
        if same(given, token):
            return "header"
        raise HTTPException(403, WRONG)
    if same(request.cookies.get(SESSION_COOKIE), session_value(svc.key, token)):
        return "cookie"
    raise HTTPException(401, LOGIN, headers={"WWW-Authenticate": 'Bearer realm="bappeda"'})


router = APIRouter()
Auth = Annotated[str, Depends(authorised)]


def store_of(svc: Services) -> Store:
    """The store (present whenever :func:`authorised` let the request in)."""
    assert svc.store is not None
    return svc.store


def expected(svc: Services) -> list[str]:
    """The units Bappeda expects: those on --daftar and those it made an upload link for."""
    return [*svc.settings.daftar, *(unit for unit, _ in store_of(svc).links())]


@router.get("/masuk")
async def login_form(request: Request, svc: ServicesDep) -> Response:
    """The login form."""
    if svc.store is None:
        return refusal(request, 403, OFF)
    return render(request, svc, "masuk.html", title="Masuk sebagai Bappeda")


@router.post("/masuk")
async def login(request: Request, svc: ServicesDep) -> Response:
    """Check the token and set the session cookie."""
    if svc.store is None or svc.settings.token is None:
        return refusal(request, 403, OFF)
    async with request.form(max_files=0, max_fields=5) as form:
        token, csrf = form.get("token"), form.get("csrf")
    if not csrf_ok(svc.key, request.cookies.get(CSRF_COOKIE), csrf if isinstance(csrf, str) else None):
        return refusal(request, 403, FORGED)
    if not same(token if isinstance(token, str) else None, svc.settings.token):
        return refusal(request, 403, WRONG)
    response = RedirectResponse("/bappeda", status_code=303)
    secure = request.url.scheme == "https"
    value = session_value(svc.key, svc.settings.token)
    response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="strict", secure=secure, path="/")
    return response


@router.post("/keluar")
async def logout(request: Request, svc: ServicesDep) -> Response:
    """End the session."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/bappeda")
async def board_page(
    request: Request, svc: ServicesDep, how: Auth, tahun: Annotated[str | None, Query(max_length=4)] = None
) -> Response:
    """One row per expected unit and year, worst first."""
    store = store_of(svc)
    shown = board(store.submissions(), expected(svc), tahun)
    base = str(request.base_url).rstrip("/")
    links = [(unit, f"{base}/kirim/{code}") for unit, code in store.links()]
    return render(request, svc, "papan.html", title="Papan kiriman LAKIP", board=shown, links=links, tahun=tahun)


@router.get("/bappeda/papan.json")
async def board_json(svc: ServicesDep, how: Auth, tahun: Annotated[str | None, Query(max_length=4)] = None) -> Response:
    """The board as JSON."""
    shown = board(store_of(svc).submissions(), expected(svc), tahun)
    return JSONResponse({"years": shown.years, "rows": [r.as_dict() for r in shown.rows]})


@router.get("/bappeda/unit")
async def history(
    request: Request,
    svc: ServicesDep,
    how: Auth,
    unit: Annotated[str, Query(max_length=200)],
    tahun: Annotated[str, Query(max_length=4)] = "",
) -> Response:
    """Every submission of one unit and year, newest first, with the cells and findings each revision changed."""
    store = store_of(svc)
    subs = store.history(unit_key(unit), tahun)
    if not subs:
        return refusal(request, 404, "Belum ada kiriman unit ini untuk tahun itu")
    rows = list(zip(subs, await revisions(svc, store, subs), strict=True))
    latest = AuditView(subs[-1].findings())
    return render(
        request, svc, "unit.html", title=f"Riwayat {subs[-1].unit}", rows=list(reversed(rows)), latest=latest,
        unit=subs[-1].unit, tahun=tahun,
    )  # fmt: skip


def _submission(svc: Services, submission_id: int) -> Submission:
    found = store_of(svc).submission(submission_id)
    if found is None:
        raise HTTPException(404)
    return found


def _stem(name: str) -> str:
    suffix = next((s for s in (".xlsx", ".ods") if name.lower().endswith(s)), "")
    return name[: len(name) - len(suffix)]


@router.get("/bappeda/kiriman/{submission_id}/berkas.xlsx")
async def original(svc: ServicesDep, how: Auth, submission_id: int) -> Response:
    """The workbook as the unit sent it."""
    sub = _submission(svc, submission_id)
    path = store_of(svc).workbook(sub.sha256)
    if is_ods(path):  # as sent: an .ods stays one, whatever its name said
        return FileResponse(path, media_type=ODS_MEDIA, filename=f"{_stem(sub.file_name)}.ods")
    return FileResponse(path, media_type=XLSX, filename=f"{_stem(sub.file_name)}.xlsx")


@router.get("/bappeda/kiriman/{submission_id}/laporan.xlsx")
async def report(request: Request, svc: ServicesDep, how: Auth, submission_id: int) -> Response:
    """The submission's report workbook, built on the first download of its content (for its first submission)."""
    sub = _submission(svc, submission_id)
    store = store_of(svc)
    first = store.first(sub.sha256) or sub
    sha = sub.sha256
    try:
        path = await svc.builds.report(
            store.report(sha), store.workbook(sha), sha, first.file_name, first.received_day(), keep_once
        )
    except JobRefused as exc:
        return refusal(request, exc.status, exc.message)
    return FileResponse(path, media_type=XLSX, filename=f"{_stem(sub.file_name)}_laporan.xlsx")


@router.get("/bappeda/kiriman/{submission_id}/temuan.json")
async def findings(svc: ServicesDep, how: Auth, submission_id: int) -> Response:
    """The submission's audit JSON, as ``lakip-xl audit --json`` wrote it."""
    sub = _submission(svc, submission_id)
    return Response(sub.document, media_type="application/json")


@router.get("/bappeda/kiriman/{submission_id}/selisih.json")
async def comparison(request: Request, svc: ServicesDep, how: Auth, submission_id: int) -> Response:
    """The submission compared with the one before it of its unit and year, as ``lakip-xl diff --json`` writes it."""
    sub = _submission(svc, submission_id)
    store = store_of(svc)
    before = [s for s in store.history(unit_key(sub.unit), sub.year) if s.id < sub.id]
    if not before or before[-1].sha256 == sub.sha256:
        return refusal(request, 404, "Kiriman ini tidak punya kiriman sebelumnya dengan isi lain untuk dibandingkan")
    try:
        path = await kept_diff(svc, store, before[-1], sub)
    except JobRefused as exc:
        return refusal(request, exc.status, exc.message)
    return FileResponse(path, media_type="application/json", filename=f"{_stem(sub.file_name)}_selisih.json")


@router.post("/bappeda/kode")
async def new_code(request: Request, svc: ServicesDep, how: Auth) -> Response:
    """Make (or, with ``ganti``, replace) a unit's upload link."""
    async with request.form(max_files=0, max_fields=5) as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if how == "cookie" and not csrf_ok(svc.key, request.cookies.get(CSRF_COOKIE), fields.get("csrf")):
        return refusal(request, 403, FORGED)
    unit = clean_text(fields.get("unit", ""))
    if not unit:
        return refusal(request, 400, "Tulis nama unit seperti di lembar Identitas-nya")
    store = store_of(svc)
    code = store.renew_code(unit) if fields.get("ganti") else store.code_for(unit)
    if how == "header":
        return JSONResponse({"unit": unit, "code": code, "url": f"{str(request.base_url).rstrip('/')}/kirim/{code}"})
    return RedirectResponse("/bappeda#tautan", status_code=303)


@router.get("/bappeda/rekap.xlsx")
async def rekap_workbook(request: Request, svc: ServicesDep, how: Auth) -> Response:
    """The rekap workbook of the latest submission of every unit and year (``lakip-xl rekap``)."""
    return await _rekap(request, svc, ".xlsx")


@router.get("/bappeda/rekap.json")
async def rekap_json(request: Request, svc: ServicesDep, how: Auth) -> Response:
    """The rekap's JSON (as ``lakip-xl rekap --json`` writes it)."""
    return await _rekap(request, svc, ".json")


async def _rekap(request: Request, svc: Services, suffix: str) -> Response:
    store = store_of(svc)
    subs = web_rekap.latest(store.submissions())
    if not subs:
        return refusal(request, 404, "Belum ada kiriman untuk direkap")
    key = web_rekap.key_of(subs, svc.settings.daftar)
    path = web_rekap.kept(store, key, suffix)
    if path is None:
        folder = svc.jobs.folder()
        web_rekap.prepare(folder, store, subs, svc.settings.daftar)
        job = svc.jobs.new(folder, key, "rekap")
        job.worker, job.timeout = web_rekap.WORKER, svc.settings.audit_timeout * max(1, len(subs))
        job.after = lambda done: web_rekap.keep(done.folder, store, key)
        if not svc.runner.start(job):
            svc.jobs.drop(job)
            return refusal(request, 503, "Server sedang sibuk; coba lagi sebentar lagi", {"Retry-After": "10"})
        await wait(job, (job.timeout or 0) * 2 + 60)
        if job.finished.is_set():
            svc.jobs.drop(job)
        if not job.ready or (path := web_rekap.kept(store, key, suffix)) is None:
            return refusal(request, job.status if job.error else 503, job.error or "Rekap belum selesai; coba lagi")
    media = XLSX if suffix == ".xlsx" else "application/json"
    return FileResponse(path, media_type=media, filename=f"rekap_lakip{suffix}")
