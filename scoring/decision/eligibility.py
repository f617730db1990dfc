"""Hard cutoffs: can this applicant match at this program at all?

A cutoff has three states: a value (the cutoff), `none` (the program states
none: data.columns gives it a value that never excludes) and blank (not checked
yet). A blank cutoff that could exclude this applicant makes the program
`unknown`, never `yes`: the cutoffs that screen IMGs out most often are the
ones an applicant has not read yet. A blank visa policy is `unknown` when the
applicant needs a visa. Reasons are kept as bit masks so scoring stays
vectorised; `reasons()` turns them into words.

Sources of the rules (read 2026-12; see data/rules.toml for the app's wording):
- For clinical training ECFMG sponsors the J-1; programs accept J-1 physicians
  (ECFMG, Exchange Visitor Sponsorship Program).
- An H-1B for graduate medical education needs USMLE Steps 1, 2 CK and 3 passed
  (INA 212(j)(2)(B); 8 CFR 214.2(h)(4)(viii)(B)).
- Years since graduation: no official page says to which date programs count them (the
  application, the Match or the start of training; searched the pages and docs corpora for
  ERAS, NRMP, ACGME and program pages, 2026-12-07): not confirmed. So they are counted at the
  earliest plausible date (today) and the latest (the start of training, from the season file,
  data/season/<year>.toml), and a limit met by one and not the other is `unknown`: ask.
- A program's "prior residency" means ACGME or RCPSC (US or Canada) training;
  a track's entry level, and the residency an after-residency track follows, are its
  specialty pack's (data/specialties/*.toml, each track with its source).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from data.packs import registry, track_table
from data.seasons import SeasonFileError, current_season
from data.settings import Profile
from scoring.decision.distinct import per_distinct_row
from scoring.decision.rubric import H1B_CODES, codes, num

# Reasons a program is closed to this applicant.
NO_J1 = 1
NO_H1B = 2
NO_VISA = 4
STEP2_LOW = 8
TOO_MANY_ATTEMPTS = 16
GRADUATED_TOO_LONG_AGO = 32
ECFMG_LATE = 64
NEEDS_PRIOR_RESIDENCY = 128
NEEDS_US_TRAINING = 256  # the program starts after US or Canadian training the applicant does not have
NEEDS_OBGYN = 512

# Rules that cannot be checked yet.
J1_UNSTATED = 1
H1B_UNSTATED = 2
H1B_CASE_BY_CASE = 4
VISA_UNSTATED = 8
STEP2_MISSING = 16
ATTEMPTS_MISSING = 32
GRAD_YEAR_MISSING = 64
ECFMG_DATE_MISSING = 128
STEP3_NEEDED = 256  # an H-1B program, and Step 3 is not passed yet
PRIOR_WHERE_MISSING = 512  # the program needs US/Canadian training; the profile does not say where
STEP2_UNCHECKED = 1024
ATTEMPTS_UNCHECKED = 2048
GRAD_YEARS_UNCHECKED = 4096
ECFMG_UNCHECKED = 8192
PRIOR_UNCHECKED = 16384
ENTRY_UNCHECKED = 32768
VISA_MISSING = 65536  # the profile does not say which visa the applicant needs: no visa rule is guessed
# The years-since-graduation limit is met counted to the application and not counted to the start of
# training: which date the program counts to decides, a question for the program. (A bit far
# above the others, so that bits added beside it in parallel work never share its value.)
GRAD_YEARS_BY_DATE = 1 << 20
# The profile does not say whether the applicant completed a residency: no rule that reads it
# (a required prior residency, an entry level after training, a track that follows a residency)
# is guessed. A bit well above the others, so that other new bits can take the ones between.
PRIOR_MISSING = 1 << 24
# Only the month of the expected ECFMG certification is known, and the program's deadline falls
# inside that month: met or not depends on the day. (Far above the others, as the bits above.)
ECFMG_DAY_UNKNOWN = 1 << 26

# What each rule not yet known waits on: one of the applicant's own Profile answers (the
# Profile's field, by its key in data.settings.Profile), or a fact about the program not
# checked yet. Step 3 is the applicant's: not passed (or not entered) yet.
WAITS_ON_PROFILE = {
    VISA_MISSING: "visa_need",
    STEP2_MISSING: "step2_score",
    ATTEMPTS_MISSING: "attempts",
    GRAD_YEAR_MISSING: "graduation_year",
    ECFMG_DATE_MISSING: "ecfmg_expected",
    PRIOR_WHERE_MISSING: "prior_residency_where",
    STEP3_NEEDED: "step3",
    PRIOR_MISSING: "prior_residency",
    ECFMG_DAY_UNKNOWN: "ecfmg_day",  # the Profile gives the month only
}
PROFILE_MASK = sum(WAITS_ON_PROFILE)
# The program has answered, and its answer leaves it open: H-1B case by case.
ANSWERED_OPEN_MASK = H1B_CASE_BY_CASE
PROGRAM_MASK = (
    J1_UNSTATED
    | H1B_UNSTATED
    | VISA_UNSTATED
    | STEP2_UNCHECKED
    | ATTEMPTS_UNCHECKED
    | GRAD_YEARS_UNCHECKED
    | ECFMG_UNCHECKED
    | PRIOR_UNCHECKED
    | ENTRY_UNCHECKED
)

ENTRY_LEVELS = {"pgy1": 0.0, "after-2-years": 1.0, "after-residency": 2.0}
# Where a track fixes the entry level, and the tracks that follow an OB/GYN residency: the packs'.
TRACK_ENTRY = {code: level for code, (level, _years) in track_table().items() if level}
TRACK_NEEDS_OBGYN = tuple(t.code for p in registry().packs for t in p.tracks if t.after == "obgyn")


def has_us_training(profile: Profile) -> bool | None:
    """Completed training in the US or Canada (ACGME or RCPSC): True, False, or None when not said
    (whether there was a residency, or where it was done)."""
    if profile.prior_residency == "none":
        return False
    return {"us-canada": True, "abroad": False}.get(profile.prior_residency_where)


def years_since_graduation(profile: Profile, as_of: date) -> int | None:
    return None if profile.graduation_year is None else as_of.year - profile.graduation_year


def count_dates(as_of: date) -> tuple[date, date]:
    """The earliest and the latest date a program plausibly counts years since graduation to:
    the application (today, or the day applications could first be sent once that has passed)
    and the start of training, both from the season file (data/season/<year>.toml). Once the
    season's training has started (a season file not updated yet), both are as_of."""
    try:
        season = current_season()
        starts, submit = season.on("training_starts"), season.on("applicants_submit")
    except SeasonFileError:  # said on the pages that read the season; here the count falls back to as_of
        starts = submit = None
    if starts is None or starts < as_of:
        return as_of, as_of
    return (as_of if submit is None else min(as_of, submit)), starts


