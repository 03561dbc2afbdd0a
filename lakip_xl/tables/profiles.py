"""Profiles: which tables a unit's workbook carries.

A kecamatan prints the K3 zones, the BLPU/BLU budget tables (3.19, 3.20)
and a Penutup built on them; an OPD (Dinas, Badan, Sekretariat) prints its
staff by gender, capaian tables with tujuan and sasaran, and budget
realisation with DPA and DPPA columns. Both follow the chapters of
PermenPANRB 53/2014. The profile is the Identitas row ``profil``; a workbook
where it is blank, deleted or names no profile is judged by its sheets: an OPD
workbook when it holds more of the OPD's own sheets than of the kecamatan's,
else a kecamatan workbook (every workbook made before profiles, and data from
a JSON that names none).
"""

from __future__ import annotations

from collections.abc import Mapping

from lakip_xl.model.spec import TableSpec
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import ALL, BY_ID
from lakip_xl.tables.anggaran import LEVELS_319
from lakip_xl.tables.identitas import PROFILE_NAMES
from lakip_xl.tables.opd import LEVELS_OPD
from lakip_xl.tables.parameter import TABEL_WAJIB_DEFAULT

KECAMATAN, OPD = PROFILE_NAMES
DEFAULT = KECAMATAN

_OPD_ONLY = (
    "pegawai_lp",
    "pegawai_subunit",
    "kompetensi_jabatan",
    "capaian_kinerja",
    "iku_tahunan",
    "skm_layanan",
    "skm_mentah",
    "realisasi_anggaran",
    "realisasi_bulanan",
)
_KECAMATAN_ONLY = (
    "t3_9",
    "t3_10",
    "t3_16",
    "efisiensi_indikator",
    "t3_19",
    "t3_20",
    "akuntabilitas_keuangan",
    "penutup",
)

PROFILES: dict[str, tuple[str, ...]] = {
    KECAMATAN: tuple(spec.id for spec in ALL if spec.id not in _OPD_ONLY),
    OPD: tuple(spec.id for spec in ALL if spec.id not in _KECAMATAN_ONLY),
}

# The tables PermenPANRB 53/2014 asks of every report (IKU, Perjanjian Kinerja, capaian, realisasi anggaran),
# named as each profile prints them. docs/verdict.md.
TABEL_WAJIB = {
    KECAMATAN: TABEL_WAJIB_DEFAULT,
    OPD: "2.1.2, 2.2.1, Capaian Kinerja, Realisasi Anggaran",
}


# Budget tables whose outermost level printed carries "the programs" (Ringkasan, rekap): table, the
# column holding each row's budget (the base of its % realisasi), and the levels.
BUDGET_SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("t3_19", "jumlah", LEVELS_319),
    ("t3_20", "jumlah", LEVELS_319),
    ("realisasi_anggaran", "anggaran", LEVELS_OPD),
)

# Where a unit's IKM is (Ringkasan, rekap, LINTAS.IKM), first filled wins: table, the Jumlah line's IKM and
# mutu columns. A kecamatan prints SKM Unsur; an OPD may print any of the three.
SKM_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("skm_unsur", "ikm_unsur", "kinerja"),
    ("skm_layanan", "ikm", "mutu"),
    ("skm_mentah", "ikm", "mutu"),
)


def profile_of(data: Mapping[str, TableData]) -> str:
    """The profile a workbook's Identitas names; when it names none (or one not known), the one its tables show."""
    named = named_profile(data)
    return named if named in PROFILES else inferred_profile(data)


def named_profile(data: Mapping[str, TableData]) -> str | None:
    """What the Identitas row ``profil`` holds (lower case); None when the row is absent or blank."""
    ident = data.get("identitas")
    for row in ident.rows if ident else ():
        if row.get("kode") == "profil":
            value = str(row.get("nilai") or "").strip().lower()
            return value or None
    return None


def inferred_profile(data: Mapping[str, TableData]) -> str:
    """The profile whose own sheets the workbook holds more of; kecamatan on a tie, and for data from JSON.

    An OPD's own: staff by gender, capaian per tujuan, DPA/DPPA realisation; a kecamatan's: K3, 3.19/3.20.
    Only sheets read from a workbook count (a table with a placement): ``fill`` writes a JSON that names no
    profile as it always did, a kecamatan workbook with whatever other tables the JSON holds.
    """

    def sheets(own: tuple[str, ...]) -> int:
        return sum(1 for table_id in own if (t := data.get(table_id)) is not None and t.placement is not None)

    return OPD if sheets(_OPD_ONLY) > sheets(_KECAMATAN_ONLY) else KECAMATAN


def own_tables(profile: str) -> tuple[str, ...]:
    """The tables only a workbook of ``profile`` carries."""
    return _OPD_ONLY if profile == OPD else _KECAMATAN_ONLY


def specs_for(data: Mapping[str, TableData]) -> tuple[TableSpec, ...]:
    """The tables of a workbook: its profile's, and any other table it holds, in workbook order."""
    wanted = set(PROFILES[profile_of(data)]) | set(data)
    return tuple(spec for spec in ALL if spec.id in wanted)


def specs_of(profile: str) -> tuple[TableSpec, ...]:
    """The tables of a profile, in workbook order."""
    return tuple(BY_ID[i] for i in PROFILES[profile])


def budgets_of(data: Mapping[str, TableData]) -> tuple[tuple[str, str], ...]:
    """The realisasi anggaran tables of a workbook's profile: (table, the column holding each row's budget).

    A kecamatan's are 3.19 and 3.20 (jumlah = murni + ABT), an OPD's Realisasi Anggaran (anggaran
    setelah perubahan, DPPA); each subkegiatan planned in 2.2.2 is there with the same budget.
    """
    own = PROFILES[profile_of(data)]
    return tuple((t, key) for t, key, _ in BUDGET_SOURCES if t in own)
