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
counted in every process). Linux only (/proc). With ``--frames`` (as root:
``/proc/PID/pagemap`` shows page frames only to root) it also samples, every
~0.1 s, the number of distinct physical pages resident in any process of the
tree: each page counted once, whoever else on the machine maps it.

Usage: python bench/rekap_bench.py [--units 60] [--jobs 2] [--laporan] [--frames] [--out DIR]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from array import array
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


def _frames(pids: list[int]) -> int:
    """Distinct physical pages (KiB) resident in any of ``pids`` (0 without root: no frame numbers)."""
    page = os.sysconf("SC_PAGE_SIZE")
    seen: set[int] = set()
    for p in pids:
        try:
            maps = Path(f"/proc/{p}/maps").read_text().splitlines()
            fh = open(f"/proc/{p}/pagemap", "rb", buffering=0)  # noqa: SIM115 - closed below
        except OSError:
            continue
        with fh:
            for line in maps:
                lo, hi = (int(x, 16) for x in line.split(None, 1)[0].split("-"))
                try:
                    fh.seek(lo // page * 8)
                    data = fh.read((hi - lo) // page * 8)
                except OSError:  # [vsyscall] and the like
                    continue
                entries = array("Q")
                entries.frombytes(data[: len(data) // 8 * 8])
                seen.update(e & ((1 << 55) - 1) for e in entries if e >> 63)  # present: its frame number
    seen.discard(0)
    return len(seen) * page // 1024


def run(cmd: list[str], frames: bool = False) -> tuple[float, float, float, float]:
    """Wall seconds, peak tree PSS, RSS and (``frames``) distinct pages, in MiB, of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    peak_pss = peak_rss = peak_frames = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        pss, rss = _memory(pids)
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        if frames:
            peak_frames = max(peak_frames, _frames(pids))
        time.sleep(0.1 if frames else 0.02)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} exited {proc.returncode}")
    return wall, peak_pss / 1024, peak_rss / 1024, peak_frames / 1024


def pair(files: list[Path], folder: Path, out: Path, jobs: int, laporan: bool, frames: bool) -> dict[str, float]:
    """The separate audits, then the rekap, over the same files."""
    wall = pss = rss = fr = 0.0
    for f in files:
        cmd = [*LAKIP, "audit", str(f), "--json", str(out / "a.json")]
        if laporan:
            cmd += ["-o", str(out / "a_laporan.xlsx")]
        else:
            cmd.append("--tanpa-laporan")
        w, p, r, n = run(cmd, frames)
        wall, pss, rss, fr = wall + w, max(pss, p), max(rss, r), max(fr, n)
    cmd = [*LAKIP, "rekap", str(folder), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--jobs", str(jobs)]
    if laporan:
        (out / "laporan").mkdir(exist_ok=True)
        cmd += ["--laporan", str(out / "laporan")]
    rw, rp, rr, rn = run(cmd, frames)
    return {"audits_s": wall, "audit_pss": pss, "audit_rss": rss, "audit_frames": fr,
            "rekap_s": rw, "rekap_pss": rp, "rekap_rss": rr, "rekap_frames": rn}  # fmt: skip


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--laporan", action="store_true", help="also the pair that writes report workbooks")
    parser.add_argument("--frames", action="store_true", help="also distinct physical pages (root only)")
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="lakip-rekap-bench-"))
    folder, out = work / "masuk", work / "keluar"
    if not folder.exists():
        generate(args.units, folder)
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(folder.glob("*.xlsx"))
    print(f"{len(files)} workbooks, rekap --jobs {args.jobs}\n")
    extra = " one audit pages MiB | rekap pages MiB | pages ratio |" if args.frames else ""
    print("| reports | N audits s | rekap s | time ratio | one audit PSS MiB | rekap PSS MiB | PSS ratio |"
          f" one audit RSS MiB | rekap RSS MiB | RSS ratio |{extra}")  # fmt: skip
    print("|---" * (13 if args.frames else 10) + "|")
    for laporan in (False, True) if args.laporan else (False,):
        m = pair(files, folder, out, args.jobs, laporan, args.frames)
        pages = ""
        if args.frames:
            ratio = m["rekap_frames"] / m["audit_frames"] if m["audit_frames"] else 0.0
            pages = f" {m['audit_frames']:.0f} | {m['rekap_frames']:.0f} | {ratio:.2f} |"
        print(f"| {'yes' if laporan else 'no'} | {m['audits_s']:.1f} | {m['rekap_s']:.1f} |"
              f" {m['rekap_s'] / m['audits_s']:.3f} | {m['audit_pss']:.0f} | {m['rekap_pss']:.0f} |"
              f" {m['rekap_pss'] / m['audit_pss']:.2f} | {m['audit_rss']:.0f} | {m['rekap_rss']:.0f} |"
              f" {m['rekap_rss'] / m['audit_rss']:.2f} |{pages}", flush=True)  # fmt: skip
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