def years_range(profile: Profile, as_of: date) -> tuple[int, int] | None:
    """Years since graduation counted to the earliest and to the latest of count_dates;
    None without a graduation year."""
    if profile.graduation_year is None:
        return None
    earliest, latest = count_dates(as_of)
    return earliest.year - profile.graduation_year, latest.year - profile.graduation_year


def counted_words(profile: Profile, as_of: date) -> str:
    """Your years since graduation at both dates, for a reason:
    "5 at applications in September 2026, 6 at the start of training in July 2027"."""
    counted = years_range(profile, as_of)
    if counted is None:
        return "not entered"
    earliest, latest = count_dates(as_of)
    if earliest == latest:
        return f"{counted[0]}, counted to today"
    first = "today" if earliest == as_of else f"at applications in {earliest:%B %Y}"
    return f"{counted[0]} {first}, {counted[1]} at the start of training in {latest:%B %Y}"


def step3_passed(profile: Profile) -> bool:
    return profile.step3 == "passed"


def unchecked_order(profile: Profile, as_of: date) -> list[str]:
    """The cutoffs most likely to exclude this applicant first (a rough, stated order:
    a 2018 graduate reads years since graduation first; a low Step 2 CK score reads the
    Step 2 CK minimum first). Used for the reasons and What to research next."""
    counted = years_range(profile, as_of)
    years = None if counted is None else counted[1]
    likely = {
        "max_years_since_graduation": 0.5 if years is None else min(1.0, years / 8),
        "min_step2_score": 0.5 if profile.step2_score is None else float(np.clip((255 - profile.step2_score) / 40, 0.05, 0.95)),
        "max_attempts": 0.5 if profile.attempts is None else (0.9 if profile.attempts > 1 else 0.0),
        "ecfmg_required_by": 0.0 if profile.ecfmg_certified else (0.45 if profile.ecfmg_expected is None else 0.35),
        "requires_prior_residency": 0.0 if has_us_training(profile) else 0.3,
        "entry_level": 0.0 if has_us_training(profile) else 0.3,
    }
    return sorted(likely, key=lambda c: -likely[c])


