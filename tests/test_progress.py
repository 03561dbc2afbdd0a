"""Long work shows progress on a terminal's stderr only: never in stdout's JSON, nothing when piped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from lakip_xl.audit.engine import audit
from lakip_xl.report.build import write_report
from tests.conftest import SAMPLE_XLSX

pty = pytest.importorskip("pty")  # POSIX: a pseudo-terminal stands for the user's terminal


def _run(args: list[str], *, terminal: bool) -> tuple[int, bytes, str]:
    """Run the CLI with stdout piped and stderr a terminal (or a pipe); return code, stdout, stderr."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    command = [sys.executable, "-m", "lakip_xl.cli", *args]
    if not terminal:
        done = subprocess.run(command, capture_output=True, env=env, timeout=300, check=False)
        return done.returncode, done.stdout, done.stderr.decode()
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []

    def pump() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=pump)
    reader.start()
    out, _ = proc.communicate(timeout=300)
    reader.join(10)
    os.close(master)
    return proc.returncode, out, b"".join(chunks).decode(errors="replace")


def test_audit_shows_progress_on_a_terminal_and_keeps_json_clean(tmp_path: Path) -> None:
    args = ["audit", str(SAMPLE_XLSX), "--json", "-", "-o", str(tmp_path / "laporan.xlsx")]
    code, out, err = _run(args, terminal=True)
    assert code == 1
    assert len(json.loads(out)["findings"]) == 39  # stdout is the JSON alone
    assert f"Membaca dan memeriksa {SAMPLE_XLSX.name}" in err
    assert "Menulis laporan: lembar 3.19 Realisasi BLPU" in err and "Menyimpan laporan" in err


def test_audit_prints_no_progress_when_not_on_a_terminal(tmp_path: Path) -> None:
    code, out, err = _run(["audit", str(SAMPLE_XLSX), "-o", str(tmp_path / "laporan.xlsx")], terminal=False)
    assert code == 1 and b"Laporan ditulis" in out
    assert "Membaca" not in err and "Menulis laporan" not in err and err == ""


def test_report_writer_reports_every_row_it_writes(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    write_report(audit(SAMPLE_XLSX), tmp_path / "laporan.xlsx", progress=lambda *step: seen.append(step))
    totals = {total for _, _, total in seen}
    assert len(totals) == 1 and totals.pop() > 100
    done = [d for _, d, _ in seen]
    assert done == sorted(done) and seen[-1] == ("", seen[-1][2], seen[-1][2])  # ends with the saving step
    assert seen[0][0] == "Ringkasan dan Catatan" and {"3.19 Realisasi BLPU", "Penutup"} <= {s for s, _, _ in seen}
