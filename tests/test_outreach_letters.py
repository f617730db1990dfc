"""Outreach and letters: follow-ups, drafts, the mix check, the timeline and
the calendar file (parsed back with a real iCalendar library)."""

from datetime import date, datetime

import icalendar
import pandas as pd
import pytest

from data.calendar import letters_calendar
from data.documents import markdown_to_docx
from data.normalise import empty_table
from scoring import letters as plan
from scoring import outreach
from scoring.settings import Profile
from tests.helpers import AS_OF, contacts_frame, programs_frame


def letters_frame(rows):
    base = empty_table("letters")
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=base[c].dtype) for c in base.columns})


def writer(name, kind, na=True, knows="well", status="agreed", due=None, asked=None):
    return {"writer": name, "kind": kind, "north_american": na, "knows_me": knows, "status": status, "due_on": due, "asked_on": asked}


GOOD = [writer("A", "clinical-geneticist"), writer("B", "related-specialty"), writer("C", "research-mentor", na=False)]

MIX = [
    (GOOD, set()),
    (GOOD[:2], {"Three or four letters"}),
    ([*GOOD, writer("D", "other"), writer("E", "other")], {"Three or four letters"}),
    ([*GOOD[:2], writer("X", "other", status="declined"), writer("C", "research-mentor")], set()),  # declined ones do not count
    (
        [writer("A", "home-faculty", na=False), writer("B", "home-faculty", na=False), writer("C", "research-mentor", na=False)],
        {"A genetics voice", "A North American clinical letter", "Home-country letters as a supplement"},
    ),
    (
        [writer("A", "research-mentor"), writer("B", "research-mentor"), writer("C", "other")],
        {"A genetics voice", "A North American clinical letter", "A clinical letter beside the research one"},
    ),
    ([*GOOD[:2], writer("C", "other", knows="barely")], {"Writers who know you well"}),
    ([writer("A", "clinical-geneticist", na=False), writer("B", "related-specialty", na=False), writer("C", "other")], {"A North American clinical letter"}),
]


@pytest.mark.parametrize(("rows", "failing"), MIX)
def test_mix_check(rows, failing):
    checks = plan.mix_check(letters_frame(rows))
    assert {c.rule for c in checks if not c.passed} == failing
    assert all(c.detail for c in checks)


def test_barely_known_writers_are_named():
    check = next(c for c in plan.mix_check(letters_frame([*GOOD, writer("Dr Vague", "other", knows="barely")])) if c.rule == "Writers who know you well")
    assert "Dr Vague" in check.detail


DUE = datetime(2027, 1, 15)
TIMELINE = [
    # status, asked_on, today, next step
    ("to-ask", None, date(2026, 11, 1), ""),  # more than eight weeks ahead
    ("to-ask", None, date(2026, 11, 20), "Ask now"),
    ("to-ask", None, date(2026, 12, 20), "Ask now: less than four weeks left"),
    ("agreed", datetime(2026, 11, 1), date(2026, 12, 20), ""),
    ("agreed", datetime(2026, 11, 1), date(2026, 12, 25), "Send a polite reminder"),
    ("asked", datetime(2026, 12, 30), date(2026, 12, 31), "Send a polite reminder"),
    ("asked", datetime(2026, 12, 30), date(2026, 12, 20), "Asked late: follow up kindly"),
    ("packet-sent", datetime(2026, 11, 1), date(2027, 1, 20), "Overdue"),
    ("uploaded", datetime(2026, 11, 1), date(2027, 1, 20), "Done"),
]


@pytest.mark.parametrize(("status", "asked", "today", "step"), TIMELINE)
def test_timeline(status, asked, today, step):
    result = plan.timeline(letters_frame([writer("A", "clinical-geneticist", status=status, due=DUE, asked=asked)]), today).iloc[0]
    assert result["next_step"] == step
    assert result["ask_from"] == pd.Timestamp("2026-11-20") and result["ask_by"] == pd.Timestamp("2026-12-18")
    assert result["remind_on"] == pd.Timestamp("2026-12-25")


