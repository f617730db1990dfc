"""What every page shares: the workspace, cached tables, the profile and
weights in session state, the sidebar weights and the shared filters.

Tables are cached on the tables' revision, which a settings save (weights,
profile, order) does not move, so a weight change never re-reads them. The
scored frame is cached on (tables' revision, settings, today).
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from data.geography import DIVISIONS, REGIONS, STATES
from data.store import StaleWorkspace, Workspace, default_path
from scoring import filters as flt
from scoring.ranking import by_rank, score_programs
from scoring.settings import CAREER_FOCUS, FACTOR_LABELS, FACTORS, PRESETS, Profile, Weights
from scoring.tiers import TIERS

TODAY_VAR = "RESIDENCY_SCOUT_TODAY"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:])")


def md(text: object) -> str:
    """User text made inert for Markdown: no HTML, links, images or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def point_range(lo: pd.Series, hi: pd.Series) -> pd.Series:
    """'2' when known, '1–3' while unknowns leave a range."""
    low, high = lo.map("{:g}".format), hi.map("{:g}".format)
    return low.where(lo == hi, low + "–" + high)


def today() -> date:
    """The date replies and deadlines are judged by (fixed in tests by an env var)."""
    fixed = os.environ.get(TODAY_VAR)
    return date.fromisoformat(fixed) if fixed else date.today()


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    ws = _open(str(default_path()))
    if not ws.is_initialised():
        from data import bundled  # only on first launch: it brings in validation (pandera)

        with st.spinner("Setting up your workspace with the example programs…"):
            ws.save(tables=bundled.example_tables(), settings=bundled.example_settings())
    return ws


@st.cache_resource(show_spinner=False, max_entries=4)
def _tables(path: str, tables_revision: int) -> dict[str, pd.DataFrame]:
    # Shared and read-only: callers copy before changing anything.
    ws = _open(path)
    return {name: ws.load_table(name) for name in ("programs", "contacts", "letters")}


def tables_revision() -> int:
    return workspace().tables_revision()


def tables() -> dict[str, pd.DataFrame]:
    ws = workspace()
    return _tables(str(ws.path), ws.tables_revision())


def _load_settings(ws: Workspace) -> None:
    try:
        st.session_state["profile"] = Profile.from_dict(ws.load_setting("profile")).to_dict()
    except (ValueError, TypeError):
        st.session_state["profile"] = Profile().to_dict()
    try:
        st.session_state["weights"] = Weights.from_dict(ws.load_setting("weights")).to_dict()
    except (ValueError, TypeError):
        st.session_state["weights"] = Weights().to_dict()
    st.session_state["revision"] = ws.revision()
    for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
        del st.session_state[key]


def start_session() -> Workspace:
    """Call first on every page: loads the profile and weights once per session
    and notices when another window changed the workspace."""
    ws = workspace()
    if "revision" not in st.session_state:
        _load_settings(ws)
    current = ws.revision()
    if current != st.session_state["revision"]:
        with st.container(border=True):
            st.warning("This workspace was changed in another window or tab.", icon=":material/sync_problem:")
            if st.button("Load the newer version", key="reload_workspace"):
                _load_settings(ws)
                st.rerun()
    return ws


def save(**kwargs: Any) -> bool:
    """Save to the workspace unless another window saved first; say so if it did."""
    ws = workspace()
    try:
        st.session_state["revision"] = ws.save(expected_revision=st.session_state.get("revision"), **kwargs)
        return True
    except StaleWorkspace as exc:
        st.session_state["_stale_message"] = str(exc)
        return False


def show_save_problem() -> None:
    message = st.session_state.pop("_stale_message", None)
    if message:
        st.error(message, icon=":material/block:")


def profile() -> Profile:
    return Profile.from_dict(st.session_state["profile"])


def weights() -> Weights:
    return Weights.from_dict(st.session_state["weights"])


