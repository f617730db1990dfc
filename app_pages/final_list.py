from functools import partial

import pandas as pd
import streamlit as st

from app_pages import draft_grid, filters, saving, scores, season_common, session, settings, sidebar, tables, text, workspace
from data import bundled, export, rules
from scoring.applying.manual_order import place
from scoring.calendar import season
from scoring.calendar.fees import nrmp_warnings
from scoring.decision import reflection
from scoring.decision.ranking import apply_manual_order
from scoring.vocabulary.wording import plural

session.start_session()
sidebar.sidebar_weights()
st.title("Final rank list")
st.caption(
    "The list you certify with NRMP: the programs you interviewed with, in your true order of preference. "
    "It starts in your Rank list's order; move programs until the order says where you most want to train."
)
st.info(
    "Rank by where you want to be, not by where you think your chances are best. " + rules.rule("true_preference").say,
    icon=":material/favorite:",
)
st.caption(f"Source: {rules.rule('true_preference').cited}; {rules.rule('rank_interviewed').cited}.")

t = workspace.tables()
programs = t["programs"]
filters.stop_without_programs(programs, "Add programs first; then build your final rank list here.")
apps = season_common.applications(programs)
season_common.show_vision("(does each program move you toward it?)")

on_list = apps[apps["status"].isin(["applied", *season.AWAITING_INTERVIEW, *season.INTERVIEWED]) & apps["program_id"].notna()]
if on_list.empty:
    considering = int(apps["status"].eq("considering").sum())
    st.info(
        (f"{plural(considering, 'application')} {'is' if considering == 1 else 'are'} still at Considering. " if considering else "No applications yet. ")
        + "A program appears here once you have applied to it: mark it Applied on the Applications page.",
        icon=":material/inbox:",
    )
    st.page_link("app_pages/applications.py", label="Go to Applications", icon=":material/assignment:")
    st.stop()

scored = scores.scored()
# Only the columns this page and its file show: reordering every scored column (about a
# hundred and fifty, most of them Arrow arrays) was most of the page's own work on a switch.
SHOWN = ["program_id", "program", "institution", "city", "state", "nrmp_code", "acgme_id", "fit_score", "img_friendliness", "img_friendliness_max"]
SHOWN += ["j1", "h1b", "tier", "rank"]
candidates = scored.loc[scored["program_id"].isin(set(on_list["program_id"])), [c for c in SHOWN if c in scored]].reset_index(drop=True)
if candidates.empty:
    # Applications can outlive their programs: the list was replaced by one without them.
    st.info(
        "None of the programs you applied to is in your programs list now. Add them back on the Programs page, "
        "or record new applications, and they will appear here.",
        icon=":material/inbox:",
    )
    st.stop()
saved = settings.setting("final_order").get("order") or []
UNKNOWN_J1, UNKNOWN_H1B = "J-1 not known yet", "H-1B not known yet"
# It starts from the Rank list's order, the user's own where they made one there.
rank_list_order = settings.setting("manual_order").get("order") or []
on_it = set(candidates["program_id"])
start = apply_manual_order(candidates, [pid for pid in rank_list_order if pid in on_it])
ordered = apply_manual_order(start, [pid for pid in saved if pid in on_it])
status = on_list.drop_duplicates("program_id", keep="last").set_index("program_id")["status"]
lo, hi = reflection.factor(ordered["program_id"], apps)
# Short enough for its column at 1280 px; an unknown answer in the words eligibility uses ("not known yet"), never a "?".
j1 = ordered["j1"].map({True: "J-1", False: "no J-1"}).astype("string")
h1b = ordered["h1b"].map({"yes": "H-1B", "considered": "H-1B considered", "no": "no H-1B"}).astype("string")
visa = (j1.fillna(UNKNOWN_J1) + ", " + h1b.fillna(UNKNOWN_H1B)).where(j1.notna() | h1b.notna(), "not known yet")
parts = workspace.label_parts().reindex(ordered["program_id"].astype(str)).reset_index(drop=True)
table = pd.DataFrame(
    {
        "position": range(1, len(ordered) + 1),
        # The place in a column of its own, kept in view: a label cut at the column's edge hid what told programs apart.
        "institution": parts["place"].fillna("").to_numpy(),
        "program": parts["program"].fillna(ordered["program"].astype("string").reset_index(drop=True)).astype(str).to_numpy(),
        "reflection": [reflection.label(a, b) for a, b in zip(lo, hi, strict=True)],
        "fit_score": ordered["fit_score"].round(1),
        "img_friendliness": tables.point_range(ordered["img_friendliness"], ordered["img_friendliness_max"]),
        "visa": visa.astype(str),
        "tier": ordered["tier"].astype(str),
        "status": ordered["program_id"].map(status).map(season.STATUS_LABELS).fillna("").astype(str),
        "program_id": ordered["program_id"],
    }
)

missing = season.never_interviewed(ordered["program_id"].tolist(), apps)
if missing:
    names = workspace.labels()
    listed = ", ".join(text.md(names[p]) for p in missing)
    noun = "program has" if len(missing) == 1 else "programs have"
    # Invited or scheduled: an interview to come. Applied only: no invitation yet, which is not the same.
    coming = set(season.interview_to_come(missing, apps))
    waiting = [p for p in missing if p not in coming]
    keep = (
        "Keep them here only while their interview is still to come."
        if not waiting
        else "Keep one here only while its interview is still to come or an invitation may still come; "
        + ("none of them has an invitation yet." if not coming else f"no invitation yet: {', '.join(text.md(names[p]) for p in waiting)}.")
    )
    st.warning(
        f"{len(missing)} {noun} not interviewed you yet: {listed}. {text.md(rules.rule('rank_interviewed').say)} {keep}",
        icon=":material/warning:",
    )
