"""What a rekap, or one long audit, prints while it runs, and what a rekap prints when it is done.

Rekap: on a terminal a rich progress bar (files done / total, the file just
checked, elapsed time, ETA); otherwise one plain line per file, so a log or a
pipe reads well. One audit (``lakip-xl audit``): on a terminal a transient
spinner, then a bar over the report's rows; nothing otherwise. All of it goes
to stderr: stdout may carry the JSON.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from lakip_xl.io.inbox import NOT_AUDITED, SUPERSEDED
from lakip_xl.report.console import line, new_console
from lakip_xl.report.unit import NOT_SENT, UNREADABLE, VERDICTS, Absent, RekapResult, UnitSummary

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


def describe(unit: UnitSummary) -> str:
    """One line on a unit: its verdict and counts, or why it could not be read."""
    if not unit.readable:
        return f"{UNREADABLE}: {unit.reason}"
    if not unit.audited:
        return f"{unit.verdict}: {unit.reason}" if unit.reason else unit.verdict
    errors, warnings, infos = unit.counts
    return f"{unit.conclusion} ({errors} galat, {warnings} peringatan, {infos} info)"


class PlainProgress:
    """One line per file done: ``[3/60] kec_a.xlsx: ada galat (5 galat, 2 peringatan, 0 info)``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = self.done = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        """Announce the run."""
        self.total, self.started = total, time.monotonic()
        self.stream.write(f"Memeriksa {total} berkas ...\n")
        self.stream.flush()

    def advance(self, unit: UnitSummary) -> None:
        """Print the file just done."""
        self.done += 1
        said = line(f"{unit.name}: {describe(unit)}", getattr(self.stream, "encoding", None))
        self.stream.write(f"[{self.done}/{self.total}] {said}\n")
        self.stream.flush()

    def close(self) -> None:
        """Print the elapsed time."""
        if self.total:
            self.stream.write(f"Selesai: {self.done} berkas dalam {time.monotonic() - self.started:.1f} detik\n")
            self.stream.flush()


