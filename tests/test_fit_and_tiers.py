"""Fit factors, the fit score, its explanation, and tiers."""

import pandas as pd
import pytest

from data.settings import FACTOR_LABELS, FACTORS, UNKNOWNS, UNKNOWNS_LABELS, Profile, Thresholds, Weights
from scoring.decision import fit
from scoring.decision.ranking import by_rank, evaluate, ranked_list, score_programs, unknown_inputs
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
    ("pediatric", {"peds_emphasis": 5, "childrens_hospital": True, "strengths": "metabolic", "track": "peds-mgg"}, (1.0, 1.0)),
    ("pediatric", {"peds_emphasis": 1, "childrens_hospital": False, "strengths": "cancer", "track": "other"}, (0.0, 0.0)),
    ("pediatric", {"peds_emphasis": 5, "childrens_hospital": True, "strengths": "metabolic"}, (3 / 4, 1.0)),
    ("pediatric", {"peds_emphasis": 3}, (0.5 / 4, (0.5 + 3) / 4)),  # an unknown track is an unknown part
    # The track is evidence for its focus; a track that does not match says nothing either way.
    ("pediatric", {"track": "peds-mgg"}, (1 / 4, 1.0)),
    ("pediatric", {"track": "peds-mgg", "peds_emphasis": 1, "childrens_hospital": False, "strengths": "cancer"}, (1 / 4, 1 / 4)),
    ("pediatric", {"track": "categorical"}, (0.0, 1.0)),
    ("pediatric", {"track": "im-mgg", "peds_emphasis": 5, "childrens_hospital": True, "strengths": "metabolic"}, (1.0, 1.0)),
    ("pediatric", {"track": "categorical", "peds_emphasis": 1, "childrens_hospital": False, "strengths": "cancer"}, (0.0, 0.0)),
    ("adult", {"track": "im-mgg"}, (1 / 4, 1.0)),
    ("adult", {"track": "peds-mgg", "adult_emphasis": 5, "cancer_center": True, "strengths": "cancer"}, (1.0, 1.0)),
    # MFM-genetics follows an OB/GYN residency (ABMGG): not evidence for an applicant without one.
    ("reproductive", {"track": "mfm-mgg"}, (0.0, 1.0)),
    ("reproductive", {"track": "categorical"}, (0.0, 1.0)),
    ("laboratory", {"track": "peds-mgg", "onsite_labs": True}, (0.5, 1.0)),
    ("adult", {"adult_emphasis": 5, "cancer_center": True, "strengths": "cancer", "track": "im-mgg"}, (1.0, 1.0)),
    ("reproductive", {"track": "mfm-mgg", "strengths": "prenatal"}, (1.0, 1.0)),
    ("reproductive", {"track": "categorical", "strengths": "cancer"}, (0.0, 0.0)),
    ("laboratory", {"onsite_labs": True}, (0.5, 1.0)),
    ("laboratory", {}, (0.0, 1.0)),
]


@pytest.mark.parametrize(("focus", "row", "expected"), FOCUS)
def test_focus_factor(focus, row, expected):
    r = one(row, Profile(career_focus=focus))
    assert r["factor_focus_min"] == pytest.approx(expected[0])
    assert r["factor_focus_max"] == pytest.approx(expected[1])


def test_a_pediatric_applicant_gets_focus_credit_from_the_track_with_the_guides_headers():
    from data.bundled import EXAMPLE_DIR
    from data.validation import load_path

    programs = load_path(EXAMPLE_DIR / "guide_headers.csv", "programs").valid
    scored = score_programs(programs, Profile(career_focus="pediatric"), Weights(), AS_OF)
    peds = scored["track"] == "peds-mgg"
    assert peds.any()
    assert (scored.loc[peds, "factor_focus_min"] > 0).all()
    assert (scored.loc[peds, "factor_focus"] > scored.loc[~peds, "factor_focus"].max() - 1e-9).all()


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
    assert (r["factor_research_min"], r["factor_research_max"]) == pytest.approx(expected)


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


