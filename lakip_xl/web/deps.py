"""What every route shares: the app's services (a dependency), the templates, and refusals in one line.

:class:`Services` is made once per app by :func:`lakip_xl.web.app.create_app`
and reaches a route only through the :func:`services` dependency; nothing
lives in module globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from lakip_xl import __version__
from lakip_xl.web.builds import Builds
from lakip_xl.web.jobs import Jobs, Runner
from lakip_xl.web.security import CSRF_COOKIE, csrf_token, new_csrf_cookie
from lakip_xl.web.settings import Settings
from lakip_xl.web.store import Store
from lakip_xl.web.view import FILTERS

STATUS_TEXT = {
    400: "Permintaan tidak dapat dipahami",
    401: "Perlu masuk sebagai Bappeda",
    403: "Tidak diizinkan",
    404: "Halaman atau berkas tidak ditemukan",
    405: "Cara membuka alamat ini tidak didukung",
    413: "Berkas terlalu besar",
    415: "Bukan workbook .xlsx atau .ods",
    422: "Berkas tidak dapat diperiksa",
    500: "Galat di server",
    503: "Server sedang sibuk",
}


@dataclass
class Services:
    """Everything the routes share, made once per app.

    Attributes:
        settings: The server's settings.
        jobs: The uploads being audited or recently audited.
        runner: Runs each audit in its own process.
        builds: Builds each report workbook on its first download, and each revision's diff.
        store: Bappeda's submissions; None without a token (nothing is stored then).
        key: Signs forms (CSRF) and Bappeda's session.
        env: The Jinja2 environment (autoescaped).
    """

    settings: Settings
    jobs: Jobs
    runner: Runner
    store: Store | None
    key: bytes
    env: Environment
    builds: Builds

    def close(self) -> None:
        """Stop running audits and remove every temporary folder."""
        self.runner.close()
        self.jobs.close()


def services(request: Request) -> Services:
    """The app's services (a FastAPI dependency)."""
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


def environment() -> Environment:
    """The templates, from the installed package, with autoescape on for every template."""
    env = Environment(loader=PackageLoader("lakip_xl.web", "templates"), autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    env.globals["version"] = __version__
    return env


def render(request: Request, svc: Services, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """A page from a template, with the form token for the request's CSRF cookie (set when missing)."""
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = cookie is None
    if cookie is None:
        cookie = new_csrf_cookie()
    html = svc.env.get_template(name).render(
        csrf=csrf_token(svc.key, cookie), bappeda_on=svc.store is not None, **context
    )
    response = HTMLResponse(html, status_code=code)
    if fresh:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict", path="/")
    return response


def wants_json(request: Request) -> bool:
    """True for the JSON API (and any client that asks only for JSON)."""
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json") or accept == "application/json"


def refusal(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A refusal in one Indonesian line: ``{"galat": ...}`` for the API, the error page for a browser."""
    if wants_json(request):
        return JSONResponse({"galat": message}, status_code=status, headers=headers)
    svc = services(request)
    title = STATUS_TEXT.get(status, "Galat")
    response = render(request, svc, "galat.html", status, title=title, message=message, status=status)
    response.headers.update(headers or {})
    return response
