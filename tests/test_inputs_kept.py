"""An output never replaces an input of the same run, whatever the names (reliability R1).

``lakip-xl audit kec.xlsx kec_laporan.xlsx``, where ``kec_laporan.xlsx`` is a
unit's own workbook: ``kec.xlsx``'s default report would be written over the
second input. Every output is checked against every input before any work.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.desk.rekap import rekap
from lakip_xl.model.errors import OutputError
from lakip_xl.report.batch import audit_each
from tests.conftest import ROOT

runner = CliRunner()
GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
KEC = ROOT / "samples" / "mustikajaya_2024.xlsx"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    shutil.copy(KEC, tmp_path / "kec.xlsx")
    shutil.copy(GROBOGAN, tmp_path / "kec_laporan.xlsx")  # a unit's real workbook under a report's name
    return tmp_path


@pytest.mark.parametrize("order", [("kec.xlsx", "kec_laporan.xlsx"), ("kec_laporan.xlsx", "kec.xlsx")])
def test_audit_of_two_files_never_writes_over_the_second(pair: Path, order: tuple[str, str]) -> None:
    before = _digests(pair)
    result = runner.invoke(app, ["audit", *(str(pair / n) for n in order)])
    assert result.exit_code == 3, result.output
    assert "menimpa berkas masukan" in result.output
    assert "kec_laporan.xlsx" in result.output
    assert _digests(pair) == before  # nothing written, nothing replaced
    assert "Traceback" not in result.output


def test_the_check_comes_before_any_audit(pair: Path) -> None:
    with pytest.raises(OutputError, match="menimpa"):
        next(audit_each([pair / "kec.xlsx", pair / "kec_laporan.xlsx"]))
    assert sorted(p.name for p in pair.iterdir()) == ["kec.xlsx", "kec_laporan.xlsx"]


def test_without_reports_both_are_audited(pair: Path) -> None:
    result = runner.invoke(app, ["audit", str(pair / "kec.xlsx"), str(pair / "kec_laporan.xlsx"), "--tanpa-laporan"])
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in pair.iterdir()) == ["kec.xlsx", "kec_laporan.xlsx"]


def test_a_hard_link_under_the_json_name_is_an_input(pair: Path) -> None:
    os.link(pair / "kec.xlsx", pair / "temuan.json")
    before = _digests(pair)
    result = runner.invoke(
        app, ["audit", str(pair / "kec.xlsx"), str(pair / "kec_laporan.xlsx"), "--tanpa-laporan", "--json",
              str(pair / "temuan.json")],
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    assert _digests(pair) == before


def test_json_into_an_input_inside_a_folder(pair: Path) -> None:
    (pair / "kec_laporan.xlsx").unlink()
    before = _digests(pair)
    result = runner.invoke(app, ["audit", str(pair), "--tanpa-laporan", "--json", str(pair / "kec.xlsx")])
    assert result.exit_code == 3, result.output
    assert _digests(pair) == before


def test_rekap_outputs_never_replace_an_input(pair: Path) -> None:
    before = _digests(pair)
    with pytest.raises(OutputError, match="menimpa berkas masukan"):
        rekap([pair / "kec.xlsx", pair / "kec_laporan.xlsx"], pair / "r.xlsx", json_out=pair / "kec.xlsx")
    with pytest.raises(OutputError, match="menimpa berkas masukan"):
        rekap([pair / "kec.xlsx", pair / "kec_laporan.xlsx"], pair / "kec_laporan.xlsx")
    assert _digests(pair) == before
