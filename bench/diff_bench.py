"""Benchmark: ``lakip-xl diff`` of two submissions against one ``lakip-xl audit`` (issue 20, speed).

Pairs compared, each a workbook and its revision (:func:`revise`: realisasi
changed on every 1,000th subkegiatan row of 3.19/3.20 and at least one, a
Kegiatan with three Sub Kegiatan inserted in 2.2.2 and 3.19, a Sub Kegiatan
removed from 3.20, a name corrected in 2.2.2):

- the sample (``samples/mustikajaya_2024.json``) and its revision;
- the workbook of :func:`bench.bench.generate` with N subkegiatan and its revision.

Each command runs in a fresh process, as a user runs it: ``lakip-xl audit WB
--tanpa-laporan --json FILE`` (console and JSON, no report workbook) against
``lakip-xl diff WB REVISI --json FILE`` (console and JSON; both audits included).
It prints the median wall time and CPU time (user + system) of --repeat runs
(the commands take turns, run by run, so both see the same load), the peak
memory (max RSS) and the ratios diff / audit. ``--workbook`` also times
``diff -o`` (the diff workbook written).

Usage: python bench/diff_bench.py [--sizes 50000] [--repeat 3] [--out DIR] [--workbook]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_JSON = ROOT / "samples" / "mustikajaya_2024.json"
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from lakip_xl.model.workbook import WorkbookData

WRAP = (
    "import contextlib, io, os, resource, sys\n"
    "from lakip_xl.cli import app\n"
    "sys.argv = ['lakip-xl', *sys.argv[1:]]\n"
    "with open(os.devnull, 'w') as null, contextlib.redirect_stdout(null):\n"
    "    try:\n        app()\n    except SystemExit:\n        pass\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(use.ru_maxrss, use.ru_utime + use.ru_stime, file=sys.stderr)"
)


def revise(data: WorkbookData) -> WorkbookData:
    """A revision of ``data`` as staff make one after Bappeda's notes (the input is not changed)."""
    from lakip_xl.model.spec import Value
    from lakip_xl.model.workbook import TableData

    out = {k: TableData(rows=[dict(r) for r in t.rows], total=t.total, source=t.source) for k, t in data.items()}
    for table in ("t3_19", "t3_20"):
        rows = out[table].rows
        leaves = [i for i, r in enumerate(rows) if r.get("level") == "Sub Kegiatan"]
        for i in leaves[:: max(1, min(1000, len(leaves) // 2))]:
            rows[i]["realisasi"] = int(rows[i].get("realisasi") or 0) + 1_000
    for table, money in (("t2_2_2", "pagu"), ("t3_19", "murni")):
        rows = out[table].rows
        kegiatan = [i for i, r in enumerate(rows) if r.get("level") == "Kegiatan"]
        at = kegiatan[len(kegiatan) // 2]
        group: list[dict[str, Value]] = [{"level": "Kegiatan", "uraian": "Kegiatan Tambahan Revisi"}]
        for n in range(3):
            leaf: dict[str, Value] = {"level": "Sub Kegiatan", "uraian": f"Subkegiatan tambahan revisi {n + 1}"}
            leaf[money] = 5_000_000
            if table == "t2_2_2":
                leaf.update(tw1=1_250_000, tw2=1_250_000, tw3=1_250_000, tw4=1_250_000, sumber_dana="APBD")
            else:
                leaf.update(abt=0, realisasi=4_000_000)
            group.append(leaf)
        rows[at:at] = group  # type: ignore[index]
    rows = out["t3_20"].rows
    leaves = [i for i, r in enumerate(rows) if r.get("level") == "Sub Kegiatan"]
    del rows[leaves[len(leaves) // 2]]  # type: ignore[attr-defined]
    plan = out["t2_2_2"].rows
    leaf_at = next(i for i, r in enumerate(plan) if r.get("level") == "Sub Kegiatan")
    plan[leaf_at]["uraian"] = str(plan[leaf_at]["uraian"]) + " (nama diperbaiki)"
    return out


def pairs_of(folder: Path, sizes: list[int]) -> list[tuple[str, Path, Path]]:
    """(name, workbook, revision) of each pair in ``folder``."""
    return [
        ("sample" if size is None else f"{size:,}", folder / f"{size or 'sample'}.xlsx",
         folder / f"{size or 'sample'}_revisi.xlsx")
        for size in (None, *sizes)
    ]  # fmt: skip


def prepare(folder: Path, sizes: list[int]) -> None:
    """Write each pair not written yet (run in a child process: see :func:`main`)."""
    from bench.bench import budget_data
    from lakip_xl.io.interchange import load_json
    from lakip_xl.io.writer import write_workbook

    for (_, old, new), size in zip(pairs_of(folder, sizes), (None, *sizes), strict=True):
        if not old.exists() or not new.exists():
            data = load_json(SAMPLE_JSON) if size is None else budget_data(size)
            write_workbook(old, data)
            write_workbook(new, revise(data))


def measure(commands: list[list[str]], repeat: int) -> list[tuple[float, float, float]]:
    """For each command: median wall seconds, median CPU seconds and max peak MiB of ``repeat`` fresh processes.

    The commands take turns, run by run, so each sees the same load on a shared machine.
    """
    import time

    runs: list[list[tuple[float, float, float]]] = [[] for _ in commands]
    for _ in range(repeat):
        for n, args in enumerate(commands):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", WRAP, *args], capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - start
            rss, cpu = done.stderr.strip().splitlines()[-1].split()
            runs[n].append((wall, float(cpu), int(rss) / 1024))
    return [
        (statistics.median(r[0] for r in one), statistics.median(r[1] for r in one), max(r[2] for r in one))
        for one in runs
    ]


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    parser.add_argument("--workbook", action="store_true", help="also time diff -o (the diff workbook)")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="lakip-diff-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    # The pairs are written in a child process: a child inherits its parent's peak memory (ru_maxrss
    # survives fork and exec), so this process stays small and the measured ones report their own.
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.diff_bench import prepare; from pathlib import Path"
    )
    subprocess.run([sys.executable, "-c", f"{code}; prepare(Path({str(folder)!r}), {args.sizes!r})"], check=True)
    pairs = pairs_of(folder, args.sizes)
    print("| workbook | audit s | audit CPU s | audit MiB | diff s | diff CPU s | diff MiB | time ratio | CPU ratio |"
          " memory ratio |" + (" diff -o s | diff -o MiB |" if args.workbook else ""))  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if args.workbook else ""))
    json_out = str(folder / "out.json")
    for name, old, new in pairs:
        commands = [
            ["audit", str(old), "--tanpa-laporan", "--json", json_out],
            ["diff", str(old), str(new), "--json", json_out],
        ]
        if args.workbook:
            commands.append(["diff", str(old), str(new), "-o", str(folder / "selisih.xlsx")])
        audit, diff, *book = measure(commands, args.repeat)
        line = (
            f"| {name} | {audit[0]:.2f} | {audit[1]:.2f} | {audit[2]:.0f} | {diff[0]:.2f} | {diff[1]:.2f} | "
            f"{diff[2]:.0f} | {diff[0] / audit[0]:.2f} | {diff[1] / audit[1]:.2f} | {diff[2] / audit[2]:.2f} |"
        )
        if book:
            line += f" {book[0][0]:.2f} | {book[0][2]:.0f} |"
        print(line, flush=True)


if __name__ == "__main__":
    main()
