"""Why a file could not be used, as the one Indonesian line ``lakip-xl audit`` prints for an exit 2.

Used by the rekap's workers (:mod:`lakip_xl.report.unit`) and by ``audit`` of many files
(:mod:`lakip_xl.report.batch`): a reason carries no absolute path and no English of the system.
"""

from __future__ import annotations

from pathlib import Path

from lakip_xl.model.errors import LakipError, os_reason
from lakip_xl.report.console import shown_name


def reason_of(exc: BaseException, path: Path | None = None, name: str | None = None) -> str:
    """The one-line reason ``lakip-xl audit`` prints for an exit 2, in Bahasa Indonesia.

    Args:
        exc: Why the file could not be used.
        path: The file as opened (the rekap opens it by its absolute path).
        name: How the run names it (relative to the inputs): said instead of ``path``, so a reason carries no
            absolute path, and for an ``OSError`` the system's English is not said at all. The line that
            prints the reason names the file: it is not named again ("rusak.xlsx: bukan workbook .xlsx", not
            "rusak.xlsx: Berkas rusak.xlsx bukan workbook .xlsx").
    """
    if isinstance(exc, LakipError):
        text = str(exc) if name is None else _without_file(exc, path, name)
    elif isinstance(exc, OSError):
        where = f"Berkas {exc.filename} tidak dapat dibuka: " if exc.filename and name is None else ""
        text = where + ("tidak dapat dibuka: " if name is not None else "") + os_reason(exc)
    else:
        text = f"Galat tak terduga ({type(exc).__name__}: {exc})"
    if path is not None and name is not None:
        text = text.replace(str(path), name)
    return shown_name(text)


def _without_file(exc: LakipError, path: Path | None, name: str) -> str:
    """The error's message without the "Berkas <file>" it begins with, its sheet and cell kept."""
    text = exc.message
    for file in sorted({name, Path(name).name, *((path.name, str(path)) if path else ())}, key=len, reverse=True):
        said = f"Berkas {file}"
        if text.startswith((said + " ", said + ":")):
            text = text[len(said) :].lstrip(": ")
            break
    if exc.sheet:
        text += f" (lembar '{exc.sheet}'" + (f", sel {exc.cell})" if exc.cell else ")")
    return text
