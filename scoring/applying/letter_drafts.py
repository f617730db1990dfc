"""Letters to the end: the messages to each writer (the ask, two reminders, the
thank-you), what each kind of letter should stress, the points a US writer can
make for an IMG, and a backup plan when a letter is at risk.

Drafts are starting points in plain text; the user edits them before sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from data.packs import registry
from scoring.applying.letters import REMINDER_DAYS

SECOND_REMINDER_DAYS = 7  # a second, gentle reminder in the last week
AT_RISK_DAYS = 10  # not uploaded this close to the date: line up the next writer
WAITING = ("asked", "agreed", "packet-sent")

# What each kind of letter should stress. Writers who speak for a specialty are the
# packs' (`[letters.writers.*]`); these kinds fit any specialty.
EMPHASIS = {
    "research-mentor": [
        "Curiosity and independence: the questions you asked and how you pursued them",
        "Technical and analytical skill (sequencing data, variant classification, statistics) where it applies",
        "Presentations, abstracts or manuscripts you contributed to",
        "How you handled setbacks",
        registry().primary.letters.get("research_future", "How your research points to a future as a clinician-scholar, not only a bench scientist"),
    ],
    "home-faculty": [
        "Your performance and growth over a long period",
        "Context for your achievements (class rank, national exams, responsibilities held)",
        "Clinical competence and safety, stated plainly",
    ],
    "other": [
        "Specific examples of your work rather than general praise",
        "A comparison with peers they have supervised, if they can make one",
    ],
}

IMG_POINTS = [
    "That your spoken and written English are fully ready for clinical work in the US",
    "How you adapted to US practice: documentation, team roles, the way the system works",
    "A gap or a non-traditional path, framed as persistence and growth (only if it applies)",
]


@dataclass(frozen=True)
class Draft:
    kind: str  # ask, first-reminder, second-reminder, thank-you
    title: str
    send_on: date | None
    body: str
    due_now: bool
    note: str = ""  # advice on sending it, kept out of the text the user copies


_TITLES = {"dr": "Dr.", "doctor": "Dr.", "prof": "Prof.", "professor": "Prof."}


def _first_line(name: str) -> str:
    """Dear, a title and the surname: "Dr. Meena Iyer" and "Meena Iyer" both give "Dear Dr. Iyer,"."""
    words = name.replace(",", " ").split()
    title = "Dr."
    while words and words[0].lower().rstrip(".") in _TITLES:
        title = _TITLES[words.pop(0).lower().rstrip(".")]
    # Degrees after the name (MD, PhD) are not the surname.
    while len(words) > 1 and words[-1].replace(".", "").lower() in {"md", "phd", "mbbs", "do", "ms", "facmg", "mph", "jr", "sr"}:
        words.pop()
    return f"Dear {title} {words[-1]}," if words else "Dear [name],"


def target_date(letter: pd.Series, eras_opens: date | None) -> date | None:
    """The date the letter should be uploaded by: its own due date, else the day ERAS opens to programs."""
    due = letter.get("due_on")
    if due is not None and not pd.isna(due):
        return pd.Timestamp(due).date()
    return eras_opens


def drafts(letter: pd.Series, applicant: str, eras_opens: date | None, as_of: date, specialty: str = "", estimate: bool = False) -> list[Draft]:
    """The four messages to one writer, each with when to send it and whether that is now;
    specialty: what the applicant applies to, in words (the first pack's name when blank)."""
    specialty = specialty or registry().primary.name
    name = str(letter.get("writer") or "")
    me = applicant.strip() or "[your name]"
    hello = _first_line(name)
    status = "" if pd.isna(letter.get("status")) else str(letter.get("status"))
    target = target_date(letter, eras_opens)
    if eras_opens is None:
        eras_on = "on [the date ERAS opens to programs]"
    elif estimate:  # a date worked out from last season's is not told to a writer as fact
        eras_on = f"in {'early' if eras_opens.day <= 10 else 'mid' if eras_opens.day <= 20 else 'late'} {eras_opens:%B} {eras_opens.year}"
    else:
        eras_on = f"on {eras_opens:%B} {eras_opens.day}, {eras_opens.year}"
    target_text = f"{target:%B} {target.day}" if target else "[date]"
    first_on = target - timedelta(days=REMINDER_DAYS) if target else None
    second_on = target - timedelta(days=SECOND_REMINDER_DAYS) if target else None
    waiting = status in WAITING
    opened = eras_opens is not None and eras_opens <= as_of  # a date already past is told as past
    if target is not None and target < as_of:
        target_text = "as soon as you can"
    elif target is not None:
        target_text = f"by {target_text}"
    else:
        target_text = "by [date]"
    ask = (
        f"{hello}\n\n"
        f"Thank you for everything I learned working with you. I am applying to {specialty} residency this season, "
        "and your view of my work would mean a great deal to programs. Would you feel comfortable writing me a strong letter of recommendation?\n\n"
        "If you agree, I will send my CV, personal statement and a one-page summary of our work together, so it takes as little of your time as possible. "
        + (
            f"Programs are already reading applications: ERAS opened to them {eras_on}.\n\n"
            if opened
            else f"Programs start reading applications when ERAS opens to them {eras_on}.\n\n"
        )
        + f"With thanks,\n{me}"
    )
    first = (
        f"{hello}\n\n"
        f"I hope you are well. I am writing to check in, kindly, about the letter of recommendation for my {specialty} residency application. "
        + (f"ERAS opened to programs {eras_on}, " if opened else f"ERAS opens to programs {eras_on}, ")
        + f"and I would be very grateful if the letter could be uploaded {target_text}.\n\n"
        "If anything else from me would help, please tell me.\n\n"
        f"Thank you again,\n{me}"
    )
    second = (
        f"{hello}\n\n"
        f"I know how busy this time of year is. I see that the letter is not yet in ERAS, and programs {'began' if opened else 'begin'} reviewing {eras_on}. "
        f"If uploading {'soon' if opened else 'by then'} is difficult, please let me know, so that I can plan around it; I am grateful either way.\n\n"
        f"With warm regards,\n{me}"
    )
    thanks = (
        f"{hello}\n\n"
        "Your letter has been uploaded. Thank you for the time and care you gave it, and for your support this season. "
        "I will let you know how the Match goes.\n\n"
        f"With gratitude,\n{me}"
    )
    return [
        Draft("ask", "The ask", None, ask, status in ("", "to-ask"), note="Best asked in person or by video: this is what to say, and a note to send after."),
        Draft("first-reminder", "First reminder", first_on, first, waiting and first_on is not None and as_of >= first_on),
        Draft("second-reminder", "Second reminder", second_on, second, waiting and second_on is not None and as_of >= second_on),
        Draft("thank-you", "Thank-you", None, thanks, status == "uploaded"),
    ]


def emphasis(kind: object, north_american: object) -> tuple[list[str], list[str]]:
    """What this kind of letter should stress, and the optional IMG points (for writers in the US or Canada)."""
    by_kind = {**{k: list(w["emphasis"]) for p in registry().packs for k, w in p.writers.items()}, **EMPHASIS}
    points = by_kind.get(str(kind), EMPHASIS["other"]) if isinstance(kind, str) else EMPHASIS["other"]
    in_north_america = isinstance(north_american, (bool, np.bool_)) and bool(north_american)  # blank (NA) is not yes
    return list(points), list(IMG_POINTS) if in_north_america else []


def summary_addendum(kind: object, north_american: object, include_img_points: bool) -> str:
    """Markdown to add to the one-page summary: what to stress, and the IMG points if chosen."""
    points, img = emphasis(kind, north_american)
    lines = ["## What would help most in this letter", *[f"- {p}" for p in points]]
    if include_img_points and img:
        lines += ["", "## As an international graduate, it would help if you could mention", *[f"- {p}" for p in img]]
    return "\n".join(lines) + "\n"


def at_risk(letters: pd.DataFrame, as_of: date, eras_opens: date | None = None) -> pd.DataFrame:
    """Writers who agreed but whose letter is still not uploaded close to (or past) its date,
    each with the next candidate to ask: a writer still to ask, preferring the same kind,
    then one who knows you well, then one in North America."""
    due = letters["due_on"].where(letters["due_on"].notna(), pd.Timestamp(eras_opens) if eras_opens else pd.NaT)
    left = (due - pd.Timestamp(as_of)).dt.days
    risky = letters["status"].isin(WAITING) & left.notna() & (left <= AT_RISK_DAYS)
    spare = letters[letters["status"].eq("to-ask").fillna(False) | letters["status"].isna()]
    rows = []
    for i in letters.index[risky.fillna(False)]:
        kind = letters.at[i, "kind"]
        if len(spare):
            rank = pd.DataFrame(
                {
                    "same": ~(spare["kind"] == kind).fillna(False),
                    "well": ~spare["knows_me"].eq("well").fillna(False),
                    "na": ~spare["north_american"].fillna(False).astype(bool),
                }
            )
            best = spare.loc[rank.sort_values(["same", "well", "na"], kind="stable").index[0], "writer"]
            suggestion = f"Ask {best} now, in case this letter does not arrive."
        else:
            suggestion = "No one is left on your list to ask: add a backup writer to the table."
        days = int(left[i])
        when = f"{days} day{'s' if days != 1 else ''} left" if days >= 0 else f"{-days} day{'s' if days != -1 else ''} late"
        rows.append({"writer": letters.at[i, "writer"], "status": letters.at[i, "status"], "when": when, "backup": suggestion})
    return pd.DataFrame(rows, columns=["writer", "status", "when", "backup"])
