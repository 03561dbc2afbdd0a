"""Docs that fail when they fall behind the code."""

from __future__ import annotations

from lakip_xl.docgen import render
from tests.conftest import ROOT


def test_tables_doc_is_current() -> None:
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == render(), (
        "run: python -m lakip_xl.docgen > docs/tables.md"
    )


def test_readme_first_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0].strip() for b in readme.split("```bash")[1:]]
    assert "lakip-xl" in blocks[0] and "samples/mustikajaya_2024" in blocks[0]
    assert "python -m pytest" in blocks[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci, "CI must run the README's test command verbatim"
