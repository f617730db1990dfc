"""The local workspace: one SQLite file holding the user's tables (each as a
Parquet blob, so dtypes and extra columns survive exactly) and settings (the
profile and weights, as JSON).

Every save is one transaction, so a crash leaves the old or the new state and
never a mix; a revision number lets a second browser tab learn that it would
overwrite newer work instead of doing so silently. A second number, the
tables' revision, moves only when a table is saved: table caches key on it, so
a weight or profile change never re-reads the tables.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from data.files import PRIVATE, write_atomic
from data.normalise import empty_table
from data.recovery import ENV_VAR, MISSING, NEWER, SCHEMA_VERSION, WorkspaceProblem, classify, default_path  # noqa: F401 - ENV_VAR kept importable from here

# Arrow's default allocator (mimalloc) keeps freed pages, which adds about 40 MB to the
# peak when a 100,000-program table is loaded; the system allocator gives them back.
pa.set_memory_pool(pa.system_memory_pool())

TABLE_NAMES = ("programs", "contacts", "letters", "applications")


class StaleWorkspace(RuntimeError):
    """Someone saved since this copy was read; saving now would lose their work."""


def with_every_column(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A table saved by an older version, with the columns added since as blanks (unknown),
    so every reader sees the whole contract; nothing saved is changed."""
    if name not in TABLE_NAMES:
        return table
    empty = empty_table(name)
    missing = [c for c in empty.columns if c not in table.columns]
    if not missing:
        return table
    added = pd.DataFrame({c: pd.Series(pd.NA, index=table.index, dtype=empty[c].dtype) for c in missing}, index=table.index)
    return pd.concat([table, added], axis=1)


def _create_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created owner-only before SQLite opens it: the profile holds private scores.
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


CREATE = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS tables (name TEXT PRIMARY KEY, parquet BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "INSERT OR IGNORE INTO meta VALUES ('revision', '0')",
)
# Each entry upgrades a workspace from version N to N + 1, inside the same transaction.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    # Version 2: a blank cutoff means "not checked yet" (it used to mean "no cutoff"). The data
    # are unchanged; a workspace that already holds programs is told once, and offered to say
    # per column that its blanks meant no cutoff (app_pages/upgrade_notice.py).
    1: ("INSERT OR REPLACE INTO settings SELECT 'cutoffs_upgrade', '{\"pending\": true}' WHERE EXISTS (SELECT 1 FROM tables WHERE name = 'programs')",),
}


