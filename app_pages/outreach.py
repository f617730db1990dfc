from datetime import date

import pandas as pd
import streamlit as st

from app_pages import draft_grid, filters, persistence, picker, problems, saving, scores, session, settings, tables, workspace
from app_pages.text import md, text_check, typed_problem
from data import export
from data.readers import ReadError
from data.validation import load_bytes, validate_edited
from scoring.applying import outreach
from scoring.decision.ranking import link_contacts
from scoring.vocabulary.wording import blank, plural, words

GONE = "a program no longer in your list"


@st.cache_resource(show_spinner=False, max_entries=2)
def _worked_out(path: str, tables_revision: int, day: str) -> tuple[pd.DataFrame, outreach.FollowUps, list[str], pd.DataFrame]:
    """The evidence, the follow-ups, the sorted program labels and the programs by id for
    these tables and this day: a page switch or a typed email changes none of them, and at
    100,000 programs they cost seconds. Shared between sessions, read-only."""
    t, labels = workspace.tables(), workspace.labels()
    programs, contacts, today = t["programs"], t["contacts"], date.fromisoformat(day)
    return (
        outreach.evidence(programs, contacts, today, labels),
        outreach.follow_ups(programs, contacts, today, labels),
        sorted(set(labels.values())),
        programs.set_index("program_id"),
    )


session.start_session()
st.title("Outreach")
st.caption(
    "Your emails, open houses and conversations with residents. Email replies feed the responsiveness part of IMG-friendliness, and so the tiers, at once."
)

t = workspace.tables()
programs, contacts = t["programs"], t["contacts"]
today = workspace.today()
filters.stop_without_programs(programs, "Add programs first; then log your contacts with them here.")

names = dict(workspace.labels())  # unique: several programs may share a name
real_names = dict(zip(programs["program_id"].astype(str), programs["program"].astype(str), strict=True))
saving.show_said("flash_contacts", escape=True)
ids_by_name = {v: k for k, v in names.items()}
evidence, todo, sorted_names, by_id = _worked_out(str(workspace.workspace().path), workspace.tables_revision(), today.isoformat())


def _options(sorted_names: list[str], gone: pd.Series) -> list[str]:
    """Every label, sorted, with the names of entries whose program is gone (few) put in order."""
    extra = set(gone) - set(sorted_names) if len(gone) else set()
    return sorted_names if not extra else sorted(set(sorted_names) | extra)


# The log ---------------------------------------------------------------------------
st.subheader("Contact log")
# An entry whose program is no longer in the list keeps its old name (or says so),
# and saves as it is: an orphaned row never blocks a save.
GONE = "(a program no longer in your list)"
listed = contacts["program_id"].map(names)  # by the labels' hash table: isin() on 100,000 labels took seconds
known = listed.notna()
shown_names = listed.fillna(contacts["program"]).astype("string").fillna(GONE)
view = pd.DataFrame(
    {
        "program": shown_names,
        "channel": contacts["channel"].astype("string"),
        # Dates as text: a grid draws an empty date as a grey "None".
        "sent_on": contacts["sent_on"].dt.strftime("%Y-%m-%d"),
        "replied_on": contacts["replied_on"].dt.strftime("%Y-%m-%d"),
        "reply_quality": contacts["reply_quality"].astype("string"),
        "notes": contacts["notes"].astype("string"),
    }
).fillna("")
edited = draft_grid.editor(
    "contacts",
    view,
    label="program",
    num_rows="dynamic",
    hide_index=True,
    placeholder="",  # a new row's empty cells show blank, not a grey "None"
    column_config={
        "program": st.column_config.SelectboxColumn(
            "Program",
            options=[tables.CHOOSE_PROGRAM, *_options(sorted_names, shown_names[~known])],
            required=True,
            width="medium",
        ),
        "channel": st.column_config.SelectboxColumn(
            "Channel", options=["email", "open-house", "resident", "other"], format_func=words, required=True, default="email"
        ),
        "sent_on": st.column_config.TextColumn("Sent or held on", help=tables.DATE_HELP, required=True, default=today.isoformat()),
        "replied_on": st.column_config.TextColumn("Replied on", help=tables.DATE_HELP + " Blank: no reply yet."),
        "reply_quality": st.column_config.SelectboxColumn("Reply", options=["generic", "helpful"], format_func=words, help="Blank: no reply yet"),
        "notes": st.column_config.TextColumn("Notes", width="medium"),
    },
    alt="Your contact log, editable: add, change or delete rows",
)
c1, c2 = st.columns([1, 3], vertical_alignment="center")
clicked = c1.button("Save the log", icon=":material/save:", key="contacts_save")
unchosen = tables.unchosen_rows(edited["program"]) if clicked else []
if unchosen:
    st.error(f"Nothing was saved: choose the program of row {', '.join(map(str, unchosen))} (counting from the top of the table).", icon=":material/error:")
