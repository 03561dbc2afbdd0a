"""Budget rules: triwulan vs pagu, realisasi vs jumlah, 2.2.2 vs 3.19/3.20, section 3.3, Penutup."""

from __future__ import annotations

from array import array
from functools import partial
from typing import TYPE_CHECKING

from lakip_xl.audit.absent import empty_note, gap_between, gap_of, over_nothing, severity
from lakip_xl.audit.match import assign
from lakip_xl.model.compare import agrees, normal_text
from lakip_xl.model.gaps import Gap, absent
from lakip_xl.model.numbers import as_decimal, id_number, sum_values
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import RowData, Value
from lakip_xl.tables import BY_ID
from lakip_xl.tables.anggaran import BUDGET_TABLES
from lakip_xl.tables.profiles import budgets_of

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

from lakip_xl.audit.checks.base import (
    E,
    W,
    in_either_view,
    leaf_rows,
    none_or_agrees,
    program_rows,
    reads_refused,
    rounded_2,
    row_by,
)


def pagu_tw(ctx: Context) -> None:
    """2.2.2: the pagu of a subkegiatan equals the sum of its four triwulan.

    A row one of whose cells validation refused (a triwulan typed as 10% or as a word) is not compared: the
    refused cell has its own finding, and the sum without it is no value (as a recomputation reading it).
    """
    for i, row in enumerate(ctx.table("t2_2_2").rows):
        if row.get("level") not in ("Sub Kegiatan", None):
            continue
        if any(("t2_2_2", i, k) in ctx.invalid for k in ("pagu", "tw1", "tw2", "tw3", "tw4")):
            continue
        tws = [row.get(k) for k in ("tw1", "tw2", "tw3", "tw4")]
        pagu = row.get("pagu")
        if absent(pagu) or all(absent(v) for v in tws):
            continue
        total = sum_values(tws)
        if not agrees(pagu, total):
            gap = gap_between(ctx, pagu, None, total, gap_of(ctx, [("t2_2_2", i, f"tw{q}") for q in range(1, 5)]))
            ctx.add(
                "T2_2_2.PAGU_TW",
                severity(gap),
                "t2_2_2",
                i,
                "pagu",
                f"Pagu {id_number(pagu)} tidak sama dengan TW I+II+III+IV = {id_number(total)}"
                + empty_note(ctx, gap, "t2_2_2"),
                pagu,
                total,
            )


def realisasi_lebih(ctx: Context) -> None:
    """3.19/3.20: realisasi above the budget is worth a look (not when either follows from a refused input)."""
    for table_id in BUDGET_TABLES:
        for i, row in enumerate(ctx.table(table_id).rows):
            if reads_refused(ctx, table_id, i, "jumlah") or reads_refused(ctx, table_id, i, "realisasi"):
                continue
            real, jumlah = as_decimal(row.get("realisasi")), as_decimal(ctx.local.effective(table_id, i, "jumlah"))
            if real is not None and jumlah is not None and real > jumlah:
                ctx.add(
                    "REALISASI.MELEBIHI",
                    W,
                    table_id,
                    i,
                    "realisasi",
                    f"Realisasi {id_number(row.get('realisasi'))} melebihi anggaran {id_number(jumlah)}",
                    row.get("realisasi"),
                    jumlah,
                )


