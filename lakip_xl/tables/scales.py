"""Category scales: capaian categories, IKM mutu, K3 rubric, efficiency bands.

Scales are parameters a unit may edit. Intervals are half-open
``[batas_bawah, batas_atas)`` unless the table says otherwise; an empty bound
is open-ended.
"""

from decimal import Decimal

from lakip_xl.model.spec import Column, FixedRow, Kind, TableSpec

D = Decimal

SKALA_CAPAIAN = TableSpec(
    id="skala_capaian",
    seed="Permendagri 86/2017 (kriteria capaian kinerja)",
    sheet="Skala Capaian",
    title="Skala Kategori Capaian Kinerja (interval setengah terbuka: bawah <= x < atas)",
    description=(
        "Kategori capaian per Permendagri 86/2017, ditulis sebagai interval setengah terbuka "
        "agar nilai seperti 90,5 tetap punya kategori. Boleh diganti skala instansi."
    ),
    columns=(
        Column("kategori", "Kategori", Kind.TEXT, width=24, required=True),
        Column("batas_bawah", "Batas bawah (>=) %", Kind.PERCENT, width=16),
        Column("batas_atas", "Batas atas (<) %", Kind.PERCENT, width=16),
    ),
    default_rows=(
        {"kategori": "Sangat Tinggi", "batas_bawah": D(91)},
        {"kategori": "Tinggi", "batas_bawah": D(76), "batas_atas": D(91)},
        {"kategori": "Sedang", "batas_bawah": D(66), "batas_atas": D(76)},
        {"kategori": "Rendah", "batas_bawah": D(51), "batas_atas": D(66)},
        {"kategori": "Sangat Rendah", "batas_atas": D(51)},  # open below: a turun capaian may be < 0
    ),
    blank_rows=0,
    is_parameter=True,
)

MUTU_IKM = TableSpec(
    id="mutu_ikm",
    seed="PermenPANRB 14/2017",
    sheet="Mutu IKM",
    title="Nilai Persepsi, Interval IKM dan Mutu Pelayanan (urut naik)",
    description="Batas mutu pelayanan A-D per PermenPANRB 14/2017; dibaca dari IKM dibulatkan 2 desimal.",
    columns=(
        Column("kode", "Mutu", Kind.TEXT, width=8),
        Column("nrr_bawah", "NRR bawah", Kind.NRR, width=12, places=4),
        Column("nrr_atas", "NRR atas", Kind.NRR, width=12, places=4),
        Column("ikm_bawah", "IKM bawah", Kind.PERCENT, width=12),
        Column("ikm_atas", "IKM atas", Kind.PERCENT, width=12),
        Column("kinerja", "Kinerja unit pelayanan", Kind.TEXT, width=20),
    ),
    fixed_rows=(
        FixedRow("D", "D"),
        FixedRow("C", "C"),
        FixedRow("B", "B"),
        FixedRow("A", "A"),
    ),
    default_rows=(
        {
            "kode": "D",
            "nrr_bawah": D("1.00"),
            "nrr_atas": D("2.5996"),
            "ikm_bawah": D("25.00"),
            "ikm_atas": D("64.99"),
            "kinerja": "Tidak Baik",
        },
        {
            "kode": "C",
            "nrr_bawah": D("2.60"),
            "nrr_atas": D("3.064"),
            "ikm_bawah": D("65.00"),
            "ikm_atas": D("76.60"),
            "kinerja": "Kurang Baik",
        },
        {
            "kode": "B",
            "nrr_bawah": D("3.0644"),
            "nrr_atas": D("3.532"),
            "ikm_bawah": D("76.61"),
            "ikm_atas": D("88.30"),
            "kinerja": "Baik",
        },
        {
            "kode": "A",
            "nrr_bawah": D("3.5324"),
            "nrr_atas": D("4.00"),
            "ikm_bawah": D("88.31"),
            "ikm_atas": D("100.00"),
            "kinerja": "Sangat Baik",
        },
    ),
    is_parameter=True,
)

RUBRIK_K3 = TableSpec(
    id="t3_9",
    seed="3.9",
    sheet="3.9 Rubrik K3",
    title="Tabel 3.9 Kertas Kerja Penilaian K3: rentang nilai per predikat",
    description="Rentang nilai tiap predikat K3 (Sangat Jelek 30-45 ... Sangat Baik 81-90), batas tertutup.",
    columns=(
        Column("predikat", "Predikat", Kind.TEXT, width=18, required=True),
        Column("nilai_bawah", "Nilai bawah", Kind.SCORE, width=12),
        Column("nilai_atas", "Nilai atas", Kind.SCORE, width=12),
    ),
    default_rows=(
        {"predikat": "Sangat Jelek", "nilai_bawah": D(30), "nilai_atas": D(45)},
        {"predikat": "Jelek", "nilai_bawah": D(46), "nilai_atas": D(60)},
        {"predikat": "Sedang", "nilai_bawah": D(61), "nilai_atas": D(70)},
        {"predikat": "Baik", "nilai_bawah": D(71), "nilai_atas": D(80)},
        {"predikat": "Sangat Baik", "nilai_bawah": D(81), "nilai_atas": D(90)},
    ),
    blank_rows=0,
    is_parameter=True,
)

KRITERIA_KEUANGAN = TableSpec(
    id="t3_18",
    seed="3.18",
    sheet="3.18 Kriteria Keuangan",
    title="Tabel 3.18 Kriteria Kinerja Keuangan (% realisasi; bawah <= x < atas)",
    description="Pita efisiensi % penyerapan (realisasi/anggaran); batas bawah ikut, batas atas tidak.",
    columns=(
        Column("kriteria", "Kriteria", Kind.TEXT, width=20, required=True),
        Column("batas_bawah", "Batas bawah (>=) %", Kind.PERCENT, width=16),
        Column("batas_atas", "Batas atas (<) %", Kind.PERCENT, width=16),
    ),
    default_rows=(
        {"kriteria": "Tidak efisien", "batas_bawah": D(100)},
        {"kriteria": "Kurang efisien", "batas_bawah": D(90), "batas_atas": D(100)},
        {"kriteria": "Cukup efisien", "batas_bawah": D(80), "batas_atas": D(90)},
        {"kriteria": "Efisien", "batas_bawah": D(60), "batas_atas": D(80)},
        {"kriteria": "Sangat efisien", "batas_atas": D(60)},
    ),
    blank_rows=0,
    is_parameter=True,
)
