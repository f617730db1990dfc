from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from app_pages import (
    draft_grid,
    filters,
    problems,
    record_step,
    reflection_form,
    saving,
    scores,
    season_common,
    season_dates,
    session,
    settings,
    tables,
    workspace,
)
from app_pages.text import md
from data import calendar, export
from data.columns import APPLICATION_STATUSES
from data.validation import validate_edited
from scoring.calendar import fees, season
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import plural, words


# Worked out once per saved workspace (its revision moves on every save) and day, not on
# every rerun: a page switch changes none of them, and at 100,000 programs they cost seconds.
# The apps argument is the applications of that revision (not hashed). Shared, read-only.
@st.cache_resource(show_spinner=False, max_entries=2, hash_funcs={pd.DataFrame: lambda _: None})
def _agenda(path: str, revision: int, day: str, dates_key: str, apps: pd.DataFrame) -> pd.DataFrame:
    return season.agenda(apps, date.fromisoformat(day), season_common.dates())


@st.cache_resource(show_spinner=False, max_entries=2, hash_funcs={pd.DataFrame: lambda _: None})
def _board(path: str, revision: int, apps: pd.DataFrame) -> pd.DataFrame:
    return season.board(apps).set_index("status")


@st.cache_resource(show_spinner=False, max_entries=2)
def _how_many(built_from: tuple[str, int, str, str], season_label: str) -> season.ApplyAdvice:
    return season.how_many(scores.scored(), season_common.shipped(), settings.profile().visa_need)


session.start_session()
st.title("Applications")
st.caption(
    "One row per program you apply to, from considering it to ranking it: what is due, what is late, the season's dates and a calendar file. "
    "After each interview, rate it while it is fresh; the reflection becomes part of the fit score."
)

t = workspace.tables()
programs = t["programs"]
filters.stop_without_programs(programs, "Add programs first; then track your applications to them here.")
apps = season_common.applications(programs)
today = workspace.today()
dates = season_common.dates()
shipped = season_common.shipped()
labels, sorted_labels, ids_by_label = season_common.labels()
names = dict(labels)  # unique: several programs may share a name
real_names = dict(zip(programs["program_id"].astype(str).tolist(), programs["program"].astype(str).tolist(), strict=True))
# An application can outlive its program (the list was replaced): it goes by the name it was
# saved with, marked; a save writes that name back without the mark.
saved_names: dict[str, object] = {}
for pid, saved_name in zip(apps["program_id"], apps["program"], strict=True):
    if isinstance(pid, str) and pid not in names:
        names[pid] = f"{saved_name if isinstance(saved_name, str) and saved_name.strip() else 'A program'} (no longer in your programs)"
        saved_names[names[pid]] = saved_name
ids_by_name = {**ids_by_label, **{names[pid]: pid for pid in names.keys() - labels.keys()}}


def as_saved(frame: pd.DataFrame) -> pd.DataFrame:
    """The applications as stored: each by its program's own name, not the label pages show."""
    return frame.assign(program=frame["program_id"].map(real_names).fillna(frame["program"]).astype("string"))


saving.show_said("flash_applications", escape=True)
for problem in season.out_of_order(apps):
    st.warning(md(problem), icon=":material/event_busy:")
GRID_CHOICES = 2_000  # programs offered at once in a list of choices (a 100,000-choice list is slow to send)

# This week -----------------------------------------------------------------------------
active = apps[~apps["status"].isin(season.CLOSED)]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Applications", f"{len(active):,}", help="Not counting withdrawn or rejected ones", border=True)
c2.metric(
    "Invited or interviewed",
    f"{int(apps['status'].isin([*season.AWAITING_INTERVIEW, *season.INTERVIEWED]).sum()):,}",
    help="Invitations, scheduled and done",
    border=True,
)
deadline = dates.get("rank_list_deadline")
left = season.days_until(deadline, today)
c3.metric(
    "Rank list due in",
    "not set" if left is None else f"{left:,} day{'s' if left != 1 else ''}",
    help=(f"NRMP rank order list deadline: {deadline:%B %d, %Y}. " if deadline else "")
    + f"{shipped.label}, {season.date_word(shipped, 'rank_list_deadline', season_common.saved_dates()) or 'official'}; edit it under Season dates below.",
    border=True,
)
match_day = dates.get("match_day")
c4.metric(
    "Match Day",
    f"{match_day:%b} {match_day.day}" if match_day else "not set",
    help=(f"{match_day:%B %d, %Y}. " if match_day else "")
    + f"{shipped.label}, {season.date_word(shipped, 'match_day', season_common.saved_dates()) or 'official'}; edit it under Season dates below.",
    border=True,
)

plan = _agenda(str(workspace.workspace().path), workspace.workspace().revision(), today.isoformat(), repr(sorted(dates.items())), apps)
overdue, this_week = plan[plan["overdue"]], plan[~plan["overdue"]]
c1, c2 = st.columns(2)
with c1.container(border=True):
    st.markdown(f"**Overdue** ({len(overdue)})")
    if overdue.empty:
        st.caption("Nothing is late.")
    else:  # one element for the list, not one per line: fewer for the browser to draw on a switch
        st.markdown(
            "\n\n".join(
                f":red[:material/alarm:] {row.on:%b %d}: {md(row.what)}" + (f" — {md(row.program)}" if pd.notna(row.program) else "")
                for row in overdue.itertuples()
            )
        )
