"""Every page, through AppTest: the example, an empty workspace, a workspace
of unknowns; uploads, edits, filters, weights and a restart."""

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import bundled
from data.normalise import empty_table
from data.store import Workspace, default_path
from tests.helpers import programs_frame

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Every page the router serves, read from app.py so a new page is tested without a second list.
PAGES = re.findall(r'st\.Page\("([^"]+)"', Path(APP).read_text(encoding="utf-8"))


# A short list of problem cells is a static table (it wraps), headed in words; a long one a grid.
PROBLEM_HEADERS = {"Row": "row", "Column": "column", "Value": "value", "Reason": "reason", "Program": "named", "Writer": "named"}


def error_table(at: AppTest) -> pd.DataFrame:
    """The problem cells on the page, as the app listed them (Markdown escapes undone)."""
    grid = next((d.value for d in at.dataframe if "reason" in d.value.columns), None)
    if grid is not None:
        return grid
    shown = next(t.value for t in at.get("table") if "Reason" in t.value.columns)
    plain = shown.map(lambda v: re.sub(r"\\(.)", r"\1", str(v)).replace("\u2060", "")).rename(columns=PROBLEM_HEADERS)
    return plain.assign(row=plain["row"].astype(int))


def table_with(at: AppTest, column: str, value: str) -> pd.DataFrame | None:
    return next((d.value for d in at.dataframe if column in d.value.columns and (d.value.get("tier") == value).all()), None)


def ranking_shown(at: AppTest) -> list[str]:
    """Programs in rank order across the Rank list page's tier tables."""
    tables = [d.value for d in at.dataframe if "tier_reason" in d.value.columns]
    return pd.concat(tables).sort_values("rank")["program"].tolist()


def open_app(page: str | None = None, example: bool = True) -> AppTest:
    """The app on the test workspace; a new workspace gets the example, as if
    the user had chosen it on first launch."""
    ws = Workspace(default_path())
    if example and not ws.is_initialised():
        ws.save(tables=bundled.example_tables(), settings={**bundled.example_settings(), "example": {"in_use": True}})
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
    return at


def editor_key(at, prefix):
    # A grid's key: its name, the tables' revision (or its setting's fingerprint, which can be
    # negative) and the visit (app_pages/draft_grid.py).
    return next(k for k in at.session_state if str(k).startswith(prefix) and re.fullmatch(r"-?\d+(_\d+)?", str(k)[len(prefix) :]))


def seed(path: Path, programs: pd.DataFrame) -> None:
    Workspace(path).save(
        tables={"programs": programs, "contacts": empty_table("contacts"), "letters": empty_table("letters")}, settings={"profile": {}, "weights": {}}
    )


def unknowns_everywhere() -> pd.DataFrame:
    return programs_frame([{"program": f"Unknown {i}", "state": s} for i, s in enumerate(["TX", "MA", "CA", "OH"])])


def test_the_page_list_is_every_page_of_the_app():
    assert len(PAGES) == len(set(PAGES)) == 11
    assert {"app_pages/applications.py", "app_pages/networking.py", "app_pages/final_list.py"} <= set(PAGES)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("content", ["example", "empty", "unknowns"])
def test_every_page_renders(workspace_path, page, content):
    if content == "empty":
        seed(workspace_path, empty_table("programs"))
    elif content == "unknowns":
        seed(workspace_path, unknowns_everywhere())
    at = open_app(page)
    assert not at.exception, at.exception
    assert at.title


GOOD = b"Program name,State,J-1? Y/N\nNew Alpha,Ohio,Y\nNew Beta,Texas,N\n"
MIXED = b"program,state,website\nGood One,TX,https://good.example\nBad One,ZZ,javascript:alert(1)\n"


def example_as_own(path: Path) -> None:
    """The example's programs saved as the user's own: an upload then merges into them
    (while the example is on, an upload leaves it first: tests/test_example_exits.py)."""
    Workspace(path).save(tables=bundled.example_tables(), settings={**bundled.example_settings(), "example": {"in_use": False}})


def test_good_upload_is_previewed_then_saved_on_confirm(workspace_path):
    example_as_own(workspace_path)
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("mine.csv", GOOD).run()
    assert not at.exception
    assert any("2 new" in m.value for m in at.markdown)
    assert len(Workspace(workspace_path).load_table("programs")) == 44  # nothing saved yet
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_table("programs")
    assert len(saved) == 46 and {"New Alpha", "New Beta"} <= set(saved["program"])


