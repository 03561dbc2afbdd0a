"""Messages in plain Bahasa Indonesia (issue #19, "Misleading messages"): no Python repr, numbers the
Indonesian way and short, no English from the operating system or a library, a JSON key given twice
refused, and names that are not UTF-8 carried through every output.

Each workbook case is built the way staff make one: the template filled, then a cell typed over it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.model.numbers import id_number, parse_id_number
from tests.conftest import SAMPLE_JSON, SAMPLE_XLSX
from tests.helpers import typed_over

runner = CliRunner()
T1 = "T1 Status Pegawai"
T319 = "3.19 Realisasi BLPU"
TABEL_1 = {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 136}]}}
T3_19 = {
    "t3_19": {
        "rows": [
            {"level": "Program", "uraian": "Program A"},
            {"level": "Sub Kegiatan", "uraian": "Sub A", "murni": 1000, "abt": 0, "realisasi": 900},
        ]
    }
}


def _at(findings: list[Any], cell: str) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in findings if f.where.cell == cell and f.rule.startswith(("VALIDASI", "SEL"))]


# R11: no Python repr of a cell's value


def test_a_logical_value_is_written_as_excel_shows_it(tmp_path: Path) -> None:
    (found,) = _at(typed_over(tmp_path, TABEL_1, {f"{T1}!B5": True}), "B5")
    assert found[0] == "VALIDASI.TIPE" and "TRUE" in found[1] and "True" not in found[1]


# R17 and D16: numbers in messages the Indonesian way, bounded; scientific notation is a number


def test_a_huge_number_is_short_in_its_message(tmp_path: Path) -> None:
    (found,) = _at(typed_over(tmp_path, T3_19, {f"{T319}!E6": 1e308}), "E6")
    assert found[0] == "VALIDASI.RENTANG" and "1E+308" in found[1] and len(found[1]) < 120, found


@pytest.mark.parametrize(("typed", "shown"), [("1e-10", "'1e-10'"), (-1e-300, "'-1E-300'"), (1500.5, "'1.500,5'")])
def test_a_fraction_in_a_money_cell_is_not_whole_rather_than_not_a_number(
    tmp_path: Path, typed: object, shown: str
) -> None:
    (found,) = _at(typed_over(tmp_path, T3_19, {f"{T319}!E6": typed}), "E6")
    assert found == ("VALIDASI.BULAT", f"Isian {shown} harus bilangan bulat (rupiah tanpa desimal)")


def test_a_fraction_in_a_count_cell_does_not_speak_of_rupiah(tmp_path: Path) -> None:
    (found,) = _at(typed_over(tmp_path, TABEL_1, {f"{T1}!B5": "1e-10"}), "B5")
    assert found[0] == "VALIDASI.BULAT" and "rupiah" not in found[1]


def test_scientific_notation_typed_as_text_is_read_as_the_number() -> None:
    assert parse_id_number("1e-10") == parse_id_number("0,0000000001")
    assert parse_id_number("1,5E+3") == 1500 and parse_id_number("2E-3 %") == parse_id_number("0,002")
    assert parse_id_number("1e400") is None and parse_id_number("0e9999") == 0  # past a double: not a number


@pytest.mark.parametrize(
    ("value", "shown"),
    [(10**308, "1E+308"), (-(10**20), "-1E+20"), (10**17, "100.000.000.000.000.000"), (True, "TRUE")],
    ids=["1e308", "-1e20", "1e17", "TRUE"],
)
def test_id_number_is_bounded(value: Any, shown: str) -> None:
    assert id_number(value) == shown


def test_id_number_of_tiny_and_long_decimals() -> None:
    from decimal import Decimal

    assert id_number(Decimal("1e-10")) == "1E-10" and id_number(Decimal("0.000000001")) == "0,000000001"
    assert id_number(Decimal(repr(1.7976931348623157e308))) == "1,79769E+308"
    assert len(id_number(Decimal("0." + "1" * 60))) < 20
    assert id_number(Decimal("80.960")) == "80,960"  # what was typed, as before


# R17 and the duplicate keys: the JSON of fill


def _fill(tmp_path: Path, text: str) -> tuple[int, str]:
    source = tmp_path / "data.json"
    source.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["fill", str(source), "-o", str(tmp_path / "isi.xlsx")])
    assert "Traceback" not in result.output and "tak terduga" not in result.output, result.output
    return result.exit_code, result.output.strip()


def _sample_text() -> str:
    return SAMPLE_JSON.read_text(encoding="utf-8")


def test_money_with_a_zero_fraction_is_the_integer(tmp_path: Path) -> None:
    from lakip_xl.io.interchange import load_json

    text = _sample_text()
    assert '"murni": 18758578800,' in text
    code, output = _fill(tmp_path, text.replace('"murni": 18758578800,', '"murni": 18758578800.0,'))
    assert code == 0, output
    money = [r.get("murni") for r in load_json(tmp_path / "data.json")["t3_19"].rows]
    assert 18758578800 in money and all(isinstance(m, int) for m in money if m is not None)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('"murni": 18758578800,', '"murni": 18758578800.5,', "harus bilangan bulat (rupiah atau jumlah tanpa desimal), "
         "bukan 18.758.578.800,5"),
        ('"murni": 18758578800,', '"murni": 1e308,', "tables.t3_19.rows[0].murni: 1E+308 di luar batas"),
        ('"version": 1', '"version": "1"', "\"version\" harus angka 1 tanpa tanda petik, bukan teks '1'"),
        ('"version": 1', '"version": 2', "Versi JSON 2 tidak didukung (harus 1)"),
    ],
)  # fmt: skip
def test_json_numbers_are_explained(tmp_path: Path, old: str, new: str, needle: str) -> None:
    text = _sample_text()
    assert old in text
    code, output = _fill(tmp_path, text.replace(old, new, 1))
    assert code == 2 and needle in output, output
    assert "e+" not in output and "1.87586" not in output


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('"format": "lakip-xl",', '"format": "lakip-xl", "version": 2,', "JSON: kunci 'version' ditulis dua kali"),
        ('{"kode": "unit", "nilai": "Kecamatan Mustikajaya"}',
         '{"kode": "unit", "nilai": "Kecamatan Mustikajaya", "nilai": "Kecamatan Lain"}',
         "tables.identitas.rows[0]: kunci 'nilai' ditulis dua kali"),
        ('"tabel_1": {', '"tabel_1": {"rows": [], ', "tables.tabel_1: kunci 'rows' ditulis dua kali"),
    ],
)  # fmt: skip
def test_a_json_key_given_twice_is_refused_where_it_stands(tmp_path: Path, old: str, new: str, needle: str) -> None:
    text = _sample_text()
    assert old in text, old
    code, output = _fill(tmp_path, text.replace(old, new, 1))
    assert code == 2 and needle in output, output
    assert not (tmp_path / "isi.xlsx").exists()


def test_a_table_given_twice_in_the_json_is_refused(tmp_path: Path) -> None:
    doc = json.loads(_sample_text())
    tabel_1 = json.dumps(doc["tables"]["tabel_1"])
    text = _sample_text().replace('"tables": {', '"tables": {\n  "tabel_1": ' + tabel_1 + ",", 1)
    code, output = _fill(tmp_path, text)
    assert code == 2 and "tables: kunci 'tabel_1' ditulis dua kali" in output, output


# D14: half a character (a lone surrogate) in a name


def test_a_lone_surrogate_in_the_json_is_one_line(tmp_path: Path) -> None:
    text = _sample_text().replace('"nilai": "Kecamatan Mustikajaya"', '"nilai": "Kecamatan \\udce9"', 1)
    code, output = _fill(tmp_path, text)
    assert code == 2 and output.startswith("Galat: tables.identitas.rows[0].nilai: teks memuat \\udce9"), output


def test_a_unit_name_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "t.xlsx"), "--unit", "Kec \udcff"])
    assert result.exit_code == 2 and "bukan UTF-8" in result.output and "tak terduga" not in result.output


# D13 and D14: a file name that is not UTF-8 (Latin-1 café from an old archive)

LATIN1 = os.fsdecode(b"caf\xe9.xlsx")


def test_a_latin1_file_name_is_read_and_named_in_every_output(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_XLSX, tmp_path / LATIN1)
    result = runner.invoke(app, ["audit", str(tmp_path / LATIN1), "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 1, result.output
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["file"] == "caf\\xe9.xlsx"
    assert (tmp_path / os.fsdecode(b"caf\xe9_laporan.xlsx")).exists()
    result = runner.invoke(app, ["rekap", str(tmp_path / LATIN1), "-o", str(tmp_path / "r.xlsx"),
                                 "--json", str(tmp_path / "r.json"), "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output
    (unit,) = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["units"]
    assert unit["file"] == "caf\\xe9.xlsx" and unit["verdict"] == "ada galat"


# D13 and R13: a file that cannot be read


def _unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Reading ``name`` fails as without permission (the tests may run as root, who may read anything)."""
    real = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == name:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # as typer's own readable check sees it


