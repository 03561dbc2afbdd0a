"""Report workbooks built on their first download: not while the upload is answered, once, with the CLI's bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from lakip_xl.audit.engine import audit
from lakip_xl.report.build import write_report
from lakip_xl.web.worker import REPORT_NAME, REPORT_WORKER
from tests.conftest import SAMPLE_XLSX
from tests.helpers import distinct_copy
from tests.webtools import TOKEN, XLSX, client

BEARER = {"Authorization": f"Bearer {TOKEN}"}


def _cli_report(workbook: Path, name: str, day: dt.date, out: Path) -> bytes:
    """What ``lakip-xl audit`` writes as the report of ``workbook`` named ``name``, audited on ``day``."""
    write_report(dataclasses.replace(audit(workbook), path=Path(name)), out, today=day)
    return out.read_bytes()


def _started(c: TestClient) -> list[str]:
    """The worker of every job the app's runner starts from now on."""
    runner = c.app.state.services.runner  # type: ignore[attr-defined]
    seen: list[str] = []
    start = runner.start

    def counting(job: Any) -> bool:
        seen.append(str(job.worker))
        return bool(start(job))

    runner.start = counting
    return seen


def test_the_answer_builds_no_report_and_two_downloads_at_once_build_it_once(tmp_path: Path) -> None:
    with client(tmp_path / "data") as c:
        svc = c.app.state.services  # type: ignore[attr-defined]
        started = _started(c)
        answer = c.post("/api/periksa", files={"berkas": ("x.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)})
        url = re.findall(r'<([^>]+)>; rel="laporan"', answer.headers["link"])[0]
        job = svc.jobs.get(url.split("/")[2])
        target = job.folder / REPORT_NAME
        built_with_the_answer = target.exists()

        answers: list[Any] = []
        first = threading.Thread(target=lambda: answers.append(c.get(url)))
        first.start()
        end = time.monotonic() + 60
        while not svc.builds.building(target) and time.monotonic() < end:  # the first download started the build
            time.sleep(0.001)
        joined = svc.builds.building(target)
        answers.append(c.get(url))  # asks while that build runs
        first.join(120)
        both = answers
        kept = os.stat(target)
        third = c.get(url)
        again = os.stat(target)
        builds = svc.builds.built
    expected = _cli_report(SAMPLE_XLSX, "x.xlsx", dt.date.fromisoformat(job.summary["date"]), tmp_path / "cli.xlsx")
    assert answer.status_code == 200 and not built_with_the_answer and joined
    assert [r.status_code for r in both] == [200, 200] and third.status_code == 200
    assert both[0].content == both[1].content == third.content == expected
    assert builds == 1 and started.count(REPORT_WORKER) == 1
    assert (kept.st_ino, kept.st_mtime_ns) == (again.st_ino, again.st_mtime_ns)  # kept, never rewritten


def test_a_submission_s_report_is_built_on_first_download_once_for_its_content(tmp_path: Path) -> None:
    renamed = distinct_copy(SAMPLE_XLSX, tmp_path / "revisi.xlsx", "r")
    with client(tmp_path / "data", token=TOKEN) as c:
        svc = c.app.state.services  # type: ignore[attr-defined]
        made = c.post("/bappeda/kode", data={"unit": "Kecamatan Mustikajaya"}, headers=BEARER).json()
        answer = c.post(f"/api/kirim/{made['code']}", files={"berkas": ("kirim.xlsx", renamed.read_bytes(), XLSX)})
        again = c.post(f"/api/kirim/{made['code']}", files={"berkas": ("lagi.xlsx", renamed.read_bytes(), XLSX)})
        sha = answer.json()["sha256"]
        built_with_the_answer = svc.store.report(sha).exists()
        first = c.get("/bappeda/kiriman/1/laporan.xlsx", headers=BEARER)
        second = c.get("/bappeda/kiriman/2/laporan.xlsx", headers=BEARER)  # the same content: the same report
        sub = svc.store.submission(1)
        builds = svc.builds.built
    expected = _cli_report(renamed, "kirim.xlsx", sub.received_day(), tmp_path / "cli.xlsx")
    assert answer.status_code == again.status_code == 200
    assert answer.headers["x-kiriman"] == "1" and again.headers["x-kiriman"] == "2"
    assert not built_with_the_answer
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == expected
    assert "lagi_laporan.xlsx" in second.headers["content-disposition"]
    assert builds == 1


def test_a_submission_s_check_page_and_the_board_share_one_kept_report(tmp_path: Path) -> None:
    with client(tmp_path / "data", token=TOKEN) as c:
        svc = c.app.state.services  # type: ignore[attr-defined]
        made = c.post("/bappeda/kode", data={"unit": "Kecamatan Mustikajaya"}, headers=BEARER).json()
        page = c.get(f"/kirim/{made['code']}")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token
        files = {"berkas": ("kirim.xlsx", SAMPLE_XLSX.read_bytes(), XLSX)}
        sent = c.post(f"/kirim/{made['code']}", data={"csrf": token.group(1)}, files=files)
        job = svc.jobs.get(sent.headers["location"].rsplit("/", 1)[-1])
        assert job.finished.wait(120)
        staff = c.get(sent.headers["location"] + "/laporan.xlsx")
        bappeda = c.get("/bappeda/kiriman/1/laporan.xlsx", headers=BEARER)
        in_check_folder = (job.folder / REPORT_NAME).exists()
        builds = svc.builds.built
    assert staff.status_code == bappeda.status_code == 200
    assert staff.content == bappeda.content and builds == 1 and not in_check_folder
