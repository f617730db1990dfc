"""The Rank list table's columns: their order, headers, help texts and widths."""

import streamlit as st

COLUMNS = [
    "rank",
    "institution",
    "program",
    "tier",
    "fit_score",
    "fit_range",
    "reflection_shown",
    "known_share",
    "img_range",
    "eligible",
    "keeps_tier",
    "rank_range",
    "tier_reason",
]
CONFIG = {
    "rank": st.column_config.NumberColumn("Rank", help="Overall rank, across every tier", width=55, pinned=True),
    # The place tells programs that share a name apart, so it has its own column, kept in view. Pinned
    # columns wider than 60% of the grid (818 px at 1280) are unpinned by Streamlit: these stay under it.
    "institution": st.column_config.TextColumn("Institution", width=225, pinned=True),
    "program": st.column_config.TextColumn("Program", width=190, pinned=True),
    "tier": st.column_config.TextColumn("Tier", width=95),
    "fit_score": st.column_config.NumberColumn("Fit score", help="The fit score the ranking uses (0–100)", format="%.1f", width="small"),
    "fit_range": st.column_config.TextColumn("Fit range", help="From every unknown at its least to every unknown at its most (0–100)", width="small"),
    "reflection_shown": st.column_config.TextColumn(
        "Reflection", help="Your post-interview reflection (Applications page): unknown until you have interviewed and rated it", width="small"
    ),
    "known_share": st.column_config.ProgressColumn(
        "Known", help="How much of this program's scoring input you know", min_value=0.0, max_value=100.0, format="%.0f%%", width="small"
    ),
    "img_range": st.column_config.TextColumn("IMG-friendly", help="IMG-friendliness (0–10); a range while parts are unknown", width=110),
    "eligible": st.column_config.TextColumn("Eligible", width=80),  # "small" clips the header in a tier's box
    "keeps_tier": st.column_config.ProgressColumn(
        "Keeps tier",
        help="Share of 500 weight draws (each weight ±25%) in which the program keeps this tier. Only the dream tier moves with the "
        "weights (through goal fit), so a low share means the program sits near the dream threshold, on one side or the other.",
        min_value=0.0,
        max_value=1.0,
        format="percent",
        width="small",
    ),
    "rank_range": st.column_config.TextColumn("Rank range", help="10th to 90th percentile rank over the weight draws", width="small"),
    "tier_reason": st.column_config.TextColumn(
        "Why", help="Why this tier. Goal fit is the fit score without IMG-friendliness; it decides the dream tier.", width="large"
    ),
}
