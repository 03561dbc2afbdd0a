"""The year-over-year check (``lakip-xl audit WB --tahun-lalu LAST``): this year's statements about last year.

Every value this year's workbook states about last year (each column with a
``last_year`` in the specs) must be what last year's workbook holds; a Renstra
target (``renstra``) that changed is a revision, said as a warning. Rows are
paired as the table's ``Carry`` says (:mod:`lakip_xl.cycle.pairs`). A cell this
year leaves empty states nothing and is not compared; a derived cell is not
compared where another value about last year on its row already differs (the
root is named once), nor a parent row's mean of its children.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from lakip_xl.audit.context import AuditResult, Context
from lakip_xl.audit.findings import Finding, Location, Severity
from lakip_xl.cycle.pairs import pair_rows
from lakip_xl.cycle.periods import identitas, report_year, unit_key, year_of, year_place
from lakip_xl.model.compare import normal_text
from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import id_number, is_not_measured
from lakip_xl.model.spec import Column, TableSpec, Value
from lakip_xl.tables import BY_ID
from lakip_xl.tables.profiles import specs_for


def audit(path: str | os.PathLike[str], last_year: str | os.PathLike[str] | None = None) -> AuditResult:
    """Audit a workbook; with ``last_year``, also check it against last year's workbook (``TAHUN.`` findings).

    Without ``last_year`` this is :func:`lakip_xl.audit.engine.audit`, unchanged.

    Raises:
        LakipError: Either workbook cannot be used, either has no report year, or ``last_year`` is not the
            report of the year before.
    """
    from lakip_xl.audit.engine import audit as audit_one
    from lakip_xl.cycle.rollforward import last_years_audit

    result = audit_one(Path(path))
    if last_year is None:
        return result
    compare_years(result, last_years_audit(Path(last_year), audit_one))
    return result


def compare_years(result: AuditResult, last: AuditResult) -> None:
    """Check ``result`` against last year's audit: its ``TAHUN.`` findings join the others, ``last`` is kept.

    Raises:
        LakipError: The two are not consecutive years' reports.
    """
    check_years(result, last)
    result.findings = sorted([*result.findings, *year_findings(result, last)], key=Finding.sort_key)
    result.last_year = last


def check_years(result: AuditResult, last: AuditResult) -> None:
    """Refuse a pair of workbooks that are not two consecutive years' reports."""
    years = []
    for res in (result, last):
        year = report_year(res.data)
        if year is None:
            error = LakipError("Tahun laporan tidak berisi tahun (mis. 2024); isi dulu", *year_place(res.data))
            error.file = res.path.name
            raise error
        years.append(year)
    if years[1] != years[0] - 1:
        raise LakipError(
            f"Berkas {last.path.name} adalah laporan tahun {years[1]}; --tahun-lalu untuk {result.path.name} "
            f"(tahun {years[0]}) perlu laporan tahun {years[0] - 1}"
        )


def year_findings(result: AuditResult, last: AuditResult) -> list[Finding]:
    """Every difference between this year's statements about last year and last year's workbook."""
    check = _Check(result, last)
    check.identity()
    for spec in specs_for(result.data):
        if spec.carry is not None and spec.id in result.data and spec.id in last.data:
            check.table(spec)
    return check.ctx.findings


