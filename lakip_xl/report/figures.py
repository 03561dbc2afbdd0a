"""The headline figures of one unit, computed once: Ringkasan prints them, the rekap sums them.

:func:`headline` is pure: it reads the recomputation the report's formulas
stand for (the typed inputs, every derived value recomputed) and returns
numbers; nothing here writes a cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from lakip_xl.model.compare import normal_text
from lakip_xl.model.numbers import as_decimal, ratio100, round_half_up, sum_values
from lakip_xl.model.recompute import Recomputer, RowView
from lakip_xl.model.spec import RowData, Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID
from lakip_xl.tables._common import category
from lakip_xl.tables.anggaran import top_level_rows
from lakip_xl.tables.iku_tahunan import LEVELS_IKU
from lakip_xl.tables.profiles import BUDGET_SOURCES, SKM_SOURCES

SKM_TABLES = tuple(t for t, _, _ in SKM_SOURCES)  # where a unit's IKM is, first filled wins
SKM_KEYS = {t: (ikm, mutu) for t, ikm, mutu in SKM_SOURCES}  # (IKM, mutu) on the Jumlah line

# Where a unit's capaian kinerja is, first with an indicator wins: table, the indicator's name, its capaian.
# A kecamatan prints 3.1; an OPD 3.1, IKU Lima Tahun (year N) or only its Capaian Kinerja tables.
CAPAIAN_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("t3_1", "indikator", "capaian"),
    ("iku_tahunan", "uraian", "capaian_n"),
    ("capaian_kinerja", "indikator", "capaian"),
)
CAPAIAN_COLUMNS = {t: (name, key) for t, name, key in CAPAIAN_SOURCES}  # (indicator's name, capaian) by table


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
    """One indikator of the unit's capaian table (Tabel 3.1, else IKU Lima Tahun, else Capaian Kinerja).

    Attributes:
        index: Its row in ``table_id``.
        indikator: Its name.
        capaian: Its capaian as shown (year N on IKU Lima Tahun).
        kategori: The capaian's kategori (Skala Capaian).
        table_id: The table it is printed in.
    """

    index: int
    indikator: str
    capaian: Value
    kategori: Value
    table_id: str = "t3_1"


@dataclass(frozen=True, slots=True)
class Headline:
    """A unit's headline figures (None: the table it comes from is not filled).

    Attributes:
        pagu: The Unit row's pagu of Tabel 2.2.2.
        anggaran: Sum of the Program rows' jumlah over 3.19 and 3.20.
        realisasi: Sum of their realisasi.
        serapan: realisasi / anggaran x 100, half-up to 2 decimals.
        kriteria: The serapan's kriteria on the unit's Tabel 3.18 scale.
        iku: Every indikator of the unit's capaian table (:data:`CAPAIAN_SOURCES`, first with an indicator).
        ikm: The SKM's IKM (Jumlah line of the unsur sheet).
        mutu: The IKM's mutu (kinerja unit layanan).
        zones_ok: K3 zones whose KET is OK (Tabel 3.10).
        zones: K3 zones listed.
        programs: Every Program row of 3.19 and 3.20.
        skm_table: The SKM sheet the IKM is read from (SKM Unsur, else SKM Layanan, else SKM Nilai Mentah).
        unit_capaian: The unit's mean capaian of year N on IKU Lima Tahun (its line under the rows).
        capaian_table: The table :attr:`iku` is read from, None when no capaian table names an indicator.
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
    capaian_table: str | None = None

    @property
    def iku_mean(self) -> Decimal | None:
        """The mean capaian of :attr:`iku` (n/a and empty left out), half-up to 2 decimals.

        Without a measured one, the unit's line of IKU Lima Tahun (the same mean, recomputed there).
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
    iku = _capaian(rc, data)
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
        capaian_table=iku[0].table_id if iku else None,
    )


def _capaian(rc: Recomputer, data: Mapping[str, TableData]) -> tuple[Iku, ...]:
    """The indicators of the first table of :data:`CAPAIAN_SOURCES` that names one, with capaian and kategori."""
    for table_id, name_key, key in CAPAIAN_SOURCES:
        rows = _indicator_rows(table_id, name_key, _rows(data, table_id))
        if not rows:
            continue
        kategori = BY_ID[table_id].report_columns[0]
        return tuple(
            Iku(
                i,
                str(row[name_key]),
                rc.effective(table_id, i, key),
                kategori.compute(RowView(rc, table_id, i)) if kategori.compute else None,
                table_id,
            )
            for i, row in rows
        )
    return ()


def _indicator_rows(table_id: str, name_key: str, rows: Sequence[RowData]) -> list[tuple[int, RowData]]:
    """The rows of a capaian table that are one indicator each, every indicator once.

    IKU Lima Tahun's Sasaran rows are means of the indicators under them, not indicators. Capaian Kinerja
    may print an indicator in two of the report's tables (the same text and satuan, another Tabel: what
    LINTAS.CAPAIAN compares); it counts once, where it is printed first.
    """
    out: list[tuple[int, RowData]] = []
    first_tabel: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows):
        if not row.get(name_key) or (table_id == "iku_tahunan" and row.get("level") == LEVELS_IKU[0]):
            continue
        if table_id == "capaian_kinerja":
            same = (normal_text(row[name_key]), normal_text(row.get("satuan") or ""))
            tabel = normal_text(row.get("tabel") or "")
            if first_tabel.setdefault(same, tabel) != tabel:
                continue
        out.append((i, row))
    return out


def _rows(data: Mapping[str, TableData], table_id: str) -> Sequence[RowData]:
    """The rows of a table, none when the workbook's profile has no such sheet."""
    tdata = data.get(table_id)
    return tdata.rows if tdata is not None else ()
