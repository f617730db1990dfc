"""The season's pages through AppTest: Applications (add, edit, board, due and
overdue, reflection, season dates), Final rank list, and the profile's and
interview prep's season additions."""

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import bundled
from data.normalise import empty_table
from data.store import Workspace
from scoring.vocabulary.wording import program_labels
from tests.test_pages import error_table
from tests.test_pages_prepare import editor_key

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def seed(path: Path, applications: list[dict] | None = None, profile: dict | None = None) -> None:
    frame = empty_table("applications")
    if applications:
        rows = pd.DataFrame(applications)
        frame = pd.concat([frame, rows], ignore_index=True).astype(frame.dtypes.to_dict())
    settings = bundled.example_settings()
    settings["profile"] = {**settings["profile"], **(profile or {})}
    Workspace(path).save(tables={**bundled.example_tables(), "applications": frame}, settings=settings)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    shown = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text])
    return shown.replace("\\", "")  # user text is escaped for Markdown


APPS = [
    {"program_id": "EX1300", "program": "Aldermoor Medical Genetics and Genomics", "status": "interviewed", "interview_on": pd.Timestamp("2026-11-10")},
    {
        "program_id": "EX1301",
        "program": "Brightwater Medical Genetics and Genomics (combined)",
        "status": "considering",
        "deadline": pd.Timestamp("2026-11-01"),
    },
    {"program_id": "EX1302", "program": "Cedar Hollow Medical Genetics and Genomics (combined)", "status": "applied", "deadline": pd.Timestamp("2026-11-25")},
    {
        "program_id": "EX1303",
        "program": "Dunmere Medical Genetics and Genomics (combined)",
        "status": "thank-you-sent",
        "interview_on": pd.Timestamp("2026-11-05"),
    },
]


