"""Budget hierarchies as units really print them (issue: verdict integrity, item 3).

A Program or Kegiatan printed with no rows under it is a leaf whose typed values
are inputs; a Kegiatan with no Program row above it belongs to the Unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers import build, codes, rules, run
from tests.libreoffice import convert


def _sub(name: str, murni: int, realisasi: int) -> dict[str, Any]:
    return {"level": "Sub Kegiatan", "uraian": name, "murni": murni, "abt": 0, "realisasi": realisasi}


def _t319(program_a: dict[str, Any]) -> dict[str, Any]:
    """3.19 with a Program printed at program level only, then a full Program > Kegiatan > Sub Kegiatan."""
    return {
        "t3_19": {
            "rows": [
                {"level": "Program", "uraian": "Program Tanpa Rincian", **program_a},
                {"level": "Program", "uraian": "Program Rinci"},
                {"level": "Kegiatan", "uraian": "Kegiatan B"},
                _sub("Sub B1", 1_000, 900),
                _sub("Sub B2", 2_000, 1_500),
            ]
        }
    }


def test_program_without_rows_is_a_leaf_with_inputs(tmp_path: Path) -> None:
    printed = {"murni": 207_482_230_625, "abt": 0, "realisasi": 200_000_000_000}
    result = run(tmp_path, _t319(printed))
    assert not any(f.rule.endswith(".INDUK") for f in result.findings), rules(result)
    assert result.exit_code == 0, rules(result)


def test_program_with_rows_still_sums_them(tmp_path: Path) -> None:
    tables = _t319({"murni": 5, "abt": 0, "realisasi": 5})
    tables["t3_19"]["rows"][1]["murni"] = 3_100  # 1,000 + 2,000 = 3,000
    found = rules(run(tmp_path, tables))
    assert ("T3_19.MURNI.INDUK", "error", "E6") in found


def test_program_without_rows_keeps_its_typed_value_in_the_workbook(tmp_path: Path) -> None:
    path = build(tmp_path, _t319({"murni": 700, "abt": 0, "realisasi": 600}))
    ws = openpyxl.load_workbook(path)["3.19 Realisasi BLPU"]
    values = [ws.cell(5, c).value for c in range(1, ws.max_column + 1)]
    assert 700 in values and 600 in values  # typed, not a SUMIFS over nothing
    assert not any(isinstance(v, str) and "SUMIFS" in v for v in values)


def _t222(unit_pagu: int) -> dict[str, Any]:
    return {
        "t2_2_2": {
            "rows": [
                {"level": "Unit", "uraian": "Kecamatan Uji", "pagu": unit_pagu},
                {"level": "Kegiatan", "uraian": "Kegiatan Tanpa Program"},
                {"level": "Sub Kegiatan", "uraian": "Sub Satu", "pagu": 300, "tw1": 100, "tw2": 200},
                {"level": "Sub Kegiatan", "uraian": "Sub Dua", "pagu": 50, "tw1": 50},
            ]
        }
    }


def test_kegiatan_without_program_belongs_to_the_unit(tmp_path: Path) -> None:
    assert codes(run(tmp_path, _t222(350))) == set()
    found = rules(run(tmp_path, _t222(400)))
    assert ("T2_2_2.PAGU.INDUK", "error", "E5") in found


def test_unit_formula_sums_kegiatan_when_no_program(tmp_path: Path) -> None:
    tables = _t222(350)
    del tables["t2_2_2"]["rows"][0]["pagu"]  # left to its formula
    path = build(tmp_path, tables)
    ws = openpyxl.load_workbook(path)["2.2.2 Anggaran Triwulan"]
    formulas = [ws.cell(5, c).value for c in range(1, ws.max_column + 1)]
    assert any(isinstance(v, str) and '"Kegiatan"' in v for v in formulas), formulas


def _kegiatan_only(claimed_realisasi: int) -> dict[str, Any]:
    """3.19 printed at kegiatan level (no Program row), with 3.3 and the Penutup claims over it."""
    return {
        "t3_19": {
            "rows": [
                {"level": "Kegiatan", "uraian": "Administrasi Umum"},
                {"level": "Sub Kegiatan", "uraian": "Penyediaan Gaji dan Tunjangan ASN", "murni": 600, "abt": 0,
                 "realisasi": 550},
                {"level": "Sub Kegiatan", "uraian": "Penyediaan Jasa Kantor", "murni": 400, "abt": 0,
                 "realisasi": 350},
            ]
        },
        "akuntabilitas_keuangan": {"rows": [{"kode": "btl", "anggaran": 600, "realisasi": 550},
                                            {"kode": "bl_penunjang", "anggaran": 400, "realisasi": 350}]},
        "penutup": {"rows": [{"kode": "realisasi_anggaran", "klaim": claimed_realisasi}]},
    }  # fmt: skip


def test_program_figures_use_the_top_level_printed(tmp_path: Path) -> None:
    result = run(tmp_path, _kegiatan_only(900))
    assert not {"LINTAS.KEUANGAN", "PENUTUP.KLAIM"} & codes(result), rules(result)
    assert "PENUTUP.KLAIM" in codes(run(tmp_path, _kegiatan_only(950)))


@pytest.mark.libreoffice
def test_top_level_formula_agrees_with_the_recomputation(tmp_path: Path, lo_profile: Path) -> None:
    src = build(tmp_path, _kegiatan_only(900))
    out = convert(src, tmp_path / "lo", "xlsx", lo_profile)
    ws = openpyxl.load_workbook(out, data_only=True)["Penutup"]
    shown = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, ws.max_row + 1)}
    assert shown["realisasi_anggaran"] == 900  # SUMIFS over the Kegiatan rows, as Python sums them
    assert shown["program"] in ("", None)  # no Program row: not 0 programs, not printed at that level
