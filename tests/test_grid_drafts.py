"""Unsaved grid edits as a draft: data.grid_drafts' round trip, its settings check,
and the pages keeping a draft across a page switch, a reload and a save."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.grid_drafts import combined, draft_of, lay_over, outside
from data.settings import setting_problems
from data.store import Workspace
from tests.test_pages import editor_key, open_app

SAVED = pd.DataFrame(
    {"program": ["A", "B", "C"], "sent_on": [dt.date(2026, 1, 1), None, dt.date(2026, 2, 2)], "notes": pd.array(["x", pd.NA, "z"], dtype="string")},
    index=[3, 5, 7],
)
COLUMNS = list(SAVED.columns)


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Equal as the grid shows them: every kind of blank is blank."""
    return (
        a.index.tolist() == b.index.tolist()
        and a.astype(object).where(a.notna(), None).values.tolist() == b.astype(object).where(b.notna(), None).values.tolist()
    )


def roundtrip(draft):
    return json.loads(json.dumps(draft))  # as the workspace stores it


def edited(change=None, delete=(), add=()):
    frame = SAVED.drop(index=list(delete)).copy()
    for (row, column), value in (change or {}).items():
        frame.loc[row, column] = value
    for i, row in enumerate(add):
        frame.loc[8 + i] = row
    return frame


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (SAVED, None),
        (edited({(5, "notes"): "typed"}), {"keys": [5], "rows": [{"notes": "typed"}]}),
        (edited({(3, "sent_on"): dt.date(2026, 3, 4)}), {"keys": [3], "rows": [{"sent_on": {"date": "2026-03-04"}}]}),
        (edited({(7, "notes"): pd.NA}), {"keys": [7], "rows": [{"notes": None}]}),
        (edited({(7, "notes"): "z"}), None),  # typed back to what was saved: no draft
    ],
)
def test_a_draft_holds_the_changed_rows_only(frame, expected):
    draft = draft_of(SAVED, frame, COLUMNS)
    assert (draft and draft["changed"]) == expected
    if draft:
        assert same(lay_over(SAVED, roundtrip(draft)), frame)


def test_deleted_and_added_rows_come_back_in_place():
    frame = edited(delete=[5], add=[["New", dt.date(2026, 5, 6), "added"]])
    draft = draft_of(SAVED, frame, COLUMNS)
    assert draft["deleted"] == [5] and draft["added"] == [["New", {"date": "2026-05-06"}, "added"]]
    assert same(lay_over(SAVED, roundtrip(draft)), frame)
    assert setting_problems("grid_drafts", {"contacts": roundtrip(draft)}) == []


def test_a_row_named_by_a_column_keeps_its_edit_when_the_order_changes():
    saved = pd.DataFrame({"program_id": ["p1", "p2"], "state": ["TX", "CA"]})
    frame = saved.assign(state=["TX", "NY"])
    draft = draft_of(saved, frame, ["program_id", "state"], identity="program_id")
    assert draft["changed"]["keys"] == ["p2"]
    reordered = saved.iloc[::-1].reset_index(drop=True)
    assert lay_over(reordered, roundtrip(draft), identity="program_id")["state"].tolist() == ["NY", "TX"]


def test_a_cell_changed_since_by_another_path_keeps_that_change():
    draft = roundtrip(draft_of(SAVED, edited({(5, "notes"): "typed"}), COLUMNS))
    since = SAVED.copy()
    since.loc[5, "sent_on"] = dt.date(2026, 4, 4)  # say, a reply recorded on another part of the page
    laid = lay_over(since, draft)
    assert (laid.loc[5, "sent_on"], laid.loc[5, "notes"]) == (dt.date(2026, 4, 4), "typed")