with c2.container(border=True):
    st.markdown(f"**Due this week** ({len(this_week)})")
    if this_week.empty:
        st.caption("Nothing falls due in the next seven days.")
    else:
        st.markdown(
            "\n\n".join(
                f":material/event: {season.day_label(row.on, today)}: {md(row.what)}" + (f" — {md(row.program)}" if pd.notna(row.program) else "")
                for row in this_week.itertuples()
            )
        )

# Board ----------------------------------------------------------------------------------
st.subheader("Where each application stands")
board = _board(str(workspace.workspace().path), workspace.workspace().revision(), apps)
steps = [s for s in APPLICATION_STATUSES if s not in season.CLOSED]
with st.container(horizontal=True, wrap=True):
    for status in steps:
        with st.container(border=True, width=185):
            st.markdown(f"**{season.STATUS_LABELS[status]}** ({board.loc[status, 'count']})")
            if len(board.loc[status, "programs"]):  # one caption per column, a paragraph a name
                st.caption("\n\n".join(md(name) for name in board.loc[status, "programs"]))
closed = [f"{season.STATUS_LABELS[s]}: {board.loc[s, 'count']}" for s in season.CLOSED]
st.caption("Closed — " + ", ".join(closed) + ".")

# The table ------------------------------------------------------------------------------
st.subheader("Your applications")
with st.container(border=True):
    applied = set(apps["program_id"].dropna())  # built once: per program, it cost 30 s at 100,000
    not_yet = [pid for pid in names if pid not in applied]
    if len(not_yet) > GRID_CHOICES:
        # A list of 100,000 choices takes seconds to send and draw on every rerun: a few letters
        # of the name narrow it first.
        needle = st.text_input("Find programs to add", placeholder="part of a name, institution or state", key="apps_find").strip().casefold()
        matching = [pid for pid in not_yet if needle in names[pid].casefold()] if needle else not_yet
        st.caption(
            f"{len(matching):,} of your programs match; the first {GRID_CHOICES:,} are offered below."
            if len(matching) > GRID_CHOICES
            else f"{len(matching):,} of your programs match."
        )
        not_yet = matching[:GRID_CHOICES]
    c1, c2, c3 = st.columns([3, 1.2, 1], vertical_alignment="bottom")
    # One by one: no "select all matches" (it added programs the user never picked), and a
    # typed word matches the names that contain it, not scattered letters.
    adding = c1.multiselect(
        "Add programs from your list",
        not_yet,
        format_func=names.get,
        placeholder="Choose programs…",
        key=f"apps_add_programs_{saving.seen_revision()}",
        select_all=False,
        filter_mode="contains",
    )
    start = c2.selectbox("As", ["considering", "applied"], format_func=season.STATUS_LABELS.get, key="apps_add_status")
    applied_on = None
    if start == "applied":
        # Asked, never assumed: stamping today dated past applications after their interviews.
        applied_on = st.date_input("Applied on (leave blank if you do not know)", value=None, max_value=today, key="apps_add_applied_on", format="YYYY-MM-DD")
    if c3.button("Add", icon=":material/add:", key="apps_add", disabled=not adding):
        new = pd.DataFrame({"program_id": adding, "program": [real_names[p] for p in adding], "status": start})
        if applied_on is not None:
            new["applied_on"] = pd.Timestamp(applied_on)
        added = validate_edited(pd.concat([as_saved(apps), new], ignore_index=True), "applications", source="your applications")
        if added.errors.empty and saving.save(tables={"applications": added.valid}):
            st.session_state["flash_applications"] = f"Added {plural(len(adding), 'program')}."
            st.rerun()
        saving.show_save_problem()

date_columns = ["applied_on", "invited_on", "interview_on", "deadline", "thank_you_on"]
view = apps.copy()
for column in date_columns:
    # Dates as text, typed as YYYY-MM-DD like the other logs: the grid's date picker read a
    # typed "2026-12-01" as the year 61201, and the save then dropped it without a word.
    view[column] = view[column].dt.strftime("%Y-%m-%d").astype("string")
