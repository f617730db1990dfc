import zlib

import pandas as pd
import streamlit as st

from app_pages import filters, persistence, picker, problems, saving, session, settings, workspace
from app_pages.tables import one_row
from app_pages.text import md, text_check
from data import merge
from data.columns import FACT_COLUMNS
from data.packs import registry
from data.validation import validate_edited
from scoring.applying import networking
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import program_in_prose

session.start_session()
st.title("Networking")
st.caption(
    "Reach a current resident, take good questions to an open house and write down what you learn, "
    "and choose which of your experiences to put forward for each program."
)

t = workspace.tables()
programs, contacts = t["programs"], t["contacts"]
filters.stop_without_programs(programs, "Add programs first; then prepare your networking for each one.")
profile = settings.profile()
names = dict(workspace.labels())  # unique: several programs may share a name
persistence.restore_choice("net_program", list(names))
pid = picker.program_selectbox("Program", names, "net_program", on_change=persistence.keep_choice, args=("net_program",))
# The one row as a slice (no copy of the table's hundred-odd columns, as a mask or set_index made on every switch).
one = one_row(programs, "program_id", pid)
program = one.iloc[0]
program_pack = registry().by_key.get(str(specialty.specialty_of(one).iloc[0]), registry().primary)

# Tailoring -----------------------------------------------------------------------------
st.subheader("What to emphasise for this program")
strengths = program["strengths"]
if pd.isna(strengths):
    st.caption("This program's strengths are not recorded yet; add them on the Programs page to see which of your experiences fit.")
elif not profile.experiences:
    st.caption(f"Its strengths: {md(str(strengths).replace(';', ', '))}. List your experiences on your profile to see which to put forward.")
    st.page_link("app_pages/profile.py", label="Add experiences to your profile", icon=":material/person:")
else:
    matches = networking.tailoring(strengths, profile.experiences)
    st.caption(f"Its strengths: {md(str(strengths).replace(';', ', '))}.")
    if matches.empty:
        st.info(
            "None of your tagged experiences matches its strengths; lead with your general clinical experience and your interest in " + program_pack.name + ".",
            icon=":material/info:",
        )
    else:
        st.write("Put these forward in your personal statement and at the interview:")
        st.dataframe(matches, hide_index=True, alt="Your experiences that match this program's strengths")

# Message to a resident -----------------------------------------------------------------
st.subheader("A short message to a current resident")
c1, c2 = st.columns(2)
# What is typed here is kept per program (with the email drafts), so a reload keeps it.
persistence.restore_text("email_drafts", pid, "resident", f"net_resident_{pid}")
resident = c1.text_input(
    "Resident's name (optional)", key=f"net_resident_{pid}", on_change=saving.keep_text, args=("email_drafts", pid, "resident", f"net_resident_{pid}")
)
with c1:
    text_check(f"net_resident_{pid}")
persistence.restore_text("email_drafts", pid, "interest", f"net_interest_{pid}")
interest = c2.text_input(
    "What draws you to the program, in one sentence",
    placeholder="for example: one clinic it is known for, and protected research time",
    key=f"net_interest_{pid}",
    on_change=saving.keep_text,
    args=("email_drafts", pid, "interest", f"net_interest_{pid}"),
)
with c2:
    text_check(f"net_interest_{pid}")
questions = st.pills(
    "One or two questions",
    list(networking.RESIDENT_QUESTIONS),
    selection_mode="multi",
    default=["support", "pgy1"],
    format_func=networking.RESIDENT_QUESTIONS.get,
    key="net_questions",
)
if len(questions or []) > 2:
    st.caption("Two questions are plenty in a first message; only the first two are used.")
draft = networking.resident_message(
    program_in_prose(program), profile.name, profile.country, interest, list(questions or []), resident, specialty.applied_name(program)
)
# Keyed on the draft itself: a new name, sentence or question gives a new draft, and an
# edit stays with the draft it was made to.
version = zlib.crc32(draft.encode("utf-8", "surrogatepass"))
message_key, message_field = f"net_message_{pid}_{version}", f"resident message {version}"
persistence.restore_text("email_drafts", pid, message_field, message_key, default=draft)
text = st.text_area(
    "Your message (edit freely)", height=260, key=message_key, on_change=saving.keep_text, args=("email_drafts", pid, message_field, message_key)
)
text_check(message_key)
st.code(text, language=None, wrap_lines=True)

