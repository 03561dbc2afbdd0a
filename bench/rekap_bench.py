"""Benchmark: one ``lakip-xl rekap`` over N sample-sized workbooks against N separate ``lakip-xl audit`` processes.

Generates N copies of the sample (``samples/mustikajaya_2024.json`` with the
unit's name changed), then measures, side by side in one run:

- **audits**: ``lakip-xl audit WB --tanpa-laporan --json FILE`` once per workbook, one after another;
- **rekap**: ``lakip-xl rekap DIR -o R.xlsx --json R.json --jobs J``;

and with ``--laporan`` the same pair writing report workbooks (``lakip-xl
audit WB --json FILE`` against ``rekap ... --laporan DIR``). For every
command it samples, every 20 ms, the process and its children: the peak of
the sum of their PSS (proportional set size: pages shared between the forked
workers and their parent are counted once) and of their RSS (shared pages
counted in every process). Linux only (/proc).

Usage: python bench/rekap_bench.py [--units 60] [--jobs 2] [--laporan] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_JSON = ROOT / "samples" / "mustikajaya_2024.json"
LAKIP = [sys.executable, "-m", "lakip_xl.cli"]


def generate(n: int, folder: Path) -> None:
    """``n`` sample-sized unit workbooks, each with its own unit name."""
    from lakip_xl.io.interchange import from_json
    from lakip_xl.io.writer import write_workbook

    folder.mkdir(parents=True, exist_ok=True)
    doc = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    for i in range(n):
        unit = copy.deepcopy(doc)
        for row in unit["tables"]["identitas"]["rows"]:
            if row["kode"] == "unit":
                row["nilai"] = f"Unit Uji {i + 1:02}"
        write_workbook(folder / f"unit_{i + 1:02}.xlsx", from_json(unit))


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """Sum of PSS and of RSS (KiB) over ``pids``."""
    pss = rss = 0
    for p in pids:
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1])
            elif line.startswith("Rss:"):
                rss += int(line.split()[1])
    return pss, rss


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak tree PSS MiB and peak tree RSS MiB of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    peak_pss = peak_rss = 0
    while proc.poll() is None:
        pss, rss = _memory(_tree(proc.pid))
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.02)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return wall, peak_pss / 1024, peak_rss / 1024


def pair(files: list[Path], folder: Path, out: Path, jobs: int, laporan: bool) -> dict[str, float]:
    """The separate audits, then the rekap, over the same files."""
    wall = pss = rss = 0.0
    for f in files:
        cmd = [*LAKIP, "audit", str(f), "--json", str(out / "a.json")]
        if laporan:
            cmd += ["-o", str(out / "a_laporan.xlsx")]
        else:
            cmd.append("--tanpa-laporan")
        w, p, r = run(cmd)
        wall, pss, rss = wall + w, max(pss, p), max(rss, r)
    cmd = [*LAKIP, "rekap", str(folder), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--jobs", str(jobs)]
    if laporan:
        (out / "laporan").mkdir(exist_ok=True)
        cmd += ["--laporan", str(out / "laporan")]
    rw, rp, rr = run(cmd)
    return {"audits_s": wall, "audit_pss": pss, "audit_rss": rss, "rekap_s": rw, "rekap_pss": rp, "rekap_rss": rr}


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--laporan", action="store_true", help="also the pair that writes report workbooks")
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="lakip-rekap-bench-"))
    folder, out = work / "masuk", work / "keluar"
    if not folder.exists():
        generate(args.units, folder)
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(folder.glob("*.xlsx"))
    print(f"{len(files)} workbooks, rekap --jobs {args.jobs}\n")
    print("| reports | N audits s | rekap s | time ratio | one audit PSS MiB | rekap PSS MiB | PSS ratio |"
          " one audit RSS MiB | rekap RSS MiB | RSS ratio |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for laporan in (False, True) if args.laporan else (False,):
        m = pair(files, folder, out, args.jobs, laporan)
        print(f"| {'yes' if laporan else 'no'} | {m['audits_s']:.1f} | {m['rekap_s']:.1f} |"
              f" {m['rekap_s'] / m['audits_s']:.3f} | {m['audit_pss']:.0f} | {m['rekap_pss']:.0f} |"
              f" {m['rekap_pss'] / m['audit_pss']:.2f} | {m['audit_rss']:.0f} | {m['rekap_rss']:.0f} |"
              f" {m['rekap_rss'] / m['audit_rss']:.2f} |", flush=True)  # fmt: skip
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
