"""What to research next: for each unknown input, how far learning it could
move the program (its fit score range, and which tiers it could land in).

Every hypothetical answer is a variant row holding only the inputs of the score
parts that answer can change; those parts are re-scored with the rubric's and the
fit's own functions, the rest are the scored row's, and variants are scored in
fixed-size vectorised chunks, so memory stays O(programs × inputs) and nothing
runs per row in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.settings import FACTORS, Profile, Weights
from scoring.decision import eligibility, fit, rubric, tiers
from scoring.decision.inputs import CANDIDATES, COUNT_DATE, research_inputs
from scoring.decision.ranking import arrow_text, link_contacts
from scoring.decision.rubric import COMPONENTS, contradictory
from scoring.decision.tiers import TIERS
from scoring.vocabulary.wording import column_words, words


def _variant_value(column: str, value: object, as_of: date) -> object:
    if column == "established_year" and value == 9999:
        return as_of.year  # "brand new"
    if column == "strengths" and value == "":
        return "other"  # known, and none that matter
    return value


# The score parts an answer can change, each with every input column it reads
# (tests check the lists are complete). An answer re-scores only the parts that
# read its input; every other part is the scored row's own.
PART_COLUMNS: dict[str, tuple[str, ...]] = {
    "past_imgs": ("imgs_last_5y", "img_cohorts_last_5y", "imgs_present_last_5y", "past_imgs_points"),
    "visa": ("j1", "h1b", "intl_trainees_mentioned", "img_info", "clarity_points", "visa_points"),
    "clarity": ("img_info", "img_faq", "clarity_points"),
    "responsiveness": ("program_id", "responsiveness", "responsiveness_points"),
    "eligibility": (
        "j1",
        "h1b",
        "min_step2_score",
        "max_attempts",
        "max_years_since_graduation",
        "ecfmg_required_by",
        "requires_prior_residency",
        "entry_level",
        "track",
    ),
    "focus": ("peds_emphasis", "adult_emphasis", "childrens_hospital", "cancer_center", "onsite_labs", "strengths", "track", "specialty", "nrmp_code"),
    "research": ("research_time", "onsite_labs"),
    "location": ("division", "cost_of_living", "community_support"),
    "stability": ("acgme_status", "established_year"),
    "interest": ("interest",),
}
CONTRADICTION_COLUMNS = ("img_info", "img_faq", "imgs_last_5y", "img_cohorts_last_5y", "imgs_present_last_5y")  # what rubric.contradictory reads
# The scored columns an answer's fit and tier are built from where its parts leave them as they are.
NOW_COLUMNS = (
    *(f"{c}_{end}" for c in COMPONENTS for end in ("lo", "hi")),
    *(f"factor_{f}" for f in FACTORS),
    "img_friendliness",
    "img_friendliness_point",
    "visa_point",
    "ineligible_mask",
    "research_level",
    "acgme_flagged",
)
CHUNK_ROWS = 65_536  # variant rows scored at a time: bounds memory whatever the table's size


def part_values(part: str, frame: pd.DataFrame, profile: Profile, as_of: date, contacts: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """One part's score columns (named as in a scored frame) for each row of frame."""
    if part == "responsiveness":
        lo, hi, _ = rubric.responsiveness(frame, contacts, as_of)
    elif part in COMPONENTS:
        lo, hi = {"past_imgs": rubric.past_imgs, "visa": rubric.visa, "clarity": rubric.clarity}[part](frame)
    elif part == "eligibility":
        return {"ineligible_mask": eligibility.check(frame, profile, as_of)["ineligible_mask"]}
    else:
        lo, hi = {
            "focus": lambda: fit.focus(frame, profile),
            "research": lambda: fit.research(frame, profile),
            "location": lambda: fit.location(frame, profile),
            "stability": lambda: fit.stability(frame, as_of),
            "interest": lambda: fit.interest(frame),
        }[part]()
        out = {f"factor_{part}_min": lo, f"factor_{part}_max": hi}
        if part in ("research", "stability"):  # the tiers read research time and ACGME status themselves
            out.update({k: v for k, v in tiers.criteria(frame).items() if k == {"research": "research_level", "stability": "acgme_flagged"}[part]})
        return out
    return {f"{part}_lo": lo, f"{part}_hi": hi}


