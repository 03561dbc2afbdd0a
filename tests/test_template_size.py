"""``lakip-xl template --program/--kegiatan/--subkegiatan``: budget sheets start with the unit's real size."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.model.layout import FIRST_DATA_ROW
from lakip_xl.tables import BY_ID
from lakip_xl.tables.anggaran import BudgetSize

runner = CliRunner()


def _levels(path: Path, table_id: str) -> Counter[str]:
    ws = openpyxl.load_workbook(path)[BY_ID[table_id].sheet]
    return Counter(str(ws.cell(r, 1).value) for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value)


@pytest.mark.parametrize(("programs", "kegiatan", "subs"), [(1, 1, 1), (5, 15, 40), (3, 4, 11), (2, 7, 7)])
def test_every_count_is_laid_out_and_spread_evenly(programs: int, kegiatan: int, subs: int) -> None:
    groups = BudgetSize(programs, kegiatan, subs).programs()
    assert len(groups) == programs
    assert sum(len(g) for g in groups) == kegiatan
    assert sum(sum(g) for g in groups) == subs
    assert max(len(g) for g in groups) - min(len(g) for g in groups) <= 1
    flat = [n for g in groups for n in g]
    assert max(flat) - min(flat) <= 1 and min(flat) >= 1


def test_kecamatan_template_sized(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    args = ["template", "-o", str(out), "--program", "5", "--kegiatan", "15", "--subkegiatan", "40"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert _levels(out, "t2_2_2") == {"Unit": 1, "Program": 5, "Kegiatan": 15, "Sub Kegiatan": 40}
    blpu, blu = _levels(out, "t3_19"), _levels(out, "t3_20")
    assert blpu["Program"] == 1 and blu["Program"] == 4  # the Penunjang program in 3.19, the others in 3.20
    assert blpu["Kegiatan"] + blu["Kegiatan"] == 15 and blpu["Sub Kegiatan"] + blu["Sub Kegiatan"] == 40


def test_opd_template_sized(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    args = ["template", "-o", str(out), "--profile", "opd", "--program", "2", "--kegiatan", "3", "--subkegiatan", "7"]
    assert runner.invoke(app, args).exit_code == 0
    assert _levels(out, "realisasi_anggaran") == {"Program": 2, "Kegiatan": 3, "Sub Kegiatan": 7}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--program", "3", "--kegiatan", "2"], "2 kegiatan tidak cukup untuk 3 program"),
        (["--kegiatan", "4", "--subkegiatan", "3"], "3 subkegiatan tidak cukup untuk 4 kegiatan"),
        (["--program", "0"], "sedikitnya 1"),
        (["--subkegiatan", "5001", "--kegiatan", "5000"], "paling banyak 5.000 subkegiatan"),
    ],
)
def test_impossible_counts_are_refused_in_words(tmp_path: Path, args: list[str], words: str) -> None:
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out), *args])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()
