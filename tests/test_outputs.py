"""Outputs that cannot be written: one line, exit 3, checked before the audit, nothing left behind.

Covers issue #13 item 14: -o a folder, -o equal to --json or to the input, --json into a missing or
read-only folder, a full disk (ENOSPC while xlsxwriter packs its temporary files, or while JSON is
written), and SIGTERM/SIGHUP while a report is being written, for audit, template, fill, export and
rekap. Every case also checks that neither the output folder nor $TMPDIR keeps a temporary file.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX

runner = CliRunner()


@pytest.fixture
def tmpdir_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty $TMPDIR for this process (tempfile caches it, so both are set)."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def no_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if an audit (or a read for export) starts: destinations must be refused before."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the input was read before the output was checked")

    monkeypatch.setattr("lakip_xl.audit.engine.audit", refuse)
    monkeypatch.setattr("lakip_xl.io.reader.read_workbook", refuse)


def _one_line(output: str) -> str:
    message = output.strip()
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith("Galat: "), message
    return message


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    wb, data = tmp_path / "masukan.xlsx", tmp_path / "data.json"
    wb.write_bytes(SAMPLE_XLSX.read_bytes())
    data.write_bytes(SAMPLE_JSON.read_bytes())
    return wb, data


def _bad_destinations(tmp_path: Path) -> list[tuple[str, list[str], str]]:
    wb, data = _inputs(tmp_path)
    folder = tmp_path / "folder"
    folder.mkdir()
    x, j = str(tmp_path / "x.xlsx"), str(tmp_path / "x.json")
    missing, readonly = str(tmp_path / "tidak_ada" / "t.json"), "/proc/t.json"
    return [
        ("audit -o folder", ["audit", str(wb), "-o", str(folder)], "adalah folder"),
        ("audit -o equals --json", ["audit", str(wb), "-o", x, "--json", x], "-o dan --json"),
        ("audit -o equals input", ["audit", str(wb), "-o", str(wb)], "sama dengan berkas masukan"),
        ("audit --json missing folder", ["audit", str(wb), "--json", missing], "Folder keluaran tidak ada"),
        ("audit --json read-only folder", ["audit", str(wb), "--json", readonly], "Tidak dapat menulis"),
        ("audit -o read-only folder", ["audit", str(wb), "-o", "/proc/l.xlsx"], "Tidak dapat menulis"),
        ("audit folder --json folder", ["audit", str(tmp_path), "--json", str(folder)], "adalah folder"),
        ("template -o folder", ["template", "-o", str(folder)], "adalah folder"),
        ("fill -o folder", ["fill", str(data), "-o", str(folder)], "adalah folder"),
        ("fill -o missing folder", ["fill", str(data), "-o", missing], "Folder keluaran tidak ada"),
        ("export -o folder", ["export", str(wb), "-o", str(folder)], "adalah folder"),
        ("export -o equals input", ["export", str(wb), "-o", str(wb)], "sama dengan berkas masukan"),
        ("export -o read-only", ["export", str(wb), "-o", readonly], "Tidak dapat menulis"),
        ("rekap -o folder", ["rekap", str(wb), "-o", str(folder)], "adalah folder"),
        ("rekap -o equals --json", ["rekap", str(wb), "-o", x, "--json", x], "-o dan --json"),
        ("rekap --json missing folder", ["rekap", str(wb), "-o", x, "--json", missing], "Folder keluaran tidak ada"),
        ("rekap --laporan read-only", ["rekap", str(wb), "-o", j + ".xlsx", "--laporan", "/proc"], "Tidak dapat"),
    ]  # fmt: skip


CASES = [
    "audit -o folder", "audit -o equals --json", "audit -o equals input", "audit --json missing folder",
    "audit --json read-only folder", "audit -o read-only folder", "audit folder --json folder", "template -o folder",
    "fill -o folder", "fill -o missing folder", "export -o folder", "export -o equals input", "export -o read-only",
    "rekap -o folder", "rekap -o equals --json", "rekap --json missing folder", "rekap --laporan read-only",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_bad_destination_exits_3_before_any_work(
    tmp_path: Path, tmpdir_env: Path, no_audit: None, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.setattr("lakip_xl.desk.pool.audit_unit", lambda task: pytest.fail("rekap audited first"))
    args, needle = next((a, n) for c, a, n in _bad_destinations(tmp_path) if c == case)
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert needle in _one_line(result.output)
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before  # nothing new, input intact
    assert list((tmp_path / "folder").iterdir()) == [] and list(tmpdir_env.iterdir()) == []


def test_input_problems_keep_exit_2(tmp_path: Path) -> None:
    """Exit 2 still means the input: a missing workbook with a good destination."""
    result = runner.invoke(app, ["audit", str(tmp_path / "tidak_ada.xlsx"), "-o", str(tmp_path / "l.xlsx")])
    assert result.exit_code == 2 and "tidak ditemukan" in _one_line(result.output).lower()


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC where the bytes go to disk: xlsxwriter adding its temporary files to the zip, or a text write."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(zipfile.ZipFile, "write", no_space)
    monkeypatch.setattr(Path, "write_text", no_space)
    monkeypatch.setattr("lakip_xl.report.render.write_json", no_space)
    monkeypatch.setattr("lakip_xl.report.rekap_doc.write_rekap_json", no_space)


FULL_DISK = ["audit", "audit --tanpa-laporan --json", "audit several", "template", "fill", "export", "rekap",
             "rekap --json"]  # fmt: skip


@pytest.mark.parametrize("case", FULL_DISK)
def test_full_disk_is_one_line_exit_3_and_leaves_nothing(
    tmp_path: Path, tmpdir_env: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    wb, data = _inputs(tmp_path)
    out = tmp_path / "hasil"
    out.mkdir()
    (out / "lama.xlsx").write_bytes(b"lama")
    old = str(out / "lama.xlsx")
    args = {
        "audit": ["audit", str(wb), "-o", old],
        "audit --tanpa-laporan --json": ["audit", str(wb), "--tanpa-laporan", "--json", str(out / "t.json")],
        "audit several": ["audit", str(wb), str(tmp_path / "kosong"), "--json", str(out / "t.json")],
        "template": ["template", "-o", old, "--timpa"],
        "fill": ["fill", str(data), "-o", old],
        "export": ["export", str(wb), "-o", str(out / "d.json")],
        "rekap": ["rekap", str(wb), "-o", old, "--laporan", str(out), "--jobs", "1"],
        "rekap --json": ["rekap", str(wb), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--jobs", "1"],
    }[case]
    (tmp_path / "kosong").mkdir()  # "audit several": a workbook and a folder; its report goes next to the input
    _full_disk(monkeypatch)
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output and result.output.count("Galat") == 1  # findings or progress may precede
    assert "disk penuh" in _one_line(result.output.splitlines()[-1]) and ".lakip" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["lama.xlsx"] and (out / "lama.xlsx").read_bytes() == b"lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json", "hasil", "kosong", "masukan.xlsx", "tmpdir"]
    assert list(tmpdir_env.iterdir()) == [], "xlsxwriter's temporary files were left in $TMPDIR"


@pytest.mark.parametrize("failing", ["rekap", "json"])
def test_full_disk_names_the_file_that_failed(
    tmp_path: Path, tmpdir_env: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """``rekap -o R.xlsx --json R.json``: the disk fills while one of the two is written; that one is named (R9)."""
    wb, _ = _inputs(tmp_path)
    out = tmp_path / "hasil"
    out.mkdir()

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    target = "lakip_xl.report.rekap_doc.write_rekap_json" if failing == "json" else "zipfile.ZipFile.write"
    monkeypatch.setattr(target, no_space)
    args = ["rekap", str(wb), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--jobs", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    line = _one_line(result.output.splitlines()[-1])
    named, other = ("r.json", "r.xlsx") if failing == "json" else ("r.xlsx", "r.json")
    assert "disk penuh" in line and named in line and other not in line
    assert list(out.iterdir()) == [] and list(tmpdir_env.iterdir()) == []


@pytest.mark.parametrize("flag", [None, "--timpa", "--force"])
def test_template_never_replaces_an_existing_file_unless_asked(tmp_path: Path, flag: str | None) -> None:
    """A filled workbook named as the template's -o stays as it is: exit 3 and a line saying how to replace it."""
    filled = tmp_path / "lakip_2024.xlsx"
    filled.write_bytes(SAMPLE_XLSX.read_bytes())
    result = runner.invoke(app, ["template", "-o", str(filled), *([flag] if flag else [])])
    if flag is None:
        assert result.exit_code == 3, result.output
        line = _one_line(result.output)
        assert "sudah ada" in line and "--timpa" in line and str(filled) in line
        assert filled.read_bytes() == SAMPLE_XLSX.read_bytes()
    else:
        assert result.exit_code == 0, result.output
        assert filled.read_bytes() != SAMPLE_XLSX.read_bytes()
        assert openpyxl.load_workbook(filled)["Identitas"]["C5"].value is None  # the empty template now
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lakip_2024.xlsx"]


