"""Bappeda's desk (issue 21): an inbox as it really looks gives each unit once per year, worst first, every file named.

The inbox (tests/desk_inbox.py): the two samples (Mustikajaya 2024, Grobogan 2021) and a byte-identical copy
of one, a hand-filled kecamatan of 2025 and its revision, a Dinas, a clean unit, an untouched template, a
broken file, a lock file and a .txt; with a --daftar list holding a typo and units that sent nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from lakip_xl.cli import app
from lakip_xl.desk.daftar import check, closest, read_list
from lakip_xl.desk.latest import latest, of_year
from lakip_xl.desk.rekap import rekap
from lakip_xl.io.inbox import Superseded
from lakip_xl.model.errors import LakipError
from lakip_xl.report.rekap_sheets import RINGKASAN, TIDAK_DIREKAP
from lakip_xl.report.unit import NOT_FILLED, UNREADABLE, WORST_FIRST, Absent, RekapResult, UnitSummary
from tests.desk_inbox import make_inbox
from tests.schemas import errors

runner = CliRunner()
DAFTAR = ["Kecamatan Mustikajaya", "Kecamatan Bantargebang", "kecamatan  JATIASIH", "Kecamatan Bekasi Utara",
          "Kecamatan Rawalumbu", "Dinas Kesehatn", "Kecamatan Medan Satria"]  # fmt: skip


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_inbox(tmp_path_factory.mktemp("desk") / "masuk")


@pytest.fixture(scope="module")
def desk(inbox: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``lakip-xl rekap masuk/ -o ... --json ... --laporan hasil/laporan/2025 --daftar daftar.txt --jobs 2``."""
    out = tmp_path_factory.mktemp("hasil")
    daftar = out / "daftar.txt"
    daftar.write_text("# unit yang wajib mengirim LAKIP 2025\n" + "\n".join(DAFTAR) + "\n\n", encoding="utf-8")
    before = {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in inbox.items()}
    laporan = out / "laporan" / "2025"  # missing: --laporan makes it
    args = ["rekap", str(inbox["sample"].parent), "-o", str(out / "rekap.xlsx"), "--json", str(out / "rekap.json"),
            "--laporan", str(laporan), "--daftar", str(daftar), "--jobs", "2"]  # fmt: skip
    run = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in inbox.items()} == before
    doc = json.loads((out / "rekap.json").read_text(encoding="utf-8"))
    return {"run": run, "doc": doc, "out": out, "laporan": laporan}


def _units(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["file"]: u for u in doc["units"]}


def test_each_unit_once_per_year(desk: dict[str, Any], inbox: dict[str, Path]) -> None:
    doc = desk["doc"]
    assert desk["run"].exit_code == 1, desk["run"].output
    assert errors("rekap", doc) == []
    named = [(u["unit"].casefold(), u["year"]) for u in doc["units"] if u["unit"]]
    assert len(named) == len(set(named)) == 6  # Bantargebang, Dinkes, Jatiasih, Bekasi Utara, Mustikajaya, Grobogan
    units = _units(doc)
    assert "kec_bantargebang_2.xlsx" not in units and "mustikajaya_2024 (1).xlsx" not in units
    revision = units["kec_bantargebang.xlsx"]  # saved later, though its file time is older and its name sorts first
    assert revision["sha256"] == hashlib.sha256(inbox["kec_new"].read_bytes()).hexdigest()
    assert revision["saved"] == "2025-03-02T10:15:00Z"
    assert not any(f["rule"] == "T2_2_2.PAGU_TW" and "Gaji" in (f["label"] or "") for f in revision["findings"])
    assert doc["superseded"] == [
        {"file": "kec_bantargebang_2.xlsx", "by": "kec_bantargebang.xlsx"},
        {"file": "mustikajaya_2024 (1).xlsx", "by": "mustikajaya_2024.xlsx"},
    ]


