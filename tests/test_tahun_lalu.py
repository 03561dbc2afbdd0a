"""The year-over-year check (issue #20 item 2): ``audit WB --tahun-lalu LAST``.

Built as staff build them: last year's sample rolled forward, this year's figures typed, then a
value about last year typed wrong (or a Renstra target revised) in the copy that goes to Bappeda.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit as plain_audit
from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.cli import app
from lakip_xl.cycle import audit, roll_forward
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.errors import LakipError
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.cycle_staff import row_of, save, this_years_figures
from tests.helpers import build

GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
AKIP = "Nilai Akuntabilitas Kinerja Instansi Pemerintah (AKIP) Kecamatan Mustikajaya"
runner = CliRunner()


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Mustikajaya 2025: rolled forward from the 2024 sample, this year's figures typed (the JSON it holds)."""
    folder = tmp_path_factory.mktemp("tahun")
    rolled = folder / "rolled.xlsx"
    roll_forward(SAMPLE_XLSX, rolled)
    doc = this_years_figures(rolled, read_workbook(SAMPLE_XLSX))
    return save(copy.deepcopy(doc), folder / "mustikajaya_2025.xlsx"), doc


def _tahun(result: Any) -> list[Finding]:
    return [f for f in result.findings if f.rule.startswith("TAHUN.")]


def _variant(typed: tuple[Path, dict[str, Any]], folder: Path, edit: Any) -> Path:
    doc = copy.deepcopy(typed[1])
    return save(doc, folder / "LAKIP_2025.xlsx", edit)


def test_a_correct_restatement_gives_no_tahun_finding(typed: tuple[Path, dict[str, Any]]) -> None:
    path, _ = typed
    result = audit(path, SAMPLE_XLSX)
    assert _tahun(result) == []
    assert result.last_year is not None and result.last_year.path == SAMPLE_XLSX
    without = audit(path)  # without --tahun-lalu nothing changes: the audit of the workbook alone
    assert [f.as_dict() for f in without.findings] == [f.as_dict() for f in plain_audit(path).findings]
    assert without.last_year is None
    assert [f.as_dict() for f in result.findings] == [f.as_dict() for f in without.findings]


