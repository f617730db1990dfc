"""A sheet's own outreach columns become the contact log (merged without duplicates), and
letters are timed and checked as the guide advises (ask at the end of the rotation, never a
reminder before the ask, optional packet items, the three IMG situations, physician letters)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data import sheet_log
from data.normalise import empty_table
from data.validation import load_bytes
from scoring.applying import letters as plan
from scoring.decision.ranking import link_contacts
from scoring.vocabulary.wording import ids_by_name, program_label_series, program_labels
from tests.test_names_everywhere import directory_programs

SHEET = (
    "Program name,Institution,State,Emailed on,Reply,Replied on,Open house\n"
    "Pediatrics-Medical Genetics,Alder Children's,MA,2026-09-01,helpful,2026-09-03,\n"
    "Pediatrics-Medical Genetics,Birch Medical Center,TX,9/15/2026,,,2026-12-10\n"
    "Pediatrics-Medical Genetics,Cedar University,OH,,generic,,\n"
    "Medical Genetics and Genomics,Dale Hospital,CA,2026-10-01,no reply,,\n"
    "Medical Genetics and Genomics,Elm Health,WA,2026-10-02,wonderful,2026-10-04,\n"
    "Medical Genetics and Genomics,Fir Clinic,NY,,,,\n"
)


def sheet() -> pd.DataFrame:
    loaded = load_bytes(SHEET.encode(), "mine.csv")
    assert loaded.errors.empty
    return loaded.valid


def test_the_sheets_own_columns_become_log_entries():
    programs = sheet()
    log = sheet_log.from_sheet(programs)
    assert log.columns == {"sent": "Emailed on", "reply": "Reply", "replied": "Replied on", "open_house": "Open house"}
    by_inst = dict(zip(programs["program_id"], programs["institution"], strict=True))
    rows = log.entries.assign(inst=log.entries["program_id"].map(by_inst))
    emails = rows[rows["channel"] == "email"].set_index("inst")
    assert emails.loc["Alder Children's", "reply_quality"] == "helpful" and emails.loc["Alder Children's", "replied_on"] == pd.Timestamp("2026-09-03")
    assert emails.loc["Birch Medical Center", "sent_on"] == pd.Timestamp("2026-09-15") and pd.isna(emails.loc["Birch Medical Center", "replied_on"])
    assert pd.isna(emails.loc["Dale Hospital", "replied_on"])  # "no reply": an email still unanswered
    assert "wonderful" in emails.loc["Elm Health", "notes"] and pd.isna(emails.loc["Elm Health", "reply_quality"])  # kept, flagged
    assert any("wonderful" in p for p in log.problems)
    houses = rows[rows["channel"] == "open-house"]
    assert houses["inst"].tolist() == ["Birch Medical Center"] and houses["sent_on"].tolist() == [pd.Timestamp("2026-12-10")]
    # A reply written without its day cannot be placed in time: it gives the program's responsiveness instead.
    cedar = programs.loc[programs["institution"] == "Cedar University", "program_id"].item()
    assert log.responsiveness.to_dict() == {cedar: "generic"}
    assert "Fir Clinic" not in set(rows["inst"])


def test_a_second_upload_adds_nothing_and_a_reply_fills_a_waiting_email():
    programs = sheet()
    log = sheet_log.from_sheet(programs)
    first, added = sheet_log.merged(empty_table("contacts"), log.entries)
    assert added == len(log.entries) == 5
    again, added = sheet_log.merged(first, log.entries)
    assert added == 0 and len(again) == len(first)
    # The applicant recorded the email in the app first; the sheet then gives its reply.
    waiting = first.assign(replied_on=pd.NaT, reply_quality=pd.NA).astype(first.dtypes.to_dict())
    filled, added = sheet_log.merged(waiting, log.entries)
    assert added == 0 and filled["reply_quality"].eq("helpful").sum() == 1


def test_a_sheet_without_log_columns_gives_no_entries():
    programs = load_bytes(b"Program name,State\nA,MA\n", "x.csv").valid
    log = sheet_log.from_sheet(programs)
    assert not log.any and log.entries.empty


def test_a_name_several_programs_share_links_to_none_of_them():
    programs = directory_programs()
    index = ids_by_name(programs)
    assert "pediatrics-medical genetics" not in index
    label = program_label_series(programs).iloc[0]
    assert index[label.lower()] == programs["program_id"].iloc[0]
    log = pd.DataFrame({"program_id": [pd.NA, pd.NA], "program": ["Pediatrics-Medical Genetics", label], "channel": ["email", "email"]})
    linked = link_contacts(log.astype({"program_id": "string", "program": "string"}), programs)
    assert pd.isna(linked["program_id"].iloc[0]) and linked["program_id"].iloc[1] == programs["program_id"].iloc[0]


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        # Same name, same institution: the NRMP code tells them apart (a categorical and a preliminary position).
        (
            [("a", "MGG", "U", "TX", "1234765C0"), ("b", "MGG", "U", "TX", "1234765P0")],
            ["U (TX) — MGG · NRMP 1234765C0", "U (TX) — MGG · NRMP 1234765P0"],
        ),
        ([("a", "MGG", None, "TX", None), ("b", "MGG", None, "OH", None)], ["TX — MGG", "OH — MGG"]),
    ],
)
def test_labels_use_the_nrmp_code_when_name_and_place_repeat(rows, labels):
    frame = pd.DataFrame(rows, columns=["program_id", "program", "institution", "state", "nrmp_code"])
    assert list(program_labels(frame).values()) == labels


def letters(rows: list[dict]) -> pd.DataFrame:
    frame = empty_table("letters")
    return pd.concat([frame, pd.DataFrame(rows)], ignore_index=True).astype(frame.dtypes.to_dict())


@pytest.mark.parametrize(
    ("row", "ask_from", "remind_on"),
    [
        # Asked on Nov 25 for a letter due Dec 10: the reminder comes a week after the ask, never before it.
        ({"status": "asked", "asked_on": "2026-11-25", "due_on": "2026-12-10"}, "2026-10-15", "2026-12-02"),
        # Asked on time: three weeks before the due date.
        ({"status": "agreed", "asked_on": "2026-08-01", "due_on": "2026-09-15"}, "2026-07-21", "2026-08-25"),
        # Asked so late that a reminder would fall on or after the due date: none.
        ({"status": "asked", "asked_on": "2026-12-05", "due_on": "2026-12-10"}, "2026-10-15", None),
        # The rotation ends on Jul 10: that is when to ask, while the writer remembers you.
        ({"status": "to-ask", "rotation_ends": "2026-07-10", "due_on": "2026-09-15"}, "2026-07-10", "2026-08-25"),
        # A rotation ending after the latest ask-by date: ask by then, before it ends.
        ({"status": "to-ask", "rotation_ends": "2026-09-01", "due_on": "2026-09-15"}, "2026-08-18", "2026-08-25"),
    ],
)
def test_letters_are_timed_as_the_guide_says(row, ask_from, remind_on):
    typed = {k: pd.Timestamp(v) if k.endswith("_on") or k == "rotation_ends" else v for k, v in row.items()}
    schedule = plan.timeline(letters([{"writer": "Dr W", **typed}]), date(2026, 7, 1))
    assert schedule.loc[0, "ask_from"] == pd.Timestamp(ask_from)
    got = schedule.loc[0, "remind_on"]
    assert (pd.isna(got) and remind_on is None) or got == pd.Timestamp(remind_on)
    if row["status"] != "to-ask":
        assert pd.isna(got) or got > pd.Timestamp(row["asked_on"])
        events = plan.calendar_events(schedule, date(2026, 7, 1))
        assert (events.loc[events["event"] == "remind", "on"] > pd.Timestamp(row["asked_on"])).all()


BASE = [
    {"writer": "Dr G", "kind": "clinical-geneticist", "north_american": True, "knows_me": "well", "status": "agreed"},
    {"writer": "Dr R", "kind": "related-specialty", "north_american": True, "knows_me": "well", "status": "agreed"},
]


def rule(checks: list[plan.Check], name: str) -> plan.Check | None:
    return next((c for c in checks if c.rule == name), None)


def test_non_physician_letters_complement_and_never_replace():
    counselor = {"writer": "Ms C", "kind": "other", "knows_me": "well", "status": "agreed", "physician": False}
    ok = rule(plan.mix_check(letters([*BASE, counselor])), "Physician letters at the core")
    assert ok is not None and ok.passed
    two_others = [BASE[0], counselor, {**counselor, "writer": "Dr PhD", "kind": "research-mentor"}]
    bad = rule(plan.mix_check(letters(two_others)), "Physician letters at the core")
    assert bad is not None and not bad.passed
    assert rule(plan.mix_check(letters(BASE)), "Physician letters at the core") is None  # no non-physician: no check


@pytest.mark.parametrize(
    ("situation", "rows", "rule_name", "passed"),
    [
        ("no-rotation", BASE, "Clinical writers who saw your interest in genetics", True),
        ("no-rotation", BASE[:1], "Clinical writers who saw your interest in genetics", False),
        ("short-observership", BASE, "A clinical letter beside the observership's", True),
        ("short-observership", BASE[:1], "A clinical letter beside the observership's", False),
        ("research-heavy", [*BASE, {"writer": "PI", "kind": "research-mentor", "status": "agreed"}], "A research letter and a clinical one", True),
        ("research-heavy", BASE, "A research letter and a clinical one", False),
    ],
)
def test_the_situation_chosen_changes_the_mix_check(situation, rows, rule_name, passed):
    checks = plan.mix_check(letters(rows), situation=situation)
    found = rule(checks, rule_name)
    assert found is not None and found.passed is passed
    assert rule(plan.mix_check(letters(rows)), rule_name) is None  # only when that situation is chosen


def test_an_upload_previews_the_sheets_log_and_a_second_upload_adds_nothing(workspace_path):
    from pathlib import Path

    from data.store import Workspace
    from tests.test_names_everywhere import FIXTURE
    from tests.test_pages import open_app

    content = Path(FIXTURE).read_bytes()
    at = open_app("app_pages/programs.py", example=False)
    at.file_uploader[0].upload("mine.csv", content, "text/csv").run()
    shown = " ".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert "becomes the contact log: 21 entries, 21 of them new" in shown
    preview = next(d.value for d in at.dataframe if "reply_quality" in d.value.columns)
    assert len(preview) == 21 and not preview["program"].isin(["Pediatrics-Medical Genetics"]).any()  # told apart
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_table("contacts")
    assert len(saved) == 21
    at = open_app("app_pages/programs.py", example=False)
    at.file_uploader[0].upload("mine.csv", content, "text/csv").run()
    shown = " ".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert "21 entries, 0 of them new" in shown
    at.button(key="upload_confirm").click().run()
    assert len(Workspace(workspace_path).load_table("contacts")) == 21  # merged without duplicates
    at.switch_page("app_pages/outreach.py").run()
    never = next(m.value for m in at.markdown if m.value.startswith("**Never contacted**"))
    assert never != "**Never contacted** (30)"  # Outreach starts from what the sheet recorded


def test_the_focus_filter_counts_only_programs_with_evidence_for_it():
    from scoring.decision.filters import focus_mask

    frame = pd.DataFrame(
        {
            "strengths": [pd.NA, pd.NA, "cancer", pd.NA],
            "adult_emphasis": [1.0, None, 1.0, 5.0],  # her own "Adult focus: N" on the first and third
            "cancer_center": [True, True, True, False],
            "peds_emphasis": [5.0, None, None, None],
            "childrens_hospital": [True, None, None, None],
        }
    )
    assert focus_mask(frame, "adult").tolist() == [False, True, False, True]
    assert focus_mask(frame, "pediatric").tolist() == [True, False, False, False]


def test_the_ecfmg_date_can_be_given_as_a_month(workspace_path):
    from data.store import Workspace
    from tests.test_pages import open_app

    at = open_app("app_pages/profile.py")
    at.toggle(key="p_ecfmg_month_only").set_value(True).run()
    at.selectbox(key="p_ecfmg_month").set_value("2027-06").run()
    assert not at.exception
    assert Workspace(workspace_path).load_setting("profile")["ecfmg_expected"] == "2027-06-30"  # the month's last day
    assert Workspace(workspace_path).load_setting("profile")["ecfmg_month_only"] is True  # and said to be a month
    at = open_app("app_pages/profile.py")
    assert at.toggle(key="p_ecfmg_month_only").value and at.selectbox(key="p_ecfmg_month").value == "2027-06"


def test_the_month_toggle_survives_a_reload_before_a_month_is_chosen(workspace_path):
    """Turned on, then the page reloaded before a month is picked: it stays on (it was lost, since
    only a saved month-end date told that it had been on)."""
    from tests.test_pages import open_app

    at = open_app("app_pages/profile.py", example=False)
    at.toggle(key="p_ecfmg_month_only").set_value(True).run()
    assert not at.exception
    at = open_app("app_pages/profile.py", example=False)
    assert at.toggle(key="p_ecfmg_month_only").value and at.selectbox(key="p_ecfmg_month").value is None
    at.toggle(key="p_ecfmg_month_only").set_value(False).run()
    at = open_app("app_pages/profile.py", example=False)
    assert not at.toggle(key="p_ecfmg_month_only").value


def test_an_older_profiles_month_end_date_reads_as_a_month():
    """Saved before the profile said so, a month given alone was stored as its last day: such a
    date reads as that month; any other date, or a profile that says, stays as it is."""
    from data.settings import Profile

    assert Profile.from_dict({"ecfmg_expected": "2027-06-30"}).ecfmg_month_only is True
    assert Profile.from_dict({"ecfmg_expected": "2027-06-18"}).ecfmg_month_only is False
    assert Profile.from_dict({"ecfmg_expected": "2027-06-30", "ecfmg_month_only": False}).ecfmg_month_only is False
    assert Profile.from_dict({"ecfmg_expected": None}).ecfmg_month_only is False
