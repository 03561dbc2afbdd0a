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


def os_reason(exc: OSError, *, writing: bool = False) -> str:
    """What an ``OSError`` means, in Bahasa Indonesia and without a path (the caller names the file).

    The operating system's own text (``Permission denied``) is English on most
    machines; the error number says the same in any language.

    Args:
        exc: The error.
        writing: The error came while writing (an access error is then "no permission to write").
    """
    import errno

    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "tidak ada izin menulis" if writing else "tidak ada izin membaca"
    known = {
        errno.ENOENT: "berkas atau folder tidak ditemukan",
        errno.ENOSPC: "disk penuh (ruang penyimpanan habis)",
        errno.EDQUOT: "disk penuh (ruang penyimpanan habis)",
        errno.EROFS: "tidak ada izin menulis (disk hanya-baca)",
        errno.EISDIR: "tujuan adalah folder" if writing else "adalah folder, bukan berkas",
        errno.ENOTDIR: "sebagian jalurnya bukan folder",
        errno.ENAMETOOLONG: "nama berkas terlalu panjang",
        errno.ELOOP: "tautan simbolik berputar (menunjuk dirinya sendiri)",
        errno.EIO: "galat baca/tulis pada perangkat penyimpanan",
        errno.EMFILE: "terlalu banyak berkas terbuka",
        errno.ENFILE: "terlalu banyak berkas terbuka",
        errno.ENXIO: "bukan berkas biasa",
        errno.ENODEV: "bukan berkas biasa",
        errno.EBUSY: "sedang dipakai program lain",
        errno.ETXTBSY: "sedang dipakai program lain",
        errno.EFBIG: (
            "berkas melampaui batas ukuran berkas yang diizinkan sistem (ulimit -f)"
            if writing
            else "berkas terlalu besar"
        ),
        errno.ENOMEM: "memori tidak cukup",
        errno.EEXIST: "sudah ada",
        errno.EXDEV: "tidak dapat dipindahkan antar-disk",
    }
    if code in known:
        return known[code]
    name = errno.errorcode.get(code, "") if code is not None else ""
    return f"galat sistem {name} (errno {code})" if name else "galat sistem berkas"