elif clicked:
    # Rows left as they were keep their old id (and name) when their program is gone.
    before = contacts.reindex(edited.index)
    unchanged = edited["program"].eq(shown_names.reindex(edited.index)).fillna(False)
    program_id = edited["program"].map(ids_by_name).astype("string").fillna(before["program_id"].where(unchanged))
    program = program_id.map(real_names).fillna(edited["program"].where(edited["program"] != GONE, before["program"]))
    checked = validate_edited(edited.assign(program=program, program_id=program_id), "contacts", source="your log")
    if not checked.errors.empty:
        st.error("Nothing was saved: some rows are not valid (rows numbered as the table shows them).", icon=":material/error:")
        problems.edit_problems(checked.errors, "Problems in the contact log", edited["program"])
    elif saving.save(tables={"contacts": checked.valid}, settings=draft_grid.cleared("contacts")):
        st.session_state["flash_contacts"] = f"Saved {plural(len(checked.valid), 'log entry', 'log entries')}."
        st.rerun()
    saving.show_save_problem()
c2.caption(
    "To add an entry, double-click a cell of the empty row at the bottom and type. To remove entries, select their rows (the box at the left) and press Delete."
)

with st.expander("Import or export the log", icon=":material/import_export:"):
    # Institution and state beside the name: most programs of a specialty share one. Read back
    # by program id (or name), so the file loads again as it is.
    where = by_id[["institution", "state"]]
    log_file = contacts.copy()
    log_file.insert(log_file.columns.get_loc("program") + 1, "institution", contacts["program_id"].map(where["institution"]))
    log_file.insert(log_file.columns.get_loc("institution") + 1, "state", contacts["program_id"].map(where["state"]))
    st.download_button("Download the log (CSV)", export.to_csv(log_file), "contacts.csv", "text/csv", icon=":material/download:", key="contacts_dl")
    upload = st.file_uploader(
        # No type= list: Streamlit's own refusal of another type is a MIME type in a tooltip; ours names the file.
        "Add entries from a file (CSV, Excel or Parquet, with the columns of the download above)",
        key="contacts_upload",
    )
    if upload is not None:
        try:
            loaded = load_bytes(upload.getvalue(), upload.name, "contacts")
        except ReadError as exc:
            st.error(md(exc), icon=":material/error:")
        else:
            st.write(f"{plural(len(loaded.valid), 'entry', 'entries')} can be added; {plural(len(loaded.rejected), 'row')} rejected.")
            if not loaded.errors.empty:
                st.dataframe(loaded.errors, hide_index=True, alt="Rejected cells in the contacts file")
            if len(loaded.valid) and st.button("Add these entries", key="contacts_import"):
                # A file may name programs without their ids: link them now, so the score,
                # the evidence and the follow-ups all count the entry from the start.
                added = link_contacts(loaded.valid.drop(columns=["institution", "state"], errors="ignore"), programs)
                if saving.save(tables={"contacts": pd.concat([contacts, added], ignore_index=True)}):
                    st.rerun()
                saving.show_save_problem()

