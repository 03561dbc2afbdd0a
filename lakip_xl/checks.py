"""Rules beyond the derived cells: sums of inputs, and agreement between tables.

A cross-table rule passes when the value agrees with the other table either as
recorded there or as recomputed there: a wrong value in the other table is
that table's own finding (its root), not one more finding here.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from lakip_xl.compare import agrees, normal_text
from lakip_xl.findings import Severity, id_number
from lakip_xl.match import assign, contains, similarity
from lakip_xl.model import RowData, Value
from lakip_xl.numbers import ratio100, round_half_up
from lakip_xl.recompute import Recomputer, as_decimal, sum_values

if TYPE_CHECKING:
    from lakip_xl.audit import Context

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def run_checks(ctx: Context) -> None:
    """Run every rule of this module."""
    for check in CHECKS:
        check(ctx)


def _views(ctx: Context) -> tuple[Recomputer, Recomputer]:
    return ctx.local, ctx.corrected


def _jumlah(table_id: str, index: int, view: Recomputer) -> Value:
    return view.effective(table_id, index, "jumlah")


def _none_or_agrees(want: Value, value: Value) -> bool:
    return value is None or agrees(want, value) or agrees(value, want)


def _in_either_view(ctx: Context, value_in: Callable[[Recomputer], Value], ok: Callable[[Value], bool]) -> bool:
    """True when the value agrees as recorded, or else as recomputed (computed only when needed)."""
    return ok(value_in(ctx.local)) or ok(value_in(ctx.corrected))


def _pagu_tw(ctx: Context) -> None:
    """2.2.2: the pagu of a subkegiatan equals the sum of its four triwulan."""
    for i, row in enumerate(ctx.table("t2_2_2").rows):
        if row.get("level") not in ("Sub Kegiatan", None):
            continue
        tws = [row.get(k) for k in ("tw1", "tw2", "tw3", "tw4")]
        pagu = row.get("pagu")
        if pagu is None or all(v is None for v in tws):
            continue
        total = sum_values(tws)
        if not agrees(pagu, total):
            ctx.add(
                "T2_2_2.PAGU_TW",
                E,
                "t2_2_2",
                i,
                "pagu",
                f"Pagu {id_number(pagu)} tidak sama dengan TW I+II+III+IV = {id_number(total)}",
                pagu,
                total,
            )


def _pk_targets(ctx: Context) -> None:
    """2.2.1: the last filled quarterly target is the annual one; cumulative targets never fall."""
    for i, row in enumerate(ctx.table("t2_2_1").rows):
        filled = [(k, row[k]) for k in ("tw1", "tw2", "tw3", "tw4") if isinstance(row.get(k), Decimal)]
        target = row.get("target")
        if not filled:
            continue
        if isinstance(target, Decimal) and filled[-1][1] != target:
            key, value = filled[-1]
            ctx.add(
                "T2_2_1.TW_AKHIR",
                E,
                "t2_2_1",
                i,
                key,
                f"Target triwulan terakhir {id_number(value)} tidak sama dengan target tahunan {id_number(target)}",
                value,
                target,
            )
        for (_, before), (key, after) in itertools.pairwise(filled):
            if isinstance(before, Decimal) and isinstance(after, Decimal) and after < before:
                ctx.add(
                    "T2_2_1.KUMULATIF",
                    E,
                    "t2_2_1",
                    i,
                    key,
                    f"Target kumulatif turun dari {id_number(before)} ke {id_number(after)}",
                    after,
                    before,
                )


def _realisasi_lebih(ctx: Context) -> None:
    """3.19/3.20: realisasi above the budget is worth a look."""
    for table_id in ("t3_19", "t3_20"):
        for i, row in enumerate(ctx.table(table_id).rows):
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


def _skm_responden(ctx: Context) -> None:
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
        if counted != total:
            ctx.add(
                "SKM.RESPONDEN",
                E,
                "skm_responden",
                members[-1],
                "jumlah",
                f"Jumlah responden '{rows[members[0]]['karakteristik']}' = {counted}, bukan {total} responden",
                counted,
                total,
            )


def _row_by(ctx: Context, table_id: str, predicate: Callable[[RowData], bool]) -> int | None:
    return next((i for i, r in enumerate(ctx.table(table_id).rows) if predicate(r)), None)


def _pegawai(ctx: Context) -> None:
    """Tabel 2 total = PNS of Tabel 1; Tabel 3 totals = Tabel 1."""
    if "tabel_1" not in ctx.data:
        return
    pns = _row_by(ctx, "tabel_1", lambda r: normal_text(r.get("uraian", "")) == "pns")
    tkk = _row_by(ctx, "tabel_1", lambda r: normal_text(r.get("uraian", "")) in ("tkk", "non pns", "non-pns"))
    pairs = [
        ("tabel_2", "jumlah", pns),
        ("tabel_3", "pns", pns),
        ("tabel_3", "tkk", tkk),
        ("tabel_3", "jumlah", "total"),
    ]
    for table_id, key, ref in pairs:
        if ref is None or not ctx.table(table_id).rows or ctx.table(table_id).total is None:
            continue
        other = [view.effective("tabel_1", ref, "jumlah") for view in _views(ctx)]
        mine = ctx.local.effective(table_id, "total", key)
        if mine is None or any(agrees(mine, o) for o in other):
            continue
        ctx.add(
            "LINTAS.PEGAWAI",
            E,
            table_id,
            "total",
            key,
            f"Jumlah {id_number(mine)} tidak sama dengan Tabel 1 ({id_number(other[0])})",
            mine,
            other[0],
            (ctx.where("tabel_1", ref, "jumlah"),),
        )


def _leaves(ctx: Context, table_id: str) -> array[int]:
    rows = ctx.table(table_id).rows
    return array("i", (i for i in range(len(rows)) if rows[i].get("level") == "Sub Kegiatan"))


REAL_TABLES = ("t3_19", "t3_20")


def _budget_cross(ctx: Context) -> None:
    """2.2.2 pagu of each subkegiatan = jumlah of the same subkegiatan in 3.19/3.20.

    Subkegiatan of 3.19 and 3.20 are numbered together (``m``); their rows are
    kept as arrays of indexes, so a budget of 50,000 lines costs little memory.
    """
    plan = _leaves(ctx, "t2_2_2")
    parts = [_leaves(ctx, t) for t in REAL_TABLES]
    if not plan or not any(parts):
        return
    plan_rows = ctx.table("t2_2_2").rows
    first_3_20 = len(parts[0])
    real_index = parts[0] + parts[1]

    def real(m: int) -> tuple[str, int]:
        return REAL_TABLES[m >= first_3_20], real_index[m]

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
        if pagu is None or _in_either_view(ctx, partial(_jumlah, table_id, i), partial(_none_or_agrees, pagu)):
            continue
        views = [ctx.local.effective(table_id, i, "jumlah")]
        ctx.add(
            "LINTAS.PAGU",
            E,
            table_id,
            i,
            "jumlah",
            f"Jumlah {id_number(views[0])} tidak sama dengan pagu {id_number(pagu)} di Tabel 2.2.2",
            views[0],
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
                "Subkegiatan ini tidak ada di Tabel 3.19/3.20",
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
                real_row(m).get("jumlah"),
            )


def _find_indicator(ctx: Context, table_id: str, name: Value) -> int | None:
    """The row of ``table_id`` whose indikator best matches ``name``."""
    if not name:
        return None
    best, best_score = None, 0.0
    for i, row in enumerate(ctx.table(table_id).rows):
        other = row.get("indikator")
        if not other:
            continue
        score = similarity(str(name), str(other))
        if contains(str(name), str(other)) or contains(str(other), str(name)):
            score = max(score, 0.75)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 0.6 else None


def _same_number(a: Value, b: Value) -> bool:
    if not isinstance(a, int | Decimal) or not isinstance(b, int | Decimal):
        return True
    return agrees(a, b) or agrees(b, a)


def _iku(ctx: Context) -> None:
    """3.2/3.5/3.8 agree with 3.1; targets agree with the Renstra (2.1.1) and the PK (2.2.1)."""
    year = _renstra_year(ctx)
    last = _renstra_last(ctx)
    for i, row in enumerate(ctx.table("iku_perbandingan").rows):
        j = _find_indicator(ctx, "t3_1", row.get("indikator"))
        if j is not None:
            for key in ("target", "realisasi", "capaian"):
                mine = ctx.local.effective("iku_perbandingan", i, key)
                other = ctx.local.effective("t3_1", j, key)
                if not _same_number(mine, other):
                    ctx.add(
                        "LINTAS.IKU",
                        E,
                        "iku_perbandingan",
                        i,
                        key,
                        f"Nilai {id_number(mine)} berbeda dengan Tabel 3.1 ({id_number(other)})",
                        mine,
                        other,
                        (ctx.where("t3_1", j, key),),
                    )
        _renstra_target(ctx, "iku_perbandingan", i, "target_akhir_renstra", last)
    for i, _row in enumerate(ctx.table("t3_1").rows):
        _renstra_target(ctx, "t3_1", i, "target", year)
        _pk_target(ctx, i)


def _renstra_year(ctx: Context) -> int | None:
    tahun, awal = ctx.local.param("TAHUN"), ctx.local.param("RENSTRA_AWAL")
    if isinstance(tahun, int) and isinstance(awal, int) and 1 <= tahun - awal + 1 <= 5:
        return tahun - awal + 1
    return None


def _renstra_last(ctx: Context) -> int | None:
    akhir, awal = ctx.local.param("RENSTRA_AKHIR"), ctx.local.param("RENSTRA_AWAL")
    if isinstance(akhir, int) and isinstance(awal, int) and 1 <= akhir - awal + 1 <= 5:
        return akhir - awal + 1
    return None


def _renstra_target(ctx: Context, table_id: str, i: int, key: str, year: int | None) -> None:
    if year is None:
        return
    row = ctx.table(table_id).rows[i]
    j = _find_indicator(ctx, "t2_1_1", row.get("indikator"))
    if j is None:
        return
    mine, other = row.get(key), ctx.table("t2_1_1").rows[j].get(f"target_{year}")
    if mine is not None and other is not None and not _same_number(mine, other):
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
    if mine is not None and other is not None and not _same_number(mine, other):
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


def _sumber(ctx: Context, wanted: str) -> list[int]:
    return [i for i, r in enumerate(ctx.table("t3_1").rows) if normal_text(r.get("sumber") or "") == wanted]


def _ikm(ctx: Context) -> None:
    """The IKM indicator's realisasi is the IKM of the SKM sheet."""
    if "skm_unsur" not in ctx.data:
        return
    views = [view.effective("skm_unsur", "total", "ikm_unsur") for view in _views(ctx)]
    for i in _sumber(ctx, "ikm (skm)"):
        mine = ctx.table("t3_1").rows[i].get("realisasi")
        if mine is None or any(v is None or _same_number(mine, v) for v in views):
            continue
        ctx.add(
            "LINTAS.IKM",
            E,
            "t3_1",
            i,
            "realisasi",
            f"Realisasi {id_number(mine)} berbeda dengan IKM unit layanan {id_number(views[0])} (SKM)",
            mine,
            views[0],
            (ctx.where("skm_unsur", "total", "ikm_unsur"),),
        )


