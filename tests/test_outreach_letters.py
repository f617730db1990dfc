"""Outreach and letters: follow-ups, drafts, the mix check, the timeline and
the calendar file (parsed back with a real iCalendar library)."""

import re
from datetime import date, datetime

import icalendar
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from data.calendar import letters_calendar
from data.documents import markdown_to_docx
from data.normalise import empty_table
from data.settings import Profile, Weights
from scoring.applying import letters as plan
from scoring.applying import outreach
from scoring.decision.ranking import score_programs
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
    ([*GOOD[:2], writer("C", "other", knows=None)], {"Writers who know you well"}),  # blank is not known to be well
    ([writer("A", "clinical-geneticist", na=False), writer("B", "related-specialty", na=False), writer("C", "other")], {"A North American clinical letter"}),
]


@pytest.mark.parametrize(("rows", "failing"), MIX)
def test_mix_check(rows, failing):
    checks = plan.mix_check(letters_frame(rows))
    assert {c.rule for c in checks if not c.passed} == failing
    assert all(c.detail for c in checks)


@pytest.mark.parametrize(
    ("where", "said"),
    [
        ((None, None), "Not known yet: say whether these clinical writers work in the US or Canada: A, B."),
        ((None, False), "Not known yet: say whether these clinical writers work in the US or Canada: A."),
        ((False, False), "No clinical writer from the US or Canada yet"),
        ((None, True), "At least one clinical writer works in the US or Canada."),
    ],
)
def test_a_writers_place_not_said_is_asked_not_read_as_elsewhere(where, said):
    """A new applicant's walk: two writers added without saying where they work read "No clinical writer from the US or Canada yet"."""
    rows = [writer("A", "clinical-geneticist", na=where[0]), writer("B", "related-specialty", na=where[1]), writer("C", "research-mentor", na=False)]
    check = next(c for c in plan.mix_check(letters_frame(rows)) if c.rule == "A North American clinical letter")
    assert check.detail.startswith(said) and check.passed == (where[1] is True)


def test_barely_known_writers_are_named():
    check = next(c for c in plan.mix_check(letters_frame([*GOOD, writer("Dr Vague", "other", knows="barely")])) if c.rule == "Writers who know you well")
    assert "Dr Vague" in check.detail


DUE = datetime(2027, 1, 15)
TIMELINE = [
    # status, asked_on, today, next step, overdue
    ("to-ask", None, date(2026, 11, 1), "", ""),  # more than eight weeks ahead
    ("to-ask", None, date(2026, 11, 20), "Ask now", ""),
    ("to-ask", None, date(2026, 12, 18), "Ask now", ""),  # the ask-by day itself
    ("to-ask", None, date(2026, 12, 20), "Ask today: ask-by date passed", "ask by 2026-12-18"),
    ("agreed", datetime(2026, 11, 1), date(2026, 12, 20), "", ""),
    ("agreed", datetime(2026, 11, 1), date(2026, 12, 25), "Send a polite reminder", ""),
    # Asked on Dec 30, after the ask-by date: the reminder comes a week after the ask (Jan 6), never before it.
    ("asked", datetime(2026, 12, 30), date(2026, 12, 31), "Asked late: follow up kindly", ""),
    ("asked", datetime(2026, 12, 30), date(2027, 1, 7), "Send a polite reminder", "reminder 2027-01-06"),
    ("packet-sent", datetime(2026, 11, 1), date(2027, 1, 20), "Overdue: due date passed", "due 2027-01-15"),
    ("to-ask", None, date(2027, 1, 20), "Overdue: due date passed", "due 2027-01-15"),
    ("uploaded", datetime(2026, 11, 1), date(2027, 1, 20), "Done", ""),
    ("declined", None, date(2027, 1, 20), "", ""),
]


@pytest.mark.parametrize(("status", "asked", "today", "step", "overdue"), TIMELINE)
def test_timeline(status, asked, today, step, overdue):
    result = plan.timeline(letters_frame([writer("A", "clinical-geneticist", status=status, due=DUE, asked=asked)]), today).iloc[0]
    assert result["next_step"] == step
    assert result["overdue"] == overdue
    assert result["ask_from"] == pd.Timestamp("2026-11-20") and result["ask_by"] == pd.Timestamp("2026-12-18")
    # A writer still to ask once the ask-by date has passed is asked today: the reminder is a week
    # after today (as the calendar file has it), and none once that would fall on the due date or after.
    expected = {date(2026, 12, 20): pd.Timestamp("2026-12-27"), date(2027, 1, 20): pd.NaT} if status == "to-ask" else {}
    wanted = expected.get(today, pd.Timestamp("2027-01-06" if asked == datetime(2026, 12, 30) else "2026-12-25"))
    assert result["remind_on"] is pd.NaT if wanted is pd.NaT else result["remind_on"] == wanted


