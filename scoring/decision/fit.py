"""The fit score (0-100): a weighted mean of factors, each in [0, 1].

Unknown inputs are never imputed: each factor has a conservative value
(`factor_<name>_min`, every unknown at its least) and a potential value
(`factor_<name>_max`, every unknown at its most). The user chooses where in
that range programs are ranked and tiered (`Weights.unknowns`: the least, the
middle or the most); `factor_<name>` is the factor at that point, and
`fit_score`, `fit_score_min` and `fit_score_max` are the weighted means of
the three. Because the mean is linear, `fit_score` sits at the same point of
its own range.

Career focus is the mean of its evidence parts, each 0 or 1 when known and
0 to 1 while unknown. What counts as evidence for each focus is the specialty
pack's (data/specialties/*.toml, `[focuses.*]`): emphasis columns (1-5 scaled
to 0-1), yes/no columns, any one of its strength tags, and its track.
The track is positive evidence only: the pack's focus track counts 1. A known
track that does not match (a categorical program, say) is no evidence either
way, so that part is left out rather than counted as 0: categorical programs
can still be strongly focused. An unknown track is an unknown part (0 to 1), so
learning the track always lands inside the old range. A track the applicant
cannot enter (one that follows another residency they have not done) is no
evidence; while the Profile does not say whether there was a residency, the
focus spans both answers. Programs are scored with their own specialty's pack
and the career focus chosen for that specialty; with no focus chosen there,
focus is unknown (0 to 1), as research fit spans every career path while no
path is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.packs import Pack, registry
from data.settings import FACTOR_LABELS, FACTORS, Profile, Weights
from scoring.decision import reflection
from scoring.decision.distinct import per_distinct_row
from scoring.decision.rubric import codes, num, per_distinct
from scoring.vocabulary import specialty

RESEARCH_LEVELS = {"none": 0.0, "limited": 1.0, "moderate": 2.0, "extensive": 3.0}
# How much each research level suits a career path (index = level above).
RESEARCH_VALUE = {
    "academic": np.array([0.0, 1 / 3, 2 / 3, 1.0]),
    "industry": np.array([0.0, 1 / 3, 2 / 3, 1.0]),
    "clinical": np.array([0.5, 1.0, 1.0, 2 / 3]),
}
ACGME_VALUE = {"continued": 1.0, "initial": 0.6, "warning": 0.25, "probation": 0.0}
NEW_PROGRAM_YEARS = 5
NEW_PROGRAM_FACTOR = 0.8


def _known(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A [0, 1] input: known gives itself twice; unknown gives 0 and 1."""
    missing = np.isnan(values)
    return np.where(missing, 0.0, values), np.where(missing, 1.0, values)


def _mean(parts: list[tuple[np.ndarray, np.ndarray]], n: int) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(n), np.ones(n)
    return np.mean([p[0] for p in parts], axis=0), np.mean([p[1] for p in parts], axis=0)


def at(lo: Any, hi: Any, point: float) -> Any:
    """The value at point (0 conservative, 1 potential) of the range lo-hi."""
    return lo + point * (hi - lo)


def has_tag(frame: pd.DataFrame, tags: set[str]) -> np.ndarray:
    """1.0 if the strengths list any of tags, 0.0 if not, NaN when strengths are unknown."""
    if "strengths" not in frame:
        return np.full(len(frame), np.nan)
    return per_distinct(frame["strengths"], lambda value: float(bool(tags & set(value.split(";")))))


