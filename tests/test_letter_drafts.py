"""Letters to the end: the four messages, what each letter should stress, the
IMG points, the backup plan, and the Letters page's new sections."""

from datetime import date

import pandas as pd
import pytest

from data import bundled
from data.normalise import empty_table
from data.store import Workspace
from scoring.applying import letter_drafts
from scoring.vocabulary.wording import program_labels
from tests.test_pages_season import open_page, texts

ERAS = date(2026, 9, 23)


def letter(**values) -> pd.Series:
    base = {"writer": "Jane Smith", "kind": "clinical-geneticist", "north_american": True, "status": "agreed", "due_on": pd.Timestamp("2026-09-20")}
    return pd.Series({**base, **values})


def by_kind(items):
    return {d.kind: d for d in items}


def test_the_ask_uses_strong_and_the_reminder_fills_in_the_eras_date():
    drafts = by_kind(letter_drafts.drafts(letter(status="to-ask"), "Ana Example", ERAS, date(2026, 8, 1)))
    assert "strong letter of recommendation" in drafts["ask"].body and "in person or by video" in drafts["ask"].note
    # The advice on how to ask is beside the message, not in the text that is copied.
    assert drafts["ask"].body.splitlines()[0] == "Dear Dr. Smith," and "in person" not in drafts["ask"].body
    assert drafts["ask"].due_now and not drafts["first-reminder"].due_now
    first = drafts["first-reminder"]
    assert "ERAS opens to programs on September 23, 2026" in first.body and "by September 20" in first.body
    assert first.send_on == date(2026, 8, 30)  # three weeks before the letter's own date
    assert drafts["second-reminder"].send_on == date(2026, 9, 13)
    assert all("Ana Example" in d.body for d in drafts.values())


def test_a_date_already_past_is_told_as_past():
    # Late in the season the messages must not announce an ERAS opening that has happened.
    drafts = by_kind(letter_drafts.drafts(letter(status="to-ask"), "", ERAS, date(2026, 11, 23)))
    assert "ERAS opened to them on September 23, 2026" in drafts["ask"].body and "when ERAS opens" not in drafts["ask"].body
    first = drafts["first-reminder"].body
    assert "ERAS opened to programs on September 23, 2026" in first and "uploaded as soon as you can" in first
    assert "programs began reviewing" in drafts["second-reminder"].body


@pytest.mark.parametrize(
    ("status", "today", "due_now"),
    [
        ("to-ask", date(2026, 9, 1), {"ask"}),
        ("agreed", date(2026, 8, 29), set()),
        ("agreed", date(2026, 8, 30), {"first-reminder"}),
        ("packet-sent", date(2026, 9, 15), {"first-reminder", "second-reminder"}),
        ("uploaded", date(2026, 9, 15), {"thank-you"}),
        ("declined", date(2026, 9, 15), set()),
    ],
)
def test_which_message_is_due_now(status, today, due_now):
    drafts = letter_drafts.drafts(letter(status=status), "", ERAS, today)
    assert {d.kind for d in drafts if d.due_now} == due_now


def test_without_a_due_date_the_eras_date_is_the_target():
    drafts = by_kind(letter_drafts.drafts(letter(due_on=pd.NaT), "", ERAS, date(2026, 9, 1)))
    assert drafts["first-reminder"].send_on == date(2026, 9, 2)
    assert "[your name]" in drafts["ask"].body
    no_date = by_kind(letter_drafts.drafts(letter(due_on=pd.NaT), "", None, date(2026, 9, 1)))
    assert no_date["first-reminder"].send_on is None and "[the date ERAS opens to programs]" in no_date["first-reminder"].body


@pytest.mark.parametrize(
    ("kind", "north_american", "word", "img"),
    [
        ("clinical-geneticist", True, "dysmorphology", True),
        ("research-mentor", False, "clinician-scholar", False),
        ("home-faculty", pd.NA, "growth over a long period", False),
        (pd.NA, True, "Specific examples", True),
    ],
)
def test_emphasis_by_kind_and_img_points_for_north_american_writers(kind, north_american, word, img):
    points, img_points = letter_drafts.emphasis(kind, north_american)
    assert any(word in p for p in points)
    assert bool(img_points) is img
    addendum = letter_drafts.summary_addendum(kind, north_american, include_img_points=True)
    assert ("English" in addendum) is img


def letters_table(rows: list[dict]) -> pd.DataFrame:
    base = empty_table("letters")
    return pd.concat([base, pd.DataFrame(rows)], ignore_index=True).astype(base.dtypes.to_dict())


