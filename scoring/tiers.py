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

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scoring.distinct import per_distinct_row
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
    adds how unknowns were counted where a range decided the tier.

    The figures are written once per distinct value (few), and the sentences
    joined from them by Arrow, so nothing is formatted per program in Python."""
    t = thresholds
    img_point = scored.get("img_friendliness_point", scored["img_friendliness"]).astype(float)
    goal_min, goal_max = scored["goal_fit_min"].astype(float), scored["goal_fit_max"].astype(float)
    certain_value, img_max = scored["img_friendliness"].astype(float), scored["img_friendliness_max"].astype(float)
    visa_lo, visa_hi = scored["visa_lo"].astype(float), scored["visa_hi"].astype(float)

    def text(key: dict[str, pd.Series], build: Callable[[pd.DataFrame], pd.Series]) -> pa.Array:
        return pa.array(per_distinct_row(pd.DataFrame(key, index=scored.index), build).array, type=pa.large_string())

    goal = text(
        {"goal": scored["goal_fit"].astype(float), "lo": goal_min, "hi": goal_max, "exact": goal_max - goal_min < 0.5},
        lambda k: _shown(k["goal"], 0).where(k["exact"], _shown(k["goal"], 0) + " (range " + _shown(k["lo"], 0) + "–" + _shown(k["hi"], 0) + ")"),
    )
    certain = text({"certain": certain_value}, lambda k: _shown(k["certain"]))
    # The range stays in view wherever a point of it is quoted.
    img = text(
        {"img": img_point, "lo": certain_value, "hi": img_max, "exact": img_max <= certain_value},
        lambda k: _shown(k["img"]).where(k["exact"], _shown(k["img"]) + " (range " + _shown(k["lo"]) + "–" + _shown(k["hi"]) + ")"),
    )
    visa = text(
        {"visa": scored.get("visa_point", scored["visa_lo"]).astype(float), "lo": visa_lo, "hi": visa_hi, "exact": visa_hi <= visa_lo},
        lambda k: (_shown(k["visa"]) + "/3").where(k["exact"], _shown(k["visa"]) + "/3, range " + _shown(k["lo"]) + "–" + _shown(k["hi"])),
    )
    not_eligible = pa.array(scored["ineligible_reasons"].astype("string"), type=pa.large_string())
    solid = ["IMG-friendliness ", img, f" is at least {t.solid_friendliness:g} with visa support (", visa, ")."]
    sentences = {  # per case: literal text and figures, in order
        "override": ["You set this tier yourself."],
        "override, not eligible": ["You set this tier yourself, but by its published rules you are not eligible: ", not_eligible],
        "excluded": ["You excluded this program."],
        "not-eligible": ["Not eligible: ", not_eligible],
        "dream": ["Goal fit ", goal, f" is at least {t.dream_goal_fit:g}, and IMG-friendliness ", img, " is above zero."],
        "safety": ["IMG-friendliness ", certain, f" is at least {t.safety_friendliness:g} for certain (goal fit ", goal, f" is below {t.dream_goal_fit:g})."],
        "solid": solid,
        "uncertain safety": [*solid, " Not a safety: only ", certain, " is certain, and a safety must be certain."],
        "low-priority": ["IMG-friendliness ", img, f" is below {t.solid_friendliness:g} and goal fit ", goal, f" is below {t.dream_goal_fit:g}."],
        "weak visa": ["IMG-friendliness ", img, " is acceptable, but no visa support is confirmed."],
    }
    rule = np.asarray(pd.Categorical(scored["tier_rule"], categories=RULES).codes)
    case = np.asarray(RULES, dtype=object)[rule]
    # Your own tier wins over the rules, but it must not hide that a cutoff excludes you.
    ineligible = (scored["ineligible_reasons"].astype("string").fillna("").str.strip() != "").to_numpy()
    case[(case == "override") & ineligible] = "override, not eligible"
    case[(case == "solid") & (img_point >= t.safety_friendliness).to_numpy()] = "uncertain safety"
    case[(case == "low-priority") & (img_point >= t.solid_friendliness).to_numpy()] = "weak visa"
    out = _join_by_case(case, sentences, len(scored))
    if unknowns is not None:
        ranged = ((img_max > certain_value) | (goal_max > goal_min + 1e-9)).to_numpy()
        noted = np.isin(rule, [RULES.index(r) for r in ("dream", "solid", "low-priority")]) & ranged
        note = pc.if_else(pa.array(noted), _text(f" Unknowns counted {UNKNOWNS_LABELS[unknowns]}."), _text(""))
        out = pc.binary_join_element_wise(out, note, _text(""))
    return pd.Series(pd.array(out, dtype="string"), index=scored.index)


def _join_by_case(case: np.ndarray, parts: dict[str, list[str | pa.Array]], n: int) -> pa.Array:
    """Each row's parts joined: the rows of one case at a time, then put back in row order."""
    pieces, where = [], np.empty(n, dtype=np.int64)
    done = 0
    for name, items in parts.items():
        rows = np.flatnonzero(case == name)
        if len(rows) == 0:
            continue
        taken = [_text(p) if isinstance(p, str) else p.take(rows) for p in items]
        if all(isinstance(p, str) for p in items):
            taken.append(pa.array([""] * len(rows), type=pa.large_string()))  # Arrow needs an array to know the length
        pieces.append(pc.binary_join_element_wise(*taken, _text("")))
        where[rows] = np.arange(done, done + len(rows))
        done += len(rows)
    if not pieces:
        return pa.array([], type=pa.large_string())
    return pa.concat_arrays(pieces).take(where)


def _text(literal: str) -> pa.Scalar:
    return pa.scalar(literal, pa.large_string())  # the figures' type: Arrow joins only text of one type
