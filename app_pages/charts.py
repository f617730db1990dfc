"""Plotly figures for the Explore page. No network: the map's topology is
served by this app (static/topojson), never fetched from a CDN."""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data.geography import STATES
from data.packs import registry
from data.settings import CAREER_FOCUS, Thresholds
from scoring.decision.filters import focus_mask
from scoring.decision.tiers import TIERS
from scoring.vocabulary.wording import words

TIER_COLOURS = {"dream": "#7c3aed", "solid": "#2563eb", "safety": "#059669", "low-priority": "#9ca3af", "not-eligible": "#dc2626"}
# Streamlit serves ./static at app/static when enableStaticServing is on.
PLOTLY_CONFIG = {"topojsonURL": "app/static/topojson/", "displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def _inert(text: str) -> str:
    return escape(text, quote=False)


def _inert_all(texts: pd.Series) -> np.ndarray:
    """_inert on a whole column, by Arrow's string kernels (100,000 names: not a Python call each)."""
    shown = pd.Series(np.asarray(texts.astype(str), dtype=str), dtype="string[pyarrow]")
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):  # as html.escape(quote=False), & first
        shown = shown.str.replace(raw, safe, regex=False)
    return np.asarray(shown, dtype=str)


def _g(values: pd.Series) -> pd.Series:
    """Each number as "{:g}" writes it, formatted once per distinct value (few) and spread back."""
    distinct = pd.unique(values.to_numpy())
    return values.map(dict(zip(distinct, (f"{v:g}" for v in distinct), strict=True)))


SVG_POINTS = 2_000
LAYOUT = {"margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "legend": {"title": {"text": "Tier"}}}


def friendliness_vs_fit(scored: pd.DataFrame, thresholds: Thresholds) -> go.Figure:
    # Built from plain dicts on a narrow copy: this reruns on every weight change.
    tier = np.asarray(scored["tier"].astype(str))
    # Both axes read each range where the ranking does (the unknowns setting), as the tiers
    # do; the hover gives the whole range. Safety alone needs the range's low end.
    point = "img_friendliness_point" if "img_friendliness_point" in scored else "img_friendliness"
    x = scored[point].to_numpy().round(2)
    y = scored["goal_fit"].to_numpy().round(1)
    # Plotly renders a subset of HTML (links included) in hover text: user text is escaped.
    # Text as numpy str arrays, not object arrays: plotly deep-copies a figure's arrays, and an
    # object array is copied element by element (half a second at 10,000 programs).
    names = _inert_all(scored["program"])
    top = scored["img_friendliness_max"] if "img_friendliness_max" in scored else scored["img_friendliness"]
    low, high = _g(scored["img_friendliness"]), _g(top)
    img_range = np.asarray(low.where(low == high, low + "–" + high), dtype=str)
    fit_text = np.asarray(_g(scored["fit_score"].round(1)), dtype=str)
    # Where programs share a name the label already gives the state ("Riley (IN) — Pediatrics-…"):
    # the hover names it once.
    state = scored["state"].astype("string").fillna("").to_numpy(dtype=str)
    labels = scored["program"].astype("string").fillna("").to_numpy(dtype=str)
    told = np.char.find(labels, np.char.add(np.char.add("(", state), ")")) >= 0
    where = np.where(told | (state == ""), "", np.char.add(np.char.add(" (", _inert_all(pd.Series(state))), ")"))
    extra = np.column_stack([where, fit_text, img_range])
    # WebGL past a few thousand points, where an SVG point per program redraws slowly; SVG
    # below, where it draws as fast and its points are in the page (as the hover test reads them).
    kind = "scattergl" if len(scored) > SVG_POINTS else "scatter"
    traces = []
    for name in TIERS:
        mine = tier == name
        if not mine.any():
            continue
        traces.append(
            {
                "type": kind,
                "mode": "markers",
                "name": words(name),
                "x": x[mine],
                "y": y[mine],
                "text": names[mine],
                "customdata": extra[mine],
                "marker": {"color": TIER_COLOURS[name], "size": 9, "opacity": 0.85},
                "hovertemplate": "<b>%{text}</b>%{customdata[0]}<br>IMG-friendliness %{x} (range %{customdata[2]})<br>goal fit %{y}<br>fit %{customdata[1]}<extra></extra>",
            }
        )
    lines = [
        ("dream", {"x0": 0, "x1": 1, "xref": "paper", "y0": thresholds.dream_goal_fit, "y1": thresholds.dream_goal_fit}),
        ("solid", {"y0": 0, "y1": 1, "yref": "paper", "x0": thresholds.solid_friendliness, "x1": thresholds.solid_friendliness}),
        ("safety, if certain", {"y0": 0, "y1": 1, "yref": "paper", "x0": thresholds.safety_friendliness, "x1": thresholds.safety_friendliness}),
    ]
    shapes = [{"type": "line", "line": {"dash": "dot", "color": "#6b7280"}, **where} for _, where in lines]
    labels = [
        {
            "text": label,
            "showarrow": False,
            "x": where.get("x0", 0),
            "y": where.get("y1", 1),
            "xref": where.get("xref", "x"),
            "yref": where.get("yref", "y"),
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"color": "#6b7280"},
        }
        for label, where in lines
    ]
    layout = {
        **LAYOUT,
        "height": 420,
        "shapes": shapes,
        "annotations": labels,
        "xaxis": {"title": {"text": "IMG-friendliness (0–10, unknowns counted as you chose)"}, "range": [-0.3, 10.3]},
        "yaxis": {"title": {"text": "Goal fit (0–100)"}, "range": [-2, 102]},
    }
    return go.Figure(data=traces, layout=layout)


