"""The season's pure logic: the board, the agenda (due and overdue), the season
dates, how many to apply to, and the reflection factor."""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import bundled
from data.normalise import empty_table
from scoring.calendar import season
from scoring.decision import reflection

TODAY = date(2026, 11, 22)


def apps(*rows: dict) -> pd.DataFrame:
    base = empty_table("applications")
    frame = pd.DataFrame(list(rows))
    out = pd.concat([base, frame], ignore_index=True) if len(frame) else base
    for column in base.columns:
        out[column] = out[column].astype(base[column].dtype)
    return out


def test_board_counts_every_status_in_order():
    frame = apps(
        {"program_id": "A", "program": "Alpha", "status": "applied"},
        {"program_id": "B", "program": "Beta", "status": "applied"},
        {"program_id": "C", "program": "Gamma", "status": "interviewed"},
    )
    board = season.board(frame)
    assert board["status"].tolist()[:3] == ["considering", "applied", "invited"]
    counts = dict(zip(board["status"], board["count"], strict=True))
    assert counts["applied"] == 2 and counts["interviewed"] == 1 and counts["ranked"] == 0
    assert board.set_index("status").loc["applied", "programs"] == ["Alpha", "Beta"]


@pytest.mark.parametrize(
    ("row", "what", "overdue"),
    [
        ({"status": "considering", "deadline": "2026-11-20"}, "The application deadline passed without an application", True),
        ({"status": "considering", "deadline": "2026-11-25"}, "Application deadline", False),
        ({"status": "considering", "deadline": "2026-12-25"}, None, None),
        ({"status": "applied", "deadline": "2026-11-20", "applied_on": "2026-10-01"}, None, None),
        ({"status": "interview-scheduled", "interview_on": "2026-11-27"}, "Interview", False),
        ({"status": "interview-scheduled", "interview_on": "2026-12-10"}, None, None),
        ({"status": "invited", "invited_on": "2026-11-18"}, "Reply to the invitation and book an interview date", False),
        ({"status": "interviewed", "interview_on": "2026-11-19", "thriving": 4, "vision": 4, "supported": 4}, "Send a thank-you note", True),
        ({"status": "interviewed", "interview_on": "2026-11-20", "thriving": 4, "vision": 4, "supported": 4}, "Send a thank-you note", False),
        ({"status": "thank-you-sent", "interview_on": "2026-11-10", "thank_you_on": "2026-11-11", "thriving": 3, "vision": 3, "supported": 3}, None, None),
        ({"status": "withdrawn", "interview_on": "2026-11-10"}, None, None),
        ({"status": "thank-you-sent", "interview_on": "2026-11-10", "thank_you_on": "2026-11-11"}, "Write your reflection while the day is fresh", False),
    ],
)
def test_agenda_rules(row, what, overdue):
    typed = {k: (pd.Timestamp(v) if k.endswith(("_on", "deadline")) else v) for k, v in row.items()}
    frame = apps({"program_id": "A", "program": "Alpha", **typed})
    got = season.agenda(frame, TODAY)
    if what is None:
        assert got.empty, got
    else:
        assert got["what"].tolist() == [what]
        assert bool(got["overdue"].iloc[0]) is overdue
        assert got["program"].iloc[0] == "Alpha"


@pytest.mark.parametrize(
    ("on", "label", "overdue"),
    [("2026-11-21", "Nov 21", True), ("2026-11-22", "Today", False), ("2026-11-23", "Nov 23", False)],
)
def test_a_deadline_today_is_today_not_past_and_not_later(on, label, overdue):
    frame = apps({"program_id": "A", "program": "Alpha", "status": "considering", "deadline": pd.Timestamp(on)})
    got = season.agenda(frame, TODAY).iloc[0]
    assert bool(got["overdue"]) is overdue
    assert season.day_label(got["on"], TODAY) == label