def test_a_wrong_realisasi_of_last_year_is_an_error_naming_both_files(
    typed: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path = _variant(typed, tmp_path, lambda d: row_of(d, "iku_perbandingan", "indikator", AKIP).update(
        realisasi_lalu="74.58"))  # fmt: skip
    found = _tahun(audit(path, SAMPLE_XLSX))
    assert [(f.rule, f.severity, f.where.cell, f.recorded, f.expected) for f in found] == [
        ("TAHUN.IKU", Severity.ERROR, "G5", "74.58", "74.85")
    ]
    f = found[0]
    assert "tertulis 74,58 (LAKIP_2025.xlsx), laporan 2024 (mustikajaya_2024.xlsx, " in f.message
    assert "3.2-3.5-3.8 Perbandingan!J5) 74,85" in f.message
    assert f.where.table == "3.2" and f.difference == "-0.27"
    (last,) = f.related
    assert (last.sheet, last.cell, last.label) == ("[mustikajaya_2024.xlsx]3.2-3.5-3.8 Perbandingan", "J5", AKIP)


def test_every_value_about_last_year_is_compared(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        ikm = row_of(doc, "iku_perbandingan", "indikator", "Indeks Kepuasan Masyarakat")
        ikm.update(target_lalu="83", capaian_lalu="105.8")  # the target wrong; its capaian typed over its formula
        k3 = row_of(doc, "iku_perbandingan", "tabel", "3.8")
        k3.update(capaian_lalu="n/a")
        row_of(doc, "skm_tren", "periode", "Tahun N-1").update(tw3="88.68")

    found = _tahun(audit(_variant(typed, tmp_path, edit), SAMPLE_XLSX))
    assert {(f.rule, f.where.table, f.column, f.recorded, f.expected) for f in found} == {
        ("TAHUN.IKU", "3.5", "target_lalu", "83", "84"),  # its capaian differs with it: named once, at the root
        ("TAHUN.IKU", "3.8", "capaian_lalu", "n/a", "100"),
        ("TAHUN.SKM_TREN", "SKM (3.2)", "tw3", "88.68", "88.86"),
    }
    assert all(f.severity is Severity.ERROR for f in found)


def test_indicators_are_paired_by_name_never_by_position(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        rows = doc["tables"]["iku_perbandingan"]["rows"]
        rows.reverse()  # another order this year
        rows[0]["indikator"] = "Persentase Peningkatan Wilayah yg Tertib"  # abbreviated, as typed
        rows.append({"tabel": "3.8", "indikator": "Jumlah Kelurahan Tangguh Bencana", "realisasi_lalu": "3"})

    found = _tahun(audit(_variant(typed, tmp_path, edit), SAMPLE_XLSX))
    assert [(f.rule, f.severity, f.where.label) for f in found] == [
        ("TAHUN.TIDAK_ADA", Severity.WARNING, "Jumlah Kelurahan Tangguh Bencana")
    ]
    assert "tidak ada di laporan 2024 (mustikajaya_2024.xlsx)" in found[0].message


def test_a_revised_renstra_target_is_a_warning_saying_which(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        rows = doc["tables"]["t2_1_1"]["rows"]
        next(r for r in rows if r["indikator"] == "Indeks Kepuasan Masyarakat Terhadap Layanan Publik")["target_2"] = (
            "85.5"
        )

    found = _tahun(audit(_variant(typed, tmp_path, edit), SAMPLE_XLSX))
    assert [(f.rule, f.severity, f.where.table, f.column) for f in found] == [
        ("TAHUN.RENSTRA", Severity.WARNING, "2.1.1", "target_2")
    ]
    assert "'Target tahun ke-2'" in found[0].message and "85,5" in found[0].message and "85" in found[0].message


def test_a_new_renstra_period_is_one_warning(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        ident = {r["kode"]: r for r in doc["tables"]["identitas"]["rows"]}
        ident["renstra_awal"]["nilai"], ident["renstra_akhir"]["nilai"] = 2025, 2029
        for row in doc["tables"]["t2_1_1"]["rows"]:
            row["target_1"] = "90"

    found = _tahun(audit(_variant(typed, tmp_path, edit), SAMPLE_XLSX))
    assert [(f.rule, f.where.sheet) for f in found] == [("TAHUN.RENSTRA", "Identitas")]
    assert "2025-2029" in found[0].message and "2024-2026" in found[0].message


def test_another_units_report_is_a_warning(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        next(r for r in doc["tables"]["identitas"]["rows"] if r["kode"] == "unit")["nilai"] = "Kecamatan Bantargebang"

    found = _tahun(audit(_variant(typed, tmp_path, edit), SAMPLE_XLSX))
    assert [f.rule for f in found] == ["TAHUN.UNIT"]
    # the same unit written in another case and with other spaces is the same unit
    same = _variant(typed, tmp_path, lambda d: next(r for r in d["tables"]["identitas"]["rows"] if r["kode"] == "unit")
                    .update(nilai="KECAMATAN  mustikajaya"))  # fmt: skip
    assert _tahun(audit(same, SAMPLE_XLSX)) == []


def test_iku_five_years_against_last_years(tmp_path: Path) -> None:
    def workbook(name: str, year: int, rows: list[dict[str, Any]]) -> Path:
        ident = {"rows": [{"kode": "unit", "nilai": "Dinas Uji"}, {"kode": "profil", "nilai": "opd"},
                          {"kode": "tahun", "nilai": year}]}  # fmt: skip
        return build(tmp_path, {"identitas": ident, "iku_tahunan": {"rows": rows}}, name)

    def indicator(name: str, first: int, **extra: str) -> dict[str, Any]:
        row = {"level": "Indikator", "uraian": name, "arah": "naik"}
        for n, year in enumerate(("n4", "n3", "n2", "n1", "n")):
            row |= {f"target_{year}": str(first + n), f"realisasi_{year}": str(first + n + 1)}
        return row | extra

    last = workbook("d2024.xlsx", 2024, [{"level": "Sasaran", "uraian": "S"}, indicator("Jalan mantap", 70)])
    this = [{"level": "Sasaran", "uraian": "S"}, indicator("Jalan Mantap", 71, realisasi_n2="99")]
    found = _tahun(audit(workbook("d2025.xlsx", 2025, this), last))
    assert [(f.rule, f.column, f.recorded, f.expected) for f in found] == [
        ("TAHUN.IKU_LIMA_TAHUN", "realisasi_n2", "99", "74")  # 2025's N-2 is 2024's N-1
    ]


def test_the_grobogan_cycle(tmp_path: Path) -> None:
    rolled = tmp_path / "grobogan_2022_kosong.xlsx"
    roll_forward(GROBOGAN, rolled)
    path = save(this_years_figures(rolled, read_workbook(GROBOGAN)), tmp_path / "grobogan_2022.xlsx")
    result = audit(path, GROBOGAN)
    assert _tahun(result) == []
    assert result.last_year is not None and result.last_year.verdict.value == "ada galat"


def test_workbooks_of_other_years_are_refused(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    path, _ = typed
    with pytest.raises(LakipError, match="perlu laporan tahun 2024"):
        audit(path, path)  # 2025 against 2025
    result = runner.invoke(app, ["audit", str(path), "--tahun-lalu", str(GROBOGAN), "--tanpa-laporan"])
    assert result.exit_code == 2
    assert "grobogan_2021.xlsx adalah laporan tahun 2021" in result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    result = runner.invoke(app, ["audit", str(path), "--tahun-lalu", str(bad), "--tanpa-laporan"])
    assert result.exit_code == 2 and "Laporan tahun lalu tidak dapat dipakai" in result.output


def test_the_cli_writes_the_findings_and_refuses_to_write_over_last_years(
    typed: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path = _variant(typed, tmp_path, lambda d: row_of(d, "iku_perbandingan", "indikator", AKIP).update(
        realisasi_lalu="74.58"))  # fmt: skip
    out = tmp_path / "temuan.json"
    result = runner.invoke(app, ["audit", str(path), "--tahun-lalu", str(SAMPLE_XLSX), "--tanpa-laporan", "--json",
                                 str(out)])  # fmt: skip
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert any(f["rule"] == "TAHUN.IKU" and f["related"][0]["cell"] == "J5" for f in doc["findings"])
    last = tmp_path / "lalu.xlsx"
    last.write_bytes(SAMPLE_XLSX.read_bytes())
    refused = runner.invoke(app, ["audit", str(path), "--tahun-lalu", str(last), "-o", str(last)])
    assert refused.exit_code == 3 and last.read_bytes() == SAMPLE_XLSX.read_bytes()
    many = runner.invoke(app, ["audit", str(path), str(path), "--tahun-lalu", str(last)])
    assert many.exit_code == 2 and "rekap --tahun-lalu" in many.output


def test_ringkasan_shows_last_year_beside_this_year(typed: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    import openpyxl

    from lakip_xl.report.build import write_report
    from lakip_xl.report.lastyear import headline_of

    def edit(doc: dict[str, Any]) -> None:
        row_of(doc, "t3_1", "indikator", "Nilai AKIP Kecamatan Mustikajaya").update(realisasi="76.2")  # 76,2/71

    path = _variant(typed, tmp_path, edit)
    report = tmp_path / "laporan.xlsx"
    write_report(audit(path, SAMPLE_XLSX), report)
    sheet = openpyxl.load_workbook(report)["Ringkasan"]
    rows = [[c.value for c in r[:4]] for r in sheet.iter_rows()]
    head = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Dibanding laporan 2024 (mustikajaya_2024.xlsx)"))
    assert rows[head][1:3] == ["2024", "2025"]
    block = {r[0]: r[1:] for r in rows[head + 1 : head + 9] if r[0]}
    assert block["Capaian: Nilai AKIP Kecamatan Mustikajaya"][:2] == [pytest.approx(105.42), pytest.approx(107.32)]
    last_serapan = headline_of(plain_audit(SAMPLE_XLSX)).serapan  # as the 2024 report's own Ringkasan prints it
    assert last_serapan is not None
    assert block["% realisasi keuangan (serapan)"][0] == pytest.approx(float(last_serapan))
    assert block["Kesimpulan audit"][:2] == ["ada galat", "ada galat"]
    plain = tmp_path / "tanpa.xlsx"
    write_report(audit(path), plain)  # without --tahun-lalu: no such block
    assert not any(
        str(c.value).startswith("Dibanding laporan")
        for r in openpyxl.load_workbook(plain)["Ringkasan"].iter_rows()
        for c in r
    )
