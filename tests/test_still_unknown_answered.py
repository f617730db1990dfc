""" "Still unknown" (Rank list, Explore, Compare, Interview prep) lists only what is really
unknown. Found by the new-user walk: with the sheet's "IMGs present in last 5 years (Y/N)" = N
the Rank list still asked for the IMGs of the last five years, although N settles the past-IMG
points at 0 (data contract: N is none; Y is at least one)."""

import pytest

from data.settings import Profile, Weights
from scoring.applying.interview import missing_inputs
from scoring.decision.ranking import SOME_IMGS_LABEL, score_programs, unknown_inputs
from tests.helpers import AS_OF, programs_frame

PAST = "IMGs in the last five years"
COHORTS = "cohorts with an IMG"
INTL = "mention of international trainees"
INFO = "IMG instructions"


def _unknown(row: dict) -> list[str]:
    scored = score_programs(programs_frame([{"program_id": "p", **row}]), Profile(), Weights(), AS_OF)
    return unknown_inputs(scored, Profile()).iloc[0].split("; ")


@pytest.mark.parametrize(
    "row, absent, present",
    [
        # The sheet's N: no IMG in five years settles past IMGs (0 points); neither count is asked for.
        ({"imgs_present_last_5y": False}, [PAST, COHORTS, SOME_IMGS_LABEL], []),
        # The sheet's Y: some IMGs, how many not said: the count is asked for as such.
        ({"imgs_present_last_5y": True}, [PAST], [SOME_IMGS_LABEL, COHORTS]),
        # Neither said: both asked for, plainly.
        ({}, [SOME_IMGS_LABEL], [PAST, COHORTS]),
        # One IMG in five years settles past IMGs at 1: the cohorts change nothing.
        ({"imgs_last_5y": 1}, [PAST, COHORTS], []),
        ({"imgs_last_5y": 0}, [PAST, COHORTS], []),
        # Two or more IMGs: the cohorts decide 2 or 3.
        ({"imgs_last_5y": 3}, [PAST], [COHORTS]),
        # Cohorts of 2 settle past IMGs at 2 whatever the count.
        ({"img_cohorts_last_5y": 2}, [PAST, COHORTS], []),
        ({"img_cohorts_last_5y": 1}, [COHORTS], [PAST]),
        # Visa: the guide's 3 needs J-1 and H-1B both, so with either answered no the mention changes nothing.
        ({"j1": True, "h1b": "no"}, [INTL], [INFO]),
        ({"j1": False, "h1b": "yes"}, [INTL], []),
        ({"j1": True, "h1b": "yes"}, [], [INTL]),
        # Your own rubric points decide their parts.
        ({"past_imgs_points": 2}, [PAST, COHORTS], []),
        ({"visa_points": 2, "clarity_points": 1}, [INTL, INFO], []),
    ],
)
def test_still_unknown_names_only_what_is_unknown(row, absent, present):
    listed = _unknown(row)
    for label in absent:
        assert label not in listed, (row, listed)
    for label in present:
        assert label in listed, (row, listed)


def test_interview_prep_reads_the_count_where_the_sheet_says_some():
    scored = score_programs(programs_frame([{"program_id": "p", "imgs_present_last_5y": True}]), Profile(), Weights(), AS_OF)
    assert "imgs_last_5y" in missing_inputs(scored, Profile())
    scored = score_programs(programs_frame([{"program_id": "p", "imgs_present_last_5y": False}]), Profile(), Weights(), AS_OF)
    assert "imgs_last_5y" not in missing_inputs(scored, Profile())


@pytest.mark.parametrize(
    "clarity, visa",
    [(0, 1.0), (1, 1.0), (2, 2.0)],  # the guide: 1 "J-1 only AND no clear IMG info"; clarity 2 is "clear instructions"
)
def test_your_clarity_points_answer_the_visa_rules_clear_img_info(clarity, visa):
    from scoring.decision import reference

    row = {"program_id": "p", "j1": True, "h1b": "no", "clarity_points": clarity}
    scored = score_programs(programs_frame([row]), Profile(), Weights(), AS_OF)
    assert (scored["visa_lo"].iloc[0], scored["visa_hi"].iloc[0]) == (visa, visa)
    slow = reference.visa(programs_frame([row]).iloc[0].to_dict())
    assert slow == (visa, visa)
    assert INFO not in unknown_inputs(scored, Profile()).iloc[0].split("; ")
