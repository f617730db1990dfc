from datetime import date
from typing import Any

import streamlit as st

from app_pages import ecfmg_date, exam_rules, example, experiences_form, persistence, profile_labels, saving, session, workspace
from app_pages.text import text_check, typed_problem
from data.geography import DIVISION_REGION, DIVISIONS, STATES
from data.packs import registry
from data.settings import (
    CAREER_PATH,
    ERAS_MAX_DIVISIONS,
    ERAS_SETTINGS,
    PRIOR_RESIDENCY,
    PRIOR_RESIDENCY_WHERE,
    STEP1_STATUS,
    STEP3,
    UNSAID_FIELDS,
    VISA_NEEDS,
    Profile,
    Thresholds,
    missing_answers,
)
from scoring.calendar import season

session.start_session()
# The example's applicant is made up: never present it as the user's own.
st.title("The example applicant's profile" if example.example_in_use() else "Your profile")
st.caption("Used to check eligibility and to score fit. It is saved on this computer as you change it and never leaves it.")

# Career focuses and strength tags are the specialty packs' (data/specialties/*.toml).
PRIMARY = registry().primary
FOCUS_LABELS = {code: f.label for code, f in PRIMARY.focuses.items()}
PATH_LABELS = {"clinical": "Clinical", "academic": "Academic", "industry": "Industry"}

stored = st.session_state["profile"]
FIELDS = [
    "name",
    "country",
    "visa_need",
    "step2_score",
    "attempts",
    "graduation_year",
    "ecfmg_certified",
    "ecfmg_expected",
    "prior_residency",
    "prior_residency_where",
    "step3",
    "step3_date",
    "career_focus",
    "career_path",
    "preferred_divisions",
    "cost_tolerance",
    "vision",
    "step1_status",
    "pathway_status",
    "specialty_research",
    "experiences",
    "specialties",
    "eras_divisions",
    "eras_settings",
    "eras_no_preference",
]
# On a new visit every field starts from the saved profile (persistence.new_visit); on a rerun
# of this page the fields keep what is being typed.
keep = st.session_state.setdefault if not persistence.new_visit() else st.session_state.__setitem__
for field in FIELDS:
    value = stored.get(field)
    if field in ("ecfmg_expected", "step3_date") and value:
        value = date.fromisoformat(value)
    if field in UNSAID_FIELDS and not value:  # not said yet: the box shows its placeholder, the buttons none
        value = None
    if field == "specialties" and not value:
        # None chosen means the first specialty: shown as chosen, so adding a second keeps both
        # (an empty box with a second one added meant the second alone).
        value = [PRIMARY.key]
    keep(f"p_{field}", value)
for name, value in stored.get("thresholds", {}).items():
    keep(f"p_t_{name}", float(value))
for key, code in (stored.get("focuses") or {}).items():
    keep(f"p_focus_{key}", code)


# Each division reads with its region and states, so typing a region ("Midwest")
# or a state offers the divisions it belongs to.
DIVISION_STATES = {d: ", ".join(code for code, (_, division) in STATES.items() if division == d) for d in DIVISIONS}


def _division_label(division: str) -> str:
    return f"{division} ({DIVISION_REGION[division]}: {DIVISION_STATES[division]})"


@saving.callback
def _keep_three() -> None:
    chosen = list(st.session_state.get("p_eras_divisions") or [])
    if len(chosen) > ERAS_MAX_DIVISIONS:
        st.session_state["p_eras_divisions"] = chosen[:ERAS_MAX_DIVISIONS]
        st.session_state["_divisions_note"] = (
            f"ERAS takes at most {ERAS_MAX_DIVISIONS} divisions as geographic preferences, so only the first {ERAS_MAX_DIVISIONS} are kept: "
            f"{', '.join(chosen[:ERAS_MAX_DIVISIONS])}."
        )
    _save_profile()


@saving.callback
def _save_profile() -> None:
    with saving.one_writer():
        _save_profile_now()


TEXT_FIELDS = ("p_name", "p_country", "p_vision", "p_pathway_status")


