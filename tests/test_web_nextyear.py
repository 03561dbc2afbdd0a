"""Next year's workbook from last year's on the page: what ``lakip-xl template --dari`` writes (issue 22)."""

from __future__ import annotations

import html
from pathlib import Path

from lakip_xl.cycle import roll_forward
from lakip_xl.io.reader import read_workbook
from tests.conftest import SAMPLE_XLSX
from tests.helpers import build
from tests.webtools import XLSX, client, csrf, finished, upload


def _rolled(tmp_path: Path, source: Path) -> tuple[str, bytes, str]:
    """The result page, the downloaded workbook and its download name."""
    with client(tmp_path / "data") as c:
        sent = upload(c, source, action="/lanjutkan")
        assert sent.status_code == 303, sent.text
        location = sent.headers["location"]
        page = finished(c, location)
        assert page.status_code == 200, page.text
        download = c.get(f"{location}/berkas.xlsx")
        as_check = c.get(location.replace("/lanjutan/", "/hasil/"))
    assert download.status_code == 200 and download.headers["content-type"] == XLSX
    assert as_check.status_code == 404  # a roll-forward is no audit's result page
    return html.unescape(page.text), download.content, download.headers["content-disposition"]


def test_the_page_writes_what_template_dari_writes(tmp_path: Path) -> None:
    source = tmp_path / "mustikajaya_2024.xlsx"
    source.write_bytes(SAMPLE_XLSX.read_bytes())
    page, content, disposition = _rolled(tmp_path, source)
    expected = roll_forward(source, tmp_path / "cli_2025.xlsx")
    got = tmp_path / "web_2025.xlsx"
    got.write_bytes(content)
    web, cli = read_workbook(got), read_workbook(tmp_path / "cli_2025.xlsx")
    assert {k: list(t.rows) for k, t in web.items()} == {k: list(t.rows) for k, t in cli.items()}
    assert "mustikajaya_2025.xlsx" in disposition
    assert f"Lembar kerja {expected.year} dari laporan {expected.last_year}" in page
    assert f"{expected.cells} sel diisi dari laporan 2024" in page
    for note in expected.notes:
        assert note in page


def test_what_last_year_got_wrong_is_said_on_the_page(tmp_path: Path) -> None:
    rows = [{"tabel": "3.2", "indikator": "Nilai AKIP", "target": "71", "realisasi": "74.85", "capaian": "105.24"}]
    source = build(tmp_path, {"iku_perbandingan": {"rows": rows}}, "kec_2024.xlsx")  # 74,85/71 = 105,42 %
    page, _, _ = _rolled(tmp_path, source)
    assert "IKU_PERBANDINGAN.CAPAIAN" in page and "walau salah menurut audit laporan 2024" in page


def test_a_workbook_without_a_year_is_refused_in_one_line(tmp_path: Path) -> None:
    identitas = {"rows": [{"kode": "unit", "nilai": "Kecamatan Uji"}]}
    source = build(tmp_path, {"identitas": identitas}, "tanpa_tahun.xlsx")
    with client(tmp_path / "data") as c:
        token = csrf(c)
        sent = upload(c, source, action="/lanjutkan", token=token)
        page = finished(c, sent.headers["location"])
        forged = upload(c, source, action="/lanjutkan", token="palsu")
    assert page.status_code == 422, page.text
    assert "tanpa_tahun.xlsx" in html.unescape(page.text) and "Traceback" not in page.text
    assert forged.status_code == 403
