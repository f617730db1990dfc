from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from app_pages import common, draft_grid, season_common
from data import calendar, export
from data.columns import APPLICATION_STATUSES
from data.validation import validate_edited
from scoring import fees, reflection, season, specialty
from scoring.wording import plural, words


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
    return season.how_many(common.scored(), season_common.shipped(), common.profile().visa_need)


common.start_session()
st.title("Applications")
st.caption(
    "One row per program you apply to, from considering it to ranking it: what is due, what is late, the season's dates and a calendar file. "
    "After each interview, rate it while it is fresh; the reflection becomes part of the fit score."
)

t = common.tables()
programs = t["programs"]
common.stop_without_programs(programs, "Add programs first; then track your applications to them here.")
apps = season_common.applications(programs)
today = common.today()
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


common.show_said("flash_applications", escape=True)
for problem in season.out_of_order(apps):
    st.warning(common.md(problem), icon=":material/event_busy:")
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

plan = _agenda(str(common.workspace().path), common.workspace().revision(), today.isoformat(), repr(sorted(dates.items())), apps)
overdue, this_week = plan[plan["overdue"]], plan[~plan["overdue"]]
c1, c2 = st.columns(2)
with c1.container(border=True):
    st.markdown(f"**Overdue** ({len(overdue)})")
    if overdue.empty:
        st.caption("Nothing is late.")
    for row in overdue.itertuples():
        st.markdown(f":red[:material/alarm:] {row.on:%b %d}: {common.md(row.what)}" + (f" — {common.md(row.program)}" if pd.notna(row.program) else ""))
with c2.container(border=True):
    st.markdown(f"**Due this week** ({len(this_week)})")
    if this_week.empty:
        st.caption("Nothing falls due in the next seven days.")
    for row in this_week.itertuples():
        st.markdown(
            f":material/event: {season.day_label(row.on, today)}: {common.md(row.what)}" + (f" — {common.md(row.program)}" if pd.notna(row.program) else "")
        )

# Board ----------------------------------------------------------------------------------
st.subheader("Where each application stands")
board = _board(str(common.workspace().path), common.workspace().revision(), apps)
steps = [s for s in APPLICATION_STATUSES if s not in season.CLOSED]
with st.container(horizontal=True, wrap=True):
    for status in steps:
        with st.container(border=True, width=185):
            st.markdown(f"**{season.STATUS_LABELS[status]}** ({board.loc[status, 'count']})")
            for name in board.loc[status, "programs"]:
                st.caption(common.md(name))
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
        key=f"apps_add_programs_{common.seen_revision()}",
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
        if added.errors.empty and common.save(tables={"applications": added.valid}):
            st.session_state["flash_applications"] = f"Added {plural(len(adding), 'program')}."
            st.rerun()
        common.show_save_problem()

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
            options=[common.CHOOSE_PROGRAM]
            + (sorted_labels if len(sorted_labels) <= GRID_CHOICES else sorted(set(view["program"].dropna()) & ids_by_label.keys()))
            + sorted(set(view["program"].dropna()) - ids_by_label.keys()),
            required=True,
            width="large",
            pinned=True,
        ),
        "status": st.column_config.SelectboxColumn(
            "Status", options=list(APPLICATION_STATUSES), format_func=season.STATUS_LABELS.get, required=True, default="considering"
        ),
        "deadline": st.column_config.TextColumn("Deadline", help="The program's application deadline. " + common.DATE_HELP),
        "applied_on": st.column_config.TextColumn("Applied on", help=common.DATE_HELP),
        "signal": st.column_config.CheckboxColumn("Signal", help="You sent it an ERAS program signal (where its specialty uses signals)."),
        "invited_on": st.column_config.TextColumn("Invited on", help=common.DATE_HELP),
        "interview_on": st.column_config.TextColumn("Interview on", help=common.DATE_HELP),
        "interview_format": st.column_config.SelectboxColumn("Format", options=["virtual", "in-person"], format_func=words),
        "thank_you_on": st.column_config.TextColumn("Thank-you sent", help=common.DATE_HELP),
        "notes": st.column_config.TextColumn("Notes", width="medium"),
        **{c: None for c in hidden},
    },
    alt="Your applications, editable: add, change or delete rows",
)
c1, c2 = st.columns([1, 3], vertical_alignment="center")
clicked = c1.button("Save applications", icon=":material/save:", key="applications_save")
unchosen = common.unchosen_rows(edited["program"]) if clicked else []
if unchosen:
    st.error(f"Nothing was saved: choose the program of row {', '.join(map(str, unchosen))} (counting from the top of the table).", icon=":material/error:")
