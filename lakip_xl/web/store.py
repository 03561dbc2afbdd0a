"""Bappeda's submissions: files named by their SHA-256 under the data folder, metadata in SQLite.

Layout of the data folder (docs/web.md):

- ``berkas/ab/<sha256>.xlsx``: every workbook received, once per content, never overwritten;
- ``laporan/ab/<sha256>.xlsx``: the report workbook of that content (as ``lakip-xl audit`` writes it),
  built when it is first downloaded (:mod:`lakip_xl.web.builds`), then kept;
- ``selisih/ab/<old>-<new>.json``: the diff of a revision against the submission before it (as
  ``lakip-xl diff --json`` writes it), with its lines for the history page (``.baris.json``), built when the
  unit's history is first shown, then kept;
- ``lakip.sqlite``: one row per submission (WAL journal; the schema's version in ``PRAGMA user_version``);
- ``rekap/``: rekaps built for the board, named by the hash of the submissions they cover;
- ``rahasia``: the key that signs sessions and forms (mode 0600).

A name a user typed (a file name, a unit) is stored as data in SQLite and
never becomes part of a path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lakip_xl.model.errors import LakipError
from lakip_xl.web.settings import unit_key

SCHEMA_VERSION = 1
MIGRATIONS = {
    1: """
    CREATE TABLE submission (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        unit TEXT NOT NULL,
        unit_key TEXT NOT NULL,
        year TEXT NOT NULL,
        received_at TEXT NOT NULL,
        file_name TEXT NOT NULL,
        verdict TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        infos INTEGER NOT NULL,
        document TEXT NOT NULL
    );
    CREATE INDEX submission_unit ON submission (unit_key, year, id);
    CREATE TABLE upload_code (
        code TEXT PRIMARY KEY,
        unit TEXT NOT NULL,
        unit_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX upload_code_unit ON upload_code (unit_key);
    """,
}
SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Submission:
    """One workbook a unit sent, as stored.

    Attributes:
        id: Its number (the order of arrival).
        sha256: The file's content hash: its name under ``berkas/`` and its report's under ``laporan/``.
        unit: The unit, from the workbook's Identitas (else the upload link's unit).
        year: The report year from Identitas ("" when not filled).
        received_at: When it arrived (UTC, ISO 8601).
        file_name: The name it had on the sender's computer: shown, never used as a path.
        verdict: bersih, ada galat or belum lengkap.
        errors, warnings, infos: Findings by severity.
        document: The audit's JSON document, exactly as ``lakip-xl audit --json`` writes it.
    """

    id: int
    sha256: str
    unit: str
    year: str
    received_at: str
    file_name: str
    verdict: str
    errors: int
    warnings: int
    infos: int
    document: str

    def received_day(self) -> dt.date:
        """The day it arrived on this machine's calendar: the audit date its report prints."""
        return dt.datetime.fromisoformat(self.received_at).astimezone().date()

    def findings(self) -> dict[str, Any]:
        """The audit document, parsed."""
        parsed: dict[str, Any] = json.loads(self.document)
        return parsed


