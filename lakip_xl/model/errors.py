"""Errors that end a command with a clear, user-facing message."""

from __future__ import annotations


class LakipError(Exception):
    """An input the tool cannot use; rendered as one line, exit code 2.

    Args:
        message: The Bahasa Indonesia message shown to the user.
        sheet: The sheet the problem is on, if any.
        cell: The A1 cell reference, if any.
    """

    exit_code = 2

    def __init__(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.cell = cell
        self.file: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file and self.file not in self.message:
            where = f" (berkas {self.file})"
        if self.sheet and self.cell:
            where = f" (berkas {self.file or '-'}, lembar '{self.sheet}', sel {self.cell})"
        elif self.sheet:
            where = f" (berkas {self.file or '-'}, lembar '{self.sheet}')"
        return f"{self.message}{where}"


class NotFilledError(LakipError):
    """A workbook none of whose report tables holds anything: an untouched template (exit 2, as unusable).

    Args:
        message: The Bahasa Indonesia message.
        unit: The unit its Identitas names ("" when none).
        year: The year its Identitas names ("" when none).
    """

    def __init__(self, message: str, unit: str = "", year: str = "") -> None:
        super().__init__(message)
        self.unit = unit
        self.year = year


class OutputError(LakipError):
    """An output that cannot be written (a folder, a missing or read-only folder, the input itself, a full disk).

    Rendered as one line like any :class:`LakipError`, but with exit code 3: the input may be fine.
    """

    exit_code = 3