# Open house ----------------------------------------------------------------------------
st.subheader("Questions for an open house")
# An open house is one program's: its own specialty's questions, not every specialty applied to
# (the walk saw one specialty's continuity-clinic question, and a near-duplicate, offered for a program of another).
open_house = networking.open_house_questions([program_pack])
picked = st.pills("Choose three or four", open_house, selection_mode="multi", default=open_house[:3], key=f"net_open_house_{program_pack.key}")
st.code("\n".join(f"{i}. {q}" for i, q in enumerate(picked or [], start=1)) or "Choose some questions above.", language=None, wrap_lines=True)

st.subheader("After the open house")
YES_NO = {"": "not sure", "yes": "yes", "no": "no"}
notes_key = f"net_notes_{pid}"
with st.container(border=True):
    c1, c2 = st.columns([1, 3])
    held_on = c1.date_input("Held on", value=workspace.today(), key="net_held_on", format="YYYY-MM-DD")
    # Outside the form: a form sends nothing until its button, so notes typed and left unsaved were lost
    # on a reload (the walk). Kept per program with its other drafts, as soon as the box is left.
    persistence.restore_text("email_drafts", pid, "open house notes", notes_key)
    with c2:
        notes = st.text_area("Your notes", key=notes_key, height=100, on_change=saving.keep_text, args=("email_drafts", pid, "open house notes", notes_key))
        text_check(notes_key)
    with st.form("net_after", border=False):
        st.caption("What you learned that the program's data should show (leave blank what you did not learn):")
        c1, c2, c3, c4 = st.columns(4)
        imgs = c1.number_input("IMG residents, last five years", min_value=0, max_value=1000, value=None, key="net_imgs")
        research = c2.selectbox("Research time", ["", "none", "limited", "moderate", "extensive"], format_func=lambda v: v or "not sure", key="net_research")
        h1b = c3.selectbox("H-1B", ["", "yes", "considered", "no"], format_func=lambda v: v or "not sure", key="net_h1b")
        intl = c4.selectbox("Mentions international trainees", list(YES_NO), format_func=YES_NO.get, key="net_intl")
        submitted = st.form_submit_button("Save the notes", icon=":material/save:")
# Beside the form it came from: the top of the page is out of sight after a save.
saving.show_said("flash_networking", escape=True)
if submitted:
    entry = pd.DataFrame(
        [{"program_id": pid, "program": str(program["program"]), "channel": "open-house", "sent_on": held_on.isoformat(), "notes": notes.strip()}]
    )
    checked = validate_edited(entry, "contacts", source="the open-house notes")
    learned = {"imgs_last_5y": imgs, "research_time": research or None, "h1b": h1b or None, "intl_trainees_mentioned": {"yes": True, "no": False}.get(intl)}
    learned = {k: v for k, v in learned.items() if v is not None}
    if not checked.errors.empty:
        st.error("Nothing was saved: the notes could not be logged.", icon=":material/error:")
        problems.edit_problems(checked.errors, "Problems in the contact log")
    else:
        tables = {"contacts": pd.concat([contacts, checked.valid], ignore_index=True)}
        if learned:
            row = programs[programs["program_id"] == pid].copy()
            for column, value in learned.items():
                row[column] = pd.array([value], dtype=programs[column].dtype)
            # What was learned is dated to this open house, group by group, so Explain says where it came from.
            for group, facts in FACT_COLUMNS.items():
                if set(facts) & set(learned):
                    for column, value in ((f"{group}_source", "open-house"), (f"{group}_checked_on", pd.Timestamp(held_on))):
                        if column in programs.columns:
                            row[column] = pd.array([value], dtype=programs[column].dtype)
            tables["programs"] = merge.apply(programs, row, "merge")
        if saving.save(tables=tables):
            said = f" and updated {len(learned)} of its details" if learned else ""
            st.session_state["flash_networking"] = f"Open house at {names[pid]} logged{said}."
            # Logged: the draft is emptied, so a second click cannot log the same open house twice.
            saving.keep_texts("email_drafts", pid, {"open house notes": ""})
            st.session_state.pop(notes_key, None)
            st.rerun()
        saving.show_save_problem()
