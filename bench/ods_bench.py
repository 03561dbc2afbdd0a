"""Benchmark: the audit of an .ods against the audit of the .xlsx of the same workbook (issue #23).

For the sample (mustikajaya_2024) and a generated workbook of N subkegiatan
(:func:`bench.bench.generate`), LibreOffice saves the same document as .ods and
as .xlsx (one private profile, every formula recalculated so the cached values
are real, as in a workbook staff save). Then one process times the whole
library call, ``lakip_xl.audit.engine.audit`` plus its JSON, of each file:
one warm-up call each, then ``--repeat`` calls alternating between the two
files; it prints the median wall and CPU time of each and their ratios (the
aim: .ods within 1.5x of .xlsx), and the cold first call of each in a fresh process.

Usage: python bench/ods_bench.py [--sizes 5000] [--repeat 7] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench import generate  # noqa: E402

RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""
COLD = (
    "import sys, time\nfrom pathlib import Path\nt = time.perf_counter()\n"
    "from lakip_xl.audit.engine import audit\nfrom lakip_xl.report.render import to_json\n"
    "to_json(audit(Path(sys.argv[1])))\nprint(time.perf_counter() - t)"
)


def saved_by_libreoffice(src: Path, folder: Path) -> tuple[Path, Path]:
    """``src`` opened (recalculated) and saved by LibreOffice as .ods and as .xlsx."""
    exe = shutil.which("soffice")
    if exe is None:
        sys.exit("soffice (LibreOffice) is needed")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC, encoding="utf-8")
    out = folder / "lo"
    for fmt in ("ods", "xlsx"):
        subprocess.run(
            [exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(out), str(src)],
            check=True, capture_output=True, timeout=600, env={**os.environ, "HOME": str(profile)},
        )  # fmt: skip
    return out / f"{src.stem}.ods", out / f"{src.stem}.xlsx"


def warm(paths: list[Path], repeat: int) -> list[tuple[float, float]]:
    """Median (wall, CPU) seconds of the audit + JSON of each path, in this process, after one warm-up call each.

    CPU time (``time.process_time``) counts this process only: on a shared machine it moves less than wall time.
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.report.render import to_json

    times: list[list[tuple[float, float]]] = [[] for _ in paths]
    for path in paths:
        to_json(audit(path))
    for _ in range(repeat):
        for i, path in enumerate(paths):
            start, cpu = time.perf_counter(), time.process_time()
            to_json(audit(path))
            times[i].append((time.perf_counter() - start, time.process_time() - cpu))
    return [(statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for t in times]


def cold(path: Path) -> float:
    """Wall seconds of the first audit in a fresh process (imports included)."""
    out = subprocess.run([sys.executable, "-c", COLD, str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Print one row per workbook: the .ods and .xlsx medians and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None, help="keep the workbooks here")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="ods_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [("sample", ROOT / "samples" / "mustikajaya_2024.xlsx")]
    for n in args.sizes:
        generate(n, folder / f"bench_{n}.xlsx")
        cases.append((f"{n:,}".replace(",", "."), folder / f"bench_{n}.xlsx"))
    print(
        "| workbook | .ods KiB | .xlsx KiB | .ods warm s | .xlsx warm s | ratio | .ods CPU s | .xlsx CPU s | CPU ratio "
        "| .ods cold s | .xlsx cold s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, src in cases:
        ods, xlsx = saved_by_libreoffice(src, folder / name)
        (o, o_cpu), (x, x_cpu) = warm([ods, xlsx], args.repeat)
        co, cx = cold(ods), cold(xlsx)
        size_o, size_x = ods.stat().st_size // 1024, xlsx.stat().st_size // 1024
        print(
            f"| {name} | {size_o} | {size_x} | {o:.3f} | {x:.3f} | {o / x:.2f} | {o_cpu:.3f} | {x_cpu:.3f} "
            f"| {o_cpu / x_cpu:.2f} | {co:.2f} | {cx:.2f} |"
        )
    if args.out is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
