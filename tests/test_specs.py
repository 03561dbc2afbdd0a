"""The table specs: every seed table has its sheet, and specs are coherent."""

from __future__ import annotations

import pytest

from lakip_xl.model.spec import Kind
from lakip_xl.tables import ALL, BY_ID

SEED_TABLES = {
    "1": "tabel_1",
    "2": "tabel_2",
    "3": "tabel_3",
    "4": "tabel_4",
    "2.1.1": "t2_1_1",
    "2.1.2": "t2_1_2",
    "2.2.1": "t2_2_1",
    "2.2.2": "t2_2_2",
    "3.1": "t3_1",
    "3.2": "iku_perbandingan",
    "3.5": "iku_perbandingan",
    "3.8": "iku_perbandingan",
    "3.3": "indikator_program",
    "3.7": "indikator_program",
    "3.12": "t3_12",
    "3.9": "t3_9",
    "3.10": "t3_10",
    "3.13": "analisis_penyebab",
    "3.14": "analisis_penyebab",
    "3.15": "efisiensi_indikator",
    "3.17": "efisiensi_indikator",
    "3.16": "t3_16",
    "3.18": "t3_18",
    "3.19": "t3_19",
    "3.20": "t3_20",
}


@pytest.mark.parametrize(("seed", "table_id"), sorted(SEED_TABLES.items()))
def test_every_seed_table_has_a_sheet(seed: str, table_id: str) -> None:
    spec = BY_ID[table_id]
    assert seed in [s.strip() for s in spec.seed.split(",")]
    assert spec.sheet


def test_other_parts_of_the_report_have_sheets() -> None:
    for table_id in (
        "identitas",
        "parameter",
        "skm_survei",
        "skm_responden",
        "skm_unsur",
        "skm_tren",
        "akuntabilitas_keuangan",
        "penutup",
        "skala_capaian",
        "mutu_ikm",
    ):
        assert table_id in BY_ID


def test_sheet_names_are_unique_and_fit_excel() -> None:
    names = [s.sheet for s in ALL]
    assert len(set(names)) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_derived_columns_have_formula_and_compute() -> None:
    for spec in ALL:
        for col in spec.columns:
            if col.derived:
                assert col.formula is not None and col.compute is not None, (spec.id, col.key)
        for fixed in spec.fixed_rows or ():
            assert set(fixed.formulas) == set(fixed.computes), (spec.id, fixed.key)
        if spec.total:
            assert set(spec.total.formulas) == set(spec.total.computes), spec.id


def test_headers_are_unique_per_table() -> None:
    for spec in ALL:
        headers = [c.header.casefold() for c in spec.columns]
        assert len(set(headers)) == len(headers), spec.id


def test_money_columns_are_money_kinds() -> None:
    for table_id, key in [("t2_2_2", "pagu"), ("t3_19", "murni"), ("t3_20", "realisasi")]:
        assert BY_ID[table_id].column(key).kind.is_money
    assert BY_ID["t3_19"].column("abt").kind is Kind.MONEY_SIGNED


def test_parameter_names_are_unique() -> None:
    names = [f.name for s in ALL for f in s.fixed_rows or () if f.name]
    assert len(names) == len(set(names))
