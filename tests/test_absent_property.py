"""Issue #18 item 3, the property: an absent value is never 0, on every sheet.

A consistent workbook of each profile (tests/consistent.py: every table filled,
the audit silent) has one input cell of a number column left empty, or typed as
not measured (n/a, tidak diukur, or "-" where it means that: everywhere but
rupiah and counts, where "-" is nihil, 0). The green cells keep their formulas,
as in a workbook filled by hand; the mark goes in through the JSON (``fill``) or
is typed into the saved workbook. Whatever the cell, the audit finds no galat:
a sum over the empty cell is named as such (a warning), a rule whose input is
gone is not checked, and nothing is compared with a 0 the unit never typed.

Every table of both profiles is covered: one case per table with input number
cells (the cell, the mark and the way drawn by a generator seeded with the
table's name), then cells over the whole workbook drawn by hypothesis,
derandomized: the same cases on every run.
"""

from __future__ import annotations

import copy
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Severity
from lakip_xl.model.spec import TableSpec
from lakip_xl.tables import BY_ID
from tests import consistent
from tests.helpers import build

PROFILES = {"kecamatan": consistent.kecamatan(), "opd": consistent.opd()}
Cell = tuple[str, int, str]


def input_number_cells(tables: dict[str, Any], table_id: str) -> list[Cell]:
    """Every input cell of a number column of a table's rows (typed or empty), in row and column order."""
    spec = BY_ID[table_id]
    out = []
    for i, row in enumerate(tables[table_id]["rows"]):
        for key in spec.keys:
            if key in ("kode", "uraian") and spec.fixed_rows is not None:
                continue
            if spec.kind_at(row, key).is_number and not spec.is_derived_at(row, key):
                out.append((table_id, i, key))
    return out


def _marks(spec: TableSpec, row: dict[str, Any], key: str) -> list[str | None]:
    """How the cell may be left: empty (None) when it holds a value, n/a, tidak diukur, and "-" where it is n/a."""
    marks: list[str | None] = ["n/a", " Tidak Diukur "]
    if key in row:
        marks.insert(0, None)
    if not spec.kind_at(row, key).dash_is_nil:
        marks.append("-")
    return marks


TABLES = {
    profile: [t for t in tables if BY_ID[t].takes_not_measured and input_number_cells(tables, t)]
    for profile, tables in PROFILES.items()
}


@st.composite
def absent_cell(draw: st.DrawFn, profile: str, table_ids: list[str]) -> tuple[Cell, str | None, bool]:
    """An input number cell of one of ``table_ids``, how it is left, and whether it is typed into the workbook."""
    tables = PROFILES[profile]
    table_id = draw(st.sampled_from(table_ids))
    cell = draw(st.sampled_from(input_number_cells(tables, table_id)))
    row = tables[table_id]["rows"][cell[1]]
    mark = draw(st.sampled_from(_marks(BY_ID[table_id], row, cell[2])))
    return cell, mark, draw(st.booleans())


def _galat(profile: str, cell: Cell, mark: str | None, in_workbook: bool) -> list[tuple[str, str | None, str]]:
    """Leave ``cell`` as ``mark`` in the profile's consistent workbook and audit it: its errors."""
    tables = copy.deepcopy(PROFILES[profile])
    table_id, i, key = cell
    row = tables[table_id]["rows"][i]
    if in_workbook or mark is None:
        row.pop(key, None)
    else:
        row[key] = mark
    with tempfile.TemporaryDirectory() as folder:
        path = build(Path(folder), tables, required=None)
        if in_workbook and mark is not None:
            _type_into(path, cell, mark)
        return [(f.rule, f.where.cell, f.message) for f in audit(path).findings if f.severity is Severity.ERROR]


def _type_into(path: Path, cell: Cell, mark: str) -> None:
    """Type ``mark`` into the cell as a user would (openpyxl; the formulas lose their cached values)."""
    import openpyxl

    from lakip_xl.io.reader import read_workbook
    from lakip_xl.model.layout import a1

    table_id, i, key = cell
    place = read_workbook(path).get(table_id)
    assert place is not None and place.placement is not None
    row = place.placement.rows[i]
    col = place.placement.columns[key]
    wb = openpyxl.load_workbook(path)
    wb[place.placement.sheet][a1(row, col)] = mark
    wb.save(path)


@pytest.mark.parametrize(("profile", "table_id"), [(p, t) for p, ts in TABLES.items() for t in ts])
def test_every_table_an_absent_input_is_never_a_galat(profile: str, table_id: str) -> None:
    """One cell of each table, drawn by a generator seeded with the table's name (the same cell on every run)."""
    pick = random.Random(f"{profile}/{table_id}")
    cell = pick.choice(input_number_cells(PROFILES[profile], table_id))
    mark = pick.choice(_marks(BY_ID[table_id], PROFILES[profile][table_id]["rows"][cell[1]], cell[2]))
    assert _galat(profile, cell, mark, pick.random() < 0.3) == []


@pytest.mark.parametrize("profile", list(PROFILES))
@settings(max_examples=12, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_absent_input_is_never_a_galat(profile: str, data: st.DataObject) -> None:
    assert _galat(profile, *data.draw(absent_cell(profile, TABLES[profile]))) == []


@pytest.mark.parametrize("profile", list(PROFILES))
def test_the_consistent_workbooks_are_silent(profile: str, tmp_path: Path) -> None:
    """The starting point: every table filled, nothing found, the verdict bersih."""
    result = audit(build(tmp_path, PROFILES[profile], required=None))
    assert [(f.rule, f.where.cell) for f in result.findings] == []
    assert result.verdict.value == "bersih"
    assert {t for t in PROFILES[profile]} >= {t for t in TABLES[profile]}
