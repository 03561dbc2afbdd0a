"""Messages a user can act on (item 10): the table and column as the report numbers them,
where a derived value comes from, and never "None" or "(0)" for something absent."""

from __future__ import annotations

from pathlib import Path

from lakip_xl.model.numbers import id_number
from tests.helpers import run


def test_derived_cell_message_names_table_and_column(tmp_path: Path) -> None:
    t3 = {"rows": [{"uraian": "S1", "pns": 42, "tkk": 103, "jumlah": 146}]}
    (finding,) = run(tmp_path, {"tabel_3": t3}).findings
    assert finding.message.startswith("Tabel 3, kolom 'Jumlah'"), finding.message
    t33 = {"rows": [{"tabel": "3.5", "indikator": "IKU A", "target": "80", "realisasi": "76", "capaian": "90"}]}
    (finding,) = run(tmp_path, {"iku_perbandingan": t33}).findings
    assert finding.message.startswith("Tabel 3.5, kolom 'Capaian tahun ini (%)'"), finding.message


def test_mutu_says_it_comes_from_nrr(tmp_path: Path) -> None:
    rows = [{"kode": "U1", "unsur": "Persyaratan", "nrr": "3.161", "ikm_unsur": "95.00", "mutu": "A"}]
    found = {f.rule: f.message for f in run(tmp_path, {"skm_unsur": {"rows": rows}}).findings}
    assert "SKM_UNSUR.IKM_UNSUR" in found  # 3,161 x 25 = 79,03, typed 95
    assert "NRR x 25 (bukan dari sel IKM per unsur)" in found["SKM_UNSUR.MUTU"]  # B from 79,03, not A from 95


def test_absent_is_said_so() -> None:
    assert id_number(None) == "kosong"
    assert id_number(0) == "0"


def test_hierarchy_message_names_the_row_level(tmp_path: Path) -> None:
    rows = [
        {"level": "Program", "uraian": "Program A", "murni": 999},
        {"level": "Sub Kegiatan", "uraian": "Sub A", "murni": 100, "abt": 0, "realisasi": 90},
    ]
    found = [f.message for f in run(tmp_path, {"t3_19": {"rows": rows}}).findings if f.rule == "T3_19.MURNI.INDUK"]
    assert found == [
        "Tabel 3.19, kolom 'Anggaran Murni (Rp)', baris Program = jumlah baris di bawahnya: "
        "tertulis 999, hasil hitung 100"
    ]