def test_replace_mode_keeps_only_the_upload(workspace_path):
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("mine.csv", GOOD).run()
    at.segmented_control(key="upload_mode").set_value("replace").run()
    at.button(key="upload_confirm").click().run()
    assert list(Workspace(workspace_path).load_table("programs")["program"]) == ["New Alpha", "New Beta"]


def test_bad_rows_are_listed_and_only_good_rows_load(workspace_path):
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("mixed.csv", MIXED).run()
    errors = error_table(at)
    assert set(errors["value"]) == {"ZZ", "javascript:alert(1)"} and set(errors["row"]) == {3}
    at.button(key="upload_confirm").click().run()
    saved = Workspace(workspace_path).load_table("programs")
    assert "Good One" in set(saved["program"]) and "Bad One" not in set(saved["program"])


@pytest.mark.parametrize("content", [b"", b"\x00\xff\x00garbage", b"state\nTX\n"])
def test_an_unusable_upload_changes_nothing(workspace_path, content):
    at = open_app("app_pages/programs.py")
    before = Workspace(workspace_path).revision()
    at.file_uploader[0].upload("bad.csv", content).run()
    assert not at.exception
    assert any("bad\\.csv" in e.value for e in at.error)  # escaped Markdown: shown as bad.csv
    assert not [b for b in at.button if b.key == "upload_confirm"]
    assert Workspace(workspace_path).revision() == before


