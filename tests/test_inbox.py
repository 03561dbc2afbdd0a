"""What a folder of submissions holds: our own outputs given back, files not audited, one content sent twice.

Issue 18 item 9, issue 19 R2, R3 and R15, issue 21 item 3: a report or rekap
of lakip-xl is recognised by its content, never by its name; every file of
the given folders that is not audited is listed with its reason (console,
rekap sheet, JSON); a submission that could not be audited keeps the run from
"bersih"; a byte-identical file is counted once. docs/rekap.md states the rules.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from bench.bench import generate
from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.desk.rekap import collect, rekap
from lakip_xl.io import inbox as inbox_module
from lakip_xl.io.ours import REASON, REKAP, REPORT, kind_of, own_output, sheet_names, title_of
from lakip_xl.model.errors import LakipError, OutputError
from lakip_xl.report.build import write_report
from lakip_xl.report.rekap_doc import to_rekap_document
from lakip_xl.report.rekap_sheets import RINGKASAN, TIDAK_DIREKAP
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import unit_copy
from tests.libreoffice import convert
from tests.schemas import errors, key_paths, renamed

runner = CliRunner()
GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
TEMPLATE = ROOT / "templates" / "workbook_template.xlsx"
REPORT_SAYS = "ini laporan keluaran lakip-xl; periksa berkas isian aslinya"


@contextlib.contextmanager
def deadline(seconds: int = 60) -> Iterator[None]:
    """Fail instead of hanging forever (a FIFO opened for reading blocks until a writer comes)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("hung: a FIFO was opened?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A clean unit, a report of ours (of the Grobogan sample) and a rekap of ours (of the clean unit)."""
    base = tmp_path_factory.mktemp("made")
    files = {"clean": base / "bersih.xlsx", "report": base / "grobogan_laporan.xlsx", "rekap": base / "rekap.xlsx"}
    generate(60, files["clean"])
    write_report(audit(GROBOGAN), files["report"])
    rekap([files["clean"]], files["rekap"], jobs=1)
    return files


def _json(folder: Path, *args: str, code: int) -> dict[str, Any]:
    """Run ``lakip-xl rekap FOLDER`` (one job, JSON beside), check its exit code, return the JSON."""
    out = folder.parent / f"{folder.name}-rekap"
    out.mkdir(exist_ok=True)
    with deadline():
        result = runner.invoke(app, ["rekap", str(folder), *args, "-o", str(out / "r.xlsx"), "--json",
                                     str(out / "r.json"), "--jobs", "1"])  # fmt: skip
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    doc: dict[str, Any] = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert errors("rekap", doc) == []
    doc["console"] = result.output
    return doc


# -- our own outputs, by content ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["report", "rekap"])
def test_audit_refuses_our_report_and_our_rekap(made: dict[str, Path], key: str) -> None:
    result = runner.invoke(app, ["audit", str(made[key]), "--tanpa-laporan"])
    assert result.exit_code == 2, result.output
    kind = REPORT if key == "report" else REKAP
    assert result.output.strip() == f"Galat: Berkas {made[key].name}: {REASON[kind]}"
    with pytest.raises(LakipError, match=REASON[kind]):
        audit(made[key])


def test_our_marks_survive_a_libreoffice_resave(made: dict[str, Path], tmp_path: Path, lo_profile: Path) -> None:
    """Both marks (the title and the first sheets) are still there after LibreOffice saves the file again."""
    for key, kind in (("report", REPORT), ("rekap", REKAP)):
        saved = convert(made[key], tmp_path / key, "xlsx", lo_profile)
        with zipfile.ZipFile(saved) as z:
            title, sheets = title_of(z.read("docProps/core.xml")), sheet_names(z.read("xl/workbook.xml"))
        assert kind_of(title, []) == kind and kind_of(None, sheets) == kind  # each mark alone
        assert own_output(saved) == kind
        with pytest.raises(LakipError, match=REASON[kind]):
            audit(saved)


def test_each_mark_alone_suffices_and_a_unit_workbook_has_neither(made: dict[str, Path], tmp_path: Path) -> None:
    assert kind_of("Laporan Audit LAKIP", ["Petunjuk"]) == REPORT
    assert kind_of(None, ["Ringkasan", "Catatan", "Identitas"]) == REPORT
    assert kind_of("Rekap Audit LAKIP", []) == REKAP and kind_of("", ["Ringkasan Rekap", "Temuan"]) == REKAP
    assert kind_of(None, ["Petunjuk", "Identitas", "Ringkasan", "Catatan"]) is None  # a unit's own extra sheets
    for unit in (TEMPLATE, GROBOGAN, SAMPLE_XLSX, made["clean"]):
        assert own_output(unit) is None
    untitled = tmp_path / "untitled.xlsx"  # the report with its title removed: the sheets still tell
    with zipfile.ZipFile(made["report"]) as src, zipfile.ZipFile(untitled, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"Laporan Audit LAKIP", b"Salinan")
            dst.writestr(info, data)
    assert own_output(untitled) == REPORT
    for junk in (b"", b"PK", b"PK\x05\x06" + b"\0" * 18, b"bukan zip" * 100):
        (tmp_path / "junk.xlsx").write_bytes(junk)
        assert own_output(tmp_path / "junk.xlsx") is None  # never raises: the audit will say what it is


def test_a_unit_workbook_named_like_a_report_is_audited_and_our_report_under_any_name_is_not(
    made: dict[str, Path], tmp_path: Path
) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "dinas_laporan.xlsx")  # a unit's real workbook
    shutil.copy(made["report"], masuk / "kec_grobogan.xlsx")  # the report a unit sent instead of its workbook
    doc = _json(masuk, code=0)
    assert [u["file"] for u in doc["units"]] == ["dinas_laporan.xlsx"]
    assert doc["units"][0]["verdict"] == "bersih"
    assert doc["skipped"] == [{"file": "kec_grobogan.xlsx", "reason": REPORT_SAYS}]


