"""Lines a command prints: one line each, whatever a file name or a cell put in it."""

from __future__ import annotations

import sys

import typer

from lakip_xl.report.console import line


def error(text: str) -> None:
    """One line on stderr, whatever a file name or a cell put in it (no control sequence, no unknown character)."""
    typer.echo(line(text, getattr(sys.stderr, "encoding", None)), err=True)


def say(text: str) -> None:
    """One line on stdout (a file name in it shown as :func:`error` shows it)."""
    typer.echo(line(text, getattr(sys.stdout, "encoding", None)))
