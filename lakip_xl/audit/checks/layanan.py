"""Staffing, SKM/IKM and K3 rules: Tabel 1-3 totals, respondent counts, IKM vs 3.1, K3 zones vs 3.16 and 3.1."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from lakip_xl.model.compare import agrees, normal_text
from lakip_xl.model.numbers import id_number, ratio100, round_half_up, sum_values
from lakip_xl.model.recompute import Recomputer
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import PROFILES, SKM_SOURCES, profile_of

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context

from lakip_xl.audit.absent import empty_note, gap_between, gap_of, over_nothing, severity
from lakip_xl.audit.checks.base import INFO, E, both_views, row_by, rows_by_sumber, same_number
from lakip_xl.model.gaps import Gap, absent
from lakip_xl.tables.k3 import SUBKOMPONEN
from lakip_xl.tables.skm_layanan import UNSUR


def skm_responden(ctx: Context) -> None:
    """SKM: the counts of each respondent characteristic add up to the respondents."""
    total = ctx.local.param("SKM_RESPONDEN")
    if not isinstance(total, int):
        return
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(ctx.table("skm_responden").rows):
        if row.get("karakteristik"):
            groups.setdefault(normal_text(row["karakteristik"]), []).append(i)
    rows = ctx.table("skm_responden").rows
    for members in groups.values():
        counted = sum_values([rows[i].get("jumlah") for i in members])
        gap = gap_of(ctx, [("skm_responden", i, "jumlah") for i in members])
        if counted == total or (gap is not None and not gap.numbers):
            continue  # no count typed for this characteristic: nothing to add up, not 0
        gap = gap_between(ctx, counted, gap, total, None)
        ctx.add(
            "SKM.RESPONDEN",
            severity(gap),
            "skm_responden",
            members[-1],
            "jumlah",
            f"Jumlah responden '{rows[members[0]]['karakteristik']}' = {counted}, bukan {total} responden"
            + empty_note(ctx, gap, "skm_responden"),
            counted,
            total,
        )


def pegawai(ctx: Context) -> None:
    """Tabel 2 total = PNS of Tabel 1; Tabel 3 totals = Tabel 1; without Tabel 1, Tabel 2 = PNS of Tabel 3."""
    if not any(ctx.filled(t) for t in ("tabel_2", "tabel_3")):
        return
    if not ctx.filled("tabel_1") and ctx.filled("tabel_2") and ctx.filled("tabel_3"):
        _golongan_vs_pendidikan(ctx)  # both count the PNS: they share a total without Tabel 1
        return
    if ctx.skip("LINTAS.PEGAWAI", "tabel_1"):
        return
    pns = row_by(ctx, "tabel_1", lambda r: normal_text(r.get("uraian", "")) == "pns")
    tkk = row_by(ctx, "tabel_1", lambda r: normal_text(r.get("uraian", "")) in ("tkk", "non pns", "non-pns"))
    pairs = [
        ("tabel_2", "jumlah", pns),
        ("tabel_3", "pns", pns),
        ("tabel_3", "tkk", tkk),
        ("tabel_3", "jumlah", "total"),
    ]
    for table_id, key, ref in pairs:
        if ref is None or not ctx.table(table_id).rows or ctx.table(table_id).total is None:
            continue
        other = [view.effective("tabel_1", ref, "jumlah") for view in both_views(ctx)]
        mine = ctx.local.effective(table_id, "total", key)
        mine_both = [mine, ctx.corrected.effective(table_id, "total", key)]  # a wrong Jumlah is its own finding
        if mine is None or other[0] is None or any(agrees(m, o) for m in mine_both for o in other):
            continue
        if over_nothing(ctx, table_id, "total", key) or over_nothing(ctx, "tabel_1", ref, "jumlah"):
            continue  # a column or a row left empty counts nobody: no value, not 0
        gap = gap_between(
            ctx, mine, ctx.gaps.of(table_id, "total", key), other[0], ctx.gaps.of("tabel_1", ref, "jumlah")
        )
        ctx.add(
            "LINTAS.PEGAWAI",
            severity(gap),
            table_id,
            "total",
            key,
            f"Jumlah {id_number(mine)} tidak sama dengan Tabel 1 ({id_number(other[0])})"
            + empty_note(ctx, gap, table_id),
            mine,
            other[0],
            (ctx.where("tabel_1", ref, "jumlah"),),
        )


def _golongan_vs_pendidikan(ctx: Context) -> None:
    if ctx.table("tabel_2").total is None or ctx.table("tabel_3").total is None:
        return
    mine = [view.effective("tabel_2", "total", "jumlah") for view in both_views(ctx)]
    other = [view.effective("tabel_3", "total", "pns") for view in both_views(ctx)]
    if mine[0] is None or other[0] is None or any(agrees(m, o) for m in mine for o in other):
        return
    if over_nothing(ctx, "tabel_2", "total", "jumlah") or over_nothing(ctx, "tabel_3", "total", "pns"):
        return
    gap = gap_between(
        ctx, mine[0], ctx.gaps.of("tabel_2", "total", "jumlah"), other[0], ctx.gaps.of("tabel_3", "total", "pns")
    )
    ctx.add(
        "LINTAS.PEGAWAI",
        severity(gap),
        "tabel_2",
        "total",
        "jumlah",
        f"Jumlah PNS menurut golongan {id_number(mine[0])} tidak sama dengan jumlah PNS menurut pendidikan "
        f"(Tabel 3: {id_number(other[0])})" + empty_note(ctx, gap, "tabel_2"),
        mine[0],
        other[0],
        (ctx.where("tabel_3", "total", "pns"),),
    )


def ikm(ctx: Context) -> None:
    """The IKM indicator's realisasi is the IKM of the SKM sheet the workbook fills.

    SKM Unsur (IKM unit layanan), SKM Layanan (its Rata-rata line) or SKM Nilai
    Mentah (its IKM unit layanan): a realisasi that agrees with any one filled is
    right; one that agrees with none is compared with the first.
    """
    rows = rows_by_sumber(ctx, "ikm (skm)")
    own = PROFILES[profile_of(ctx.data)]
    tables = [t for t, _, _ in SKM_SOURCES if t in own or t in ctx.data]
    if not rows or ctx.skip("LINTAS.IKM", *tables, unless_any=True):
        return
    sources = [(t, key) for t, key, _ in SKM_SOURCES if ctx.filled(t)]
    views = {(t, key): [view.effective(t, "total", key) for view in both_views(ctx)] for t, key in sources}
    gap = _skm_gap(ctx, [t for t, _ in sources])  # an unsur left empty or n/a: the IKM over the rest may differ
    for i in rows:
        mine = ctx.table("t3_1").rows[i].get("realisasi")
        if mine is None or any(v is None or same_number(mine, v) for values in views.values() for v in values):
            continue
        table_id, key = sources[0]
        shown = views[sources[0]][0]
        ctx.add(
            "LINTAS.IKM",
            severity(gap),
            "t3_1",
            i,
            "realisasi",
            f"Realisasi {id_number(mine)} berbeda dengan IKM unit layanan {id_number(shown)} ({_skm_name(table_id)})"
            + empty_note(ctx, gap, "t3_1"),
            mine,
            shown,
            (ctx.where(table_id, "total", key),),
        )


def _skm_name(table_id: str) -> str:
    """The SKM sheet as a finding names it: "SKM" for the unsur sheet (the seed's), else the sheet's name."""
    return "SKM" if table_id == "skm_unsur" else f"lembar {BY_ID[table_id].sheet}"


_SKM_INPUTS = {"skm_unsur": ("nrr",), "skm_layanan": UNSUR, "skm_mentah": ("jumlah_nilai", "responden")}


def _skm_gap(ctx: Context, table_ids: list[str]) -> Gap | None:
    """The first SKM input left empty or n/a in a column the sheet prints, over the sheets an IKM is read from."""
    for table_id in table_ids:
        rows = ctx.table(table_id).rows
        keys = tuple(k for k in _SKM_INPUTS.get(table_id, ()) if any(not absent(r.get(k)) for r in rows))
        measured = [i for i, r in enumerate(rows) if r.get("level") != "Unit Layanan"]
        gap = _unmeasured(ctx, table_id, measured, keys)
        if gap is not None:
            return gap
    return None


def _unmeasured(ctx: Context, table_id: str, rows: list[int], keys: tuple[str, ...]) -> Gap | None:
    """The first of ``keys`` left empty or n/a on ``rows``: a mean or share over the rest may be off either way."""
    for i in rows:
        for key in keys:
            if absent(ctx.table(table_id).rows[i].get(key)):
                return Gap((table_id, i, key), True, True)
    return None


def _zone_share(ctx: Context, view: Recomputer) -> Decimal | None:
    kets = [view.effective("t3_10", i, "ket") for i in range(len(ctx.table("t3_10").rows))]
    kets = [k for k in kets if k]
    if not kets:
        return None
    return ratio100(sum(1 for k in kets if normal_text(k) == "ok"), len(kets))


def k3(ctx: Context) -> None:
    """K3 realisasi = OK zones / zones; 3.16 status agrees with the zone's KET (3.10)."""
    if not ctx.filled("t3_10"):
        if rows_by_sumber(ctx, "zona k3 (tabel 3.10)"):
            ctx.skip("LINTAS.K3", "t3_10")
        if ctx.filled("t3_16"):
            ctx.skip("LINTAS.ZONA", "t3_10")
        return
    recorded, corrected = _zone_share(ctx, ctx.local), _zone_share(ctx, ctx.corrected)
    unscored = [n for n in range(len(ctx.table("t3_10").rows)) if ctx.corrected.effective("t3_10", n, "ket") is None]
    gap = _unmeasured(ctx, "t3_10", unscored, SUBKOMPONEN)  # a zone without its KET is left out of the share
    for i in rows_by_sumber(ctx, "zona k3 (tabel 3.10)"):
        mine = ctx.table("t3_1").rows[i].get("realisasi")
        if mine is None or recorded is None or corrected is None:
            continue
        if agrees(mine, corrected):
            continue
        if agrees(mine, recorded):
            ctx.add(
                "LINTAS.K3",
                INFO,
                "t3_1",
                i,
                "realisasi",
                f"Realisasi {id_number(mine)} sesuai KET yang tertulis di Tabel 3.10, tetapi menurut nilai zonanya "
                f"realisasi = {id_number(round_half_up(corrected))}; lihat temuan KET di Tabel 3.10",
                mine,
                round_half_up(corrected),
            )
            continue
        share = round_half_up(corrected)  # as the realisasi column shows it, never 28 digits
        ctx.add(
            "LINTAS.K3",
            severity(gap),
            "t3_1",
            i,
            "realisasi",
            f"Realisasi {id_number(mine)} berbeda dengan zona OK / seluruh zona = {id_number(share)}"
            + empty_note(ctx, gap, "t3_1"),
            mine,
            share,
        )
    zones = {normal_text(r.get("lokasi") or ""): n for n, r in enumerate(ctx.table("t3_10").rows)}
    for i, row in enumerate(ctx.table("t3_16").rows):
        n = zones.get(normal_text(row.get("lokasi") or ""))
        status = row.get("status")
        if n is None or not status:
            continue
        want = "tertib k3"
        kets = [view.effective("t3_10", n, "ket") for view in both_views(ctx)]
        said_ok = normal_text(status) == want
        if all(k is None for k in kets) or any(k is not None and (normal_text(k) == "ok") == said_ok for k in kets):
            continue  # no KET (a score empty or n/a): nothing to compare with
        ctx.add(
            "LINTAS.ZONA",
            E,
            "t3_16",
            i,
            "status",
            f"Status '{status}' tidak sesuai KET '{kets[1] or kets[0]}' zona ini di Tabel 3.10",
            status,
            kets[1],
            (ctx.where("t3_10", n, "ket"),),
        )
