"""Hostile and broken inputs: exit 2 with a one-line reason, or findings; never a traceback."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from tests.conftest import ROOT, SAMPLE_XLSX

runner = CliRunner()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sample_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE_XLSX) as z:
        return {n: z.read(n) for n in z.namelist()}


def _audit(tmp_path: Path, target: Path) -> tuple[int, str]:
    before = _sha(target)
    out = tmp_path / "out" / "laporan.xlsx"
    out.parent.mkdir(exist_ok=True)
    result = runner.invoke(app, ["audit", str(target), "-o", str(out), "--json", str(tmp_path / "out" / "t.json")])
    assert "Traceback" not in result.output
    assert _sha(target) == before, "the input file changed"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers
    if result.exit_code == 2:
        assert not out.exists()
        message = result.output.strip()
        assert "\n" not in message and message.startswith("Galat: ")
    return result.exit_code, result.output


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>&lol9;</sheets></workbook>"""


def _case_not_zip(p: Path) -> Path:
    (p / "bukan.xlsx").write_text("ini bukan workbook")
    return p / "bukan.xlsx"


def _case_truncated(p: Path) -> Path:
    data = SAMPLE_XLSX.read_bytes()
    (p / "potong.xlsx").write_bytes(data[: len(data) // 2])
    return p / "potong.xlsx"


def _case_empty(p: Path) -> Path:
    (p / "kosong.xlsx").write_bytes(b"")
    return p / "kosong.xlsx"


def _case_directory(p: Path) -> Path:
    (p / "folder.xlsx").mkdir()
    return p / "folder.xlsx"


def _case_missing(p: Path) -> Path:
    return p / "tidak_ada.xlsx"


def _case_xls(p: Path) -> Path:
    (p / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return p / "lama.xls"


def _case_ods(p: Path) -> Path:
    return _zip(p / "calc.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})


def _case_csv(p: Path) -> Path:
    (p / "data.csv").write_text("uraian;jumlah\nPNS;42\n")
    return p / "data.csv"


def _case_encrypted_zip(p: Path) -> Path:
    path = _zip(p / "sandi.xlsx", _sample_parts())
    data = bytearray(path.read_bytes())
    i = data.find(b"PK\x01\x02")  # central directory: set the "encrypted" flag of the first entry
    data[i + 8] |= 1
    j = data.find(b"PK\x03\x04")
    data[j + 6] |= 1
    path.write_bytes(bytes(data))
    return path


def _case_zip_bomb(p: Path) -> Path:
    parts = _sample_parts()
    parts["xl/worksheets/sheet2.xml"] = b"<worksheet>" + b" " * (64 << 20) + b"</worksheet>"
    return _zip(p / "bom.xlsx", parts)


def _case_entities(p: Path) -> Path:
    parts = _sample_parts()
    parts["xl/workbook.xml"] = BILLION_LAUGHS
    return _zip(p / "entitas.xlsx", parts)


def _case_entities_in_strings(p: Path) -> Path:
    parts = _sample_parts()
    parts["xl/sharedStrings.xml"] = BILLION_LAUGHS.replace(b"workbook", b"sst")
    return _zip(p / "entitas2.xlsx", parts)


def _case_entities_in_prefixed_sheet(p: Path) -> Path:
    """An x:-prefixed sheet (read by the parser) whose DTD hides past the first 4 KiB."""
    from tests.test_sheet_xml import _dotnet

    parts = _sample_parts()
    lol = BILLION_LAUGHS[BILLION_LAUGHS.index(b"<!DOCTYPE") : BILLION_LAUGHS.index(b"]>") + 2]
    lol = lol.replace(b"DOCTYPE lolz", b"DOCTYPE x:worksheet")
    sheet = _dotnet(parts["xl/worksheets/sheet8.xml"])
    parts["xl/worksheets/sheet8.xml"] = sheet.replace(b"?>\n", b"?>\n<!--" + b" " * 5000 + b"-->" + lol, 1)
    return _zip(p / "entitas3.xlsx", parts)


def _case_no_template_sheets(p: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "data lain"
    wb.save(p / "lain.xlsx")
    return p / "lain.xlsx"


def _case_headers_edited(p: Path) -> Path:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    ws = wb["T2 Golongan"]
    for c in ("A4", "B4", "C4"):
        ws[c] = "kolom"
    wb.save(p / "judul.xlsx")
    return p / "judul.xlsx"


def _case_too_many_far_cells(p: Path) -> Path:
    """100,001 typed cells beyond the table area (one far cell is data outside the table: tests/test_far_cells.py)."""
    parts = _sample_parts()
    sheet = parts["xl/worksheets/sheet8.xml"]
    far = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r) for r in range(900_000, 1_000_001))
    parts["xl/worksheets/sheet8.xml"] = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    return _zip(p / "baris.xlsx", parts)


def _case_two_sheets_of_one_name(p: Path) -> Path:
    """Another sheet renamed in workbook.xml to a table's name: one of the two would be read, the other lost."""
    parts = _sample_parts()
    names = re.findall(rb'<sheet name="([^"]*)"', parts["xl/workbook.xml"])
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b'<sheet name="' + names[-1] + b'"', b'<sheet name="' + names[-2] + b'"', 1
    )
    return _zip(p / "kembar.xlsx", parts)


EXIT_2: list[tuple[str, Callable[[Path], Path], str]] = [
    ("not a zip", _case_not_zip, "bukan workbook .xlsx"),
    ("truncated zip", _case_truncated, "rusak"),
    ("empty file", _case_empty, "kosong"),
    ("directory", _case_directory, "folder"),
    ("missing path", _case_missing, "tidak ditemukan"),
    ("xls or encrypted (OLE)", _case_xls, "simpan sebagai .xlsx atau .ods"),
    ("ods", _case_ods, ".ods"),
    ("csv", _case_csv, "CSV"),
    ("encrypted zip entries", _case_encrypted_zip, "terenkripsi"),
    ("zip bomb", _case_zip_bomb, "bom zip"),
    ("entity expansion in workbook.xml", _case_entities, "entitas"),
    ("entity expansion in sharedStrings", _case_entities_in_strings, "entitas"),
    ("entity expansion in an x:-prefixed sheet past 4 KiB", _case_entities_in_prefixed_sheet, "entitas"),
    ("none of the template's sheets", _case_no_template_sheets, "tidak memuat satu pun lembar"),
    ("headers edited", _case_headers_edited, "T2 Golongan"),
    ("100,001 cells far away", _case_too_many_far_cells, "100.001 sel berisi di luar area tabel A1:BL200000"),
    ("two sheets of one name", _case_two_sheets_of_one_name, "dua lembar bernama"),
]


@pytest.mark.parametrize(("case", "make", "needle"), EXIT_2, ids=[c[0] for c in EXIT_2])
def test_unusable_input_exits_2(tmp_path: Path, case: str, make: Callable[[Path], Path], needle: str) -> None:
    target = make(tmp_path)
    start = time.perf_counter()
    code, output = _audit(tmp_path, target)
    assert code == 2, output
    assert needle in output
    assert target.name in output
    assert time.perf_counter() - start < 20


def _edited(p: Path, edits: dict[str, object], sheet: str = "3.19 Realisasi BLPU") -> Path:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    ws = wb[sheet]
    for ref, value in edits.items():
        ws[ref] = value
    wb.save(p / "edit.xlsx")
    return p / "edit.xlsx"


FINDINGS = [
    ("text, date, boolean where numbers belong", {"E9": "tiga juta", "E10": __import__("datetime").date(2024, 1, 1),
                                                  "H9": True}, "VALIDASI.TIPE"),
    ("error values", {"H10": "#N/A"}, "SEL.GALAT"),
    ("negative money", {"E9": -5}, "VALIDASI.RENTANG"),
    ("absurdly large money", {"E9": 10**17}, "VALIDASI.RENTANG"),
    ("NaN and inf text", {"E9": "NaN", "E10": "inf"}, "VALIDASI.TIPE"),
    ("formula to another workbook", {"H9": "=[1]Sheet1!A1"}, "SEL.EKSTERNAL"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "edits", "rule"), FINDINGS, ids=[c[0] for c in FINDINGS])
def test_bad_cells_are_findings(tmp_path: Path, case: str, edits: dict[str, object], rule: str) -> None:
    code, _ = _audit(tmp_path, _edited(tmp_path, edits))
    assert code == 1
    assert rule in (tmp_path / "out" / "t.json").read_text(encoding="utf-8")


def test_bad_cells_in_a_decimal_column(tmp_path: Path) -> None:
    """Decimal columns are stored as coefficient + exponent; text and out-of-range numbers are kept aside."""
    edits = {"G5": "tujuh puluh", "G6": 1e30, "F7": -0.0}
    code, _ = _audit(tmp_path, _edited(tmp_path, edits, sheet="3.1 Capaian IKU"))
    found = json.loads((tmp_path / "out" / "t.json").read_text(encoding="utf-8"))["findings"]
    at = {(f["rule"], f["cell"]) for f in found if f["sheet"] == "3.1 Capaian IKU"}
    assert code == 1 and ("VALIDASI.TIPE", "G5") in at
    assert any(cell == "G6" for _, cell in at)  # 10^30 % realisasi: its capaian cannot be right


def test_merged_cells_in_a_table(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    wb["3.19 Realisasi BLPU"].merge_cells("D9:D10")
    wb.save(tmp_path / "gabung.xlsx")
    code, _ = _audit(tmp_path, tmp_path / "gabung.xlsx")
    text = (tmp_path / "out" / "t.json").read_text(encoding="utf-8")
    assert code == 1 and "SEL.GABUNG" in text and "VALIDASI.WAJIB" in text


@pytest.mark.parametrize("text", ["=1+1", "+62 21 555", "-beban", "@SUM(A1)", '=HYPERLINK("http://x","klik")'])
def test_formula_injection_stays_text(tmp_path: Path, text: str) -> None:
    wb = openpyxl.load_workbook(SAMPLE_XLSX)
    cell = wb["3.19 Realisasi BLPU"]["D9"]
    cell.value = text
    cell.data_type = "s"  # typed as text, as a spreadsheet stores '=1+1 typed with a leading apostrophe
    wb.save(tmp_path / "suntik.xlsx")
    _audit(tmp_path, tmp_path / "suntik.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out" / "laporan.xlsx")["3.19 Realisasi BLPU"]
    assert ws["D9"].data_type == "s" and ws["D9"].value == text


def test_failed_run_keeps_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "laporan.xlsx"
    out.write_bytes(b"laporan lama")
    bad = _case_not_zip(tmp_path)
    assert runner.invoke(app, ["audit", str(bad), "-o", str(out)]).exit_code == 2
    assert out.read_bytes() == b"laporan lama"


def test_output_folder_not_writable(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "-o", "/proc/laporan.xlsx"])
    assert result.exit_code == 3 and "Tidak dapat menulis" in result.output


def test_interrupted_report_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lakip_xl.report import workbook as report

    def boom(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(report.ReportWriter, "write", boom)
    out = tmp_path / "laporan.xlsx"
    out.write_bytes(b"lama")
    result = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "-o", str(out)])
    assert result.exit_code == 130
    assert out.read_bytes() == b"lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.xlsx"]


