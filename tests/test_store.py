"""The local workspace: persistence, one-transaction saves, stale writers,
private file permissions, upgrades with a backup."""

import os
import sqlite3
import stat

import pandas as pd
import pytest

from data import bundled
from data.store import SCHEMA_VERSION, StaleWorkspace, Workspace


def test_tables_and_settings_survive_reopening(tmp_path):
    path = tmp_path / "w.sqlite"
    tables = bundled.example_tables()
    ws = Workspace(path)
    assert not ws.is_initialised()
    ws.save(tables=tables, settings={"profile": {"visa_need": "h1b"}})
    again = Workspace(path)
    assert again.is_initialised()
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(again.load_table(name), frame.reset_index(drop=True))
    assert again.load_setting("profile") == {"visa_need": "h1b"}


def test_a_save_based_on_an_old_revision_is_refused(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite")
    first = ws.save(settings={"weights": {"focus": 1}})
    ws.save(settings={"weights": {"focus": 2}}, expected_revision=first)
    with pytest.raises(StaleWorkspace, match="another window"):
        ws.save(settings={"weights": {"focus": 3}}, expected_revision=first)
    assert ws.load_setting("weights") == {"focus": 2}


def test_a_failed_save_changes_nothing(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(tables={"programs": bundled.example_tables()["programs"]})
    before = ws.revision()

    class Boom:
        def reset_index(self, drop):
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        ws.save(tables={"contacts": pd.DataFrame({"a": [1]}), "programs": Boom()})  # type: ignore[dict-item]
    assert ws.revision() == before
    assert len(ws.load_table("programs")) == 44
    assert ws.load_table("contacts").empty


def test_the_workspace_file_is_private(tmp_path):
    ws = Workspace(tmp_path / "sub" / "w.sqlite")
    mode = stat.S_IMODE(os.stat(ws.path).st_mode)
    assert mode == 0o600


def test_an_old_workspace_is_upgraded_with_a_backup(tmp_path):
    path = tmp_path / "w.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE legacy (x)")
    ws = Workspace(path)
    assert ws.integrity_ok()
    backups = list(tmp_path.glob("w.v0.*.bak.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_workspace_is_not_touched(tmp_path):
    path = tmp_path / "w.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer Residency Scout"):
        Workspace(path)
