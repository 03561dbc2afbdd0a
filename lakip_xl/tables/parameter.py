"""Parameter: the choices a unit makes about formulas (DOMAIN.md conventions)."""

from decimal import Decimal

from lakip_xl.model.spec import Column, FixedRow, Kind, TableSpec
from lakip_xl.tables._common import RUMUS_TURUN_CHOICES

SPEC = TableSpec(
    id="parameter",
    seed="DOMAIN.md (konvensi)",
    sheet="Parameter",
    title="Parameter Perhitungan",
    description="Rumus capaian indikator yang makin kecil makin baik, bobot IKM, batas nilai 'Baik' K3.",
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=18),
        Column("uraian", "Uraian", Kind.TEXT, width=60),
        Column("nilai", "Isian", Kind.TEXT, width=22),
    ),
    fixed_rows=(
        FixedRow(
            "rumus_turun",
            "Rumus capaian bila makin kecil makin baik (PermenPANRB: 2*target-realisasi)",
            name="RUMUS_TURUN",
            default=RUMUS_TURUN_CHOICES[0],
            choices=RUMUS_TURUN_CHOICES,
            fix="pilih salah satu dari daftar",
            uses="capaian indikator yang makin kecil makin baik (arah 'turun')",
        ),
        FixedRow(
            "bobot_ikm",
            "Bobot per unsur IKM (kosongkan = tepat 1/jumlah unsur; isi 0,111 bila dipakai)",
            kinds={"nilai": Kind.DECIMAL},
            name="BOBOT_IKM",
            bounds=(Decimal("0.01"), Decimal(1)),
            fix="kosongkan bila bobotnya tepat 1/jumlah unsur, atau isi angka seperti 0,111",
            uses="IKM unit layanan (lembar SKM Unsur) dan realisasi IKU yang dihitung dari IKM",
        ),
        FixedRow(
            "k3_batas_baik",
            "Nilai terendah predikat 'Baik' subkomponen K3 (Tabel 3.9)",
            kinds={"nilai": Kind.SCORE},
            name="K3_BATAS_BAIK",
            default=Decimal(71),
            fix="ketik angkanya, mis. 71 (predikat 'Baik' Tabel 3.9 mulai 71)",
            uses="KET zona menurut nilainya (Tabel 3.10) dan realisasi IKU K3",
        ),
    ),
    is_parameter=True,
)
