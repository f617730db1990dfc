"""Which programs to show: the filters shared by the Programs, Explore and
Rank list pages, as a plain value and one pure function."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.fit import FOCUS_TAGS, has_tag
from scoring.rubric import num


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    focus: tuple[str, ...] = ()  # programs strong in any of these career focuses
    j1: bool = False  # only programs known to sponsor the J-1
    h1b: bool = False  # only programs that sponsor or consider the H-1B
    tiers: tuple[str, ...] = ()
    eligible: tuple[str, ...] = ()
    min_friendliness: float = 0.0
    text: str = ""

    @property
    def active(self) -> bool:
        return self != Filters()


def focus_mask(frame: pd.DataFrame, focus: str) -> np.ndarray:
    """Programs with evidence for the focus. The applicant's own rating of the emphasis decides
    where she gave one (a children's hospital she rated 'Adult focus: N' is not an adult program,
    whatever its cancer centre); a tag or a hospital's service counts only where she did not."""
    tag = has_tag(frame, FOCUS_TAGS[focus]) == 1
    if focus in ("pediatric", "adult"):
        rating = num(frame, "peds_emphasis" if focus == "pediatric" else "adult_emphasis")
        service = num(frame, "childrens_hospital" if focus == "pediatric" else "cancer_center") == 1
        return np.where(np.isnan(rating), tag | service, rating >= 4)
    if focus == "reproductive":
        return tag | (frame["track"] == "mfm-mgg").fillna(False).to_numpy()
    return tag | (num(frame, "onsite_labs") == 1)


def apply(scored: pd.DataFrame, f: Filters) -> pd.DataFrame:
    keep = np.ones(len(scored), dtype=bool)
    for column, chosen in (
        ("region", f.regions),
        ("division", f.divisions),
        ("state", f.states),
        ("track", f.tracks),
        ("tier", f.tiers),
        ("eligible", f.eligible),
    ):
        if chosen:
            keep &= scored[column].isin(chosen).fillna(False).to_numpy()
    if f.focus:
        keep &= np.any([focus_mask(scored, x) for x in f.focus], axis=0)
    if f.j1:
        keep &= num(scored, "j1") == 1
    if f.h1b:
        keep &= scored["h1b"].isin(["yes", "considered"]).fillna(False).to_numpy()
    if f.min_friendliness > 0:
        keep &= scored["img_friendliness"].to_numpy() >= f.min_friendliness
    if f.text.strip():
        needle = f.text.strip().lower()
        haystack = scored["program"].fillna("") + " " + scored["institution"].fillna("") + " " + scored["city"].fillna("") + " " + scored["notes"].fillna("")
        keep &= haystack.str.lower().str.contains(needle, regex=False).to_numpy()
    return scored[keep]
