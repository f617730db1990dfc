"""Every eligibility rule, with its words."""

from datetime import date, datetime

import pytest

from scoring import eligibility, reference
from scoring.settings import Profile
from tests.helpers import AS_OF, programs_frame

BASE = Profile(visa_need="none", step2_score=240, attempts=1, graduation_year=2020, ecfmg_certified=False, ecfmg_expected=date(2027, 1, 15))

CASES = [
    # profile changes, program columns, eligible, words expected in the reasons
    ({}, {}, "yes", ""),
    ({"visa_need": "j1"}, {"j1": True}, "yes", ""),
    ({"visa_need": "j1"}, {"j1": False}, "no", "does not sponsor the J-1"),
    ({"visa_need": "j1"}, {}, "unknown", "J-1 sponsorship not known"),
    ({"visa_need": "h1b"}, {"h1b": "yes"}, "yes", ""),
    ({"visa_need": "h1b"}, {"h1b": "no"}, "no", "does not sponsor the H-1B"),
    ({"visa_need": "h1b"}, {"h1b": "considered"}, "unknown", "case by case"),
    ({"visa_need": "h1b"}, {}, "unknown", "H-1B sponsorship not known"),
    ({"visa_need": "either"}, {"j1": False, "h1b": "yes"}, "yes", ""),
    ({"visa_need": "either"}, {"j1": True}, "yes", ""),
    ({"visa_need": "either"}, {"j1": False, "h1b": "no"}, "no", "neither J-1 nor H-1B"),
    ({"visa_need": "either"}, {"j1": False, "h1b": "considered"}, "unknown", "not confirmed"),
    ({}, {"min_step2_score": 241}, "no", "Step 2 CK of at least 241 (yours: 240)"),
    ({}, {"min_step2_score": 240}, "yes", ""),
    ({"step2_score": None}, {"min_step2_score": 230}, "unknown", "add your score"),
    ({}, {"max_attempts": 1}, "yes", ""),
    ({"attempts": 2}, {"max_attempts": 1}, "no", "at most 1 attempt"),
    ({"attempts": None}, {"max_attempts": 1}, "unknown", "limits attempts"),
    ({}, {"max_years_since_graduation": 6}, "yes", ""),  # 2026 - 2020 = 6
    ({}, {"max_years_since_graduation": 5}, "no", "last 5 years (you: 6)"),
    ({"graduation_year": None}, {"max_years_since_graduation": 5}, "unknown", "graduation year"),
    ({}, {"ecfmg_required_by": datetime(2027, 1, 15)}, "yes", ""),
    ({}, {"ecfmg_required_by": datetime(2027, 1, 14)}, "no", "ECFMG certification by 2027-01-14"),
    ({"ecfmg_certified": True}, {"ecfmg_required_by": datetime(2020, 1, 1)}, "yes", ""),
    ({"ecfmg_expected": None}, {"ecfmg_required_by": datetime(2027, 1, 1)}, "unknown", "expected certification date"),
    ({"prior_residency": "none"}, {"requires_prior_residency": True}, "no", "prior residency"),
    ({"prior_residency": "pediatrics"}, {"requires_prior_residency": True}, "yes", ""),
    ({"prior_residency": "none"}, {}, "yes", ""),  # not stated: no requirement
    ({"visa_need": "j1", "attempts": 3}, {"j1": False, "max_attempts": 1}, "no", "does not sponsor the J-1 visa you need; accepts at most 1"),
    ({"visa_need": "j1", "attempts": 3}, {"max_attempts": 1}, "no", "J-1 sponsorship not known yet"),  # a failure outranks an unknown, both listed
]


@pytest.mark.parametrize(("changes", "program", "expected", "words"), CASES)
def test_eligibility(changes, program, expected, words):
    profile = BASE.with_(**changes)
    frame = programs_frame([program])
    result = eligibility.check(frame, profile, AS_OF)
    assert result["eligible"][0] == expected
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == expected
    text = eligibility.reasons(frame, result, profile, AS_OF).iloc[0]
    assert words in text
    assert (text == "") == (expected == "yes")
