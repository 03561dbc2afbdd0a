"""What a folder of submissions holds: the workbooks to audit, and every other file with the reason it is not.

:func:`collect` is shared by ``lakip-xl rekap`` and ``lakip-xl audit`` over
several workbooks. Nothing in the given folders is left out silently: a file
is audited, or listed as :class:`Skipped` (with its reason, and whether it
keeps the run from being "bersih"), or as :class:`Superseded` (the same bytes
as a file that is audited). docs/rekap.md states the rules.

No file is opened before its type is known (``lstat``/``stat`` only): a FIFO
would block the reader forever, a symlink loop has no file behind it. Only
regular files are read: the ``.xlsx`` ones for our own marks (an ``.ods`` is never one of our outputs)
(:func:`lakip_xl.io.ours.own_output`, a few KiB), and those whose size equals
another's for their SHA-256.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lakip_xl.io.ours import REASON, marks
from lakip_xl.model.errors import LakipError

WORKBOOK = ".xlsx"
WORKBOOKS = (WORKBOOK, ".ods")  # the formats read (lakip_xl.io.package picks the reader by content)
SAVE_AS = "buka di Excel lalu Simpan Sebagai 'Excel Workbook (*.xlsx)' (LibreOffice: .ods atau 'Excel 2007-365')"
OTHER_FORMATS = {
    ".xls": "Excel 97-2003", ".xlsm": "workbook bermakro", ".xlsb": "workbook biner", ".xltx": "templat Excel",
    ".xltm": "templat Excel bermakro", ".xlt": "templat Excel 97-2003",
    ".fods": "LibreOffice Calc XML", ".ots": "templat LibreOffice Calc", ".numbers": "Apple Numbers",
}  # fmt: skip
ARCHIVES = (".zip", ".rar", ".7z")
SUBMISSION = (*WORKBOOKS, *OTHER_FORMATS, *ARCHIVES)  # names that look like a unit's submission
BROKEN_LINK = "tautan (symlink) rusak: sasarannya tidak ada"
LINK_LOOP = "tautan (symlink) berputar: tidak berujung pada berkas; tidak dibuka"
LINK_FOLDER = "tautan ke folder; isinya tidak ditelusuri (sebut folder itu langsung bila perlu direkap)"
HIDDEN_FILE = "berkas tersembunyi (nama diawali titik)"
HIDDEN_FOLDER = "folder tersembunyi (nama diawali titik); isinya tidak diperiksa"
EXCEL_LOCK = "berkas kunci Excel (~$...), ada selama berkas aslinya dibuka; bukan isian"
CALC_LOCK = "berkas kunci LibreOffice (.~lock...), ada selama berkas aslinya dibuka; bukan isian"
NOT_AUDITED, PASSED_OVER, SUPERSEDED = "tidak diperiksa", "dilewati", "digantikan"
SPECIAL = {stat.S_IFIFO: "pipa bernama (FIFO)", stat.S_IFSOCK: "soket", stat.S_IFCHR: "perangkat",
           stat.S_IFBLK: "perangkat"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file of the inputs that is not audited.

    Attributes:
        path: The file as found (not resolved: a broken link has nothing to resolve to).
        file: Its name in the run (relative to the inputs' common folder; a folder ends with ``/``).
        reason: Why, in one Bahasa Indonesia line.
        blocks: True for a submission that could not be audited (a .xlsm, a broken link): the run is not "bersih".
        own: True for a report or rekap of lakip-xl (this run may replace it with its own output).
    """

    path: Path
    file: str
    reason: str
    blocks: bool
    own: bool = False

    @property
    def status(self) -> str:
        """``tidak diperiksa`` for a submission not audited (the run is not bersih), else ``dilewati``."""
        return NOT_AUDITED if self.blocks else PASSED_OVER


@dataclass(frozen=True, slots=True)
class Superseded:
    """A file counted nowhere because another file of the run stands for it.

    Attributes:
        path: The file.
        file: Its name in the run.
        by: The name of the file counted in its place.
        why: Why, when it is not the same bytes (an older revision of the same unit and year).
    """

    path: Path
    file: str
    by: str
    why: str = ""

    status = SUPERSEDED

    @property
    def reason(self) -> str:
        """Why it is not counted, in Bahasa Indonesia."""
        return self.why or f"isi sama persis dengan {self.by}"


