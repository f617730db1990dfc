"""Experiences to draw on, on the Profile: a line each, tagged with the strengths it shows, edited in a grid whose unsaved edits are kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import draft_grid, saving
from data.columns import STRENGTH_TAGS
from data.packs import registry

TAG_LABELS = {tag: said["label"] for p in registry().packs for tag, said in p.strength_tags.items()}


def show(saved: list[Any], save_now: Callable[[dict[str, Any]], None]) -> None:
    """The grid and its save button. `saved`: the experiences as last saved; `save_now(also)`:
    saves the profile as the fields hold it, with `also` (other settings) in the same save."""
    with st.container(border=True):
        st.subheader("Experiences to draw on")
        st.caption("A line per experience, tagged with the strengths it shows; the Networking page suggests which of them to put forward for each program.")
        experiences = pd.DataFrame(
            {
                "experience": [str(e.get("text", "")) for e in st.session_state["p_experiences"] or []],
                "tags": pd.Series([list(e.get("tags") or []) for e in st.session_state["p_experiences"] or []], dtype="object"),
            }
        ).astype({"experience": "string"})
        edited_experiences = draft_grid.editor(
            "experiences",
            experiences,
            saved_as=saved,
            num_rows="dynamic",
            hide_index=True,
            placeholder="",  # a new row's empty cells show blank, not a grey "None"
            column_config={
                # Not required: the grid holds back a new row whose required cell is empty, so a row
                # given its strengths first was never kept and vanished on leaving the page.
                "experience": st.column_config.TextColumn("Experience", width="large", max_chars=300),
                "tags": st.column_config.MultiselectColumn("Strengths it shows", options=list(STRENGTH_TAGS), format_func=lambda tag: TAG_LABELS.get(tag, tag)),
            },
            alt="Your experiences and the strengths they show, editable",
        )
        saved_note = st.session_state.pop("_experiences_saved", None)
        if saved_note:
            st.success(saved_note, icon=":material/check_circle:")
        if st.button("Save experiences", icon=":material/save:", key="experiences_save"):
            texts = edited_experiences["experience"].astype("string").str.strip().fillna("")
            rows = edited_experiences[texts != ""]
            untitled = int(((texts == "") & edited_experiences["tags"].map(lambda tags: bool(tags) if isinstance(tags, list) else False)).sum())
            with saving.one_writer():
                st.session_state["p_experiences"] = [
                    {"text": str(text).strip(), "tags": [t for t in (tags if isinstance(tags, list) else []) if t in STRENGTH_TAGS]}
                    for text, tags in zip(rows["experience"], rows["tags"], strict=True)
                ]
                save_now(draft_grid.cleared("experiences"))
            note = f"Saved {len(rows)} experience{'s' if len(rows) != 1 else ''}."
            if untitled:
                note += f" {untitled} row{'s' if untitled != 1 else ''} with strengths but no text {'were' if untitled != 1 else 'was'} left out: describe the experience to keep it."
            st.session_state["_experiences_saved"] = note
            st.rerun()
