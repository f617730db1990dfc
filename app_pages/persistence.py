"""Text and picker choices restored on each visit to a page, from what was saved as it was typed."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.saving import callback, keep_text, stored
from app_pages.workspace import workspace


def new_visit() -> bool:
    """Whether this run draws a page the previous run did not (the router records both).
    Its widgets are then new widgets, which Streamlit may draw empty even where their
    keys still hold a value: a page writes such keys from what was saved."""
    return st.session_state.get("_previous_page") != st.session_state.get("_page")


def restore_text(setting: str, item: str, field: str, key: str, default: Any = "") -> None:
    """Before the widget is drawn: start it from what was saved (once per visit)."""
    if key not in st.session_state or new_visit():
        st.session_state[key] = stored_texts(setting).get(item, {}).get(field, default)


# The program last chosen in each picker (Explain, Interview prep, …), kept across reloads.
PICKERS = "pickers"


def restore_choice(key: str, options: list[str]) -> None:
    """Before a picker is drawn: start it at the choice saved last time (once per visit),
    if that choice is still offered."""
    if key not in st.session_state or new_visit():
        saved = stored_texts(PICKERS).get(key, {}).get("choice")
        if saved in options:
            st.session_state[key] = saved


@callback
def keep_choice(key: str) -> None:
    """on_change of a picker: save the choice at once."""
    keep_text(PICKERS, key, "choice", key)


def stored_texts(setting: str) -> dict[str, Any]:
    """Saved texts by item, as restore_text reads them."""
    return dict(stored(workspace(), setting)[0])
