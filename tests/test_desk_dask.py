"""``lakip-xl rekap ... --dask ADDRESS`` (issue 21 item 8): the same rekap, byte for byte, from a Dask cluster.

The cluster is a ``distributed.LocalCluster`` in this process (threads, ``processes=False``: light on a
2-core machine and deterministic); the rekap's outputs depend only on the units' summaries, however the
cluster schedules them. Dask's ``distributed`` is the optional extra ``lakip-xl[dask]``, installed with the
test tools; without it the test is skipped, except in CI.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.desk.rekap import rekap
from lakip_xl.model.errors import LakipError
from tests.conftest import IN_CI
from tests.desk_inbox import make_inbox
from tests.test_rekap import TODAY

runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    try:
        from distributed import LocalCluster
    except ImportError:
        if IN_CI:
            pytest.fail("distributed (lakip-xl[dask]) is required in CI")
        pytest.skip("distributed (lakip-xl[dask]) is not installed")
    local_cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)  # type: ignore[no-untyped-call]
    with local_cluster as local:
        yield str(local.scheduler_address)


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_rekap_on_a_dask_cluster_is_the_local_pools(scheduler: str, tmp_path: Path) -> None:
    make_inbox(tmp_path / "masuk")
    runs = {}
    for how, address in (("lokal", None), ("dask", scheduler)):
        out = tmp_path / how
        out.mkdir()
        result = rekap([tmp_path / "masuk"], out / "rekap.xlsx", json_out=out / "rekap.json", laporan=out / "laporan",
                       today=TODAY, jobs=2, dask=address)  # fmt: skip
        runs[how] = (_outputs(out), result.exit_code)
    assert runs["dask"] == runs["lokal"]  # the rekap, its JSON and every unit's report, byte for byte
    assert len(runs["dask"][0]) == 2 + 5  # the five audited units' reports


def test_the_command_line_takes_the_address(scheduler: str, tmp_path: Path) -> None:
    make_inbox(tmp_path / "masuk")
    out = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["rekap", str(tmp_path / "masuk" / "kec_jatiasih.xlsx"), "-o", str(out), "--dask",
                                 scheduler])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Rekap 1 unit: 1 bersih" in result.stdout and out.exists()


def test_no_cluster_at_the_address_is_one_line(tmp_path: Path) -> None:
    """An address nothing listens at, or no address at all: one Indonesian line, exit 2, no traceback after it."""
    pytest.importorskip("distributed")
    make_inbox(tmp_path / "masuk")
    unit = tmp_path / "masuk" / "kec_jatiasih.xlsx"
    with pytest.raises(LakipError, match=r"Klaster Dask di tcp://127\.0\.0\.1:9 tidak dapat dihubungi"):
        rekap([unit], tmp_path / "r.xlsx", dask="tcp://127.0.0.1:9")
    assert not (tmp_path / "r.xlsx").exists()
    for address, said in (("tcp://127.0.0.1:9", "tidak dapat dihubungi"), ("asal", "tidak dikenal")):
        run = subprocess.run([sys.executable, "-m", "lakip_xl.cli", "rekap", str(unit), "-o", str(tmp_path / "r.xlsx"),
                              "--dask", address], capture_output=True, text=True, timeout=120)  # fmt: skip
        assert run.returncode == 2 and said in run.stderr, run.stderr
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
