"""Program pickers past app_pages.picker.PICKER_LIMIT programs (a sheet of 100,000): a
search box narrows the list, the choice stays offered, and up to the limit the picker is
the same list as ever. The limit is lowered here so the example's 44 programs are past it."""

import pytest

from app_pages import picker
from data import bundled
from scoring.vocabulary.wording import program_labels
from tests.test_pages import open_app

PAGES = [
    ("app_pages/interview.py", "interview_program"),
    ("app_pages/networking.py", "net_program"),
    ("app_pages/outreach.py", "draft_program"),
]


def box(at, key):
    return next(s for s in at.selectbox if s.key == key)


@pytest.mark.parametrize(("page", "key"), PAGES)
def test_up_to_the_limit_every_program_is_offered_and_no_search_box(workspace_path, page, key):
    at = open_app(page)
    assert len(box(at, key).options) == 44
    assert not [t for t in at.text_input if t.key == f"{key}_search"]


@pytest.mark.parametrize(("page", "key"), PAGES)
def test_past_the_limit_a_search_narrows_the_list_and_the_choice_stays(workspace_path, monkeypatch, page, key):
    monkeypatch.setattr(picker, "PICKER_LIMIT", 10)
    at = open_app(page)
    count = len(box(at, key).options)
    assert count == 10, count
    shown = box(at, key).options[3]
    chosen = next(pid for pid, label in program_labels(bundled.example_tables()["programs"]).items() if label == shown)
    box(at, key).set_value(chosen).run()
    assert not at.exception, at.exception
    search = next(t for t in at.text_input if t.key == f"{key}_search")
    search.input("no program is called this").run()
    assert not at.exception, at.exception
    assert box(at, key).options == [shown]  # nothing else matches; the choice is still there
    assert box(at, key).value == chosen
    assert "of 0 programs found" in " ".join(c.value for c in at.caption)


def test_letters_boxes_past_the_limit_offer_at_most_the_limit_and_keep_what_is_chosen(workspace_path, monkeypatch):
    monkeypatch.setattr(picker, "PICKER_LIMIT", 12)
    at = open_app("app_pages/letters.py")
    assert not at.exception, at.exception
    targets = next(m for m in at.multiselect if m.key.startswith("summary_programs_"))
    assigned = next(m for m in at.multiselect if m.key.startswith("assign_"))
    assert len(targets.options) <= 12 and len(assigned.options) <= 12
    chosen = list(targets.value)
    assert set(chosen) <= set(targets.options)  # the first ten targets start chosen, and stay offered
    search = next(t for t in at.text_input if t.key == f"{targets.key}_search")
    search.input("no program is called this").run()
    assert not at.exception, at.exception
    targets = next(m for m in at.multiselect if m.key.startswith("summary_programs_"))
    assert list(targets.value) == chosen and set(targets.options) == set(chosen)


def test_explain_uses_the_shared_picker_and_keeps_its_choice(workspace_path, monkeypatch):
    """Explore's Explain: past the limit a search box narrows it like the others; the program
    chosen is kept across a page switch and in a new session (the "pickers" setting)."""
    monkeypatch.setattr(picker, "PICKER_LIMIT", 10)
    at = open_app("app_pages/explore.py")
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    assert len(box(at, "explain_program").options) == 10
    shown = box(at, "explain_program").options[4]
    chosen = next(pid for pid, label in program_labels(bundled.example_tables()["programs"]).items() if label == shown)
    box(at, "explain_program").set_value(chosen).run()
    assert not at.exception, at.exception
    at.switch_page("app_pages/rank_list.py").run()
    at.switch_page("app_pages/explore.py").run()
    assert box(at, "explain_program").value == chosen
    again = open_app("app_pages/explore.py")
    assert box(again, "explain_program").value == chosen
    assert [t for t in again.text_input if t.key == "explain_program_search"]
