"""The filters every program page shares, kept for the session, and the empty states they lead to."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from data.geography import DIVISIONS, REGIONS, STATES
from data.packs import registry
from data.settings import CAREER_FOCUS
from scoring.decision import filters as flt
from scoring.decision.tiers import TIERS
from scoring.vocabulary.wording import words

# Career focuses by their packs' labels (data/specialties/*.toml).
FOCUS_LABELS = {code: f.label for p in registry().packs for code, f in p.focuses.items()}


FILTER_KEYS = ("f_regions", "f_divisions", "f_states", "f_specialties", "f_tracks", "f_focus", "f_j1", "f_h1b", "f_tiers", "f_eligible", "f_min_img", "f_text")


# What each filter shows when nothing is chosen.
FILTER_DEFAULTS: dict[str, Any] = {
    key: [] for key in ("f_regions", "f_divisions", "f_states", "f_specialties", "f_tracks", "f_focus", "f_tiers", "f_eligible")
} | {
    "f_j1": False,
    "f_h1b": False,
    "f_min_img": 0.0,
    "f_text": "",
}


def clear_filters() -> None:
    # The filters keep their values for the session (persist_state), and the
    # browser resends a widget's last value: deleting the keys would bring the
    # old choices back. Writing the empty values resets widget and kept state.
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = value.copy() if isinstance(value, list) else value


def filter_widgets(frame: pd.DataFrame) -> flt.Filters:
    """The filters, kept for the whole session so they survive a page switch."""
    with st.expander("Filters", icon=":material/filter_list:", expanded=False):
        c1, c2, c3 = st.columns(3)
        regions = c1.multiselect("Region", REGIONS, key="f_regions", persist_state="session")
        divisions = c2.multiselect("Division", DIVISIONS, key="f_divisions", persist_state="session")
        states = c3.multiselect("State", sorted(STATES), key="f_states", persist_state="session")
        packs = registry()
        if len(packs.packs) > 1:
            c0, c1, c2, c3 = st.columns(4)
            chosen_specialties = c0.multiselect(
                "Specialty", list(packs.by_key), format_func=lambda key: packs.by_key[key].name, key="f_specialties", persist_state="session"
            )
        else:
            c1, c2, c3 = st.columns(3)
            chosen_specialties = []
        tracks = c1.multiselect("Track", list(packs.track_codes), format_func=words, key="f_tracks", persist_state="session")
        focus = c2.multiselect("Career focus", CAREER_FOCUS, format_func=FOCUS_LABELS.get, key="f_focus", persist_state="session")
        tiers = c3.multiselect("Tier", TIERS, format_func=words, key="f_tiers", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        eligible = c1.multiselect("Eligible", ["yes", "unknown", "no"], key="f_eligible", persist_state="session")
        min_img = c2.slider("Minimum IMG-friendliness", 0.0, 10.0, step=0.5, format="plain", key="f_min_img", persist_state="session")
        text = c3.text_input("Search", placeholder="name, city, notes, NRMP or ACGME code", key="f_text", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        j1 = c1.checkbox("Accepts J-1", key="f_j1", persist_state="session")
        h1b = c2.checkbox("Sponsors or considers H-1B", key="f_h1b", persist_state="session")
        c3.button("Clear filters", on_click=clear_filters, key="f_clear")
    return flt.Filters(
        regions=tuple(regions),
        divisions=tuple(divisions),
        states=tuple(states),
        specialties=tuple(chosen_specialties),
        tracks=tuple(tracks),
        focus=tuple(focus),
        j1=bool(j1),
        h1b=bool(h1b),
        tiers=tuple(tiers),
        eligible=tuple(eligible),
        min_friendliness=float(min_img or 0),
        text=text or "",
    )


def filtered(frame: pd.DataFrame, chosen: flt.Filters) -> pd.DataFrame:
    shown = flt.apply(frame, chosen)
    if chosen.active:
        st.caption(f"Showing {len(shown):,} of {len(frame):,} programs (filters on).")
    return shown


def stop_without_programs(frame: pd.DataFrame, message: str) -> None:
    """The empty state shared by pages that need programs: say so, link to Programs, stop."""
    if frame.empty:
        st.info(message, icon=":material/inbox:")
        st.page_link("app_pages/programs.py", label="Go to Programs", icon=":material/table:")
        st.stop()


def empty_filtered_state() -> None:
    st.info("No programs match these filters.", icon=":material/search_off:")
    st.button("Clear filters", on_click=clear_filters, key="f_clear_empty")
