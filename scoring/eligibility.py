"""Hard cutoffs: can this applicant match at this program at all?

A blank numeric cutoff means the program states none, so it does not block;
a blank visa policy is `unknown` when the applicant needs a visa, because
that is the rule an IMG must see confirmed. Reasons are kept as bit masks so
scoring stays vectorised; `reasons()` turns them into words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from scoring.distinct import per_distinct_row
from scoring.rubric import H1B_CODES, codes, num
from scoring.settings import Profile

# Reasons a program is closed to this applicant.
NO_J1 = 1
NO_H1B = 2
NO_VISA = 4
STEP2_LOW = 8
TOO_MANY_ATTEMPTS = 16
GRADUATED_TOO_LONG_AGO = 32
ECFMG_LATE = 64
NEEDS_PRIOR_RESIDENCY = 128

# Rules that cannot be checked yet.
J1_UNSTATED = 1
H1B_UNSTATED = 2
H1B_CASE_BY_CASE = 4
VISA_UNSTATED = 8
STEP2_MISSING = 16
ATTEMPTS_MISSING = 32
GRAD_YEAR_MISSING = 64
ECFMG_DATE_MISSING = 128


def check(frame: pd.DataFrame, profile: Profile, as_of: date) -> dict[str, Any]:
    n = len(frame)
    no = np.zeros(n, dtype=np.int64)
    unknown = np.zeros(n, dtype=np.int64)
    j1 = num(frame, "j1")
    h1b = codes(frame, "h1b", H1B_CODES)
    need = profile.visa_need
    if need == "j1":
        no |= np.where(j1 == 0, NO_J1, 0)
        unknown |= np.where(np.isnan(j1), J1_UNSTATED, 0)
    elif need == "h1b":
        no |= np.where(h1b == 0, NO_H1B, 0)
        unknown |= np.where(np.isnan(h1b), H1B_UNSTATED, 0) | np.where(h1b == 1, H1B_CASE_BY_CASE, 0)
    elif need == "either":
        confirmed = (j1 == 1) | (h1b == 2)
        closed = (j1 == 0) & (h1b == 0)
        no |= np.where(closed, NO_VISA, 0)
        unknown |= np.where(~confirmed & ~closed, VISA_UNSTATED, 0)

    min_step2 = num(frame, "min_step2_score")
    if profile.step2_score is None:
        unknown |= np.where(~np.isnan(min_step2), STEP2_MISSING, 0)
    else:
        no |= np.where(profile.step2_score < min_step2, STEP2_LOW, 0)

    max_attempts = num(frame, "max_attempts")
    if profile.attempts is None:
        unknown |= np.where(~np.isnan(max_attempts), ATTEMPTS_MISSING, 0)
    else:
        no |= np.where(profile.attempts > max_attempts, TOO_MANY_ATTEMPTS, 0)

    max_years = num(frame, "max_years_since_graduation")
    if profile.graduation_year is None:
        unknown |= np.where(~np.isnan(max_years), GRAD_YEAR_MISSING, 0)
    else:
        no |= np.where(as_of.year - profile.graduation_year > max_years, GRADUATED_TOO_LONG_AGO, 0)

    if not profile.ecfmg_certified and "ecfmg_required_by" in frame:
        required_by = frame["ecfmg_required_by"].to_numpy(dtype="datetime64[D]")
        stated = ~np.isnat(required_by)
        if profile.ecfmg_expected is None:
            unknown |= np.where(stated, ECFMG_DATE_MISSING, 0)
        else:
            late = stated & (np.datetime64(profile.ecfmg_expected, "D") > required_by)
            no |= np.where(late, ECFMG_LATE, 0)

    if profile.prior_residency == "none":
        no |= np.where(num(frame, "requires_prior_residency") == 1, NEEDS_PRIOR_RESIDENCY, 0)

    code = np.where(no > 0, 2, np.where(unknown > 0, 1, 0))
    eligible = pd.Categorical.from_codes(np.asarray(code, dtype=np.int64), categories=pd.Index(["yes", "unknown", "no"]), validate=False)
    return {"eligible": eligible, "ineligible_mask": no, "unknown_rule_mask": unknown}


def _fmt_int(values: pd.Series) -> pd.Series:
    return values.astype("Int64").astype("string").fillna("?")


def reasons(frame: pd.DataFrame, result: Mapping[str, Any] | pd.DataFrame, profile: Profile, as_of: date) -> pd.Series:
    """Every reason in words, `;`-separated: failed cutoffs first, then rules not yet known.
    Written once per distinct (reasons, cutoffs): few kinds among many programs."""
    key = pd.DataFrame(
        {
            "no": np.asarray(result["ineligible_mask"]),
            "unknown": np.asarray(result["unknown_rule_mask"]),
            **{column: frame[column] for column in ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by")},
        },
        index=frame.index,
    )
    return per_distinct_row(key, lambda rows: _reasons(rows, profile, as_of))


def _reasons(frame: pd.DataFrame, profile: Profile, as_of: date) -> pd.Series:
    no = frame["no"].to_numpy()
    unknown = frame["unknown"].to_numpy()
    years = as_of.year - profile.graduation_year if profile.graduation_year is not None else None
    texts: list[tuple[np.ndarray, pd.Series | str]] = [
        (no & NO_J1, "does not sponsor the J-1 visa you need"),
        (no & NO_H1B, "does not sponsor the H-1B visa you need"),
        (no & NO_VISA, "sponsors neither J-1 nor H-1B"),
        (no & STEP2_LOW, "requires Step 2 CK of at least " + _fmt_int(frame["min_step2_score"]) + f" (yours: {profile.step2_score})"),
        (no & TOO_MANY_ATTEMPTS, "accepts at most " + _fmt_int(frame["max_attempts"]) + f" attempt(s) (yours: {profile.attempts})"),
        (no & GRADUATED_TOO_LONG_AGO, "accepts graduates of the last " + _fmt_int(frame["max_years_since_graduation"]) + f" years (you: {years})"),
        (no & ECFMG_LATE, "needs ECFMG certification by " + _fmt_date(frame, "ecfmg_required_by") + f" (you expect {profile.ecfmg_expected})"),
        (no & NEEDS_PRIOR_RESIDENCY, "requires a completed prior residency"),
        (unknown & J1_UNSTATED, "J-1 sponsorship not known yet"),
        (unknown & H1B_UNSTATED, "H-1B sponsorship not known yet"),
        (unknown & H1B_CASE_BY_CASE, "H-1B only case by case"),
        (unknown & VISA_UNSTATED, "visa sponsorship not confirmed"),
        (unknown & STEP2_MISSING, "has a Step 2 CK minimum; add your score to your profile"),
        (unknown & ATTEMPTS_MISSING, "limits attempts; add yours to your profile"),
        (unknown & GRAD_YEAR_MISSING, "limits years since graduation; add your graduation year"),
        (unknown & ECFMG_DATE_MISSING, "sets an ECFMG deadline; add your expected certification date"),
    ]
    out = pd.Series("", index=frame.index, dtype="string")
    for mask, text in texts:
        hit = mask > 0
        if not hit.any():
            continue
        piece = text[hit] if isinstance(text, pd.Series) else pd.Series(text, index=frame.index[hit], dtype="string")
        current = out[hit]
        out[hit] = current.where(current == "", current + "; ") + piece.astype("string")
    return out


def _fmt_date(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].dt.strftime("%Y-%m-%d").astype("string").fillna("?")
