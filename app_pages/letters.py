import json
from datetime import date

import pandas as pd
import streamlit as st

from app_pages import draft_grid, persistence, picker, problems, saving, scores, session, settings, tables, workspace
from app_pages.text import md, text_check
from data import calendar, documents, export
from data.columns import ENUM, LETTER_COLUMNS, YESNO
from data.validation import validate_edited
from scoring.applying import letters as plan
from scoring.decision.ranking import apply_manual_order
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import blank, column_words, plural, slug, words


@st.cache_resource(show_spinner=False, max_entries=2)
def _worked_out(path: str, tables_revision: int, day: str) -> tuple[pd.DataFrame, pd.DataFrame, bytes]:
    """The writers as the grid shows them, the timeline and its calendar file, for these
    tables and this day: a page switch or a typed summary changes none of them. Shared, read-only."""
    letters = workspace.tables()["letters"]
    text = export.as_spreadsheet_text(letters.drop(columns=[c for c in letters.columns if c.startswith("_")])).fillna("")
    schedule = plan.timeline(letters, date.fromisoformat(day))
    return text, schedule, calendar.letters_calendar(plan.calendar_events(schedule, date.fromisoformat(day)))


@st.cache_resource(show_spinner=False, max_entries=2)
def _targets(built_from: tuple[str, int, str, str], order: str) -> list[str]:
    """The dream, solid and safety programs' labels in the Rank list's order, for these scores and this order."""
    scored = scores.scored()
    # In the user's own order where they made one on the Rank list, as the Rank list shows them.
    in_order = apply_manual_order(scored, json.loads(order))
    aimed = in_order[in_order["tier"].isin(["dream", "solid", "safety"])]
    return workspace.label_of(aimed["program_id"], aimed["program"]).astype(str).tolist()  # as every page names them


@st.cache_resource(show_spinner=False, max_entries=2)
def _rank_order(built_from: tuple[str, int, str, str], order: str) -> list[str]:
    """Every program's id in the Rank list's order (the user's own where made). Shared, read-only."""
    return apply_manual_order(scores.scored(), json.loads(order))["program_id"].astype(str).tolist()


@st.cache_data(show_spinner=False, max_entries=8)
def _docx(summary: str) -> bytes:
    return documents.markdown_to_docx(summary)


session.start_session()
st.title("Letters of recommendation")
st.caption("Who writes for you, where each letter stands, whether the mix is right, and when to ask and remind.")

t = workspace.tables()
letters = t["letters"]
today = workspace.today()

# Tracker ---------------------------------------------------------------------------------
st.subheader("Your writers")
saving.show_said("flash_letters")
text, schedule, schedule_ics = _worked_out(str(workspace.workspace().path), workspace.tables_revision(), today.isoformat())
config: dict = {}
for column in LETTER_COLUMNS:
    label = column_words(column.name)
    if column.kind in (YESNO, ENUM):
        # Codes show as words; a blank shows blank (placeholder below), and the grid's own
        # empty entry at the top of each list clears a cell.
        config[column.name] = st.column_config.SelectboxColumn(
            label,
            options=["yes", "no"] if column.kind == YESNO else list(column.allowed),
            format_func=words,
            help=column.description,
            default=plan.FIRST_STATUS if column.name == "status" else None,
        )
    else:
        config[column.name] = st.column_config.TextColumn(label, help=column.description)
edited = draft_grid.editor(
    "letters",
    text,
    label="writer",
    num_rows="dynamic",
    hide_index=True,
    placeholder="",
    column_config=config,
    alt="Your letter writers, editable: add, change or delete rows",
)
# A writer added without a status has not been asked yet (the grid's default, for any client).
edited = edited.assign(status=plan.stages(edited["status"]))
if st.button("Save writers", icon=":material/save:", key="letters_save"):
    checked = validate_edited(edited, "letters", source="your writers")
    if not checked.errors.empty:
        st.error("Nothing was saved: some cells are not valid (rows numbered as the table shows them; dates as YYYY-MM-DD).", icon=":material/error:")
        problems.edit_problems(checked.errors, "Problems in the letters table", edited["writer"], "Writer")
    elif saving.save(tables={"letters": checked.valid}, settings=draft_grid.cleared("letters")):
        st.session_state["flash_letters"] = f"Saved {plural(len(checked.valid), 'writer')}."
        st.rerun()
    saving.show_save_problem()

# A grid row is awkward for a first writer: a short form adds one (still to be asked).
with st.form("add_writer", clear_on_submit=True, border=True):
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    new_writer = c1.text_input("Add a writer: name", placeholder="Dr. A. Mentor", key="add_writer_name")
    new_kind = c2.selectbox("Kind of letter", list(next(c for c in LETTER_COLUMNS if c.name == "kind").allowed), format_func=words)
    if c3.form_submit_button("Add writer", icon=":material/person_add:") and new_writer.strip():
        row = pd.DataFrame({"writer": [new_writer.strip()], "kind": [new_kind], "status": ["to-ask"]})
        checked = validate_edited(pd.concat([edited, row], ignore_index=True), "letters", source="your writers")
        if not checked.errors.empty:
            st.error("Nothing was saved: the table above has cells that are not valid; fix them first.", icon=":material/error:")
        elif saving.save(tables={"letters": checked.valid}, settings=draft_grid.cleared("letters")):
            st.rerun()
        saving.show_save_problem()

