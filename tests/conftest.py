"""Shared fixtures: the sample, the seed text, LibreOffice availability."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lakip_xl.io.interchange import load_json
from lakip_xl.model.workbook import WorkbookData

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_JSON = ROOT / "samples" / "mustikajaya_2024.json"
SAMPLE_XLSX = ROOT / "samples" / "mustikajaya_2024.xlsx"
TEMPLATE = ROOT / "templates" / "workbook_template.xlsx"
SEED_NAME = "lakip_kecamatan_mustikajaya_2024.txt"
SEED = next(
    (p / "shared" / "seed" / SEED_NAME for p in ROOT.parents if (p / "shared" / "seed" / SEED_NAME).exists()),
    ROOT.parent / "shared" / "seed" / SEED_NAME,
)
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(scope="session")
def sample() -> WorkbookData:
    return load_json(SAMPLE_JSON)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        if IN_CI:
            pytest.fail(f"seed missing in CI: {SEED}")
        pytest.skip(f"seed not found at {SEED}")
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
