"""Dream, solid, safety: the guides' tiers made explicit.

In order, first match wins:
1. `tier_override` (yours) wins; `exclude` puts the program at the bottom as low-priority.
2. not eligible → `not-eligible`.
3. dream: goal fit (the fit score without friendliness) ≥ the dream threshold, and
   conservative friendliness above zero.
4. safety: conservative friendliness ≥ the safety threshold.
5. solid: conservative friendliness ≥ the solid threshold, with some visa support.
6. everything else: `low-priority`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.settings import Thresholds

TIERS = ("dream", "solid", "safety", "low-priority", "not-eligible")
TIER_ORDER = {t: i for i, t in enumerate(TIERS)}

RULES = ("override", "excluded", "not-eligible", "dream", "safety", "solid", "low-priority")


def assign(
    goal_fit: np.ndarray,
    friendliness: np.ndarray,
    visa: np.ndarray,
    eligible: np.ndarray,
    override: np.ndarray,
    thresholds: Thresholds,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (tier, rule that decided it) for each program."""
    overridden = np.isin(override, ["dream", "solid", "safety"])
    conditions = [
        overridden,
        override == "exclude",
        eligible == "no",
        (goal_fit >= thresholds.dream_goal_fit) & (friendliness > 0),
        friendliness >= thresholds.safety_friendliness,
        (friendliness >= thresholds.solid_friendliness) & (visa >= 1),
    ]
    rule = np.select(conditions, RULES[:-1], default="low-priority")
    tier = np.select(
        [rule == "override", rule == "excluded", rule == "not-eligible"],
        [override, "low-priority", "not-eligible"],
        default=rule,
    )
    return tier, rule


def reasons(scored: pd.DataFrame, thresholds: Thresholds) -> pd.Series:
    """Why each program has its tier, in words."""
    goal = scored["goal_fit"].round(0).astype(int).astype("string")
    img = scored["img_friendliness"].round(1).astype("string")
    visa = scored["visa_lo"].astype(int).astype("string")
    rule = scored["tier_rule"]
    t = thresholds
    out = pd.Series("", index=scored.index, dtype="string")
    out[rule == "override"] = "You set this tier yourself."
    out[rule == "excluded"] = "You excluded this program."
    out[rule == "not-eligible"] = ("Not eligible: " + scored["ineligible_reasons"].astype("string"))[rule == "not-eligible"]
    out[rule == "dream"] = (f"Goal fit " + goal + f" is at least {t.dream_goal_fit:g}, and IMG-friendliness " + img + " is above zero.")[rule == "dream"]
    out[rule == "safety"] = ("IMG-friendliness " + img + f" is at least {t.safety_friendliness:g} (goal fit " + goal + f" is below {t.dream_goal_fit:g}).")[rule == "safety"]
    out[rule == "solid"] = ("IMG-friendliness " + img + f" is at least {t.solid_friendliness:g} with visa support (" + visa + "/3).")[rule == "solid"]
    low = rule == "low-priority"
    weak_visa = low & (scored["img_friendliness"] >= t.solid_friendliness)
    out[low & ~weak_visa] = ("IMG-friendliness " + img + f" is below {t.solid_friendliness:g} and goal fit " + goal + f" is below {t.dream_goal_fit:g}.")[low & ~weak_visa]
    out[weak_visa] = ("IMG-friendliness " + img + " is acceptable, but no visa support is confirmed.")[weak_visa]
    return out
