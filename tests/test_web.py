"""``lakip-xl serve`` for staff: every route of the check, the JSON API and the template, and each refusal."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app as cli_app
from lakip_xl.desk.daftar import read_list
from lakip_xl.io.ours import REPORT, own_output
from lakip_xl.io.reader import read_workbook
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_json
from lakip_xl.web.settings import Settings
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.helpers import build
from tests.webtools import XLSX, client, csrf, finished, job_id, upload

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def sample_json() -> str:
    """What ``lakip-xl audit samples/mustikajaya_2024.xlsx --json`` writes."""
    return to_json(audit(SAMPLE_XLSX))


def test_index_has_the_form_the_token_and_the_security_headers(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        page = c.get("/")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text and 'name="berkas"' in page.text
    assert re.search(r'name="csrf" value="[0-9a-f]{64}"', page.text)
    assert "lakip_csrf=" in page.headers["set-cookie"] and "samesite=strict" in page.headers["set-cookie"].lower()
    for name, value in SECURITY_HEADERS.items():
        assert page.headers[name] == value
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert '<html lang="id">' in page.text


def test_static_files_are_served_with_the_headers(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        js, css = c.get("/static/unggah.js"), c.get("/static/gaya.css")
    assert js.status_code == css.status_code == 200
    assert "drop" in js.text and js.headers["x-content-type-options"] == "nosniff"


def test_a_sample_uploaded_shows_verdict_findings_by_table_and_completeness(tmp_path: Path, sample_json: str) -> None:
    document = json.loads(sample_json)
    with client(tmp_path) as c:
        sent = upload(c, SAMPLE_XLSX)
        assert sent.status_code == 303
        page = finished(c, sent.headers["location"])
        report = c.get(sent.headers["location"] + "/laporan.xlsx")
        found = c.get(sent.headers["location"] + "/temuan.json")
    assert page.status_code == 200
    html = page.text
    assert "Kesimpulan: ada galat. Perbaiki sebelum laporan dikirim ke Bappeda." in html
    assert "29 galat, 9 peringatan, 1 info" in html
    # the console's texts: sheet!cell, row label, message, tertulis and hasil hitung as numbers are written
    assert "2.2.2 Anggaran Triwulan!E10" in html
    assert "Penyediaan Gaji dan Tunjangan ASN" in html
    assert "Pagu 9.974.700.000 tidak sama dengan TW I+II+III+IV = 10.087.700.000" in html
    assert '<td class="angka">9.974.700.000</td>' in html and '<td class="angka">10.087.700.000</td>' in html
    assert html.count('<tr class="error">') == document["summary"]["error"]
    assert html.count("<tbody>") == len({f["table"] for f in document["findings"]})  # one table per seed table
    assert "Tabel diisi:" in html and "Semua tabel wajib sudah diisi." in html
    assert report.status_code == 200 and report.headers["content-type"] == XLSX
    assert "mustikajaya_2024_laporan.xlsx" in report.headers["content-disposition"]
    kept = tmp_path / "laporan.xlsx"
    kept.write_bytes(report.content)
    assert own_output(kept) == REPORT
    assert found.text == sample_json


def test_the_api_answers_exactly_the_cli_json(tmp_path: Path, sample_json: str) -> None:
    with client(tmp_path) as c:
        answer = c.post("/api/periksa", files={"berkas": ("mustikajaya_2024.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', answer.headers["link"]))
        report = c.get(links["laporan"])
        again = c.get(links["temuan"])
        state = c.get(f"/api/pekerjaan/{job_id(links['laporan'].rsplit('/', 1)[0])}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert answer.text == sample_json
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert again.text == sample_json
    assert state.json()["state"] == "selesai" and state.json()["verdict"] == "ada galat"


def _bomb(folder: Path) -> Path:
    path = folder / "bom.xlsx"
    with zipfile.ZipFile(SAMPLE_XLSX) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/worksheets/sheet99.xml", b"<worksheet>" + b" " * (64 << 20) + b"</worksheet>")
    return path


def _report_of_sample(folder: Path) -> Path:
    from lakip_xl.report.build import write_report

    path = folder / "kiriman.xlsx"  # our report under an innocent name: refused by content
    write_report(audit(SAMPLE_XLSX), path)
    return path


@pytest.mark.parametrize(
    ("case", "status", "needle"),
    [
        ("not a workbook", 415, "bukan workbook .xlsx"),
        ("empty file", 415, "kosong"),
        ("zip bomb", 422, "bom zip"),
        ("our own report", 422, "ini laporan keluaran lakip-xl; periksa berkas isian aslinya"),
        ("an empty template", 422, "tidak satu pun tabel laporan"),
    ],
)
def test_unusable_uploads_are_refused_in_one_line(tmp_path: Path, case: str, status: int, needle: str) -> None:
    from lakip_xl.io.writer import write_workbook

    if case == "not a workbook":
        path = tmp_path / "catatan.xlsx"
        path.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    elif case == "empty file":
        path = tmp_path / "kosong.xlsx"
        path.write_bytes(b"")
    elif case == "zip bomb":
        path = _bomb(tmp_path)
    elif case == "our own report":
        path = _report_of_sample(tmp_path)
    else:
        path = tmp_path / "template.xlsx"
        write_workbook(path)
    with client(tmp_path / "data") as c:
        api = c.post("/api/periksa", files={"berkas": (path.name, path.read_bytes(), XLSX)})
        sent = upload(c, path)
        page = finished(c, sent.headers["location"]) if sent.status_code == 303 else sent
        root = c.app.state.services.jobs.root  # type: ignore[attr-defined]
    assert api.status_code == status, api.text
    assert needle in api.json()["galat"] and path.name in api.json()["galat"]
    assert "\n" not in api.json()["galat"] and len(api.json()) == 1
    assert page.status_code == status and needle in page.text
    assert not root.exists()  # every temporary folder is gone once the server stops


def test_an_upload_over_the_limit_is_refused_with_413_before_its_body_is_read(tmp_path: Path) -> None:
    big = b"PK" + b"\0" * (2 << 20)
    with client(tmp_path, max_upload=1 << 20) as c:
        declared = c.post("/api/periksa", files={"berkas": ("besar.xlsx", big, XLSX)})
        form = upload(c, SAMPLE_XLSX, name="besar.xlsx") if SAMPLE_XLSX.stat().st_size > (1 << 20) else None

        def chunks() -> Iterator[bytes]:
            yield b'--x\r\nContent-Disposition: form-data; name="berkas"; filename="a.xlsx"\r\n\r\n'
            for _ in range(64):
                yield b"\0" * 65536
            yield b"\r\n--x--\r\n"

        streamed = c.post("/api/periksa", content=chunks(), headers={"content-type": "multipart/form-data; boundary=x"})
        root = c.app.state.services.jobs.root  # type: ignore[attr-defined]
        left = list(root.iterdir())
    assert form is None
    assert declared.status_code == 413 and "batas unggahan 1 MB" in declared.json()["galat"]
    assert streamed.status_code == 413 and "batas unggahan" in streamed.json()["galat"]
    assert left == []  # nothing of a refused upload stays


def test_a_form_without_a_file_is_refused(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        answer = c.post("/periksa", data={"csrf": csrf(c)})
        api = c.post("/api/periksa", data={"x": "y"})
    assert answer.status_code == 400 and "Pilih berkas .xlsx" in answer.text
    assert api.status_code == 400 and "Pilih berkas" in api.json()["galat"]


def test_a_forged_form_post_is_refused(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        csrf(c)
        wrong = upload(c, SAMPLE_XLSX, token="0" * 64)
        c.cookies.clear()  # a post from another site carries no SameSite=Strict cookie
        forged = c.post("/periksa", data={"csrf": "x"}, files={"berkas": ("a.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        root = c.app.state.services.jobs.root  # type: ignore[attr-defined]
        left = list(root.iterdir())
    assert wrong.status_code == 403 and "token formulir tidak cocok" in wrong.text
    assert forged.status_code == 403
    assert left == []


def test_a_path_as_file_name_is_data_only(tmp_path: Path, sample_json: str) -> None:
    with client(tmp_path / "data") as c:
        answer = c.post("/api/periksa", files={"berkas": ("../../x.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        report = c.get(re.findall(r'<([^>]+)>; rel="laporan"', answer.headers["link"])[0])  # built now, kept
        root = c.app.state.services.jobs.root  # type: ignore[attr-defined]
        stored = sorted(p.name for p in root.rglob("*.xlsx"))
    assert answer.status_code == report.status_code == 200
    assert answer.json()["file"] == "x.xlsx"
    assert answer.text == sample_json.replace('"file": "mustikajaya_2024.xlsx"', '"file": "x.xlsx"')
    sha = answer.json()["sha256"]
    assert stored == sorted([f"{sha}.xlsx", "laporan.xlsx"])
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path.parent / "x.xlsx").exists()


def test_html_in_a_unit_name_and_a_file_name_is_shown_never_run(tmp_path: Path) -> None:
    evil = '<script>alert("unit")</script>'
    path = build(tmp_path, {"tabel_1": {"rows": [{"uraian": evil, "jumlah": 1, "persentase": 50}]}}, name="w.xlsx")
    with client(tmp_path / "data") as c:
        sent = upload(c, path, name='<img src=x onerror="alert(1)">.xlsx')
        page = finished(c, sent.headers["location"])
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#34;unit&#34;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=" in page.text


def test_the_template_is_downloaded_with_unit_and_year_as_text(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        answer = c.get("/template", params={"profil": "opd", "unit": '=HYPERLINK("http://x")', "tahun": "2025"})
        default = c.get("/template")
        bad_profile = c.get("/template", params={"profil": "desa"})
        bad_year = c.get("/template", params={"tahun": "20x5"})
        left = list(c.app.state.services.jobs.root.iterdir())  # type: ignore[attr-defined]
    assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
    assert "lakip_2025_template.xlsx" in answer.headers["content-disposition"]
    path = tmp_path / "t.xlsx"
    path.write_bytes(answer.content)
    rows = {r["kode"]: r.get("nilai") for r in read_workbook(path)["identitas"].rows}
    assert rows["unit"] == '=HYPERLINK("http://x")' and rows["tahun"] == 2025 and rows["profil"] == "opd"
    with zipfile.ZipFile(io.BytesIO(answer.content)) as zf:
        formulas = [
            f for n in zf.namelist() if n.startswith("xl/worksheets/") for f in re.findall(rb"<f>[^<]*", zf.read(n))
        ]
    assert formulas and not [f for f in formulas if b"http://x" in f]  # typed text never becomes a formula
    assert default.status_code == 200 and "lakip_template.xlsx" in default.headers["content-disposition"]
    assert bad_profile.status_code == 400 and "Profil harus" in bad_profile.text
    assert bad_year.status_code == 400 and "Tahun harus" in bad_year.text
    assert left == []  # the template's temporary folder is removed once it is sent


def test_unknown_results_and_pages_answer_404_in_indonesian(tmp_path: Path) -> None:
    with client(tmp_path) as c:
        page = c.get("/hasil/AAAAAAAAAAAAAAAAAAAAAA")
        report = c.get("/hasil/AAAAAAAAAAAAAAAAAAAAAA/laporan.xlsx")
        bad = c.get("/hasil/..%2F..%2Fetc")
        api = c.get("/api/pekerjaan/AAAAAAAAAAAAAAAAAAAAAA")
        nothing = c.get("/tidak-ada")
        wrong_method = c.get("/api/periksa")
        link = c.get("/kirim/abcdefghijkl")
    assert page.status_code == report.status_code == bad.status_code == 404
    assert "kedaluwarsa" in page.text
    assert api.status_code == 404 and "kedaluwarsa" in api.json()["galat"]
    assert nothing.status_code == 404 and "tidak ditemukan" in nothing.text
    assert wrong_method.status_code == 405 and wrong_method.json() == {
        "galat": "Cara membuka alamat ini tidak didukung"
    }
    assert link.status_code == 404 and "Tautan unggah" in link.text


def test_a_long_audit_leaves_the_server_responsive_and_is_stopped_at_its_time_limit(tmp_path: Path) -> None:
    with client(tmp_path, worker="tests.web_workers:endless", audit_timeout=3) as c:
        sent = upload(c, SAMPLE_XLSX)
        location = sent.headers["location"]
        running = c.get(location)
        while "Membaca dan memeriksa angka" not in running.text:  # the audit's process has started
            assert running.status_code == 202
            running = c.get(location)
        assert c.get("/").status_code == 200  # served while the audit runs
        state = c.get(f"/api/pekerjaan/{job_id(location)}").json()
        page = finished(c, location, timeout=60)
    assert running.status_code == 202 and '<meta http-equiv="refresh"' in running.text
    assert state["state"] == "diperiksa"
    assert page.status_code == 422 and "melebihi batas waktu 3 detik" in page.text


def test_a_crashing_audit_fails_its_upload_only(tmp_path: Path, sample_json: str) -> None:
    with client(tmp_path, worker="tests.web_workers:crash") as c:
        crashed = c.post("/api/periksa", files={"berkas": ("a.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        assert c.get("/").status_code == 200
    assert crashed.status_code == 422 and "berhenti mendadak" in crashed.json()["galat"]
    with client(tmp_path) as c:
        fine = c.post("/api/periksa", files={"berkas": (SAMPLE_XLSX.name, SAMPLE_XLSX.read_bytes(), XLSX)})
    assert fine.text == sample_json


def test_a_full_queue_answers_503(tmp_path: Path) -> None:
    with client(tmp_path, worker="tests.web_workers:endless", jobs=1, queue=1, audit_timeout=30) as c:
        first, second, third = (upload(c, SAMPLE_XLSX) for _ in range(3))
        api = c.post("/api/periksa", files={"berkas": ("a.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
    assert first.status_code == second.status_code == 303
    assert third.status_code == 503 and "sibuk" in third.text
    assert api.status_code == 503 and api.headers["retry-after"] == "10"


def test_settings_refuse_an_open_host_without_token(tmp_path: Path) -> None:
    with pytest.raises(LakipError, match="--token"):
        Settings(data=tmp_path, host="0.0.0.0").checked()
    with pytest.raises(LakipError, match="minimal 8"):
        Settings(data=tmp_path, token="abc").checked()
    assert Settings(data=tmp_path, host="::1").checked().host == "::1"
    assert Settings(data=tmp_path, host="192.168.1.5", token="panjang-sekali").checked().token


def test_serve_on_an_open_host_without_token_exits_2_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path)], env={})
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat: Alamat 0.0.0.0") and "--token" in lines[0]
    assert not any(tmp_path.iterdir())  # nothing made before refusing


def test_the_audit_command_never_imports_the_web_libraries() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from lakip_xl.cli import app; "
        f"r = CliRunner().invoke(app, ['audit', {str(SAMPLE_XLSX)!r}, '--tanpa-laporan']); "
        "print(r.exit_code, sorted(m for m in ('fastapi', 'starlette', 'uvicorn', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["1", "[]"]


def test_serve_reads_its_daftar_as_the_rekap_does(tmp_path: Path) -> None:
    """--daftar of serve is lakip-xl rekap's list (.txt, .csv, .xlsx): one reader, one set of rules."""
    import xlsxwriter

    listed = tmp_path / "unit.xlsx"
    with xlsxwriter.Workbook(listed) as wb:
        ws = wb.add_worksheet()
        ws.write_row(0, 0, ["Daftar unit kerja Kota Bekasi"])
        ws.write_row(2, 0, ["No", "Nama OPD"])
        ws.write_row(3, 0, [1, "Kecamatan Mustikajaya"])
        ws.write_row(4, 0, [2, "Dinas Pekerjaan Umum"])
    empty = tmp_path / "kosong.xlsx"
    with xlsxwriter.Workbook(empty) as wb:
        wb.add_worksheet()
    assert read_list(listed) == ["Kecamatan Mustikajaya", "Dinas Pekerjaan Umum"]
    refused = CliRunner().invoke(cli_app, ["serve", "--daftar", str(empty), "--data", str(tmp_path / "d")], env={})
    assert refused.exit_code == 2 and refused.output.count("\n") == 1
    assert "kosong.xlsx tidak memuat satu nama unit pun" in refused.output


