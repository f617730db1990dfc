from functools import partial

import pandas as pd
import streamlit as st

from app_pages import common, printable
from data import bundled, export
from scoring.fees import eras_fee, nrmp_warnings
from scoring.ranking import apply_manual_order, ranked_list
from scoring.research_next import research_next
from scoring.stability import stability
from scoring.tiers import TIERS

common.start_session()
weights = common.sidebar_weights()
profile = common.profile()
st.title("Rank list")
st.caption("Your programs in rank order, grouped by tier, with how sure each place is and what to find out next.")

ws = common.workspace()
scored = common.scored()
common.stop_without_programs(scored, "There are no programs to rank yet. Load a spreadsheet on the Programs page.")


@st.cache_data(show_spinner="Testing how stable the ranking is…", max_entries=16)
def _stability(path: str, tables_revision: int, settings: str, today: str) -> pd.DataFrame:
    # Keyed on what it reads: the workspace, its tables' revision, the settings and the date.
    return stability(common.scored(), common.weights(), common.profile().thresholds, draws=500)


@st.cache_data(show_spinner="Working out what to research next…", max_entries=16)
def _research(path: str, tables_revision: int, settings: str, today: str) -> pd.DataFrame:
    t = common.tables()
    return research_next(common.scored(), t["programs"], common.profile(), common.weights(), common.today(), t["contacts"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _ranked(path: str, tables_revision: int, settings: str, today: str, order: tuple[str, ...]) -> pd.DataFrame:
    # Every program's export row, built once per (tables, settings, day, own order); a
    # filter change only picks rows from it. Shared: callers get a shallow copy.
    ordered = apply_manual_order(common.scored(), list(order))
    return ranked_list(ordered, common.profile(), common.weights(), common.today(), _research(path, tables_revision, settings, today))


key = (str(ws.path), ws.tables_revision(), common.settings_json(), common.today().isoformat())  # what the cached results were built from
manual = (ws.load_setting("manual_order") or {}).get("order")
ordered = apply_manual_order(scored, manual)
chosen = common.filter_widgets(ordered)
shown = common.filtered(ordered, chosen)
if shown.empty:
    common.empty_filtered_state()
    st.stop()

stable = _stability(*key).set_index("program_id")
shown = shown.join(stable, on="program_id")

applying = shown[shown["tier_rule"].isin(["dream", "solid", "safety", "low-priority", "override"])]
schedule = bundled.eras_fees()
c1, c2, c3 = st.columns(3)
c1.metric("Eligible or not yet known", f"{(shown['eligible'] != 'no').sum():,}", border=True)
c2.metric(
    "ERAS fee estimate",
    f"{eras_fee(len(applying), schedule):,.0f} {schedule['currency']}",
    help=f"For {len(applying)} programs. {schedule['note']} ({schedule['season']})",
    border=True,
)
c3.metric("Dream / solid / safety", " / ".join(str((shown["tier"] == t).sum()) for t in ("dream", "solid", "safety")), border=True)
for warning in nrmp_warnings(len(applying), schedule):
    st.warning(warning, icon=":material/warning:")
if manual:
    st.caption("Your own order is applied. Programs you have not placed follow in score order.")

todo = _research(*key)
every_row = _ranked(*key, tuple(manual or ()))
# The same frame as ranked_list(shown): its rows, then the stability columns shown carries.
export_frame = every_row[every_row["program_id"].isin(shown["program_id"])].reset_index(drop=True).join(stable, on="program_id")
stable_by_id = shown.set_index("program_id")
export_frame["keeps_tier"] = stable_by_id.loc[export_frame["program_id"], "keeps_tier"].round(3).to_numpy()
ranges = stable_by_id.loc[export_frame["program_id"], ["rank_p10", "rank_p90"]].round().astype(int).astype(str)
export_frame["rank_range"] = (ranges["rank_p10"] + "–" + ranges["rank_p90"]).to_numpy()

st.caption("Select a row to read why in full, the score factor by factor, and what is still unknown.")
selected: pd.Series | None = None
for tier in TIERS:
    group = export_frame[export_frame["tier"] == tier]
    if group.empty:
        continue
    with st.container(border=True):
        st.subheader(f"{tier.capitalize()} ({len(group)})")
        picked = st.dataframe(
            group[["rank", "program", "fit_score", "img_friendliness", "eligible", "keeps_tier", "rank_range", "tier_reason"]],
            hide_index=True,
            column_config={
                "rank": st.column_config.NumberColumn("rank", width="small"),
                "program": st.column_config.TextColumn("program", width="medium"),
                "fit_score": st.column_config.NumberColumn("fit", width="small", format="%.1f"),
                "img_friendliness": st.column_config.NumberColumn("IMG", help="IMG-friendliness, conservative (0–10)", width="small"),
                "eligible": st.column_config.TextColumn("eligible", width="small"),
                "keeps_tier": st.column_config.ProgressColumn(
                    "keeps tier",
                    help="Share of 500 weight draws (±25% each) in which the program keeps this tier",
                    min_value=0.0,
                    max_value=1.0,
                    format="percent",
                    width="small",
                ),
                "rank_range": st.column_config.TextColumn("rank range", help="10th to 90th percentile rank over the weight draws", width="small"),
                "tier_reason": st.column_config.TextColumn("why", width="large"),
            },
            alt=f"Programs in the {tier} tier, with why and how stable",
            key=f"tier_{tier}",
            on_select="rerun",
            selection_mode="single-row",
        )
        if picked.selection.rows:
            selected = group.iloc[picked.selection.rows[0]]
        if selected is not None and selected["tier"] == tier:
            with st.container(border=True):
                st.markdown(f"**{common.md(selected['program'])}**")
                st.write(common.md(selected["tier_reason"]))
                if selected["ineligible_reasons"]:
                    st.write("Eligibility: " + common.md(selected["ineligible_reasons"]))
                st.caption("Fit, factor by factor: " + common.md(selected["explanation"]))
                if selected["unknown_inputs"]:
                    st.caption("Still unknown: " + common.md(selected["unknown_inputs"]))

if chosen.active:
    st.caption("The download holds the programs shown, renumbered from 1.")

st.subheader("Download")
download = export_frame.drop(columns="rank_range").assign(rank=range(1, len(export_frame) + 1))
with st.container(horizontal=True):
    st.download_button("Ranked list (CSV)", partial(export.to_csv, download), "ranked-list.csv", "text/csv", icon=":material/download:", key="rank_csv")
    st.download_button("Ranked list (Excel)", partial(export.to_xlsx, download, "ranked"), "ranked-list.xlsx", icon=":material/download:", key="rank_xlsx")
    st.download_button("Ranked list (Parquet)", partial(export.to_parquet, download), "ranked-list.parquet", icon=":material/download:", key="rank_parquet")
    st.download_button(
        "Print-friendly page (HTML)", partial(printable.ranked_page, download), "ranked-list.html", "text/html", icon=":material/print:", key="rank_print"
    )

st.subheader("Your own order")
with st.expander("Reorder by hand", icon=":material/swap_vert:"):
    st.caption("Change the numbers in the position column, then save. Your order is kept in the workspace and used for the download.")
    editable = pd.DataFrame(
        {"position": range(1, len(ordered) + 1), "program": ordered["program"], "tier": ordered["tier"], "program_id": ordered["program_id"]}
    )
    edited = st.data_editor(
        editable,
        hide_index=True,
        disabled=["program", "tier", "program_id"],
        column_config={"position": st.column_config.NumberColumn("position", min_value=1, step=1), "program_id": None},
        key=f"order_{st.session_state['revision']}",
        alt="Your rank order, editable",
    )
    c1, c2 = st.columns(2)
    if c1.button("Save my order", key="order_save", icon=":material/save:"):
        order = edited.assign(position=edited["position"].fillna(len(edited) + 1)).sort_values("position", kind="stable")["program_id"].tolist()
        if common.save(settings={"manual_order": {"order": order}}):
            st.rerun()
    if c2.button("Back to score order", key="order_reset", disabled=not manual) and common.save(settings={"manual_order": {"order": []}}):
        st.rerun()
    common.show_save_problem()

st.subheader("What to research next")
todo = todo[todo["program_id"].isin(shown["program_id"])]
if todo.empty:
    st.success("Nothing unknown could change these programs' scores.", icon=":material/task_alt:")
else:
    todo = todo.sort_values(["could_change_tier", "swing"], ascending=False, kind="stable")
    st.dataframe(
        todo[["program", "todo", "tier_now", "tiers_possible", "swing"]].head(40),
        hide_index=True,
        column_config={"swing": st.column_config.NumberColumn("fit swing", format="%.1f")},
        alt="Unknowns that could change a program's tier or score most",
        key="todo_table",
    )
