"""``rekap --tahun-lalu DIR`` (issue #20 item 2): each unit against its own workbook of the year before.

Units are matched by Identitas (the unit's name, case and spaces aside, and the year before), never by
file name; each unit row gets last year's verdict and serapan, and the unit's TAHUN findings.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.cycle import roll_forward
from lakip_xl.desk.rekap import rekap
from lakip_xl.io.reader import read_workbook
from lakip_xl.report.rekap_lastyear import SHEET
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.cycle_staff import row_of, save, this_years_figures
from tests.schemas import errors, key_paths, renamed

GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"


def _serapan_2024() -> Any:
    """The 2024 sample's % serapan as its own report's Ringkasan prints it."""
    from lakip_xl.audit.engine import audit
    from lakip_xl.report.lastyear import headline_of

    return headline_of(audit(SAMPLE_XLSX)).serapan


def _next_year(source: Path, folder: Path, name: str, edit: Any = None) -> Path:
    rolled = folder / f"rolled_{name}"
    roll_forward(source, rolled)
    doc = this_years_figures(rolled, read_workbook(source))
    rolled.unlink()
    return save(copy.deepcopy(doc), folder / name, edit)


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """masuk/: Mustikajaya 2025 (one value about 2024 wrong, its name typed in capitals), Grobogan 2022 and a
    unit with no workbook last year; lalu/: last year's, under other file names, and an unreadable file."""
    root = tmp_path_factory.mktemp("rekap_tahun")
    this, last = root / "masuk", root / "lalu"
    this.mkdir()
    last.mkdir()

    def mustikajaya(doc: dict[str, Any]) -> None:
        row_of(doc, "iku_perbandingan", "tabel", "3.2").update(realisasi_lalu="74.58")
        row_of(doc, "identitas", "kode", "unit").update(nilai="KECAMATAN  MUSTIKAJAYA")

    def other_unit(doc: dict[str, Any]) -> None:
        row_of(doc, "identitas", "kode", "unit").update(nilai="Kecamatan Bantargebang")

    _next_year(SAMPLE_XLSX, this, "kec_a.xlsx", mustikajaya)
    _next_year(GROBOGAN, this, "dinas_b.xlsx")
    _next_year(SAMPLE_XLSX, this, "kec_c.xlsx", other_unit)
    (last / "laporan_2024_mustikajaya.xlsx").write_bytes(SAMPLE_XLSX.read_bytes())
    (last / "pupr.xlsx").write_bytes(GROBOGAN.read_bytes())
    (last / "rusak.xlsx").write_text("bukan workbook")
    return this, last