def _focus_in(frame: pd.DataFrame, pack: Pack | None, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """Focus for programs of one specialty (see the module docstring)."""
    n = len(frame)
    chosen = specialty.focus_of(profile, pack) if pack is not None else None
    if chosen is None:
        return np.zeros(n), np.ones(n)
    parts = [(num(frame, c) - 1) / 4 for c in chosen.emphasis] + [num(frame, c) for c in chosen.yes_no]
    if chosen.tags:
        parts.append(has_tag(frame, set(chosen.tags)))
    lo, hi = _mean([_known(p) for p in parts], n)
    evidence = specialty.track_evidence(pack, chosen.track, profile) if chosen.track and pack is not None else False
    if evidence is False or "track" not in frame:
        return lo, hi
    # The track is a part only where it matches (1) or is unknown (0-1); elsewhere it is left out.
    track = frame["track"]
    unknown = track.isna().to_numpy()
    match = (track == chosen.track).fillna(False).to_numpy(dtype=bool)
    counted = unknown | match
    k = len(parts)
    with_lo = np.where(counted, (lo * k + match) / (k + 1), lo)
    with_hi = np.where(counted, (hi * k + counted) / (k + 1), hi)
    if evidence is None:  # whether the track counts waits on the Profile: the range covers both answers
        return np.minimum(lo, with_lo), np.maximum(hi, with_hi)
    return with_lo, with_hi


def focus(frame: pd.DataFrame, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = np.zeros(len(frame)), np.ones(len(frame))
    for pack, _key, mask in specialty.groups(frame):
        if mask.all():
            return _focus_in(frame, pack, profile)
        lo[mask], hi[mask] = _focus_in(frame[mask], pack, profile)
    return lo, hi


def research(frame: pd.DataFrame, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    """Research fit for the career path; with no path said yet, the range over every path
    (each path's least to each path's most), never one path taken for the applicant."""
    level = codes(frame, "research_time", RESEARCH_LEVELS)
    if profile.career_path == "":
        ranges = [_research_for(frame, level, path) for path in RESEARCH_VALUE]
        return np.min([r[0] for r in ranges], axis=0), np.max([r[1] for r in ranges], axis=0)
    return _research_for(frame, level, profile.career_path)


def _research_for(frame: pd.DataFrame, level: np.ndarray, path: str) -> tuple[np.ndarray, np.ndarray]:
    table = RESEARCH_VALUE[path]
    missing = np.isnan(level)
    value = table[np.where(missing, 0, level).astype(int)]
    lo, hi = np.where(missing, table.min(), value), np.where(missing, table.max(), value)
    if path == "industry":
        # Industry careers lean on laboratory and informatics exposure as much as research time.
        return _mean([(lo, hi), _known(num(frame, "onsite_labs"))], len(frame))
    return lo, hi


def unsaid_answers(frame: pd.DataFrame, profile: Profile) -> list[tuple[str, str, np.ndarray]]:
    """The Profile answers not said yet that a factor of each program waits on, as
    (factor, the answer in words, row mask): a career focus not chosen for the program's
    specialty, whether there was a residency where the chosen focus reads a track that
    follows one, and the career path. Said beside the factor's range, so that a range
    that waits on the applicant is never read as a fact about the program to look up."""
    n = len(frame)
    out = []
    for pack, _key, mask in specialty.groups(frame):
        if pack is None:  # a specialty without a pack is set aside, not scored
            continue
        chosen = specialty.focus_of(profile, pack)
        if chosen is None:
            name = "" if pack.key == registry().primary.key else f" in {pack.name}"
            out.append(("focus", f"your career focus{name}", mask))
        elif chosen.track and specialty.track_evidence(pack, chosen.track, profile) is None:
            out.append(("focus", "whether you completed a residency", mask))
    if profile.career_path == "":
        out.append(("research", "your career path", np.ones(n, dtype=bool)))
    return out


def location(frame: pd.DataFrame, profile: Profile) -> tuple[np.ndarray, np.ndarray]:
    n = len(frame)
    parts = []
    if profile.preferred_divisions:
        preferred = frame["division"].isin(profile.preferred_divisions).to_numpy(dtype=float)
        parts.append((preferred, preferred))
    cost = num(frame, "cost_of_living")
    over = np.clip((cost - profile.cost_tolerance) / 2, 0, 1)
    cost_value = 1 - over
    worst = 1 - np.clip((5 - profile.cost_tolerance) / 2, 0, 1)
    parts.append((np.where(np.isnan(cost), worst, cost_value), np.where(np.isnan(cost), 1.0, cost_value)))
    parts.append(_known(num(frame, "community_support")))
    return _mean(parts, n)


def stability(frame: pd.DataFrame, as_of: date) -> tuple[np.ndarray, np.ndarray]:
    status_lo, status_hi = _known(codes(frame, "acgme_status", ACGME_VALUE))
    year = num(frame, "established_year")
    new = as_of.year - year < NEW_PROGRAM_YEARS
    scale_lo = np.where(np.isnan(year), NEW_PROGRAM_FACTOR, np.where(new, NEW_PROGRAM_FACTOR, 1.0))
    scale_hi = np.where(np.isnan(year), 1.0, np.where(new, NEW_PROGRAM_FACTOR, 1.0))
    return status_lo * scale_lo, status_hi * scale_hi


def interest(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return _known(num(frame, "interest") / 10)


def factors(
    frame: pd.DataFrame,
    friendliness: Mapping[str, np.ndarray],
    profile: Profile,
    as_of: date,
    point: float = 0.0,
    applications: pd.DataFrame | None = None,
) -> dict[str, np.ndarray]:
    """Each factor's conservative (`_min`) and potential (`_max`) value, and its value at point."""
    values = {
        "friendliness": (np.asarray(friendliness["img_friendliness"]) / 10, np.asarray(friendliness["img_friendliness_max"]) / 10),
        "focus": focus(frame, profile),
        "research": research(frame, profile),
        "location": location(frame, profile),
        "stability": stability(frame, as_of),
        "interest": interest(frame),
        "reflection": reflection.factor(frame["program_id"], applications) if "program_id" in frame else _known(np.full(len(frame), np.nan)),
    }
    out = {}
    for name in FACTORS:
        lo, hi = values[name]
        out[f"factor_{name}"] = at(lo, hi, point)
        out[f"factor_{name}_min"], out[f"factor_{name}_max"] = lo, hi
    return out


def weighted(factor_values: Mapping[str, Any], weights: Weights, suffix: str = "", skip: tuple[str, ...] = ()) -> np.ndarray:
    names = [f for f in FACTORS if f not in skip]
    w = np.array([getattr(weights, f) for f in names], dtype=float)
    total = w.sum()
    matrix = np.column_stack([np.asarray(factor_values[f"factor_{f}{suffix}"], dtype=float) for f in names])
    if total == 0:
        return np.zeros(len(matrix))
    return 100 * (matrix @ w) / total


def score(factor_values: Mapping[str, Any], weights: Weights) -> dict[str, np.ndarray]:
    """Fit and goal fit (at the chosen point, conservative and potential), and
    each factor's points at the chosen point."""
    out = {}
    for name, skip in (("fit_score", ()), ("goal_fit", ("friendliness",))):
        for suffix in ("", "_min", "_max"):
            out[f"{name}{suffix}"] = weighted(factor_values, weights, suffix, skip)
    total = sum(weights.as_tuple())
    for name in FACTORS:
        share = getattr(weights, name) / total if total else 0.0
        out[f"points_{name}"] = 100 * share * np.asarray(factor_values[f"factor_{name}"], dtype=float)
    return out


def nothing_known(low: Any, high: Any) -> Any:
    """Whether a factor could still be anything (its range is all of 0 to 1): works on
    numbers and on columns alike."""
    return (low <= 0) & (high >= 1)


def explain(row: pd.Series, weights: Weights, unsaid: Mapping[str, list[str]] | None = None) -> list[dict[str, object]]:
    """One program's fit score, factor by factor, in the user's terms. unsaid: for a factor
    whose range waits on Profile answers not said yet, those answers in words (unsaid_answers)."""
    total = sum(weights.as_tuple())
    lines = []
    for name in FACTORS:
        weight = getattr(weights, name)
        lo, hi, mid = float(row[f"factor_{name}_min"]), float(row[f"factor_{name}_max"]), float(row[f"factor_{name}"])
        points = 100 * weight / total * mid if total else 0.0
        could = 100 * weight / total * hi if total else 0.0
        waits = (unsaid or {}).get(name)
        if waits and abs(hi - lo) >= 1e-9:
            value = f"waits on your Profile ({' and '.join(waits)} not said yet): counted as {mid:.0%}, could be {lo:.0%}–{hi:.0%}"
        elif abs(hi - lo) < 1e-9:
            value = f"{mid:.0%}"
        elif nothing_known(lo, hi):
            # Nothing known yet (an interview not yet reflected on, say): a bare 50% would read as a finding.
            value = f"not known yet: counted as {mid:.0%}, could be 0–100%"
        else:
            value = f"{mid:.0%} (could be {lo:.0%}–{hi:.0%} once unknowns are known)"
        lines.append(
            {
                "factor": FACTOR_LABELS[name],
                "value": value,
                "weight": weight,
                "points": round(points, 1),
                "could_be": round(could, 1),
                "sentence": f"{FACTOR_LABELS[name]} is {value}; with weight {weight:g} it adds {points:.1f} of the {row['fit_score']:.1f} points.",
            }
        )
    return lines


def explanation_text(scored: pd.DataFrame, weights: Weights) -> pd.Series:
    """A one-line explanation per program (for exports): each factor's piece is
    written once per distinct (value, range, points), then the pieces are joined by Arrow."""
    pieces = []
    for name in FACTORS:
        key = pd.DataFrame(
            {
                "lo": (scored[f"factor_{name}_min"] * 100).round().astype(int),
                "hi": (scored[f"factor_{name}_max"] * 100).round().astype(int),
                "mid": (scored[f"factor_{name}"] * 100).round().astype(int),
                "points": scored[f"points_{name}"].round(1),
            },
            index=scored.index,
        )
        pieces.append(per_distinct_row(key, partial(_explanation_piece, name=name, weight=getattr(weights, name))).array)
    if len(scored) == 0:  # Arrow cannot join arrays of no rows' type
        return pd.Series("", index=scored.index, dtype="string")
    arrays = [pa.array(p, type=pa.large_string()) for p in pieces]
    joined = pc.binary_join_element_wise(*arrays, pa.scalar("; ", pa.large_string()))
    return pd.Series(pd.array(joined, dtype="string"), index=scored.index)


def _explanation_piece(key: pd.DataFrame, name: str, weight: float) -> pd.Series:
    lo, hi, mid = (key[c].astype("string") for c in ("lo", "hi", "mid"))
    shown = (mid + "%").where(lo == hi, mid + "% (" + lo + "–" + hi + "%)")
    return f"{FACTOR_LABELS[name]} " + shown + f" × weight {weight:g} = " + key["points"].astype("string")


def unsaid_for(one: pd.DataFrame, profile: Profile) -> dict[str, list[str]]:
    """unsaid_answers for the first program of one, by factor (for explain)."""
    out: dict[str, list[str]] = {}
    for factor, words, mask in unsaid_answers(one, profile):
        if len(mask) and mask[0]:
            out.setdefault(factor, []).append(words)
    return out
