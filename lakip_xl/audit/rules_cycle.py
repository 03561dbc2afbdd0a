"""Rule codes of the yearly cycle (``audit --tahun-lalu``): this year's workbook against last year's.

Part of the registry :data:`lakip_xl.audit.rules.RULES` (kept apart so the
registry module stays small). The findings are made by :mod:`lakip_xl.cycle`;
which columns are compared is declared in the table specs (``Column.last_year``,
``Column.renstra``, ``TableSpec.carry``), docs/cycle.md.
"""

from __future__ import annotations

from lakip_xl.audit.findings import Rule

_SOURCE = "issue #20 item 2"
_SAME = (
    "; both years' rows paired by the indicator's name with the tolerance of the LINTAS rules, never by "
    "position; a cell this year leaves empty states nothing and is not compared"
)

CYCLE_RULES: tuple[Rule, ...] = (
    Rule(
        "TAHUN.IKU",
        "error",
        "Capaian IKU tahun lalu tidak sama dengan laporan tahun lalu",
        "Tabel 3.2/3.5/3.8: target, realisasi and capaian tahun lalu = target, realisasi and capaian of the same "
        "indicator in last year's workbook" + _SAME,
        _SOURCE,
    ),
    Rule(
        "TAHUN.IKU_LIMA_TAHUN",
        "error",
        "Capaian IKU tahun N-4..N-1 tidak sama dengan laporan tahun lalu",
        "IKU Lima Tahun: target, realisasi and capaian of year N-k = those of year N-k+1 in last year's "
        "workbook (N-1 = last year's N)" + _SAME,
        _SOURCE,
    ),
    Rule(
        "TAHUN.SKM_TREN",
        "error",
        "Tren SKM tahun lalu tidak sama dengan laporan tahun lalu",
        "SKM Tren: each TW of the row of a past year ('Tahun N-1', '2024') = the same TW of the row of that year "
        "in last year's workbook ('Tahun N' there); rows paired by the year they name",
        _SOURCE,
    ),
    Rule(
        "TAHUN.RENSTRA",
        "warning",
        "Target Renstra berubah dari laporan tahun lalu",
        "a Renstra target (2.1.1, 2.1.2, 3.12, target akhir Renstra of 3.2/3.5/3.8 and IKU Lima Tahun) differs "
        "from last year's for the same indicator: a revision of the Renstra, said with both values; when the "
        "Renstra period itself changed (Identitas), that one warning instead",
        _SOURCE,
    ),
    Rule(
        "TAHUN.TIDAK_ADA",
        "warning",
        "Nilai tahun lalu tidak ada di laporan tahun lalu",
        "a value about last year (or a Renstra target) whose indicator or year last year's workbook does not "
        "have, or where last year's cell is empty: it cannot be checked",
        _SOURCE,
    ),
    Rule(
        "TAHUN.UNIT",
        "warning",
        "Laporan tahun lalu milik unit lain",
        "Identitas: the unit named by last year's workbook is this year's (case and spaces aside)",
        _SOURCE,
    ),
)
