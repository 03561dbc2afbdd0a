"""Who has not sent: the units Bappeda expects (``--daftar``), matched with the units that sent.

The list is a ``.txt`` (one unit a line; blank lines and lines starting with
``#`` are passed over), or a ``.csv`` or ``.xlsx`` with a column of unit
names: the column headed like a unit's name (``unit``, ``unit kerja``,
``nama unit``, ``nama``, ``opd``, ``perangkat daerah``, ``kecamatan``), else
the first column (its first row is then a unit when it is not such a header).
Names match as units do in the rekap: case and spaces aside. A submission
whose unit is not on the list is flagged with the closest name of the list
(a typo in Identitas is the usual cause; :mod:`lakip_xl.audit.match` decides
what is close).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from difflib import SequenceMatcher
from pathlib import Path

from lakip_xl.audit.match import similarity, tokens
from lakip_xl.desk.latest import unit_key
from lakip_xl.model.errors import LakipError
from lakip_xl.report.unit import Absent, UnitSummary

HEADERS = ("unit", "unit kerja", "nama unit", "nama unit kerja", "nama", "opd", "nama opd", "perangkat daerah",
           "kecamatan", "satuan kerja", "instansi")  # fmt: skip
CLOSE = 0.8  # a name at least this close is suggested
KINDS = frozenset(("kecamatan", "kec", "kelurahan", "kel", "desa", "dinas", "badan", "kantor", "sekretariat",
                   "satuan", "unit", "kerja", "perangkat", "daerah", "kota", "kabupaten", "kab", "dan", "uptd",
                   "opd"))  # fmt: skip
RARE = 20  # a word shared by more of the list's names does not make them candidates
HEAD_ROWS = 10  # rows searched for the header of the unit column
NUMBER = re.compile(r"[0-9.,]+")
MAX_NAMES = 100_000
MAX_BYTES = 16 << 20


def read_list(path: Path) -> list[str]:
    """The unit names of a ``--daftar`` file, in its order, each once (case and spaces aside).

    Raises:
        LakipError: The file is missing, of another kind, unreadable, or names no unit.
    """
    suffix = path.suffix.lower()
    if suffix not in (".txt", ".csv", ".xlsx"):
        raise LakipError(f"Daftar unit {path.name} harus berkas .txt, .csv atau .xlsx")
    if not path.is_file():
        raise LakipError(f"Daftar unit tidak ditemukan: {path}")
    if suffix != ".xlsx" and path.stat().st_size > MAX_BYTES:
        raise LakipError(f"Daftar unit {path.name} terlalu besar (batas 16 MiB)")
    names: Iterable[str]
    if suffix == ".xlsx":
        names = _column(_xlsx_rows(path))
    elif suffix == ".csv":
        names = _column(_csv_rows(_text(path)))
    else:
        names = (line for line in _text(path).splitlines() if not line.strip().startswith("#"))
    out: dict[str, str] = {}
    for name in names:
        shown = " ".join(str(name).split())
        if shown and unit_key(shown) not in out:
            out[unit_key(shown)] = shown
        if len(out) > MAX_NAMES:
            raise LakipError(f"Daftar unit {path.name} memuat lebih dari {MAX_NAMES} nama")
    if not out:
        raise LakipError(f"Daftar unit {path.name} tidak memuat satu nama unit pun")
    return list(out.values())


def _text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV" on Windows is the ANSI code page
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LakipError(f"Daftar unit {path.name} bukan teks (UTF-8)")  # pragma: no cover - cp1252 decodes most bytes


def _csv_rows(text: str) -> Iterator[list[str]]:
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count)  # Indonesian Excel writes ';' (',' is the decimal point)
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from lakip_xl.io.package import open_package

    with open_package(path) as pkg:
        if not pkg.sheets:
            return
        grid = pkg.grid(next(iter(pkg.sheets)))
        for _, line in grid.rows(0):
            yield ["" if v is None else str(v) for v in line]


def _column(rows: Iterable[list[str]]) -> Iterator[str]:
    """The names of the unit column: below the header like a unit's name (in the first rows), else the first column.

    A title above the header is passed over; a cell that is only a number (a row number) is no name.
    """
    rows = iter(rows)
    head = [[c.strip() for c in row] for _, row in zip(range(HEAD_ROWS), rows, strict=False)]
    col, start = 0, 0
    for n, cells in enumerate(head):
        found = next((i for i, c in enumerate(cells) if " ".join(c.split()).casefold().rstrip(":") in HEADERS), None)
        if found is not None:
            col, start = found, n + 1
            break
    for cells in [*head[start:], *([c.strip() for c in row] for row in rows)]:
        if col < len(cells) and cells[col] and not NUMBER.fullmatch(cells[col]):
            yield cells[col]


def closest(name: str, names: Sequence[str], prefer: frozenset[str] = frozenset()) -> str | None:
    """The name of ``names`` closest to ``name``, if close enough: a typo, a space or a kind word apart.

    Closeness is the larger of the share of words that match (:func:`lakip_xl.audit.match.similarity`:
    ``Mustikajya`` ~ ``Mustikajaya``) and the likeness of the names' own letters once the words every unit
    shares are left out (``Kecamatan Bantar Gebang`` ~ ``Bantargebang``; ``Kecamatan`` alone makes no match).

    Args:
        name: A unit's name as its Identitas gives it.
        names: The list's names.
        prefer: Keys (:func:`unit_key`) of names to prefer at equal closeness (the units that sent nothing).
    """
    return _Index(names).closest(name, prefer)


class _Index:
    """The list's names prepared once for many look-ups: their own letters, and which names hold which word."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.letters = [_letters(n) for n in self.names]
        self.by_letters = {letters: n for letters, n in zip(self.letters, self.names, strict=True) if letters}
        self.by_word: dict[str, list[int]] = {}
        for i, n in enumerate(self.names):
            for word in set(tokens(n)) - KINDS:
                self.by_word.setdefault(word, []).append(i)

    def closest(self, name: str, prefer: frozenset[str] = frozenset()) -> str | None:
        own = _letters(name)
        if own and own in self.by_letters:  # the same name but for case, spaces, punctuation or a kind word
            return self.by_letters[own]
        rare = (self.by_word.get(word, ()) for word in set(tokens(name)) - KINDS)  # a word most names hold says little
        candidates = {i for found in rare if len(found) <= RARE for i in found}
        matcher = SequenceMatcher(None, b=own)
        for i, theirs in enumerate(self.letters):  # letters alike: cheap upper bounds first
            if i in candidates or min(len(own), len(theirs)) < 5:
                continue
            matcher.set_seq1(theirs)
            if matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE:
                candidates.add(i)
        best: tuple[float, bool, str] | None = None
        for i in sorted(candidates):
            other, theirs = self.names[i], self.letters[i]
            score = similarity(name, other)
            if min(len(own), len(theirs)) >= 5:
                matcher.set_seq1(theirs)
                score = max(score, matcher.ratio())
            candidate = (score, unit_key(other) in prefer, other)
            if score >= CLOSE and (best is None or candidate[:2] > best[:2]):
                best = candidate
        return best[2] if best else None