# Record a reply -----------------------------------------------------------------------
waiting = contacts[(contacts["channel"] == "email") & contacts["replied_on"].isna() & known]
if len(waiting):
    with st.container(border=True):
        st.markdown("**Record a reply**")
        labels = {i: f"{shown_names[i]} (sent {sent:%Y-%m-%d})" for i, sent in zip(waiting.index, waiting["sent_on"], strict=True)}
        c1, c2, c3 = st.columns([2, 1, 1.2], vertical_alignment="bottom")
        entry = c1.selectbox("Email awaiting a reply", list(labels), format_func=labels.get, key="reply_entry")
        replied = c2.date_input("Replied on", value=today, key="reply_date")
        # required: a second click on the chosen option would clear it, and a reply was then saved as generic unasked.
        quality = c3.segmented_control("Reply", ["helpful", "generic"], default="helpful", required=True, key="reply_quality")
        if st.button("Record the reply", icon=":material/mark_email_read:", key="reply_save"):
            if replied < contacts.loc[entry, "sent_on"].date():
                st.error("The reply date is before the email was sent.", icon=":material/error:")
            else:
                pid = contacts.loc[entry, "program_id"]

                def friendliness_of(program_id: str) -> str:
                    # The range while parts are unknown, as everywhere else, never its low end alone.
                    one = scores.scored().set_index("program_id").loc[[program_id]]
                    return str(tables.point_range(one["img_friendliness"], one["img_friendliness_max"]).iloc[0])

                before = friendliness_of(pid) if pid in names else ""
                updated = contacts.copy()
                updated.loc[entry, "replied_on"] = pd.Timestamp(replied)
                updated.loc[entry, "reply_quality"] = quality or "generic"
                if saving.save(tables={"contacts": updated}):
                    if pid in names:
                        after = friendliness_of(pid)
                        st.session_state["flash_contacts"] = f"Reply recorded. IMG-friendliness of {names[pid]}: {before} → {after}."
                    else:  # its program is no longer in the list: nothing to score
                        st.session_state["flash_contacts"] = f"Reply recorded for {shown_names[entry]}."
                    st.rerun()
                saving.show_save_problem()

# Evidence and follow-ups ------------------------------------------------------------
st.subheader("Responsiveness from your emails")
if evidence.empty:
    st.caption("No email inquiries logged yet.")
else:
    shown = evidence.assign(
        points=tables.point_range(evidence["points"], evidence["points_max"]),
        sent_on=evidence["sent_on"].dt.strftime("%Y-%m-%d"),
        replied_on=evidence["replied_on"].dt.strftime("%Y-%m-%d"),
        reply_quality=evidence["reply_quality"].map(words),
    )
    st.dataframe(
        tables.readable(shown[["program", "sent_on", "replied_on", "days", "reply_quality", "points"]]),
        hide_index=True,
        column_config={
            "program": st.column_config.TextColumn("Program"),
            "sent_on": st.column_config.TextColumn("Sent"),
            "replied_on": st.column_config.TextColumn("Replied", help="Blank: no reply yet"),
            "days": st.column_config.NumberColumn("Days", help="Days to reply, or days waiting so far"),
            "reply_quality": st.column_config.TextColumn("Reply"),
            "points": st.column_config.TextColumn("Points (0–2)", help="Within 7 days and helpful: 2. Later, or generic: 1. No reply after 14 days: 0."),
        },
        alt="The latest email to each program and the responsiveness points it gives",
    )

c1, c2, c3 = st.columns(3)
with c1.container(border=True):
    st.markdown(f"**No reply after {outreach.FOLLOW_UP_DAYS} days** ({len(todo.unanswered)})")
    if len(todo.unanswered):  # one element per list, programs a blank line apart (names wrap): fewer to draw on a switch
        st.text("\n\n".join(f"{blank(row.program) or GONE} ({plural(row.days_waiting, 'day')})" for row in todo.unanswered.itertuples()))
