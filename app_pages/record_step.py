"""Recording an application's next step on the Applications page: its new status and the day it happened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from app_pages import persistence, saving
from data.columns import APPLICATION_STATUSES
from scoring.calendar import season

STEP_DATES = {
    "applied": "applied_on",
    "invited": "invited_on",
    "interview-scheduled": "interview_on",
    "interviewed": "interview_on",
    "thank-you-sent": "thank_you_on",
}


def show(apps: pd.DataFrame, names: dict[str, str], as_saved: Callable[[pd.DataFrame], pd.DataFrame], today: date) -> None:
    """The form, for an application chosen among those linked to a program."""
    if len(apps):
        with st.container(border=True):
            st.markdown("**Record a step**")
            listed = apps[apps["program_id"].notna()]
            c1, c2, c3 = st.columns([2, 1.2, 1], vertical_alignment="bottom")
            persistence.restore_choice("step_program", listed["program_id"].tolist())
            step_pid = c1.selectbox(
                "Application",
                listed["program_id"].tolist(),
                format_func=names.get,
                key="step_program",
                on_change=persistence.keep_choice,
                args=("step_program",),
            )
            # The choice can outlive its application (a save just removed or changed it): no status then.
            match = listed.loc[listed["program_id"] == step_pid, "status"]
            now = match.iloc[0] if len(match) else None
            following = list(APPLICATION_STATUSES)
            if now in following and now not in season.CLOSED:
                following = following[following.index(now) + 1 :] + [s for s in season.CLOSED if s not in following[following.index(now) + 1 :]]
            step = c2.selectbox("New status", following, format_func=season.STATUS_LABELS.get, key=f"step_status_{step_pid}")
            column = STEP_DATES.get(step or "")
            label = "Interview on" if column == "interview_on" else "On"
            when = c3.date_input(label, value=today, key=f"step_date_{step_pid}_{step}", format="YYYY-MM-DD", disabled=column is None)
            if st.button("Record", icon=":material/done:", key="step_save", disabled=not len(match)):
                updated = as_saved(apps)
                at = updated.index[updated["program_id"] == step_pid][0]
                updated.loc[at, "status"] = step
                if column is not None and when is not None and not (step == "interviewed" and pd.notna(updated.loc[at, column])):
                    updated.loc[at, column] = pd.Timestamp(when)
                if saving.save(tables={"applications": updated}):
                    st.session_state["flash_applications"] = f"{names.get(step_pid, step_pid)}: {season.STATUS_LABELS[step].lower()}."
                    st.rerun()
                saving.show_save_problem()
