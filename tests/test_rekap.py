"""lakip-xl rekap: many units in one run, one broken file among them, the pool, progress, Ctrl-C, determinism."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from bench.bench import generate
from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.desk.rekap import CRASHED, collect, rekap
from lakip_xl.io.interchange import from_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.errors import LakipError
from lakip_xl.report import unit as unit_module
from lakip_xl.report.build import write_report
from lakip_xl.report.progress import PlainProgress, progress_display
from lakip_xl.report.rekap_doc import to_rekap_document
from lakip_xl.report.rekap_sheets import (
    ANGGARAN,
    ANGGARAN_UNIT,
    ANGKA,
    BERKAS,
    GRAFIK,
    RINGKASAN,
    TEMUAN,
    TIDAK_DIREKAP,
)
from lakip_xl.report.unit import UNREADABLE, UnitSummary
from tests.conftest import ROOT, SAMPLE_JSON
from tests.helpers import unit_copy

TODAY = dt.date(2026, 11, 28)
runner = CliRunner()


def _unit_doc(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = copy.deepcopy(json.loads(SAMPLE_JSON.read_text(encoding="utf-8")))
    for row in doc["tables"]["identitas"]["rows"]:
        if row["kode"] == "unit":
            row["nilai"] = name
    return doc


def make_units(folder: Path) -> dict[str, Path]:
    """Three sample-shaped units (with the sample's errors), one clean unit, one broken file."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for n, name in enumerate(("Kecamatan Bantargebang", "Kecamatan Jatiasih", "Kecamatan Mustikajaya")):
        files[name] = folder / f"kec_{n}.xlsx"
        write_workbook(files[name], from_json(_unit_doc(name)))
    files["bersih"] = folder / "opd_bersih.xlsx"
    generate(60, files["bersih"])  # two programs: 3.19 and 3.20 both filled
    files["rusak"] = folder / "rusak.xlsx"
    files["rusak"].write_bytes(b"ini bukan workbook")
    return files


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_units(tmp_path_factory.mktemp("units") / "masuk")


def _digests(files: dict[str, Path]) -> dict[str, str]:
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in files.items()}


@pytest.fixture(scope="module")
def run(units: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("rekap")
    (out / "laporan").mkdir()
    before = _digests(units)
    result = rekap([units["rusak"].parent], out / "rekap.xlsx", json_out=out / "rekap.json",
                   laporan=out / "laporan", jobs=2, today=TODAY)  # fmt: skip
    assert _digests(units) == before  # the inputs are never modified
    return result, out


def test_every_unit_has_a_row_and_the_broken_file_says_why(run: tuple[Any, Path], units: dict[str, Path]) -> None:
    result, _ = run
    # worst first: the unreadable file, the three units with errors (by name at the same count), the clean one
    assert [u.name for u in result.units] == ["rusak.xlsx", "kec_0.xlsx", "kec_1.xlsx", "kec_2.xlsx", "opd_bersih.xlsx"]
    by_name = {u.name: u for u in result.units}
    broken = by_name["rusak.xlsx"]
    with pytest.raises(LakipError) as exc:
        audit(units["rusak"])
    assert broken.verdict == UNREADABLE and str(exc.value).endswith(broken.reason or "-")
    assert "rusak.xlsx" not in (broken.reason or "")  # its row names the file once
    assert by_name["opd_bersih.xlsx"].verdict == "bersih"
    sample = by_name["kec_2.xlsx"]
    assert sample.unit == "Kecamatan Mustikajaya" and sample.year == "2024"
    assert sample.verdict == "ada galat" and sample.counts == (29, 9, 1)
    # as the report's Ringkasan shows it: recomputed from the subkegiatan (27.860.490.339 / 29.108.120.400),
    # not over the sample's wrong typed Program totals (which give 95,34)
    assert sample.serapan == Decimal("95.71") and sample.kriteria == "Kurang efisien"
    assert sample.ikm == Decimal("88.89") and sample.zones == 8
    assert result.exit_code == 1


def test_unit_figures_are_those_of_its_own_report(run: tuple[Any, Path], units: dict[str, Path]) -> None:
    """The headline figures come from the same function as the unit report's Ringkasan."""
    result, out = run
    sample = next(u for u in result.units if u.name == "kec_2.xlsx")
    ws = openpyxl.load_workbook(out / "laporan" / "kec_2_laporan.xlsx", data_only=True)["Ringkasan"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_col=1, max_col=2, values_only=True) if r[0]}
    assert values["% realisasi keuangan"] == float(sample.serapan or 0)
    assert values["Realisasi (Tabel 3.19 + 3.20)"] == sample.realisasi
    assert values["Pagu anggaran unit (Tabel 2.2.2)"] == sample.pagu


