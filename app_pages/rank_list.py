from functools import partial

import pandas as pd
import streamlit as st

from app_pages import draft_grid, packs, printable, rank_data, saving, scores, session, settings, sidebar, tables, text, workspace
from app_pages.filters import empty_filtered_state, filter_widgets, filtered, stop_without_programs
from app_pages.rank_list_columns import COLUMNS, CONFIG
from data import bundled, export, rules
from scoring.applying.manual_order import move, place
from scoring.calendar import fees, season
from scoring.decision.ranking import apply_manual_order
from scoring.decision.tiers import TIERS
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import code_words, plural, words

session.start_session()
weights = sidebar.sidebar_weights()
profile = settings.profile()
st.title("Rank list")
st.caption("Your programs in rank order, with their tier, how sure each place is and what to find out next.")


@st.cache_resource(show_spinner=False, max_entries=4, hash_funcs={pd.DataFrame: lambda _: None})
def _counts(built_from: tuple[str, int, str, str], order: str, filters: str, applying: pd.DataFrame) -> dict[str, int]:
    """Programs per ERAS specialty among those applied to, for these scores, order and filters
    (applying is what they give: not hashed): reading 100,000 programs' specialties took a
    quarter of a second on every rerun. Shared, read-only."""
    return fees.counts_by_specialty(specialty.eras_specialty(applying))


ws = workspace.workspace()
scored = scores.scored()
packs.show_set_aside()
stop_without_programs(scored, "There are no programs to rank yet. Load a spreadsheet on the Programs page.")


key = scores.scored_from()  # what the cached results were built from
manual = settings.setting("manual_order").get("order")
ordered = apply_manual_order(scored, manual)
chosen = filter_widgets(ordered)
shown = filtered(ordered, chosen)
if shown.empty:
    empty_filtered_state()
    st.stop()

applying = shown[shown["tier_rule"].isin(["dream", "solid", "safety", "low-priority", "override"])]
facts = bundled.season()
counts = _counts(key, repr(manual), repr(chosen), applying)
per_specialty = fees.eras_fees(counts, facts)
eras_word = facts.fees["eras"].word
c1, c2, c3 = st.columns(3)
c1.metric("Eligible or not yet known", f"{(shown['eligible'] != 'no').sum():,}", border=True)
c2.metric(
    "ERAS fee estimate" + (f" ({eras_word})" if eras_word and eras_word != "estimate" else ""),
    fees.money(sum(per_specialty.values()), facts.currency),
    help=f"For {plural(len(applying), 'program')}, per ERAS specialty (the count starts again in each): "
    + ("; ".join(fees.fee_lines(counts, facts, sure_too=False)) or "none")
    + f". {facts.fees['eras'].cite()}.",
    border=True,
)
c3.metric("Dream / solid / safety", " / ".join(str((shown["tier"] == t).sum()) for t in ("dream", "solid", "safety")), border=True)
if len(counts) > 1:
    st.caption("ERAS fees per specialty: " + "; ".join(fees.fee_lines(counts, facts)) + ".")
if manual:
    unplaced = int((~tables.among(ordered["program_id"], manual)).sum())
    st.caption(
        "Your own order is applied."
        + (f" {plural(unplaced, 'program')} you have not placed follow{'s' if unplaced == 1 else ''} in score order." if unplaced else "")
    )

export_frame, added, interviewed_check = rank_data.export_rows(*key, tuple(manual or ()), repr(chosen), shown)
export_frame, added = export_frame.copy(deep=False), list(added)
applications = workspace.tables()["applications"]
if interviewed_check:
    missing = season.never_interviewed(interviewed_check, applications)
    if missing:
        # An interview invited or scheduled is recorded, only not held yet: said apart.
        coming = len(season.interview_to_come(missing, applications))
        st.info(
            # Not excluded (eligible or not known yet): the others could never be on a final list anyway.
            # Never called "eligible" while eligibility is only not ruled out.
            f"{plural(len(missing), 'program')} on this list that you are not ruled out of {'has' if len(missing) == 1 else 'have'} "
            "no interview held yet on the Applications page"
            + (f" ({coming:,} of them with one invited or scheduled)" if coming else "")
            + ". "
            + rules.rule("rank_interviewed").say
            + " The Final rank list page builds that list from your interviews.",
            icon=":material/event_busy:",
        )


