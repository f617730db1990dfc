"""Specialty packs on screen: a pack that could not be loaded, and the programs set aside for want of one."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.workspace import _tables, workspace
from data.packs import registry
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import plural


def show_pack_problems() -> None:
    """A specialty pack refused at start (file, key, problem): the app runs on the others and says so."""
    packs = registry()
    if not packs.problems:
        return
    loaded = ", ".join(p.name for p in packs.packs) or "none"
    st.warning(
        f"Some specialty packs could not be loaded, so the app runs on those that did ({loaded}). Fix the file and restart the app:",
        icon=":material/warning:",
    )
    st.code("\n".join(packs.problems), language=None, wrap_lines=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def _without_pack(path: str, tables_revision: int) -> pd.DataFrame:
    # Shared and read-only, like _tables.
    return specialty.set_aside(_tables(path, tables_revision)["programs"])


def set_aside_programs() -> pd.DataFrame:
    ws = workspace()
    return _without_pack(str(ws.path), ws.tables_revision())


def show_set_aside() -> None:
    """Programs of a specialty without a pack: counted per specialty, listed and downloadable,
    never scored as another specialty and never lost (they stay in your programs)."""
    ws = workspace()
    aside = _without_pack(str(ws.path), ws.tables_revision())
    if aside.empty:
        return
    counts = ", ".join(f"{k}: {v:,}" for k, v in aside["specialty"].value_counts().items())
    with st.expander(f"{plural(len(aside), 'program')} set aside: no specialty pack for them ({counts})", icon=":material/inventory_2:"):
        st.caption(
            "They are kept in your programs as you wrote them, but not scored, tiered or ranked: scoring them as another specialty would mislead. "
            "Add a specialty pack (data/specialties) to score them."
        )
        st.dataframe(
            aside[["program", "institution", "state", "specialty"]],
            hide_index=True,
            column_config={
                "program": "Program",
                "institution": "Institution",
                "state": "State",
                "specialty": st.column_config.TextColumn(
                    "Specialty", help="The specialty its NRMP code's three specialty digits name, when no pack knows them"
                ),
            },
            alt="Programs set aside",
        )
        from data import export

        st.download_button(
            "Programs set aside (CSV)", lambda: export.to_csv(aside), "set-aside.csv", "text/csv", icon=":material/download:", key="set_aside_csv"
        )