def test_unit_reports_equal_what_audit_writes(run: tuple[Any, Path], units: dict[str, Path], tmp_path: Path) -> None:
    _, out = run
    alone = tmp_path / "alone.xlsx"
    write_report(audit(units["Kecamatan Jatiasih"]), alone, today=TODAY)
    assert (out / "laporan" / "kec_1_laporan.xlsx").read_bytes() == alone.read_bytes()
    assert sorted(p.name for p in (out / "laporan").iterdir()) == [
        "kec_0_laporan.xlsx", "kec_1_laporan.xlsx", "kec_2_laporan.xlsx", "opd_bersih_laporan.xlsx",
    ]  # fmt: skip


def test_rekap_workbook(run: tuple[Any, Path]) -> None:
    result, out = run
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    assert wb.sheetnames == [RINGKASAN, ANGKA, GRAFIK, TEMUAN, ANGGARAN, ANGGARAN_UNIT, BERKAS, TIDAK_DIREKAP]
    ws = wb[RINGKASAN]
    header = next(r for r in ws.iter_rows() if r[0].value == "No")
    h = header[0].row
    assert str(ws.cell(h + 1, 1).value).startswith("Tahun 2024: 5 unit")  # one year: one block, its heading first
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=h + 2, max_row=h + 1 + len(result.units))]
    assert [r[3] for r in rows] == [u.name for u in result.units]
    assert [r[4] for r in rows] == [u.conclusion for u in result.units]
    total = [c.value for c in ws[h + len(result.units) + 2]]
    assert total[1] == "Jumlah tahun 2024" and str(total[5]).startswith("=SUM(")
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert wb.properties.created == dt.datetime(2024, 1, 1)
    temuan = wb[TEMUAN]
    found = [r for r in temuan.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(found) == sum(len(u.findings) for u in result.units) + 1  # + the unreadable file's row
    assert temuan.auto_filter.ref
    links = [c.hyperlink for c in temuan["E"] if c.hyperlink]
    assert links and all(link.target.startswith("laporan/") and link.location for link in links)
    with zipfile.ZipFile(out / "rekap.xlsx") as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2 and all('<c:min val="0"/>' in c for c in charts)
    anggaran = [r for r in wb[ANGGARAN].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert anggaran and any(r[2] == 3 for r in anggaran if isinstance(r[2], int))  # a program of three units


def test_json_schema(run: tuple[Any, Path]) -> None:
    _, out = run
    doc = json.loads((out / "rekap.json").read_text(encoding="utf-8"))
    assert set(doc) == {"tool", "kind", "schema", "version", "year", "summary", "years", "units", "not_submitted",
                        "skipped", "superseded", "other_years", "programs"}  # fmt: skip
    assert doc["kind"] == "rekap" and doc["schema"] == 5
    assert doc["skipped"] == [] and doc["superseded"] == []  # every file of the folder is a unit
    verdicts = {"bersih": 1, "ada galat": 3, "belum lengkap": 0, "belum diisi": 0, "tidak terbaca": 1}
    assert doc["summary"]["verdicts"] == verdicts and doc["years"] == {"2024": doc["summary"]}
    assert doc["year"] is None and doc["not_submitted"] is None and doc["other_years"] == []
    assert isinstance(doc["summary"]["anggaran"], int) and isinstance(doc["summary"]["serapan"], str)
    unit_keys = {"file", "unit", "year", "sha256", "verdict", "required_missing", "reason", "summary", "pagu",
                 "anggaran", "realisasi", "serapan", "kriteria", "ikm", "mutu", "iku_mean", "iku_count", "zones_ok",
                 "zones", "report", "programs", "findings", "saved", "listed", "suggestion", "last_year"}  # fmt: skip
    for u in doc["units"]:
        assert set(u) == unit_keys and u["last_year"] is None  # no --tahun-lalu
        assert set(u["summary"]) == {"error", "warning", "info"}
        assert u["serapan"] is None or Decimal(u["serapan"]) >= 0
        for f in u["findings"]:
            assert set(f) == {"rule", "severity", "table", "sheet", "cell", "label", "recorded", "expected",
                              "difference", "message", "related"}  # fmt: skip
    sample = next(u for u in doc["units"] if u["file"] == "kec_2.xlsx")
    golden = json.loads((ROOT / "samples" / "mustikajaya_2024.findings.json").read_text(encoding="utf-8"))
    assert sample["findings"] == golden["findings"]  # the same findings as lakip-xl audit
    assert set(doc["programs"][0]) == {"year", "program", "units", "anggaran", "realisasi", "serapan", "kriteria"}


def test_same_inputs_same_bytes_whatever_the_order(units: dict[str, Path], tmp_path: Path) -> None:
    """Pool or not, inputs in any order: the same rekap bytes and JSON."""
    paths = sorted(units.values())
    outs = []
    for n, (jobs, order) in enumerate(((1, paths), (3, paths[::-1]))):
        x, j = tmp_path / f"r{n}.xlsx", tmp_path / f"r{n}.json"
        rekap(order, x, json_out=j, jobs=jobs)
        outs.append((x.read_bytes(), j.read_text(encoding="utf-8")))
    assert outs[0] == outs[1]


def test_no_readable_input_exits_2_and_empty_folder_refused(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"")
    (tmp_path / "b.xlsx").write_bytes(b"PK nope")
    result = rekap([tmp_path], tmp_path / "r.xlsx", jobs=1)
    assert result.exit_code == 2 and all(u.reason for u in result.units)
    empty = tmp_path / "kosong"
    empty.mkdir()
    with pytest.raises(LakipError, match=r"Tidak ada berkas \.xlsx"):
        rekap([empty], tmp_path / "r2.xlsx")


def test_collect_lists_lock_files_and_others_and_names_relative(tmp_path: Path) -> None:
    for n, name in enumerate(("a/x.xlsx", "a/x_laporan.xlsx", "b/~$y.xlsx", "b/y.xlsx", "b/catatan.txt")):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"-" * n)  # distinct contents: none supersedes another
    inbox = collect([tmp_path])
    assert [n for _, n in inbox.files] == ["a/x.xlsx", "a/x_laporan.xlsx", "b/y.xlsx"]  # a name proves nothing
    assert [(s.file, s.blocks) for s in inbox.skipped] == [("b/catatan.txt", False), ("b/~$y.xlsx", False)]


def test_output_never_overwrites_an_input(units: dict[str, Path]) -> None:
    with pytest.raises(LakipError, match="menimpa berkas masukan"):
        rekap([units["bersih"]], units["bersih"])


class _Interrupt(PlainProgress):
    def advance(self, unit: UnitSummary) -> None:
        super().advance(unit)
        raise KeyboardInterrupt


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_leaves_no_output(units: dict[str, Path], tmp_path: Path, jobs: int) -> None:
    (tmp_path / "laporan").mkdir()
    with pytest.raises(KeyboardInterrupt):
        rekap(sorted(units.values()), tmp_path / "r.xlsx", json_out=tmp_path / "r.json", laporan=tmp_path / "laporan",
              jobs=jobs, progress=_Interrupt(io.StringIO()))  # fmt: skip
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["laporan"]


def test_ctrl_c_on_the_command_line(units: dict[str, Path], tmp_path: Path) -> None:
    """Ctrl-C once the pool is at work (a unit done, eleven to come): exit 130, nothing written, no traceback.

    No fixed sleep: the signal follows the first unit's progress line, however slow the machine; the rekap
    notes a signal while it waits for its workers and raises it between two waits, never inside the pool's
    own bookkeeping.
    """
    (tmp_path / "laporan").mkdir()
    inputs = tmp_path / "masuk"
    inputs.mkdir()
    for n in range(12):  # each its own content: byte-identical files would be audited once
        unit_copy(units["Kecamatan Jatiasih"], inputs / f"unit_{n:02}.xlsx", n)
    cmd = [sys.executable, "-m", "lakip_xl.cli", "rekap", str(inputs), "-o", str(tmp_path / "r.xlsx"),
           "--laporan", str(tmp_path / "laporan"), "--jobs", "2"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in proc.stderr or ():
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        seen = [lines.get(timeout=240) for _ in range(2)]
        assert seen[0].startswith("Memeriksa") and seen[1].startswith("[1/12]"), seen
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=180)
    finally:
        proc.kill()
    reader.join(timeout=60)
    if proc.stderr is not None:
        proc.stderr.close()
    err = "".join(seen) + "".join(lines.get_nowait() for _ in range(lines.qsize()))
    if proc.returncode == 130:
        assert "Dibatalkan." in err and "Traceback" not in err, err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan", "masuk"]
        assert list((tmp_path / "laporan").iterdir()) == []
    else:  # it finished before the signal: every output is whole
        assert proc.returncode == 1, err
        assert len(list((tmp_path / "laporan").iterdir())) == 12 and (tmp_path / "r.xlsx").exists()


def test_a_crashing_worker_costs_only_its_file(units: dict[str, Path], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    real = unit_module._audit

    def crash(task: unit_module.Task) -> UnitSummary:
        if task.name == "kec_0.xlsx":
            os._exit(1)  # a reader killed by a hostile file
        return real(task)

    monkeypatch.setattr(unit_module, "_audit", crash)  # the forked workers inherit it
    result = rekap(sorted(units.values()), tmp_path / "r.xlsx", jobs=2)
    by_name = {u.name: u for u in result.units}
    assert by_name["kec_0.xlsx"].reason == CRASHED
    assert by_name["kec_1.xlsx"].verdict == "ada galat" and by_name["opd_bersih.xlsx"].verdict == "bersih"


def test_plain_progress_lines(units: dict[str, Path], tmp_path: Path) -> None:
    stream = io.StringIO()
    with progress_display(stream, terminal=False) as shown:
        rekap(sorted(units.values()), tmp_path / "r.xlsx", jobs=2, progress=shown)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Memeriksa 5 berkas ..."
    assert sorted(line.split("]")[0] for line in lines[1:6]) == [f"[{n}/5" for n in range(1, 6)]
    assert any("rusak.xlsx: tidak terbaca: bukan workbook" in line for line in lines)  # the file named once
    assert lines[-1].startswith("Selesai: 5 berkas dalam")


def test_progress_bar_on_a_terminal(units: dict[str, Path], tmp_path: Path) -> None:
    stream = io.StringIO()
    with progress_display(stream, terminal=True) as shown:
        rekap([units["bersih"], units["rusak"]], tmp_path / "r.xlsx", jobs=2, progress=shown)
    out = stream.getvalue()
    assert "Memeriksa" in out and "2/2" in out and "rusak.xlsx: tidak terbaca" in out


def test_cli_rekap_json_on_stdout(units: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["rekap", str(units["bersih"]), str(units["rusak"]), "-o", str(out), "--json", "-"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc == to_rekap_document(rekap([units["bersih"], units["rusak"]], tmp_path / "again.xlsx", jobs=1))
    assert out.exists()


def test_cli_rekap_console_and_exit_codes(units: dict[str, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["rekap", str(units["bersih"]), "-o", str(tmp_path / "r.xlsx"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Rekap 1 unit: 1 bersih" in result.stdout and "Rekap ditulis" in result.stdout
    result = runner.invoke(app, ["rekap", str(units["rusak"]), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["rekap", str(units["bersih"]), "-o", str(tmp_path / "r.xlsx"), "--jobs", "0"])
    assert result.exit_code == 2


def test_cli_audit_several_workbooks_findings_only(units: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "dua"
    folder.mkdir()
    for key in ("bersih", "rusak"):
        (folder / units[key].name).write_bytes(units[key].read_bytes())
    result = runner.invoke(app, ["audit", str(folder), "--tanpa-laporan", "--json", "-"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert [a["verdict"] for a in doc["audits"]] == ["bersih", UNREADABLE]
    assert sorted(p.name for p in folder.iterdir()) == ["opd_bersih.xlsx", "rusak.xlsx"]  # no report written
    result = runner.invoke(app, ["audit", str(folder / "opd_bersih.xlsx"), str(folder / "rusak.xlsx")])
    assert result.exit_code == 1 and "Galat: rusak.xlsx: bukan workbook .xlsx" in result.output  # named once
    assert (folder / "opd_bersih_laporan.xlsx").exists()
    result = runner.invoke(app, ["audit", str(folder / "rusak.xlsx"), str(folder / "rusak.xlsx"), "-o", "x.xlsx"])
    assert result.exit_code == 2


def test_cli_audit_one_workbook_findings_only(units: dict[str, Path], tmp_path: Path) -> None:
    copy_ = tmp_path / "satu.xlsx"
    copy_.write_bytes(units["bersih"].read_bytes())
    result = runner.invoke(app, ["audit", str(copy_), "--tanpa-laporan"])
    assert result.exit_code == 0, result.output
    assert "Laporan ditulis" not in result.output and sorted(p.name for p in tmp_path.iterdir()) == ["satu.xlsx"]
