"""Properties that hold for every program, profile and set of weights, and
agreement with the per-row reference implementation."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from data.settings import FACTORS, UNKNOWNS, Profile, Weights
from scoring.decision import reference, tiers
from scoring.decision.ranking import by_rank, evaluate, score_programs
from scoring.decision.rubric import contradictory
from scoring.decision.stability import stability
from tests.helpers import AS_OF, PROGRAM_FIELDS, profiles, program_rows, program_tables, programs_frame, weights

RUBRIC_INPUTS = ["j1", "h1b", "intl_trainees_mentioned", "img_info", "img_faq", "imgs_last_5y", "img_cohorts_last_5y", "responsiveness"]
FOCUS_INPUTS = ["track", "strengths", "peds_emphasis", "adult_emphasis", "childrens_hospital", "cancer_center", "onsite_labs"]


@pytest.mark.parametrize("mode", UNKNOWNS)
@given(frame=program_tables(), profile=profiles, w=weights)
def test_vectorised_scoring_agrees_with_the_reference(mode, frame, profile, w):
    w = replace(w, unknowns=mode)
    fast = score_programs(frame, profile, w, AS_OF).set_index("program_id").sort_index()
    slow = reference.score(frame, profile, w, AS_OF).set_index("program_id").sort_index()
    for column in (
        "img_friendliness",
        "img_friendliness_max",
        "img_friendliness_point",
        "fit_score",
        "fit_score_min",
        "fit_score_max",
        "goal_fit",
        "goal_fit_min",
        "goal_fit_max",
        "known_share",
    ):
        np.testing.assert_allclose(fast[column].to_numpy(dtype=float), slow[column].to_numpy(dtype=float), atol=1e-9, err_msg=column)
    for column in ("eligible", "tier", "rank"):
        assert fast[column].tolist() == slow[column].tolist(), column


@given(program_tables(), profiles, weights)
def test_the_chosen_point_lies_in_the_range_and_moves_up_with_the_choice(frame, profile, w):
    by_mode = {mode: score_programs(frame, profile, replace(w, unknowns=mode), AS_OF) for mode in UNKNOWNS}
    for scored in by_mode.values():
        for score in ("fit_score", "goal_fit", "img_friendliness"):
            low, high = (scored[f"{score}_min"], scored[f"{score}_max"]) if score != "img_friendliness" else (scored[score], scored[f"{score}_max"])
            point = scored[score] if score != "img_friendliness" else scored["img_friendliness_point"]
            assert (low - 1e-9 <= point).all() and (point <= high + 1e-9).all(), score
        # A safety is certain, whatever the choice.
        safe = (scored["tier"] == "safety") & (scored["tier_rule"] != "override")
        assert tiers.reaches(scored.loc[safe, "img_friendliness"], profile.thresholds.safety_friendliness).all()  # within float error, as the tiers read it
        assert scored["known_share"].between(0, 1).all()
    least, middle, most = (by_mode[m] for m in UNKNOWNS)
    assert (least["fit_score"] <= middle["fit_score"] + 1e-9).all() and (middle["fit_score"] <= most["fit_score"] + 1e-9).all()
    assert (least["goal_fit"] <= middle["goal_fit"] + 1e-9).all() and (middle["goal_fit"] <= most["goal_fit"] + 1e-9).all()
    # The ends of the range do not depend on the choice; what is known does not either.
    pd.testing.assert_series_equal(least["fit_score_min"], most["fit_score_min"])
    pd.testing.assert_series_equal(least["fit_score_max"], most["fit_score_max"])
    pd.testing.assert_series_equal(least["known_share"], most["known_share"])
    # A dream counting unknowns at their least stays a dream counting them at their most.
    assert (most["tier"] == "dream")[least["tier"] == "dream"].all()


@given(program_tables())
def test_friendliness_range_is_ordered_and_closed_when_known(frame):
    scored = evaluate(frame, Profile(), Weights(), AS_OF)
    assert (scored["img_friendliness"] <= scored["img_friendliness_max"]).all()
    assert scored["img_friendliness"].between(0, 10).all() and scored["img_friendliness_max"].between(0, 10).all()
    assert (scored["fit_score"] <= scored["fit_score_max"] + 1e-9).all()


@given(program_rows, st.sampled_from(["none", "generic", "helpful"]))
def test_no_unknowns_means_no_range(row, reply):
    known = {k: v for k, v in row.items()}
    known.update(
        j1=known["j1"] if known["j1"] is not None else True,
        h1b=known["h1b"] or "no",
        intl_trainees_mentioned=bool(known["intl_trainees_mentioned"]),
        img_info=known["img_info"] or "limited",
        imgs_last_5y=3,
        img_cohorts_last_5y=2,
        responsiveness=reply,
    )
    scored = evaluate(programs_frame([known]), Profile(), Weights(), AS_OF)
    assert scored.loc[0, "img_friendliness"] == scored.loc[0, "img_friendliness_max"]


@given(program_rows, st.sampled_from(RUBRIC_INPUTS), st.data())
def test_learning_an_unknown_stays_within_the_old_range(row, column, data):
    unknown = {**row, column: None}
    learned = {**row, column: data.draw(PROGRAM_FIELDS[column].filter(lambda v: v is not None), label="value")}
    # Learning means an answer consistent with what is already known.
    assume(not contradictory(programs_frame([unknown, learned])).any())
    before = evaluate(programs_frame([unknown]), Profile(), Weights(), AS_OF).iloc[0]
    after = evaluate(programs_frame([learned]), Profile(), Weights(), AS_OF).iloc[0]
    assert before["img_friendliness"] <= after["img_friendliness"] <= after["img_friendliness_max"] <= before["img_friendliness_max"]
    assert before["fit_score_min"] - 1e-9 <= after["fit_score_min"] and after["fit_score_max"] <= before["fit_score_max"] + 1e-9


@given(program_rows, st.sampled_from(FOCUS_INPUTS), profiles, st.data())
def test_learning_a_focus_input_stays_within_the_old_range(row, column, profile, data):
    unknown = {**row, column: None}
    learned = {**row, column: data.draw(PROGRAM_FIELDS[column].filter(lambda v: v is not None), label="value")}
    before = evaluate(programs_frame([unknown]), profile, Weights(), AS_OF).iloc[0]
    after = evaluate(programs_frame([learned]), profile, Weights(), AS_OF).iloc[0]
    assert before["factor_focus_min"] - 1e-9 <= after["factor_focus_min"] <= after["factor_focus_max"] <= before["factor_focus_max"] + 1e-9


@given(program_tables(min_size=1, max_size=10), weights, st.sampled_from(FACTORS), st.floats(0, 1))
def test_raising_a_factor_never_lowers_the_fit(frame, w, factor, bump):
    scored = evaluate(frame, Profile(), w, AS_OF)
    from scoring.decision import fit

    factors = scored[[c for c in scored.columns if c.startswith("factor_")]].copy()
    raised = factors.copy()
    raised[f"factor_{factor}"] = np.minimum(1.0, raised[f"factor_{factor}"] + bump)
    assert (fit.score(raised, w)["fit_score"] >= fit.score(factors, w)["fit_score"] - 1e-9).all()


@given(program_tables(min_size=2, max_size=15), profiles, weights, st.randoms(use_true_random=False))
def test_ranking_does_not_depend_on_row_order(frame, profile, w, rnd):
    order = list(range(len(frame)))
    rnd.shuffle(order)
    a = by_rank(score_programs(frame, profile, w, AS_OF))[["program_id", "rank", "tier"]]
    b = by_rank(score_programs(frame.iloc[order], profile, w, AS_OF))[["program_id", "rank", "tier"]]
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


@given(program_tables(min_size=2, max_size=15), st.sampled_from(FACTORS))
def test_one_weight_ranks_by_that_factor_alone(frame, factor):
    frame = frame.assign(tier_override=pd.Series(pd.NA, index=frame.index, dtype="string"))
    w = Weights(**{f: (7.0 if f == factor else 0.0) for f in FACTORS})
    profile = Profile(
        visa_need="none", step2_score=300, attempts=0, graduation_year=2026, ecfmg_certified=True, prior_residency="obgyn", prior_residency_where="us-canada"
    )  # passes every cutoff
    scored = by_rank(score_programs(frame, profile, w, AS_OF))
    values = scored[f"factor_{factor}"].to_numpy()
    assert (np.diff(values) <= 1e-9).all()


def test_stability_is_certain_with_no_spread_and_shaped_per_program():
    frame = programs_frame([{"interest": i, "imgs_last_5y": i % 3} for i in range(12)])
    scored = score_programs(frame, Profile(), Weights(), AS_OF)
    result = stability(scored, Weights(), Profile().thresholds, draws=50, spread=0.0, top_k=5)
    assert (result["keeps_tier"] == 1).all()
    ranks = scored.set_index("program_id")["rank"]
    assert (result.set_index("program_id")["rank_p10"] == ranks).all()
    assert result["in_top_k"].sum() == pytest.approx(5)


def test_stability_reports_uncertainty_near_a_tie():
    frame = programs_frame([{"program_id": "A", "interest": 10, "research_time": "none"}, {"program_id": "B", "interest": 0, "research_time": "extensive"}])
    profile = replace(Profile(), career_path="academic")
    scored = score_programs(frame, profile, Weights(), AS_OF)
    result = stability(scored, Weights(), profile.thresholds, draws=400, spread=0.25, top_k=1).set_index("program_id")
    assert 0 < result.loc["A", "in_top_k"] < 1
    assert result["in_top_k"].sum() == pytest.approx(1)
