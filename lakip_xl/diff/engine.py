"""The comparison of two submissions of one unit: :func:`diff`, the library call behind ``lakip-xl diff``.

Both workbooks are audited (each read once: the audit's data is what is
compared), every table's rows are matched and their typed cells compared
(:mod:`lakip_xl.diff.tables`), and the findings of the two audits are matched
by rule, table, row and column: a row that moved keeps its findings.
"""

from __future__ import annotations

import os
from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from pathlib import Path

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Finding
from lakip_xl.audit.validate import DROPPED
from lakip_xl.diff.result import DiffResult, TableCount
from lakip_xl.diff.side import Side
from lakip_xl.diff.tables import TableDiff, compare_table
from lakip_xl.model.errors import LakipError
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import RowRef, WorkbookData
from lakip_xl.tables import ALL

NOTES = (  # (Identitas kode, what it is): a pair differing there may not be two versions of one report
    ("unit", "nama unit"),
    ("profil", "profil"),
    ("tahun", "tahun laporan"),
)


def diff(old: str | os.PathLike[str], new: str | os.PathLike[str]) -> DiffResult:
    """Compare two submissions (workbooks) of one unit's LAKIP.

    Args:
        old: The earlier submission.
        new: The later one (a revision).

    Raises:
        LakipError: A workbook cannot be used (its message names the file).
    """
    before = _audit(Path(os.fspath(old)))
    after = _audit(Path(os.fspath(new)))
    result = DiffResult(before, after)
    old_ids: dict[str, dict[RowRef, object]] = {}
    new_ids: dict[str, dict[RowRef, object]] = {}
    kept_old, kept_new = _dropped(before.findings), _dropped(after.findings)
    for spec in ALL:
        if spec.id not in before.data and spec.id not in after.data:
            continue
        a = Side(spec, before.data.get(spec.id), kept_old.get(spec.id, {}))
        b = Side(spec, after.data.get(spec.id), kept_new.get(spec.id, {}))
        table: TableDiff = compare_table(spec, a, b)
        old_ids[spec.id], new_ids[spec.id] = table.old_ids, table.new_ids
        if table.changes:
            result.changes.extend(table.changes)
            result.rows[spec.id] = table.pairs
            result.sides[spec.id] = (a, b)
            counts = {kind: sum(1 for c in table.changes if c.kind == kind) for kind in ("changed", "added", "removed")}
            result.tables.append(TableCount(spec.id, counts["changed"], counts["added"], counts["removed"]))
    result.resolved, result.new_findings, result.still_open = match_findings(
        before.findings, after.findings, old_ids, new_ids
    )
    result.notes = _notes(before, after)
    return result


def _audit(path: Path) -> AuditResult:
    from lakip_xl.audit.engine import audit

    try:
        return audit(path)
    except LakipError as exc:
        exc.file = exc.file or path.name
        raise


def _dropped(findings: Iterable[Finding]) -> dict[str, dict[tuple[RowRef, str], Value]]:
    """What was typed in the cells validation removed from the data, as their findings recorded it."""
    out: dict[str, dict[tuple[RowRef, str], Value]] = defaultdict(dict)
    for f in findings:
        if f.rule in DROPPED and f.table_id and f.ref is not None and f.column and f.recorded is not None:
            out[f.table_id][(f.ref, f.column)] = f.recorded
    return out


def match_findings(
    old: list[Finding],
    new: list[Finding],
    old_ids: dict[str, dict[RowRef, object]],
    new_ids: dict[str, dict[RowRef, object]],
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """Split the findings into resolved (old only), new (new only) and still open (in both).

    Two findings are the same when their rule, table, row and column are: a row is the same when the rows
    were matched (its cell may have moved); a finding not on a table row (a missing sheet) is matched by
    rule, table and label. Several findings with one key are matched in order.
    """
    waiting: dict[Hashable, deque[Finding]] = defaultdict(deque)
    for f in old:
        waiting[_key(f, old_ids, "old")].append(f)
    fresh, still = [], []
    for f in new:
        queue = waiting.get(_key(f, new_ids, "new"))
        if queue:
            queue.popleft()
            still.append(f)
        else:
            fresh.append(f)
    left = {id(f) for queue in waiting.values() for f in queue}
    return [f for f in old if id(f) in left], fresh, still


def _key(f: Finding, ids: dict[str, dict[RowRef, object]], side: str) -> Hashable:
    if f.table_id is None or f.ref is None:
        return (f.rule, f.where.table, f.column, f.where.label)
    row = ids.get(f.table_id, {}).get(f.ref)
    return (f.rule, f.table_id, (side, f.ref) if row is None else row, f.column)


def _notes(before: AuditResult, after: AuditResult) -> list[str]:
    """What suggests the two files are not two versions of one report."""
    notes = []
    for kode, what in NOTES:
        a, b = identitas(before.data, kode), identitas(after.data, kode)
        if a != b:
            notes.append(
                f"Perhatian: {what} berbeda: {a or 'kosong'} (lama) dan {b or 'kosong'} (baru); "
                "pastikan kedua berkas adalah versi laporan yang sama"
            )
    if before.sha256 == after.sha256:
        notes.append("Kedua berkas sama persis (SHA-256 sama)")
    return notes


def identitas(data: WorkbookData, kode: str) -> str:
    """The Identitas value of row ``kode`` as text ("" when absent)."""
    table = data.get("identitas")
    for row in table.rows if table else ():
        if row.get("kode") == kode:
            value = row.get("nilai")
            return "" if value is None else " ".join(str(value).split())
    return ""
