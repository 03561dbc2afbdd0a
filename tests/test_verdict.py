"""Verdict integrity: absent is not zero, completeness is part of the verdict (items 1 and 2)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.completeness import Verdict, required_tables
from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_document
from tests.helpers import build, codes, run

runner = CliRunner()

T1 = {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 103}]}
T3 = {"rows": [{"uraian": "S1", "pns": 42, "tkk": 103}]}


def test_empty_template_is_unusable_not_clean(tmp_path: Path) -> None:
    path = tmp_path / "kosong.xlsx"
    write_workbook(path, {}, unit="Kecamatan Uji", year=2025)
    with pytest.raises(LakipError, match="belum diisi"):
        audit(path)
    result = runner.invoke(app, ["audit", str(path), "-o", str(tmp_path / "l.xlsx")])
    assert result.exit_code == 2
    assert "belum diisi" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "l.xlsx").exists()


def test_staffing_against_empty_tabel_1_is_not_checked(tmp_path: Path) -> None:
    result = run(tmp_path, {"tabel_3": T3})
    assert "LINTAS.PEGAWAI" not in codes(result)
    assert not any("(0)" in f.message for f in result.findings)
    assert [n.rule for n in result.not_checked] == ["LINTAS.PEGAWAI"]
    assert "LINTAS.PEGAWAI" in codes(run(tmp_path, {"tabel_1": T1, "tabel_3": {"rows": [{"pns": 40, "tkk": 103}]}}))


def _keuangan(urusan: int) -> dict[str, Any]:
    return {"akuntabilitas_keuangan": {"rows": [{"kode": "bl_urusan", "anggaran": urusan}]}}


def test_budget_summary_against_empty_3_20_is_not_checked(tmp_path: Path) -> None:
    result = run(tmp_path, _keuangan(1_000))
    assert "LINTAS.KEUANGAN" not in codes(result)
    assert "LINTAS.KEUANGAN" in {n.rule for n in result.not_checked}
    t320 = {
        "rows": [
            {"level": "Program", "uraian": "Program P"},
            {"level": "Sub Kegiatan", "uraian": "Sub S", "murni": 900, "abt": 0, "realisasi": 800},
        ]
    }
    assert "LINTAS.KEUANGAN" in codes(run(tmp_path, {**_keuangan(1_000), "t3_20": t320}))


def test_analysis_texts_are_not_asked_when_3_13_is_not_used(tmp_path: Path) -> None:
    t31 = {"rows": [{"indikator": "Indeks Kepuasan", "target": "80", "realisasi": "85"}]}
    result = audit(build(tmp_path, {"t3_1": t31}))
    assert "TEKS.KOSONG" not in codes(result)
    assert "TEKS.KOSONG" in {n.rule for n in result.not_checked}
    used = {"rows": [{"indikator": "Indikator Lain", "keberhasilan": "Ada"}]}
    assert "TEKS.KOSONG" in codes(audit(build(tmp_path, {"t3_1": t31, "analisis_penyebab": used})))


def test_required_tables_decide_between_bersih_and_belum_lengkap(tmp_path: Path) -> None:
    clean = {"tabel_1": T1}
    default = audit(build(tmp_path, clean, required=None))  # the template's list: 2.1.2, 2.2.1, 3.1, 3.19
    assert default.findings == [] and default.verdict is Verdict.INCOMPLETE and default.exit_code == 1
    missing = {t.table for t in default.tables if t.required and t.status != "diisi"}
    assert missing == {"2.1.2", "2.2.1", "3.1", "3.19"}
    only_1 = audit(build(tmp_path, clean, required="1"))
    assert only_1.verdict is Verdict.CLEAN and only_1.exit_code == 0
    also_2 = audit(build(tmp_path, clean, required="Tabel 1, 2"))
    assert also_2.verdict is Verdict.INCOMPLETE


def test_unknown_required_table_is_a_finding(tmp_path: Path) -> None:
    result = audit(build(tmp_path, {"tabel_1": T1}, required="1, 9.9"))
    assert [(f.rule, f.where.sheet) for f in result.findings] == [("PARAMETER.TABEL_WAJIB", "Parameter")]
    assert "'9.9'" in result.findings[0].message and result.verdict is Verdict.ERRORS


def test_required_tables_setting() -> None:
    assert required_tables("-") == (frozenset(), [])
    assert required_tables("3.2; SKM")[0] >= {"iku_perbandingan", "skm_unsur"}
    assert required_tables("2.2.1, x")[1] == ["x"]


def test_console_and_json_say_what_was_filled_and_checked(tmp_path: Path) -> None:
    path = build(tmp_path, {"tabel_3": T3}, required="3, 1")
    doc = to_document(audit(path))
    assert doc["verdict"] == "belum lengkap"
    status = {t["table"]: (t["status"], t["required"]) for t in doc["tables"]}
    assert status["3"] == ("diisi", True) and status["1"] == ("kosong", True) and status["4"] == ("kosong", False)
    assert doc["not_checked"][0]["rule"] == "LINTAS.PEGAWAI"
    out = tmp_path / "temuan.json"
    result = runner.invoke(app, ["audit", str(path), "--json", str(out), "-o", str(tmp_path / "l.xlsx")])
    assert result.exit_code == 1
    assert "belum lengkap" in result.output and "Tidak diperiksa: LINTAS.PEGAWAI" in result.output
    assert json.loads(out.read_text(encoding="utf-8"))["verdict"] == "belum lengkap"


def test_other_checks_list_themselves_when_their_other_table_is_empty(tmp_path: Path) -> None:
    t31 = {
        "rows": [{"indikator": "Zona Tertib K3", "target": "80", "realisasi": "75", "sumber": "Zona K3 (Tabel 3.10)"}]
    }
    t222 = {"rows": [{"level": "Sub Kegiatan", "uraian": "Sub A", "pagu": 100, "tw1": 100}]}
    penutup = {"rows": [{"kode": "realisasi_anggaran", "klaim": 5_000}]}
    result = run(tmp_path, {"t3_1": t31, "t2_2_2": t222, "penutup": penutup})
    assert not {"LINTAS.K3", "LINTAS.PAGU", "PENUTUP.KLAIM"} & codes(result)
    skipped = {n.rule: n.reason for n in result.not_checked}
    assert {"LINTAS.K3", "LINTAS.PAGU", "PENUTUP.KLAIM"} <= set(skipped)
    assert "3.10" in skipped["LINTAS.K3"] and "3.19" in skipped["LINTAS.PAGU"]


def test_an_error_does_not_hide_an_empty_required_table(tmp_path: Path) -> None:
    """Console, JSON, Ringkasan and the rekap row name both the errors and the required tables not filled."""
    import openpyxl

    from lakip_xl.desk.rekap import rekap
    from lakip_xl.report.build import write_report
    from lakip_xl.report.rekap_doc import to_rekap_document

    wrong = {"tabel_1": {**T1, "total": {"jumlah": 146}}}  # 42 + 103 = 145
    path = build(tmp_path, wrong, required="1, 2.2.1, 3.19")
    result = audit(path)
    assert result.verdict is Verdict.ERRORS and result.missing == ["2.2.1", "3.19"]
    assert result.conclusion == "ada galat; tabel wajib belum diisi: 2.2.1, 3.19"
    doc = to_document(result)
    assert (doc["verdict"], doc["required_missing"]) == ("ada galat", ["2.2.1", "3.19"])
    out = runner.invoke(app, ["audit", str(path), "--tanpa-laporan"], env={"COLUMNS": "200"})
    assert "Kesimpulan: ada galat; tabel wajib belum diisi: 2.2.1, 3.19." in out.output
    write_report(result, tmp_path / "laporan.xlsx")
    ringkasan = openpyxl.load_workbook(tmp_path / "laporan.xlsx")["Ringkasan"]
    texts = [c.value for row in ringkasan.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith("KESIMPULAN: ada galat (1 galat); tabel wajib belum diisi: 2.2.1, 3.19.") for t in texts)
    summary = rekap([path], tmp_path / "rekap.xlsx", jobs=1)
    (unit,) = to_rekap_document(summary)["units"]
    assert (unit["verdict"], unit["required_missing"]) == ("ada galat", ["2.2.1", "3.19"])
    rows = openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Ringkasan Rekap"].iter_rows(values_only=True)
    assert "ada galat; tabel wajib belum diisi: 2.2.1, 3.19" in {r[4] for r in rows if len(r) > 4}
    complete = audit(build(tmp_path, wrong, required="1"))
    assert complete.missing == [] and complete.conclusion == "ada galat"
    assert to_document(complete)["required_missing"] == []


def test_belum_lengkap_names_its_tables_in_the_json_too(tmp_path: Path) -> None:
    result = audit(build(tmp_path, {"tabel_1": T1}, required="1, SKM"))
    assert result.verdict is Verdict.INCOMPLETE
    assert to_document(result)["required_missing"] == ["SKM (3.2)"]  # four sheets, named once
