"""SIGTERM and SIGHUP stop a run the way Ctrl-C does: every output's cleanup runs, nothing half-written is left.

The handlers raise :class:`Stopped` where the program is, so the ``finally``
blocks of the atomic outputs and scratch folders remove their files; the CLI
maps it to exit 128 + the signal number.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any


class Stopped(BaseException):
    """SIGTERM or SIGHUP, raised where the program is so that every output's cleanup runs.

    Args:
        signum: The signal received.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def _on_signals() -> dict[int, Any]:
    """SIGTERM and SIGHUP stop the run like Ctrl-C: temporary files removed, nothing half-written.

    Returns:
        The handlers replaced, to be put back when the run ends.
    """
    before: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            with contextlib.suppress(ValueError):  # not the main thread (an embedding program's worker)
                before[getattr(signal, name)] = signal.signal(getattr(signal, name), _stop)
    return before


@contextlib.contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Stopped`; the handlers before are put back after."""
    before = _on_signals()
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)


STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


def hold() -> set[int] | None:
    """Hold Ctrl-C, SIGTERM and SIGHUP (they wait, pending) while a temporary file or folder is made.

    A signal that arrived between the file's creation and the ``try`` whose
    ``finally`` removes it would leave it behind; held, it is delivered by
    :func:`release` inside that ``try``.

    Returns:
        The signal mask to put back, or None where signals cannot be held (not POSIX).
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def release(mask: set[int] | None) -> None:
    """Put back the mask :func:`hold` replaced: a signal that waited is raised here, at once."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
