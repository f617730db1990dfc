"""Floor apps for the benchmark: the least a Streamlit app showing the same rows
must cost, so the app's figures can be read as ratios measured in the same run.

    FLOOR_MODE=pages|table|scatter|hello|frame FLOOR_DATA=programs.parquet streamlit run scripts/floor_app.py

pages:   eight pages, each a sidebar slider, a scatter and a table of the rows
table:   one page, one table of the rows
scatter: one page, one slider and one scatter of the rows
hello:   a title
frame:   a server holding the rows in memory, showing their count
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

MODE = os.environ.get("FLOOR_MODE", "hello")
PAGE_TITLES = ["Start", "Profile", "Programs", "Explore", "Rank list", "Outreach", "Letters", "Interview prep"]


@st.cache_resource
def rows(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def frame() -> pd.DataFrame:
    return rows(os.environ["FLOOR_DATA"])


def scatter(data: pd.DataFrame, size: float) -> None:
    x = data["cost_of_living"].astype("Float64").fillna(0).to_numpy(dtype=float)
    y = data["interest"].astype("Float64").fillna(0).to_numpy(dtype=float)
    figure = go.Figure(go.Scattergl(x=x, y=y, mode="markers", marker={"size": size}, text=data["program"].astype(str)))
    st.plotly_chart(figure)


def slider_scatter_table(title: str) -> None:
    st.title(title)
    size = st.sidebar.slider("Weight", 0.0, 10.0, 5.0, step=0.5)
    data = frame()
    scatter(data, 4 + size)
    st.dataframe(data, hide_index=True)


if MODE == "pages":
    st.navigation([st.Page(lambda t=t: slider_scatter_table(t), title=t, url_path=t.lower().replace(" ", "-")) for t in PAGE_TITLES]).run()
elif MODE == "table":
    st.title("Table")
    st.dataframe(frame(), hide_index=True)
elif MODE == "scatter":
    st.title("Scatter")
    scatter(frame(), 4 + st.sidebar.slider("Weight", 0.0, 10.0, 5.0, step=0.5))
elif MODE == "frame":
    st.title("Frame")
    st.write(f"{len(frame()):,} rows held")
else:
    st.title("Hello")
