"""Eligibility reasons say a cutoff the applicant wrote as the program's silence ("not stated") as
the program's ("not stated by the program: …"), never "not checked yet" (she did check), and say
"Still to check" once, not "Still to check: not checked yet: …" (Explain, Interview prep)."""

import pytest

from data.settings import Profile
from data.validation import load_bytes
from scoring.decision import eligibility
from tests.helpers import AS_OF

HEAD = "Program name,Institution,State,J-1,YOG cutoff,Min Step 2 score,ECFMG by,Requires prior residency,Entry level\n"


def _reasons(row: str, profile: Profile) -> str:
    frame = load_bytes((HEAD + row + "\n").encode(), "sheet.csv").valid
    result = eligibility.check(frame, profile, AS_OF)
    return eligibility.reasons(frame, result, profile, AS_OF).iloc[0]


PROFILE = Profile(visa_need="j1", step2_score=240, attempts=1, graduation_year=2018, ecfmg_certified=True, prior_residency="none")


@pytest.mark.parametrize("written", ["not stated", "Not stated on the website", "unclear"])
def test_a_cutoff_the_program_does_not_state_is_not_said_unchecked(written):
    text = _reasons(f"Pediatrics-Medical Genetics,Larkhaven,OH,yes,{written},none,none,no,pgy1", PROFILE)
    assert "not stated by the program: years since graduation" in text
    assert "not checked yet" not in text


def test_a_blank_cutoff_is_still_not_checked_yet_beside_an_unstated_one():
    text = _reasons("Pediatrics-Medical Genetics,Larkhaven,OH,yes,not stated,,none,no,pgy1", PROFILE)
    assert "not checked yet: Step 2 CK minimum" in text and "not stated by the program: years since graduation" in text


def test_still_to_check_is_said_once():
    # Fails (no J-1) and has a cutoff not checked yet: "… Still to check: <the cutoff>".
    text = _reasons("Pediatrics-Medical Genetics,Larkhaven,OH,no,,none,none,no,pgy1", PROFILE)
    assert "does not accept J-1 physicians" in text and "Still to check: years since graduation" in text
    assert "not checked yet" not in text
