"""The validation screen and the caches of a warm process never change what an audit finds.

Validation first screens every cell of the workbook in a few pandera calls, then
validates with its own schema only a table the screen names (audit/validate.py).
The findings must be those of validating every table with its schema, and a second
audit in the same process (schemas, check objects and column lists cached) must
find what the first found.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings

from lakip_xl.audit import validate
from lakip_xl.audit.context import Context
from lakip_xl.audit.engine import audit
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_document
from lakip_xl.tables import present
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import typed_over
from tests.test_damage import Mutation, damage, mutations
from tests.test_validation import GOOD, _budget

SAMPLES = [SAMPLE_XLSX, ROOT / "samples" / "grobogan_2021.xlsx"]


def _document(path: Path) -> dict[str, Any] | str:
    try:
        return to_document(audit(path))
    except LakipError as exc:
        return f"exit 2: {exc}"


def _every_table(ctx: Context) -> set[str]:
    """A screen that names every table: each is validated with its own schema, as before the screen."""
    return {spec.id for spec, _ in present(ctx.data)}


def test_a_second_audit_in_the_same_process_finds_the_same() -> None:
    """Cache state never changes findings: first, second and interleaved audits of both samples agree."""
    first = [_document(p) for p in SAMPLES]
    again = [_document(p) for p in reversed(SAMPLES)][::-1]
    assert again == first
    assert _document(SAMPLES[0]) == first[0]


def test_the_screen_passes_the_sample_and_names_the_table_of_a_bad_cell(tmp_path: Path) -> None:
    ctx = Context(read_workbook(SAMPLE_XLSX, cached=True, strict=False))
    assert validate._screen(ctx) == set()  # the sample holds no invalid cell: no table is validated again
    path = tmp_path / "wb.xlsx"
    typed_over(tmp_path, _budget(GOOD), {"3.19 Realisasi BLPU!E7": "tiga juta"})
    ctx = Context(read_workbook(path, cached=True, strict=False))
    assert validate._screen(ctx) == {"t3_19"}


def test_the_screen_names_a_hierarchy_out_of_order(tmp_path: Path) -> None:
    rows = [GOOD[2], *GOOD[:2], GOOD[3]]  # a Sub Kegiatan before any Kegiatan: every cell valid, the order not
    typed_over(tmp_path, _budget(rows))
    ctx = Context(read_workbook(tmp_path / "wb.xlsx", cached=True, strict=False))
    assert validate._screen(ctx) == {"t3_19"}


def test_validation_failures_are_found_as_without_the_screen(tmp_path: Path) -> None:
    patch = {
        "3.19 Realisasi BLPU!E7": "x",
        "3.19 Realisasi BLPU!E8": -1,
        "3.19 Realisasi BLPU!A8": "Level?",
        "3.19 Realisasi BLPU!F7": 100.5,
        "3.19 Realisasi BLPU!D8": None,
        "Parameter!C5": "banyak",
    }
    screened = [f.as_dict() for f in typed_over(tmp_path, _budget(GOOD), patch)]
    with mock.patch.object(validate, "_screen", _every_table):
        whole = [f.as_dict() for f in audit(tmp_path / "wb.xlsx").findings if f.rule != "SEL.TANPA_CACHE"]
    assert screened == whole
    assert {f["rule"] for f in screened} >= {"VALIDASI.TIPE", "VALIDASI.RENTANG", "VALIDASI.PILIHAN"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(steps=mutations)
def test_a_damaged_sample_is_found_as_without_the_screen(steps: list[Mutation]) -> None:
    """Random damage to the sample's cells: the screen never lets a failure of a table's own schema pass."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rusak.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in damage(steps).items():
                z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        screened = _document(path)
        with mock.patch.object(validate, "_screen", _every_table):
            assert _document(path) == screened
