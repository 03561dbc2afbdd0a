"""The rekap's consolidations (city totals, budget per program) and its JSON document.

The workbook (:mod:`lakip_xl.report.rekap_sheets`) and the JSON print the
same figures, computed here once from the units' summaries.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from lakip_xl.model.numbers import as_decimal, ratio100, round_half_up, sum_values
from lakip_xl.model.spec import Value
from lakip_xl.report.unit import VERDICTS, Absent, Block, RekapResult, UnitSummary

if TYPE_CHECKING:
    from lakip_xl.model.workbook import TableData

# 2: skipped and superseded; 3: each unit's required_missing; 4: the desk's changes (year, years,
# not_submitted, other_years, units' saved, listed and suggestion, the verdict "belum diisi", programs per year);
# 5: each unit's last_year (rekap --tahun-lalu)
SCHEMA = 5


@dataclass(frozen=True, slots=True)
class Totals:
    """The city's figures over every unit that could be read.

    Attributes:
        units: Units (files) in the rekap.
        verdicts: Units per verdict, in :data:`VERDICTS` order.
        counts: Findings by severity (error, warning, info) over every unit.
        pagu, anggaran, realisasi: Sums of the units' figures (units without the table left out).
        serapan, kriteria: realisasi / anggaran x 100 half-up, and its kriteria on the template's Tabel 3.18.
        ikm_mean: Mean IKM of the units that report an SKM (unweighted).
        iku_mean: Mean of the units' mean IKU capaian (unweighted).
        zones_ok, zones: K3 zones OK and listed, over the units that list them.
        not_submitted: Units of the ``--daftar`` list that sent nothing (None without a list).
    """

    units: int
    verdicts: tuple[int, ...]
    counts: tuple[int, int, int]
    pagu: Value
    anggaran: Value
    realisasi: Value
    serapan: Decimal | None
    kriteria: Value
    ikm_mean: Decimal | None
    iku_mean: Decimal | None
    zones_ok: int | None
    zones: int | None
    not_submitted: int | None = None


@dataclass(frozen=True, slots=True)
class ProgramTotal:
    """One program (by name, case and spaces aside) summed over the units that report it."""

    program: str
    units: int
    anggaran: Value
    realisasi: Value
    serapan: Decimal | None
    kriteria: Value


@cache
def _template_tables() -> dict[str, TableData]:
    from lakip_xl.io.writer import layout_tables

    return layout_tables({})


def serapan(anggaran: Value, realisasi: Value) -> tuple[Decimal | None, Value]:
    """% serapan (half-up, 2 decimals) and its kriteria on the template's Tabel 3.18 scale."""
    from lakip_xl.report.figures import serapan_kriteria

    whole, part = as_decimal(anggaran), as_decimal(realisasi)
    share = ratio100(part, whole) if whole and part is not None else None
    shown = round_half_up(share) if share is not None else None
    return shown, serapan_kriteria(_template_tables(), shown)


def _sum(values: list[Value]) -> Value:
    present: list[Value] = [v for v in values if v is not None]
    return sum_values(present) if present else None


def _mean(values: list[Value]) -> Decimal | None:
    nums = [Decimal(v) for v in values if isinstance(v, int | Decimal)]
    return round_half_up(sum(nums, Decimal(0)) / len(nums)) if nums else None


def totals(units: list[UnitSummary], not_submitted: int | None = None) -> Totals:
    """The city's totals of one year (docs/rekap.md says how each is formed)."""
    anggaran = _sum([u.anggaran for u in units])
    realisasi = _sum([u.realisasi for u in units])
    share, kriteria = serapan(anggaran, realisasi)
    zoned = [u for u in units if u.zones]
    return Totals(
        units=len(units),
        verdicts=tuple(sum(1 for u in units if u.verdict == v) for v in VERDICTS),
        counts=(sum(u.counts[0] for u in units), sum(u.counts[1] for u in units), sum(u.counts[2] for u in units)),
        pagu=_sum([u.pagu for u in units]),
        anggaran=anggaran,
        realisasi=realisasi,
        serapan=share,
        kriteria=kriteria,
        ikm_mean=_mean([u.ikm for u in units]),
        iku_mean=_mean([u.iku_mean for u in units]),
        zones_ok=sum(u.zones_ok or 0 for u in zoned) if zoned else None,
        zones=sum(u.zones or 0 for u in zoned) if zoned else None,
        not_submitted=not_submitted,
    )


def block_totals(result: RekapResult, block: Block) -> Totals:
    """The totals of one year's block (its "belum kirim" units counted in the rekap's own year)."""
    absent = None if result.absent is None else sum(1 for r in block.rows if isinstance(r, Absent))
    return totals(block.units, absent)


