"""SKM as OPD reports print it: IKM per layanan and per unit, and the raw NRR computation.

Two shapes of PermenPANRB 14/2017 tables that the kecamatan's one-survey
sheet (:mod:`lakip_xl.tables.skm`) cannot hold:

- a matrix, one row per layanan with its NRR per unsur U1-U9; the IKM of a
  layanan is the mean of its NRR x 25 (BOBOT_IKM as on the SKM Unsur sheet);
  a Unit Layanan row (a UPT, a bidang) takes the mean of the layanan under it,
  and the Rata-rata line the mean of the outermost level printed (the units
  when there are Unit Layanan rows: a unit-of-units mean, else the layanan);
- the raw computation: per unsur the sum of the answers and the number of
  answers give NRR = jumlah nilai / responden (3 decimals), NRR tertimbang =
  NRR x bobot (BOBOT_IKM, or exactly 1/9), and IKM = jumlah NRR tertimbang x 25.
  Each row's NRR tertimbang is shown at 4 decimals, but the Jumlah line and the
  IKM are sum(NRR) x bobot, not the sum of those rounded cells: with 9 unsur at
  NRR 4,000 the IKM is 100,00 (PermenPANRB 14/2017 with the exact weight), where
  9 x 0,4444 x 25 would give 99,99.
"""

from collections.abc import Callable
from decimal import Decimal

from lakip_xl.model.formulas import mean_if
from lakip_xl.model.gaps import additive
from lakip_xl.model.numbers import as_decimal, mean_values, sum_values
from lakip_xl.model.spec import (
    CellRefs,
    Column,
    Compute,
    Formula,
    Hierarchy,
    Kind,
    RowValues,
    TableSpec,
    TotalRow,
    Value,
)
from lakip_xl.tables._common import derived, enum, lookup_fixed, text, total_line
from lakip_xl.tables.skm import FROM_NRR, IKM_UNSUR

UNIT, LAYANAN = LEVELS_SKM = ("Unit Layanan", "Layanan")
UNSUR = tuple(f"u{i}" for i in range(1, 10))
UNSUR_BOBOT = Decimal(1) / 9  # PermenPANRB 14/2017: 9 unsur, each weighing exactly 1/9


def ikm_of_row(keys: tuple[str, ...]) -> tuple[Formula, Compute]:
    """IKM of one row from its NRR cells: mean (or sum x BOBOT_IKM when set) x 25; n/a and empty left out."""

    def formula(r: CellRefs) -> str:
        cells = r.cells(keys)
        mean = f"IF(ISNUMBER(BOBOT_IKM),SUM({cells})*BOBOT_IKM,AVERAGE({cells}))"
        return f'IF(COUNT({cells})=0,"",ROUND({mean}*25,2))'

    def compute(v: RowValues) -> Value:
        nrr = [x for x in (as_decimal(v.v(k)) for k in keys) if x is not None]
        if not nrr:
            return None
        bobot = as_decimal(v.param("BOBOT_IKM"))
        total = sum(nrr, Decimal(0))
        return (total * bobot if bobot is not None else total / len(nrr)) * 25

    return formula, compute


def _top(levels: list[Value]) -> bool:
    """True when the table prints Unit Layanan rows: the Rata-rata line is then over them."""
    return UNIT in levels


def top_level_mean(key: str, places: int) -> tuple[Formula, Compute]:
    """Rata-rata line: mean of ``key`` over the Unit Layanan rows, or over the other rows when there are none."""
    return _over_top_level(key, lambda values, levels, rows: mean_if(values, levels, rows, places), mean_values)


def top_level_total(key: str) -> tuple[Formula, Compute]:
    """Rata-rata line, a count column: the sum over the Unit Layanan rows, or over the other rows."""
    return additive(
        _over_top_level(key, lambda values, levels, rows: f'SUMIFS({values},{levels},"{rows}")', sum_values)
    )


