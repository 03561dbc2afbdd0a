"""Helpers for the web tests: an app on a temporary data folder, the form token, waiting for an audit."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from lakip_xl.web.app import create_app
from lakip_xl.web.settings import Settings

TOKEN = "token-bappeda-uji-123"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def client(data: Path, **options: Any) -> Iterator[TestClient]:
    """A TestClient of a fresh app (its lifespan runs: every audit process and temporary folder ends with it)."""
    app = create_app(Settings(data=data, **options))
    with TestClient(app, follow_redirects=False) as c:
        yield c


def csrf(c: TestClient, page: str = "/") -> str:
    """The form token of a page (getting the page sets the CSRF cookie)."""
    html = c.get(page).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def upload(
    c: TestClient, path: Path, *, name: str | None = None, action: str = "/periksa", token: str | None = None
) -> Any:
    """Post a workbook through the staff form (with the page's CSRF token unless ``token`` is given)."""
    form = {"csrf": token if token is not None else csrf(c)}
    files = {"berkas": (name or path.name, path.read_bytes(), XLSX)}
    return c.post(action, data=form, files=files)


def finished(c: TestClient, location: str, timeout: float = 120) -> Any:
    """Poll an audit's page until it is no longer running (202), within ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while True:
        page = c.get(location)
        if page.status_code != 202:
            return page
        assert time.monotonic() < end, f"audit still running after {timeout} s"
        time.sleep(0.1)


def job_id(location: str) -> str:
    """The job id of a ``/hasil/{id}`` location."""
    return location.rsplit("/", 1)[-1]
