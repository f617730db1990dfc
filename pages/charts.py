"""Plotly figures for the Explore page. No network: the map's topology is
served by this app (static/topojson), never fetched from a CDN."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from data.geography import STATES
from scoring.filters import focus_mask
from scoring.settings import CAREER_FOCUS, Thresholds
from scoring.tiers import TIERS

TIER_COLOURS = {"dream": "#7c3aed", "solid": "#2563eb", "safety": "#059669", "low-priority": "#9ca3af", "not-eligible": "#dc2626"}
# Streamlit serves ./static at app/static when enableStaticServing is on.
PLOTLY_CONFIG = {"topojsonURL": "app/static/topojson/", "displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def friendliness_vs_fit(scored: pd.DataFrame, thresholds: Thresholds) -> go.Figure:
    fig = px.scatter(
        scored,
        x="img_friendliness",
        y="goal_fit",
        color="tier",
        color_discrete_map=TIER_COLOURS,
        category_orders={"tier": list(TIERS)},
        hover_name="program",
        hover_data={"state": True, "fit_score": ":.1f", "img_friendliness": ":.1f", "goal_fit": ":.1f", "tier": False},
        labels={"img_friendliness": "IMG-friendliness (conservative, 0–10)", "goal_fit": "Goal fit (0–100)", "tier": "Tier"},
        render_mode="svg",
    )
    fig.add_hline(y=thresholds.dream_goal_fit, line_dash="dot", annotation_text="dream", annotation_position="top left")
    fig.add_vline(x=thresholds.solid_friendliness, line_dash="dot", annotation_text="solid", annotation_position="top right")
    fig.add_vline(x=thresholds.safety_friendliness, line_dash="dot", annotation_text="safety", annotation_position="top right")
    fig.update_xaxes(range=[-0.3, 10.3])
    fig.update_yaxes(range=[-2, 102])
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend_title_text="Tier", height=420)
    return fig


def tiers_by(scored: pd.DataFrame, column: str, label: str) -> go.Figure:
    counts = scored.groupby([column, "tier"], observed=True).size().reset_index(name="programs")
    fig = px.bar(
        counts,
        x=column,
        y="programs",
        color="tier",
        color_discrete_map=TIER_COLOURS,
        category_orders={"tier": list(TIERS)},
        labels={column: label, "programs": "Programs", "tier": "Tier"},
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=320, legend_title_text="Tier")
    return fig


def focus_table(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per (program, focus it is strong in); a program may count twice."""
    parts = []
    for focus in CAREER_FOCUS:
        hit = scored[focus_mask(scored, focus)]
        parts.append(hit.assign(focus=focus))
    return pd.concat(parts, ignore_index=True) if parts else scored.assign(focus=[])


def state_map(scored: pd.DataFrame) -> go.Figure:
    by_state = scored.groupby("state").agg(programs=("program_id", "size"), average_fit=("fit_score", "mean")).reset_index()
    by_state["name"] = by_state["state"].map(lambda s: STATES[s][0])
    fig = go.Figure(
        go.Choropleth(
            locations=by_state["state"],
            locationmode="USA-states",
            z=by_state["average_fit"].round(1),
            text=by_state["name"],
            customdata=by_state[["programs"]],
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "Average fit"}},
            hovertemplate="%{text}<br>%{customdata[0]} programs<br>average fit %{z}<extra></extra>",
        )
    )
    fig.update_layout(geo={"scope": "usa", "showlakes": False}, margin={"l": 0, "r": 0, "t": 10, "b": 0}, height=380)
    return fig
