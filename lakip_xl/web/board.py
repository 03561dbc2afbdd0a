"""Bappeda's board: one row per expected unit and year, worst first, and each unit's history of submissions.

Units are matched by their Identitas name, case and spaces aside
(:func:`lakip_xl.web.settings.unit_key`), and by year. The latest submission
of a unit and year counts; the earlier ones are its revisions. A unit on
``--daftar`` without a submission for a year is "belum kirim"; a submission
whose unit is not on the list is flagged with the closest listed name.

:func:`findings_delta` compares two submissions' findings by rule and
place: what a unit's history shows when ``lakip-xl diff`` cannot compare
the two now (:mod:`lakip_xl.web.revisions`, which otherwise shows the diff's
changed cells and its resolved/new/open findings).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lakip_xl.web.settings import unit_key
from lakip_xl.web.store import Submission

NOT_SENT = "belum kirim"
RANK = {"ada galat": 0, "belum lengkap": 1, NOT_SENT: 2, "bersih": 3}


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One unit and year on the board.

    Attributes:
        unit: The unit's name (Identitas of its latest submission, else as the list writes it).
        year: The report year ("" when unknown).
        verdict: The latest submission's verdict, or "belum kirim".
        latest: The latest submission, None when none was sent.
        revisions: Submissions of this unit and year.
        listed: True when the unit is on --daftar (always True without a list).
        suggestion: For a unit not on the list, the closest listed name.
    """

    unit: str
    year: str
    verdict: str
    latest: Submission | None = None
    revisions: int = 0
    listed: bool = True
    suggestion: str | None = None

    @property
    def key(self) -> str:
        """The unit as matched."""
        return unit_key(self.unit)

    def sort_key(self) -> tuple[Any, ...]:
        """Worst first: ada galat by errors, belum lengkap, belum kirim, bersih; then by unit and year."""
        errors = self.latest.errors if self.latest else 0
        return (RANK.get(self.verdict, 0), -errors, self.key, self.year)

    def as_dict(self) -> dict[str, Any]:
        """The row as ``/bappeda/papan.json`` answers it."""
        latest = self.latest
        return {
            "unit": self.unit, "year": self.year, "verdict": self.verdict,
            "errors": latest.errors if latest else None, "warnings": latest.warnings if latest else None,
            "submitted_at": latest.received_at if latest else None, "revisions": self.revisions,
            "submission": latest.id if latest else None, "file": latest.file_name if latest else None,
            "listed": self.listed, "suggestion": self.suggestion,
        }  # fmt: skip


@dataclass
class Board:
    """The rows, the years seen, and the counts per verdict."""

    rows: list[BoardRow]
    years: list[str] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        """Rows with this verdict."""
        return sum(1 for r in self.rows if r.verdict == verdict)


def board(submissions: Iterable[Submission], daftar: Sequence[str], year: str | None = None) -> Board:
    """The board of every unit and year (only ``year`` when given)."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in submissions:
        groups.setdefault((unit_key(sub.unit), sub.year), []).append(sub)
    years = sorted({y for _, y in groups}, reverse=True)
    shown_years = [year] if year is not None else (years or [""])
    listed = {unit_key(u): u for u in daftar}
    rows = []
    for (key, y), subs in groups.items():
        if y not in shown_years:
            continue
        latest = max(subs, key=lambda s: s.id)
        on_list = not listed or key in listed
        suggestion = None
        if not on_list:
            close = difflib.get_close_matches(key, list(listed), n=1, cutoff=0.6)
            suggestion = listed[close[0]] if close else None
        rows.append(BoardRow(latest.unit, y, latest.verdict, latest, len(subs), on_list, suggestion))
    for key, name in listed.items():
        for y in shown_years:
            if (key, y) not in groups:
                rows.append(BoardRow(name, y, NOT_SENT))
    return Board(sorted(rows, key=BoardRow.sort_key), years)


def _identity(finding: dict[str, Any]) -> tuple[Any, ...]:
    return (finding["rule"], finding["table"], finding["sheet"], finding["cell"], finding["label"])


@dataclass(frozen=True, slots=True)
class Delta:
    """What a revision did to the findings of the one before it."""

    resolved: list[dict[str, Any]]
    new: list[dict[str, Any]]
    open: list[dict[str, Any]]


def findings_delta(old: Submission, new: Submission) -> Delta:
    """Findings resolved, new and still open between two submissions, matched by rule and place.

    The fallback of :func:`lakip_xl.web.revisions.revision` when the diff cannot be made now.
    """
    before = {_identity(f): f for f in old.findings()["findings"]}
    after = {_identity(f): f for f in new.findings()["findings"]}
    return Delta(
        resolved=[f for k, f in before.items() if k not in after],
        new=[f for k, f in after.items() if k not in before],
        open=[f for k, f in after.items() if k in before],
    )
