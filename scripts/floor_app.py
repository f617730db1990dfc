"""Floor apps for the benchmark: the least a Streamlit app showing the same rows
must cost, so the app's figures can be read as ratios measured in the same run.

    FLOOR_MODE=pages FLOOR_DATA=programs.parquet FLOOR_TABLES=dir streamlit run scripts/floor_app.py
    FLOOR_MODE=table|scatter|hello|frame FLOOR_DATA=programs.parquet streamlit run scripts/floor_app.py

pages:   one floor per page of the app, at the app's address, drawing the same kinds of
         element as that page (banner, metrics, charts, tables, grids, forms, text areas,
         expanders, tabs, widgets in the sidebar) with the same rows and the same number of
         options in each picker, but none of the app's work: no scoring, no saving, no
         wording. The element counts were read from each page of the example in AppTest;
         FLOOR_TABLES holds contacts/letters/applications.parquet (a missing one is empty).
table:   one page, one table of the rows
scatter: one page, one slider and one scatter of the rows
hello:   a title
frame:   a server holding the rows in memory, showing their count
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

MODE = os.environ.get("FLOOR_MODE", "hello")
SVG_POINTS = 2_000  # as app_pages/charts.py: SVG markers for a small sheet, WebGL past it


@st.cache_resource
def rows(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def frame() -> pd.DataFrame:
    return rows(os.environ["FLOOR_DATA"])


def table(name: str) -> pd.DataFrame:
    path = Path(os.environ.get("FLOOR_TABLES", "")) / f"{name}.parquet"
    return rows(str(path)) if path.is_file() else pd.DataFrame()


def scatter(data: pd.DataFrame, size: float) -> None:
    x = data["cost_of_living"].astype("Float64").fillna(0).to_numpy(dtype=float)
    y = data["interest"].astype("Float64").fillna(0).to_numpy(dtype=float)
    figure = go.Figure(go.Scattergl(x=x, y=y, mode="markers", marker={"size": size}, text=data["program"].astype(str)))
    st.plotly_chart(figure)


# The pieces every page of the app shares ----------------------------------------


def top(title: str) -> None:
    """The example's banner with its button, the title and the caption under it."""
    st.markdown("**You are exploring an example.** Leaving it starts an empty workspace.")
    st.button("Leave", key="leave")
    st.title(title)
    st.caption("What this page is for, in a line.")


def weights_sidebar() -> None:
    with st.sidebar:
        st.subheader("Weights")
        st.selectbox("Preset", ["a", "b", "c", "d"], key="preset")
        for i in range(7):
            st.slider(f"Weight {i}", 0, 10, 5, key=f"w{i}")
        st.radio("Order", ["a", "b", "c"], key="order")


FILTER_OPTIONS = (4, 9, 52, 2, 7, 7, 5, 3)  # the option counts of the app's eight filter pickers


def filters() -> None:
    with st.expander("Filters"):
        for i, count in enumerate(FILTER_OPTIONS):
            st.multiselect(f"Filter {i}", [f"option {j}" for j in range(count)], key=f"f{i}")
        st.slider("Minimum", 0.0, 10.0, 0.0, step=0.5, key="fmin")
        st.text_input("Search", key="ftext")
        st.checkbox("One", key="fc1")
        st.checkbox("Two", key="fc2")
        st.button("Clear filters", key="fclear")


def program_picker(key: str = "program") -> None:
    """A picker of every program, as Interview prep, Networking and Outreach draw it."""
    st.selectbox("Program", frame()["program"].astype(str).tolist(), key=key)


def lines(count: int, kind: Callable[[str], object] = st.text) -> None:
    for i in range(count):
        kind(f"A line of text, number {i}.")


def grid(data: pd.DataFrame, key: str) -> None:
    st.data_editor(data, hide_index=True, num_rows="dynamic", key=key)


def downloads(count: int, data: pd.DataFrame) -> None:
    for i in range(count):
        st.download_button(f"Download {i}", data.to_csv(index=False).encode() if i == 0 else b"x", file_name=f"f{i}.csv", key=f"dl{i}")


# One floor per page, in the app's order ------------------------------------------


