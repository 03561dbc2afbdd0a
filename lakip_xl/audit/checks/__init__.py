"""Rules beyond the derived cells: sums of inputs, and agreement between tables.

A cross-table rule passes when the value agrees with the other table either as
recorded there or as recomputed there: a wrong value in the other table is
that table's own finding (its root), not one more finding here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lakip_xl.audit.checks.arah import pk_targets
from lakip_xl.audit.checks.budget import budget_cross, keuangan, pagu_tw, penutup, realisasi_lebih
from lakip_xl.audit.checks.kinerja import iku, renstra_period, teks
from lakip_xl.audit.checks.layanan import ikm, k3, pegawai, skm_responden
from lakip_xl.audit.checks.opd import bulanan, capaian_lintas, kompetensi, pegawai_cakupan

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context


def run_checks(ctx: Context) -> None:
    """Run every rule of this module."""
    for check in CHECKS:
        check(ctx)


CHECKS: tuple[Callable[[Context], None], ...] = (
    pagu_tw,
    pk_targets,
    realisasi_lebih,
    skm_responden,
    pegawai,
    pegawai_cakupan,
    kompetensi,
    bulanan,
    budget_cross,
    iku,
    renstra_period,
    capaian_lintas,
    ikm,
    k3,
    keuangan,
    penutup,
    teks,
)
