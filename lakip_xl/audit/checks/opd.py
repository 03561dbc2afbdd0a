"""Rules of the OPD shapes: staff groups that count the same people, and an indicator printed twice.

Each compares two cells of the workbook as typed and as recomputed, so a wrong
sum on either side stays that cell's own finding (its root).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.audit.absent import empty_note, gap_between, over_nothing, severity
from lakip_xl.audit.checks.base import E, both_views, same_number
from lakip_xl.model.compare import normal_text
from lakip_xl.model.numbers import as_decimal, id_number
from lakip_xl.model.spec import Value
from lakip_xl.model.workbook import RowRef

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

_LP = "pegawai_lp"
_SUB = "pegawai_subunit"
_JAB = "kompetensi_jabatan"
_RA = "realisasi_anggaran"
_RB = "realisasi_bulanan"
_CK = "capaian_kinerja"


def pegawai_cakupan(ctx: Context) -> None:
    """Staff totals that name the same cakupan count the same people.

    The totals are each Kelompok row of the L/P table and the Jumlah line of
    the sub-unit table (its cakupan: the one its rows name). Each is compared
    (L, P and jumlah) with the first total of the same cakupan, and with the
    Tabel 1 row named like the cakupan (e.g. "PNS") when Tabel 1 is filled.
    """
    first: dict[str, _Total] = {}
    for total in _totals(ctx):
        if total.cakupan not in first:
            first[total.cakupan] = total
            _against_tabel_1(ctx, total)
            continue
        other = first[total.cakupan]
        keys = zip(total.keys, other.keys, strict=True)
        pairs = [((total.table_id, total.ref, k), (other.table_id, other.ref, o)) for k, o in keys]
        differs = [_differs(ctx, mine, theirs) for mine, theirs in pairs]
        # A jumlah off by exactly what L and P are off by is that difference again: the L/P findings name it.
        gaps = [_gap(ctx, *pairs[g]) for g in (0, 1, 2) if differs[g]]
        known = [gap for gap in gaps if gap is not None]
        follows = differs[2] and len(known) == len(gaps) > 1 and sum(known[:-1], Decimal(0)) == known[-1]
        for gender, (mine_at, theirs_at) in enumerate(pairs):
            if not differs[gender] or (gender == 2 and follows):
                continue
            mine, theirs = ctx.local.effective(*mine_at), ctx.local.effective(*theirs_at)
            gap = gap_between(ctx, mine, ctx.gaps.of(*mine_at), theirs, ctx.gaps.of(*theirs_at))
            related = [ctx.where(*theirs_at)]
            if follows:
                related.append(ctx.where(*pairs[2][0]))
            ctx.add(
                "PEGAWAI.CAKUPAN",
                severity(gap),
                total.table_id,
                total.ref,
                mine_at[2],
                f"Ini dan '{other.label}' sama-sama menghitung {total.shown}, "
                f"tetapi {_KOLOM[gender]} {id_number(mine)} bukan {id_number(theirs)}"
                + (" (jumlahnya berbeda sebanyak itu pula)" if follows else "")
                + empty_note(ctx, gap, total.table_id),
                mine,
                theirs,
                tuple(related),
            )


_KOLOM = ("laki-laki", "perempuan", "jumlahnya")


@dataclass(frozen=True, slots=True)
class _Total:
    """A staff total: where it is, which columns hold L, P and L + P, whom it counts."""

    table_id: str
    ref: RowRef
    keys: tuple[str, str, str]
    cakupan: str
    shown: str
    label: str


def _totals(ctx: Context) -> list[_Total]:
    out = []
    for i, row in enumerate(ctx.table(_LP).rows):
        cakupan = str(row.get("cakupan") or "")
        if row.get("level") == "Kelompok" and normal_text(cakupan):
            keys = ("laki", "perempuan", "jumlah")
            out.append(_Total(_LP, i, keys, normal_text(cakupan), cakupan, str(row.get("uraian") or "")))
    named = {str(r["cakupan"]) for r in ctx.table(_SUB).rows if normal_text(r.get("cakupan") or "")}
    if len({normal_text(n) for n in named}) == 1 and ctx.table(_SUB).rows:
        cakupan = named.pop()
        keys = ("jumlah_l", "jumlah_p", "jumlah")
        out.append(_Total(_SUB, "total", keys, normal_text(cakupan), cakupan, "Jumlah pegawai per sub unit"))
    return out


def _against_tabel_1(ctx: Context, total: _Total) -> None:
    if not ctx.filled("tabel_1"):
        return
    names = [normal_text(r.get("uraian") or "") for r in ctx.table("tabel_1").rows]
    j = names.index(total.cakupan) if total.cakupan in names else None
    key = total.keys[2]
    if j is None or not _differs(ctx, (total.table_id, total.ref, key), ("tabel_1", j, "jumlah")):
        return
    mine, other = ctx.local.effective(total.table_id, total.ref, key), ctx.local.effective("tabel_1", j, "jumlah")
    gap = gap_between(
        ctx, mine, ctx.gaps.of(total.table_id, total.ref, key), other, ctx.gaps.of("tabel_1", j, "jumlah")
    )
    ctx.add(
        "PEGAWAI.CAKUPAN",
        severity(gap),
        total.table_id,
        total.ref,
        key,
        f"Jumlah {id_number(mine)} tidak sama dengan {ctx.table('tabel_1').rows[j].get('uraian')} "
        f"di Tabel 1 ({id_number(other)})" + empty_note(ctx, gap, total.table_id),
        mine,
        other,
        (ctx.where("tabel_1", j, "jumlah"),),
    )


def _gap(ctx: Context, a: tuple[str, RowRef, str], b: tuple[str, RowRef, str]) -> Decimal | None:
    """``a - b`` as the audit's recomputation sees them (None when either is empty or not a number)."""
    mine, theirs = as_decimal(ctx.local.effective(*a)), as_decimal(ctx.local.effective(*b))
    return None if mine is None or theirs is None else mine - theirs