@st.cache_resource(show_spinner=False, max_entries=2)  # this weight setting and the one before
def _scored(path: str, tables_revision: int, settings: str, day: str) -> pd.DataFrame:
    # Shared like _tables; scored() hands out shallow copies, which copy-on-write keeps apart.
    t = _tables(path, tables_revision)
    chosen = json.loads(settings)
    return by_rank(
        score_programs(t["programs"], Profile.from_dict(chosen["profile"]), Weights.from_dict(chosen["weights"]), date.fromisoformat(day), t["contacts"])
    )


def scored() -> pd.DataFrame:
    ws = workspace()
    return _scored(str(ws.path), ws.tables_revision(), settings_json(), today().isoformat()).copy(deep=False)


# Sidebar weights ---------------------------------------------------------------


def _save_weights() -> None:
    st.session_state["weights"] = {f: float(st.session_state[f"w_{f}"]) for f in FACTORS}
    save(settings={"weights": st.session_state["weights"]})


def _apply_preset() -> None:
    name = st.session_state.get("w_preset")
    if name in PRESETS:
        for factor, value in PRESETS[name].to_dict().items():
            st.session_state[f"w_{factor}"] = value
        _save_weights()


def sidebar_weights() -> Weights:
    current = st.session_state["weights"]
    with st.sidebar:
        st.subheader("Weights")
        st.selectbox("Preset", list(PRESETS), index=None, placeholder="Choose a preset…", key="w_preset", on_change=_apply_preset)
        for factor in FACTORS:
            st.session_state.setdefault(f"w_{factor}", float(current[factor]))
            st.slider(FACTOR_LABELS[factor], 0.0, 10.0, step=0.5, key=f"w_{factor}", on_change=_save_weights)
        show_save_problem()
    return weights()


# Shared filters ----------------------------------------------------------------

FOCUS_LABELS = {"pediatric": "Pediatric", "adult": "Adult", "reproductive": "Reproductive", "laboratory": "Laboratory"}
FILTER_KEYS = ("f_regions", "f_divisions", "f_states", "f_tracks", "f_focus", "f_j1", "f_h1b", "f_tiers", "f_eligible", "f_min_img", "f_text")


def clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def filter_widgets(frame: pd.DataFrame) -> flt.Filters:
    """The filters, kept for the whole session so they survive a page switch."""
    with st.expander("Filters", icon=":material/filter_list:", expanded=False):
        c1, c2, c3 = st.columns(3)
        regions = c1.multiselect("Region", REGIONS, key="f_regions", persist_state="session")
        divisions = c2.multiselect("Division", DIVISIONS, key="f_divisions", persist_state="session")
        states = c3.multiselect("State", sorted(STATES), key="f_states", persist_state="session")
        c1, c2, c3 = st.columns(3)
        tracks = c1.multiselect("Track", ["categorical", "peds-mgg", "im-mgg", "mfm-mgg", "other"], key="f_tracks", persist_state="session")
        focus = c2.multiselect("Career focus", CAREER_FOCUS, format_func=FOCUS_LABELS.get, key="f_focus", persist_state="session")
        tiers = c3.multiselect("Tier", TIERS, key="f_tiers", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        eligible = c1.multiselect("Eligible", ["yes", "unknown", "no"], key="f_eligible", persist_state="session")
        min_img = c2.slider("Minimum IMG-friendliness", 0.0, 10.0, step=0.5, key="f_min_img", persist_state="session")
        text = c3.text_input("Search", placeholder="name, city, notes", key="f_text", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        j1 = c1.checkbox("Sponsors J-1", key="f_j1", persist_state="session")
        h1b = c2.checkbox("Sponsors or considers H-1B", key="f_h1b", persist_state="session")
        c3.button("Clear filters", on_click=clear_filters, key="f_clear")
    return flt.Filters(
        regions=tuple(regions),
        divisions=tuple(divisions),
        states=tuple(states),
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


def settings_json() -> str:
    return json.dumps({"profile": st.session_state["profile"], "weights": st.session_state["weights"]}, sort_keys=True)
