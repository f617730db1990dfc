"""The application season: where each application stands, what is due this
week, what is overdue, the season's key dates, and how many programs to apply
to. Pure functions on the applications table (data.columns APPLICATION_COLUMNS)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from data.columns import APPLICATION_STATUSES
from data.names import name_keys
from data.packs import registry
from data.seasons import Season, upgrade_saved_dates
from data.settings import SEASON_DATE_KEYS, Profile
from scoring.calendar import fees
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import ids_by_name, program_labels

STATUS_LABELS = {
    "considering": "Considering",
    "applied": "Applied",
    "invited": "Invited",
    "interview-scheduled": "Interview scheduled",
    "interviewed": "Interviewed",
    "thank-you-sent": "Thank-you sent",
    "ranked": "Ranked",
    "withdrawn": "Withdrawn",
    "rejected": "Rejected",
}
CLOSED = ("withdrawn", "rejected")
NOT_YET_APPLIED = ("considering",)
AWAITING_INTERVIEW = ("invited", "interview-scheduled")
INTERVIEWED = ("interviewed", "thank-you-sent", "ranked")
THANK_YOU_DAYS = 2  # a thank-you note is expected within two days of the interview
WEEK_DAYS = 7

# The dates the agenda, the calendar and the Applications page show and let you change
# (the season file has more; these are the ones an applicant acts on).
SEASON_DATE_LABELS = {
    "applicants_submit": "ERAS: applicants may submit",
    "programs_review": "ERAS opens to programs",
    "nrmp_standard_deadline": "NRMP registration deadline",
    "ranking_opens": "NRMP ranking opens",
    "rank_list_deadline": "NRMP rank order list deadline",
    "match_day": "Match Day",
}

AGENDA_COLUMNS = ["on", "what", "program", "program_id", "kind", "overdue"]


def link(applications: pd.DataFrame, programs: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Every application with a program_id (matched by name when only the name was
    given) and the program as every page names it (program_label_series: a name several
    programs share leads with the institution) where the id is known. labels: program_labels(programs),
    when the caller has them already (a page keeps them per workspace revision): a page rerun at
    100,000 programs reads this, so nothing here is built from every program then."""
    out = applications.copy()
    missing = out["program_id"].isna() & out["program"].notna()
    if missing.any():
        by_name = ids_by_name(programs, labels)  # a name several programs share links to none of them
        out.loc[missing, "program_id"] = name_keys(out.loc[missing, "program"]).map(by_name).to_numpy()
    if out.empty:
        return out.assign(program=out["program"].astype("string"))
    names = labels if labels is not None else program_labels(programs)
    named = pd.Series([names.get(pid) if isinstance(pid, str) else None for pid in out["program_id"].tolist()], index=out.index, dtype="string")
    out["program"] = named.fillna(out["program"].astype("string")).astype("string")
    return out


# Each step's date and the steps it cannot come before, in the season's order.
STEP_ORDER = (
    ("applied_on", "applied"),
    ("invited_on", "invited"),
    ("interview_on", "interview"),
    ("thank_you_on", "thank-you note"),
)


def out_of_order(applications: pd.DataFrame) -> list[str]:
    """A sentence for each application with a step dated before a step it follows
    (an interview on Nov 18 before its application on Dec 7): one of the dates is mistyped."""
    out = []
    for row in applications.to_dict("records"):
        dated = [(column, word, pd.Timestamp(str(row[column]))) for column, word in STEP_ORDER if column in row and pd.notna(row[column])]
        for i, (_, later_word, later) in enumerate(dated):
            earlier = [(word, when) for _, word, when in dated[:i] if when > later]
            if earlier:
                word, when = earlier[0]
                name = "" if pd.isna(row.get("program")) else str(row.get("program"))
                out.append(f"{name}: {later_word} dated {later:%b %d, %Y}, before {word} on {when:%b %d, %Y}. Check both dates.")
                break
    return out


def board(applications: pd.DataFrame) -> pd.DataFrame:
    """One row per status, in the season's order, with how many and which programs."""
    status = applications["status"].astype("string")
    rows = []
    for code in APPLICATION_STATUSES:
        chosen = applications.loc[status.eq(code).fillna(False), "program"]
        rows.append({"status": code, "label": STATUS_LABELS[code], "count": len(chosen), "programs": [str(p) for p in chosen]})
    return pd.DataFrame(rows)