def test_at_risk_writers_get_the_best_next_candidate():
    table = letters_table(
        [
            {"writer": "Dr. Late", "kind": "related-specialty", "status": "packet-sent", "due_on": pd.Timestamp("2026-09-25")},
            {"writer": "Dr. Fine", "kind": "clinical-geneticist", "status": "agreed", "due_on": pd.Timestamp("2026-12-25")},
            {"writer": "Dr. Done", "kind": "related-specialty", "status": "uploaded", "due_on": pd.Timestamp("2026-09-25")},
            {"writer": "Dr. Spare One", "kind": "research-mentor", "status": "to-ask", "knows_me": "well", "north_american": True},
            {"writer": "Dr. Spare Two", "kind": "related-specialty", "status": "to-ask", "knows_me": "somewhat"},
            {"writer": "Dr. No Date", "kind": "home-faculty", "status": "asked"},
        ]
    )
    risky = letter_drafts.at_risk(table, date(2026, 9, 20), ERAS)
    assert risky["writer"].tolist() == ["Dr. Late", "Dr. No Date"]
    assert risky["when"].tolist() == ["5 days left", "3 days left"]
    assert "Ask Dr. Spare Two now" in risky.iloc[0]["backup"]  # same kind first
    assert "Ask Dr. Spare One now" in risky.iloc[1]["backup"]  # then the one who knows you well
    late = letter_drafts.at_risk(table.iloc[:1], date(2026, 9, 26), None)
    assert late["when"].tolist() == ["1 day late"] and "add a backup writer" in late.iloc[0]["backup"]


def test_letters_page_shows_messages_emphasis_waiver_and_backup(workspace_path):
    settings = bundled.example_settings()
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=settings)
    at = open_page("app_pages/letters.py")
    assert not at.exception and not at.error
    shown = texts(at)
    assert "Messages to Dr. A. Example" in [h.value.replace("\\", "") for h in at.subheader]  # escaped Markdown
    assert any("strong letter of recommendation" in a.value for a in at.text_area)
    assert any("Waive your right to see this letter" in i.value for i in at.info)
    assert "No letter is at risk" in shown
    at.toggle(key="letter_img_0").set_value(True).run()
    assert "English" in texts(at)


@pytest.mark.parametrize(
    ("writer", "greeting"),
    [
        ("Jane Smith", "Dear Dr. Smith,"),
        ("Dr. Meena Iyer", "Dear Dr. Iyer,"),
        ("Dr Meena Iyer", "Dear Dr. Iyer,"),
        ("Prof. Ana Silva", "Dear Prof. Silva,"),
        ("Professor Ana Silva", "Dear Prof. Silva,"),
        ("Meena Iyer, MD, PhD", "Dear Dr. Iyer,"),
        ("Iyer", "Dear Dr. Iyer,"),
        ("", "Dear [name],"),
    ],
)
def test_the_greeting_is_a_title_and_the_surname(writer, greeting):
    drafts = by_kind(letter_drafts.drafts(letter(writer=writer, status="to-ask"), "Ana Example", ERAS, date(2026, 8, 1)))
    assert all(d.body.startswith(greeting) or d.body.splitlines()[0] == greeting for d in drafts.values()), [d.body.splitlines()[0] for d in drafts.values()]


def test_the_programs_a_writer_hears_about_follow_the_users_own_order(workspace_path):
    # The Rank list's order made by hand, not the score order: the summary lists the programs the user cares most about first.
    tables = bundled.example_tables()
    Workspace(workspace_path).save(tables=tables, settings=bundled.example_settings())
    at = open_page("app_pages/letters.py")
    by_score = next(m for m in at.multiselect if m.label == "Programs you target").options
    last = by_score[-1]
    pid = {label: pid for pid, label in program_labels(tables["programs"]).items()}[last]  # the options are full labels
    Workspace(workspace_path).save(settings={"manual_order": {"order": [pid]}})
    at = open_page("app_pages/letters.py")
    options = next(m for m in at.multiselect if m.label == "Programs you target").options
    assert options[0] == last and sorted(options) == sorted(by_score)


def test_an_estimated_eras_date_is_never_told_to_a_writer_as_a_fact():
    """A date worked out from last season's reads 'in late September 2026', not a day."""
    from datetime import date

    import pandas as pd

    from scoring.applying import letter_drafts

    letter = pd.Series({"writer": "Dr A", "status": "to-ask", "due_on": pd.NaT, "asked_on": pd.NaT})
    told = " ".join(d.body for d in letter_drafts.drafts(letter, "Me", date(2026, 9, 23), date(2026, 10, 1), "Medical Genetics", estimate=True))
    assert "in late September 2026" in told and "September 23" not in told
    exact = " ".join(d.body for d in letter_drafts.drafts(letter, "Me", date(2026, 9, 23), date(2026, 10, 1), "Medical Genetics"))
    assert "on September 23, 2026" in exact
