"""The season's dates on the Applications page: each with its source, the user's own kept apart from the season file."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app_pages import saving, season_common
from scoring.calendar import season


def show(today: date) -> None:
    """The dates as the season file gives them, a form to change any, and a way back to the file's."""
    shipped = season_common.shipped()
    dates = season_common.dates()
    st.subheader("Season dates")
    season_common.show_season_facts(today)
    st.caption(
        "Each date comes from the season file with its source; one marked estimate or not confirmed is worth checking against the ERAS and NRMP calendars. "
        "Change any that differ: your dates are kept apart from the file's."
    )
    saved = season_common.saved_dates()
    with st.form("season_dates_form", border=True):
        picked: dict[str, date | None] = {}
        items = list(season.SEASON_DATE_LABELS.items())
        for row in range(0, len(items), 3):
            cols = st.columns(3)
            for column, (key, label) in zip(cols, items[row : row + 3], strict=False):
                said = season.date_word(shipped, key, saved)
                fact = shipped.dates.get(key)
                picked[key] = column.date_input(
                    f"{label} ({said})" if said else label,
                    value=dates.get(key),
                    key=f"season_{key}",
                    format="YYYY-MM-DD",
                    help=(f"{fact.cite()}. {fact.basis}" if fact else None),
                )
        c1, _ = st.columns([1, 3])
        submitted = c1.form_submit_button("Save dates", icon=":material/save:")
    if submitted:
        # Only dates that differ from the season file are yours: the rest follow the file when it is updated.
        mine = {k: v.isoformat() for k, v in picked.items() if v is not None and v != shipped.on(k)}
        if saving.save(settings={"season_dates": mine}):
            st.session_state["flash_dates"] = "Season dates saved; the calendar and what is due follow them."
            st.rerun()
        saving.show_save_problem()
    saving.show_said("flash_dates")
    reset = season_common.dates_are_edited() and st.button("Back to the season file's dates", key="season_reset")
    if reset and saving.save(settings={"season_dates": {}}):
        st.rerun()