def entry_level(frame: pd.DataFrame) -> np.ndarray:
    """The program's entry level as codes of ENTRY_LEVELS (NaN: not checked), its own or its track's."""
    own = codes(frame, "entry_level", ENTRY_LEVELS)
    by_track = codes(frame, "track", {t: ENTRY_LEVELS[level] for t, level in TRACK_ENTRY.items()})
    return np.where(np.isnan(own), by_track, own)


def check(frame: pd.DataFrame, profile: Profile, as_of: date) -> dict[str, Any]:
    n = len(frame)
    no = np.zeros(n, dtype=np.int64)
    unknown = np.zeros(n, dtype=np.int64)
    j1 = num(frame, "j1")
    h1b = codes(frame, "h1b", H1B_CODES)
    need = profile.visa_need
    step3 = step3_passed(profile)
    if need == "":
        unknown |= np.full(n, VISA_MISSING, dtype=np.int64)
    elif need == "j1":
        no |= np.where(j1 == 0, NO_J1, 0)
        unknown |= np.where(np.isnan(j1), J1_UNSTATED, 0)
    elif need == "h1b":
        no |= np.where(h1b == 0, NO_H1B, 0)
        unknown |= np.where(np.isnan(h1b), H1B_UNSTATED, 0) | np.where(h1b == 1, H1B_CASE_BY_CASE, 0)
        if not step3:
            unknown |= np.where(h1b == 2, STEP3_NEEDED, 0)
    elif need == "either":
        h1b_sure = (h1b == 2) & step3
        confirmed = (j1 == 1) | h1b_sure
        closed = (j1 == 0) & (h1b == 0)
        open_ = ~confirmed & ~closed
        no |= np.where(closed, NO_VISA, 0)
        waiting_on_step3 = open_ & (h1b == 2) & (j1 == 0)
        # No J-1 and an H-1B case by case: both answered, so said as the program's answer, not as unchecked.
        case_by_case = open_ & (h1b == 1) & (j1 == 0)
        unknown |= (
            np.where(waiting_on_step3, STEP3_NEEDED, 0)
            | np.where(case_by_case, H1B_CASE_BY_CASE, 0)
            | np.where(open_ & ~waiting_on_step3 & ~case_by_case, VISA_UNSTATED, 0)
        )

    # A cutoff column as numbers: NaN where not checked; its none value never fails the comparison.
    min_step2 = num(frame, "min_step2_score")
    unchecked = np.isnan(min_step2)
    if profile.step2_score is None:
        unknown |= np.where(~unchecked & (min_step2 > 0), STEP2_MISSING, 0)
        unknown |= np.where(unchecked, STEP2_UNCHECKED, 0)
    else:
        no |= np.where(profile.step2_score < min_step2, STEP2_LOW, 0)
        unknown |= np.where(unchecked & (profile.step2_score < 300), STEP2_UNCHECKED, 0)

    max_attempts = num(frame, "max_attempts")
    unchecked = np.isnan(max_attempts)
    if profile.attempts is None:
        unknown |= np.where(~unchecked & (max_attempts < 99), ATTEMPTS_MISSING, 0)
        unknown |= np.where(unchecked, ATTEMPTS_UNCHECKED, 0)
    else:
        no |= np.where(profile.attempts > max_attempts, TOO_MANY_ATTEMPTS, 0)
        # A limit is at least one attempt: a first-attempt pass passes every limit.
        unknown |= np.where(unchecked & (profile.attempts > 1), ATTEMPTS_UNCHECKED, 0)

    max_years = num(frame, "max_years_since_graduation")
    unchecked = np.isnan(max_years)
    counted = years_range(profile, as_of)
    if counted is None:
        unknown |= np.where(~unchecked & (max_years < 999), GRAD_YEAR_MISSING, 0)
        unknown |= np.where(unchecked, GRAD_YEARS_UNCHECKED, 0)
    else:
        # Counted to today and to the start of training: too many by both is `no`; by the
        # later date only, it depends on the date the program counts to (not confirmed).
        earliest, latest = counted
        no |= np.where(earliest > max_years, GRADUATED_TOO_LONG_AGO, 0)
        unknown |= np.where((earliest <= max_years) & (latest > max_years), GRAD_YEARS_BY_DATE, 0)
        # A blank is a reason where some limit would exclude you (as before: counted to the earlier date).
        unknown |= np.where(unchecked & (earliest > 0), GRAD_YEARS_UNCHECKED, 0)

    if not profile.ecfmg_certified:
        if "ecfmg_required_by" in frame:
            required_by = frame["ecfmg_required_by"].to_numpy(dtype="datetime64[D]")
        else:
            required_by = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        unchecked = np.isnat(required_by)
        stated = ~unchecked & (required_by < np.datetime64("2200-01-01"))
        unknown |= np.where(unchecked, ECFMG_UNCHECKED, 0)
        if profile.ecfmg_expected is None:
            unknown |= np.where(stated, ECFMG_DATE_MISSING, 0)
        else:
            last_day = np.datetime64(profile.ecfmg_expected, "D")
            # A month only: certified on its first day at the earliest, on its last at the latest.
            first_day = np.datetime64(profile.ecfmg_expected.replace(day=1), "D") if profile.ecfmg_month_only else last_day
            no |= np.where(stated & (first_day > required_by), ECFMG_LATE, 0)
            unknown |= np.where(stated & (first_day <= required_by) & (last_day > required_by), ECFMG_DAY_UNKNOWN, 0)

    # Prior training: only ACGME or RCPSC training counts; training abroad is an asset, not eligibility.
    trained = has_us_training(profile)
    requires = num(frame, "requires_prior_residency")
    level = entry_level(frame)
    needs_training = (requires == 1) | (level >= 1)
    if trained is False:
        no |= np.where(requires == 1, NEEDS_PRIOR_RESIDENCY, 0) | np.where(level >= 1, NEEDS_US_TRAINING, 0)
        unknown |= np.where(np.isnan(requires), PRIOR_UNCHECKED, 0) | np.where(np.isnan(level), ENTRY_UNCHECKED, 0)
    elif trained is None:
        unknown |= np.where(needs_training, PRIOR_MISSING if profile.prior_residency == "" else PRIOR_WHERE_MISSING, 0)
        unknown |= np.where(np.isnan(requires), PRIOR_UNCHECKED, 0) | np.where(np.isnan(level), ENTRY_UNCHECKED, 0)
    follows_obgyn = codes(frame, "track", dict.fromkeys(TRACK_NEEDS_OBGYN, 1.0)) == 1
    if profile.prior_residency == "":
        unknown |= np.where(follows_obgyn, PRIOR_MISSING, 0)
    elif profile.prior_residency != "obgyn":
        no |= np.where(follows_obgyn, NEEDS_OBGYN, 0)

    code = np.where(no > 0, 2, np.where(unknown > 0, 1, 0))
    eligible = pd.Categorical.from_codes(np.asarray(code, dtype=np.int64), categories=pd.Index(["yes", "unknown", "no"]), validate=False)
    return {"eligible": eligible, "ineligible_mask": no, "unknown_rule_mask": unknown}