def test_agenda_puts_overdue_first_and_includes_season_dates_this_week():
    frame = apps(
        {"program_id": "A", "program": "Alpha", "status": "considering", "deadline": pd.Timestamp("2026-11-24")},
        {"program_id": "B", "program": "Beta", "status": "considering", "deadline": pd.Timestamp("2026-11-01")},
    )
    dates = {"programs_review": None, "rank_list_deadline": date(2026, 11, 23), "match_day": date(2027, 3, 19)}
    got = season.agenda(frame, TODAY, dates)
    assert got["program"].iloc[0] == "Beta" and got["overdue"].iloc[0]
    assert "NRMP rank order list deadline" in got["what"].tolist()
    assert "Match Day" not in got["what"].tolist()


def test_agenda_of_nothing_is_an_empty_typed_frame():
    got = season.agenda(apps(), TODAY)
    assert got.empty and list(got.columns) == season.AGENDA_COLUMNS


def test_saved_season_dates_override_the_shipped_estimate_key_by_key():
    shipped = bundled.season()
    assert shipped.dates["match_day"].word == "estimate"  # the 2027 calendar was not found; 2026's pattern
    dates = season.season_dates(shipped, {"match_day": "2027-03-20", "unknown_key": "x", "eras_opens": "2026-09-30"})
    assert dates["match_day"] == date(2027, 3, 20)
    assert dates["rank_list_deadline"] == shipped.on("rank_list_deadline")
    assert dates["programs_review"] == date(2026, 9, 30)  # an older app's name for the same date, upgraded
    assert set(season.SEASON_DATE_LABELS) <= set(dates)


def test_link_fills_program_ids_from_names():
    programs = pd.DataFrame({"program_id": ["A", "B"], "program": ["Alpha", "Beta"]})
    frame = apps({"program": " beta ", "status": "applied"})
    linked = season.link(frame, programs)
    assert linked["program_id"].tolist() == ["B"] and linked["program"].tolist() == ["Beta"]


def scored_frame(tiers: list[str], eligible: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"tier": tiers, "eligible": eligible})


@pytest.mark.parametrize(
    ("tiers", "eligible", "n"),
    [
        (["dream", "solid", "safety", "not-eligible"], ["yes", "unknown", "yes", "no"], 3),
        (["low-priority", "low-priority"], ["yes", "yes"], 2),
        ([], [], 0),
    ],
)
def test_how_many_counts_programs_open_to_you(tiers, eligible, n):
    advice = season.how_many(scored_frame(tiers, eligible), bundled.season())
    assert advice.eligible == n
    assert "few programs" in advice.words[0]  # the pack's own advice
    assert f"apply to {n} program" in advice.words[1]
    if n == 1:
        assert "1 program " in advice.words[1]


def test_how_many_flags_few_safeties_and_h1b():
    advice = season.how_many(scored_frame(["dream"] * 5, ["yes"] * 5), bundled.season(), visa_need="h1b")
    text = " ".join(advice.words)
    assert "fewer than three safety" in text and "H-1B" in text
    assert advice.fee == 55  # five programs at $11 each (AAMC 2026 fees), all in the pack's default specialty


def test_never_interviewed():
    frame = apps({"program_id": "A", "status": "interviewed"}, {"program_id": "B", "status": "invited"})
    assert season.never_interviewed(["A", "B", "C"], frame) == ["B", "C"]
    # B's interview is invited: recorded, not held yet (the walk read "no interview recorded" for a scheduled one).
    assert season.interview_to_come(["B", "C"], frame) == ["B"]


# Reflection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "ratings", "lo", "hi"),
    [
        ("applied", (5, 5, 5), 0.0, 1.0),  # not interviewed: unknown whatever is typed
        ("interviewed", (None, None, None), 0.0, 1.0),
        ("interviewed", (5, 5, 5), 1.0, 1.0),
        ("thank-you-sent", (1, 1, 1), 0.0, 0.0),
        ("ranked", (3, 4, 5), 0.75, 0.75),
        ("interviewed", (5, None, None), 1 / 3, 1.0),
        ("interviewed", (3, 3, None), 1 / 3, 2 / 3),
    ],
)
def test_reflection_factor_cases(status, ratings, lo, hi):
    frame = apps({"program_id": "A", "status": status, **dict(zip(reflection.RATINGS, ratings, strict=True))})
    got_lo, got_hi = reflection.factor(pd.Series(["A", "Z"]), frame)
    assert got_lo[0] == pytest.approx(lo) and got_hi[0] == pytest.approx(hi)
    assert (got_lo[1], got_hi[1]) == (0.0, 1.0)  # a program with no application row


