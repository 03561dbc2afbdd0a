"""Roll-forward: next year's workbook from last year's filled one (``lakip-xl template --dari``).

:func:`roll_forward` audits last year's workbook (what it got wrong is carried
as printed, and said), takes what the specs declare (:mod:`lakip_xl.cycle.carry`)
and writes next year's workbook of the same profile: the year moved on, every
carried value in the carried style, this year's figures blank and every formula
of the template live. A restated value that a formula of the new workbook
computes (``capaian_lalu``) is left to its formula where the formula gives what
last year printed; where it does not, the printed value is typed over it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Finding, Severity
from lakip_xl.cycle.carry import Carried, Cell, carry_tables
from lakip_xl.cycle.periods import as_year, identitas, report_year, year_place
from lakip_xl.cycle.sheets import CarriedWriter
from lakip_xl.io.atomic import check_output, refuse_inputs
from lakip_xl.io.writer import layout_tables, write_workbook
from lakip_xl.model.compare import agrees
from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import id_number
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import RowRef, WorkbookData
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import profile_of


@dataclass
class RollForward:
    """What a roll-forward wrote.

    Attributes:
        source: Last year's workbook (read, never modified).
        output: Next year's workbook.
        year: The year of :attr:`output`.
        last_year: The year of :attr:`source`.
        profile: The profile of both.
        cells: Cells filled from last year's workbook.
        notes: What the console says (Bahasa Indonesia): values carried as last year printed them
            although last year's audit finds them wrong, and what the year leaves to the unit.
    """

    source: Path
    output: Path
    year: int
    last_year: int
    profile: str
    cells: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """What ``lakip-xl template --dari`` prints: the notes, then what was written."""
        done = f"Lembar kerja {self.year} ditulis: {self.output} ({self.cells} sel dari laporan {self.last_year})"
        return [*(f"Catatan: {note}" for note in self.notes), done]


def default_output(source: str | os.PathLike[str], year: int) -> Path:
    """Next year's file beside last year's: its name with the year changed ("LAKIP_2024" -> "LAKIP_2025")."""
    path = Path(source)
    stem, n = re.subn(r"(?<!\d)(19|20)\d\d(?!\d)", str(year), path.stem)
    return path.with_name(f"{stem if n else f'{path.stem}_{year}'}.xlsx")


def roll_forward(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    year: int | None = None,
    *,
    unit: str | None = None,
    profile: str | None = None,
    sized: bool = False,
) -> RollForward:
    """Write next year's workbook from last year's filled ``source``.

    Args:
        source: Last year's filled workbook.
        output: Next year's workbook (default :func:`default_output`, which must not exist yet).
        year: Next year's report year (default: the source's year + 1).
        unit: A new name for the unit (default: the source's).
        profile: Refused when it is not the source's: the profile is kept.
        sized: Budget rows were asked for (``template --program``): refused, the structure is last year's.

    Raises:
        LakipError: The source cannot be rolled forward (unreadable, not a LAKIP workbook, an empty
            template, no report year, another profile asked for, a year not after it).
        OutputError: The output is the source, or cannot be written there.
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.reader import read_workbook

    src = Path(source)
    if sized:
        raise LakipError("--program/--kegiatan/--subkegiatan tidak dipakai dengan --dari: strukturnya dari laporan itu")
    if output is not None:
        dest = Path(output)
        refuse_inputs([("-o", dest)], [src])
        check_output(dest)
    old = last_years_audit(src, audit)
    data = read_workbook(src, cached=True, strict=False)  # the values as printed, a bad one included
    old_year = report_year(data)
    if old_year is None:
        why = "Tahun laporan tidak berisi tahun (mis. 2024); isi dulu agar tahun berikutnya dapat ditentukan"
        raise in_file(LakipError(why, *year_place(data)), src)
    new_year = old_year + 1 if year is None else year
    if new_year <= old_year:
        raise LakipError(f"Tahun {new_year} tidak sesudah tahun laporan {src.name} ({old_year})")
    kept = profile_of(data)
    if profile is not None and profile != kept:
        raise LakipError(f"Berkas {src.name} berprofil {kept}; lembar kerja tahun berikutnya tetap berprofil {kept}")
    if output is None:
        dest = default_output(src, new_year)
        if dest.exists():
            raise LakipError(f"Berkas {dest} sudah ada; beri nama lain dengan -o")
        check_output(dest)
    carried = carry_tables(data, old_year, new_year)
    typed_over = _formulas_kept(carried)
    result = RollForward(src, dest, new_year, old_year, kept)
    result.notes = _notes(old, data, carried, typed_over, old_year, new_year)
    if unit is not None:
        _drop(carried, "identitas", "unit")
    marks = _marks(carried)
    result.cells = sum(len(keys) for keys in marks.values())
    writer = functools.partial(CarriedWriter, marks=marks, last_year=old_year)
    write_workbook(dest, carried.tables, unit=unit, year=new_year, profile=kept, writer=writer)
    return result


def last_years_audit(path: Path, audit: Callable[[Path], AuditResult]) -> AuditResult:
    """The audit of last year's workbook; one that cannot be audited says it is last year's it cannot use."""
    try:
        return audit(path)
    except LakipError as exc:
        if exc.exit_code == 2:
            exc.message = f"Laporan tahun lalu tidak dapat dipakai: {exc.message}"
            exc.args = (exc.message,)
        raise


def in_file(error: LakipError, path: Path) -> LakipError:
    """``error`` naming the file it is about."""
    error.file = path.name
    return error


def _formulas_kept(carried: Carried) -> set[Cell]:
    """Leave a restated value to its formula where the formula gives it; return the cells typed over one.

    Compared as the audit compares a typed value with its recomputation (at the precision it was typed).
    """
    rc = Recomputer(carried.tables, BY_ID)
    typed: set[Cell] = set()
    drop: list[Cell] = []
    for cell in sorted(carried.restated, key=str):
        table_id, ref, key = cell
        if not rc.is_derived(table_id, ref, key):
            continue
        printed = rc.value(table_id, ref, key)
        if agrees(printed, rc.expected(table_id, ref, key)):
            drop.append(cell)
        else:
            typed.add(cell)
    for table_id, ref, key in drop:
        _drop(carried, table_id, key, ref)
    return typed


def _drop(carried: Carried, table_id: str, key: str, ref: RowRef | None = None) -> None:
    """Remove a carried value (of row ``ref``, or of the fixed row ``key`` names in Identitas)."""
    tdata = carried.tables.get(table_id)
    if tdata is None:
        return
    for i, row in enumerate(tdata.rows):
        if ref is None and row.get("kode") == key:
            row.pop("nilai", None)
            carried.sources.pop((table_id, i, "nilai"), None)
        elif i == ref:
            row.pop(key, None)
            carried.sources.pop((table_id, i, key), None)


def _marks(carried: Carried) -> dict[tuple[str, RowRef], set[str]]:
    """The carried cells by (table, row as the writer lays it out): fixed rows go in the spec's order."""
    laid_out = layout_tables(carried.tables)
    marks: dict[tuple[str, RowRef], set[str]] = {}
    for table_id, ref, key in carried.sources:
        spec = BY_ID[table_id]
        row = ref
        if spec.fixed_rows is not None and isinstance(ref, int):
            kode = carried.tables[table_id].rows[ref].get("kode")
            row = next(i for i, r in enumerate(laid_out[table_id].rows) if r.get("kode") == kode)
        marks.setdefault((table_id, row), set()).add(key)
    return marks


def _notes(
    old: AuditResult, data: WorkbookData, carried: Carried, typed_over: set[Cell], old_year: int, new_year: int
) -> list[str]:
    """What the console says about the roll-forward, in Bahasa Indonesia."""
    notes: list[str] = []
    wrong: dict[Cell, list[Finding]] = {}
    for f in old.findings:
        if f.severity is Severity.ERROR and f.table_id and f.column and f.ref is not None:
            wrong.setdefault((f.table_id, f.ref, f.column), []).append(f)
    for cell, source in sorted(carried.sources.items(), key=lambda cs: (cs[1][0], str(cs[1][1]), cs[1][2])):
        found = wrong.get(source, [])
        if not found and cell not in typed_over:
            continue
        where = _where(data, source)
        value = data[source[0]].rows[source[1]].get(source[2])  # type: ignore[index]
        why = "; ".join(f"{f.rule}: {f.message}" for f in found) or "hasil rumusnya di lembar baru berbeda"
        target = f"{BY_ID[cell[0]].sheet}, kolom '{BY_ID[cell[0]].column(cell[2]).header}'"
        notes.append(
            f"Dibawa seperti tertulis di laporan {old_year} ({where}: {_shown(value)}) ke {target}, "
            f"walau salah menurut audit laporan {old_year}: {why}"
        )
    if new_year != old_year + 1:
        notes.append(
            f"Tahun {new_year} bukan tahun sesudah {old_year}: kolom tahun lalu tidak diisi dari laporan {old_year}"
        )
    end = as_year(identitas(data, "renstra_akhir"))
    if end is not None and new_year > end:
        notes.append(
            f"Tahun {new_year} di luar periode Renstra yang berakhir {end}: isi periode Renstra baru di Identitas "
            "dan targetnya di Tabel 2.1.1 dan 2.1.2"
        )
    return notes


def _where(data: WorkbookData, cell: Cell) -> str:
    """A cell of last year's workbook as "Sheet!A1"."""
    from lakip_xl.model.layout import a1

    table_id, ref, key = cell
    place = data[table_id].placement
    pos = place.cell(ref, key) if place is not None else None
    sheet = place.sheet if place is not None else BY_ID[table_id].sheet
    return f"{sheet}!{a1(*pos)}" if pos else sheet


def _shown(value: Value) -> str:
    return id_number(value) if value is not None and not isinstance(value, str) else f"'{value}'"