def _save_profile_now(also: dict[str, Any] | None = None) -> None:
    """Save the profile as the fields hold it, with `also` (other settings) in the same save;
    not while a typed field breaks the rules an uploaded cell is checked by (said under it)."""
    if typed_problem(*TEXT_FIELDS):
        return
    raw = {field: st.session_state.get(f"p_{field}") for field in FIELDS}
    # A month given alone is saved as its last day, and said to be a month: no program's deadline
    # inside it is decided by a day the user did not give.
    raw["ecfmg_month_only"] = bool(st.session_state.get("p_ecfmg_month_only"))
    if "p_ecfmg_expected" not in st.session_state:  # hidden while certified: keep what was saved
        raw["ecfmg_expected"] = stored.get("ecfmg_expected")
        raw["ecfmg_month_only"] = bool(stored.get("ecfmg_month_only"))
    elif raw["ecfmg_expected"]:
        raw["ecfmg_expected"] = raw["ecfmg_expected"].isoformat()
    if "p_step3_date" not in st.session_state:  # hidden unless Step 3 is scheduled: keep what was saved
        raw["step3_date"] = stored.get("step3_date")
    elif raw["step3_date"]:
        raw["step3_date"] = raw["step3_date"].isoformat()
    for field in UNSAID_FIELDS:
        raw[field] = raw[field] or ""
    if raw["prior_residency"] in ("", "none"):
        raw["prior_residency_where"] = ""
    raw["preferred_divisions"] = list(raw["preferred_divisions"] or [])
    raw["eras_divisions"] = list(raw["eras_divisions"] or [])[:ERAS_MAX_DIVISIONS]
    raw["eras_settings"] = list(raw["eras_settings"] or [])
    raw["eras_no_preference"] = bool(raw["eras_no_preference"])
    raw["thresholds"] = {name: float(st.session_state[f"p_t_{name}"]) for name in Thresholds.__dataclass_fields__}
    raw["specialties"] = list(raw["specialties"] or [])
    # A career focus for each other specialty applied to; the first specialty's is career_focus.
    raw["focuses"] = {key: st.session_state[f"p_focus_{key}"] for key in raw["specialties"] if key != PRIMARY.key and st.session_state.get(f"p_focus_{key}")}
    try:
        checked = Profile.from_dict(raw)
    except ValueError as exc:
        st.session_state["_profile_error"] = str(exc)
        return
    st.session_state["profile"] = checked.to_dict()
    saving.save(settings={"profile": st.session_state["profile"], **(also or {})})


# What the Profile does not say yet: eligibility and fit wait on these, never guess them.
# Each answer named as the Profile labels it, beside what it feeds.
for_eligibility, for_fit = missing_answers(Profile.from_dict(stored))
for_eligibility = [profile_labels.ANSWER_LABELS[key] for key in for_eligibility]
for_fit = [
    f"Career focus in {PRIMARY.name}"
    if key == "career_focus"
    else profile_labels.UNSAID_LABELS[key]
    if key in ("career_path", "prior_residency")
    else f"Career focus in {registry().by_key[key.removeprefix('focus:')].name}"
    for key in for_fit
]
still = [f"{feeds}: {', '.join(labels)}." for feeds, labels in (("eligibility", for_eligibility), ("fit", for_fit)) if labels]
if still:
    note = " ".join(["Still to answer for " + still[0]] + [f"For {more}" for more in still[1:]])
    st.info(f"{note} Until you do, each counts as unknown in what it feeds rather than a guess.", icon=":material/edit_note:")