def test_unknowns_is_saved_with_the_weights():
    assert Weights().unknowns == "middle"
    w = Weights(focus=7, unknowns="least")
    assert w.to_dict() == {**Weights().to_dict(), "focus": 7.0, "unknowns": "least"}
    assert Weights.from_dict(w.to_dict()) == w
    assert Weights.from_dict({"focus": 7}).unknowns == "middle"  # weights saved before the choice existed
    assert w.as_tuple() == tuple(7.0 if f == "focus" else getattr(Weights(), f) for f in FACTORS)
    assert set(UNKNOWNS_LABELS) == set(UNKNOWNS)
    with pytest.raises(ValueError, match="unknowns must be one of least, middle, most"):
        Weights(unknowns="average")


# Known research (clinical: limited = 1.0) and known interest; everything else unknown.
PARTLY_KNOWN = {"research_time": "limited", "interest": 6}


@pytest.mark.parametrize(("mode", "t"), [("least", 0.0), ("middle", 0.5), ("most", 1.0)])
def test_fit_score_is_read_at_the_chosen_point_of_its_range(mode, t):
    r = one(PARTLY_KNOWN, weights=Weights(unknowns=mode))
    lo, hi = r["fit_score_min"], r["fit_score_max"]
    assert lo < hi
    assert r["fit_score"] == pytest.approx(lo + t * (hi - lo))
    assert r["goal_fit"] == pytest.approx(r["goal_fit_min"] + t * (r["goal_fit_max"] - r["goal_fit_min"]))
    assert r["img_friendliness"] == 0 and r["img_friendliness_max"] == 10  # the contract's columns keep their meaning
    assert r["img_friendliness_point"] == pytest.approx(10 * t)
    for name in FACTORS:
        assert r[f"factor_{name}"] == pytest.approx(r[f"factor_{name}_min"] + t * (r[f"factor_{name}_max"] - r[f"factor_{name}_min"]))
    # Known factors do not move with the choice.
    assert r["factor_research"] == 1.0 and r["factor_interest"] == pytest.approx(0.6)
    lines = fit.explain(r, Weights(unknowns=mode))
    assert sum(line["points"] for line in lines) == pytest.approx(r["fit_score"], abs=0.05 * len(FACTORS))  # each line rounded
    value = {line["factor"]: line["value"] for line in lines}
    assert value[FACTOR_LABELS["research"]] == "100%"
    # A factor with nothing known says so, rather than showing the point it is counted at as if it were found.
    assert value[FACTOR_LABELS["reflection"]] == f"not known yet: counted as {t:.0%}, could be 0–100%"


def test_the_choice_changes_the_order_of_a_well_known_and_a_little_known_program():
    known = {**FRIENDLY, "program_id": "KNOWN", "interest": 5, "research_time": "none", "cost_of_living": 3, "community_support": False}
    known.update(peds_emphasis=3, childrens_hospital=False, strengths="cancer", track="categorical", acgme_status="initial", established_year=1990)
    little = {"program_id": "LITTLE", "j1": True, "imgs_last_5y": 2}
    frame = programs_frame([known, little])
    profile = Profile(visa_need="j1")
    order = {mode: list(by_rank(score_programs(frame, profile, Weights(unknowns=mode), AS_OF))["program_id"]) for mode in UNKNOWNS}
    assert order["least"] == ["KNOWN", "LITTLE"]  # counting unknowns at their least ranks by what you know
    assert order["most"] == ["LITTLE", "KNOWN"]


NO_J1 = {"imgs_last_5y": 3, "img_cohorts_last_5y": 3, "j1": False, "responsiveness": "helpful"}  # H-1B unknown: visa 0-2

