"""Builders shared by the tests: typed program frames and hypothesis strategies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
from hypothesis import strategies as st

from data.geography import DIVISION_REGION, STATES
from data.normalise import empty_table
from data.settings import CAREER_FOCUS, CAREER_PATH, PRIOR_RESIDENCY, VISA_NEEDS, Profile, Thresholds, Weights

AS_OF = date(2026, 11, 22)

# The ranked list's first columns, as the data contract lists them.
CONTRACT_EXPORT_START = [
    "rank",
    "program",
    "institution",
    "city",
    "state",
    "region",
    "division",
    "track",
    "tier",
    "eligible",
    "ineligible_reasons",
    "img_friendliness",
    "img_friendliness_max",
    "fit_score",
]


def programs_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A typed programs table; unspecified columns are unknown (NA)."""
    base = empty_table("programs")
    data = {}
    for column in base.columns:
        values = [r.get(column) for r in rows]
        if column == "program_id":
            values = [v if v is not None else f"P{i:05d}" for i, v in enumerate(values)]
        if column == "program":
            values = [v if v is not None else f"Program {i}" for i, v in enumerate(values)]
        if column == "state":
            values = [v if v is not None else "TX" for v in values]
        data[column] = pd.Series(values, dtype=base[column].dtype)
    frame = pd.DataFrame(data)
    frame["division"] = frame["division"].fillna(frame["state"].map(lambda s: STATES[s][1]).astype("string"))
    frame["region"] = frame["region"].fillna(frame["division"].map(DIVISION_REGION).astype("string"))
    return frame


def contacts_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    base = empty_table("contacts")
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=base[c].dtype) for c in base.columns})


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


PROGRAM_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "state": st.sampled_from(sorted(STATES)),
    "track": maybe(st.sampled_from(["categorical", "peds-mgg", "im-mgg", "mfm-mgg", "other"])),
    "j1": maybe(st.booleans()),
    "h1b": maybe(st.sampled_from(["yes", "considered", "no"])),
    "intl_trainees_mentioned": maybe(st.booleans()),
    "img_info": maybe(st.sampled_from(["none", "limited", "clear"])),
    "img_faq": maybe(st.booleans()),
    "imgs_last_5y": maybe(st.integers(0, 8)),
    "img_cohorts_last_5y": maybe(st.integers(0, 5)),
    "imgs_present_last_5y": maybe(st.booleans()),
    "min_step2_score": maybe(st.integers(200, 260)),
    "max_attempts": maybe(st.integers(1, 3)),
    "max_years_since_graduation": maybe(st.integers(0, 15)),
    "ecfmg_required_by": maybe(st.dates(date(2026, 1, 1), date(2028, 1, 1)).map(lambda d: datetime(d.year, d.month, d.day))),
    "requires_prior_residency": maybe(st.booleans()),
    "peds_emphasis": maybe(st.integers(1, 5)),
    "adult_emphasis": maybe(st.integers(1, 5)),
    "research_time": maybe(st.sampled_from(["none", "limited", "moderate", "extensive"])),
    "strengths": maybe(
        st.sets(st.sampled_from(["cancer", "metabolic", "prenatal", "laboratory", "dysmorphology", "reproductive", "other-tag"]), max_size=3).map(
            lambda s: ";".join(sorted(s)) or "other-tag"
        )
    ),
    "childrens_hospital": maybe(st.booleans()),
    "cancer_center": maybe(st.booleans()),
    "onsite_labs": maybe(st.booleans()),
    "cost_of_living": maybe(st.integers(1, 5)),
    "community_support": maybe(st.booleans()),
    "acgme_status": maybe(st.sampled_from(["continued", "initial", "warning", "probation"])),
    "established_year": maybe(st.integers(1970, 2026)),
    "responsiveness": maybe(st.sampled_from(["none", "generic", "helpful"])),
    "interest": maybe(st.integers(0, 10)),
    "past_imgs_points": st.one_of(st.none(), st.none(), st.none(), st.integers(0, 3)),
    "visa_points": st.one_of(st.none(), st.none(), st.none(), st.integers(0, 3)),
    "clarity_points": st.one_of(st.none(), st.none(), st.none(), st.integers(0, 2)),
    "responsiveness_points": st.one_of(st.none(), st.none(), st.none(), st.integers(0, 2)),
    "tier_override": st.one_of(st.none(), st.none(), st.none(), st.none(), st.sampled_from(["dream", "solid", "safety", "exclude"])),
}

program_rows = st.fixed_dictionaries(PROGRAM_FIELDS)


@st.composite
def program_tables(draw: st.DrawFn, min_size: int = 1, max_size: int = 25) -> pd.DataFrame:
    rows = draw(st.lists(program_rows, min_size=min_size, max_size=max_size))
    return programs_frame(rows)


profiles = st.builds(
    Profile,
    visa_need=st.sampled_from(VISA_NEEDS),
    step2_score=maybe(st.integers(200, 270)),
    attempts=maybe(st.integers(1, 3)),
    graduation_year=maybe(st.integers(2005, 2026)),
    ecfmg_certified=st.booleans(),
    ecfmg_expected=maybe(st.dates(date(2026, 1, 1), date(2028, 1, 1))),
    ecfmg_month_only=st.booleans(),
    prior_residency=st.sampled_from(PRIOR_RESIDENCY),
    career_focus=st.sampled_from(("", *CAREER_FOCUS)),  # "" = not said yet, as a new profile leaves it
    career_path=st.sampled_from(CAREER_PATH),
    preferred_divisions=st.lists(st.sampled_from(["New England", "Pacific", "West South Central", "Mountain"]), max_size=3, unique=True).map(tuple),
    cost_tolerance=st.integers(1, 5),
    thresholds=st.builds(Thresholds, dream_goal_fit=st.floats(30, 90), safety_friendliness=st.floats(5, 9), solid_friendliness=st.floats(2, 5)),
)

weight_values = st.sampled_from([0.0, 0.5, 1.0, 2.5, 5.0, 7.5, 10.0])
weights = st.builds(Weights, **{f: weight_values for f in ("friendliness", "focus", "research", "location", "stability", "interest")})
