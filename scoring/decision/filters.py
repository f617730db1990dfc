"""Which programs to show: the filters shared by the Programs, Explore and
Rank list pages, as a plain value and one pure function."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.decision.fit import has_tag
from scoring.decision.rubric import num
from scoring.vocabulary import specialty


@dataclass(frozen=True)
class Filters:
    regions: tuple[str, ...] = ()
    divisions: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()
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
    """Programs strong in a career focus, by its pack's evidence: a strength tag, an
    emphasis of 4 or 5, a yes (where the applicant gave no emphasis rating: hers decides), or the focus track (one the applicant could enter or not:
    this is what a program offers). Programs of a specialty without that focus are out."""
    out = np.zeros(len(frame), dtype=bool)
    for pack, _key, mask in specialty.groups(frame):
        chosen = pack.focuses.get(focus) if pack is not None else None
        if chosen is None:
            continue
        part = frame if mask.all() else frame[mask]
        hit = has_tag(part, set(chosen.tags)) == 1 if chosen.tags else np.zeros(len(part), dtype=bool)
        for column in chosen.emphasis:
            hit = hit | (num(part, column) >= 4)
        for column in chosen.yes_no:
            hit = hit | (num(part, column) == 1)
        # The applicant's own rating of the emphasis decides where she gave one (a children's
        # hospital she rated 'Adult focus: N' is not an adult program, whatever its services).
        rated = np.zeros(len(part), dtype=bool)
        rated_hit = np.zeros(len(part), dtype=bool)
        for column in chosen.emphasis:
            rating = num(part, column)
            rated |= ~np.isnan(rating)
            rated_hit |= rating >= 4
        hit = np.where(rated, rated_hit, hit)
        if chosen.track and "track" in part:
            hit = hit | (part["track"] == chosen.track).fillna(False).to_numpy(dtype=bool)
        out[mask] = hit
    return out


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
    if f.specialties:
        keep &= specialty.specialty_of(scored).isin(f.specialties).fillna(False).to_numpy(dtype=bool)
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
        # A program is also found by its directory ids and its ERAS code (what a directory lists it by).
        searched = ["program", "institution", "city", "notes", "nrmp_code", "acgme_id", "eras_code"]
        haystack = scored["program"].fillna("").astype(str)
        for column in searched[1:]:
            if column in scored:
                haystack = haystack + " " + scored[column].fillna("").astype(str)
        keep &= haystack.str.lower().str.contains(needle, regex=False).to_numpy()
    return scored[keep]
