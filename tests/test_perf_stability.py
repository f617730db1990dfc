"""stability in chunks against the implementation it replaced (kept below
verbatim as an oracle): the same figures for a fixed seed, whatever the chunk size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data import bundled
from data.settings import FACTORS, Profile, Thresholds, Weights
from scoring.decision.ranking import score_programs
from scoring.decision.stability import stability
from tests.helpers import AS_OF


def scored_sample(n: int) -> pd.DataFrame:
    frame = bundled.example_tables()["programs"].sample(n, replace=True, random_state=5).reset_index(drop=True)
    frame["program_id"] = pd.array([f"S{i:05d}" for i in range(n)], dtype="string")
    return score_programs(frame, Profile(visa_need="j1"), Weights(), AS_OF)


@pytest.mark.parametrize("n, draws, chunk", [(44, 1000, 1 << 30), (44, 1000, 7), (300, 200, 50), (300, 37, 2), (5, 3, 1), (1, 10, 3)])
def test_stability_matches_the_dense_version(n, draws, chunk, monkeypatch):
    monkeypatch.setattr("scoring.decision.stability.CHUNK_CELLS", chunk * n)  # draws per chunk = chunk
    scored = scored_sample(n)
    weights = Weights(focus=7, research=2)
    new = stability(scored, weights, Profile().thresholds, draws=draws, seed=3)
    old = oracle(scored, weights, Profile().thresholds, draws=draws, seed=3)
    pd.testing.assert_frame_equal(new, old, rtol=1e-12)  # percentiles agree to the last bits


# The implementation before the rewrite, verbatim ------------------------------


def oracle(
    scored: pd.DataFrame,
    weights: Weights,
    thresholds: Thresholds,
    draws: int = 1000,
    spread: float = 0.25,
    top_k: int = 10,
    seed: int = 0,
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = np.array(weights.as_tuple())
    w = base[None, :] * rng.uniform(1 - spread, 1 + spread, size=(draws, len(FACTORS)))  # draws × factors
    f = scored[[f"factor_{name}" for name in FACTORS]].to_numpy()  # programs × factors
    totals = w.sum(axis=1)
    totals[totals == 0] = 1.0
    fit = 100 * (f @ w.T) / totals  # programs × draws
    goal_idx = [i for i, name in enumerate(FACTORS) if name != "friendliness"]
    goal_totals = w[:, goal_idx].sum(axis=1)
    goal_totals[goal_totals == 0] = 1.0
    goal = 100 * (f[:, goal_idx] @ w[:, goal_idx].T) / goal_totals

    # Only the dream rule depends on the weights; the other rules are fixed per program.
    rule = scored["tier_rule"].to_numpy()
    weight_free = np.isin(rule, ["override", "excluded", "not-eligible"])
    dream_now = rule == "dream"
    # Changed since the rewrite, with the tiers (the walk's "keeps tier 0%"): a draw's dream is the
    # tiers' dream, research time at least moderate (or not known) and within float error of the threshold.
    research = scored["research_level"].to_numpy(dtype=float)
    rest = (scored["img_friendliness_point"].to_numpy() > 0) & (np.isnan(research) | (research >= 2))
    dream_draw = (goal >= thresholds.dream_goal_fit - 1e-9) & rest[:, None]
    keeps_tier = np.where(weight_free[:, None], True, dream_draw == dream_now[:, None])

    group = scored["rank_group"].to_numpy()
    key = group[:, None] * 1e6 - fit  # lower is better; groups first
    order = np.argsort(key, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, len(scored) + 1)[:, None].repeat(draws, axis=1), axis=0)
    in_top = ranks <= top_k
    return pd.DataFrame(
        {
            "program_id": scored["program_id"].to_numpy(),
            "keeps_tier": keeps_tier.mean(axis=1),
            "in_top_k": in_top.mean(axis=1),
            "rank_p10": np.percentile(ranks, 10, axis=1),
            "rank_p90": np.percentile(ranks, 90, axis=1),
        }
    )