def test_reflection_without_applications_is_unknown():
    lo, hi = reflection.factor(pd.Series(["A", "B"]), None)
    assert lo.tolist() == [0.0, 0.0] and hi.tolist() == [1.0, 1.0]


def test_reflection_last_row_wins():
    frame = apps(
        {"program_id": "A", "status": "interviewed", "thriving": 1, "vision": 1, "supported": 1},
        {"program_id": "A", "status": "interviewed", "thriving": 5, "vision": 5, "supported": 5},
    )
    assert reflection.factor(pd.Series(["A"]), frame)[0][0] == 1.0


@pytest.mark.parametrize(("lo", "hi", "text"), [(0.0, 1.0, "unknown"), (0.75, 0.75, "75%"), (0.5, 0.8333, "50–83%")])
def test_reflection_label(lo, hi, text):
    assert reflection.label(lo, hi) == text


rating = st.one_of(st.none(), st.integers(1, 5))


@given(st.lists(st.tuples(st.sampled_from(list(season.STATUS_LABELS)), rating, rating, rating), min_size=1, max_size=12))
def test_reflection_is_a_range_in_the_unit_interval(rows):
    frame = apps(*[{"program_id": f"P{i}", "status": s, "thriving": a, "vision": b, "supported": c} for i, (s, a, b, c) in enumerate(rows)])
    lo, hi = reflection.factor(pd.Series([f"P{i}" for i in range(len(rows))]), frame)
    assert np.all((lo >= 0) & (lo <= hi + 1e-12) & (hi <= 1))


@given(rating, rating, rating, st.sampled_from(reflection.RATINGS))
def test_giving_a_missing_rating_narrows_the_range_and_keeps_it_inside(a, b, c, which):
    values = dict(zip(reflection.RATINGS, (a, b, c), strict=True))
    before = reflection.factor(pd.Series(["A"]), apps({"program_id": "A", "status": "interviewed", **values}))
    if values[which] is not None:
        return
    for given_value in range(1, 6):
        after = reflection.factor(pd.Series(["A"]), apps({"program_id": "A", "status": "interviewed", **{**values, which: given_value}}))
        assert before[0][0] - 1e-12 <= after[0][0] <= after[1][0] <= before[1][0] + 1e-12


# Calendar -----------------------------------------------------------------------


