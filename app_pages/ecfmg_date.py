"""The expected ECFMG certification date on the Profile, or only its month: a month counts as its last day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import persistence, workspace


def _month_end(day: date) -> date:
    return (pd.Timestamp(day) + pd.offsets.MonthEnd(0)).date()


def _save_month(save: Callable[[], None]) -> None:
    month = st.session_state.get("p_ecfmg_month")
    st.session_state["p_ecfmg_expected"] = None if month is None else _month_end(date.fromisoformat(month + "-01"))
    save()


def _keep_toggle() -> None:
    st.session_state["_ecfmg_month_choice"] = "on" if st.session_state.get("p_ecfmg_month_only") else "off"
    persistence.keep_choice("_ecfmg_month_choice")


def show(box: Any, save: Callable[[], None]) -> None:
    """The expected certification date, or only its month (most people know the month): a month
    counts as its last day, so no program's deadline is taken as met earlier than it may be."""
    saved = st.session_state.get("p_ecfmg_expected")
    # The toggle is kept on its own (as a choice, "on" or "off"): before a month is chosen, no
    # saved date tells that it was on.
    persistence.restore_choice("_ecfmg_month_choice", ["on", "off"])
    if "_ecfmg_month_choice" in st.session_state:
        st.session_state.setdefault("p_ecfmg_month_only", st.session_state["_ecfmg_month_choice"] == "on")
    st.session_state.setdefault("p_ecfmg_month_only", bool(saved) and saved == _month_end(saved))
    if box.toggle("I only know the month", key="p_ecfmg_month_only", on_change=_keep_toggle):
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
            help="Counted as the month's last day when a program's deadline is checked.",
        )
    else:
        box.date_input("Expected ECFMG certification", value=None, key="p_ecfmg_expected", on_change=save)