def start() -> None:
    top("Start")
    lines(3, st.markdown)
    for i in range(5):
        st.page_link(st.session_state["_pages"][i % len(st.session_state["_pages"])], label=f"Go {i}")
    lines(4, st.markdown)
    lines(2, st.caption)
    st.download_button("Template", b"x", file_name="t.csv")
    st.subheader("Next")


def profile() -> None:
    top("Profile")
    st.subheader("You")
    for i in range(3):
        st.text_input(f"Text {i}", key=f"pt{i}")
    for i in range(3):
        st.number_input(f"Number {i}", value=1, key=f"pn{i}")
    for i, count in enumerate((4, 6, 4, 5, 3)):
        st.selectbox(f"Choice {i}", [f"o{j}" for j in range(count)], key=f"ps{i}")
    for i in range(4):
        st.toggle(f"Toggle {i}", key=f"ptg{i}")
    st.date_input("Date", value=None, key="pd")
    with st.expander("Briefly"):
        lines(11, st.markdown)
    for i, count in enumerate((2, 9, 9)):
        st.multiselect(f"Several {i}", [f"o{j}" for j in range(count)], key=f"pm{i}")
    for i in range(3):
        st.segmented_control(f"Segment {i}", ["a", "b", "c"], key=f"pseg{i}")
    for i in range(4):
        st.slider(f"Level {i}", 0, 10, 5, key=f"psl{i}")
    st.text_area("Notes", key="pta")
    for _ in range(5):
        st.subheader("Part")
        st.caption("What this part asks.")
    st.dataframe(pd.DataFrame({"a": [], "b": []}), hide_index=True)
    st.button("Save", key="psave")


def programs() -> None:
    top("Programs")
    st.subheader("Upload")
    st.file_uploader("Sheet", key="up1")
    st.subheader("Your programs")
    filters()
    grid(frame(), "programs_grid")
    st.caption("Edits are checked and saved.")
    st.button("Save", key="gsave")
    downloads(3, frame())
    with st.expander("Workspace"):
        st.markdown("Back up or restore.")
        st.checkbox("Sure", key="sure")
        st.button("Start empty", key="empty")
        st.button("Restore", key="restore")
        st.divider()
        st.download_button("Backup", b"x", file_name="b.zip", key="backup")
        st.file_uploader("Restore from", key="up2")


def overview_figures(data: pd.DataFrame) -> tuple[go.Figure, go.Figure]:
    kind = go.Scattergl if len(data) > SVG_POINTS else go.Scatter
    x = data["interest"].astype("Float64").fillna(0).to_numpy(dtype=float)
    y = data["cost_of_living"].astype("Float64").fillna(0).to_numpy(dtype=float)
    names = data["program"].astype(str).to_numpy()
    scatter = go.Figure([kind(x=x[i::5], y=y[i::5], text=names[i::5], mode="markers", name=f"tier {i}") for i in range(5)])
    bars = go.Figure([go.Bar(x=["a", "b", "c", "d"], y=[i, i + 1, i + 2, i + 3], name=f"group {i}") for i in range(10)])
    return scatter, bars


def explore() -> None:
    weights_sidebar()
    top("Explore")
    filters()
    for i, column in enumerate(st.columns(7)):
        column.metric(f"Count {i}", i)
    st.segmented_control("View", ["Overview", "Map", "Compare", "Explain"], default="Overview", key="view")
    scatter_figure, bars = overview_figures(frame())
    st.plotly_chart(scatter_figure, key="scatter")
    st.caption("How to read the chart.")
    st.plotly_chart(bars, key="bars")


RANK_COLUMNS = ["program", "institution", "state", "tier", "fit_score", "img_friendliness", "interest", "eligible", "cost_of_living", "notes", "liked"]


def rank_list() -> None:
    weights_sidebar()
    top("Rank list")
    filters()
    for i, column in enumerate(st.columns(3)):
        column.metric(f"Tier {i}", i)
    st.caption("How the tiers are drawn.")
    st.info("A note on ranking.")
    st.segmented_control("Show", ["All", "By tier"], default="All", key="show")
    data = frame()
    st.dataframe(data[[c for c in RANK_COLUMNS if c in data]].assign(keeps=0.5), hide_index=True, on_select="rerun", selection_mode="single-row", key="ranked")
    st.subheader("Download")
    downloads(4, data)
    st.subheader("Reorder")
    with st.expander("Reorder by hand"):
        st.markdown("Move a program.")
    st.subheader("Research next")
    st.dataframe(data.head(40)[["program", "institution", "state", "notes", "liked"]], hide_index=True)