def rank_table(rows: pd.DataFrame, key: str, alt: str) -> pd.Series | None:
    """One table of programs; returns the row the user selected, if any."""
    # Programs that share a name are told apart by institution and state, as in the pickers.
    shown_rows = rows.assign(tier=rows["tier_shown"] if "tier_shown" in rows else code_words(rows["tier"]))
    if "program_id" in rows:
        parts = workspace.label_parts().reindex(rows["program_id"].astype(str))
        shown_rows["institution"] = parts["place"].fillna("").to_numpy()
        shown_rows["program"] = parts["program"].fillna(rows["program"].astype("string")).to_numpy()
    picked = st.dataframe(
        shown_rows[[c for c in COLUMNS if c in shown_rows]],
        hide_index=True,
        column_config=CONFIG,
        alt=alt,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
    )
    return rows.iloc[picked.selection.rows[0]] if picked.selection.rows else None


def details(selected: pd.Series) -> None:
    with st.container(border=True):
        st.markdown(f"**{text.md(workspace.labels().get(str(selected['program_id']), selected['program']))}**")
        st.write(text.md(selected["tier_reason"]))
        if selected["ineligible_reasons"]:
            st.write("Eligibility: " + text.md(selected["ineligible_reasons"]))
        st.caption("Fit, factor by factor: " + text.md(selected["explanation"]))
        if selected["unknown_inputs"]:
            st.caption("Still unknown: " + text.md(selected["unknown_inputs"]))


view = st.segmented_control("Show", ["One list", "By tier"], default="One list", key="rank_view", persist_state="session")
st.caption("Select a row to read why in full, the score factor by factor, and what is still unknown. Click a column header to sort.")
if view == "By tier":
    st.caption("Ranks are overall, across every tier: within a tier the numbers skip the places taken by programs in other tiers.")
    for tier in TIERS:
        group = export_frame[export_frame["tier"] == tier]
        if group.empty:
            continue
        with st.container(border=True):
            st.subheader(f"{words(tier)} ({len(group)})")
            selected = rank_table(group, f"tier_{tier}", f"Programs in the {words(tier).lower()} tier, with their overall rank, why and how stable")
            if selected is not None:
                details(selected)
else:
    selected = rank_table(export_frame, "rank_table", "Your programs in rank order, with their tier, why and how stable")
    if selected is not None:
        details(selected)

if chosen.active:
    st.caption("The download holds the programs shown, renumbered from 1.")

st.subheader("Download")
download = export_frame.drop(columns=["rank_range", "fit_range", "img_range", *added]).assign(rank=range(1, len(export_frame) + 1))
with st.container(horizontal=True):
    st.download_button("Ranked list (CSV)", partial(export.to_csv, download), "ranked-list.csv", "text/csv", icon=":material/download:", key="rank_csv")
    st.download_button("Ranked list (Excel)", partial(export.to_xlsx, download, "ranked"), "ranked-list.xlsx", icon=":material/download:", key="rank_xlsx")
    st.download_button("Ranked list (Parquet)", partial(export.to_parquet, download), "ranked-list.parquet", icon=":material/download:", key="rank_parquet")
    st.download_button(
        "Print-friendly page (HTML)", partial(printable.ranked_page, download), "ranked-list.html", "text/html", icon=":material/print:", key="rank_print"
    )

st.subheader("Your own order")


def _save_order(order: list[str], said: str) -> None:
    if saving.save(settings={"manual_order": {"order": order}, **draft_grid.cleared("order")}):
        st.session_state["flash_order"] = said
        st.rerun()


