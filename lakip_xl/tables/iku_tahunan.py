"""IKU and program indicators over five years (N-4 .. N), as OPD reports print them.

LKjIPs (PermenPANRB 53/2014, Bab III) compare each indicator's realisation with
the years before and with the target at the end of the Renstra, and state a
capaian per sasaran and a capaian kinerja of the unit as the mean of its
indicators. Here a Sasaran row takes each capaian column as the mean of the
indicators under it (:attr:`Hierarchy.averaged`), and the line under the rows
the mean of every indicator of the unit; n/a (not measured) and empty capaian
are left out of both means, never counted as 0.

The change from year N-1 to N is a change of *capaian* in percentage points:
unlike the realisasi it is comparable across satuan, it honours the arah
(a lower realisasi of a "turun" indicator is a rise), and it exists on the
Sasaran and unit lines too.
"""

from lakip_xl.model.formulas import mean_if
from lakip_xl.model.numbers import NOT_MEASURED, as_decimal, is_not_measured, mean_values
from lakip_xl.model.spec import (
    Carry,
    CellRefs,
    Column,
    Compute,
    Formula,
    Hierarchy,
    Kind,
    RowValues,
    TableSpec,
    Value,
)
from lakip_xl.tables._common import (
    ARAH,
    capaian,
    derived,
    enum,
    kategori_capaian,
    measured,
    not_measured,
    text,
    total_line,
)

LEVELS_IKU = ("Sasaran", "Indikator")
YEARS = ("n4", "n3", "n2", "n1", "n")  # N-4 .. N, N = the year of Identitas
_LABEL = {"n4": "N-4", "n3": "N-3", "n2": "N-2", "n1": "N-1", "n": "N"}
_BEFORE = {"n4": "n3", "n3": "n2", "n2": "n1", "n1": "n"}  # year N-k this year is year N-k+1 of last year's report
CAPAIAN_KEYS = (*(f"capaian_{y}" for y in YEARS), "capaian_akhir")


def mean_of_indicators(key: str) -> tuple[Formula, Compute]:
    """Line under the rows: mean of the numbers of ``key`` on every row that is not a Sasaran row.

    A row whose Tingkat is empty counts as an indicator, so a table typed
    without Sasaran rows still has its unit's mean; n/a and empty cells are
    left out of the sum and the count.
    """
    parent = LEVELS_IKU[0]

    def formula(r: CellRefs) -> str:
        return mean_if(r.span(key), r.span("level"), f"<>{parent}", 2)

    def compute(v: RowValues) -> Value:
        values = v.column(key)
        levels = v.column("level")
        return mean_values([x for x, lvl in zip(values, levels, strict=True) if lvl != parent])

    return formula, compute


def change(later: str, earlier: str) -> tuple[Formula, Compute]:
    """``later - earlier`` on one row, in the cells' units; n/a when either is not measured, empty when either is."""

    def formula(r: CellRefs) -> str:
        a, b = r.cell(later), r.cell(earlier)
        return f'IF({not_measured(a, b)},"{NOT_MEASURED}",IF(COUNT({a},{b})<2,"",ROUND({a}-{b},2)))'

    def compute(v: RowValues) -> Value:
        a, b = v.v(later), v.v(earlier)
        if is_not_measured(a) or is_not_measured(b):
            return NOT_MEASURED
        x, y = as_decimal(a), as_decimal(b)
        return None if x is None or y is None else x - y

    return formula, compute


def _year_columns(year: str) -> tuple[Column, ...]:
    label = _LABEL[year]
    before = _BEFORE.get(year)
    return (
        measured(f"target_{year}", f"Target {label}", last_year=f"target_{before}" if before else ""),
        measured(f"realisasi_{year}", f"Realisasi {label}", last_year=f"realisasi_{before}" if before else ""),
        derived(
            f"capaian_{year}",
            f"Capaian {label} (%)",
            Kind.PERCENT,
            capaian(f"target_{year}", f"realisasi_{year}", "arah"),
            measure=True,
            last_year=f"capaian_{before}" if before else "",
        ),
    )


_CHANGE = change("capaian_n", "capaian_n1")
_MEANS = {key: mean_of_indicators(key) for key in CAPAIAN_KEYS}
_TOTALS = {**_MEANS, "perubahan": _CHANGE}

IKU_TAHUNAN = TableSpec(
    id="iku_tahunan",
    seed="Capaian IKU N-4..N",
    sheet="IKU Lima Tahun",
    title="Capaian Indikator Kinerja Tahun N-4 sampai N dan terhadap Target Akhir Renstra",
    description=(
        "N = tahun laporan (Identitas). Baris Sasaran: capaian = rata-rata indikator di bawahnya; baris "
        "terakhir: capaian kinerja unit = rata-rata semua indikator; n/a dan sel kosong tidak dihitung. "
        "Perubahan = capaian N - capaian N-1 (poin persen)."
    ),
    columns=(
        enum(
            "level", "Tingkat", LEVELS_IKU, 11, "Sasaran: baris rata-rata indikator di bawahnya; Indikator: satu IKU."
        ),
        text("no", "No", 5),
        text("uraian", "Sasaran / Indikator Kinerja", 36, required=True),
        text("satuan", "Satuan", 10),
        enum("arah", "Arah", ARAH, 8, help="naik: makin besar makin baik; turun: makin kecil makin baik"),
        *_year_columns("n4"),
        *_year_columns("n3"),
        *_year_columns("n2"),
        *_year_columns("n1"),
        *_year_columns("n"),
        derived("perubahan", "Perubahan capaian N terhadap N-1 (poin %)", Kind.DECIMAL, _CHANGE, 13, measure=True),
        measured("target_akhir", "Target akhir Renstra", renstra=True),
        derived(
            "capaian_akhir",
            "Capaian N terhadap target akhir Renstra (%)",
            Kind.PERCENT,
            capaian("target_akhir", "realisasi_n", "arah"),
            13,
            measure=True,
        ),
    ),
    hierarchy=Hierarchy("level", LEVELS_IKU, (), averaged=CAPAIAN_KEYS),
    total=total_line(_TOTALS, "Capaian kinerja unit (rata-rata indikator)"),
    default_rows=(
        {"level": "Sasaran"},
        *({"level": "Indikator"} for _ in range(3)),
        {"level": "Sasaran"},
        *({"level": "Indikator"} for _ in range(3)),
    ),
    report_columns=(kategori_capaian("capaian_n", "Kategori capaian N"),),
    carry=Carry(
        keep=("level", "no", "uraian", "satuan", "arah", "target_akhir"), match="uraian", rule="TAHUN.IKU_LIMA_TAHUN"
    ),
)
