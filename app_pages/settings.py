"""This session's profile and weights, loaded once from the stored settings; a setting that cannot be read warns and offers a reset."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.saving import _Seen, callback, save, show_save_problem, stored
from app_pages.text import md
from app_pages.workspace import workspace
from data.settings import SETTING_DEFAULTS, Profile, Weights
from data.store import Workspace

SETTING_LABELS = {"profile": "profile", "weights": "weights", "manual_order": "own rank order", "letter_assignments": "letter assignments"}


def load_settings(ws: Workspace) -> None:
    # A setting that cannot be used falls back to its default for this session and is
    # reported (with a reset button) by setting_warnings(); it never breaks a page.
    bad = st.session_state.setdefault("_bad_settings", {})
    for name, parse in (("profile", Profile.from_dict), ("weights", Weights.from_dict)):
        value, problem = stored(ws, name)
        st.session_state[name] = parse(value).to_dict()
        if problem:
            bad[name] = problem
        else:
            bad.pop(name, None)
    st.session_state["revision"] = _Seen(ws.revision(), st.session_state["weights"])
    for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
        del st.session_state[key]


@callback
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
    value, problem = stored(workspace(), name)
    if problem:
        setting_warning(name, problem)
    return value


def profile() -> Profile:
    return Profile.from_dict(st.session_state["profile"])


def weights() -> Weights:
    return Weights.from_dict(st.session_state["weights"])
