"""``lakip-xl rekap`` as the command line runs it: progress on stderr, the rekap, then what it says."""

from __future__ import annotations

import sys
from pathlib import Path

from lakip_xl.commands.output import say
from lakip_xl.desk.rekap import rekap
from lakip_xl.report.progress import print_rekap, progress_display
from lakip_xl.report.rekap_doc import write_rekap_json


def run_rekap(
    paths: list[Path],
    output: Path,
    json_out: str | None,
    laporan: Path | None,
    *,
    jobs: int | None = None,
    tahun: str | None = None,
    daftar: Path | None = None,
    dask: str | None = None,
    last_year: Path | None = None,
) -> int:
    """Run the rekap with a progress display, print it (or its JSON on stdout) and return the exit code."""
    to_file = Path(json_out) if json_out not in (None, "-") else None
    with progress_display(sys.stderr) as shown:
        result = rekap(paths, output, json_out=to_file, laporan=laporan, jobs=jobs, progress=shown, tahun=tahun,
                       daftar=daftar, dask=dask, last_year=last_year)  # fmt: skip
    if json_out == "-":
        write_rekap_json(result, sys.stdout)
    else:
        print_rekap(result)
        say(f"Rekap ditulis: {output}")
        if to_file is not None:
            say(f"JSON ditulis: {to_file}")
        if laporan is not None:
            say(f"Laporan unit ditulis di: {laporan}")
    return result.exit_code
