"""A saved setting that cannot be used never breaks a page: every page opens, says which
setting is wrong and offers to reset it; restore refuses a bad backup on the page."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data import bundled
from data.bundle import export_bundle
from data.settings import SETTING_DEFAULTS
from data.store import Workspace
from tests.test_pages import APP, PAGES

# Pages that read each setting (the warning shows where the setting is used).
READERS = {
    "profile": PAGES,
    "weights": PAGES,
    "manual_order": ["app_pages/rank_list.py"],
    "letter_assignments": ["app_pages/letters.py", "app_pages/interview.py"],
}


def seed_raw(path: Path, name: str, text: str) -> None:
    """The example workspace with one setting saved as raw text, as a bad restore or an old bug left it."""
    Workspace(path).save(tables=bundled.example_tables(), settings=bundled.example_settings())
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (name, text))


BAD = [
    ("profile", json.dumps({"thresholds": {"dream_goal_fit": "abc"}})),
    ("profile", "[1, 2]"),
    ("profile", "{not json"),
    ("weights", json.dumps({"focus": "lots"})),
    ("manual_order", json.dumps({"order": [3, 1, 2]})),
    ("manual_order", json.dumps("EX1300")),
    ("letter_assignments", json.dumps("Dr. A. Example")),
    ("letter_assignments", json.dumps({"EX1300": "Dr. A. Example"})),
]


def warnings_about(at: AppTest, name: str) -> list[str]:
    label = {"profile": "profile", "weights": "weights", "manual_order": "own rank order", "letter_assignments": "letter assignments"}[name]
    return [w.value for w in at.warning if f"saved {label} could not be read" in w.value]


@pytest.mark.parametrize(("name", "text"), BAD)
def test_every_page_opens_with_a_bad_setting_and_says_which(workspace_path, name, text):
    seed_raw(workspace_path, name, text)
    at = AppTest.from_file(APP, default_timeout=60).run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert at.title, page
        if page in READERS[name]:
            assert warnings_about(at, name), page


@pytest.mark.parametrize(("name", "text", "page"), [(n, t, READERS[n][-1]) for n, t in BAD])
def test_reset_this_setting_writes_the_default(workspace_path, name, text, page):
    seed_raw(workspace_path, name, text)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    at.button(key=f"reset_setting_{name}").click().run()
    assert not at.exception, at.exception
    assert Workspace(workspace_path).load_setting(name) == SETTING_DEFAULTS[name]()
    assert not warnings_about(at, name)


def test_restoring_a_bad_backup_on_the_page_lists_the_problems_and_changes_nothing(workspace_path, tmp_path):
    source = Workspace(tmp_path / "source.sqlite")
    source.save(tables=bundled.example_tables(), settings={"manual_order": {"order": []}})
    good = export_bundle(source)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "settings.json":
                data = json.dumps({"profile": {"thresholds": {"dream_goal_fit": "abc"}}, "letter_assignments": "x"}).encode()
            dst.writestr(item.filename, data)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("app_pages/programs.py").run()
    revision = Workspace(workspace_path).revision()
    at.file_uploader(key="ws_restore_0").upload("backup.zip", out.getvalue()).run()
    at.checkbox(key="ws_restore_sure").check().run()
    at.button(key="ws_restore_go").click().run()
    assert not at.exception, at.exception
    message = " ".join(e.value for e in at.error)
    assert "dream\\_goal\\_fit" in message and "letter\\_assignments" in message
    assert Workspace(workspace_path).revision() == revision


MARKDOWN_IMAGE = "![pixel](http://evil.example/w.png) [x](http://evil.example)"


@pytest.mark.parametrize("page", PAGES)
def test_a_writers_or_programs_name_is_never_read_as_markdown(workspace_path, page):
    """Names from the user's files reach headings, captions and lists: none may become an
    image (which the browser would fetch from an outside host) or a link."""
    tables = bundled.example_tables()
    tables["letters"].loc[0, "writer"] = "Dr " + MARKDOWN_IMAGE
    tables["programs"].loc[:, "program"] = tables["programs"]["program"] + " " + MARKDOWN_IMAGE
    Workspace(workspace_path).save(tables=tables, settings={**bundled.example_settings(), "example": {"in_use": True}})
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    shown = [e.value for kind in ("markdown", "caption", "subheader", "header", "title", "info", "warning", "success", "error") for e in getattr(at, kind)]
    assert not [s for s in shown if "](" in str(s)], [s for s in shown if "](" in str(s)]