class Workspace:
    def __init__(self, path: str | Path | None = None) -> None:
        """Open (or create) the workspace; WorkspaceProblem says why it cannot be used."""
        self.path = Path(path) if path is not None else default_path()
        try:
            if not self.path.exists():
                _create_private(self.path)
            self._upgrade()
        except (sqlite3.Error, OSError) as exc:
            raise classify(exc, self.path) from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # mode=rw: SQLite never creates the file here. One deleted while the app runs would
        # otherwise come back empty and readable by others, and then be called damaged.
        try:
            opened = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=rw", uri=True, timeout=30, isolation_level=None)
        except sqlite3.OperationalError as exc:
            if not self.path.exists():
                raise WorkspaceProblem(MISSING, self.path, "it was deleted or moved while the app was running") from exc
            raise
        with closing(opened) as conn:
            conn.execute("PRAGMA synchronous=FULL")
            yield conn

    def _upgrade(self) -> None:
        with self._connect() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version > SCHEMA_VERSION:
                raise WorkspaceProblem(NEWER, self.path, f"workspace version {version}, this app reads up to {SCHEMA_VERSION}")
            has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        if has_tables:
            backup = self.path.with_name(f"{self.path.stem}.v{version}.{int(time.time())}.bak{self.path.suffix}")
            with open(self.path, "rb") as source:
                write_atomic(backup, lambda sink: shutil.copyfileobj(source, sink), mode=PRIVATE)
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if version == 0:
                for statement in CREATE:
                    conn.execute(statement)
                version = 1
            while version < SCHEMA_VERSION:
                # executescript would commit early; each migration is a list of statements.
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                version += 1
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")

    # Reading -----------------------------------------------------------------

    def revision(self) -> int:
        with self._connect() as conn:
            return int(conn.execute("SELECT value FROM meta WHERE key='revision'").fetchone()[0])

    def tables_revision(self) -> int:
        """The revision at which a table was last saved (0 before any, or in a workspace older than this key)."""
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key='tables_revision'").fetchone()
        return 0 if row is None else int(row[0])

    def is_initialised(self) -> bool:
        with self._connect() as conn:
            return conn.execute("SELECT 1 FROM meta WHERE key='initialised'").fetchone() is not None

    def load_table(self, name: str) -> pd.DataFrame:
        with self._connect() as conn:
            row = conn.execute("SELECT parquet FROM tables WHERE name=?", (name,)).fetchone()
        if row is None:
            return empty_table(name)
        try:
            table = pd.read_parquet(io.BytesIO(row[0]))
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ... on damaged bytes
            raise classify(sqlite3.DatabaseError(f"the {name} table is damaged ({exc})"), self.path) from exc
        return with_every_column(table, name)

    def load_setting(self, name: str) -> dict[str, Any] | None:
        with self._connect() as conn:
            row = conn.execute("SELECT json FROM settings WHERE name=?", (name,)).fetchone()
        return None if row is None else json.loads(row[0])

    # Writing -----------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends; SQLite's own reason on failure."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                # A failed BEGIN or COMMIT may leave no transaction: rolling back then would
                # hide SQLite's real reason ("disk is full") behind "cannot rollback".
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise classify(exc, self.path) from exc
                raise

    def save(
        self,
        tables: Mapping[str, pd.DataFrame] | None = None,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        expected_revision: int | None = None,
    ) -> int:
        """Write tables and settings in one transaction; return the new revision.

        With expected_revision, refuse (StaleWorkspace) when another save came first,
        whether it saved tables or only settings. The tables' revision moves only
        when tables are given.
        """
        blobs = {name: _to_parquet(frame) for name, frame in (tables or {}).items()}
        texts = {name: json.dumps(value, default=str, sort_keys=True) for name, value in (settings or {}).items()}
        with self._transaction() as conn:
            current = int(conn.execute("SELECT value FROM meta WHERE key='revision'").fetchone()[0])
            if expected_revision is not None and current != expected_revision:
                raise StaleWorkspace("This workspace was changed in another window or tab since you opened it; reload to see the newer version before saving.")
            for name, blob in blobs.items():
                conn.execute("INSERT OR REPLACE INTO tables VALUES (?, ?)", (name, blob))
            for name, text in texts.items():
                conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (name, text))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('initialised', '1')")
            conn.execute("UPDATE meta SET value=? WHERE key='revision'", (str(current + 1),))
            if blobs:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('tables_revision', ?)", (str(current + 1),))
        return current + 1

    def update_setting(self, name: str, change: Callable[[Any], Any]) -> tuple[int, int]:
        """Read a setting, change it and write it back in one transaction, whoever saved
        since: for what must never be refused (a grid edit another window's save refused,
        kept as a draft). Returns the revisions before and after: a caller that had seen
        the one before is up to date after."""
        with self._transaction() as conn:
            row = conn.execute("SELECT json FROM settings WHERE name=?", (name,)).fetchone()
            value = change(None if row is None else json.loads(row[0]))
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (name, json.dumps(value, default=str, sort_keys=True)))
            current = int(conn.execute("SELECT value FROM meta WHERE key='revision'").fetchone()[0])
            conn.execute("UPDATE meta SET value=? WHERE key='revision'", (str(current + 1),))
        return current, current + 1

    def integrity_ok(self) -> bool:
        with self._connect() as conn:
            return conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _to_parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False)
    return buffer.getvalue()
