"""Parameter: the choices a unit makes about formulas (DOMAIN.md conventions)."""

from decimal import Decimal

from lakip_xl.model.spec import Carry, Column, FixedRow, Kind, TableSpec
from lakip_xl.tables._common import RUMUS_TURUN_CHOICES

# What PermenPANRB 53/2014 asks of every LAKIP/LKjIP, whatever the unit: the IKU and the Perjanjian
# Kinerja (Bab II), the capaian of each indicator and the realisasi anggaran (Bab III). docs/verdict.md.
TABEL_WAJIB_DEFAULT = "2.1.2, 2.2.1, 3.1, 3.19"

SPEC = TableSpec(
    id="parameter",
    seed="Pengaturan audit (bukan tabel laporan)",
    sheet="Parameter",
    title="Parameter Perhitungan",
    description="Rumus capaian indikator yang makin kecil makin baik, bobot IKM, batas nilai 'Baik' K3, tabel wajib.",
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
        FixedRow(
            "tabel_wajib",
            "Tabel yang wajib diisi: nomor tabel laporan dipisah koma ('-' bila tidak ada). "
            "Audit baru 'bersih' bila semua tabel ini terisi",
            name="TABEL_WAJIB",
            default=TABEL_WAJIB_DEFAULT,
        ),
    ),
    is_parameter=True,
    carry=Carry(whole=True),
)
