"""The rekap of the latest submissions, built by ``lakip-xl rekap``'s own code in a process of its own.

The latest submission of each unit and year is linked (by its stored hash
name, never a user's name) into a private folder under a name made of the
unit's letters and digits only, and :func:`lakip_xl.desk.rekap.rekap` audits
that folder as it audits any inbox. The outputs are kept under ``rekap/`` in
the data folder, named by the hash of the submissions they cover, so the
same set of submissions is rekapped once.

The list of expected units (``--daftar``) is written to ``daftar.txt`` and
:func:`build` passes it to the rekap, so the rekap's "belum kirim" rows
match the board's.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lakip_xl.web.store import Store, Submission
from lakip_xl.web.worker import Progress

INBOX = "masukan"
OUTPUT = "rekap.xlsx"
OUTPUT_JSON = "rekap.json"
DAFTAR = "daftar.txt"
WORKER = "lakip_xl.web.rekap:build"


def latest(submissions: Sequence[Submission]) -> list[Submission]:
    """The latest submission of each unit and year, by unit then year."""
    from lakip_xl.web.settings import unit_key

    by_unit: dict[tuple[str, str], Submission] = {}
    for sub in submissions:
        by_unit[(unit_key(sub.unit), sub.year)] = sub  # oldest first: the last one stays
    return [by_unit[k] for k in sorted(by_unit)]


def key_of(subs: Sequence[Submission], daftar: Sequence[str]) -> str:
    """The hash that names a rekap: of the submissions it covers and the expected units."""
    text = "\n".join([*(f"{s.id}:{s.sha256}" for s in subs), "--", *daftar])
    return hashlib.sha256(text.encode()).hexdigest()


def safe_name(unit: str, year: str, taken: set[str]) -> str:
    """A file name from a unit's ASCII letters and digits only (``kecamatan-mustikajaya_2024.xlsx``), unique."""
    ascii_name = unicodedata.normalize("NFKD", unit).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60] or "unit"
    stem = f"{stem}_{year}" if re.fullmatch(r"\d{4}", year) else stem
    name, n = f"{stem}.xlsx", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.xlsx"
    taken.add(name)
    return name


def prepare(folder: Path, store: Store, subs: Sequence[Submission], daftar: Sequence[str]) -> None:
    """Link each submission's stored workbook into ``folder/masukan`` (copied where links are not possible)."""
    inbox = folder / INBOX
    inbox.mkdir()
    taken: set[str] = set()
    for sub in subs:
        source, target = store.workbook(sub.sha256), inbox / safe_name(sub.unit, sub.year, taken)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    (folder / DAFTAR).write_text("".join(f"{u}\n" for u in daftar), encoding="utf-8")


def build(folder: Path, sha256: str, display: str, progress: Progress) -> dict[str, Any]:
    """Run ``lakip-xl rekap`` over ``folder/masukan`` into ``folder`` (in the job's process)."""
    from lakip_xl.desk.rekap import rekap
    from lakip_xl.report.unit import UnitSummary

    class Told:
        total = 0
        done = 0

        def start(self, total: int) -> None:
            self.total = total
            progress("Memeriksa kiriman setiap unit", 0, total)

        def advance(self, unit: UnitSummary) -> None:
            self.done += 1
            progress("Memeriksa kiriman setiap unit", self.done, self.total)

    listed = folder / DAFTAR
    daftar = listed if listed.is_file() and listed.read_text(encoding="utf-8").strip() else None
    result = rekap([folder / INBOX], folder / OUTPUT, json_out=folder / OUTPUT_JSON, progress=Told(), daftar=daftar)
    return {"units": len(result.units), "verdict": "bersih" if result.exit_code == 0 else "ada galat"}


def keep(folder: Path, store: Store, key: str) -> None:
    """Move a built rekap into the data folder under its key."""
    for name, suffix in ((OUTPUT, ".xlsx"), (OUTPUT_JSON, ".json")):
        target = store.root / "rekap" / f"{key}{suffix}"
        os.replace(folder / name, target)


def kept(store: Store, key: str, suffix: str) -> Path | None:
    """A rekap already built for this key, or None."""
    path = store.root / "rekap" / f"{key}{suffix}"
    return path if path.exists() else None