def _over_top_level(
    key: str, formula_over: Callable[[str, str, str], str], combine: Callable[[list[Value]], Value]
) -> tuple[Formula, Compute]:
    """``key`` over the outermost level printed: ``formula_over(values, levels, criterion)`` and ``combine``."""

    def formula(r: CellRefs) -> str:
        values, levels = r.span(key), r.span("level")
        units, others = formula_over(values, levels, UNIT), formula_over(values, levels, f"<>{UNIT}")
        return f'IF(COUNTIF({levels},"{UNIT}")>0,{units},{others})'

    def compute(v: RowValues) -> Value:
        levels, values = v.column("level"), v.column(key)
        top = _top(levels)
        return combine([x for x, lvl in zip(values, levels, strict=True) if (lvl == UNIT) == top])

    return formula, compute


def _nrr(key: str, header: str) -> Column:
    return Column(key, header, Kind.NRR, width=8, places=3, measure=True)


_IKM = ikm_of_row(UNSUR)
_OWN_IKM: tuple[Formula, Compute] = (
    lambda r: r.cell("ikm"),
    lambda v: v.v("ikm"),
)  # the row's (or the line's) own IKM cell


def mutu_of(value: tuple[Formula, Compute]) -> tuple[Formula, Compute]:
    """Mutu (A-D) of an IKM on the Mutu IKM scale; empty below its lowest bound (Excel's LOOKUP would say #N/A).

    An IKM under 25 comes of a bobot IKM applied to fewer than 9 unsur (sum x 0,111).
    """
    lookup, compute = lookup_fixed(value, "mutu_ikm", "ikm_bawah", "kode")

    def formula(r: CellRefs) -> str:
        return f'IF(N({value[0](r)})<MIN({r.fixed_range("mutu_ikm", "ikm_bawah")}),"",{lookup(r)})'

    return formula, compute


_MUTU = mutu_of(_OWN_IKM)
_LINE = {
    "responden": top_level_total("responden"),
    **{k: top_level_mean(k, 3) for k in UNSUR},
    "ikm": top_level_mean("ikm", 2),
    "mutu": _MUTU,
}

SKM_LAYANAN = TableSpec(
    id="skm_layanan",
    seed="SKM per layanan",
    sheet="SKM Layanan",
    title="Indeks Kepuasan Masyarakat per Jenis Layanan dan Unit Layanan (PermenPANRB 14/2017)",
    description=(
        "Satu baris per layanan: NRR U1-U9 (skala 1-4); IKM layanan = rata-rata NRR x 25. Baris Unit Layanan: "
        "rata-rata layanan di bawahnya. Baris Rata-rata: rata-rata unit layanan (atau layanan bila tanpa unit)."
    ),
    columns=(
        enum("level", "Tingkat", LEVELS_SKM, 13, "Unit Layanan: rata-rata layanan di bawahnya; Layanan: satu layanan."),
        text("no", "No", 5),
        text("uraian", "Unit Layanan / Jenis Layanan", 32, required=True),
        Column("responden", "Jumlah responden", Kind.COUNT, width=11),
        *(_nrr(k, k.upper()) for k in UNSUR),
        derived("ikm", "IKM (NRR rata-rata x 25)", Kind.PERCENT, _IKM, 12),
        derived("mutu", "Mutu", Kind.TEXT, _MUTU, 7, basis="dibaca dari IKM baris ini pada skala Mutu IKM"),
    ),
    hierarchy=Hierarchy("level", LEVELS_SKM, ("responden",), averaged=(*UNSUR, "ikm")),
    total=total_line(_LINE, "Rata-rata"),
    default_rows=tuple({"level": LAYANAN} for _ in range(6)),
)


def _nrr_formula(r: CellRefs) -> str:
    total, count = r.cell("jumlah_nilai"), r.cell("responden")
    return f'IF(OR({total}="",N({count})=0),"",ROUND({total}/{count},3))'


def _nrr_compute(v: RowValues) -> Value:
    total, count = as_decimal(v.v("jumlah_nilai")), as_decimal(v.v("responden"))
    return None if total is None or not count else total / count


