"""A unit's history: what each revision changed, from ``lakip-xl diff`` run on it and the submission before it.

Each revision is compared with the submission before it by :func:`lakip_xl.diff.diff`
(in a process of its own, once per pair of contents, then kept:
:meth:`lakip_xl.web.builds.Builds.comparison`). The history shows the typed
cells it changed and the rows it added or removed, each described as the
console describes it, and the findings it resolved, the new ones and those
still open, matched by rule, table, row and column as ``lakip-xl diff``
matches them. When the comparison cannot be made now (a full queue, a
workbook the diff refuses), the findings are matched by rule and place
(:func:`lakip_xl.web.board.findings_delta`) and the page says why the cells
are missing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lakip_xl.web.board import findings_delta
from lakip_xl.web.builds import lines_of
from lakip_xl.web.deps import Services
from lakip_xl.web.jobs import JobRefused
from lakip_xl.web.store import Store, Submission

SAME = "Isinya sama persis dengan kiriman sebelumnya (SHA-256 sama)"


@dataclass(frozen=True, slots=True)
class CellChange:
    """One change of a revision as the history shows it: its table, cells and the console's description."""

    kind: str
    table: str
    cell_old: str | None
    cell_new: str | None
    text: str


@dataclass
class Revision:
    """What one submission changed against the one before it.

    Attributes:
        changes: The changed cells and the added and removed rows (empty when not compared).
        counts: Cells changed, rows added, rows removed (None when not compared).
        resolved: Findings of the earlier submission the revision no longer has.
        new: Findings the revision has that the earlier one had not.
        open: Findings of the revision the earlier one had too.
        note: Why the cells are not shown (the same content, or the comparison could not be made).
        compared: True when ``lakip-xl diff`` compared the two (its JSON can be downloaded).
    """

    changes: list[CellChange] = field(default_factory=list)
    counts: tuple[int, int, int] | None = None
    resolved: list[dict[str, Any]] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    open: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None
    compared: bool = False

    def by_table(self) -> list[tuple[str, list[CellChange]]]:
        """The changes grouped by table, in the diff's order."""
        groups: dict[str, list[CellChange]] = {}
        for change in self.changes:
            groups.setdefault(change.table, []).append(change)
        return list(groups.items())


def from_diff(document: dict[str, Any], lines: Sequence[str]) -> Revision:
    """A revision from a kept diff's JSON and the console's line for each of its changes."""
    summary, found = document["summary"], document["findings"]
    changes = [
        CellChange(c["kind"], c["table"], c["cell_old"], c["cell_new"], text)
        for c, text in zip(document["changes"], lines, strict=True)
    ]
    counts = (summary["changed"], summary["added"], summary["removed"])
    return Revision(changes, counts, found["resolved"], found["new"], found["open"], compared=True)


def fallback(old: Submission, new: Submission, note: str) -> Revision:
    """A revision whose findings are matched by rule and place only, saying why its cells are not shown."""
    delta = findings_delta(old, new)
    return Revision(resolved=delta.resolved, new=delta.new, open=delta.open, note=note)


async def kept_diff(svc: Services, store: Store, old: Submission, new: Submission) -> Path:
    """The kept diff of ``new`` against ``old`` (``lakip-xl diff --json``), built first when missing.

    Raises:
        JobRefused: The diff could not be made now (busy) or at all (a workbook the diff refuses).
    """
    return await svc.builds.comparison(
        store.comparison(old.sha256, new.sha256),
        (store.workbook(old.sha256), old.sha256, old.file_name),
        (store.workbook(new.sha256), new.sha256, new.file_name),
    )


async def revision(svc: Services, store: Store, old: Submission, new: Submission) -> Revision:
    """What ``new`` changed against ``old``: their kept diff, built first when missing."""
    if old.sha256 == new.sha256:
        return fallback(old, new, SAME)
    try:
        path = await kept_diff(svc, store, old, new)
    except JobRefused as exc:
        return fallback(old, new, f"Perubahan sel belum dapat ditampilkan: {exc.message}")
    document = json.loads(path.read_text(encoding="utf-8"))
    return from_diff(document, json.loads(lines_of(path).read_text(encoding="utf-8")))


async def revisions(svc: Services, store: Store, subs: Sequence[Submission]) -> list[Revision | None]:
    """For each submission (oldest first) what it changed against the one before it (None for the first)."""
    pairs = [revision(svc, store, subs[i - 1], sub) for i, sub in enumerate(subs) if i]
    return [None, *await asyncio.gather(*pairs)] if subs else []
