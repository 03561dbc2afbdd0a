"""Matching rows of two tables by name, the way a careful reader would.

Names differ between tables of the same report (typos, a truncated name, a
suffix added). Tokens are compared fuzzily (``Masyrakat`` ~ ``Masyarakat``),
a pair is scored by the share of tokens that match, and pairs are assigned
greedily from the best score down, ties going to the pair whose positions in
their tables are closest.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

THRESHOLD = 0.6
CONTAINED = 0.75  # the score of a name whose tokens all match tokens of the other (a truncated or suffixed name)


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple[str, ...]:
    """Lower-case words and numbers of a name (cached: a pure function of the text, asked for again and again)."""
    return tuple(re.findall(r"[0-9a-z]+", name.casefold()))


@lru_cache(maxsize=65536)
def _same_token(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def similarity(a: str, b: str) -> float:
    """Share of tokens of the two names that match one to one (0..1)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    free = list(tb)
    matched = 0
    for t in ta:
        for i, u in enumerate(free):
            if _same_token(t, u):
                matched += 1
                del free[i]
                break
    return 2 * matched / (len(ta) + len(tb))


def contains(short: str, long: str) -> bool:
    """True when every token of ``short`` matches a token of ``long``."""
    ts, tl = tokens(short), list(tokens(long))
    for t in ts:
        hit = next((i for i, u in enumerate(tl) if _same_token(t, u)), None)
        if hit is None:
            return False
        del tl[hit]
    return bool(ts)


def score(a: str, b: str) -> float:
    """How well two names match: their :func:`similarity`, at least :data:`CONTAINED` when one contains the other."""
    value = similarity(a, b)
    if value < CONTAINED and (contains(a, b) or contains(b, a)):
        return CONTAINED
    return value


def best(name: str, names: Sequence[str | None]) -> tuple[int, float] | None:
    """The index of the name in ``names`` that best matches ``name`` (the first of equals) and its score.

    None when no name scores :data:`THRESHOLD` or more; an empty name matches nothing.
    """
    if not name:
        return None
    found, found_score = None, 0.0
    for i, other in enumerate(names):
        if not other:
            continue
        value = score(name, other)
        if value > found_score:
            found, found_score = i, value
    return (found, found_score) if found is not None and found_score >= THRESHOLD else None


def assign(
    left: Sequence[str], right: Sequence[str], threshold: float = THRESHOLD
) -> tuple[array[int], dict[int, float]]:
    """Match names of ``left`` to names of ``right``, one to one.

    Identical names (after folding case and punctuation) are paired first, in
    order; the rest are paired by similarity, best first. For large tables the
    fuzzy pass only looks at rows near the same relative position.

    Returns:
        For each left index, the matched right index or -1; and the score of
        each pair whose names are not identical (by left index; an identical
        pair scores 1.0).
    """
    out = array("i", [-1]) * len(left)
    scores: dict[int, float] = {}
    if not left or not right:
        return out, scores
    used = bytearray(len(right))
    first: dict[str, int] = {}  # normalised name -> its first right index
    more: dict[str, list[int]] = {}  # further right indexes of a repeated name
    for j, name in enumerate(right):
        key = _key(name)
        if key in first:
            more.setdefault(key, []).append(j)
        else:
            first[key] = j
    for i, name in enumerate(left):
        key = _key(name)
        j = first.pop(key, -1)
        if j >= 0:
            out[i] = j
            used[j] = 1
            queue = more.get(key)
            if queue:
                first[key] = queue.pop(0)
    del first, more
    rest_left = array("i", (i for i in range(len(left)) if out[i] < 0))
    rest_right = array("i", (j for j in range(len(right)) if not used[j]))
    window = len(rest_right) if len(rest_left) * len(rest_right) <= 250_000 else 50
    candidates: list[tuple[float, float, int, int]] = []
    for n, i in enumerate(rest_left):
        centre = n * len(rest_right) // max(len(rest_left), 1)
        for j in rest_right[max(0, centre - window) : centre + window + 1]:
            a, b = left[i], right[j]
            score = similarity(a, b)
            if score >= threshold or contains(a, b) or contains(b, a):
                distance = abs(i / len(left) - j / len(right))
                candidates.append((-max(score, threshold), distance, i, j))
    candidates.sort()
    for neg, _, i, j in candidates:
        if out[i] >= 0 or used[j]:
            continue
        out[i] = j
        scores[i] = min(-neg, 0.99)  # not the same name: never reported as identical
        used[j] = 1
    return out, scores


def _key(name: str) -> str:
    return " ".join(tokens(name))
