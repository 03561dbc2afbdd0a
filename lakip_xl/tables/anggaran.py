"""Tabel 2.2.2, 3.19 and 3.20: budgets by unit > program > kegiatan > subkegiatan."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lakip_xl.model.errors import LakipError
from lakip_xl.model.rowstore import RowStore
from lakip_xl.model.spec import Carry, Column, Hierarchy, Kind, TableSpec, Value
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


@dataclass(frozen=True)
class BudgetSize:
    """How many programs, kegiatan and subkegiatan a unit's budget tables start with (``template --program``).

    A real kecamatan has about 5 programs, 15 kegiatan and 40 subkegiatan; the
    template offers rows for all of them, spread evenly, so staff fill rows
    instead of inserting them.
    """

    program: int
    kegiatan: int
    subkegiatan: int

    @classmethod
    def of_options(cls, program: int | None, kegiatan: int | None, subkegiatan: int | None) -> BudgetSize | None:
        """The size the template options ask for (one left out: as many as the level above), or None.

        Raises:
            LakipError: The counts cannot be laid out (said in words).
        """
        if program is None and kegiatan is None and subkegiatan is None:
            return None
        n_program = 1 if program is None else program
        n_kegiatan = n_program if kegiatan is None else kegiatan
        size = cls(n_program, n_kegiatan, n_kegiatan if subkegiatan is None else subkegiatan)
        problem = size.problem()
        if problem is not None:
            raise LakipError(f"Pilihan --program/--kegiatan/--subkegiatan: {problem}")
        return size

    def problem(self) -> str | None:
        """Why these counts cannot be laid out (in Bahasa Indonesia), or None."""
        if min(self.program, self.kegiatan, self.subkegiatan) < 1:
            return "jumlah program, kegiatan dan subkegiatan harus sedikitnya 1"
        if self.kegiatan < self.program:
            return f"{self.kegiatan} kegiatan tidak cukup untuk {self.program} program (setiap program perlu kegiatan)"
        if self.subkegiatan < self.kegiatan:
            return f"{self.subkegiatan} subkegiatan tidak cukup untuk {self.kegiatan} kegiatan"
        if self.subkegiatan > MAX_SIZED_ROWS:
            return f"paling banyak {MAX_SIZED_ROWS:,} subkegiatan".replace(",", ".")
        return None

    def programs(self) -> list[list[int]]:
        """Per program, the number of subkegiatan of each of its kegiatan (spread as evenly as they go)."""
        per_program = _spread(self.kegiatan, self.program)
        subs = iter(_spread(self.subkegiatan, self.kegiatan))
        return [[next(subs) for _ in range(n)] for n in per_program]


MAX_SIZED_ROWS = 5000
# Which programs each budget table of a sized template gets: 3.19 (BLPU) the first, the Penunjang program of
# the seed; 3.20 (BLU) the others. Every other budget table gets them all.
SIZED_PROGRAMS: dict[str, slice] = {"t3_19": slice(0, 1), "t3_20": slice(1, None)}


def sized_rows(spec: TableSpec, size: BudgetSize) -> list[dict[str, Value]] | None:
    """The template rows of a budget table laid out for ``size``; None when it has no Program level."""
    hier = spec.hierarchy
    if hier is None or hier.levels[-3:] != ("Program", "Kegiatan", "Sub Kegiatan"):
        return None
    head = list(itertools.takewhile(lambda r: r.get("level") != "Program", spec.default_rows))
    rows: list[dict[str, Value]] = [dict(r) for r in head]
    for kegiatan in size.programs()[SIZED_PROGRAMS.get(spec.id, slice(None))]:
        rows.append({"level": "Program"})
        for subs in kegiatan:
            rows.append({"level": "Kegiatan"})
            rows.extend({"level": "Sub Kegiatan"} for _ in range(subs))
    return rows if len(rows) > len(head) else None


def _spread(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` counts differing by at most one, the larger first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


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
    carry=Carry(keep=("level", "kode", "no", "uraian", "sumber_dana")),  # the structure; this year's amounts blank
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
        carry=Carry(keep=("level", "kode", "no", "uraian")),
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
