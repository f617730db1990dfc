"""The visa and exam rules the Profile states: what the answers given put at risk, and every rule with its source and date."""

from __future__ import annotations

import streamlit as st

from app_pages.text import md
from data import rules


def exam_warnings() -> list[str]:
    """What the exams and dates entered put at risk, each from a sourced rule (data/rules.toml)."""
    out = []
    step1 = st.session_state.get("p_step1_status")
    if step1 == "failed":
        out.append(with_source("ecfmg_needs_passes"))
    elif step1 == "failed-attempts":
        out.append(
            "Step 1: your saved answer says only that you failed an attempt. Open USMLE Step 1 above and pick "
            "'Passed after a fail' if you have passed since, or 'Failed, not passed yet' if not: the app checks the two differently against attempt limits and ECFMG certification."
        )
    if step1 in ("", "not-taken", "failed", None) or st.session_state.get("p_step2_score") is None:
        out.append(with_source("verified_by_rol_deadline"))
    if st.session_state.get("p_visa_need") in ("h1b", "either") and st.session_state.get("p_step3") != "passed":
        out.append(with_source("h1b_step3"))
    return out


def with_source(key: str) -> str:
    rule = rules.rule(key)
    return f"{rule.text} Source: {rule.cited}."


def rules_explained() -> None:
    """Each rule in the app's words, with its source and date: a user can check every one."""
    st.caption(f"Read from official pages on {rules.read_on()}; each line names its source. Rules change: check them again before you decide.")
    for rule in rules.rules().values():
        if rule.topic in ("visa", "exam"):
            st.markdown(f"- {md(rule.text)}  \n  *{md(rule.cited)}*")