if letters.empty:
    st.info("No writers yet: add one with the form above, or a row in the table.", icon=":material/history_edu:")
    st.stop()

# Status board -----------------------------------------------------------------------------
st.subheader("Where each letter stands")
board = st.columns(len(plan.STATUSES))
for column, status in zip(board, plan.STATUSES, strict=True):
    with column.container(border=True):
        writers = letters.loc[plan.stages(letters["status"]).eq(status), "writer"]
        st.markdown(f"**{words(status)}** ({len(writers)})")
        for writer in writers:
            st.text(blank(writer))

# Mix check ---------------------------------------------------------------------------------
st.subheader("Is the mix right?")
SITUATION_KEY = "letters_situation"
SITUATION_WORDS = {code: label for pack in specialty.applied(settings.profile()) for code, label in plan.situations(pack).items()}
persistence.restore_choice(SITUATION_KEY, list(SITUATION_WORDS))
situation = (
    None
    if not SITUATION_WORDS
    else st.segmented_control(
        "Your situation (the guide's advice differs for each; leave it unselected if none fits)",
        list(SITUATION_WORDS),
        format_func=SITUATION_WORDS.get,
        key=SITUATION_KEY,
        on_change=persistence.keep_choice,
        args=(SITUATION_KEY,),
    )
)
for check in plan.mix_check(letters, specialty.applied(settings.profile()), situation):
    icon = ":green[:material/check_circle:]" if check.passed else ":red[:material/error:]"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"{icon} **{check.rule}**")
        st.caption(md(check.detail))

# Timeline ---------------------------------------------------------------------------------
st.subheader("Timeline")
late = schedule[schedule["overdue"] != ""]
if len(late):
    st.error(
        "Overdue: " + "; ".join(f"{md(w)} ({md(what)})" for w, what in zip(late["writer"], late["overdue"], strict=True)) + ".",
        icon=":material/alarm:",
    )
st.dataframe(
    tables.readable(
        schedule.assign(
            status=plan.stages(schedule["status"]).map(words), **{c: schedule[c].dt.strftime("%Y-%m-%d") for c in ("due_on", "ask_from", "ask_by", "remind_on")}
        )
    ),
    hide_index=True,
    column_config={
        "writer": st.column_config.TextColumn("Writer"),
        "status": st.column_config.TextColumn("Status"),
        "due_on": st.column_config.TextColumn("Due"),
        "ask_from": st.column_config.TextColumn(
            "Ask from", help="The end of your rotation with the writer, while they remember you; without one, eight weeks before the due date"
        ),
        "ask_by": st.column_config.TextColumn("Ask by", help="At the latest: four weeks before the due date"),
        "remind_on": st.column_config.TextColumn(
            "Remind on", help="Three weeks before the due date, and at least a week after you asked; blank when that leaves no time"
        ),
        "next_step": st.column_config.TextColumn("Next step", width="medium"),
        "overdue": st.column_config.TextColumn("Overdue", help="Dates that have passed with the step still to do", width="large"),
    },
    alt="When to ask each writer, when to remind them, what to do next and what is overdue",
)
st.caption("In the calendar file, a date that has already passed is set for today and marked overdue.")
st.download_button(
    "Add asking, reminder and due dates to your calendar (.ics)",
    schedule_ics,
    "letters.ics",
    "text/calendar",
    icon=":material/event:",
    key="letters_ics",
)

# Packet and one-page summary --------------------------------------------------------------
st.subheader("Packet and one-page summary")
writer_names = [blank(w) or f"Writer {i + 1}" for i, w in enumerate(letters["writer"])]
who = st.selectbox("Writer", range(len(writer_names)), format_func=lambda i: writer_names[i], key="summary_writer")
letter = letters.iloc[who]
# The guide's packet: CV, personal statement and the one-page summary; scores "if strong",
# and the list of programs "optional, but helpful for context".
packet = {
    "cv": "CV",
    "personal_statement": "Personal statement",
    "summary_page": "One-page summary",
    "scores": "Scores (if strong)",
    "program_list": "Program list (optional)",
}
OPTIONAL = ("scores", "program_list")
sent = {column: not pd.isna(letter[column]) and bool(letter[column]) for column in packet}
missing = [label for column, label in packet.items() if not sent[column] and column not in OPTIONAL]
st.write("Packet: " + ", ".join(f"{'✓' if sent[c] else '☐'} {label}" for c, label in packet.items()))
if missing:
    st.caption("Still to send: " + ", ".join(missing) + ". Mark them yes in the table above once sent.")
