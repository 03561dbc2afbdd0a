"""Rows of two submissions of a table matched by what names them, never by position.

The rows are aligned as a sequence (:class:`difflib.SequenceMatcher`, without
its "popular element" heuristic, so repeated names stay ordinary elements) on
their primary key: level and kode where a kode is typed, level and label
otherwise. A Kegiatan inserted in the new submission is then one inserted
row, and every row below it still meets its old self.

Where the two differ, the rows of the differing stretch are matched again,
in order of confidence: the same kode (its label or level changed), the same
label (its kode was typed or changed), then a label similar enough (the
audit's own name matching, within one level: a typo fixed, a word added).
What is left was removed or added.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lakip_xl.audit.match import THRESHOLD, similarity
from lakip_xl.diff.side import Identity

SIMILAR_LIMIT = 250_000  # pairs scored in one differing stretch; past it, rows are matched by kode and label only


@dataclass
class Alignment:
    """Two tables' rows matched.

    Attributes:
        pairs: (old row, new row) in display order: the new submission's order, a removed row
            where it stood. One side is None for an added or removed row.
        runs: Stretches (old start, old end, new start, new end) whose rows have equal primary keys.
        loose: The pairs matched outside the runs (in a stretch where the two differ).
    """

    pairs: list[tuple[int | None, int | None]] = field(default_factory=list)
    runs: list[tuple[int, int, int, int]] = field(default_factory=list)
    loose: list[tuple[int, int]] = field(default_factory=list)


def align(old: Sequence[Identity], new: Sequence[Identity]) -> Alignment:
    """Match the rows of two submissions of one table."""
    out = Alignment()
    matcher = SequenceMatcher(None, [x.primary for x in old], [x.primary for x in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            out.runs.append((i1, i2, j1, j2))
        else:
            stretch = _stretch(old, new, range(i1, i2), range(j1, j2))
            out.pairs.extend(stretch)
            out.loose.extend((i, j) for i, j in stretch if i is not None and j is not None)
    return out


def _stretch(
    old: Sequence[Identity], new: Sequence[Identity], olds: range, news: range
) -> list[tuple[int | None, int | None]]:
    """Match the rows of a stretch where the two submissions differ; order them for display."""
    matched: dict[int, int] = {}  # new row -> old row
    _by_key(old, new, olds, news, matched, lambda x: x.by_kode)
    _by_key(old, new, olds, news, matched, lambda x: x.by_label)
    _by_similarity(old, new, olds, news, matched)
    events: list[tuple[int | None, int | None]] = [(matched.get(j), j) for j in news]
    reach: list[int] = []  # the highest old row matched so far, at each event
    top = -1
    for i, _ in events:
        top = max(top, -1 if i is None else i)
        reach.append(top)
    back = [0]  # at each event index, where the run of added rows just before it starts
    for e, (i, _) in enumerate(events, 1):
        back.append(back[-1] if i is None else e)
    taken = set(matched.values())
    before: dict[int, list[int]] = defaultdict(list)  # event index -> removed rows shown before it
    for i in olds:
        if i not in taken:  # after the rows matched above it, before the rows added there
            before[back[bisect_right(reach, i)]].append(i)
    out: list[tuple[int | None, int | None]] = []
    for e, event in enumerate(events):
        out.extend((i, None) for i in before.get(e, ()))
        out.append(event)
    out.extend((i, None) for i in before.get(len(events), ()))
    return out


def _by_key(
    old: Sequence[Identity],
    new: Sequence[Identity],
    olds: range,
    news: range,
    matched: dict[int, int],
    key: Callable[[Identity], Hashable | None],
) -> None:
    """Match the rows still free whose ``key`` is equal (and not None), first with first."""
    taken = set(matched.values())
    waiting: dict[Hashable, deque[int]] = defaultdict(deque)
    for j in news:
        k = key(new[j])
        if j not in matched and k is not None:
            waiting[k].append(j)
    if not waiting:
        return
    for i in olds:
        k = key(old[i])
        if i in taken or k is None or not waiting.get(k):
            continue
        matched[waiting[k].popleft()] = i


def _by_similarity(
    old: Sequence[Identity], new: Sequence[Identity], olds: range, news: range, matched: dict[int, int]
) -> None:
    """Match rows of one level whose labels are similar, the most similar first (then the nearest in position)."""
    taken = set(matched.values())
    free_old = [i for i in olds if i not in taken and old[i].label]
    free_new = [j for j in news if j not in matched and new[j].label]
    if not free_old or not free_new or len(free_old) * len(free_new) > SIMILAR_LIMIT:
        return
    scored = []
    for i in free_old:
        for j in free_new:
            if old[i].group == new[j].group:
                score = similarity(old[i].label, new[j].label)
                if score >= THRESHOLD:
                    scored.append((-score, abs((i - olds.start) - (j - news.start)), i, j))
    scored.sort()
    used_old: set[int] = set()
    for _, _, i, j in scored:
        if i not in used_old and j not in matched:
            matched[j] = i
            used_old.add(i)