def _zone_share(ctx: Context, view: Recomputer) -> Decimal | None:
    kets = [view.effective("t3_10", i, "ket") for i in range(len(ctx.table("t3_10").rows))]
    kets = [k for k in kets if k]
    if not kets:
        return None
    return ratio100(sum(1 for k in kets if normal_text(k) == "ok"), len(kets))


def _k3(ctx: Context) -> None:
    """K3 realisasi = OK zones / zones; 3.16 status agrees with the zone's KET (3.10)."""
    if "t3_10" not in ctx.data:
        return
    recorded, corrected = _zone_share(ctx, ctx.local), _zone_share(ctx, ctx.corrected)
    for i in _sumber(ctx, "zona k3 (tabel 3.10)"):
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
        ctx.add(
            "LINTAS.K3",
            E,
            "t3_1",
            i,
            "realisasi",
            f"Realisasi {id_number(mine)} berbeda dengan zona OK / seluruh zona = {id_number(corrected)}",
            mine,
            round_half_up(corrected),
        )
    zones = {normal_text(r.get("lokasi") or ""): n for n, r in enumerate(ctx.table("t3_10").rows)}
    for i, row in enumerate(ctx.table("t3_16").rows):
        n = zones.get(normal_text(row.get("lokasi") or ""))
        status = row.get("status")
        if n is None or not status:
            continue
        want = "tertib k3"
        kets = [view.effective("t3_10", n, "ket") for view in _views(ctx)]
        said_ok = normal_text(status) == want
        if any(k is not None and (normal_text(k) == "ok") == said_ok for k in kets):
            continue
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


