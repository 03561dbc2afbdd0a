"""docs/schema/audit.schema.json: the real audit JSON (one workbook, several) validates, and every key is pinned."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.report.render import to_document
from tests.conftest import ROOT, SAMPLE_XLSX
from tests.schemas import SCHEMAS, _load, errors, key_paths, renamed

runner = CliRunner()


@pytest.fixture(scope="module")
def sample_doc() -> dict[str, Any]:
    return to_document(audit(SAMPLE_XLSX))


@pytest.fixture(scope="module")
def batch_doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("batch")
    (folder / "a.xlsx").write_bytes(SAMPLE_XLSX.read_bytes())
    (folder / "rusak.xlsx").write_bytes(b"ini bukan workbook")
    result = runner.invoke(app, ["audit", str(folder), "--tanpa-laporan", "--json", "-"])
    assert result.exit_code == 1, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize("name", ["audit", "rekap", "diff"])
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    schema = _load(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert sorted(p.name for p in SCHEMAS.iterdir()) == ["audit.schema.json", "diff.schema.json", "rekap.schema.json"]


def test_sample_audit_json_validates(sample_doc: dict[str, Any]) -> None:
    assert errors("audit", sample_doc, "audit") == []
    assert errors("audit", sample_doc) == []
    golden = json.loads((ROOT / "samples" / "mustikajaya_2024.findings.json").read_text(encoding="utf-8"))
    assert errors("audit", golden) == []
    assert len(sample_doc["findings"]) == 39 and any(f["related"] for f in sample_doc["findings"])


def test_batch_audit_json_validates(batch_doc: dict[str, Any]) -> None:
    assert errors("audit", batch_doc, "batch") == []
    assert errors("audit", batch_doc) == []
    assert [a["verdict"] for a in batch_doc["audits"]] == ["ada galat", "tidak terbaca"]


def test_every_audit_key_is_pinned(sample_doc: dict[str, Any], batch_doc: dict[str, Any]) -> None:
    """Renaming any key of the real documents (one at a time) makes them invalid."""
    checked = 0
    for doc, definition in ((sample_doc, "audit"), (batch_doc, "batch")):
        for path in key_paths(doc, free=("by_table",)):
            assert errors("audit", renamed(doc, path), definition), f"renaming {path} still validates"
            checked += 1
    assert checked > 40  # top level, summary, tables, findings, related, and the batch's own keys


def test_schema_rejects_wrong_types(sample_doc: dict[str, Any]) -> None:
    doc = json.loads(json.dumps(sample_doc))
    doc["summary"]["error"] = "29"
    doc["findings"][0]["severity"] = "galat"
    doc["sha256"] = doc["sha256"].upper()
    assert len(errors("audit", doc, "audit")) == 3


def test_schema_files_are_linked_from_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rekap = (ROOT / "docs" / "rekap.md").read_text(encoding="utf-8")
    assert "docs/schema/audit.schema.json" in readme and "docs/schema/rekap.schema.json" in readme
    assert "schema/rekap.schema.json" in rekap and "schema/audit.schema.json" in rekap