def unknown_causes(eligible: Any, unknown_rule_mask: Any) -> dict[str, Any]:
    """Why eligibility is not known yet, counted over the programs whose eligibility is
    `unknown`, from the same masks the reasons are written from: how many wait on the
    applicant's own answers (and on which answer, by Profile key, in WAITS_ON_PROFILE's
    order), how many on the programs' cutoffs or visa answers not checked yet, and how
    many have answered H-1B "case by case".
    A program can wait on both and is counted in each."""
    mask = np.asarray(unknown_rule_mask, dtype=np.int64)[np.asarray(eligible) == "unknown"]
    answers = {key: int(((mask & bit) > 0).sum()) for bit, key in WAITS_ON_PROFILE.items()}
    return {
        "unknown": len(mask),
        "yours": int(((mask & PROFILE_MASK) > 0).sum()),
        "programs": int(((mask & PROGRAM_MASK) > 0).sum()),
        "case_by_case": int(((mask & ANSWERED_OPEN_MASK) > 0).sum()),
        # The program states a limit on years since graduation, and the date it counts to decides.
        "counted_to": int(((mask & GRAD_YEARS_BY_DATE) > 0).sum()),
        "answers": {key: count for key, count in answers.items() if count},
        # Which of the programs' facts are not checked yet, most programs first: a sheet
        # without a column (often "requires prior residency") then says so by name.
        "checks": dict(
            sorted(
                ((words, n) for bit, words in PROGRAM_CHECKS.items() if (n := int(((mask & bit) > 0).sum()))),
                key=lambda item: -item[1],
            )
        ),
    }


