"""Renderings of a diff (``lakip-xl diff``) as text: the console listing and the JSON document.

The console lists the counts per table, then every change (table, row, column,
old -> new, the cell in both files), then the findings the revision resolved,
the new ones and those still open, and both verdicts. The JSON document is
``docs/schema/diff.schema.json``; its findings are written as ``audit --json``
writes them (:meth:`lakip_xl.audit.findings.Finding.as_dict`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.diff.result import Change, DiffResult
from lakip_xl.diff.side import Formula, State
from lakip_xl.model.numbers import id_number
from lakip_xl.model.spec import Kind as CellKind
from lakip_xl.report.console import fit
from lakip_xl.report.render import JSON_STYLE

KIND_LABEL = {"changed": "diubah", "added": "ditambah", "removed": "dihapus"}
VERDICT = {"bersih": "bersih", "ada galat": "ada galat", "belum lengkap": "belum lengkap"}


def shown(state: State, kind: CellKind | None = None) -> str:
    """A cell's state for a reader: numbers the Indonesian way (a year as 2024), text quoted, (kosong), (rumus)."""
    if kind is CellKind.YEAR and isinstance(state, int):
        return str(state)
    if isinstance(state, Formula):
        return "(rumus)"
    if state is None:
        return "(kosong)"
    if isinstance(state, str):
        return f"'{state}'"
    return id_number(state)


def row_values(change: Change, *, label: bool = True) -> str:
    """The typed cells of an added or removed row, as 'Header: value' parts (``label``: its naming cells too)."""
    from lakip_xl.diff.side import label_keys
    from lakip_xl.tables import BY_ID

    spec = BY_ID[change.table_id]
    skip = () if label else label_keys(spec)
    parts = (f"{spec.column(k).header}: {shown(v, spec.column(k).kind)}" for k, v in change.values if k not in skip)
    return "; ".join(parts) or "(tanpa isian)"


def describe(change: Change) -> str:
    """One line for a change: table, row, column, old -> new, both cells."""
    row = change.row_label or "(tanpa uraian)"
    cells = f"{change.cell_old or '-'} -> {change.cell_new or '-'}"
    if change.kind == "changed":
        what = f"{change.header}: {shown(change.old, change.cell_kind)} -> {shown(change.new, change.cell_kind)}"
    elif change.kind == "added":
        what = f"baris ditambahkan: {row_values(change, label=False)}"
    else:
        what = f"baris dihapus: {row_values(change, label=False)}"
    return f"{KIND_LABEL[change.kind]} | Tabel {change.table} | {row} | {what} | {cells}"


def verdict_line(label: str, result: AuditResult) -> str:
    """A version's verdict and its counts."""
    counts = ", ".join(f"{result.count(s)} {s.label}" for s in Severity)
    return f"{label} ({result.path.name}): {VERDICT[result.verdict.value]} ({counts})"


def finding_line(f: Finding) -> str:
    """One finding on one line: severity, rule, where, message."""
    place = f"{f.where.sheet}!{f.where.cell}" if f.where.cell else f.where.sheet
    label = f" {f.where.label}:" if f.where.label else ""
    return f"{f.severity.label} {f.rule} | Tabel {f.where.table} | {place} |{label} {f.message}"


def lines(result: DiffResult) -> Iterable[str]:
    """The console text of a diff, line by line."""
    yield f"Selisih revisi: {result.old.path.name} (lama) -> {result.new.path.name} (baru)"
    yield from result.notes
    if not result.changes:
        yield "Tidak ada sel isian yang berubah, tidak ada baris ditambah atau dihapus."
    else:
        yield ""
        width = max(len(t.sheet) for t in result.tables)
        yield f"{'Lembar (tabel)':<{width}}  diubah  ditambah  dihapus"
        for t in result.tables:
            yield f"{t.sheet:<{width}}  {t.changed:>6}  {t.added:>8}  {t.removed:>7}"
        yield (
            f"Jumlah: {result.count('changed')} sel diubah, {result.count('added')} baris ditambah, "
            f"{result.count('removed')} baris dihapus."
        )
        yield ""
        yield "Perubahan (jenis | tabel | baris | kolom: lama -> baru | sel lama -> sel baru):"
        for n, change in enumerate(result.changes, 1):
            yield f"{n:>4}. {describe(change)}"
    yield ""
    yield (
        f"Temuan audit: {len(result.resolved)} selesai, {len(result.new_findings)} baru, "
        f"{len(result.still_open)} masih ada."
    )
    for title, found in (
        ("Selesai (ada di versi lama, tidak ada lagi di versi baru)", result.resolved),
        ("Baru (tidak ada di versi lama)", result.new_findings),
        ("Masih ada (di kedua versi)", result.still_open),
    ):
        if found:
            yield f"{title}:"
            yield from (f"  - {finding_line(f)}" for f in found)
    yield verdict_line("Kesimpulan versi lama", result.old)
    yield verdict_line("Kesimpulan versi baru", result.new)


def print_diff(result: DiffResult, stream: TextIO | None = None) -> None:
    """Print a diff for a person: plain lines, safe for any terminal."""
    out = stream or sys.stdout
    encoding = getattr(out, "encoding", None)
    for line in lines(result):
        out.write(fit(line, encoding) + "\n")


def side(result: AuditResult) -> dict[str, Any]:
    """A version's file, hash, verdict and counts."""
    return {
        "file": result.path.name,
        "sha256": result.sha256,
        "verdict": result.verdict.value,
        "summary": {s.value: result.count(s) for s in Severity},
    }


def to_document(result: DiffResult) -> dict[str, Any]:
    """The JSON document of a diff (deterministic: no dates, no absolute paths)."""
    return {
        "tool": "lakip-xl",
        "version": result.new.version,
        "old": side(result.old),
        "new": side(result.new),
        "summary": {
            "changed": result.count("changed"),
            "added": result.count("added"),
            "removed": result.count("removed"),
            "by_table": [t.as_dict() for t in result.tables],
            "findings": {
                "resolved": len(result.resolved),
                "new": len(result.new_findings),
                "open": len(result.still_open),
            },
        },
        "notes": list(result.notes),
        "changes": [c.as_dict() for c in result.changes],
        "findings": {
            "resolved": [f.as_dict() for f in result.resolved],
            "new": [f.as_dict() for f in result.new_findings],
            "open": [f.as_dict() for f in result.still_open],
        },
    }


def write_json(result: DiffResult, stream: TextIO) -> None:
    """Write the JSON document of a diff to ``stream``."""
    json.dump(to_document(result), stream, **JSON_STYLE)
    stream.write("\n")
