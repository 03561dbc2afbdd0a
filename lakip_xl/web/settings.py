"""The server's settings, given once to :func:`lakip_xl.web.app.create_app` and injected into every route.

Nothing here imports FastAPI: ``lakip-xl serve`` builds and checks the
settings before the web libraries are loaded, so a wrong option is one
Indonesian line and exit 2 even without the ``web`` extra.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from lakip_xl.model.errors import LakipError

MB = 1024 * 1024
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the server is told at start.

    Attributes:
        data: The folder of Bappeda's submissions (files, SQLite, stored reports and rekaps).
        host: The address to bind; only a loopback address may go without a token.
        port: The TCP port.
        token: Bappeda's token; None turns the Bappeda pages and the upload links off.
        daftar: The units Bappeda expects (from ``--daftar``), as written there.
        max_upload: The largest upload accepted, in bytes (the body is never read past it).
        audit_timeout: Seconds one audit may take before its process is stopped.
        jobs: Audits run at the same time (each in its own process).
        queue: Audits allowed to wait for a free place; more are refused with 503.
        keep_checks: Seconds a staff check's results (report, JSON) stay downloadable.
        worker: ``module:function`` that audits one upload in the worker process (tests inject others).
    """

    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    daftar: tuple[str, ...] = ()
    max_upload: int = 20 * MB
    audit_timeout: float = 120.0
    jobs: int = 2
    queue: int = 32
    keep_checks: float = 3600.0
    worker: str = "lakip_xl.web.worker:check"

    def checked(self) -> Settings:
        """These settings, refused in one line when they cannot be served safely.

        Raises:
            LakipError: A non-loopback host without a token, an empty token, or a limit that is not positive.
        """
        if self.token is not None and len(self.token.strip()) < 8:
            raise LakipError("Token Bappeda minimal 8 karakter; pilih token yang sulit ditebak")
        if not is_loopback(self.host) and self.token is None:
            raise LakipError(
                f"Alamat {self.host} dapat dibuka dari komputer lain: jalankan dengan --token agar halaman "
                "Bappeda terlindungi, atau pakai --host 127.0.0.1"
            )
        if self.max_upload <= 0 or self.jobs <= 0 or self.audit_timeout <= 0 or self.queue <= 0:
            raise LakipError("Batas unggahan, jumlah proses, antrean dan batas waktu harus lebih dari 0")
        return self


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def unit_key(name: str) -> str:
    """A unit's name as units are matched: case and runs of spaces aside."""
    return re.sub(r"\s+", " ", name).strip().casefold()
