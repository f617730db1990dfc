"""Start says why eligibility is not known yet, by its real cause: the applicant's own Profile
answers, or the programs' cutoffs and visa answers not checked yet. Found by the new-user
walk: with no Step 2 CK score or graduation year in the Profile, Start blamed "their policies"
for every program, although the sheet had the cutoffs."""

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

from data.settings import Profile
from data.validation import load_bytes
from scoring.decision import eligibility
from scoring.decision.eligibility import unknown_causes
from scoring.vocabulary.wording import checked_words
from scripts import user_sheet
from tests.helpers import AS_OF, profiles, program_tables, programs_frame
from tests.test_journey_state import all_text
from tests.test_pages import open_app, seed

STATED = {
    "min_step2_score": 220,
    "max_attempts": 2,
    "max_years_since_graduation": 5,
    "ecfmg_required_by": "2027-02-20",
    "j1": True,
    "requires_prior_residency": False,
    "entry_level": "pgy1",
}
NONE = {
    "min_step2_score": 0,
    "max_attempts": 99,
    "max_years_since_graduation": 999,
    "ecfmg_required_by": "2200-01-01",
    "requires_prior_residency": False,
    "entry_level": "pgy1",
}


@pytest.mark.parametrize(
    "program, profile, yours, programs, answers",
    [
        # Cutoffs stated, the applicant's answers missing: only her answers are missing.
        (STATED, Profile(), 1, 0, {"step2_score": 1, "attempts": 1, "graduation_year": 1, "ecfmg_expected": 1}),
        # Cutoffs blank (not checked yet) and answers given: only the program's.
        ({"j1": True}, Profile(step2_score=230, attempts=1, graduation_year=2020, ecfmg_certified=True), 0, 1, {}),
        # Both: the J-1 answer not checked yet, and her score missing against a stated minimum.
        ({**NONE, "min_step2_score": 220}, Profile(graduation_year=2022, attempts=1, ecfmg_certified=True), 1, 1, {"step2_score": 1}),
        # A month-only ECFMG date, and the deadline (20 Feb) inside that month: her day decides.
        (
            {**NONE, "j1": True, "ecfmg_required_by": "2027-02-20"},
            Profile(step2_score=240, attempts=1, graduation_year=2022, ecfmg_expected=date(2027, 2, 28), ecfmg_month_only=True),
            1,
            0,
            {"ecfmg_day": 1},
        ),
        # An H-1B program for an H-1B applicant without Step 3 passed waits on her Step 3.
        ({**NONE, "h1b": "yes"}, Profile(visa_need="h1b", step2_score=240, attempts=1, graduation_year=2022, ecfmg_certified=True), 1, 0, {"step3": 1}),
    ],
)
def test_each_cause_is_counted_from_the_eligibility_masks(program, profile, yours, programs, answers):
    frame = programs_frame([{"program_id": "p", **program}])
    result = eligibility.check(frame, profile, AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert (causes["yours"], causes["programs"], causes["answers"], causes["case_by_case"]) == (yours, programs, answers, 0)


DONE = {"step2_score": 240, "attempts": 1, "graduation_year": 2022, "ecfmg_certified": True, "step3": "passed"}


@pytest.mark.parametrize(
    "visa_need, j1, h1b",
    [
        ("h1b", None, "considered"),
        ("either", False, "considered"),  # no J-1, H-1B case by case: answered, not unchecked
    ],
)
def test_h1b_case_by_case_is_the_programs_answer_not_an_unchecked_fact(visa_need, j1, h1b):
    frame = programs_frame([{"program_id": "p", **NONE, "j1": j1, "h1b": h1b}])
    result = eligibility.check(frame, Profile(visa_need=visa_need, **DONE), AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert (causes["unknown"], causes["yours"], causes["programs"], causes["case_by_case"]) == (1, 0, 0, 1)
    assert "case by case" in eligibility.reasons(frame, result, Profile(visa_need=visa_need, **DONE), AS_OF).iloc[0]


@settings(max_examples=30, deadline=None)
@given(frame=program_tables(), profile=profiles)
def test_every_unknown_program_has_at_least_one_cause_and_no_other_program_is_counted(frame, profile):
    result = eligibility.check(frame, profile, AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    unknown = int((np.asarray(result["eligible"]) == "unknown").sum())
    assert causes["unknown"] == unknown
    assert causes["yours"] <= unknown and causes["programs"] <= unknown
    # every unknown program has a cause (the date a program counts years since graduation to is one: session 18)
    assert causes["yours"] + causes["programs"] + causes["case_by_case"] + causes["counted_to"] >= unknown
    assert causes["counted_to"] <= unknown
    assert all(0 < n <= causes["yours"] for n in causes["answers"].values())


def _user_sheet(n: int = 30) -> pd.DataFrame:
    return load_bytes(user_sheet.to_csv(user_sheet.programs(n)), "programs.csv").valid


def test_start_names_the_missing_profile_answers_not_the_programs_policies(workspace_path):
    seed(workspace_path, _user_sheet())
    at = open_app("app_pages/start.py", example=False)
    assert not at.exception
    text = all_text(at)
    assert "policies" not in text
    assert "because your Profile does not give your Step 2 CK score" in text
    assert "graduation year (" in text and "expected ECFMG certification date or month (" in text
    assert "not checked yet: " in text and ". What to research next, on the Rank list" in text
    labels = {link.proto.label for link in at.get("page_link")}
    assert {"Go to Profile", "Go to Rank list"} <= labels


def test_start_says_nothing_of_the_profile_once_it_is_complete(workspace_path):
    frame = programs_frame(
        [{"program_id": f"p{i}", "program": "Pediatrics-Medical Genetics", "institution": f"Inst {i}", "state": "OH", **NONE} for i in range(3)]
    )
    seed(workspace_path, frame)
    from data.store import Workspace

    done = replace(Profile(), step2_score=240, attempts=1, graduation_year=2023, ecfmg_certified=True)
    Workspace(workspace_path).save(settings={"profile": done.to_dict()})
    at = open_app("app_pages/start.py", example=False)
    text = all_text(at)
    assert "your Profile" not in text
    assert "Eligibility is not known yet at 3 programs because cutoffs or visa answers of the programs are not checked yet" in text


def test_start_says_the_applicants_step3_and_a_programs_unchecked_cutoff_apart(workspace_path):
    rows = [
        {"program_id": f"p{i}", "program": "Pediatrics-Medical Genetics", "institution": f"Inst {i}", "state": "OH", **NONE, "h1b": "yes"} for i in range(4)
    ]
    rows[0]["min_step2_score"] = None  # not checked yet, and no score in the Profile
    seed(workspace_path, programs_frame(rows))
    from data.store import Workspace

    h1b = replace(Profile(), visa_need="h1b", step3="not-taken", attempts=1, graduation_year=2022, ecfmg_certified=True)
    Workspace(workspace_path).save(settings={"profile": h1b.to_dict()})
    text = all_text(open_app("app_pages/start.py", example=False))
    assert "Eligibility is not known yet at 4 programs because an H-1B needs Step 3 passed and yours is not taken" in text
    assert "At 1 of the 4 programs where eligibility is not known yet, a cutoff or visa answer of the program is not checked yet" in text


def test_the_programs_unchecked_facts_are_named_most_programs_first():
    """The walk: a sheet without a "requires prior residency" column left every program
    unknown, and Start said only "cutoffs or visa answers". It names the fact and its count."""
    rows = [{"program_id": f"p{i}", **NONE, "j1": True, "requires_prior_residency": None, "entry_level": None} for i in range(3)]
    rows[0]["min_step2_score"] = None
    frame = programs_frame(rows)
    profile = Profile(step2_score=240, attempts=1, graduation_year=2022, ecfmg_certified=True)
    result = eligibility.check(frame, profile, AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert list(causes["checks"].items())[:2] == [
        ("whether it requires US or Canadian residency training", 3),
        ("whether it starts at PGY-1 or after training", 3),
    ]
    assert causes["checks"]["its Step 2 CK minimum"] == 1
    said = checked_words(causes["checks"], 3)
    assert said.startswith(": whether it requires US or Canadian residency training (3 programs); whether it starts at PGY-1")
    assert "its Step 2 CK minimum (1 program)" in said
    assert checked_words({"its Step 2 CK minimum": 1}, 1) == " (its Step 2 CK minimum)"
    assert checked_words({f"fact {i}": 5 - i for i in range(5)}, 5).endswith("; and 2 other facts")