# As the choices name them (marked when the program is gone), so no cell shows blank.
view["program"] = view["program_id"].map(names).fillna(view["program"]).astype("string")
shown_columns = ["program", "status", "deadline", "applied_on", "signal", "invited_on", "interview_on", "interview_format", "thank_you_on", "notes"]
hidden = [c for c in view.columns if c not in shown_columns]
edited = draft_grid.editor(
    "applications",
    view[shown_columns + hidden],
    label="program",
    columns=shown_columns,
    num_rows="dynamic",
    hide_index=True,
    placeholder="",
    column_config={
        # An application known by name alone (no program of that name now) keeps its name as a choice.
        # With very many programs the choices are the applications' own (a grid sends and copies
        # every choice on every rerun); programs are added with "Add programs from your list".
        "program": st.column_config.SelectboxColumn(
            "Program",
            options=[tables.CHOOSE_PROGRAM]
            + (sorted_labels if len(sorted_labels) <= GRID_CHOICES else sorted(set(view["program"].dropna()) & ids_by_label.keys()))
            + sorted(set(view["program"].dropna()) - ids_by_label.keys()),
            required=True,
            width="large",
            pinned=True,
        ),
        "status": st.column_config.SelectboxColumn(
            "Status", options=list(APPLICATION_STATUSES), format_func=season.STATUS_LABELS.get, required=True, default="considering"
        ),
        "deadline": st.column_config.TextColumn("Deadline", help="The program's application deadline. " + tables.DATE_HELP),
        "applied_on": st.column_config.TextColumn("Applied on", help=tables.DATE_HELP),
        "signal": st.column_config.CheckboxColumn("Signal", help="You sent it an ERAS program signal (where its specialty uses signals)."),
        "invited_on": st.column_config.TextColumn("Invited on", help=tables.DATE_HELP),
        "interview_on": st.column_config.TextColumn("Interview on", help=tables.DATE_HELP),
        "interview_format": st.column_config.SelectboxColumn("Format", options=["virtual", "in-person"], format_func=words),
        "thank_you_on": st.column_config.TextColumn("Thank-you sent", help=tables.DATE_HELP),
        "notes": st.column_config.TextColumn("Notes", width="medium"),
        **{c: None for c in hidden},
    },
    alt="Your applications, editable: add, change or delete rows",
)
c1, c2 = st.columns([1, 3], vertical_alignment="center")
clicked = c1.button("Save applications", icon=":material/save:", key="applications_save")
unchosen = tables.unchosen_rows(edited["program"]) if clicked else []
if unchosen:
    st.error(f"Nothing was saved: choose the program of row {', '.join(map(str, unchosen))} (counting from the top of the table).", icon=":material/error:")
elif clicked:
    unmarked = edited["program"].map(lambda label: saved_names.get(label, real_names.get(ids_by_name.get(label, ""), label))).astype("string")
    checked = validate_edited(edited.assign(program_id=edited["program"].map(ids_by_name), program=unmarked), "applications", source="your applications")
    if not checked.errors.empty:
        st.error("Nothing was saved: some rows are not valid (rows numbered as the table shows them).", icon=":material/error:")
        problems.edit_problems(checked.errors, "Problems in the applications table", edited["program"])
    elif saving.save(tables={"applications": checked.valid}, settings=draft_grid.cleared("applications")):
        n = len(checked.valid)
        st.session_state["flash_applications"] = f"Saved {n} application{'s' if n != 1 else ''}."
        st.rerun()
    saving.show_save_problem()
c2.caption(
    "Double-click a status or a date in the table to change it, then save. To add a program, type in the empty row at the bottom; to remove rows, select them (the box at the left) and press Delete."
)

with st.container(horizontal=True):
    download = apps.drop(columns=[c for c in apps.columns if c.startswith("_")])
    st.download_button("Applications (CSV)", partial(export.to_csv, download), "applications.csv", "text/csv", icon=":material/download:", key="apps_csv")
    st.download_button(
        "Applications (Excel)", partial(export.to_xlsx, download, "applications"), "applications.xlsx", icon=":material/download:", key="apps_xlsx"
    )
    st.download_button(
        "Calendar: interviews, deadlines, season dates (.ics)",
        lambda: calendar.events_calendar(
            season.calendar_events(
                apps, dates, shipped.label, {k: season.date_word(shipped, k, season_common.saved_dates()) for k in season.SEASON_DATE_LABELS}
            )
        ),
        "season.ics",
        "text/calendar",
        icon=":material/event:",
        key="apps_ics",
    )

# Program signals, per ERAS specialty -----------------------------------------------------
signalled_ids = apps.loc[apps["signal"].fillna(False).astype(bool), "program_id"].dropna()
if len(signalled_ids):
    st.markdown("**Program signals**")
    signalled = specialty.eras_specialty(programs[programs["program_id"].isin(set(signalled_ids))].reset_index(drop=True))
    for count in fees.signal_counts(signalled, shipped):
        over = count.allowed is not None and count.used > count.allowed
        (st.warning if over or count.participates is False else st.caption)(count.message)

# Record a step ----------------------------------------------------------------------------
record_step.show(apps, names, as_saved, today)

# Reflection -----------------------------------------------------------------------------
reflection_form.show(apps, names, as_saved)

# Season dates ---------------------------------------------------------------------------
season_dates.show(today)

# How many to apply to -------------------------------------------------------------------
st.subheader("How many programs to apply to")
advice = _how_many(scores.scored_from(), shipped.label)
with st.container(border=True):
    for sentence in advice.words:
        st.write(sentence)
    st.markdown("**What else an IMG pays**")
    others = fees.other_costs(shipped)
    st.dataframe(pd.DataFrame(others), hide_index=True, alt="Other application fees with their sources")