def test_serve_on_a_port_in_use_exits_2_in_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--port", str(port), "--data", str(tmp_path)], env={})
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Galat: Tidak dapat melayani di 127.0.0.1:{port} (port itu sudah dipakai program lain); "
        "pilih --port lain atau --host lain"
    )


def test_the_body_is_never_read_past_the_limit(tmp_path: Path) -> None:
    """The app's receive is counted: a declared oversized body is not read at all, a chunked one stops at the cap."""
    import asyncio

    from lakip_xl.web.app import create_app

    app = create_app(Settings(data=tmp_path, max_upload=1 << 20))
    chunk = 64 * 1024

    def run(declared: bool) -> tuple[int, int]:
        read, status = [0], [0]

        head = b'--x\r\nContent-Disposition: form-data; name="berkas"; filename="a.xlsx"\r\n\r\n'

        async def receive() -> dict[str, object]:
            read[0] += 1
            body = head if read[0] == 1 else b"\0" * chunk
            return {"type": "http.request", "body": body, "more_body": read[0] < 64}

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])  # type: ignore[call-overload]

        headers = [(b"content-type", b"multipart/form-data; boundary=x")]
        if declared:
            headers.append((b"content-length", str(64 * chunk).encode()))
        scope = {"type": "http", "method": "POST", "path": "/api/periksa", "raw_path": b"/api/periksa",
                 "query_string": b"", "headers": headers, "http_version": "1.1", "scheme": "http",
                 "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": "", "app": app}  # fmt: skip
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
        return status[0], read[0]

    try:
        assert run(declared=True) == (413, 0)
        status, read = run(declared=False)
        assert status == 413 and read <= (1 << 20) // chunk + 2  # the cap and its slack, never the 4 MB sent
    finally:
        app.state.services.close()


def test_every_template_and_static_file_is_package_data() -> None:
    """A non-editable install ships the pages: pyproject's package-data covers every file the web room reads."""
    import fnmatch
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["lakip_xl.web"]
    web = ROOT / "lakip_xl" / "web"
    files = [p.relative_to(web).as_posix() for sub in ("templates", "static") for p in (web / sub).iterdir()]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files)


def test_the_fork_server_s_warm_up_builds_every_table_s_schema() -> None:
    from lakip_xl.audit.schemas import schema_for
    from lakip_xl.tables import BY_ID
    from lakip_xl.web.warm import warm_up

    schema_for.cache_clear()
    warm_up()
    assert schema_for.cache_info().currsize == len(BY_ID)  # every audit's process starts with them built
