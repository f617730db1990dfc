"""The contact log turned into evidence, follow-ups and email drafts. Pure:
the page passes in tables, the profile and today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pandas as pd

from data.names import name_keys
from data.settings import Profile
from scoring.decision import rubric
from scoring.decision.ranking import link_contacts
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import blank, program_in_prose, program_label_series

FOLLOW_UP_DAYS = rubric.NO_REPLY_DAYS


def _linked(contacts: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    """The log as the score reads it (an entry that names its program without the id counts),
    so the evidence, the follow-ups and the tiers never disagree."""
    linked = link_contacts(contacts, programs)
    return contacts if linked is None else linked


def evidence(programs: pd.DataFrame, contacts: pd.DataFrame, as_of: date, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Per program with an email inquiry: the latest one, how long the reply took,
    and the responsiveness points it gives (the rubric's own derivation)."""
    contacts = _linked(contacts, programs)
    latest = rubric.latest_emails(contacts).reset_index()
    if latest.empty:
        return pd.DataFrame(columns=["program_id", "program", "sent_on", "replied_on", "days", "reply_quality", "points", "points_max"])
    frame = programs[programs["program_id"].isin(latest["program_id"])].reset_index(drop=True)
    lo, hi, _ = rubric.responsiveness(frame, contacts, as_of)
    label = _labels(programs, labels)
    points = pd.DataFrame({"program_id": frame["program_id"], "program": frame["program_id"].map(label).to_numpy(), "points": lo, "points_max": hi})
    out = latest.merge(points, on="program_id", how="inner")
    replied = out["replied_on"]
    waited_until = replied.fillna(pd.Timestamp(as_of))
    out["days"] = (waited_until - out["sent_on"]).dt.days
    return out[["program_id", "program", "sent_on", "replied_on", "days", "reply_quality", "points", "points_max"]]


@dataclass(frozen=True)
class FollowUps:
    unanswered: pd.DataFrame  # emails with no reply after FOLLOW_UP_DAYS
    open_houses: pd.DataFrame  # open houses from today on; `when` says "today" or the date
    never_contacted: pd.DataFrame  # programs with no log entry at all


def _labels(programs: pd.DataFrame, labels: dict[str, str] | None) -> pd.Series:
    """Each program's label (program_label_series) by id; `labels` when the caller keeps them already."""
    if labels is not None:
        return pd.Series(labels, dtype="string")
    return pd.Series(program_label_series(programs).to_numpy(), index=programs["program_id"])


def follow_ups(programs: pd.DataFrame, contacts: pd.DataFrame, as_of: date, labels: dict[str, str] | None = None) -> FollowUps:
    today = pd.Timestamp(as_of)
    names = _labels(programs, labels)  # as every page names them
    linked = _linked(contacts, programs)
    log = linked.assign(program=linked["program_id"].map(names).fillna(linked["program"]))
    emails = log[log["channel"] == "email"]
    # An entry for a program no longer in the list has its name only: one latest email per name.
    program_key = emails["program_id"].fillna("name: " + name_keys(emails["program"]))
    latest = emails.assign(_key=program_key).sort_values("sent_on", kind="stable").drop_duplicates("_key", keep="last")
    waiting = latest[latest["replied_on"].isna() & ((today - latest["sent_on"]).dt.days >= FOLLOW_UP_DAYS)].sort_values("sent_on", kind="stable")
    houses = log[(log["channel"] == "open-house") & (log["sent_on"] >= today)].sort_values("sent_on", kind="stable")
    houses = houses.assign(when=houses["sent_on"].dt.strftime("%Y-%m-%d").where(houses["sent_on"].dt.normalize() != today, "today"))
    contacted = set(log["program_id"].dropna())
    never = programs.loc[~programs["program_id"].isin(contacted), ["program_id", "state"]]
    never = never.assign(program=never["program_id"].map(names))[["program_id", "program", "state"]]
    return FollowUps(
        unanswered=waiting.assign(days_waiting=(today - waiting["sent_on"]).dt.days)[["program_id", "program", "sent_on", "days_waiting"]],
        open_houses=houses[["program_id", "program", "sent_on", "when", "notes"]],
        never_contacted=never.reset_index(drop=True),
    )


QUESTIONS: dict[str, str] = {
    "j1": "Does the program accept residents on a J-1 visa (sponsored by ECFMG)?",
    "h1b": "Does the program sponsor H-1B visas, and if so, is passing Step 3 required first?",
    "imgs": "Have international medical graduates trained in the program in recent years?",
    "prior_training": "Is there a pathway, or credit, for applicants who completed residency training abroad?",
    "research": "How much protected research time do residents have, and when does it start?",
    "support": "How does the program support international trainees as they adjust to training in the US?",
}
QUESTION_LABELS = {
    "j1": "J-1 acceptance",
    "h1b": "H-1B sponsorship",
    "imgs": "Recent IMG residents",
    "prior_training": "Credit for prior training abroad",
    "research": "Research time",
    "support": "Support for international trainees",
}


def suggested_questions(program: pd.Series) -> list[str]:
    """The questions whose answers the workspace does not have yet (at most three)."""
    picks = []
    if pd.isna(program.get("j1")):
        picks.append("j1")
    if pd.isna(program.get("h1b")) or program.get("h1b") == "considered":
        picks.append("h1b")
    if pd.isna(program.get("imgs_last_5y")) and pd.isna(program.get("img_cohorts_last_5y")):
        picks.append("imgs")
    if pd.isna(program.get("research_time")):
        picks.append("research")
    return (picks or ["imgs", "support"])[:3]


def email_draft(program: pd.Series, profile: Profile, questions: list[str]) -> tuple[str, str]:
    """A short, polite inquiry: (subject, body). Plain text, for the user to edit."""
    name = profile.name.strip() or "[your name]"
    country = profile.country.strip() or "[country]"
    year = str(profile.graduation_year) if profile.graduation_year else "[year]"
    # Nothing is said of a residency the Profile does not mention (none, or not said yet).
    training = {
        "pediatrics": " I have completed residency training in pediatrics.",
        "internal-medicine": " I have completed residency training in internal medicine.",
        "obgyn": " I have completed residency training in obstetrics and gynecology.",
        "other": " I have completed residency training in my home country.",
    }.get(profile.prior_residency, "")
    # Most programs of a specialty share one name: the institution says which one is meant.
    name_only = str(program.get("program") or "your program")
    institution = blank(program.get("institution")).strip()
    program_name = program_in_prose(program)
    subject = f"Inquiry from an international medical graduate: {name_only}" + (f", {institution}" if institution else "")
    asked = [QUESTIONS[q] for q in questions if q in QUESTIONS][:3]
    lines = "\n".join(f"{i}. {q}" for i, q in enumerate(asked, start=1))
    body = (
        "Dear Program Coordinator,\n\n"
        f"My name is {name}. I am an international medical graduate from {country} (class of {year}) "
        f"and I am preparing to apply to {_specialty_name(program)} residency.{training} "
        f"I am particularly interested in {program_name}, and I would be grateful for your help with "
        f"{'a few questions' if len(asked) > 1 else 'a question'}:\n\n"
        f"{lines}\n\n"
        "Thank you very much for your time.\n\n"
        f"Kind regards,\n{name}"
    )
    return subject, body


def _specialty_name(program: pd.Series) -> str:
    # The program's own (a combined track's ERAS specialty), not its pack's name alone.
    return specialty.applied_name(program)


def mailto(address: str, subject: str, body: str) -> str:
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject)}&body={quote(body)}"