def tier_counts(scored: pd.DataFrame, column: str) -> pd.DataFrame:
    """Programs per (column value, tier), as a small table."""
    pairs = pd.DataFrame({column: np.asarray(scored[column].astype("string").fillna("unknown")), "tier": np.asarray(scored["tier"].astype(str))})
    return pairs.value_counts().unstack(fill_value=0).reindex(columns=list(TIERS), fill_value=0).sort_index()


def focus_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """Programs per (career focus they are strong in, tier); a program may count under two."""
    # Each pack's focuses by their labels; a focus no program is strong in is left out (a
    # specialty with no programs here would only add empty rows).
    labels = {code: f.label for p in registry().packs for code, f in p.focuses.items()}
    rows = {labels.get(focus, focus): scored.loc[focus_mask(scored, focus), "tier"].astype(str).value_counts() for focus in CAREER_FOCUS}
    rows = {k: v for k, v in rows.items() if len(v)} or {k: v for k, v in list(rows.items())[:1]}
    return pd.DataFrame(rows).T.reindex(columns=list(TIERS)).fillna(0).astype(int)


def has_data(counts: pd.DataFrame) -> bool:
    """Whether a count table has anything to draw: an empty chart would show bare axes."""
    return bool(counts.to_numpy().sum() > 0)


def tier_bars(panels: list[tuple[pd.DataFrame, str]]) -> go.Figure:
    """Stacked bars of programs per tier, one panel per (counts, axis label), side by side
    in one figure: each chart costs the browser a draw of its own. Built from plain dicts,
    as the scatter is: plotly's subplot helpers take a few times longer, on every rerun."""
    spacing = 0.08
    width = (1 - spacing * (len(panels) - 1)) / len(panels)
    traces: list[dict[str, object]] = []
    layout: dict[str, object] = {**LAYOUT, "barmode": "stack", "height": 340}
    shown: set[str] = set()
    for col, (counts, label) in enumerate(panels, start=1):
        suffix = "" if col == 1 else str(col)
        labels = np.asarray([words(str(v)) for v in counts.index], dtype=str)
        for tier in TIERS:
            if counts[tier].sum() > 0:
                traces.append(
                    {
                        "type": "bar",
                        "x": labels,
                        "y": counts[tier].to_numpy(),
                        "name": words(tier),
                        "legendgroup": tier,  # one legend entry hides a tier in every panel
                        "showlegend": tier not in shown,
                        "marker": {"color": TIER_COLOURS[tier]},
                        "xaxis": f"x{suffix}",
                        "yaxis": f"y{suffix}",
                    }
                )
                shown.add(tier)
        left = (col - 1) * (width + spacing)
        layout[f"xaxis{suffix}"] = {"domain": [left, left + width], "anchor": f"y{suffix}", "title": {"text": label}}
        # Whole programs: with few of them plotly would tick at halves.
        small = int(counts[list(TIERS)].sum(axis=1).max()) <= 10
        layout[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "tickformat": ",d",
            **({"title": {"text": "Programs"}} if col == 1 else {}),
            **({"dtick": 1} if small else {}),
        }
    return go.Figure(data=traces, layout=layout)


def state_map(scored: pd.DataFrame, legend: str = "Average fit") -> go.Figure:
    """States shaded by the average fit of the programs given; the legend says which programs those are."""
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
            colorbar={"title": {"text": legend}},
            hovertemplate="%{text}<br>%{customdata[0]} programs<br>average fit %{z}<extra></extra>",
        )
    )
    fig.update_layout(geo={"scope": "usa", "showlakes": False}, margin={"l": 0, "r": 0, "t": 10, "b": 0}, height=380)
    return fig
