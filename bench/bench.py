"""Benchmark: the audit against bare reading passes over the same workbook.

For 50, 5,000 and 50,000 subkegiatan (in 2.2.2 and split over 3.19/3.20) it
generates a workbook, then runs, each in a fresh process, measured in the same
run: the audit (``lakip-xl audit --json``), a bare ``openpyxl`` read-only pass
reading every value, and a bare ``python-calamine`` pass reading every value.
It prints wall time (median of --repeat runs) and peak memory (max RSS).
Also the sample's cold audit against a process that only imports the same
libraries and loads the sample.

Usage: python bench/bench.py [--sizes 50 5000 50000] [--repeat 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lakip_xl.model.workbook import WorkbookData

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "mustikajaya_2024.xlsx"

PASSES = {
    "audit": (
        "import os; from lakip_xl.audit.engine import audit; from lakip_xl.report.render import write_json\n"
        "with open(os.devnull, 'w', encoding='utf-8') as fh:\n    write_json(audit(Path(F)), fh)"
    ),
    "openpyxl": (
        "import openpyxl; wb = openpyxl.load_workbook(F, read_only=True)\n"
        "for ws in wb.worksheets:\n    for row in ws.iter_rows(values_only=True):\n        pass"
    ),
    "calamine": (
        "import python_calamine as pc; wb = pc.CalamineWorkbook.from_path(F)\n"
        "for name in wb.sheet_names:\n    wb.get_sheet_by_name(name).to_python(skip_empty_area=False)"
    ),
    "imports+load": (
        "import pandas, pandera.pandas, openpyxl, xlsxwriter, typer, rich, python_calamine, defusedxml\n"
        "openpyxl.load_workbook(F, read_only=True)"
    ),
}
WRAP = (
    "import resource, sys\nfrom pathlib import Path\nF = sys.argv[1]\n{body}\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def generate(n: int, path: Path, unit: str | None = None, year: int | None = None) -> None:
    """A consistent workbook with ``n`` subkegiatan in 2.2.2 and in 3.19 + 3.20 (Identitas: ``unit``, ``year``)."""
    from lakip_xl.io.writer import write_workbook

    write_workbook(path, budget_data(n, unit, year))


def budget_data(n: int, unit: str | None = None, year: int | None = None) -> WorkbookData:
    """The tables of :func:`generate`'s workbook: ``n`` subkegiatan in 2.2.2 and split over 3.19 + 3.20."""
    from lakip_xl.model.spec import Value
    from lakip_xl.model.workbook import TableData

    per_kegiatan, per_program = 10, 5
    plan: list[dict[str, Value]] = [{"level": "Unit", "uraian": "Kecamatan Uji"}]
    real: dict[str, list[dict[str, Value]]] = {"t3_19": [], "t3_20": []}
    for s in range(n):
        p, k = s // (per_kegiatan * per_program), s // per_kegiatan
        table = "t3_19" if p % 2 == 0 else "t3_20"
        if s % (per_kegiatan * per_program) == 0:
            plan.append({"level": "Program", "uraian": f"Program {p}"})
            real[table].append({"level": "Program", "uraian": f"Program {p}"})
        if s % per_kegiatan == 0:
            plan.append({"level": "Kegiatan", "uraian": f"Kegiatan {k}"})
            real[table].append({"level": "Kegiatan", "uraian": f"Kegiatan {k}"})
        tw = [1_000_000 * ((s + i) % 7 + 1) for i in range(4)]
        name = f"Subkegiatan nomor {s} pelayanan umum"
        plan.append({"level": "Sub Kegiatan", "no": str(s + 1), "uraian": name, "pagu": sum(tw),
                     "tw1": tw[0], "tw2": tw[1], "tw3": tw[2], "tw4": tw[3], "sumber_dana": "APBD"})  # fmt: skip
        real[table].append({"level": "Sub Kegiatan", "uraian": name, "murni": sum(tw), "abt": 0,
                            "realisasi": sum(tw) * 9 // 10})  # fmt: skip
    required: list[dict[str, Value]] = [{"kode": "tabel_wajib", "nilai": "2.2.2, 3.19, 3.20"}]  # the tables it fills
    data = {"t2_2_2": TableData(rows=plan), "t3_19": TableData(rows=real["t3_19"]),
            "t3_20": TableData(rows=real["t3_20"]), "parameter": TableData(rows=required)}  # fmt: skip
    named: list[dict[str, Value]] = [{"kode": k, "nilai": v} for k, v in (("unit", unit), ("tahun", year)) if v]
    if named:
        data["identitas"] = TableData(rows=named)
    return data


def measure(kind: str, path: Path, repeat: int) -> tuple[float, float]:
    """Median wall seconds and max peak MiB of ``repeat`` fresh processes."""
    code = WRAP.format(body=PASSES[kind])
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        peaks.append(int(out.stdout.strip().splitlines()[-1]) / 1024)
    return statistics.median(times), max(peaks)


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 5_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the generated workbooks here")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="lakip-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("| subkegiatan | audit s | audit MiB | openpyxl s | openpyxl MiB | calamine s | calamine MiB |"
          " audit/openpyxl time | audit/openpyxl memory |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        path = folder / f"bench_{n}.xlsx"
        if not path.exists():  # in a child process, so this process's peak memory stays small
            code = (
                f"import sys; sys.path.insert(0, {str(ROOT)!r}); from bench.bench import generate; "
                f"from pathlib import Path; generate({n}, Path({str(path)!r}))"
            )
            subprocess.run([sys.executable, "-c", code], check=True)
        a, o, c = (measure(kind, path, args.repeat) for kind in ("audit", "openpyxl", "calamine"))
        print(f"| {n:,} | {a[0]:.2f} | {a[1]:.0f} | {o[0]:.2f} | {o[1]:.0f} | {c[0]:.2f} | {c[1]:.0f} |"
              f" {a[0] / o[0]:.2f} | {a[1] / o[1]:.2f} |", flush=True)  # fmt: skip
    audit_s, _ = measure("audit", SAMPLE, args.repeat)
    base_s, _ = measure("imports+load", SAMPLE, args.repeat)
    print(f"\nSample cold audit {audit_s:.2f} s; imports + load only {base_s:.2f} s; ratio {audit_s / base_s:.2f}")


if __name__ == "__main__":
    main()