with st.container(border=True):
    st.subheader("About you")
    c1, c2 = st.columns(2)
    c1.text_input("Name (for email drafts)", key="p_name", on_change=_save_profile)
    c2.text_input("Country of medical school", key="p_country", on_change=_save_profile)
    with c1:
        text_check("p_name")
    with c2:
        text_check("p_country")
    c1, c2, c3 = st.columns(3)
    c1.selectbox(
        "Visa you need",
        [code for code in VISA_NEEDS if code],
        index=None,
        placeholder="not said yet",
        format_func=profile_labels.VISA_LABELS.get,
        key="p_visa_need",
        on_change=_save_profile,
        help="Eligibility waits on this: J-1, H-1B, either, or no visa if you are a US citizen or permanent resident.",
    )
    c2.number_input("Step 2 CK score", min_value=1, max_value=300, value=None, placeholder="not entered", key="p_step2_score", on_change=_save_profile)
    c3.number_input(
        "Most attempts on any one Step",
        min_value=0,
        max_value=10,
        value=None,
        placeholder="not entered",
        key="p_attempts",
        on_change=_save_profile,
        help="Programs write attempt rules per Step (for example 'no more than two attempts on any Step'): 1 if you passed every Step the first time.",
    )
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    c1.number_input("Graduation year", min_value=1950, max_value=2100, value=None, placeholder="not entered", key="p_graduation_year", on_change=_save_profile)
    c2.toggle("ECFMG certified", key="p_ecfmg_certified", on_change=_save_profile)
    if not st.session_state.get("p_ecfmg_certified"):
        ecfmg_date.show(c3, _save_profile)
    c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
    c1.selectbox("USMLE Step 1", STEP1_STATUS, format_func=profile_labels.STEP1_LABELS.get, key="p_step1_status", on_change=_save_profile)
    c2.selectbox(
        "USMLE Step 3",
        STEP3,
        format_func=profile_labels.STEP3_LABELS.get,
        key="p_step3",
        on_change=_save_profile,
        help="An H-1B for residency needs Step 3 passed; a J-1 does not (not confirmed by an official source: see Visas and exams, briefly).",
    )
    if st.session_state.get("p_step3") == "scheduled":
        c3.date_input("Step 3 date", value=None, key="p_step3_date", on_change=_save_profile)
    c1, c2 = st.columns(2)
    c1.selectbox(
        "Prior residency (completed)",
        [code for code in PRIOR_RESIDENCY if code],
        index=None,
        placeholder="not said yet",
        format_func=profile_labels.PRIOR_LABELS.get,
        key="p_prior_residency",
        on_change=_save_profile,
        help="Programs that ask for a completed residency, or start after one, wait on this: No prior residency if you have not completed one.",
    )
    if st.session_state.get("p_prior_residency") not in (None, "", "none"):
        c2.selectbox(
            "Where you trained",
            PRIOR_RESIDENCY_WHERE,
            format_func=profile_labels.WHERE_LABELS.get,
            key="p_prior_residency_where",
            on_change=_save_profile,
            help="Programs that ask for prior residency mean ACGME (US) or RCPSC (Canada) training; training abroad is an asset to describe, not a way to meet it.",
        )
    for warning in exam_rules.exam_warnings():
        st.warning(warning, icon=":material/warning:")
    with st.expander("Visas and exams, briefly: what decides J-1 or H-1B", icon=":material/menu_book:"):
        exam_rules.rules_explained()

with st.container(border=True):
    st.subheader("Goals")
    PACKS = registry()
    st.multiselect(
        "Specialties you apply to",
        list(PACKS.by_key),
        format_func=lambda key: PACKS.by_key[key].name,
        key="p_specialties",
        on_change=_save_profile,
        placeholder=f"{PRIMARY.name} (when none is chosen)",
        help="Programs are scored with their own specialty's career focuses; a program of a specialty without a pack is set aside, never scored as another.",
    )
    # No choice until the user makes one: fit counts the focus and the path as unknown until then.
    st.segmented_control(
        f"Career focus in {PRIMARY.name}",
        list(FOCUS_LABELS),
        format_func=FOCUS_LABELS.get,
        key="p_career_focus",
        on_change=_save_profile,
        help="Not said yet while none is chosen: career-focus alignment then counts as unknown (0 to 100%).",
    )
    if st.session_state.get("p_career_focus") is None:
        st.caption("Not said yet: until you choose one, career-focus alignment counts as unknown.")
    for key in st.session_state.get("p_specialties") or []:
        if key != PRIMARY.key:
            other = PACKS.by_key[key]
            st.segmented_control(
                f"Career focus in {other.name}",
                list(other.focuses),
                format_func=lambda code, other=other: other.focuses[code].label,
                key=f"p_focus_{key}",
                on_change=_save_profile,
                help=f"Not said yet while none is chosen: career-focus alignment of {other.name} programs then counts as unknown (0 to 100%).",
            )
            if st.session_state.get(f"p_focus_{key}") is None:
                st.caption(f"Not said yet: until you choose one, career-focus alignment of {other.name} programs counts as unknown.")
    st.segmented_control(
        "Career path",
        [code for code in CAREER_PATH if code],
        format_func=PATH_LABELS.get,
        key="p_career_path",
        on_change=_save_profile,
        help="Not said yet while none is chosen: research fit then spans what every career path would give it.",
    )
    if st.session_state.get("p_career_path") is None:
        st.caption("Not said yet: until you choose one, research fit spans what every career path would give it.")
    st.multiselect(
        "Where you would like to live and train (Census divisions, as many as you like; this scores location)",
        DIVISIONS,
        format_func=_division_label,
        filter_mode="contains",
        placeholder="Type a region (Northeast, Midwest, South, West), a division or a state code",
        key="p_preferred_divisions",
        on_change=_save_profile,
    )
    st.slider("Highest cost of living you are comfortable with (1 = cheapest, 5 = most expensive)", 1, 5, key="p_cost_tolerance", on_change=_save_profile)