def _rows_of(columns: dict[str, np.ndarray], rows: np.ndarray, column: str) -> np.ndarray:
    return columns[column][rows]


def _fit_and_tier(
    parts: dict[str, np.ndarray], now: Callable[[str], np.ndarray], override: np.ndarray, profile: Profile, weights: Weights
) -> tuple[np.ndarray, np.ndarray]:
    """Fit score and tier code, combined as scoring.decision.ranking combines them, from the
    re-scored parts and now(column), the scored row's value of anything else."""
    point = weights.point
    if any(f"{c}_lo" in parts for c in COMPONENTS):
        lo = [parts[f"{c}_lo"] if f"{c}_lo" in parts else now(f"{c}_lo") for c in COMPONENTS]
        hi = [parts[f"{c}_hi"] if f"{c}_hi" in parts else now(f"{c}_hi") for c in COMPONENTS]
        friendly, friendly_max = np.add.reduce(lo), np.add.reduce(hi)
        friendly_point = fit.at(friendly, friendly_max, point)
        visa_point = fit.at(lo[COMPONENTS.index("visa")], hi[COMPONENTS.index("visa")], point)
        friendliness_factor = fit.at(friendly / 10, friendly_max / 10, point)
    else:
        friendly, friendly_point, visa_point = now("img_friendliness"), now("img_friendliness_point"), now("visa_point")
        friendliness_factor = now("factor_friendliness")
    factors = {
        f"factor_{f}": fit.at(parts[f"factor_{f}_min"], parts[f"factor_{f}_max"], point) if f"factor_{f}_min" in parts else now(f"factor_{f}")
        for f in FACTORS
        if f != "friendliness"
    }
    factors["factor_friendliness"] = friendliness_factor
    ineligible = parts["ineligible_mask"] if "ineligible_mask" in parts else now("ineligible_mask")
    goal = fit.weighted(factors, weights, skip=("friendliness",))
    past_lo = parts["past_imgs_lo"] if "past_imgs_lo" in parts else now("past_imgs_lo")
    research_level = parts["research_level"] if "research_level" in parts else now("research_level")
    flagged = (parts["acgme_flagged"] if "acgme_flagged" in parts else now("acgme_flagged")).astype(bool)
    tier, _ = tiers.assign(goal, friendly_point, friendly, visa_point, ineligible > 0, override, profile.thresholds, past_lo, research_level, flagged)
    return fit.weighted(factors, weights), np.asarray(tier.codes, dtype=np.int64)