class _Check:
    """One comparison of two years' workbooks; its findings gather in ``ctx``."""

    def __init__(self, result: AuditResult, last: AuditResult) -> None:
        self.ctx, self.last_ctx = Context(result.data), Context(last.data)
        self.data, self.last_data = result.data, last.data
        self.name, self.last_name = result.path.name, last.path.name
        self.year = report_year(result.data) or 0
        self.last_year = report_year(last.data) or 0
        self.renstra_moved = False

    def identity(self) -> None:
        """The unit, and the Renstra period (a new period: its targets are not compared)."""
        unit, last_unit = identitas(self.data, "unit"), identitas(self.last_data, "unit")
        if unit and last_unit and unit_key(unit) != unit_key(last_unit):
            self._add_fixed(
                "TAHUN.UNIT",
                "unit",
                f"Nama unit '{unit}', laporan {self.last_year} ({self.last_name}) milik '{last_unit}'; "
                "pastikan berkas tahun lalu yang dibandingkan milik unit ini",
            )
        period = [identitas(self.data, k) for k in ("renstra_awal", "renstra_akhir")]
        last_period = [identitas(self.last_data, k) for k in ("renstra_awal", "renstra_akhir")]
        if all(period) and all(last_period) and period != last_period:
            self.renstra_moved = True
            self._add_fixed(
                "TAHUN.RENSTRA",
                "renstra_awal",
                f"Periode Renstra {'-'.join(map(str, period))}, laporan {self.last_year} "
                f"({self.last_name}) memakai {'-'.join(map(str, last_period))}: Renstra baru, "
                "targetnya tidak dibandingkan dengan laporan tahun lalu",
            )

    def _add_fixed(self, rule: str, kode: str, message: str) -> None:
        rows = self.ctx.table("identitas").rows
        ref = next((i for i, r in enumerate(rows) if r.get("kode") == kode), None)
        if ref is None:
            self.ctx.findings.append(Finding(rule, Severity.WARNING, Location("-", BY_ID["identitas"].sheet), message))
        else:
            self.ctx.add(rule, Severity.WARNING, "identitas", ref, "nilai", message)

    def table(self, spec: TableSpec) -> None:
        """Every statement about last year, and every Renstra target, of one table."""
        rows, last_rows = self.data[spec.id].rows, self.last_data[spec.id].rows
        pairs = pair_rows(spec, rows, last_rows, self.year, self.last_year)
        restating = [c for c in spec.columns if c.last_year]
        renstra = [c for c in spec.columns if c.renstra] if not self.renstra_moved else []
        for i, row in enumerate(rows):
            if not self._about_the_past(spec, row):
                continue
            stated = [c for c in (*restating, *renstra) if row.get(c.key) is not None and self._compared(spec, row, c)]
            if not stated:
                continue
            j = pairs.get(i)
            if j is None:
                self._missing(spec, i)
                continue
            differs = False
            for col in sorted(restating, key=lambda c: c.derived):
                if col in stated and not (col.derived and differs):
                    differs |= self._compare(spec, i, j, col, col.last_year)
            for col in renstra:
                if col in stated and last_rows[j].get(col.key) is not None:
                    self._compare(spec, i, j, col, col.key)

    def _about_the_past(self, spec: TableSpec, row: Mapping[str, Value]) -> bool:
        """A row naming a year says something about last year only when it names a year before this one."""
        assert spec.carry is not None
        if not spec.carry.years:
            return True
        named = year_of(row.get(spec.carry.years), self.year)
        return named is not None and named < self.year

    @staticmethod
    def _compared(spec: TableSpec, row: Mapping[str, Value], col: Column) -> bool:
        """Not a parent row's mean or sum of its children (its children are compared)."""
        hier = spec.hierarchy
        return not (hier is not None and hier.aggregates(col.key) and spec.is_parent(row.get(hier.level_key)))

    def _compare(self, spec: TableSpec, i: int, j: int, col: Column, last_key: str) -> bool:
        """One cell against last year's; a finding when they differ. True when they do."""
        value = self.data[spec.id].rows[i].get(col.key)
        held = self.last_data[spec.id].rows[j].get(last_key)
        if _same(value, held):
            return False
        where = self.last_ctx.where(spec.id, j, last_key)
        there = f"{where.sheet}!{where.cell}" if where.cell else where.sheet
        related = Location(where.table, f"[{self.last_name}]{where.sheet}", where.cell, where.label)
        what = f"{_table_name(self.ctx.where(spec.id, i, col.key).table)}, kolom '{col.header}'"
        source = f"laporan {self.last_year} ({self.last_name}, {there})"
        if col.renstra and last_key == col.key:
            rule, severity = "TAHUN.RENSTRA", Severity.WARNING
            message = (
                f"{what}: target Renstra berubah: tertulis {_text(value)} ({self.name}), {source} {_text(held)}; "
                "bila Renstra direvisi, sebutkan dasar revisinya"
            )
        elif held is None:
            rule, severity = "TAHUN.TIDAK_ADA", Severity.WARNING
            message = f"{what}: tertulis {_text(value)} ({self.name}), {source} kosong: tidak dapat diperiksa"
        else:
            assert spec.carry is not None
            rule, severity = spec.carry.rule, Severity.ERROR
            message = f"{what}: tertulis {_text(value)} ({self.name}), {source} {_text(held)}"
        self.ctx.add(rule, severity, spec.id, i, col.key, message, recorded=value, expected=held, related=(related,))
        return True

    def _missing(self, spec: TableSpec, i: int) -> None:
        """A row stating values about last year that last year's workbook does not have."""
        assert spec.carry is not None
        key = spec.carry.match or spec.carry.years
        name = self.data[spec.id].rows[i].get(key)
        what = "tahun " if spec.carry.years else ""
        self.ctx.add(
            "TAHUN.TIDAK_ADA",
            Severity.WARNING,
            spec.id,
            i,
            key,
            f"{_table_name(self.ctx.where(spec.id, i, key).table)}: {what}'{name}' tidak ada di laporan "
            f"{self.last_year} ({self.last_name}); nilai tahun lalu dan target Renstra pada baris ini tidak dapat "
            "diperiksa",
        )


def _same(value: Value, held: Value) -> bool:
    """The same statement: equal numbers (75 and 75,00 are; 74,9 and 74,85 are not), n/a and n/a, the same text."""
    if value is None or held is None:
        return value is None and held is None
    if is_not_measured(value) or is_not_measured(held):
        return is_not_measured(value) and is_not_measured(held)
    if isinstance(value, int | Decimal) and isinstance(held, int | Decimal):
        return Decimal(value) == Decimal(held)
    if isinstance(value, str) and isinstance(held, str):
        return normal_text(value) == normal_text(held)
    return False


def _text(value: Value) -> str:
    return id_number(value) if isinstance(value, int | Decimal) else f"'{value}'" if value is not None else "kosong"


def _table_name(table: str) -> str:
    return f"Tabel {table}" if table[:1].isdigit() else table