def budget_cross(ctx: Context) -> None:
    """2.2.2 pagu of each subkegiatan = its budget in the profile's realisasi tables.

    A kecamatan's are 3.19 and 3.20 (their jumlah), an OPD's Realisasi Anggaran
    (its anggaran, DPPA): :func:`budgets_of`. Subkegiatan of those tables are
    numbered together (``m``); their rows are kept as arrays of indexes, so a
    budget of 50,000 lines costs little memory.
    """
    budgets = budgets_of(ctx.data)
    ids = tuple(t for t, _ in budgets)
    column = dict(budgets)
    plan = leaf_rows(ctx, "t2_2_2")
    parts = [leaf_rows(ctx, t) for t in ids]
    if not plan or not any(parts):
        if plan and not any(ctx.filled(t) for t in ids):
            ctx.skip("LINTAS.PAGU", *ids)
        elif any(parts) and not ctx.filled("t2_2_2"):
            ctx.skip("LINTAS.PAGU", "t2_2_2")
        return
    plan_rows = ctx.table("t2_2_2").rows
    real_table = array("b", (k for k, part in enumerate(parts) for _ in part))
    real_index = array("i", (i for part in parts for i in part))
    where = _budget_names(ids)

    def real(m: int) -> tuple[str, int]:
        return ids[real_table[m]], real_index[m]

    def real_row(m: int) -> RowData:
        table_id, i = real(m)
        return ctx.table(table_id).rows[i]

    matched = array("i", [-1]) * len(real_index)  # plan number of each real subkegiatan, or -1
    by_kode = {str(plan_rows[p].get("kode")): n for n, p in enumerate(plan) if plan_rows[p].get("kode")}
    if by_kode:
        for m in range(len(real_index)):
            kode = real_row(m).get("kode")
            if kode and str(kode) in by_kode:
                matched[m] = by_kode.pop(str(kode))
    taken = bytearray(len(plan))
    for n in matched:
        if n >= 0:
            taken[n] = 1
    left = array("i", (m for m in range(len(real_index)) if matched[m] < 0))
    right = array("i", (n for n in range(len(plan)) if not taken[n]))
    pairs, scores = assign(
        [str(real_row(m).get("uraian", "")) for m in left], [str(plan_rows[plan[n]].get("uraian", "")) for n in right]
    )
    fuzzy = {left[a]: score for a, score in scores.items()}
    for a, b in enumerate(pairs):
        if b >= 0:
            matched[left[a]] = right[b]
            taken[right[b]] = 1
    del pairs, scores, left, right
    for m, n in enumerate(matched):
        if n < 0:
            continue
        table_id, i = real(m)
        key = column[table_id]
        p = plan[n]
        if m in fuzzy:
            ctx.add(
                "LINTAS.NAMA_BERBEDA",
                W,
                table_id,
                i,
                "uraian",
                f"Dicocokkan dengan nama berbeda di Tabel 2.2.2: '{plan_rows[p].get('uraian')}'",
                related=(ctx.where("t2_2_2", p, "uraian"),),
            )
        pagu = plan_rows[p].get("pagu")
        if absent(pagu) or in_either_view(ctx, partial(_budget_in, table_id, i, key), partial(none_or_agrees, pagu)):
            continue
        if over_nothing(ctx, table_id, i, key):
            continue  # no anggaran typed (murni and ABT empty): nothing to compare, not 0
        shown = ctx.local.effective(table_id, i, key)
        gap = gap_between(ctx, shown, ctx.gaps.of(table_id, i, key), pagu, None)
        ctx.add(
            "LINTAS.PAGU",
            severity(gap),
            table_id,
            i,
            key,
            f"{_BUDGET_LABEL[key]} {id_number(shown)} tidak sama dengan pagu {id_number(pagu)} di Tabel 2.2.2"
            + empty_note(ctx, gap, table_id),
            shown,
            pagu,
            (ctx.where("t2_2_2", p, "pagu"),),
        )
    for n, p in enumerate(plan):
        if not taken[n]:
            ctx.add(
                "LINTAS.SUBKEGIATAN_HILANG",
                E,
                "t2_2_2",
                p,
                "uraian",
                f"Subkegiatan ini tidak ada di {where}",
                plan_rows[p].get("pagu"),
            )
    for m in range(len(real_index)):
        if matched[m] < 0:
            table_id, i = real(m)
            ctx.add(
                "LINTAS.SUBKEGIATAN_HILANG",
                E,
                table_id,
                i,
                "uraian",
                "Subkegiatan ini tidak ada di Tabel 2.2.2",
                real_row(m).get(column[table_id]),
            )


_BUDGET_LABEL = {"jumlah": "Jumlah", "anggaran": "Anggaran setelah perubahan"}


def _budget_in(table_id: str, index: int, key: str, view: Recomputer) -> Value:
    """The budget of a realisasi row in one view."""
    return view.effective(table_id, index, key)


def _budget_names(ids: tuple[str, ...]) -> str:
    """The realisasi tables as a finding names them: "Tabel 3.19/3.20", or "lembar Realisasi Anggaran"."""
    specs = [BY_ID[t] for t in ids]
    if all(spec.seed[:1].isdigit() for spec in specs):
        return "Tabel " + "/".join(spec.seed for spec in specs)
    return "lembar " + "/".join(spec.sheet for spec in specs)


