"""File names at the file system's limit (issue #19 R4): every name the tool derives from one still fits.

A legal input name of 234-255 bytes made ``<stem>_laporan.xlsx`` (and the
temporary ``.<name>.XXXXXXXX.tmp``) longer than the 255 bytes a file name may
hold: the audit exited 3 "File name too long" and ``rekap --laporan`` wrote
nothing at all.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.desk.rekap import rekap
from lakip_xl.io.atomic import NAME_MAX, atomic_output, cut_bytes, fit_name
from tests.conftest import SAMPLE_XLSX
from tests.helpers import unit_copy

runner = CliRunner()
ENDING = "_laporan.xlsx"


def _size(name: str) -> int:
    return len(name.encode("utf-8"))


def _name(head: str, tail: str) -> str:
    """``head`` padded with 'é' (2 bytes) so that ``head...tail.xlsx`` is exactly 255 bytes."""
    room = NAME_MAX - _size(head + tail + ".xlsx")
    name = head + "é" * (room // 2) + "x" * (room % 2) + tail + ".xlsx"
    assert _size(name) == NAME_MAX
    return name


def _inputs(folder: Path) -> list[Path]:
    """Three legal 255-byte names: two alike up to their last characters, one with a 4-byte character."""
    folder.mkdir()
    names = [_name("Kecamatan ", "_a"), _name("Kecamatan ", "_b"), _name("Dinas 😀 ", "")]
    paths = [folder / name for name in names]
    for n, path in enumerate(paths):
        unit_copy(SAMPLE_XLSX, path, n)  # three units: byte-identical copies would be one submission
    return paths


def _check(names: list[str]) -> None:
    assert len(set(names)) == len(names), names  # still one report per input
    for name in names:
        assert _size(name) <= NAME_MAX and name.endswith(ENDING), name
        name.encode("utf-8").decode("utf-8", "strict")  # never cut inside a character


def test_audit_of_a_255_byte_name_writes_its_report_beside_it(tmp_path: Path) -> None:
    paths = _inputs(tmp_path / "masuk")
    result = runner.invoke(app, ["audit", *map(str, paths), "--json", str(tmp_path / "t.json")])
    assert result.exit_code == 1, result.output
    reports = sorted(p.name for p in paths[0].parent.iterdir() if p.name.endswith(ENDING))
    assert len(reports) == 3 and "too long" not in result.output
    _check(reports)
    assert all(name.startswith(("Kecamatan éé", "Dinas 😀 éé")) for name in reports)  # still recognisable
    assert sorted(p.name for p in paths[0].parent.iterdir() if p.name.startswith(".")) == []


def test_one_255_byte_name_and_its_report_through_the_cli(tmp_path: Path) -> None:
    (path,) = _inputs(tmp_path / "masuk")[:1]
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 1, result.output
    assert f"Laporan ditulis: {path.parent / fit_name(path.stem, ENDING)}" in result.output.replace("\n", "")


def test_rekap_laporan_writes_every_report_of_255_byte_names(tmp_path: Path) -> None:
    paths = _inputs(tmp_path / "masuk")
    laporan = tmp_path / "laporan"
    laporan.mkdir()
    result = rekap(paths, tmp_path / "rekap.xlsx", laporan=laporan, jobs=1)
    assert [u.verdict for u in result.units] == ["ada galat"] * 3
    written = sorted(p.name for p in laporan.iterdir())
    assert written == sorted(u.report.name for u in result.units if u.report is not None)
    _check(written)


def test_an_output_named_with_255_bytes_is_written_atomically(tmp_path: Path) -> None:
    """The temporary file beside it has a short name: ``.<beginning of the name>.XXXXXXXX.tmp``."""
    target = tmp_path / ("ü" * 125 + ".xlsx")
    assert _size(target.name) == NAME_MAX
    with atomic_output(target) as tmp:
        assert _size(tmp.name) <= 1 + 64 + 1 + 8 + 4
        tmp.write_bytes(b"isi")
    assert target.read_bytes() == b"isi" and [p.name for p in tmp_path.iterdir()] == [target.name]
    result = runner.invoke(app, ["template", "-o", str(tmp_path / ("t" * 250 + ".xlsx"))])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("stem", "room", "kept"),
    [
        ("abc", 3, "abc"),
        ("aé", 2, "a"),  # 'é' is 2 bytes: not cut in half
        ("a😀b", 4, "a"),  # a 4-byte character
        ("ae\u0301x", 3, "a"),  # 'e' and its combining accent stay together
        ("", 10, ""),
    ],
)
def test_cut_bytes_ends_between_characters(stem: str, room: int, kept: str) -> None:
    assert cut_bytes(stem, room) == kept


def test_fit_name_keeps_short_names_and_shortens_long_ones_uniquely() -> None:
    assert fit_name("kec_2", ENDING) == "kec_2_laporan.xlsx"
    base = "x" * 300
    one, two = fit_name(base + "1", ENDING), fit_name(base + "2", ENDING)
    assert one != two and _size(one) == NAME_MAX == _size(two) and one.endswith(ENDING)
    assert fit_name(base + "1", ENDING) == one  # the same name every run
    accented = fit_name("e\u0301" * 200, ENDING)
    assert _size(accented) <= NAME_MAX and not unicodedata.combining(accented.split("~")[0][0])
    assert accented.split("~")[0].endswith("\u0301")  # cut after an accent, never between it and its letter
