"""Shared fixtures: the sample, the seed text, LibreOffice availability."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lakip_xl.io.interchange import load_json
from lakip_xl.model.workbook import WorkbookData

if TYPE_CHECKING:
    from tests.office import UnoOffice

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_JSON = ROOT / "samples" / "mustikajaya_2024.json"
SAMPLE_XLSX = ROOT / "samples" / "mustikajaya_2024.xlsx"
TEMPLATE = ROOT / "templates" / "workbook_template.xlsx"
IN_CI = bool(os.environ.get("CI"))


def seed_file(name: str) -> Path:
    """The seed ``name``: in shared/seed of a folder above the project, else where it would be beside it."""
    found = (p / "shared" / "seed" / name for p in ROOT.parents if (p / "shared" / "seed" / name).exists())
    return next(found, ROOT.parent / "shared" / "seed" / name)


def need_seed(seed: Path) -> None:
    """Skip a test without the seed, except in CI, where the seed must be there."""
    if not seed.exists():
        if IN_CI:
            pytest.fail(f"seed missing in CI: {seed}")
        pytest.skip(f"seed not found at {seed}")


def assert_golden_findings(text: str, golden: Path, request: pytest.FixtureRequest) -> None:
    """The findings JSON ``text`` equals the golden file (rewritten from ``text`` first with --update-golden)."""
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert json.loads(text) == json.loads(golden.read_text(encoding="utf-8")), "rerun with --update-golden if intended"


SEED = seed_file("lakip_kecamatan_mustikajaya_2024.txt")


@pytest.fixture(scope="session")
def sample() -> WorkbookData:
    return load_json(SAMPLE_JSON)


@pytest.fixture(scope="session")
def seed_text() -> str:
    need_seed(SEED)
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh LibreOffice profile for this run; skips (never in CI) without soffice."""
    from tests.libreoffice import soffice

    if soffice() is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return tmp_path_factory.mktemp("lo-profile")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def uno_office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UnoOffice]:
    """One LibreOffice for the session, driven through UNO; skips (never in CI) without soffice or python3-uno."""
    from tests.office import running_office, uno_missing

    missing = uno_missing()
    if missing is not None:
        if IN_CI:
            pytest.fail(f"{missing}: required in CI")
        pytest.skip(missing)
    with running_office(tmp_path_factory.mktemp("uno")) as office:
        yield office
