"""The headline figures of one unit, computed once: Ringkasan prints them, the rekap sums them.

:func:`headline` is pure: it reads the recomputation the report's formulas
stand for (the typed inputs, every derived value recomputed) and returns
numbers; nothing here writes a cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lakip_xl.model.numbers import as_decimal, ratio100, round_half_up, sum_values
from lakip_xl.model.recompute import Recomputer, RowView
from lakip_xl.model.spec import RowData, Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import category
from lakip_xl.tables.anggaran import top_level_rows
from lakip_xl.tables.profiles import BUDGET_SOURCES

SKM_TABLES = ("skm_unsur", "skm_layanan", "skm_mentah")  # where a unit's IKM is, first filled wins
SKM_KEYS = {"skm_unsur": ("ikm_unsur", "kinerja")}  # (IKM, mutu) on the Jumlah line; the others: ikm, mutu


@dataclass(frozen=True, slots=True)
class Program:
    """One Program row of a budget table (3.19, 3.20, Realisasi Anggaran) with its recomputed anggaran and realisasi."""

    table_id: str
    index: int
    uraian: str
    anggaran: Value
    realisasi: Value
    anggaran_key: str = "jumlah"


@dataclass(frozen=True, slots=True)
class Iku:
    """One indikator of Tabel 3.1: its capaian as shown and its kategori."""

    index: int
    indikator: str
    capaian: Value
    kategori: Value


@dataclass(frozen=True, slots=True)
class Headline:
    """A unit's headline figures (None: the table it comes from is not filled).

    Attributes:
        pagu: The Unit row's pagu of Tabel 2.2.2.
        anggaran: Sum of the Program rows' jumlah over 3.19 and 3.20.
        realisasi: Sum of their realisasi.
        serapan: realisasi / anggaran x 100, half-up to 2 decimals.
        kriteria: The serapan's kriteria on the unit's Tabel 3.18 scale.
        iku: Every indikator of Tabel 3.1.
        ikm: The SKM's IKM (Jumlah line of the unsur sheet).
        mutu: The IKM's mutu (kinerja unit layanan).
        zones_ok: K3 zones whose KET is OK (Tabel 3.10).
        zones: K3 zones listed.
        programs: Every Program row of 3.19 and 3.20.
        skm_table: The SKM sheet the IKM is read from (SKM Unsur, else SKM Layanan, else SKM Nilai Mentah).
        unit_capaian: The unit's mean capaian of year N on IKU Lima Tahun (its line under the rows).
    """

    pagu: Value
    anggaran: Value
    realisasi: Value
    serapan: Decimal | None
    kriteria: Value
    iku: tuple[Iku, ...]
    ikm: Value
    mutu: Value
    zones_ok: int | None
    zones: int | None
    programs: tuple[Program, ...]
    skm_table: str | None = None
    unit_capaian: Value = None

    @property
    def iku_mean(self) -> Decimal | None:
        """The mean capaian of the IKU of 3.1 (n/a and empty left out), half-up to 2 decimals.

        Without 3.1, the unit's line of IKU Lima Tahun (the same mean, recomputed there).
        """
        values = [v for v in (i.capaian for i in self.iku) if isinstance(v, int | Decimal)]
        if not values:
            return as_decimal(self.unit_capaian)
        return round_half_up(Decimal(sum(values, Decimal(0))) / len(values))


class _ValueView:
    """The little a category compute needs: one value and the scale's rows."""

    def __init__(self, data: Mapping[str, TableData], value: Value) -> None:
        self.data, self.value = data, value

    def v(self, key: str) -> Value:
        return self.value

    def rows_of(self, table_id: str) -> Sequence[RowData]:
        return self.data[table_id].rows


def serapan_kriteria(data: Mapping[str, TableData], share: Decimal | None) -> Value:
    """The kriteria of a % serapan on the Tabel 3.18 scale of ``data`` (efisiensi penyerapan)."""
    compute = category("x", "t3_18", "kriteria")[1]
    return compute(_ValueView(data, share))  # type: ignore[arg-type]


def programs(data: Mapping[str, TableData]) -> list[tuple[str, int, str]]:
    """(table, row, budget column) of every program of the budget tables ``data`` holds.

    The programs are each table's outermost level printed (``top_level_rows``).
    """
    return [(t, i, key) for t, key, levels in BUDGET_SOURCES if t in data for i in top_level_rows(data[t].rows, levels)]


def headline(rc: Recomputer, data: Mapping[str, TableData]) -> Headline:
    """The headline figures of the laid-out tables ``data`` recomputed by ``rc``."""
    plan = _rows(data, "t2_2_2")
    unit_rows = [i for i, r in enumerate(plan) if r.get("level") == "Unit"]
    pagu = rc.effective("t2_2_2", unit_rows[0], "pagu") if unit_rows else None
    rows = programs(data)
    anggaran = sum_values([rc.effective(t, i, key) for t, i, key in rows])
    realisasi = sum_values([rc.effective(t, i, "realisasi") for t, i, _ in rows])
    whole, part = as_decimal(anggaran), as_decimal(realisasi)
    share = ratio100(part, whole) if whole and part is not None else None
    serapan = round_half_up(share) if share is not None else None
    kategori = BY_ID["t3_1"].report_columns[0]
    iku = tuple(
        Iku(
            i,
            str(row["indikator"]),
            rc.effective("t3_1", i, "capaian"),
            kategori.compute(RowView(rc, "t3_1", i)) if kategori.compute else None,
        )
        for i, row in enumerate(_rows(data, "t3_1"))
        if row.get("indikator")
    )
    skm = next((t for t in SKM_TABLES if _rows(data, t)), None)
    ikm_key, mutu_key = SKM_KEYS.get(skm or "", ("ikm", "mutu"))
    zones = _rows(data, "t3_10")
    ok = sum(1 for i in range(len(zones)) if rc.effective("t3_10", i, "ket") == "OK") if zones else None
    return Headline(
        pagu=pagu,
        anggaran=anggaran,
        realisasi=realisasi,
        serapan=serapan,
        kriteria=serapan_kriteria(data, serapan),
        iku=iku,
        ikm=rc.effective(skm, "total", ikm_key) if skm else None,
        mutu=rc.effective(skm, "total", mutu_key) if skm else None,
        zones_ok=ok,
        zones=len(zones) if zones else None,
        programs=tuple(
            Program(
                t,
                i,
                str(data[t].rows[i].get("uraian") or ""),
                rc.effective(t, i, key),
                rc.effective(t, i, "realisasi"),
                key,
            )
            for t, i, key in rows
        ),
        skm_table=skm,
        unit_capaian=rc.effective("iku_tahunan", "total", "capaian_n") if _rows(data, "iku_tahunan") else None,
    )


def _rows(data: Mapping[str, TableData], table_id: str) -> Sequence[RowData]:
    """The rows of a table, none when the workbook's profile has no such sheet."""
    tdata = data.get(table_id)
    return tdata.rows if tdata is not None else ()