with st.container(border=True):
    st.subheader("ERAS geographic and setting preferences")
    st.caption(
        "Your answer in MyERAS: a message to programs, kept apart from where you would like to live above. "
        f"Up to {ERAS_MAX_DIVISIONS} Census divisions and an urban, suburban or rural setting, or no preference. Only programs in a division you "
        "choose see it; no preference is shown to every program (AAMC, MyERAS application guide and FAQs, read 2026-12-07)."
    )
    st.toggle("No geographic preference", key="p_eras_no_preference", on_change=_save_profile)
    if not st.session_state.get("p_eras_no_preference"):
        st.multiselect(
            f"Divisions to name in ERAS (up to {ERAS_MAX_DIVISIONS})",
            DIVISIONS,
            format_func=_division_label,
            filter_mode="contains",
            select_all=False,  # three at most: "Select all" could only be refused
            placeholder="Type a region, a division or a state code",
            key="p_eras_divisions",
            on_change=_keep_three,
        )
        note = st.session_state.pop("_divisions_note", None)
        if note:
            st.info(note, icon=":material/info:")
    st.pills("Setting", list(ERAS_SETTINGS), selection_mode="multi", format_func=str.capitalize, key="p_eras_settings", on_change=_save_profile)
    programs_now = workspace.tables()["programs"]
    if len(programs_now) and (st.session_state.get("p_eras_no_preference") or st.session_state.get("p_eras_divisions")):
        seen = int(season.sees_geographic_preference(programs_now["division"], Profile.from_dict(st.session_state["profile"])).sum())
        st.caption(f"{seen:,} of your {len(programs_now):,} programs would see it.")

with st.container(border=True):
    st.subheader("Tier thresholds")
    st.caption(
        "Dream: your goal fit (the fit score leaving out IMG-friendliness) reaches the first threshold, IMG-friendliness is above zero, "
        "and research time is at least moderate. Safety: IMG-friendliness reaches the second for certain, past IMGs give at least 2 of 3 points "
        "for certain, and the program is not on ACGME warning or probation. Solid: IMG-friendliness reaches the third, visa support is above "
        "zero, and research time is at least limited. Unknowns count as you chose in the sidebar; a research time not known yet does not "
        "keep a program out, and its reason says so."
    )
    c1, c2, c3 = st.columns(3)
    c1.slider("Dream: goal fit at least", 0.0, 100.0, step=1.0, format="plain", key="p_t_dream_goal_fit", on_change=_save_profile)
    c2.slider("Safety: IMG-friendliness at least", 0.0, 10.0, step=0.5, format="plain", key="p_t_safety_friendliness", on_change=_save_profile)
    c3.slider("Solid: IMG-friendliness at least", 0.0, 10.0, step=0.5, format="plain", key="p_t_solid_friendliness", on_change=_save_profile)

problem = st.session_state.pop("_profile_error", None)
if problem:
    st.error(f"Not saved: {problem}", icon=":material/error:")
saving.show_save_problem()
st.caption("Saved automatically.")

# The season: vision, exams and pathway, experiences ------------------------------------
with st.container(border=True):
    st.subheader("Your 10-year vision")
    st.text_area(
        "Three to five sentences on your ideal professional life ten years from now: the compass for choosing, interviewing and ranking",
        key="p_vision",
        on_change=_save_profile,
        height=120,
        max_chars=2000,
    )
    text_check("p_vision")
    c2, c3 = st.columns([1.6, 1.4], vertical_alignment="bottom")  # room for the toggle's whole label
    c2.text_input("OET and ECFMG pathway status", placeholder="e.g. OET passed 2025, pathway 1 approved", key="p_pathway_status", on_change=_save_profile)
    with c2:
        text_check("p_pathway_status")
    c3.toggle(
        "Research in the specialty done",
        help=f"Research or a fellowship in {PRIMARY.noun} already completed",
        key="p_specialty_research",
        on_change=_save_profile,
    )

experiences_form.show(stored.get("experiences") or [], _save_profile_now)
