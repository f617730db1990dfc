"""Program pickers that stay small in the browser. Up to PICKER_LIMIT programs a picker
offers every program, as it always has; past it (a sheet of 100,000 programs), a search box
narrows the list to the first PICKER_LIMIT programs that match, with the current choice kept
in it: every option travels to the browser on every rerun, and 100,000 labels cost seconds
to send and draw (Streamlit's guidance: keep option lists in the low thousands)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common

PICKER_LIMIT = 2_000


@st.cache_resource(show_spinner=False, max_entries=2)
def _all_labels(path: str, tables_revision: int) -> pd.Series:
    # Shared and read-only: every saved program's label by id, to search.
    return pd.Series(common.labels(), dtype="string")


def _labels(names: dict[str, str]) -> pd.Series:
    every = _all_labels(str(common.workspace().path), common.tables_revision())
    return every if len(every) == len(names) else pd.Series(names, dtype="string")


def narrowed(names: dict[str, str], key: str, kept: list[str]) -> list[str]:
    """The program ids to offer: all of them up to PICKER_LIMIT; past it, a search box and at
    most PICKER_LIMIT ids: those in `kept` (the current choice), then the first whose label
    contains what is typed."""
    if len(names) <= PICKER_LIMIT:
        return list(names)
    term = st.text_input(
        "Find a program",
        key=f"{key}_search",
        placeholder="part of its name, institution, city or state",
        help=f"{len(names):,} programs: type to narrow the list",
    )
    labels = _labels(names)
    found = labels[labels.str.contains(term.strip(), case=False, regex=False).fillna(False)] if term.strip() else labels
    offered = [pid for pid in kept if pid in names]
    seen = set(offered)
    offered += [pid for pid in found.index[:PICKER_LIMIT] if pid not in seen][: PICKER_LIMIT - len(offered)]
    st.caption(f"Showing {min(len(found), PICKER_LIMIT):,} of {len(found):,} programs found{' for ' + common.md(term.strip()) if term.strip() else ''}.")
    return offered


def program_selectbox(label: str, names: dict[str, str], key: str, on_change: Callable[..., Any] | None = None, args: tuple = ()) -> Any:
    """st.selectbox of program ids named by `names`, narrowed past PICKER_LIMIT programs."""
    current = st.session_state.get(key)
    options = narrowed(names, key, [current] if isinstance(current, str) else [])
    return st.selectbox(label, options, format_func=names.get, key=key, on_change=on_change, args=args)


def program_multiselect(label: str, names: dict[str, str], key: str, kept: list[str], **kwargs: Any) -> list[Any]:
    """st.multiselect of the keys of `names` (shown by its values), narrowed past PICKER_LIMIT
    programs with the chosen ones (`kept`, or what the box holds now) always offered."""
    chosen = st.session_state.get(key)
    options = narrowed(names, key, [str(v) for v in (chosen if isinstance(chosen, list) else kept)])
    return st.multiselect(label, options, format_func=names.get, key=key, **kwargs)