def test_an_unreadable_input_is_one_indonesian_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLE_XLSX, tmp_path / "kunci.xlsx")
    _unreadable(monkeypatch, "kunci.xlsx")
    result = runner.invoke(app, ["audit", str(tmp_path / "kunci.xlsx"), "--tanpa-laporan"])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == "Galat: Berkas kunci.xlsx tidak dapat dibuka: tidak ada izin membaca"


def test_rekap_reasons_are_indonesian_and_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "masuk"
    (folder / "kecamatan").mkdir(parents=True)
    shutil.copy(SAMPLE_XLSX, folder / "a.xlsx")
    shutil.copy(SAMPLE_XLSX, folder / "kecamatan" / "kunci.xlsx")
    _unreadable(monkeypatch, "kunci.xlsx")
    from lakip_xl.desk.rekap import rekap

    result = rekap([folder], tmp_path / "r.xlsx", jobs=1)
    reasons = {u.name: u.reason for u in result.units if u.reason}
    assert reasons == {"kecamatan/kunci.xlsx": "tidak dapat dibuka: tidak ada izin membaca"}  # its row names the file


def test_a_reason_names_the_file_as_the_run_does(tmp_path: Path) -> None:
    """The rekap opens a file by its absolute path; its reason names it relative to the inputs, in Indonesian."""
    from lakip_xl.model.errors import LakipError
    from lakip_xl.report.reasons import reason_of

    path = tmp_path / "masuk" / "kecamatan" / "a.xlsx"
    gone = reason_of(LakipError(f"Berkas tidak ditemukan: {path}"), path, "kecamatan/a.xlsx")
    assert gone == "Berkas tidak ditemukan: kecamatan/a.xlsx"
    denied = reason_of(PermissionError(13, "Permission denied", str(path)), path, "kecamatan/a.xlsx")
    assert denied == "tidak dapat dibuka: tidak ada izin membaca"  # the line printing it names the file
    assert reason_of(PermissionError(13, "Permission denied", str(path))) == (
        f"Berkas {path} tidak dapat dibuka: tidak ada izin membaca"
    )  # alone (no name to print it beside), the reason names the file


