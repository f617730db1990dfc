"""research_next against the implementation it replaced (kept below verbatim
as an oracle): same rows, same order, same values and dtypes, on the example
and on random tables, profiles, weights and reply logs; and with `first`, the
same rows as the whole list cut to each program's first items."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import bundled
from data.settings import Profile, Weights
from scoring.decision import eligibility
from scoring.decision.inputs import CANDIDATES, COUNT_DATE, relevant_inputs, research_inputs
from scoring.decision.ranking import evaluate, link_contacts, score_programs
from scoring.decision.research_next import _variant_value, research_next
from scoring.decision.rubric import contradictory
from scoring.decision.tiers import TIERS
from tests.helpers import AS_OF, contacts_frame, profiles, program_tables, weights


def without_count_date(items: pd.DataFrame) -> pd.DataFrame:
    """The items the old implementation made: without the question of how a program counts years
    since graduation (session 18), which research_next puts first among a program's items."""
    return items[items["input"].ne(COUNT_DATE.label)].reset_index(drop=True) if len(items) else items


def check_same(programs: pd.DataFrame, profile: Profile, chosen: Weights, as_of: date, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    scored = score_programs(programs, profile, chosen, as_of, contacts)
    for frame in (scored, scored.sort_values("rank", kind="stable").reset_index(drop=True)):  # any row order of scored
        new = research_next(frame, programs, profile, chosen, as_of, contacts)
        old = oracle(frame, programs, profile, chosen, as_of, contacts)
        if old.empty:
            assert without_count_date(new).empty and list(new.columns) == list(old.columns)
        else:
            pd.testing.assert_frame_equal(without_count_date(new), old)
        for first in (1, 3):  # each program's first items only: the same rows as cutting the whole list
            cut = research_next(frame, programs, profile, chosen, as_of, contacts, first=first)
            pd.testing.assert_frame_equal(cut, new.groupby("program_id", sort=False).head(first).reset_index(drop=True), check_index_type=False)
    return new


@pytest.mark.parametrize("focus", ["pediatric", "adult", "reproductive", "laboratory"])
def test_the_example_gives_what_it_gave(focus):
    tables = bundled.example_tables()
    settings = bundled.example_settings()
    profile = Profile.from_dict({**settings["profile"], "career_focus": focus, "career_path": "industry"})
    out = check_same(tables["programs"], profile, Weights.from_dict(settings["weights"]), AS_OF, tables["contacts"])
    assert len(out) > 20


@pytest.mark.parametrize("chunk", [65_536, 97])  # one chunk, and many with pairs split across them
def test_a_large_random_frame_gives_what_it_gave(chunk, monkeypatch):
    monkeypatch.setattr("scoring.decision.research_next.CHUNK_ROWS", chunk)
    rng = np.random.default_rng(7)
    base = bundled.example_tables()["programs"]
    frame = base.sample(600, replace=True, random_state=3).reset_index(drop=True)
    frame["program_id"] = pd.array([f"R{i:05d}" for i in range(len(frame))], dtype="string")
    for column in [*relevant_inputs(Profile()), "img_info", "img_faq", "imgs_last_5y", "img_cohorts_last_5y"]:
        if column in frame:
            frame[column] = frame[column].mask(rng.random(len(frame)) < 0.3)
    check_same(frame, Profile(visa_need="j1"), Weights(), AS_OF)


replies = st.lists(
    st.fixed_dictionaries(
        {
            "program_id": st.sampled_from(["P00000", "P00001", "P00002"]),
            "sent_on": st.just(date(2026, 10, 1)),
            "replied_on": st.one_of(st.none(), st.just(date(2026, 10, 5))),
            "reply_quality": st.one_of(st.none(), st.sampled_from(["none", "generic", "helpful"])),
        }
    ),
    max_size=3,
)


@settings(max_examples=25)
@given(program_tables(max_size=12), profiles, weights, replies)
def test_random_tables_give_what_they_gave(programs, profile, chosen, reply_rows):
    check_same(programs, profile, chosen, AS_OF, contacts_frame(reply_rows) if reply_rows else None)


# The implementation before the rewrite, verbatim ------------------------------


def oracle(
    scored: pd.DataFrame,
    programs: pd.DataFrame,
    profile: Profile,
    weights: Weights,
    as_of: date,
    contacts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (program, unknown input), most consequential first within each program."""
    base = programs.reset_index(drop=True)
    linked = link_contacts(contacts, base)
    current = scored.set_index("program_id")
    variants = []
    for column in research_inputs(profile, as_of):
        if column not in base:
            continue
        missing = base[column].isna()
        if column == "entry_level" and "track" in base:  # a combined track fixes it: not unknown there
            missing &= ~base["track"].isin(list(eligibility.TRACK_ENTRY)).fillna(False)
        if column == "responsiveness":
            from_log = current.loc[base["program_id"], "responsiveness_from_log"].to_numpy(dtype=bool)
            missing &= ~from_log & base["responsiveness_points"].isna()
        if not missing.any():
            continue
        rows = base[missing]
        for value in CANDIDATES[column].values:
            variant = rows.copy()
            variant[column] = pd.Series(_variant_value(column, value, as_of), index=variant.index).astype(base[column].dtype)
            variant["_input"] = column
            variants.append(variant)
    columns = ["program_id", "program", "input", "todo", "tier_now", "tiers_possible", "fit_now", "fit_low", "fit_high", "could_change_tier", "swing"]
    if not variants:
        return pd.DataFrame(columns=columns)
    all_variants = pd.concat(variants, ignore_index=True)
    # An answer that contradicts what is already known is not a possible answer.
    already = set(base.loc[contradictory(base), "program_id"])
    possible = ~contradictory(all_variants) | all_variants["program_id"].isin(already).to_numpy()
    all_variants = all_variants[possible].reset_index(drop=True)
    result = evaluate(all_variants.drop(columns="_input"), profile, weights, as_of, linked)
    result["_input"] = all_variants["_input"].to_numpy()
    # Which tiers each (program, input) can reach: one boolean column per tier, reduced
    # with a vectorised any() rather than a Python function per group.
    tier_values = np.asarray(result["tier"].astype(str))
    reach = pd.DataFrame({f"_can_{t}": tier_values == t for t in TIERS})
    keyed = pd.concat([result[["program_id", "_input", "fit_score"]], reach], axis=1)
    grouped = keyed.groupby(["program_id", "_input"], sort=False).agg(
        fit_low=("fit_score", "min"), fit_high=("fit_score", "max"), **{f"_can_{t}": (f"_can_{t}", "any") for t in TIERS}
    )
    grouped = grouped.reset_index()
    reachable = grouped[[f"_can_{t}" for t in TIERS]].to_numpy()
    grouped["tiers"] = [tuple(t for t, ok in zip(TIERS, row, strict=True) if ok) for row in reachable]
    now = current.loc[grouped["program_id"]]
    grouped["tier_now"] = now["tier"].to_numpy()
    grouped["fit_now"] = now["fit_score"].round(1).to_numpy()
    grouped["program"] = now["program"].to_numpy()
    grouped["input"] = grouped["_input"].map(lambda c: CANDIDATES[c].label)
    grouped["tiers_possible"] = grouped["tiers"].map(", ".join)
    grouped["could_change_tier"] = [any(t != n for t in ts) for ts, n in zip(grouped["tiers"], grouped["tier_now"], strict=True)]
    grouped["swing"] = (grouped["fit_high"] - grouped["fit_low"]).round(1)
    grouped["fit_low"] = grouped["fit_low"].round(1)
    grouped["fit_high"] = grouped["fit_high"].round(1)
    grouped["todo"] = [
        _oracle_todo(c, now_t, ts, lo, hi)
        for c, now_t, ts, lo, hi in zip(grouped["_input"], grouped["tier_now"], grouped["tiers"], grouped["fit_low"], grouped["fit_high"], strict=True)
    ]
    grouped = grouped[(grouped["swing"] > 0) | grouped["could_change_tier"]]
    grouped["_excludes"] = [("not-eligible" in ts and n != "not-eligible") for ts, n in zip(grouped["tiers"], grouped["tier_now"], strict=True)]
    grouped = grouped.sort_values(["program_id", "_excludes", "could_change_tier", "swing"], ascending=[True, False, False, False], kind="stable")
    return grouped[columns].reset_index(drop=True)


def _oracle_todo(column: str, tier_now: str, tiers: tuple[str, ...], lo: float, hi: float) -> str:
    action = CANDIDATES[column].action
    others = [t for t in tiers if t != tier_now]
    if others:
        return f"{action}: could move from {tier_now.replace('-', ' ')} to {' or '.join(t.replace('-', ' ') for t in others)} (fit {lo:g}–{hi:g})."
    return f"{action}: fit could range {lo:g}–{hi:g}."
