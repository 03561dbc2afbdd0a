"""The report agrees with itself (issue 18 item 7).

Every finding is marked where it stands, a Jumlah line included; a formula cell computed from a value the
audit marks wrong is marked as such, with its value from the recomputed one; Ringkasan's "dihitung ulang
dari isian" figures are recomputed; numbers in messages and Catatan are as their column shows them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Severity
from lakip_xl.report.build import write_report
from lakip_xl.report.catatan import CATATAN
from lakip_xl.report.corrected import TAINT_FILL, TAINT_TITLE
from lakip_xl.report.summary import RINGKASAN
from lakip_xl.report.workbook import FILLS, cells_of, report_layout
from lakip_xl.tables import BY_ID
from tests.helpers import build, typed_over

LAVENDER = "FF" + TAINT_FILL[0].lstrip("#")
ORANGE = "FF" + FILLS[Severity.ERROR].lstrip("#")
GREEN = "FFE2EFDA"


def _report(folder: Path, tables: dict[str, Any]) -> tuple[AuditResult, Any, Any]:
    result = audit(build(folder, tables))
    path = folder / "laporan.xlsx"
    write_report(result, path)
    return result, openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def _fill(cell: Any) -> str | None:
    return cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else None


def _t1(jumlah: list[int], total: int) -> dict[str, Any]:
    rows = [{"uraian": f"R{n}", "jumlah": j} for n, j in enumerate(jumlah)]
    return {"tabel_1": {"rows": rows, "total": {"jumlah": total}}}


def assert_every_finding_marked(result: AuditResult, wb: Any) -> int:
    """Each cell a finding is about carries its rule in a comment, in the report laid out as the audit's."""
    layout = report_layout(result)
    marked = 0
    for f in result.findings:
        for table_id, ref, key in cells_of(f):
            spec = BY_ID[table_id]
            row = 5 + (len(layout[table_id].rows) if ref == "total" else int(ref))
            cell = wb[spec.sheet].cell(row, spec.col_index(key) + 1)
            assert cell.comment is not None and f.rule in cell.comment.text, (f.rule, spec.sheet, cell.coordinate)
            assert _fill(cell) == "FF" + FILLS[f.severity].lstrip("#") or f.severity is not Severity.ERROR
            marked += 1
    return marked


@pytest.mark.parametrize("rows", [2, 4])
def test_a_typed_jumlah_with_a_finding_is_marked(tmp_path: Path, rows: int) -> None:
    jumlah = [10 * (n + 1) for n in range(rows)]
    result, wb, _ = _report(tmp_path, _t1(jumlah, sum(jumlah) + 1))
    (f,) = result.findings
    assert f.ref == "total"
    total = wb["T1 Status Pegawai"].cell(5 + rows, 2)
    assert total.value == sum(jumlah) + 1 and _fill(total) == ORANGE
    assert total.comment is not None and f.rule in total.comment.text and "Hasil hitung: " in total.comment.text
    assert assert_every_finding_marked(result, wb) == 1


def test_percentages_over_a_wrong_jumlah_are_marked_with_their_recomputed_value(tmp_path: Path) -> None:
    _, wb, values = _report(tmp_path, _t1([21, 9], 31))
    ws, shown = wb["T1 Status Pegawai"], values["T1 Status Pegawai"]
    for cell, typed, right in (("C5", 67.74, "70,00"), ("C6", 29.03, "30,00"), ("C7", 96.77, "100,00")):
        assert shown[cell].value == typed  # the formula over the typed Jumlah, as any reader computes it
        assert _fill(ws[cell]) == LAVENDER, cell
        text = ws[cell].comment.text
        assert text.startswith(TAINT_TITLE) and "B7 (tertulis 31, hasil hitung 30)" in text, text
        assert text.endswith(f": {right}"), text
    clean_wb = _report(tmp_path, _t1([21, 9], 30))[1]["T1 Status Pegawai"]
    assert all(_fill(clean_wb[c]) == GREEN and clean_wb[c].comment is None for c in ("C5", "C6"))


def test_a_category_of_a_wrong_percent_is_marked(tmp_path: Path) -> None:
    rows = [
        {"level": "Program", "uraian": "P"},
        {"level": "Sub Kegiatan", "uraian": "S", "murni": 1000, "abt": 0, "realisasi": 875, "persen": "78.50"},
    ]
    result, wb, values = _report(tmp_path, {"t3_19": {"rows": rows}})
    assert [f.rule for f in result.findings] == ["T3_19.PERSEN"]
    ws = wb["3.19 Realisasi BLPU"]
    assert values["3.19 Realisasi BLPU"]["J6"].value == "Efisien"  # 78,50 as typed
    assert _fill(ws["J6"]) == LAVENDER
    assert "I6 (tertulis 78,50, hasil hitung 87,50)" in ws["J6"].comment.text
    assert ws["J6"].comment.text.endswith(": Cukup efisien")  # 87,50 on the template's Tabel 3.18 scale
    assert _fill(ws["J5"]) == GREEN  # the program's own % (875 / 1000) is right


def _skm(ikm: str) -> dict[str, Any]:
    rows = [{"kode": f"U{i}", "unsur": f"Unsur {i}", "nrr": "3.700"} for i in range(1, 10)]
    return {"skm_unsur": {"rows": rows, "total": {"ikm_unsur": ikm}}}


