"""What to research next: for each unknown input, how far learning it could
move the program (its fit score range, and which tiers it could land in).

Every hypothetical answer is a variant row; all variants are scored in one
vectorised pass with scoring.ranking.evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from scoring.ranking import evaluate, link_contacts
from scoring.rubric import contradictory
from scoring.settings import Profile, Weights
from scoring.tiers import TIERS


@dataclass(frozen=True)
class Candidate:
    label: str  # what is unknown, in words
    action: str  # what to do about it
    values: tuple[object, ...]  # the answers it could have


YES_NO = (True, False)

CANDIDATES: dict[str, Candidate] = {
    "j1": Candidate("J-1 sponsorship", "Ask whether they sponsor the J-1", YES_NO),
    "h1b": Candidate("H-1B sponsorship", "Ask about H-1B sponsorship", ("yes", "considered", "no")),
    "intl_trainees_mentioned": Candidate("mention of international trainees", "Check the site for international trainees", YES_NO),
    "img_info": Candidate("IMG instructions", "Read their IMG/ECFMG instructions", ("none", "limited", "clear")),
    "img_faq": Candidate("IMG FAQ", "Look for an IMG FAQ", YES_NO),
    "imgs_last_5y": Candidate("IMGs in the last five years", "Count IMGs among recent residents", (0, 1, 2, 5)),
    "img_cohorts_last_5y": Candidate("cohorts with an IMG", "Check which recent cohorts had an IMG", (0, 1, 2, 3, 5)),
    "responsiveness": Candidate("how they answer email", "Email the coordinator", ("none", "generic", "helpful")),
    "peds_emphasis": Candidate("pediatric emphasis", "Check their pediatric rotations", (1, 3, 5)),
    "adult_emphasis": Candidate("adult emphasis", "Check their adult clinics", (1, 3, 5)),
    "childrens_hospital": Candidate("children's hospital", "Check for a children's hospital", YES_NO),
    "cancer_center": Candidate("cancer centre", "Check for a cancer centre", YES_NO),
    "onsite_labs": Candidate("on-site labs", "Check for on-site genetics labs", YES_NO),
    "strengths": Candidate(
        "subspecialty strengths",
        "Read the faculty's interests",
        ("", "cancer;metabolic;prenatal;neurogenetics;cardiogenetics;craniofacial;dysmorphology;genomic-informatics;laboratory;reproductive"),
    ),
    "track": Candidate("program type", "Check the program type", ("categorical", "peds-mgg", "im-mgg", "mfm-mgg")),
    "research_time": Candidate("research time", "Ask how much research time residents get", ("none", "limited", "moderate", "extensive")),
    "cost_of_living": Candidate("cost of living", "Look up the cost of living", (1, 3, 5)),
    "community_support": Candidate("community nearby", "Look for community or family nearby", YES_NO),
    "acgme_status": Candidate("ACGME status", "Look up the ACGME status", ("continued", "initial", "warning", "probation")),
    "established_year": Candidate("when the program started", "Check when the program started", (1990, 9999)),
    "interest": Candidate("your interest", "Rate your interest", (0, 10)),
}


def relevant_inputs(profile: Profile) -> list[str]:
    """Inputs that can move this applicant's scores (focus inputs depend on career focus)."""
    focus = {
        "pediatric": ["peds_emphasis", "childrens_hospital", "strengths", "track"],
        "adult": ["adult_emphasis", "cancer_center", "strengths", "track"],
        "reproductive": ["track", "strengths"],
        "laboratory": ["onsite_labs", "strengths"],
    }[profile.career_focus]
    research = ["research_time"] + (["onsite_labs"] if profile.career_path == "industry" and "onsite_labs" not in focus else [])
    return [
        "j1",
        "h1b",
        "intl_trainees_mentioned",
        "img_info",
        "img_faq",
        "imgs_last_5y",
        "img_cohorts_last_5y",
        "responsiveness",
        *focus,
        *research,
        "cost_of_living",
        "community_support",
        "acgme_status",
        "established_year",
        "interest",
    ]


def _variant_value(column: str, value: object, as_of: date) -> object:
    if column == "established_year" and value == 9999:
        return as_of.year  # "brand new"
    if column == "strengths" and value == "":
        return "other"  # known, and none that matter
    return value


def research_next(
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
    for column in relevant_inputs(profile):
        if column not in base:
            continue
        missing = base[column].isna()
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
        _todo(c, now_t, ts, lo, hi)
        for c, now_t, ts, lo, hi in zip(grouped["_input"], grouped["tier_now"], grouped["tiers"], grouped["fit_low"], grouped["fit_high"], strict=True)
    ]
    grouped = grouped[(grouped["swing"] > 0) | grouped["could_change_tier"]]
    grouped = grouped.sort_values(["program_id", "could_change_tier", "swing"], ascending=[True, False, False], kind="stable")
    return grouped[columns].reset_index(drop=True)


def _todo(column: str, tier_now: str, tiers: tuple[str, ...], lo: float, hi: float) -> str:
    action = CANDIDATES[column].action
    others = [t for t in tiers if t != tier_now]
    if others:
        return f"{action}: could move from {tier_now} to {' or '.join(others)} (fit {lo:g}–{hi:g})."
    return f"{action}: fit could range {lo:g}–{hi:g}."
