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


OVERRIDE_CODES = {"dream": 0.0, "solid": 1.0, "safety": 2.0, "exclude": 3.0}


def assign(
    goal_fit: np.ndarray,
    friendliness: np.ndarray,
    visa: np.ndarray,
    ineligible: np.ndarray,
    override: np.ndarray,
    thresholds: Thresholds,
) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    """Return (tier, rule that decided it) for each program.

    override holds OVERRIDE_CODES (NaN for none); ineligible is True where a cutoff excludes.
    """
    conditions = [
        override <= 2,
        override == 3,
        ineligible,
        (goal_fit >= thresholds.dream_goal_fit) & (friendliness > 0),
        friendliness >= thresholds.safety_friendliness,
        (friendliness >= thresholds.solid_friendliness) & (visa >= 1),
    ]
    # Small integer codes turned into categoricals: far cheaper than arrays of strings.
    rule_code = np.select(conditions, range(len(RULES) - 1), default=len(RULES) - 1)
    tier_of_rule = np.array(
        [-1, TIER_ORDER["low-priority"], TIER_ORDER["not-eligible"], TIER_ORDER["dream"], TIER_ORDER["safety"], TIER_ORDER["solid"], TIER_ORDER["low-priority"]]
    )
    override_tier = np.nan_to_num(override, nan=0).astype(int)  # dream, solid, safety share TIERS' first codes
    tier_code = np.where(rule_code == 0, override_tier, tier_of_rule[rule_code])
    return (
        pd.Categorical.from_codes(np.asarray(tier_code, dtype=np.int64), categories=pd.Index(TIERS), validate=False),
        pd.Categorical.from_codes(np.asarray(rule_code, dtype=np.int64), categories=pd.Index(RULES), validate=False),
    )


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
    out[rule == "dream"] = ("Goal fit " + goal + f" is at least {t.dream_goal_fit:g}, and IMG-friendliness " + img + " is above zero.")[rule == "dream"]
    out[rule == "safety"] = ("IMG-friendliness " + img + f" is at least {t.safety_friendliness:g} (goal fit " + goal + f" is below {t.dream_goal_fit:g}).")[
        rule == "safety"
    ]
    out[rule == "solid"] = ("IMG-friendliness " + img + f" is at least {t.solid_friendliness:g} with visa support (" + visa + "/3).")[rule == "solid"]
    low = rule == "low-priority"
    weak_visa = low & (scored["img_friendliness"] >= t.solid_friendliness)
    out[low & ~weak_visa] = ("IMG-friendliness " + img + f" is below {t.solid_friendliness:g} and goal fit " + goal + f" is below {t.dream_goal_fit:g}.")[
        low & ~weak_visa
    ]
    out[weak_visa] = ("IMG-friendliness " + img + " is acceptable, but no visa support is confirmed.")[weak_visa]
    return out
