"""The application factory: :func:`create_app` wires settings, storage, the audit runner and the routes.

No state lives in module globals: everything a request needs hangs on the
application (``app.state.services``) and reaches a route through the
:func:`lakip_xl.web.deps.services` dependency, so two apps with different settings (tests) never
share anything but the fork server that starts the audits' processes.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from lakip_xl.web import api, bappeda, nextyear, pages
from lakip_xl.web.builds import Builds
from lakip_xl.web.deps import STATUS_TEXT, Services, environment, refusal
from lakip_xl.web.jobs import Jobs, Runner
from lakip_xl.web.security import BodyLimit, SecurityHeaders
from lakip_xl.web.settings import Settings
from lakip_xl.web.store import Store


def create_app(settings: Settings) -> FastAPI:
    """The web application for ``settings`` (checked first).

    Raises:
        LakipError: The settings cannot be served safely, or the data folder cannot be made.
    """
    settings = settings.checked()
    store = Store(settings.data) if settings.token is not None else None
    key = store.secret() if store is not None else secrets.token_bytes(32)
    if store is not None:
        for unit in settings.daftar:
            store.code_for(unit)  # every expected unit has its upload link from the start
    jobs, runner = Jobs(settings.keep_checks), Runner(settings)
    svc = Services(settings, jobs, runner, store, key, environment(), Builds(settings, jobs, runner))

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            svc.close()

    app = FastAPI(title="lakip-xl", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.services = svc
    app.add_middleware(BodyLimit, limit=settings.max_upload)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(packages=[("lakip_xl.web", "static")]), name="static")
    for module in (pages, nextyear, api, bappeda):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code in (401, 403, 409) else None
        message = detail or STATUS_TEXT.get(exc.status_code, "Galat")
        return refusal(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")}))
        return refusal(request, 400, f"Isian tidak sah: {fields or 'permintaan'}; periksa lalu kirim lagi")

    return app
