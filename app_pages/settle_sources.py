"""Facts two sources disagree on, on the Programs page: both sides, and a choice of the one that is right."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import problems, saving
from data import settle
from data.columns import FACT_GROUPS
from scoring.decision.provenance import SOURCE_WORDS, disagreement_lines
from scoring.vocabulary.wording import plural, program_labels


def show(differ: pd.DataFrame, programs: pd.DataFrame) -> None:
    """Facts two sources disagree on, side by side, and a choice of the one that is right."""
    label = program_labels(programs)
    groups = differ.drop_duplicates(["program_id", "group"])
    with st.container(border=True):
        st.markdown(
            f"**Two sources disagree** on {plural(len(differ), 'fact')} of {plural(differ['program_id'].nunique(), 'program')}. "
            "Both are kept; the newer one is scored until you pick the one that is right."
        )
        problems.problem_table(
            differ.assign(program=differ["program_id"].astype(str).map(label), said=disagreement_lines(differ))[["program", "said"]],
            {"program": st.column_config.TextColumn("Program"), "said": st.column_config.TextColumn("What each source says (the scored one first)")},
            "Facts two sources disagree on: program, and each source's value with its date",
            key="programs_disagree",
        )
        keys = [f"{pid}|{group}" for pid, group in zip(groups["program_id"], groups["group"], strict=True)]
        chosen = st.selectbox(
            "Settle which source is right",
            keys,
            format_func=lambda k: f"{label.get(k.split('|')[0], '')}: {FACT_GROUPS[k.split('|')[1]].lower()} facts",
            key="programs_settle",
        )
        pid, group = str(chosen).split("|")
        one = groups[(groups["program_id"].astype(str) == pid) & (groups["group"] == group)].iloc[0]
        sources = {"current": SOURCE_WORDS.get(one["source"], "the newer source"), "earlier": SOURCE_WORDS.get(one["earlier_source"], "the earlier source")}
        picks = {keep: f"{said[:1].upper()}{said[1:]} is right" for keep, said in sources.items()}
        row = st.container(horizontal=True)
        for keep in ("current", "earlier"):
            if row.button(picks[keep], key=f"programs_settle_{keep}"):
                if saving.save(tables={"programs": settle.resolve(programs, pid, group, keep)}):
                    st.session_state["flash"] = f"Settled: {label.get(pid, '')} keeps the {FACT_GROUPS[group].lower()} facts of {sources[keep]}."
                    st.rerun()
                saving.show_save_problem()
