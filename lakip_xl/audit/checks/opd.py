"""Rules of the OPD shapes: staff groups that count the same people, and an indicator printed twice.

Each compares two cells of the workbook as typed and as recomputed, so a wrong
sum on either side stays that cell's own finding (its root).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakip_xl.audit.checks.base import E, both_views, same_number
from lakip_xl.model.compare import normal_text
from lakip_xl.model.numbers import id_number
from lakip_xl.model.spec import Value

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

_LP = "pegawai_lp"
_CK = "capaian_kinerja"


def pegawai_cakupan(ctx: Context) -> None:
    """Groups of the L/P staff table that name the same cakupan count the same people.

    Each group's jumlah (L, P and L + P) is compared with the first group of
    the same cakupan, and with the Tabel 1 row named like the cakupan (e.g.
    "PNS") when Tabel 1 is filled.
    """
    rows = ctx.table(_LP).rows
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        cakupan = normal_text(row.get("cakupan") or "")
        if row.get("level") != "Kelompok" or not cakupan:
            continue
        if cakupan not in first:
            first[cakupan] = i
            _against_tabel_1(ctx, i, cakupan)
            continue
        j = first[cakupan]
        for key in ("laki", "perempuan", "jumlah"):
            if _differs(ctx, (_LP, i, key), (_LP, j, key)):
                mine, other = ctx.local.effective(_LP, i, key), ctx.local.effective(_LP, j, key)
                ctx.add(
                    "PEGAWAI.CAKUPAN",
                    E,
                    _LP,
                    i,
                    key,
                    f"Kelompok ini dan '{rows[j].get('uraian')}' sama-sama menghitung {row.get('cakupan')}, "
                    f"tetapi {_KOLOM[key]} {id_number(mine)} bukan {id_number(other)}",
                    mine,
                    other,
                    (ctx.where(_LP, j, key),),
                )


_KOLOM = {"laki": "laki-laki", "perempuan": "perempuan", "jumlah": "jumlahnya"}


def _against_tabel_1(ctx: Context, i: int, cakupan: str) -> None:
    if not ctx.filled("tabel_1"):
        return
    names = [normal_text(r.get("uraian") or "") for r in ctx.table("tabel_1").rows]
    j = names.index(cakupan) if cakupan in names else None
    if j is None or not _differs(ctx, (_LP, i, "jumlah"), ("tabel_1", j, "jumlah")):
        return
    mine, other = ctx.local.effective(_LP, i, "jumlah"), ctx.local.effective("tabel_1", j, "jumlah")
    ctx.add(
        "PEGAWAI.CAKUPAN",
        E,
        _LP,
        i,
        "jumlah",
        f"Jumlah {id_number(mine)} tidak sama dengan {ctx.table('tabel_1').rows[j].get('uraian')} "
        f"di Tabel 1 ({id_number(other)})",
        mine,
        other,
        (ctx.where("tabel_1", j, "jumlah"),),
    )


def _differs(ctx: Context, a: tuple[str, int, str], b: tuple[str, int, str]) -> bool:
    """True when both cells hold numbers that disagree in every view (typed or recomputed)."""
    mine = [view.effective(*a) for view in both_views(ctx)]
    other = [view.effective(*b) for view in both_views(ctx)]
    if mine[0] is None or other[0] is None:
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
