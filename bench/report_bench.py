"""Benchmark: the report workbook against the library audit of the same file (issue #12).

For each size it generates the bench workbook (:func:`bench.bench.generate`: N
subkegiatan in 2.2.2, split over 3.19/3.20), then runs, --repeat times and each
in a fresh process: ``audit(path)`` (the library call, its lazy import of
pandas + pandera included, as ``lakip-xl audit`` pays it) and then
``write_report`` of that result. It prints the medians of their CPU seconds
(user + system of the process over each call: steadier than wall time on a
shared two-core machine) and of their wall seconds, the ratio report / audit
of the CPU medians, and the process's peak RSS.

With ``--tree`` (repeatable) it measures other checkouts of lakip-xl too,
alternating between them run by run, so that a change is measured side by side
with what it replaced under the same load.

Usage: python bench/report_bench.py [--sizes 5000 50000] [--repeat 3] [--out DIR] [--tree PATH ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CODE = """
import datetime, json, resource, sys, time
sys.path.insert(0, {tree!r})
from pathlib import Path
from lakip_xl.audit.engine import audit
from lakip_xl.report.build import write_report

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

c0, w0 = cpu(), time.perf_counter()
result = audit(Path({wb!r}))
c1, w1 = cpu(), time.perf_counter()
write_report(result, Path({out!r}), today=datetime.date(2026, 1, 1))
c2, w2 = cpu(), time.perf_counter()
print(json.dumps({{"audit_cpu": c1 - c0, "report_cpu": c2 - c1, "audit_wall": w1 - w0, "report_wall": w2 - w1,
                   "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(tree: Path, wb: Path, out: Path) -> dict[str, float]:
    """One fresh process: the audit of ``wb``, then its report, with the checkout at ``tree``."""
    code = CODE.format(tree=str(tree), wb=str(wb), out=str(out))
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=tree)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def ensure_workbook(n: int, folder: Path) -> Path:
    """The bench workbook of ``n`` subkegiatan, generated in a child process unless already there."""
    path = folder / f"bench_{n}.xlsx"
    if not path.exists():
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.bench import generate; "
            f"from pathlib import Path; generate({n}, Path({str(path)!r}))"
        )
        subprocess.run([sys.executable, "-c", code], check=True)
    return path


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="another checkout to measure")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="lakip-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    trees = [ROOT, *(t.resolve() for t in args.tree)]
    print("| tree | subkegiatan | audit CPU s | report CPU s | report/audit | audit wall s | report wall s |"
          " peak MiB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        wb = ensure_workbook(n, folder)
        runs: dict[Path, list[dict[str, float]]] = {t: [] for t in trees}
        for _ in range(args.repeat):
            for t in trees:  # alternating: every checkout sees the same load
                runs[t].append(run(t, wb, folder / f"laporan_{n}.xlsx"))
        for t in trees:
            med = {k: statistics.median(r[k] for r in runs[t]) for k in runs[t][0]}
            name = "this" if t == ROOT else t.name
            print(f"| {name} | {n:,} | {med['audit_cpu']:.2f} | {med['report_cpu']:.2f} |"
                  f" {med['report_cpu'] / med['audit_cpu']:.2f} | {med['audit_wall']:.2f} | {med['report_wall']:.2f} |"
                  f" {max(r['peak_mib'] for r in runs[t]):.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
