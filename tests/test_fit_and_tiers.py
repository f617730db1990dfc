"""Fit factors, the fit score, its explanation, and tiers."""

import pandas as pd
import pytest

from scoring import fit
from scoring.ranking import by_rank, evaluate, ranked_list, score_programs
from scoring.settings import FACTORS, Profile, Thresholds, Weights
from tests.helpers import AS_OF, CONTRACT_EXPORT_START, programs_frame

FRIENDLY = {
    "imgs_last_5y": 3,
    "img_cohorts_last_5y": 3,
    "j1": True,
    "h1b": "yes",
    "intl_trainees_mentioned": True,
    "img_info": "clear",
    "responsiveness": "helpful",
}
ONLY = {f: 0.0 for f in FACTORS}


def one(row, profile=None, weights=None):
    return evaluate(programs_frame([row]), profile or Profile(), weights or Weights(), AS_OF).iloc[0]


FOCUS = [
    ("pediatric", {"peds_emphasis": 5, "childrens_hospital": True, "strengths": "metabolic"}, (1.0, 1.0)),
    ("pediatric", {"peds_emphasis": 1, "childrens_hospital": False, "strengths": "cancer"}, (0.0, 0.0)),
    ("pediatric", {"peds_emphasis": 3}, (0.5 / 3, (0.5 + 2) / 3)),
    ("adult", {"adult_emphasis": 5, "cancer_center": True, "strengths": "cancer"}, (1.0, 1.0)),
    ("reproductive", {"track": "mfm-mgg", "strengths": "prenatal"}, (1.0, 1.0)),
    ("reproductive", {"track": "categorical", "strengths": "cancer"}, (0.0, 0.0)),
    ("laboratory", {"onsite_labs": True}, (0.5, 1.0)),
    ("laboratory", {}, (0.0, 1.0)),
]


@pytest.mark.parametrize(("focus", "row", "expected"), FOCUS)
def test_focus_factor(focus, row, expected):
    r = one(row, Profile(career_focus=focus))
    assert r["factor_focus"] == pytest.approx(expected[0])
    assert r["factor_focus_max"] == pytest.approx(expected[1])


RESEARCH = [
    ("academic", "extensive", (1.0, 1.0)),
    ("academic", "none", (0.0, 0.0)),
    ("academic", None, (0.0, 1.0)),
    ("clinical", "limited", (1.0, 1.0)),
    ("clinical", "none", (0.5, 0.5)),
    ("clinical", None, (0.5, 1.0)),
]


@pytest.mark.parametrize(("path", "level", "expected"), RESEARCH)
def test_research_factor(path, level, expected):
    r = one({"research_time": level}, Profile(career_path=path))
    assert (r["factor_research"], r["factor_research_max"]) == pytest.approx(expected)


def test_location_and_stability_factors():
    profile = Profile(preferred_divisions=("Pacific",), cost_tolerance=3)
    r = one({"state": "CA", "cost_of_living": 5, "community_support": True}, profile)
    assert r["factor_location"] == pytest.approx((1 + 0 + 1) / 3)
    r = one({"acgme_status": "continued", "established_year": 2024})
    assert r["factor_stability"] == pytest.approx(0.8)  # a new program
    r = one({"acgme_status": "probation", "established_year": 1990})
    assert r["factor_stability"] == 0


def test_fit_score_is_weighted_mean_and_explanation_adds_up():
    weights = Weights(friendliness=10, focus=0, research=5, location=0, stability=0, interest=5)
    r = one({**FRIENDLY, "research_time": "extensive", "interest": 4}, Profile(career_path="academic"), weights)
    expected = 100 * (10 * 1.0 + 5 * 1.0 + 5 * 0.4) / 20
    assert r["fit_score"] == pytest.approx(expected)
    lines = fit.explain(r, weights)
    assert sum(line["points"] for line in lines) == pytest.approx(expected, abs=0.1)
    assert "Your interest is 40%; with weight 5 it adds 10.0" in next(line for line in lines if line["factor"] == "Your interest")["sentence"]


def test_all_zero_weights_give_zero_fit():
    assert one(FRIENDLY, weights=Weights(**ONLY))["fit_score"] == 0