def overall(result: RekapResult) -> Totals:
    """The rekap's summary: its one year's totals; over several years, the counts only (money never added)."""
    blocks = result.blocks()
    if len(blocks) == 1:
        return block_totals(result, blocks[0])
    t = totals(result.units, None if result.absent is None else len(result.absent))
    return dataclasses.replace(t, pagu=None, anggaran=None, realisasi=None, serapan=None, kriteria=None,
                               ikm_mean=None, iku_mean=None, zones_ok=None, zones=None)  # fmt: skip


def program_key(name: str) -> str:
    """Programs are the same when their names are, case and spaces aside."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def program_totals(units: list[UnitSummary]) -> list[ProgramTotal]:
    """Budget per program over the units, sorted by program name."""
    groups: dict[str, list[tuple[str, Value, Value, str]]] = {}
    for u in units:
        for p in u.programs:
            groups.setdefault(program_key(p.uraian), []).append((p.uraian.strip(), p.anggaran, p.realisasi, u.name))
    out = []
    for key in sorted(groups):
        rows = groups[key]
        anggaran, realisasi = _sum([r[1] for r in rows]), _sum([r[2] for r in rows])
        share, kriteria = serapan(anggaran, realisasi)
        name = min(r[0] for r in rows)
        out.append(ProgramTotal(name, len({r[3] for r in rows}), anggaran, realisasi, share, kriteria))
    return out


def _json(value: Value) -> Any:
    """Money and counts as integers, decimals as strings (as the interchange writes them)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def unit_document(u: UnitSummary) -> dict[str, Any]:
    """The JSON form of one unit."""
    return {
        "file": u.name,
        "unit": u.unit,
        "year": u.year,
        "sha256": u.sha256,
        "saved": u.saved,
        "verdict": u.verdict,
        "required_missing": list(u.missing),
        "reason": u.reason,
        "summary": dict(zip(("error", "warning", "info"), u.counts, strict=True)),
        "pagu": _json(u.pagu),
        "anggaran": _json(u.anggaran),
        "realisasi": _json(u.realisasi),
        "serapan": _json(u.serapan),
        "kriteria": u.kriteria,
        "ikm": _json(u.ikm),
        "mutu": u.mutu,
        "iku_mean": _json(u.iku_mean),
        "iku_count": u.iku_count,
        "zones_ok": u.zones_ok,
        "zones": u.zones,
        "report": u.report.name if u.report else None,
        "listed": u.listed,
        "suggestion": u.suggestion,
        "programs": [
            {"program": p.uraian, "anggaran": _json(p.anggaran), "realisasi": _json(p.realisasi)} for p in u.programs
        ],
        "findings": list(u.findings),
        "last_year": None
        if u.last_year is None
        else {
            "file": u.last_year.name,
            "verdict": u.last_year.verdict,
            "serapan": _json(u.last_year.serapan),
            "reason": u.last_year.reason,
        },
    }


def summary_document(t: Totals) -> dict[str, Any]:
    """The JSON form of a summary (the rekap's, or one year's)."""
    return {
        "units": t.units,
        "verdicts": dict(zip(VERDICTS, t.verdicts, strict=True)),
        "not_submitted": t.not_submitted,
        "findings": dict(zip(("error", "warning", "info"), t.counts, strict=True)),
        "pagu": _json(t.pagu),
        "anggaran": _json(t.anggaran),
        "realisasi": _json(t.realisasi),
        "serapan": _json(t.serapan),
        "kriteria": t.kriteria,
        "ikm_mean": _json(t.ikm_mean),
        "iku_mean": _json(t.iku_mean),
        "zones_ok": t.zones_ok,
        "zones": t.zones,
    }


def to_rekap_document(result: RekapResult) -> dict[str, Any]:
    """The rekap as JSON (deterministic: no dates, no absolute paths), with every file not counted."""
    blocks = result.blocks()
    return {
        "tool": "lakip-xl",
        "kind": "rekap",
        "schema": SCHEMA,
        "version": result.version,
        "year": result.year,
        "summary": summary_document(overall(result)),
        "years": {b.year: summary_document(block_totals(result, b)) for b in blocks},
        "units": [unit_document(u) for b in blocks for u in b.rows if isinstance(u, UnitSummary)],
        "not_submitted": None if result.absent is None else [a.unit for a in result.absent],
        "skipped": [{"file": s.file, "reason": s.reason} for s in result.skipped],
        "superseded": [{"file": s.file, "by": s.by} for s in result.superseded],
        "other_years": [{"file": o.file, "unit": o.unit.unit, "year": o.unit.year} for o in result.other_years],
        "programs": [
            {
                "year": b.year,
                "program": p.program,
                "units": p.units,
                "anggaran": _json(p.anggaran),
                "realisasi": _json(p.realisasi),
                "serapan": _json(p.serapan),
                "kriteria": p.kriteria,
            }
            for b in blocks
            for p in program_totals(b.units)
        ],
    }


def write_rekap_json(result: RekapResult, stream: TextIO) -> None:
    """Write the rekap's JSON document to ``stream``, ending with a newline."""
    json.dump(to_rekap_document(result), stream, ensure_ascii=False, indent=1)
    stream.write("\n")