# The programs' facts an unknown waits on, in the words Start uses for them.
PROGRAM_CHECKS = {
    J1_UNSTATED: "whether it accepts J-1 physicians",
    H1B_UNSTATED: "whether it sponsors the H-1B",
    VISA_UNSTATED: "its visa support",
    STEP2_UNCHECKED: "its Step 2 CK minimum",
    ATTEMPTS_UNCHECKED: "its limit on attempts per Step",
    GRAD_YEARS_UNCHECKED: "its limit on years since graduation",
    ECFMG_UNCHECKED: "its ECFMG certification deadline",
    PRIOR_UNCHECKED: "whether it requires US or Canadian residency training",
    ENTRY_UNCHECKED: "whether it starts at PGY-1 or after training",
}


def _fmt_int(values: pd.Series) -> pd.Series:
    return values.astype("Int64").astype("string").fillna("?")


CUTOFF_COLUMNS = ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by")
# The reason bit under which each cutoff's value is written into a reason (and nowhere else).
_FAILED_BY = {
    "min_step2_score": STEP2_LOW,
    "max_attempts": TOO_MANY_ATTEMPTS,
    "max_years_since_graduation": GRADUATED_TOO_LONG_AGO,
    "ecfmg_required_by": ECFMG_LATE,
}


def reasons(frame: pd.DataFrame, result: Mapping[str, Any] | pd.DataFrame, profile: Profile, as_of: date) -> pd.Series:
    """Every reason in words, `;`-separated: failed cutoffs first, then rules not yet known,
    then cutoffs not checked yet (most likely to exclude this applicant first).
    Written once per distinct (reasons, cutoffs): few kinds among many programs."""
    no = np.asarray(result["ineligible_mask"])
    unknown = np.asarray(result["unknown_rule_mask"])

    def cutoff(column: str) -> pd.Series:
        # A cutoff's value is in the words only where it failed (or, for years since graduation,
        # where the date counted to decides): blanked elsewhere, so that programs differing only
        # in a cutoff they pass share one distinct row.
        if column not in frame:
            return pd.Series(pd.NA, index=frame.index)
        said = (no & _FAILED_BY[column]) > 0
        if column == "max_years_since_graduation":
            said |= (unknown & GRAD_YEARS_BY_DATE) > 0
        if column == "ecfmg_required_by":  # a deadline inside the month given is said with its date
            said |= (unknown & ECFMG_DAY_UNKNOWN) > 0
        return frame[column].where(said)

    key = pd.DataFrame(
        {"no": no, "unknown": unknown, **{column: cutoff(column) for column in CUTOFF_COLUMNS}, "silent": _silent_cutoffs(frame)},
        index=frame.index,
    )
    return per_distinct_row(key, lambda rows: _reasons(rows, profile, as_of))


