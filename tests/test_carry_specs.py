"""What a table carries to next year is declared in its spec, consistently, and nowhere else (issue #20)."""

from __future__ import annotations

import ast

import pytest

from lakip_xl.audit.rules import BY_CODE
from lakip_xl.cycle.carry import carry_tables
from lakip_xl.model.spec import Carry, Column, Kind, TableSpec
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import ALL
from tests.conftest import ROOT


def test_every_declaration_names_columns_of_its_table() -> None:
    for spec in ALL:
        carry = spec.carry
        restating = [c for c in spec.columns if c.last_year]
        renstra = [c for c in spec.columns if c.renstra]
        for col in restating:
            assert col.last_year in spec.keys, f"{spec.id}.{col.key} restates an unknown column"
            assert spec.column(col.last_year).kind is col.kind, f"{spec.id}.{col.key}: another kind than last year's"
        if restating or renstra:
            assert carry is not None and (carry.match or carry.years), f"{spec.id}: how are two years' rows paired?"
        if restating:
            assert carry is not None and carry.rule in BY_CODE, f"{spec.id}: its difference needs a TAHUN rule"
        if carry is not None:
            assert set(carry.keep) <= set(spec.keys), f"{spec.id}: keeps an unknown column"
            assert not (carry.whole and carry.keep), f"{spec.id}: whole or kept columns, not both"
            for key in (carry.match, carry.years):
                assert not key or key in carry.keep or carry.whole, f"{spec.id}: its rows' names must be carried"
            assert all(not spec.column(k).derived for k in carry.keep), f"{spec.id}: a formula is never carried"
            assert all(c.key in carry.keep or carry.whole for c in renstra), f"{spec.id}: a Renstra target is carried"


def test_the_renstra_and_every_budget_structure_are_carried() -> None:
    by_id = {s.id: s for s in ALL}
    for table in ("identitas", "parameter", "t2_1_1", "t2_1_2"):
        carry = by_id[table].carry
        assert carry is not None and carry.whole, table
    for spec in ALL:
        if spec.hierarchy is not None and spec.hierarchy.summed and any(c.kind.is_money for c in spec.columns):
            assert spec.carry is not None and {"level", "uraian"} <= set(spec.carry.keep), spec.id
            assert not any(spec.column(k).kind.is_money for k in spec.carry.keep), f"{spec.id}: amounts stay blank"


def test_a_new_table_gets_roll_forward_by_declaration(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table the roll-forward has never heard of: declared, it is carried; the code names none of its columns."""
    spec = TableSpec(
        id="t3_1",  # any registered id: the carry reads the spec it is given through the registry
        seed="x",
        sheet="x",
        title="x",
        description="x",
        columns=(
            Column("nama", "Nama"),
            Column("nilai", "Nilai", Kind.DECIMAL),
            Column("nilai_lalu", "Nilai lalu", Kind.DECIMAL, last_year="nilai"),
        ),
        carry=Carry(keep=("nama",), match="nama", rule="TAHUN.IKU"),
    )
    monkeypatch.setattr("lakip_xl.cycle.carry.specs_for", lambda data: (spec,))
    data = {"t3_1": TableData(rows=[{"nama": "A", "nilai": 5, "nilai_lalu": 4}])}
    carried = carry_tables(data, 2024, 2025)
    assert [dict(r) for r in carried.tables["t3_1"].rows] == [{"nama": "A", "nilai_lalu": 5}]


def test_the_cycle_names_no_column() -> None:
    """The roll-forward and the check read the declarations: no column key of a table appears in their code.

    Identitas rows are named by their kode (unit, tahun, renstra_awal, renstra_akhir), as every layer does.
    """
    keys = {c.key for spec in ALL for c in spec.columns} - {"kode", "nilai"}
    identitas = {"unit", "tahun", "renstra_awal", "renstra_akhir", "identitas"}
    for path in (ROOT / "lakip_xl" / "cycle").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert literals & keys - identitas == set(), path.name