class Store:
    """The data folder: content-addressed files and the SQLite database.

    Args:
        root: The data folder (created when missing).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            for sub in ("berkas", "laporan", "rekap", "selisih"):
                (root / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LakipError(f"Folder data {root} tidak dapat dibuat: {exc.strerror or exc}") from exc
        self.db = root / "lakip.sqlite"
        self._migrate()

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One connection per call (safe from any thread), committed on success, always closed."""
        con = sqlite3.connect(self.db, timeout=30)
        try:
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA busy_timeout = 30000")
            con.execute("PRAGMA foreign_keys = ON")
            with con:
                yield con
        finally:
            con.close()

    def _migrate(self) -> None:
        with self._connect() as con:
            con.execute("PRAGMA journal_mode = WAL")
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LakipError(
                    f"Basis data {self.db.name} dibuat oleh lakip-xl yang lebih baru (skema {version}); "
                    "perbarui lakip-xl"
                )
            for step in range(version + 1, SCHEMA_VERSION + 1):
                con.executescript(f"BEGIN; {MIGRATIONS[step]} PRAGMA user_version = {step}; COMMIT;")

    def schema_version(self) -> int:
        """The database's schema version."""
        with self._connect() as con:
            return int(con.execute("PRAGMA user_version").fetchone()[0])

    def journal_mode(self) -> str:
        """The database's journal mode (``wal``)."""
        with self._connect() as con:
            return str(con.execute("PRAGMA journal_mode").fetchone()[0])

    def secret(self) -> bytes:
        """The key that signs sessions and forms, made once and kept in the data folder (mode 0600)."""
        path = self.root / "rahasia"
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
        return bytes.fromhex(path.read_text(encoding="ascii").strip())

    # files

    def _by_hash(self, kind: str, sha256: str) -> Path:
        if not SHA256.fullmatch(sha256):
            raise ValueError("not a sha256")
        return self.root / kind / sha256[:2] / f"{sha256}.xlsx"

    def workbook(self, sha256: str) -> Path:
        """Where a received workbook of this content is kept."""
        return self._by_hash("berkas", sha256)

    def report(self, sha256: str) -> Path:
        """Where the report workbook of this content is kept."""
        return self._by_hash("laporan", sha256)

    def comparison(self, old: str, new: str) -> Path:
        """Where the diff of two contents (``lakip-xl diff --json``, old then new) is kept."""
        return self._by_hash("selisih", old).with_name(f"{old}-{self._by_hash('selisih', new).stem}.json")

    # submissions

    def add(
        self,
        workbook: Path,
        report: Path | None,
        document: dict[str, Any],
        unit: str,
        year: str,
        text: str | None = None,
    ) -> Submission:
        """Keep a workbook, its report (if built already) and its audit as a new submission (never replacing one).

        ``text`` is the audit's JSON as written (``document`` serialised the same way when not given).
        """
        sha256 = str(document["sha256"])
        keep_once(workbook, self.workbook(sha256))
        if report is not None:
            keep_once(report, self.report(sha256))
        summary = document["summary"]
        received = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        if text is None:
            text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        with self._connect() as con:
            cur = con.execute(
                "INSERT INTO submission (sha256, unit, unit_key, year, received_at, file_name, verdict, errors, "
                "warnings, infos, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, unit, unit_key(unit), year, received, str(document["file"]), str(document["verdict"]),
                 summary["error"], summary["warning"], summary["info"], text),
            )  # fmt: skip
            new_id = cur.lastrowid
        found = self.submission(int(new_id or 0))
        assert found is not None
        return found

    def submission(self, submission_id: int) -> Submission | None:
        """One submission by its number."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM submission WHERE id = ?", (submission_id,)).fetchone()
        return _submission(row) if row else None

    def first(self, sha256: str) -> Submission | None:
        """The earliest submission of this content: the one its kept report is built for."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM submission WHERE sha256 = ? ORDER BY id LIMIT 1", (sha256,)).fetchone()
        return _submission(row) if row else None

    def submissions(self) -> list[Submission]:
        """Every submission, oldest first."""
        with self._connect() as con:
            return [_submission(r) for r in con.execute("SELECT * FROM submission ORDER BY id")]

    def history(self, key: str, year: str) -> list[Submission]:
        """Every submission of one unit (by :func:`unit_key`) and year, oldest first."""
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM submission WHERE unit_key = ? AND year = ? ORDER BY id", (key, year)
            ).fetchall()
        return [_submission(r) for r in rows]

    def count(self) -> int:
        """Submissions stored."""
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM submission").fetchone()[0])

    # upload codes

    def code_for(self, unit: str) -> str:
        """The unit's upload code: its current one, or a new random one."""
        key = unit_key(unit)
        with self._connect() as con:
            row = con.execute(
                "SELECT code FROM upload_code WHERE unit_key = ? AND revoked_at IS NULL", (key,)
            ).fetchone()
            if row:
                return str(row[0])
            code = secrets.token_urlsafe(12)
            con.execute(
                "INSERT INTO upload_code (code, unit, unit_key, created_at) VALUES (?, ?, ?, ?)",
                (code, unit, key, _now()),
            )
            return code

    def renew_code(self, unit: str) -> str:
        """Revoke the unit's upload code and give it a new one (a link sent to the wrong person stops working)."""
        with self._connect() as con:
            con.execute(
                "UPDATE upload_code SET revoked_at = ? WHERE unit_key = ? AND revoked_at IS NULL",
                (_now(), unit_key(unit)),
            )
        return self.code_for(unit)

    def unit_of_code(self, code: str) -> str | None:
        """The unit a live upload code belongs to, or None."""
        if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", code):
            return None
        with self._connect() as con:
            row = con.execute("SELECT unit FROM upload_code WHERE code = ? AND revoked_at IS NULL", (code,)).fetchone()
        return str(row[0]) if row else None

    def links(self) -> list[tuple[str, str]]:
        """Every live upload code with its unit, by unit."""
        with self._connect() as con:
            rows = con.execute("SELECT unit, code FROM upload_code WHERE revoked_at IS NULL ORDER BY unit_key")
            return [(str(r[0]), str(r[1])) for r in rows]

    def codes(self) -> dict[str, str]:
        """Every live upload code by unit key."""
        with self._connect() as con:
            rows = con.execute("SELECT unit_key, code FROM upload_code WHERE revoked_at IS NULL").fetchall()
        return {str(r[0]): str(r[1]) for r in rows}


def keep_once(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` unless a file is there already (never overwritten; written, synced, linked)."""
    if target.exists():
        return
    target.parent.mkdir(exist_ok=True)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with source.open("rb") as src, tmp.open("wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.link(tmp, target)  # fails when another request kept the same content meanwhile: theirs stays
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _submission(row: sqlite3.Row) -> Submission:
    return Submission(
        id=row["id"], sha256=row["sha256"], unit=row["unit"], year=row["year"], received_at=row["received_at"],
        file_name=row["file_name"], verdict=row["verdict"], errors=row["errors"], warnings=row["warnings"],
        infos=row["infos"], document=row["document"],
    )  # fmt: skip
