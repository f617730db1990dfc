"""What to research next: for each unknown input, how far learning it could
move the program (its fit score range, and which tiers it could land in).

Every hypothetical answer is a variant row holding only the scoring inputs;
variants are scored in fixed-size vectorised chunks with scoring.ranking.evaluate,
so memory stays O(programs × inputs) and nothing runs per row in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from data.columns import TABLES
from scoring.ranking import evaluate, link_contacts
from scoring.rubric import contradictory
from scoring.settings import Profile, Weights
from scoring.tiers import TIERS

CONTRACT_COLUMNS = frozenset(c.name for c in TABLES["programs"])


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


# Contract columns no score reads: variants leave them out rather than copy them.
NOT_SCORED = frozenset(["program", "institution", "city", "website", "eras_code", "positions", "notes", "liked", "questions"])
CHUNK_ROWS = 65_536  # variant rows scored at a time: bounds memory whatever the table's size


def research_next(
    scored: pd.DataFrame,
    programs: pd.DataFrame,
    profile: Profile,
    weights: Weights,
    as_of: date,
    contacts: pd.DataFrame | None = None,
    applications: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per (program, unknown input), most consequential first within each program.

    Every (program, unknown input) pair gets a variant row per possible answer, built by
    index from the scoring inputs only and scored in chunks; each pair keeps its fit range
    and the set of tiers its answers reach (a bit mask), so nothing is per row in Python.
    """
    base = programs.reset_index(drop=True)
    linked = link_contacts(contacts, base)
    linked_applications = None if applications is None else link_contacts(applications, base)
    position = pd.Index(scored["program_id"]).get_indexer(base["program_id"])  # base row -> scored row
    inputs = [c for c in relevant_inputs(profile) if c in base]
    # Pairs in (input, program row) order: the order the output keeps among equals.
    pair_rows, pair_input, answer_count = [], [], []
    for k, column in enumerate(inputs):
        missing = base[column].isna().to_numpy(dtype=bool)
        if column == "responsiveness":
            from_log = scored["responsiveness_from_log"].to_numpy(dtype=bool)[position]
            missing = missing & ~from_log & base["responsiveness_points"].isna().to_numpy(dtype=bool)
        rows = np.flatnonzero(missing)
        pair_rows.append(rows)
        pair_input.append(np.full(len(rows), k))
        answer_count.append(len(CANDIDATES[column].values))
    columns = ["program_id", "program", "input", "todo", "tier_now", "tiers_possible", "fit_now", "fit_low", "fit_high", "could_change_tier", "swing"]
    rows_of_pair = np.concatenate(pair_rows) if pair_rows else np.empty(0, dtype=np.int64)
    if len(rows_of_pair) == 0:
        return pd.DataFrame(columns=columns)
    input_of_pair = np.concatenate(pair_input)
    # Variant rows: for each input, each answer over that input's pairs.
    offsets = np.cumsum([0] + [len(r) for r in pair_rows])
    variant_pair = np.concatenate([np.tile(np.arange(offsets[k], offsets[k + 1]), answer_count[k]) for k in range(len(inputs))])
    variant_answer = np.concatenate([np.repeat(np.arange(answer_count[k]), len(pair_rows[k])) for k in range(len(inputs))])
    answers = {
        column: pd.Series([_variant_value(column, value, as_of) for value in CANDIDATES[column].values], dtype=base[column].dtype).array for column in inputs
    }
    narrow = _one_chunk(base[[c for c in base.columns if c in CONTRACT_COLUMNS and c not in NOT_SCORED]])
    already = contradictory(base)  # an answer contradicting what is known is not possible, unless the row already contradicts itself

    n_pairs = len(rows_of_pair)
    fit_low = np.full(n_pairs, np.inf)
    fit_high = np.full(n_pairs, -np.inf)
    reach = np.zeros(n_pairs, dtype=np.int64)  # bit t set: tier TIERS[t] is reachable
    for start in range(0, len(variant_pair), CHUNK_ROWS):
        pair = variant_pair[start : start + CHUNK_ROWS]
        answer = variant_answer[start : start + CHUNK_ROWS]
        chunk = narrow.take(rows_of_pair[pair]).reset_index(drop=True)
        chunk_input = input_of_pair[pair]
        for k in np.unique(chunk_input):
            column = inputs[k]
            at = np.flatnonzero(chunk_input == k)
            values = chunk[column].array.copy()
            values[at] = answers[column].take(answer[at])
            chunk[column] = values
        possible = ~contradictory(chunk) | already[rows_of_pair[pair]]
        if not possible.all():
            chunk, pair = chunk[possible].reset_index(drop=True), pair[possible]
        result = evaluate(chunk, profile, weights, as_of, linked, linked_applications)
        fit = result["fit_score"].to_numpy(dtype=float)
        np.minimum.at(fit_low, pair, fit)
        np.maximum.at(fit_high, pair, fit)
        np.bitwise_or.at(reach, pair, 1 << _tier_codes(result["tier"]))

    keep = reach > 0  # pairs with at least one possible answer
    now_row = position[rows_of_pair]
    tier_now = _tier_codes(scored["tier"])[now_row]
    swing = (fit_high - fit_low).round(1)  # from the unrounded range, as before
    fit_low, fit_high = fit_low.round(1), fit_high.round(1)
    changes = (reach & ~(1 << tier_now)) != 0
    keep &= (swing > 0) | changes
    pairs = np.flatnonzero(keep)
    out = pd.DataFrame(
        {
            "program_id": base["program_id"].take(rows_of_pair[pairs]).reset_index(drop=True),
            "program": scored["program"].to_numpy()[now_row[pairs]],
            "_input": input_of_pair[pairs],
            "tier_now": np.asarray(TIERS, dtype=object)[tier_now[pairs]],
            "_reach": reach[pairs],
            "fit_now": scored["fit_score"].round(1).to_numpy()[now_row[pairs]],
            "fit_low": fit_low[pairs],
            "fit_high": fit_high[pairs],
            "could_change_tier": changes[pairs],
            "swing": swing[pairs],
        }
    )
    out["input"] = np.asarray([CANDIDATES[c].label for c in inputs], dtype=object)[out["_input"].to_numpy()]
    out["tiers_possible"] = np.asarray(_TIER_SETS, dtype=object)[out["_reach"].to_numpy()]
    out["todo"] = _todo(out, inputs)
    out = out.sort_values(["program_id", "could_change_tier", "swing"], ascending=[True, False, False], kind="stable")
    return out[columns].reset_index(drop=True)


