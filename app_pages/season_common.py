"""What the season's pages share: the applications table (cached on the
workspace revision, linked to the programs), the season's dates and the
10-year vision box."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import settings, workspace
from data import bundled
from data.seasons import Season
from scoring.calendar import season


@st.cache_resource(show_spinner=False, max_entries=4)
def _applications(path: str, revision: int) -> pd.DataFrame:
    # Shared and read-only, like workspace.tables(): callers copy before changing anything.
    return workspace.workspace().load_table("applications")


def applications(programs: pd.DataFrame) -> pd.DataFrame:
    ws = workspace.workspace()
    return _linked(str(ws.path), ws.revision(), ws.tables_revision(), programs).copy()


@st.cache_resource(show_spinner=False, max_entries=2, hash_funcs={pd.DataFrame: lambda _: None})
def _linked(path: str, revision: int, tables_revision: int, programs: pd.DataFrame) -> pd.DataFrame:
    # Keyed on both revisions: the programs are the tables' at tables_revision.
    return season.link(_applications(path, revision), programs, workspace.labels())


@st.cache_resource(show_spinner=False, max_entries=2)
def _labels(path: str, tables_revision: int) -> tuple[dict[str, str], list[str], dict[str, str]]:
    labels = workspace.labels()  # the one way pages name programs (workspace-wide, cached per revision)
    return labels, sorted(set(labels.values())), {v: k for k, v in labels.items()}


def labels() -> tuple[dict[str, str], list[str], dict[str, str]]:
    """Every program's label by id (scoring.vocabulary.wording.program_labels), the labels sorted, and
    the id by label: worked out once per saved table, not on every rerun (100,000 programs).
    Shared: callers copy before changing them."""
    ws = workspace.workspace()
    return _labels(str(ws.path), ws.tables_revision())


def shipped() -> Season:
    """The season file in use (data/season/<year>.toml)."""
    return bundled.season()


def saved_dates() -> dict[str, Any]:
    """Your own dates: those saved on the Applications page, or (after an upgrade, until you
    save) those you had changed in the old data/season_dates.json."""
    return settings.setting("season_dates") or bundled.legacy_date_edits()


def dates() -> dict[str, date | None]:
    return season.season_dates(shipped(), saved_dates())


def dates_are_edited() -> bool:
    return bool(saved_dates())


def show_season_facts(today: date) -> None:
    """Which season's facts the app uses, and a warning once they are last season's."""
    facts = shipped()
    stale = season.staleness(facts, today)
    if stale:
        st.warning(stale, icon=":material/update:")
    st.caption(season.season_line(facts))
    note = bundled.legacy_fees_note()
    if note:
        st.info(note, icon=":material/info:")


def show_vision(where: str = "") -> None:
    """The applicant's 10-year vision as a quiet reminder, or a pointer to write one."""
    vision = str(st.session_state["profile"].get("vision") or "").strip()
    with st.container(border=True):
        st.markdown(f"**Your 10-year vision**{' ' + where if where else ''}")
        if vision:
            st.text(vision)
        else:
            st.caption("Not written yet: on your profile, describe your ideal professional life ten years from now in three to five sentences.")
            st.page_link("app_pages/profile.py", label="Write it on your profile", icon=":material/person:")


def status_label(code: object) -> str:
    return season.STATUS_LABELS.get(str(code), "") if isinstance(code, str) else ""
