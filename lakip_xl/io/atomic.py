"""Atomic output: check the destination first, write to a temporary file beside it, then rename.

Every failure to write (a folder given as the file, a missing or read-only
folder, a full disk) is an :class:`OutputError`: one line, exit code 3, and
nothing left behind in the output folder or in ``$TMPDIR``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from lakip_xl.io.signals import hold, release
from lakip_xl.model.errors import OutputError, os_reason

NAME_MAX = 255  # bytes of one file name on Linux, macOS and Windows file systems (less on a few: asked for)
TEMP_PART = 64  # bytes of the output's name kept in its temporary file's name


def fit_name(stem: str, ending: str, folder: Path | None = None) -> str:
    """``stem + ending`` as a file name the file system takes: at most its name limit in bytes.

    A name too long keeps ``ending`` whole and the beginning of ``stem``, cut
    between two characters (never inside one, nor before a combining mark),
    followed by ``~`` and 8 hex digits of the SHA-256 of the whole stem: two
    long names that differ only past the cut stay different.

    Args:
        stem: The part that may be shortened (an input's name without its suffix).
        ending: The part kept whole, e.g. ``_laporan.xlsx``.
        folder: Where the file goes, to ask its file system's limit (default: 255 bytes).
    """
    limit = _name_max(folder)
    if _size(stem + ending) <= limit:
        return stem + ending
    tail = f"~{hashlib.sha256(_encoded(stem)).hexdigest()[:8]}{ending}"
    return cut_bytes(stem, limit - _size(tail)) + tail


def cut_bytes(text: str, room: int) -> str:
    """The longest beginning of ``text`` of at most ``room`` bytes in the file system's encoding.

    It ends between two characters, never before a combining mark (an accent
    typed as its own character stays on its letter).
    """
    end, used = 0, 0
    for ch in text:
        used += _size(ch)
        if used > room:
            break
        end += 1
    while 0 < end < len(text) and unicodedata.combining(text[end]):
        end -= 1
    return text[:end]


def _encoded(text: str) -> bytes:
    """``text`` as the file system stores it (undecodable bytes of a name come back as they were)."""
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that no file name holds: counted as UTF-8 would store it
        return text.encode("utf-8", "surrogatepass")


def _size(text: str) -> int:
    return len(_encoded(text))


def _name_max(folder: Path | None) -> int:
    """The file system's limit on one name, in bytes (never above :data:`NAME_MAX`)."""
    if folder is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            return min(NAME_MAX, os.pathconf(folder, "PC_NAME_MAX"))
    return NAME_MAX


def _temp_prefix(path: Path) -> str:
    """``.<name>.``: the output's name, cut short, so the temporary name fits wherever the output's fits."""
    return f".{cut_bytes(path.name, TEMP_PART)}."


def check_output(path: Path) -> None:
    """Refuse an output destination before any work is done.

    Raises:
        OutputError: ``path`` is a folder, its folder is missing, or nothing can be created there.
    """
    folder = _folder_of(path)
    try:  # the only reliable test (root, ACLs, read-only mounts): create a file there
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis ke folder {path.parent}: {_reason(exc)}") from exc
    os.close(fd)
    os.unlink(name)


def check_distinct(*named: tuple[str, Path | None]) -> None:
    """Refuse two outputs (or an output and an input) that are the same file.

    Args:
        named: (what it is, path) pairs, e.g. ``("-o", Path("a.xlsx"))``; None paths are skipped.

    Raises:
        OutputError: Two of them name the same file.
    """
    seen: dict[Path, str] = {}
    for what, path in named:
        if path is None or str(path) == "-":
            continue
        key = path.resolve()
        if key in seen:
            raise OutputError(f"{seen[key]} dan {what} menunjuk berkas yang sama: {path}")
        seen[key] = what


def refuse_inputs(outputs: Iterable[tuple[str, Path | None]], inputs: Iterable[Path]) -> None:
    """Refuse any output that is one of the run's inputs, before any work is done.

    The same file is recognised by its resolved path and, where both exist, by
    device and inode (a hard link or a symlink under another name).

    Args:
        outputs: (what it is, path) pairs, e.g. ``("laporan", Path("a_laporan.xlsx"))``; None and ``-`` skipped.
        inputs: Every input file of the run.

    Raises:
        OutputError: An output would replace an input.
    """
    by_path: dict[Path, Path] = {}
    by_inode: dict[tuple[int, int], Path] = {}
    for path in inputs:
        by_path[Path(os.path.realpath(path))] = path  # never raises, not even on a symlink loop
        with contextlib.suppress(OSError):
            st = path.stat()
            by_inode[(st.st_dev, st.st_ino)] = path
    for what, out in outputs:
        if out is None or str(out) == "-":
            continue
        hit = by_path.get(Path(os.path.realpath(out)))
        if hit is None:
            with contextlib.suppress(OSError):
                st = out.stat()
                hit = by_inode.get((st.st_dev, st.st_ino))
        if hit is not None:
            raise OutputError(
                f"{what} {out} akan menimpa berkas masukan {hit}; berkas masukan tidak pernah ditimpa. "
                "Ganti nama berkas itu atau pilih tujuan lain"
            )


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path; on success rename it onto ``path``.

    On any failure (including KeyboardInterrupt and the signals the CLI turns
    into exceptions) the temporary file is removed and an existing ``path`` is
    left untouched. An ``OSError`` while writing (a full disk) becomes an
    :class:`OutputError`.

    Raises:
        OutputError: The destination cannot be written.
    """
    folder = _folder_of(path)
    held = hold()  # a signal now would leave the file made below: it waits for the try
    try:
        fd, name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        release(held)
        raise OutputError(f"Tidak dapat menulis ke folder {path.parent}: {_reason(exc)}") from exc
    except BaseException:
        release(held)
        raise
    tmp = Path(name)
    try:
        os.close(fd)
        release(held)  # a signal that waited is raised here, where the except below removes the file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with writing(path):
            yield tmp
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Name ``path`` in the :class:`OutputError` of an ``OSError`` (a full disk) raised while it is written.

    Where several outputs are open at once (the rekap and its JSON), each write goes
    inside its own ``writing``, so the message names the file that failed.

    Raises:
        OutputError: ``path`` cannot be written.
    """
    try:
        yield
    except BaseException as exc:
        cause = _os_error(exc)
        if cause is not None and not isinstance(exc, OutputError):
            hint = _temp_hint(cause, path.resolve().parent)
            raise OutputError(f"Tidak dapat menulis {path}: {_reason(cause)}{hint}") from exc
        raise


def _os_error(exc: BaseException | None) -> OSError | None:
    """The OSError behind ``exc`` (xlsxwriter wraps one in its FileCreateError), if any."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private folder in ``$TMPDIR`` for a writer's temporary files (xlsxwriter's), removed in every case.

    Ctrl-C, SIGTERM and SIGHUP are held while the folder is made, so none lands
    between its creation and the ``try`` that removes it.
    """
    held = hold()
    try:
        folder = Path(tempfile.mkdtemp(prefix="lakip-xl-"))
    except BaseException:
        release(held)
        raise
    try:
        release(held)
        yield folder
    finally:
        remove_folder(folder)


def remove_folder(folder: Path) -> None:
    """Remove ``folder`` and what it holds, even when a signal's exception interrupts the first attempt."""
    try:
        shutil.rmtree(folder, ignore_errors=True)
    except BaseException:  # Ctrl-C, SIGTERM, SIGHUP in the middle: finish the removal, then let it through
        shutil.rmtree(folder, ignore_errors=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _folder_of(path: Path) -> Path:
    """The folder ``path`` goes into, refusing a folder as the file and a missing folder."""
    if path.is_dir():
        raise OutputError(f"Keluaran {path} adalah folder; sebutkan nama berkas di dalamnya")
    folder = path.resolve().parent
    if not folder.is_dir():  # named as given: a relative path stays relative
        raise OutputError(f"Folder keluaran tidak ada: {path.parent}")
    return folder


def _temp_hint(exc: OSError, folder: Path) -> str:
    """For a full disk: also name ``$TMPDIR`` when it is another disk (the writer's temporary files go there)."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return ""
    temp = tempfile.gettempdir()
    try:
        if os.stat(temp).st_dev == os.stat(folder).st_dev:
            return ""
    except OSError:
        pass
    return f"; periksa juga folder sementara {temp} (TMPDIR)"


def _reason(exc: OSError) -> str:
    """An OSError in words a user knows (a full disk is named as such), never the system's English."""
    return os_reason(exc, writing=True)
