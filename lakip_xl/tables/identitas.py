"""Identitas: the unit, its city, the year and the Renstra period."""

from decimal import Decimal

from lakip_xl.model.spec import Column, FixedRow, Kind, TableSpec

YEARS = (Decimal(2000), Decimal(2099))
_RENSTRA_YEAR = "target tahun ini terhadap target Renstra (Tabel 2.1.1)"

SPEC = TableSpec(
    id="identitas",
    seed="Sampul, Kata Pengantar, 2.2",
    sheet="Identitas",
    title="Identitas Unit dan Periode Laporan",
    description="Nama unit, kota, tahun laporan dan periode Renstra; dipakai di judul dan kaki halaman.",
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=16),
        Column("uraian", "Uraian", Kind.TEXT, width=40),
        Column("nilai", "Isian", Kind.TEXT, width=40),
    ),
    fixed_rows=(
        FixedRow("unit", "Nama unit kerja (kecamatan/OPD)", name="UNIT"),
        FixedRow("kota", "Kota/kabupaten", name="KOTA"),
        FixedRow(
            "tahun",
            "Tahun laporan",
            kinds={"nilai": Kind.COUNT},
            name="TAHUN",
            bounds=YEARS,
            fix="isi satu tahun saja dengan empat angka, mis. 2024",
            uses=_RENSTRA_YEAR,
        ),
        FixedRow(
            "renstra_awal",
            "Tahun awal Renstra",
            kinds={"nilai": Kind.COUNT},
            name="RENSTRA_AWAL",
            bounds=YEARS,
            fix="isi tahun pertama periode Renstra dengan empat angka, mis. 2024",
            uses=f"{_RENSTRA_YEAR} dan target akhir Renstra (Tabel 3.2/3.5/3.8)",
        ),
        FixedRow(
            "renstra_akhir",
            "Tahun akhir Renstra",
            kinds={"nilai": Kind.COUNT},
            name="RENSTRA_AKHIR",
            bounds=YEARS,
            fix="isi tahun terakhir periode Renstra dengan empat angka, mis. 2026",
            uses="target akhir Renstra (Tabel 3.2/3.5/3.8) terhadap Tabel 2.1.1",
        ),
    ),
)
