"""The Rank list's "keeps tier" never contradicts the tier itself: the stability draws ask
the tiers' own questions (scoring.decision.tiers.reaches and dream_rest), so the user's
own weights, drawn again, keep every program's tier. Found by the new-user walk: a solid
program (goal fit 65, research time limited) read "keeps tier 0%" because the draws made
it a dream without the dream's research criterion."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.settings import UNKNOWNS, Profile, Thresholds, Weights
from scoring.decision import reference
from scoring.decision.ranking import score_programs
from scoring.decision.stability import stability
from tests.helpers import AS_OF, profiles, program_tables, programs_frame, weights


@settings(max_examples=20, deadline=None)
@given(frame=program_tables(), profile=profiles, w=weights, mode=st.sampled_from(UNKNOWNS))
def test_the_users_own_weights_keep_every_tier(frame, profile, w, mode):
    w = replace(w, unknowns=mode)
    scored = score_programs(frame, profile, w, AS_OF)
    result = stability(scored, w, profile.thresholds, draws=8, spread=0.0)
    assert (result["keeps_tier"] == 1).all(), scored.loc[result["keeps_tier"] < 1, ["tier_rule", "goal_fit", "research_level"]]


@settings(max_examples=10, deadline=None)
@given(frame=program_tables(), profile=profiles, w=weights)
def test_a_threshold_at_a_programs_own_goal_fit_keeps_its_tier(frame, profile, w):
    # Every program's goal fit as the dream threshold in turn: exactly at the boundary.
    scored = score_programs(frame, profile, w, AS_OF)
    for goal in scored["goal_fit"].head(3):
        at = replace(profile, thresholds=replace(profile.thresholds, dream_goal_fit=float(goal)))
        again = score_programs(frame, at, w, AS_OF)
        result = stability(again, w, at.thresholds, draws=4, spread=0.0)
        assert (result["keeps_tier"] == 1).all()


def _one(research, goal_threshold, **more):
    frame = programs_frame(
        [
            {
                "program_id": "p",
                "j1": True,
                "h1b": "yes",
                "intl_trainees_mentioned": True,
                "img_info": "clear",
                "imgs_last_5y": 4,
                "img_cohorts_last_5y": 3,
                "research_time": research,
                **more,
            }
        ]
    )
    profile = replace(Profile(), thresholds=Thresholds(dream_goal_fit=goal_threshold))
    return frame, profile


@pytest.mark.parametrize(
    "research, above, tier",
    [
        # The guide's dream: "Good research infrastructure" (research time at least moderate, or not known yet).
        ("limited", 0.0, "safety"),  # goal fit at the dream threshold, research limited: not a dream
        ("none", 0.0, "safety"),
        ("moderate", 0.0, "dream"),  # exactly at the threshold is a dream (at least)
        (None, 0.0, "dream"),
        ("moderate", 1e-12, "dream"),  # float error above the figure: still at the threshold
        ("moderate", 1e-3, "safety"),  # truly below
    ],
)
def test_boundary_cases_keep_their_tier_with_no_spread(research, above, tier):
    frame, profile = _one(research, 0.0)
    goal = float(score_programs(frame, profile, Weights(), AS_OF)["goal_fit"].iloc[0])
    frame, profile = _one(research, goal + above)
    scored = score_programs(frame, profile, Weights(), AS_OF)
    assert scored["tier"].iloc[0] == tier
    assert stability(scored, Weights(), profile.thresholds, draws=20, spread=0.0)["keeps_tier"].iloc[0] == 1
    slow = reference.score(frame, profile, Weights(), AS_OF)
    assert slow["tier"].iloc[0] == tier


def test_a_solid_program_with_limited_research_is_never_drawn_a_dream():
    # The walk's case: solid, goal fit above the dream threshold, research limited.
    frame = programs_frame([{"program_id": "p", "j1": True, "imgs_last_5y": 1, "research_time": "limited", "interest": 10}])
    profile = replace(Profile(), thresholds=Thresholds(dream_goal_fit=10.0, solid_friendliness=1.0))
    scored = score_programs(frame, profile, Weights(), AS_OF)
    assert scored["tier"].iloc[0] == "solid"
    result = stability(scored, Weights(), profile.thresholds, draws=200, spread=0.25)
    assert result["keeps_tier"].iloc[0] == 1
    assert np.isfinite(result["rank_p10"]).all()
