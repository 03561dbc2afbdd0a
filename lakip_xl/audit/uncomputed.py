"""Derived values the audit cannot check: typed without their inputs, or over inputs that give no number.

A capaian printed without its target and realisasi (IKU Lima Tahun as many
OPD reports print it) or an IKM per layanan without the NRR per unsur is not a
mistake of the document: each table gets one info naming those cells
(``HITUNG.TANPA_ISIAN``), the verdict is unchanged. A number typed where every
input is typed but they give none (a target of 0: no ratio) is a warning
that says which input is 0 (``HITUNG.TAK_TERHITUNG``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lakip_xl.audit.findings import Finding, Location, Severity, cell_ranges, table_name
from lakip_xl.model.numbers import id_number
from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import RowRef
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    from lakip_xl.audit.context import Context


def inputs_of(ctx: Context, table_id: str, ref: RowRef, key: str) -> tuple[list[str], list[str]]:
    """The headers of the number cells a derived cell reads that are empty, and of those that are 0."""
    empty: dict[str, None] = {}
    zero: dict[str, None] = {}
    for (t, r, k), value in ctx.local.reads(table_id, ref, key):
        spec = BY_ID[t]
        row = ctx.local.row(t, r) if spec.fixed_rows is not None else {}
        if spec.kind_at(row, k).is_text:
            continue  # an arah or a Tingkat left empty has its default
        if value is None:
            empty[spec.column(k).header] = None
        elif value == 0:
            zero[spec.column(k).header] = None
    return list(empty), list(zero)


def uncomputable(ctx: Context, spec: TableSpec, ref: RowRef, key: str, recorded: Value, zero: list[str]) -> None:
    """A number typed where every input is typed but they give none: a ratio to 0 (DOMAIN: say so, invent nothing)."""
    from lakip_xl.audit.rules_derived import derived_rule

    _, what = derived_rule(spec, ctx.local.row(spec.id, ref), ref, key)
    what = f"{table_name(ctx.where(spec.id, ref, key).table)}, {what}"
    if zero:
        why = f"{' dan '.join(repr(h) for h in zero)} bernilai 0, jadi tidak ada rasio"
        advice = "; tulis n/a (tidak diukur) di sel ini, bukan angka"
    else:
        why, advice = "isiannya tidak memberi angka", ""
    message = f"{what}: tertulis {id_number(recorded)}, padahal {why} dan nilai ini tidak dapat dihitung{advice}"
    ctx.add("HITUNG.TAK_TERHITUNG", Severity.WARNING, spec.id, ref, key, message, recorded=recorded)


def without_inputs(ctx: Context, spec: TableSpec, cells: list[tuple[RowRef, str, list[str]]]) -> None:
    """One note per table for the derived values printed without their inputs: they cannot be checked."""
    by_table: dict[str, list[tuple[RowRef, str, list[str]]]] = {}
    for cell in cells:
        by_table.setdefault(ctx.where(spec.id, cell[0], cell[1]).table, []).append(cell)
    for table, group in by_table.items():
        related = tuple(ctx.where(spec.id, ref, key) for ref, key, _ in group)
        columns = ", ".join(f"'{spec.column(k).header}'" for k in dict.fromkeys(key for _, key, _ in group))
        empty = ", ".join(f"'{h}'" for h in dict.fromkeys(h for _, _, headers in group for h in headers))
        message = (
            f"{len(group)} nilai turunan diketik tanpa isiannya; tidak dapat diperiksa: sel "
            f"{cell_ranges(loc.cell for loc in related if loc.cell)} (kolom {columns}), isian yang kosong: {empty}. "
            "Nilai itu dilaporkan seperti tertulis; bila isiannya ada di dokumen, ketik juga agar diperiksa"
        )
        first = related[0]
        ref, key, _ = group[0]
        ctx.findings.append(
            Finding(
                "HITUNG.TANPA_ISIAN",
                Severity.INFO,
                Location(table, first.sheet, first.cell),
                message,
                related=related,
                column=key,
                table_id=spec.id,
                ref=ref,
                cells=tuple((r, k) for r, k, _ in group),
            )
        )
