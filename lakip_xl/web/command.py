"""The ``lakip-xl serve`` command's options (typer only: FastAPI is imported when the command runs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from lakip_xl.web.settings import MB, Settings

Runner = Callable[[Callable[[], int | None]], None]


def serve_command(run: Runner) -> Callable[..., None]:
    """The ``serve`` command, whose library call goes through the CLI's ``run`` (errors -> exit codes)."""

    def serve(
        host: Annotated[
            str, typer.Option("--host", help="Alamat yang dilayani; selain 127.0.0.1 wajib dengan --token.")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Nomor port.", min=1, max=65535)] = 8000,
        data: Annotated[
            Path, typer.Option("--data", help="Folder kiriman unit untuk Bappeda (berkas, laporan, SQLite).")
        ] = Path("lakip-data"),
        token: Annotated[
            str | None,
            typer.Option(
                "--token",
                envvar="LAKIP_XL_TOKEN",
                help="Token Bappeda (atau variabel LAKIP_XL_TOKEN); tanpa token halaman Bappeda dan tautan "
                "unggah tidak aktif.",
            ),
        ] = None,
        daftar: Annotated[
            Path | None,
            typer.Option(
                "--daftar",
                help="Daftar unit yang diharapkan mengirim (.txt, .csv atau .xlsx, seperti --daftar lakip-xl rekap).",
            ),
        ] = None,
        max_mb: Annotated[int, typer.Option("--batas-unggah", help="Ukuran unggahan terbesar dalam MB.", min=1)] = 20,
        jobs: Annotated[int, typer.Option("--jobs", help="Jumlah pemeriksaan sekaligus.", min=1)] = 2,
        timeout: Annotated[
            int, typer.Option("--batas-waktu", help="Batas waktu pemeriksaan satu berkas (detik).", min=1)
        ] = 120,
    ) -> None:
        """Jalankan halaman web: staf memeriksa lembar kerjanya di peramban, Bappeda menerima kiriman unit.

        Tanpa --token hanya halaman pemeriksaan yang aktif (tidak ada yang disimpan). Dengan --token, unit
        mengirim lewat tautan unggahnya dan Bappeda melihat papan kiriman di /bappeda. docs/web.md.
        """

        def action() -> int:
            from lakip_xl.desk.daftar import read_list
            from lakip_xl.web.serve import run as run_server

            units = tuple(read_list(daftar)) if daftar is not None else ()
            settings = Settings(
                data=data, host=host, port=port, token=token, daftar=units, max_upload=max_mb * MB,
                jobs=jobs, audit_timeout=float(timeout),
            ).checked()  # fmt: skip
            run_server(settings)
            return 0

        run(action)

    return serve
