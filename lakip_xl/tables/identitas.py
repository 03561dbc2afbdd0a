"""Identitas: the unit, its city, the year and the Renstra period."""

from decimal import Decimal

from lakip_xl.model.spec import Column, FixedRow, Kind, TableSpec

PROFILE_NAMES = ("kecamatan", "opd")  # lakip_xl.tables.profiles
YEARS = (Decimal(2000), Decimal(2099))
_THIS_YEAR = "target tahun ini terhadap target Renstra (Tabel 2.1.1)"
_LAST_YEAR = "target akhir Renstra (Tabel 3.2/3.5/3.8) terhadap Tabel 2.1.1"


def _year(key: str, label: str, name: str, fix: str, uses: str) -> FixedRow:
    """A year of the report or of its Renstra period: a whole number from 2000 to 2099."""
    return FixedRow(key, label, kinds={"nilai": Kind.YEAR}, name=name, bounds=YEARS, fix=fix, uses=uses)


SPEC = TableSpec(
    id="identitas",
    seed="Sampul, Kata Pengantar, 2.2",
    sheet="Identitas",
    title="Identitas Unit dan Periode Laporan",
    description=(
        "Nama unit, kota, profil (kecamatan/opd), tahun laporan dan periode Renstra; dipakai di judul dan kaki halaman."
    ),
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=16),
        Column("uraian", "Uraian", Kind.TEXT, width=40),
        Column("nilai", "Isian", Kind.TEXT, width=40),
    ),
    fixed_rows=(
        FixedRow("unit", "Nama unit kerja (kecamatan/OPD)", name="UNIT"),
        FixedRow("kota", "Kota/kabupaten", name="KOTA"),
        FixedRow(
            "profil",
            "Profil template: kecamatan atau opd (Dinas/Badan/Sekretariat); menentukan lembar dan tabel wajib",
            choices=PROFILE_NAMES,
            fix="pilih kecamatan atau opd dari daftar",
            uses="lembar yang diharapkan dan tabel wajib bawaan",
        ),
        _year("tahun", "Tahun laporan", "TAHUN", "isi satu tahun saja dengan empat angka, mis. 2024", _THIS_YEAR),
        _year(
            "renstra_awal",
            "Tahun awal Renstra",
            "RENSTRA_AWAL",
            "isi tahun pertama periode Renstra dengan empat angka, mis. 2024",
            f"{_THIS_YEAR} dan {_LAST_YEAR}",
        ),
        _year(
            "renstra_akhir",
            "Tahun akhir Renstra",
            "RENSTRA_AKHIR",
            "isi tahun terakhir periode Renstra dengan empat angka, mis. 2026",
            _LAST_YEAR,
        ),
    ),
    settings=True,
)
