"""``lakip-xl serve`` for Bappeda: the token, the stored submissions, the board, a unit's history, the rekap."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lakip_xl.io.ours import REKAP, REPORT, own_output
from lakip_xl.model.errors import LakipError
from lakip_xl.web.board import board, findings_delta
from lakip_xl.web.store import SCHEMA_VERSION, Store, Submission
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import distinct_copy
from tests.webtools import TOKEN, XLSX, client, csrf, finished, upload

GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
MUSTIKAJAYA, BANTARGEBANG = "Kecamatan Mustikajaya", "Kecamatan Bantargebang"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PROTECTED = [
    "/bappeda", "/bappeda?tahun=2024", "/bappeda/papan.json", "/bappeda/unit?unit=x&tahun=2024",
    "/bappeda/kiriman/1/berkas.xlsx", "/bappeda/kiriman/1/laporan.xlsx", "/bappeda/kiriman/1/temuan.json",
    "/bappeda/kiriman/2/selisih.json",
    "/bappeda/rekap.xlsx", "/bappeda/rekap.json",
]  # fmt: skip


def _code(c: TestClient, unit: str) -> str:
    answer = c.post("/bappeda/kode", data={"unit": unit}, headers=BEARER)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["code"])


def _send(c: TestClient, code: str, path: Path, name: str | None = None) -> tuple[int, str]:
    sent = upload(c, path, name=name, action=f"/kirim/{code}")
    if sent.status_code != 303:
        return sent.status_code, sent.text
    page = finished(c, sent.headers["location"])
    return page.status_code, html.unescape(page.text)


@pytest.mark.parametrize("url", PROTECTED)
def test_every_bappeda_route_needs_the_token(tmp_path: Path, url: str) -> None:
    with client(tmp_path, token=TOKEN) as c:
        missing = c.get(url)
        wrong = c.get(url, headers={"Authorization": "Bearer token-yang-salah-1"})
        api_missing = c.get(url, headers={"accept": "application/json"})
    assert missing.status_code == 401 and "Masuk dengan token Bappeda" in missing.text
    assert missing.headers["www-authenticate"].startswith("Bearer")
    assert wrong.status_code == 403 and "Token Bappeda salah" in wrong.text
    assert api_missing.status_code == 401 and "galat" in api_missing.json()
    with client(tmp_path / "tanpa-token") as c:
        off = c.get(url, headers=BEARER)
        login = c.get("/masuk")
    assert off.status_code == 403 and "tidak aktif" in off.text
    assert login.status_code == 403


def test_posts_under_bappeda_need_the_token_too(tmp_path: Path) -> None:
    with client(tmp_path, token=TOKEN) as c:
        token = csrf(c)
        missing = c.post("/bappeda/kode", data={"unit": "X", "csrf": token})
        wrong = c.post("/bappeda/kode", data={"unit": "X"}, headers={"Authorization": "Bearer salah-salah-1"})
        assert c.app.state.services.store.codes() == {}  # type: ignore[attr-defined]
    assert missing.status_code == 401 and wrong.status_code == 403


def test_login_sets_a_session_and_forms_need_their_token(tmp_path: Path) -> None:
    with client(tmp_path, token=TOKEN) as c:
        token = csrf(c, "/masuk")
        forged = c.post("/masuk", data={"token": TOKEN})
        wrong = c.post("/masuk", data={"token": "bukan-token-ini", "csrf": token})
        assert c.get("/bappeda").status_code == 401
        ok = c.post("/masuk", data={"token": TOKEN, "csrf": token})
        assert ok.status_code == 303 and ok.headers["location"] == "/bappeda"
        assert "httponly" in ok.headers["set-cookie"].lower() and "samesite=strict" in ok.headers["set-cookie"].lower()
        page = c.get("/bappeda")
        no_csrf = c.post("/bappeda/kode", data={"unit": "Kecamatan Baru"})
        made = c.post("/bappeda/kode", data={"unit": "Kecamatan Baru", "csrf": csrf(c, "/bappeda")})
        board_after = c.get("/bappeda").text
        c.post("/keluar")
        after_logout = c.get("/bappeda")
    assert forged.status_code == 403 and "token formulir" in forged.text
    assert wrong.status_code == 403 and "Token Bappeda salah" in wrong.text
    assert page.status_code == 200 and "Papan kiriman LAKIP" in page.text
    assert no_csrf.status_code == 403
    assert made.status_code == 303 and "Kecamatan Baru" in board_after and "/kirim/" in board_after
    assert after_logout.status_code == 401


def test_submissions_are_stored_by_hash_never_overwritten_and_shown_on_the_board(tmp_path: Path) -> None:
    daftar = (MUSTIKAJAYA, BANTARGEBANG)
    with client(tmp_path, token=TOKEN, daftar=daftar) as c:
        store: Store = c.app.state.services.store  # type: ignore[attr-defined]
        codes = store.codes()
        assert set(codes) == {"kecamatan mustikajaya", "kecamatan bantargebang"}  # made at start for the list
        before = c.get("/bappeda/papan.json", headers=BEARER).json()
        status, page = _send(c, codes["kecamatan mustikajaya"], SAMPLE_XLSX)
        again, _ = _send(c, codes["kecamatan mustikajaya"], SAMPLE_XLSX, name="revisi.xlsx")
        wrong_unit, refusal = _send(c, codes["kecamatan bantargebang"], SAMPLE_XLSX)
        grobogan = _code(c, "Dinas Pekerjaan Umum dan Penataan Ruang")
        third, _ = _send(c, grobogan, GROBOGAN)
        after = c.get("/bappeda/papan.json", headers=BEARER).json()
        board_html = c.get("/bappeda", headers=BEARER).text
        subs = store.submissions()
    assert [r["verdict"] for r in before["rows"]] == ["belum kirim", "belum kirim"]
    assert status == 200 and "Kiriman diterima Bappeda: nomor 1, unit Kecamatan Mustikajaya" in page
    assert again == 200 and third == 200
    assert wrong_unit == 422 and "menyebut unit 'Kecamatan Mustikajaya'" in refusal and BANTARGEBANG in refusal
    rows = {(r["unit"], r["year"]): r for r in after["rows"]}
    assert rows[(MUSTIKAJAYA, "2024")]["revisions"] == 2 and rows[(MUSTIKAJAYA, "2024")]["errors"] == 29
    assert rows[(MUSTIKAJAYA, "2024")]["file"] == "revisi.xlsx"
    assert rows[(BANTARGEBANG, "2024")]["verdict"] == "belum kirim"
    grob = rows[("Dinas Pekerjaan Umum dan Penataan Ruang", "2021")]
    assert grob["listed"] is True and grob["verdict"] == "ada galat" and grob["errors"] == 2  # it has a link
    # worst first: ada galat by errors, then belum kirim
    assert [r["verdict"] for r in after["rows"]][:2] == ["ada galat", "ada galat"]
    assert after["rows"][0]["errors"] >= after["rows"][1]["errors"]
    assert "belum kirim" in board_html and MUSTIKAJAYA in board_html and board_html.count("/kirim/") == 3
    # two submissions of one content: two rows in SQLite, one file named by its hash
    assert [s.file_name for s in subs] == ["mustikajaya_2024.xlsx", "revisi.xlsx", "grobogan_2021.xlsx"]
    assert subs[0].sha256 == subs[1].sha256
    files = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "berkas").rglob("*") if p.is_file())
    assert files == sorted(f"berkas/{s.sha256[:2]}/{s.sha256}.xlsx" for s in (subs[0], subs[2]))
    assert json.loads(subs[1].document)["file"] == "revisi.xlsx"
    with sqlite3.connect(tmp_path / "lakip.sqlite") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT COUNT(*) FROM submission").fetchone()[0] == 3


def test_history_downloads_and_rekap(tmp_path: Path) -> None:
    revised = distinct_copy(SAMPLE_XLSX, tmp_path / "mustikajaya_v2.xlsx", "v2")
    with client(tmp_path / "data", token=TOKEN) as c:
        code = _code(c, MUSTIKAJAYA)
        _send(c, code, SAMPLE_XLSX)
        _send(c, code, revised)
        _send(c, _code(c, "Dinas Pekerjaan Umum dan Penataan Ruang"), GROBOGAN)
        history = c.get("/bappeda/unit", params={"unit": "kecamatan  MUSTIKAJAYA", "tahun": "2024"}, headers=BEARER)
        none = c.get("/bappeda/unit", params={"unit": "Kecamatan Lain", "tahun": "2024"}, headers=BEARER)
        original = c.get("/bappeda/kiriman/1/berkas.xlsx", headers=BEARER)
        report = c.get("/bappeda/kiriman/2/laporan.xlsx", headers=BEARER)
        found = c.get("/bappeda/kiriman/2/temuan.json", headers=BEARER)
        missing = c.get("/bappeda/kiriman/99/berkas.xlsx", headers=BEARER)
        rekap = c.get("/bappeda/rekap.xlsx", headers=BEARER)
        rekap_json = c.get("/bappeda/rekap.json", headers=BEARER)
        kept = sorted(p.suffix for p in (tmp_path / "data" / "rekap").iterdir())
    assert history.status_code == 200
    assert history.text.count("Kiriman nomor") == 2 and "Kiriman nomor 2 (terakhir)" in history.text
    assert "0 temuan selesai, 0 temuan baru, 39 masih ada" in history.text
    assert none.status_code == 404
    assert original.content == SAMPLE_XLSX.read_bytes() and original.headers["content-type"] == XLSX
    (tmp_path / "r.xlsx").write_bytes(report.content)
    assert own_output(tmp_path / "r.xlsx") == REPORT
    assert found.json()["file"] == "mustikajaya_v2.xlsx" and found.json()["summary"]["error"] == 29
    assert missing.status_code == 404
    assert rekap.status_code == 200 and rekap.headers["content-type"] == XLSX, rekap.text[-800:]
    (tmp_path / "rekap.xlsx").write_bytes(rekap.content)
    assert own_output(tmp_path / "rekap.xlsx") == REKAP
    units = rekap_json.json()["units"]
    assert sorted(u["unit"] for u in units) == ["Dinas Pekerjaan Umum dan Penataan Ruang", MUSTIKAJAYA]
    assert kept == [".json", ".xlsx"]  # built once for this set of submissions


def test_the_rekap_names_the_units_that_have_not_sent(tmp_path: Path) -> None:
    """The board's --daftar reaches the rekap (issue 21): its "belum kirim" rows are the board's."""
    with client(tmp_path / "data", token=TOKEN, daftar=(MUSTIKAJAYA, BANTARGEBANG)) as c:
        _send(c, _code(c, MUSTIKAJAYA), SAMPLE_XLSX)
        doc = c.get("/bappeda/rekap.json", headers=BEARER).json()
    assert doc["not_submitted"] == [BANTARGEBANG]
    assert [(u["unit"], u["listed"]) for u in doc["units"]] == [(MUSTIKAJAYA, True)]


def test_a_renewed_upload_link_replaces_the_old_one(tmp_path: Path) -> None:
    with client(tmp_path, token=TOKEN) as c:
        old = _code(c, MUSTIKAJAYA)
        assert c.get(f"/kirim/{old}").status_code == 200
        new = c.post("/bappeda/kode", data={"unit": MUSTIKAJAYA, "ganti": "1"}, headers=BEARER).json()["code"]
        gone = c.get(f"/kirim/{old}")
        page = c.get(f"/kirim/{new}")
        post_old = upload(c, SAMPLE_XLSX, action=f"/kirim/{old}")
        empty = c.post("/bappeda/kode", data={"unit": "  "}, headers=BEARER)
    assert new != old and gone.status_code == 404 and post_old.status_code == 404
    assert page.status_code == 200 and "Kirim LAKIP Kecamatan Mustikajaya" in page.text
    assert empty.status_code == 400


def test_without_a_token_nothing_is_stored(tmp_path: Path) -> None:
    with client(tmp_path / "data") as c:
        sent = upload(c, SAMPLE_XLSX)
        page = finished(c, sent.headers["location"])
    assert page.status_code == 200 and "Kiriman diterima" not in page.text
    assert not (tmp_path / "data").exists()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    Store(tmp_path)
    with sqlite3.connect(tmp_path / "lakip.sqlite") as con:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(LakipError, match="lebih baru"):
        Store(tmp_path)


def _sub(n: int, unit: str, year: str, verdict: str, errors: int, findings: list[dict[str, object]]) -> Submission:
    doc = {"findings": findings}
    return Submission(n, "0" * 64, unit, year, f"2025-01-0{n}T00:00:00+00:00", "f.xlsx", verdict, errors, 0, 0,
                      json.dumps(doc))  # fmt: skip


def _finding(rule: str, cell: str) -> dict[str, object]:
    return {"rule": rule, "table": "3.19", "sheet": "3.19", "cell": cell, "label": "x", "message": "m"}


def test_board_order_and_findings_delta() -> None:
    subs = [
        _sub(1, "Kecamatan A", "2024", "ada galat", 3, [_finding("R1", "E5"), _finding("R2", "E6")]),
        _sub(2, "kecamatan  a", "2024", "ada galat", 1, [_finding("R2", "E6"), _finding("R3", "E7")]),
        _sub(3, "Kecamatan B", "2024", "ada galat", 5, []),
        _sub(4, "Kecamatan C", "2024", "bersih", 0, []),
        _sub(5, "Kecamatn D", "2024", "belum lengkap", 0, []),
    ]
    shown = board(subs, ["Kecamatan A", "Kecamatan B", "Kecamatan C", "Kecamatan D", "Kecamatan E"])
    assert [(r.unit, r.verdict) for r in shown.rows] == [
        ("Kecamatan B", "ada galat"), ("kecamatan  a", "ada galat"), ("Kecamatn D", "belum lengkap"),
        ("Kecamatan D", "belum kirim"), ("Kecamatan E", "belum kirim"), ("Kecamatan C", "bersih"),
    ]  # fmt: skip
    typo = shown.rows[2]
    assert typo.listed is False and typo.suggestion == "Kecamatan D"
    assert shown.rows[1].revisions == 2 and shown.rows[1].latest is subs[1]
    delta = findings_delta(subs[0], subs[1])
    assert [f["rule"] for f in delta.resolved] == ["R1"]
    assert [f["rule"] for f in delta.new] == ["R3"] and [f["rule"] for f in delta.open] == ["R2"]
    assert re.fullmatch(r"\d{4}", shown.years[0])


def test_a_script_submits_through_the_api_with_its_code(tmp_path: Path) -> None:
    with client(tmp_path, token=TOKEN) as c:
        code = _code(c, MUSTIKAJAYA)
        sent = c.post(f"/api/kirim/{code}", files={"berkas": ("m.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        unknown = c.post("/api/kirim/abcdefghijklmnop", files={"berkas": ("m.xlsx", b"PK", XLSX)})
        wrong = c.post(
            f"/api/kirim/{_code(c, BANTARGEBANG)}", files={"berkas": ("m.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)}
        )
        stored = c.app.state.services.store.submissions()  # type: ignore[attr-defined]
    assert sent.status_code == 200 and sent.json()["file"] == "m.xlsx" and sent.headers["x-kiriman"] == "1"
    assert [s.unit for s in stored] == [MUSTIKAJAYA]
    assert unknown.status_code == 404 and "Tautan unggah" in unknown.json()["galat"]
    assert wrong.status_code == 422 and BANTARGEBANG in wrong.json()["galat"]
