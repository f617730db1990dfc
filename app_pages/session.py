"""The start of every page's run: the session's settings, another window's changes, the example banner and the upgrade notice."""

from __future__ import annotations

import streamlit as st

from app_pages.example import example_banner
from app_pages.saving import seen_revision
from app_pages.settings import load_settings, setting_warning
from app_pages.upgrade_notice import cutoff_notice
from app_pages.workspace import workspace
from data.store import Workspace


def start_session() -> Workspace:
    """Call first on every page: loads the profile and weights once per session
    and notices when another window changed the workspace."""
    ws = workspace()
    st.session_state["_grid_drawn"] = {}  # the grids this run draws (draft_grid.keep_refused)
    if "revision" not in st.session_state:
        load_settings(ws)
    for name, problem in list(st.session_state.get("_bad_settings", {}).items()):
        setting_warning(name, problem)
    current = ws.revision()
    if current != seen_revision():
        with st.container(border=True):
            st.warning("This workspace was changed in another window or tab.", icon=":material/sync_problem:")
            if st.button("Load the newer version", key="reload_workspace"):
                load_newer()
                st.rerun()
    example_banner()
    cutoff_notice()
    return ws


def load_newer() -> None:
    """Take up what another window saved: this session's profile, weights and revision."""
    load_settings(workspace())
