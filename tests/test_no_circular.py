"""No formula refers to its own cell: Excel calls that a circular reference, shows 0 and warns on opening.

LibreOffice forgives a SUMIFS whose range holds the formula's own cell when the
criteria leave it out; Excel does not (its dependency tree does not look at the
criteria). A parent row's sum therefore starts at ``INDEX(D:D,ROW()+1)``: a
reference INDEX resolves at calculation time, as the Jumlah line's
``C5:INDEX(C:C,ROW()-1)`` (Microsoft KB Q73586) does.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string

from lakip_xl.io.interchange import load_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.report.workbook import strip_derived
from lakip_xl.tables.profiles import OPD
from tests.conftest import ROOT, SAMPLE_JSON

_INDEX = re.compile(r"INDEX\((?:[^()]|\([^()]*\))*\)")
_OTHER_SHEET = re.compile(r"(?:'[^']+'|[A-Za-z0-9_.]+)!\$?[A-Z]+\$?\d*(?::\$?[A-Z]+\$?\d*)?")
_STRING = re.compile(r'"[^"]*"')
_REF = re.compile(r"(?<![A-Za-z0-9_$])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![A-Za-z0-9_(])")


def own_cell_refs(formula: str, row: int, col: int) -> list[str]:
    """The plain references of ``formula`` (in the cell at 1-based row, col) that hold that very cell."""
    text = _STRING.sub('""', formula)
    text = _OTHER_SHEET.sub("", _INDEX.sub("", text))
    found = []
    for m in _REF.finditer(text):
        c1, r1 = column_index_from_string(m[1]), int(m[2])
        c2, r2 = (column_index_from_string(m[3]), int(m[4])) if m[3] else (c1, r1)
        if min(r1, r2) <= row <= max(r1, r2) and min(c1, c2) <= col <= max(c1, c2):
            found.append(m[0])
    return found


def _self_references(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    problems = []
    for ws in wb.worksheets:
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    refs = own_cell_refs(cell.value, cell.row, cell.column)
                    if refs:
                        problems.append(f"{ws.title}!{cell.coordinate} {cell.value[:90]} -> {refs}")
    return problems


def test_the_checker_sees_a_self_reference() -> None:
    assert own_cell_refs('=SUMIFS(E5:E9,A5:A9,"Kegiatan")', 5, 5) == ["E5:E9"]
    assert own_cell_refs('=SUMIFS(INDEX(E:E,ROW()+1):E9,A5:A9,"x")', 5, 5) == []
    assert own_cell_refs("=SUM(C5:INDEX(C:C,ROW()-1))", 20, 3) == []
    assert own_cell_refs("='3.19 Realisasi BLPU'!E5+N(E5)", 5, 5) == ["E5"]


@pytest.mark.parametrize("what", ["template", "opd", "sample"])
def test_no_formula_refers_to_its_own_cell(tmp_path: Path, what: str) -> None:
    path = tmp_path / f"{what}.xlsx"
    if what == "template":
        write_workbook(path)
    elif what == "opd":
        write_workbook(path, profile=OPD)
    else:
        write_workbook(path, strip_derived(load_json(SAMPLE_JSON)))  # every derived cell a formula
    assert _self_references(path) == []


def test_a_group_closed_by_the_jumlah_line_stops_above_it(tmp_path: Path) -> None:
    grobogan = load_json(ROOT / "samples" / "grobogan_2021.json")
    from lakip_xl.model.spec import RowData
    from lakip_xl.model.workbook import TableData

    program: RowData = {"level": "Program", "uraian": "Program Uji"}
    rows = [program, *grobogan["realisasi_anggaran"].rows]
    grobogan["realisasi_anggaran"] = TableData(rows=rows)
    path = tmp_path / "g.xlsx"
    write_workbook(path, strip_derived(grobogan))
    ws = openpyxl.load_workbook(path)["Realisasi Anggaran"]
    program = ws["G5"].value
    jumlah_row = 5 + len(rows)
    assert f"ROW($D${jumlah_row})-1" in program and f"G{jumlah_row}" not in program
