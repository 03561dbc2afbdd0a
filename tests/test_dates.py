"""Dates where a LAKIP table holds text or numbers (issue #13 item 10): flagged, never converted silently.

A kode typed ``1.02`` that Excel turned into a date is a SEL.TANGGAL warning keeping what the cell shows;
a number in a date-formatted number cell is a SEL.TANGGAL error that explains the cell format (what it
shows and the number it holds); export refuses both with one line naming the cell, never a Python repr.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.model.dates import cell_text, serial, shown
from tests.conftest import SAMPLE_XLSX

runner = CliRunner()
T319 = "3.19 Realisasi BLPU"


def _edited(tmp_path: Path, cells: dict[str, tuple[Any, str | None]]) -> Path:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    ws = wb[T319]
    for ref, (value, number_format) in cells.items():
        ws[ref] = value
        if number_format:
            ws[ref].number_format = number_format
    path = tmp_path / "tanggal.xlsx"
    wb.save(path)
    return path


def _findings(path: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    result = runner.invoke(app, ["audit", str(path), "--tanpa-laporan", "--json", "-"])
    found = json.loads(result.stdout)["findings"]
    return result.exit_code, {f["cell"]: f for f in found if f["sheet"] == T319 and f["cell"][1:] in ("9", "10", "11")}


def test_a_kode_turned_into_a_date_is_flagged_and_kept_as_shown(tmp_path: Path) -> None:
    code, at = _findings(_edited(tmp_path, {"B9": (dt.datetime(2024, 2, 1), "dd/mm/yyyy")}))
    assert code == 1  # the sample's own errors; this one is a warning
    f = at["B9"]
    assert (f["rule"], f["severity"], f["recorded"]) == ("SEL.TANGGAL", "warning", "01-02-2024")
    assert "kolom teks 'Kode'" in f["message"] and "1.02" in f["message"] and "00:00" not in f["message"]


@pytest.mark.parametrize(
    ("value", "number_format", "shows", "holds"),
    [
        (45, "dd/mm/yyyy", "14-02-1900", "angka 45)"),
        (dt.date(2024, 1, 1), "dd/mm/yyyy", "01-01-2024", "angka 45.292)"),
        (dt.datetime(2024, 1, 1, 8, 30), "dd/mm/yyyy hh:mm", "01-01-2024 08:30", "angka 45.292,3542)"),
        (dt.time(8, 30), "hh:mm", "08:30", "angka 0,3542)"),
    ],
)
def test_a_number_in_a_date_format_is_explained_as_the_cell_format(
    tmp_path: Path, value: Any, number_format: str, shows: str, holds: str
) -> None:
    code, at = _findings(_edited(tmp_path, {"E10": (value, number_format)}))
    assert code == 1
    f = at["E10"]
    assert (f["rule"], f["severity"], f["recorded"]) == ("SEL.TANGGAL", "error", shows)
    assert f"tampil sebagai {shows} ({holds}" in f["message"] and "ubah format sel menjadi Angka" in f["message"]
    assert "Anggaran Murni (Rp)" in f["message"]


@pytest.mark.parametrize(
    ("value", "number_format", "holds"),
    [
        (29_588_120_400, "dd/mm/yyyy", "angka 29.588.120.400"),  # the sample's pagu, in a custom date format
        (2_958_466, "mm-dd-yy", "angka 2.958.466"),  # 01-01-10000, in Excel's built-in short date (format 14)
        (3_000_000.5, "d-mmm-yy h:mm", "angka 3.000.000,5"),
    ],
)
def test_a_number_past_the_last_date_is_named_as_excels_hashes(
    tmp_path: Path, value: float, number_format: str, holds: str
) -> None:
    """Excel shows ######## for a date past 31-12-9999: the same SEL.TANGGAL as any number in a date format."""
    path = _edited(tmp_path, {"E10": (value, number_format)})
    code, at = _findings(path)
    assert code == 1
    f = at["E10"]
    assert (f["rule"], f["severity"], f["recorded"]) == ("SEL.TANGGAL", "error", "########")
    why = "terlalu besar untuk tanggal: tanggal terakhir 31-12-9999"
    assert f"tampil sebagai ######## ({holds}, {why})" in f["message"]
    assert "ubah format sel menjadi Angka" in f["message"]
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "d.json")])
    assert result.exit_code == 2 and "tampil sebagai ########" in result.output and "sel E10" in result.output


def test_the_date_cell_is_not_used_as_a_number(tmp_path: Path) -> None:
    """E10 (45 in a date format) is left out like any unreadable input: no second finding about its value."""
    _, at = _findings(_edited(tmp_path, {"E10": (45, "dd/mm/yyyy")}))
    assert [f["rule"] for f in at.values() if f["cell"] == "E10"] == ["SEL.TANGGAL"]


@pytest.mark.parametrize(
    ("cell", "value", "needle"),
    [
        ("B9", dt.datetime(2024, 2, 1), "berisi tanggal/waktu 01-02-2024, bukan teks"),
        ("E10", 45, "tampil sebagai 14-02-1900 (angka 45)"),
        ("E10", True, "Isi TRUE tidak sesuai kolom"),
    ],
)
def test_export_refuses_with_one_line_never_a_repr(tmp_path: Path, cell: str, value: Any, needle: str) -> None:
    path = _edited(tmp_path, {cell: (value, "dd/mm/yyyy" if value == 45 else None)})
    result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / "d.json")])
    message = result.output.strip()
    assert result.exit_code == 2 and "\n" not in message and needle in message, message
    assert f"lembar '{T319}', sel {cell}" in message
    for repr_mark in ("datetime.", "Decimal(", "True", "None"):
        assert repr_mark not in message
    assert not (tmp_path / "d.json").exists()


def test_serial_and_shown_follow_excels_1900_system() -> None:
    assert (shown(dt.date(1900, 2, 14)), serial(dt.date(1900, 2, 14))) == ("14-02-1900", Decimal(45))
    assert serial(dt.date(1900, 3, 1)) == 61 and serial(dt.date(2024, 1, 1)) == 45292
    assert shown(dt.timedelta(hours=30, minutes=5)) == "30:05" and serial(dt.timedelta(hours=12)) == Decimal("0.5")
    assert [cell_text(v) for v in ("x", False, 12.5, dt.date(2024, 2, 1))] == ["'x'", "FALSE", "12,5", "01-02-2024"]