def season_dates(shipped: Season, saved: dict[str, Any] | None) -> dict[str, date | None]:
    """The season's dates: the user's saved values (older names upgraded) override the
    season file's, key by key."""
    mine = {k: v for k, v in upgrade_saved_dates(saved).items() if k in SEASON_DATE_KEYS}
    out: dict[str, date | None] = {}
    for key in SEASON_DATE_KEYS:
        value = mine.get(key)
        out[key] = date.fromisoformat(str(value)[:10]) if value else shipped.on(key)
    return out


def date_word(shipped: Season, key: str, saved: dict[str, Any] | None = None) -> str:
    """What to write beside a date: "your date", "estimate", "not confirmed" or nothing."""
    if key in upgrade_saved_dates(saved):
        return "your date"
    fact = shipped.dates.get(key)
    return fact.word if fact else "not confirmed"


def staleness(shipped: Season, as_of: date) -> str:
    """After the season's Match Day its facts are last season's: say so, and how to update them."""
    match_day = shipped.on("match_day")
    if match_day is None or as_of <= match_day:
        return ""
    return (
        f"These season facts are for {shipped.label}, whose Match Day ({match_day.isoformat()}) has passed: "
        f"they are last season's. To update them, copy data/season/{shipped.file} to the next season's year "
        "(data/season/<year>.toml) and change each date, fee and signal count with its source and the date you read it; "
        "the app uses the newest file."
    )


def season_line(shipped: Season) -> str:
    """Which season's facts the app uses, in one line."""
    official = sum(f.status == "official" for f in (*shipped.dates.values(), *shipped.fees.values()))
    total = len(shipped.dates) + len(shipped.fees)
    return f"Season facts: {shipped.label} (data/season/{shipped.file}); {official} of {total} dates and fees are this season's official figures, the rest are marked estimate or not confirmed."


def _rows(mask: pd.Series, on: pd.Series, what: str, frame: pd.DataFrame, kind: str, overdue: pd.Series | bool) -> pd.DataFrame:
    chosen = frame[mask.fillna(False).astype(bool)]
    late = overdue[mask.fillna(False).astype(bool)] if isinstance(overdue, pd.Series) else pd.Series(overdue, index=chosen.index)
    return pd.DataFrame(
        {
            "on": on[chosen.index],
            "what": what,
            "program": chosen["program"].astype("string"),
            "program_id": chosen["program_id"].astype("string"),
            "kind": kind,
            "overdue": late.astype(bool),
        }
    )


