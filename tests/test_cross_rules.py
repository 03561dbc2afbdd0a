"""Cross-table rules compare against the other table as typed and as recomputed (item 7).

One root cause is reported once: a wrong derived value is its own table's finding,
not a second disagreement in every table that repeats the right number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import codes, rules, run

NAME = "Persentase Pelayanan Administrasi Tepat Waktu"


def _iku(t31_capaian: str, t35: dict[str, str]) -> dict[str, Any]:
    t31 = {"indikator": NAME, "target": "80", "realisasi": "76", "capaian": t31_capaian}
    return {"t3_1": {"rows": [t31]}, "iku_perbandingan": {"rows": [{"tabel": "3.5", "indikator": NAME, **t35}]}}


def test_wrong_capaian_in_3_1_is_reported_once(tmp_path: Path) -> None:
    right = {"target": "80", "realisasi": "76", "capaian": "95"}
    assert codes(run(tmp_path, _iku("95", right))) == set()
    found = codes(run(tmp_path, _iku("105", right)))  # 76 / 80 = 95 %: 3.1 is wrong, 3.5 is right
    assert "T3_1.CAPAIAN" in found and "LINTAS.IKU" not in found


def test_wrong_capaian_in_3_5_is_reported_once(tmp_path: Path) -> None:
    found = codes(run(tmp_path, _iku("95", {"target": "80", "realisasi": "76", "capaian": "105"})))
    assert "IKU_PERBANDINGAN.CAPAIAN" in found and "LINTAS.IKU" not in found


def test_different_realisasi_is_a_cross_table_finding(tmp_path: Path) -> None:
    result = run(tmp_path, _iku("95", {"target": "80", "realisasi": "70", "capaian": "87.5"}))
    assert [r for r in rules(result) if r[0] == "LINTAS.IKU"] == [("LINTAS.IKU", "error", "J5")]
    (finding,) = [f for f in result.findings if f.rule == "LINTAS.IKU"]
    assert [loc.cell for loc in finding.related] == ["G5", "K5", "H5"]  # 3.1 realisasi, both capaian
    assert "capaiannya juga berbeda" in finding.message


def test_wrong_staffing_total_is_its_own_finding_only(tmp_path: Path) -> None:
    t1 = {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 103}]}
    t3 = {"rows": [{"uraian": "S1", "pns": 42, "tkk": 103}], "total": {"pns": 50}}
    found = codes(run(tmp_path, {"tabel_1": t1, "tabel_3": t3}))
    assert "TABEL_3.PNS.JUMLAH" in found and "LINTAS.PEGAWAI" not in found
