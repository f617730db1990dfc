"""The reflection after an interview: three ratings with a line on each and three impressions, saved as they are typed."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from app_pages import persistence, saving, season_common, workspace
from app_pages.text import text_check, typed_problem
from scoring.calendar import season
from scoring.decision import reflection


def show(apps: pd.DataFrame, names: dict[str, str], as_saved: Callable[[pd.DataFrame], pd.DataFrame]) -> None:
    """The section for the program chosen among those that have interviewed you. `as_saved`:
    the applications table as it is saved (a gone program's name written back unmarked)."""
    st.subheader("After the interview: your reflection")
    interviewed = apps[apps["status"].isin(season.INTERVIEWED) & apps["program_id"].notna()]
    if interviewed.empty:
        st.caption("Once a program's status is interviewed, rate it here: three questions, 1 to 5, with a line on each. Until then its reflection is unknown.")
    else:
        persistence.restore_choice("reflect_program", interviewed["program_id"].tolist())
        pid = st.selectbox(
            "Program",
            interviewed["program_id"].tolist(),
            format_func=names.get,
            key="reflect_program",
            on_change=persistence.keep_choice,
            args=("reflect_program",),
        )
        row = interviewed[interviewed["program_id"] == pid].iloc[0]
        season_common.show_vision("(the compass for the second question)")

        def _value(column: str) -> object:
            value = row[column]
            return None if pd.isna(value) else value

        def _keep_text(pid: str, column: str, key: str) -> None:
            """A line typed in the reflection is saved as it is left, like every typed text: a reload keeps it."""
            if typed_problem(key) is not None:  # said under its box; nothing is saved
                return
            current = as_saved(season_common.applications(workspace.tables()["programs"]))
            rows = current.index[current["program_id"] == pid]
            if len(rows):
                current.loc[rows[0], column] = str(st.session_state.get(key) or "").strip() or pd.NA
                saving.save(tables={"applications": current})

        ratings = {}
        notes = {}
        for question in reflection.RATINGS:
            c1, c2 = st.columns([1.2, 2], vertical_alignment="bottom")
            current = _value(question)
            ratings[question] = c1.segmented_control(
                reflection.RATING_LABELS[question],
                [1, 2, 3, 4, 5],
                default=None if current is None else int(current),
                key=f"reflect_{question}_{pid}",
                help="1: not at all, 5: very much. Leave it unselected if you cannot say yet.",
            )
            note_key = f"reflect_{question}_note_{pid}"
            notes[question] = c2.text_input(
                "Why", value=str(_value(f"{question}_note") or ""), key=note_key, on_change=_keep_text, args=(pid, f"{question}_note", note_key)
            )
            with c2:
                text_check(note_key)
        c1, c2, c3 = st.columns(3)
        typed_areas = {}
        for column_box, (column, label, short) in zip(
            (c1, c2, c3),
            (
                ("impressions_people", "The people", "people"),
                ("impressions_wellbeing", "How the residents seemed", "wellbeing"),
                ("impressions_surprise", "What surprised you", "surprise"),
            ),
            strict=True,
        ):
            area_key = f"reflect_{short}_{pid}"
            typed_areas[column] = column_box.text_area(label, value=str(_value(column) or ""), key=area_key, on_change=_keep_text, args=(pid, column, area_key))
            with column_box:
                text_check(area_key)
        people, wellbeing, surprise = typed_areas["impressions_people"], typed_areas["impressions_wellbeing"], typed_areas["impressions_surprise"]
        lo, hi = reflection.factor(pd.Series([pid]), apps)
        st.caption(f"Reflection factor now: {reflection.label(lo[0], hi[0])}.")
        typed_keys = [f"reflect_{q}_note_{pid}" for q in reflection.RATINGS] + [f"reflect_{part}_{pid}" for part in ("people", "wellbeing", "surprise")]
        if st.button("Save the reflection", icon=":material/save:", key="reflect_save", disabled=typed_problem(*typed_keys) is not None):
            updated = as_saved(apps)
            at = updated.index[updated["program_id"] == pid][0]
            for question in reflection.RATINGS:
                updated.loc[at, question] = ratings[question]
                updated.loc[at, f"{question}_note"] = notes[question].strip() or pd.NA
            for column, text in (("impressions_people", people), ("impressions_wellbeing", wellbeing), ("impressions_surprise", surprise)):
                updated.loc[at, column] = text.strip() or pd.NA
            if saving.save(tables={"applications": updated}):
                lo, hi = reflection.factor(pd.Series([pid]), updated)
                st.session_state["flash_reflection"] = f"Reflection saved for {names.get(pid, pid)}: {reflection.label(lo[0], hi[0])}."
                st.rerun()
            saving.show_save_problem()
        # Beside its button: the page's own message sits at the top, out of sight from here.
        saving.show_said("flash_reflection", escape=True)
