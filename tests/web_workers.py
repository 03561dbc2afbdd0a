"""Workers the web tests inject in place of the audit (``Settings.worker``): one that never ends, one that crashes.

They run in the audit's own process, started by the fork server; each is a module-level function so the
process can import it by name.
"""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path
from typing import Any

from lakip_xl.web.worker import Progress


def endless(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Report a step, then wait forever: the server's time limit must end this process."""
    progress("Membaca dan memeriksa angka", 0, 0)
    threading.Event().wait()
    raise AssertionError("unreachable")


def crash(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Die the way a reader crashing in C would."""
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")
