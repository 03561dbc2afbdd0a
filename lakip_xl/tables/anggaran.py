"""Tabel 2.2.2, 3.19 and 3.20: budgets by unit > program > kegiatan > subkegiatan."""

from collections.abc import Iterable, Mapping, Sequence

from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import Column, Hierarchy, Kind, TableSpec, Value
from lakip_xl.tables._common import LEVEL_HELP, SUMBER_DANA, category, derived, enum, ratio_percent, row_sum, text

LEVELS_222 = ("Unit", "Program", "Kegiatan", "Sub Kegiatan")
LEVELS_319 = ("Program", "Kegiatan", "Sub Kegiatan")
BUDGET_TABLES = ("t3_19", "t3_20")  # realisasi anggaran: BLPU and BLU


def top_level_rows(rows: Sequence[Mapping[str, Value]], levels: tuple[str, ...] = LEVELS_319) -> list[int]:
    """Indexes of the named rows of the outermost level a budget table prints.

    Program rows where it has named Program rows, else Kegiatan, else Sub Kegiatan. Everything keyed
    on "the programs" (section 3.3, Penutup, Ringkasan) uses it, so a unit that prints its budget at
    kegiatan level is summed as printed, never as 0.
    """
    found = _named_by_level(rows, levels)
    return next((found[level] for level in levels if level in found), [])


def _named_by_level(rows: Sequence[Mapping[str, Value]], levels: tuple[str, ...]) -> dict[str, list[int]]:
    """Indexes of the rows that have a name, by level, in one pass (a row store is read by column)."""
    found: dict[str, list[int]] = {}
    pairs: Iterable[tuple[Value, Value]]
    if rows.__class__ is RowStore:
        store: RowStore = rows
        level_of, name_of = store.column("level"), store.column("uraian")
        pairs = zip(level_of, name_of, strict=True)
    else:
        pairs = ((row.get("level"), row.get("uraian")) for row in rows)
    for i, (level, name) in enumerate(pairs):
        if name and level in levels:
            found.setdefault(str(level), []).append(i)
    return found


def top_level_sum_formula(values: str, levels: str, names: str, order: tuple[str, ...] = LEVELS_319) -> str:
    """Excel twin of summing :func:`top_level_rows`: SUMIFS over the outermost level with named rows."""
    formula = f'SUMIFS({values},{levels},"{order[-1]}",{names},"<>")'
    for level in reversed(order[:-1]):
        named = f'{levels},"{level}",{names},"<>"'
        formula = f"IF(COUNTIFS({named})>0,SUMIFS({values},{named}),{formula})"
    return formula


def _skeleton(levels: tuple[str, ...]) -> tuple[dict[str, str], ...]:
    """Example structure for the empty template: parents, then subkegiatan rows."""
    head = [{"level": lvl} for lvl in levels[:-2]]
    group = [{"level": levels[-2]}, *({"level": levels[-1]} for _ in range(3))]
    return (*head, *group, *group)


T2_2_2 = TableSpec(
    id="t2_2_2",
    seed="2.2.2",
    sheet="2.2.2 Anggaran Triwulan",
    title="Tabel 2.2.2 Alokasi Anggaran per Triwulan",
    description=(
        "Pagu dan alokasi TW I-IV per subkegiatan; pagu dan TW kegiatan, program dan unit "
        "dijumlahkan otomatis dari baris di bawahnya."
    ),
    columns=(
        enum("level", "Tingkat", LEVELS_222, 14, LEVEL_HELP),
        text("kode", "Kode", 14),
        text("no", "No", 5),
        text("uraian", "Nama Program / Kegiatan / Sub Kegiatan", 48, required=True),
        Column("pagu", "Pagu Anggaran (Rp)", Kind.MONEY, width=18),
        Column("tw1", "Triwulan I (Rp)", Kind.MONEY, width=17),
        Column("tw2", "Triwulan II (Rp)", Kind.MONEY, width=17),
        Column("tw3", "Triwulan III (Rp)", Kind.MONEY, width=17),
        Column("tw4", "Triwulan IV (Rp)", Kind.MONEY, width=17),
        enum("sumber_dana", "Sumber Dana", SUMBER_DANA, 12, strict=False),
    ),
    hierarchy=Hierarchy("level", LEVELS_222, ("pagu", "tw1", "tw2", "tw3", "tw4")),
    default_rows=_skeleton(LEVELS_222),
)

_JUMLAH = row_sum(("murni", "abt"))
_PERSEN = ratio_percent("realisasi", "jumlah")


def _realisasi(id_: str, seed: str, sheet: str, title: str, description: str) -> TableSpec:
    return TableSpec(
        id=id_,
        seed=seed,
        sheet=sheet,
        title=title,
        description=description,
        columns=(
            enum("level", "Tingkat", LEVELS_319, 14, LEVEL_HELP),
            text("kode", "Kode", 14),
            text("no", "No", 5),
            text("uraian", "Program / Kegiatan / Sub Kegiatan", 48, required=True),
            Column("murni", "Anggaran Murni (Rp)", Kind.MONEY, width=18),
            Column("abt", "ABT / Perubahan (Rp)", Kind.MONEY_SIGNED, width=18),
            derived("jumlah", "Jumlah (Rp)", Kind.MONEY, _JUMLAH, width=18),
            Column("realisasi", "Realisasi (Rp)", Kind.MONEY, width=18),
            derived("persen", "% Realisasi", Kind.PERCENT, _PERSEN, width=11),
        ),
        hierarchy=Hierarchy("level", LEVELS_319, ("murni", "abt", "realisasi")),
        default_rows=_skeleton(LEVELS_319),
        report_columns=(
            derived(
                "kriteria", "Kriteria efisiensi (Tabel 3.18)", Kind.TEXT, category("persen", "t3_18", "kriteria"), 16
            ),
        ),
    )


T3_19 = _realisasi(
    "t3_19",
    "3.19",
    "3.19 Realisasi BLPU",
    "Tabel 3.19 Realisasi Anggaran Belanja Langsung Penunjang Urusan (BLPU)",
    "Anggaran murni, ABT, jumlah, realisasi dan % per subkegiatan program penunjang; induk dijumlahkan otomatis.",
)
T3_20 = _realisasi(
    "t3_20",
    "3.20",
    "3.20 Realisasi BLU",
    "Tabel 3.20 Realisasi Anggaran Belanja Langsung Urusan (BLU)",
    "Anggaran murni, ABT, jumlah, realisasi dan % per subkegiatan program urusan; induk dijumlahkan otomatis.",
)
