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


@pytest.fixture(scope="module")
def broken(uno_office: UnoOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Edits that do break a formula, each in its own kecamatan workbook: name -> the saved workbook."""
    folder = tmp_path_factory.mktemp("broken")
    template = folder / "template.xlsx"
    write_workbook(template, profile="kecamatan")
    spec = BY_ID["t2_2_2"]
    assert spec.hierarchy is not None
    levels = [str(r.get(spec.hierarchy.level_key)) for r in layout_table(spec, None).rows]
    base = Plan.of_template(spec, levels).finish(read_workbook(template, strict=False))
    sheet = spec.sheet
    # Template rows (1-based): 5 Unit, 6 Program, 7 Kegiatan, 8-10 Sub, 11 Kegiatan, 12-14 Sub, 15 end mark.
    edits: dict[str, list[dict[str, object]]] = {
        # a Kegiatan inserted empty: level, name and its subkegiatan typed, its own totals left blank
        "blank_parent": [
            {"op": "insert_rows", "sheet": sheet, "row": 15, "count": 2},
            {"op": "set", "sheet": sheet, "cell": "A15", "value": "Kegiatan"},
            {"op": "set", "sheet": sheet, "cell": "D15", "value": "Kegiatan tanpa jumlah"},
            {"op": "set", "sheet": sheet, "cell": "A16", "value": "Sub Kegiatan"},
            {"op": "set", "sheet": sheet, "cell": "D16", "value": "Sub Kegiatan baru"},
            *(
                {"op": "set", "sheet": sheet, "cell": f"{c}16", "value": v}
                for c, v in zip("EFGHI", (10, 1, 2, 3, 4), strict=True)
            ),
        ],
        # an old workbook's fixed-range formula pasted into the first Kegiatan: it reaches the next group
        "pasted_range": [
            {"op": "formula", "sheet": sheet, "cell": "E7", "formula": '=SUMIFS(E8:E14;A8:A14;"Sub Kegiatan")'}
        ],
        # a subkegiatan row deleted: the template's formulas follow
        "deleted_row": [{"op": "delete_rows", "sheet": sheet, "row": 9, "count": 1}],
    }
    jobs = [Job(template, folder / f"{name}.xlsx", [*base, *ops]) for name, ops in edits.items()]
    uno_office.edit(jobs)
    return {name: folder / f"{name}.xlsx" for name in edits}


def test_a_blank_parent_is_named_once_with_the_sums_it_breaks(broken: dict[str, Path]) -> None:
    findings = audit(broken["blank_parent"]).findings
    assert {f.rule for f in findings} == {"HITUNG.KOSONG_DIBACA"}, [(f.rule, f.message) for f in findings]
    assert {f.where.cell for f in findings} == {f"{c}15" for c in "EFGHI"}  # the blank cells, not the formulas
    pagu = next(f for f in findings if f.where.cell == "E15")
    assert {loc.cell for loc in pagu.related} == {"E6"}  # the Program shows it short (the Unit sums what E6 shows)
    assert "E6" in pagu.message and "ikut salah" in pagu.message


def test_a_pasted_range_that_reaches_the_next_group_is_said_in_words(broken: dict[str, Path]) -> None:
    findings = [f for f in audit(broken["pasted_range"]).findings if f.where.cell == "E7"]
    assert [f.rule for f in findings] == ["T2_2_2.PAGU.INDUK"], [(f.rule, f.message) for f in findings]
    assert "ikut menjumlah 3 baris kelompok berikutnya (sampai sel E14)" in findings[0].message


def test_a_deleted_row_leaves_the_sums_right(broken: dict[str, Path]) -> None:
    findings = audit(broken["deleted_row"]).findings
    assert not findings, [(f.rule, f.message) for f in findings]