EVENTS = [
    # status, today, (event, date, overdue) for each event
    ("to-ask", date(2026, 11, 22), [("ask", date(2026, 12, 18), False), ("remind", date(2026, 12, 25), False), ("due", date(2027, 1, 15), False)]),
    # The ask-by date has passed: ask today, labelled overdue; the reminder a week later.
    ("to-ask", date(2026, 12, 22), [("ask", date(2026, 12, 22), True), ("remind", date(2026, 12, 29), False), ("due", date(2027, 1, 15), False)]),
    ("to-ask", date(2027, 1, 10), [("ask", date(2027, 1, 10), True), ("due", date(2027, 1, 15), False)]),  # no room for a reminder
    ("agreed", date(2026, 11, 22), [("remind", date(2026, 12, 25), False), ("due", date(2027, 1, 15), False)]),
    ("agreed", date(2026, 12, 28), [("remind", date(2026, 12, 28), True), ("due", date(2027, 1, 15), False)]),
    ("packet-sent", date(2027, 1, 20), [("due", date(2027, 1, 20), True)]),
    ("uploaded", date(2026, 11, 22), []),
    ("declined", date(2026, 11, 22), []),
]


@pytest.mark.parametrize(("status", "today", "expected"), EVENTS)
def test_calendar_events(status, today, expected):
    schedule = plan.timeline(letters_frame([writer("A", "clinical-geneticist", status=status, due=DUE)]), today)
    events = plan.calendar_events(schedule, today)
    assert [(e.event, e.on.date(), e.overdue) for e in events.itertuples()] == expected
    assert all(e.summary.startswith("Overdue") == e.overdue for e in events.itertuples())
    assert (events["on"] >= pd.Timestamp(today)).all()  # nothing scheduled silently in the past


def parse(frame, today=AS_OF):
    ics = letters_calendar(plan.calendar_events(plan.timeline(frame, today), today), now=datetime(2026, 11, 22, 12, 0))
    assert all(len(line.encode()) <= 75 for line in ics.decode().split("\r\n"))
    return ics, icalendar.Calendar.from_ical(ics)


def test_calendar_file_parses_with_a_real_icalendar_library():
    frame = letters_frame(
        [
            writer("Dr. Ünïcode, Jr.; PhD", "clinical-geneticist", due=DUE, status="to-ask"),
            writer("Done", "other", status="uploaded", due=DUE),
            writer("No date", "other"),
        ]
    )
    _, calendar = parse(frame)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "Ask Dr. Ünïcode, Jr.; PhD for a letter",
        "Remind Dr. Ünïcode, Jr.; PhD about the letter",
        "Letter due: Dr. Ünïcode, Jr.; PhD",
    }
    assert events["Letter due: Dr. Ünïcode, Jr.; PhD"]["DTSTART"].dt == date(2027, 1, 15)
    assert events["Ask Dr. Ünïcode, Jr.; PhD for a letter"]["DTSTART"].dt == date(2026, 12, 18)
    assert events["Remind Dr. Ünïcode, Jr.; PhD about the letter"]["DTSTART"].dt == date(2026, 12, 25)
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 3


@pytest.mark.parametrize("evil", ["Dr X\rDTSTART:19700101", "Dr X\nATTENDEE:mailto:a@b.c", "Dr X\r\nEND:VEVENT", "Dr\x00X\x1b", "Dr X\u2028LOCATION:Mars"])
def test_a_line_break_in_user_text_cannot_inject_a_property(evil):
    ics, calendar = parse(letters_frame([writer(evil, "other", due=DUE, status="agreed")]))
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    for event in events:
        assert set(event) <= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP"}
        assert event["DTSTART"].dt in (date(2026, 12, 25), date(2027, 1, 15))
    assert b"\r" not in ics.replace(b"\r\n", b"")  # no bare CR anywhere in the file


@given(hs.text(min_size=1, max_size=200))
def test_any_writer_name_round_trips_as_text(name):
    _, calendar = parse(letters_frame([writer(name, "other", due=DUE, status="agreed")]))
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    summary = str(next(e for e in events if str(e["SUMMARY"]).startswith("Letter due"))["SUMMARY"])
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", re.sub(r"\r\n|\r|\n|\u2028|\u2029|\x85", "\n", name))
    assert summary == "Letter due: " + expected.encode("utf-8", "replace").decode("utf-8")


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
    # Each program as every page names it: its place (here only the state) leads.
    assert list(todo.unanswered["program"]) == ["TX — Alpha"] and todo.unanswered.iloc[0]["days_waiting"] == 21
    assert list(todo.open_houses["program"]) == ["TX — Beta"]
    assert list(todo.never_contacted["program"]) == ["TX — Gamma"]