@pytest.fixture(scope="module")
def run(years: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    this, last = years
    out = tmp_path_factory.mktemp("rekap_out")
    result = rekap([this], out / "rekap.xlsx", json_out=out / "rekap.json", jobs=1, last_year=last)
    return result, out


def test_units_are_matched_by_identitas_and_get_last_years_verdict_and_serapan(run: tuple[Any, Path]) -> None:
    result, _ = run
    by_name = {u.name: u for u in result.units}
    kec, dinas, other = by_name["kec_a.xlsx"], by_name["dinas_b.xlsx"], by_name["kec_c.xlsx"]
    assert kec.last_year is not None and kec.last_year.name == "laporan_2024_mustikajaya.xlsx"
    assert (kec.last_year.verdict, kec.last_year.serapan) == ("ada galat", _serapan_2024())
    assert dinas.last_year is not None and dinas.last_year.name == "pupr.xlsx"
    assert other.last_year is None  # Bantargebang had no workbook last year
    tahun = [f for f in kec.findings if f["rule"].startswith("TAHUN.")]
    assert [(f["rule"], f["cell"], f["recorded"], f["expected"]) for f in tahun] == [
        ("TAHUN.IKU", "G5", "74.58", "74.85")
    ]
    assert not any(f["rule"].startswith("TAHUN.") for f in dinas.findings)


def test_the_json_holds_last_year_and_validates(run: tuple[Any, Path]) -> None:
    _, out = run
    doc = json.loads((out / "rekap.json").read_text(encoding="utf-8"))
    assert errors("rekap", doc) == []
    kec = next(u for u in doc["units"] if u["file"] == "kec_a.xlsx")
    assert kec["last_year"] == {"file": "laporan_2024_mustikajaya.xlsx", "verdict": "ada galat",
                                "serapan": str(_serapan_2024()), "reason": None}  # fmt: skip
    for path in key_paths(doc):
        if "last_year" in path[:-1]:
            assert errors("rekap", renamed(doc, path)), f"renaming {path} still validates"


def test_the_rekap_workbook_has_a_sheet_of_both_years(run: tuple[Any, Path]) -> None:
    _, out = run
    rows = [r for r in openpyxl.load_workbook(out / "rekap.xlsx")[SHEET].iter_rows(min_row=5, values_only=True)]
    kec = next(r for r in rows if r[2] == "kec_a.xlsx")
    before, now = float(_serapan_2024()), float(kec[4])
    assert kec[5:10] == (
        "laporan_2024_mustikajaya.xlsx",
        "ada galat",
        pytest.approx(before),
        pytest.approx(now - before),
        1,
    )
    other = next(r for r in rows if r[2] == "kec_c.xlsx")
    assert other[5] is None and "tidak ada laporan tahun lalu" in str(other[10])


def test_without_tahun_lalu_nothing_changes(years: tuple[Path, Path], tmp_path: Path) -> None:
    this, _ = years
    result = rekap([this], tmp_path / "r.xlsx", jobs=1)
    assert all(u.last_year is None for u in result.units)
    assert not any(f["rule"].startswith("TAHUN.") for u in result.units for f in u.findings)
    assert SHEET not in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def test_cli_and_last_years_files_are_never_outputs(years: tuple[Path, Path], tmp_path: Path) -> None:
    this, last = years
    runner = CliRunner()
    result = runner.invoke(app, ["rekap", str(this), "-o", str(tmp_path / "r.xlsx"), "--json", "-", "--jobs", "1",
                                 "--tahun-lalu", str(last)])  # fmt: skip
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert sum(1 for u in doc["units"] if u["last_year"]) == 2
    target = last / "pupr.xlsx"
    before = target.read_bytes()
    refused = runner.invoke(app, ["rekap", str(this), "-o", str(target), "--tahun-lalu", str(last)])
    assert refused.exit_code == 3 and target.read_bytes() == before


def test_last_years_latest_revision_counts_and_an_untouched_template_is_belum_diisi(
    years: tuple[Path, Path], tmp_path: Path
) -> None:
    """Of two of last year's files of one unit and year the latest is taken (as the rekap takes this year's), not
    the first by name; last year's template never filled is "belum diisi" with its reason, not "tidak terbaca"."""
    from lakip_xl.io.writer import write_workbook
    from tests.helpers import distinct_copy

    this, _ = years
    last = tmp_path / "lalu"
    last.mkdir()
    old = distinct_copy(SAMPLE_XLSX, last / "a_kiriman_pertama.xlsx", 1)
    new = distinct_copy(SAMPLE_XLSX, last / "z_revisi.xlsx", 2)
    os.utime(old, (1_600_000_000, 1_600_000_000))
    os.utime(new, (1_700_000_000, 1_700_000_000))
    write_workbook(last / "bantargebang_2024.xlsx", unit="Kecamatan Bantargebang", year=2024)
    out = tmp_path / "out"
    out.mkdir()
    result = rekap([this / "kec_a.xlsx", this / "kec_c.xlsx"], out / "r.xlsx", json_out=out / "r.json", jobs=1,
                   last_year=last)  # fmt: skip
    by_name = {u.name: u for u in result.units}
    kec, other = by_name["kec_a.xlsx"], by_name["kec_c.xlsx"]
    assert kec.last_year is not None and kec.last_year.name == "z_revisi.xlsx"
    assert other.last_year is not None and other.last_year.verdict == "belum diisi"
    assert other.last_year.reason and "isi tabelnya" in other.last_year.reason
    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert errors("rekap", doc) == []
    rows = list(openpyxl.load_workbook(out / "r.xlsx")[SHEET].iter_rows(min_row=5, values_only=True))
    row = next(r for r in rows if r[2] == "kec_c.xlsx")
    assert row[5:7] == ("bantargebang_2024.xlsx", "belum diisi") and "isi tabelnya" in str(row[10])


def test_the_sheet_prints_like_the_rekaps_other_sheets(run: tuple[Any, Path]) -> None:
    """A4 landscape fitted to the width, its header repeated, rows in Ringkasan Rekap's order (worst first)."""
    result, out = run
    ws = openpyxl.load_workbook(out / "rekap.xlsx")[SHEET]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1: the default
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it needs
    assert ws.print_title_rows == "$4:$4"  # the header row, on every page
    files = [r[2] for r in ws.iter_rows(min_row=5, values_only=True) if r[2]]
    assert files == [u.name for u in result.units]  # worst first, as Ringkasan Rekap
