"""Outreach, Letters and Interview pages through AppTest: add, edit, delete,
and the email log feeding the score."""

from datetime import date

import pandas as pd
import pytest

from data.settings import Profile, Weights
from data.store import Workspace
from scoring.applying.outreach import QUESTIONS
from scoring.decision.ranking import score_programs
from tests.test_pages import editor_key, error_table, open_app


def friendliness(path, pid):
    ws = Workspace(path)
    scored = score_programs(ws.load_table("programs"), Profile(), Weights(), date(2026, 11, 22), ws.load_table("contacts")).set_index("program_id")
    return scored.loc[pid, "img_friendliness"], scored.loc[pid, "img_friendliness_max"]


def test_logging_a_reply_changes_friendliness(workspace_path):
    at = open_app("app_pages/outreach.py")
    ws = Workspace(workspace_path)
    contacts = ws.load_table("contacts")
    # Fernbrook (EX1305) has an unanswered email from 2026-10-29: 0 points, too young to judge? 24 days: 0.
    row = contacts.index[contacts["program_id"] == "EX1305"][0]
    before = friendliness(workspace_path, "EX1305")
    key = editor_key(at, "contacts_")
    at.session_state[key] = {"edited_rows": {int(row): {"replied_on": "2026-11-01", "reply_quality": "helpful"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="contacts_save").click().run()
    assert not at.exception and not at.error
    after = friendliness(workspace_path, "EX1305")
    assert after[0] == before[0] + 2  # an answer within 7 days, helpful: responsiveness 0 -> 2


def test_contacts_add_and_delete(workspace_path):
    at = open_app("app_pages/outreach.py")
    before = len(Workspace(workspace_path).load_table("contacts"))
    key = editor_key(at, "contacts_")
    new = {"program": "Aldermoor University (MA) — Medical Genetics and Genomics", "channel": "resident", "sent_on": "2026-11-20", "notes": "Talked to a PGY-2"}
    at.session_state[key] = {"edited_rows": {}, "added_rows": [new], "deleted_rows": [0]}
    at.button(key="contacts_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("contacts")
    assert len(saved) == before
    assert "Talked to a PGY-2" in set(saved["notes"].dropna())


def test_an_invalid_log_row_saves_nothing(workspace_path):
    at = open_app("app_pages/outreach.py")
    revision = Workspace(workspace_path).tables_revision()
    key = editor_key(at, "contacts_")
    at.session_state[key] = {"edited_rows": {0: {"replied_on": "2020-01-01"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="contacts_save").click().run()
    assert at.error
    assert Workspace(workspace_path).tables_revision() == revision


def test_letters_add_edit_delete(workspace_path):
    at = open_app("app_pages/letters.py")
    key = editor_key(at, "letters_")
    added = {"writer": "Dr. New Writer", "kind": "clinical-geneticist", "north_american": "yes", "knows_me": "well", "status": "to-ask", "due_on": "2027-02-10"}
    at.session_state[key] = {"edited_rows": {0: {"status": "uploaded"}}, "added_rows": [added], "deleted_rows": [1]}
    at.button(key="letters_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("letters")
    assert list(saved["writer"]) == ["Dr. A. Example", "Prof. C. Placeholder", "Dr. New Writer"]
    assert saved.loc[0, "status"] == "uploaded"
    assert any("Dr. New Writer" in t.value for t in at.text)
    assert [s.value for s in at.success] == ["Saved 3 writers."]  # says so, as the other tables do


def test_letters_calendar_and_summary_downloads_render(workspace_path):
    at = open_app("app_pages/letters.py")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(".ics" in label for label in labels) and any(".docx" in label for label in labels)


def test_letter_assignment_is_saved(workspace_path):
    at = open_app("app_pages/letters.py")
    at.multiselect(key="assign_0").set_value(["EX1300", "EX1301"]).run()
    at.button(key="assign_save").click().run()
    assert Workspace(workspace_path).load_setting("letter_assignments") == {"EX1300": ["Dr. A. Example"], "EX1301": ["Dr. A. Example"]}
    assert [m.value.replace("\\", "") for m in at.success] == ["Saved: the letter from Dr. A. Example goes to 2 programs."]


def test_interview_talking_points_are_saved(workspace_path):
    at = open_app("app_pages/interview.py")
    pid = at.selectbox(key="interview_program").value
    at.text_area(key=f"questions_{pid}").set_value("What do PGY-1s do in clinic?")
    at.button(key="interview_save").click().run()
    assert not at.exception
    programs = Workspace(workspace_path).load_table("programs").set_index("program_id")
    assert programs.loc[pid, "questions"] == "What do PGY-1s do in clinic?"


def test_letters_mark_a_passed_ask_by_date_overdue(workspace_path):
    from tests.test_plain_words import seed_unknowns

    seed_unknowns(workspace_path)  # Dr Late is still to be asked for a letter due 2026-12-01; today is 2026-11-22
    at = open_app("app_pages/letters.py")
    assert not at.exception
    assert any("Dr Late" in e.value and "ask by 2026" in e.value for e in at.error)
    timeline = next(d.value for d in at.dataframe if "next_step" in d.value.columns).set_index("writer")
    assert timeline.loc["Dr Late", "overdue"] == "ask by 2026-11-03"
    assert timeline.loc["Dr Late", "next_step"].startswith("Ask today")


def test_interview_suggestions_follow_the_log_and_the_visa_need(workspace_path):
    from datetime import datetime

    from data.normalise import empty_table
    from tests.helpers import contacts_frame, programs_frame

    programs = programs_frame([{"program": "Sponsor", "j1": True}, {"program": "Other"}])
    contacts = contacts_frame(
        [{"program_id": "P00000", "channel": "email", "sent_on": datetime(2026, 11, 1), "replied_on": datetime(2026, 11, 2), "reply_quality": "helpful"}]
    )
    Workspace(workspace_path).save(
        tables={"programs": programs, "contacts": contacts, "letters": empty_table("letters")}, settings={"profile": {"visa_need": "j1"}, "weights": {}}
    )
    at = open_app("app_pages/interview.py")
    at.selectbox(key="interview_program").set_value("P00000").run()
    ideas = [line for t in at.text for line in t.value.splitlines() if line.startswith("•")]
    assert ideas and not any("Email the coordinator" in i or "H-1B" in i or "J-1" in i for i in ideas)
    at.selectbox(key="interview_program").set_value("P00001").run()
    ideas = [line for t in at.text for line in t.value.splitlines() if line.startswith("•")]
    # The day's questions are about the program's life; its unknown J-1 policy is homework, listed
    # apart under "ask by email or at an open house" (issue 20 item 6).
    assert "J-1" not in ideas[0] and any("J-1" in i for i in ideas) and not any("H-1B" in i for i in ideas)
    assert any("by email or at an open house" in c.value for c in at.caption)


def test_a_first_writer_is_added_with_the_form(workspace_path):
    from data import bundled
    from data.normalise import empty_table
    from data.store import Workspace

    Workspace(workspace_path).save(tables={**bundled.example_tables(), "letters": empty_table("letters")}, settings=bundled.example_settings())
    at = open_app("app_pages/letters.py")
    at.text_input(key="add_writer_name").input("Dr Form")
    at.button[[b.label for b in at.button].index("Add writer")].click().run()
    assert not at.exception, at.exception
    saved = Workspace(workspace_path).load_table("letters")
    assert saved["writer"].tolist() == ["Dr Form"] and saved["status"].tolist() == ["to-ask"]


def test_an_imported_log_by_name_counts_everywhere_at_once(workspace_path):
    """A file that names programs (no ids) is linked on import: the evidence table, the
    follow-ups and the score agree without saving the log again."""
    name = "Thornbury University Hospitals (AL) — Medical Genetics and Genomics"  # its full label: the bare name is shared
    at = open_app("app_pages/outreach.py")
    before = friendliness(workspace_path, "EX1319")
    at.file_uploader(key="contacts_upload").upload("log.csv", f"program,channel,sent_on\n{name},email,2026-10-01\n".encode(), "text/csv").run()
    at.button(key="contacts_import").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("contacts")
    assert saved.loc[saved["program"].eq(name).fillna(False), "program_id"].fillna("").tolist() == ["EX1319"]
    evidence = next(d.value for d in at.dataframe if "points" in d.value.columns)
    assert name in set(evidence["program"])
    shown = "\n".join(t.value for t in at.text)
    assert f"{name} (52 days)" in shown  # no reply after 14 days
    assert name not in [line for t in at.text for line in t.value.splitlines() if "days)" not in line]  # not "never contacted"
    assert friendliness(workspace_path, "EX1319")[1] < before[1]  # no reply after 52 days: responsiveness 0


def test_a_new_writer_without_a_status_is_still_to_ask_and_blanks_stay_blank(workspace_path):
    at = open_app("app_pages/letters.py")
    key = editor_key(at, "letters_")
    grid = next(d.value for d in at.dataframe if "writer" in d.value.columns and "knows_me" in d.value.columns)
    assert not grid.isin(["unknown"]).any().any()  # a blank choice shows blank, not the word "unknown"
    at.session_state[key] = {"edited_rows": {}, "added_rows": [{"writer": "Dr. D. New"}], "deleted_rows": []}
    at.button(key="letters_save").click().run()
    assert not at.exception and not at.error
    saved = Workspace(workspace_path).load_table("letters").set_index("writer")
    assert saved.loc["Dr. D. New", "status"] == "to-ask"
    assert saved.loc["Dr. D. New", ["kind", "knows_me", "north_american", "cv"]].isna().all()
    board = [m.value for m in at.markdown if m.value.startswith("**Not asked**")]
    assert board == ["**Not asked** (1)"]  # the example's own letters were all uploaded before ERAS opened


def test_a_saved_writer_with_a_blank_status_sits_in_the_first_column_of_the_board(workspace_path):
    ws = Workspace(workspace_path)
    at = open_app("app_pages/letters.py")
    letters = ws.load_table("letters")
    letters.loc[0, "status"] = pd.NA
    ws.save(tables={"letters": letters})
    at.run()
    assert [m.value for m in at.markdown if m.value.startswith("**Not asked**")] == ["**Not asked** (1)"]
    shown = [t.value for t in at.text]
    assert "Dr. A. Example" in shown


def test_an_edited_email_survives_a_change_of_questions_and_a_reload(workspace_path):
    at = open_app("app_pages/outreach.py")
    pid = at.selectbox(key="draft_program").value
    first = at.text_area(key=f"draft_body_{pid}").value
    pills = next(b for b in at.get("button_group") if b.key == f"draft_questions_{pid}")
    chosen = list(pills.value or [])
    other = next(q for q in QUESTIONS if q not in chosen)
    # Untouched, the email follows the questions.
    pills.set_value([*chosen, other]).run()
    followed = at.text_area(key=f"draft_body_{pid}").value
    assert followed != first and not [b for b in at.button if b.key == "draft_rebuild"]
    # Edited, it stays as typed when they change again, and says how to start over.
    mine = followed + "\n\nI have a published case report in dysmorphology."
    at.text_area(key=f"draft_body_{pid}").set_value(mine).run()
    next(b for b in at.get("button_group") if b.key == f"draft_questions_{pid}").set_value(chosen).run()
    assert at.text_area(key=f"draft_body_{pid}").value == mine
    assert at.button(key="draft_rebuild")
    # A reload (a new session) finds it as typed.
    again = open_app("app_pages/outreach.py")
    assert again.text_area(key=f"draft_body_{pid}").value == mine
    again.button(key="draft_rebuild").click().run()
    assert again.text_area(key=f"draft_body_{pid}").value == first


@pytest.mark.parametrize(("typed", "saved"), [("9 Nov 2026", "2026-11-09"), ("2026-11-09", "2026-11-09"), ("11/09/2026", "2026-11-09")])
def test_a_date_typed_the_way_people_write_it_is_read_on_save(workspace_path, typed, saved):
    # The grid no longer checks a date cell's form (it dropped "9 Nov 2026" without a word): the save reads it.
    at = open_app("app_pages/outreach.py")
    contacts = Workspace(workspace_path).load_table("contacts")
    row = int(contacts.index[contacts["program_id"] == "EX1305"][0])
    at.session_state[editor_key(at, "contacts_")] = {"edited_rows": {row: {"replied_on": typed}}, "added_rows": [], "deleted_rows": []}
    at.button(key="contacts_save").click().run()
    assert not at.exception and not at.error
    after = Workspace(workspace_path).load_table("contacts")
    assert after.loc[after["program_id"] == "EX1305", "replied_on"].dt.strftime("%Y-%m-%d").tolist()[0] == saved


def test_a_date_that_cannot_be_read_is_named_on_save_and_nothing_is_saved(workspace_path):
    at = open_app("app_pages/outreach.py")
    revision = Workspace(workspace_path).tables_revision()
    at.session_state[editor_key(at, "contacts_")] = {"edited_rows": {0: {"replied_on": "next Tuesday"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="contacts_save").click().run()
    assert at.error and Workspace(workspace_path).tables_revision() == revision
    assert "next Tuesday" in set(error_table(at)["value"])
