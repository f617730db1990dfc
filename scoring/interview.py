"""Interview talking points suggested from a program's own data."""

from __future__ import annotations

import pandas as pd

from scoring.research_next import CANDIDATES

STRENGTH_POINTS = {
    "cancer": "its hereditary cancer clinic and links with the cancer centre",
    "metabolic": "its metabolic genetics service",
    "prenatal": "its prenatal and fetal genetics work",
    "neurogenetics": "its neurogenetics clinic",
    "cardiogenetics": "its cardiovascular genetics clinic",
    "craniofacial": "its craniofacial team",
    "dysmorphology": "its dysmorphology clinic",
    "genomic-informatics": "its genomic informatics and data work",
    "laboratory": "its molecular and cytogenetics laboratories",
    "reproductive": "its reproductive genetics service",
}


def _known(value: object) -> bool:
    return not (value is None or value is pd.NA or (isinstance(value, float) and value != value))


def _yes(value: object) -> bool:
    return _known(value) and bool(value)


def liked_suggestions(program: pd.Series) -> list[str]:
    out = []
    tags = str(program.get("strengths") or "").split(";") if _known(program.get("strengths")) else []
    for tag in tags:
        if tag in STRENGTH_POINTS:
            out.append(f"I am drawn to {STRENGTH_POINTS[tag]}.")
    if _known(program.get("research_time")) and program["research_time"] in ("moderate", "extensive"):
        out.append("I value that residents have protected time for research.")
    if _yes(program.get("childrens_hospital")):
        out.append("Training alongside a children's hospital matters to me.")
    if _yes(program.get("onsite_labs")):
        out.append("Having the diagnostic laboratories on site would let me learn variant interpretation first-hand.")
    if _yes(program.get("intl_trainees_mentioned")):
        out.append("The program speaks openly about welcoming international trainees.")
    return out[:5]


def question_suggestions(program: pd.Series, unknown: list[str]) -> list[str]:
    out = [f"{CANDIDATES[c].action}." for c in unknown if c in CANDIDATES and c not in ("interest", "cost_of_living", "community_support")]
    out += [
        "How do residents work with genetic counsellors in clinic and in research?",
        "Where have recent graduates gone: fellowships, academic posts or industry?",
    ]
    return out[:5]


def missing_inputs(program: pd.Series, columns: list[str]) -> list[str]:
    return [c for c in columns if c in program and not _known(program[c])]