def _keuangan(ctx: Context) -> None:
    """Section 3.3 agrees with 3.19 (BTL = gaji, BL penunjang = the rest) and 3.20 (BL urusan)."""
    rows = {str(r.get("kode")): i for i, r in enumerate(ctx.table("akuntabilitas_keuangan").rows)}
    if not rows or "t3_19" not in ctx.data:
        return
    gaji = _row_by(
        ctx, "t3_19", lambda r: r.get("level") == "Sub Kegiatan" and "gaji" in normal_text(r.get("uraian") or "")
    )

    def expected(view: Recomputer, kode: str, col: str) -> Value:
        btl = view.effective("t3_19", gaji, col) if gaji is not None else None
        if kode == "btl":
            return btl
        if kode == "bl_urusan":
            return sum_values([view.effective("t3_20", i, col) for i in _programs(ctx, "t3_20")])
        penunjang = sum_values([view.effective("t3_19", i, col) for i in _programs(ctx, "t3_19")])
        return penunjang - btl if isinstance(penunjang, int) and isinstance(btl, int) else None

    for key, col in (("anggaran", "jumlah"), ("realisasi", "realisasi")):
        for kode in ("btl", "bl_penunjang", "bl_urusan"):
            if kode not in rows:
                continue
            mine = ctx.table("akuntabilitas_keuangan").rows[rows[kode]].get(key)
            if mine is None:
                continue

            def value_in(view: Recomputer, kode: str = kode, col: str = col) -> Value:
                return expected(view, kode, col)

            if _in_either_view(ctx, value_in, partial(_none_or_agrees, mine)):
                continue
            shown = expected(ctx.local, kode, col)
            ctx.add(
                "LINTAS.KEUANGAN",
                E,
                "akuntabilitas_keuangan",
                rows[kode],
                key,
                f"Nilai {id_number(mine)} berbeda dengan Tabel 3.19/3.20 ({id_number(shown)})",
                mine,
                shown,
            )


def _programs(ctx: Context, table_id: str) -> list[int]:
    return [i for i, r in enumerate(ctx.table(table_id).rows) if r.get("level") == "Program"]


def _penutup(ctx: Context) -> None:
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
        if any(o is None or agrees(claim, o) for o in options):
            continue
        ctx.add(
            "PENUTUP.KLAIM",
            E,
            "penutup",
            i,
            "klaim",
            f"Teks menyatakan {id_number(claim)}, tabel memberi {id_number(_shown(options[0]))}",
            claim,
            _shown(options[0]),
        )


def _shown(value: Value) -> Value:
    return round_half_up(value) if isinstance(value, Decimal) else value


def _teks(ctx: Context) -> None:
    """Every IKU of 3.1 has its analysis text (3.13/3.14)."""
    if "analisis_penyebab" not in ctx.data:
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


CHECKS: tuple[Callable[[Context], None], ...] = (
    _pagu_tw,
    _pk_targets,
    _realisasi_lebih,
    _skm_responden,
    _pegawai,
    _budget_cross,
    _iku,
    _ikm,
    _k3,
    _keuangan,
    _penutup,
    _teks,
)
