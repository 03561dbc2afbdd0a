"""Performance rules: IKU across 2.1.1/2.1.2/2.2.1/3.1/3.2-3.8, analysis texts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakip_xl.audit.completeness import NotChecked
from lakip_xl.audit.match import best
from lakip_xl.model.numbers import id_number
from lakip_xl.model.spec import Value
from lakip_xl.tables.renstra import RENSTRA_YEARS

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

from lakip_xl.audit.checks.arah import NAIK, arah_of
from lakip_xl.audit.checks.base import E, W, both_views, same_number


def _find_indicator(ctx: Context, table_id: str, name: Value) -> int | None:
    """The row of ``table_id`` whose indikator best matches ``name``."""
    found = best(str(name or ""), [str(r.get("indikator") or "") for r in ctx.table(table_id).rows])
    return None if found is None else found[0]


def iku(ctx: Context) -> None:
    """3.2/3.5/3.8 agree with 3.1; targets agree with the Renstra (2.1.1) and the PK (2.2.1)."""
    year = _renstra_year(ctx)
    last = _renstra_last(ctx)
    for i, row in enumerate(ctx.table("iku_perbandingan").rows):
        j = _find_indicator(ctx, "t3_1", row.get("indikator"))
        if j is not None:
            _iku_agrees(ctx, i, j)
        _renstra_target(ctx, "iku_perbandingan", i, "target_akhir_renstra", last)
    for i, _row in enumerate(ctx.table("t3_1").rows):
        _renstra_target(ctx, "t3_1", i, "target", year)
        _pk_target(ctx, i)


def _iku_agrees(ctx: Context, i: int, j: int) -> None:
    """Row ``i`` of 3.2/3.5/3.8 repeats row ``j`` of 3.1: target, realisasi and capaian.

    Each side counts as typed and as recomputed, so a wrong capaian on either side
    stays that side's own finding (its root). A capaian that differs only because
    the target or realisasi differ is not a second root: its cells are related
    cells of the input's finding.
    """
    differ = []
    for key in ("target", "realisasi", "capaian"):
        mine_both = [view.effective("iku_perbandingan", i, key) for view in both_views(ctx)]
        other_both = [view.effective("t3_1", j, key) for view in both_views(ctx)]
        if not any(same_number(m, o) for m in mine_both for o in other_both):
            differ.append(key)
    roots = [key for key in differ if key != "capaian"] or differ
    if roots == ["capaian"] and _arah(ctx, "iku_perbandingan", i) != _arah(ctx, "t3_1", j):
        _arah_differs(ctx, i, j)  # the same target and realisasi, read in opposite directions
        return
    for n, key in enumerate(roots):
        mine = ctx.local.effective("iku_perbandingan", i, key)
        other = ctx.local.effective("t3_1", j, key)
        related = [ctx.where("t3_1", j, key)]
        if n == 0 and "capaian" in differ and key != "capaian":
            related += [ctx.where("iku_perbandingan", i, "capaian"), ctx.where("t3_1", j, "capaian")]
        ctx.add(
            "LINTAS.IKU",
            E,
            "iku_perbandingan",
            i,
            key,
            f"Nilai {id_number(mine)} berbeda dengan Tabel 3.1 ({id_number(other)})"
            + ("; karena itu capaiannya juga berbeda" if len(related) > 1 else ""),
            mine,
            other,
            tuple(related),
        )


def _arah(ctx: Context, table_id: str, i: int) -> str:
    """A row's arah as its capaian formula reads it: "turun" when typed so, else "naik"."""
    return arah_of(ctx.table(table_id).rows[i]) or NAIK


def _arah_differs(ctx: Context, i: int, j: int) -> None:
    """3.2/3.5/3.8 and 3.1 give one IKU opposite arah: its capaian differs for that reason alone."""
    mine, other = _arah(ctx, "iku_perbandingan", i), _arah(ctx, "t3_1", j)
    ctx.add(
        "LINTAS.IKU",
        E,
        "iku_perbandingan",
        i,
        "arah",
        f"Arah '{mine}' berbeda dengan Tabel 3.1 ('{other}'); karena itu capaiannya juga berbeda "
        "(target dan realisasinya sama)",
        mine,
        other,
        (ctx.where("t3_1", j, "arah"), ctx.where("iku_perbandingan", i, "capaian"), ctx.where("t3_1", j, "capaian")),
    )


