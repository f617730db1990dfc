"""Every eligibility rule, with its words, checked against the per-row oracle too.

Sources (read 2026-12-07; data/rules.toml holds the app's wording of each):
- J-1: ECFMG sponsors it for clinical training; programs accept J-1 physicians (ECFMG EVSP, "About EVSP").
- H-1B: Step 3 passed before the petition (INA 212(j)(2)(B); not confirmed on an official page, so the
  app says so), hence `unknown`, never `no`, while Step 3 is not passed.
- Prior training: ACGME or RCPSC only (ABMGG exam requirements); combined Peds/IM–MGG start at PGY-1
  (ABP, ABIM guidelines); MFM–MGG follows OB/GYN (ABMGG; NHGRI).
- Three-state cutoffs: the data contract (blank = not checked yet, `none` = the program states none).
"""

from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.settings import Profile
from scoring.decision import eligibility, reference
from tests.helpers import AS_OF, programs_frame

BASE = Profile(visa_need="none", step2_score=240, attempts=1, graduation_year=2020, ecfmg_certified=False, ecfmg_expected=date(2027, 1, 15))
# Every cutoff checked and stated as none (Column.none_value), so a case tests one rule alone.
CHECKED = {
    "min_step2_score": 0,
    "max_attempts": 99,
    "max_years_since_graduation": 999,
    "ecfmg_required_by": datetime(2200, 1, 1),
    "requires_prior_residency": False,
    "entry_level": "pgy1",
}
BLANK = None  # a cell left blank: not checked yet