def research_next(
    scored: pd.DataFrame,
    programs: pd.DataFrame,
    profile: Profile,
    weights: Weights,
    as_of: date,
    contacts: pd.DataFrame | None = None,
    applications: pd.DataFrame | None = None,
    first: int | None = None,
    season_opens: date | None = None,
    only: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """One row per (program, unknown input), most consequential first within each program;
    with `first`, only each program's first that many (what a ranked list shows); with `only`,
    only those columns (and program_id and todo), the others never made.

    scored must be programs scored with the same settings, contacts and applications:
    its parts are reused. Each (program, unknown input) pair gets a variant per possible
    answer, holding only the columns of the parts that input feeds; variants are scored
    in chunks as an answers × pairs block, so each pair's fit range and the set of tiers
    its answers reach (a bit mask) are column reductions, with nothing per row in Python.
    """
    del applications  # only the reflection factor reads them, and no answer changes it: scored's is reused
    base = programs.reset_index(drop=True)
    if len(base) != len(scored):  # programs set aside (no pack for their specialty) were not scored
        base = base[pd.Index(scored["program_id"]).get_indexer(base["program_id"]) >= 0].reset_index(drop=True)
    linked = link_contacts(contacts, base)
    position = pd.Index(scored["program_id"]).get_indexer(base["program_id"])  # base row -> scored row
    inputs = [c for c in research_inputs(profile, as_of) if c in base]
    columns = ["program_id", "program", "input", "todo", "tier_now", "tiers_possible", "fit_now", "fit_low", "fit_high", "could_change_tier", "swing"]
    columns = [c for c in columns if only is None or c in only or c in ("program_id", "todo")]
    # Pairs in (input, program row) order: the order the output keeps among equals.
    pair_rows = []
    # A cutoff not checked yet changes only eligibility: its "none" leaves the tier as it is and an
    # answer that excludes makes it not eligible, the fit unchanged. So its pairs are read from the
    # scored rule mask (the programs where it could exclude this applicant) with no variants at all.
    unknown_mask = scored["unknown_rule_mask"].to_numpy(dtype=np.int64)[position]
    excluding = {column: _excludes(column, base[column].dtype, profile, as_of) for column in inputs if column in eligibility.UNCHECKED_WORDS}
    for column in inputs:
        missing = base[column].isna().to_numpy(dtype=bool)
        if column in excluding:
            missing = missing & ((unknown_mask & eligibility.UNCHECKED_WORDS[column][0]) > 0) & excluding[column]
        if column == "responsiveness":
            from_log = scored["responsiveness_from_log"].to_numpy(dtype=bool)[position]
            missing = missing & ~from_log & base["responsiveness_points"].isna().to_numpy(dtype=bool)
        pair_rows.append(np.flatnonzero(missing).astype(np.int32))  # a row number per pair: a million pairs at 100,000 programs
    rows_of_pair = np.concatenate(pair_rows) if pair_rows else np.empty(0, dtype=np.int32)
    if len(rows_of_pair) == 0:
        # Nothing unknown to score: cells to fix and facts from an earlier season may still be listed.
        empty = pd.DataFrame(columns=columns)
        listed = _with_cells_to_fix(empty, base, scored, position, inputs, np.empty(0, dtype=np.int64))
        listed = _with_count_date(listed, 0, base, scored, position, profile, as_of, first)
        listed = _with_earlier_season(listed, base, scored, position, linked if contacts is not None else None, season_opens)
        return _with_disagreements(listed, base, scored, position)[columns]
    input_of_pair = np.repeat(np.arange(len(inputs), dtype=np.int16), [len(r) for r in pair_rows])

    parts_of = {column: [p for p, read in PART_COLUMNS.items() if column in read] for column in inputs}
    needed = {c for column in inputs for p in parts_of[column] for c in PART_COLUMNS[p]} | set(CONTRADICTION_COLUMNS)
    narrow = _one_chunk(base[[c for c in base.columns if c in needed]])
    arrays = {c: narrow[c].array for c in narrow.columns}
    # The scored row's values and override, row for row with base.
    scored_now = {c: scored[c].to_numpy(dtype=float)[position] for c in NOW_COLUMNS}
    override = rubric.codes(base, "tier_override", tiers.OVERRIDE_CODES)
    already = contradictory(base)  # an answer contradicting what is known is not possible, unless the row already contradicts itself

    fit_low = np.empty(len(rows_of_pair))
    fit_high = np.empty(len(rows_of_pair))
    reach = np.empty(len(rows_of_pair), dtype=np.int64)  # bit t set: tier TIERS[t] is reachable
    start = 0
    fit_scored = scored["fit_score"].to_numpy(dtype=float)[position]
    for column, rows_all in zip(inputs, pair_rows, strict=True):
        if column in excluding:
            done = slice(start, start + len(rows_all))
            fit_low[done] = fit_high[done] = fit_scored[rows_all]
            now_codes = _tier_codes(scored["tier"])[position[rows_all]]
            free = np.isnan(override[rows_all])  # your own tier (or exclusion) wins over eligibility
            reach[done] = (1 << now_codes) | np.where(free, 1 << TIERS.index("not-eligible"), 0)
            start += len(rows_all)
            continue
        values_of = pd.Series([_variant_value(column, v, as_of) for v in CANDIDATES[column].values], dtype=base[column].dtype).array
        n_answers = len(values_of)
        checks = column in CONTRADICTION_COLUMNS  # other answers leave contradictory()'s inputs as they are
        # Only the columns the table has: a part reads an absent column as unknown.
        reads = (({c for p in parts_of[column] for c in PART_COLUMNS[p]} | set(CONTRADICTION_COLUMNS if checks else ())) & set(arrays)) - {column}
        step = max(1, CHUNK_ROWS // n_answers)
        for offset in range(0, len(rows_all), step):
            rows = rows_all[offset : offset + step]
            variant_rows = np.tile(rows, n_answers)  # answer-major: a block of answers × pairs
            variant = pd.DataFrame(
                {**{c: arrays[c].take(variant_rows) for c in sorted(reads)}, column: values_of.take(np.repeat(np.arange(n_answers), len(rows)))}
            )
            parts: dict[str, np.ndarray] = {}
            for part in parts_of[column]:
                parts.update(part_values(part, variant, profile, as_of, linked))
            fit_score, tier = _fit_and_tier(parts, partial(_rows_of, scored_now, variant_rows), override[variant_rows], profile, weights)
            shape = (n_answers, len(rows))
            possible = (~contradictory(variant) | already[variant_rows]).reshape(shape) if checks else np.ones(shape, dtype=bool)
            fit_score, tier = fit_score.reshape(shape), tier.reshape(shape)
            done = slice(start + offset, start + offset + len(rows))
            fit_low[done] = np.where(possible, fit_score, np.inf).min(axis=0)
            fit_high[done] = np.where(possible, fit_score, -np.inf).max(axis=0)
            reach[done] = np.bitwise_or.reduce(np.where(possible, 1 << tier, 0), axis=0)
        start += len(rows_all)
    del pair_rows, narrow, arrays, scored_now, already  # the variants are scored: from here on, arrays of pairs only

    keep = reach > 0  # pairs with at least one possible answer
    tier_now = _tier_codes(scored["tier"])[position][rows_of_pair]
    swing = fit_high - fit_low
    np.round(swing, 1, out=swing)  # from the unrounded range, as before; in place, as are the rest (a million pairs each)
    np.round(fit_low, 1, out=fit_low)
    np.round(fit_high, 1, out=fit_high)
    changes = (reach & ~(1 << tier_now)) != 0
    keep &= (swing > 0) | changes
    pairs = np.flatnonzero(keep)
    del keep
    # By program id, then what could exclude you (a cutoff not checked yet, a visa policy), then
    # other tier changes, then the widest swing; stable, so equals keep (input, row) order, in which
    # cutoffs come likeliest to exclude first.
    id_rank = pc.rank(arrow_text(base["program_id"]), tiebreaker="dense").to_numpy()
    excludes = changes & ((reach >> TIERS.index("not-eligible")) & 1 == 1)
    pairs = pairs[np.lexsort((-swing[pairs], ~changes[pairs], ~excludes[pairs], id_rank[rows_of_pair[pairs]]))]
    if first is not None and len(pairs):
        # Each program's items are together now: keep those within `first` of its first, before any text is made.
        program = id_rank[rows_of_pair[pairs]]
        starts = np.flatnonzero(np.r_[True, program[1:] != program[:-1]])
        place = np.arange(len(pairs)) - np.repeat(starts, np.diff(np.r_[starts, len(pairs)]))
        pairs = pairs[place < first]
    # The listed pairs only from here on: every array of all pairs is let go.
    input_of_pair, tier_now, reach, changes = input_of_pair[pairs].astype(np.int64), tier_now[pairs], reach[pairs], changes[pairs]
    fit_low, fit_high, swing, rows_of_pair = fit_low[pairs], fit_high[pairs], swing[pairs], rows_of_pair[pairs]
    rows_now = position[rows_of_pair]
    todo = _todo(input_of_pair, tier_now, reach, changes, fit_low, fit_high, inputs)
    made: dict[str, Callable[[], object]] = {
        "program_id": lambda: base["program_id"].array.take(rows_of_pair),
        "program": lambda: _text(arrow_text(scored["program"]), rows_now),
        "input": lambda: _text([CANDIDATES[c].label for c in inputs], input_of_pair),
        "todo": lambda: todo,
        "tier_now": lambda: _text(TIERS, tier_now),
        "tiers_possible": lambda: _text(_TIER_SETS, reach),
        "fit_now": lambda: scored["fit_score"].round(1).to_numpy()[rows_now],
        "fit_low": lambda: fit_low,
        "fit_high": lambda: fit_high,
        "could_change_tier": lambda: changes,
        "swing": lambda: swing,
    }
    out = pd.DataFrame({c: made[c]() for c in columns})
    in_order = len(out)  # the items in program order; those added after them are not
    out = _with_cells_to_fix(out, base, scored, position, inputs, input_of_pair)
    out = _with_count_date(out, in_order, base, scored, position, profile, as_of, first)
    out = _with_earlier_season(out, base, scored, position, linked if contacts is not None else None, season_opens)
    return _with_disagreements(out, base, scored, position)[columns]


def _appended(out: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """out with the added items after it, in out's columns."""
    if not added.columns.equals(out.columns):
        added = added[list(out.columns)]
    out = pd.concat([out, added], ignore_index=True)
    return out.astype({"could_change_tier": bool}) if "could_change_tier" in out else out


def _with_count_date(
    out: pd.DataFrame, in_order: int, base: pd.DataFrame, scored: pd.DataFrame, position: np.ndarray, profile: Profile, as_of: date, first: int | None
) -> pd.DataFrame:
    """An item per program whose limit on years since graduation you meet counted to the application
    but not to the start of training (eligibility.GRAD_YEARS_BY_DATE): a question for the program,
    which could make it not eligible, so it comes first among the program's items. out's first
    in_order items are in program order (by id), as research_next makes them; each question goes in
    before its program's first of those (items added after them, cells to fix, stay where they are)."""
    unknown = scored["unknown_rule_mask"].to_numpy(dtype=np.int64)[position]
    rows = np.flatnonzero((unknown & eligibility.GRAD_YEARS_BY_DATE) > 0)
    if not len(rows):
        return out
    id_rank = pc.rank(arrow_text(base["program_id"]), tiebreaker="dense").to_numpy()
    rows = rows[np.argsort(id_rank[rows], kind="stable")]
    now = position[rows]
    tier_now = _tier_codes(scored["tier"])[now]
    free = np.isnan(rubric.codes(base, "tier_override", tiers.OVERRIDE_CODES)[rows])  # your own tier wins over eligibility
    reach = (1 << tier_now) | np.where(free, 1 << TIERS.index("not-eligible"), 0)
    changes = (reach & ~(1 << tier_now)) != 0
    limit = pd.to_numeric(base["max_years_since_graduation"], errors="coerce").to_numpy(dtype=float)[rows]
    you_are = eligibility.counted_words(profile, as_of)
    said: dict[tuple[float, int, bool], str] = {}
    todo = []
    for n, t, c in zip(limit.tolist(), tier_now.tolist(), changes.tolist(), strict=True):
        if (n, t, c) not in said:
            head = f"{COUNT_DATE.action}: their limit is {n:g} years and you are {you_are}"
            said[(n, t, c)] = head + (f"; could move from {_TIER_WORDS[t]} to not eligible." if c else ".")
        todo.append(said[(n, t, c)])
    fit_now = scored["fit_score"].round(1).to_numpy()[now]
    added = pd.DataFrame(
        {
            "program_id": base["program_id"].to_numpy()[rows],
            "program": scored["program"].to_numpy()[now],
            "input": COUNT_DATE.label,
            "todo": todo,
            "tier_now": np.asarray(TIERS, dtype=object)[tier_now],
            "tiers_possible": np.asarray(_TIER_SETS, dtype=object)[reach],
            "fit_now": fit_now,
            "fit_low": fit_now,
            "fit_high": fit_now,
            "could_change_tier": changes,
            "swing": 0.0,
        }
    )
    if out.empty:
        return _appended(out, added)
    added = added[list(out.columns)].astype(out.dtypes.to_dict())  # the items' own dtypes, whatever is added
    # Both in program order: each item goes in before the first of its program's others.
    rank_out = id_rank[pd.Index(base["program_id"]).get_indexer(pd.Index(out["program_id"].iloc[:in_order]))]
    at = np.searchsorted(rank_out, id_rank[rows], side="left")
    order = np.insert(np.arange(len(out)), at, len(out) + np.arange(len(added)))
    out = _appended(out, added).take(order).reset_index(drop=True)
    if first is None:
        return out
    # With `first`, the question is one of the program's first items: its last one makes room.
    ordered = in_order + len(added)
    keep = np.ones(len(out), dtype=bool)
    keep[:ordered] = out["program_id"].iloc[:ordered].groupby(out["program_id"].iloc[:ordered], sort=False).cumcount().to_numpy() < first
    return out[keep].reset_index(drop=True)


def _with_disagreements(out: pd.DataFrame, base: pd.DataFrame, scored: pd.DataFrame, position: np.ndarray) -> pd.DataFrame:
    """An item per group two sources disagree on (data.disagreements), after the others: the
    newer value is scored, and which one is right is still to settle. The few programs with
    a second source only."""
    from data import disagreements
    from data.columns import FACT_GROUPS
    from scoring.decision import provenance

    found = disagreements.table(base)
    if found.empty:
        return out
    said = found.assign(line=provenance.disagreement_lines(found)).groupby(["program_id", "group"], sort=False)["line"].agg("; ".join).reset_index()
    where = pd.Index(base["program_id"].astype(str)).get_indexer(pd.Index(said["program_id"].astype(str)))
    added = _items_that_move_nothing(
        said["program_id"].to_numpy(),
        scored,
        position[where],
        [f"{FACT_GROUPS[g]} ({provenance.SETTLE})" for g in said["group"]],
        [
            f"Settle which source is right for the {FACT_GROUPS[g].lower()} facts: {line}. Pick one on the Programs page."
            for g, line in zip(said["group"], said["line"], strict=True)
        ],
    )
    return _appended(out, added)


def _with_earlier_season(
    out: pd.DataFrame, base: pd.DataFrame, scored: pd.DataFrame, position: np.ndarray, contacts: pd.DataFrame | None, opens: date | None
) -> pd.DataFrame:
    """An item per group of known facts that is from an earlier season (or never dated),
    after the others: the answer may have changed since. Only with the season's opening given."""
    if opens is None:
        return out
    from data.columns import FACT_GROUPS
    from scoring.decision import provenance

    old = provenance.earlier_season(base, opens, contacts)
    rows, groups = np.nonzero(old.to_numpy())
    if not len(rows):
        return out
    names = list(FACT_GROUPS)
    now = position[rows]
    words_of = [FACT_GROUPS[n] for n in names]
    added = _items_that_move_nothing(
        base["program_id"].to_numpy()[rows],
        scored,
        now,
        # Labels taken by Arrow, one per group: no string is built per program.
        _text([f"{w} ({provenance.EARLIER})" for w in words_of], groups),
        _text([f"Check the {w.lower()} facts again: they are {provenance.EARLIER} or never dated." for w in words_of], groups),
    )
    return _appended(out, added)


def _items_that_move_nothing(program_ids: object, scored: pd.DataFrame, now: np.ndarray, inputs: object, todos: object) -> pd.DataFrame:
    """Research items that change no score (a fact to date again, a cell to fix): the program's
    tier and fit as they are."""
    fit_now = scored["fit_score"].round(1).to_numpy()[now]
    tier_now = scored["tier"].to_numpy()[now]
    return pd.DataFrame(
        {
            "program_id": program_ids,
            "program": scored["program"].to_numpy()[now],
            "input": inputs,
            "todo": todos,
            "tier_now": tier_now,
            "tiers_possible": tier_now,
            "fit_now": fit_now,
            "fit_low": fit_now,
            "fit_high": fit_now,
            "could_change_tier": False,
            "swing": 0.0,
        }
    )


def _with_cells_to_fix(
    out: pd.DataFrame, base: pd.DataFrame, scored: pd.DataFrame, position: np.ndarray, inputs: list[str], input_code: np.ndarray
) -> pd.DataFrame:
    """Cells the app could not read (kept as written, counted as unknown) say so in their
    research item; a flagged cell no item covers gets an item of its own, after the others.
    Works on the flagged programs only, which are few."""
    from data import flags  # the hidden column's format; scoring reads it, never writes it

    if flags.FLAGS not in base or not flags.flagged_rows(base).any():
        return out
    from data.columns import SILENT_CUTOFF_REASON

    cells = flags.table(base, column_words)  # a cell typed in the grid has no header of the user's: the column in words

    def said_of(value: str, header: str, reason: str) -> str:
        if reason == SILENT_CUTOFF_REASON:  # read, and the program's silence: a question to ask, not a cell to fix
            return f"You wrote '{value}' in {header}: the program does not state it, which is not the same as no cutoff; ask the program, and write none there if it has none. "
        return f"You wrote '{value}' in {header}, which could not be read ({reason}); fix it on the Programs page. "

    said = {
        (pid, col): said_of(value, header, reason)
        for pid, col, header, value, reason in zip(cells["program_id"], cells["column"], cells["header"], cells["value"], cells["reason"], strict=True)
    }
    column_of_item = np.asarray(inputs, dtype=object)[input_code] if len(input_code) else np.empty(0, dtype=object)
    todo = out["todo"].astype("str")
    covered: set[tuple[str, str]] = set()
    # Only the items of flagged programs (few) are looked at one by one; the rest keep their text.
    ids = out["program_id"].astype(str)
    near = np.flatnonzero(ids.isin({pid for pid, _ in said}).to_numpy(dtype=bool))
    at, texts = np.zeros(len(out), dtype=bool), []
    for i, pid, col in zip(near.tolist(), ids.iloc[near].to_numpy(), column_of_item[near], strict=True):
        if (pid, col) in said:
            at[i] = True
            texts.append(said[(pid, col)] + str(todo.iat[i]))
            covered.add((pid, col))
    if texts:
        todo = pd.Series(_replaced(pa.array(todo.array), at, texts))
    out = out.assign(todo=todo.array)
    extra = cells[[(str(p), c) not in covered for p, c in zip(cells["program_id"], cells["column"], strict=True)]]
    if extra.empty:
        return out
    where = pd.Index(base["program_id"].astype(str)).get_indexer(pd.Index(extra["program_id"].astype(str)))
    added = _items_that_move_nothing(
        extra["program_id"].to_numpy(),
        scored,
        position[where],
        extra["header"].to_numpy(),
        [said[(str(p), c)].rstrip() for p, c in zip(extra["program_id"], extra["column"], strict=True)],
    )
    return _appended(out, added)


def _replaced(values: pa.Array | pa.ChunkedArray, at: np.ndarray, texts: list[str]) -> pd.api.extensions.ExtensionArray:
    """values with the cells where `at` is set replaced by texts, in order; chunk by chunk,
    so only the chunks holding a replaced cell are copied."""
    text = pa.large_string()
    chunks, start, used = [], 0, 0
    for chunk in values.chunks if isinstance(values, pa.ChunkedArray) else [values]:
        chunk = chunk.cast(text)
        here = at[start : start + len(chunk)]
        n = int(here.sum())
        if n:
            chunk = pc.replace_with_mask(chunk, pa.array(here), pa.array(texts[used : used + n], text))
        chunks.append(chunk)
        start, used = start + len(chunk), used + n
    return pd.array(pa.chunked_array(chunks, text), dtype="str")


def _excludes(column: str, dtype: object, profile: Profile, as_of: date) -> bool:
    """Whether some answer to this cutoff excludes this applicant: an answer, alone in a
    row (every other column unknown), gives a reason of `no`."""
    probe = pd.DataFrame({column: pd.Series(list(CANDIDATES[column].values), dtype=dtype)})  # type: ignore[call-overload]
    return bool((eligibility.check(probe, profile, as_of)["ineligible_mask"] > 0).any())


def _text(labels: pa.Array | list[str], which: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """labels[which] as pandas text, taken by Arrow: no Python string per row."""
    return pd.array(pc.take(pa.array(labels, type=pa.large_string()) if isinstance(labels, list) else labels, which), dtype="str")


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


# A sentence names a tier in words: "low priority", not the stored "low-priority".
_TIER_WORDS = [words(t).lower() for t in TIERS]
# "dream, solid" for each bit mask of reachable tiers, in TIERS' order.
_TIER_SETS = [", ".join(t for i, t in enumerate(TIERS) if mask >> i & 1) for mask in range(1 << len(TIERS))]


def _todo(
    input_code: np.ndarray, tier_now: np.ndarray, reach: np.ndarray, changes: np.ndarray, fit_low: np.ndarray, fit_high: np.ndarray, inputs: list[str]
) -> pd.api.extensions.ExtensionArray:
    """The sentence for each pair, formatted once per distinct (input, tier now, tiers
    reachable) and once per distinct fit value, then joined column-wise by Arrow."""
    if len(input_code) == 0:  # Arrow cannot join arrays of no type
        return pd.array([], dtype="str")
    key = (input_code * len(TIERS) + tier_now) << len(TIERS) | reach
    distinct, which = np.unique(key, return_inverse=True)
    heads = []
    for code in distinct:
        k, t, mask = int(code >> len(TIERS)) // len(TIERS), int(code >> len(TIERS)) % len(TIERS), int(code) & ((1 << len(TIERS)) - 1)
        others = [name for i, name in enumerate(_TIER_WORDS) if mask >> i & 1 and i != t]
        action = CANDIDATES[inputs[k]].action
        heads.append(f"{action}: could move from {_TIER_WORDS[t]} to {' or '.join(others)} (fit " if others else f"{action}: fit could range ")
    text = pa.large_string()  # pandas' own, so the sentences are not copied again
    heads_text = pa.array(heads, text)
    chunks = []
    for start in range(0, len(which), CHUNK_ROWS):  # a chunk at a time: the parts of every sentence at once would double the peak
        part = slice(start, start + CHUNK_ROWS)
        tail = pc.if_else(pa.array(changes[part]), pa.scalar(").", text), pa.scalar(".", text))
        low, high = _g(fit_low[part]), _g(fit_high[part])
        chunks.append(pc.binary_join_element_wise(heads_text.take(which[part]), low, pa.scalar("–", text), high, tail, pa.scalar("", text)))
    return pd.array(pa.chunked_array(chunks, text), dtype="str")


def _g(values: np.ndarray) -> pa.Array:
    """'{:g}' of each value, formatted once per distinct value."""
    distinct, which = np.unique(values, return_inverse=True)
    return pc.take(pa.array([f"{v:g}" for v in distinct], pa.large_string()), which)
