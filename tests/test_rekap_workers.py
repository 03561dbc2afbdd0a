"""The rekap's worker processes never outlive it (issue #19 R8), and its warm-up never names its files.

After ``kill -9`` of a ``rekap --jobs 2``, its workers kept writing into the
staging folder, then waited forever for work with parent 1. Here the command
runs in a real process; every wait is on a condition with a time limit.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lakip_xl.desk.pool import _signals_between_waits
from lakip_xl.desk.rekap import STAGING, rekap
from lakip_xl.io.interchange import load_json
from lakip_xl.io.signals import Stopped
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.errors import OutputError
from lakip_xl.report.progress import PlainProgress
from tests.conftest import ROOT, SAMPLE_JSON
from tests.helpers import unit_copy

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux /proc")


def _until(condition: Callable[[], bool], limit: float, what: str) -> None:
    """Return once ``condition()`` holds; fail naming ``what`` after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still not the case after {limit:.0f} s: {what}")
        time.sleep(0.01)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _children(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == parent:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")  # a zombie has exited; only its reaper is missing


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "masuk"
    folder.mkdir()
    write_workbook(folder / "unit_00.xlsx", load_json(SAMPLE_JSON))
    for n in range(1, 16):
        unit_copy(folder / "unit_00.xlsx", folder / f"unit_{n:02}.xlsx", n)  # sixteen units, not one content
    return folder


@pytest.fixture
def workers() -> Iterator[list[int]]:
    """The worker pids a test finds; any still alive at the end is killed (never left behind by a failure)."""
    found: list[int] = []
    yield found
    for pid in found:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _staged(laporan: Path) -> list[Path]:
    return [p for p in laporan.iterdir() if p.name.startswith(STAGING)]


def test_workers_exit_when_the_rekap_is_killed_and_the_next_run_cleans_up(
    tmp_path: Path, inputs: Path, workers: list[int]
) -> None:
    laporan, tmpdir = tmp_path / "laporan", tmp_path / "tmp"
    laporan.mkdir()
    tmpdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    cmd = [sys.executable, "-m", "lakip_xl.cli", "rekap", str(inputs), "-o", str(tmp_path / "r.xlsx"),
           "--laporan", str(laporan), "--jobs", "2"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        # the workers are at work: one report is already staged, fourteen units are still to come
        _until(lambda: any(p.name.endswith("_laporan.xlsx") for s in _staged(laporan) for p in s.iterdir()),
               240, "a unit's report in the staging folder")  # fmt: skip
        workers.extend(_children(proc.pid))
        assert proc.poll() is None and len(workers) >= 2, "the rekap ended before it could be killed"
    finally:
        proc.kill()  # kill -9: no cleanup of its own
        proc.wait(timeout=60)
    _until(lambda: not any(_alive(pid) for pid in workers), 60, f"workers {workers} still running")
    (staging,) = _staged(laporan)  # the killed parent's: its workers left only finished reports in it
    assert [p.name for p in staging.iterdir() if not p.name.endswith("_laporan.xlsx")] == [".kunci"]
    assert list(tmpdir.iterdir()) == [], "a worker left its temporary files in $TMPDIR"
    again = subprocess.run(cmd, capture_output=True, env=env, timeout=600, check=False)
    assert again.returncode == 1, again.stderr
    assert sorted(p.name for p in laporan.iterdir()) == [f"unit_{n:02}_laporan.xlsx" for n in range(16)]


def test_a_running_rekaps_staging_folder_is_left_alone(tmp_path: Path, inputs: Path) -> None:
    """Two rekaps writing into one folder: the second removes only the staging folders whose run has ended."""
    laporan = tmp_path / "laporan"
    laporan.mkdir()
    ended = laporan / f"{STAGING}mati"
    ended.mkdir()
    (ended / ".kunci").touch()
    (ended / "x_laporan.xlsx").touch()
    foreign = laporan / f"{STAGING}lama"  # no lock file: not known to be ended, left alone
    foreign.mkdir()
    seen: list[list[str]] = []

    class Look(PlainProgress):
        def start(self, total: int) -> None:
            super().start(total)
            seen.append(sorted(p.name for p in laporan.iterdir()))
            result = rekap([inputs / "unit_01.xlsx"], tmp_path / "r2.xlsx", laporan=laporan, jobs=1)
            assert result.exit_code == 1
            seen.append(sorted(p.name for p in laporan.iterdir() if p.name.startswith(STAGING)))

    rekap([inputs / "unit_00.xlsx"], tmp_path / "r1.xlsx", laporan=laporan, jobs=1, progress=Look(io.StringIO()))
    assert f"{STAGING}mati" not in seen[0] and f"{STAGING}lama" in seen[0]
    assert len(seen[1]) == 2 and f"{STAGING}lama" in seen[1]  # the first run's staging survived the second run
    assert sorted(p.name for p in laporan.iterdir()) == [f"{STAGING}lama", "unit_00_laporan.xlsx",
                                                         "unit_01_laporan.xlsx"]  # fmt: skip


def test_a_failing_warm_up_never_stops_the_rekap_nor_names_its_files(
    tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full $TMPDIR: the warm-up (a workbook of its own written there) fails, the rekap goes on."""
    import lakip_xl.io.writer

    real = lakip_xl.io.writer.write_workbook

    def full_tmpdir(path: Path, *args: object, **kwargs: object) -> None:
        if path.name == "pemanasan.xlsx":
            raise OutputError(f"Tidak dapat menulis {path}: disk penuh (ruang penyimpanan habis)")
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lakip_xl.io.writer, "write_workbook", full_tmpdir)
    stream = io.StringIO()
    result = rekap([inputs / "unit_00.xlsx", inputs / "unit_01.xlsx"], tmp_path / "r.xlsx", jobs=2,
                   progress=PlainProgress(stream))  # fmt: skip
    assert [u.verdict for u in result.units] == ["ada galat", "ada galat"]
    assert "pemanasan" not in stream.getvalue() and (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize(("signum", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Stopped)])
def test_a_signal_while_the_workers_run_is_raised_between_two_waits(signum: int, raised: type) -> None:
    """Never where it lands (inside concurrent.futures' locks a pool would then never shut down)."""
    before = signal.getsignal(signum)
    with _signals_between_waits() as noted:
        os.kill(os.getpid(), signum)
        landed = True  # reached: the handler noted the signal and raised nothing where it landed
        with pytest.raises(raised):
            noted.raise_if_any()
        noted.raise_if_any()  # raised once
    assert landed and signal.getsignal(signum) is before
