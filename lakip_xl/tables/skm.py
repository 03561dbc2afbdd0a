"""Survei Kepuasan Masyarakat (inside Tabel 3.2/3.5 of the seed): IKM per PermenPANRB 14/2017."""

from decimal import Decimal

from lakip_xl.model.numbers import NOT_MEASURED, as_decimal, is_not_measured
from lakip_xl.model.spec import Carry, CellRefs, Column, FixedRow, Kind, RowValues, TableSpec, TotalRow, Value
from lakip_xl.tables._common import derived, lookup_fixed, measured, not_measured, share_of_name, text

SKM_SURVEI = TableSpec(
    id="skm_survei",
    seed="SKM (3.2)",
    sheet="SKM Survei",
    title="Survei Kepuasan Masyarakat: pelaksanaan",
    description="Jumlah responden dan periode survei; dasar persentase karakteristik responden.",
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=18),
        Column("uraian", "Uraian", Kind.TEXT, width=40),
        Column("nilai", "Isian", Kind.TEXT, width=20),
    ),
    fixed_rows=(
        FixedRow(
            "jumlah_responden",
            "Jumlah responden",
            kinds={"nilai": Kind.COUNT},
            name="SKM_RESPONDEN",
            bounds=(Decimal(1), None),
            fix="ketik jumlah responden dengan angka saja, mis. 93",
            uses="persentase dan jumlah responden per karakteristik (lembar SKM Responden)",
        ),
        FixedRow("periode", "Periode survei (mis. Triwulan IV)"),
    ),
)

SKM_RESPONDEN = TableSpec(
    id="skm_responden",
    seed="SKM (3.2)",
    sheet="SKM Responden",
    title="Karakteristik Responden SKM",
    description="Jumlah responden per karakteristik; persentase = jumlah / jumlah responden x 100.",
    columns=(
        text("no", "No", 5),
        text("karakteristik", "Karakteristik", 20, required=True),
        text("indikator", "Indikator", 36),
        Column("jumlah", "Jumlah", Kind.COUNT, width=10),
        derived("persentase", "Persentase (%)", Kind.PERCENT, share_of_name("jumlah", "SKM_RESPONDEN")),
    ),
    blank_rows=12,
    carry=Carry(keep=("no", "karakteristik", "indikator")),
)


def _ikm_unsur_formula(r: CellRefs) -> str:
    nrr = r.cell("nrr")
    return f'IF({not_measured(nrr)},"{NOT_MEASURED}",IF({nrr}="","",ROUND({nrr}*25,2)))'


def _ikm_unsur_compute(v: RowValues) -> Value:
    if is_not_measured(v.v("nrr")):
        return NOT_MEASURED
    nrr = v.d("nrr")
    return None if nrr is None else nrr * 25


IKM_UNSUR = (_ikm_unsur_formula, _ikm_unsur_compute)


def _ikm_unit_formula(r: CellRefs) -> str:
    span = r.span("nrr")
    return f'IF(COUNT({span})=0,"",ROUND(IF(ISNUMBER(BOBOT_IKM),SUM({span})*BOBOT_IKM,AVERAGE({span}))*25,2))'


def _ikm_unit_compute(v: RowValues) -> Value:
    nrr = [x for x in (as_decimal(n) for n in v.column("nrr")) if x is not None]
    if not nrr:
        return None
    bobot = as_decimal(v.param("BOBOT_IKM"))
    mean = sum(nrr, Decimal(0)) * bobot if bobot is not None else sum(nrr, Decimal(0)) / len(nrr)
    return mean * 25


FROM_NRR = "dibaca dari NRR x 25 (bukan dari sel IKM per unsur) pada skala Mutu IKM"
_MUTU = lookup_fixed(IKM_UNSUR, "mutu_ikm", "ikm_bawah", "kode")
_KINERJA = lookup_fixed(IKM_UNSUR, "mutu_ikm", "ikm_bawah", "kinerja")
_UNIT_VALUE = (lambda r: r.total("ikm_unsur"), lambda v: v.total("ikm_unsur"))
_MUTU_UNIT = lookup_fixed(_UNIT_VALUE, "mutu_ikm", "ikm_bawah", "kode")
_KINERJA_UNIT = lookup_fixed(_UNIT_VALUE, "mutu_ikm", "ikm_bawah", "kinerja")

SKM_UNSUR = TableSpec(
    id="skm_unsur",
    seed="SKM (3.2)",
    sheet="SKM Unsur",
    title="Nilai SKM per Unsur Pelayanan dan IKM Unit Layanan (PermenPANRB 14/2017)",
    description="NRR tiap unsur U1-U9 (skala 1-4); IKM per unsur = NRR x 25, IKM unit, mutu dan kinerja dihitung.",
    columns=(
        text("kode", "Kode", 6),
        text("unsur", "Unsur Pelayanan", 34, required=True),
        Column("nrr", "Nilai Rata-rata (NRR)", Kind.NRR, width=14, places=3, measure=True),
        derived("ikm_unsur", "IKM per Unsur (NRR x 25)", Kind.PERCENT, IKM_UNSUR, measure=True),
        derived("mutu", "Mutu", Kind.TEXT, _MUTU, width=8, basis=FROM_NRR),
        derived("kinerja", "Kinerja", Kind.TEXT, _KINERJA, width=14, basis=FROM_NRR),
    ),
    total=TotalRow(
        "IKM Unit Layanan",
        "unsur",
        formulas={"ikm_unsur": _ikm_unit_formula, "mutu": _MUTU_UNIT[0], "kinerja": _KINERJA_UNIT[0]},
        computes={"ikm_unsur": _ikm_unit_compute, "mutu": _MUTU_UNIT[1], "kinerja": _KINERJA_UNIT[1]},
    ),
    blank_rows=9,
    carry=Carry(keep=("kode", "unsur")),
)

SKM_TREN = TableSpec(
    id="skm_tren",
    seed="SKM (3.2)",
    sheet="SKM Tren",
    title="Tren Nilai SKM per Triwulan",
    description="Nilai SKM tiap triwulan tahun lalu (N-1) dan tahun ini (N).",
    columns=(
        text("periode", "Tahun", 14, required=True),
        *(
            measured(f"tw{i}", f"TW {r}", Kind.PERCENT, 10, last_year=f"tw{i}")
            for i, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))
        ),
    ),
    blank_rows=2,
    carry=Carry(keep=("periode",), years="periode", rule="TAHUN.SKM_TREN"),  # the row of the same year
)
