"""Dream, solid, safety: the guides' tiers made explicit.

Scores with unknown inputs are ranges; "at the chosen point" below means the
point of each range the user chose for ranking (`Weights.unknowns`: the
least, the middle or the most). In order, first match wins:
1. `tier_override` (yours) wins; `exclude` puts the program at the bottom as low-priority.
2. not eligible → `not-eligible`.
3. dream: goal fit (the fit score without friendliness) at the chosen point ≥
   the dream threshold, and IMG-friendliness at the chosen point above zero.
4. safety: the conservative IMG-friendliness (every unknown at its least) ≥
   the safety threshold, whatever the choice: a safety is the program you
   count on, so it must be certain.
5. solid: IMG-friendliness at the chosen point ≥ the solid threshold, and
   visa support at the chosen point ≥ 1 (of 3). A program that would be a
   safety at the chosen point but not for certain lands here when its visa
   support allows. Reading visa support at the same point keeps the rule
   consistent: at the least, "some visa support" must be certain; at the
   middle, a visa policy that is still open (0-2, say) counts as some.
6. everything else: `low-priority`.
Counting unknowns at their least gives the guides' original, cautious tiers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.settings import UNKNOWNS_LABELS, Thresholds

TIERS = ("dream", "solid", "safety", "low-priority", "not-eligible")
TIER_ORDER = {t: i for i, t in enumerate(TIERS)}

RULES = ("override", "excluded", "not-eligible", "dream", "safety", "solid", "low-priority")


OVERRIDE_CODES = {"dream": 0.0, "solid": 1.0, "safety": 2.0, "exclude": 3.0}


def assign(
    goal_fit: np.ndarray,
    friendliness: np.ndarray,
    certain_friendliness: np.ndarray,
    visa: np.ndarray,
    ineligible: np.ndarray,
    override: np.ndarray,
    thresholds: Thresholds,
) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    """Return (tier, rule that decided it) for each program.

    goal_fit, friendliness and visa are read at the chosen point of their ranges;
    certain_friendliness is the conservative IMG-friendliness.
    override holds OVERRIDE_CODES (NaN for none); ineligible is True where a cutoff excludes.
    """
    conditions = [
        override <= 2,
        override == 3,
        ineligible,
        (goal_fit >= thresholds.dream_goal_fit) & (friendliness > 0),
        certain_friendliness >= thresholds.safety_friendliness,
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


def _shown(values: pd.Series, decimals: int = 1) -> pd.Series:
    # 7 rather than 7.0, 7.5 as is.
    return values.astype(float).round(decimals).astype("string").str.replace(r"\.0$", "", regex=True)


def reasons(scored: pd.DataFrame, thresholds: Thresholds, unknowns: str | None = None) -> pd.Series:
    """Why each program has its tier, in words. unknowns (the Weights' choice)
    adds how unknowns were counted where a range decided the tier."""
    goal = _shown(scored["goal_fit"], 0)
    goal_range = "range " + _shown(scored["goal_fit_min"], 0) + "–" + _shown(scored["goal_fit_max"], 0)
    goal = goal.where(scored["goal_fit_max"] - scored["goal_fit_min"] < 0.5, goal + " (" + goal_range + ")")
    certain = _shown(scored["img_friendliness"])
    img = _shown(scored.get("img_friendliness_point", scored["img_friendliness"]))
    # The range stays in view wherever a point of it is quoted.
    img = img.where(
        scored["img_friendliness_max"] <= scored["img_friendliness"], img + " (range " + certain + "–" + _shown(scored["img_friendliness_max"]) + ")"
    )
    visa = _shown(scored.get("visa_point", scored["visa_lo"]))
    visa = (visa + "/3").where(scored["visa_hi"] <= scored["visa_lo"], visa + "/3, range " + _shown(scored["visa_lo"]) + "–" + _shown(scored["visa_hi"]))
    rule = scored["tier_rule"]
    t = thresholds
    out = pd.Series("", index=scored.index, dtype="string")
    out[rule == "override"] = "You set this tier yourself."
    out[rule == "excluded"] = "You excluded this program."
    out[rule == "not-eligible"] = ("Not eligible: " + scored["ineligible_reasons"].astype("string"))[rule == "not-eligible"]
    out[rule == "dream"] = ("Goal fit " + goal + f" is at least {t.dream_goal_fit:g}, and IMG-friendliness " + img + " is above zero.")[rule == "dream"]
    out[rule == "safety"] = (
        "IMG-friendliness " + certain + f" is at least {t.safety_friendliness:g} for certain (goal fit " + goal + f" is below {t.dream_goal_fit:g})."
    )[rule == "safety"]
    solid = rule == "solid"
    out[solid] = ("IMG-friendliness " + img + f" is at least {t.solid_friendliness:g} with visa support (" + visa + ").")[solid]
    uncertain_safety = solid & (scored.get("img_friendliness_point", scored["img_friendliness"]) >= t.safety_friendliness)
    out[uncertain_safety] = (out + " Not a safety: only " + certain + " is certain, and a safety must be certain.")[uncertain_safety]
    low = rule == "low-priority"
    weak_visa = low & (scored.get("img_friendliness_point", scored["img_friendliness"]) >= t.solid_friendliness)
    out[low & ~weak_visa] = ("IMG-friendliness " + img + f" is below {t.solid_friendliness:g} and goal fit " + goal + f" is below {t.dream_goal_fit:g}.")[
        low & ~weak_visa
    ]
    out[weak_visa] = ("IMG-friendliness " + img + " is acceptable, but no visa support is confirmed.")[weak_visa]
    if unknowns is not None:
        ranged = (scored["img_friendliness_max"] > scored["img_friendliness"]) | (scored["goal_fit_max"] > scored["goal_fit_min"] + 1e-9)
        noted = rule.isin(["dream", "solid", "low-priority"]).to_numpy() & ranged.to_numpy()
        out[noted] = out[noted] + f" Unknowns counted {UNKNOWNS_LABELS[unknowns]}."
    return out
