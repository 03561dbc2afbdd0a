"""Benchmark: what one unit and year once (dedup) and the ``--daftar`` matching add to a rekap of N units.

Audits a few sample-sized workbooks once (``audit_unit``, what the pool runs per unit, its CPU time the
per-unit cost), replicates their summaries to N units with distinct names (synthetic: every twentieth unit
also sent an older revision of the same unit and year, every fiftieth a name with a typo), writes a
``--daftar`` list of the N names plus a few that sent nothing, and times, in this process (median of
``--repeat``), the desk's own steps: the latest file of each unit and year (:func:`lakip_xl.desk.latest.latest`),
the year's units (:func:`lakip_xl.desk.latest.of_year`), reading the list and matching it
(:mod:`lakip_xl.desk.daftar`), the worst-first order and the year blocks. They are set against the rest of
the rekap of N units: N audits (the per-unit CPU cost; the pool divides the wall time, not the work) plus
writing the rekap workbook and JSON from the N summaries (measured here too).

Usage: python -m bench.desk_bench [--sizes 60 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import statistics
import tempfile
import time
from pathlib import Path

from bench.rekap_bench import generate
from lakip_xl.desk.daftar import check, read_list
from lakip_xl.desk.latest import latest, of_year
from lakip_xl.report.rekap_doc import write_rekap_json
from lakip_xl.report.rekap_sheets import write_rekap_workbook
from lakip_xl.report.unit import RekapResult, Task, UnitSummary, audit_unit


def _cpu(work: object) -> float:
    start = time.process_time()
    work()  # type: ignore[operator]
    return time.process_time() - start


def synthetic(
    seeds: list[UnitSummary], n: int, every: int = 50
) -> tuple[list[UnitSummary], dict[str, tuple[str | None, float]]]:
    """N units of 2025 (and the older revisions of some), each file with its saved date; a typo every ``every``."""
    units: list[UnitSummary] = []
    dates: dict[str, tuple[str | None, float]] = {}
    for i in range(n):
        name = f"Kecamatan Uji {i:04}" if i % every else f"Kecamatan Uij {i:04}"  # a typo now and then
        unit = dataclasses.replace(seeds[i % len(seeds)], name=f"unit_{i:04}.xlsx", unit=name, year="2025")
        units.append(unit)
        dates[unit.name] = ("2025-03-02T10:00:00Z", float(i))
        if i % 20 == 0:  # an older revision of the same unit and year
            old = dataclasses.replace(unit, name=f"unit_{i:04}_lama.xlsx")
            units.append(old)
            dates[old.name] = ("2025-02-01T10:00:00Z", float(i))
    return units, dates


def desk_steps(units: list[UnitSummary], dates: dict[str, tuple[str | None, float]], daftar: Path) -> RekapResult:
    """What desk/rekap.py does with the audited units before writing (``_result``)."""
    paths = {u.name: Path(u.name) for u in units}
    kept, superseded = latest(sorted(units, key=lambda u: u.name), dates, paths)
    kept, other = of_year(kept, "2025")
    result = RekapResult(kept, [], [*superseded], other, year="2025")
    kept, absent = check(kept, read_list(daftar), result.main_year)
    result.units, result.absent = sorted(kept, key=UnitSummary.worst_first), absent
    result.blocks()
    return result


def main() -> None:
    """Print a Markdown table: units, desk steps ms, audits CPU s, consolidation s, the desk's share."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lakip-desk-bench-") as folder:
        work = Path(folder)
        generate(3, work / "masuk")
        files = sorted((work / "masuk").glob("*.xlsx"))
        audit_unit(Task(files[0], files[0].name))  # imports and caches, as the pool's warm-up does
        costs = []
        for p in files * 2:
            costs.append(_cpu(lambda p=p: audit_unit(Task(p, p.name))))
        per_unit = statistics.median(costs)
        seeds = [audit_unit(Task(p, p.name)) for p in files]
        print(f"one unit's audit: {per_unit:.3f} CPU s (median of {len(costs)})\n")
        print("| units | files | desk steps ms | N audits CPU s | workbook + JSON s | desk share |")
        print("|---|---|---|---|---|---|")
        for n, every in [(n, 50) for n in args.sizes] + [(max(args.sizes), 1)]:  # last: every name off the list
            units, dates = synthetic(seeds, n, every)
            daftar = work / f"daftar_{n}.txt"
            names = [f"Kecamatan Uji {i:04}" for i in range(n)] + [f"Kecamatan Belum {i}" for i in range(5)]
            daftar.write_text("\n".join(names) + "\n", encoding="utf-8")
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = desk_steps(units, dates, daftar)
                times.append(time.perf_counter() - start)
            desk = statistics.median(times)
            assert len(result.units) == n and len(result.superseded) == len(units) - n
            start = time.perf_counter()
            write_rekap_workbook(result, work / f"r{n}.xlsx")
            write_rekap_json(result, io.StringIO())
            consolidation = time.perf_counter() - start
            rest = n * per_unit + consolidation
            label = f"{n:,}" if every > 1 else f"{n:,} (every name a typo)"
            print(f"| {label} | {len(units):,} | {desk * 1000:.1f} | {n * per_unit:.1f} | {consolidation:.1f} |"
                  f" {100 * desk / rest:.2f} % |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
