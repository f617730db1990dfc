"""Explore's Compare view: two to four programs side by side, every score with its range and reason."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import persistence, tables, workspace
from data.settings import Profile
from scoring.decision import eligibility, fit, tiers
from scoring.decision.ranking import unknown_inputs
from scoring.decision.rubric import COMPONENT_LABELS, COMPONENTS
from scoring.vocabulary.wording import blank, code_words, fit_range_text, words


def factor_shown(frame: pd.DataFrame, name: str) -> pd.Series:
    """A factor as a percentage, said to be not known yet when it could be anything."""
    percent = (frame[f"factor_{name}"] * 100).round().astype(int).astype(str) + "%"
    unknown = fit.nothing_known(frame[f"factor_{name}_min"], frame[f"factor_{name}_max"])
    return percent.where(~unknown, "not known yet (counted as " + percent + ")")


def show(shown: pd.DataFrame, profile: Profile) -> None:
    """The picker (the programs last compared come back) and the table of the chosen."""
    names = {pid: workspace.labels().get(pid, pid) for pid in shown["program_id"].astype(str)}
    # The programs last compared come back after a page switch or a restart, those still shown.
    if "compare_programs" not in st.session_state or persistence.new_visit():
        saved = persistence.stored_texts(persistence.PICKERS).get("compare_programs", {}).get("choice")
        kept = [pid for pid in saved if pid in names][:4] if isinstance(saved, list) else []
        st.session_state["compare_programs"] = kept if len(kept) >= 2 else list(names)[:2]
    elif any(pid not in names for pid in st.session_state["compare_programs"]):
        st.session_state["compare_programs"] = [pid for pid in st.session_state["compare_programs"] if pid in names]
    picked = st.multiselect(
        "Programs to compare (2 to 4)",
        list(names),
        max_selections=4,
        format_func=names.get,
        key="compare_programs",
        select_all=False,
        filter_mode="contains",
        on_change=persistence.keep_choice,
        args=("compare_programs",),
    )
    if len(picked) < 2:
        st.info("Choose at least two programs.", icon=":material/compare:")
    else:
        sub = shown.set_index("program_id").loc[picked].reset_index()
        sub = sub.assign(ineligible_reasons=eligibility.reasons(sub, sub, profile, workspace.today()))
        sub["tier_reason"] = tiers.reasons(sub, profile.thresholds)
        sub["unknowns"] = unknown_inputs(sub, profile)
        low = sub["fit_score_min"] if "fit_score_min" in sub else sub["fit_score"]
        rows = {
            "State": sub["state"],
            "Track": sub["track"].map(words).replace("", "unknown"),
            "J-1": sub["j1"].map({True: "yes", False: "no"}).fillna("unknown"),
            "H-1B": sub["h1b"].fillna("unknown"),
            "Research time": sub["research_time"].fillna("unknown"),
            "Fit score": sub["fit_score"].round(1),
            "Fit range": fit_range_text(low.to_numpy(), sub["fit_score_max"].to_numpy()),
            **({"Known": (sub["known_share"] * 100).round().astype(int).astype(str) + "%"} if "known_share" in sub else {}),
            "IMG-friendliness": tables.point_range(sub["img_friendliness"], sub["img_friendliness_max"]),
            **{COMPONENT_LABELS[c]: tables.point_range(sub[f"{c}_lo"], sub[f"{c}_hi"]) for c in COMPONENTS},
            **{f"{label} factor": factor_shown(sub, name) for name, label in fit.FACTOR_LABELS.items()},
            "Eligible": sub["eligible"],
            "Eligibility notes": sub["ineligible_reasons"],
            "Tier": code_words(sub["tier"]),
            "Why": sub["tier_reason"],
            "Unknown": sub["unknowns"],
        }
        table = pd.DataFrame({k: [blank(v) for v in values] for k, values in rows.items()}, index=sub["program_id"].astype(str).map(names)).T
        # A static table wraps long cells and row labels at any width; a grid would cut them off.
        st.table(tables.inert(table), hide_index=False, alt="Side-by-side comparison of the chosen programs")
