"""An audit's JSON document as the pages show it: the verdict, findings grouped by table, what is filled.

The pages read the same document ``lakip-xl audit --json`` writes
(:func:`lakip_xl.report.render.to_document`) and use the console's texts
(:data:`lakip_xl.report.render.TEXTS`): the verdict line, the counts and
each finding's place (sheet!cell), row label and message. Nothing here
re-declares what a finding holds or recomputes one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lakip_xl.audit.completeness import TableStatus, names
from lakip_xl.model.numbers import id_number
from lakip_xl.report.render import TEXTS

SEVERITY_LABEL = {"error": "galat", "warning": "peringatan", "info": "info"}
VERDICT_CLASS = {"bersih": "bersih", "ada galat": "galat", "belum lengkap": "kurang", "belum kirim": "belum"}


@dataclass(frozen=True, slots=True)
class Group:
    """The findings of one table, in the document's order (errors first, then by cell)."""

    table: str
    sheet: str
    findings: list[dict[str, Any]]

    @property
    def title(self) -> str:
        """``Tabel 3.19`` for a numbered table, else its own name."""
        return f"Tabel {self.table}" if self.table[:1].isdigit() else self.table


def shown(value: str | None) -> str:
    """A finding's recorded or expected value as the console writes numbers: 9.974.700.000, 105,65."""
    if value is None:
        return ""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    return id_number(int(number) if number == number.to_integral_value() and "." not in value else number)


def place(finding: dict[str, Any]) -> str:
    """``sheet!cell`` as the console prints it (the sheet alone when the finding has no cell)."""
    return f"{finding['sheet']}!{finding['cell']}" if finding.get("cell") else str(finding.get("sheet") or "")


def _statuses(document: dict[str, Any]) -> list[TableStatus]:
    return [TableStatus("", t["table"], t["sheet"], t["status"], t["required"]) for t in document["tables"]]


@dataclass(frozen=True, slots=True)
class AuditView:
    """What the result page shows of one audit document."""

    document: dict[str, Any]

    @property
    def verdict(self) -> str:
        """bersih, ada galat or belum lengkap."""
        return str(self.document["verdict"])

    @property
    def verdict_class(self) -> str:
        """The banner's CSS class."""
        return VERDICT_CLASS.get(self.verdict, "galat")

    @property
    def verdict_text(self) -> str:
        """The console's verdict line."""
        missing = names(t for t in _statuses(self.document) if t.required and t.status != "diisi")
        return str(TEXTS["id"]["verdict"][self.verdict].format(missing=missing))

    @property
    def counts_text(self) -> str:
        """``29 galat, 9 peringatan, 1 info``."""
        return str(TEXTS["id"]["summary"].format(**self.document["summary"]))

    @property
    def findings(self) -> list[dict[str, Any]]:
        """Every finding, as in the JSON."""
        return list(self.document["findings"])

    def groups(self) -> list[Group]:
        """The findings grouped by table, tables in workbook order (a table the list does not know, last)."""
        order = {t["table"].split(",")[0].strip(): i for i, t in enumerate(self.document["tables"])}
        by_table: dict[str, list[dict[str, Any]]] = {}
        for finding in self.findings:
            by_table.setdefault(str(finding["table"]), []).append(finding)
        tables = sorted(by_table, key=lambda t: (order.get(t, len(order)), t))
        return [Group(t, str(by_table[t][0]["sheet"]), by_table[t]) for t in tables]

    @property
    def filled(self) -> str:
        """The tables filled, by number."""
        return names(t for t in _statuses(self.document) if t.status == "diisi")

    @property
    def empty(self) -> str:
        """The tables left empty or absent, by number."""
        return names(t for t in _statuses(self.document) if t.status != "diisi")

    @property
    def missing(self) -> list[TableStatus]:
        """The required tables still empty: what keeps the verdict from bersih besides errors."""
        return [t for t in _statuses(self.document) if t.required and t.status != "diisi"]

    @property
    def tables(self) -> list[TableStatus]:
        """Every table of the workbook's profile with its status."""
        return _statuses(self.document)

    @property
    def not_checked(self) -> list[dict[str, str]]:
        """Rules skipped, each with its reason."""
        return list(self.document["not_checked"])


def when(iso: str) -> str:
    """A stored UTC time as people read it: ``2026-12-07 01:46 UTC``."""
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


FILTERS = {
    "shown": shown,
    "place": place,
    "severity": lambda s: SEVERITY_LABEL.get(s, s),
    "verdict_class": lambda v: VERDICT_CLASS.get(v, "galat"),
    "when": when,
}