def test_a_log_naming_programs_without_ids_reads_the_same_in_evidence_follow_ups_and_the_score():
    """The score links a name-only entry to its program; the evidence and the follow-ups
    must read the same log, or one says "never contacted" while the other counts the email."""
    programs = programs_frame([{"program_id": "A", "program": "Alpha"}, {"program_id": "B", "program": "Beta"}, {"program_id": "C", "program": "Gamma"}])
    contacts = contacts_frame(
        [
            {"program": "alpha ", "channel": "email", "sent_on": datetime(2026, 11, 1)},
            {"program": "Beta", "channel": "email", "sent_on": datetime(2026, 11, 2)},
        ]
    )
    shown = outreach.evidence(programs, contacts, AS_OF)
    assert list(shown["program"]) == ["TX — Alpha", "TX — Beta"] and list(shown["points_max"]) == [0, 0]
    todo = outreach.follow_ups(programs, contacts, AS_OF)
    assert list(todo.unanswered["program"]) == ["TX — Alpha", "TX — Beta"]  # two programs, not one row per missing id
    assert list(todo.never_contacted["program"]) == ["TX — Gamma"]
    scored = score_programs(programs, Profile(), Weights(), AS_OF, contacts).set_index("program_id")
    assert list(scored.loc[["A", "B"], "img_friendliness_max"]) == list(
        score_programs(programs, Profile(), Weights(), AS_OF, contacts.assign(program_id=pd.array(["A", "B"], dtype="string")))
        .set_index("program_id")
        .loc[["A", "B"], "img_friendliness_max"]
    )


@pytest.mark.parametrize(
    ("held", "coming", "today_too"),
    [(datetime(2026, 11, 21), [], False), (datetime(2026, 11, 22), ["TX — Alpha"], True), (datetime(2026, 11, 23), ["TX — Alpha"], False)],
)
def test_an_open_house_today_is_today_not_coming_up(held, coming, today_too):
    programs = programs_frame([{"program_id": "A", "program": "Alpha"}])
    contacts = contacts_frame([{"program_id": "A", "channel": "open-house", "sent_on": held}])
    houses = outreach.follow_ups(programs, contacts, AS_OF).open_houses
    assert list(houses["program"]) == coming
    assert list(houses["when"]) == (["today"] if today_too else [f"{held:%Y-%m-%d}"] * len(coming))


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
    assert "1. Does the program accept residents on a J-1" in body and "2. Is there a pathway" in body and "3." not in body
    link = outreach.mailto("coordinator@example.org", subject, body)
    assert link.startswith("mailto:coordinator@example.org?subject=") and " " not in link and "\n" not in link


def test_interview_suggestions_handle_unknowns():
    from scoring.applying import interview

    empty = pd.Series({"strengths": pd.NA, "research_time": pd.NA, "childrens_hospital": pd.NA, "onsite_labs": pd.NA, "intl_trainees_mentioned": pd.NA})
    assert interview.liked_suggestions(empty) == []
    full = pd.Series(
        {"strengths": "cancer;metabolic", "research_time": "extensive", "childrens_hospital": True, "onsite_labs": False, "intl_trainees_mentioned": True}
    )
    ideas = interview.liked_suggestions(full)
    assert any("cancer" in i for i in ideas) and any("research" in i for i in ideas)
    assert interview.unknown_questions(empty, ["j1", "interest"])[0] == "Do you accept residents on a J-1 visa (sponsored by ECFMG)?"


VISA_CASES = [
    # visa need, program j1, program h1b, visa questions expected (in order)
    ("j1", True, None, []),  # known to sponsor the J-1: nothing to ask, and never H-1B first
    ("j1", None, None, ["Do you accept residents on a J-1 visa (sponsored by ECFMG)?"]),
    ("h1b", None, None, ["Do you sponsor H-1B visas, and by when must Step 3 be passed?"]),
    ("h1b", None, "yes", []),
    (
        "either",
        None,
        None,
        ["Do you accept residents on a J-1 visa (sponsored by ECFMG)?", "Do you sponsor H-1B visas, and by when must Step 3 be passed?"],
    ),
    ("either", None, "yes", []),
    ("none", None, None, []),
]


@pytest.mark.parametrize(("need", "j1", "h1b", "expected"), VISA_CASES)
def test_interview_visa_questions_follow_the_profile(need, j1, h1b, expected):
    from scoring.applying import interview

    program = pd.Series({"j1": pd.NA if j1 is None else j1, "h1b": pd.NA if h1b is None else h1b})
    ideas = interview.unknown_questions(program, ["j1", "h1b", "research_time"], visa_need=need)
    visa = [i for i in ideas if "J-1" in i or "H-1B" in i]
    assert visa == expected
    assert ideas[len(expected)] == "How much protected research time do residents get, and when does it start?"


