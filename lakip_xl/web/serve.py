"""Run the web application with uvicorn (``lakip-xl serve``)."""

from __future__ import annotations

import errno
import socket
import sys

from lakip_xl.model.errors import LakipError
from lakip_xl.web.settings import Settings, is_loopback

REASONS = {
    errno.EADDRINUSE: "port itu sudah dipakai program lain",
    errno.EACCES: "tidak ada izin; port di bawah 1024 butuh hak administrator",
    errno.EADDRNOTAVAIL: "alamat itu bukan milik komputer ini",
}
MISSING = "Halaman web butuh paket tambahan: pip install 'lakip-xl[web]' ({name} belum terpasang)"


def run(settings: Settings) -> None:
    """Serve until Ctrl-C or SIGTERM (uvicorn's graceful shutdown stops every running audit).

    Raises:
        LakipError: The web extra is not installed, or the settings cannot be served.
    """
    try:
        import uvicorn

        from lakip_xl.web.app import create_app
    except ImportError as exc:
        raise LakipError(MISSING.format(name=exc.name or "fastapi")) from exc
    _check_port(settings.host, settings.port)
    app = create_app(settings)
    where = f"http://{settings.host}:{settings.port}/"
    print(f"lakip-xl: halaman pemeriksaan di {where} (hentikan dengan Ctrl-C)", file=sys.stderr)
    if settings.token is not None:
        print(f"lakip-xl: papan Bappeda di {where}bappeda; data disimpan di {settings.data}", file=sys.stderr)
    if not is_loopback(settings.host):
        print("lakip-xl: dapat dibuka dari komputer lain; pasang HTTPS di depannya (docs/web.md)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False, server_header=False)


def _check_port(host: str, port: int) -> None:
    """Refuse, in one line, an address and port this machine cannot listen on (uvicorn would say it in English)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        reason = REASONS.get(exc.errno or 0, "alamat tidak dikenal di komputer ini")
        raise LakipError(
            f"Tidak dapat melayani di {host}:{port} ({reason}); pilih --port lain atau --host lain"
        ) from exc
