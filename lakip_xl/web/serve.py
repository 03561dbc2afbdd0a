"""Run the web application with uvicorn (``lakip-xl serve``)."""

from __future__ import annotations

import sys

from lakip_xl.model.errors import LakipError
from lakip_xl.web.settings import Settings, is_loopback

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
    app = create_app(settings)
    where = f"http://{settings.host}:{settings.port}/"
    print(f"lakip-xl: halaman pemeriksaan di {where} (hentikan dengan Ctrl-C)", file=sys.stderr)
    if settings.token is not None:
        print(f"lakip-xl: papan Bappeda di {where}bappeda; data disimpan di {settings.data}", file=sys.stderr)
    if not is_loopback(settings.host):
        print("lakip-xl: dapat dibuka dari komputer lain; pasang HTTPS di depannya (docs/web.md)", file=sys.stderr)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False, server_header=False)