class BarProgress:
    """A rich progress bar on the terminal: done / total, the file just checked, elapsed, ETA."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def start(self, total: int) -> None:
        """Show the bar (its refresh thread starts here, after the pool's workers exist)."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("Memeriksa"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("berkas"),
            TimeElapsedColumn(),
            TextColumn("sisa"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=self.console,
            transient=False,
        )
        self.bar.start()
        self.task = self.bar.add_task("rekap", total=total, current="")

    def advance(self, unit: UnitSummary) -> None:
        """Move the bar; an unreadable file is also printed above it."""
        if self.bar is None or self.task is None:
            return
        if not unit.readable:
            said = line(f"{unit.name}: {describe(unit)}", self.console.encoding)
            self.bar.console.print(said, markup=False, style="red")
        self.bar.update(self.task, advance=1, current=line(unit.name, self.console.encoding))

    def close(self) -> None:
        """Stop the bar (and its thread)."""
        if self.bar is not None:
            self.bar.stop()


@contextlib.contextmanager
def progress_display(stream: TextIO, *, terminal: bool | None = None) -> Iterator[PlainProgress | BarProgress]:
    """A progress display on ``stream``: a bar on a terminal, plain lines otherwise; closed on exit."""
    console = new_console(file=stream)
    shown: PlainProgress | BarProgress
    shown = BarProgress(console) if (console.is_terminal if terminal is None else terminal) else PlainProgress(stream)
    try:
        yield shown
    finally:
        shown.close()


class WorkProgress:
    """One audit's long work on a terminal: a spinner while it reads and checks, a bar while it writes the report.

    Transient: the lines vanish when the work is done, so the findings print as they would without it.
    """

    def __init__(self, console: Console, name: str) -> None:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self.name = name = line(name, console.encoding)
        self.shown = ""
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task(f"Membaca dan memeriksa {name}", total=None)
        self.bar.start()

    def rows(self, sheet: str, done: int, total: int) -> None:
        """The report's table sheets: ``done`` of ``total`` rows written (sheet "" when only saving is left)."""
        what = f"Menulis laporan: lembar {sheet}" if sheet else "Menyimpan laporan"
        shown, self.shown = self.shown, what  # a new step is drawn at once, whatever the refresh rate
        self.bar.update(self.task, description=what, completed=done, total=max(total, 1), refresh=what != shown)

    def close(self) -> None:
        """Stop the display (and its refresh thread)."""
        self.bar.stop()


class NoProgress:
    """What a log or a pipe gets while one audit works: nothing (the findings follow, then the verdict)."""

    def rows(self, sheet: str, done: int, total: int) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to stop."""


@contextlib.contextmanager
def work_progress(stream: TextIO, name: str, *, terminal: bool | None = None) -> Iterator[WorkProgress | NoProgress]:
    """A progress display of one audit on ``stream`` when it is a terminal, else none; closed on exit."""
    console = new_console(file=stream)
    shown: WorkProgress | NoProgress
    shown = WorkProgress(console, name) if (console.is_terminal if terminal is None else terminal) else NoProgress()
    try:
        yield shown
    finally:
        shown.close()


def print_rekap(result: RekapResult, console: Console | None = None) -> None:
    """The rekap on the console: per year, one line per unit worst first, then the files not counted and the counts."""
    from rich.markup import escape
    from rich.table import Table

    if console is None:
        console = new_console() if new_console().is_terminal else new_console(width=160)

    def said(text: str) -> str:
        return escape(line(text, console.encoding))  # a name's controls and line breaks never reach the terminal

    blocks = result.blocks()
    for block in blocks:
        title = (f"Tahun {block.year}" if block.year else "Tahun tidak diketahui") if len(blocks) > 1 else None
        table = Table(title=title, expand=True)
        for name in ("No", "Berkas", "Unit kerja", "Kesimpulan"):
            table.add_column(name, overflow="fold", no_wrap=name == "No")
        for n, row in enumerate(block.rows, 1):
            if isinstance(row, Absent):
                maybe = f"; mungkin dikirim sebagai {row.maybe}" if row.maybe else ""
                table.add_row(str(n), "-", said(row.unit), f"[red]{NOT_SENT}{said(maybe)}[/]")
                continue
            style = "green" if row.verdict == "bersih" else "red"
            unit = row.unit
            if row.listed is False:
                unit += " (tidak ada di daftar unit" + (f"; mungkin: {row.suggestion})" if row.suggestion else ")")
            table.add_row(str(n), said(row.name), said(unit), f"[{style}]{said(describe(row))}[/]")
        console.print(table)
    listed = result.listed()
    if listed:  # nothing left out silently
        other = Table(title="Tidak direkap", expand=True)
        for name in ("No", "Berkas", "Status", "Alasan"):
            other.add_column(name, overflow="fold", no_wrap=name == "No")
        for n, s in enumerate(listed, 1):
            style = "red" if s.status == NOT_AUDITED else "yellow" if s.status == SUPERSEDED else "dim"
            other.add_row(str(n), said(s.file), f"[{style}]{escape(s.status)}[/]", said(s.reason))
        console.print(other)
    counts = ", ".join(f"{result.count(v)} {v}" for v in (*VERDICTS, NOT_SENT) if v != NOT_SENT or result.absent)
    tail = ""
    if listed:
        blocked = sum(1 for s in result.skipped if s.blocks)
        tail = f" Tidak direkap: {len(listed)} berkas" + (f", {blocked} {NOT_AUDITED}" if blocked else "") + "."
    years = f" ({len(blocks)} tahun, tiap tahun dijumlah sendiri)" if len(blocks) > 1 else ""
    console.print(f"Rekap {len(result.units)} unit{years}: {counts}.{tail}", style="bold", markup=False)