def test_years_are_never_mixed(desk: dict[str, Any]) -> None:
    doc = desk["doc"]
    assert list(doc["years"]) == ["2025", "2024", "2021"]  # the rekap's own year (the latest) first
    for year, summary in doc["years"].items():
        mine = [u for u in doc["units"] if (u["year"] or "2025") == year]
        assert summary["units"] == len(mine)
        assert summary["anggaran"] == sum(u["anggaran"] or 0 for u in mine)
        assert summary["pagu"] == (sum(u["pagu"] for u in mine if u["pagu"] is not None) or None)
    assert doc["years"]["2024"]["anggaran"] == _units(doc)["mustikajaya_2024.xlsx"]["anggaran"]
    summary = doc["summary"]  # several years: counts only, no money added across years
    assert summary["units"] == len(doc["units"]) and summary["findings"]["error"] == sum(
        u["summary"]["error"] for u in doc["units"]
    )
    assert all(summary[k] is None for k in ("pagu", "anggaran", "realisasi", "serapan", "ikm_mean", "iku_mean"))
    assert {p["year"] for p in doc["programs"]} == {"2025", "2024", "2021"}
    assert [u["year"] or "2025" for u in doc["units"]] == sorted((u["year"] or "2025" for u in doc["units"]),
                                                                  reverse=True)  # fmt: skip


def test_worst_first_and_the_template_named_by_its_identitas(desk: dict[str, Any]) -> None:
    doc = desk["doc"]
    year_2025 = [u for u in doc["units"] if (u["year"] or "2025") == "2025"]
    assert [u["verdict"] for u in year_2025] == [UNREADABLE, "ada galat", "ada galat", NOT_FILLED, "bersih"]
    errors_ = [u["summary"]["error"] for u in year_2025 if u["verdict"] == "ada galat"]
    assert errors_ == sorted(errors_, reverse=True) and errors_[0] > errors_[1]
    template = _units(doc)["template_kec_bekasi_utara.xlsx"]
    assert (template["verdict"], template["unit"], template["year"]) == (NOT_FILLED, "Kecamatan Bekasi Utara", "2025")
    assert template["findings"] == [] and template["reason"].startswith("tidak satu pun tabel laporan")
    broken = _units(doc)["kec_rawalumbu.xlsx"]
    assert broken["verdict"] == UNREADABLE and "kec_rawalumbu" not in broken["reason"]  # the row names the file
    dinas = _units(doc)["dinkes_2025.xlsx"]
    assert dinas["verdict"] == "ada galat" and dinas["required_missing"]  # the empty required tables named too


def test_who_has_not_sent(desk: dict[str, Any]) -> None:
    doc = desk["doc"]
    # Mustikajaya sent 2024's report, not 2025's; Rawalumbu's file is unreadable but its unit is unknown
    assert doc["not_submitted"] == ["Kecamatan Mustikajaya", "Kecamatan Rawalumbu", "Dinas Kesehatn",
                                    "Kecamatan Medan Satria"]  # fmt: skip
    assert doc["years"]["2025"]["not_submitted"] == 4 and doc["years"]["2024"]["not_submitted"] == 0
    units = _units(doc)
    assert (units["dinkes_2025.xlsx"]["listed"], units["dinkes_2025.xlsx"]["suggestion"]) == (False, "Dinas Kesehatn")
    assert units["kec_jatiasih.xlsx"]["listed"] is True  # case and spaces aside
    assert units["grobogan_2021.xlsx"]["listed"] is False and units["grobogan_2021.xlsx"]["suggestion"] is None
    assert units["kec_rawalumbu.xlsx"]["listed"] is None


