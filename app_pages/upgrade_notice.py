"""The once-only notice after the upgrade that made a blank cutoff mean "not checked yet".

Before, a blank cutoff read as "no cutoff", so a user may have left blanks meaning
exactly that. The notice says what changed and offers, per column, one click to
say so; nothing is changed without that click.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import example, saving, workspace
from data.columns import DATE, NO_CUTOFF_DATE, by_name
from data.readers import ROW_COLUMN
from scoring.vocabulary.wording import plural

CUTOFFS = ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency")
WORDS = {
    "min_step2_score": "Step 2 CK minimum",
    "max_attempts": "limit on attempts per Step",
    "max_years_since_graduation": "limit on years since graduation",
    "ecfmg_required_by": "ECFMG certification deadline",
    "requires_prior_residency": "prior-training requirement",
}


def _none_value(column: str) -> object:
    spec = by_name("programs")[column]
    return pd.Timestamp(NO_CUTOFF_DATE) if spec.kind == DATE else spec.none_value


def _blanks(programs: pd.DataFrame) -> dict[str, int]:
    return {c: int(programs[c].isna().sum()) for c in CUTOFFS if c in programs and programs[c].isna().any()}


@saving.callback
def _meant_none(column: str) -> None:
    programs = workspace.tables()["programs"]
    filled = programs.assign(**{column: programs[column].where(programs[column].notna(), _none_value(column)).astype(programs[column].dtype)})
    if saving.save(tables={"programs": filled.drop(columns=[ROW_COLUMN], errors="ignore")}):
        st.session_state["_cutoffs_done"] = [*st.session_state.get("_cutoffs_done", []), column]


@saving.callback
def _dismiss() -> None:
    if saving.save(settings={"cutoffs_upgrade": {"pending": False}}):
        st.session_state["_cutoffs_notice"] = False


def cutoff_notice() -> None:
    """Drawn by every page (session.start_session): shown on the first page after the
    upgrade, in that session, until dismissed."""
    shown = st.session_state.get("_cutoffs_notice")
    if shown is False or example.example_in_use():
        return
    if shown is None:
        pending = bool((workspace.workspace().load_setting("cutoffs_upgrade") or {}).get("pending"))
        st.session_state["_cutoffs_notice"] = pending
        if not pending:
            return
        saving.save(settings={"cutoffs_upgrade": {"pending": False}})  # said once: not again in a later session
    blanks = _blanks(workspace.tables()["programs"])
    done = st.session_state.get("_cutoffs_done", [])
    with st.container(border=True, key="cutoffs_notice"):
        st.markdown(
            ":material/update: **A blank cutoff now means “not checked yet”.** Before this version a blank Step 2 CK minimum, "
            "attempt limit, years-since-graduation limit, ECFMG deadline or prior-training requirement read as “no cutoff”, "
            "so a program could show *Eligible: yes* on rules you had not read. Those programs now show *not known yet* and "
            "appear in What to research next. Write `none` in a cell when the program states no cutoff."
        )
        if done:
            st.success("Set to “none” where blank: " + ", ".join(WORDS[c] for c in done) + ".", icon=":material/check_circle:")
        left = {c: n for c, n in blanks.items() if c not in done}
        if left:
            st.caption("If your blanks in a column meant “the program states no cutoff”, say so with one click (only blank cells change):")
            with st.container(horizontal=True):
                for column, count in left.items():
                    st.button(
                        f"My blanks in {WORDS[column]} meant none ({plural(count, 'program')})",
                        key=f"cutoffs_none_{column}",
                        on_click=_meant_none,
                        args=(column,),
                    )
        st.button("Got it", key="cutoffs_notice_dismiss", on_click=_dismiss, icon=":material/done:")
    saving.show_save_problem()
