"""A workspace file that is truncated, random, bit-flipped, newer or cannot be written:
a recovery screen instead of an error on every page, the real reason, nothing lost."""

from __future__ import annotations

import os
import random
import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import bundled
from data.bundle import export_bundle
from data.recovery import CORRUPT, NEWER, UNWRITABLE, WorkspaceProblem, diagnose
from data.store import SCHEMA_VERSION, Workspace

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def example_workspace(path: Path) -> Workspace:
    ws = Workspace(path)
    ws.save(tables=bundled.example_tables(), settings=bundled.example_settings())
    return ws


def truncated(path: Path) -> None:
    example_workspace(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(50_000))


def newer(path: Path) -> None:
    example_workspace(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def flipped_header(path: Path) -> None:
    example_workspace(path)
    data = bytearray(path.read_bytes())
    data[3] ^= 0x10  # inside "SQLite format 3"
    path.write_bytes(bytes(data))


def flipped_table(path: Path) -> None:
    """Bits flipped inside a stored table: SQLite's structure is fine, the table is not."""
    ws = example_workspace(path)
    with closing(sqlite3.connect(path)) as conn:
        blob = bytearray(conn.execute("SELECT parquet FROM tables WHERE name='programs'").fetchone()[0])
        for i in range(len(blob) // 2, len(blob) // 2 + 64):
            blob[i] ^= 0xFF
        blob[-8:] = b"\x00" * 8  # the footer's length and magic: no reader can trust it
        with conn:
            conn.execute("UPDATE tables SET parquet=? WHERE name='programs'", (bytes(blob),))
    assert ws.path == path


@pytest.mark.parametrize(("damage", "kind"), [(truncated, CORRUPT), (random_bytes, CORRUPT), (newer, NEWER), (flipped_header, CORRUPT)])
def test_diagnose_names_what_is_wrong_and_never_changes_the_file(tmp_path, damage, kind):
    path = tmp_path / "workspace.sqlite"
    damage(path)
    before = path.read_bytes()
    found = diagnose(path)
    assert found is not None and found.kind == kind and str(path) in found.message
    assert path.read_bytes() == before
    with pytest.raises(WorkspaceProblem):
        Workspace(path)
    assert path.read_bytes() == before


def test_a_healthy_or_missing_workspace_has_no_problem(tmp_path):
    assert diagnose(tmp_path / "none.sqlite") is None
    example_workspace(tmp_path / "ok.sqlite")
    assert diagnose(tmp_path / "ok.sqlite") is None


def test_a_damaged_table_is_a_workspace_problem(tmp_path):
    path = tmp_path / "workspace.sqlite"
    flipped_table(path)
    with pytest.raises(WorkspaceProblem, match="programs table is damaged"):
        Workspace(path).load_table("programs")


# Pages ------------------------------------------------------------------------------


def _recovery(at: AppTest) -> bool:
    return any(t.value == "Your workspace needs attention" for t in at.title)


@pytest.mark.parametrize("damage", [truncated, random_bytes, newer, flipped_table])
def test_the_app_opens_a_recovery_screen_and_a_new_workspace_keeps_the_old_file(workspace_path, damage):
    damage(workspace_path)
    before = workspace_path.read_bytes()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert _recovery(at)
    assert any(str(workspace_path) in c.value for c in at.code)
    at.button(key="recovery_new").click().run()
    assert not at.exception, at.exception
    kept = list(workspace_path.parent.glob("workspace.damaged-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert not _recovery(at) and any("kept beside it" in s.value for s in at.success)
    assert Workspace(workspace_path).integrity_ok()  # a fresh file, which opens on the first-launch choice
    assert any(b.key == "first_own" for b in at.button)


def test_restore_a_backup_from_the_recovery_screen(workspace_path, tmp_path):
    source = Workspace(tmp_path / "source.sqlite")
    source.save(tables=bundled.example_tables(), settings={"weights": {"focus": 9.0}})
    backup = export_bundle(source)
    random_bytes(workspace_path)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader(key="recovery_upload").upload("backup.zip", backup).run()
    at.button(key="recovery_restore").click().run()
    assert not at.exception, at.exception
    assert not _recovery(at)
    assert Workspace(workspace_path).load_setting("weights") == {"focus": 9.0}
    assert len(list(workspace_path.parent.glob("workspace.damaged-*.sqlite"))) == 1


def test_a_bad_backup_on_the_recovery_screen_changes_nothing(workspace_path):
    random_bytes(workspace_path)
    before = workspace_path.read_bytes()
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.file_uploader(key="recovery_upload").upload("backup.zip", b"not a zip").run()
    at.button(key="recovery_restore").click().run()
    assert not at.exception and _recovery(at) and at.error
    assert workspace_path.read_bytes() == before


# Cannot write -------------------------------------------------------------------------
# Tests run as root, where chmod does not stop writes; the two conditions are made real
# instead: a connection SQLite opens read-only, and a database capped at its current size.


def _patched_connect(monkeypatch, setup: str | None, read_only: bool) -> None:
    @contextmanager
    def connect(self):
        target = f"{self.path.resolve().as_uri()}?mode=ro" if read_only else str(self.path)
        with closing(sqlite3.connect(target, uri=read_only, timeout=30, isolation_level=None)) as conn:
            if setup:
                current = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(setup.format(pages=current))
            yield conn

    monkeypatch.setattr(Workspace, "_connect", connect)


@pytest.mark.parametrize(("setup", "read_only", "words"), [(None, True, "readonly"), ("PRAGMA max_page_count = {pages}", False, "full")])
def test_a_read_only_or_full_workspace_says_so_and_keeps_the_data(tmp_path, monkeypatch, setup, read_only, words):
    path = tmp_path / "workspace.sqlite"
    ws = example_workspace(path)
    revision, programs = ws.revision(), ws.load_table("programs")
    _patched_connect(monkeypatch, setup, read_only)
    with pytest.raises(WorkspaceProblem) as caught:
        bigger = pd.concat([programs] * 30, ignore_index=True)
        # Random notes do not compress: the table cannot fit in the pages the file already has.
        bigger["notes"] = pd.array([os.urandom(500).hex() for _ in range(len(bigger))], dtype="string")
        ws.save(tables={"programs": bigger}, settings={"weights": {"focus": 1.0}})
    problem = caught.value
    assert problem.kind == UNWRITABLE and str(path) in problem.message and words in problem.detail
    assert "cannot rollback" not in problem.message
    monkeypatch.undo()
    assert ws.revision() == revision and len(ws.load_table("programs")) == len(programs)


def test_an_unwritable_location_is_reported_with_its_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WorkspaceProblem) as caught:
        Workspace(blocker / "workspace.sqlite")  # a folder that cannot exist
    assert caught.value.kind == UNWRITABLE and str(blocker) in caught.value.message


# Issue 24 item 11: a workspace file deleted while the app runs --------------------------


def test_a_workspace_deleted_while_the_app_runs_is_called_missing_and_made_again_owner_only(workspace_path):
    from tests.test_pages import open_app

    at = open_app("app_pages/rank_list.py")
    workspace_path.unlink()
    at.run()
    assert not at.exception, at.exception
    assert _recovery(at)
    shown = " ".join(e.value for e in at.error)
    assert "missing" in shown and "damaged" not in shown
    assert not workspace_path.exists()  # nothing written in its place, readable by others
    at.button(key="recovery_new").click().run()
    assert not at.exception, at.exception
    assert not _recovery(at)
    assert workspace_path.stat().st_mode & 0o077 == 0
    assert any("readable by you only" in s.value for s in at.success)


def test_a_workspace_object_never_creates_a_deleted_file_again(tmp_path):
    path = tmp_path / "workspace.sqlite"
    ws = Workspace(path)
    path.unlink()
    with pytest.raises(WorkspaceProblem) as caught:
        ws.revision()
    assert caught.value.kind == "missing" and not path.exists()


# Issue 24 item 10: a save from a slider or a Profile field on a read-only or full disk ---------


def _disk_full(monkeypatch) -> None:
    """Every write fails as SQLite fails on a full disk (a settings save is too small to
    outgrow a capped file, so the error is made where SQLite would raise it)."""

    class Full:
        def __init__(self, conn):
            self.conn = conn

        def execute(self, sql, *args):
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
                raise sqlite3.OperationalError("database or disk is full")
            return self.conn.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.conn, name)

    @contextmanager
    def connect(self):
        with closing(sqlite3.connect(str(self.path), timeout=30, isolation_level=None)) as conn:
            yield Full(conn)

    monkeypatch.setattr(Workspace, "_connect", connect)


@pytest.mark.parametrize("disk", ["read-only", "full"])
@pytest.mark.parametrize(
    ("page", "act"),
    [
        ("app_pages/explore.py", lambda at: at.slider(key="w_interest").set_value(9.5).run()),
        ("app_pages/profile.py", lambda at: at.text_input(key="p_name").input("Dr Full Disk").run()),
    ],
)
def test_a_callback_save_on_an_unwritable_disk_shows_sqlites_words(workspace_path, monkeypatch, disk, page, act):
    from tests.test_pages import open_app

    at = open_app(page)
    revision = Workspace(workspace_path).revision()
    if disk == "full":
        _disk_full(monkeypatch)
    else:
        _patched_connect(monkeypatch, None, True)
    act(at)
    assert not at.exception, at.exception  # never Streamlit's redacted error
    assert _recovery(at)
    shown = " ".join(e.value for e in at.error)
    assert "cannot be written" in shown and ("readonly" if disk == "read-only" else "disk is full") in shown
    monkeypatch.undo()
    assert Workspace(workspace_path).revision() == revision
