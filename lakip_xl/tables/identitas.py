"""Identitas: the unit, its city, the year and the Renstra period."""

from lakip_xl.model.spec import Column, FixedRow, Kind, TableSpec

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
        FixedRow("tahun", "Tahun laporan", kinds={"nilai": Kind.COUNT}, name="TAHUN"),
        FixedRow("renstra_awal", "Tahun awal Renstra", kinds={"nilai": Kind.COUNT}, name="RENSTRA_AWAL"),
        FixedRow("renstra_akhir", "Tahun akhir Renstra", kinds={"nilai": Kind.COUNT}, name="RENSTRA_AKHIR"),
    ),
)
