"""The command line: Indonesian help, exit codes, and errors without tracebacks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX

runner = CliRunner()


def _commands() -> list[str]:
    return sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_help_is_indonesian() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "lembar kerja LAKIP" in result.output
    assert "Tampilkan bantuan ini lalu keluar." in result.output


@pytest.mark.parametrize("command", ["template", "fill", "export"])
def test_each_command_explains_itself(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"\b(Buat|Isi|Baca|Periksa)\b", result.output)


def test_every_command_is_documented_in_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _commands():
        assert f"lakip-xl {name}" in readme, f"README does not document 'lakip-xl {name}'"


def test_every_option_is_documented_in_readme() -> None:
    """Each command's options (long or short form) appear on its row of the README's command table."""
    import re

    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in _commands():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `lakip-xl {name}")), "")
        command = group.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            opts = [o for o in param.opts if o.startswith("-")]
            if opts and param.name not in ("help", "debug"):
                named = any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", row) for o in opts)
                assert named, f"README's row for {name} does not name {opts[-1]}"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("lakip-xl ")


def test_template_command_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out), "--unit", "Kecamatan X", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_missing_input_exits_2_with_reason(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "tidak_ada.xlsx"), "-o", "-"])
    assert result.exit_code == 2
    assert "tidak ditemukan" in result.output
    assert "Traceback" not in result.output


def test_bad_json_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lakip-xl", "version": 1, "tables": {"tabel_1": {"rows": [{"jumlah": "x"}]}}}')
    result = runner.invoke(app, ["fill", str(bad), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2
    assert "tables.tabel_1.rows[0].jumlah" in result.output
    assert not (tmp_path / "o.xlsx").exists()


def test_not_a_workbook_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("ini bukan workbook")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    result = runner.invoke(app, ["export", str(bad), "-o", "-"])
    assert result.exit_code == 2
    assert "bukan.xlsx" in result.output
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_export_refuses_to_overwrite_input(tmp_path: Path) -> None:
    wb = tmp_path / "wb.xlsx"
    wb.write_bytes(SAMPLE_XLSX.read_bytes())
    result = runner.invoke(app, ["export", str(wb), "-o", str(wb)])
    assert result.exit_code == 3  # an output that cannot be written, not an unusable input
    assert wb.read_bytes() == SAMPLE_XLSX.read_bytes()


def test_failed_fill_keeps_existing_output(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    out.write_bytes(b"lama")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert runner.invoke(app, ["fill", str(bad), "-o", str(out)]).exit_code == 2
    assert out.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["o.xlsx", "bad.json"]) or len(list(tmp_path.iterdir())) == 2


def test_fill_into_missing_folder_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(app, ["fill", str(SAMPLE_JSON), "-o", str(tmp_path / "nope" / "o.xlsx")])
    assert result.exit_code == 3
    assert "Folder keluaran tidak ada" in result.output


ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Try ", "for help", "Error", "Missing", "No such", "Invalid",
           "required", "default:", "Got unexpected", "requires", "Possible")  # fmt: skip


CASES = ["help", "command help", "missing argument", "unknown option", "unknown command", "not an integer",
         "option without value", "extra arguments"]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--help"], ["Pemakaian: lakip-xl [OPSI] PERINTAH [ARGUMEN]...", "Opsi:", "Perintah:"]),
        (["audit", "--help"], ["Pemakaian: lakip-xl audit [OPSI]", "Argumen:", "[wajib]", "[bawaan: id]"]),
        (["audit"], ["Coba 'lakip-xl audit --help' untuk bantuan.", "Galat: Argumen 'BERKAS' wajib diisi."]),
        (["audit", "--jsn", "x"], ["Galat: Opsi tidak dikenal: --jsn (mungkin maksudnya: --json)"]),
        (["frob"], ["Coba 'lakip-xl --help' untuk bantuan.", "Galat: Perintah 'frob' tidak dikenal."]),
        (["template", "--year", "dua"], ["Galat: Nilai tidak sah untuk '--year': harus bilangan bulat."]),
        (["template", "-o"], ["Galat: Opsi '-o' memerlukan nilai."]),
        (["fill", "a.json", "b", "c", "-o", "x.xlsx"], ["Galat: Argumen berlebih: b c"]),
    ],
    ids=CASES,
)
def test_click_texts_are_indonesian(args: list[str], expected: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == (0 if "--help" in args else 2)
    for text in expected:
        assert text in result.output
    assert [word for word in ENGLISH if word in result.output] == []


ENGLISH_HELP = re.compile(r"<[^>]*(?:str|int|float|path|Path|list|range|bool)[^>]*>|\{\w+\}|Show this|x>=|\[x")


@pytest.mark.parametrize("command", ["", "template", "fill", "export", "audit", "rekap"])
def test_help_shows_no_english_or_python_types(command: str) -> None:
    """Every command's --help: metavars in Bahasa Indonesia, not ``<list[Path]>``, ``{workbooks}``, ``<int range>``."""
    result = runner.invoke(app, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    assert ENGLISH_HELP.findall(result.output) == [], result.output
    assert [word for word in ENGLISH if word in result.output] == []
    if command in ("audit", "rekap"):
        assert f"Pemakaian: lakip-xl {command} [OPSI] BERKAS..." in result.output
        assert "--json BERKAS" in result.output and "-o, --output BERKAS" in result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rekap", "x.xlsx", "-o", "r.xlsx", "--jobs", "0"],
         "Galat: Nilai tidak sah untuk '--jobs': harus paling kecil 1."),
        (["template", "--profile", "dinas"],
         "Galat: Nilai tidak sah untuk '--profile' / '--profil': 'dinas' bukan salah satu dari 'kecamatan', 'opd'."),
        (["rekap", "x.xlsx", "-o", "r.xlsx", "--jobs", "1,5"],
         "Galat: Nilai tidak sah untuk '--jobs': harus bilangan bulat."),
    ],
)  # fmt: skip
def test_option_errors_are_indonesian(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output, result.output
    assert not re.search(r"Input should|Value error|greater than", result.output)


def test_lang_en_covers_what_help_and_readme_say(tmp_path: Path) -> None:
    """--lang en: the console's frame in English, each finding's message in Bahasa Indonesia, as documented."""
    runner = CliRunner()
    help_text = " ".join(runner.invoke(app, ["audit", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "hanya bingkai tampilan layar" in help_text and "laporan .xlsx tetap berbahasa Indonesia" in help_text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`--lang en` translates only the frame of the console output" in readme
    out = runner.invoke(app, ["audit", str(SAMPLE_XLSX), "--lang", "en", "--tanpa-laporan"], env={"COLUMNS": "200"})
    assert out.exit_code == 1
    text = " ".join(out.output.split())
    assert "Audit of mustikajaya_2024.xlsx" in text and "Severity" in text and "Verdict: errors found" in text
    assert "29 errors, 9 warnings, 1 info" in text
    assert "tidak sama dengan TW I+II+III+IV" in text  # a finding's message: Bahasa Indonesia
    assert "galat" not in text.split("Verdict")[1]  # the frame is English through the verdict
