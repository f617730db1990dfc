"""The workspace this app opens, its tables cached on the tables' revision, the programs' names, and today.

Tables are cached on the tables' revision, which a settings save (weights, profile, order)
does not move, so a weight change never re-reads them (scores.py caches the scored frame).
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd
import streamlit as st

from data.store import TABLE_NAMES, Workspace, default_path
from scoring.vocabulary.wording import program_label_parts, program_labels

TODAY_VAR = "RESIDENCY_SCOUT_TODAY"


def today() -> date:
    """The date replies and deadlines are judged by (fixed in tests by an env var)."""
    fixed = os.environ.get(TODAY_VAR)
    return date.fromisoformat(fixed) if fixed else date.today()


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    # A new workspace stays empty until the user chooses on Start: their own programs or the example.
    return _open(str(default_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _tables(path: str, tables_revision: int) -> dict[str, pd.DataFrame]:
    # Shared and read-only: callers copy before changing anything.
    ws = _open(path)
    return {name: ws.load_table(name) for name in TABLE_NAMES}


def tables_revision() -> int:
    return workspace().tables_revision()


def tables() -> dict[str, pd.DataFrame]:
    ws = workspace()
    return _tables(str(ws.path), ws.tables_revision())


@st.cache_resource(show_spinner=False, max_entries=4)
def _labels(path: str, tables_revision: int) -> dict[str, str]:
    return program_labels(_tables(path, tables_revision)["programs"])


def labels() -> dict[str, str]:
    """Every saved program's name as the pages show it, by id: worked out over the whole
    workspace, so a program reads the same whatever the filters leave on the page."""
    ws = workspace()
    return _labels(str(ws.path), ws.tables_revision())


@st.cache_resource(show_spinner=False, max_entries=4)
def _label_parts(path: str, tables_revision: int) -> pd.DataFrame:
    programs = _tables(path, tables_revision)["programs"]
    return program_label_parts(programs).set_axis(programs["program_id"].astype(str))


def label_parts() -> pd.DataFrame:
    """labels() in two columns, place and program, by program id (the Rank list's table)."""
    ws = workspace()
    return _label_parts(str(ws.path), ws.tables_revision())


def label_of(ids: pd.Series, fallback: pd.Series | None = None) -> pd.Series:
    """labels() for a column of program ids; an id no longer saved keeps `fallback` (its saved name)."""
    shown = ids.astype("string").map(labels()).astype("string")
    return shown if fallback is None else shown.fillna(fallback.astype("string"))