def test_edits_to_rows_a_filter_hides_are_kept_apart_and_joined_back():
    saved = pd.DataFrame({"program_id": ["p1", "p2", "p3"], "state": ["TX", "CA", "WA"]})
    draft = draft_of(saved, saved.assign(state=["TX", "NY", "OR"]), ["program_id", "state"], identity="program_id")
    hidden = outside(draft, {"p1", "p2"})  # p3 is filtered out now
    assert hidden["changed"] == {"keys": ["p3"], "rows": [{"state": "OR"}]}
    shown = draft_of(saved.iloc[:2], saved.iloc[:2].assign(state=["AZ", "CA"]), ["program_id", "state"], identity="program_id")
    joined = combined(shown, hidden)
    assert lay_over(saved, joined, identity="program_id")["state"].tolist() == ["AZ", "CA", "OR"]
    assert outside(draft, {"p1", "p2", "p3"}) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"contacts": {"columns": ["a"], "changed": {"keys": [1], "rows": [{"b": "y"}]}, "added": [], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [1], "rows": [["x"]]}, "added": [], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [1, 2], "rows": [{"a": "x"}]}, "added": [], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [], "rows": []}, "added": [[{"date": "2026-13-45"}]], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [], "rows": []}, "added": [[[["nested"]]]], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [], "rows": []}, "added": [[[1, 2]]], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [["x"]], "rows": [{"a": "x"}]}, "added": [], "deleted": []}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [], "rows": []}, "added": [], "deleted": [{"date": "2026-01-01"}]}},
        {"contacts": {"columns": ["a"], "changed": {"keys": [], "rows": []}, "added": [], "deleted": "all"}},
        {"contacts": {"columns": ["a"]}},
        {"contacts": "x"},
    ],
)
def test_a_broken_stored_draft_is_named_not_used(bad):
    assert setting_problems("grid_drafts", bad)


text = st.one_of(st.none(), st.text(max_size=5))


@given(
    rows=st.lists(st.tuples(text, text), min_size=0, max_size=6),
    data=st.data(),
)
def test_laying_a_draft_over_the_saved_table_gives_the_edited_grid(rows, data):
    saved = pd.DataFrame(rows, columns=["a", "b"], dtype="string")
    saved.index = [i * 2 + 1 for i in range(len(saved))]  # an index with gaps, as a log's after deletions
    frame = saved.astype(object)  # as the grid hands it back: any blank, any text
    for label in list(frame.index):
        action = data.draw(st.sampled_from(["keep", "change", "delete"]))
        if action == "delete":
            frame = frame.drop(index=label)
        elif action == "change":
            frame.loc[label, data.draw(st.sampled_from(["a", "b"]))] = data.draw(text)
    start = int(saved.index.max()) + 1 if len(saved) else 0
    added = data.draw(st.lists(st.tuples(text, text), max_size=3))
    if added:
        rows = pd.DataFrame(added, columns=["a", "b"], index=range(start, start + len(added)), dtype=object)
        frame = pd.concat([frame, rows]) if len(frame) else rows
    draft = draft_of(saved, frame, ["a", "b"])
    if draft is None:
        assert same(saved, frame)
    else:
        assert setting_problems("grid_drafts", {"g": roundtrip(draft)}) == []
        assert same(lay_over(saved, roundtrip(draft)), frame)


# Pages -----------------------------------------------------------------------------


