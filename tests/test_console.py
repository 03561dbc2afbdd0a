"""The console: any encoding, no control sequence or markup taken from a cell, readable at 80 columns."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from lakip_xl.audit.engine import audit
from lakip_xl.report.console import fit
from lakip_xl.report.render import print_console
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import build

URAIAN = "PNS \u2014 m\u00b2 \x1b[31mMERAH\x1b[0m [bold]tebal[/bold] \u202eabc \U0001f600"


def _workbook(folder: Path) -> Path:
    """Tabel 1 whose first row (uraian above) has a wrong persentase: one finding labelled with that text."""
    rows = [{"uraian": URAIAN, "jumlah": 42, "persentase": "99"}, {"uraian": "TKK", "jumlah": 136}]
    return build(folder, {"tabel_1": {"rows": rows}})


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    unset = ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG", "COLUMNS", "LINES")
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run([sys.executable, "-m", "lakip_xl.cli", *args], capture_output=True, timeout=120,
                          env={**base, "PYTHONPATH": str(ROOT), **env})  # fmt: skip


ENCODINGS = [({"PYTHONIOENCODING": "ascii"}, "ascii"), ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
             ({"LC_ALL": "C", "LANG": "C"}, "utf-8")]  # fmt: skip
IDS = ["ascii", "cp1252", "LC_ALL=C"]  # LC_ALL=C: Python 3.7+ coerces the C locale to UTF-8


@pytest.mark.parametrize(("env", "encoding"), ENCODINGS, ids=IDS)
def test_console_never_fails_on_an_encoding(tmp_path: Path, env: dict[str, str], encoding: str) -> None:
    path = _workbook(tmp_path)
    done = _cli(env, "audit", str(path), "-o", str(tmp_path / "l.xlsx"))
    assert done.returncode == 1, done.stderr
    out = done.stdout.decode(encoding)
    assert b"Traceback" not in done.stderr and "tak terduga" not in done.stderr.decode(encoding, "replace")
    assert b"\x1b" not in done.stdout  # the cell's ESC is shown as \x1b, never sent raw
    assert "\\x1b[31mMERAH\\x1b[0m" in out and "[bold]tebal[/bold]" in out and "\\u202eabc" in out
    assert ("PNS - m2" if encoding == "ascii" else "PNS \u2014 m\u00b2") in out
    assert "Laporan ditulis" in out

    done = _cli(env, "audit", str(path), "-o", str(tmp_path / "l.xlsx"), "--json", "-")
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout.decode(encoding))["findings"]  # valid JSON, nothing lost
    assert [f["label"] for f in findings] == [URAIAN]


def test_error_line_shows_control_characters_escaped(tmp_path: Path) -> None:
    done = _cli({"PYTHONIOENCODING": "ascii"}, "audit", str(tmp_path / "tidak\x1b[31m\u2014ada.xlsx"))
    assert done.returncode == 2
    err = done.stderr.decode("ascii")
    assert err.startswith("Galat: ") and err.count("\n") == 1
    assert "\\x1b[31m" in err and "-ada.xlsx" in err


def test_terminal_gets_no_control_sequence_or_markup_from_a_cell(tmp_path: Path) -> None:
    result = audit(_workbook(tmp_path))
    buffer = io.StringIO()
    print_console(result, console=Console(file=buffer, force_terminal=True, color_system="standard", width=100))
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # rich's own styles reach the terminal
    assert "\x1b[31mMERAH" not in out and "\\x1b[31mMERAH" in out
    assert "[bold]tebal[/bold]" in out and "\u202e" not in out


@pytest.mark.parametrize(
    ("text", "encoding", "shown"),
    [
        ("a\x1b[2Jb\x07", "utf-8", "a\\x1b[2Jb\\x07"),
        ("baris 1\r\nbaris 2\tx", "utf-8", "baris 1\nbaris 2\tx"),
        ("\u00e9t\u00e9 \u2014 \u00b2 \u2264 \u4e2d", "ascii", "ete - 2 <= ?"),
        ("\u2014 \u00b2 \u2264", "cp1252", "\u2014 \u00b2 <="),
        ("\u202eabc\u2066", None, "\\u202eabc\\u2066"),
    ],
)
def test_fit(text: str, encoding: str | None, shown: str) -> None:
    assert fit(text, encoding) == shown


@pytest.mark.parametrize(("columns", "width"), [(None, 80), ("100", 100), ("132", 132)])
def test_piped_console_honours_columns(tmp_path: Path, columns: str | None, width: int) -> None:
    """Piped, the table is as wide as COLUMNS says, else 80; narrower than 120 the place heads each finding."""
    env = {"PYTHONIOENCODING": "utf-8", **({"COLUMNS": columns} if columns else {})}
    done = _cli(env, "audit", str(SAMPLE_XLSX), "-o", str(tmp_path / "l.xlsx"))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    table = [line for line in lines if line[:1] in "┏┃┡│├└"]
    assert table and {len(line) for line in table} == {width}
    assert max(len(line) for line in lines if not line.startswith("Laporan ditulis: ")) <= width  # but a long path
    header = next(line for line in lines if "Temuan" in line)
    assert ("Tabel / sel" in header) == (width >= 120)
    assert any("2.2.2 Anggaran Triwulan!E10" in line for line in table)


def test_what_an_encoding_lacks_is_written_as_json_escapes() -> None:
    from lakip_xl.report.console import ERRORS, tolerant_stdio

    tolerant_stdio()  # registers the handler (the test's streams are left as they are)
    text = '{"label": "m\u00b2 \u2014 \U0001f600"}'
    written = text.encode("ascii", errors=ERRORS)
    assert written == b'{"label": "m\\u00b2 \\u2014 \\ud83d\\ude00"}'
    assert json.loads(written) == json.loads(text)


HOSTILE = "a\x1b[31mmerah\x07\x1b]0;judul\x07\nbaris"  # CSI, BEL, OSC (sets the window title) and a line break


def _raw_controls(data: bytes) -> list[bytes]:
    """Control bytes a name put on a terminal: ESC, BEL and a line break inside a message line."""
    return [c for c in (b"\x1b", b"\x07", b"\x9b", b"\x9d") if c in data]


def test_several_workbooks_print_names_without_control_characters(tmp_path: Path) -> None:
    """``audit FOLDER``: the error line of a broken file and the report lines of a good one (R6)."""
    folder = tmp_path / "masuk"
    folder.mkdir()
    build(folder, {"tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 1}]}}, name=f"{HOSTILE}.xlsx")
    (folder / f"b{HOSTILE}.xlsx").write_bytes(b"PK bukan zip")
    done = _cli({}, "audit", str(folder))
    assert done.returncode == 1, done.stderr
    assert _raw_controls(done.stdout) == [] and _raw_controls(done.stderr) == []
    (error,) = done.stderr.decode().splitlines()  # one line for the broken file, its name's line break included
    assert error.startswith("Galat: b") and "\\x1b]0;judul\\x07 baris" in error
    assert "\\x1b[31mmerah" in done.stdout.decode() and "baris_laporan.xlsx" in done.stdout.decode()


def _units() -> list[Any]:
    from lakip_xl.report.unit import UnitSummary

    broken = UnitSummary(f"b{HOSTILE}.xlsx", reason=f"Berkas b{HOSTILE}.xlsx rusak")
    good = UnitSummary(f"{HOSTILE}.xlsx", unit=f"Kecamatan {HOSTILE}", verdict="bersih")
    return [good, broken]


def test_rekap_progress_lines_show_names_escaped() -> None:
    from lakip_xl.report.progress import progress_display

    stream = io.StringIO()
    with progress_display(stream, terminal=False) as shown:
        shown.start(2)
        for unit in _units():
            shown.advance(unit)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and "\x1b" not in stream.getvalue() and "\x07" not in stream.getvalue()
    assert lines[2].startswith("[2/2] b") and lines[2].count("\\x1b]0;judul\\x07 baris") == 2


def test_rekap_bar_and_table_on_a_terminal_show_names_escaped() -> None:
    from lakip_xl.report.progress import BarProgress, print_rekap
    from lakip_xl.report.unit import RekapResult

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    bar = BarProgress(console)
    bar.start(2)
    for unit in _units():
        bar.advance(unit)
    bar.close()
    print_rekap(RekapResult(_units()), console)
    out = buffer.getvalue()
    assert "\x1b]0;" not in out and "\x07" not in out and "\x1b[31mmerah" not in out
    assert "\\x1b[31mmerah" in out and "Kecamatan a\\x1b[31mmerah" in out
