"""Benchmark: the rekap's consolidation step alone, for province- and country-sized sets of units.

Audits a few sample-sized workbooks once (``lakip_xl.report.unit.audit_unit``,
the per-unit function a pool or a cluster would run), replicates their
summaries to N units (distinct names), then times, in this process, writing
the rekap workbook (``write_rekap_workbook``) and its JSON
(``write_rekap_json``) from those N summaries: the reduce step that runs once,
on one machine, after every unit has been audited anywhere. Peak memory is
this process's ``VmHWM`` after each size (sizes run from small to large).

With ``--laporan`` every unit gets a report path, so the rekap carries the
links to the reports (one per unit in Ringkasan Rekap, one per finding in
Temuan), as ``lakip-xl rekap --laporan DIR`` writes them.

Usage: python -m bench.rekap_consolidate [--sizes 60 600 6000] [--units 3] [--laporan]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
import warnings
from pathlib import Path

from bench.rekap_bench import generate
from lakip_xl.report.rekap_doc import write_rekap_json
from lakip_xl.report.rekap_sheets import write_rekap_workbook
from lakip_xl.report.unit import RekapResult, Task, UnitSummary, audit_unit


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Print a Markdown table: units, findings, seconds for the workbook and the JSON, sizes, peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 600, 6000])
    parser.add_argument("--units", type=int, default=3, help="distinct workbooks audited before replicating")
    parser.add_argument("--laporan", action="store_true", help="link every unit to a report workbook")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lakip-rekap-consolidate-") as folder:
        work = Path(folder)
        generate(args.units, work / "masuk")
        seeds = [audit_unit(Task(p, p.name)) for p in sorted((work / "masuk").glob("*.xlsx"))]
        print(f"{len(seeds)} audited units replicated; peak before consolidating {_peak_mib():.0f} MiB\n")
        print("| units | findings | workbook s | workbook MiB (file) | JSON s | JSON MiB (file) | peak MiB |")
        print("|---|---|---|---|---|---|---|")
        for size in args.sizes:
            units: list[UnitSummary] = [
                dataclasses.replace(
                    seeds[i % len(seeds)],
                    name=f"unit_{i:05}.xlsx",
                    report=work / "laporan" / f"unit_{i:05}_laporan.xlsx" if args.laporan else None,
                )
                for i in range(size)
            ]
            result = RekapResult(units)
            xlsx, js = work / f"r{size}.xlsx", work / f"r{size}.json"
            start = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                write_rekap_workbook(result, xlsx, links_from=work if args.laporan else None)
            mid = time.perf_counter()
            with js.open("w", encoding="utf-8") as fh:
                write_rekap_json(result, fh)
            end = time.perf_counter()
            findings = sum(len(u.findings) for u in units)
            note = f" ({len(caught)} xlsxwriter warnings)" if caught else ""
            print(f"| {size:,} | {findings:,} | {mid - start:.1f}{note} | {xlsx.stat().st_size / 2**20:.1f} |"
                  f" {end - mid:.1f} | {js.stat().st_size / 2**20:.1f} | {_peak_mib():.0f} |", flush=True)  # fmt: skip
            xlsx.unlink()
            js.unlink()


if __name__ == "__main__":
    main()
