"""The inputs a program's scores rest on, as research-next and the ranked list name them:
what each unknown input is called, what to do to learn it and the answers it could have,
and which inputs count for this applicant. Both the ranking and research-next read it, so
it sits below both (research-next consumes the ranking, never the other way round)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from data.packs import registry
from data.settings import Profile
from scoring.decision import eligibility
from scoring.vocabulary import specialty


@dataclass(frozen=True)
class Candidate:
    label: str  # what is unknown, in words
    action: str  # what to do about it
    values: tuple[object, ...]  # the answers it could have


YES_NO = (True, False)


def _words(column: str, label: str, action: str) -> tuple[str, str]:
    """A column's label and action: the first pack's wording where it has one."""
    said = registry().primary.research.get(column, {})
    return said.get("label", label), said.get("action", action)


CANDIDATES: dict[str, Candidate] = {
    "j1": Candidate("J-1 acceptance", "Ask whether they accept J-1 physicians", YES_NO),
    "h1b": Candidate("H-1B sponsorship", "Ask about H-1B sponsorship", ("yes", "considered", "no")),
    "intl_trainees_mentioned": Candidate("mention of international trainees", "Check the site for international trainees", YES_NO),
    "img_info": Candidate("IMG instructions", "Read their IMG/ECFMG instructions", ("none", "limited", "clear")),
    "img_faq": Candidate("IMG FAQ", "Look for an IMG FAQ", YES_NO),
    "imgs_last_5y": Candidate("IMGs in the last five years", "Count IMGs among recent residents", (0, 1, 2, 5)),
    "img_cohorts_last_5y": Candidate("cohorts with an IMG", "Check which recent cohorts had an IMG", (0, 1, 2, 3, 5)),
    "responsiveness": Candidate("how they answer email", "Email the coordinator", ("none", "generic", "helpful")),
    "peds_emphasis": Candidate("pediatric emphasis", "Check their pediatric rotations", (1, 3, 5)),
    "adult_emphasis": Candidate("adult emphasis", "Check their adult clinics", (1, 3, 5)),
    "childrens_hospital": Candidate("children's hospital", "Check for a children's hospital", YES_NO),
    "cancer_center": Candidate("cancer centre", "Check for a cancer centre", YES_NO),
    "onsite_labs": Candidate(*_words("onsite_labs", "on-site labs", "Check for on-site laboratories"), YES_NO),
    # Every strength tag at once: the answer that could raise any focus the most.
    "strengths": Candidate(*_words("strengths", "subspecialty strengths", "Read the faculty's interests"), ("", ";".join(registry().strength_tags))),
    "track": Candidate(*_words("track", "program type", "Check the program type"), tuple(c for c in registry().track_codes if c != "other")),
    "research_time": Candidate("research time", "Ask how much research time residents get", ("none", "limited", "moderate", "extensive")),
    "cost_of_living": Candidate("cost of living", "Look up the cost of living", (1, 3, 5)),
    "community_support": Candidate("community nearby", "Look for community or family nearby", YES_NO),
    "acgme_status": Candidate("ACGME status", "Look up the ACGME status", ("continued", "initial", "warning", "probation")),
    "established_year": Candidate("when the program started", "Check when the program started", (1990, 9999)),
    "interest": Candidate("your interest", "Rate your interest", (0, 10)),
    # Cutoffs not checked yet: each answer is "none" (data.columns' none value) or one that excludes anyone it can.
    "max_years_since_graduation": Candidate("years-since-graduation limit", "Check their limit on years since graduation", (999, 0)),
    "min_step2_score": Candidate("Step 2 CK minimum", "Check their Step 2 CK minimum", (0, 300)),
    "max_attempts": Candidate("limit on attempts per Step", "Check their limit on USMLE attempts", (99, 1)),
    "ecfmg_required_by": Candidate("ECFMG deadline", "Check when they need ECFMG certification", (pd.Timestamp("2200-01-01"), pd.Timestamp("1950-01-01"))),
    "requires_prior_residency": Candidate("prior-training requirement", "Check whether they require US or Canadian residency training", YES_NO),
    "entry_level": Candidate("entry level", "Check whether it starts at PGY-1", ("pgy1", "after-2-years", "after-residency")),
}


def research_inputs(profile: Profile, as_of: date) -> list[str]:
    """What research-next looks at: the cutoffs not checked yet, likeliest to exclude this
    applicant first (scoring.decision.eligibility.unchecked_order), then the inputs of the scores."""
    return [*eligibility.unchecked_order(profile, as_of), *relevant_inputs(profile)]


def relevant_inputs(profile: Profile) -> list[str]:
    """Inputs that can move this applicant's scores (focus inputs depend on career focus)."""
    focus: list[str] = []
    packs = registry()
    for pack in packs.packs:
        chosen = specialty.focus_of(profile, pack, packs)
        if chosen is not None:
            track = bool(chosen.track) and specialty.track_counts_as_evidence(pack, chosen.track, profile)
            focus += [*chosen.emphasis, *chosen.yes_no, *(["strengths"] if chosen.tags else []), *(["track"] if track else [])]
    focus = list(dict.fromkeys(focus))
    # With no career path said yet, an industry path (which reads on-site labs) is still possible.
    research = ["research_time"] + (["onsite_labs"] if profile.career_path in ("industry", "") and "onsite_labs" not in focus else [])
    return [
        "j1",
        "h1b",
        "intl_trainees_mentioned",
        "img_info",
        "img_faq",
        "imgs_last_5y",
        "img_cohorts_last_5y",
        "responsiveness",
        *focus,
        *research,
        "cost_of_living",
        "community_support",
        "acgme_status",
        "established_year",
        "interest",
    ]
