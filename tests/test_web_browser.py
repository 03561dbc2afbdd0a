"""``lakip-xl serve`` in a real browser: Debian's chromium driven by playwright, as staff and Bappeda use it.

The server runs as ``lakip-xl serve`` on a free loopback port. Screenshots of the main pages are saved under
``artifacts/web/`` (or ``$LAKIP_ARTIFACTS/web``) for a person to look at. Skipped without chromium or
playwright, except in CI (``CI=true``), where they must be there.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lakip_xl.io.ours import REPORT, own_output
from tests.conftest import IN_CI, ROOT, SAMPLE_XLSX

CHROMIUM = Path("/usr/bin/chromium")
GROBOGAN = ROOT / "samples" / "grobogan_2021.xlsx"
TOKEN = "token-peramban-uji-42"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
pytestmark = pytest.mark.browser


def artifacts() -> Path:
    """Where the screenshots go."""
    folder = Path(os.environ.get("LAKIP_ARTIFACTS", ROOT / "artifacts")) / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through playwright (no browser download)."""
    missing = None if CHROMIUM.exists() else f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed (pip install playwright)"
    if missing is not None:
        if IN_CI:
            pytest.fail(f"{missing}: required in CI")
        pytest.skip(missing)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``lakip-xl serve`` on a free port, with a token and a list of two expected units."""
    data = tmp_path_factory.mktemp("data")
    daftar = data.parent / "daftar.txt"
    daftar.write_text("Kecamatan Mustikajaya\nDinas Pekerjaan Umum dan Penataan Ruang\n", encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "lakip_xl.cli", "serve", "--port", str(port), "--data", str(data),
               "--daftar", str(daftar)]  # fmt: skip
    env = {**os.environ, "LAKIP_XL_TOKEN": TOKEN}
    log = data.parent / "serve.log"
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=err)
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as answer:
                    assert answer.status == 200
                break
            except OSError:
                assert process.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < end, "the server did not answer within 60 s"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_staff_check_the_sample_download_the_report_and_see_a_broken_file(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="id-ID")
    page.goto(server + "/")
    page.screenshot(path=artifacts() / "1-halaman-periksa.png", full_page=True)
    dropped = page.evaluate(
        """() => {
            const data = new DataTransfer();
            data.items.add(new File(["PK"], "diseret.xlsx"));
            document.querySelector("#seret").dispatchEvent(new DragEvent("drop", {dataTransfer: data}));
            return [document.querySelector("#berkas").files[0].name, document.querySelector(".status").textContent];
        }"""
    )
    assert dropped == ["diseret.xlsx", "Dipilih: diseret.xlsx"]  # a file dropped on the box is the form's file
    page.set_input_files("#berkas", str(SAMPLE_XLSX))
    page.click("button[type=submit]")
    page.wait_for_selector(".spanduk", timeout=120_000)
    banner = page.inner_text(".spanduk")
    assert "Kesimpulan: ada galat" in banner and "29 galat, 9 peringatan, 1 info" in banner
    assert page.locator("section.temuan tbody tr").count() == 39
    assert page.get_by_text("Pagu 9.974.700.000 tidak sama dengan TW I+II+III+IV = 10.087.700.000").count() == 1
    page.screenshot(path=artifacts() / "2-hasil-pemeriksaan.png", full_page=False)
    with page.expect_download() as download:
        page.click("text=Unduh laporan (.xlsx)")
    report = artifacts() / "mustikajaya_2024_laporan.xlsx"
    download.value.save_as(report)
    assert own_output(report) == REPORT  # our report, which the audit refuses as input by content
    broken = artifacts() / "rusak.xlsx"
    broken.write_bytes(b"bukan workbook")
    page.goto(server + "/")
    page.set_input_files("#berkas", str(broken))
    page.click("button[type=submit]")
    page.wait_for_selector("#pesan", timeout=60_000)
    reason = page.inner_text("#pesan")
    assert reason == "Berkas rusak.xlsx bukan workbook .xlsx; buka di Excel/LibreOffice lalu simpan sebagai .xlsx"
    page.screenshot(path=artifacts() / "3-berkas-rusak.png")
    page.close()


def test_bappeda_board_with_two_units_and_the_rekap(browser: Any, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(server + "/bappeda")
    assert "Masuk dengan token Bappeda" in page.inner_text("#pesan")
    page.goto(server + "/masuk")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("table.papan")
    links = [page.inner_text(f"#tautan tbody tr:nth-child({n}) td.sel") for n in (1, 2)]
    units = [page.inner_text(f"#tautan tbody tr:nth-child({n}) td:first-child") for n in (1, 2)]
    for unit, link, path in sorted(zip(units, links, (GROBOGAN, SAMPLE_XLSX), strict=True)):
        sender = browser.new_page()
        sender.goto(link)
        sender.set_input_files("#berkas", str(path if "Dinas" in unit else SAMPLE_XLSX))
        sender.click("button[type=submit]")
        sender.wait_for_selector(".diterima", timeout=120_000)
        assert "Kiriman diterima Bappeda" in sender.inner_text(".diterima")
        sender.close()
    page.goto(server + "/bappeda")
    rows = page.locator("table.papan tbody tr")
    verdicts = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(rows.count())]
    # two units of two years: each sent its own year, and is "belum kirim" for the other, worst first
    assert verdicts == ["ada galat", "ada galat", "belum kirim", "belum kirim"]
    page.screenshot(path=artifacts() / "4-papan-bappeda.png", full_page=True)
    with page.expect_download(timeout=180_000) as download:
        page.click("text=Unduh rekap (.xlsx)")
    rekap = artifacts() / "rekap_lakip.xlsx"
    download.value.save_as(rekap)
    assert own_output(rekap) == "rekap"
    page.close()


def _login(page: Any, server: str) -> None:
    page.goto(server + "/masuk")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("table.papan")


def test_a_revision_in_a_unit_s_history_shows_the_cells_it_changed(browser: Any, server: str, tmp_path: Path) -> None:
    from tests.test_diff import revision, sample_doc, write

    revised = write(revision(sample_doc()), tmp_path / "mustikajaya_2024_revisi.xlsx")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, server)
    link = next(
        page.inner_text(f"#tautan tbody tr:nth-child({n}) td.sel")
        for n in (1, 2)
        if "Mustikajaya" in page.inner_text(f"#tautan tbody tr:nth-child({n}) td:first-child")
    )
    for path in (SAMPLE_XLSX, revised):
        page.goto(link)
        page.set_input_files("#berkas", str(path))
        page.click("button[type=submit]")
        page.wait_for_selector(".diterima", timeout=120_000)
    page.goto(server + "/bappeda/unit?unit=Kecamatan+Mustikajaya&tahun=2024")
    latest = page.locator("section.kiriman").first
    text = latest.inner_text()
    assert "2 sel diubah, 3 baris ditambah, 1 baris dihapus" in text
    latest.locator("details.selisih summary", has_text="Tabel 3.20").click()
    assert latest.get_by_text("Realisasi (Rp): 39.079.250 -> 39.500.000", exact=False).is_visible()
    page.screenshot(path=artifacts() / "5-riwayat-unit.png", full_page=False)
    page.close()


def test_staff_make_next_year_s_workbook_from_last_year_s(browser: Any, server: str, tmp_path: Path) -> None:
    from lakip_xl.io.reader import read_workbook

    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(server + "/#tahun-berikut")
    page.set_input_files("#lalu", str(SAMPLE_XLSX))
    page.click("#tahun-berikut button[type=submit]")
    page.wait_for_selector(".unduh a", timeout=120_000)
    assert "Lembar kerja 2025 dari laporan 2024" in page.inner_text("h1")
    page.screenshot(path=artifacts() / "6-tahun-berikutnya.png", full_page=True)
    with page.expect_download() as download:
        page.click("text=Unduh mustikajaya_2025.xlsx")
    rolled = tmp_path / download.value.suggested_filename
    download.value.save_as(rolled)
    identitas = {r["kode"]: r.get("nilai") for r in read_workbook(rolled)["identitas"].rows}
    assert rolled.name == "mustikajaya_2025.xlsx" and identitas["tahun"] == 2025
    page.close()
