"""fill -> export round trips: the sample and hypothesis-generated data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from lakip_xl.io.interchange import dump_json, format_json, load_json, to_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.workbook import WorkbookData
from tests.conftest import SAMPLE_JSON
from tests.helpers import cli_round_trip
from tests.strategies import workbook_data


def test_sample_round_trips_through_the_cli(tmp_path: Path) -> None:
    back, held, notes = cli_round_trip(SAMPLE_JSON, tmp_path)
    assert all(notes)  # every table of the sample says how it was transcribed
    assert json.loads(back) == held
    assert back == format_json(held)


def test_sample_round_trips_through_the_json_interchange_with_its_transcription_notes() -> None:
    text = SAMPLE_JSON.read_text(encoding="utf-8")
    assert dump_json(load_json(SAMPLE_JSON), None) == text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=workbook_data())
def test_generated_data_round_trips(data: WorkbookData) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wb.xlsx"
        write_workbook(path, data)
        assert to_json(read_workbook(path)) == to_json(data)


def test_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    from lakip_xl.model.workbook import TableData

    data = {
        "tabel_4": TableData(rows=[{"uraian": '=HYPERLINK("http://x")', "jumlah": 1}, {"uraian": "+1", "ket": "@x"}])
    }
    path = tmp_path / "inj.xlsx"
    write_workbook(path, data)
    import openpyxl

    ws = openpyxl.load_workbook(path)["T4 Eselon"]
    assert ws["A5"].data_type == "s" and ws["A5"].value == '=HYPERLINK("http://x")'
    assert read_workbook(path)["tabel_4"].rows[0]["uraian"] == '=HYPERLINK("http://x")'


def test_transcription_is_json_only(tmp_path: Path) -> None:
    """A table's transcription note round-trips through JSON, is never written into the workbook, must be text."""
    import openpyxl
    import pytest

    from lakip_xl.io.interchange import from_json
    from lakip_xl.model.errors import LakipError

    note = "Seed Tabel 4, lines 375-396"
    body: dict[str, Any] = {"source": "LAKIP, Tabel 4.", "transcription": note, "rows": [{"uraian": "IV.a"}]}
    doc = {
        "format": "lakip-xl",
        "version": 1,
        "tables": {"tabel_4": body},
    }
    data = from_json(doc)
    assert data["tabel_4"].transcription == note
    assert to_json(data) == doc
    path = tmp_path / "wb.xlsx"
    write_workbook(path, data)
    cells = [c.value for ws in openpyxl.load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and "375-396" in v for v in cells)
    assert read_workbook(path)["tabel_4"].transcription == ""
    body["transcription"] = 7
    with pytest.raises(LakipError, match="transcription"):
        from_json(doc)
