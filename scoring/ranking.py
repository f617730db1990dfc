"""Score, tier and rank every program in one vectorised pass, and build the
ranked list the user downloads (the data contract's export columns)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.columns import TABLES
from scoring import eligibility, fit, rubric, tiers
from scoring.settings import FACTORS, Profile, Weights

# Rank groups: who comes first regardless of fit.
GROUP_MAIN, GROUP_NOT_ELIGIBLE, GROUP_EXCLUDED = 0, 1, 2


def link_contacts(contacts: pd.DataFrame | None, programs: pd.DataFrame) -> pd.DataFrame | None:
    """Give every contact a program_id, matching by name when only the name was given."""
    if contacts is None or contacts.empty:
        return contacts
    by_name = dict(zip(programs["program"].str.strip().str.lower(), programs["program_id"], strict=False))
    missing = contacts["program_id"].isna() & contacts["program"].notna()
    if not missing.any():
        return contacts
    out = contacts.copy()
    out.loc[missing, "program_id"] = out.loc[missing, "program"].str.strip().str.lower().map(by_name)
    return out


def _computed(
    frame: pd.DataFrame, profile: Profile, weights: Weights, as_of: date, contacts: pd.DataFrame | None, applications: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Every score column as a plain array, row for row with frame."""
    friendly = rubric.friendliness(frame, contacts, as_of)
    elig = eligibility.check(frame, profile, as_of)
    factors = fit.factors(frame, friendly, profile, as_of, applications)
    fits = fit.score(factors, weights)
    tier, rule = tiers.assign(
        fits["goal_fit"],
        friendly["img_friendliness"],
        friendly["visa_lo"],
        elig["ineligible_mask"] > 0,
        rubric.codes(frame, "tier_override", tiers.OVERRIDE_CODES),
        profile.thresholds,
    )
    return {**friendly, **elig, **factors, **fits, "tier": tier, "tier_rule": rule}


def _with(frame: pd.DataFrame, computed: dict[str, Any]) -> pd.DataFrame:
    # One frame built once from plain arrays: adding columns one by one costs more than scoring.
    return pd.concat([frame, pd.DataFrame(computed, index=frame.index)], axis=1)


