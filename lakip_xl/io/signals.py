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
