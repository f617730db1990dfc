"""Networking: a short message to a current resident, the questions worth
asking at an open house, and which of your experiences to put forward for
each program (its strengths against your tagged experiences)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from data.packs import Pack, registry

RESIDENT_QUESTIONS = {
    "support": "How supported do IMGs feel in the program, day to day?",
    "pgy1": "What was hardest about your first year, and what helped?",
    "mentorship": "How easy is it to find research projects and a mentor?",
    "visa": "Did the program help with the visa process, and how smoothly did it go?",
    "life": "What is life like outside the hospital there?",
}

# Worth asking at any open house: the first pack's bank (data/specialties/*.toml).
OPEN_HOUSE_QUESTIONS = list(registry().primary.open_house)


def open_house_questions(packs: list[Pack]) -> list[str]:
    """The open-house questions of every specialty applied to, each once."""
    return list(dict.fromkeys(q for p in packs for q in p.open_house))


def resident_message(program: str, applicant: str, country: str, interest: str, questions: list[str], resident: str = "", specialty: str = "") -> str:
    """Who you are, why this program, one or two questions: short enough to read on a phone.
    specialty: the program's specialty in words (the first pack's name when blank)."""
    specialty = specialty or registry().primary.name
    hello = f"Dear {resident.strip()}," if resident.strip() else "Hello,"
    me = applicant.strip() or "[your name]"
    where = f" from {country.strip()}" if country.strip() else ""
    why = interest.strip() or "[one sentence on what draws you to the program]"
    asked = [RESIDENT_QUESTIONS.get(q, q) for q in questions[:2]]
    lines = [
        hello,
        "",
        f"I am {me}, an international medical graduate{where} applying to {specialty} residency this season. I am very interested in {program}: {why}",
        "",
        "If you have a few minutes, I would be grateful for your view on " + ("this:" if len(asked) == 1 else "two questions:"),
        *[f"- {q}" for q in asked],
        "",
        "Thank you for your time; I know how busy residency is.",
        "",
        f"Best wishes,\n{me}",
    ]
    if not asked:
        lines[3] = "If you have a few minutes, I would be grateful to hear what residency there is like."
        del lines[4]
    return "\n".join(lines)


def tailoring(strengths: object, experiences: tuple[dict[str, Any], ...] | list[dict[str, Any]]) -> pd.DataFrame:
    """Your experiences that match a program's strengths, best match first.

    strengths: the program's `;`-separated tags (blank when unknown)."""
    tags = set(str(strengths).split(";")) if isinstance(strengths, str) and strengths else set()
    rows = []
    for experience in experiences:
        shared = sorted(tags & set(experience.get("tags") or []))
        if shared:
            rows.append({"experience": str(experience.get("text", "")), "matches": ", ".join(shared), "n": len(shared)})
    out = pd.DataFrame(rows, columns=["experience", "matches", "n"])
    return out.sort_values("n", ascending=False, kind="stable").drop(columns="n").reset_index(drop=True)
