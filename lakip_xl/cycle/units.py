"""Which workbook of last year is a unit's (``rekap --tahun-lalu DIR``): matched by Identitas, not by file name.

A unit's workbook this year and its workbook last year name the same unit in
Identitas (case and runs of spaces aside) and consecutive report years. Only
the Identitas sheet is read here, before any audit, so every worker is given
its unit's last-year workbook with its task.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lakip_xl.cycle.periods import as_year, identitas, unit_key
from lakip_xl.io.package import open_package
from lakip_xl.io.reader import read_table
from lakip_xl.tables import BY_ID


def identity(path: Path) -> tuple[str, int] | None:
    """(unit name as matched, report year) of a workbook's Identitas; None when unreadable or either is missing."""
    spec = BY_ID["identitas"]
    try:
        with open_package(path) as pkg:
            name = spec.sheet if spec.sheet in pkg.sheets else None
            if name is None:  # renamed: found by its title, as the reader finds it
                name = next((n for n in pkg.sheets if pkg.grid(n).value(0, 0) == spec.title), None)
            if name is None:
                return None
            table = read_table(spec, pkg.grid(name), cached=True, strict=False)
    except Exception:  # an unreadable file is matched to nothing; its own audit says why
        return None
    unit, year = unit_key(identitas({"identitas": table}, "unit")), as_year(identitas({"identitas": table}, "tahun"))
    return (unit, year) if unit and year is not None else None


def last_years(
    files: Sequence[tuple[Path, str]], last_files: Sequence[tuple[Path, str]]
) -> dict[Path, tuple[Path, str]]:
    """For each of ``files`` (path, rekap name), the workbook of ``last_files`` of the same unit and the year before.

    Where two of last year's files name the same unit and year, the first by name is taken.
    """
    by_unit: dict[tuple[str, int], tuple[Path, str]] = {}
    for path, name in last_files:
        found = identity(path)
        if found is not None:
            by_unit.setdefault(found, (path, name))
    out: dict[Path, tuple[Path, str]] = {}
    for path, _ in files:
        found = identity(path)
        if found is not None and (found[0], found[1] - 1) in by_unit:
            out[path] = by_unit[(found[0], found[1] - 1)]
    return out
