"""Interview talking points suggested from a program's own data."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from scoring.ranking import unknown_inputs
from scoring.research_next import CANDIDATES, relevant_inputs
from scoring.rubric import NO_REPLY_DAYS
from scoring.settings import Profile

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


# Which visa questions matter, by the profile's visa need: only the visa the
# applicant can use, and none once the program is known to sponsor one of them.
VISA_QUESTIONS = {"none": (), "j1": ("j1",), "h1b": ("h1b",), "either": ("j1", "h1b")}
# What is unknown, as a question for the interview day. Inputs a page or a map
# answers (ACGME status, the start year, cost of living) or only you can (your
# interest) are left out: they are research, not questions. Some inputs share a question.
ASKED = {
    "j1": "Do you accept residents on a J-1 visa (sponsored by ECFMG)?",
    "h1b": "Do you sponsor H-1B visas, and by when must Step 3 be passed?",
    "intl_trainees_mentioned": "Have international graduates trained here, and how did the program help them settle in?",
    "img_info": "What should an international graduate have in place before starting: ECFMG certificate, visa papers, dates?",
    "img_faq": "What should an international graduate have in place before starting: ECFMG certificate, visa papers, dates?",
    "imgs_last_5y": "How many residents in recent classes trained abroad?",
    "img_cohorts_last_5y": "How many residents in recent classes trained abroad?",
    "peds_emphasis": "How is clinic time split between children and adults?",
    "adult_emphasis": "How is clinic time split between children and adults?",
    "childrens_hospital": "Where do residents see children: is there a children's hospital on site?",
    "cancer_center": "Do residents rotate through a cancer genetics clinic?",
    "onsite_labs": "How much time do residents spend in the diagnostic laboratories, and are they on site?",
    "strengths": "Which clinics or research groups is the program strongest in?",
    "track": "Which tracks do you offer: categorical, or combined with pediatrics, internal medicine or maternal-fetal medicine?",
    "research_time": "How much protected research time do residents get, and when does it start?",
}


def _sponsors_one(program: pd.Series, visa_need: str) -> bool:
    j1 = _yes(program.get("j1")) and visa_need in ("j1", "either")
    h1b = _known(program.get("h1b")) and program.get("h1b") == "yes" and visa_need in ("h1b", "either")
    return j1 or h1b


def question_suggestions(program: pd.Series, unknown: list[str], visa_need: str = "j1", email: tuple[date, bool] | None = None) -> list[str]:
    """Questions to ask, from what is still unknown about the program: visa questions
    first (only for a visa the applicant can use), then the rest in the order given.

    unknown: input columns still unknown (missing_inputs). email: the latest email
    to the program (sent on, replied), so a pending email is followed up, not repeated.
    """
    visas = () if _sponsors_one(program, visa_need) else VISA_QUESTIONS.get(visa_need, ())
    ordered = [c for c in visas if c in unknown] + [c for c in unknown if c not in ("j1", "h1b")]
    out: list[str] = []
    for column in ordered:
        if column == "responsiveness" and email is not None and not email[1]:
            sent = email[0]
            due = sent + timedelta(days=NO_REPLY_DAYS)
            out.append(f"Your email of {sent:%Y-%m-%d} has no reply yet (expect one by {due:%Y-%m-%d}); ask who can answer it.")
        elif column in ASKED:
            out.append(ASKED[column])
    out += [
        "How do residents work with genetic counsellors in clinic and in research?",
        "Where have recent graduates gone: fellowships, academic posts or industry?",
    ]
    return list(dict.fromkeys(out))[:5]


def missing_inputs(one: pd.DataFrame, profile: Profile) -> list[str]:
    """The input columns still unknown for one scored program, as the ranking counts
    them: an email in the log, or your own rubric points, make an input known."""
    labels = set(filter(None, unknown_inputs(one, profile).iloc[0].split("; ")))
    return [column for column in relevant_inputs(profile) if column in CANDIDATES and CANDIDATES[column].label in labels]
