"""Which tables a workbook filled, which it must fill, and what could not be checked.

A verdict is a promise: "bersih" only when every required table was filled and
checked. Which tables are required is the unit's own setting, the Parameter
row ``tabel_wajib`` (defined name TABEL_WAJIB): seed table numbers separated by
commas, "-" for none. docs/verdict.md explains the verdicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import TableData, is_filled
from lakip_xl.tables import ALL
from lakip_xl.tables.profiles import specs_for

NONE_REQUIRED = frozenset({"-", "tidak ada"})
MISSING_LABEL = "tabel wajib belum diisi"


class Verdict(Enum):
    """The one-word outcome of an audit, with its exit code."""

    CLEAN = "bersih"
    ERRORS = "ada galat"
    INCOMPLETE = "belum lengkap"

    @property
    def exit_code(self) -> int:
        """0 for bersih, 1 otherwise (2 is for a file that cannot be used at all)."""
        return 0 if self is Verdict.CLEAN else 1


@dataclass(frozen=True, slots=True)
class TableStatus:
    """One table of the report: is it in the workbook, filled, required?

    Attributes:
        table_id: The spec id.
        table: The seed table number(s).
        sheet: The sheet name.
        status: "diisi" (filled), "kosong" (sheet present, nothing typed) or "tidak ada" (no sheet).
        required: The unit's Parameter lists it as required.
    """

    table_id: str
    table: str
    sheet: str
    status: str
    required: bool

    def as_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {"table": self.table, "sheet": self.sheet, "status": self.status, "required": self.required}


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A rule that was skipped because the table it compares with is not filled.

    Attributes:
        rule: The rule code that did not run.
        reason: Why, in Bahasa Indonesia.
    """

    rule: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The JSON form."""
        return {"rule": self.rule, "reason": self.reason}


def report_tables() -> Iterable[TableSpec]:
    """The tables of the report proper (not parameters, not the identity sheet)."""
    return (spec for spec in ALL if not spec.is_parameter and spec.id != "identitas")


def _tokens(spec: TableSpec) -> set[str]:
    parts = {part.strip().lower() for part in spec.seed.split(",")}
    return parts | {part.split()[0] for part in parts if part}


def required_tables(setting: Value) -> tuple[frozenset[str], list[str]]:
    """The spec ids a TABEL_WAJIB setting names, and the tokens that name no table."""
    text = str(setting or "").strip().lower()
    if not text or text in NONE_REQUIRED:
        return frozenset(), []
    ids: set[str] = set()
    unknown: list[str] = []
    for token in (t.strip() for t in re.split(r"[,;]", text)):
        token = re.sub(r"^tabel\s+", "", token)
        if not token:
            continue
        named = {spec.id for spec in report_tables() if token in _tokens(spec)}
        if named:
            ids |= named
        else:
            unknown.append(token)
    return frozenset(ids), unknown


def table_statuses(data: Mapping[str, TableData], required: frozenset[str]) -> list[TableStatus]:
    """The status of every table of the workbook's profile (and any other it holds), in workbook order."""
    out = []
    for spec in specs_for(data):
        if spec.is_parameter or spec.id == "identitas":
            continue
        tdata = data.get(spec.id)
        status = "tidak ada" if tdata is None else "diisi" if is_filled(spec, tdata) else "kosong"
        out.append(TableStatus(spec.id, spec.seed, spec.sheet, status, spec.id in required))
    return out


def table_names(tables: Iterable[TableStatus]) -> list[str]:
    """The tables' numbers for a reader, each once ("SKM (3.2)" names four sheets, "3.3" two)."""
    return list(dict.fromkeys(part.strip() for t in tables for part in t.table.split(",")))


def names(tables: Iterable[TableStatus]) -> str:
    """:func:`table_names` joined with commas, or "-"."""
    return ", ".join(table_names(tables)) or "-"


def missing_required(tables: Iterable[TableStatus]) -> list[str]:
    """The numbers of the required tables that are not filled (empty, or their sheet missing)."""
    return table_names(t for t in tables if t.required and t.status != "diisi")


def conclusion(verdict: Verdict, missing: Sequence[str]) -> str:
    """The verdict and, whatever it is, the required tables not filled: "ada galat; tabel wajib belum diisi: 2.2.1".

    An error does not hide an empty required table: both are named at once.
    """
    return f"{verdict.value}; {MISSING_LABEL}: {', '.join(missing)}" if missing else verdict.value


def verdict(errors: int, tables: Iterable[TableStatus]) -> Verdict:
    """Ada galat when an error was found; belum lengkap when a required table is not filled; else bersih."""
    if errors:
        return Verdict.ERRORS
    if any(t.required and t.status != "diisi" for t in tables):
        return Verdict.INCOMPLETE
    return Verdict.CLEAN
