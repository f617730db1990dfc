from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from app_pages import filters, persistence, picker, printable, saving, scores, session, settings, tables, text, workspace
from data import merge
from scoring.applying import interview
from scoring.calendar import season
from scoring.decision import eligibility, fit, tiers
from scoring.decision.rubric import COMPONENT_LABELS, COMPONENTS
from scoring.vocabulary.wording import blank, fit_range_text, slug, words


@st.cache_resource(show_spinner=False, max_entries=8)
def _night_before(built_from: tuple[str, int, str, str], pid: str) -> dict[str, pd.DataFrame | list[str]]:
    """The program's facts, parts, fit factors and contact history as the sheet and the page
    show them, and its inputs still unknown, for these scores (their key holds the tables'
    revision, the profile, the weights and the day): worded afresh they cost more than the rest
    of the page, and a page switch changes none of them. Shared, read-only."""
    scored, profile, weights = scores.scored(), settings.profile(), settings.weights()
    one = tables.one_row(scored, "program_id", pid)
    program = one.iloc[0]
    reasons_text = eligibility.reasons(one, one, profile, workspace.today())
    tier_reason = tiers.reasons(one.assign(ineligible_reasons=reasons_text), profile.thresholds).iloc[0]
    contacts = workspace.tables()["contacts"]
    history = contacts[contacts["program_id"] == pid].sort_values("sent_on")
    low = program["fit_score_min"] if "fit_score_min" in program else program["fit_score"]
    fit_text = (
        # The range written as every page and file writes it (whole points, rounded outward).
        f"{program['fit_score']:.1f} (range {fit_range_text(np.array([low]), np.array([program['fit_score_max']]))[0]})"
        if program["fit_score_max"] > low
        else f"{program['fit_score']:.1f}"
    )
    if "known_share" in program:
        fit_text += f"; {program['known_share']:.0%} of its scoring input known"
    facts = pd.DataFrame(
        {
            "fact": [
                "Institution",
                "Location",
                "Track",
                "J-1",
                "H-1B",
                "Research time",
                "Strengths",
                "Tier",
                "Why",
                "Eligible",
                "Fit score",
                "IMG-friendliness",
            ],
            "value": [
                blank(program["institution"]),
                ", ".join(filter(None, [blank(program["city"]), blank(program["state"])]))
                + (f" ({program['division']})" if blank(program["division"]) else ""),
                words(program["track"]) or "unknown",
                {True: "yes", False: "no"}.get(program["j1"], "unknown"),
                blank(program["h1b"]) or "unknown",
                blank(program["research_time"]) or "unknown",
                blank(program["strengths"]).replace(";", ", ") or "unknown",
                words(program["tier"]),
                tier_reason,
                f"{program['eligible']}: {reasons_text.iloc[0]}" if blank(reasons_text.iloc[0]) else str(program["eligible"]),
                fit_text,
                f"{tables.point_range(one['img_friendliness'], one['img_friendliness_max']).iloc[0]} of 10",
            ],
        }
    ).astype(str)
    components = pd.DataFrame(
        {
            "part": [COMPONENT_LABELS[c] for c in COMPONENTS],
            "points": [f"{program[f'{c}_lo']:g}" + (f"–{program[f'{c}_hi']:g}" if program[f"{c}_hi"] > program[f"{c}_lo"] else "") for c in COMPONENTS],
        }
    )
    factors = pd.DataFrame(fit.explain(program, weights, fit.unsaid_for(one, profile)))[["factor", "value", "weight", "points"]]
    log = tables.readable(
        history[["channel", "sent_on", "replied_on", "reply_quality", "notes"]]
        .assign(sent_on=history["sent_on"].dt.strftime("%Y-%m-%d"), replied_on=history["replied_on"].dt.strftime("%Y-%m-%d"))
        .rename(columns={"channel": "Channel", "sent_on": "Sent or held on", "replied_on": "Replied on", "reply_quality": "Reply", "notes": "Notes"})
    )
    factors = factors.rename(columns={"factor": "Factor", "value": "Value", "weight": "Weight", "points": "Points"})
    facts = facts.rename(columns={"fact": "Fact", "value": "Value"})
    components = components.rename(columns={"part": "Part", "points": "Points"})
    return {
        "facts": facts,
        "components": components,
        "factors": factors,
        "log": log,
        "facts_shown": tables.inert(facts),
        "components_shown": tables.inert(components),
        "factors_shown": tables.inert(factors),
        "log_shown": tables.inert(log),
        "missing": interview.missing_inputs(one, profile),
    }


session.start_session()
st.title("Interview preparation")
st.caption("For each program: what you like and what you will ask, with suggestions from what you know about it, and a sheet to read the night before.")

t = workspace.tables()
scored = scores.scored()
filters.stop_without_programs(scored, "Add programs first; then prepare for each interview here.")

profile, today = settings.profile(), workspace.today()
names = dict(workspace.labels())  # unique: several programs may share a name
persistence.restore_choice("interview_program", list(names))
if "interview_program" not in st.session_state:
    # Nothing chosen yet: the soonest interview to come, the one to prepare for.
    coming = season.next_interview(t["applications"], today)
    if coming in names:
        st.session_state["interview_program"] = coming