def test_applications_page_on_an_empty_table(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/applications.py")
    assert not at.error
    shown = texts(at)
    assert "Nothing is late." in shown and "Considering** (0)" in shown
    assert any("few programs" in m.value for m in at.markdown)
    for bad in ("None", "<NA>", "nan"):
        assert bad not in [m.value for m in at.metric]


def test_adding_programs_from_the_list(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/applications.py")
    at.multiselect(key=f"apps_add_programs_{at.session_state['revision'].value}").set_value(["EX1300", "EX1304"]).run()
    at.selectbox(key="apps_add_status").set_value("applied").run()
    at.date_input(key="apps_add_applied_on").set_value(date(2026, 11, 3)).run()  # asked for, never stamped as today
    at.button(key="apps_add").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("applications")
    assert saved["program_id"].tolist() == ["EX1300", "EX1304"]
    assert saved["status"].tolist() == ["applied", "applied"]
    assert saved["applied_on"].dt.date.astype(str).tolist() == ["2026-11-03"] * 2
    assert any("Added 2 programs" in s.value for s in at.success)
    assert "Applied** (2)" in texts(at)


def test_added_as_applied_without_a_date_stays_blank_and_a_step_out_of_order_is_flagged(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/applications.py")
    at.multiselect(key=f"apps_add_programs_{at.session_state['revision'].value}").set_value(["EX1300"]).run()
    at.selectbox(key="apps_add_status").set_value("applied").run()
    at.button(key="apps_add").click().run()
    saved = Workspace(workspace_path).load_table("applications")
    assert saved["applied_on"].isna().all()  # today would date it after an interview already held
    saved.loc[0, ["applied_on", "interview_on", "status"]] = [pd.Timestamp("2026-12-07"), pd.Timestamp("2026-11-18"), "interviewed"]
    Workspace(workspace_path).save(tables={"applications": saved})
    at = open_page("app_pages/applications.py")
    flagged = [w.value for w in at.warning if "before applied" in w.value]
    assert len(flagged) == 1 and "Nov 18, 2026" in flagged[0] and "Dec 07, 2026" in flagged[0]


def test_board_due_and_overdue(workspace_path):
    seed(workspace_path, APPS)
    at = open_page("app_pages/applications.py")
    shown = texts(at)
    assert "Overdue** (2)" in shown  # Brightwater's deadline passed; Aldermoor has no thank-you after 12 days
    assert "The application deadline passed without an application — Brightwater" in shown
    assert "Send a thank-you note — Aldermoor" in shown
    assert "Interviewed** (1)" in shown and "Thank-you sent** (1)" in shown
    assert "Due this week** (2)" in shown  # Dunmere's reflection; no deadline for an applied program
    assert "Write your reflection while the day is fresh — Dunmere" in shown


def test_editing_a_status_in_the_table(workspace_path):
    seed(workspace_path, APPS)
    at = open_page("app_pages/applications.py")
    key = editor_key(at, "applications_")
    at.session_state[key] = {"edited_rows": {1: {"status": "applied", "applied_on": "2026-10-30"}}, "added_rows": [], "deleted_rows": [3]}
    at.button(key="applications_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("applications")
    assert saved["program_id"].tolist() == ["EX1300", "EX1301", "EX1302"]
    assert saved.loc[1, "status"] == "applied"
    assert "deadline passed" not in texts(at)


def test_a_duplicate_program_saves_nothing_and_says_which_row(workspace_path):
    seed(workspace_path, APPS)
    revision = Workspace(workspace_path).tables_revision()
    at = open_page("app_pages/applications.py")
    key = editor_key(at, "applications_")
    new = {"program": "Aldermoor University (MA) — Medical Genetics and Genomics", "status": "applied"}  # as the grid names it
    at.session_state[key] = {"edited_rows": {}, "added_rows": [new], "deleted_rows": []}
    at.button(key="applications_save").click().run()
    assert at.error
    errors = error_table(at)
    assert errors.iloc[0]["row"] == 5 and "row 1" in errors.iloc[0]["reason"]
    assert Workspace(workspace_path).tables_revision() == revision


def test_the_reflection_is_saved_and_shown(workspace_path):
    seed(workspace_path, APPS, profile={"vision": "Running a metabolic clinic and a small research group."})
    at = open_page("app_pages/applications.py")
    at.selectbox(key="reflect_program").set_value("EX1300").run()
    assert "Running a metabolic clinic" in "\n".join(t.value for t in at.text)
    assert "Reflection factor now: unknown." in texts(at)
    at.segmented_control(key="reflect_thriving_EX1300").set_value(5).run()
    at.segmented_control(key="reflect_vision_EX1300").set_value(4).run()
    at.segmented_control(key="reflect_supported_EX1300").set_value(3).run()
    at.text_input(key="reflect_thriving_note_EX1300").input("Residents looked happy").run()
    at.text_area(key="reflect_surprise_EX1300").input("A weekly metabolic board").run()
    at.button(key="reflect_save").click().run()
    assert not at.exception and not at.error
    row = Workspace(workspace_path).load_table("applications").set_index("program_id").loc["EX1300"]
    assert (row["thriving"], row["vision"], row["supported"]) == (5, 4, 3)
    assert row["thriving_note"] == "Residents looked happy" and row["impressions_surprise"] == "A weekly metabolic board"
    assert any("75%" in s.value for s in at.success)


def test_season_dates_are_edited_and_reset(workspace_path):
    from datetime import date

    seed(workspace_path, APPS)
    at = open_page("app_pages/applications.py")
    at.date_input(key="season_rank_list_deadline").set_value(date(2026, 11, 26))  # inside a form: sent with the submit
    at.button[[b.label for b in at.button].index("Save dates")].click().run()
    assert not at.exception
    assert Workspace(workspace_path).load_setting("season_dates")["rank_list_deadline"] == "2026-11-26"
    assert "NRMP rank order list deadline" in texts(at)  # now due this week
    at.button(key="season_reset").click().run()
    assert Workspace(workspace_path).load_setting("season_dates") == {}


def test_final_list_starts_in_score_order_warns_and_saves_the_users_order(workspace_path):
    from datetime import date

    from data.settings import Profile, Weights
    from scoring.decision.ranking import by_rank, score_programs

    seed(workspace_path, APPS, profile={"vision": "Clinical geneticist in a children's hospital."})
    ws = Workspace(workspace_path)
    profile, weights = Profile.from_dict(ws.load_setting("profile")), Weights.from_dict(ws.load_setting("weights"))
    ranked = by_rank(score_programs(ws.load_table("programs"), profile, weights, date(2026, 11, 22), ws.load_table("contacts")))
    expected = [p for p in ranked["program_id"] if p in {"EX1300", "EX1302", "EX1303"}]
    at = open_page("app_pages/final_list.py")
    assert not at.error
    assert any("not by where you think your chances are best" in i.value for i in at.info)
    assert "Clinical geneticist in a children" in "\n".join(t.value for t in at.text)
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Cedar Hollow" in warning and "Programs rank only applicants they interviewed" in warning
    assert "Aldermoor" not in warning
    at.button(key="final_save").click().run()
    assert Workspace(workspace_path).load_setting("final_order")["order"] == expected
    assert [s.value for s in at.success] == ["Your final order is saved."]
    key = editor_key(at, "final_")
    at.session_state[key] = {"edited_rows": {0: {"position": 9}}, "added_rows": [], "deleted_rows": []}
    at.button(key="final_save").click().run()
    assert not at.exception
    assert Workspace(workspace_path).load_setting("final_order")["order"] == [*expected[1:], expected[0]]
    assert [s.value for s in at.success] == ["Your final order is saved."]


def test_final_list_starts_in_the_rank_lists_own_order(workspace_path):
    # An order made by hand on the Rank list is where the final list starts, not the score order.
    seed(workspace_path, APPS)
    Workspace(workspace_path).save(settings={"manual_order": {"order": ["EX1303", "EX1302", "EX1300"]}})
    at = open_page("app_pages/final_list.py")
    at.button(key="final_save").click().run()
    assert Workspace(workspace_path).load_setting("final_order")["order"] == ["EX1303", "EX1302", "EX1300"]


def test_final_list_without_applications_points_to_applications(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/final_list.py")
    assert any("No applications yet" in i.value for i in at.info)


@pytest.mark.parametrize("page", ["app_pages/interview.py", "app_pages/final_list.py"])
def test_a_missing_vision_points_to_the_profile(workspace_path, page):
    seed(workspace_path, APPS, profile={"vision": ""})  # the example's applicant has written one
    at = open_page(page)
    assert "Not written yet" in texts(at)


def test_profile_saves_the_season_fields(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/profile.py")
    at.text_area(key="p_vision").input("A clinician-scientist in neurogenetics.").run()
    at.selectbox(key="p_step1_status").set_value("pass").run()
    at.toggle(key="p_specialty_research").set_value(True).run()
    key = editor_key(at, "experiences_")
    at.session_state[key] = {"edited_rows": {}, "added_rows": [{"experience": "Two years in a metabolic clinic", "tags": ["metabolic"]}], "deleted_rows": []}
    at.button(key="experiences_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_setting("profile")
    assert saved["vision"] == "A clinician-scientist in neurogenetics."
    assert saved["step1_status"] == "pass" and saved["specialty_research"] is True
    assert saved["experiences"] == [{"text": "Two years in a metabolic clinic", "tags": ["metabolic"]}]
    assert saved["name"] == "Example Applicant"  # the rest of the profile is kept


def test_recording_steps_sets_status_and_the_matching_date(workspace_path):
    from datetime import date

    seed(workspace_path, [{"program_id": "EX1302", "program": "Cedar Hollow Medical Genetics and Genomics (combined)", "status": "applied"}])
    at = open_page("app_pages/applications.py")
    assert at.selectbox(key="step_status_EX1302").options[0] == "Invited"  # the next step comes first
    at.selectbox(key="step_status_EX1302").set_value("interview-scheduled").run()
    at.date_input(key="step_date_EX1302_interview-scheduled").set_value(date(2026, 12, 3)).run()
    at.button(key="step_save").click().run()
    assert not at.exception and not at.error
    row = Workspace(workspace_path).load_table("applications").iloc[0]
    assert row["status"] == "interview-scheduled" and row["interview_on"] == pd.Timestamp("2026-12-03")
    at.selectbox(key="step_status_EX1302").set_value("interviewed").run()
    at.button(key="step_save").click().run()
    row = Workspace(workspace_path).load_table("applications").iloc[0]
    assert row["status"] == "interviewed" and row["interview_on"] == pd.Timestamp("2026-12-03")  # the interview date is kept


def test_moving_a_program_on_the_final_list(workspace_path):
    seed(workspace_path, APPS)
    at = open_page("app_pages/final_list.py")
    at.selectbox(key="final_move_program").set_value("EX1303").run()
    at.number_input(key="final_move_to").set_value(1).run()
    at.button(key="final_move").click().run()
    assert not at.exception
    order = Workspace(workspace_path).load_setting("final_order")["order"]
    assert order[0] == "EX1303" and sorted(order) == ["EX1300", "EX1302", "EX1303"]
    assert len(at.success) == 1 and at.success[0].value.startswith("Moved to position 1 and saved: ")


def test_rank_list_shows_reflections_and_warns_about_programs_never_interviewed(workspace_path):
    rated = {**APPS[0], "thriving": 5, "vision": 5, "supported": 5}
    seed(workspace_path, [rated, *APPS[1:]])
    at = open_page("app_pages/rank_list.py")
    table = next(d.value for d in at.dataframe if "reflection_shown" in d.value.columns)
    # The institution has its own column beside the program's name.
    by_id = dict(zip(zip(table["institution"], table["program"], strict=True), table["reflection_shown"], strict=True))
    assert by_id[("Aldermoor University (MA)", "Medical Genetics and Genomics")] == "100%"
    assert by_id[("Brightwater Medical Center (NY)", "Pediatrics-Medical Genetics")] == "unknown"
    notes = " ".join(i.value for i in at.info)
    assert "no interview held yet" in notes and "interviewed you" in notes
    assert "eligible program" not in notes  # not ruled out is not eligible (the walk: all were unknown)


def test_rank_list_counts_a_scheduled_interview_apart(workspace_path):
    scheduled = {**APPS[1], "status": "interview-scheduled", "interview_on": pd.Timestamp("2026-12-10")}
    seed(workspace_path, [APPS[0], scheduled, APPS[2], APPS[3]])
    at = open_page("app_pages/rank_list.py")
    notes = " ".join(i.value for i in at.info)
    assert "no interview held yet" in notes and "(1 of them with one invited or scheduled)" in notes
    assert "no interview recorded" not in notes


def test_interview_prep_opens_on_the_next_interview(workspace_path):
    """Nothing chosen yet: the page opens on the soonest interview to come, not the first program by name."""
    scheduled = {**APPS[2], "status": "interview-scheduled", "interview_on": pd.Timestamp("2026-12-10")}
    seed(workspace_path, [APPS[0], scheduled])
    at = open_page("app_pages/interview.py")
    assert at.selectbox(key="interview_program").value == "EX1302"


def test_final_list_tells_an_interview_to_come_from_no_invitation_yet(workspace_path):
    """The walk: applied-only programs on the final list were told to stay "while their interview is still to come"."""
    scheduled = {**APPS[1], "status": "interview-scheduled", "interview_on": pd.Timestamp("2026-12-10")}
    seed(workspace_path, [APPS[0], scheduled, APPS[2], APPS[3]])
    at = open_page("app_pages/final_list.py")
    warned = " ".join(w.value for w in at.warning).replace("\\", "")  # read as shown, without Markdown escapes
    assert "2 programs have not interviewed you yet" in warned
    assert "no invitation yet: Cedar Hollow Health System (PA)" in warned  # EX1302, applied only
    assert "Brightwater" not in warned.split("no invitation yet:")[1]  # EX1301's interview is scheduled


def test_rank_list_says_nothing_of_interviews_before_the_season_starts(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/rank_list.py")
    assert not any("reflection_shown" in d.value.columns for d in at.dataframe)
    assert not any("no interview held yet" in i.value for i in at.info)


def test_an_open_house_logged_today_shows_as_today_on_outreach(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/networking.py")
    pid = at.selectbox(key="net_program").value
    at.text_area(key=f"net_notes_{pid}").input("Met two residents")
    at.button[[b.label for b in at.button].index("Save the notes")].click().run()
    assert not at.exception and not at.error
    at.switch_page("app_pages/outreach.py").run()
    shown = [line for t in at.text for line in t.value.splitlines()]  # each list is one text, a program a line
    name = program_labels(Workspace(workspace_path).load_table("programs"))[pid]  # as every page names it
    assert f"Today: {name}" in shown
    assert not any(s.startswith("2026-11-22:") for s in shown)


def test_final_list_columns_fit_their_headers_and_the_page_at_1280(workspace_path):
    """A grid clips a header wider than its column, and scrolls away columns past the page's
    818 px at 1280 px wide (the browser test checks the page itself). What tells programs apart
    (rank, institution, program) is pinned and fits with room to spare; the rest may scroll."""
    seed(workspace_path, APPS)
    at = open_page("app_pages/final_list.py")
    config = json.loads(next(d for d in at.dataframe if "reflection" in d.value.columns).proto.columns)
    shown = {name: c for name, c in config.items() if not c.get("hidden")}
    for name, column in shown.items():
        editable = not column.get("disabled")
        assert isinstance(column.get("width"), int), name
        assert column["width"] >= 6.5 * len(column["label"]) + 24 + 20 * editable, name
    pinned = [name for name, c in shown.items() if c.get("pinned")]
    assert pinned == ["position", "institution", "program"]
    assert sum(shown[name]["width"] for name in pinned) <= 0.6 * 818 - 10  # wider, Streamlit unpins them
    # Short cells are read whole (a long program name may be cut; the picker below shows it in full).
    grid = next(d for d in at.dataframe if "reflection" in d.value.columns).value
    longest_too = {
        "visa": ["no J-1, H-1B considered", "J-1 not known yet, H-1B considered", "no J-1, H-1B not known yet"],
        "status": ["Interview scheduled", "Thank-you sent"],
    }
    for name in ("visa", "status", "img_friendliness", "reflection"):
        longest = max([*grid[name].astype(str), *longest_too.get(name, [])], key=len)
        assert 6.2 * len(longest) + 16 <= shown[name]["width"], (name, longest)  # body text is narrower than headers


def test_an_unsaved_date_in_the_applications_table_comes_back_as_a_date(workspace_path):
    seed(workspace_path, APPS)
    at = open_page("app_pages/applications.py")
    key = editor_key(at, "applications_")
    at.session_state[key] = {"edited_rows": {1: {"applied_on": "2026-10-30"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    at.switch_page("app_pages/final_list.py").run()
    at.switch_page("app_pages/applications.py").run()
    assert not at.exception
    grid = at.data_editor[0].value
    assert pd.Timestamp(grid.loc[1, "applied_on"]) == pd.Timestamp(date(2026, 10, 30))
    at.button(key="applications_save").click().run()
    assert not at.exception and not at.error
    assert Workspace(workspace_path).load_table("applications").loc[1, "applied_on"] == pd.Timestamp("2026-10-30")
    assert Workspace(workspace_path).load_setting("grid_drafts") == {}


def test_saving_experiences_says_what_it_saved_and_what_it_left_out(workspace_path):
    seed(workspace_path)
    at = open_page("app_pages/profile.py")
    before = len(Workspace(workspace_path).load_setting("profile").get("experiences") or [])
    at.session_state[editor_key(at, "experiences_")] = {
        "edited_rows": {},
        "added_rows": [{"experience": "Prenatal clinic", "tags": ["prenatal"]}, {"tags": ["metabolic"]}],
        "deleted_rows": [],
    }
    at.button(key="experiences_save").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_setting("profile")["experiences"]
    assert len(saved) == before + 1 and saved[-1]["text"] == "Prenatal clinic"
    note = " ".join(s.value for s in at.success)
    assert f"Saved {before + 1} experience" in note and "1 row with strengths but no text was left out" in note


def test_recording_a_step_survives_its_application_being_deleted(workspace_path):
    # The walk crashed "Record a step" after a save (IndexError on the chosen application's status).
    # Not reproduced here; the page now copes with a choice that has no application.
    seed(workspace_path, APPS)
    at = open_page("app_pages/applications.py")
    at.selectbox(key="step_program").set_value(APPS[-1]["program_id"]).run()
    key = editor_key(at, "applications_")
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [len(APPS) - 1]}
    at.button(key="applications_save").click().run()
    assert not at.exception, at.exception
    at.run()
    assert not at.exception, at.exception


def test_final_list_with_only_considered_programs_says_to_mark_them_applied(workspace_path):
    seed(workspace_path, [{"program_id": "EX1301", "program": "Brightwater", "status": "considering"}])
    at = open_page("app_pages/final_list.py")
    assert any("1 application is still at Considering" in i.value and "mark it Applied" in i.value for i in at.info)


def test_final_list_says_an_unknown_visa_answer_in_words(workspace_path):
    """The Visa column read "J-1 ?": an unknown answer is said as the rest of the app says it."""
    seed(workspace_path, APPS)
    ws = Workspace(workspace_path)
    programs = ws.load_table("programs")
    unknown_j1, unknown_h1b = programs["program_id"].eq("EX1300"), programs["program_id"].eq("EX1303")
    programs["j1"] = programs["j1"].mask(unknown_j1)
    programs["h1b"] = programs["h1b"].mask(unknown_h1b)
    programs.loc[unknown_h1b, "j1"] = True
    ws.save(tables={"programs": programs})
    at = open_page("app_pages/final_list.py")
    grid = next(d for d in at.dataframe if "reflection" in d.value.columns).value.set_index("program_id")
    assert grid.loc["EX1300", "visa"].startswith("J-1 not known yet, ")
    assert grid.loc["EX1303", "visa"].endswith(", H-1B not known yet")
    assert not grid["visa"].str.contains("?", regex=False).any()