@dataclass
class Inbox:
    """The inputs of one run.

    Attributes:
        files: (path, name) of every workbook to audit, sorted by name.
        skipped: Every other file, sorted by name.
        superseded: Byte-identical copies of an audited file, sorted by name.
        dates: Per workbook name: its own modified date (``docProps/core.xml``, W3CDTF, or None) and its file
            time (``st_mtime``); which revision of a unit is the latest.
    """

    files: list[tuple[Path, str]]
    skipped: list[Skipped] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    dates: dict[str, tuple[str | None, float]] = field(default_factory=dict)

    def inputs(self) -> list[Path]:
        """Every file an output must never replace: the submissions, audited or not.

        The files passed over (our own outputs, lock and hidden files, a .txt) are not the run's inputs: an
        output named explicitly may replace them, as the previous run's ``--json`` in the same folder.
        """
        submissions = [s.path for s in self.skipped if s.blocks]
        return [p for p, _ in self.files] + [s.path for s in self.superseded] + submissions

    def replacing(self, outputs: Iterable[Path | None]) -> Inbox:
        """This inbox without the files passed over that ``outputs`` will replace.

        The previous run's rekap, JSON or reports, rewritten by this run, are not listed in it.
        """
        dest = {os.path.realpath(p) for p in outputs if p is not None and str(p) != "-"}
        kept = [s for s in self.skipped if s.blocks or os.path.realpath(s.path) not in dest]
        return Inbox(self.files, kept, self.superseded, self.dates)

    @property
    def blocking(self) -> bool:
        """True when a submission-looking file was not audited: the run cannot be "bersih"."""
        return any(s.blocks for s in self.skipped)

    def listed(self) -> list[Skipped | Superseded]:
        """Every file not audited, by name: what the console, the rekap and the JSON list."""
        return sorted([*self.skipped, *self.superseded], key=lambda s: (s.file, str(s.path)))


def is_folder(path: Path) -> bool:
    """A folder to search for workbooks (a folder named like a workbook, ``x.xlsx/``, is refused as one)."""
    return path.is_dir() and path.suffix.lower() not in WORKBOOKS


def collect(paths: Iterable[Path]) -> Inbox:
    """Classify every file named by ``paths`` (files, or folders searched with their subfolders).

    In a folder, every ``.xlsx`` and ``.ods`` is audited except our own reports and rekaps
    (recognised by content) and lock and hidden files; every other file is
    listed with its reason. A file named explicitly is audited whatever its
    name, unless it is not a regular file (a FIFO, a broken link or a link
    loop) or one of our outputs. A file named twice is taken once; of
    byte-identical files the one with the shortest name (then the first by
    name) is audited, the others are superseded by it.

    Raises:
        LakipError: A path does not exist, or no workbook to audit was found.
    """
    paths = list(paths)
    found = _Found()
    for path in paths:
        found.argument(path)
    return found.inbox(paths)


