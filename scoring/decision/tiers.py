"""Dream, solid, safety: the guides' tiers made explicit.

Scores with unknown inputs are ranges; "at the chosen point" below means the
point of each range the user chose for ranking (`Weights.unknowns`: the
least, the middle or the most). In order, first match wins:
1. `tier_override` (yours) wins; `exclude` puts the program at the bottom as low-priority.
2. not eligible → `not-eligible`.
3. dream — the guide: "Strong match to your career goals. Good research
   infrastructure. Reasonable IMG-friendliness (not necessarily high, but at
   least not zero)": goal fit (the fit score without friendliness) at the chosen
   point ≥ the dream threshold, IMG-friendliness at the chosen point above zero,
   and research time at least moderate (or not known yet, which the reason says).
4. safety — the guide: "More IMG-friendly historically ... Still ABMGG/ACGME
   accredited": the conservative IMG-friendliness (every unknown at its least)
   ≥ the safety threshold, past-IMG points at least 2 of 3 at their least, and
   not on ACGME warning or probation. A safety is the program you count on, so
   it must be certain, whatever the choice of point.
5. solid — the guide: "Good training and acceptable IMG-friendliness. Some
   research or scholarly opportunities. Reasonable visa and IMG policies":
   IMG-friendliness at the chosen point ≥ the solid threshold, visa support at
   the chosen point ≥ 1 (of 3), and research time at least limited (or not known
   yet, said). Reading visa support at the same point keeps the rule
   consistent: at the least, "some visa support" must be certain; at the
   middle, a visa policy that is still open (0-2, say) counts as some.
6. everything else: `low-priority`.
Each tier's reason names every criterion it used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.settings import UNKNOWNS_LABELS, Thresholds
from scoring.decision.distinct import per_distinct_row
from scoring.decision.fit import RESEARCH_LEVELS
from scoring.decision.rubric import codes

TIERS = ("dream", "solid", "safety", "low-priority", "not-eligible")
TIER_ORDER = {t: i for i, t in enumerate(TIERS)}

RULES = ("override", "excluded", "not-eligible", "dream", "safety", "solid", "low-priority")


OVERRIDE_CODES = {"dream": 0.0, "solid": 1.0, "safety": 2.0, "exclude": 3.0}
RESEARCH_CODES = RESEARCH_LEVELS  # the research-time scale the fit factor reads, one declaration
ACGME_FLAGGED = {"continued": 0.0, "initial": 0.0, "warning": 1.0, "probation": 1.0}
DREAM_RESEARCH = RESEARCH_CODES["moderate"]  # "good research infrastructure"
SOLID_RESEARCH = RESEARCH_CODES["limited"]  # "some research or scholarly opportunities"
SAFETY_PAST_IMGS = 2.0  # "more IMG-friendly historically": past-IMG points of 2 or 3, for certain
# A score is a weighted mean of floats: 65 can come out as 64.99999999999999. A threshold
# is met within this much, by the tiers, their reasons and the stability draws alike.
TOLERANCE = 1e-9
RESEARCH_WORDS = {0.0: "no protected research time", 1.0: "limited research time", 2.0: "moderate research time", 3.0: "extensive research time"}


def reaches(values: np.ndarray | pd.Series | float, threshold: float) -> np.ndarray:
    """Whether each value meets a threshold (at least it, within float error)."""
    return np.asarray(values, dtype=float) >= threshold - TOLERANCE


def dream_rest(friendliness: np.ndarray, research_level: np.ndarray) -> np.ndarray:
    """The dream criteria besides goal fit, the one that moves with the weights: IMG-friendliness
    above zero and research time at least moderate or not known yet. The tiers and the
    stability draws both read this, so the two never disagree on what a dream is."""
    return (np.asarray(friendliness, dtype=float) > 0) & (np.isnan(research_level) | (research_level >= DREAM_RESEARCH))


def assign(
    goal_fit: np.ndarray,
    friendliness: np.ndarray,
    certain_friendliness: np.ndarray,
    visa: np.ndarray,
    ineligible: np.ndarray,
    override: np.ndarray,
    thresholds: Thresholds,
    certain_past_imgs: np.ndarray,
    research_level: np.ndarray,
    acgme_flagged: np.ndarray,
) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    """Return (tier, rule that decided it) for each program.

    goal_fit, friendliness and visa are read at the chosen point of their ranges;
    certain_friendliness and certain_past_imgs are the conservative values.
    override holds OVERRIDE_CODES (NaN for none); ineligible is True where a cutoff excludes;
    research_level holds RESEARCH_CODES (NaN: not known); acgme_flagged is True on warning or probation.
    """
    unknown_research = np.isnan(research_level)
    conditions = [
        override <= 2,
        override == 3,
        ineligible,
        reaches(goal_fit, thresholds.dream_goal_fit) & dream_rest(friendliness, research_level),
        reaches(certain_friendliness, thresholds.safety_friendliness) & (certain_past_imgs >= SAFETY_PAST_IMGS) & ~acgme_flagged,
        reaches(friendliness, thresholds.solid_friendliness) & (visa >= 1) & (unknown_research | (research_level >= SOLID_RESEARCH)),
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


def criteria(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The tier inputs read from the program's own columns (research time, ACGME status)."""
    return {
        "research_level": codes(frame, "research_time", RESEARCH_CODES),
        "acgme_flagged": codes(frame, "acgme_status", ACGME_FLAGGED) == 1,
    }


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
    research_level = scored["research_level"].astype(float) if "research_level" in scored else pd.Series(np.nan, index=scored.index)
    past_lo = scored["past_imgs_lo"].astype(float) if "past_imgs_lo" in scored else pd.Series(np.nan, index=scored.index)
    acgme = scored["acgme_status"].astype("string") if "acgme_status" in scored else pd.Series(pd.NA, index=scored.index, dtype="string")
    flagged = acgme.isin(["warning", "probation"]).fillna(False).astype(bool)
    research_dream = text(
        {"level": research_level},
        lambda k: k["level"].map(RESEARCH_WORDS).astype("string").fillna("research time not known yet (a dream asks for good research infrastructure)"),
    )
    research_solid = text(
        {"level": research_level},
        lambda k: k["level"].map(RESEARCH_WORDS).astype("string").fillna("research time not known yet (a solid program offers some research)"),
    )
    past = text({"past": past_lo}, lambda k: _shown(k["past"]))
    accredited = text({"acgme": acgme}, lambda k: ("ACGME status " + k["acgme"]).fillna("ACGME status not checked yet"))
    certain_enough = pd.Series(reaches(certain_value, t.safety_friendliness), index=scored.index)
    past_enough = past_lo >= SAFETY_PAST_IMGS
    # Why a program friendly enough at the chosen point is still not a safety: every criterion it misses.
    not_safety = text(
        {"certain": certain_value, "enough": certain_enough, "past": past_lo, "past_enough": past_enough, "acgme": acgme, "flagged": flagged},
        lambda k: _not_safety(k, t),
    )
    # Why a program is not a dream, where its goal fit alone would make it one: the research criterion.
    dream_goal = pd.Series(reaches(scored["goal_fit"], t.dream_goal_fit), index=scored.index)
    dream_note = text(
        {"goal": scored["goal_fit"].astype(float), "reached": dream_goal, "level": research_level},
        lambda k: pd.Series(
            np.where(
                k["reached"].astype(bool),
                " Not a dream: " + k["level"].map(RESEARCH_WORDS).astype("string").fillna("") + ", and a dream asks for good research infrastructure.",
                " Goal fit " + _shown(k["goal"], 0) + f" is below the dream's {t.dream_goal_fit:g}.",
            ),
            index=k.index,
            dtype="string",
        ),
    )
    solid = ["IMG-friendliness ", img, f" is at least {t.solid_friendliness:g} with visa support (", visa, "), and ", research_solid, "."]
    sentences = {  # per case: literal text and figures, in order
        "override": ["You set this tier yourself."],
        "override, not eligible": ["You set this tier yourself, but by its published rules you are not eligible: ", not_eligible],
        "excluded": ["You excluded this program."],
        "not-eligible": ["Not eligible: ", not_eligible],
        "dream": ["Goal fit ", goal, f" is at least {t.dream_goal_fit:g}, IMG-friendliness ", img, " is above zero, and ", research_dream, "."],
        "safety": [
            "IMG-friendliness ",
            certain,
            f" is at least {t.safety_friendliness:g} for certain, past IMGs give ",
            past,
            "/3 for certain (historically IMG-friendly), and ",
            accredited,
            ".",
            dream_note,
        ],
        "solid": [*solid, dream_note],
        "uncertain safety": [*solid, " Not a safety (a safety must be certain): ", not_safety, ".", dream_note],
        "low-priority": ["IMG-friendliness ", img, f" is below {t.solid_friendliness:g} and goal fit ", goal, f" is below {t.dream_goal_fit:g}."],
        "weak visa": ["IMG-friendliness ", img, " is acceptable, but no visa support is confirmed."],
        "weak research": [
            "IMG-friendliness ",
            img,
            " is acceptable with visa support (",
            visa,
            "), but ",
            research_solid,
            ": a solid program offers some research.",
        ],
    }
    rule = np.asarray(pd.Categorical(scored["tier_rule"], categories=RULES).codes)
    case = np.asarray(RULES, dtype=object)[rule]
    # Your own tier wins over the rules, but it must not hide that a cutoff excludes you.
    ineligible = (scored["ineligible_reasons"].astype("string").fillna("").str.strip() != "").to_numpy()
    case[(case == "override") & ineligible] = "override, not eligible"
    case[(case == "solid") & reaches(img_point, t.safety_friendliness)] = "uncertain safety"
    low = case == "low-priority"
    acceptable = low & reaches(img_point, t.solid_friendliness)
    visa_ok = (scored.get("visa_point", scored["visa_lo"]).astype(float) >= 1).to_numpy()
    case[acceptable & ~visa_ok] = "weak visa"
    case[acceptable & visa_ok & (research_level < SOLID_RESEARCH).to_numpy()] = "weak research"
    out = _join_by_case(case, sentences, len(scored))
    if unknowns is not None:
        ranged = ((img_max > certain_value) | (goal_max > goal_min + 1e-9)).to_numpy()
        noted = np.isin(rule, [RULES.index(r) for r in ("dream", "solid", "low-priority")]) & ranged
        note = pc.if_else(pa.array(noted), _text(f" Unknowns counted {UNKNOWNS_LABELS[unknowns]}."), _text(""))
        out = pc.binary_join_element_wise(out, note, _text(""))
    return pd.Series(pd.array(out, dtype="string"), index=scored.index)


def _not_safety(k: pd.DataFrame, t: Thresholds) -> pd.Series:
    """The safety criteria each row misses, in words, joined."""
    parts = [
        ("only " + _shown(k["certain"]) + f" of the {t.safety_friendliness:g} IMG-friendliness is certain").where(~k["enough"].astype(bool), ""),
        ("past IMGs give only " + _shown(k["past"]).fillna("0") + "/3 for certain, and a safety is historically IMG-friendly").where(
            ~k["past_enough"].astype(bool), ""
        ),
        ("it is on ACGME " + k["acgme"].astype("string").fillna("")).where(k["flagged"].astype(bool), ""),
    ]
    out = pd.Series("", index=k.index, dtype="string")
    for part in parts:
        part = part.astype("string").fillna("")
        out = out.where(part == "", out.where(out == "", out + "; ") + part)
    return out.where(out != "", "not every criterion is certain")


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