CASES = [
    # profile changes, program columns (over CHECKED), eligible, words expected in the reasons
    ({}, {}, "yes", ""),
    ({"visa_need": "j1"}, {"j1": True}, "yes", ""),
    ({"visa_need": "j1"}, {"j1": False}, "no", "does not accept J-1 physicians"),
    ({"visa_need": "j1"}, {}, "unknown", "whether it accepts J-1 physicians is not known yet"),
    # H-1B: only with Step 3 passed.
    ({"visa_need": "h1b", "step3": "passed"}, {"h1b": "yes"}, "yes", ""),
    ({"visa_need": "h1b"}, {"h1b": "yes"}, "unknown", "Step 3 passed before the petition"),
    ({"visa_need": "h1b", "step3": "scheduled", "step3_date": date(2027, 2, 1)}, {"h1b": "yes"}, "unknown", "scheduled for 2027-02-01"),
    ({"visa_need": "h1b", "step3": "not-taken"}, {"h1b": "yes"}, "unknown", "not confirmed officially (your Step 3: not taken)"),
    ({"visa_need": "h1b"}, {"h1b": "no"}, "no", "does not sponsor the H-1B"),
    ({"visa_need": "h1b", "step3": "passed"}, {"h1b": "considered"}, "unknown", "case by case"),
    ({"visa_need": "h1b", "step3": "passed"}, {}, "unknown", "H-1B sponsorship not known"),
    ({"visa_need": "either", "step3": "passed"}, {"j1": False, "h1b": "yes"}, "yes", ""),
    ({"visa_need": "either"}, {"j1": False, "h1b": "yes"}, "unknown", "Step 3"),
    ({"visa_need": "either"}, {"j1": True}, "yes", ""),
    ({"visa_need": "either"}, {"j1": False, "h1b": "no"}, "no", "accepts neither a J-1 nor an H-1B"),
    ({"visa_need": "either"}, {"j1": False, "h1b": "considered"}, "unknown", "case by case"),  # answered: said as the program says it
    # Step 2 CK: a value, none, blank.
    ({}, {"min_step2_score": 241}, "no", "Step 2 CK of at least 241 (yours: 240)"),
    ({}, {"min_step2_score": 240}, "yes", ""),
    ({"step2_score": None}, {"min_step2_score": 230}, "unknown", "add your score"),
    ({"step2_score": None}, {}, "yes", ""),  # none stated: no score needed
    ({}, {"min_step2_score": BLANK}, "unknown", "not checked yet: Step 2 CK minimum"),
    ({"step2_score": 300}, {"min_step2_score": BLANK}, "yes", ""),  # no minimum can exclude the top score
    # Attempts: the most on any one Step.
    ({}, {"max_attempts": 1}, "yes", ""),
    ({"attempts": 2}, {"max_attempts": 1}, "no", "at most 1 attempt(s) on a Step"),
    ({"attempts": None}, {"max_attempts": 1}, "unknown", "limits attempts"),
    ({}, {"max_attempts": BLANK}, "yes", ""),  # a first-attempt pass passes any limit
    ({"attempts": 2}, {"max_attempts": BLANK}, "unknown", "not checked yet: limit on attempts per Step"),
    # Years since graduation: 6 counted to the application (2026), 7 to the start of training (July
    # 2027); which date a program counts to is not confirmed, so a limit of 6 depends on it (session 18).
    ({}, {"max_years_since_graduation": 7}, "yes", ""),
    (
        {},
        {"max_years_since_graduation": 6},
        "unknown",
        "last 6 years, and you are 6 at applications in September 2026, 7 at the start of training in July 2027",
    ),
    ({}, {"max_years_since_graduation": 6}, "unknown", "depends on the date the program counts to (not confirmed); ask the program how it counts"),
    ({}, {"max_years_since_graduation": 5}, "no", "last 5 years (you: 6 at applications in September 2026, 7 at the start of training in July 2027)"),
    ({"graduation_year": None}, {"max_years_since_graduation": 5}, "unknown", "graduation year"),
    ({"graduation_year": 2018}, {"max_years_since_graduation": BLANK}, "unknown", "not checked yet: years since graduation"),
    ({"graduation_year": 2026}, {"max_years_since_graduation": BLANK}, "yes", ""),
    # ECFMG deadline.
    ({}, {"ecfmg_required_by": datetime(2027, 1, 15)}, "yes", ""),
    ({}, {"ecfmg_required_by": datetime(2027, 1, 14)}, "no", "ECFMG certification by 2027-01-14"),
    ({"ecfmg_certified": True}, {"ecfmg_required_by": datetime(2020, 1, 1)}, "yes", ""),
    ({"ecfmg_expected": None}, {"ecfmg_required_by": datetime(2027, 1, 1)}, "unknown", "expected certification date"),
    ({}, {"ecfmg_required_by": BLANK}, "unknown", "not checked yet: ECFMG certification deadline"),
    ({"ecfmg_certified": True}, {"ecfmg_required_by": BLANK}, "yes", ""),
    # Prior training: US or Canada only.
    ({"prior_residency": "none"}, {"requires_prior_residency": True}, "no", "which your profile does not list"),
    ({"prior_residency": "pediatrics", "prior_residency_where": "us-canada"}, {"requires_prior_residency": True}, "yes", ""),
    ({"prior_residency": "pediatrics", "prior_residency_where": "abroad"}, {"requires_prior_residency": True}, "no", "training abroad does not count"),
    ({"prior_residency": "pediatrics"}, {"requires_prior_residency": True}, "unknown", "say in your profile where you trained"),
    ({"prior_residency": "none"}, {"requires_prior_residency": BLANK}, "unknown", "not checked yet: whether US or Canadian residency"),
    ({"prior_residency": "pediatrics", "prior_residency_where": "us-canada"}, {"requires_prior_residency": BLANK}, "yes", ""),
    # Entry level: its own, or the track's.
    ({}, {"entry_level": "after-2-years"}, "no", "starts after residency training in the US or Canada"),
    ({"prior_residency": "internal-medicine", "prior_residency_where": "us-canada"}, {"entry_level": "after-2-years"}, "yes", ""),
    ({}, {"entry_level": BLANK, "track": "categorical"}, "unknown", "not checked yet: whether it starts at PGY-1"),
    ({}, {"entry_level": BLANK, "track": "peds-mgg"}, "yes", ""),  # combined programs start at PGY-1
    ({}, {"entry_level": BLANK, "track": "mfm-mgg"}, "no", "follows an OB/GYN residency"),
    ({"prior_residency": "obgyn", "prior_residency_where": "us-canada"}, {"entry_level": BLANK, "track": "mfm-mgg"}, "yes", ""),
    ({"prior_residency": "obgyn", "prior_residency_where": "abroad"}, {"entry_level": BLANK, "track": "mfm-mgg"}, "no", "abroad does not count"),
    # Several at once: a failure outranks an unknown, both listed; unchecked cutoffs read as one reason.
    ({"visa_need": "j1", "attempts": 3}, {"j1": False, "max_attempts": 1}, "no", "does not accept J-1 physicians (you need a J-1); accepts at most 1"),
    ({"visa_need": "j1", "attempts": 3}, {"max_attempts": 1}, "no", "whether it accepts J-1 physicians is not known yet"),
    # What is still to check never reads as one more reason of "no".
    ({"visa_need": "j1", "attempts": 3}, {"max_attempts": 1}, "no", "on a Step (yours: 3). Still to check: whether it accepts J-1 physicians"),
    (
        {"ecfmg_expected": None},
        {"ecfmg_required_by": datetime(2027, 1, 1), "max_years_since_graduation": 5},
        "no",
        "in July 2027). Still to check: sets an ECFMG",
    ),
    (
        {"graduation_year": 2018, "step2_score": 250},
        {"max_years_since_graduation": BLANK, "min_step2_score": BLANK},
        "unknown",
        "not checked yet: years since graduation, Step 2 CK minimum",  # the likelier to exclude first
    ),
    (
        {"graduation_year": 2025, "step2_score": 215},
        {"max_years_since_graduation": BLANK, "min_step2_score": BLANK},
        "unknown",
        "not checked yet: Step 2 CK minimum, years since graduation",
    ),
]


