"""LibreOffice's own format (issue #23): an .ods gives the findings its .xlsx gives, rule by rule and cell by cell.

The samples are converted by LibreOffice without recalculation (their cached
values are what is compared); a workbook edited through UNO as staff edit it
(an inserted row, a formula typed over, a number typed as text, a date in a
money cell) is stored both ways from the same document. The hostile .ods cases
are in tests/test_hostile.py.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.package import open_package
from lakip_xl.io.reader import read_workbook
from lakip_xl.report.render import to_json
from tests.conftest import ROOT
from tests.office import Job, UnoOffice

SAMPLES = sorted((ROOT / "samples").glob("*_20[0-9][0-9].xlsx"))
FILE_FIELDS = ("file", "sha256")


def _findings(path: Path) -> dict[str, Any]:
    """The audit's JSON without what names the file itself."""
    out = json.loads(to_json(audit(path)))
    for key in FILE_FIELDS:
        out.pop(key, None)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample converted to .ods by one LibreOffice run, its cached values kept (no recalculation)."""
    from tests.libreoffice import convert, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("ods")
    profile = folder / "profile"
    return {src.stem: convert(src, folder / "out", "ods", profile, recalc=False) for src in SAMPLES}


def test_the_samples_are_there() -> None:
    assert {p.stem for p in SAMPLES} >= {"grobogan_2021", "mustikajaya_2024"}


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_an_ods_sample_gives_the_findings_of_its_xlsx(converted: dict[str, Path], sample: str) -> None:
    ods = converted[sample]
    assert zipfile.ZipFile(ods).read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    xlsx = _findings(ROOT / "samples" / f"{sample}.xlsx")
    assert xlsx["findings"], "a sample without findings would prove nothing"
    assert _findings(ods) == xlsx


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_an_ods_sample_reads_as_its_xlsx(converted: dict[str, Path], sample: str) -> None:
    """Export mode too (no cached formula values): every table's typed rows are equal."""
    xlsx = read_workbook(ROOT / "samples" / f"{sample}.xlsx", strict=False)
    ods = read_workbook(converted[sample], strict=False)
    assert set(ods) == set(xlsx)
    for table_id, table in xlsx.items():
        assert [dict(r) for r in ods[table_id].rows] == [dict(r) for r in table.rows], table_id
        po, px = ods[table_id].placement, table.placement
        assert po is not None and px is not None
        assert [po.cached.column(c) for c in range(64)] == [px.cached.column(c) for c in range(64)], table_id
        po.cached = px.cached  # a CellSet has no equality of its own
        assert po == px, table_id


def test_the_marks_of_an_ods_equal_those_of_its_xlsx(converted: dict[str, Path]) -> None:
    """Formulas, uncached formulas, merged cells and noted formats, sheet by sheet (cell names are sheet!A1)."""
    sample = "grobogan_2021"
    with open_package(ROOT / "samples" / f"{sample}.xlsx") as x, open_package(converted[sample]) as o:
        assert type(o).__name__ == "OdsPackage" and list(o.sheets) == list(x.sheets)
        for name in x.sheets:
            gx, go = x.grid(name), o.grid(name)
            assert go.formulas == gx.formulas, name
            assert go.uncached == gx.uncached, name
            assert go.errors == gx.errors, name
            assert sorted(go.merged) == sorted(gx.merged), name
            assert go.far == gx.far, name
            for key in gx.formats.keys() & go.formats.keys():
                assert ("%" in go.formats[key]) == ("%" in gx.formats[key]), (name, key)


def test_an_ods_named_xlsx_is_read_by_its_content(converted: dict[str, Path], tmp_path: Path) -> None:
    """The reader is picked by content, never by name (the web stores uploads as <sha256>.xlsx)."""
    misnamed = tmp_path / "kec.xlsx"
    misnamed.write_bytes(converted["mustikajaya_2024"].read_bytes())
    assert _findings(misnamed) == _findings(ROOT / "samples" / "mustikajaya_2024.xlsx")


def test_the_report_of_an_ods_is_an_xlsx_beside_it(converted: dict[str, Path], tmp_path: Path) -> None:
    kec = tmp_path / "kec.ods"
    kec.write_bytes(converted["mustikajaya_2024"].read_bytes())
    before = kec.read_bytes()
    result = CliRunner().invoke(app, ["audit", str(kec)])
    assert result.exit_code == 1, result.output
    report = tmp_path / "kec_laporan.xlsx"
    assert report.exists() and zipfile.ZipFile(report).read("[Content_Types].xml")
    assert kec.read_bytes() == before


# A workbook edited as staff edit it in LibreOffice, stored as .ods and as .xlsx from the same document.
SHEET = "3.19 Realisasi BLPU"
EDITS: list[dict[str, Any]] = [
    {"op": "unprotect", "sheet": SHEET},
    {"op": "insert_rows", "sheet": SHEET, "row": 10, "count": 1},
    {"op": "copy_row", "sheet": SHEET, "from": 9, "to": 10},
    {"op": "set", "sheet": SHEET, "cell": "D10", "value": "Penyediaan Honorarium Tambahan"},
    {"op": "set", "sheet": SHEET, "cell": "E10", "value": 5_000_000},
    {"op": "set", "sheet": SHEET, "cell": "H10", "value": 4_500_000},
    {"op": "set", "sheet": SHEET, "cell": "G7", "value": 3_100_000},  # the Jumlah formula typed over, wrongly
    {"op": "set", "sheet": SHEET, "cell": "H13", "value": "95.040.000"},  # a number typed as text
    {"op": "date", "sheet": SHEET, "cell": "E15", "value": "2024-03-15"},  # a date in a money cell
]


@pytest.fixture(scope="module")
def staff_edited(uno_office: UnoOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample written from its data (formulas in every derived cell), edited, stored both ways."""
    from lakip_xl.io.interchange import load_json
    from lakip_xl.io.writer import write_workbook

    folder = tmp_path_factory.mktemp("ods_staff")
    src = folder / "isi.xlsx"
    write_workbook(src, load_json(ROOT / "samples" / "mustikajaya_2024.json"))
    out = {kind: folder / f"diedit.{kind}" for kind in ("ods", "xlsx")}
    uno_office.edit([Job(src, dst, EDITS) for dst in out.values()])
    return out


def test_a_workbook_edited_in_libreoffice_gives_the_same_findings_both_ways(staff_edited: dict[str, Path]) -> None:
    ods, xlsx = _findings(staff_edited["ods"]), _findings(staff_edited["xlsx"])
    named = {(f["sheet"], f["cell"]) for f in xlsx["findings"]}
    assert {(SHEET, "G7"), (SHEET, "E15")} <= named, "the edits must show in the findings"
    assert ods == xlsx


def test_a_number_typed_as_text_is_seen_in_the_ods(staff_edited: dict[str, Path]) -> None:
    """H13 typed as text: the reader notes it in both (the audit's causes name it)."""
    noted = {}
    for kind, path in staff_edited.items():
        place = read_workbook(path, cached=True, strict=False)["t3_19"].placement
        assert place is not None
        noted[kind] = place.as_text
    assert noted["ods"] == noted["xlsx"] and any(key == "realisasi" for _, key in noted["ods"])


def test_the_inserted_row_is_read_from_the_ods(staff_edited: dict[str, Path]) -> None:
    names = [r.get("uraian") for r in read_workbook(staff_edited["ods"], cached=True, strict=False)["t3_19"].rows]
    assert names[5] == "Penyediaan Honorarium Tambahan"
