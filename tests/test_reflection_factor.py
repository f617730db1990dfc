"""The post-interview reflection as a fit factor: unknown until the interview,
weighted like the others, and the engine agrees with the reference scorer."""

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from data.normalise import empty_table
from data.settings import FACTOR_LABELS, FACTORS, Profile, Weights
from scoring.decision import reference
from scoring.decision.ranking import score_programs
from tests.helpers import AS_OF, profiles, program_tables, programs_frame, weight_values

STATUSES = ["applied", "invited", "interviewed", "thank-you-sent", "ranked", "withdrawn"]


def applications_for(ids: list[str], rows: list[tuple]) -> pd.DataFrame:
    base = empty_table("applications")
    frame = pd.DataFrame(
        [{"program_id": pid, "status": s, "thriving": a, "vision": b, "supported": c} for pid, (s, a, b, c) in zip(ids, rows, strict=False)],
        columns=["program_id", "status", "thriving", "vision", "supported"],
    )
    return pd.concat([base, frame], ignore_index=True).astype(base.dtypes.to_dict())


def test_reflection_is_the_last_factor_with_no_weight_by_default():
    assert FACTORS[-1] == "reflection" and FACTOR_LABELS["reflection"] == "Your reflection"
    assert Weights().reflection == 0.0
    assert Weights.from_dict({"interest": 3}).reflection == 0.0  # weights saved before the factor existed still load


def test_a_good_reflection_lifts_the_fit_once_weighted():
    frame = programs_frame([{"program_id": "A", "interest": 5}, {"program_id": "B", "interest": 5}])
    apps = applications_for(["A", "B"], [("interviewed", 5, 5, 5), ("interviewed", 1, 2, 1)])
    unweighted = score_programs(frame, Profile(), Weights(), AS_OF, applications=apps).set_index("program_id")
    assert unweighted.loc["A", "fit_score"] == unweighted.loc["B", "fit_score"]
    w = Weights(reflection=10)
    scored = score_programs(frame, Profile(), w, AS_OF, applications=apps).set_index("program_id")
    assert scored.loc["A", "factor_reflection"] == 1.0 and scored.loc["B", "factor_reflection"] == 1 / 12
    assert scored.loc["A", "fit_score"] > scored.loc["B", "fit_score"]
    assert scored.loc["A", "rank"] == 1
    none = score_programs(frame, Profile(), w, AS_OF).set_index("program_id")
    assert (none["factor_reflection_min"] == 0).all() and (none["factor_reflection_max"] == 1).all()  # unknown: the whole range


def test_applications_named_only_by_program_are_linked():
    frame = programs_frame([{"program_id": "A", "program": "Alpha"}])
    apps = applications_for([None], [("interviewed", 5, 5, 5)]).assign(program=pd.array(["alpha "], dtype="string"))
    scored = score_programs(frame, Profile(), Weights(reflection=5), AS_OF, applications=apps)
    assert scored.loc[0, "factor_reflection"] == 1.0


ratings = st.one_of(st.none(), st.integers(1, 5))


@given(
    program_tables(max_size=8),
    profiles,
    st.builds(Weights, **{f: weight_values for f in FACTORS}),
    st.lists(st.tuples(st.sampled_from(STATUSES), ratings, ratings, ratings), max_size=8),
)
def test_engine_and_reference_agree_with_applications(frame, profile, w, rows):
    apps = applications_for(frame["program_id"].tolist(), rows)
    fast = score_programs(frame, profile, w, AS_OF, applications=apps).set_index("program_id").sort_index()
    slow = reference.score(frame, profile, w, AS_OF, applications=apps).set_index("program_id").sort_index()
    for column in ("fit_score", "fit_score_max", "goal_fit"):
        np.testing.assert_allclose(fast[column].to_numpy(dtype=float), slow[column].to_numpy(dtype=float), atol=1e-9, err_msg=column)
    for column in ("tier", "rank"):
        assert fast[column].tolist() == slow[column].tolist(), column