def _frame(program: dict) -> pd.DataFrame:
    return programs_frame([{**CHECKED, **program}])


@pytest.mark.parametrize(("changes", "program", "expected", "words"), CASES)
def test_eligibility(changes, program, expected, words):
    profile = BASE.with_(**changes)
    frame = _frame(program)
    result = eligibility.check(frame, profile, AS_OF)
    assert result["eligible"][0] == expected
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == expected
    text = eligibility.reasons(frame, result, profile, AS_OF).iloc[0]
    assert words in text
    assert (text == "") == (expected == "yes")


CUTOFFS = ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency", "entry_level")
VALUES = {
    "min_step2_score": st.sampled_from([None, 0, 200, 230, 260]),
    "max_attempts": st.sampled_from([None, 99, 1, 2, 3]),
    "max_years_since_graduation": st.sampled_from([None, 999, 0, 3, 5, 10]),
    "ecfmg_required_by": st.sampled_from([None, datetime(2200, 1, 1), datetime(2027, 1, 1), datetime(2027, 7, 1)]),
    "requires_prior_residency": st.sampled_from([None, True, False]),
    "entry_level": st.sampled_from([None, "pgy1", "after-2-years", "after-residency"]),
    "track": st.sampled_from([None, "categorical", "peds-mgg", "im-mgg", "mfm-mgg", "other"]),
}
PROFILES = st.builds(
    lambda step2, attempts, year, certified, expected, prior, where: BASE.with_(
        step2_score=step2,
        attempts=attempts,
        graduation_year=year,
        ecfmg_certified=certified,
        ecfmg_expected=expected,
        prior_residency=prior,
        prior_residency_where=where,
    ),
    st.sampled_from([None, 210, 240, 300]),
    st.sampled_from([None, 1, 2, 4]),
    st.sampled_from([None, 2015, 2022, 2026]),
    st.booleans(),
    st.sampled_from([None, date(2026, 12, 1), date(2027, 5, 1)]),
    st.sampled_from(["none", "pediatrics", "obgyn"]),
    st.sampled_from(["", "us-canada", "abroad"]),
)


@given(PROFILES, st.fixed_dictionaries(VALUES), st.sampled_from(CUTOFFS))
def test_an_unchecked_cutoff_that_could_exclude_you_never_reads_yes(profile, program, blank):
    """Blank one cutoff; if some value of it would exclude this applicant, the answer is not `yes`.
    (A combined track fixes the entry level: there a blank entry level is not unchecked.)"""
    if blank == "entry_level" and program["track"] in ("peds-mgg", "im-mgg", "mfm-mgg"):
        program = {**program, "track": "categorical"}
    program = {**program, blank: None}
    frame = programs_frame([program])
    got = eligibility.check(frame, profile, AS_OF)["eligible"][0]
    assert got == reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF)
    could_exclude = any(eligibility.check(programs_frame([{**program, blank: v}]), profile, AS_OF)["eligible"][0] == "no" for v in _answers(blank))
    if could_exclude:
        assert got != "yes"


def _answers(column: str) -> list:
    """Every answer a blank cutoff could turn out to have, extremes included."""
    return {
        "min_step2_score": [0, 1, 230, 300],
        "max_attempts": [99, 1, 2, 10],
        "max_years_since_graduation": [999, 0, 1, 5, 80],
        "ecfmg_required_by": [datetime(2200, 1, 1), datetime(1950, 1, 1), datetime(2027, 3, 1)],
        "requires_prior_residency": [True, False],
        "entry_level": ["pgy1", "after-2-years", "after-residency"],
    }[column]