# Each saved setting read once a run: a setting that cannot be read draws its warning (and
# its reset button, keyed by the setting) where it is read, and twice would be a duplicate key.
manual_order, assignments = settings.setting("manual_order"), settings.setting("letter_assignments")
targets = _targets(scores.scored_from(), json.dumps(manual_order.get("order")))
# What is typed here is saved per writer (by name) as it changes.
typed: dict[str, str] = {}
for field, label in (
    ("worked", "How you worked together (dates, setting, your role)"),
    ("moments", "Three to five specific moments they may remember (one per line)"),
    ("strengths", "Strengths you hope they address (one per line)"),
):
    key = f"summary_{field}_{who}"
    persistence.restore_text("letter_summaries", writer_names[who], field, key)
    typed[field] = st.text_area(label, key=key, on_change=saving.keep_text, args=("letter_summaries", writer_names[who], field, key))
    text_check(key)
worked, moments, strengths = typed["worked"], typed["moments"], typed["strengths"]
# The programs the summary lists: those this writer's letter is assigned to (below), when there
# are any; otherwise the programs aimed at, chosen here. The summary's heading says which.
order = json.dumps(manual_order.get("order"))
assigned = plan.assigned_to(writer_names[who], assignments, _rank_order(scores.scored_from(), order))
if assigned:
    labels = workspace.labels()
    chosen = [labels[pid] for pid in assigned]
    programs_are = "assigned"
    st.caption(
        f"The summary lists the {plural(len(chosen), 'program')} this letter is assigned to (see *Which letters go to which program* below), "
        "in your Rank list's order."
    )
else:
    programs_are = "targets"
    programs_key = f"summary_programs_{who}"
    persistence.restore_text("letter_summaries", writer_names[who], "programs", programs_key, default=targets[:10])
    st.session_state[programs_key] = [p for p in st.session_state[programs_key] if p in targets]  # a program may have left the list
    chosen = picker.program_multiselect(
        "Programs you target",
        {label: label for label in targets},
        programs_key,
        [],
        on_change=saving.keep_text,
        args=("letter_summaries", writer_names[who], "programs", programs_key),
        help="Your dream, solid and safety programs, in your Rank list's order. The first ten are chosen to start with; add or remove any.",
        select_all=False,
        filter_mode="contains",
    )
    st.caption(
        "No program is assigned this writer's letter yet, so the summary lists the programs you target (chosen above). "
        "Once you assign the letter below, it lists those programs instead."
    )
summary = plan.summary_markdown(
    letter,
    settings.profile().name,
    worked,
    moments.splitlines(),
    strengths.splitlines(),
    chosen,
    specialty.applied_names(settings.profile()),
    programs_are=programs_are,
)
st.code(summary, language="markdown", wrap_lines=True)
with st.container(horizontal=True):
    st.download_button(
        "Download (.md)", summary, f"summary-{slug(writer_names[who], 'writer')}.md", "text/markdown", icon=":material/download:", key="summary_md"
    )
    st.download_button(
        "Download (.docx)",
        _docx(summary),
        f"summary-{slug(writer_names[who], 'writer')}.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        key="summary_docx",
    )

# Letters per program --------------------------------------------------------------------------
st.subheader("Which letters go to which program")
saved = assignments
names = dict(workspace.labels())  # unique: several programs may share a name
writer = writer_names[who]
current = [pid for pid, writers in saved.items() if writer in writers and pid in names]
picked = picker.program_multiselect(
    f"Programs that receive the letter from {md(writer)}",
    names,
    f"assign_{who}",
    current,
    default=current,
    select_all=False,
    filter_mode="contains",
)
if st.button("Save assignments", key="assign_save"):
    updated = {pid: [w for w in writers if w != writer] for pid, writers in saved.items()}
    for pid in picked:
        updated.setdefault(pid, []).append(writer)
    updated = {pid: writers for pid, writers in updated.items() if writers}
    if saving.save(settings={"letter_assignments": updated}):
        st.session_state["flash_assign"] = f"Saved: the letter from {md(writer)} goes to {plural(len(picked), 'program') if picked else 'no program yet'}."
        st.rerun()
    saving.show_save_problem()
saving.show_said("flash_assign")  # the writer's name in it is made inert where it is written
known = {pid: writers for pid, writers in saved.items() if pid in names}
for warning in plan.over_assigned(known, names):
    st.warning(md(warning), icon=":material/warning:")
counts = pd.Series({names[pid]: len(w) for pid, w in known.items()}, dtype=int)
if len(counts):
    st.dataframe(
        counts.rename("letters").rename_axis("program").reset_index(),
        hide_index=True,
        column_config={"program": st.column_config.TextColumn("Program"), "letters": st.column_config.NumberColumn("Letters")},
        alt="Letters assigned per program",
    )
if len(known) < len(saved):
    st.caption(f"{plural(len(saved) - len(known), 'assignment')} name programs no longer in your list; they are not counted.")

# Messages, emphasis, waiver and backup plan ------------------------------------------------------
from app_pages import letter_messages  # noqa: E402 - the season's sections, kept apart from the tracker above

letter_messages.render(letters, who, today)
