"""Issue 24 item 8: every text the user types is checked by the rules an uploaded cell is
checked by (length, control characters); a text that breaks them is not saved, and the
message is under its box. (Before, 20,000 characters with a control character were saved
from Interview prep, and the app's own export was then refused on re-upload.)"""

from __future__ import annotations

import pytest

from data.normalise import typed_problem
from data.store import Workspace
from tests.test_pages import open_app

BAD = {"control": "Ask about the clinic\x07", "long": "x" * 20_000}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Ask about the metabolic clinic.\nAnd the research time.", None),
        ("", None),
        (BAD["control"], "contains an invisible control character (U+0007); delete it"),
        (BAD["long"], "is longer than 10,000 characters"),
        ("Right-to-left \u202e override", "contains an invisible control character (U+202E); delete it"),
    ],
)
def test_typed_text_is_checked_by_the_upload_rules(text, problem):
    assert typed_problem(text) == problem


def _errors(at) -> str:
    return " ".join(e.value for e in at.error)


@pytest.mark.parametrize("bad", ["control", "long"])
def test_interview_prep_refuses_a_text_an_upload_would_refuse_and_says_so_under_the_box(workspace_path, bad):
    at = open_app("app_pages/interview.py")
    pid = at.selectbox(key="interview_program").value
    before = Workspace(workspace_path).load_table("programs").set_index("program_id").loc[pid, "liked"]
    at.text_area(key=f"liked_{pid}").input(BAD[bad]).run()
    assert not at.exception, at.exception
    assert "Not saved: this text" in _errors(at)
    assert at.button(key="interview_save").disabled
    after = Workspace(workspace_path).load_table("programs").set_index("program_id").loc[pid, "liked"]
    assert str(after) == str(before)
    at.text_area(key=f"liked_{pid}").input("The metabolic clinic").run()
    assert "Not saved" not in _errors(at)
    assert Workspace(workspace_path).load_table("programs").set_index("program_id").loc[pid, "liked"] == "The metabolic clinic"


def test_a_profile_field_with_a_control_character_is_not_saved(workspace_path):
    at = open_app("app_pages/profile.py")
    before = Workspace(workspace_path).load_setting("profile")["name"]
    at.text_input(key="p_name").input("Dr Bell\x07").run()
    assert not at.exception, at.exception
    assert "Not saved: this text contains an invisible control character" in _errors(at)
    assert Workspace(workspace_path).load_setting("profile")["name"] == before


def test_an_email_draft_too_long_is_not_saved(workspace_path):
    at = open_app("app_pages/outreach.py")
    pid = at.selectbox(key="draft_program").value
    at.text_input(key=f"draft_to_{pid}").input("pd@example.org" + "x" * 20_000).run()
    assert not at.exception, at.exception
    assert "longer than 10,000 characters" in _errors(at)
    drafts = Workspace(workspace_path).load_setting("email_drafts") or {}
    assert "x" * 100 not in str(drafts.get(pid, {}).get("to", ""))
