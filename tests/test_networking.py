"""Networking: the resident message, tailoring by strengths, and the page
logging an open house and updating the program's data."""

import pandas as pd
import pytest

from data import bundled
from data.store import Workspace
from scoring.applying import networking
from tests.test_pages_season import open_page, texts


def test_resident_message_is_short_and_has_one_or_two_questions():
    text = networking.resident_message("Aldermoor", "Ana Example", "Chile", "its metabolic clinic.", ["support", "pgy1", "visa"], "Dr. Lee")
    assert text.startswith("Dear Dr. Lee,")
    assert "international medical graduate from Chile" in text and "Aldermoor: its metabolic clinic." in text
    assert text.count("\n- ") == 2 and "visa process" not in text
    assert len(text.split()) < 130
    one = networking.resident_message("Aldermoor", "", "", "", ["support"])
    assert one.startswith("Hello,") and "[your name]" in one and "this:" in one
    none = networking.resident_message("Aldermoor", "", "", "", [])
    assert "\n- " not in none and "what residency there is like" in none


EXPERIENCES = (
    {"text": "Metabolic clinic, two years", "tags": ["metabolic"]},
    {"text": "Tumour board and cancer genetics elective", "tags": ["cancer", "laboratory"]},
    {"text": "Dysmorphology case series", "tags": ["dysmorphology", "metabolic"]},
)


@pytest.mark.parametrize(
    ("strengths", "expected"),
    [
        ("metabolic;dysmorphology", ["Dysmorphology case series", "Metabolic clinic, two years"]),
        ("cancer", ["Tumour board and cancer genetics elective"]),
        ("prenatal", []),
        (pd.NA, []),
        ("", []),
    ],
)
def test_tailoring_picks_matching_experiences_best_first(strengths, expected):
    assert networking.tailoring(strengths, EXPERIENCES)["experience"].tolist() == expected


def test_networking_page_tailors_drafts_and_logs_an_open_house(workspace_path):
    settings = bundled.example_settings()
    settings["profile"] = {**settings["profile"], "experiences": list(EXPERIENCES)}
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=settings)
    programs = Workspace(workspace_path).load_table("programs").set_index("program_id")
    pid = next(p for p, s in programs["strengths"].items() if isinstance(s, str) and "metabolic" in s)
    at = open_page("app_pages/networking.py")
    at.selectbox(key="net_program").set_value(pid).run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "matches" in d.value.columns)
    assert "Metabolic clinic, two years" in table["experience"].tolist()
    assert any("Example Applicant" in a.value for a in at.text_area)
    before = len(Workspace(workspace_path).load_table("contacts"))
    at.text_area(key=f"net_notes_{pid}").input("Two IMG residents this year; research half-days from PGY-2")
    at.number_input(key="net_imgs").set_value(4)
    at.selectbox(key="net_research").set_value("moderate")
    at.button[[b.label for b in at.button].index("Save the notes")].click().run()
    assert not at.exception and not at.error
    ws = Workspace(workspace_path)
    contacts = ws.load_table("contacts")
    assert len(contacts) == before + 1
    assert contacts.iloc[-1]["channel"] == "open-house" and contacts.iloc[-1]["program_id"] == pid
    program = ws.load_table("programs").set_index("program_id").loc[pid]
    assert program["imgs_last_5y"] == 4 and program["research_time"] == "moderate"
    assert "updated 2 of its details" in texts(at) or any("updated 2 of its details" in s.value for s in at.success)
    # The walk: what an open house taught was left undated ("never dated") while the contact log dated responsiveness.
    assert program["img_history_source"] == "open-house" and program["focus_source"] == "open-house"
    assert pd.Timestamp(program["img_history_checked_on"]) == pd.Timestamp(at.date_input(key="net_held_on").value)
    assert pd.isna(program["visa_source"]) or program["visa_source"] != "open-house"  # nothing about the visa was learned


def test_open_house_questions_are_the_programs_own_specialtys(workspace_path):
    """The walk: a genetics program's open-house questions included pediatrics' continuity
    clinics, and two near-identical questions on where graduates go, because every specialty
    the applicant applies to gave its questions."""
    from data.packs import registry

    settings = bundled.example_settings()
    settings["profile"] = {**settings["profile"], "specialties": ["medical-genetics", "pediatrics"]}
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=settings)
    at = open_page("app_pages/networking.py")
    assert not at.exception
    shown = " ".join(str(e.proto) for e in at.get("button_group"))
    genetics, pediatrics = registry().by_key["medical-genetics"], registry().by_key["pediatrics"]
    assert any(q in shown for q in genetics.open_house)
    assert not [q for q in pediatrics.open_house if q in shown and q not in genetics.open_house]


def test_open_house_notes_typed_and_not_yet_saved_survive_a_reload(workspace_path):
    """The walk: "Met two IMG residents" typed in "Your notes", clicked elsewhere, reloaded: the box was
    empty (the notes sat in a form, which sends nothing until its button)."""
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())
    at = open_page("app_pages/networking.py")
    pid = at.selectbox(key="net_program").value
    at.text_area(key=f"net_notes_{pid}").input("Met two IMG residents").run()
    assert not at.exception and not at.error
    assert len(Workspace(workspace_path).load_table("contacts")) == len(bundled.example_tables()["contacts"])  # not logged yet
    again = open_page("app_pages/networking.py")  # a new session: a reload
    assert again.selectbox(key="net_program").value == pid
    assert again.text_area(key=f"net_notes_{pid}").value == "Met two IMG residents"
    # Another program's box does not show this program's notes.
    other = next(p for p in Workspace(workspace_path).load_table("programs")["program_id"] if p != pid)
    again.selectbox(key="net_program").set_value(other).run()
    assert again.text_area(key=f"net_notes_{other}").value == ""


def test_logged_open_house_notes_are_emptied_so_a_second_click_logs_nothing_twice(workspace_path):
    Workspace(workspace_path).save(tables=bundled.example_tables(), settings=bundled.example_settings())
    at = open_page("app_pages/networking.py")
    pid = at.selectbox(key="net_program").value
    at.text_area(key=f"net_notes_{pid}").input("Met two IMG residents").run()
    before = len(Workspace(workspace_path).load_table("contacts"))
    at.button[[b.label for b in at.button].index("Save the notes")].click().run()
    assert not at.exception
    assert len(Workspace(workspace_path).load_table("contacts")) == before + 1
    assert at.text_area(key=f"net_notes_{pid}").value == ""
    again = open_page("app_pages/networking.py")  # a reload: the logged draft does not come back
    assert again.text_area(key=f"net_notes_{pid}").value == ""