with c2.container(border=True):
    st.markdown(f"**Open houses, today and coming up** ({len(todo.open_houses)})")
    if len(todo.open_houses):
        st.text("\n\n".join(f"{'Today' if row.when == 'today' else row.when}: {blank(row.program) or GONE}" for row in todo.open_houses.itertuples()))
with c3.container(border=True):
    st.markdown(f"**Never contacted** ({len(todo.never_contacted)})")
    if len(todo.never_contacted):
        st.text("\n\n".join(blank(row.program) for row in todo.never_contacted.head(12).itertuples()))
    if len(todo.never_contacted) > 12:
        st.caption(f"and {len(todo.never_contacted) - 12} more")

# Email draft ---------------------------------------------------------------------------


@saving.callback
def _keep_body(pid: str, body_key: str, from_key: str) -> None:
    if typed_problem(body_key):
        return  # said under the box
    saving.keep_texts("email_drafts", pid, {"body": st.session_state[body_key], "body_from": st.session_state[from_key]})


@saving.callback
def _rebuild_body(pid: str, body_key: str, from_key: str, body: str) -> None:
    st.session_state[body_key] = st.session_state[from_key] = body
    _keep_body(pid, body_key, from_key)


st.subheader("Draft an email")
persistence.restore_choice("draft_program", list(names))
pid = picker.program_selectbox("Program", names, "draft_program", on_change=persistence.keep_choice, args=("draft_program",))
program = by_id.loc[pid]
# The chosen questions, the edited email and the address are saved per program as they change.
questions_key = f"draft_questions_{pid}"
persistence.restore_text("email_drafts", pid, "questions", questions_key, default=outreach.suggested_questions(program))
questions = st.pills(
    "Questions to ask (two or three work best)",
    list(outreach.QUESTIONS),
    selection_mode="multi",
    format_func=outreach.QUESTION_LABELS.get,
    key=questions_key,
    on_change=saving.keep_text,
    args=("email_drafts", pid, "questions", questions_key),
)
subject, body = outreach.email_draft(program, settings.profile(), list(questions or []))
# One email per program. Until it is edited it follows the chosen questions; once edited it
# stays as typed when they change, with a button to start again from them.
body_key, from_key = f"draft_body_{pid}", f"draft_from_{pid}"
if body_key not in st.session_state or persistence.new_visit():
    saved = persistence.stored_texts("email_drafts").get(pid, {})
    legacy = saved.get(f"body {'-'.join(questions or [])}")  # saved per set of questions before
    st.session_state[body_key] = saved.get("body", legacy if legacy is not None else body)
    st.session_state[from_key] = saved.get("body_from", None if "body" in saved or legacy is not None else body)
if st.session_state[body_key] == st.session_state[from_key] != body:
    st.session_state[body_key] = st.session_state[from_key] = body  # untouched: it follows the questions
text = st.text_area("Your email (edit freely)", height=300, key=body_key, on_change=_keep_body, args=(pid, body_key, from_key))
text_check(body_key)
if text != body:
    st.caption("This email differs from the draft for the questions chosen above, so it stays as you wrote it when they change.")
    st.button(
        "Start again from the chosen questions",
        icon=":material/restart_alt:",
        key="draft_rebuild",
        on_click=_rebuild_body,
        args=(pid, body_key, from_key, body),
        help="Replaces the email in the box, your edits included, with a new draft for the questions chosen above.",
    )
st.caption("Copy it with the button at the top right of the box below, or open it in your email app.")
st.code(f"Subject: {subject}\n\n{text}", language=None, wrap_lines=True)
to_key = f"draft_to_{pid}"
persistence.restore_text("email_drafts", pid, "to", to_key)
address = st.text_input(
    "Coordinator's email address (optional, for the email app)", key=to_key, on_change=saving.keep_text, args=("email_drafts", pid, "to", to_key)
)
text_check(to_key)
if address and "@" not in address:
    st.warning("That does not look like an email address.")
st.link_button("Open in your email app", outreach.mailto(address if "@" in address else "", subject, text), icon=":material/mail:")