def test_an_edit_is_validated_saved_and_survives_a_restart(workspace_path):
    at = open_app("app_pages/programs.py")
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {0: {"program": "Renamed Program"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception
    assert "Renamed Program" in set(Workspace(workspace_path).load_table("programs")["program"])
    restarted = open_app("app_pages/programs.py")  # a new session on the same workspace
    assert "Renamed Program" in set(restarted.data_editor[0].value["program"])


@pytest.mark.parametrize(
    ("edits", "said"),
    [
        ({"edited_rows": {0: {"notes": "Called the coordinator"}}, "added_rows": [], "deleted_rows": []}, "Saved your edit to 1 program."),
        ({"edited_rows": {0: {"notes": "Called", "state": "TX"}}, "added_rows": [], "deleted_rows": []}, "Saved your edits to 1 program."),
        ({"edited_rows": {0: {"notes": "Called"}, 2: {"notes": "Emailed"}}, "added_rows": [], "deleted_rows": []}, "Saved your edits to 2 programs."),
        (
            {"edited_rows": {0: {"notes": "Called"}}, "added_rows": [{"program": "Added Program", "state": "TX"}], "deleted_rows": [3]},
            "Saved your edit to 1 program, 1 new program and the removal of 1 program.",
        ),
    ],
)
def test_a_saved_edit_says_how_many_programs_it_changed(workspace_path, edits, said):
    """The walk: one cell changed read "Saved your edits (30 programs)", the whole table's size."""
    at = open_app("app_pages/programs.py")
    grid = at.data_editor[0].value
    if 0 in edits["edited_rows"] and "state" in edits["edited_rows"][0]:
        # A state that differs from the one shown, so the edit is a change.
        edits["edited_rows"][0]["state"] = "TX" if grid["state"].iloc[0] != "TX" else "CA"
    at.session_state[editor_key(at, "programs_")] = edits
    at.button(key="editor_save").click().run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    shown = " ".join(m.value for m in [*at.success, *at.markdown])
    assert said in shown, shown
    assert "Saved your edits (" not in shown


def test_an_invalid_edit_saves_nothing_and_says_why(workspace_path):
    at = open_app("app_pages/programs.py")
    before = Workspace(workspace_path).tables_revision()
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {0: {"state": "Atlantis"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert at.error
    assert "Atlantis" in set(error_table(at)["value"])
    assert set(error_table(at)["column"]) == {"State"}  # named as the grid names it, not `state`
    first = at.data_editor[0].value["program"].iloc[0]
    assert error_table(at)["named"].tolist() == [first]  # the grid shows no row numbers: the row is named
    assert Workspace(workspace_path).tables_revision() == before  # the table is untouched
    assert Workspace(workspace_path).load_setting("grid_drafts")["programs"]["changed"]["rows"]  # the edit is kept to fix


def test_an_invalid_edit_does_not_speak_of_rejected_rows_and_no_edit_saves_nothing(workspace_path):
    # An edit that fails saves nothing at all: the upload's "rows rejected, the rest can be loaded" would contradict that.
    at = open_app("app_pages/programs.py")
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {0: {"state": "Atlantis"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not [w for w in at.warning if "rejected" in w.value]
    # A new session (a reload) gets the unsaved edit back, to fix or discard.
    fresh = open_app("app_pages/programs.py")
    assert "Atlantis" in set(fresh.data_editor[0].value["state"])
    fresh.button(key="programs_discard").click().run()
    assert "Atlantis" not in set(fresh.data_editor[0].value["state"])
    before = Workspace(workspace_path).tables_revision()
    fresh.button(key="editor_save").click().run()
    assert any("No changes" in i.value for i in fresh.info) and not fresh.success
    assert Workspace(workspace_path).tables_revision() == before


def test_the_programs_grid_hides_ids_and_names_columns_in_words(workspace_path):
    at = open_app("app_pages/programs.py")
    assert "program_id" in at.data_editor[0].value.columns  # kept, for matching edits
    config = at.data_editor[0].proto.columns
    import json as _json

    columns = _json.loads(config)
    assert columns["program_id"]["hidden"] is True
    labels = [c.get("label", "") for name, c in columns.items() if not c.get("hidden")]
    assert "IMGs last 5 years" in labels and not [label for label in labels if "_" in label]


def test_a_filter_narrows_rows_and_survives_a_page_switch(workspace_path):
    at = open_app("app_pages/explore.py")
    assert at.metric[0].value == "44"
    at.multiselect(key="f_regions").set_value(["West"]).run()
    west = int(at.metric[0].value)
    assert 0 < west < 44
    at.switch_page("app_pages/rank_list.py").run()
    at.switch_page("app_pages/explore.py").run()
    assert at.multiselect(key="f_regions").value == ["West"]
    assert int(at.metric[0].value) == west


def test_a_weight_change_reorders_the_ranking(workspace_path):
    at = open_app("app_pages/rank_list.py")
    first = ranking_shown(at)
    for factor in ("friendliness", "focus", "research", "location", "stability"):
        at.slider(key=f"w_{factor}").set_value(0.0).run()
    at.slider(key="w_interest").set_value(10.0).run()
    assert not at.exception
    assert Workspace(workspace_path).load_setting("weights")["interest"] == 10.0
    after = ranking_shown(at)
    assert first != after


def test_a_slider_value_the_weights_never_got_is_put_back_never_saved(workspace_path):
    # A slider drawn by a new page starts at its minimum, and a callback abandoned for a
    # newer rerun leaves a value that was never saved: the saved weights own the sliders.
    at = open_app("app_pages/explore.py")
    at.session_state["w_interest"] = 0.0
    at.run()
    assert not at.exception and not at.error
    assert at.slider(key="w_interest").value == 5.0
    for page in ("app_pages/outreach.py", "app_pages/rank_list.py", "app_pages/explore.py"):
        at.switch_page(page).run()
        assert not at.exception
    assert at.slider(key="w_interest").value == 5.0
    assert at.slider(key="w_friendliness").value == 8.0
    saved = Workspace(workspace_path).load_setting("weights")
    assert (saved["interest"], saved["friendliness"]) == (5, 8)


def test_the_profile_form_starts_from_the_saved_profile_on_every_visit(workspace_path):
    # A page switch cut short once left the form's keys holding blanks the browser had
    # drawn for new widgets: the form showed empty and a later change saved the blanks.
    at = open_app("app_pages/profile.py")
    at.session_state["p_name"] = ""
    at.session_state["p_step2_score"] = None
    at.session_state["_page"] = "outreach"  # the run before was of another page, cut short
    at.run()
    assert not at.exception
    assert at.text_input(key="p_name").value == "Example Applicant"
    assert at.number_input(key="p_step2_score").value == 238
    assert Workspace(workspace_path).load_setting("profile")["name"] == "Example Applicant"


def test_the_profile_is_saved_as_it_changes(workspace_path):
    at = open_app("app_pages/profile.py")
    at.selectbox(key="p_visa_need").set_value("h1b").run()
    at.number_input(key="p_step2_score").set_value(251).run()
    assert not at.exception
    saved = Workspace(workspace_path).load_setting("profile")
    assert (saved["visa_need"], saved["step2_score"]) == ("h1b", 251)


def test_a_second_window_cannot_silently_overwrite(workspace_path):
    first = open_app("app_pages/explore.py")
    second = open_app("app_pages/explore.py")
    second.slider(key="w_interest").set_value(9.0).run()
    first.slider(key="w_interest").set_value(1.0).run()
    assert first.error and "another window" in first.error[0].value
    assert Workspace(workspace_path).load_setting("weights")["interest"] == 9.0


def test_restore_a_backup_from_the_programs_page(workspace_path, tmp_path):
    from data.bundle import export_bundle

    other = Workspace(tmp_path / "other.sqlite")
    seed(other.path, unknowns_everywhere())
    backup = export_bundle(other)
    at = open_app("app_pages/programs.py")
    next(u for u in at.file_uploader if u.key == "ws_restore_0").upload("backup.zip", backup).run()
    # The confirmation sits beside the button, and the button waits for it.
    assert at.button(key="ws_restore_go").disabled
    at.checkbox(key="ws_restore_sure").check().run()
    at.button(key="ws_restore_go").click().run()
    assert not at.exception
    assert list(Workspace(workspace_path).load_table("programs")["program"]) == [f"Unknown {i}" for i in range(4)]


def test_no_match_shows_an_empty_state_that_clears_the_filters(workspace_path):
    at = open_app("app_pages/explore.py")
    at.text_input(key="f_text").set_value("no program is called this").run()
    assert any("No programs match" in i.value for i in at.info)
    at.button(key="f_clear_empty").click().run()
    assert not at.exception
    assert at.metric[0].value == "44"
    assert at.text_input(key="f_text").value == ""


def test_explore_tier_cards_add_up_to_the_programs_shown(workspace_path):
    at = open_app("app_pages/explore.py")
    cards = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    tiers = [v for k, v in cards.items() if k not in ("Programs", "Eligible (or not yet known)")]
    assert "Not eligible" in cards and sum(tiers) == cards["Programs"]


def test_moving_a_weight_off_a_preset_clears_the_preset_name(workspace_path):
    at = open_app("app_pages/rank_list.py")
    from data.settings import PRESETS

    name = next(iter(PRESETS))
    at.selectbox(key="w_preset").set_value(name).run()
    assert at.selectbox(key="w_preset").value == name
    at.slider(key="w_location").set_value(10.0).run()
    assert not at.exception
    assert at.selectbox(key="w_preset").value is None
    assert Workspace(workspace_path).load_setting("weights")["location"] == 10.0


def test_a_factor_nothing_is_known_of_says_so_in_explain_and_compare(workspace_path):
    seed(workspace_path, unknowns_everywhere())
    at = open_app("app_pages/explore.py")
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    lines = next(d.value for d in at.dataframe if "factor" in d.value.columns)
    reflection = lines.set_index("factor").loc["Your reflection", "value"]
    assert reflection == "not known yet: counted as 50%, could be 0–100%"
    at.segmented_control(key="explore_view").set_value("Compare").run()
    assert not at.exception
    table = at.table[0].value
    assert {v.replace("\\", "") for v in table.loc["Your reflection factor"]} == {"not known yet (counted as 50%)"}  # shown unescaped


def test_merging_a_narrow_file_changes_only_its_columns_and_keeps_interview_notes(workspace_path):
    example_as_own(workspace_path)
    at = open_app("app_pages/programs.py")
    saved = Workspace(workspace_path).load_table("programs").set_index("program_id").loc["EX1300"]
    narrow = b"program_id,Program name,State,H-1B,Notes\nEX1300,Aldermoor Medical Genetics and Genomics,MA,no,\n"
    at.file_uploader[0].upload("shortlist.csv", narrow).run()
    assert any("1 changed" in m.value for m in at.markdown)
    assert any("keep what you saved" in c.value for c in at.caption)
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    after = Workspace(workspace_path).load_table("programs").set_index("program_id").loc["EX1300"]
    assert after["h1b"] == "no"
    for column in ("liked", "track", "j1", "institution", "imgs_last_5y", "notes"):
        assert (pd.isna(after[column]) and pd.isna(saved[column])) or after[column] == saved[column], column


def test_a_file_of_another_kind_is_refused_on_the_page_in_words(workspace_path):
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("my letter.docx", b"PK\x03\x04 not a spreadsheet").run()
    assert not at.exception
    assert any("not supported" in e.value and "docx" in e.value for e in at.error)
    assert any("unchanged" in c.value for c in at.caption)


def test_a_file_without_ids_or_institutions_updates_the_saved_programs_it_names(workspace_path):
    # The directory's name is shared by many programs, but only one of them is in Massachusetts.
    example_as_own(workspace_path)
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("shortlist.csv", b"Program name,State,H-1B\nMedical Genetics and Genomics,MA,no\n").run()
    assert any("0 new, 1 changed" in m.value for m in at.markdown)
    at.button(key="upload_confirm").click().run()
    saved = Workspace(workspace_path).load_table("programs")
    assert len(saved) == 44 and saved.set_index("program_id").loc["EX1300", "h1b"] == "no"


def test_programs_sharing_a_name_are_told_apart_in_every_picker(workspace_path):
    shared = programs_frame(
        [
            {"program": "Medical Genetics", "institution": "Emory", "state": "GA"},
            {"program": "Medical Genetics", "institution": "Stanford", "state": "CA"},
            {"program": "Medical Genetics", "institution": "Utah", "state": "UT"},
        ]
    )
    seed(workspace_path, shared)
    for page, key in (("app_pages/interview.py", "interview_program"), ("app_pages/outreach.py", "draft_program"), ("app_pages/networking.py", "net_program")):
        at = open_app(page)
        assert not at.exception, at.exception
        shown = at.selectbox(key=key).options
        assert sorted(shown) == ["Emory (GA) — Medical Genetics", "Stanford (CA) — Medical Genetics", "Utah (UT) — Medical Genetics"], page
    at = open_app("app_pages/interview.py")
    stanford = shared.loc[shared["institution"] == "Stanford", "program_id"].item()
    at.selectbox(key="interview_program").set_value(stanford).run()
    assert not at.exception
    facts = next(t.value for t in at.table if "Fact" in t.value.columns).set_index("Fact")
    assert facts.loc["Institution", "Value"] == "Stanford"


GUIDE_SHEET = (
    (
        "Program name,City, State,J-1? Y/N,Step 2 cutoff,Positions,Notes\n"
        "Hoosier Genetics,Indianapolis, IN,Y,220ish,2,looks good\n"
        "Lone Star Genetics,Houston, TX,maybe,230,two,\n"
        "Clean Genetics,Boston, MA,Y,230,1,\n"
    )
    .replace("City, State", '"City, State"')
    .replace("Indianapolis, IN", '"Indianapolis, IN"')
    .replace("Houston, TX", '"Houston, TX"')
    .replace("Boston, MA", '"Boston, MA"')
)


def test_cells_that_cannot_be_read_load_flagged_and_are_fixed_in_place(workspace_path):
    from data import flags

    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("guide.csv", GUIDE_SHEET.encode()).run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Programs that load whole"] == "1" and metrics["Load with cells to look at"] == "2" and metrics["Rejected rows"] == "0"
    at.segmented_control(key="upload_mode").set_value("replace").run()
    at.button(key="upload_confirm").click().run()
    assert not at.exception, at.exception
    saved = Workspace(workspace_path).load_table("programs")
    assert len(saved) == 3 and flags.flagged_rows(saved).sum() == 2
    assert any("3 cells need a look" in m.value for m in at.markdown)
    grid = at.data_editor[0].value
    hoosier = grid.index[grid["program"] == "Hoosier Genetics"][0]
    assert grid.loc[hoosier, "min_step2_score"] == "220ish"  # shown as written, to fix in place
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {int(hoosier): {"min_step2_score": "220"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception, at.exception
    saved = Workspace(workspace_path).load_table("programs").set_index("program")
    assert saved.loc["Hoosier Genetics", "min_step2_score"] == 220
    assert flags.decode(saved.loc["Hoosier Genetics", flags.FLAGS]) == {}
    assert set(flags.decode(saved.loc["Lone Star Genetics", flags.FLAGS])) == {"j1", "positions"}
    assert any("2 cells need a look" in m.value for m in at.markdown)


def test_a_cell_typed_in_the_grid_that_cannot_be_read_is_named_by_the_grids_words(workspace_path):
    # The walk typed "twice maybe" into Max attempts: the list named it "max_attempts", the column's code.
    at = open_app("app_pages/programs.py")
    at.file_uploader[0].upload("guide.csv", GUIDE_SHEET.encode()).run()
    at.segmented_control(key="upload_mode").set_value("replace").run()
    at.button(key="upload_confirm").click().run()
    grid = at.data_editor[0].value
    hoosier = grid.index[grid["program"] == "Hoosier Genetics"][0]
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {int(hoosier): {"max_attempts": "twice maybe"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception, at.exception
    tables = [t.value for t in at.table] + [d.value for d in at.dataframe]
    listed = next(t for t in tables if "twice maybe" in set(t.astype(str).to_numpy().ravel()) and "program_id" not in t.columns)
    row = listed[listed.astype(str).eq("twice maybe").any(axis=1)].iloc[0].astype(str).str.replace("\\", "")  # as read, Markdown escapes aside
    assert not row.str.contains("max_attempts").any() and row.str.lower().str.contains("attempts").any()