def _silent_cutoffs(frame: pd.DataFrame) -> np.ndarray:
    """For each program, a bit per UNCHECKED_WORDS column (in its order) whose cell the applicant
    wrote as the program's silence ("not stated"): checked, so never "not checked yet". Read from
    the flags of the flagged programs only, which are few."""
    from data import flags  # the hidden column's format; scoring reads it, never writes it
    from data.columns import SILENT_CUTOFF_REASON

    out = np.zeros(len(frame), dtype=np.int64)
    if flags.FLAGS not in frame:
        return out
    bit = {name: 1 << i for i, name in enumerate(UNCHECKED_WORDS)}
    at = np.flatnonzero(flags.flagged_rows(frame).to_numpy())
    for position, cell in zip(at.tolist(), flags.column_of(frame).to_numpy(dtype=object)[at], strict=True):
        for name, flag in flags.decode(cell).items():
            if name in bit and SILENT_CUTOFF_REASON in flag["reason"]:
                out[position] |= bit[name]
    return out


# What each unchecked cutoff is called in a reason, by the column it reads.
UNCHECKED_WORDS = {
    "max_years_since_graduation": (GRAD_YEARS_UNCHECKED, "years since graduation"),
    "min_step2_score": (STEP2_UNCHECKED, "Step 2 CK minimum"),
    "max_attempts": (ATTEMPTS_UNCHECKED, "limit on attempts per Step"),
    "ecfmg_required_by": (ECFMG_UNCHECKED, "ECFMG certification deadline"),
    "requires_prior_residency": (PRIOR_UNCHECKED, "whether US or Canadian residency training is required"),
    "entry_level": (ENTRY_UNCHECKED, "whether it starts at PGY-1 or after training"),
}


