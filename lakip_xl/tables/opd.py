"""Tables in the shapes OPD (Dinas, Badan, Sekretariat) reports print them.

PermenPANRB 53/2014 fixes the chapters of an LKjIP, not the layout of its
tables; these specs hold the layouts found in OPD reports that the kecamatan
tables do not: staff counts split by gender (L/P) in groups, capaian tables
with tujuan, sasaran and program/kegiatan beside each indicator, and budget
realisation with DPA (murni) and DPPA (setelah perubahan) columns, realisasi
fisik and a sub-unit level above program. docs/tables.md lists them;
docs/coverage.md says which shapes of real reports still cannot be typed.
"""

from lakip_xl.model.gaps import additive
from lakip_xl.model.numbers import sum_values
from lakip_xl.model.spec import (
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
    LEVEL_HELP,
    capaian,
    category,
    column_sum,
    derived,
    enum,
    kategori_capaian,
    measured,
    present_difference,
    present_sum,
    ratio_percent,
    text,
    total_line,
)
from lakip_xl.tables.anggaran import top_level_rows, top_level_sum_formula

LEVELS_LP = ("Kelompok", "Rincian")
LEVELS_OPD = ("Sub Unit", "Program", "Kegiatan", "Sub Kegiatan")


PEGAWAI_LP = TableSpec(
    id="pegawai_lp",
    seed="Pegawai L/P",
    sheet="Pegawai L-P",
    title="Jumlah Pegawai menurut Kelompok dan Jenis Kelamin (L/P)",
    description=(
        "Satu Kelompok per tabel pegawai yang dicetak dengan kolom L/P (golongan, pendidikan, jabatan ...); "
        "baris Kelompok = baris Jumlah tabel itu, dijumlahkan dari rinciannya; jumlah = L + P; "
        "kelompok dengan cakupan yang sama (mis. PNS) harus berjumlah sama."
    ),
    columns=(
        enum("level", "Tingkat", LEVELS_LP, 12, "Kelompok: judul/jumlah satu tabel; Rincian: baris di bawahnya."),
        text("no", "No", 5),
        text("uraian", "Kelompok / Uraian", 36, required=True),
        Column(
            "cakupan",
            "Cakupan (mis. PNS)",
            Kind.TEXT,
            width=14,
            help="Pegawai yang dihitung kelompok ini; kelompok dengan cakupan sama harus berjumlah sama.",
        ),
        Column("laki", "Laki-laki", Kind.COUNT, width=11),
        Column("perempuan", "Perempuan", Kind.COUNT, width=11),
        derived("jumlah", "Jumlah (orang)", Kind.COUNT, present_sum(("laki", "perempuan")), width=11),
    ),
    hierarchy=Hierarchy("level", LEVELS_LP, ("laki", "perempuan")),
    default_rows=({"level": "Kelompok"}, *({"level": "Rincian"} for _ in range(4))) * 2,
)

_ARAH = enum("arah", "Arah", ARAH, 8, help="naik: makin besar makin baik; turun: makin kecil makin baik")

CAPAIAN_KINERJA = TableSpec(
    id="capaian_kinerja",
    seed="Capaian Kinerja",
    sheet="Capaian Kinerja",
    title="Capaian Kinerja per Tujuan, Sasaran, Program/Kegiatan dan Indikator",
    description=(
        "Tabel capaian seperti dicetak (ikhtisar, Bab III): satu baris per indikator, kolom Tabel = "
        "nama/nomor tabel di laporan; satuan bebas; capaian % dihitung sesuai arah."
    ),
    columns=(
        text("tabel", "Tabel", 12),
        text("no", "No", 5),
        text("tujuan", "Tujuan", 22),
        text("sasaran", "Sasaran", 26),
        text("program", "Program / Kegiatan", 26),
        text("indikator", "Indikator", 30, required=True),
        text("satuan", "Satuan", 10),
        _ARAH,
        measured("target", "Target"),
        measured("realisasi", "Realisasi"),
        derived("capaian", "Capaian (%)", Kind.PERCENT, capaian("target", "realisasi", "arah"), measure=True),
    ),
    blank_rows=10,
    table_key="tabel",
    report_columns=(kategori_capaian("capaian"),),
)


_REALISASI = "realisasi_anggaran"


