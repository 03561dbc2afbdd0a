"""Tabel 2.1.1, 2.1.2 and 2.2.1: Renstra targets, IKU and Perjanjian Kinerja."""

from lakip_xl.model.spec import TableSpec
from lakip_xl.tables._common import ARAH, SATUAN, enum, measured, text

RENSTRA_YEARS = 6  # a Renstra runs 5 years (RPJMD); periods of 6 are printed too (Renstra 2016-2021)
ARAH_HELP = "naik: makin besar makin baik; turun: makin kecil makin baik"
ARAH_PK_HELP = (
    "naik: makin besar makin baik, target triwulan naik; turun (mis. AKI, stunting): makin kecil makin baik, "
    "target triwulan turun. Kosong: arah indikator yang sama di tabel lain (2.1.2, 3.1, Capaian Kinerja ...)."
)
_TARGETS = tuple(measured(f"target_{i}", f"Target tahun ke-{i}") for i in range(1, RENSTRA_YEARS + 1))

T2_1_1 = TableSpec(
    id="t2_1_1",
    seed="2.1.1",
    sheet="2.1.1 Tujuan Sasaran",
    title="Tabel 2.1.1 Tujuan dan Sasaran Jangka Menengah (target per tahun Renstra)",
    description="Tujuan, sasaran, indikator dan target tiap tahun Renstra (tahun ke-1 = tahun awal Renstra).",
    columns=(
        text("no", "No", 6),
        text("tujuan", "Tujuan", 30),
        text("sasaran", "Sasaran", 30),
        text("indikator", "Indikator Tujuan/Sasaran", 32, required=True),
        *_TARGETS,
    ),
    blank_rows=5,
)

T2_1_2 = TableSpec(
    id="t2_1_2",
    seed="2.1.2",
    sheet="2.1.2 IKU",
    title="Tabel 2.1.2 Indikator Kinerja Utama (IKU)",
    description="IKU dengan rumus, satuan, arah (naik = makin besar makin baik) dan target tiap tahun Renstra.",
    columns=(
        text("no", "No", 6),
        text("sasaran", "Sasaran", 28),
        text("indikator", "Indikator Kinerja Sasaran", 30, required=True),
        text("penjelasan", "Penjelasan / Rumus", 40),
        enum("satuan", "Satuan", SATUAN, 10, strict=False),
        enum("arah", "Arah", ARAH, 8, help=ARAH_HELP),
        *_TARGETS,
    ),
    blank_rows=5,
)

T2_2_1 = TableSpec(
    id="t2_2_1",
    seed="2.2.1",
    sheet="2.2.1 Perjanjian Kinerja",
    title="Tabel 2.2.1 Perjanjian Kinerja (target tahunan dan target kumulatif per triwulan)",
    description=(
        "Sasaran, indikator, arah, target tahunan dan target triwulan I-IV; triwulan terakhir yang diisi = "
        "target tahunan; target triwulan bergerak sesuai arah (naik, atau turun untuk indikator turun)."
    ),
    columns=(
        enum("jenis", "Jenis", ("Sasaran Strategis", "Sasaran Program"), 18),
        text("no", "No", 6),
        text("sasaran", "Sasaran", 30),
        text("indikator", "Indikator Kinerja", 30, required=True),
        enum("satuan", "Satuan", SATUAN, 10, strict=False),
        enum("arah", "Arah", ARAH, 8, help=ARAH_PK_HELP),
        measured("target", "Target Tahunan"),
        measured("tw1", "Target TW I"),
        measured("tw2", "Target TW II"),
        measured("tw3", "Target TW III"),
        measured("tw4", "Target TW IV"),
    ),
    blank_rows=10,
)