def _reasons(frame: pd.DataFrame, profile: Profile, as_of: date) -> pd.Series:
    no = frame["no"].to_numpy()
    unknown = frame["unknown"].to_numpy()
    years = counted_words(profile, as_of)
    step3 = {"scheduled": "scheduled" + (f" for {profile.step3_date}" if profile.step3_date else ""), "not-taken": "not taken"}.get(
        profile.step3, "not entered"
    )
    # Training abroad is an asset to describe, never a way to meet these.
    not_yours = ": your training abroad does not count for it" if profile.prior_residency != "none" else ", which your profile does not list"
    failed_texts: list[tuple[np.ndarray, pd.Series | str]] = [
        (no & NO_J1, "does not accept J-1 physicians (you need a J-1)"),
        (no & NO_H1B, "does not sponsor the H-1B you need"),
        (no & NO_VISA, "accepts neither a J-1 nor an H-1B"),
        (no & STEP2_LOW, "requires Step 2 CK of at least " + _fmt_int(frame["min_step2_score"]) + f" (yours: {profile.step2_score})"),
        (no & TOO_MANY_ATTEMPTS, "accepts at most " + _fmt_int(frame["max_attempts"]) + f" attempt(s) on a Step (yours: {profile.attempts})"),
        (
            no & GRADUATED_TOO_LONG_AGO,
            "accepts graduates of the last " + _fmt_int(frame["max_years_since_graduation"]) + f" years (you: {years})",
        ),
        (no & ECFMG_LATE, "needs ECFMG certification by " + _fmt_date(frame, "ecfmg_required_by") + f" (you expect {_expected(profile)})"),
        (no & NEEDS_PRIOR_RESIDENCY, "requires residency training in the US or Canada (ACGME or RCPSC)" + not_yours),
        (no & NEEDS_US_TRAINING, "starts after residency training in the US or Canada (ACGME or RCPSC)" + not_yours),
        (no & NEEDS_OBGYN, "follows an OB/GYN residency"),
    ]
    # What is still to check: never one more reason of `no`.
    still_texts: list[tuple[np.ndarray, pd.Series | str]] = [
        (unknown & VISA_MISSING, "your Profile does not say which visa you need"),
        (unknown & J1_UNSTATED, "whether it accepts J-1 physicians is not known yet"),
        (unknown & H1B_UNSTATED, "H-1B sponsorship not known yet"),
        (unknown & H1B_CASE_BY_CASE, "H-1B only case by case"),
        (unknown & STEP3_NEEDED, f"an H-1B needs Step 3 passed before the petition is filed, which is not confirmed officially (your Step 3: {step3})"),
        (unknown & VISA_UNSTATED, "visa support not confirmed"),
        (unknown & STEP2_MISSING, "has a Step 2 CK minimum; add your score to your profile"),
        (unknown & ATTEMPTS_MISSING, "limits attempts; add yours to your profile"),
        (unknown & GRAD_YEAR_MISSING, "limits years since graduation; add your graduation year"),
        (
            unknown & GRAD_YEARS_BY_DATE,
            "accepts graduates of the last "
            + _fmt_int(frame["max_years_since_graduation"])
            + f" years, and you are {years}: it depends on the date the program counts to (not confirmed); ask the program how it counts",
        ),
        (unknown & ECFMG_DATE_MISSING, "sets an ECFMG deadline; add your expected certification date"),
        (
            unknown & ECFMG_DAY_UNKNOWN,
            "needs ECFMG certification by "
            + _fmt_date(frame, "ecfmg_required_by")
            + f", inside the month you expect it ({_expected(profile)}): it depends on the day",
        ),
        (unknown & PRIOR_WHERE_MISSING, "needs US or Canadian training; say in your profile where you trained"),
        (unknown & PRIOR_MISSING, "your Profile does not say whether you completed a residency"),
    ]
    # The cutoffs not checked yet make one reason, the likeliest to exclude you first.
    # A cutoff written as the program's silence ("not stated") was checked: said apart, as the program's.
    silent = frame["silent"].to_numpy() if "silent" in frame else np.zeros(len(frame), dtype=np.int64)
    bit = {name: 1 << i for i, name in enumerate(UNCHECKED_WORDS)}
    order = unchecked_order(profile, as_of)
    unchecked = _joined([((unknown & UNCHECKED_WORDS[c][0]) * (silent & bit[c] == 0), UNCHECKED_WORDS[c][1]) for c in order], frame.index, ", ")
    unstated = _joined([((unknown & UNCHECKED_WORDS[c][0]) * (silent & bit[c] > 0), UNCHECKED_WORDS[c][1]) for c in order], frame.index, ", ")
    said_unstated = (unstated.ne("").to_numpy(), "not stated by the program: " + unstated)
    failed = _joined(failed_texts, frame.index, "; ")
    # What excludes you first; what is still to check after it, said as such, so that an
    # item to look up never reads as one more reason you are out.
    still = _joined([*still_texts, (unchecked.ne("").to_numpy(), "not checked yet: " + unchecked), said_unstated], frame.index, "; ")
    # After "Still to check:" the unchecked cutoffs need no "not checked yet:" of their own (said once).
    still_after = _joined([*still_texts, (unchecked.ne("").to_numpy(), unchecked), said_unstated], frame.index, "; ")
    both = failed.ne("") & still.ne("")
    return failed.where(failed.ne(""), still).where(~both, failed + ". Still to check: " + still_after)


def _joined(texts: list[tuple[np.ndarray, pd.Series | str]], index: pd.Index, separator: str) -> pd.Series:
    """Each row's texts whose mask is set, in order, joined by separator."""
    out = pd.Series("", index=index, dtype="string")
    for mask, text in texts:
        hit = mask > 0
        if not hit.any():
            continue
        piece = text[hit] if isinstance(text, pd.Series) else pd.Series(text, index=index[hit], dtype="string")
        current = out[hit]
        out[hit] = current.where(current == "", current + separator) + piece.astype("string")
    return out


def _expected(profile: Profile) -> str:
    """The expected ECFMG certification as the user gave it: a day, or a month only."""
    when = profile.ecfmg_expected
    if when is None:
        return ""
    return f"{when:%B %Y}" if profile.ecfmg_month_only else when.isoformat()


def _fmt_date(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].dt.strftime("%Y-%m-%d").astype("string").fillna("?")