def _letters(name: str) -> str:
    """A unit's own name: its letters and digits, without the words that say what kind of unit it is."""
    return "".join(w for w in re.findall(r"[0-9a-z]+", name.casefold()) if w not in KINDS)


def check(units: list[UnitSummary], names: Sequence[str], year: str) -> tuple[list[UnitSummary], list[Absent]]:
    """Mark each unit as on the list or not, and list the units that sent nothing for ``year``.

    Args:
        units: The units counted in the rekap.
        names: The ``--daftar`` names.
        year: The year the list is checked for (units of unknown year count for it); "" for any.

    Returns:
        The units with ``listed`` (None for a file whose unit is unknown) and ``suggestion`` set,
        and the listed units without a submission, in the list's order.
    """
    import dataclasses

    keys = {unit_key(n): n for n in names}
    index = _Index(names)
    sent = {unit_key(u.unit) for u in units if u.unit.strip() and u.year.strip() in ("", year or u.year.strip())}
    missing = frozenset(k for k in keys if k not in sent)
    out: list[UnitSummary] = []
    maybe: dict[str, str] = {}
    for u in units:
        if not u.unit.strip():
            out.append(u)
            continue
        listed = unit_key(u.unit) in keys
        suggestion = None if listed else index.closest(u.unit, missing)
        if suggestion is not None and unit_key(suggestion) in missing:
            maybe.setdefault(unit_key(suggestion), u.name)
        out.append(dataclasses.replace(u, listed=listed, suggestion=suggestion))
    absent = [Absent(keys[k], maybe.get(k)) for k in keys if k in missing]
    return out, absent
