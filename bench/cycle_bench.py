"""Benchmark: the roll-forward (``template --dari``) against one audit of the same workbook (issue #20, speed).

For each workbook (the two samples by default; ``--sizes`` adds bench
workbooks of N subkegiatan, :func:`bench.bench.generate`) it runs, --repeat
times and each in a fresh process, alternating:

- **audit**: ``lakip_xl.audit.engine.audit(path)`` (what ``lakip-xl audit
  --tanpa-laporan`` does, without printing);
- **roll-forward**: ``lakip_xl.cycle.roll_forward(path, out)`` (what
  ``lakip-xl template --dari`` does: the audit of last year's workbook, its
  values read as printed, next year's workbook written);
- **audit --tahun-lalu**: ``lakip_xl.cycle.audit(out, path)`` on the
  rolled-forward workbook (two audits and the comparison), for information.

Each process is timed whole, its imports included (what a user waits for): the
medians of CPU seconds (user + system, steadier than wall time on a shared
machine) and of wall seconds, the ratio roll-forward / audit of the CPU
medians, and the peak RSS.

Usage: python bench/cycle_bench.py [--repeat 5] [--sizes 5000] [--out DIR]
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
SAMPLES = (ROOT / "samples" / "mustikajaya_2024.xlsx", ROOT / "samples" / "grobogan_2021.xlsx")

CODE = """
import json, resource, sys, time
w0 = time.perf_counter()
sys.path.insert(0, {root!r})
from pathlib import Path
what, wb, out = {what!r}, Path({wb!r}), Path({out!r})
if what == "audit":
    from lakip_xl.audit.engine import audit
    audit(wb)
elif what == "roll":
    from lakip_xl.cycle import roll_forward
    roll_forward(wb, out)
else:
    from lakip_xl.cycle import audit
    audit(out, wb)
r = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"cpu": r.ru_utime + r.ru_stime, "wall": time.perf_counter() - w0, "peak_mib": r.ru_maxrss / 1024}}))
"""
KINDS = ("audit", "roll", "check")
GENERATE = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from bench.bench import generate
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.workbook import TableData
path = Path({path!r})
generate({n}, path)
data = read_workbook(path)  # the bench workbook, given the report year a roll-forward needs
data["identitas"] = TableData(rows=[{{"kode": "unit", "nilai": "Kecamatan Uji"}}, {{"kode": "tahun", "nilai": 2024}}])
write_workbook(path, data)
"""


def run(what: str, wb: Path, out: Path) -> dict[str, float]:
    """One fresh process doing ``what`` (audit, roll or check) on ``wb``."""
    code = CODE.format(root=str(ROOT), what=what, wb=str(wb), out=str(out))
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def workbooks(sizes: list[int], folder: Path) -> list[Path]:
    """The samples, then a bench workbook per size (generated in a child process, with a report year)."""
    out = list(SAMPLES)
    for n in sizes:
        path = folder / f"bench_{n}.xlsx"
        if not path.exists():
            subprocess.run([sys.executable, "-c", GENERATE.format(root=str(ROOT), n=n, path=str(path))], check=True)
        out.append(path)
    return out


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[])
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="lakip-cycle-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("| workbook | audit CPU s | roll-forward CPU s | roll-forward/audit | audit --tahun-lalu CPU s |"
          " audit wall s | roll-forward wall s | peak MiB (roll-forward) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for wb in workbooks(args.sizes, folder):
        out = folder / f"{wb.stem}_next.xlsx"
        runs: dict[str, list[dict[str, float]]] = {k: [] for k in KINDS}
        for _ in range(args.repeat):
            for kind in KINDS:  # alternating: each sees the same load
                runs[kind].append(run(kind, wb, out))
        med = {k: {m: statistics.median(r[m] for r in runs[k]) for m in ("cpu", "wall")} for k in KINDS}
        peak = max(r["peak_mib"] for r in runs["roll"])
        print(f"| {wb.name} | {med['audit']['cpu']:.2f} | {med['roll']['cpu']:.2f} |"
              f" {med['roll']['cpu'] / med['audit']['cpu']:.2f} | {med['check']['cpu']:.2f} |"
              f" {med['audit']['wall']:.2f} | {med['roll']['wall']:.2f} | {peak:.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