class _Found:
    def __init__(self) -> None:
        self.files: dict[str, os.stat_result] = {}  # absolute path -> its stat (followed)
        self.skipped: dict[str, tuple[str, bool, bool]] = {}  # absolute path -> (reason, blocks, folder)

    def skip(self, path: str, reason: str, blocks: bool, folder: bool = False) -> None:
        self.skipped.setdefault(path, (reason, blocks, folder))

    def argument(self, path: Path) -> None:
        where = os.path.abspath(path)
        try:
            st = os.lstat(where)
        except OSError as exc:
            raise LakipError(f"Berkas tidak ditemukan: {path}") from exc
        if stat.S_ISLNK(st.st_mode):
            followed = self._follow(where)
            if followed is None:
                return
            st = followed
        if stat.S_ISDIR(st.st_mode) and Path(where).suffix.lower() not in WORKBOOKS:
            self.folder(where)
        elif stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):  # x.xlsx/: the audit says it is a folder
            self.files.setdefault(where, st)
        else:
            self.skip(where, special_file(st), blocks=True)

    def _follow(self, where: str) -> os.stat_result | None:
        """The stat of a link's target, or None when the link is broken or loops (then listed)."""
        try:
            return os.stat(where)
        except OSError as exc:
            reason = {errno.ELOOP: LINK_LOOP, errno.ENOENT: BROKEN_LINK, errno.ENOTDIR: BROKEN_LINK}
            self.skip(where, reason.get(exc.errno or 0, "tautan (symlink) tidak dapat diikuti"), blocks=True)
            return None

    def folder(self, folder: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            why = "izin ditolak" if exc.errno == errno.EACCES else "tidak dapat dibaca"
            self.skip(folder, f"folder tidak dapat dibuka ({why}); isinya tidak diperiksa", blocks=True, folder=True)
            return
        for entry in entries:
            self.entry(entry)

    def entry(self, entry: os.DirEntry[str]) -> None:
        name, where = entry.name, entry.path
        if name.startswith((".~lock.", "~$")):
            self.skip(where, CALC_LOCK if name.startswith(".") else EXCEL_LOCK, blocks=False)
            return
        if name.startswith("."):
            hidden = entry.is_dir(follow_symlinks=False)
            self.skip(where, HIDDEN_FOLDER if hidden else HIDDEN_FILE, blocks=False, folder=hidden)
            return
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            self.skip(where, "tidak dapat dibaca", blocks=True)
            return
        if stat.S_ISLNK(st.st_mode):
            followed = self._follow(where)
            if followed is None:
                return
            if stat.S_ISDIR(followed.st_mode):  # never followed: no cycle, no second copy of a folder
                self.skip(where, LINK_FOLDER, blocks=False)
                return
            st = followed
        if stat.S_ISDIR(st.st_mode):
            self.folder(where)
            return
        suffix = Path(name).suffix.lower()
        if not stat.S_ISREG(st.st_mode):
            self.skip(where, special_file(st), blocks=suffix in SUBMISSION)
        elif suffix in WORKBOOKS:
            self.files.setdefault(where, st)
        elif suffix in OTHER_FORMATS:
            shown = Path(name).suffix
            self.skip(where, f"format {shown} ({OTHER_FORMATS[suffix]}) tidak diperiksa; {SAVE_AS}", blocks=True)
        elif suffix in ARCHIVES:
            self.skip(where, f"arsip {Path(name).suffix}; ekstrak isinya ke folder masukan lalu ulangi", blocks=True)
        else:
            self.skip(where, f"bukan lembar kerja ({Path(name).suffix or 'tanpa ekstensi'})", blocks=False)

    def inbox(self, paths: Iterable[Path]) -> Inbox:
        everything = [*self.files, *self.skipped]
        if not everything:
            raise LakipError("Tidak ada berkas .xlsx/.ods yang dapat direkap pada " + ", ".join(str(p) for p in paths))
        root = os.path.commonpath([os.path.dirname(p) for p in everything])

        def name(path: str) -> str:
            rel = Path(os.path.relpath(path, root)).as_posix()
            return rel + "/" if self.skipped.get(path, ("", False, False))[2] else rel

        skipped = [Skipped(Path(p), name(p), r, b) for p, (r, b, _) in self.skipped.items()]
        files: list[tuple[Path, str]] = []
        dates: dict[str, tuple[str | None, float]] = {}
        for path in self.files:
            st = self.files[path]
            kind, modified = marks(Path(path)) if stat.S_ISREG(st.st_mode) else (None, None)
            if kind is not None:
                skipped.append(Skipped(Path(path), name(path), REASON[kind], blocks=False, own=True))
            else:
                files.append((Path(path), name(path)))
                dates[name(path)] = (modified, st.st_mtime)
        files, superseded = _distinct(files, {p: st.st_size for p, st in self.files.items()})
        if not files:
            raise nothing_to_audit(paths, skipped)
        return Inbox(
            sorted(files, key=lambda pn: (pn[1], str(pn[0]))),
            sorted(skipped, key=lambda s: (s.file, str(s.path))),
            sorted(superseded, key=lambda s: (s.file, str(s.path))),
            dates,
        )


def nothing_to_audit(paths: Iterable[Path], skipped: Sequence[Skipped]) -> LakipError:
    """The error of a run whose inputs hold no workbook to audit, naming what was skipped (up to five)."""
    listed = "; ".join(f"{s.file}: {s.reason}" for s in sorted(skipped, key=lambda s: s.file)[:5])
    more = f"; dan {len(skipped) - 5} lainnya" if len(skipped) > 5 else ""
    where = ", ".join(str(p) for p in paths)
    return LakipError(f"Tidak ada berkas .xlsx/.ods yang dapat direkap pada {where} (dilewati: {listed}{more})")


def special_file(st: os.stat_result) -> str:
    """Why a FIFO, a socket or a device is not read, in Bahasa Indonesia."""
    return f"{SPECIAL.get(stat.S_IFMT(st.st_mode), 'bukan berkas biasa')}, bukan berkas biasa; tidak dibuka"


def _distinct(
    files: Sequence[tuple[Path, str]], sizes: dict[str, int]
) -> tuple[list[tuple[Path, str]], list[Superseded]]:
    """``files`` with each content once: byte-identical files (same size, then same SHA-256) are one submission."""
    by_size: dict[int, list[tuple[Path, str]]] = {}
    for path, name in files:
        by_size.setdefault(sizes[str(path)], []).append((path, name))
    kept: list[tuple[Path, str]] = []
    superseded: list[Superseded] = []
    for group in by_size.values():
        by_digest: dict[str, list[tuple[Path, str]]] = {}
        for path, name in group:
            digest = sha256(path) if len(group) > 1 else None
            if digest is None:  # alone of its size, or unreadable: the audit will say
                kept.append((path, name))
            else:
                by_digest.setdefault(digest, []).append((path, name))
        for same in by_digest.values():
            first = min(same, key=lambda pn: (len(pn[1]), pn[1]))
            kept.append(first)
            superseded += [Superseded(p, n, first[1]) for p, n in same if (p, n) != first]
    return kept, superseded


def sha256(path: Path) -> str | None:
    """The file's SHA-256 (read in 1 MiB pieces), or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()