def outreach() -> None:
    top("Outreach")
    contacts = table("contacts")
    st.subheader("Contact log")
    grid(contacts.iloc[:, :6] if len(contacts.columns) else contacts, "contacts_grid")
    st.caption("Replies score responsiveness.")
    st.button("Save", key="osave")
    with st.expander("Import or export the log"):
        st.download_button("Export", contacts.to_csv(index=False).encode(), file_name="c.csv")
        st.file_uploader("Import", key="oup")
    st.selectbox("Channel", [f"c{i}" for i in range(6)], key="ochannel")
    st.date_input("On", value=None, key="odate")
    st.segmented_control("Reply", ["a", "b", "c"], key="oreply")
    st.button("Add", key="oadd")
    st.subheader("Who to follow up")
    st.dataframe(frame().head(18).iloc[:, :6], hide_index=True)
    for _ in range(3):
        st.markdown("**A list**")
        lines(7)
    st.subheader("Draft an email")
    program_picker()
    st.segmented_control("Kind", ["a", "b", "c"], key="okind")
    st.text_area("Draft", "Dear Dr …", key="odraft")
    st.code("Dear Dr …")
    st.text_input("Subject", key="osubject")
    st.link_button("Open in mail", "mailto:someone@example.org")


def letters() -> None:
    top("Letters")
    letters_table = table("letters")
    st.subheader("Your writers")
    grid(letters_table, "letters_grid")
    st.caption("Edits are saved.")
    st.button("Save", key="lsave")
    with st.form("add_writer"):
        st.text_input("Writer", key="lw")
        st.selectbox("Kind", [f"k{i}" for i in range(6)], key="lk")
        st.form_submit_button("Add")
    st.subheader("Mix")
    lines(5, st.markdown)
    lines(3)
    st.subheader("Situation")
    st.segmented_control("Situation", ["a", "b", "c"], key="lsit")
    for _ in range(6):
        st.markdown("**A point**")
        st.caption("Why it matters.")
    st.subheader("Timing")
    st.dataframe(letters_table.iloc[:, :8] if len(letters_table.columns) else letters_table, hide_index=True)
    st.download_button("Calendar", b"x", file_name="l.ics", key="lics")
    st.subheader("Packet")
    st.selectbox("Writer", [f"w{i}" for i in range(max(len(letters_table), 1))], key="lwriter")
    for i in range(3):
        st.text_area(f"Part {i}", "text", key=f"lpart{i}")
    st.multiselect("Programs", frame()["program"].astype(str).head(17).tolist(), key="lprogs")
    st.code("A packet")
    downloads(2, letters_table)
    st.subheader("Targets")
    st.multiselect("Target programs", frame()["program"].astype(str).tolist(), key="ltargets")
    st.button("Keep", key="lkeep")
    st.subheader("Messages")
    for tab in st.tabs(["Ask", "Packet", "Remind", "Thank"]):
        with tab:
            st.caption("When to send it.")
            st.text_area("Message", "Dear …", key=f"lmsg{id(tab)}")
            st.code("Dear …")
    st.subheader("Summary")
    lines(5, st.markdown)
    st.toggle("Add to summary", key="lsum")
    with st.expander("Add this to the summary"):
        st.code("text")
    st.info("A note.")


def interview() -> None:
    top("Interview prep")
    program_picker()
    for _ in range(2):
        st.markdown("**Questions**")
        st.text_area("Notes", key=f"inotes{_}")
        st.caption("Where they come from.")
        lines(5)
    lines(2)
    st.button("Save", key="isave")
    st.subheader("Facts")
    data = frame().head(12)
    st.table(pd.DataFrame({"fact": data["program"].astype(str), "value": data["state"].astype(str)}))
    st.table(pd.DataFrame({"a": ["x"] * 4, "b": ["y"] * 4}))
    st.table(pd.DataFrame({c: ["x"] * 7 for c in "abcd"}))
    st.table(pd.DataFrame({c: ["x"] for c in "abcde"}))
    st.download_button("Sheet", b"x", file_name="i.md")
    st.page_link(st.session_state["_pages"][0], label="Back")


