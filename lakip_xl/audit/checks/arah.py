"""The direction (arah) of an indicator, and the Perjanjian Kinerja rules that depend on it.

An indicator is "naik" (higher is better: IKM, % wilayah tertib) or "turun"
(lower is better: Angka Kematian Ibu, prevalensi stunting). Tables that compute
a capaian carry an Arah column (2.1.2, 3.1, 3.2-3.8, 3.3/3.7, Capaian Kinerja,
IKU Lima Tahun); 2.2.1 carries one too, and where it is left empty the arah of
the same indicator in another table is taken, matched by name with the same
tolerance as the cross-table rules (:func:`lakip_xl.audit.match.best`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.audit.absent import empty_note, severity
from lakip_xl.audit.checks.base import E, W
from lakip_xl.audit.findings import Location
from lakip_xl.audit.match import best, score
from lakip_xl.model.compare import agrees, normal_text
from lakip_xl.model.gaps import Gap
from lakip_xl.model.numbers import as_decimal, id_number
from lakip_xl.model.spec import RowData, TableSpec, Value
from lakip_xl.model.workbook import RowRef
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import CAPAIAN_INPUTS, capaian_value

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

NAIK, TURUN = "naik", "turun"
# Tables whose rows state an indicator's arah, first the one that declares it (2.1.2 IKU): (table, name column).
SOURCES = (
    ("t2_1_2", "indikator"),
    ("t3_1", "indikator"),
    ("iku_perbandingan", "indikator"),
    ("capaian_kinerja", "indikator"),
    ("iku_tahunan", "uraian"),
    ("indikator_program", "indikator"),
)
_PK = "t2_2_1"
_TW = ("tw1", "tw2", "tw3", "tw4")
_MEANING = {NAIK: "makin besar makin baik", TURUN: "makin kecil makin baik"}


@dataclass(frozen=True)
class Direction:
    """An indicator's arah and the row that states it."""

    arah: str
    table_id: str
    index: int

    def where(self, ctx: Context) -> Location:
        """The Arah cell that states it."""
        return ctx.where(self.table_id, self.index, "arah")


def arah_of(row: RowData) -> str | None:
    """The arah typed on a row ("naik" or "turun", any case), None when empty or not one of them."""
    value = normal_text(str(row.get("arah") or ""))
    return value if value in (NAIK, TURUN) else None


def named_direction(ctx: Context, name: str, skip: str = "") -> Direction | None:
    """The arah stated for the indicator called ``name`` in another table (not ``skip``).

    The indicator is the best match by name over every row of the source
    tables, arah typed or not (so "Persentase balita ditimbang", printed in 3.1
    without an arah, is not taken for "Persentase balita stunting", turun); among
    the rows matching it equally well, the first with an arah typed (2.1.2
    first) gives it. None when nothing matches at the cross-table rules'
    threshold, or the matching rows leave the arah empty.
    """
    rows: list[tuple[str, int, RowData]] = []
    names: list[str] = []
    for table_id, key in SOURCES:
        if table_id == skip:
            continue
        for i, row in enumerate(ctx.table(table_id).rows):
            if _names_indicator(row, key):
                rows.append((table_id, i, row))
                names.append(str(row.get(key)))
    top = best(name, names)
    if top is None:
        return None
    for (table_id, i, row), other in zip(rows, names, strict=True):
        arah = arah_of(row)
        if arah is not None and score(name, other) >= top[1]:
            return Direction(arah, table_id, i)
    return None


def _names_indicator(row: RowData, key: str) -> bool:
    """True for a row naming an indicator (IKU Lima Tahun's Sasaran rows name a sasaran)."""
    return bool(row.get(key)) and not (key == "uraian" and row.get("level") == "Sasaran")


def pk_direction(ctx: Context, i: int) -> Direction | None:
    """The arah of row ``i`` of 2.2.1: its own Arah, else that of the same indicator in another table."""
    row = ctx.table(_PK).rows[i]
    own = arah_of(row)
    if own is not None:
        return Direction(own, _PK, i)
    return named_direction(ctx, str(row.get("indikator") or ""), skip=_PK)