def test_an_unsaved_log_edit_survives_a_page_switch_and_a_reload_and_goes_on_save(workspace_path):
    at = open_app("app_pages/outreach.py")
    key = editor_key(at, "contacts_")
    at.session_state[key] = {"edited_rows": {0: {"notes": "Typed, not saved yet"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    notes = lambda app: set(app.data_editor[0].value["notes"])  # noqa: E731  (what the grid is drawn from)
    draft = Workspace(workspace_path).load_setting("grid_drafts")["contacts"]
    assert draft["changed"]["rows"] == [{"notes": "Typed, not saved yet"}]
    assert any("unsaved changes" in c.value for c in at.caption)

    at.switch_page("app_pages/letters.py").run()
    at.switch_page("app_pages/outreach.py").run()
    assert not at.exception
    assert "Typed, not saved yet" in notes(at)  # back from another page

    reloaded = open_app("app_pages/outreach.py")  # a new session: a reload or a restart
    assert "Typed, not saved yet" in notes(reloaded)
    reloaded.button(key="contacts_save").click().run()
    assert not reloaded.exception and not reloaded.error
    ws = Workspace(workspace_path)
    assert "Typed, not saved yet" in set(ws.load_table("contacts")["notes"].dropna())
    assert "contacts" not in ws.load_setting("grid_drafts")
    assert not any("unsaved changes" in c.value for c in reloaded.caption)


def test_discarding_brings_back_the_saved_log(workspace_path):
    at = open_app("app_pages/letters.py")
    key = editor_key(at, "letters_")
    before = at.data_editor[0].value.copy()
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [0]}
    at.run()
    assert Workspace(workspace_path).load_setting("grid_drafts")["letters"]["deleted"] == [int(before.index[0])]
    at.switch_page("app_pages/outreach.py").run()
    at.switch_page("app_pages/letters.py").run()
    assert len(at.data_editor[0].value) == len(before) - 1
    at.button(key="letters_discard").click().run()
    assert not at.exception
    assert len(at.data_editor[0].value) == len(before)
    assert "letters" not in Workspace(workspace_path).load_setting("grid_drafts")


def test_a_program_edit_hidden_by_a_filter_is_kept(workspace_path):
    at = open_app("app_pages/programs.py")
    grid = at.data_editor[0].value
    row = int(grid.index[grid["region"] == "West"][0])
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {row: {"notes": "Ask about J-1"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.multiselect(key="f_regions").set_value(["Northeast"]).run()  # the edited program is hidden now
    key = editor_key(at, "programs_")
    first = int(at.data_editor[0].value.index[0])
    at.session_state[key] = {"edited_rows": {first: {"notes": "Another"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    draft = Workspace(workspace_path).load_setting("grid_drafts")["programs"]
    assert {"Ask about J-1", "Another"} <= {cell for row in draft["changed"]["rows"] for cell in row.values()}
    at.multiselect(key="f_regions").set_value([]).run()
    at.switch_page("app_pages/letters.py").run()
    at.switch_page("app_pages/programs.py").run()  # drawn afresh: from the table and the draft
    assert {"Ask about J-1", "Another"} <= set(at.data_editor[0].value["notes"].dropna())


def test_edits_to_programs_since_removed_are_dropped_added_rows_stay():
    from data.grid_drafts import within

    draft = {"columns": ["state"], "changed": {"keys": ["gone", "p1"], "rows": [{"state": "TX"}, {"state": "CA"}]}, "added": [], "deleted": ["gone2"]}
    assert within(draft, {"p1"}) == {**draft, "changed": {"keys": ["p1"], "rows": [{"state": "CA"}]}, "deleted": []}
    assert within(draft, set()) is None
    assert within({**draft, "added": [["NY"]]}, set())["added"] == [["NY"]]


def test_a_long_program_list_is_edited_a_thousand_rows_at_a_time(workspace_path):
    from app_pages.programs import GRID_ROWS
    from tests.helpers import programs_frame
    from tests.test_pages import seed

    seed(workspace_path, programs_frame([{"program": f"Program {i:04d}", "state": "TX"} for i in range(GRID_ROWS + 200)]))
    at = open_app("app_pages/programs.py")
    assert len(at.data_editor[0].value) == GRID_ROWS
    assert any("Rows 1–1,000 of 1,200" in c.value for c in at.caption)
    at.number_input(key="programs_page").set_value(2).run()
    grid = at.data_editor[0].value
    assert len(grid) == 200 and grid["program"].iloc[0] == "Program 1000"
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {0: {"notes": "Seen on page two"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("programs")
    assert len(saved) == GRID_ROWS + 200  # the other page's rows are all still there
    assert saved.set_index("program").loc["Program 1000", "notes"] == "Seen on page two"


# Grids over a setting (an order, the profile's experiences) ------------------------


def _weight_moved(at) -> None:
    """Another setting saved: a weight in the sidebar."""
    slider = at.slider(key="w_research")
    slider.set_value(slider.value + 0.5 if slider.value < 10 else 9.0).run()
    assert not at.exception


def test_an_unsaved_final_list_position_survives_a_weight_change_a_page_switch_and_a_reload(workspace_path):
    from tests.test_pages_season import APPS, open_page
    from tests.test_pages_season import seed as seed_season

    seed_season(workspace_path, APPS)
    at = open_page("app_pages/final_list.py")
    grid = at.data_editor[0].value
    last = grid["program_id"].iloc[-1]
    at.session_state[editor_key(at, "final_")] = {"edited_rows": {len(grid) - 1: {"position": 1}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert Workspace(workspace_path).load_setting("grid_drafts")["final"]["changed"] == {"keys": [last], "rows": [{"position": 1}]}

    def typed(app) -> int:
        shown = app.data_editor[0].value
        return int(shown.loc[shown["program_id"] == last, "position"].iloc[0])

    _weight_moved(at)
    # (AppTest shows what a grid is drawn from; the edit itself is still in the grid's state.)
    assert at.session_state[editor_key(at, "final_")]["edited_rows"] == {len(grid) - 1: {"position": 1}}
    assert "final" in Workspace(workspace_path).load_setting("grid_drafts")
    at.switch_page("app_pages/explore.py").run()
    at.switch_page("app_pages/final_list.py").run()
    assert typed(at) == 1
    reloaded = open_page("app_pages/final_list.py")
    assert typed(reloaded) == 1
    reloaded.button(key="final_save").click().run()
    assert not reloaded.exception
    ws = Workspace(workspace_path)
    assert ws.load_setting("final_order")["order"][0] == last
    assert "final" not in ws.load_setting("grid_drafts")


def test_an_unsaved_rank_list_position_survives_a_weight_change_and_a_page_switch(workspace_path):
    at = open_app("app_pages/rank_list.py")
    at.session_state["order_open"] = True
    at.run()
    grid = next(e.value for e in at.data_editor if "position" in e.value.columns)
    fifth = grid["program_id"].iloc[4]
    at.session_state[editor_key(at, "order_")] = {"edited_rows": {4: {"position": 1}}, "added_rows": [], "deleted_rows": []}
    at.run()

    def typed(app) -> int:
        shown = next(e.value for e in app.data_editor if "position" in e.value.columns)
        return int(shown.loc[shown["program_id"] == fifth, "position"].iloc[0])

    _weight_moved(at)
    assert "order" in Workspace(workspace_path).load_setting("grid_drafts")
    at.switch_page("app_pages/explore.py").run()
    at.switch_page("app_pages/rank_list.py").run()
    assert typed(at) == 1
    at.button(key="order_save").click().run()
    assert not at.exception
    ws = Workspace(workspace_path)
    assert ws.load_setting("manual_order")["order"][0] == fifth
    assert "order" not in ws.load_setting("grid_drafts")


def test_an_unsaved_experience_survives_typing_elsewhere_on_the_profile_and_a_reload(workspace_path):
    at = open_app("app_pages/profile.py")
    before = len(at.data_editor[0].value)
    at.session_state[editor_key(at, "experiences_")] = {
        "edited_rows": {},
        "added_rows": [{"experience": "A year in a prenatal clinic", "tags": ["prenatal"]}],
        "deleted_rows": [],
    }
    at.run()
    at.text_input(key="p_country").input("Portugal").run()  # the profile itself is saved
    assert not at.exception
    assert Workspace(workspace_path).load_setting("grid_drafts")["experiences"]["added"] == [["A year in a prenatal clinic", ["prenatal"]]]
    at.switch_page("app_pages/explore.py").run()
    at.switch_page("app_pages/profile.py").run()
    assert "A year in a prenatal clinic" in set(at.data_editor[0].value["experience"])
    reloaded = open_app("app_pages/profile.py")
    shown = reloaded.data_editor[0].value
    assert len(shown) == before + 1 and shown["tags"].iloc[-1] == ["prenatal"]
    reloaded.button(key="experiences_save").click().run()
    assert not reloaded.exception and not reloaded.error
    ws = Workspace(workspace_path)
    profile = ws.load_setting("profile")
    assert profile["country"] == "Portugal"
    assert profile["experiences"][-1] == {"text": "A year in a prenatal clinic", "tags": ["prenatal"]}
    assert "experiences" not in ws.load_setting("grid_drafts")
    assert len(reloaded.data_editor[0].value) == before + 1  # once, not twice


# A grid edit another window's save refused (issue 24 item 2) ----------------------------


def _notes(app) -> set:
    return set(app.data_editor[0].value["notes"].dropna())


def _edit_notes(app, row: int, text: str) -> None:
    key = editor_key(app, "contacts_")
    app.session_state[key] = {"edited_rows": {row: {"notes": text}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.exception, app.exception


def test_an_edit_made_while_another_window_saved_the_table_is_kept_beside_the_newer_data(workspace_path):
    window_a = open_app("app_pages/outreach.py")
    window_b = open_app("app_pages/outreach.py")
    _edit_notes(window_a, 0, "Saved in window A")
    window_a.button(key="contacts_save").click().run()
    assert "Saved in window A" in set(Workspace(workspace_path).load_table("contacts")["notes"].dropna())

    _edit_notes(window_b, 1, "Typed in window B")  # made in B's grid, over the older table
    refused = Workspace(workspace_path).load_setting("grid_drafts").get("contacts (refused)")
    assert refused and refused["changed"]["rows"] == [{"notes": "Typed in window B"}]
    assert "Saved in window A" in _notes(window_b)  # the newer data is in the grid ...
    panel = window_b.table[0].value  # ... and B's edit beside it
    assert "Typed in window B" in set(panel["Your edit"].str.replace("\\", ""))

    window_b.button(key="reload_workspace").click().run()  # "Load the newer version" keeps it
    assert window_b.button(key="contacts_reapply")
    reloaded = open_app("app_pages/outreach.py")  # and so does a reload
    assert reloaded.button(key="contacts_reapply")

    window_b.button(key="contacts_reapply").click().run()
    assert not window_b.exception
    assert {"Saved in window A", "Typed in window B"} <= _notes(window_b)
    window_b.button(key="contacts_save").click().run()
    saved = Workspace(workspace_path)
    assert {"Saved in window A", "Typed in window B"} <= set(saved.load_table("contacts")["notes"].dropna())
    assert "contacts (refused)" not in saved.load_setting("grid_drafts")


def test_an_edit_refused_after_a_settings_save_elsewhere_is_kept_and_can_be_discarded(workspace_path):
    window_a = open_app("app_pages/explore.py")
    window_b = open_app("app_pages/outreach.py")
    window_a.slider(key="w_interest").set_value(9.0).run()  # another window saves (a weight)
    _edit_notes(window_b, 0, "Refused in window B")
    assert any("another window" in e.value for e in window_b.warning)
    drafts = Workspace(workspace_path).load_setting("grid_drafts")
    assert drafts["contacts (refused)"]["changed"]["rows"] == [{"notes": "Refused in window B"}]
    window_b.button(key="reload_workspace").click().run()
    assert window_b.button(key="contacts_drop_refused")
    window_b.button(key="contacts_drop_refused").click().run()
    assert not window_b.exception
    assert "contacts (refused)" not in Workspace(workspace_path).load_setting("grid_drafts")
    assert not [b for b in window_b.button if b.key == "contacts_reapply"]