# Years since graduation × the limit × the day the app is used: counted to the application (today,
# or the day applications could first be sent once that is past: 2026-09-02 in data/season/2027.toml)
# and to the start of training (2027-07-01); a limit met by one count only is `unknown` (session 18).
GRAD_CASES = [
    # graduation year, limit, today, eligible
    (2021, 5, date(2026, 12, 7), "unknown"),  # 5 at applications, 6 in July 2027
    (2021, 6, date(2026, 12, 7), "yes"),
    (2021, 4, date(2026, 12, 7), "no"),  # 5 and 6: too many by both
    (2021, 5, date(2026, 5, 1), "unknown"),  # before applications open: 5 today
    (2021, 5, date(2027, 2, 10), "unknown"),  # ranking season: the application was in 2026
    (2022, 4, date(2027, 2, 10), "unknown"),
    (2022, 5, date(2027, 2, 10), "yes"),
    (2021, 5, date(2027, 8, 1), "no"),  # after this season's training started: 6 counted to today
    (2021, 6, date(2027, 8, 1), "yes"),
    (2026, 0, date(2026, 12, 7), "unknown"),  # 0 now, 1 in July 2027
    (2026, 1, date(2026, 12, 7), "yes"),
    (2027, 0, date(2026, 12, 7), "yes"),  # graduating in the Match year: 0 by both
    (2015, 999, date(2026, 12, 7), "yes"),  # none: no limit
    (None, 5, date(2026, 12, 7), "unknown"),  # no graduation year: waits on your profile
]


@pytest.mark.parametrize(("year", "limit", "today", "expected"), GRAD_CASES)
def test_years_since_graduation_counted_to_both_dates(year, limit, today, expected):
    profile = BASE.with_(graduation_year=year, ecfmg_certified=True)
    frame = _frame({"max_years_since_graduation": limit})
    result = eligibility.check(frame, profile, today)
    assert result["eligible"][0] == expected
    assert reference.eligible(frame.iloc[0].to_dict(), profile, today) == expected
    depends = bool(result["unknown_rule_mask"][0] & eligibility.GRAD_YEARS_BY_DATE)
    assert depends == (expected == "unknown" and year is not None)
    text = eligibility.reasons(frame, result, profile, today).iloc[0]
    assert ("ask the program how it counts" in text) == depends
    causes = eligibility.unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert causes["counted_to"] == int(depends) and causes["programs"] == 0


def test_the_latest_count_date_is_the_season_files_start_of_training():
    from data.seasons import current_season

    starts = current_season().on("training_starts")
    assert eligibility.count_dates(date(2026, 12, 7))[1] == starts
    assert eligibility.count_dates(date(2026, 12, 7))[0] == current_season().on("applicants_submit")


@given(
    st.lists(st.sampled_from([None, 999, 0, 1, 3, 4, 5, 6, 10]), min_size=1, max_size=12),
    st.sampled_from([None, 2012, 2019, 2020, 2021, 2022, 2025, 2026, 2027]),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
)
def test_years_since_graduation_vectorised_matches_the_oracle_on_any_day(limits, year, today):
    profile = BASE.with_(graduation_year=year, ecfmg_certified=True)
    frame = programs_frame([{**CHECKED, "max_years_since_graduation": v} for v in limits])
    got = list(eligibility.check(frame, profile, today)["eligible"])
    assert got == [reference.eligible(row, profile, today) for row in frame.to_dict("records")]


@pytest.mark.parametrize(
    ("deadline", "month_only", "expected"),
    [
        # "I only know the month": March 2027, saved as 31 March.
        ("2027-03-18", True, "unknown"),  # inside the month: it depends on the day
        ("2027-03-31", True, "yes"),  # the month's last day: met whatever the day
        ("2027-02-28", True, "no"),  # before the month begins: late whatever the day
        ("2027-03-01", True, "unknown"),
        # The same date given as a day decides.
        ("2027-03-18", False, "no"),
        ("2027-03-31", False, "yes"),
    ],
)
def test_a_month_only_ecfmg_date_never_decides_a_deadline_inside_the_month(deadline, month_only, expected):
    profile = BASE.with_(ecfmg_expected=date(2027, 3, 31), ecfmg_month_only=month_only)
    frame = _frame({"ecfmg_required_by": datetime.fromisoformat(deadline)})
    result = eligibility.check(frame, profile, AS_OF)
    assert result["eligible"][0] == expected
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == expected
    text = eligibility.reasons(frame, result, profile, AS_OF).iloc[0]
    if expected != "yes":
        assert ("March 2027" in text) == month_only, text
    if expected == "unknown":
        assert (
            "depends on the day" in text and f"by {deadline}" in text
        )  # the program's own date, never "?"  # the month as given, never a day the user did not give