@pytest.mark.parametrize(
    ("unknown", "asked"),
    [
        (["acgme_status", "established_year", "cost_of_living", "interest", "community_support"], []),  # looked up or felt: not asked
        (["imgs_last_5y", "img_cohorts_last_5y"], ["How many residents in recent classes trained abroad?"]),  # one question, once
        (["childrens_hospital"], ["Where do residents see children: is there a children's hospital on site?"]),
    ],
)
def test_interview_ideas_are_questions_not_research_chores(unknown, asked):
    from scoring.applying import interview

    ideas = interview.unknown_questions(pd.Series({"j1": True}), unknown, "none")
    assert ideas[: len(asked)] == asked
    assert all(i.endswith("?") for i in ideas)


def test_interview_suggestions_follow_the_contact_log():
    from data.settings import Weights
    from scoring.applying import interview
    from scoring.decision.ranking import score_programs

    programs = programs_frame([{"program_id": "A", "j1": True}, {"program_id": "B", "j1": True}])
    contacts = contacts_frame(
        [
            {"program_id": "A", "channel": "email", "sent_on": datetime(2026, 11, 1), "replied_on": datetime(2026, 11, 3), "reply_quality": "helpful"},
            {"program_id": "B", "channel": "email", "sent_on": datetime(2026, 11, 18)},
        ]
    )
    scored = score_programs(programs, Profile(visa_need="j1"), Weights(), AS_OF, contacts)
    replied = interview.missing_inputs(scored[scored["program_id"] == "A"], Profile(visa_need="j1"))
    assert "responsiveness" not in replied and "j1" not in replied
    assert not any("Email the coordinator" in i for i in interview.unknown_questions(scored.iloc[0], replied, "j1"))
    waiting = interview.missing_inputs(scored[scored["program_id"] == "B"], Profile(visa_need="j1"))
    ideas = interview.unknown_questions(scored.iloc[1], waiting, "j1", email=(date(2026, 11, 18), False))
    assert not any("Email the coordinator" in i for i in ideas)
    if "responsiveness" in waiting:
        assert any("Your email of 2026-11-18 has no reply yet (expect one by 2026-12-02)" in i for i in ideas)


INTERVIEW_CASES = [
    # what is known about the program, a question expected first (None: only the general ones)
    ({}, None),
    ({"research_time": "extensive"}, "When clinic gets busy, how is residents' research time kept protected?"),
    ({"research_time": "limited"}, "How do residents find a research mentor, and how early does that usually happen?"),
    ({"strengths": "cancer"}, "What does a resident's week in the hereditary cancer clinic look like?"),
    ({"onsite_labs": True}, "How much of the diagnostic laboratory work do residents take on themselves, such as signing out variants?"),
    ({"onsite_labs": False}, None),
]


@pytest.mark.parametrize(("known", "first"), INTERVIEW_CASES)
def test_interview_questions_are_about_the_programs_life_not_homework(known, first):
    """Issue 20 item 6 and the guide's 6.2: interview questions ask who thrives, how research
    time is kept, work with genetic counselors, where graduates go; facts still unknown are
    asked by email or at an open house instead."""
    from scoring.applying import interview

    program = pd.Series({"j1": pd.NA, "h1b": pd.NA, "research_time": pd.NA, "strengths": pd.NA, "onsite_labs": pd.NA} | known)
    ideas = interview.question_suggestions(program)
    assert ideas and all(i.endswith("?") for i in ideas)
    assert not any("J-1" in i or "H-1B" in i for i in ideas)  # homework, never asked on the day
    if first is None:
        assert ideas[0] == "Which residents have thrived here, and what did they have in common?"
        assert any("genetic counselors" in i for i in ideas) and any("graduates" in i for i in ideas)
    else:
        assert ideas[0] == first


def test_a_blank_status_is_the_first_stage_on_the_board():
    status = pd.Series(["asked", None, "", "  ", "declined"], dtype="string")
    assert plan.stages(status).tolist() == ["asked", "to-ask", "to-ask", "to-ask", "declined"]


@pytest.mark.parametrize("today", [date(2026, 11, 22), date(2026, 12, 20), date(2027, 1, 2)])
def test_the_letters_table_and_the_calendar_file_give_one_reminder_date(today):
    # The walk saw "Remind on 2026-11-29" in the table (past, before the ask) and 2026-12-14 in the .ics.
    schedule = plan.timeline(letters_frame([writer("A", "clinical-geneticist", status="to-ask", due=DUE)]), today)
    events = plan.calendar_events(schedule, today)
    reminders = events.loc[events["event"] == "remind", "on"].tolist()
    on_screen = schedule.loc[0, "remind_on"]
    assert reminders == ([] if pd.isna(on_screen) else [on_screen])
    assert pd.isna(on_screen) or on_screen >= pd.Timestamp(today)
