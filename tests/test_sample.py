"""The sample is a faithful transcription: a value per table, checked against the seed text."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.io.interchange import load_json, to_json
from lakip_xl.io.writer import SOURCE_PREFIX, write_workbook
from lakip_xl.model.workbook import WorkbookData
from lakip_xl.tables.profiles import KECAMATAN, specs_of
from tests.conftest import SAMPLE_JSON

ALL = specs_of(KECAMATAN)  # the sample is a kecamatan workbook

# (table, {column: value} selecting a row, column, value as in the JSON, text of the seed around it)
CITED: list[tuple[str, dict[str, Any], str, Any, str]] = [
    ("identitas", {"kode": "renstra_akhir"}, "nilai", 2026, "Renstra Kecamatan Mustikajaya 2024-2026"),
    ("tabel_1", {"uraian": "PNS"}, "jumlah", 42, "PNS 42 pegawai 24 %"),
    ("tabel_1", {"uraian": "PNS"}, "persentase", "24", "PNS 42 pegawai 24 %"),
    ("tabel_2", {"uraian": "Golongan III"}, "persentase", "80.96", "Golongan III 34 pegawai 80,96 %"),
    ("tabel_3", {"uraian": "S1"}, "tkk", 69, "S1 92 23 69"),
    ("tabel_4", {"uraian": "Eselon IV.b"}, "jumlah", 18, "Eselon IV.b 18 pegawai"),
    ("t2_1_1", {"no": "2."}, "target_2", "80", "Persentase Peningkatan Wilayah yang Tertib 75% 80% 85%"),
    ("t2_1_2", {"no": "1", "satuan": "Nilai"}, "target_3", "75", "Nilai 71 73 75"),
    ("t2_2_1", {"satuan": "Persen", "target": "75"}, "tw1", "20", "Persen 75 Triwulan I 20 %"),
    ("t2_2_2", {"no": "2"}, "tw1", 2280387878, "Penyediaan Gaji dan Tunjangan ASN 9.974.700.000 2.280.387.878"),
    ("t2_2_2", {"no": "30"}, "pagu", 2310846400, "Padurenan 2.310.846.400 525.611.300"),
    ("t3_1", {"no": "1"}, "capaian", "105.42", "Nilai 71 74,85 105,42%"),
    ("iku_perbandingan", {"tabel": "3.5"}, "capaian_lalu", "105.6", "83 87,69 105,6 %"),
    ("indikator_program", {"tabel": "3.7"}, "capaian", "100", "Masyarakat 100 % 100 % 100 %"),
    ("t3_12", {"indikator": "Persentase Wilayah Tertib K3"}, "th_1", "45", "Tertib K3 45% 50% 60% 70% 75% 75%"),
    ("skm_survei", {"kode": "jumlah_responden"}, "nilai", 93, "yaitu 93 orang responden"),
    ("skm_responden", {"jumlah": 77}, "persentase", "82.8", "77 82.8%"),
    ("skm_unsur", {"kode": "U1"}, "nrr", "3.161", "(NRR) 3,161 3,441 3,441 4,000 3,957"),
    ("skm_unsur", {"kode": "U1"}, "ikm_unsur", "79.03", "(NRR x 25) 79.03 86.03"),
    ("skm_tren", {"periode": "Tahun N"}, "tw4", "88.89", "Tahun N 88,76 88,86 88,89"),
    ("t3_10", {"no": "5"}, "rth", "70", "Setu a. Area Jalan Sampah dan gulma 70 OK"),
    ("t3_16", {"no": "3."}, "status", "Belum Tertib K3", "Timur Belum Tertib K3 Masih Banyak PKL"),
    ("analisis_penyebab", {"tabel": "3.13"}, "realisasi", "74.85", "Mustikajaya 74,85 %"),
    ("efisiensi_indikator", {"tabel": "3.17"}, "efisiensi", "46.45", "100% 53,55 46,45"),
    ("efisiensi_indikator", {"tabel": "3.15"}, "realisasi", 132727200000, "Realisasi Rp. 132.727.200.000,-"),
    ("t3_19", {"level": "Program"}, "persen", "93.60", "17.675.057.489 93,60"),
    ("t3_20", {"level": "Kegiatan", "murni": 9701386000}, "jumlah", 9821386000, "9.701.386.000 - - 9.981.386.000"),
    (
        "akuntabilitas_keuangan",
        {"kode": "bl_penunjang"},
        "anggaran",
        8908878800,
        "Belanja Langsung Penunjang Urusan : Rp 8.908.878.800",
    ),
    ("penutup", {"kode": "realisasi_anggaran"}, "klaim", 25753983903, "sebesar Rp. 25.753.983.903"),
    ("t3_9", {"predikat": "Sedang"}, "nilai_atas", "70", "30-45 46-60 61-70 71-80 81-90"),
    ("t3_18", {"kriteria": "Tidak efisien"}, "batas_bawah", "100", "100% ke atas Tidak efisien"),
]


def _rows(sample: WorkbookData, table: str) -> list[dict[str, Any]]:
    return list(to_json(sample)["tables"][table]["rows"])


@pytest.mark.parametrize(("table", "where", "key", "value", "snippet"), CITED, ids=[c[0] + "." + c[2] for c in CITED])
def test_sample_value_matches_seed(
    sample: WorkbookData, seed_text: str, table: str, where: dict[str, Any], key: str, value: Any, snippet: str
) -> None:
    matches = [r for r in _rows(sample, table) if all(r.get(k) == v for k, v in where.items())]
    assert matches, f"no row of {table} matches {where}"
    assert matches[0].get(key) == value
    assert re.sub(r"\s+", " ", snippet) in seed_text


def test_every_numeric_table_is_cited() -> None:
    cited = {c[0] for c in CITED}
    assert {s.id for s in ALL} - cited <= {"parameter", "skala_capaian", "mutu_ikm"}


def test_every_seed_table_carries_a_source_note(sample: WorkbookData) -> None:
    for spec in ALL:
        assert sample[spec.id].source, spec.id


def test_sample_keeps_the_seed_identifiers_and_mistakes(sample: WorkbookData) -> None:
    subs = [r for r in sample["t2_2_2"].rows if r.get("level") == "Sub Kegiatan"]
    assert [r["no"] for r in subs] == [str(i) for i in range(1, 43)]
    gaji = subs[1]
    money = {k: gaji[k] for k in ("pagu", "tw1", "tw2", "tw3", "tw4")}
    assert all(isinstance(v, int) for v in money.values())
    tw_sum = sum(int(str(money[k])) for k in ("tw1", "tw2", "tw3", "tw4"))
    assert tw_sum - int(str(money["pagu"])) == 113_000_000
    assert sample["tabel_2"].rows[1]["persentase"] == Decimal("80.96")


SOURCE_NOTE_LIMIT = 150  # one printed line: "Sumber data: " and a sentence
NOT_FOR_READERS = ("seed", ".txt", ".md", "DOMAIN")


def test_sample_workbook_text_is_for_its_readers(tmp_path: Path) -> None:
    """No cell of the filled sample cites the repo or the seed file, and each source note is one short line."""
    out = tmp_path / "s.xlsx"
    write_workbook(out, load_json(SAMPLE_JSON))
    wb = openpyxl.load_workbook(out)
    notes = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                lowered = cell.value.lower()
                for word in NOT_FOR_READERS:
                    assert word.lower() not in lowered, (ws.title, cell.coordinate, cell.value)
                if cell.value.startswith(SOURCE_PREFIX):
                    notes += 1
                    assert len(cell.value) <= SOURCE_NOTE_LIMIT, (ws.title, len(cell.value), cell.value)
    assert notes == len(ALL)


def test_every_sample_table_keeps_its_transcription_citation() -> None:
    """The developer's citation (seed section and lines) stays in the JSON, beside the reader's note."""
    tables = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))["tables"]
    assert set(tables) == {spec.id for spec in ALL}
    for table_id, body in tables.items():
        assert re.search(r"\blines? \d+(-\d+)?", body["transcription"]), table_id
        assert "seed" not in body["source"].lower(), table_id
