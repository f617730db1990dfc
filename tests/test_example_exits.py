"""Issue 24 item 1: every way out of the example (the button, a replace or merge upload,
restoring a backup, starting empty) brings back, or keeps recoverable, the user's own work
set aside when the example was loaded; the screen says what will happen before it does."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from data.store import Workspace
from tests.helpers import contacts_frame, programs_frame
from tests.test_pages import open_app

UPLOAD = b"Program name,State\nUploaded Genetics,MA\nMy First Choice,OH\n"


def own_work_then_the_example(workspace_path):
    """A user's own program, contact and letter writer, then the example loaded over them."""
    from data.normalise import empty_table

    letters = pd.concat([empty_table("letters"), pd.DataFrame({"writer": ["Dr Own Writer"]})], ignore_index=True)
    Workspace(workspace_path).save(
        tables={
            "programs": programs_frame([{"program_id": "p-1", "program": "My First Choice", "state": "OH"}]),
            "contacts": contacts_frame([{"program_id": "p-1", "program": "My First Choice", "channel": "email", "sent_on": "2026-11-01"}]),
            "letters": letters,
        },
        settings={"profile": {"name": "Dr Real Person"}, "example": {"in_use": False}},
    )
    at = open_app("app_pages/start.py", example=False)
    at.button(key="start_example").click().run()
    shown = " ".join(w.value for w in at.warning)
    assert "workspace.before-example.zip" in shown and "comes back" in shown
    at.button(key="start_example_yes").click().run()
    assert not at.exception
    assert Workspace(workspace_path).load_setting("example")["in_use"] is True
    return at


def shown_text(at) -> str:
    return " ".join(str(e.value) for kind in (at.markdown, at.caption, at.warning, at.success, at.error) for e in kind).replace("\\", "").replace("\u2060", "")


def own_work_is_back(ws: Workspace) -> None:
    assert ws.load_setting("example")["in_use"] is False
    assert list(ws.load_table("contacts")["program"]) == ["My First Choice"]
    assert list(ws.load_table("letters")["writer"]) == ["Dr Own Writer"]
    assert ws.load_setting("profile")["name"] == "Dr Real Person"


def recoverable_files(workspace_path) -> list:
    """Every backup beside the workspace that holds the user's own contact."""
    found = []
    for path in workspace_path.parent.glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            contacts = pd.read_parquet(io.BytesIO(archive.read("contacts.parquet")))
        if "My First Choice" in set(contacts["program"]):
            found.append(path)
    return found


def test_the_banner_says_what_leaving_brings_back(workspace_path):
    at = own_work_then_the_example(workspace_path)
    at.switch_page("app_pages/rank_list.py").run()
    text = shown_text(at)
    assert "Leaving it brings back your own work: 1 program, 1 contact, 1 letter and 0 applications, set aside on" in text
    at.button(key="leave_example").click().run()
    own_work_is_back(Workspace(workspace_path))


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_an_upload_in_the_example_brings_own_work_back_and_then_loads_the_file(workspace_path, mode):
    at = own_work_then_the_example(workspace_path)
    at.switch_page("app_pages/programs.py").run()
    at.file_uploader[0].upload("mine.csv", UPLOAD).run()
    at.segmented_control(key="upload_mode").set_value(mode).run()
    text = shown_text(at)
    assert "This also leaves the example" in text and "Your own work comes back first: 1 program, 1 contact, 1 letter" in text
    # The preview counts against the user's own program, not the example's 44.
    assert [m.value for m in at.metric if m.label == "Your programs saved now"] == ["1"]
    at.button(key="upload_confirm").click().run()
    assert not at.exception, at.exception
    ws = Workspace(workspace_path)
    own_work_is_back(ws)
    programs = ws.load_table("programs")
    assert sorted(programs["program"]) == ["My First Choice", "Uploaded Genetics"]
    # The file's "My First Choice" is the user's own program: it keeps its id and its contact.
    assert programs.loc[programs["program"] == "My First Choice", "program_id"].tolist() == ["p-1"]
    assert not workspace_path.with_name("workspace.before-example.zip").exists()


def test_starting_empty_in_the_example_keeps_the_own_work_recoverable(workspace_path):
    at = own_work_then_the_example(workspace_path)
    at.switch_page("app_pages/programs.py").run()
    text = shown_text(at)
    assert "is not brought back by this, and it is not deleted: it is kept beside the workspace as workspace.before-example-" in text
    at.checkbox(key="ws_sure").check().run()
    at.button(key="ws_empty").click().run()
    assert not at.exception, at.exception
    ws = Workspace(workspace_path)
    assert ws.load_setting("example")["in_use"] is False and ws.load_table("programs").empty
    kept = recoverable_files(workspace_path)
    assert len(kept) == 1 and kept[0].name.startswith("workspace.before-example-")
    assert kept[0].stat().st_mode & 0o077 == 0
    assert any(kept[0].name in s.value.replace("\\", "") for s in at.success)
    # Loading the example again never overwrites it.
    at.checkbox(key="ws_sure").check().run()
    at.button(key="ws_example").click().run()
    assert recoverable_files(workspace_path) == kept


def test_restoring_a_backup_in_the_example_keeps_the_own_work_recoverable(workspace_path):
    from data import bundle

    at = own_work_then_the_example(workspace_path)
    other = workspace_path.with_name("other.sqlite")
    Workspace(other).save(tables={"programs": programs_frame([{"program_id": "b-1", "program": "From The Backup", "state": "TX"}])}, settings={})
    backup = bundle.export_bundle(Workspace(other))
    other.unlink()
    at.switch_page("app_pages/programs.py").run()
    next(u for u in at.file_uploader if u.key == "ws_restore_0").upload("backup.zip", backup).run()
    at.checkbox(key="ws_restore_sure").check().run()
    assert "is not brought back by this, and it is not deleted" in shown_text(at)
    at.button(key="ws_restore_go").click().run()
    assert not at.exception, at.exception
    assert list(Workspace(workspace_path).load_table("programs")["program"]) == ["From The Backup"]
    # Loading the example over the restored work sets that aside too; the older work stays.
    at.switch_page("app_pages/start.py").run()
    at.button(key="start_example").click().run()
    at.button(key="start_example_yes").click().run()
    assert len(recoverable_files(workspace_path)) == 1