def _cli(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "lakip_xl.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)  # fmt: skip


def test_two_audits_of_the_same_file_at_once(tmp_path: Path) -> None:
    procs = [_cli("audit", str(SAMPLE_XLSX), "-o", str(tmp_path / f"l{i}.xlsx")) for i in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 1, err
    assert (
        openpyxl.load_workbook(tmp_path / "l0.xlsx").sheetnames
        == openpyxl.load_workbook(tmp_path / "l1.xlsx").sheetnames
    )


def test_sigint_leaves_no_partial_output(tmp_path: Path) -> None:
    from bench.bench import generate

    big = tmp_path / "besar.xlsx"
    generate(12000, big)
    out = tmp_path / "hasil"
    out.mkdir()
    proc = _cli("audit", str(big), "-o", str(out / "laporan.xlsx"))
    _wait_until_reading(proc, big)  # past start-up (slow on a loaded machine): the audit has the file open
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    names = sorted(p.name for p in out.iterdir())
    if proc.returncode == 130:
        assert names == [] and b"Dibatalkan" in err and b"Traceback" not in err
    else:  # it finished before the signal: the report is whole
        assert proc.returncode in (0, 1) and names == ["laporan.xlsx"]
        openpyxl.load_workbook(io.BytesIO((out / "laporan.xlsx").read_bytes()))


def _wait_until_reading(proc: subprocess.Popen[bytes], path: Path, limit: float = 60.0) -> None:
    """Return once ``proc`` holds ``path`` open (Linux /proc), or has ended; elsewhere wait 2.5 s."""
    fds = Path(f"/proc/{proc.pid}/fd")
    if not fds.exists():  # pragma: no cover - not Linux
        time.sleep(2.5)
        return
    target, deadline = str(path.resolve()), time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if any(os.readlink(fd) == target for fd in fds.iterdir()):
                return
        except OSError:  # a descriptor closed while we looked
            pass
        time.sleep(0.01)


def test_a_table_on_two_sheets_is_named_not_silently_picked(tmp_path: Path) -> None:
    from lakip_xl.audit.engine import audit
    from tests.helpers import build

    t1 = {"rows": [{"uraian": "PNS", "jumlah": 42}, {"uraian": "TKK", "jumlah": 103}]}
    path = build(tmp_path, {"tabel_1": t1})
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb["T1 Status Pegawai"])
    copy.title = "Salinan Tabel 1"
    wb.save(path)
    found = [(f.rule, f.where.sheet) for f in audit(path).findings if f.rule == "LEMBAR.GANDA"]
    assert found == [("LEMBAR.GANDA", "T1 Status Pegawai")]
    (finding,) = [f for f in audit(path).findings if f.rule == "LEMBAR.GANDA"]
    assert "'Salinan Tabel 1'" in finding.message
    del wb["Salinan Tabel 1"]
    wb.save(path)
    assert not [f for f in audit(path).findings if f.rule == "LEMBAR.GANDA"]
