"""Rank stability: how much a program's place depends on the exact weights.

Weights are drawn many times around the user's (each scaled by a uniform
factor in [1 - spread, 1 + spread]), every program is re-scored and re-ranked
for every draw at once (a programs × draws matrix), and we report how often
each program keeps its tier and its top-K place, and its 10th-90th percentile rank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.settings import FACTORS, Thresholds, Weights


def stability(
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
    dream_draw = (goal >= thresholds.dream_goal_fit) & (scored["img_friendliness_point"].to_numpy() > 0)[:, None]
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