def keuangan(ctx: Context) -> None:
    """Section 3.3 agrees with 3.19 (BTL = gaji, BL penunjang = the rest) and 3.20 (BL urusan)."""
    rows = {str(r.get("kode")): i for i, r in enumerate(ctx.table("akuntabilitas_keuangan").rows)}
    if not rows or not ctx.filled("akuntabilitas_keuangan"):
        return
    gaji = row_by(
        ctx, "t3_19", lambda r: r.get("level") == "Sub Kegiatan" and "gaji" in normal_text(r.get("uraian") or "")
    )

    programs = {t: program_rows(ctx, t) for t in BUDGET_TABLES}  # found once, asked for twelve times

    def expected(view: Recomputer, kode: str, col: str) -> Value:
        btl = view.effective("t3_19", gaji, col) if gaji is not None else None
        if kode == "btl":
            return btl
        if kode == "bl_urusan":
            return sum_values([view.effective("t3_20", i, col) for i in programs["t3_20"]])
        penunjang = sum_values([view.effective("t3_19", i, col) for i in programs["t3_19"]])
        return penunjang - btl if isinstance(penunjang, int) and isinstance(btl, int) else None

    source = {"btl": "t3_19", "bl_penunjang": "t3_19", "bl_urusan": "t3_20"}
    for key, col in (("anggaran", "jumlah"), ("realisasi", "realisasi")):
        for kode in ("btl", "bl_penunjang", "bl_urusan"):
            if kode not in rows or ctx.skip("LINTAS.KEUANGAN", source[kode]):
                continue
            mine = ctx.table("akuntabilitas_keuangan").rows[rows[kode]].get(key)
            if mine is None:
                continue

            def value_in(view: Recomputer, kode: str = kode, col: str = col) -> Value:
                return expected(view, kode, col)

            if in_either_view(ctx, value_in, partial(none_or_agrees, mine)):
                continue
            cells = [("t3_19", gaji, col)] if gaji is not None and kode != "bl_urusan" else []
            if kode != "btl":
                cells += [(source[kode], j, col) for j in programs[source[kode]]]
            gap = gap_of(ctx, cells, signed=kode == "bl_penunjang")  # penunjang = programs - BTL
            if absent(mine) or (gap is not None and not gap.numbers):
                continue  # nothing typed in the tables it adds up: no value, not 0
            shown = expected(ctx.local, kode, col)
            gap = gap_between(ctx, shown, gap, mine, None)
            ctx.add(
                "LINTAS.KEUANGAN",
                severity(gap),
                "akuntabilitas_keuangan",
                rows[kode],
                key,
                f"Nilai {id_number(mine)} berbeda dengan Tabel 3.19/3.20 ({id_number(shown)})"
                + empty_note(ctx, gap, "akuntabilitas_keuangan"),
                mine,
                shown,
            )


def penutup(ctx: Context) -> None:
    """The headline claims of the Penutup agree with the tables."""
    from lakip_xl.tables import BY_ID

    spec = BY_ID["penutup"]
    for i, row in enumerate(ctx.table("penutup").rows):
        fixed = spec.fixed_row(str(row.get("kode")))
        claim = row.get("klaim")
        if claim is None or "menurut_tabel" not in fixed.computes:
            continue
        options = [
            ctx.local.expected("penutup", i, "menurut_tabel"),
            ctx.corrected.expected("penutup", i, "menurut_tabel"),
        ]
        counts = fixed.key in ("program", "kegiatan", "subkegiatan")
        if not counts and not any(ctx.filled(t) for t in BUDGET_TABLES):
            ctx.skip("PENUTUP.KLAIM", *BUDGET_TABLES)  # a realisasi claimed, neither budget table filled
            continue
        if any(o is None for o in options):
            ctx.skip("PENUTUP.KLAIM", "t2_2_2")  # a count of a level 2.2.2 does not print
            continue
        if any(agrees(claim, o) for o in options):
            continue
        gap = None if counts else _programs_gap(ctx)
        if absent(claim) or (gap is not None and not gap.numbers):
            continue  # no realisasi typed in 3.19/3.20: the tables give nothing, not 0
        gap = gap_between(ctx, options[0], gap, claim, None)
        ctx.add(
            "PENUTUP.KLAIM",
            severity(gap),
            "penutup",
            i,
            "klaim",
            f"Teks menyatakan {id_number(claim)}, tabel memberi {id_number(rounded_2(options[0]))}"
            + empty_note(ctx, gap, "penutup"),
            claim,
            rounded_2(options[0]),
        )


def _programs_gap(ctx: Context) -> Gap | None:
    """The first empty input under the programs of 3.19 and 3.20 (their realisasi and jumlah), any way it moves."""
    cells = [(t, i, key) for t in BUDGET_TABLES for i in program_rows(ctx, t) for key in ("realisasi", "jumlah")]
    return gap_of(ctx, cells, signed=True)
