r"""Text bound for a terminal: what a cell holds never drives it, and no encoding makes the output fail.

A cell, a sheet name or a file name may hold control characters (an ESC
``[31m`` typed in a cell arrives as ``_x001B_`` in the XML and is read back as
a real ESC) and characters the console's encoding cannot hold (``—`` or ``²``
on an ASCII or cp1252 console, ``LC_ALL=C``). :func:`fit` shows the first as
visible escapes (``\x1b``) and replaces the second by their nearest plain
form; :func:`tolerant_stdio` makes stdout and stderr write what is left as
``\uXXXX`` escapes (valid inside JSON strings) instead of failing.
"""

from __future__ import annotations

import codecs
import errno
import io
import re
import sys
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# C0 and C1 controls but tab and line feed, DEL, the bidirectional controls that reorder text on screen,
# and lone surrogates (a file name's bytes that are not UTF-8, as Python decodes them: no encoding holds them)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SURROGATES = re.compile("[\ud800-\udfff]")
PLAIN = {"—": "-", "–": "-", "‒": "-", "−": "-", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"',
         "…": "...", "•": "*", "·": ".", "×": "x", "÷": "/", "≥": ">=", "≤": "<=", "≠": "!=", "±": "+/-",
         "→": "->", "←": "<-", "°": " derajat", "\u00a0": " "}  # fmt: skip
ERRORS = "lakip-escape"


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape): the byte itself
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown_name(name: str) -> str:
    r"""A file name as an output can hold it: a byte that is not UTF-8 (Latin-1 ``café``) written ``\xe9``.

    Python gives such a byte as a lone surrogate, which no file (JSON, a workbook) can store.
    """
    return SURROGATES.sub(_escape, name)


def fit(text: str, encoding: str | None = "utf-8") -> str:
    """``text`` as a console shows it safely: controls as visible escapes, characters ``encoding`` lacks plain."""
    text = CONTROLS.sub(_escape, text.replace("\r\n", "\n"))
    encoding = codecs.lookup(encoding or "utf-8").name
    if encoding.startswith("utf"):
        return text
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return "".join(ch if _holds(ch, encoding) else _plain(ch, encoding) for ch in text)
    return text


def line(text: str, encoding: str | None = "utf-8") -> str:
    """``text`` as one line of a console: its line breaks as spaces, then :func:`fit`.

    For any text from outside (a file or unit name, a reason that quotes one) printed on a line of its own.
    """
    return fit(" ".join(text.splitlines()), encoding)


def _holds(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _plain(ch: str, encoding: str) -> str:
    """The nearest form of ``ch`` that ``encoding`` holds: a table, then its decomposition (é -> e, ² -> 2)."""
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    for candidate in (PLAIN.get(ch, ""), decomposed):
        if candidate and _holds(candidate, encoding):
            return candidate
    return "?"


def _as_escapes(exc: UnicodeError) -> tuple[str, int]:
    r"""Codec error handler: what an encoding cannot hold as \uXXXX (a surrogate pair past U+FFFF), as JSON does."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


def new_console(**kwargs: Any) -> Console:
    """A rich console whose closed pipe (``| head``) raises ``BrokenPipeError`` for the CLI to end quietly.

    rich's own answer is ``SystemExit(1)``, which would hide it (``cli`` exits 141 for it, as tools killed
    by SIGPIPE do).
    """
    return _console_class()(**kwargs)


@cache
def _console_class() -> type[Console]:
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "EPIPE")

    return PipeConsole


def quiet_stdout() -> None:
    """Point stdout at /dev/null (its reader has gone), so that Python's last flush finds no closed pipe."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file (a test's runner)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def tolerant_stdio() -> None:
    r"""Make stdout and stderr write a character their encoding lacks as \uXXXX instead of failing.

    Only a strict stream changes: Python's stderr already writes backslash escapes, and ``LC_ALL=C`` gives
    UTF-8 with surrogateescape (a file name's undecodable bytes written back as they were).
    """
    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _as_escapes)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors=ERRORS)