pid = picker.program_selectbox("Program", names, "interview_program", on_change=persistence.keep_choice, args=("interview_program",))
one = tables.one_row(scored, "program_id", pid)  # a slice: a mask copied every scored column on each switch
program = one.iloc[0]
worked_out = _night_before(scores.scored_from(), pid)


@saving.callback
def _save_points(pid: str) -> None:
    """Talking points are saved as they change, so a reload or restart keeps them."""
    if text.typed_problem(f"liked_{pid}", f"questions_{pid}"):
        return  # said under the box
    programs = workspace.tables()["programs"]
    row = programs[programs["program_id"] == pid].copy()
    for column in ("liked", "questions"):
        typed = str(st.session_state.get(f"{column}_{pid}") or "").strip()
        row[column] = pd.array([typed or None], dtype="string")
    saving.save(tables={"programs": merge.apply(programs, row, "merge")})


c1, c2 = st.columns(2)
with c1.container(border=True):
    st.markdown("**What you like about it**")
    liked = st.text_area(
        "Liked",
        value="" if pd.isna(program["liked"]) else str(program["liked"]),
        key=f"liked_{pid}",
        label_visibility="collapsed",
        height=150,
        on_change=_save_points,
        args=(pid,),
    )
    text.text_check(f"liked_{pid}")
    ideas = interview.liked_suggestions(program)
    if ideas:
        st.caption("Ideas from its data:")
        st.text("\n".join(f"• {idea}" for idea in ideas))  # one element for the list: fewer to draw on a switch
with c2.container(border=True):
    st.markdown("**What you will ask**")
    questions = st.text_area(
        "Questions",
        value="" if pd.isna(program["questions"]) else str(program["questions"]),
        key=f"questions_{pid}",
        label_visibility="collapsed",
        height=150,
        on_change=_save_points,
        args=(pid,),
    )
    text.text_check(f"questions_{pid}")
    emails = t["contacts"][(t["contacts"]["program_id"] == pid) & (t["contacts"]["channel"] == "email")].sort_values("sent_on")
    last_email = (emails["sent_on"].iloc[-1].date(), bool(emails["replied_on"].notna().iloc[-1])) if len(emails) else None
    st.caption("Ideas for the day, from what is known about it:")
    day_ideas = interview.question_suggestions(program)
    if day_ideas:
        st.text("\n".join(f"• {idea}" for idea in day_ideas))
    unknown = interview.unknown_questions(program, worked_out["missing"], profile.visa_need, last_email)
    if unknown:
        st.caption("Still unknown: ask by email or at an open house before the day, not at the interview:")
        st.text("\n".join(f"• {idea}" for idea in unknown))

if st.button("Save talking points", icon=":material/save:", key="interview_save", disabled=text.typed_problem(f"liked_{pid}", f"questions_{pid}") is not None):
    programs = t["programs"]
    row = programs[programs["program_id"] == pid].copy()
    row["liked"] = pd.array([liked.strip() or None], dtype="string")
    row["questions"] = pd.array([questions.strip() or None], dtype="string")
    if saving.save(tables={"programs": merge.apply(programs, row, "merge")}):
        st.toast("Saved.", icon=":material/check:")
        st.rerun()
saving.show_save_problem()

# The night-before sheet ------------------------------------------------------------------
assigned = settings.setting("letter_assignments").get(pid, [])


def _sheet(title: str, worked_out: dict, liked: str, questions: str, assigned: list[str]) -> str:
    facts, components, factors, log = (worked_out[k] for k in ("facts", "components", "factors", "log"))
    return printable.document(
        title,
        [
            ("Facts", printable.table_html(facts)),
            ("IMG-friendliness", printable.table_html(components)),
            ("Fit, factor by factor", printable.table_html(factors)),
            ("What I like", printable.paragraphs(liked)),
            ("What I will ask", printable.paragraphs(questions)),
            ("Contact history", printable.table_html(log) if len(log) else printable.paragraphs("No contacts logged.")),
            ("Letters sent here", printable.paragraphs("\n".join(assigned) or "No letters assigned yet.")),
        ],
    )


st.subheader("The night before")
with st.container(border=True):
    # Static tables wrap long text at any width; a grid would cut it off.
    st.table(worked_out["facts_shown"], hide_index=True, alt="Key facts about the program")
    c1, c2 = st.columns([2, 3])
    c1.table(worked_out["components_shown"], hide_index=True, alt="IMG-friendliness components")
    c2.table(worked_out["factors_shown"], hide_index=True, alt="Fit factors")
    if len(worked_out["log"]):
        st.table(worked_out["log_shown"], hide_index=True, alt="Contact history")
    st.caption("Letters sent here: " + (", ".join(text.md(a) for a in assigned) or "none assigned yet"))
st.download_button(
    "Download the sheet (printable HTML)",
    partial(_sheet, f"Night before: {names[pid]}", worked_out, liked, questions, assigned),  # written when asked for
    f"night-before-{slug(names[pid])}.html",
    "text/html",
    icon=":material/print:",
    key="interview_sheet",
)

# The compass for the day -------------------------------------------------------------------
from app_pages import season_common  # noqa: E402 - the season's block, kept apart from the sheet above

season_common.show_vision("(what you hope this program leads to)")