def test_calendar_file_parses_with_a_real_icalendar_library():
    frame = letters_frame(
        [writer("Dr. Ünïcode, Jr.; PhD", "clinical-geneticist", due=DUE), writer("Done", "other", status="uploaded", due=DUE), writer("No date", "other")]
    )
    ics = letters_calendar(plan.timeline(frame, AS_OF), now=datetime(2026, 11, 22, 12, 0))
    calendar = icalendar.Calendar.from_ical(ics)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Letter due: Dr. Ünïcode, Jr.; PhD", "Remind Dr. Ünïcode, Jr.; PhD about the letter"}
    assert events["Letter due: Dr. Ünïcode, Jr.; PhD"]["DTSTART"].dt == date(2027, 1, 15)
    assert events["Remind Dr. Ünïcode, Jr.; PhD about the letter"]["DTSTART"].dt == date(2026, 12, 25)
    assert all(len(line.encode()) <= 75 for line in ics.decode().split("\r\n"))


def test_over_assignment_warns_above_four():
    warnings = plan.over_assigned({"A": ["1", "2", "3", "4", "5"], "B": ["1", "2"]}, {"A": "Alpha"})
    assert warnings == ["Alpha would receive 5 letters; programs accept at most 4."]


def test_summary_page_downloads_as_markdown_and_docx():
    text = plan.summary_markdown(pd.Series({"writer": "Dr A"}), "Me", "Four weeks in clinic", ["Case one", " "], ["Reasoning"], ["Alpha"])
    assert "# Summary for Dr A" in text and "- Case one" in text and "- Alpha" in text
    import io

    from docx import Document

    document = Document(io.BytesIO(markdown_to_docx(text)))
    assert "Summary for Dr A" in [p.text for p in document.paragraphs]


def test_follow_ups():
    programs = programs_frame([{"program_id": "A", "program": "Alpha"}, {"program_id": "B", "program": "Beta"}, {"program_id": "C", "program": "Gamma"}])
    contacts = contacts_frame(
        [
            {"program_id": "A", "channel": "email", "sent_on": datetime(2026, 11, 1)},
            {"program_id": "B", "channel": "email", "sent_on": datetime(2026, 11, 15)},
            {"program_id": "B", "channel": "open-house", "sent_on": datetime(2026, 12, 5)},
        ]
    )
    todo = outreach.follow_ups(programs, contacts, AS_OF)
    assert list(todo.unanswered["program"]) == ["Alpha"] and todo.unanswered.iloc[0]["days_waiting"] == 21
    assert list(todo.open_houses["program"]) == ["Beta"]
    assert list(todo.never_contacted["program"]) == ["Gamma"]


def test_email_evidence_matches_the_rubric():
    programs = programs_frame([{"program_id": "A", "program": "Alpha"}])
    contacts = contacts_frame(
        [{"program_id": "A", "channel": "email", "sent_on": datetime(2026, 11, 1), "replied_on": datetime(2026, 11, 4), "reply_quality": "helpful"}]
    )
    row = outreach.evidence(programs, contacts, AS_OF).iloc[0]
    assert (row["days"], row["points"], row["points_max"]) == (3, 2, 2)


def test_email_draft_uses_the_profile_and_chosen_questions():
    profile = Profile(name="Ada Example", country="Examplestan", graduation_year=2021, prior_residency="pediatrics")
    subject, body = outreach.email_draft(pd.Series({"program": "Alpha Genetics"}), profile, ["j1", "prior_training"])
    assert "Alpha Genetics" in subject
    assert "Ada Example" in body and "Examplestan" in body and "2021" in body and "pediatrics" in body
    assert "1. Does the program sponsor J-1" in body and "2. Is there a pathway" in body and "3." not in body
    link = outreach.mailto("coordinator@example.org", subject, body)
    assert link.startswith("mailto:coordinator@example.org?subject=") and " " not in link and "\n" not in link


def test_interview_suggestions_handle_unknowns():
    from scoring import interview

    empty = pd.Series({"strengths": pd.NA, "research_time": pd.NA, "childrens_hospital": pd.NA, "onsite_labs": pd.NA, "intl_trainees_mentioned": pd.NA})
    assert interview.liked_suggestions(empty) == []
    full = pd.Series(
        {"strengths": "cancer;metabolic", "research_time": "extensive", "childrens_hospital": True, "onsite_labs": False, "intl_trainees_mentioned": True}
    )
    ideas = interview.liked_suggestions(full)
    assert any("cancer" in i for i in ideas) and any("research" in i for i in ideas)
    assert interview.question_suggestions(empty, ["j1", "interest"])[0] == "Ask whether they sponsor the J-1."
