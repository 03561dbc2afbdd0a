"""Edit workbooks in LibreOffice through UNO as staff do on screen (see shared VERIFIED.md).

One soffice per test session listens on a private pipe with a private profile;
each edit runs ``tests/uno_driver.py`` under the system Python, which has
Debian's ``python3-uno`` (the project's venv cannot import ``uno``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DRIVER = Path(__file__).with_name("uno_driver.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def uno_missing() -> str | None:
    """Why UNO editing cannot run here, or None when it can."""
    if shutil.which("soffice") is None:
        return "LibreOffice (soffice) is not installed"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "Debian's python3-uno is not installed for /usr/bin/python3"
    return None


@dataclass
class Job:
    """One workbook to edit: ``src`` opened, ``ops`` applied (see uno_driver.py), stored as ``dst``."""

    src: Path
    dst: Path
    ops: Sequence[dict[str, Any]]


@dataclass
class UnoOffice:
    """A running soffice and the pipe it listens on."""

    pipe: str
    folder: Path

    def edit(self, jobs: Sequence[Job]) -> None:
        """Apply every job in one driver run (one connection), each stored recalculated as .xlsx."""
        spec = {
            "pipe": self.pipe,
            "jobs": [{"src": str(j.src), "dst": str(j.dst), "ops": list(j.ops)} for j in jobs],
        }
        jobs_file = self.folder / f"jobs-{uuid.uuid4().hex}.json"
        jobs_file.write_text(json.dumps(spec), encoding="utf-8")
        run = subprocess.run(
            [SYSTEM_PYTHON, str(DRIVER), str(jobs_file)], capture_output=True, text=True, timeout=600, check=False
        )
        if run.returncode != 0:
            raise RuntimeError(f"UNO edit failed:\n{run.stdout}\n{run.stderr}")


@contextlib.contextmanager
def running_office(folder: Path) -> Iterator[UnoOffice]:
    """Start soffice headless on a private pipe and profile; stop it afterwards."""
    profile = folder / "profile"
    profile.mkdir(parents=True, exist_ok=True)
    pipe = f"lakipxl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    proc = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile)},
    )
    try:
        yield UnoOffice(pipe, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