elif clicked:
    unmarked = edited["program"].map(lambda label: saved_names.get(label, real_names.get(ids_by_name.get(label, ""), label))).astype("string")
    checked = validate_edited(edited.assign(program_id=edited["program"].map(ids_by_name), program=unmarked), "applications", source="your applications")
    if not checked.errors.empty:
        st.error("Nothing was saved: some rows are not valid (rows numbered as the table shows them).", icon=":material/error:")
        common.edit_problems(checked.errors, "Problems in the applications table", edited["program"])
    elif common.save(tables={"applications": checked.valid}, settings=draft_grid.cleared("applications")):
        n = len(checked.valid)
        st.session_state["flash_applications"] = f"Saved {n} application{'s' if n != 1 else ''}."
        st.rerun()
    common.show_save_problem()
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
        lambda: calendar.events_calendar(season.calendar_events(apps, dates, shipped.label)),
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
STEP_DATES = {
    "applied": "applied_on",
    "invited": "invited_on",
    "interview-scheduled": "interview_on",
    "interviewed": "interview_on",
    "thank-you-sent": "thank_you_on",
}
if len(apps):
    with st.container(border=True):
        st.markdown("**Record a step**")
        listed = apps[apps["program_id"].notna()]
        c1, c2, c3 = st.columns([2, 1.2, 1], vertical_alignment="bottom")
        common.restore_choice("step_program", listed["program_id"].tolist())
        step_pid = c1.selectbox(
            "Application", listed["program_id"].tolist(), format_func=names.get, key="step_program", on_change=common.keep_choice, args=("step_program",)
        )
        # The choice can outlive its application (a save just removed or changed it): no status then.
        match = listed.loc[listed["program_id"] == step_pid, "status"]
        now = match.iloc[0] if len(match) else None
        following = list(APPLICATION_STATUSES)
        if now in following and now not in season.CLOSED:
            following = following[following.index(now) + 1 :] + [s for s in season.CLOSED if s not in following[following.index(now) + 1 :]]
        step = c2.selectbox("New status", following, format_func=season.STATUS_LABELS.get, key=f"step_status_{step_pid}")
        column = STEP_DATES.get(step or "")
        label = "Interview on" if column == "interview_on" else "On"
        when = c3.date_input(label, value=today, key=f"step_date_{step_pid}_{step}", format="YYYY-MM-DD", disabled=column is None)
        if st.button("Record", icon=":material/done:", key="step_save", disabled=not len(match)):
            updated = as_saved(apps)
            at = updated.index[updated["program_id"] == step_pid][0]
            updated.loc[at, "status"] = step
            if column is not None and when is not None and not (step == "interviewed" and pd.notna(updated.loc[at, column])):
                updated.loc[at, column] = pd.Timestamp(when)
            if common.save(tables={"applications": updated}):
                st.session_state["flash_applications"] = f"{names.get(step_pid, step_pid)}: {season.STATUS_LABELS[step].lower()}."
                st.rerun()
            common.show_save_problem()

# Reflection -----------------------------------------------------------------------------
st.subheader("After the interview: your reflection")
interviewed = apps[apps["status"].isin(season.INTERVIEWED) & apps["program_id"].notna()]
if interviewed.empty:
    st.caption("Once a program's status is interviewed, rate it here: three questions, 1 to 5, with a line on each. Until then its reflection is unknown.")
