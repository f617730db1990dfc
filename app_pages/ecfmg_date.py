"""The expected ECFMG certification date on the Profile, or only its month (saved as its last day, and
said to be a month, so that a deadline inside it is not known rather than decided by a guessed day)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import persistence, workspace
from data.settings import Profile


def _month_end(day: date) -> date:
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()


def _save_month(save: Callable[[], None]) -> None:
    month = st.session_state.get("p_ecfmg_month")
    st.session_state["p_ecfmg_expected"] = None if month is None else _month_end(date.fromisoformat(month + "-01"))
    save()


def _month_only_saved() -> bool:
    """Whether the saved profile gives a month only (read as the settings read it: an older
    profile's month-end date counts as a month)."""
    try:
        return Profile.from_dict(st.session_state.get("profile") or {}).ecfmg_month_only
    except ValueError:
        return False


def _keep_toggle(save: Callable[[], None]) -> None:
    st.session_state["_ecfmg_month_choice"] = "on" if st.session_state.get("p_ecfmg_month_only") else "off"
    persistence.keep_choice("_ecfmg_month_choice")
    save()  # the profile says whether its date is a day or a month


def show(box: Any, save: Callable[[], None]) -> None:
    """The expected certification date, or only its month (most people know the month)."""
    saved = st.session_state.get("p_ecfmg_expected")
    # The toggle is kept on its own (as a choice, "on" or "off"): before a month is chosen, no
    # saved date tells that it was on.
    persistence.restore_choice("_ecfmg_month_choice", ["on", "off"])
    if "_ecfmg_month_choice" in st.session_state:
        st.session_state.setdefault("p_ecfmg_month_only", st.session_state["_ecfmg_month_choice"] == "on")
    st.session_state.setdefault("p_ecfmg_month_only", _month_only_saved())
    if box.toggle("I only know the month", key="p_ecfmg_month_only", on_change=_keep_toggle, args=(save,)):
        today = workspace.today()
        months = [f"{(today.year * 12 + today.month - 13 + i) // 12}-{(today.month - 13 + i) % 12 + 1:02d}" for i in range(40)]
        if saved:
            st.session_state["p_ecfmg_month"] = f"{saved:%Y-%m}"
            months = sorted({*months, f"{saved:%Y-%m}"})
        box.selectbox(
            "Expected ECFMG certification (month)",
            months,
            index=None,
            format_func=lambda m: f"{date.fromisoformat(m + '-01'):%B %Y}",
            placeholder="not entered",
            key="p_ecfmg_month",
            on_change=_save_month,
            args=(save,),
            help="A program's deadline inside this month reads as not known: it depends on the day.",
        )
    else:
        box.date_input("Expected ECFMG certification", value=None, key="p_ecfmg_expected", on_change=save)