def test_a_rekap_written_into_its_input_folder_is_not_read_back_as_a_unit(
    made: dict[str, Path], tmp_path: Path
) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    first = rekap([masuk], masuk / "rekap.xlsx", json_out=masuk / "rekap.json", jobs=1)
    assert first.exit_code == 0 and first.skipped == []
    second = rekap([masuk], masuk / "rekap_2.xlsx", jobs=1)  # the first rekap and its JSON are in the folder now
    assert [u.name for u in second.units] == ["bersih.xlsx"] and second.exit_code == 0
    assert [(s.file, s.reason, s.blocks) for s in second.skipped] == [
        ("rekap.json", "bukan lembar kerja (.json)", False),
        ("rekap.xlsx", REASON[REKAP], False),
    ]
    again = rekap([masuk], masuk / "rekap.xlsx", json_out=masuk / "rekap.json", jobs=1)  # rewritten: not listed
    assert [s.file for s in again.skipped] == ["rekap_2.xlsx"] and again.exit_code == 0


def test_a_report_the_collection_cannot_tell_is_recognised_by_the_audit(
    made: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package the first look passes over (e.g. a zip64 one) is still skipped as ours, never a unit."""
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    shutil.copy(made["report"], masuk / "laporan_unit.xlsx")
    monkeypatch.setattr(inbox_module, "marks", lambda path: (None, None))
    result = rekap([masuk], tmp_path / "r.xlsx", jobs=1)
    assert [u.name for u in result.units] == ["bersih.xlsx"] and result.exit_code == 0
    assert [(s.file, s.reason, s.own) for s in result.skipped] == [("laporan_unit.xlsx", REPORT_SAYS, True)]
    with pytest.raises(LakipError, match=r"Tidak ada berkas \.xlsx/\.ods .*laporan_unit\.xlsx: ini laporan"):
        rekap([masuk / "laporan_unit.xlsx"], tmp_path / "r2.xlsx", jobs=1)


# -- nothing left out silently -----------------------------------------------------------------------------------


def _passed_over(masuk: Path, made: dict[str, Path]) -> dict[str, str]:
    """Files a Bappeda inbox holds that are no unit's submission: name -> a piece of the reason listed."""
    for name in ("~$bersih.xlsx", ".DS_Store", ".~lock.bersih.xlsx#", "catatan.txt", "surat pengantar.pdf"):
        (masuk / name).write_bytes(b"x")
    (masuk / ".arsip").mkdir()
    (masuk / ".arsip" / "lama.xlsx").write_bytes(b"x")
    shutil.copy(made["report"], masuk / "grobogan_laporan.xlsx")
    shutil.copy(made["rekap"], masuk / "rekap_lalu.xlsx")
    os.symlink(masuk.parent, masuk / "folder_lain")
    return {
        "~$bersih.xlsx": "berkas kunci Excel", ".DS_Store": "tersembunyi", ".~lock.bersih.xlsx#": "kunci LibreOffice",
        "catatan.txt": "bukan lembar kerja (.txt)", "surat pengantar.pdf": "bukan lembar kerja (.pdf)",
        ".arsip/": "folder tersembunyi", "grobogan_laporan.xlsx": REPORT_SAYS, "rekap_lalu.xlsx": REASON[REKAP],
        "folder_lain": "tautan ke folder",
    }  # fmt: skip


def test_files_passed_over_are_listed_and_keep_the_verdict(made: dict[str, Path], tmp_path: Path) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    expected = _passed_over(masuk, made)
    doc = _json(masuk, code=0)  # none of them is a submission: the run is still bersih
    assert [u["file"] for u in doc["units"]] == ["bersih.xlsx"]
    listed = {s["file"]: s["reason"] for s in doc["skipped"]}
    assert sorted(listed) == sorted(expected)
    for name, piece in expected.items():
        assert piece in listed[name], (name, listed[name])
        assert name in doc["console"]
    assert "Tidak direkap: 9 berkas." in doc["console"]
    wb = openpyxl.load_workbook(tmp_path / "masuk-rekap" / "r.xlsx")
    rows = [r for r in wb[TIDAK_DIREKAP].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert [(r[1], r[2]) for r in rows] == [(n, "dilewati") for n in sorted(expected)]
    assert any(str(c.value).startswith("Tidak direkap: 9 berkas (9 dilewati") for c in wb[RINGKASAN]["A"])


def _fifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


NOT_AUDITED = [
    ("a.xlsm", lambda f: (f / "a.xlsm").write_bytes(b"PK"), "format .xlsm (workbook bermakro)"),
    ("B.XLSM", lambda f: (f / "B.XLSM").write_bytes(b"PK"), "format .XLSM (workbook bermakro)"),
    ("c.xls", lambda f: (f / "c.xls").write_bytes(b"\xd0\xcf\x11\xe0"), "format .xls (Excel 97-2003)"),
    ("d.ots", lambda f: (f / "d.ots").write_bytes(b"PK"), "format .ots (templat LibreOffice Calc)"),
    ("kiriman.zip", lambda f: (f / "kiriman.zip").write_bytes(b"PK"), "arsip .zip; ekstrak"),
    ("putus.xlsx", lambda f: os.symlink(f / "tidak_ada.xlsx", f / "putus.xlsx"), "tautan (symlink) rusak"),
    ("putar.xlsx", lambda f: os.symlink(f / "putar.xlsx", f / "putar.xlsx"), "tautan (symlink) berputar"),
    ("pipa.xlsx", lambda f: _fifo(f, "pipa.xlsx"), "pipa bernama (FIFO), bukan berkas biasa; tidak dibuka"),
]


@pytest.mark.parametrize(("name", "make", "says"), NOT_AUDITED, ids=[n for n, _, _ in NOT_AUDITED])
def test_a_submission_not_audited_is_listed_and_the_run_is_not_bersih(
    made: dict[str, Path], tmp_path: Path, name: str, make: Any, says: str
) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    make(masuk)
    doc = _json(masuk, code=1)  # was exit 0 "Rekap 1 berkas: 1 bersih"
    assert [u["verdict"] for u in doc["units"]] == ["bersih"]
    assert [s["file"] for s in doc["skipped"]] == [name] and says in doc["skipped"][0]["reason"]
    if name.lower().endswith((".xlsm", ".xls", ".ots")):
        assert "Simpan Sebagai 'Excel Workbook (*.xlsx)'" in doc["skipped"][0]["reason"]
    assert "tidak diperiksa" in doc["console"] and name in doc["console"]
    with deadline():  # the multi-file audit lists it the same way
        result = runner.invoke(app, ["audit", str(masuk), "--tanpa-laporan"])
    assert result.exit_code == 1, result.output
    assert f"Tidak diperiksa: {name}: {doc['skipped'][0]['reason']}" in result.output


def test_a_fifo_or_a_link_loop_named_explicitly_gets_its_row_and_the_run_goes_on(
    made: dict[str, Path], tmp_path: Path
) -> None:
    shutil.copy(made["clean"], tmp_path / "bersih.xlsx")
    os.mkfifo(tmp_path / "pipa.xlsx")
    os.symlink(tmp_path / "putar.xlsx", tmp_path / "putar.xlsx")
    os.symlink(tmp_path / "tidak_ada.xlsx", tmp_path / "putus.xlsx")
    names = ("bersih.xlsx", "pipa.xlsx", "putar.xlsx", "putus.xlsx")
    with deadline():
        result = runner.invoke(app, ["rekap", *(str(tmp_path / n) for n in names), "-o", str(tmp_path / "r.xlsx"),
                                     "--json", "-", "--jobs", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output  # not "Berkas tidak ditemukan", not a hang
    doc = json.loads(result.stdout)
    assert [u["file"] for u in doc["units"]] == ["bersih.xlsx"]
    reasons = {s["file"]: s["reason"] for s in doc["skipped"]}
    assert reasons == {
        "pipa.xlsx": "pipa bernama (FIFO), bukan berkas biasa; tidak dibuka",
        "putar.xlsx": "tautan (symlink) berputar: tidak berujung pada berkas; tidak dibuka",
        "putus.xlsx": "tautan (symlink) rusak: sasarannya tidak ada",
    }
    for name in names[1:]:  # a single audit says the same in its one line, exit 2
        with deadline():
            single = runner.invoke(app, ["audit", str(tmp_path / name), "--tanpa-laporan"])
        assert single.exit_code == 2 and single.output.strip() == f"Galat: Berkas {name}: {reasons[name]}"


def test_no_workbook_at_all_names_what_was_skipped(made: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "a.xls").write_bytes(b"x")
    shutil.copy(made["report"], tmp_path / "b_laporan.xlsx")
    with pytest.raises(LakipError, match=r"berkas \.xlsx/\.ods .*a\.xls: format \.xls .*b_laporan\.xlsx: ini lap"):
        collect([tmp_path])
    result = runner.invoke(app, ["rekap", str(tmp_path), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2 and "dilewati: a.xls" in result.output


def test_an_output_never_replaces_a_submission_that_was_not_audited(made: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(made["clean"], tmp_path / "bersih.xlsx")
    (tmp_path / "kec.xlsm").write_bytes(b"PK")
    with pytest.raises(OutputError, match="menimpa berkas masukan"):
        rekap([tmp_path], tmp_path / "r.xlsx", json_out=tmp_path / "kec.xlsm", jobs=1)
    assert (tmp_path / "kec.xlsm").read_bytes() == b"PK"


# -- one content, counted once -----------------------------------------------------------------------------------


def test_a_unit_sent_twice_byte_for_byte_is_counted_once(made: dict[str, Path], tmp_path: Path) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(SAMPLE_XLSX, masuk / "dinas_pu.xlsx")
    shutil.copy(SAMPLE_XLSX, masuk / "dinas_pu (1).xlsx")
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    alone = to_rekap_document(rekap([masuk / "dinas_pu.xlsx", masuk / "bersih.xlsx"], tmp_path / "a.xlsx", jobs=1))
    doc = _json(masuk, code=1)  # the sample has errors; the copy does not change that
    assert [u["file"] for u in doc["units"]] == ["dinas_pu.xlsx", "bersih.xlsx"]  # worst first
    assert doc["superseded"] == [{"file": "dinas_pu (1).xlsx", "by": "dinas_pu.xlsx"}]
    assert doc["summary"] == alone["summary"] and doc["programs"] == alone["programs"]  # anggaran not doubled
    assert all(p["units"] == 1 for p in doc["programs"] if p["program"] in {q.get("program") for q in
                                                                          doc["units"][0]["programs"]})  # fmt: skip
    assert "isi sama persis dengan dinas_pu.xlsx" in doc["console"]
    wb = openpyxl.load_workbook(tmp_path / "masuk-rekap" / "r.xlsx")
    rows = [r for r in wb[TIDAK_DIREKAP].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert [r[1:4] for r in rows] == [("dinas_pu (1).xlsx", "digantikan", "isi sama persis dengan dinas_pu.xlsx")]


def test_the_shortest_name_stands_for_its_copies_and_a_link_is_a_copy(tmp_path: Path) -> None:
    for name in ("Salinan dari kec.xlsx", "kec - Copy.xlsx", "kec.xlsx"):
        shutil.copy(GROBOGAN, tmp_path / name)
    os.symlink(tmp_path / "kec.xlsx", tmp_path / "tautan.xlsx")
    found = collect([tmp_path, tmp_path / "kec.xlsx"])  # a file named twice is taken once
    assert found.files == [(tmp_path / "kec.xlsx", "kec.xlsx")]
    assert [(s.file, s.by) for s in found.superseded] == [
        ("Salinan dari kec.xlsx", "kec.xlsx"), ("kec - Copy.xlsx", "kec.xlsx"), ("tautan.xlsx", "kec.xlsx"),
    ]  # fmt: skip


def test_the_jobs_give_the_same_bytes_with_files_left_out(made: dict[str, Path], tmp_path: Path) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    for n in range(3):
        unit_copy(SAMPLE_XLSX, masuk / f"kec_{n}.xlsx", n)
    shutil.copy(masuk / "kec_1.xlsx", masuk / "kec_1 (1).xlsx")
    (masuk / "x.xlsm").write_bytes(b"PK")
    _passed_over(masuk, made)
    outs = []
    for jobs in (1, 2, 5):
        x, j = tmp_path / f"r{jobs}.xlsx", tmp_path / f"r{jobs}.json"
        result = rekap([masuk], x, json_out=j, jobs=jobs)
        assert len(result.units) == 4 and len(result.superseded) == 1 and len(result.skipped) == 10
        outs.append((x.read_bytes(), j.read_bytes()))
    assert outs[0] == outs[1] == outs[2]


# -- the multi-file audit and the JSON ---------------------------------------------------------------------------


def test_the_multi_file_audit_lists_the_same_files_and_replaces_only_its_own_reports(
    made: dict[str, Path], tmp_path: Path
) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    shutil.copy(made["clean"], masuk / "bersih.xlsx")
    shutil.copy(made["clean"], masuk / "bersih (1).xlsx")
    (masuk / "catatan.txt").write_text("x")
    first = runner.invoke(app, ["audit", str(masuk)])
    assert first.exit_code == 0, first.output
    assert "Digantikan: bersih (1).xlsx: isi sama persis dengan bersih.xlsx" in first.output
    assert "Dilewati: catatan.txt: bukan lembar kerja (.txt)" in first.output
    assert (masuk / "bersih_laporan.xlsx").exists() and not (masuk / "bersih (1)_laporan.xlsx").exists()
    again = runner.invoke(app, ["audit", str(masuk)])  # our report beside it is replaced, not an input, not listed
    assert again.exit_code == 0 and "Dilewati: bersih_laporan.xlsx" not in again.output
    quiet = runner.invoke(app, ["audit", str(masuk), "--tanpa-laporan", "--json", "-"])
    doc = json.loads(quiet.stdout)
    assert errors("audit", doc) == [] and quiet.exit_code == 0
    assert doc["skipped"] == [{"file": "bersih_laporan.xlsx", "reason": REPORT_SAYS},
                              {"file": "catatan.txt", "reason": "bukan lembar kerja (.txt)"}]  # fmt: skip
    assert doc["superseded"] == [{"file": "bersih (1).xlsx", "by": "bersih.xlsx"}]
    for path in key_paths(doc):
        if path[0] in ("skipped", "superseded"):
            assert errors("audit", renamed(doc, path)), f"renaming {path} still validates"


def test_the_rekap_json_pins_the_keys_of_what_it_lists(made: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(made["clean"], tmp_path / "a.xlsx")
    shutil.copy(made["clean"], tmp_path / "b.xlsx")
    (tmp_path / "c.xls").write_bytes(b"x")
    doc = to_rekap_document(rekap([tmp_path], tmp_path / "r.xlsx", jobs=1))
    assert doc["skipped"] and doc["superseded"] and errors("rekap", doc) == []
    paths = [p for p in key_paths(doc) if p[0] in ("skipped", "superseded")]
    assert len(paths) == 6  # the two lists and the keys of their objects
    for path in paths:
        assert errors("rekap", renamed(doc, path)), f"renaming {path} still validates"
