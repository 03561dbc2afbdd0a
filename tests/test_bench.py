"""The benchmark stays runnable, and what it measures is a real, consistent workbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.bench import generate
from lakip_xl.audit.engine import audit
from lakip_xl.model.rowstore import RowStore

ROOT = Path(__file__).resolve().parents[1]


def test_generated_workbook_is_consistent(tmp_path: Path) -> None:
    """The bench's workbook has every table the issue names, all summing up: the audit finds no error."""
    path = tmp_path / "bench.xlsx"
    generate(120, path)
    result = audit(path)
    assert result.exit_code == 0, [f.rule for f in result.findings if f.severity.value == "error"]
    leaves = {t: sum(1 for r in result.data[t].rows if r.get("level") == "Sub Kegiatan") for t in ("t2_2_2", "t3_19")}
    assert leaves["t2_2_2"] == 120 and 0 < leaves["t3_19"] < 120
    assert isinstance(result.data["t2_2_2"].rows, RowStore)  # the audit holds the big tables by column


def _script(name: str, *args: str) -> str:
    """The standard output of one bench script run to completion."""
    command = [sys.executable, str(ROOT / "bench" / name), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, timeout=300).stdout


def test_bench_script_prints_its_table(tmp_path: Path) -> None:
    out = _script("bench.py", "--sizes", "50", "--repeat", "1", "--out", str(tmp_path))
    row = next(line for line in out.splitlines() if line.startswith("| 50 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 9 and all(float(c) > 0 for c in cells[1:])
    assert "Sample cold audit" in out and "ratio" in out


def test_rekap_bench_prints_its_table(tmp_path: Path) -> None:
    out = _script("rekap_bench.py", "--units", "2", "--jobs", "2", "--out", str(tmp_path))
    row = next(line for line in out.splitlines() if line.startswith("| no |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 10 and all(float(c) > 0 for c in cells[1:])


def test_rekap_consolidate_bench_prints_its_table() -> None:
    command = [sys.executable, "-m", "bench.rekap_consolidate", "--sizes", "3", "7", "--units", "2", "--laporan"]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, timeout=300).stdout
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("| ")]
    body = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in body] == ["3", "7"]
    assert int(body[1][1].replace(",", "")) == 7 * 39  # seven sample-like units of 39 findings
    assert all(float(c) >= 0 for r in body for c in r[2:6]) and all(float(r[6]) > 50 for r in body)  # MiB


def test_desk_bench_prints_its_table() -> None:
    command = [sys.executable, "-m", "bench.desk_bench", "--sizes", "3", "40", "--repeat", "1"]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, timeout=300).stdout
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("| ")]
    body = [r for r in rows if r[0][0].isdigit()]
    assert [r[0] for r in body] == ["3", "40", "40 (every name a typo)"]
    assert [r[1] for r in body] == ["4", "42", "42"]  # every twentieth unit also sent an older revision
    assert all(float(c.rstrip(" %").replace(",", "")) >= 0 for r in body for c in r[2:])


def test_report_bench_prints_its_table(tmp_path: Path) -> None:
    out = _script("report_bench.py", "--sizes", "50", "--repeat", "1", "--out", str(tmp_path))
    row = next(line for line in out.splitlines() if line.startswith("| this | 50 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 8 and all(float(c) > 0 for c in cells[2:])
    assert (tmp_path / "laporan_50.xlsx").stat().st_size > 0  # the report was written


def test_cycle_bench_prints_its_table() -> None:
    out = _script("cycle_bench.py", "--repeat", "1")
    rows = [line for line in out.splitlines() if line.startswith(("| mustikajaya_2024", "| grobogan_2021"))]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 8 and all(float(c) > 0 for c in cells[1:])
