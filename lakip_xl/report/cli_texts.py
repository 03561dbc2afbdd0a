"""Bahasa Indonesia for the texts typer and click write themselves.

The command line's own help and errors are ours; but "Usage:", "Options:",
"[required]", "Missing argument", "Try 'lakip-xl audit --help' for help." and
"Error:" come from typer and the click it carries. :func:`install` puts them in
Bahasa Indonesia like the rest: the help headings through the module-level
``_`` that typer's core calls, the usage line through the help formatter, and
the error messages (known English forms rewritten, others kept) where click
shows them.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType
from typing import IO, Any

HELP = {
    "Usage:": "Pemakaian:",
    "Arguments": "Argumen",
    "Options": "Opsi",
    "Commands": "Perintah",
    "required": "wajib",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "(dynamic)": "(dinamis)",
    "Aborted!": "Dibatalkan.",
    "Missing command.": "Perintah belum diberikan.",
    "No such command {name!r}.": "Perintah {name!r} tidak dikenal.",
}
USAGE = (("[OPTIONS]", "[OPSI]"), ("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]..."))
MESSAGES = [
    (r"^Missing argument (.+)\.", r"Argumen \1 wajib diisi."),
    (r"^Missing option (.+)\.", r"Opsi \1 wajib diisi."),
    (r"^Missing parameter:? (.+?)\.?$", r"Parameter \1 wajib diisi."),
    (r"^No such option: (\S+)", r"Opsi tidak dikenal: \1"),
    (r"\(Possible options: (.*)\)", r"(mungkin maksudnya: \1)"),
    (r"Did you mean (.*)\?", r"Mungkin maksudnya \1?"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)", r"Argumen berlebih: \1"),
    (r"^Option (.+) does not take a value\.", r"Opsi \1 tidak menerima nilai."),
    (r"^Option (.+) requires an argument\.", r"Opsi \1 memerlukan nilai."),
    (r"^Option (.+) requires (\d+) arguments\.", r"Opsi \1 memerlukan \2 nilai."),
    (r"^No such command (.+)\.", r"Perintah \1 tidak dikenal."),
    (r"^Missing command\.", "Perintah belum diberikan."),
    (r"^Invalid value for (.+?): ", r"Nilai tidak sah untuk \1: "),
    (r"^Invalid value: ", "Nilai tidak sah: "),
    (r"Input should be a valid integer[^.]*\.?", "harus bilangan bulat."),
    (r"Input should be a valid number[^.]*\.?", "harus bilangan."),
    (r"'(.*)' is not a valid integer\.", r"'\1' bukan bilangan bulat."),
    (r"'(.*)' is not a valid float\.", r"'\1' bukan bilangan."),
    (r"(.*) is not one of (.*)\.", r"\1 bukan salah satu dari \2."),
]
_MESSAGES = [(re.compile(pattern), to) for pattern, to in MESSAGES]


def indonesian(message: str) -> str:
    """A click error message in Bahasa Indonesia (its known English forms rewritten; others unchanged)."""
    for pattern, to in _MESSAGES:
        message = pattern.sub(to, message)
    return message


def _help_text(message: str) -> str:
    return HELP.get(message, message)


def _module(*names: str) -> ModuleType | None:
    for name in names:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def install() -> None:
    """Put typer's and click's own texts in Bahasa Indonesia (typer's bundled click, or click itself)."""
    for name in ("typer.core", "click.core", "click.formatting", "click.exceptions", "click.parser"):
        module = _module(name)
        if module is not None and hasattr(module, "_"):
            module._ = _help_text  # type: ignore[attr-defined]  # these modules call gettext as `_`
    formatting = _module("typer._click.formatting", "click.formatting")
    exceptions = _module("typer._click.exceptions", "click.exceptions")
    if formatting is None or exceptions is None:  # pragma: no cover - neither typer's click nor click
        return
    _usage_line(formatting.HelpFormatter)
    _error_lines(exceptions)
    _help_option()


def _help_option() -> None:
    """Explain --help in Bahasa Indonesia (typer's command class, whichever click it builds on)."""
    core = _module("typer._click.core")
    command: Any = getattr(core, "Command", None)
    if command is None or getattr(command.get_help_option, "indonesian", False):  # pragma: no cover - another typer
        return
    original = command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = "Tampilkan bantuan ini lalu keluar."
        return option

    get_help_option.indonesian = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option


def _usage_line(formatter: Any) -> None:
    original = formatter.write_usage
    if getattr(original, "indonesian", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, ours in USAGE:
            args = args.replace(english, ours)
        original(self, prog, args, HELP["Usage:"] + " " if prefix is None else prefix)

    write_usage.indonesian = True  # type: ignore[attr-defined]
    formatter.write_usage = write_usage


def _error_lines(exceptions: ModuleType) -> None:
    """Where click shows an error: "Galat: ..." and "Coba '... --help' untuk bantuan."."""
    from typer import echo

    def show(self: Any, file: IO[Any] | None = None) -> None:
        ctx = getattr(self, "ctx", None)
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"Coba '{ctx.command_path} {ctx.help_option_names[0]}' untuk bantuan.\n"
            echo(f"{ctx.get_usage()}\n{hint}", err=file is None, file=file, color=ctx.color)
        echo(f"Galat: {indonesian(self.format_message())}", err=file is None, file=file)

    exceptions.ClickException.show = show
    exceptions.UsageError.show = show
