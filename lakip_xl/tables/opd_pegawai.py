"""Staff tables of OPD reports: per sub-unit by education and gender, and posts against qualified officials.

Both print row totals and a Jumlah line; the audit recomputes both, and the
rules of :mod:`lakip_xl.audit.checks.opd` compare their totals with the other
staff tables that count the same people (same cakupan) and check that the
officials who meet a post's competence are not more than those in the posts.
"""

from lakip_xl.model.spec import Carry, Column, Kind, TableSpec
from lakip_xl.tables._common import (
    column_sum,
    derived,
    present_difference,
    present_sum,
    ratio_percent,
    text,
    total_line,
)

JENJANG = (
    ("s3", "S-3"),
    ("s2", "S-2"),
    ("s1", "S-1"),
    ("d4", "D-IV"),
    ("d3", "D-III"),
    ("d2", "D-II"),
    ("d1", "D-I"),
    ("sma", "SMA"),
    ("smp", "SMP"),
    ("sd", "SD"),
)
_L = tuple(f"{key}_l" for key, _ in JENJANG)
_P = tuple(f"{key}_p" for key, _ in JENJANG)
_COUNTS = tuple(
    Column(f"{key}_{g}", f"{label} {g.upper()}", Kind.COUNT, width=6.5) for key, label in JENJANG for g in ("l", "p")
)
_TOTALS = ("jumlah_l", "jumlah_p", "jumlah")
_SUMS = {key: column_sum(key) for key in (*(c.key for c in _COUNTS), *_TOTALS)}

PEGAWAI_SUBUNIT = TableSpec(
    id="pegawai_subunit",
    seed="Pegawai Sub Unit",
    sheet="Pegawai Sub Unit",
    title="Jumlah Pegawai per Sub Unit (Penempatan) menurut Pendidikan dan Jenis Kelamin",
    description=(
        "Satu baris per sub unit/penempatan; L dan P tiap jenjang (kosongkan jenjang yang tidak dicetak); "
        "jumlah L, P dan total per baris serta baris Jumlah dihitung; cakupan (mis. PNS) dicocokkan "
        "dengan kelompok lembar Pegawai L-P dan Tabel 1."
    ),
    columns=(
        text("no", "No", 5),
        text("uraian", "Sub Unit / Penempatan", 26, required=True),
        Column(
            "cakupan",
            "Cakupan (mis. PNS)",
            Kind.TEXT,
            width=12,
            help="Pegawai yang dihitung tabel ini; isi sekali (baris pertama) bila sama untuk semua baris.",
        ),
        *_COUNTS,
        derived("jumlah_l", "Jumlah L", Kind.COUNT, present_sum(_L), width=8),
        derived("jumlah_p", "Jumlah P", Kind.COUNT, present_sum(_P), width=8),
        derived("jumlah", "Jumlah", Kind.COUNT, present_sum(("jumlah_l", "jumlah_p")), width=8),
    ),
    total=total_line(_SUMS),
    blank_rows=8,
    carry=Carry(keep=("no", "uraian")),
)

_KURANG = present_difference("formasi", "terisi")
_BELUM = present_difference("terisi", "sesuai")
_SESUAI = ratio_percent("sesuai", "terisi")
_JABATAN_SUMS = {key: column_sum(key) for key in ("formasi", "terisi", "kurang", "sesuai", "belum_sesuai")}

KOMPETENSI_JABATAN = TableSpec(
    id="kompetensi_jabatan",
    seed="Kompetensi Jabatan",
    sheet="Kompetensi Jabatan",
    title="Formasi, Pejabat dan Kesesuaian Kompetensi per Jabatan",
    description=(
        "Per jabatan: formasi (kebutuhan), terisi, kurang = formasi - terisi; yang sesuai kompetensi tidak "
        "boleh melebihi yang terisi; belum sesuai dan % sesuai dihitung."
    ),
    columns=(
        text("no", "No", 5),
        text("uraian", "Jabatan", 34, required=True),
        Column("formasi", "Formasi / kebutuhan", Kind.COUNT, width=11),
        Column("terisi", "Terisi (orang)", Kind.COUNT, width=10),
        derived("kurang", "Kurang (+) / lebih (-)", Kind.DECIMAL, _KURANG, width=11, places=0),
        Column("sesuai", "Sesuai kompetensi", Kind.COUNT, width=11),
        derived("belum_sesuai", "Belum sesuai", Kind.DECIMAL, _BELUM, width=10, places=0),
        derived("persen_sesuai", "% sesuai", Kind.PERCENT, _SESUAI, width=9),
    ),
    total=total_line({**_JABATAN_SUMS, "persen_sesuai": _SESUAI}),
    blank_rows=8,
    carry=Carry(keep=("no", "uraian")),
)
