"""What every page shares: the workspace, cached tables, the profile and
weights in session state, the sidebar weights and the shared filters.

Loading is cached on the workspace revision; scoring is cheap and vectorised,
so it runs on every rerun and a weight change never reloads data.
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
from scoring.settings import CAREER_FOCUS, FACTOR_LABELS, FACTORS, PRESETS, SETTING_DEFAULTS, Profile, Weights, setting_problems
from scoring.tiers import TIERS

TODAY_VAR = "RESIDENCY_SCOUT_TODAY"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:&])")


# Streamlit's Markdown turns bare URLs and e-mail addresses into links after escapes are
# resolved, so backslashes cannot stop it; an invisible word joiner inside "http:", "www."
# and after "@" does, and the text reads and prints the same.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=:)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """User text made inert for Markdown: no HTML, links (not even bare URLs), images or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


def point_range(lo: pd.Series, hi: pd.Series) -> pd.Series:
    """'2' when known, '1–3' while unknowns leave a range."""
    low, high = lo.map("{:g}".format), hi.map("{:g}".format)
    return low.where(lo == hi, low + "–" + high)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the screen where an unknown cell is blank: grids draw a null as a grey
    'None', which reads like the real answer 'none'. Columns without blanks keep their type
    (and so sort as numbers or dates)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not series.isna().any():
            continue
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            text = series.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(series.dtype):
            text = series.map({True: "yes", False: "no"}, na_action="ignore")
        elif pd.api.types.is_numeric_dtype(series.dtype):
            text = series.map("{:g}".format, na_action="ignore")
        else:
            text = series.astype("string")
        out[column] = text.astype(object).where(series.notna(), "").astype(str)
    return out


# A grid draws a blank choice cell as a grey "None", even when "" is an option, so an
# editable choice column shows and offers "unknown" for blank; saving turns it back.
BLANK_CHOICE = "unknown"


def choice_column(label: str, options: list[str], **kwargs: Any) -> Any:
    return st.column_config.SelectboxColumn(label, options=[*options, BLANK_CHOICE], **kwargs)


def show_choices(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype("string").fillna(BLANK_CHOICE).replace("", BLANK_CHOICE) for c in columns})


def unshow_choices(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].replace(BLANK_CHOICE, "") for c in columns})


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.table, which reads Markdown in every cell and header: blanks blank, user text inert."""
    shown = readable(frame)
    return shown.map(md).rename(columns=md)


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
def _tables(path: str, revision: int) -> dict[str, pd.DataFrame]:
    # Shared and read-only: callers copy before changing anything.
    ws = _open(path)
    return {name: ws.load_table(name) for name in ("programs", "contacts", "letters", "applications")}


def tables() -> dict[str, pd.DataFrame]:
    ws = workspace()
    return _tables(str(ws.path), ws.revision())


SETTING_LABELS = {"profile": "profile", "weights": "weights", "manual_order": "own rank order", "letter_assignments": "letter assignments"}


def _stored(ws: Workspace, name: str) -> tuple[Any, str | None]:
    """A setting as saved, or its default and the first reason it cannot be used."""
    try:
        value = ws.load_setting(name)
    except ValueError as exc:  # not JSON at all
        return SETTING_DEFAULTS[name](), f"it is not valid JSON ({exc})"
    if value is None:
        return SETTING_DEFAULTS[name](), None
    problems = setting_problems(name, value)
    return (SETTING_DEFAULTS[name](), problems[0]) if problems else (value, None)


def _load_settings(ws: Workspace) -> None:
    # A setting that cannot be used falls back to its default for this session and is
    # reported (with a reset button) by setting_warnings(); it never breaks a page.
    bad = st.session_state.setdefault("_bad_settings", {})
    for name, parse in (("profile", Profile.from_dict), ("weights", Weights.from_dict)):
        value, problem = _stored(ws, name)
        st.session_state[name] = parse(value).to_dict()
        if problem:
            bad[name] = problem
        else:
            bad.pop(name, None)
    st.session_state["revision"] = ws.revision()
    for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
        del st.session_state[key]


def _reset_setting(name: str) -> None:
    default = SETTING_DEFAULTS[name]()
    if save(settings={name: default}):
        st.session_state.get("_bad_settings", {}).pop(name, None)
        if name in ("profile", "weights"):
            st.session_state[name] = default
            for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
                del st.session_state[key]


def setting_warning(name: str, problem: str) -> None:
    """Say which saved setting could not be read, and offer to reset just that one."""
    with st.container(border=True):
        st.warning(
            f"Your saved {SETTING_LABELS[name]} could not be read, so the defaults are used for now: {md(problem)}.",
            icon=":material/settings_alert:",
        )
        st.button(f"Reset the {SETTING_LABELS[name]}", key=f"reset_setting_{name}", on_click=_reset_setting, args=(name,), icon=":material/restart_alt:")
        show_save_problem()


def setting(name: str) -> Any:
    """A saved setting (manual_order, letter_assignments) that is safe to use: its default
    when what is saved cannot be used, with a warning on the page."""
    value, problem = _stored(workspace(), name)
    if problem:
        setting_warning(name, problem)
    return value


def start_session() -> Workspace:
    """Call first on every page: loads the profile and weights once per session
    and notices when another window changed the workspace."""
    ws = workspace()
    if "revision" not in st.session_state:
        _load_settings(ws)
    for name, problem in list(st.session_state.get("_bad_settings", {}).items()):
        setting_warning(name, problem)
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


def scored() -> pd.DataFrame:
    t = tables()
    return by_rank(score_programs(t["programs"], profile(), weights(), today(), t["contacts"], applications=t["applications"]))


# Sidebar weights ---------------------------------------------------------------


def _save_weights() -> None:
    # The sliders set the numbers only: keep the saved choice of how unknowns count.
    st.session_state["weights"] = {**st.session_state["weights"], **{f: float(st.session_state[f"w_{f}"]) for f in FACTORS}}
    save(settings={"weights": st.session_state["weights"]})


def _apply_preset() -> None:
    name = st.session_state.get("w_preset")
    if name in PRESETS:
        for factor in FACTORS:
            st.session_state[f"w_{factor}"] = float(getattr(PRESETS[name], factor))
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
