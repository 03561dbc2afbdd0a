"""One unit, one year, one row: which of a unit's files counts, and which year the rekap is of.

A unit is known by its Identitas: the unit's name (case and spaces aside)
and the report year. When several files of a run are the same unit and year
(a revision sent after the first, a copy under another name that is not the
same bytes), the latest counts: the newest by the workbook's own modified
date (``docProps/core.xml``, which Excel and LibreOffice set on every save),
then by the file's time, then by name. The others are superseded by it and
counted nowhere. A file whose Identitas does not name both unit and year
(an unreadable file among them) is its own row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from lakip_xl.io.inbox import Superseded
from lakip_xl.io.ours import saved_at
from lakip_xl.model.errors import LakipError
from lakip_xl.report.unit import OtherYear, UnitSummary

OLDEST = dt.datetime.min.replace(tzinfo=dt.UTC)
YEAR = re.compile(r"[0-9]{4}")


def unit_key(name: str) -> str:
    """A unit's name as units are matched: case and runs of spaces aside."""
    return " ".join(name.split()).casefold()


def identity(unit: UnitSummary) -> tuple[str, str] | None:
    """(unit, year) of a file whose Identitas names both, else None."""
    if not unit.unit.strip() or not unit.year.strip():
        return None
    return unit_key(unit.unit), unit.year.strip()


def latest(
    units: list[UnitSummary], dates: Mapping[str, tuple[str | None, float]], paths: Mapping[str, Path]
) -> tuple[list[UnitSummary], list[Superseded]]:
    """One file per unit and year: the latest; the others superseded by it.

    Args:
        units: Every file audited.
        dates: Per file name, its own modified date (W3CDTF or None) and its file time.
        paths: Per file name, its path.

    Returns:
        The units counted (order kept), and the files superseded.
    """
    groups: dict[tuple[str, str], list[UnitSummary]] = {}
    for u in units:
        key = identity(u)
        if key is not None:
            groups.setdefault(key, []).append(u)
    dropped: dict[str, Superseded] = {}
    for same in groups.values():
        if len(same) < 2:
            continue

        def newness(u: UnitSummary) -> tuple[dt.datetime, float, str]:
            modified, mtime = dates.get(u.name, (None, 0.0))
            return saved_at(modified) or OLDEST, mtime, u.name

        keep = max(same, key=newness)
        by_date = sum(1 for u in same if newness(u)[0] == newness(keep)[0]) == 1 and newness(keep)[0] != OLDEST
        for u in same:
            if u is not keep:
                why = _why(u, keep, dates.get(keep.name, (None, 0.0))[0] if by_date else None)
                dropped[u.name] = Superseded(paths[u.name], u.name, keep.name, why)
    return [u for u in units if u.name not in dropped], sorted(dropped.values(), key=lambda s: s.file)


def newest_first(
    files: Sequence[tuple[Path, str]], dates: Mapping[str, tuple[str | None, float]]
) -> list[tuple[Path, str]]:
    """(path, name) files, newest first as :func:`latest` prefers them: own saved date, then file time, then name.

    ``rekap --tahun-lalu`` takes the first of last year's files of one unit and year: the latest.
    """

    def newness(item: tuple[Path, str]) -> tuple[dt.datetime, float, str]:
        modified, mtime = dates.get(item[1], (None, 0.0))
        return saved_at(modified) or OLDEST, mtime, item[1]

    return sorted(files, key=newness, reverse=True)


def _why(old: UnitSummary, new: UnitSummary, modified: str | None) -> str:
    """Why ``old`` is not counted: "digantikan oleh kec_rev.xlsx, kiriman terbaru Kecamatan X tahun 2024 (...)"."""
    when = saved_at(modified)
    basis = f"disimpan {when:%d-%m-%Y %H.%M} UTC menurut berkasnya" if when is not None else "waktu berkas lebih baru"
    return f"digantikan oleh {new.name}, kiriman terbaru {new.unit} tahun {new.year} ({basis})"


def check_year(text: str | None) -> str | None:
    """The ``--tahun`` asked for, as four digits; None when not asked.

    Raises:
        LakipError: Not a year of four digits.
    """
    if text is None:
        return None
    if not YEAR.fullmatch(text.strip()):
        raise LakipError(f"Pilihan --tahun harus tahun empat angka, mis. 2024 (tertulis: {text!r})")
    return text.strip()


def of_year(units: list[UnitSummary], year: str | None) -> tuple[list[UnitSummary], list[OtherYear]]:
    """The units of the rekap's ``year`` (all when None), and those of other years.

    A file whose year is unknown (unreadable, or Identitas without a year) stays in the rekap.
    """
    if year is None:
        return units, []
    kept = [u for u in units if u.year.strip() in ("", year)]
    other = [OtherYear(u, year) for u in units if u.year.strip() not in ("", year)]
    return kept, sorted(other, key=lambda o: o.file)
