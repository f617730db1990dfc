"""What is wrong with a workspace file that cannot be used, found and said without
the data stack (stdlib only: app.py checks before any page imports pandas), and how
to set the file aside so that nothing is lost."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

ENV_VAR = "RESIDENCY_SCOUT_WORKSPACE"
SCHEMA_VERSION = 2  # the workspace file format this app writes (data.store migrates to it)
SQLITE_HEADER = b"SQLite format 3\x00"

CORRUPT, NEWER, UNWRITABLE, MISSING = "corrupt", "newer", "unwritable", "missing"
# SQLite's words for "cannot write here", as opposed to "this is not a good database".
_UNWRITABLE = ("readonly", "read-only", "disk is full", "disk i/o", "unable to open", "permission", "no space", "locked")


class WorkspaceProblem(RuntimeError):
    """The workspace file cannot be used: what is wrong (kind), where, and SQLite's own words."""

    def __init__(self, kind: str, path: Path, detail: str) -> None:
        self.kind, self.path, self.detail = kind, Path(path), detail
        super().__init__(self.message)

    @property
    def summary(self) -> str:
        """What is wrong, without the path (shown beside it)."""
        if self.kind == NEWER:
            return f"This workspace was written by a newer Residency Scout ({self.detail}); please upgrade the app."
        if self.kind == UNWRITABLE:
            return f"This workspace cannot be written: {self.detail}. Nothing was changed."
        if self.kind == MISSING:
            return f"This workspace file is missing: {self.detail}. Nothing was written in its place."
        return f"This workspace file is damaged and cannot be read: {self.detail}."

    @property
    def message(self) -> str:
        return f"{self.path}: {self.summary}"


def default_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("residency-scout", appauthor=False)) / "workspace.sqlite"


def classify(exc: BaseException, path: Path) -> WorkspaceProblem:
    """A SQLite or file error as a WorkspaceProblem that keeps the real message."""
    if isinstance(exc, WorkspaceProblem):
        return exc
    text = str(exc) or type(exc).__name__
    if isinstance(exc, PermissionError | OSError) and not isinstance(exc, sqlite3.Error):
        return WorkspaceProblem(UNWRITABLE, path, text)
    if isinstance(exc, sqlite3.OperationalError) and any(word in text.lower() for word in _UNWRITABLE):
        return WorkspaceProblem(UNWRITABLE, path, text)
    return WorkspaceProblem(CORRUPT, path, text)


def diagnose(path: Path) -> WorkspaceProblem | None:
    """Why the workspace at path cannot be opened, or None (a missing file is fine: it is created)."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
        if 0 < len(header) < 100 or (header and not header.startswith(SQLITE_HEADER)):
            return WorkspaceProblem(CORRUPT, path, "it is not a SQLite database (the file is truncated or was overwritten)")
        if not header:
            return None  # an empty file is a new workspace
        # Read-only: diagnosing never changes the file.
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                return WorkspaceProblem(NEWER, path, f"workspace version {version}, this app reads up to {SCHEMA_VERSION}")
            result = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if result != ["ok"]:
                return WorkspaceProblem(CORRUPT, path, "; ".join(result))
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        return classify(exc, path)
    return None


def set_aside(path: Path) -> Path:
    """Rename the workspace (and SQLite's side files) so a new one can start; return the new name."""
    path = Path(path)
    target = path.with_name(f"{path.stem}.damaged-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}")
    os.replace(path, target)
    for side in ("-journal", "-wal", "-shm"):
        extra = Path(f"{path}{side}")
        if extra.exists():
            os.replace(extra, Path(f"{target}{side}"))
    return target