# row, unknowns, thresholds, tier, words in the reason
TIERS_BY_MODE = [
    # Nothing known (and no visa need): only the range says anything.
    ({}, "least", Thresholds(), "low-priority", "below 4"),
    ({}, "middle", Thresholds(), "solid", "at the middle of their range"),
    ({}, "most", Thresholds(), "dream", "at their most"),
    # Certain friendliness 7 (3 + 2 + 2, responsiveness unknown): a safety whatever the choice.
    ({**FRIENDLY, "responsiveness": None, "intl_trainees_mentioned": False}, "least", Thresholds(dream_goal_fit=101), "safety", "at least 7"),
    ({**FRIENDLY, "responsiveness": None, "intl_trainees_mentioned": False}, "most", Thresholds(dream_goal_fit=101), "safety", "at least 7"),
    # Friendliness 5 certain, up to 10: could be a safety, but a safety must be certain.
    ({"imgs_last_5y": 2, "j1": True, "img_info": "clear", "responsiveness": None}, "most", Thresholds(dream_goal_fit=101), "solid", "a safety must be certain"),
    (
        {"imgs_last_5y": 2, "j1": True, "img_info": "clear", "responsiveness": None},
        "middle",
        Thresholds(dream_goal_fit=101),
        "solid",
        "a safety must be certain",
    ),
    (
        {"imgs_last_5y": 2, "j1": True, "img_info": "clear", "responsiveness": None},
        "least",
        Thresholds(dream_goal_fit=101),
        "solid",
        "visa support (2/3, range 2–3)",
    ),
    # Solid needs visa support at the chosen point: J-1 no, H-1B unknown is 0-2 (1 at the middle).
    ({**NO_J1, "img_info": "limited"}, "least", Thresholds(dream_goal_fit=101), "low-priority", "no visa support is confirmed"),
    ({**NO_J1, "img_info": "limited"}, "middle", Thresholds(dream_goal_fit=101), "solid", "a safety must be certain"),
    (
        {"imgs_last_5y": 1, "j1": False, "img_info": "limited", "responsiveness": "generic"},
        "middle",
        Thresholds(dream_goal_fit=101),
        "solid",
        "visa support (1/3, range 0–2)",
    ),
    ({"imgs_last_5y": 1, "j1": False, "img_info": "limited", "responsiveness": "generic"}, "least", Thresholds(dream_goal_fit=101), "low-priority", "below 4"),
]


@pytest.mark.parametrize(("row", "mode", "thresholds", "tier", "words"), TIERS_BY_MODE)
def test_tiers_by_how_unknowns_count(row, mode, thresholds, tier, words):
    profile = Profile(visa_need="none", thresholds=thresholds)
    w = Weights(unknowns=mode)
    scored = score_programs(programs_frame([row]), profile, w, AS_OF)
    assert scored.loc[0, "tier"] == tier
    ranked = ranked_list(scored, profile, w, AS_OF)
    assert words in ranked.loc[0, "tier_reason"]


def test_a_safety_needs_certain_friendliness_in_every_mode():
    row = {"imgs_last_5y": 2, "j1": True, "h1b": "yes", "img_info": "clear"}  # 2+2+2+0 = 6 certain, up to 10
    for mode in UNKNOWNS:
        tier = one(row, Profile(visa_need="none", thresholds=Thresholds(dream_goal_fit=101)), Weights(unknowns=mode))["tier"]
        assert tier != "safety"


def test_all_zero_weights_give_zero_fit():
    assert one(FRIENDLY, weights=Weights(**ONLY))["fit_score"] == 0