def _one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """Arrow text columns as one chunk each: a table built by concatenation can hold
    thousands of chunks, and taking rows from those is several times slower."""
    out = {}
    for column in frame.columns:
        values = frame[column].array
        if isinstance(values, pd.arrays.ArrowStringArray) and values.__arrow_array__().num_chunks > 1:
            out[column] = pd.array(values.__arrow_array__().combine_chunks(), dtype=values.dtype)
    return frame.assign(**out) if out else frame


def _tier_codes(tier: pd.Series) -> np.ndarray:
    return np.asarray(pd.Categorical(tier, categories=TIERS).codes, dtype=np.int64)


# "dream, solid" for each bit mask of reachable tiers, in TIERS' order.
_TIER_SETS = [", ".join(t for i, t in enumerate(TIERS) if mask >> i & 1) for mask in range(1 << len(TIERS))]


def _todo(out: pd.DataFrame, inputs: list[str]) -> np.ndarray:
    """The sentence for each pair, formatted once per distinct (input, tier now, tiers
    reachable) and once per distinct fit value, then joined column-wise by Arrow."""
    if out.empty:  # Arrow cannot join arrays of no type
        return np.asarray([], dtype=object)
    tier_now = pd.Categorical(out["tier_now"], categories=TIERS).codes.astype(np.int64)
    key = (out["_input"].to_numpy() * len(TIERS) + tier_now) << len(TIERS) | out["_reach"].to_numpy()
    distinct, which = np.unique(key, return_inverse=True)
    heads = []
    for code in distinct:
        k, t, mask = int(code >> len(TIERS)) // len(TIERS), int(code >> len(TIERS)) % len(TIERS), int(code) & ((1 << len(TIERS)) - 1)
        others = [name for i, name in enumerate(TIERS) if mask >> i & 1 and i != t]
        action = CANDIDATES[inputs[k]].action
        heads.append(f"{action}: could move from {TIERS[t]} to {' or '.join(others)} (fit " if others else f"{action}: fit could range ")
    head = np.asarray(heads, dtype=object)[which]
    tail = np.where(out["could_change_tier"].to_numpy(), ").", ".")
    return np.asarray(pc.binary_join_element_wise(head, _g(out["fit_low"]), "–", _g(out["fit_high"]), tail, "").to_numpy(zero_copy_only=False), dtype=object)


def _g(values: pd.Series) -> np.ndarray:
    """'{:g}' of each value, formatted once per distinct value."""
    distinct, which = np.unique(values.to_numpy(dtype=float), return_inverse=True)
    return np.asarray([f"{v:g}" for v in distinct], dtype=object)[which]
