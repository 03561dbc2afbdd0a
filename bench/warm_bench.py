"""Benchmark: the CPU time of a warm audit (the library call in a process that already audited once).

For each sample it runs, in one fresh process, a cold first call of
``lakip_xl.audit.engine.audit``, one more warm-up call, then ``--runs`` warm
calls, and prints the CPU time (``time.process_time``: this process's user +
system time, so other processes sharing the cores count less than in wall
time) of the cold call and the median, minimum and maximum of the warm calls.
It also times calamine's bare read of the same file, for scale.

With ``--dump DIR`` it also writes the JSON document of every workbook given
(``report/render.py``'s ``to_document``, from the first and from a warm audit,
which must be equal) to ``DIR``, so that two versions of the code can be
compared file by file (``diff -r``).

Usage: python bench/warm_bench.py [--runs 30] [--dump DIR] [WORKBOOK ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "mustikajaya_2024.xlsx", ROOT / "samples" / "grobogan_2021.xlsx"]

CHILD = """
import json, statistics, sys, time
from pathlib import Path
path, runs, dump = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
start = time.process_time()
from lakip_xl.audit.engine import audit
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_document
imported = time.process_time() - start

def document():
    try:
        return to_document(audit(path))
    except LakipError as exc:
        return {"galat": str(exc)}

start = time.process_time()
first = document()
cold = time.process_time() - start
second = document()  # the warm-up
times = []
for _ in range(runs):
    start = time.process_time()
    try:
        audit(path)
    except LakipError:
        pass
    times.append(time.process_time() - start)
import python_calamine as pc
start = time.process_time()
try:
    book = pc.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)
except Exception:
    pass
read = time.process_time() - start
if dump:
    Path(dump).write_text(json.dumps(first, ensure_ascii=False, indent=1) + "\\n", encoding="utf-8")
print(json.dumps({"imports": imported, "cold": cold, "median": statistics.median(times) if times else 0,
                  "min": min(times, default=0), "max": max(times, default=0), "read": read,
                  "same": first == second}))
"""


def measure(path: Path, runs: int, dump: Path | None) -> dict[str, float]:
    """The figures of one workbook, from a fresh process."""
    command = [sys.executable, "-c", CHILD, str(path), str(runs), str(dump or "")]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Print a Markdown table of the warm and cold CPU times of each workbook."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", type=Path, nargs="*", help="default: both samples")
    parser.add_argument("--runs", type=int, default=30, help="warm audits per workbook, after one warm-up")
    parser.add_argument("--dump", type=Path, default=None, help="write each workbook's JSON document here")
    args = parser.parse_args()
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    print("| workbook | warm median ms CPU | warm min-max ms | cold first call ms | imports ms | calamine read ms |")
    print("|---|---|---|---|---|---|")
    for path in args.workbooks or SAMPLES:
        dump = args.dump / f"{path.stem}.json" if args.dump else None
        f = measure(path, args.runs, dump)
        if not f["same"]:
            sys.exit(f"{path.name}: the first and a warm audit disagree")
        ms = {k: f"{v * 1000:.1f}" for k, v in f.items() if isinstance(v, float)}
        print(
            f"| {path.name} | {ms['median']} | {ms['min']}-{ms['max']} | {ms['cold']} | {ms['imports']} |"
            f" {ms['read']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
