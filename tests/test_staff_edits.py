"""The template survives the edits staff make in LibreOffice (issue: in staff hands, item 1).

Every hierarchy sheet of both profiles is filled through UNO as a person fills
it, then groups of every level are added above, between and below the
template's rows, the Petunjuk's way (insert, copy a row of the same level, type
over) and the naive way (insert empty rows, type the level and every number).
LibreOffice moves and adjusts every formula as it does on screen and
recalculates; then every parent's value in the saved file must equal the
Decimal recomputation from the leaves, and the audit must find nothing in that
sheet: the tool never blames staff for its own formulas.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import layout_table, write_workbook
from lakip_xl.model.recompute import Recomputer
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import PROFILES
from tests.office import Job, UnoOffice
from tests.staff import Plan, plans

CASES = [
    (profile, table_id)
    for profile, tables in sorted(PROFILES.items())
    for table_id in tables
    if BY_ID[table_id].hierarchy is not None
]


@pytest.fixture(scope="module")
def edited(uno_office: UnoOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """Every case edited in one LibreOffice run: (profile, table, way) -> the saved workbook."""
    folder = tmp_path_factory.mktemp("staff")
    jobs, out = [], {}
    for profile in sorted({p for p, _ in CASES}):
        template = folder / f"template_{profile}.xlsx"
        write_workbook(template, profile=profile)
        base = read_workbook(template, strict=False)
        for prof, table_id in CASES:
            if prof != profile:
                continue
            spec = BY_ID[table_id]
            assert spec.hierarchy is not None
            levels = [str(r.get(spec.hierarchy.level_key)) for r in layout_table(spec, None).rows]
            for way, plan in plans(spec, levels):
                dst = folder / f"{profile}_{table_id}_{way}.xlsx"
                jobs.append(Job(template, dst, plan.finish(base)))
                out[(profile, table_id, way)] = dst
                _PLANS[(profile, table_id, way)] = plan
    uno_office.edit(jobs)
    return out


_PLANS: dict[tuple[str, str, str], Plan] = {}


@pytest.mark.parametrize("way", ["petunjuk", "naive"])
@pytest.mark.parametrize(("profile", "table_id"), CASES)
def test_every_parent_sums_exactly_its_own_children(
    edited: dict[tuple[str, str, str], Path], profile: str, table_id: str, way: str
) -> None:
    path = edited[(profile, table_id, way)]
    spec = BY_ID[table_id]
    assert spec.hierarchy is not None
    data = read_workbook(path, cached=True, strict=False)
    rows = data[table_id].rows
    plan = _PLANS[(profile, table_id, way)]
    assert [str(r.get(spec.hierarchy.level_key)) for r in rows] == plan.levels[:-1]  # every added row read
    assert [r.get("uraian") for r in rows] == plan.names[:-1]
    truth = Recomputer({table_id: plan.table()}, BY_ID, ignore_recorded=True)
    parents = 0
    for i in range(len(rows)):
        if not truth.has_children(table_id, i):
            continue
        parents += 1
        for key in (*spec.hierarchy.summed, *spec.hierarchy.averaged):
            shown = truth.shown(table_id, i, key)
            assert rows[i].get(key) == shown, (spec.sheet, i, plan.names[i], key, rows[i].get(key), shown)
    assert parents >= len(spec.hierarchy.levels) - 1


@pytest.mark.parametrize("way", ["petunjuk", "naive"])
@pytest.mark.parametrize(("profile", "table_id"), CASES)
def test_the_audit_of_the_edited_sheet_finds_nothing(
    edited: dict[tuple[str, str, str], Path], profile: str, table_id: str, way: str
) -> None:
    result = audit(edited[(profile, table_id, way)])
    shown = "\n".join(f"{f.rule} {f.where.sheet}!{f.where.cell}: {f.message}" for f in result.findings)
    assert not result.findings, shown