def pk_targets(ctx: Context) -> None:
    """2.2.1: the last filled quarterly target is the annual one; the targets move in the indicator's direction.

    A "naik" indicator's cumulative targets never fall (20, 40, 60, 75); a
    "turun" one's never rise (AKI 95, 93, 91, 90). Without an arah anywhere the
    indicator is taken as naik, but targets that only fall are then one
    warning asking for the arah (T2_2_1.ARAH), not a galat per quarter.
    """
    for i, row in enumerate(ctx.table(_PK).rows):
        filled = [(k, v) for k in _TW if isinstance(v := row.get(k), Decimal)]
        if not filled:
            continue
        target = row.get("target")
        if isinstance(target, Decimal) and filled[-1][1] != target:
            key, value = filled[-1]
            later = _TW[_TW.index(key) + 1 :]  # quarters after it, empty or n/a: one may hold the annual target
            gap = Gap((_PK, i, later[0]), True, True) if later else None
            message = (
                f"Target triwulan terakhir {id_number(value)} tidak sama dengan target tahunan {id_number(target)}"
            )
            ctx.add("T2_2_1.TW_AKHIR", severity(gap), _PK, i, key, message + empty_note(ctx, gap, _PK), value, target)
        steps = list(itertools.pairwise(filled))
        direction = pk_direction(ctx, i)
        if direction is None and not any(after > before for (_, before), (_, after) in steps):
            falls = [(before, key, after) for (_, before), (key, after) in steps if after < before]
            if falls:
                before, key, after = falls[0]
                ctx.add(
                    "T2_2_1.ARAH",
                    W,
                    _PK,
                    i,
                    "arah",
                    f"Target triwulan turun (dari {id_number(before)} ke {id_number(after)}), tetapi arah "
                    "indikator ini tidak diisi di tabel ini maupun di tabel lain (2.1.2, 3.1 ...): bila makin "
                    "kecil makin baik (mis. angka kematian, prevalensi), isi Arah 'turun'; bila makin besar "
                    "makin baik, target triwulan harus naik",
                    related=(ctx.where(_PK, i, key),),
                )
            continue
        arah = direction.arah if direction is not None else NAIK
        for (_, before), (key, after) in steps:
            if (after < before) if arah == NAIK else (after > before):
                _against(ctx, i, key, before, after, direction)


def _against(ctx: Context, i: int, key: str, before: Decimal, after: Decimal, direction: Direction | None) -> None:
    """A quarterly target that moves against the indicator's direction."""
    arah = direction.arah if direction is not None else NAIK
    moved = "turun" if after < before else "naik"
    if direction is None:
        why = "arah indikator tidak diisi (dianggap naik, makin besar makin baik)"
    elif direction.table_id == _PK:
        why = f"arah indikator '{arah}' ({_MEANING[arah]})"
    else:
        source = BY_ID[direction.table_id]
        name = ctx.where(direction.table_id, direction.index, None).label or ""
        why = (
            f"arah indikator '{arah}' ({_MEANING[arah]}) menurut {_table(source.seed, ctx, direction)} "
            f"'{name}'; bila bukan indikator yang sama, isi Arah di tabel ini"
        )
    related = (direction.where(ctx),) if direction is not None and direction.table_id != _PK else ()
    ctx.add(
        "T2_2_1.KUMULATIF",
        E,
        _PK,
        i,
        key,
        f"Target kumulatif {moved} dari {id_number(before)} ke {id_number(after)}, padahal {why}",
        after,
        before,
        related,
    )


def _table(seed: str, ctx: Context, direction: Direction) -> str:
    """How a message names the table that states an arah: "Tabel 2.1.2", "lembar Capaian Kinerja"."""
    number = ctx.where(direction.table_id, direction.index, None).table
    return f"Tabel {number}" if number[:1].isdigit() else f"lembar {seed}"


def other_direction_hint(ctx: Context, spec: TableSpec, ref: RowRef, key: str, recorded: Value) -> str:
    """For a typed capaian that disagrees with its row: a hint when it is the capaian of the other arah.

    The report may print the capaian of a "turun" indicator (AKI: target 90, realisasi 85, capaian
    105,56) while the row's Arah says naik or is empty; the same number is also what a ratio inverted
    by mistake gives (target / realisasi for a naik indicator), so the finding stays a galat of the
    capaian and only says which arah, or which formula, the number fits. "" when it fits neither.
    """
    column = spec.column(key)
    inputs = CAPAIAN_INPUTS.get(column.compute) if column.compute is not None else None
    if inputs is None or inputs[2] is None or not isinstance(ref, int) or not isinstance(recorded, Decimal):
        return ""
    if spec.hierarchy is not None and ctx.local.has_children(spec.id, ref):
        return ""  # a Sasaran row's capaian is the mean of its indicators, not a capaian of its own
    target_key, realisasi_key, _ = inputs
    target, realisasi = (as_decimal(ctx.local.effective(spec.id, ref, k)) for k in (target_key, realisasi_key))
    typed = arah_of(ctx.table(spec.id).rows[ref])
    if typed == TURUN:
        fits = capaian_value(target, realisasi, NAIK, None)
        other = f"arah '{NAIK}' ({_MEANING[NAIK]})"
    else:
        rumus = ctx.local.param("RUMUS_TURUN")
        fits = capaian_value(target, realisasi, TURUN, rumus)
        other = f"arah '{TURUN}' ({_MEANING[TURUN]}, rumus {rumus})"
    if fits is None or not agrees(recorded, fits):
        return ""
    shown = f"'{typed}'" if typed else "kosong (naik)"
    return (
        f"; angka tertulis sama dengan capaian {other}, sedangkan Arah baris ini {shown}: bila itu arah "
        "indikatornya, isi kolom Arah; bila bukan, rumus capaian di laporan keliru"
    )
