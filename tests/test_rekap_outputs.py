"""The rekap's outputs as other programs see them: its JSON against the schema, its links, LibreOffice."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest

from lakip_xl.desk.rekap import rekap
from lakip_xl.report.rekap_sheets import ANGGARAN, ANGGARAN_UNIT, ANGKA, RINGKASAN, TEMUAN, forward_slash_links
from lakip_xl.report.unit import RekapResult
from tests.helpers import distinct_copy
from tests.libreoffice import convert
from tests.schemas import errors, key_paths, renamed
from tests.test_rekap import TODAY, make_units

HYPERLINK = re.compile(r'<Relationship [^>]*Type="[^"]*/hyperlink"[^>]*/>')


@pytest.fixture(scope="module")
def done(tmp_path_factory: pytest.TempPathFactory) -> tuple[RekapResult, Path]:
    """A rekap of generated units (one broken file among them) with the units' reports beside it."""
    base = tmp_path_factory.mktemp("rekap-outputs")
    make_units(base / "masuk")
    out = base / "hasil"
    (out / "laporan").mkdir(parents=True)
    result = rekap([base / "masuk"], out / "rekap.xlsx", json_out=out / "rekap.json", laporan=out / "laporan",
                   jobs=1, today=TODAY)  # fmt: skip
    return result, out


def test_rekap_json_validates_and_every_key_is_pinned(done: tuple[RekapResult, Path]) -> None:
    _, out = done
    doc: dict[str, Any] = json.loads((out / "rekap.json").read_text(encoding="utf-8"))
    assert errors("rekap", doc) == []
    verdicts = {u["verdict"] for u in doc["units"]}
    assert verdicts == {"bersih", "ada galat", "tidak terbaca"}  # both branches of the unit schema are exercised
    assert any(u["report"] for u in doc["units"]) and doc["programs"]
    paths = list(key_paths(doc))
    for path in paths:
        assert errors("rekap", renamed(doc, path)), f"renaming {path} still validates"
    assert len(paths) > 50
    broken = next(u for u in doc["units"] if u["verdict"] == "tidak terbaca")
    broken["reason"] = None  # an unreadable unit must say why
    assert errors("rekap", doc)


def _links(rekap_file: Path) -> list[tuple[str, str]]:
    """(sheet rels part, Target) of every hyperlink relationship of the workbook, as written."""
    found = []
    with zipfile.ZipFile(rekap_file) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/_rels/"):
                for rel in HYPERLINK.findall(z.read(name).decode("utf-8")):
                    assert 'TargetMode="External"' in rel
                    target = re.search(r'Target="([^"]*)"', rel)
                    assert target is not None
                    found.append((name, target[1]))
    return found


def _assert_links_resolve(rekap_file: Path) -> int:
    links = _links(rekap_file)
    for part, target in links:
        assert "\\" not in target, f"{part}: {target} is not '/'-separated"
        assert not target.startswith(("/", "file:")) and ":" not in target, f"{part}: {target} is not relative"
        assert (rekap_file.parent / unquote(target)).is_file(), f"{part}: {target} does not exist"
    return len(links)


def test_links_to_the_units_reports_are_relative_and_exist(done: tuple[RekapResult, Path]) -> None:
    result, out = done
    readable = [u for u in result.units if u.readable]
    findings = sum(1 for u in readable for cell in u.cells if cell)
    assert _assert_links_resolve(out / "rekap.xlsx") == len(readable) + findings
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    targets = {c.hyperlink.target for row in wb[RINGKASAN].iter_rows() for c in row if c.hyperlink}
    assert targets == {f"laporan/{u.report.name}" for u in readable if u.report is not None}
    located = [c.hyperlink for c in wb[TEMUAN]["E"] if c.hyperlink]
    assert located and all(link.location and "!" in link.location for link in located)


def test_links_keep_working_when_the_rekap_and_its_folder_move_together(
    done: tuple[RekapResult, Path], tmp_path: Path
) -> None:
    _, out = done
    copied = Path(shutil.copytree(out, tmp_path / "salinan"))
    moved = Path(shutil.move(copied, tmp_path / "arsip" / "2024" / "rekap bappeda"))
    assert not copied.exists()
    assert _assert_links_resolve(moved / "rekap.xlsx") > 4


def test_forward_slash_links_touches_only_hyperlink_targets() -> None:
    rels = ('<Relationships><Relationship Id="rId1" Type="http://x/relationships/hyperlink" '
            'Target="..\\laporan\\a.xlsx" TargetMode="External"/><Relationship Id="rId2" '
            'Type="http://x/relationships/drawing" Target="..\\drawings\\drawing1.xml"/></Relationships>')  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/_rels/sheet1.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", "<a>laporan\\b.xlsx</a>")
    with zipfile.ZipFile(io.BytesIO(forward_slash_links(buffer.getvalue()))) as z:
        fixed = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert 'Target="../laporan/a.xlsx"' in fixed and 'Target="..\\drawings\\drawing1.xml"' in fixed
        assert z.read("xl/worksheets/sheet1.xml") == b"<a>laporan\\b.xlsx</a>"
        assert [i.compress_type for i in z.infolist()] == [zipfile.ZIP_DEFLATED] * 2