def test_os_errors_are_never_the_systems_english() -> None:
    import errno

    from lakip_xl.model.errors import os_reason

    for code in errno.errorcode:
        said = os_reason(OSError(code, os.strerror(code)))
        assert os.strerror(code) not in said or not os.strerror(code), (code, said)
    assert os_reason(OSError(errno.ENOSPC, "No space left on device"), writing=True).startswith("disk penuh")


def test_a_broken_zip_says_so_in_indonesian(tmp_path: Path) -> None:
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan zip")
    with pytest.raises(
        Exception, match=r"^Berkas rusak.xlsx rusak atau bukan .xlsx/.ods \(arsip zip-nya tidak utuh\)$"
    ):
        audit(tmp_path / "rusak.xlsx")


# D16: workbooks that are not plain .xlsx, or hold what calamine refuses, explained


def _parts(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zipped(path: Path, parts: dict[str, bytes], method: int | None = None) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED if method is None else method) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _one_line_audit(path: Path) -> str:
    result = runner.invoke(app, ["audit", str(path), "--tanpa-laporan"])
    assert result.exit_code == 2, result.output
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Galat: ") and path.name in line, line
    return line


def test_a_number_cell_with_spaces_is_read_as_its_number(tmp_path: Path) -> None:
    """``<c t="n"><v> 42 </v></c>``: calamine refused the whole sheet ("Parse float error"); XML allows the spaces."""
    import re

    from lakip_xl.io.xlsx import Package

    with Package(SAMPLE_XLSX) as pkg:
        part = pkg.sheets[T1]
    parts = _parts(SAMPLE_XLSX)
    for value, name in ((b" 42 ", "spasi.xlsx"), (b"dua", "teks.xlsx")):
        cell = re.search(rb'<c r="B5"[^>]*?(?:/>|>.*?</c>)', parts[part])
        assert cell is not None
        edited = dict(parts)
        edited[part] = parts[part][: cell.start()] + b'<c r="B5" t="n"><v>' + value + b"</v></c>"
        edited[part] += parts[part][cell.end() :]
        found = _at(audit(_zipped(tmp_path / name, edited)).findings, "B5")
        if value == b" 42 ":
            assert found == []  # 42, as the sample holds
        else:
            assert found == [("VALIDASI.TIPE", "Isian 'dua' bukan angka")]