def _reorder() -> None:
    current = ordered["program_id"].tolist()
    names = workspace.labels()
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    pick = c1.selectbox("Program to move", current, format_func=names.get, key="order_pick")
    if c2.button("Move up", icon=":material/arrow_upward:", key="order_up", disabled=pick == current[0]):
        _save_order(move(current, pick, -1), f"Moved up and saved: {text.md(names[pick])}.")
    if c3.button("Move down", icon=":material/arrow_downward:", key="order_down", disabled=pick == current[-1]):
        _save_order(move(current, pick, 1), f"Moved down and saved: {text.md(names[pick])}.")
    st.caption(
        "Move up and Move down save at once. Or type a new position for any program (1 puts it first) and press Save typed positions. "
        "Your order is kept in the workspace and used for the download."
    )
    editable = pd.DataFrame(
        {
            "position": range(1, len(ordered) + 1),
            "program": workspace.label_of(ordered["program_id"], ordered["program"]),
            "tier": code_words(ordered["tier"]),
            "program_id": ordered["program_id"],
        }
    )
    edited = draft_grid.editor(
        "order",
        editable,
        columns=["position"],
        identity="program_id",
        saved_as=manual or [],
        hide_index=True,
        disabled=["program", "tier", "program_id"],
        column_config={
            "position": st.column_config.NumberColumn("Position", min_value=1, step=1),
            "program": st.column_config.TextColumn("Program"),
            "tier": st.column_config.TextColumn("Tier"),
            "program_id": None,
        },
        alt="Your rank order, editable",
    )
    c1, c2 = st.columns(2)
    if c1.button("Save typed positions", key="order_save", icon=":material/save:"):
        changed = edited[edited["position"].notna() & (edited["position"] != editable["position"])]
        _save_order(place(current, dict(zip(changed["program_id"], changed["position"].astype(int), strict=True))), "Your order is saved.")
    if c2.button("Back to score order", key="order_reset", disabled=not manual):
        _save_order([], "Back to score order: your own order is cleared.")
    saving.show_save_problem()
    saving.show_said("flash_order")  # names in it are made inert where it is written


# Lazy: a closed expander draws nothing, so a rerun does not send a second table of every
# program and a selectbox of every name (most of a warm rerun at 10,000 programs).
# Open when there is an order to show, or unsaved positions typed into it.
unsaved_order = "order" in settings.setting(draft_grid.SETTING)
reorder = st.expander("Reorder by hand", icon=":material/swap_vert:", expanded=bool(manual) or unsaved_order, key="order_open", on_change="rerun")
with reorder:
    if reorder.open:
        _reorder()

st.subheader("What to research next")
TODO_LISTED = 40  # the items listed, those that could change a tier and swing most first
# Up to this many items wrap in a table, each read whole (all that are listed); more would go in a grid, which scrolls.
WRAPPED_TODO = TODO_LISTED
todo = rank_data.research_shown(*key, repr(chosen), shown, TODO_LISTED)
if todo.empty:
    st.success("Nothing unknown could change these programs' scores.", icon=":material/task_alt:")
else:
    listed = todo[["program", "todo", "tier_now", "tiers_possible", "swing"]].assign(
        program=workspace.label_of(todo["program_id"], todo["program"]),
        tier_now=code_words(todo["tier_now"]),
        tiers_possible=code_words(todo["tiers_possible"]),
    )
    todo_columns = {
        "program": st.column_config.TextColumn("Program"),
        "todo": st.column_config.TextColumn("What to find out", width="large"),
        "tier_now": st.column_config.TextColumn("Tier now"),
        "tiers_possible": st.column_config.TextColumn("Tiers it could reach", help="The tiers an answer could put it in"),
        "swing": st.column_config.NumberColumn("Fit swing", help="How far the answer could move the fit score", format="%.1f"),
    }
    alt = "Unknowns that could change a program's tier or score most"
    if len(listed) <= WRAPPED_TODO:
        # A short list wraps, so each sentence is read whole at 1280 px (a grid cuts it at the
        # column's edge, read only on hover); every cell is user text made inert (tables.inert).
        wrapped = listed.assign(swing=listed["swing"].map("{:.1f}".format, na_action="ignore"))
        st.table(tables.inert(wrapped.rename(columns={c: todo_columns[c]["label"] for c in wrapped.columns})), hide_index=True, alt=alt)
        st.caption("Tiers it could reach: the tiers an answer could put the program in. Fit swing: how far the answer could move its fit score.")
    else:
        st.dataframe(tables.readable(listed), hide_index=True, column_config=todo_columns, alt=alt, key="todo_table")
