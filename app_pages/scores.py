"""The programs scored for this session's profile and weights, cached on the tables, the settings and the day.

A weight change is a new settings key: the tables are not re-read (workspace.py), only
re-scored, and the one setting before is kept for a quick step back.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import streamlit as st

from app_pages.workspace import _tables, today, workspace
from data.settings import Profile, Weights
from scoring.decision.ranking import by_rank, score_programs
from scoring.vocabulary import specialty


@st.cache_resource(show_spinner=False, max_entries=2)  # this weight setting and the one before
def _scored(path: str, tables_revision: int, settings: str, day: str) -> pd.DataFrame:
    # Shared like _tables; scored() hands out shallow copies, which copy-on-write keeps apart.
    t = _tables(path, tables_revision)
    chosen = json.loads(settings)
    return by_rank(
        score_programs(
            specialty.with_pack(t["programs"]),  # a specialty without a pack is set aside, never scored as another
            Profile.from_dict(chosen["profile"]),
            Weights.from_dict(chosen["weights"]),
            date.fromisoformat(day),
            t["contacts"],
            applications=t["applications"],
        )
    )


def scored_from() -> tuple[str, int, str, str]:
    """What scored() is built from: a cache key for anything worked out from the scores."""
    ws = workspace()
    return str(ws.path), ws.tables_revision(), settings_json(), today().isoformat()


def scored() -> pd.DataFrame:
    return _scored(*scored_from()).copy(deep=False)


def settings_json() -> str:
    return json.dumps({"profile": st.session_state["profile"], "weights": st.session_state["weights"]}, sort_keys=True)