else:
    common.restore_choice("reflect_program", interviewed["program_id"].tolist())
    pid = st.selectbox(
        "Program", interviewed["program_id"].tolist(), format_func=names.get, key="reflect_program", on_change=common.keep_choice, args=("reflect_program",)
    )
    row = interviewed[interviewed["program_id"] == pid].iloc[0]
    season_common.show_vision("(the compass for the second question)")

    def _value(column: str) -> object:
        value = row[column]
        return None if pd.isna(value) else value

    def _keep_text(pid: str, column: str, key: str) -> None:
        """A line typed in the reflection is saved as it is left, like every typed text: a reload keeps it."""
        if common.typed_problem(key) is not None:  # said under its box; nothing is saved
            return
        current = as_saved(season_common.applications(common.tables()["programs"]))
        rows = current.index[current["program_id"] == pid]
        if len(rows):
            current.loc[rows[0], column] = str(st.session_state.get(key) or "").strip() or pd.NA
            common.save(tables={"applications": current})

    ratings = {}
    notes = {}
    for question in reflection.RATINGS:
        c1, c2 = st.columns([1.2, 2], vertical_alignment="bottom")
        current = _value(question)
        ratings[question] = c1.segmented_control(
            reflection.RATING_LABELS[question],
            [1, 2, 3, 4, 5],
            default=None if current is None else int(current),
            key=f"reflect_{question}_{pid}",
            help="1: not at all, 5: very much. Leave it unselected if you cannot say yet.",
        )
        note_key = f"reflect_{question}_note_{pid}"
        notes[question] = c2.text_input(
            "Why", value=str(_value(f"{question}_note") or ""), key=note_key, on_change=_keep_text, args=(pid, f"{question}_note", note_key)
        )
        with c2:
            common.text_check(note_key)
    c1, c2, c3 = st.columns(3)
    typed_areas = {}
    for column_box, (column, label, short) in zip(
        (c1, c2, c3),
        (
            ("impressions_people", "The people", "people"),
            ("impressions_wellbeing", "How the residents seemed", "wellbeing"),
            ("impressions_surprise", "What surprised you", "surprise"),
        ),
        strict=True,
    ):
        area_key = f"reflect_{short}_{pid}"
        typed_areas[column] = column_box.text_area(label, value=str(_value(column) or ""), key=area_key, on_change=_keep_text, args=(pid, column, area_key))
        with column_box:
            common.text_check(area_key)
    people, wellbeing, surprise = typed_areas["impressions_people"], typed_areas["impressions_wellbeing"], typed_areas["impressions_surprise"]
    lo, hi = reflection.factor(pd.Series([pid]), apps)
    st.caption(f"Reflection factor now: {reflection.label(lo[0], hi[0])}.")
    typed_keys = [f"reflect_{q}_note_{pid}" for q in reflection.RATINGS] + [f"reflect_{part}_{pid}" for part in ("people", "wellbeing", "surprise")]
    if st.button("Save the reflection", icon=":material/save:", key="reflect_save", disabled=common.typed_problem(*typed_keys) is not None):
        updated = as_saved(apps)
        at = updated.index[updated["program_id"] == pid][0]
        for question in reflection.RATINGS:
            updated.loc[at, question] = ratings[question]
            updated.loc[at, f"{question}_note"] = notes[question].strip() or pd.NA
        for column, text in (("impressions_people", people), ("impressions_wellbeing", wellbeing), ("impressions_surprise", surprise)):
            updated.loc[at, column] = text.strip() or pd.NA
        if common.save(tables={"applications": updated}):
            lo, hi = reflection.factor(pd.Series([pid]), updated)
            st.session_state["flash_reflection"] = f"Reflection saved for {names.get(pid, pid)}: {reflection.label(lo[0], hi[0])}."
            st.rerun()
        common.show_save_problem()
    # Beside its button: the page's own message sits at the top, out of sight from here.
    common.show_said("flash_reflection", escape=True)

# Season dates ---------------------------------------------------------------------------
st.subheader("Season dates")
season_common.show_season_facts(today)
st.caption(
    "Each date comes from the season file with its source; one marked estimate or not confirmed is worth checking against the ERAS and NRMP calendars. "
    "Change any that differ: your dates are kept apart from the file's."
)
saved = season_common.saved_dates()
with st.form("season_dates_form", border=True):
    picked: dict[str, date | None] = {}
    items = list(season.SEASON_DATE_LABELS.items())
    for row in range(0, len(items), 3):
        cols = st.columns(3)
        for column, (key, label) in zip(cols, items[row : row + 3], strict=False):
            said = season.date_word(shipped, key, saved)
            fact = shipped.dates.get(key)
            picked[key] = column.date_input(
                f"{label} ({said})" if said else label,
                value=dates.get(key),
                key=f"season_{key}",
                format="YYYY-MM-DD",
                help=(f"{fact.cite()}. {fact.basis}" if fact else None),
            )
    c1, c2 = st.columns([1, 3])
    submitted = c1.form_submit_button("Save dates", icon=":material/save:")
if submitted:
    # Only dates that differ from the season file are yours: the rest follow the file when it is updated.
    mine = {k: v.isoformat() for k, v in picked.items() if v is not None and v != shipped.on(k)}
    if common.save(settings={"season_dates": mine}):
        st.session_state["flash_dates"] = "Season dates saved; the calendar and what is due follow them."
        st.rerun()
    common.show_save_problem()
common.show_said("flash_dates")
reset = season_common.dates_are_edited() and st.button("Back to the season file's dates", key="season_reset")
if reset and common.save(settings={"season_dates": {}}):
    st.rerun()

# How many to apply to -------------------------------------------------------------------
st.subheader("How many programs to apply to")
advice = _how_many(common.scored_from(), shipped.label)
with st.container(border=True):
    for sentence in advice.words:
        st.write(sentence)
    st.markdown("**What else an IMG pays**")
    others = fees.other_costs(shipped)
    st.dataframe(pd.DataFrame(others), hide_index=True, alt="Other application fees with their sources")