def agenda(applications: pd.DataFrame, as_of: date, dates: dict[str, date | None] | None = None, days: int = WEEK_DAYS) -> pd.DataFrame:
    """What is overdue, and what falls due from today to `days` days ahead, earliest first.

    Overdue: a deadline that passed while the program was still only being
    considered; an interview more than two days ago without a thank-you.
    """
    today = pd.Timestamp(as_of)
    horizon = today + pd.Timedelta(days=days)
    status = applications["status"].astype("string").fillna("")
    deadline, interview = applications["deadline"], applications["interview_on"]
    considering = status.isin(NOT_YET_APPLIED) & applications["applied_on"].isna()
    thank_by = interview + pd.Timedelta(days=THANK_YOU_DAYS)
    no_thanks = interview.notna() & (interview <= today) & applications["thank_you_on"].isna() & ~status.isin(["thank-you-sent", *CLOSED])
    ratings = applications[["thriving", "vision", "supported"]].isna().all(axis=1)
    parts = [
        _rows(
            considering & deadline.notna() & (deadline < today),
            deadline,
            "The application deadline passed without an application",
            applications,
            "deadline",
            True,
        ),
        _rows(considering & deadline.between(today, horizon), deadline, "Application deadline", applications, "deadline", False),
        _rows(status.isin(AWAITING_INTERVIEW) & interview.between(today, horizon), interview, "Interview", applications, "interview", False),
        _rows(
            status.eq("invited") & interview.isna(),
            pd.Series(today, index=applications.index),
            "Reply to the invitation and book an interview date",
            applications,
            "invitation",
            False,
        ),
        _rows(no_thanks, thank_by, "Send a thank-you note", applications, "thank-you", thank_by < today),
        _rows(
            status.isin(INTERVIEWED) & interview.notna() & (interview <= today) & ratings,
            pd.Series(today, index=applications.index),
            "Write your reflection while the day is fresh",
            applications,
            "reflection",
            False,
        ),
    ]
    for key, label in SEASON_DATE_LABELS.items():
        when = (dates or {}).get(key)
        if when is not None and today <= pd.Timestamp(when) <= horizon:
            parts.append(
                pd.DataFrame({"on": [pd.Timestamp(when)], "what": [label], "program": [pd.NA], "program_id": [pd.NA], "kind": ["season"], "overdue": [False]})
            )
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in zip(AGENDA_COLUMNS, ["datetime64[ns]", "string", "string", "string", "string", "bool"], strict=True)}
        )
    out = pd.concat(parts, ignore_index=True)
    out["what"] = out["what"].astype("string")
    out["kind"] = out["kind"].astype("string")
    out["on"] = pd.to_datetime(out["on"]).astype("datetime64[ns]")
    return out.sort_values(["overdue", "on"], ascending=[False, True], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ApplyAdvice:
    eligible: int  # eligible or not yet known to be ineligible, not excluded by you
    by_tier: dict[str, int]
    fee: float  # ERAS fees, every specialty together
    currency: str
    words: list[str]
    fees: dict[str, float] = field(default_factory=dict)  # per ERAS specialty


def how_many(scored: pd.DataFrame, shipped: Season, visa_need: str = "j1") -> ApplyAdvice:
    """How many programs to apply to, in words, with the ERAS fee per ERAS specialty
    (the count starts again in each one)."""
    open_to_you = scored["tier"].isin(["dream", "solid", "safety", "low-priority"]) & scored["eligible"].ne("no")
    by_tier = {t: int((scored.loc[open_to_you, "tier"] == t).sum()) for t in ("dream", "solid", "safety", "low-priority")}
    n = int(open_to_you.sum())
    counts = fees.counts_by_specialty(specialty.eras_specialty(scored.loc[open_to_you]))
    per = fees.eras_fees(counts, shipped)
    fee = float(sum(per.values()))
    currency = shipped.currency
    noun = "program" if n == 1 else "programs"
    present = [p for p in registry().packs if p.key in set(specialty.specialty_of(scored.loc[open_to_you]).dropna())] or [registry().primary]
    words = [p.apply_advice for p in present if p.apply_advice]
    words += [
        f"You could apply to {n} {noun} (eligible, or not yet known to be ineligible): "
        f"{by_tier['dream']} dream, {by_tier['solid']} solid, {by_tier['safety']} safety, {by_tier['low-priority']} low priority.",
        f"Applying to all {n} would cost about {fees.money(fee, currency)} in ERAS fees"
        + (f": {'; '.join(fees.fee_lines(counts, shipped, sure_too=False))}" if counts else "")
        + f" ({shipped.fees['eras'].cite()}).",
    ]
    if by_tier["safety"] < 3:
        words.append("You have fewer than three safety programs: look for more programs with a record of training IMGs before you cut the list.")
    if visa_need == "h1b":
        words.append("Needing an H-1B narrows the field; keep every program that sponsors it or considers it case by case, and pass Step 3 early.")
    if n and by_tier["low-priority"] > n / 2:
        words.append("More than half are low priority: apply to them only if the fee matters less than the extra chance.")
    return ApplyAdvice(eligible=n, by_tier=by_tier, fee=fee, currency=currency, words=words, fees=per)


def sees_geographic_preference(division: pd.Series, profile: Profile) -> np.ndarray:
    """Which programs see the ERAS geographic preference: those in a chosen division, or
    every program when the applicant says they have none (AAMC MyERAS FAQs, read 2026-12-07)."""
    if profile.eras_no_preference:
        return np.ones(len(division), dtype=bool)
    return division.isin(profile.eras_divisions).fillna(False).to_numpy(dtype=bool)


def day_label(when: object, as_of: date) -> str:
    """A day on the agenda in words: "Today" for today (not a date that looks still to come), else "Nov 25"."""
    day = pd.Timestamp(when)  # type: ignore[arg-type]
    return "Today" if day.normalize() == pd.Timestamp(as_of) else f"{day:%b %d}"


def days_until(when: date | None, as_of: date) -> int | None:
    return None if when is None else (when - as_of).days


def _latest_status(applications: pd.DataFrame) -> pd.Series:
    """Each program's status, by program id (its last application where it has several)."""
    status = applications.set_index("program_id")["status"].astype("string") if len(applications) else pd.Series(dtype="string")
    return status[~status.index.duplicated(keep="last")]


def never_interviewed(order: list[str], applications: pd.DataFrame) -> list[str]:
    """Program ids on a rank list with no interview recorded: programs rank only applicants they interviewed (NRMP help)."""
    status = _latest_status(applications)
    interviewed = set(status[status.isin(INTERVIEWED)].index)
    return [pid for pid in order if pid not in interviewed]


def next_interview(applications: pd.DataFrame, as_of: date) -> str | None:
    """The program id of the soonest interview from as_of on (an application still open), or None."""
    if applications.empty or "interview_on" not in applications:
        return None
    day = pd.to_datetime(applications["interview_on"], errors="coerce")
    open_ones = ~applications["status"].isin(CLOSED) & applications["program_id"].notna() & (day >= pd.Timestamp(as_of)).fillna(False)
    if not open_ones.any():
        return None
    soonest = int(np.argmin(day[open_ones].to_numpy()))
    return str(applications.loc[open_ones, "program_id"].iloc[soonest])


def interview_to_come(order: list[str], applications: pd.DataFrame) -> list[str]:
    """Program ids, of those given, whose interview is invited or scheduled but not held yet."""
    status = _latest_status(applications)
    coming = set(status[status.isin(AWAITING_INTERVIEW)].index)
    return [pid for pid in order if pid in coming]


def calendar_events(applications: pd.DataFrame, dates: dict[str, date | None], season_label: str = "", sure: dict[str, str] | None = None) -> pd.DataFrame:
    """All-day events for a calendar: interviews, thank-you notes still to send,
    deadlines of programs not yet applied to, and the season's key dates.
    sure: date_word() of each season date; an estimated or unconfirmed one says so in its
    title, which is all a calendar shows at a glance ("Match Day (estimate)")."""
    rows = []
    open_ones = applications[~applications["status"].isin(CLOSED)]
    for position, row in zip(open_ones.index, open_ones.to_dict("records"), strict=True):
        name = "" if pd.isna(row["program"]) else str(row["program"])
        # An event is known by the program's id (many programs share a name), or by the
        # application's row when it names no saved program; never by the name.
        who = f"program={row['program_id']}" if pd.notna(row.get("program_id")) else f"application={position}"
        if pd.notna(row["interview_on"]):
            day = pd.Timestamp(row["interview_on"])
            how = "" if pd.isna(row["interview_format"]) else f" ({row['interview_format']})"
            rows.append((f"interview|{who}|{day:%Y%m%d}", day, f"Interview: {name}{how}", f"Interview day at {name}. Read your night-before sheet."))
            if pd.isna(row["thank_you_on"]):
                thanks = day + pd.Timedelta(days=THANK_YOU_DAYS)
                rows.append((f"thanks|{who}|{day:%Y%m%d}", thanks, f"Thank-you note: {name}", f"Send a short thank-you to {name} for the interview."))
        if pd.notna(row["deadline"]) and row["status"] in NOT_YET_APPLIED:
            day = pd.Timestamp(row["deadline"])
            rows.append((f"deadline|{who}|{day:%Y%m%d}", day, f"Application deadline: {name}", f"Apply to {name} through ERAS by today."))
    note = f" ({season_label})" if season_label else ""
    for key, label in SEASON_DATE_LABELS.items():
        when = dates.get(key)
        if when is not None:
            word = (sure or {}).get(key, "")
            title = f"{label} ({word})" if word in ("estimate", "not confirmed") else label
            rows.append((f"season|{key}|{when:%Y}", pd.Timestamp(when), title, f"{title}{note}; check the official calendar."))
    return pd.DataFrame(rows, columns=["uid", "on", "summary", "description"])