def _top_level_sum(key: str) -> tuple[Formula, Compute]:
    """Jumlah line of a budget with levels: the sum over the outermost level printed."""

    def formula(r: CellRefs) -> str:
        return top_level_sum_formula(r.span(key), r.span("level"), r.span("uraian"), LEVELS_OPD)

    def compute(v: RowValues) -> Value:
        rows = top_level_rows(v.rows_of(_REALISASI), LEVELS_OPD)  # levels and names are inputs: as recorded
        return sum_values([v.effective_of(_REALISASI, i, key) for i in rows])

    return additive((formula, compute))


_PERUBAHAN = present_difference("anggaran", "dpa")
_PERSEN = ratio_percent("realisasi", "anggaran")
_SISA = present_difference("anggaran", "realisasi")
_SUMMED = ("dpa", "anggaran", "realisasi")
_TOTALS = {key: _top_level_sum(key) for key in _SUMMED}
_OWN = {"perubahan": _PERUBAHAN, "persen": _PERSEN, "sisa": _SISA}

REALISASI_ANGGARAN = TableSpec(
    id=_REALISASI,
    seed="Realisasi Anggaran",
    sheet="Realisasi Anggaran",
    title="Realisasi Anggaran per Sub Unit, Program, Kegiatan dan Sub Kegiatan",
    description=(
        "Anggaran murni (DPA), setelah perubahan (DPPA), realisasi keuangan dan fisik; perubahan, % realisasi "
        "dan sisa dihitung; induk dijumlahkan dari baris di bawahnya; Jumlah = tingkat teratas yang diisi."
    ),
    columns=(
        enum("level", "Tingkat", LEVELS_OPD, 14, LEVEL_HELP),
        text("kode", "Kode", 14),
        text("no", "No", 5),
        text("uraian", "Sub Unit / Program / Kegiatan / Sub Kegiatan", 44, required=True),
        Column("dpa", "Anggaran murni / DPA (Rp)", Kind.MONEY, width=18),
        derived("perubahan", "Perubahan (Rp)", Kind.MONEY_SIGNED, _PERUBAHAN, width=17),
        Column(
            "anggaran",
            "Anggaran setelah perubahan / DPPA (Rp)",
            Kind.MONEY,
            width=19,
            help="Dasar % realisasi; bila laporan hanya mencetak satu kolom anggaran, isi di sini.",
        ),
        Column("realisasi", "Realisasi keuangan (Rp)", Kind.MONEY, width=18),
        derived("persen", "% Realisasi", Kind.PERCENT, _PERSEN, width=11),
        derived("sisa", "Sisa anggaran (Rp)", Kind.MONEY_SIGNED, _SISA, width=17),
        measured("fisik", "Realisasi fisik (%)", Kind.PERCENT, width=11),
    ),
    hierarchy=Hierarchy("level", LEVELS_OPD, _SUMMED),
    total=total_line({**_TOTALS, **_OWN}),
    default_rows=(
        {"level": "Program"},
        {"level": "Kegiatan"},
        *({"level": "Sub Kegiatan"} for _ in range(3)),
        {"level": "Kegiatan"},
        *({"level": "Sub Kegiatan"} for _ in range(3)),
    ),
    report_columns=(
        derived("kriteria", "Kriteria efisiensi (Tabel 3.18)", Kind.TEXT, category("persen", "t3_18", "kriteria"), 16),
    ),
)


BULAN = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
_BULAN_NAMA = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_MONTH_SUMS = {key: column_sum(key) for key in (*BULAN, "jumlah")}

REALISASI_BULANAN = TableSpec(
    id="realisasi_bulanan",
    seed="Realisasi Bulanan",
    sheet="Realisasi Bulanan",
    title="Realisasi Anggaran per Bulan",
    description=(
        "Realisasi tiap bulan per program/kegiatan/sub kegiatan; jumlah bulan = realisasi, yang harus sama "
        "dengan realisasi baris yang sama (kode, atau nama) di lembar Realisasi Anggaran."
    ),
    columns=(
        text("kode", "Kode", 14),
        text("uraian", "Program / Kegiatan / Sub Kegiatan", 36, required=True),
        *(Column(key, f"{name} (Rp)", Kind.MONEY, width=15) for key, name in zip(BULAN, _BULAN_NAMA, strict=True)),
        derived("jumlah", "Jumlah realisasi (Rp)", Kind.MONEY, present_sum(BULAN), width=17),
    ),
    total=total_line(_MONTH_SUMS),
    blank_rows=6,
)
