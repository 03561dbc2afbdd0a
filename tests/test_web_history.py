"""A unit's history on Bappeda's board shows what each revision changed, from ``lakip-xl diff`` (issue 22)."""

from __future__ import annotations

import html
import io
from pathlib import Path

from fastapi.testclient import TestClient

from lakip_xl.diff import diff
from lakip_xl.report.diff_text import describe, write_json
from tests.test_diff import revision, sample_doc, write
from tests.webtools import TOKEN, client, finished, upload

BEARER = {"Authorization": f"Bearer {TOKEN}"}
UNIT = "Kecamatan Mustikajaya"


def _send(c: TestClient, code: str, path: Path) -> None:
    sent = upload(c, path, action=f"/kirim/{code}")
    assert sent.status_code == 303, sent.text
    assert finished(c, sent.headers["location"]).status_code == 200


def _history(c: TestClient) -> str:
    page = c.get("/bappeda/unit", params={"unit": UNIT, "tahun": "2024"}, headers=BEARER)
    assert page.status_code == 200, page.text
    return html.unescape(page.text)


def test_a_revision_shows_its_changed_cells_and_the_findings_it_resolved(tmp_path: Path) -> None:
    """Each change is the console's line for it; the diff's JSON is what ``lakip-xl diff --json`` writes."""
    old = write(sample_doc(), tmp_path / "LAKIP_2024.xlsx")
    new = write(revision(sample_doc()), tmp_path / "LAKIP_2024_revisi.xlsx")
    expected = diff(old, new)
    as_cli = io.StringIO()
    write_json(expected, as_cli)
    with client(tmp_path / "data", token=TOKEN) as c:
        code = c.post("/bappeda/kode", data={"unit": UNIT}, headers=BEARER).json()["code"]
        _send(c, code, old)
        _send(c, code, new)
        page = _history(c)
        again = _history(c)  # the diff is kept: shown again without building it again
        kept = sorted(p.name for p in (tmp_path / "data" / "selisih").rglob("*.json"))
        document = c.get("/bappeda/kiriman/2/selisih.json", headers=BEARER)
        first = c.get("/bappeda/kiriman/1/selisih.json", headers=BEARER)
    assert expected.changes and expected.resolved  # the revision changes cells and resolves a finding
    for change in expected.changes:
        assert describe(change) in page
    counts = f"{expected.count('changed')} sel diubah, {expected.count('added')} baris ditambah"
    assert counts in page and f"{len(expected.resolved)} temuan selesai" in page
    for finding in expected.resolved:
        assert finding.message in page
    assert page == again
    assert len(kept) == 2 and any(name.endswith(".baris.json") for name in kept)
    assert document.status_code == 200 and document.text == as_cli.getvalue()
    assert first.status_code == 404 and "tidak punya kiriman sebelumnya" in first.json()["galat"]


def test_the_same_content_sent_again_is_said_without_a_comparison(tmp_path: Path) -> None:
    old = write(sample_doc(), tmp_path / "LAKIP_2024.xlsx")
    with client(tmp_path / "data", token=TOKEN) as c:
        code = c.post("/bappeda/kode", data={"unit": UNIT}, headers=BEARER).json()["code"]
        _send(c, code, old)
        _send(c, code, old)
        page = _history(c)
    assert "Isinya sama persis dengan kiriman sebelumnya" in page
    assert not any((tmp_path / "data" / "selisih").iterdir())


def test_a_comparison_that_cannot_run_falls_back_to_the_findings(tmp_path: Path) -> None:
    """With the queue full the page still answers: findings matched by place, and why the cells are missing."""
    old = write(sample_doc(), tmp_path / "LAKIP_2024.xlsx")
    new = write(revision(sample_doc()), tmp_path / "LAKIP_2024_revisi.xlsx")
    with client(tmp_path / "data", token=TOKEN) as c:
        code = c.post("/bappeda/kode", data={"unit": UNIT}, headers=BEARER).json()["code"]
        _send(c, code, old)
        _send(c, code, new)
        runner = c.app.state.services.runner  # type: ignore[attr-defined]
        runner.start = lambda job: False  # every process slot taken
        page = _history(c)
    assert "Perubahan sel belum dapat ditampilkan: Server sedang memeriksa banyak berkas" in page
    assert "temuan selesai" in page and "sel diubah" not in page
