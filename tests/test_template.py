"""The template: deterministic, protected, validated, printable, and formulas where derived."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from lakip_xl.io.writer import write_workbook
from lakip_xl.model.layout import END_MARK, FIRST_DATA_ROW, HEADER_ROW, a1
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import KECAMATAN, specs_of
from tests.conftest import SAMPLE_JSON, SAMPLE_XLSX, TEMPLATE

ALL = specs_of(KECAMATAN)  # the committed template is the kecamatan profile's


def test_committed_template_is_what_the_generator_writes(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_workbook(out)
    assert out.read_bytes() == TEMPLATE.read_bytes(), "run: lakip-xl template -o templates/workbook_template.xlsx"


def test_committed_sample_is_what_fill_writes(tmp_path: Path) -> None:
    from lakip_xl.io.interchange import load_json

    out = tmp_path / "s.xlsx"
    write_workbook(out, load_json(SAMPLE_JSON))
    assert out.read_bytes() == SAMPLE_XLSX.read_bytes(), "run: lakip-xl fill samples/... -o samples/..."


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return openpyxl.load_workbook(TEMPLATE)


def test_petunjuk_first_and_in_indonesian(template: openpyxl.Workbook) -> None:
    ws = template.worksheets[0]
    assert ws.title == "Petunjuk"
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for phrase in ("Menyisipkan baris", "lakip-xl audit", "Kuning", "Hijau", "terkunci"):
        assert phrase in text
    for spec in ALL:
        assert spec.sheet in text


def test_every_spec_has_its_sheet_with_headers(template: openpyxl.Workbook) -> None:
    for spec in ALL:
        ws = template[spec.sheet]
        assert ws["A1"].value == spec.title
        headers = [ws.cell(HEADER_ROW + 1, c + 1).value for c in range(len(spec.columns))]
        assert headers == [c.header for c in spec.columns]


def test_sheets_are_protected_inputs_unlocked_derived_locked(template: openpyxl.Workbook) -> None:
    ws = template[BY_ID["t3_19"].sheet]
    assert ws.protection.sheet is True
    assert ws.protection.password is None
    assert ws.protection.insertRows is False  # False means "allowed" in OOXML
    spec = BY_ID["t3_19"]
    sub_row = FIRST_DATA_ROW + 2 + 1  # Program, Kegiatan, first Sub Kegiatan
    murni = ws.cell(sub_row, spec.col_index("murni") + 1)
    jumlah = ws.cell(sub_row, spec.col_index("jumlah") + 1)
    assert murni.protection.locked is False
    assert jumlah.protection.locked is True
    assert str(jumlah.value).startswith("=")


def test_derived_cells_hold_formulas(template: openpyxl.Workbook) -> None:
    cases = {
        "tabel_1": ("persentase", "ROUND("),
        "t3_1": ("capaian", "RUMUS_TURUN"),
        "skm_unsur": ("ikm_unsur", "*25"),
        "t3_10": ("ket", "K3_BATAS_BAIK"),
        "t3_19": ("persen", "ROUND("),
        "efisiensi_indikator": ("efisiensi", "MIN("),
    }
    for table_id, (key, needle) in cases.items():
        spec = BY_ID[table_id]
        ws = template[spec.sheet]
        rows = range(FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 1 + max(len(spec.default_rows), spec.blank_rows))
        formulas = [str(ws.cell(r, spec.col_index(key) + 1).value) for r in rows]
        assert any(needle in f for f in formulas), (table_id, formulas[:2])


def test_parent_sums_find_their_group_in_the_sheet(template: openpyxl.Workbook) -> None:
    """Each parent's group is found by the spreadsheet, not fixed when the template was written.

    Its ranges start at ``INDEX(E:E,ROW()+1)`` (the row below it, even after a
    row is inserted right there; never the parent's own cell, which Excel would
    call circular) and end at the first row below of its own or an outer level,
    searched (MATCH) down to the end mark, which every row staff insert above it
    pushes down. So a Kegiatan added below another closes the other's group.
    """
    spec = BY_ID["t2_2_2"]
    ws = template[spec.sheet]
    pagu = spec.col_index("pagu") + 1
    levels = [ws.cell(r, 1).value for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1)]
    end = FIRST_DATA_ROW + levels.index(None) if None in levels else ws.max_row
    assert END_MARK in [ws.cell(end + 1, c).value for c in range(1, len(spec.columns) + 1)]
    order = spec.hierarchy.levels  # type: ignore[union-attr]
    for i, level in enumerate(levels[: end - FIRST_DATA_ROW]):
        if level == "Sub Kegiatan":
            continue
        formula = ws.cell(FIRST_DATA_ROW + 1 + i, pagu).value
        assert formula.startswith("=SUMIFS(INDEX(E:E,ROW()+1):INDEX(E:E,ROW()+"), formula
        searched = set(re.findall(r'MATCH\("([^"]+)",INDEX\(A:A,ROW\(\)\+1\):\$A\$(\d+),0\)', formula))
        assert searched == {(lvl, str(end + 1)) for lvl in order[: order.index(level) + 1]}, formula
        assert formula.endswith(f',"{order[order.index(level) + 1]}")')


def test_validation_messages_in_indonesian(template: openpyxl.Workbook) -> None:
    ws = template[BY_ID["t2_2_2"].sheet]
    messages = {dv.error for dv in ws.data_validations.dataValidation}
    rupiah = "Isi rupiah bulat tanpa desimal, tidak boleh negatif. Nihil: ketik 0 atau -. Bila tidak diukur, ketik n/a"
    assert any(m.startswith(rupiah) for m in messages if m)
    money = [dv for dv in ws.data_validations.dataValidation if (dv.error or "").startswith(rupiah)]
    assert {dv.errorStyle for dv in money} == {"warning"}  # n/a and "-" can be typed past it
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("Sub Kegiatan" in str(dv.formula1) for dv in lists)
    ws = template[BY_ID["t3_19"].sheet]
    abt = [dv for dv in ws.data_validations.dataValidation if "negatif untuk pengurangan" in (dv.error or "")]
    assert abt and abt[0].operator in (None, "between")  # between is the OOXML default
    ws = template[BY_ID["t3_10"].sheet]
    assert any(dv.formula1 == "30" and dv.formula2 == "90" for dv in ws.data_validations.dataValidation)
    ws = template[BY_ID["skm_unsur"].sheet]
    assert any(dv.formula1 == "1" and dv.formula2 == "4" for dv in ws.data_validations.dataValidation)


def test_print_setup_a4_landscape_fit_width_repeat_header(template: openpyxl.Workbook) -> None:
    for spec in ALL:
        ws = template[spec.sheet]
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the OOXML default
        assert ws.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
        assert ws.freeze_panes == a1(FIRST_DATA_ROW, 0)


def test_number_formats(template: openpyxl.Workbook) -> None:
    spec = BY_ID["t3_19"]
    ws = template[spec.sheet]
    assert ws.cell(FIRST_DATA_ROW + 3, spec.col_index("murni") + 1).number_format == "#,##0"
    assert ws.cell(FIRST_DATA_ROW + 3, spec.col_index("persen") + 1).number_format == "#,##0.00"


def test_document_properties_are_fixed(template: openpyxl.Workbook) -> None:
    assert template.properties.created.year == 2024
    assert template.properties.creator == "lakip-xl"


def test_unit_and_year_options(tmp_path: Path) -> None:
    out = tmp_path / "u.xlsx"
    write_workbook(out, unit="Kecamatan A & B", year=2025)
    wb = openpyxl.load_workbook(out)
    ws = wb["Identitas"]
    values = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1)}
    assert values["unit"] == "Kecamatan A & B" and values["tahun"] == 2025
    assert "Kecamatan A && B" in wb["T1 Status Pegawai"].oddFooter.left.text


def test_years_have_no_thousands_separator(template: openpyxl.Workbook) -> None:
    """Tahun laporan and the Renstra years show as 2024, never 2.024 or 2,024; validated as years."""
    ws = template["Identitas"]
    rows = {ws.cell(r, 1).value: r for r in range(FIRST_DATA_ROW + 1, ws.max_row + 1)}
    for key in ("tahun", "renstra_awal", "renstra_akhir"):
        assert ws.cell(rows[key], 3).number_format == "0", key
        rule = next(v for v in ws.data_validations.dataValidation if f"C{rows[key]}" in str(v.sqref))
        operator = rule.operator or "between"  # the OOXML default, left out
        assert (rule.type, operator, rule.formula1, rule.formula2) == ("whole", "between", "2000", "2099")


def test_petunjuk_rows_are_tall_enough_for_their_wrapped_text(tmp_path: Path) -> None:
    """Printed, no wrapped text of the Petunjuk overlaps the row below: each row fits its lines."""
    from openpyxl.utils import get_column_letter, range_boundaries

    out = tmp_path / "t.xlsx"
    write_workbook(out)
    ws = openpyxl.load_workbook(out)["Petunjuk"]
    spans = {}
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, _ = range_boundaries(str(merged))
        spans[(min_row, min_col)] = range(min_col, max_col + 1)

    def width(col: int) -> float:
        return float(ws.column_dimensions[get_column_letter(col)].width or 8.43)

    checked = 0
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            col = int(cell.column)
            cols = spans.get((cell.row, col), range(col, col + 1))
            lines = -(-len(cell.value) // int(sum(width(c) for c in cols)))
            if lines > 1:
                checked += 1
                height = ws.row_dimensions[cell.row].height
                assert height is not None and height >= 13 * lines, (cell.coordinate, cell.value, height)
    assert checked >= 3  # the long steps and descriptions


def test_petunjuk_says_when_dotted_thousands_are_numbers(template: openpyxl.Workbook) -> None:
    """9.974.700.000 is a number only under Indonesian regional settings; elsewhere it is text the sums skip."""
    text = " ".join(str(c.value) for row in template["Petunjuk"].iter_rows() for c in row if c.value)
    assert "pengaturan wilayah komputer Indonesia" in text
    assert "hapus titiknya" in text


def test_petunjuk_sheet_links_are_top_aligned_with_their_text(template: openpyxl.Workbook) -> None:
    ws = template["Petunjuk"]
    links = [c for row in ws.iter_rows() for c in row if c.hyperlink is not None]
    assert len(links) >= 20
    assert {c.alignment.vertical for c in links} == {"top"}