# LibreOffice: skipped locally without soffice, required in CI (tests/conftest.py lo_profile).


def _without_cached_values(src: Path, dest: Path) -> None:
    """A copy of ``src`` whose formula cells hold no cached value: a reader must calculate them."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            zout.writestr(info, data)


def _same(ours: Any, theirs: Any) -> bool:
    if ours in (None, ""):
        return theirs in (None, "")
    if isinstance(ours, str):
        return bool(ours == theirs)
    if not isinstance(theirs, int | float):
        return False
    return round(Decimal(str(ours)), 6) == round(Decimal(str(theirs)), 6)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_rekap_to_our_cached_values(
    done: tuple[RekapResult, Path], tmp_path: Path, lo_profile: Path
) -> None:
    _, out = done
    ours = out / "rekap.xlsx"
    bare = tmp_path / "rekap.xlsx"
    _without_cached_values(ours, bare)
    recalculated = convert(bare, tmp_path / "lo", "xlsx", lo_profile)
    formulas = openpyxl.load_workbook(ours)
    cached = openpyxl.load_workbook(ours, data_only=True)
    theirs = openpyxl.load_workbook(recalculated, data_only=True)
    checked, problems, per_sheet = 0, [], dict.fromkeys(formulas.sheetnames, 0)
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                mine, lo = cached[ws.title][cell.coordinate].value, theirs[ws.title][cell.coordinate].value
                checked += 1
                per_sheet[ws.title] += 1
                if not _same(mine, lo):
                    problems.append(f"{ws.title}!{cell.coordinate} {cell.value}: ours {mine!r}, LibreOffice {lo!r}")
    assert not problems, "\n".join(problems)
    assert per_sheet[RINGKASAN] == 3 and per_sheet[ANGKA] == 9 and per_sheet[ANGGARAN] > 4 and checked > 15
    assert per_sheet[ANGGARAN_UNIT] > 4
    sums = [c for c in theirs[ANGKA][_totals_row(formulas)] if isinstance(c.value, int | float)]
    assert sums and any(c.value for c in sums)  # computed by LibreOffice: the copy it read held no cached value


def _totals_row(wb: Any) -> int:
    ws = wb[ANGKA]
    return int(next(c.row for c in ws["B"] if c.value == "Jumlah tahun 2024"))


@pytest.mark.libreoffice
def test_libreoffice_resolves_the_links_to_the_units_reports(
    done: tuple[RekapResult, Path], tmp_path: Path, lo_profile: Path
) -> None:
    """LibreOffice reads each '/'-separated link against the rekap's folder: saved elsewhere, it still finds them."""
    _, out = done
    saved = convert(out / "rekap.xlsx", tmp_path / "lo", "xlsx", lo_profile)
    targets = [target for _, target in _links(saved) if not target.startswith("#")]
    assert len(targets) == len(_links(out / "rekap.xlsx"))
    for target in targets:
        assert (saved.parent / unquote(target)).resolve().parent == (out / "laporan").resolve(), target
        assert (saved.parent / unquote(target)).is_file(), target


def test_a_report_no_link_can_reach_is_named_without_one(done: tuple[RekapResult, Path], tmp_path: Path) -> None:
    """A backslash in a file name (legal on Linux) would turn into a folder separator in a '/'-separated link."""
    _, out = done
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    distinct_copy(out.parent / "masuk" / "opd_bersih.xlsx", masuk / "opd\\bersih.xlsx", 1)  # not one content
    distinct_copy(out.parent / "masuk" / "opd_bersih.xlsx", masuk / "biasa.xlsx", 2)
    (tmp_path / "laporan").mkdir()
    rekap([masuk], tmp_path / "r.xlsx", laporan=tmp_path / "laporan", jobs=1, today=TODAY)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")[RINGKASAN]
    cells = {row[3].value: row[-1] for row in ws.iter_rows() if row[3].value in ("opd\\bersih.xlsx", "biasa.xlsx")}
    assert cells["opd\\bersih.xlsx"].value == "opd\\bersih_laporan.xlsx" and cells["opd\\bersih.xlsx"].hyperlink is None
    assert (
        cells["biasa.xlsx"].hyperlink is not None
        and cells["biasa.xlsx"].hyperlink.target == "laporan/biasa_laporan.xlsx"
    )
    assert _assert_links_resolve(tmp_path / "r.xlsx") == 1  # biasa.xlsx: clean, so no finding links