def _bobot_mentah() -> str:
    """Excel for the weight of one unsur: BOBOT_IKM when typed, else exactly 1/9."""
    return "IF(ISNUMBER(BOBOT_IKM),BOBOT_IKM,1/9)"


def _tertimbang_formula(r: CellRefs) -> str:
    nrr = r.cell("nrr")
    return f'IF(ISNUMBER({nrr}),ROUND({nrr}*{_bobot_mentah()},4),"")'


def _tertimbang_compute(v: RowValues) -> Value:
    nrr = v.d("nrr")
    if nrr is None:
        return None
    bobot = as_decimal(v.param("BOBOT_IKM"))
    return nrr * (bobot if bobot is not None else UNSUR_BOBOT)


def _weighted_sum(v: RowValues) -> Decimal | None:
    """Sum of the NRR (as their cells show them) x the weight: the exact jumlah NRR tertimbang, None without NRR."""
    nrr = [x for x in (as_decimal(n) for n in v.column("nrr")) if x is not None]
    if not nrr:
        return None
    bobot = as_decimal(v.param("BOBOT_IKM"))
    return sum(nrr, Decimal(0)) * (bobot if bobot is not None else UNSUR_BOBOT)


def _sum_formula(r: CellRefs) -> str:
    span = r.span("nrr")
    return f'IF(COUNT({span})=0,"",ROUND(SUM({span})*{_bobot_mentah()},4))'


def _ikm_line_formula(r: CellRefs) -> str:
    span = r.span("nrr")
    return f'IF(COUNT({span})=0,"",ROUND(SUM({span})*{_bobot_mentah()}*25,2))'


def _ikm_line_compute(v: RowValues) -> Value:
    total = _weighted_sum(v)
    return None if total is None else total * 25


SKM_MENTAH = TableSpec(
    id="skm_mentah",
    seed="SKM per unsur (nilai mentah)",
    sheet="SKM Nilai Mentah",
    title="Pengolahan SKM: Jumlah Nilai, NRR dan NRR Tertimbang per Unsur (PermenPANRB 14/2017)",
    description=(
        "Jumlah nilai jawaban dan jumlah responden tiap unsur; NRR = jumlah nilai / responden, NRR tertimbang "
        "= NRR x bobot (Parameter bobot IKM, kosong = tepat 1/9); IKM = jumlah NRR tertimbang x 25. Jumlah dan "
        "IKM dihitung dari NRR x bobot, bukan dari NRR tertimbang yang tampil dibulatkan 4 desimal."
    ),
    columns=(
        text("kode", "Kode", 6),
        text("unsur", "Unsur Pelayanan", 32, required=True),
        Column("jumlah_nilai", "Jumlah nilai jawaban", Kind.COUNT, width=12),
        Column("responden", "Jumlah responden", Kind.COUNT, width=11),
        derived("nrr", "NRR (jumlah nilai / responden)", Kind.NRR, (_nrr_formula, _nrr_compute), 12, places=3),
        derived(
            "nrr_tertimbang",
            "NRR tertimbang (NRR x bobot)",
            Kind.DECIMAL,
            (_tertimbang_formula, _tertimbang_compute),
            13,
            places=4,
        ),
        derived("ikm", "IKM per unsur (NRR x 25)", Kind.PERCENT, IKM_UNSUR, 12),
        derived("mutu", "Mutu", Kind.TEXT, mutu_of(IKM_UNSUR), 7, basis=FROM_NRR),
    ),
    total=TotalRow(
        "Jumlah / IKM unit layanan",
        "unsur",
        formulas={"nrr_tertimbang": _sum_formula, "ikm": _ikm_line_formula, "mutu": _MUTU[0]},
        computes={"nrr_tertimbang": _weighted_sum, "ikm": _ikm_line_compute, "mutu": _MUTU[1]},
    ),
    blank_rows=9,
)