def test_files_not_counted_are_named(desk: dict[str, Any]) -> None:
    doc, out = desk["doc"], desk["out"]
    assert {s["file"] for s in doc["skipped"]} == {"catatan.txt", "~$kec_bantargebang.xlsx"}
    wb = openpyxl.load_workbook(out / "rekap.xlsx")
    rows = [r[1:4] for r in wb[TIDAK_DIREKAP].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert (
        "kec_bantargebang_2.xlsx",
        "digantikan",
        "digantikan oleh kec_bantargebang.xlsx, kiriman terbaru "
        "Kecamatan Bantargebang tahun 2025 (disimpan 02-03-2025 10.15 UTC menurut berkasnya)",
    ) in rows
    assert ("mustikajaya_2024 (1).xlsx", "digantikan", "isi sama persis dengan mustikajaya_2024.xlsx") in rows
    console = desk["run"].stdout
    assert "digantikan oleh kec_bantargebang.xlsx" in console and "berkas kunci Excel" in console
    assert "Dinas Kesehatn" in console and "belum kirim; mungkin dikirim sebagai dinkes_2025.xlsx" in console


def test_the_laporan_folder_is_made(desk: dict[str, Any]) -> None:
    made = sorted(p.name for p in desk["laporan"].iterdir())
    audited = [u["file"] for u in desk["doc"]["units"] if u["verdict"] not in (UNREADABLE, NOT_FILLED)]
    assert made == sorted(f.removesuffix(".xlsx") + "_laporan.xlsx" for f in audited)  # none for a superseded file
    assert all(u["report"] for u in desk["doc"]["units"] if u["file"] in audited)


def test_ringkasan_rekap_shows_a_block_per_year_worst_first(desk: dict[str, Any]) -> None:
    ws = openpyxl.load_workbook(desk["out"] / "rekap.xlsx")[RINGKASAN]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    headings = [(n, r[0]) for n, r in enumerate(cells, 1) if str(r[0] or "").startswith("Tahun ")]
    assert [h.split(":")[0] for _, h in headings] == ["Tahun 2025", "Tahun 2024", "Tahun 2021"]
    assert [b.id for b in ws.row_breaks.brk] == [n - 1 for n, _ in headings[1:]]  # each later year on a new page
    first = [r for r in cells[headings[0][0] : headings[1][0] - 2] if isinstance(r[0], int)]
    assert [r[4].split(";")[0] for r in first] == [UNREADABLE, "ada galat", "ada galat", NOT_FILLED, "belum kirim",
                                                   "belum kirim", "belum kirim", "belum kirim", "bersih"]  # fmt: skip
    absent = {r[1]: r[8] for r in first if r[4] == "belum kirim"}
    assert "mungkin dikirim sebagai dinkes_2025.xlsx" in absent["Dinas Kesehatn"]
    flagged = next(r[1] for r in first if str(r[1]).startswith("Dinas Kesehatan"))
    assert "tidak ada di daftar unit; mungkin: Dinas Kesehatn" in flagged
    totals = [r for r in cells if str(r[1] or "").startswith("Jumlah tahun")]
    assert [r[1] for r in totals] == ["Jumlah tahun 2025", "Jumlah tahun 2024", "Jumlah tahun 2021"]


def test_one_year_with_tahun(inbox: dict[str, Path], tmp_path: Path) -> None:
    result = rekap([inbox["sample"].parent], tmp_path / "r.xlsx", json_out=tmp_path / "r.json", jobs=1, tahun="2025")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert errors("rekap", doc) == []
    assert doc["year"] == "2025" and list(doc["years"]) == ["2025"] and doc["summary"] == doc["years"]["2025"]
    assert doc["summary"]["anggaran"] == sum(u["anggaran"] or 0 for u in doc["units"]) > 0
    assert doc["other_years"] == [
        {"file": "grobogan_2021.xlsx", "unit": "Dinas Pekerjaan Umum dan Penataan Ruang", "year": "2021"},
        {"file": "mustikajaya_2024.xlsx", "unit": "Kecamatan Mustikajaya", "year": "2024"},
    ]
    assert {u["year"] for u in doc["units"]} == {"2025", ""}  # the unreadable file's year is unknown: it stays
    rows = [r for r in openpyxl.load_workbook(tmp_path / "r.xlsx")[TIDAK_DIREKAP].iter_rows(values_only=True)]
    assert any(r[1] == "grobogan_2021.xlsx" and r[2] == "tahun lain" for r in rows)
    assert result.exit_code == 1
    bad = runner.invoke(app, ["rekap", str(inbox["clean"]), "-o", str(tmp_path / "x.xlsx"), "--tahun", "25"])
    assert bad.exit_code == 2 and "--tahun harus tahun empat angka" in bad.output


def test_the_laporan_folder_made_is_removed_when_the_run_stops(inbox: dict[str, Path], tmp_path: Path) -> None:
    from tests.test_rekap import _Interrupt

    laporan = tmp_path / "baru" / "laporan"
    with pytest.raises(KeyboardInterrupt):
        rekap([inbox["clean"]], tmp_path / "r.xlsx", laporan=laporan, jobs=1, progress=_Interrupt(io_stream()))
    assert not (tmp_path / "baru").exists() and sorted(p.name for p in tmp_path.iterdir()) == []
    (tmp_path / "berkas").write_text("x")
    bad = runner.invoke(app, ["rekap", str(inbox["clean"]), "-o", str(tmp_path / "r.xlsx"), "--laporan",
                              str(tmp_path / "berkas")])  # fmt: skip
    assert bad.exit_code == 3 and "bukan folder" in bad.output


def io_stream() -> Any:
    import io

    return io.StringIO()


# -- the rules, one by one -------------------------------------------------------------------------------------


def _unit(name: str, unit: str = "", year: str = "", verdict: str = "bersih", errors_: int = 0) -> UnitSummary:
    return UnitSummary(name, unit, year, "0" * 64, verdict, counts=(errors_, 0, 0))


def test_the_latest_file_of_a_unit_and_year_counts() -> None:
    units = [_unit("a.xlsx", "Kecamatan X", "2025"), _unit("b.xlsx", "kecamatan   x", "2025"),
             _unit("c.xlsx", "Kecamatan X", "2024"), _unit("d.xlsx", "", "2025"),
             _unit("e.xlsx", "", "2025")]  # fmt: skip
    paths = {u.name: Path(u.name) for u in units}
    by_saved = {"a.xlsx": ("2025-03-02T10:00:00Z", 1.0), "b.xlsx": ("2025-03-01T10:00:00Z", 9.0)}
    kept, gone = latest(units, by_saved, paths)
    assert [u.name for u in kept] == ["a.xlsx", "c.xlsx", "d.xlsx", "e.xlsx"]  # other year, unknown unit: their own
    assert [(s.file, s.by) for s in gone] == [("b.xlsx", "a.xlsx")] and "disimpan 02-03-2025" in gone[0].reason
    by_time = {"a.xlsx": ("2025-03-02T10:00:00Z", 1.0), "b.xlsx": ("2025-03-02T10:00:00Z", 9.0)}
    kept, gone = latest(units, by_time, paths)  # the same saved date: the newer file time
    assert [(s.file, s.by) for s in gone] == [("a.xlsx", "b.xlsx")] and "waktu berkas lebih baru" in gone[0].reason
    kept, gone = latest(units, {"a.xlsx": (None, 5.0), "b.xlsx": ("2025-01-01T00:00:00+07:00", 1.0)}, paths)
    assert [(s.file, s.by) for s in gone] == [("a.xlsx", "b.xlsx")]  # a saved date beats none
    kept, gone = latest(units, {}, paths)  # nothing known: the later name, so the run is the same every time
    assert [(s.file, s.by) for s in gone] == [("a.xlsx", "b.xlsx")]
    assert isinstance(gone[0], Superseded)


def test_other_years_are_set_apart() -> None:
    units = [_unit("a.xlsx", "X", "2025"), _unit("b.xlsx", "Y", "2024"), _unit("c.xlsx", verdict=UNREADABLE)]
    kept, other = of_year(units, "2025")
    assert [u.name for u in kept] == ["a.xlsx", "c.xlsx"] and [o.file for o in other] == ["b.xlsx"]
    assert other[0].reason == "laporan Y tahun 2024; rekap ini tahun 2025"
    assert of_year(units, None) == (units, [])


def test_rows_are_worst_first() -> None:
    rows: list[Any] = [_unit("bersih.xlsx", "A"), Absent("B"), _unit("kosong.xlsx", "C", verdict=NOT_FILLED),
                       _unit("g1.xlsx", "D", verdict="ada galat", errors_=1), _unit("r.xlsx", verdict=UNREADABLE),
                       _unit("g9.xlsx", "E", verdict="ada galat", errors_=9),
                       _unit("l.xlsx", "F", verdict="belum lengkap")]  # fmt: skip
    ordered = sorted(rows, key=lambda r: r.worst_first())
    assert [r.verdict for r in ordered] == [v for v in WORST_FIRST for _ in range(2 if v == "ada galat" else 1)]
    assert [r.label for r in ordered][1:3] == ["E", "D"]  # more errors first
    result = RekapResult([r for r in rows if isinstance(r, UnitSummary)], absent=[Absent("B")])
    assert [r.label for r in result.blocks()[0].rows] == [r.label for r in ordered]
    assert result.exit_code == 1


def test_the_daftar_list_in_every_form(tmp_path: Path) -> None:
    txt = tmp_path / "daftar.txt"
    txt.write_text("# komentar\nKecamatan A\n\n kecamatan  a \nKecamatan B\n", encoding="utf-8")
    assert read_list(txt) == ["Kecamatan A", "Kecamatan B"]  # once each, case and spaces aside
    csv_ = tmp_path / "daftar.csv"
    csv_.write_text("No;Nama Unit;Kepala\n1;Kecamatan A;Budi\n2;Dinas Kesehatan, Kota;Ani\n", encoding="cp1252")
    assert read_list(csv_) == ["Kecamatan A", "Dinas Kesehatan, Kota"]  # ';' as Indonesian Excel writes it
    plain = tmp_path / "tanpa_judul.csv"
    plain.write_text("Kecamatan A,1\nKecamatan B,2\n", encoding="utf-8")
    assert read_list(plain) == ["Kecamatan A", "Kecamatan B"]  # no header: the first column
    book = tmp_path / "daftar.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (("Daftar unit 2025", None), ("No", "Unit kerja"), (1, "Kecamatan A"), (2, "Kecamatan Ç")):
        ws.append(row)
    wb.save(book)
    assert read_list(book) == ["Kecamatan A", "Kecamatan Ç"]  # the column headed like a unit
    bad = (("d.pdf", "x", "harus berkas .txt, .csv atau .xlsx"),
           ("kosong.txt", "# hanya komentar\n", "tidak memuat satu nama unit pun"))  # fmt: skip
    for name, content, message in bad:
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(LakipError, match=message):
            read_list(tmp_path / name)
    with pytest.raises(LakipError, match="Daftar unit tidak ditemukan"):
        read_list(tmp_path / "tidak_ada.txt")


def test_the_daftar_list_has_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lakip_xl.desk import daftar as daftar_module

    big = tmp_path / "besar.txt"
    big.write_bytes(b"Kecamatan A\n" * (16 * 2**20 // 12 + 1))
    with pytest.raises(LakipError, match="terlalu besar"):
        read_list(big)
    monkeypatch.setattr(daftar_module, "MAX_NAMES", 3)
    many = tmp_path / "banyak.txt"
    many.write_text("".join(f"Kecamatan {n}\n" for n in range(5)), encoding="utf-8")
    with pytest.raises(LakipError, match="lebih dari 3 nama"):
        read_list(many)
    bomb = tmp_path / "bukan.xlsx"
    bomb.write_bytes(b"PK\x03\x04 bukan zip")
    with pytest.raises(LakipError):
        read_list(bomb)  # an .xlsx list goes through the workbook's own guards


def test_a_unit_not_on_the_list_gets_the_closest_name() -> None:
    names = ["Kecamatan Mustikajaya", "Kecamatan Bantargebang", "Dinas Pekerjaan Umum dan Penataan Ruang"]
    assert closest("Kecamatan Mustikajya", names) == "Kecamatan Mustikajaya"  # a typo
    assert closest("Dinas PUPR", names) is None  # nothing close: no guess
    assert closest("Kecamatan Bantar Gebang", names) == "Kecamatan Bantargebang"  # a space apart
    assert closest("Kec. Mustikajaya", names) == "Kecamatan Mustikajaya"
    assert closest("Kecamatan Medan Satria", names) is None  # "Kecamatan" alone makes no match
    units = [_unit("a.xlsx", "Kecamatan Mustikajya", "2025"), _unit("b.xlsx", "KECAMATAN BANTARGEBANG", "2025"),
             _unit("c.xlsx", verdict=UNREADABLE)]  # fmt: skip
    marked, absent = check(units, names, "2025")
    assert [(u.listed, u.suggestion) for u in marked] == [(False, "Kecamatan Mustikajaya"), (True, None), (None, None)]
    assert absent == [Absent("Kecamatan Mustikajaya", "a.xlsx"), Absent("Dinas Pekerjaan Umum dan Penataan Ruang")]
    marked, absent = check([dataclasses.replace(units[1], year="2024")], names, "2025")
    assert [a.unit for a in absent] == names  # a report of another year is no submission for this one


def test_dates_and_money_are_decimal_strings_in_the_json(desk: dict[str, Any]) -> None:
    for u in desk["doc"]["units"]:
        assert u["serapan"] is None or Decimal(u["serapan"]) >= 0
        assert u["anggaran"] is None or isinstance(u["anggaran"], int)


def test_messages_name_the_folder_as_given(
    inbox: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No absolute path the user did not type: a missing output folder is named as given (issue 21 item 7)."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["rekap", str(inbox["clean"]), "-o", "hilang/rekap.xlsx"])
    assert result.exit_code == 3
    assert "Folder keluaran tidak ada: hilang" in result.output and str(tmp_path) not in result.output