def evaluate(
    frame: pd.DataFrame,
    profile: Profile,
    weights: Weights,
    as_of: date,
    contacts: pd.DataFrame | None = None,
    applications: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every score column and the tier for each row, in the input's order.

    Each row is scored on its own, so rows may be hypothetical variants of
    one program (see scoring.research_next). contacts must already be linked.
    """
    return _with(frame, _computed(frame, profile, weights, as_of, contacts, applications))


def score_programs(
    programs: pd.DataFrame,
    profile: Profile,
    weights: Weights,
    as_of: date,
    contacts: pd.DataFrame | None = None,
    applications: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The programs with every score column, their tier and their rank (1 = best),
    in the order given: reordering a wide frame costs more than scoring it, so
    callers that need rank order use by_rank()."""
    frame = programs if isinstance(programs.index, pd.RangeIndex) and programs.index.start == 0 else programs.reset_index(drop=True)
    linked_applications = None if applications is None else link_contacts(applications, frame)  # same program_id-or-name rule
    computed = _computed(frame, profile, weights, as_of, link_contacts(contacts, frame), linked_applications)
    rule = computed["tier_rule"].codes
    group = np.where(rule == tiers.RULES.index("excluded"), GROUP_EXCLUDED, np.where(rule == tiers.RULES.index("not-eligible"), GROUP_NOT_ELIGIBLE, GROUP_MAIN))
    keys = pa.table(
        {
            "group": group,
            "fit": -np.round(computed["fit_score"], 9),
            "fit_max": -np.round(computed["fit_score_max"], 9),
            "id": pa.array(frame["program_id"], from_pandas=True),  # ties broken by id, never by row order
        }
    )
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()
    rank = np.empty(len(frame), dtype=np.int64)
    rank[order] = np.arange(1, len(frame) + 1)
    return _with(frame, {**computed, "rank_group": group, "rank": rank})


def by_rank(scored: pd.DataFrame) -> pd.DataFrame:
    return scored.sort_values("rank", kind="stable").reset_index(drop=True)


def unknown_inputs(scored: pd.DataFrame, profile: Profile) -> pd.Series:
    """The inputs still unknown that feed each program's score, in words. An input
    does not count where something else decides its part: your own rubric points,
    `img_info` over the IMG FAQ, an email in the log over the `responsiveness` column."""
    from scoring.research_next import CANDIDATES, relevant_inputs

    decided_by = {
        "imgs_last_5y": scored.get("past_imgs_points"),
        "img_cohorts_last_5y": scored.get("past_imgs_points"),
        "intl_trainees_mentioned": scored.get("visa_points"),
        "img_faq": scored["img_info"].where(scored["img_info"].notna(), scored.get("clarity_points")) if "img_info" in scored else None,
        "responsiveness": scored.get("responsiveness_points"),
    }
    out = pd.Series("", index=scored.index, dtype="string")
    for column in relevant_inputs(profile):
        if column not in scored:
            continue
        label = CANDIDATES[column].label
        missing = scored[column].isna()
        decider = decided_by.get(column)
        if decider is not None:
            missing &= decider.isna()
        if column == "responsiveness":
            missing &= ~scored["responsiveness_from_log"].astype(bool)
        out[missing] = out[missing].where(out[missing] == "", out[missing] + "; ") + label
    return out


EXPORT_FIRST = [
    "rank",
    "program",
    "institution",
    "city",
    "state",
    "region",
    "division",
    "track",
    "tier",
    "eligible",
    "ineligible_reasons",
    "img_friendliness",
    "img_friendliness_max",
    "fit_score",
]


def ranked_list(scored: pd.DataFrame, profile: Profile, weights: Weights, as_of: date, todo: pd.DataFrame | None = None) -> pd.DataFrame:
    """The export, best first: the contract's columns, then details, then the user's extra columns.

    todo: scoring.research_next output; its items become a `research_next` column.
    """
    scored = scored.sort_values("rank", kind="stable")
    out = pd.DataFrame(index=scored.index)
    reasons = eligibility.reasons(scored, scored, profile, as_of)
    with_reasons = scored.assign(ineligible_reasons=reasons)
    for column in EXPORT_FIRST:
        out[column] = with_reasons.get(column, pd.NA)
    out["fit_score"] = scored["fit_score"].round(1)
    for name in FACTORS:
        out[f"factor_{name}"] = scored[f"factor_{name}"].round(3)
    out["notes"] = scored.get("notes", pd.NA)
    out["fit_score_max"] = scored["fit_score_max"].round(1)
    out["tier_reason"] = tiers.reasons(with_reasons, profile.thresholds)
    out["explanation"] = fit.explanation_text(scored, weights)
    out["unknown_inputs"] = unknown_inputs(scored, profile)
    if todo is not None:
        items = todo.groupby("program_id", sort=False)["todo"].agg(lambda t: " ".join(t.head(3)))
        out["research_next"] = scored["program_id"].map(items).fillna("").astype("string")
    out["program_id"] = scored["program_id"]
    for component in rubric.COMPONENTS:
        out[f"{component}_points"] = scored[f"{component}_lo"]
        out[f"{component}_points_max"] = scored[f"{component}_hi"]
    contract = {c.name for c in TABLES["programs"]}
    extras = [c for c in scored.columns if c not in contract and c not in out and c not in SCORE_COLUMNS]
    for column in extras:
        out[column] = scored[column]
    return out.reset_index(drop=True)


SCORE_COLUMNS = frozenset(
    [f"{c}_{end}" for c in rubric.COMPONENTS for end in ("lo", "hi")]
    + ["responsiveness_from_log", "img_friendliness", "img_friendliness_max", "eligible", "ineligible_mask", "unknown_rule_mask"]
    + [f"factor_{f}{end}" for f in FACTORS for end in ("", "_max")]
    + [f"points_{f}" for f in FACTORS]
    + ["fit_score", "fit_score_max", "goal_fit", "goal_fit_max", "tier", "tier_rule", "rank_group", "rank"]
)


def apply_manual_order(scored: pd.DataFrame, order: list[str] | None) -> pd.DataFrame:
    """Put programs in the user's saved order; programs it does not name follow,
    in score order. `rank` is renumbered 1..n."""
    if not order:
        return scored
    position = {pid: i for i, pid in enumerate(order)}
    in_order = scored["program_id"].map(position)
    key = pd.DataFrame({"manual": in_order.isna().astype(int), "pos": in_order.fillna(0), "rank": scored["rank"]})
    result = scored.iloc[key.sort_values(["manual", "pos", "rank"], kind="stable").index].reset_index(drop=True)
    result["rank"] = range(1, len(result) + 1)
    return result