TIERS = [
    # row, thresholds, tier, words in reason
    (
        {
            **FRIENDLY,
            "interest": 10,
            "research_time": "moderate",
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
    # The guide's dream has "good research infrastructure": limited research time keeps it out, said.
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
        Thresholds(dream_goal_fit=50),
        "safety",
        "Not a dream: limited research time",
    ),
    # The guide's safety is "more IMG-friendly historically" and "still accredited".
    ({**FRIENDLY, "acgme_status": "probation"}, Thresholds(dream_goal_fit=101), "solid", "it is on ACGME probation"),
    (
        {
            **FRIENDLY,
            "imgs_last_5y": 1,
            "img_cohorts_last_5y": None,
            "past_imgs_points": None,
            "visa_points": 3,
            "clarity_points": 2,
            "responsiveness_points": 2,
        },
        Thresholds(dream_goal_fit=101),
        "solid",
        "past IMGs give only 1/3 for certain",
    ),
    # The guide's solid has "some research or scholarly opportunities".
    ({**FRIENDLY, "research_time": "none"}, Thresholds(dream_goal_fit=101, safety_friendliness=10.5), "low-priority", "a solid program offers some research"),
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


def test_your_own_tier_wins_but_says_when_a_cutoff_excludes_you():
    row = {**FRIENDLY, "tier_override": "dream", "min_step2_score": 240}
    profile = Profile(visa_need="none", step2_score=232)
    scored = score_programs(programs_frame([row]), profile, Weights(), AS_OF)
    assert scored.loc[0, "tier"] == "dream"  # yours
    reason = ranked_list(scored, profile, Weights(), AS_OF).loc[0, "tier_reason"]
    assert reason.startswith("You set this tier yourself, but by its published rules you are not eligible: ")
    assert "240" in reason


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
    from data.columns import PROGRAM_COLUMNS

    frame = programs_frame([{**FRIENDLY, "website": "https://a.example.org", "notes": "mine"}, {}])
    frame["my column"] = pd.Series(["x", "y"], dtype="string")
    frame["Another, mine"] = pd.Series([None, "z"], dtype="string")
    scored = score_programs(frame, Profile(), Weights(), AS_OF)
    # What pages join on for display must not leak into the download.
    scored = scored.assign(keeps_tier=1.0, rank_p10=1.0, rank_p90=2.0, in_top_k=0.5)
    ranked = ranked_list(scored, Profile(), Weights(), AS_OF)
    columns = list(ranked.columns)
    first = CONTRACT_EXPORT_START
    assert columns[: len(first)] == first
    factor_columns = [f"factor_{f}" for f in FACTORS]
    assert columns[len(first) : len(first) + len(FACTORS)] == factor_columns
    assert columns[len(first) + len(FACTORS)] == "notes"
    # Then every other input column under the contract's names, in contract order, then the user's own.
    inputs = [c.name for c in PROGRAM_COLUMNS if c.name not in first and c.name != "notes"]
    start = len(first) + len(FACTORS) + 1
    assert columns[start : start + len(inputs)] == inputs
    assert columns[start + len(inputs) : start + len(inputs) + 2] == ["my column", "Another, mine"]
    details = columns[start + len(inputs) + 2 :]
    for column in ("fit_score_min", "fit_score_max", "known_percent", "tier_reason", "explanation", "unknown_inputs", "rubric_visa", "rubric_visa_max"):
        assert column in details
    for internal in ("_row", "tier_rule", "rank_group", "known_share", "keeps_tier", "rank_p10", "in_top_k", "visa_lo", "points_focus", "factor_focus_min"):
        assert internal not in columns
    assert len(set(columns)) == len(columns)
    assert ranked.loc[ranked["program_id"] == "P00000", "website"].item() == "https://a.example.org"
    assert ranked.loc[ranked["program_id"] == "P00000", "notes"].item() == "mine"
    assert ranked.loc[ranked["program_id"] == "P00000", "j1"].item() == True  # noqa: E712
    assert ranked["explanation"].str.len().min() > 0
    assert ranked["tier_reason"].str.len().min() > 0
    assert ranked["known_percent"].between(0, 100).all()


def test_ranked_list_of_a_reuploaded_export_has_no_duplicate_columns():
    from data.export import to_csv
    from data.flags import FLAGS
    from data.validation import load_bytes

    frame = programs_frame([FRIENDLY, {"track": "peds-mgg"}])
    frame["my column"] = pd.Series(["x", "y"], dtype="string")
    first = ranked_list(score_programs(frame, Profile(), Weights(), AS_OF), Profile(), Weights(), AS_OF)
    again = load_bytes(to_csv(first), "ranked.csv").valid
    second = ranked_list(score_programs(again, Profile(), Weights(), AS_OF), Profile(), Weights(), AS_OF)
    assert len(set(second.columns)) == len(second.columns)
    # The hidden flags column a loaded file carries (data.flags) never reaches a download.
    assert [c for c in second.columns if c != FLAGS] == list(first.columns)
    pd.testing.assert_series_equal(second["fit_score"], first["fit_score"])


def test_research_next_in_the_export_is_the_first_three_items_per_program():
    frame = programs_frame([{"program_id": "A"}, {"program_id": "B"}, {"program_id": "C"}])
    scored = score_programs(frame, Profile(), Weights(), AS_OF)
    todo = pd.DataFrame({"program_id": ["B", "A", "B", "B", "B"], "todo": ["b1", "a1", "b2", "b3", "b4"]})
    ranked = ranked_list(scored, Profile(), Weights(), AS_OF, todo).set_index("program_id")
    assert ranked.loc["A", "research_next"] == "a1"
    assert ranked.loc["B", "research_next"] == "b1 b2 b3"
    assert ranked.loc["C", "research_next"] == ""


UNKNOWN_INPUTS = [
    ({}, "IMG FAQ"),
    ({"img_info": "clear"}, None),  # the FAQ only matters while img_info is unknown
    ({"clarity_points": 1}, None),
]


@pytest.mark.parametrize(("row", "listed"), UNKNOWN_INPUTS)
def test_unknown_inputs_name_only_what_still_matters(row, listed):
    scored = evaluate(programs_frame([row]), Profile(), Weights(), AS_OF)
    text = unknown_inputs(scored, Profile()).iloc[0]
    assert ("IMG FAQ" in text) == (listed is not None)
    assert "J-1 acceptance" in text


# Default profile (pediatric, clinical): 18 inputs feed the score.
KNOWN_SHARE = [
    ({}, 0.0),
    ({"img_info": "clear"}, 1 / 17),  # the FAQ no longer counts: img_info decides clarity
    ({"clarity_points": 1}, 0 / 17),  # img_info still feeds visa support
    ({"past_imgs_points": 2}, 0 / 16),  # your own points decide past IMGs: both counts drop out
    ({"track": "categorical", "interest": 5}, 2 / 18),
    (
        {
            **FRIENDLY,
            "img_faq": True,
            "peds_emphasis": 3,
            "childrens_hospital": True,
            "strengths": "metabolic",
            "track": "peds-mgg",
            "research_time": "none",
            "cost_of_living": 3,
            "community_support": False,
            "acgme_status": "continued",
            "established_year": 2000,
            "interest": 1,
        },
        1.0,
    ),
]


@pytest.mark.parametrize(("row", "share"), KNOWN_SHARE)
def test_known_share_counts_only_inputs_that_still_matter(row, share):
    scored = score_programs(programs_frame([row]), Profile(), Weights(), AS_OF)
    assert scored.loc[0, "known_share"] == pytest.approx(share)
    assert ranked_list(scored, Profile(), Weights(), AS_OF).loc[0, "known_percent"] == round(100 * share)


def test_an_email_in_the_log_decides_responsiveness_for_the_known_share():
    from tests.helpers import contacts_frame

    frame = programs_frame([{"program_id": "A"}])
    contacts = contacts_frame([{"program_id": "A", "channel": "email", "sent_on": pd.Timestamp("2026-11-01"), "replied_on": pd.Timestamp("2026-11-02")}])
    scored = score_programs(frame, Profile(), Weights(), AS_OF, contacts)
    assert scored.loc[0, "known_share"] == 0
    assert "how they answer email" not in unknown_inputs(scored, Profile()).iloc[0]


def test_research_next_names_the_unknown_that_could_change_the_tier():
    from scoring.decision.research_next import research_next

    known = {
        **FRIENDLY,
        "research_time": "limited",
        "peds_emphasis": 3,
        "childrens_hospital": True,
        "strengths": "metabolic",
        "track": "categorical",
        "cost_of_living": 2,
        "community_support": True,
        "acgme_status": "continued",
        "established_year": 1990,
        "interest": 5,
        "intl_trainees_mentioned": True,
    }
    from tests.test_eligibility import CHECKED

    known = {**known, **CHECKED}  # every cutoff checked: it states none
    frame = programs_frame([{**known, "program_id": "K"}, {**known, "program_id": "U", "j1": None}])
    profile = Profile(visa_need="j1")
    scored = score_programs(frame, profile, Weights(), AS_OF)
    todo = research_next(scored, frame, profile, Weights(), AS_OF)
    assert set(todo["program_id"]) == {"U"}  # nothing unknown about K
    j1 = todo[todo["input"] == "J-1 acceptance"].iloc[0]
    assert j1["could_change_tier"] and "not-eligible" in j1["tiers_possible"]
    assert j1["todo"].startswith("Ask whether they accept J-1 physicians: could move from")
    assert todo.iloc[0]["input"] == "J-1 acceptance"  # tier changes come first


def test_mfm_genetics_is_focus_evidence_only_after_obgyn():
    """MFM-genetics follows an OB/GYN residency (ABMGG; NHGRI): evidence for reproductive focus only then."""
    row = {"track": "mfm-mgg"}
    without = one(row, Profile(career_focus="reproductive"))
    with_obgyn = one(row, Profile(career_focus="reproductive", prior_residency="obgyn", prior_residency_where="us-canada"))
    assert (without["factor_focus_min"], without["factor_focus_max"]) == (0.0, 1.0)
    assert (with_obgyn["factor_focus_min"], with_obgyn["factor_focus_max"]) == (0.5, 1.0)