def _cli(*args: str, tmpdir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    return subprocess.Popen([sys.executable, "-m", "lakip_xl.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)  # fmt: skip


def _wait_for_writing(proc: subprocess.Popen[bytes], tmpdir: Path, limit: float = 120.0) -> bool:
    """True once ``proc`` has made its xlsxwriter scratch folder (it is writing a workbook)."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith("lakip-xl-") for p in tmpdir.iterdir()):
            return True
        time.sleep(0.005)
    return False


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.bench import generate

    path = tmp_path_factory.mktemp("besar") / "besar.xlsx"
    generate(8000, path)
    return path


@pytest.mark.parametrize(("signum", "command"), [(signal.SIGTERM, "audit"), (signal.SIGHUP, "rekap")])
def test_signal_while_writing_leaves_nothing(tmp_path: Path, big_workbook: Path, signum: int, command: str) -> None:
    out, tmpdir = tmp_path / "hasil", tmp_path / "tmp"
    out.mkdir()
    tmpdir.mkdir()
    extra: list[str] = ["--laporan", str(out), "--jobs", "1"] if command == "rekap" else []
    proc = _cli(command, str(big_workbook), "-o", str(out / "keluaran.xlsx"), *extra, tmpdir=tmpdir)
    writing = _wait_for_writing(proc, tmpdir)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=180)
    names = sorted(p.name for p in out.iterdir())
    assert writing, "xlsxwriter's scratch folder was never seen in $TMPDIR"
    assert list(tmpdir.iterdir()) == [], "temporary files left in $TMPDIR"
    if proc.returncode == 128 + signum:
        assert names == [], names
        assert b"Traceback" not in err and err.strip().splitlines()[-1].startswith(b"Dihentikan")
    else:  # it finished in the instant between the look and the signal: the outputs are whole
        assert proc.returncode in (0, 1), err
        assert "keluaran.xlsx" in names