# Counted on this list, the one certified with the NRMP: the applications list says nothing about ranks.
for warning in nrmp_warnings(len(ordered), bundled.season()):
    st.warning(warning, icon=":material/warning:")
if len(ordered) > bundled.season().fee("nrmp_extra_ranks", "included"):
    st.caption(f"{text.md(rules.rule('extra_ranks').text)} Source: {text.md(rules.rule('extra_ranks').cited)}.")

if settings.weights().reflection == 0 and (hi - lo < 1).any():
    st.caption("Your reflections do not move the fit score yet: give “Your reflection” a weight in the sidebar once your interviews start.")
st.subheader("Your order")


def final_file(table: pd.DataFrame, ordered: pd.DataFrame) -> pd.DataFrame:
    ids = ordered[[c for c in ("program", "institution", "city", "state", "nrmp_code", "acgme_id") if c in ordered]].reset_index(drop=True)
    rest = table.drop(columns=["program_id", "program", "institution"]).rename(columns={"position": "rank"}).reset_index(drop=True)
    # As in the ranked list (the data contract): IMG-friendliness as its two ends, each a number under
    # its own name, never the screen's "4–9" text under the name the ranked list gives its low end.
    ends = ordered[["img_friendliness", "img_friendliness_max"]].reset_index(drop=True)
    at = rest.columns.get_loc("img_friendliness")
    rest = pd.concat([rest.iloc[:, :at], ends, rest.iloc[:, at + 1 :]], axis=1)
    return pd.concat(
        [rest[["rank"]], ids.reindex(columns=["program", "institution", "city", "state", "nrmp_code", "acgme_id"]), rest.drop(columns="rank")], axis=1
    )


def _save_final(order: list[str], said: str) -> None:
    if saving.save(settings={"final_order": {"order": order}, **draft_grid.cleared("final")}):
        st.session_state["flash_final"] = said
        st.rerun()


if saved:
    st.caption("Your saved order is applied; programs you have not placed yet follow in your Rank list's order.")
# Pixel widths that fit every header. What tells programs apart (rank, institution, program) is
# pinned, so it stays in view while the rest scrolls at 1280 px. The tier is left out here (it is in the CSV): it mixes in
# your chances, and this list is about where you want to train.
edited = draft_grid.editor(
    "final",
    table,
    columns=["position"],
    identity="program_id",
    saved_as=saved,
    hide_index=True,
    placeholder="",
    disabled=[c for c in table.columns if c != "position"],
    column_config={
        "position": st.column_config.NumberColumn("Rank", min_value=1, step=1, help="Change the numbers, then save", width=72, pinned=True),
        "institution": st.column_config.TextColumn("Institution", width=225, pinned=True),
        "program": st.column_config.TextColumn("Program", width=180, pinned=True),
        "reflection": st.column_config.TextColumn(
            "Reflection", help="Your post-interview ratings as a share of the best; unknown until you rate the interview", width=90
        ),
        "fit_score": st.column_config.NumberColumn("Fit", format="%.1f", help="Fit score, 0 to 100", width=56),
        "img_friendliness": st.column_config.TextColumn("IMG-friendly", help="IMG-friendliness, 0 to 10", width=104),
        "visa": st.column_config.TextColumn(
            "Visa",
            width=232,
            help="Which visas the program takes: J-1 accepted, H-1B sponsored ('considered': case by case). "
            "Their points in the IMG-friendliness score are in the Rank list's download.",
        ),
        "tier": None,
        "status": st.column_config.TextColumn("Status", width=134),
        "program_id": None,
    },
    alt="Your final rank list: change the positions to reorder",
)
with st.container(border=True):
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    moving = c1.selectbox("Move a program", table["program_id"].tolist(), format_func=workspace.labels().get, key="final_move_program")
    to = c2.number_input("to position", min_value=1, max_value=len(table), value=1, step=1, key="final_move_to")
    if c3.button("Move", icon=":material/swap_vert:", key="final_move"):
        rest = [p for p in table["program_id"] if p != moving]
        rest.insert(int(to) - 1, moving)
        _save_final(rest, f"Moved to position {int(to)} and saved: {text.md(workspace.labels()[moving])}.")
        saving.show_save_problem()
c1, c2 = st.columns(2)
if c1.button("Save my order", icon=":material/save:", key="final_save"):
    # As on the Rank list: a program given a new position lands there, the others close up around it.
    typed = edited[edited["position"].notna() & (edited["position"] != table["position"])]
    order = place(table["program_id"].tolist(), dict(zip(typed["program_id"], typed["position"].astype(int), strict=True)))
    _save_final(order, "Your final order is saved.")
if c2.button("Back to the Rank list's order", key="final_reset", disabled=not saved):
    _save_final([], "Back to the Rank list's order: your own final order is cleared.")
saving.show_save_problem()
saving.show_said("flash_final")  # names in it are made inert where it is written
st.download_button(
    "Final rank list (CSV)",
    # The list certified with the NRMP: each program by its own name, institution, state and codes, never a label alone.
    partial(lambda table, ordered: export.to_csv(final_file(table, ordered)), table, ordered),  # built when asked for, not on every switch
    "final-rank-list.csv",
    "text/csv",
    icon=":material/download:",
    key="final_csv",
)