TIERS = [
    # row, thresholds, tier, words in reason
    (
        {
            **FRIENDLY,
            "interest": 10,
            "research_time": "limited",
            "peds_emphasis": 5,
            "childrens_hospital": True,
            "strengths": "metabolic",
            "cost_of_living": 1,
            "community_support": True,
            "acgme_status": "continued",
            "established_year": 1990,
        },
        Thresholds(),
        "dream",
        "Goal fit",
    ),
    (FRIENDLY, Thresholds(dream_goal_fit=101), "safety", "at least 7"),
    ({"imgs_last_5y": 1, "j1": True, "h1b": "no", "img_info": "limited", "responsiveness": "generic"}, Thresholds(dream_goal_fit=101), "solid", "visa support"),
    (
        {"imgs_last_5y": 0, "j1": False, "h1b": "no", "img_info": "limited", "responsiveness": "helpful", "visa_points": 0},
        Thresholds(dream_goal_fit=101),
        "low-priority",
        "below 4",
    ),
    (
        {"imgs_last_5y": 3, "img_cohorts_last_5y": 3, "visa_points": 0, "img_info": "clear"},
        Thresholds(dream_goal_fit=101),
        "low-priority",
        "no visa support is confirmed",
    ),
    ({**FRIENDLY, "tier_override": "dream"}, Thresholds(dream_goal_fit=101), "dream", "You set this tier"),
    ({**FRIENDLY, "tier_override": "exclude"}, Thresholds(), "low-priority", "excluded"),
]


@pytest.mark.parametrize(("row", "thresholds", "tier", "words"), TIERS)
def test_tiers(row, thresholds, tier, words):
    profile = Profile(visa_need="none", thresholds=thresholds)
    scored = score_programs(programs_frame([row]), profile, Weights(), AS_OF)
    assert scored.loc[0, "tier"] == tier
    ranked = ranked_list(scored, profile, Weights(), AS_OF)
    assert words in ranked.loc[0, "tier_reason"]


def test_dream_needs_friendliness_above_zero():
    row = {"imgs_last_5y": 0, "visa_points": 0, "clarity_points": 0, "responsiveness_points": 0, "interest": 10}
    profile = Profile(thresholds=Thresholds(dream_goal_fit=0))
    assert one(row, profile)["tier"] != "dream"


def test_not_eligible_is_its_own_tier_and_ranks_after_eligible():
    frame = programs_frame([{**FRIENDLY, "program_id": "A", "j1": False, "h1b": "no", "interest": 10}, {"program_id": "B", "interest": 0}])
    scored = by_rank(score_programs(frame, Profile(visa_need="either"), Weights(), AS_OF))
    assert list(scored["program_id"]) == ["B", "A"]
    assert scored.set_index("program_id").loc["A", "tier"] == "not-eligible"


def test_ranked_list_columns_follow_the_contract():
    frame = programs_frame([FRIENDLY, {}])
    frame["my column"] = pd.Series(["x", "y"], dtype="string")
    scored = score_programs(frame, Profile(), Weights(), AS_OF)
    ranked = ranked_list(scored, Profile(), Weights(), AS_OF)
    first = CONTRACT_EXPORT_START
    assert list(ranked.columns[: len(first)]) == first
    factor_columns = [f"factor_{f}" for f in FACTORS]
    assert list(ranked.columns[len(first) : len(first) + len(FACTORS)]) == factor_columns
    assert ranked.columns[len(first) + len(FACTORS)] == "notes"
    assert ranked.columns[-1] == "my column"
    assert ranked["explanation"].str.len().min() > 0
    assert ranked["tier_reason"].str.len().min() > 0


UNKNOWNS = [
    ({}, "IMG FAQ"),
    ({"img_info": "clear"}, None),  # the FAQ only matters while img_info is unknown
    ({"clarity_points": 1}, None),
]


@pytest.mark.parametrize(("row", "listed"), UNKNOWNS)
def test_unknown_inputs_name_only_what_still_matters(row, listed):
    from scoring.ranking import unknown_inputs

    scored = evaluate(programs_frame([row]), Profile(), Weights(), AS_OF)
    text = unknown_inputs(scored, Profile()).iloc[0]
    assert ("IMG FAQ" in text) == (listed is not None)
    assert "J-1 sponsorship" in text


def test_research_next_names_the_unknown_that_could_change_the_tier():
    from scoring.research_next import research_next

    known = {
        **FRIENDLY,
        "research_time": "limited",
        "peds_emphasis": 3,
        "childrens_hospital": True,
        "strengths": "metabolic",
        "cost_of_living": 2,
        "community_support": True,
        "acgme_status": "continued",
        "established_year": 1990,
        "interest": 5,
        "intl_trainees_mentioned": True,
    }
    frame = programs_frame([{**known, "program_id": "K"}, {**known, "program_id": "U", "j1": None}])
    profile = Profile(visa_need="j1")
    scored = score_programs(frame, profile, Weights(), AS_OF)
    todo = research_next(scored, frame, profile, Weights(), AS_OF)
    assert set(todo["program_id"]) == {"U"}  # nothing unknown about K
    j1 = todo[todo["input"] == "J-1 sponsorship"].iloc[0]
    assert j1["could_change_tier"] and "not-eligible" in j1["tiers_possible"]
    assert j1["todo"].startswith("Ask whether they sponsor the J-1: could move from")
    assert todo.iloc[0]["input"] == "J-1 sponsorship"  # tier changes come first