def applications() -> None:
    top("Applications")
    apps = table("applications")
    for i, column in enumerate(st.columns(4)):
        column.metric(f"Status {i}", i)
    lines(4, st.markdown)
    st.subheader("Due")
    for _ in range(7):
        st.markdown("**A due item**")
        st.caption("When.")
    st.subheader("Add")
    st.multiselect("Programs", frame()["program"].astype(str).tolist(), key="aprogs")
    st.selectbox("As", ["a", "b"], key="aas")
    st.button("Add", key="aadd")
    grid(apps, "apps_grid")
    st.caption("Edits are saved.")
    st.button("Save", key="asave")
    downloads(3, apps)
    st.selectbox("Application", [f"a{i}" for i in range(max(len(apps), 1))], key="aone")
    st.selectbox("Step", [f"s{i}" for i in range(8)], key="astep")
    st.date_input("On", value=None, key="aon")
    st.button("Move", key="amove")
    st.subheader("Reflection")
    st.selectbox("Interview", ["a", "b", "c"], key="arefl")
    for i in range(3):
        st.segmented_control(f"Felt {i}", ["a", "b", "c"], key=f"aseg{i}")
        st.text_input(f"Why {i}", key=f"awhy{i}")
    for i in range(3):
        st.text_area(f"Notes {i}", key=f"anotes{i}")
    st.button("Save reflection", key="arsave")
    st.subheader("Season dates")
    with st.form("season_dates"):
        for i in range(6):
            st.date_input(f"Date {i}", value=None, key=f"adate{i}")
        st.form_submit_button("Save dates")
    st.subheader("Fees")
    lines(4, st.markdown)
    st.dataframe(pd.DataFrame({c: ["x"] * 3 for c in "abcde"}), hide_index=True)


def networking() -> None:
    top("Networking")
    program_picker()
    st.subheader("Matches")
    st.caption("Your experiences that match.")
    st.subheader("Before")
    st.text_input("Who", key="nwho")
    st.text_input("Where", key="nwhere")
    st.segmented_control("Kind", ["a", "b", "c"], key="nkind")
    st.text_area("Pitch", key="npitch")
    st.code("A pitch")
    st.subheader("Follow up")
    st.segmented_control("Follow", ["a", "b"], key="nfollow")
    st.code("A note")
    st.subheader("After")
    with st.form("net_after"):
        st.date_input("On", value=None, key="non")
        st.text_area("Notes", key="nnotes")
        st.number_input("Minutes", value=0, key="nmin")
        for i, count in enumerate((5, 4, 3)):
            st.selectbox(f"Choice {i}", [f"o{j}" for j in range(count)], key=f"nch{i}")
        st.form_submit_button("Save")


def final_list() -> None:
    weights_sidebar()
    top("Final rank list")
    st.info("Only programs that interviewed you.")
    st.caption("How it is started.")
    st.markdown("Which programs.")
    st.page_link(st.session_state["_pages"][0], label="Applications")
    st.info("A note.")
    st.page_link(st.session_state["_pages"][0], label="Rank list")


# The app's pages, titles and addresses (app.py's router).
PAGES: list[tuple[str, str, Callable[[], None]]] = [
    ("Start", "start", start),
    ("Profile", "profile", profile),
    ("Programs", "programs", programs),
    ("Explore", "explore", explore),
    ("Rank list", "rank-list", rank_list),
    ("Outreach", "outreach", outreach),
    ("Letters", "letters", letters),
    ("Interview prep", "interview-prep", interview),
    ("Applications", "applications", applications),
    ("Networking", "networking", networking),
    ("Final rank list", "final-rank-list", final_list),
]
PAGE_TITLES = [title for title, _, _ in PAGES]


if MODE == "pages":
    st.set_page_config(layout="wide")  # as the app
    pages = [st.Page(draw, title=title, url_path=path, default=i == 0) for i, (title, path, draw) in enumerate(PAGES)]
    st.session_state["_pages"] = pages
    st.navigation(pages).run()
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
