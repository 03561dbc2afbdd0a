"""A stop signal in the instant after a temporary file or folder is made never leaves it behind.

The signal tests in test_outputs.py send SIGTERM once xlsxwriter's scratch
folder is seen, which can be the very instant after ``mkdtemp`` made it and
before the ``try`` that removes it. Here the signal is sent exactly there,
every time: from inside ``mkdtemp``/``mkstemp``, right after the file exists.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lakip_xl.io.atomic import atomic_output, scratch_folder
from lakip_xl.io.signals import Stopped, stopping_on_signals


def _signalling(make: Callable[..., Any]) -> Callable[..., Any]:
    def made(*args: Any, **kwargs: Any) -> Any:
        out = make(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # the file exists; the caller's try has not begun
        return out

    return made


def test_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(tempfile, "mkdtemp", _signalling(tempfile.mkdtemp))
    with stopping_on_signals(), pytest.raises(Stopped), scratch_folder():
        pytest.fail("the signal is raised before the folder is handed out")
    assert list(tmp_path.iterdir()) == []


def test_atomic_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _signalling(tempfile.mkstemp))
    with stopping_on_signals(), pytest.raises(Stopped), atomic_output(tmp_path / "keluaran.xlsx"):
        pytest.fail("the signal is raised before the temporary file is handed out")
    assert list(tmp_path.iterdir()) == []
