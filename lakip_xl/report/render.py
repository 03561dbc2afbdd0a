"""Renderings of an audit's findings: the console table and the JSON document."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from lakip_xl.audit.completeness import Verdict, names
from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.findings import Severity
from lakip_xl.report.console import fit, new_console, shown_name

if TYPE_CHECKING:
    from rich.console import Console

TEXTS: dict[str, dict[str, Any]] = {
    "id": {
        "title": "Hasil audit {file}",
        "clean": "Tidak ada selisih: semua angka turunan sesuai hasil hitung.",
        "summary": "{error} galat, {warning} peringatan, {info} info",
        "columns": ("No", "Tingkat", "Tabel / sel", "Temuan"),
        "verdict": {
            "bersih": "Kesimpulan: bersih. Semua tabel wajib terisi dan semua angka turunan sesuai hasil hitung.",
            "ada galat": "Kesimpulan: ada galat. Perbaiki sebelum laporan dikirim ke Bappeda.",
            "ada galat, belum lengkap": (
                "Kesimpulan: ada galat; tabel wajib belum diisi: {missing}. Perbaiki galatnya dan isi tabel itu "
                "sebelum laporan dikirim ke Bappeda."
            ),
            "belum lengkap": (
                "Kesimpulan: belum lengkap. Tidak ada galat, tetapi tabel wajib berikut belum diisi: {missing}."
            ),
        },
        "tables": "Tabel diisi: {filled}; kosong: {empty}.",
        "not_checked": "Tidak diperiksa: {rule} ({reason})",
    },
    "en": {
        "title": "Audit of {file}",
        "clean": "No discrepancies: every derived number agrees with its recomputation.",
        "summary": "{error} errors, {warning} warnings, {info} info",
        "columns": ("No", "Severity", "Table / cell", "Finding"),
        "verdict": {
            "bersih": "Verdict: clean. Every required table is filled and every derived number agrees.",
            "ada galat": "Verdict: errors found. Fix them before the report goes to Bappeda.",
            "ada galat, belum lengkap": (
                "Verdict: errors found; required tables empty: {missing}. Fix the errors and fill those tables "
                "before the report goes to Bappeda."
            ),
            "belum lengkap": "Verdict: incomplete. No errors, but these required tables are empty: {missing}.",
        },
        "tables": "Tables filled: {filled}; empty: {empty}.",
        "not_checked": "Not checked: {rule} ({reason})",
    },
}
SEVERITY_EN = {"error": "error", "warning": "warning", "info": "info"}
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
WIDE = 120  # columns from which the table gives the place its own column


def to_document(result: AuditResult) -> dict[str, Any]:
    """The JSON document of an audit (deterministic: no dates, no absolute paths)."""
    by_table = Counter(f.where.table for f in result.findings)
    return {
        "tool": "lakip-xl",
        "version": result.version,
        "file": shown_name(result.path.name),
        "sha256": result.sha256,
        "summary": {
            "error": result.count(Severity.ERROR),
            "warning": result.count(Severity.WARNING),
            "info": result.count(Severity.INFO),
            "by_table": dict(sorted(by_table.items())),
        },
        "verdict": result.verdict.value,
        "required_missing": result.missing,
        "tables": [t.as_dict() for t in result.tables],
        "not_checked": [n.as_dict() for n in result.not_checked],
        "findings": [f.as_dict() for f in result.findings],
    }


JSON_STYLE: dict[str, Any] = {"ensure_ascii": False, "indent": 1}


def to_json(result: AuditResult) -> str:
    """JSON text of an audit, one finding per line block, ending with a newline."""
    return json.dumps(to_document(result), **JSON_STYLE) + "\n"


def write_json(result: AuditResult, stream: TextIO) -> None:
    """Write :func:`to_json`'s text to ``stream`` piece by piece (56,000 findings never sit in memory as one text)."""
    json.dump(to_document(result), stream, **JSON_STYLE)
    stream.write("\n")


def print_console(result: AuditResult, lang: str = "id", console: Console | None = None) -> None:
    """Print the summary and a table of findings."""
    from rich.markup import escape
    from rich.table import Table

    texts = TEXTS[lang]
    if console is None:
        console = new_console()  # a terminal's width; piped, COLUMNS or 80
    encoding = console.encoding

    def safe(text: str) -> str:  # a cell's text as plain text: no markup, no control sequence, no unknown character
        return escape(fit(text, encoding))

    counts = {s.value: result.count(s) for s in Severity}
    console.print(f"[bold]{safe(texts['title'].format(file=result.path.name))}[/bold]")
    if not result.findings:
        console.print(texts["clean"])
        _print_completeness(result, texts, console)
        return
    wide = console.width >= WIDE  # narrower, the place heads the finding: the finding keeps most of the width
    columns = texts["columns"] if wide else (*texts["columns"][:2], texts["columns"][3])
    table = Table(show_lines=True, expand=True)
    for i, name in enumerate(columns):
        table.add_column(name, overflow="fold", ratio=6 if i == len(columns) - 1 else None, no_wrap=i < 2)
    for n, f in enumerate(result.findings, 1):
        severity = f.severity.label if lang == "id" else SEVERITY_EN[f.severity.value]
        place = (f.where.table, f"{f.where.sheet}!{f.where.cell}") if f.where.cell else (f.where.table,)
        label = f"[bold]{safe(f.where.label)}[/bold]\n" if f.where.label else ""
        finding = f"{label}{safe(f.message)} [dim]{f.rule}[/dim]"
        level = f"[{STYLE[f.severity]}]{safe(severity)}[/]"
        if wide:
            table.add_row(str(n), level, safe("\n".join(place)), finding)
        else:
            table.add_row(str(n), level, f"[dim]{safe(' - '.join(place))}[/dim]\n{finding}")
    console.print(table)
    console.print(texts["summary"].format(**counts))
    _print_completeness(result, texts, console)


def _print_completeness(result: AuditResult, texts: dict[str, Any], console: Console) -> None:
    """Which tables were filled, what was not checked, and the verdict."""
    from rich.markup import escape

    def safe(text: str) -> str:
        return escape(fit(text, console.encoding))

    filled = names(t for t in result.tables if t.status == "diisi")
    empty = names(t for t in result.tables if t.status != "diisi")
    console.print(safe(texts["tables"].format(filled=filled, empty=empty)))
    for n in result.not_checked:
        console.print(safe(texts["not_checked"].format(rule=n.rule, reason=n.reason)), style="dim")
    missing = result.missing
    key = result.verdict.value + (", belum lengkap" if missing and result.verdict is Verdict.ERRORS else "")
    style = "bold green" if result.exit_code == 0 else "bold red"
    console.print(safe(texts["verdict"][key].format(missing=", ".join(missing))), style=style)
