"""Rank stability: how much a program's place depends on the exact weights.

Weights are drawn many times around the user's (each scaled by a uniform
factor in [1 - spread, 1 + spread]), every program is re-scored and re-ranked
for every draw, and we report how often each program keeps its tier and its
top-K place, and its 10th-90th percentile rank.

Draws are scored a chunk at a time (at most CHUNK_CELLS programs × draws), and
of each program's ranks only the few smallest and largest that the percentiles
read are kept, so memory stays near 100 MB at 100,000 programs whatever the
number of draws. The figures are those of one dense matrix (percentiles to 1e-12).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.settings import FACTORS, Thresholds, Weights
from scoring.decision import tiers

CHUNK_CELLS = 2_000_000  # programs × draws scored at once: 16 MB per float64 matrix
LOW_Q, HIGH_Q = 10, 90


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
    n = len(scored)
    totals = w.sum(axis=1)
    totals[totals == 0] = 1.0
    goal_idx = [i for i, name in enumerate(FACTORS) if name != "friendliness"]
    goal_totals = w[:, goal_idx].sum(axis=1)
    goal_totals[goal_totals == 0] = 1.0

    # Only the dream rule's goal fit depends on the weights; the other rules, and the dream's
    # other criteria (tiers.dream_rest), are fixed per program. The draws ask the tiers' own
    # questions, so the user's weights as a draw keep every tier.
    rule = scored["tier_rule"].to_numpy()
    weight_free = np.isin(rule, ["override", "excluded", "not-eligible"])
    dream_now = rule == "dream"
    research = scored["research_level"].to_numpy(dtype=float) if "research_level" in scored else np.full(len(scored), np.nan)
    friendly = tiers.dream_rest(scored["img_friendliness_point"].to_numpy(dtype=float), research)
    group = scored["rank_group"].to_numpy()

    keeps = np.zeros(n, dtype=np.int64)
    in_top = np.zeros(n, dtype=np.int64)
    ranks = _Extremes(n, draws)
    step = max(1, CHUNK_CELLS // max(n, 1))
    places = np.arange(1, n + 1)[:, None]
    for d0 in range(0, draws, step):
        wc = w[d0 : d0 + step]
        fit = 100 * (f @ wc.T) / totals[d0 : d0 + step]  # programs × chunk
        goal = 100 * (f[:, goal_idx] @ wc[:, goal_idx].T) / goal_totals[d0 : d0 + step]
        dream_draw = tiers.reaches(goal, thresholds.dream_goal_fit) & friendly[:, None]
        keeps += np.where(weight_free[:, None], True, dream_draw == dream_now[:, None]).sum(axis=1)
        del goal, dream_draw
        key = group[:, None] * 1e6 - fit  # lower is better; groups first
        del fit
        order = np.argsort(key, axis=0, kind="stable")
        del key
        chunk = np.empty(order.shape, dtype=np.int32)
        np.put_along_axis(chunk, order, places, axis=0)
        del order
        in_top += (chunk <= top_k).sum(axis=1)
        ranks.add(chunk)
    return pd.DataFrame(
        {
            "program_id": scored["program_id"].to_numpy(),
            "keeps_tier": keeps / draws,
            "in_top_k": in_top / draws,
            "rank_p10": ranks.percentile(LOW_Q),
            "rank_p90": ranks.percentile(HIGH_Q),
        }
    )


def _virtual_index(draws: int, q: float) -> float:
    # numpy's "linear" method: index q * (n - 1), written as numpy writes it.
    quantile = q / 100
    return draws * quantile + (1 + quantile * (1 - 1 - 1)) - 1


class _Extremes:
    """Per program, the smallest and largest ranks the two percentiles read, kept
    in one buffer that new draws are appended to and that is partitioned when full."""

    def __init__(self, n: int, draws: int) -> None:
        self.draws = draws
        low = int(np.floor(_virtual_index(draws, LOW_Q)))
        high = int(np.floor(_virtual_index(draws, HIGH_Q)))
        self.k_low = min(draws, low + 2)  # sorted positions 0..low + 1
        self.k_high = min(draws, draws - high)  # sorted positions high..draws - 1
        self.keep_all = self.k_low + self.k_high >= draws
        width = draws if self.keep_all else self.k_low + self.k_high + max(64, min(draws, CHUNK_CELLS // max(n, 1)))
        self.buffer = np.empty((n, width), dtype=np.int32)
        self.used = 0

    def add(self, chunk: np.ndarray) -> None:
        c = chunk.shape[1]
        if self.used + c > self.buffer.shape[1]:
            self._compact()
        self.buffer[:, self.used : self.used + c] = chunk
        self.used += c

    def _compact(self) -> None:
        kept = self.k_low + self.k_high
        if self.keep_all or self.used <= kept:
            return
        part = self.buffer[:, : self.used]
        part.partition([self.k_low - 1, self.used - self.k_high], axis=1)
        part[:, self.k_low : kept] = part[:, self.used - self.k_high : self.used]
        self.used = kept

    def percentile(self, q: float) -> np.ndarray:
        n = self.buffer.shape[0]
        if n == 0:
            return np.empty(0)
        self._compact()
        if self.keep_all:
            return np.percentile(self.buffer[:, : self.used].astype(np.int64), q, axis=1)
        virtual = _virtual_index(self.draws, q)
        previous = int(np.floor(virtual))
        following = previous + 1
        if virtual >= self.draws - 1:
            previous = following = self.draws - 1
        gamma = virtual - np.floor(virtual)
        if q < 50:
            part, first = np.sort(self.buffer[:, : self.k_low], axis=1), 0
        else:
            part, first = np.sort(self.buffer[:, self.k_low : self.k_low + self.k_high], axis=1), self.draws - self.k_high
        a = part[:, previous - first].astype(np.int64)
        b = part[:, following - first].astype(np.int64)
        # numpy's _lerp, so the figures equal np.percentile's (to within 1e-12).
        diff = b - a
        out = np.add(a, diff * gamma)
        np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5)
        return out
