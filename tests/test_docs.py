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


def test_rules_doc_is_current() -> None:
    from lakip_xl.audit.rules_doc import render as render_rules

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render_rules(), (
        "run: python -m lakip_xl.audit.rules_doc > docs/rules.md"
    )


def test_every_rule_code_the_audit_can_emit_is_documented() -> None:
    import re

    from lakip_xl.audit.rules import BY_CODE

    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "lakip_xl").rglob("*.py"))
    emitted = set(re.findall(r'"((?:[A-Z][A-Z0-9_]*\.)+[A-Z][A-Z0-9_]*)"', source))
    assert emitted - set(BY_CODE) == set()
