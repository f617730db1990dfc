"""Interview talking points suggested from a program's own data."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from data.packs import Pack, registry
from data.settings import Profile
from scoring.decision.inputs import CANDIDATES, relevant_inputs
from scoring.decision.ranking import SOME_IMGS_LABEL, unknown_inputs
from scoring.decision.rubric import NO_REPLY_DAYS
from scoring.vocabulary import specialty


def _known(value: object) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and value != value))


def _yes(value: object) -> bool:
    return _known(value) and bool(value)


def liked_suggestions(program: pd.Series) -> list[str]:
    out = []
    tags = str(program.get("strengths") or "").split(";") if _known(program.get("strengths")) else []
    pack = _pack(program)
    said = pack.strength_tags
    for tag in tags:
        if said.get(tag, {}).get("liked"):
            out.append(f"I am drawn to {said[tag]['liked']}.")
    out += [entry.text for entry in pack.liked if _fits(program, entry.when)]
    return out[:5]


# Which visa questions matter, by the profile's visa need: only the visa the
# applicant can use, and none once the program is known to take one of them.
VISA_QUESTIONS = {"none": (), "j1": ("j1",), "h1b": ("h1b",), "either": ("j1", "h1b")}


def _pack(program: pd.Series) -> Pack:
    packs = registry()
    key = specialty.specialty_of(program.to_frame().T).iloc[0]
    return packs.by_key.get(str(key), packs.primary)


def _sponsors_one(program: pd.Series, visa_need: str) -> bool:
    j1 = _yes(program.get("j1")) and visa_need in ("j1", "either")
    h1b = _known(program.get("h1b")) and program.get("h1b") == "yes" and visa_need in ("h1b", "either")
    return j1 or h1b


def unknown_questions(program: pd.Series, unknown: list[str], visa_need: str = "j1", email: tuple[date, bool] | None = None) -> list[str]:
    """Questions for an email or an open house, from what is still unknown about the
    program: visa questions first (only for a visa the applicant can use), then the rest
    in the order given. Facts like these are homework, not interview questions.

    unknown: input columns still unknown (missing_inputs). email: the latest email
    to the program (sent on, replied), so a pending email is followed up, not repeated.
    """
    asked = _pack(program).unknown_questions
    visas = () if _sponsors_one(program, visa_need) else VISA_QUESTIONS.get(visa_need, ())
    ordered = [c for c in visas if c in unknown] + [c for c in unknown if c not in ("j1", "h1b")]
    out: list[str] = []
    for column in ordered:
        if column == "responsiveness" and email is not None and not email[1]:
            sent = email[0]
            due = sent + timedelta(days=NO_REPLY_DAYS)
            out.append(f"Your email of {sent:%Y-%m-%d} has no reply yet (expect one by {due:%Y-%m-%d}); ask who can answer it.")
        elif column in asked:
            out.append(asked[column])
    return list(dict.fromkeys(out))[:5]


def _fits(program: pd.Series, when: tuple[tuple[str, tuple[object, ...]], ...]) -> bool:
    for column, values in when:
        if column == "tag":
            tags = set(str(program.get("strengths")).split(";")) if _known(program.get("strengths")) else set()
            if not tags & set(values):
                return False
        else:
            value = program.get(column)
            if not _known(value) or value not in values:
                return False
    return True


def question_suggestions(program: pd.Series, limit: int = 5) -> list[str]:
    """Questions for the interview day about the program's life (who thrives there, how
    research time is kept, how residents work with the rest of the team, where graduates
    go), chosen by what is known about it: questions tied to what it is known for first,
    then the ones that fit any program."""
    bank = _pack(program).interview
    specific = [q.text for q in bank if q.when and _fits(program, q.when)]
    general = [q.text for q in bank if not q.when]
    return list(dict.fromkeys(specific + general))[:limit]


def missing_inputs(one: pd.DataFrame, profile: Profile) -> list[str]:
    """The input columns still unknown for one scored program, as the ranking counts
    them: an email in the log, or your own rubric points, make an input known."""
    labels = set(filter(None, unknown_inputs(one, profile).iloc[0].split("; ")))
    if SOME_IMGS_LABEL in labels:  # the count, where the sheet says some IMGs
        labels.add(CANDIDATES["imgs_last_5y"].label)
    return [column for column in relevant_inputs(profile) if column in CANDIDATES and CANDIDATES[column].label in labels]
