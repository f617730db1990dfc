"""A user's own work and state across pages, reloads and restarts (AppTest):
the first-launch choice, leaving the example, replacing programs, typed text."""

from __future__ import annotations

import pytest

from data.store import Workspace
from scoring.settings import Profile
from tests.test_pages import PAGES, open_app


def all_text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "title", "subheader", "warning", "success") for e in getattr(at, kind)]
    parts += [str(w.value) for kind in ("text_input", "text_area") for w in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_first_launch_offers_a_choice_and_shows_no_example(workspace_path):
    at = open_app(example=False)
    assert not Workspace(workspace_path).is_initialised()
    labels = [b.label for b in at.button]
    assert "Start with my own programs" in labels and "Explore the example" in labels
    assert "Example Applicant" not in all_text(at) and "Examplestan" not in all_text(at)
    at.switch_page("app_pages/profile.py").run()
    assert at.text_input(key="p_name").value == "" and at.text_input(key="p_country").value == ""


def test_starting_with_own_programs_gives_an_empty_workspace_and_a_blank_profile(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    assert not at.exception, at.exception
    ws = Workspace(workspace_path)
    assert ws.is_initialised()
    assert all(ws.load_table(name).empty for name in ("programs", "contacts", "letters"))
    assert Profile.from_dict(ws.load_setting("profile")) == Profile()
    assert at.title[0].value == "Your profile"  # straight on to the profile
    assert at.text_input(key="p_name").value == ""
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not [b for b in at.button if b.key == "leave_example"], page
        assert "Example Applicant" not in all_text(at), page


def test_the_example_says_so_on_every_page_and_one_click_leaves_it(workspace_path):
    at = open_app(example=False)
    at.button(key="first_example").click().run()
    ws = Workspace(workspace_path)
    assert len(ws.load_table("programs")) == 44
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert any("fictional example" in m.value for m in at.markdown), page
        assert at.button(key="leave_example")
    at.switch_page("app_pages/profile.py").run()
    at.button(key="leave_example").click().run()
    assert not at.exception, at.exception
    assert all(ws.load_table(name).empty for name in ("programs", "contacts", "letters"))
    assert Profile.from_dict(ws.load_setting("profile")) == Profile()
    assert (ws.load_setting("manual_order") or {}).get("order") in (None, [])
    assert not (ws.load_setting("letter_assignments") or {})
    assert at.text_input(key="p_name").value == ""  # the page shows the blank profile at once
    assert not [b for b in at.button if b.key == "leave_example"]
    at = open_app("app_pages/start.py")  # a new session: still the user's own
    assert not [b for b in at.button if b.key == "leave_example"]
    assert "Example Applicant" not in all_text(at)


def test_own_profile_comes_back_after_a_look_at_the_example(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    at.text_input(key="p_name").input("Dr Real Person").run()
    at.switch_page("app_pages/start.py").run()
    at.button(key="start_example").click().run()
    at.button(key="start_example_yes").click().run()
    assert Workspace(workspace_path).load_setting("profile")["name"] == "Example Applicant"
    at.button(key="leave_example").click().run()
    assert Workspace(workspace_path).load_setting("profile")["name"] == "Dr Real Person"


@pytest.mark.parametrize("page", ["app_pages/explore.py", "app_pages/rank_list.py"])
def test_a_workspace_seeded_before_the_choice_counts_as_the_example(workspace_path, page):
    from data import bundled

    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())  # no flag
    at = open_app(page)
    assert at.button(key="leave_example")
