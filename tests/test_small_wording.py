"""Small wording the new-user walk found: a hover that named the state twice, fees that said
"estimate" twice, calendar events for estimated dates that did not say so, an old Step 1
answer that did not say what to do, and a click on the chosen Explore view that left it."""

import re
from datetime import date
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from app_pages import charts
from data import bundled
from data.settings import Thresholds
from data.store import Workspace
from scoring.calendar import fees, season

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_the_chart_hover_names_the_state_once():
    scored = pd.DataFrame(
        {
            "program": ["Riley Children's (IN) — Pediatrics-Medical Genetics", "Alder Genetics"],
            "state": ["IN", "TX"],
            "tier": ["dream", "solid"],
            "img_friendliness": [5.0, 6.0],
            "img_friendliness_max": [7.0, 6.0],
            "goal_fit": [50.0, 60.0],
            "fit_score": [55.0, 66.0],
        }
    )
    figure = charts.friendliness_vs_fit(scored, Thresholds())
    hovers = {}
    for trace in figure.data:
        for text, data in zip(trace.text, trace.customdata, strict=True):
            hovers[text] = trace.hovertemplate.replace("%{text}", text).replace("%{customdata[0]}", data[0])
    assert "(IN) — Pediatrics-Medical Genetics</b><br>" in hovers["Riley Children's (IN) — Pediatrics-Medical Genetics"]
    assert "<b>Alder Genetics</b> (TX)<br>" in hovers["Alder Genetics"]


def test_the_how_many_advice_says_estimate_once_per_fee():
    shipped = bundled.season()
    assert shipped.fees["eras"].word == "estimate"
    counts = {"Pediatrics": 31}
    line = "; ".join(fees.fee_lines(counts, shipped, sure_too=False)) + f" ({shipped.fees['eras'].cite()})"
    assert line.count("estimate") == 1
    for row in fees.other_costs(shipped):
        assert (row["How sure"] + " " + row["Source"]).count("estimate") <= 1


def test_estimated_season_dates_say_so_in_the_calendar():
    frame = pd.DataFrame(columns=["program_id", "program", "status", "interview_on", "interview_format", "thank_you_on", "deadline"])
    dates = {"programs_review": date(2026, 9, 23), "rank_list_deadline": date(2027, 3, 3), "match_day": date(2027, 3, 19)}
    sure = {"programs_review": "", "rank_list_deadline": "not confirmed", "match_day": "estimate"}
    events = season.calendar_events(frame, dates, "2026–2027", sure)
    assert set(events["summary"]) == {"ERAS opens to programs", "NRMP rank order list deadline (not confirmed)", "Match Day (estimate)"}
    # The event's identity does not move with its wording: a re-import updates it.
    assert set(events["uid"]) == {"season|programs_review|2026", "season|rank_list_deadline|2027", "season|match_day|2027"}


def _app(path: Path, profile: dict) -> AppTest:
    Workspace(path).save(tables=bundled.example_tables(), settings={**bundled.example_settings(), "profile": profile, "example": {"in_use": False}})
    return AppTest.from_file(APP, default_timeout=60).run()


def test_an_old_step1_answer_says_in_plain_words_what_to_do(workspace_path):
    at = _app(workspace_path, {**bundled.example_settings().get("profile", {}), "step1_status": "failed-attempts"})
    at.switch_page("app_pages/profile.py").run()
    assert not at.exception, at.exception
    box = at.selectbox(key="p_step1_status")
    assert box.value == "failed-attempts"
    label = next(o for o in box.options if o.startswith("Failed once"))
    assert "choose again" not in label and len(label) <= 32  # read whole in the box at 1280 px
    shown = " ".join(str(e.value) for e in [*at.warning, *at.info, *at.markdown, *at.caption])
    assert "Passed after a fail" in shown and "if you have passed since" in shown


def test_clicking_the_chosen_explore_view_keeps_it(workspace_path):
    at = _app(workspace_path, bundled.example_settings().get("profile", {}))
    at.switch_page("app_pages/explore.py").run()
    at.segmented_control(key="explore_view").set_value("Map").run()
    assert at.segmented_control(key="explore_view").value == "Map"
    # A second click on Map deselects it (Streamlit's segmented control): the view stays Map.
    at.segmented_control(key="explore_view").set_value(None).run()
    assert not at.exception, at.exception
    assert at.segmented_control(key="explore_view").value == "Map"


def test_interview_prep_writes_the_fit_range_as_the_rank_list_does(workspace_path):
    """The night-before sheet wrote "range 69.3–94.8" where the Rank list writes 69–95: one range, two spellings."""
    from tests.test_pages import open_app

    at = open_app("app_pages/interview.py")
    assert not at.exception, at.exception
    facts = next(t.value for t in at.get("table") if "fact" in t.value.columns or "Fact" in t.value.columns)
    cells = " ".join(facts.astype(str).to_numpy().ravel())
    assert "(range " in cells
    assert not re.search(r"range \d+\.\d", cells)