def test_season_calendar_parses_back_with_icalendar():
    import icalendar

    from data.calendar import events_calendar

    frame = apps(
        {
            "program_id": "A",
            "program": "Alpha, Beta; and \\ Gamma",
            "status": "interview-scheduled",
            "interview_on": pd.Timestamp("2026-12-02"),
            "interview_format": "virtual",
        },
        {"program_id": "B", "program": "Delta", "status": "considering", "deadline": pd.Timestamp("2026-12-01")},
        {"program_id": "C", "program": "Omega", "status": "withdrawn", "interview_on": pd.Timestamp("2026-12-03")},
        {
            "program_id": "D",
            "program": "Sigma",
            "status": "thank-you-sent",
            "interview_on": pd.Timestamp("2026-11-03"),
            "thank_you_on": pd.Timestamp("2026-11-04"),
        },
    )
    dates = {"programs_review": date(2026, 9, 23), "rank_list_deadline": date(2027, 3, 3), "match_day": None}
    content = events_calendar(season.calendar_events(frame, dates, "estimate"))
    assert all(len(line.encode()) <= 75 for line in content.decode().split("\r\n"))
    cal = icalendar.Calendar.from_ical(content)
    events = {str(e["SUMMARY"]): e["DTSTART"].dt for e in cal.walk("VEVENT")}
    assert events == {
        "Interview: Alpha, Beta; and \\ Gamma (virtual)": date(2026, 12, 2),
        "Thank-you note: Alpha, Beta; and \\ Gamma": date(2026, 12, 4),
        "Application deadline: Delta": date(2026, 12, 1),
        "Interview: Sigma": date(2026, 11, 3),
        "ERAS opens to programs": date(2026, 9, 23),
        "NRMP rank order list deadline": date(2027, 3, 3),
    }
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_season_calendar_keeps_hostile_names_inside_their_property():
    import icalendar

    from data.calendar import events_calendar

    name = "Evil\rATTENDEE:mailto:x@example.org\nSUMMARY:owned\x07"
    frame = apps({"program_id": "A", "program": name, "status": "interview-scheduled", "interview_on": pd.Timestamp("2026-12-02")})
    content = events_calendar(season.calendar_events(frame, {}, "estimate"))
    assert b"\rATTENDEE" not in content and b"\nSUMMARY:owned" not in content
    events = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert all("ATTENDEE" not in e for e in events)
    assert any(str(e["SUMMARY"]).startswith("Interview: Evil") for e in events)


# Issue 24 item 6: UIDs come from the program's id and the event, never its name.

_SHARED_NAMES = st.sampled_from(["Pediatrics-Medical Genetics", "Medical Genetics and Genomics", "Café Genetics", None])
_DAYS = st.one_of(st.none(), st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 2, 28)).map(pd.Timestamp))


@st.composite
def _applications(draw):
    n = draw(st.integers(min_value=0, max_value=12))
    rows = []
    for i in range(n):
        rows.append(
            {
                # Ids may repeat (one program applied to twice) or be missing (a program not saved).
                "program_id": draw(st.sampled_from([f"P{i}", "P0", None])),
                "program": draw(_SHARED_NAMES),
                "status": draw(st.sampled_from(["considering", "interview-scheduled", "applied", "thank-you-sent"])),
                "interview_on": draw(_DAYS),
                "deadline": draw(_DAYS),
            }
        )
    return apps(*rows) if rows else empty_table("applications")


def _uids(content: bytes) -> list[str]:
    lines = content.decode().replace("\r\n ", "").split("\r\n")
    return [line[4:] for line in lines if line.startswith("UID:")]


def test_programs_sharing_a_name_get_their_own_calendar_uids():
    from data.calendar import events_calendar

    same = {"program": "Pediatrics-Medical Genetics", "status": "interview-scheduled", "interview_on": pd.Timestamp("2026-12-02")}
    frame = apps(*({**same, "program_id": f"P{i}"} for i in range(5)))
    uids = _uids(events_calendar(season.calendar_events(frame, {}, "estimate")))
    assert len(uids) == 10 and len(set(uids)) == 10  # an interview and a thank-you note each


@given(_applications(), st.booleans())
def test_every_season_calendar_has_unique_uids(frame, with_dates):
    from data.calendar import events_calendar

    dates = {"eras_opens": date(2026, 9, 23), "match_day": date(2027, 3, 19)} if with_dates else {}
    uids = _uids(events_calendar(season.calendar_events(frame, dates, "estimate")))
    assert len(set(uids)) == len(uids)


@given(st.lists(st.tuples(st.sampled_from(["ask", "remind", "due"]), st.sampled_from(["Dr A", "Dr A", "Dr B"])), max_size=12))
def test_every_letters_calendar_has_unique_uids(events):
    from data.calendar import letters_calendar

    frame = pd.DataFrame(
        [{"event": e, "writer": w, "on": pd.Timestamp("2026-11-01"), "summary": f"{e} {w}", "description": ""} for e, w in events],
        columns=["event", "writer", "on", "summary", "description"],
    )
    uids = _uids(letters_calendar(frame))
    assert len(set(uids)) == len(uids) == len(events)
