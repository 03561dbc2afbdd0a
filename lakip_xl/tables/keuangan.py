"""Section 3.3 Akuntabilitas Keuangan and the Penutup headline claims."""

from collections.abc import Callable

from lakip_xl.model.gaps import additive
from lakip_xl.model.numbers import as_decimal, ratio100, sum_values
from lakip_xl.model.spec import CellRefs, Column, Compute, FixedRow, Formula, Kind, RowValues, TableSpec, Value
from lakip_xl.tables._common import derived, ratio_percent
from lakip_xl.tables.anggaran import BUDGET_TABLES, top_level_rows, top_level_sum_formula


def _sum_rows(parts: tuple[str, ...], key: str) -> tuple[Formula, Compute]:
    def formula(r: CellRefs) -> str:
        return "+".join(f"N({r.at(p, key)})" for p in parts)

    def compute(v: RowValues) -> Value:
        return sum_values([v.at(p, key) for p in parts])

    return additive((formula, compute))


def _pair(parts: tuple[str, ...]) -> dict[str, tuple[Formula, Compute]]:
    return {key: _sum_rows(parts, key) for key in ("anggaran", "realisasi")}


def _fixed(key: str, label: str, pairs: dict[str, tuple[Formula, Compute]] | None = None) -> FixedRow:
    pairs = pairs or {}
    return FixedRow(
        key,
        label,
        formulas={k: p[0] for k, p in pairs.items()},
        computes={k: p[1] for k, p in pairs.items()},
    )


AKUNTABILITAS_KEUANGAN = TableSpec(
    id="akuntabilitas_keuangan",
    seed="3.3",
    sheet="3.3 Akuntabilitas Keuangan",
    title="3.3 Akuntabilitas Keuangan: anggaran dan realisasi menurut jenis belanja",
    description=(
        "Total = BTL + BL; BL = BL penunjang urusan + BL urusan. BTL = subkegiatan gaji (3.19), "
        "BL penunjang = sisa program penunjang (3.19), BL urusan = program lain (3.20)."
    ),
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=14),
        Column("uraian", "Uraian", Kind.TEXT, width=40),
        Column("anggaran", "Anggaran (Rp)", Kind.MONEY, width=18),
        Column("realisasi", "Realisasi (Rp)", Kind.MONEY, width=18),
        derived("persen", "% Realisasi", Kind.PERCENT, ratio_percent("realisasi", "anggaran")),
    ),
    fixed_rows=(
        _fixed("total", "Jumlah anggaran (APBD/APBDP)", _pair(("btl", "bl"))),
        _fixed("btl", "Belanja Tidak Langsung (BTL)"),
        _fixed("bl", "Belanja Langsung (BL)", _pair(("bl_penunjang", "bl_urusan"))),
        _fixed("bl_penunjang", "Belanja Langsung Penunjang Urusan"),
        _fixed("bl_urusan", "Belanja Langsung Urusan"),
    ),
)


def _count(level: str) -> tuple[Formula, Compute]:
    """Named rows of one level of 2.2.2; none at all is "not printed at this level", not 0."""

    def formula(r: CellRefs) -> str:
        count = f'COUNTIFS({r.column_of("t2_2_2", "level")},"{level}",{r.column_of("t2_2_2", "uraian")},"<>")'
        return f'IF({count}=0,"",{count})'

    def compute(v: RowValues) -> Value:
        return sum(1 for row in v.rows_of("t2_2_2") if row.get("level") == level and row.get("uraian")) or None

    return formula, compute


def _programs(key: str) -> Callable[[CellRefs], str]:
    """The sum over the programs of 3.19 and 3.20 (their outermost level printed: see ``top_level_rows``)."""

    def formula(r: CellRefs) -> str:
        return "+".join(
            top_level_sum_formula(r.column_of(t, key), r.column_of(t, "level"), r.column_of(t, "uraian"))
            for t in BUDGET_TABLES
        )

    return formula


def _programs_value(v: RowValues, key: str) -> Value:
    values = [v.effective_of(t, i, key) for t in BUDGET_TABLES for i in top_level_rows(v.rows_of(t))]
    return sum_values(values)  # as SUMIFS: 0 over no rows (the Penutup check skips a claim about empty tables)


def _realisasi_pct_formula(r: CellRefs) -> str:
    jumlah = _programs("jumlah")(r)
    return f'IF(({jumlah})=0,"",ROUND(({_programs("realisasi")(r)})/({jumlah})*100,2))'


def _realisasi_pct_compute(v: RowValues) -> Value:
    real, jumlah = as_decimal(_programs_value(v, "realisasi")), as_decimal(_programs_value(v, "jumlah"))
    return None if real is None or jumlah is None else ratio100(real, jumlah)


def _claim(key: str, label: str, kind: Kind, pair: tuple[Formula, Compute] | None) -> FixedRow:
    formulas = {"menurut_tabel": pair[0]} if pair else {}
    computes = {"menurut_tabel": pair[1]} if pair else {}
    return FixedRow(key, label, kinds={"klaim": kind, "menurut_tabel": kind}, formulas=formulas, computes=computes)


PENUTUP = TableSpec(
    id="penutup",
    seed="Penutup, 1.4",
    sheet="Penutup",
    title="Penutup dan 1.4: angka ringkasan yang dinyatakan dalam teks laporan",
    description=(
        "Jumlah program/kegiatan/subkegiatan dan realisasi yang ditulis di teks; "
        "kolom 'menurut tabel' dihitung dari Tabel 2.2.2, 3.19 dan 3.20."
    ),
    columns=(
        Column("kode", "Kode", Kind.TEXT, width=26),
        Column("uraian", "Uraian", Kind.TEXT, width=40),
        Column("klaim", "Dinyatakan di teks", Kind.DECIMAL, width=20),
        Column("menurut_tabel", "Menurut tabel", Kind.DECIMAL, width=20),
    ),
    fixed_rows=(
        _claim("program", "Jumlah program (Tabel 2.2.2)", Kind.COUNT, _count("Program")),
        _claim("kegiatan", "Jumlah kegiatan (Tabel 2.2.2)", Kind.COUNT, _count("Kegiatan")),
        _claim("subkegiatan", "Jumlah subkegiatan (Tabel 2.2.2)", Kind.COUNT, _count("Sub Kegiatan")),
        _claim(
            "realisasi_anggaran",
            "Realisasi anggaran (Rp) (Tabel 3.19 + 3.20)",
            Kind.MONEY,
            additive((_programs("realisasi"), lambda v: _programs_value(v, "realisasi"))),
        ),
        _claim(
            "persen_realisasi_keuangan",
            "Realisasi keuangan (%) (Tabel 3.19 + 3.20)",
            Kind.PERCENT,
            (_realisasi_pct_formula, _realisasi_pct_compute),
        ),
        _claim("realisasi_fisik", "Realisasi fisik (%)", Kind.PERCENT, None),
    ),
)