def _differs(ctx: Context, a: tuple[str, RowRef, str], b: tuple[str, RowRef, str]) -> bool:
    """True when both cells hold numbers that disagree in every view (typed or recomputed).

    A cell that holds no number, or a sum of nothing but empty cells (no value, not 0), differs from nothing.
    """
    mine = [view.effective(*a) for view in both_views(ctx)]
    other = [view.effective(*b) for view in both_views(ctx)]
    if mine[0] is None or other[0] is None or over_nothing(ctx, *a) or over_nothing(ctx, *b):
        return False
    return not any(same_number(m, o) for m in mine for o in other)


def capaian_lintas(ctx: Context) -> None:
    """An indicator printed in two tables of the Capaian Kinerja sheet has the same target and realisasi there.

    Rows match by indicator text (case and spaces ignored) and satuan; the
    first row printed is the reference. A capaian that differs only because
    its inputs differ is a related cell of the input's finding.
    """
    rows = ctx.table(_CK).rows
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(rows):
        name = normal_text(row.get("indikator") or "")
        if not name:
            continue
        key = (name, normal_text(row.get("satuan") or ""))
        j = seen.setdefault(key, i)
        if j == i or normal_text(rows[j].get("tabel") or "") == normal_text(row.get("tabel") or ""):
            continue
        differ = [k for k in ("target", "realisasi") if _differs(ctx, (_CK, i, k), (_CK, j, k))]
        for k in differ:
            mine, other = ctx.local.effective(_CK, i, k), ctx.local.effective(_CK, j, k)
            ctx.add(
                "LINTAS.CAPAIAN",
                E,
                _CK,
                i,
                k,
                f"Indikator yang sama di tabel {_name(rows[j].get('tabel'))}: {k} {id_number(mine)} "
                f"bukan {id_number(other)}",
                mine,
                other,
                (ctx.where(_CK, j, k), ctx.where(_CK, i, "capaian")),
            )


def _name(value: Value) -> str:
    return str(value) if value else "lain"


def kompetensi(ctx: Context) -> None:
    """Officials who meet a post's competence are not more than the officials in the post."""
    if not ctx.filled(_JAB):
        return
    rows = ctx.table(_JAB).rows
    for ref in [*range(len(rows)), "total"]:
        sesuai, terisi = ctx.local.effective(_JAB, ref, "sesuai"), ctx.local.effective(_JAB, ref, "terisi")
        if not isinstance(sesuai, int) or not isinstance(terisi, int) or sesuai <= terisi:
            continue
        if over_nothing(ctx, _JAB, ref, "sesuai") or over_nothing(ctx, _JAB, ref, "terisi"):
            continue  # a Jumlah of a column left empty is no count at all, not 0
        gap = gap_between(ctx, terisi, ctx.gaps.of(_JAB, ref, "terisi"), sesuai, ctx.gaps.of(_JAB, ref, "sesuai"))
        ctx.add(
            "PEGAWAI.SESUAI",
            severity(gap),
            _JAB,
            ref,
            "sesuai",
            f"{id_number(sesuai)} pejabat sesuai kompetensi, padahal yang terisi hanya {id_number(terisi)}"
            + empty_note(ctx, gap, _JAB),
            sesuai,
            terisi,
            (ctx.where(_JAB, ref, "terisi"),),
        )


def bulanan(ctx: Context) -> None:
    """The months of a row add up to the realisasi of the same row (kode, else name) of Realisasi Anggaran."""
    if not ctx.filled(_RB) or ctx.skip("LINTAS.BULANAN", _RA):
        return
    budget = ctx.table(_RA).rows
    by_kode = {normal_text(r.get("kode") or ""): i for i, r in enumerate(budget) if r.get("kode")}
    by_name = {normal_text(r.get("uraian") or ""): i for i, r in enumerate(budget) if r.get("uraian")}
    for i, row in enumerate(ctx.table(_RB).rows):
        kode, name = normal_text(row.get("kode") or ""), normal_text(row.get("uraian") or "")
        j = by_kode.get(kode) if kode else by_name.get(name)
        if j is None or not _differs(ctx, (_RB, i, "jumlah"), (_RA, j, "realisasi")):
            continue
        mine, other = ctx.local.effective(_RB, i, "jumlah"), ctx.local.effective(_RA, j, "realisasi")
        gap = gap_between(ctx, mine, ctx.gaps.of(_RB, i, "jumlah"), other, ctx.gaps.of(_RA, j, "realisasi"))
        ctx.add(
            "LINTAS.BULANAN",
            severity(gap),
            _RB,
            i,
            "jumlah",
            f"Jumlah realisasi bulanan {id_number(mine)} tidak sama dengan realisasi di lembar Realisasi Anggaran "
            f"({id_number(other)})" + empty_note(ctx, gap, _RB),
            mine,
            other,
            (ctx.where(_RA, j, "realisasi"),),
        )
