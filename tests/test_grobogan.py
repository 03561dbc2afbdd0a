"""The second sample: the LKjIP 2021 of Dinas PUPR Kabupaten Grobogan, an OPD report (docs/sample-findings.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.io.interchange import load_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.workbook import WorkbookData
from lakip_xl.report.render import to_json as findings_json
from lakip_xl.tables.profiles import OPD, specs_of
from tests.conftest import ROOT, assert_golden_findings, need_seed, seed_file

JSON = ROOT / "samples" / "grobogan_2021.json"
XLSX = ROOT / "samples" / "grobogan_2021.xlsx"
GOLDEN = ROOT / "samples" / "grobogan_2021.findings.json"
SEED = seed_file("lkjip_dinas_pupr_grobogan_2021_excerpts.txt")


@pytest.fixture(scope="module")
def result() -> AuditResult:
    return audit(XLSX)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    need_seed(SEED)
    return SEED.read_text(encoding="utf-8").split("\n")  # not splitlines: a form feed is no line end for grep


def test_findings_equal_golden(result: AuditResult, request: pytest.FixtureRequest) -> None:
    assert_golden_findings(findings_json(result), GOLDEN, request)


def test_the_two_arithmetic_mistakes_of_the_document_are_found(result: AuditResult) -> None:
    """80,53 / 80 is 100,66 % (the document divided target by realisasi); 784.311.900 / 845.629.898 is 92,75 %."""
    found = [(f.rule, f.where.sheet, f.where.cell, f.recorded, f.expected) for f in result.findings]
    assert found == [
        ("CAPAIAN_KINERJA.CAPAIAN", "Capaian Kinerja", "K9", "99.34", "100.66"),
        ("REALISASI_ANGGARAN.PERSEN", "Realisasi Anggaran", "I8", "92.72", "92.75"),
    ]
    assert result.verdict.value == "ada galat" and result.exit_code == 1


# Cells the document got right that a careless rule would flag (sheet, cell, why)
CELLS_RIGHT = [
    ("Capaian Kinerja", "K7", "100 % for 64,14 / 64 = 100,22: typed without decimals"),
    ("Capaian Kinerja", "K5", "95,02 for 79,82 / 84"),
    ("Capaian Kinerja", "K18", "100 % for 13.125 / 13.125 meter kubik"),
    ("Realisasi Anggaran", "I5", "74,02 for 195.645.500 / 264.320.000"),
    ("Realisasi Anggaran", "I16", "89,05 for 80.134.853.354 / 89.983.973.000"),
    ("Pegawai L-P", "G6", "5 + 0 = 5"),
    ("Pegawai L-P", "G8", "50 + 14 = 64"),
]


@pytest.mark.parametrize(("sheet", "cell", "why"), CELLS_RIGHT)
def test_what_the_document_got_right_raises_nothing(result: AuditResult, sheet: str, cell: str, why: str) -> None:
    assert [f for f in result.findings if f.where.sheet == sheet and f.where.cell == cell] == [], why
    assert openpyxl.load_workbook(XLSX, data_only=True)[sheet][cell].value not in (None, "")


def test_the_empty_printed_jumlah_line_is_absent_not_zero(result: AuditResult) -> None:
    data = read_workbook(XLSX)  # typed values only: a formula cell is not a typed value
    group = data["pegawai_lp"].rows[0]
    assert group.get("laki") is None and group.get("jumlah") is None
    assert not any(f.where.sheet == "Pegawai L-P" for f in result.findings)


def test_only_opd_tables_are_listed_and_none_missing(result: AuditResult) -> None:
    assert {t.table_id for t in result.tables} == {s.id for s in specs_of(OPD)} - {
        s.id for s in specs_of(OPD) if s.is_parameter or s.id == "identitas"
    }
    assert {t.table_id for t in result.tables if t.status == "diisi"} == {
        "pegawai_lp",
        "capaian_kinerja",
        "realisasi_anggaran",
    }
    assert all(f.rule != "LEMBAR.HILANG" for f in result.findings)


def test_round_trip_export_of_fill_is_the_json(tmp_path: Path) -> None:
    """export(fill(d)) == d, byte for byte, but the transcription notes (JSON only)."""
    from lakip_xl.io.interchange import dump_json, format_json
    from tests.helpers import cli_round_trip

    back, held, _ = cli_round_trip(JSON, tmp_path)
    assert back == format_json(held)
    assert dump_json(load_json(JSON), None) == JSON.read_text(encoding="utf-8")


def test_committed_workbook_is_what_fill_writes(tmp_path: Path) -> None:
    out = tmp_path / "g.xlsx"
    write_workbook(out, load_json(JSON))
    assert out.read_bytes() == XLSX.read_bytes(), "run ./regen.sh"


# (table, {column: value} selecting a row, column, value as in the JSON, words of the seed on that line)
CITED: list[tuple[str, dict[str, Any], str, Any, str]] = [
    ("identitas", {"kode": "renstra_awal"}, "nilai", 2016, "Rencana Strategis 2016"),
    ("pegawai_lp", {"uraian": "Golongan II"}, "laki", 63, "Golongan II 63 2 65"),
    ("pegawai_lp", {"uraian": "Golongan III"}, "jumlah", 64, "Golongan III 50 14 64"),
    ("capaian_kinerja", {"indikator": "Persentase wilayah bebas banjir"}, "capaian", "99.34", "80 % 80,53 % 99,34"),
    ("capaian_kinerja", {"indikator": "Cakupan drainase dalam kondisi baik"}, "realisasi", "64.14", "64,14 % 100 %"),
    ("capaian_kinerja", {"satuan": "meter kubik"}, "target", "13125", "13.125 13.125 100 %"),
    ("capaian_kinerja", {"no": "7"}, "target", "720", "720 720 100%"),
    ("realisasi_anggaran", {"no": "4."}, "persen", "92.72", "845.629.898 784.311.900 92,72"),
    ("realisasi_anggaran", {"no": "12."}, "anggaran", 89983973000, "89.983.973.000 80.134.853.354 89,05"),
]


@pytest.mark.parametrize(("table", "where", "key", "value", "words"), CITED, ids=[c[0] + "." + c[2] for c in CITED])
def test_sample_value_matches_seed(
    seed_lines: list[str], table: str, where: dict[str, Any], key: str, value: Any, words: str
) -> None:
    body = json.loads(JSON.read_text(encoding="utf-8"))["tables"][table]
    rows = [r for r in body["rows"] if all(r.get(k) == v for k, v in where.items())]
    assert rows, f"no row of {table} matches {where}"
    assert rows[0].get(key) == value
    spans = [(int(a), int(b)) for a, b in re.findall(r"\.txt lines (\d+)-(\d+)", body["transcription"])]
    cited = [" ".join(re.sub(r"\s+", " ", line) for line in seed_lines[a - 1 : b]) for a, b in spans]
    assert any(words in text for text in cited), f"{words!r} not in the lines {spans} that {table} cites"


def test_every_table_cites_its_lines_and_speaks_to_readers(tmp_path: Path) -> None:
    tables = json.loads(JSON.read_text(encoding="utf-8"))["tables"]
    for table_id, body in tables.items():
        if not body["rows"]:
            assert "source" not in body, table_id  # a sheet the excerpt has nothing for stays empty
            continue
        assert "seed" not in body["source"].lower() and len(body["source"]) <= 137, table_id
        if body["transcription"].startswith("Not from the seed"):
            continue  # the template's defaults (parameters, scales)
        assert re.search(r"\.txt lines \d+-\d+", body["transcription"]), table_id
    wb = openpyxl.load_workbook(XLSX)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    for word in ("seed", ".txt", ".md", "DOMAIN"):
        assert word not in text


def test_sample_is_an_opd_workbook() -> None:
    data: WorkbookData = read_workbook(XLSX)
    ident = {r.get("kode"): r.get("nilai") for r in data["identitas"].rows}
    assert ident["profil"] == OPD
    assert openpyxl.load_workbook(XLSX).sheetnames[1:] == [s.sheet for s in specs_of(OPD)]


@pytest.mark.libreoffice
def test_grobogan_formulas_match_decimal_arithmetic_in_libreoffice(tmp_path: Path, lo_profile: Path) -> None:
    """The sample with its derived values left to the formulas (L+P, group sums, capaian, %, sisa, Jumlah)."""
    from lakip_xl.report.workbook import strip_derived
    from tests.libreoffice import laid_out, recalculated
    from tests.test_libreoffice import _check

    data = strip_derived(load_json(JSON))
    out = recalculated(data, tmp_path, lo_profile)
    layout = laid_out(data, tmp_path)
    assert _check(layout, out) > 80
    ws = openpyxl.load_workbook(out, data_only=True)["Realisasi Anggaran"]
    assert ws["G18"].value == 161_945_148_998  # Jumlah anggaran: the 13 kegiatan, no line printed in the document