def test_ringkasan_shows_recomputed_figures(tmp_path: Path) -> None:
    budget = {
        "t3_19": {
            "rows": [
                {"level": "Program", "uraian": "P", "murni": 2_000},  # the subkegiatan give 1.000
                {"level": "Sub Kegiatan", "uraian": "S", "murni": 1_000, "abt": 0, "realisasi": 900},
            ]
        }
    }
    result, wb, values = _report(tmp_path, {**_skm("95.00"), **budget})
    assert {f.rule for f in result.findings} == {"SKM_UNSUR.IKM_UNSUR.JUMLAH", "T3_19.MURNI.INDUK"}
    ringkasan = {r[0].value: r for r in wb[RINGKASAN].iter_rows() if r[0].value}
    ikm = ringkasan["IKM unit layanan (SKM) dan mutu"][1]
    assert ikm.value == 92.5 and "Tabelnya menunjukkan 95,00" in ikm.comment.text  # the audit's 92,50, not 95,00
    assert ringkasan["IKM unit layanan (SKM) dan mutu"][3].value == "di tabel: 95,00"  # printed, unlike a comment
    anggaran = ringkasan["Anggaran (Tabel 3.19 + 3.20)"][1]
    assert anggaran.value == 1_000 and "2.000" in anggaran.comment.text
    serapan = values[RINGKASAN][ringkasan["% realisasi keuangan"][1].coordinate].value
    assert serapan == 90  # 900 / 1.000, not 900 / 2.000
    right = _report(tmp_path, _skm("92.50"))[1][RINGKASAN]
    cell = next(r[1] for r in right.iter_rows() if r[0].value == "IKM unit layanan (SKM) dan mutu")
    assert str(cell.value).startswith("=") and cell.comment is None  # a live formula where nothing is wrong


def test_messages_and_catatan_show_numbers_as_their_column_does(tmp_path: Path) -> None:
    t1 = {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 1}, {"uraian": "TKK", "jumlah": 2}]}}
    kosong = typed_over(tmp_path, t1, {"T1 Status Pegawai!C5": None})  # a row's formula deleted
    (f,) = [f for f in kosong if f.rule.startswith("HITUNG.KOSONG")]  # _DIBACA: the Jumlah's sum reads it
    assert f.expected == "33.33" and "hasil hitung 33,33;" in f.message
    scores = ("area_jalan", "drainase", "rth", "pkl", "spanduk")
    zones = [{"lokasi": f"Z{n}", **dict.fromkeys(scores, 80 if n < 3 else 60)} for n in range(7)]
    iku = {"rows": [{"indikator": "Zona tertib", "target": "50", "realisasi": "50", "sumber": "Zona K3 (Tabel 3.10)"}]}
    texts = {"rows": [{"indikator": "Zona tertib", "keberhasilan": "Ada"}]}
    tables = {"t3_10": {"rows": zones}, "t3_1": iku, "analisis_penyebab": texts}
    result, wb, _ = _report(tmp_path, tables)
    (k3,) = [f for f in result.findings if f.rule == "LINTAS.K3"]
    assert k3.expected == "42.86" and k3.message.endswith("= 42,86")  # 3 / 7 zones, not 42,857142857...
    for f in result.findings + kosong:
        assert not re.search(r"\d,\d{5,}", f.message), f.message
        for value in (f.expected, f.difference):
            if value is not None and re.fullmatch(r"-?\d+\.\d+", value):
                assert len(value.split(".")[1]) <= 4, (f.rule, value)
    catatan = wb[CATATAN]
    for row in catatan.iter_rows(min_row=4):
        for cell in row[6:9]:
            assert "0" * 5 not in cell.number_format, cell.number_format  # "###" in a 13-wide column otherwise


@pytest.mark.parametrize("sample", ["mustikajaya_2024.xlsx", "grobogan_2021.xlsx"])
def test_every_finding_of_the_samples_is_marked_and_every_marked_formula_names_its_root(
    tmp_path: Path, sample: str
) -> None:
    from tests.conftest import ROOT

    result = audit(ROOT / "samples" / sample)
    write_report(result, tmp_path / "laporan.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "laporan.xlsx")
    assert assert_every_finding_marked(result, wb) >= len([f for f in result.findings if f.table_id])
    tainted = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if _fill(c) == LAVENDER]
    for cell in tainted:
        assert cell.comment is not None and TAINT_TITLE in cell.comment.text, cell.coordinate
        named = re.findall(r"(?:'([^']+)'!)?([A-Z]+\d+) \(tertulis (.+?), hasil hitung (.+?)[;)]", cell.comment.text)
        assert named, cell.comment.text  # the wrong cells it is computed from, named
        for sheet, at, typed, local in named:  # as that cell's own comment (and Catatan) give them
            own = wb[sheet or cell.parent.title][at].comment.text
            assert f"Tertulis: {typed}\n" in own and f"Hasil hitung: {local}\n" in own, (cell.coordinate, at, own)


def test_any_rules_expected_is_recorded_no_finer_than_its_column_shows() -> None:
    from decimal import Decimal

    from lakip_xl.audit.context import Context

    ctx = Context({})
    ratio = Decimal("1602.5") / 17  # 94,26470588235294117647058824: 28 digits from a division
    ctx.add("LINTAS.K3", Severity.ERROR, "t3_1", 0, "realisasi", "-", Decimal("94"), ratio)
    ctx.add("LINTAS.TARGET_RENSTRA", Severity.ERROR, "t3_1", 0, "target", "-", Decimal("84"), Decimal("85"))
    ctx.add("LINTAS.IKU", Severity.ERROR, "t3_1", 0, "target", "-", Decimal("84.125"), ratio)
    assert [f.expected for f in ctx.findings] == ["94.26", "85", "94.265"]  # never padded; finer only as typed
