"""A write that fails for real at the OS (issue #19 D4): one Indonesian line and exit 3, no traceback after it.

tests/test_outputs.py patches ENOSPC into Python calls in-process; here the
operating system itself refuses the bytes, in a real process: the file size
limit (``RLIMIT_FSIZE``, EFBIG) always, and a full tmpfs (ENOSPC) where this
user may mount one. xlsxwriter's zip object used to be left open: when Python
collected it, it tried to finish the file, failed again and printed
"Exception ignored in ZipFile.__del__" with a 9-line traceback.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX
from tests.helpers import unit_copy

COMMANDS = ["audit", "fill", "template", "rekap --laporan"]


def _args(command: str, out: Path) -> list[str]:
    return {
        "audit": ["audit", str(SAMPLE_XLSX), "-o", str(out / "laporan.xlsx")],
        "fill": ["fill", str(SAMPLE_JSON), "-o", str(out / "isi.xlsx")],
        "template": ["template", "-o", str(out / "template.xlsx")],
        "rekap --laporan": ["rekap", str(SAMPLE_XLSX), "-o", str(out / "rekap.xlsx"), "--laporan", str(out),
                            "--jobs", "1"],
    }[command]  # fmt: skip


def _run(args: list[str], tmpdir: Path, before: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    return subprocess.run([sys.executable, "-m", "lakip_xl.cli", *args], capture_output=True, text=True, env=env,
                          preexec_fn=before, timeout=300, check=False)  # fmt: skip


def _assert_one_line_exit_3(proc: subprocess.CompletedProcess[str], reason: str, out: Path, tmpdir: Path) -> None:
    errors = [line for line in proc.stderr.splitlines() if not line.startswith(("[", "Memeriksa", "Selesai"))]
    assert proc.returncode == 3, proc.stderr
    assert len(errors) == 1 and errors[0].startswith("Galat: Tidak dapat menulis") and reason in errors[0], errors
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert [p.name for p in out.iterdir() if p.name != "isi"] == [], "a partial output or temporary file was left"
    assert list(tmpdir.iterdir()) == [], "temporary files left in $TMPDIR"


@pytest.mark.parametrize("limit_kib", [24, 48])
@pytest.mark.parametrize("command", COMMANDS)
def test_file_size_limit_is_one_line_and_no_traceback(tmp_path: Path, command: str, limit_kib: int) -> None:
    """Each output is larger than the limit, each part xlsxwriter writes first is not: the zip fails midway."""
    out, tmpdir = tmp_path / "hasil", tmp_path / "tmp"
    out.mkdir()
    tmpdir.mkdir()

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write then fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_kib << 10, limit_kib << 10))

    proc = _run(_args(command, out), tmpdir, limited)
    _assert_one_line_exit_3(proc, "batas ukuran berkas", out, tmpdir)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs filled up but for a few KiB (root only: skipped where mounting is not allowed)."""
    mount = tmp_path / "penuh"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True,
                          check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        with contextlib.suppress(OSError), (mount / "isi").open("wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        (mount / "isi").write_bytes((mount / "isi").read_bytes()[:-8192])  # a little room: the zip fails midway
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_full_disk_is_one_line_and_no_traceback(tmp_path: Path, full_disk: Path, command: str) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = _run(_args(command, full_disk), tmpdir)
    _assert_one_line_exit_3(proc, "disk penuh", full_disk, tmpdir)


def test_a_full_tmpdir_in_a_pooled_rekap_names_no_internal_file(tmp_path: Path, full_disk: Path) -> None:
    """$TMPDIR (the tmpfs) is full, the outputs' disk is not: the one line names the output and $TMPDIR."""
    out = tmp_path / "hasil"
    (out / "laporan").mkdir(parents=True)
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        unit_copy(SAMPLE_XLSX, masuk / name, name)  # units of their own, not one content sent twice
    for laporan in ([], ["--laporan", str(out / "laporan")]):
        proc = _run(["rekap", str(masuk), "-o", str(out / "rekap.xlsx"), *laporan, "--jobs", "2"], full_disk)
        errors = [line for line in proc.stderr.splitlines() if line.startswith("Galat")]
        assert proc.returncode == 3 and len(errors) == 1, proc.stderr
        assert "pemanasan" not in proc.stderr and "lakip-rekap" not in proc.stderr and "Traceback" not in proc.stderr
        assert f"periksa juga folder sementara {full_disk} (TMPDIR)" in errors[0], errors
        assert errors[0].startswith(f"Galat: Tidak dapat menulis {out}")
        assert sorted(p.name for p in out.rglob("*")) == ["laporan"]
