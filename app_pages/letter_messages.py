"""The Letters page's last sections: messages to the chosen writer, what the
letter should stress, the waiver, and the backup plan. Called from letters.py."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app_pages import persistence, saving, season_common, settings
from app_pages.text import md, text_check
from scoring.applying import letter_drafts
from scoring.vocabulary import specialty


def render(letters: pd.DataFrame, who: int, today: date) -> None:
    letter = letters.iloc[who]
    writer = str(letter["writer"])
    eras_opens = season_common.dates().get("programs_review")
    reviewed = season_common.shipped().dates.get("programs_review")
    # The shipped date, unless you set your own, may be worked out from last season's.
    estimate = not season_common.dates_are_edited() and reviewed is not None and reviewed.status != "official"
    applying = specialty.applied_names(settings.profile())

    st.subheader(f"Messages to {md(writer)}")
    st.caption("Drafts from your profile and this letter's dates; edit them, then copy with the button at the top right of each box.")
    tabs = st.tabs([d.title for d in letter_drafts.drafts(letter, settings.profile().name, eras_opens, today, applying, estimate)])
    for tab, draft in zip(tabs, letter_drafts.drafts(letter, settings.profile().name, eras_opens, today, applying, estimate), strict=True):
        with tab:
            if draft.due_now:
                st.markdown(":orange-badge[:material/schedule: Time to send this]")
            elif draft.send_on:
                st.caption(f"Send on {draft.send_on:%B} {draft.send_on.day}, {draft.send_on.year}.")
            if draft.note:
                st.caption(draft.note)
            # An edited draft is the user's text: kept with the writer's summary, so a reload keeps it.
            key, field = f"letter_msg_{draft.kind}_{who}", f"message {draft.kind}"
            persistence.restore_text("letter_summaries", writer, field, key, default=draft.body)
            text = st.text_area(
                draft.title, height=260, key=key, label_visibility="collapsed", on_change=saving.keep_text, args=("letter_summaries", writer, field, key)
            )
            text_check(key)
            st.code(text, language=None, wrap_lines=True)

    st.subheader("What this letter should stress")
    points, img_points = letter_drafts.emphasis(letter["kind"], letter["north_american"])
    for point in points:
        st.markdown(f"- {point}")
    include = False
    if img_points:
        include = st.toggle("Add the points that help an IMG (for a writer in the US or Canada)", key=f"letter_img_{who}")
        if include:
            for point in img_points:
                st.markdown(f"- {point}")
    addendum = letter_drafts.summary_addendum(letter["kind"], letter["north_american"], include)
    with st.expander("Add this to the one-page summary", icon=":material/post_add:"):
        st.code(addendum, language="markdown", wrap_lines=True)

    waived = letter.get("waived")
    if waived is not None and not pd.isna(waived) and bool(waived):
        st.markdown(":green[:material/check_circle:] You waived your right to see this letter.")
    else:
        st.info(
            "Waive your right to see this letter when ERAS asks: programs give waived letters more weight. Mark `waived` yes in the table above once done.",
            icon=":material/visibility_off:",
        )

    st.subheader("Backup plan")
    risky = letter_drafts.at_risk(letters, today, eras_opens)
    if risky.empty:
        st.caption(f"No letter is at risk: none is still waiting within {letter_drafts.AT_RISK_DAYS} days of its date.")
    else:
        st.warning(f"{len(risky)} letter{'s are' if len(risky) != 1 else ' is'} at risk of arriving late.", icon=":material/warning:")
        st.dataframe(risky, hide_index=True, alt="Letters at risk and who to ask next")
