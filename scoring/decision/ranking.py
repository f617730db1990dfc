"""Score, tier and rank every program in one vectorised pass, and build the
ranked list the user downloads (the data contract's export columns).

Every score keeps its range; programs are ranked and tiered at the point of
the range the user chose (`Weights.unknowns`, see scoring.decision.fit and
scoring.decision.tiers), ties broken by the potential fit, then by program id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.columns import TABLES
from data.names import name_keys
from data.readers import ROW_COLUMN
from data.settings import FACTORS, Profile, Weights
from scoring.decision import eligibility, fit, rubric, tiers
from scoring.decision.inputs import CANDIDATES, relevant_inputs
from scoring.vocabulary.wording import ids_by_name

# Rank groups: who comes first regardless of fit.
GROUP_MAIN, GROUP_NOT_ELIGIBLE, GROUP_EXCLUDED = 0, 1, 2


def link_contacts(contacts: pd.DataFrame | None, programs: pd.DataFrame) -> pd.DataFrame | None:
    """Give every contact a program_id, matching by name when only the name was given."""
    if contacts is None or contacts.empty:
        return contacts
    missing = contacts["program_id"].isna() & contacts["program"].notna()
    if not missing.any():
        return contacts
    by_name = ids_by_name(programs)  # a name several programs share links to none of them
    out = contacts.copy()
    out.loc[missing, "program_id"] = name_keys(out.loc[missing, "program"]).map(by_name)
    return out


def _computed(
    frame: pd.DataFrame, profile: Profile, weights: Weights, as_of: date, contacts: pd.DataFrame | None, applications: pd.DataFrame | None = None
) -> dict[str, Any]:
    """Every score column as a plain array, row for row with frame."""
    friendly = rubric.friendliness(frame, contacts, as_of)
    point = weights.point
    friendly["img_friendliness_point"] = fit.at(friendly["img_friendliness"], friendly["img_friendliness_max"], point)
    friendly["visa_point"] = fit.at(friendly["visa_lo"], friendly["visa_hi"], point)
    elig = eligibility.check(frame, profile, as_of)
    factors = fit.factors(frame, friendly, profile, as_of, point, applications)
    fits = fit.score(factors, weights)
    criteria = tiers.criteria(frame)
    tier, rule = tiers.assign(
        fits["goal_fit"],
        friendly["img_friendliness_point"],
        friendly["img_friendliness"],
        friendly["visa_point"],
        elig["ineligible_mask"] > 0,
        rubric.codes(frame, "tier_override", tiers.OVERRIDE_CODES),
        profile.thresholds,
        friendly["past_imgs_lo"],
        criteria["research_level"],
        criteria["acgme_flagged"],
    )
    return {**friendly, **elig, **factors, **fits, **criteria, "tier": tier, "tier_rule": rule}


def _with(frame: pd.DataFrame, computed: dict[str, Any]) -> pd.DataFrame:
    # A re-uploaded export brings old score columns back as extra columns: the fresh ones win.
    stale = frame.columns.intersection(list(computed))
    if len(stale):
        frame = frame.drop(columns=stale)
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
    one program (see scoring.decision.research_next). contacts must already be linked.
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
    missing, counted = _input_status(frame, computed, profile)
    n_counted = counted.sum(axis=1)
    known_share = np.where(n_counted > 0, 1 - missing.sum(axis=1) / np.maximum(n_counted, 1), 1.0)
    return _with(frame, {**computed, "rank_group": group, "rank": rank, "known_share": known_share})


def by_rank(scored: pd.DataFrame) -> pd.DataFrame:
    return scored.sort_values("rank", kind="stable").reset_index(drop=True)


def _scoring_inputs(frame: pd.DataFrame, profile: Profile) -> list[str]:
    # A column the sheet does not have is unknown, not absent from the question: the guide's own
    # sheet has no "mention of international trainees" or "IMG instructions" column, yet the visa
    # points wait on them (the oracle, scoring.decision.reference.known_share, counts them too).
    return relevant_inputs(profile)


def _input_status(frame: pd.DataFrame, computed: Any, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """Two programs × inputs boolean matrices over the inputs that feed this
    applicant's score: which are unknown, and which count at all. A rubric input
    counts only while its answer could still change a rubric part, so a part shows a
    range exactly when one of its inputs is named: your own rubric points decide
    their part (your clarity points also answer the visa rule's "clear IMG info"),
    `img_info` decides clarity over the IMG FAQ, an email in the log decides
    responsiveness over the `responsiveness` column, an answer that settles past
    IMGs settles both counts (the sheet's IMGs present = N; one IMG in five years),
    and a visa input counts only where some answer to it moves the visa points
    (rubric.visa_matters) — or, for the J-1 and H-1B, where eligibility reads it
    for the visa this applicant needs. computed holds `past_imgs_lo`/`_hi` and
    `responsiveness_from_log`, row for row with frame."""
    columns = _scoring_inputs(frame, profile)
    n = len(frame)

    def given(column: str) -> np.ndarray:
        return frame[column].notna().to_numpy() if column in frame else np.zeros(n, dtype=bool)

    past_settled = given("past_imgs_points") | (np.asarray(computed["past_imgs_lo"], dtype=float) >= np.asarray(computed["past_imgs_hi"], dtype=float))
    visa = rubric.visa_matters(frame)
    need = profile.visa_need
    decided = {
        "j1": ~visa["j1"] & (need in ("none", "h1b")),
        "h1b": ~visa["h1b"] & (need in ("none", "j1")),
        "intl_trainees_mentioned": ~visa["intl_trainees_mentioned"],
        # Clarity waits on it unless your clarity points are given, and those answer it for the visa rule too.
        "img_info": given("clarity_points"),
        "img_faq": given("img_info") | given("clarity_points"),
        "imgs_last_5y": past_settled,
        "img_cohorts_last_5y": past_settled,
        "responsiveness": given("responsiveness_points") | np.asarray(computed["responsiveness_from_log"], dtype=bool),
    }
    if not columns:
        return np.zeros((n, 0), dtype=bool), np.zeros((n, 0), dtype=bool)
    counted = np.column_stack([~decided.get(c, np.zeros(n, dtype=bool)) for c in columns])
    missing = np.column_stack([~given(c) for c in columns]) & counted
    return missing, counted


# An input whose label says what the sheet already answered: the count of IMGs where the
# sheet's "IMGs present in last 5 years (Y/N)" says Y (some, but not how many).
SOME_IMGS_LABEL = "how many IMGs in the last five years (your sheet says some)"


def unknown_inputs(scored: pd.DataFrame, profile: Profile) -> pd.Series:
    """The inputs still unknown that feed each program's score, in words
    (those that count, as in _input_status), joined by Arrow: one label column
    per input, blank where known, so nothing is joined per program in Python."""
    missing, _ = _input_status(scored, scored, profile)
    columns = _scoring_inputs(scored, profile)
    some = rubric.num(scored, "imgs_present_last_5y") == 1
    if not columns or len(scored) == 0:
        return pd.Series("", index=scored.index, dtype="string")
    text = pa.large_string()
    # The Profile's answers not said yet come first: the range waits on the applicant, not on the program.
    unsaid = [(f"{words} (not in your Profile yet); ", mask) for _factor, words, mask in fit.unsaid_answers(scored, profile)]
    chunks = []
    for start in range(0, len(scored), TEXT_CHUNK_ROWS):  # a chunk at a time: every input's labels at once would be the peak
        rows = slice(start, start + TEXT_CHUNK_ROWS)
        # Each label with its separator, then the last separator cut (Arrow's null skipping drops rows of nulls).
        labels = [pc.if_else(pa.array(mask[rows]), pa.scalar(words, text), pa.scalar("", text)) for words, mask in unsaid] + [
            pc.if_else(
                pa.array(missing[rows, i]),
                pc.if_else(pa.array(some[rows]), pa.scalar(SOME_IMGS_LABEL + "; ", text), pa.scalar(CANDIDATES[c].label + "; ", text))
                if c == "imgs_last_5y"
                else pa.scalar(CANDIDATES[c].label + "; ", text),
                pa.scalar("", text),
            )
            for i, c in enumerate(columns)
        ]
        chunks.append(pc.utf8_slice_codeunits(pc.binary_join_element_wise(*labels, pa.scalar("", text)), 0, -len("; ")))
    return pd.Series(pd.array(pa.chunked_array(chunks, text), dtype="string"), index=scored.index)


TEXT_CHUNK_ROWS = 32_768


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


# Where the programs' own columns end in a scored frame: everything from here on was computed or joined.
FIRST_COMPUTED = "past_imgs_lo"


RESEARCH_ITEMS_LISTED = 3  # to-do items per program in the ranked list's research_next column


def _first_items(todo: pd.DataFrame, ids: pd.Series, n: int = RESEARCH_ITEMS_LISTED) -> pd.Series:
    """The first n to-do items per program joined by a space, per id in ids ("" for none).
    Items are taken by position and joined by Arrow, not per program in Python."""
    if todo.empty:
        return pd.Series("", index=ids.index, dtype="string")
    encoded = pc.dictionary_encode(arrow_text(todo["program_id"]))
    program = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    order = np.argsort(program, kind="stable")  # each program's items together, in their order
    counts = np.bincount(program, minlength=len(encoded.dictionary))
    starts = np.cumsum(counts) - counts
    # Only the first n items of each program are read, so they are taken straight from the
    # column's chunks: one combined copy of every item would be most of this step's memory.
    items = pa.array(todo["todo"], from_pandas=True)
    text = pa.large_string()
    space, blank = pa.scalar(" ", text), pa.scalar("", text)
    joined = None
    for k in range(n):
        item = _one_chunk(pc.take(items, order[np.minimum(starts + k, len(order) - 1)])).cast(text)
        if k:  # item k with the space before it, blank where a program has fewer
            item = pc.if_else(pa.array(counts > k), pc.binary_join_element_wise(space, item, blank), blank)
        joined = item if joined is None else pc.binary_join_element_wise(joined, item, blank)
    where = pc.index_in(arrow_text(ids), value_set=encoded.dictionary)  # null for a program with no items
    return pd.Series(pd.array(pc.fill_null(pc.take(joined, where), blank), dtype="string"), index=ids.index)


def _one_chunk(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def arrow_text(values: pd.Series) -> pa.Array:
    """A text column as one Arrow array (taking rows from thousands of chunks is slow)."""
    return _one_chunk(pa.array(values, from_pandas=True))


def ranked_list(scored: pd.DataFrame, profile: Profile, weights: Weights, as_of: date, todo: pd.DataFrame | None = None, compact: bool = False) -> pd.DataFrame:
    """The export, best first, so that it can replace the user's own sheet:
    the contract's first columns, one column per weighted factor, `notes`, every
    other input column under the contract's names, the user's extra columns,
    then the details (ranges, reasons, what is unknown, rubric parts).

    todo: scoring.decision.research_next output; its first items become a `research_next` column.
    compact: the sentences (reasons, explanation, what is unknown, research next) as categories,
    each distinct sentence held once: a CSV written from it reads the same, in a fraction of the
    memory (100,000 programs repeat a few thousand sentences).
    """

    def sentence(values: pd.Series) -> pd.Series:
        return values.astype("category") if compact else values

    # Columns are gathered in a dict and framed once: inserting ~80 columns one by one costs more.
    out: dict[str, Any] = {}
    # Only the exported columns are put in rank order (sorting scored would copy every score column
    # too), and the sentences as soon as they are written, so no unsorted copy of them waits.
    order = np.argsort(scored["rank"].to_numpy(), kind="stable")

    def in_rank(values: pd.Series) -> pd.Series:
        return values.take(order).set_axis(pd.RangeIndex(len(order)))  # a Series, so object columns stay object

    reasons = sentence(eligibility.reasons(scored, scored, profile, as_of))
    with_reasons = scored.assign(ineligible_reasons=reasons)
    for column in EXPORT_FIRST:
        out[column] = with_reasons.get(column, pd.NA)
    out["fit_score"] = scored["fit_score"].round(1)
    for name in FACTORS:
        out[f"factor_{name}"] = scored[f"factor_{name}"].round(3)
    out["notes"] = scored.get("notes", pd.NA)
    for column in (c.name for c in TABLES["programs"]):
        if column in scored and column not in out:
            out[column] = scored[column]
    own = scored.columns[: scored.columns.get_loc(FIRST_COMPUTED)] if FIRST_COMPUTED in scored else scored.columns
    details = {
        "fit_score_min": scored["fit_score_min"].round(1),
        "fit_score_max": scored["fit_score_max"].round(1),
        "known_percent": (100 * scored["known_share"]).round().astype("int64") if "known_share" in scored else pd.NA,
        "tier_reason": in_rank(sentence(tiers.reasons(with_reasons, profile.thresholds, weights.unknowns))),
        "explanation": in_rank(sentence(fit.explanation_text(scored, weights))),
        "unknown_inputs": in_rank(sentence(unknown_inputs(scored, profile))),
    }
    if todo is not None:
        details["research_next"] = in_rank(sentence(_first_items(todo, scored["program_id"])))
    for component in rubric.COMPONENTS:
        details[f"rubric_{component}"] = scored[f"{component}_lo"]
        details[f"rubric_{component}_max"] = scored[f"{component}_hi"]
    for column in own:
        if column not in out and column not in details and column != ROW_COLUMN:
            out[column] = scored[column]
    out.update(details)
    sentences = {"tier_reason", "explanation", "unknown_inputs", "research_next"}  # already in rank order
    columns = {name: in_rank(value) if isinstance(value, pd.Series) and name not in sentences else value for name, value in out.items()}
    return pd.DataFrame(columns, index=pd.RangeIndex(len(order)), copy=False)


SCORE_COLUMNS = frozenset(
    [f"{c}_{end}" for c in rubric.COMPONENTS for end in ("lo", "hi")]
    + ["responsiveness_from_log", "img_friendliness", "img_friendliness_max", "img_friendliness_point", "visa_point"]
    + ["eligible", "ineligible_mask", "unknown_rule_mask"]
    + [f"factor_{f}{end}" for f in FACTORS for end in ("", "_min", "_max")]
    + [f"points_{f}" for f in FACTORS]
    + [f"{score}{end}" for score in ("fit_score", "goal_fit") for end in ("", "_min", "_max")]
    + ["tier", "tier_rule", "rank_group", "rank", "known_share"]
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
