"""A limit on years since graduation met counted to the application but not to the start of training
(session 18): which date a program counts to is not confirmed, so eligibility is `unknown`, Start counts
it apart as a question for the program, and What to research next asks it first among the program's items."""

from datetime import date

import pandas as pd

from data.settings import Profile, Weights
from scoring.decision import eligibility
from scoring.decision.inputs import COUNT_DATE
from scoring.decision.ranking import score_programs
from scoring.decision.research_next import research_next
from tests.helpers import programs_frame

TODAY = date(2026, 12, 7)
PROFILE = Profile(visa_need="j1", step2_score=240, attempts=1, graduation_year=2021, ecfmg_certified=True, prior_residency="none")
NONE = {"min_step2_score": 0, "max_attempts": 99, "ecfmg_required_by": "2200-01-01", "requires_prior_residency": False, "entry_level": "pgy1", "j1": True}


def _programs() -> pd.DataFrame:
    # Most share one name, as in the NRMP directory; limits of 5 (depends), 6 (yes), 4 (no), none, blank.
    limits = [5, 6, 4, 999, None, 5]
    return programs_frame(
        [
            {
                "program_id": f"P{i}",
                "program": "Pediatrics-Medical Genetics",
                "institution": f"Univ {i}",
                "state": "TX",
                **NONE,
                "max_years_since_graduation": v,
            }
            for i, v in enumerate(limits)
        ]
    )


def test_research_next_asks_how_the_program_counts_first():
    programs = _programs()
    scored = score_programs(programs, PROFILE, Weights(), TODAY)
    assert list(scored.set_index("program_id").loc[[f"P{i}" for i in range(6)], "eligible"]) == ["unknown", "yes", "no", "yes", "unknown", "unknown"]
    items = research_next(scored, programs, PROFILE, Weights(), TODAY)
    asked = items[items["input"] == COUNT_DATE.label]
    assert sorted(asked["program_id"]) == ["P0", "P5"]
    for pid in ("P0", "P5"):
        mine = items[items["program_id"] == pid]
        assert mine["input"].iloc[0] == COUNT_DATE.label  # first among the program's items
    todo = asked["todo"].iloc[0]
    assert todo.startswith("Ask how they count years since graduation")
    assert "their limit is 5 years and you are 5 at applications in September 2026, 6 at the start of training in July 2027" in todo
    assert "could move from" in todo and "to not eligible" in todo
    assert asked["could_change_tier"].all() and asked["tiers_possible"].str.contains("not-eligible").all()
    # With `first`, the question is one of the first items, as the Rank list shows them.
    cut = research_next(scored, programs, PROFILE, Weights(), TODAY, first=2)
    pd.testing.assert_frame_equal(cut, items.groupby("program_id", sort=False).head(2).reset_index(drop=True), check_index_type=False)
    assert (cut.groupby("program_id").size() <= 2).all()


def test_the_causes_count_the_date_question_apart_from_unchecked_facts():
    programs = _programs()
    result = eligibility.check(programs, PROFILE, TODAY)
    causes = eligibility.unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert causes["counted_to"] == 2  # P0, P5
    assert causes["programs"] == 1  # P4: its limit is blank, not checked yet
    assert causes["unknown"] == 3


def test_start_says_to_ask_the_program(workspace_path):
    from app_pages.start import unknown_eligibility_steps

    programs = _programs()
    result = eligibility.check(programs, PROFILE, TODAY)
    steps = unknown_eligibility_steps(eligibility.unknown_causes(result["eligible"], result["unknown_rule_mask"]), PROFILE)
    said = [s for s in steps if "start of training" in s[0]]
    assert len(said) == 1
    text, page, _label = said[0]
    assert text.startswith("At 2 of the 3 programs where eligibility is not known yet")
    assert "not confirmed, so ask each one" in text and page == "app_pages/outreach.py"


def test_a_program_with_a_cutoff_not_stated_and_a_limit_that_depends_on_the_date():
    """Both at one program, read from a sheet as users write it: the question first, then the flagged cell's item."""
    from data.validation import load_bytes

    csv = (
        "Program name,Institution,State,J-1? Y/N,Step 2 cutoff,Attempts limit,YOG cutoff,ECFMG deadline,Requires prior residency,Entry level\n"
        "Pediatrics-Medical Genetics,Aldermoor University,MA,Y,not stated,none,5 years,none,no,pgy1\n"
        "Pediatrics-Medical Genetics,Brightwater Children's,TX,Y,220,none,6,none,no,pgy1\n"
    )
    programs = load_bytes(csv.encode(), "programs.csv").valid
    scored = score_programs(programs, PROFILE, Weights(), TODAY)
    assert list(scored.sort_values("institution")["eligible"]) == ["unknown", "yes"]
    for first in (None, 1, 3):
        items = research_next(scored, programs, PROFILE, Weights(), TODAY, first=first)
        aldermoor = items[items["program_id"] == scored.loc[scored["institution"] == "Aldermoor University", "program_id"].iloc[0]]
        assert aldermoor["input"].iloc[0] == COUNT_DATE.label
        if first != 1:
            said = aldermoor["todo"].str.contains("You wrote 'not stated' in Step 2 cutoff: the program does not state it", regex=False)
            assert said.any()


def test_start_and_explain_on_a_sheet_as_users_write_it(workspace_path):
    """The pages: Start says to ask how the program counts; Explain gives the reason and lists the
    cutoff the program does not state apart from cells that could not be read."""
    from data.normalise import empty_table
    from data.store import Workspace
    from data.validation import load_bytes
    from tests.test_journey_state import all_text
    from tests.test_pages import open_app

    csv = (
        "Program name,Institution,State,J-1? Y/N,Step 2 cutoff,Attempts limit,YOG cutoff,ECFMG deadline,Requires prior residency,Entry level\n"
        "Pediatrics-Medical Genetics,Aldermoor University,MA,Y,not stated,none,5 years,none,no,pgy1\n"
        "Pediatrics-Medical Genetics,Brightwater Children's,TX,Y,220ish,none,6,none,no,pgy1\n"
    )
    programs = load_bytes(csv.encode(), "programs.csv").valid
    tables = {"programs": programs, "contacts": empty_table("contacts"), "letters": empty_table("letters")}
    Workspace(workspace_path).save(tables=tables, settings={"profile": PROFILE.to_dict(), "weights": {}})
    at = open_app("app_pages/start.py", example=False)
    text = all_text(at)
    # Today is 2026-11-22 here: 5 at applications (September 2026), 6 when training starts.
    assert "you meet its limit on years since graduation counted to your application, but not counted to the start of training" in text
    assert "which date the program counts to is not confirmed, so ask it" in text
    at.switch_page("app_pages/explore.py").run()
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    aldermoor = programs.loc[programs["institution"] == "Aldermoor University", "program_id"].iloc[0]
    at.selectbox(key="explain_program").set_value(aldermoor).run()
    assert not at.exception
    text = all_text(at).replace("\\", "")  # user text is escaped for Markdown
    assert "accepts graduates of the last 5 years, and you are 5 at applications in September 2026, 6 at the start of training in July 2027" in text
    assert "Cutoffs the program does not state, counted as unknown, not as no cutoff: Step 2 cutoff ('not stated')" in text
    assert "Cells that could not be read" not in text
