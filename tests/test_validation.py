"""Validation (pandera, lazy): each failure is a finding at its sheet and cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lakip_xl.audit.schemas import schema_for
from tests.helpers import typed_over


def _budget(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"t3_19": {"rows": rows}}


GOOD: list[dict[str, Any]] = [
    {"level": "Program", "uraian": "P"},
    {"level": "Kegiatan", "uraian": "K"},
    {"level": "Sub Kegiatan", "kode": "1.01", "uraian": "S1", "murni": 100, "realisasi": 50},
    {"level": "Sub Kegiatan", "kode": "1.02", "uraian": "S2", "murni": 100, "realisasi": 50},
]


def _found(tmp_path: Path, data: dict[str, Any], patch: dict[str, Any] | None = None) -> list[tuple[str, str | None]]:
    return [(f.rule, f.where.cell) for f in typed_over(tmp_path, data, patch) if f.rule.startswith("VALIDASI")]


def test_valid_table_passes(tmp_path: Path) -> None:
    assert _found(tmp_path, _budget(GOOD)) == []


@pytest.mark.parametrize(
    ("cell", "value", "rule"),
    [
        ("E7", "tiga juta", "VALIDASI.TIPE"),
        ("E7", 100.5, "VALIDASI.BULAT"),
        ("E7", -5, "VALIDASI.RENTANG"),
        ("A7", "Subkegiatan", "VALIDASI.PILIHAN"),
    ],
)
def test_cell_failures(tmp_path: Path, cell: str, value: Any, rule: str) -> None:
    assert _found(tmp_path, _budget(GOOD), {f"3.19 Realisasi BLPU!{cell}": value}) == [(rule, cell)]


def test_negative_abt_is_allowed(tmp_path: Path) -> None:
    assert _found(tmp_path, _budget(GOOD), {"3.19 Realisasi BLPU!F7": -50}) == []


def test_required_duplicate_and_order(tmp_path: Path) -> None:
    rows = [dict(r) for r in GOOD]
    rows[3]["kode"] = "1.01"
    assert _found(tmp_path, _budget(rows)) == [("VALIDASI.KODE_GANDA", "B8")]
    rows = [GOOD[2], *GOOD[:2], GOOD[3]]  # a Sub Kegiatan before any Kegiatan
    assert ("VALIDASI.URUTAN", "A5") in _found(tmp_path, _budget(rows))
    found = _found(tmp_path, _budget(GOOD), {"3.19 Realisasi BLPU!D8": None})
    assert found == [("VALIDASI.WAJIB", "D8")]


def test_scores_and_nrr_ranges(tmp_path: Path) -> None:
    zones = {
        "t3_10": {
            "rows": [
                {"lokasi": "Jl. A", "area_jalan": "95", "drainase": "71", "rth": "71", "pkl": "71", "spanduk": "71"}
            ]
        }
    }
    assert _found(tmp_path, zones) == [("VALIDASI.RENTANG", "C5")]
    skm = {"skm_unsur": {"rows": [{"kode": "U1", "unsur": "Persyaratan", "nrr": "4.5"}]}}
    assert _found(tmp_path, skm) == [("VALIDASI.RENTANG", "C5")]


def test_every_failure_is_collected_lazily(tmp_path: Path) -> None:
    patch = {"3.19 Realisasi BLPU!E7": "x", "3.19 Realisasi BLPU!E8": -1, "3.19 Realisasi BLPU!A8": "Level?"}
    assert len(_found(tmp_path, _budget(GOOD), patch)) == 3


def test_schemas_are_declared_per_table() -> None:
    schema = schema_for("t3_19")
    assert set(schema.columns) >= {"level", "murni", "abt", "realisasi"}
    assert schema.columns["uraian"].nullable is False


def test_sample_frames_pass_every_schema_check() -> None:
    """The sample holds no invalid cell: not one pandera check may fail, even one no finding reports (a dtype)."""
    import pandas as pd

    from lakip_xl.audit.validate import _column
    from lakip_xl.io.reader import read_workbook

    data = read_workbook(Path(__file__).parents[1] / "samples" / "mustikajaya_2024.xlsx", cached=True, strict=False)
    checked = 0
    for table_id, tdata in data.items():
        if not tdata.rows:
            continue
        schema = schema_for(table_id)
        frame = pd.DataFrame({k: _column(tdata.rows, k) for k in schema.columns}, copy=False)
        schema.validate(frame, lazy=True)  # raises SchemaErrors on any failure
        checked += 1
    assert checked >= 25


# --- Level order: orphans and levels skipped inside a group that uses them ---------------------------------

RA_LEVELS = ("Sub Unit", "Program", "Kegiatan", "Sub Kegiatan")


@pytest.mark.parametrize(
    ("column", "orphan", "mixed"),
    [
        # A sub-unit printing its Kegiatan without Program rows, beside one that prints Programs: accepted.
        (["Sub Unit", "Program", "Kegiatan", "Sub Unit", "Kegiatan", "Sub Kegiatan"], [], []),
        # No Program rows anywhere: the Kegiatan rank right under the Sub Unit.
        (["Sub Unit", "Kegiatan", "Sub Kegiatan"], [], []),
        # A Sub Kegiatan before any outer row: no parent.
        (["Sub Kegiatan", "Program", "Kegiatan"], [0], []),
        # A Sub Kegiatan straight under the Program, whose group also has a Kegiatan: mixed.
        (["Program", "Sub Kegiatan", "Kegiatan", "Sub Kegiatan"], [], [1]),
        # The same Sub Kegiatan after the Kegiatan's rows is read as the Kegiatan's own: in order.
        (["Program", "Kegiatan", "Sub Kegiatan", "Sub Kegiatan"], [], []),
        # Unknown or empty levels are neither (VALIDASI.PILIHAN and the reader speak of them).
        ([None, "Program", "Lain", "Kegiatan"], [], []),
    ],
)
def test_level_order(column: list[Any], orphan: list[int], mixed: list[int]) -> None:
    from lakip_xl.audit.schemas import level_order

    found = level_order(column, RA_LEVELS)
    assert [i for i, bad in enumerate(found[0]) if bad] == orphan
    assert [i for i, bad in enumerate(found[1]) if bad] == mixed


@given(st.lists(st.sampled_from(RA_LEVELS), min_size=1, max_size=14))
def test_rows_in_order_are_summed_alike_by_the_formulas_and_the_recomputation(column: list[str]) -> None:
    """Where no row is refused, each parent's SUMIFS (its group's outermost level) adds the rows the
    recomputation reads as its children (the nearest outer row above each)."""
    from lakip_xl.audit.schemas import level_order
    from lakip_xl.io.cells import groups
    from lakip_xl.model.recompute import Recomputer
    from lakip_xl.model.spec import Value
    from lakip_xl.model.workbook import TableData
    from lakip_xl.tables import BY_ID

    orphan, mixed = level_order(column, RA_LEVELS)
    assume(not any(orphan) and not any(mixed))
    spec = BY_ID["realisasi_anggaran"]
    rows: list[dict[str, Value]] = [{"level": level, "uraian": f"r{i}"} for i, level in enumerate(column)]
    rc = Recomputer({spec.id: TableData(rows=rows)}, BY_ID)
    for i, (stops, child) in enumerate(groups(spec, rows)):
        # as the formula reads the sheet: from the row below to the first row of a closing level (MATCH)
        close = next((j for j in range(i + 1, len(column)) if stops and column[j] in stops), len(column))
        by_formula = [] if stops is None else [j for j in range(i + 1, close) if column[j] == child]
        assert by_formula == list(rc.children(spec.id, i)), (i, column)