def test_a_strict_open_xml_workbook_is_explained(tmp_path: Path) -> None:
    strict = {
        name: data.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                           b"http://purl.oclc.org/ooxml/spreadsheetml/main")
        for name, data in _parts(SAMPLE_XLSX).items()
    }  # fmt: skip
    line = _one_line_audit(_zipped(tmp_path / "strict.xlsx", strict))
    assert "Strict Open XML" in line and "simpan sebagai Excel Workbook (.xlsx)" in line


def test_an_xlsb_is_explained(tmp_path: Path) -> None:
    parts = {"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>", "xl/workbook.bin": b"\x83\x01"}
    line = _one_line_audit(_zipped(tmp_path / "biner.xlsb", parts))
    assert ".xlsb" in line and "simpan sebagai .xlsx atau .ods" in line


def test_a_large_stored_part_is_too_large_not_a_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part stored uncompressed (ratio 1x) over the per-part limit (lowered here): "terlalu besar", not "bom zip"."""
    import zipfile

    monkeypatch.setattr("lakip_xl.io.xlsx.MAX_PART", 1 << 20)
    parts = _parts(SAMPLE_XLSX)
    parts["xl/media/foto.png"] = os.urandom(2 << 20)
    line = _one_line_audit(_zipped(tmp_path / "besar.xlsx", parts, zipfile.ZIP_STORED))
    assert "terlalu besar" in line and "bom zip" not in line and "xl/media/foto.png" in line


# D11: a reader that closes the pipe (`--json - | head`)


@pytest.mark.parametrize(
    "args",
    [["audit", "--json", "-", "--tanpa-laporan"], ["audit", "--tanpa-laporan"], ["export", "-o", "-"]],
    ids=["audit --json -", "audit console", "export -o -"],
)
def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path, args: list[str]) -> None:
    """The reader went away before the output was written: no "Galat", no "Exception ignored", exit 128 + SIGPIPE."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    shutil.copy(SAMPLE_XLSX, tmp_path / "a.xlsx")
    read, write = os.pipe()
    os.close(read)  # what `head` does once it has its lines
    command = [sys.executable, "-m", "lakip_xl.cli", args[0], str(tmp_path / "a.xlsx"), *args[1:]]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, env=env, timeout=120, check=False)
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert done.stderr == b""


# R12: a blank or deleted profil


def _without_profil(tmp_path: Path, sample: Path, how: str) -> tuple[Path, str]:
    import openpyxl

    wb = openpyxl.load_workbook(sample)
    ws = wb["Identitas"]
    (row,) = [r for r in ws.iter_rows() if r[0].value == "profil"]
    if how == "blank":
        row[2].value = None
    else:
        ws.delete_rows(row[0].row)
    path = tmp_path / f"{how}.xlsx"
    wb.save(path)
    return path, row[2].coordinate


@pytest.mark.parametrize("how", ["blank", "deleted"])
def test_an_opd_workbook_without_its_profil_is_judged_by_its_sheets(tmp_path: Path, how: str) -> None:
    sample = SAMPLE_XLSX.with_name("grobogan_2021.xlsx")
    path, cell = _without_profil(tmp_path, sample, how)
    expected = {(f.rule, f.where.cell) for f in audit(sample).findings}
    findings = [f for f in audit(path).findings if f.rule != "SEL.TANPA_CACHE"]
    assert [f for f in findings if f.rule == "LEMBAR.HILANG"] == []
    (note,) = [f for f in findings if f.rule == "IDENTITAS.PROFIL"]
    assert note.where.sheet == "Identitas" and note.where.cell == (cell if how == "blank" else None)
    assert "diperiksa sebagai opd" in note.message and "Pegawai L-P" in note.message
    assert {(f.rule, f.where.cell) for f in findings if f is not note} == expected


@pytest.mark.parametrize("how", ["blank", "deleted"])
def test_a_kecamatan_workbook_without_its_profil_is_what_it_was(tmp_path: Path, how: str) -> None:
    """Blank or deleted, a kecamatan workbook is a kecamatan's, as every workbook made before profiles: no note."""
    path, _ = _without_profil(tmp_path, SAMPLE_XLSX, how)
    expected = {(f.rule, f.where.cell) for f in audit(SAMPLE_XLSX).findings}
    assert {(f.rule, f.where.cell) for f in audit(path).findings if f.rule != "SEL.TANPA_CACHE"} == expected