def renstra_period(ctx: Context) -> None:
    """No target is typed for a year past the Renstra period (Identitas: tahun awal and akhir Renstra)."""
    akhir, awal = ctx.local.param("RENSTRA_AKHIR"), ctx.local.param("RENSTRA_AWAL")
    if not isinstance(akhir, int) or not isinstance(awal, int) or not 1 <= akhir - awal + 1 < RENSTRA_YEARS:
        return
    years = akhir - awal + 1
    for table_id in ("t2_1_1", "t2_1_2"):
        for i, row in enumerate(ctx.table(table_id).rows):
            for k in range(years + 1, RENSTRA_YEARS + 1):
                if row.get(f"target_{k}") is not None:
                    ctx.add(
                        "RENSTRA.TAHUN_LEBIH",
                        W,
                        table_id,
                        i,
                        f"target_{k}",
                        f"Target tahun ke-{k} diisi, padahal Renstra {awal}-{akhir} hanya {years} tahun; "
                        "periksa tahun Renstra di lembar Identitas atau kolom targetnya",
                        row.get(f"target_{k}"),
                    )


def _renstra_year(ctx: Context) -> int | None:
    return _year_of_renstra(ctx, ctx.local.param("TAHUN"))


def _renstra_last(ctx: Context) -> int | None:
    return _year_of_renstra(ctx, ctx.local.param("RENSTRA_AKHIR"))


def _year_of_renstra(ctx: Context, year: Value) -> int | None:
    """Which Renstra year (1 = its first) ``year`` is; None, with a note when it has no target column."""
    awal = ctx.local.param("RENSTRA_AWAL")
    if not isinstance(year, int) or not isinstance(awal, int):
        return None
    if 1 <= year - awal + 1 <= RENSTRA_YEARS:
        return year - awal + 1
    reason = (
        f"Tahun {year} adalah tahun ke-{year - awal + 1} Renstra yang mulai {awal}; Tabel 2.1.1 memuat target "
        f"tahun ke-1 sampai ke-{RENSTRA_YEARS} saja"
    )
    if NotChecked("LINTAS.TARGET_RENSTRA", reason) not in ctx.not_checked:
        ctx.not_checked.append(NotChecked("LINTAS.TARGET_RENSTRA", reason))
    return None


def _renstra_target(ctx: Context, table_id: str, i: int, key: str, year: int | None) -> None:
    if year is None:
        return
    row = ctx.table(table_id).rows[i]
    j = _find_indicator(ctx, "t2_1_1", row.get("indikator"))
    if j is None:
        return
    mine, other = row.get(key), ctx.table("t2_1_1").rows[j].get(f"target_{year}")
    if mine is not None and other is not None and not same_number(mine, other):
        ctx.add(
            "LINTAS.TARGET_RENSTRA",
            E,
            table_id,
            i,
            key,
            f"Target {id_number(mine)} berbeda dengan target Renstra tahun ke-{year} ({id_number(other)}, Tabel 2.1.1)",
            mine,
            other,
            (ctx.where("t2_1_1", j, f"target_{year}"),),
        )


def _pk_target(ctx: Context, i: int) -> None:
    row = ctx.table("t3_1").rows[i]
    j = _find_indicator(ctx, "t2_2_1", row.get("indikator"))
    if j is None:
        return
    mine, other = row.get("target"), ctx.table("t2_2_1").rows[j].get("target")
    if mine is not None and other is not None and not same_number(mine, other):
        ctx.add(
            "LINTAS.TARGET_PK",
            E,
            "t3_1",
            i,
            "target",
            f"Target {id_number(mine)} berbeda dengan Perjanjian Kinerja ({id_number(other)}, Tabel 2.2.1)",
            mine,
            other,
            (ctx.where("t2_2_1", j, "target"),),
        )


def teks(ctx: Context) -> None:
    """Every IKU of 3.1 has its analysis text (3.13/3.14)."""
    if not ctx.filled("t3_1") or ctx.skip("TEKS.KOSONG", "analisis_penyebab"):
        return
    for i, row in enumerate(ctx.table("t3_1").rows):
        j = _find_indicator(ctx, "analisis_penyebab", row.get("indikator"))
        texts = (
            []
            if j is None
            else [ctx.table("analisis_penyebab").rows[j].get(k) for k in ("keberhasilan", "kegagalan", "tindak_lanjut")]
        )
        if not any(texts):
            ctx.add(
                "TEKS.KOSONG",
                W,
                "t3_1",
                i,
                "indikator",
                "Analisis penyebab keberhasilan/kegagalan (Tabel 3.13/3.14) untuk IKU ini kosong",
            )
