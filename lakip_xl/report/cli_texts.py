"""Bahasa Indonesia for the texts typer and click write themselves.

The command line's own help and errors are ours; but "Usage:", "Options:",
"[required]", "Missing argument", "Try 'lakip-xl audit --help' for help." and
"Error:" come from typer and the click it carries, and typer's validation
(pydantic) words its own errors ("Input should be greater than or equal to 1").
:func:`install` puts them in Bahasa Indonesia like the rest: the help headings
through the module-level ``_`` that typer's core calls, the usage line through
the help formatter, ``--help`` itself, an argument's name as its metavar says
(``BERKAS...``, not ``{workbooks}`` and ``<list[Path]>``), and the error
messages (known English forms rewritten, others kept) where click shows them.
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
REKAP_HELP = {  # the help of rekap's year, list, cluster and last-year options (cli.py stays under 400 lines)
    "tahun": "Tahun rekap, mis. 2024: laporan tahun lain didaftar 'tahun lain'.",
    "daftar": "Daftar unit yang diharapkan (.txt satu unit per baris, .csv atau .xlsx).",
    "dask": "Alamat klaster Dask, mis. tcp://10.0.0.5:8786 (lakip-xl[dask]).",
    "tahun_lalu": "Folder laporan tahun lalu: unit dicocokkan menurut Identitas.",
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
    (r"Value error, ", ""),  # pydantic's prefix of a validator's own (Indonesian) message
    (r"Input should be greater than or equal to (\S+?)\.?$", r"harus paling kecil \1."),
    (r"Input should be greater than (\S+?)\.?$", r"harus lebih dari \1."),
    (r"Input should be less than or equal to (\S+?)\.?$", r"harus paling besar \1."),
    (r"Input should be less than (\S+?)\.?$", r"harus kurang dari \1."),
    (r"Input should be (.+)$", r"harus \1."),
    (r"^(?:File|Directory|Path) '(.*)' does not exist\.", r"Berkas '\1' tidak ditemukan."),
    (r"^(?:File|Directory|Path) '(.*)' is not readable\.", r"Berkas '\1' tidak dapat dibaca (tidak ada izin)."),
    (r"^(?:File|Directory|Path) '(.*)' is not writable\.", r"Berkas '\1' tidak dapat ditulisi (tidak ada izin)."),
    (r"^(?:File|Directory|Path) '(.*)' is a directory\.", r"'\1' adalah folder, bukan berkas."),
    (r"^(?:File|Directory|Path) '(.*)' is a file\.", r"'\1' adalah berkas, bukan folder."),
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
    _arguments()
    core: Any = _module("typer.core")
    if core is not None and hasattr(core, "describe_number_range"):
        core.describe_number_range = _number_range  # [x>=1] in the help: [paling kecil 1]


def _number_range(low: float | None, high: float | None) -> str | None:
    """An option's bounds in words."""
    if low is None and high is None:
        return None
    if high is None:
        return f"paling kecil {low}"
    return f"paling besar {high}" if low is None else f"{low} sampai {high}"


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


def _arguments() -> None:
    """An argument with a metavar is shown by it alone, as click does: ``BERKAS...`` in the usage and the help.

    typer adds its Python type (``<list[Path]>``) in the help and braces (``{BERKAS}``) in the usage line.
    """
    core = _module("typer.core")
    argument: Any = getattr(core, "TyperArgument", None)
    if argument is None or getattr(argument.display_type_rich, "indonesian", False):  # pragma: no cover
        return
    original = argument.display_type_rich

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        return None if self.metavar is not None else original(self, ctx)

    def name(self: Any) -> str:
        shown: str = self.metavar if self.metavar is not None else self.name.upper()
        return shown + ("..." if self.nargs != 1 else "")

    def usage_name(self: Any) -> str:
        return name(self) if self.required else f"[{name(self)}]"

    display_type_rich.indonesian = True  # type: ignore[attr-defined]
    argument.display_type_rich = display_type_rich
    argument._rich_display_name = name
    argument._usage_display_name = usage_name


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
