import streamlit as st

# The welcome is drawn before the data stack is imported: on a cold start that
# import (pandas, pyarrow) is most of the wait, and Streamlit streams as it goes.
st.title("Residency Scout")
st.write(
    "Score, tier and rank US residency programs as an international medical graduate, one specialty or several. "
    "Your spreadsheet, profile and notes stay on this computer."
)

from app_pages import example, packs, saving, scores, session, settings, workspace  # noqa: E402
from app_pages.profile_labels import ANSWER_LABELS, STEP3_LABELS  # noqa: E402
from app_pages.text import md  # noqa: E402
from data import export  # noqa: E402
from data.packs import registry  # noqa: E402
from data.settings import missing_answers  # noqa: E402
from scoring.decision import eligibility  # noqa: E402
from scoring.vocabulary.wording import checked_words, plural  # noqa: E402


def unknown_eligibility_steps(causes: dict, profile) -> list[tuple[str, str, str]]:
    """Why eligibility is not known yet, by cause (eligibility.unknown_causes): the
    applicant's own missing answers, named as the Profile names them, and the programs'
    cutoffs or visa answers not checked yet. Never one cause said for the other."""
    unknown = causes["unknown"]
    if not unknown:
        return []

    def lead(n: int) -> str:
        if n == unknown:
            return f"Eligibility is not known yet at {plural(n, 'program')} because"
        return f"At {n:,} of the {unknown:,} programs where eligibility is not known yet,"

    def field(key: str) -> str:
        if key == "visa_need":  # "your Profile does not give your choice of visa"
            return "choice of visa"
        if key == "prior_residency":  # "... does not give your answer on a completed residency"
            return "answer on a completed residency"
        if key == "ecfmg_day":  # a program's ECFMG deadline falls inside the month given
            return "day of expected ECFMG certification, only its month"
        label = ANSWER_LABELS[key]
        return label if label.split()[0] in ("Step", "USMLE") else label[0].lower() + label[1:]

    out = []
    if causes["yours"]:
        missing, situation = [], []
        for key, count in causes["answers"].items():
            if key == "step3" and profile.step3:  # answered: not passed yet, which an H-1B needs
                situation.append(f"an H-1B needs Step 3 passed and yours is {STEP3_LABELS[profile.step3].lower()} ({plural(count, 'program')})")
            else:
                missing.append(f"{field(key)}{' date or month' if key == 'ecfmg_expected' else ''} ({plural(count, 'program')})")
        said = ([f"your Profile does not give your {', '.join(missing)}"] if missing else []) + situation
        out.append((f"{lead(causes['yours'])} {'; and '.join(said)}.", "app_pages/profile.py", "Go to Profile"))
    if causes["programs"]:
        n = causes["programs"]
        out.append(
            (
                f"{lead(n)} {'a cutoff or visa answer of the program is' if n == 1 else 'cutoffs or visa answers of the programs are'} "
                f"not checked yet{checked_words(causes.get('checks', {}), n)}. What to research next, on the Rank list, lists "
                f"{'it' if n == 1 else 'them, likeliest to exclude you first'}.",
                "app_pages/rank_list.py",
                "Go to Rank list",
            )
        )
    if causes.get("counted_to"):
        n = causes["counted_to"]
        out.append(
            (
                f"{lead(n)} you meet {'its' if n == 1 else 'their'} limit on years since graduation counted to your application, "
                f"but not counted to the start of training ({eligibility.counted_words(profile, workspace.today())}): "
                f"which date {'the program counts' if n == 1 else 'each program counts'} to is not confirmed, so ask {'it' if n == 1 else 'each one'}.",
                "app_pages/outreach.py",
                "Go to Outreach",
            )
        )
    if causes["case_by_case"]:
        n = causes["case_by_case"]
        out.append(
            (
                f"{lead(n)} {'the program says' if n == 1 else 'the programs say'} H-1B case by case: "
                "only the program can tell you whether it will sponsor yours, so ask it.",
                "app_pages/outreach.py",
                "Go to Outreach",
            )
        )
    return out


# How Start names each Profile answer not given yet (data.settings.missing_answers).
MISSING_WORDS = {
    "visa_need": "the visa you need",
    "step2_score": "your Step 2 CK score",
    "attempts": "your most attempts on any one Step",
    "graduation_year": "your graduation year",
    "ecfmg_expected": "your expected ECFMG certification (or that you are certified)",
    "prior_residency": "your prior residency (or that you have none)",
    "career_focus": "your career focus",
    "career_path": "your career path",
}


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def missing_profile_steps(profile, with_programs: bool = False) -> list[tuple[str, str, str]]:
    """The Profile answers not given yet, as one step, named as the Profile's "Still to answer"
    names them and beside what each feeds. With programs saved, only those that fit waits on
    (career focuses and path): the eligibility steps count the others per program."""
    missing_eligibility, missing_fit = missing_answers(profile)
    words = dict(MISSING_WORDS)
    eligibility = [] if with_programs else [words[key] for key in missing_eligibility]
    others = [key for key in missing_fit if key.startswith("focus:")]
    # The first specialty's focus is named by its specialty when there are others to tell it from.
    words["career_focus"] = f"your career focus in {registry().primary.name}" if others else MISSING_WORDS["career_focus"]
    fit = [f"your career focus in {registry().by_key[key.removeprefix('focus:')].name}" if key in others else words[key] for key in missing_fit]
    if not eligibility and not fit:
        return []
    said = []
    if eligibility:
        said.append(f"Your Profile does not give {_listed(eligibility)} yet: until it does, eligibility counts {_it(eligibility)} as unknown.")
    if fit:
        opening = "Nor does it give" if eligibility else "Your Profile does not give"
        said.append(f"{opening} {_listed(fit)}{'' if eligibility else ' yet'}: until it does, fit counts {_it(fit)} as unknown.")
    return [(" ".join(said), "app_pages/profile.py", "Go to Profile")]


def _it(words: list[str]) -> str:
    return "it" if len(words) == 1 else "them"


ws = session.start_session()
packs.show_pack_problems()

if not ws.is_initialised():
    # First launch: the user chooses; the example is never made theirs by default.
    st.subheader("How would you like to begin?")
    with st.container(horizontal=True):
        with st.container(border=True):
            st.markdown("**Start with my own programs**")
            st.caption("An empty workspace and a blank profile. Fill in your profile, then upload your spreadsheet or the template.")
            if st.button("Start with my own programs", type="primary", icon=":material/person:", key="first_own") and example.start_own():
                st.switch_page("app_pages/profile.py")
        with st.container(border=True):
            st.markdown("**Explore the fictional example**")
            st.caption("44 made-up programs with contacts, letters and a made-up applicant, to see what the app does. One click leaves it.")
            if st.button("Explore the example", icon=":material/science:", key="first_example") and example.use_example():
                st.rerun()
    saving.show_save_problem()
    st.stop()

t = workspace.tables()
programs = t["programs"]

with st.container(horizontal=True):
    with st.container(border=True):
        st.markdown("**Continue**")
        # The season under way too: applications and interviews are most of the work by winter.
        apps = t["applications"]
        season_words = ""
        if len(apps):
            interviews = int(apps["interview_on"].notna().sum()) if "interview_on" in apps else 0
            season_words = f", {plural(len(apps), 'application')}" + (f" ({plural(interviews, 'interview')} dated)" if interviews else "")
        st.caption(f"{plural(len(programs), 'program')}, {plural(len(t['contacts']), 'contact')}, {plural(len(t['letters']), 'letter')}{season_words} saved.")
        st.page_link("app_pages/rank_list.py", label="Open your rank list", icon=":material/format_list_numbered:")
        st.page_link("app_pages/explore.py", label="Explore and set weights", icon=":material/insights:")
    with st.container(border=True):
        st.markdown("**Upload your spreadsheet**")
        st.caption("CSV, Excel or Parquet; checked before anything is saved.")
        st.page_link("app_pages/programs.py", label="Go to Programs", icon=":material/upload:")
    with st.container(border=True):
        st.markdown("**Start from the template**")
        st.caption("A blank Excel sheet with a dropdown on every fixed-choice column.")
        st.download_button("Download the template", export.template_xlsx, "residency-scout-template.xlsx", icon=":material/description:", key="start_template")

# The example gets its own row: a fourth card in the row above squeezes the link labels
# (which never wrap) until they are cut off at 1280 px.
if not example.example_in_use():
    with st.container(border=True):
        st.markdown("**Look at the example**")
        st.caption("44 fictional programs, contacts and letters, and a made-up applicant.")
        if st.button("Load the example", key="start_example", help="Replaces your programs, contacts and letters"):
            st.session_state["confirm_example"] = True
        if st.session_state.get("confirm_example"):
            st.warning(
                f"This replaces your programs, contacts and letters with the example's. All your work is first set aside in "
                f"{md(ws.path.stem)}.before-example.zip beside the workspace, and comes back, with your profile and weights, when you leave the example."
            )
            if st.button("Yes, load the example", type="primary", key="start_example_yes"):
                st.session_state.pop("confirm_example")
                if example.use_example():
                    st.rerun()
            saving.show_save_problem()

st.subheader("What to do next")
profile = settings.profile()
steps = []  # (what to do, page, the link's short label: a link label never wraps)
if programs.empty:
    steps += missing_profile_steps(profile)
    steps.append(("Load your program spreadsheet.", "app_pages/programs.py", "Go to Programs"))
else:
    scored = scores.scored()
    open_range = (scored["img_friendliness_max"] - scored["img_friendliness"] >= 3).sum()
    if open_range:
        steps.append(
            (
                f"{plural(open_range, 'program')} still {'has' if open_range == 1 else 'have'} a wide IMG-friendliness range: see what to research next.",
                "app_pages/rank_list.py",
                "Go to Rank list",
            )
        )
    steps += unknown_eligibility_steps(eligibility.unknown_causes(scored["eligible"], scored["unknown_rule_mask"]), profile)
    steps += missing_profile_steps(profile, with_programs=True)
if t["letters"].empty:
    steps.append(("Add your letter writers.", "app_pages/letters.py", "Go to Letters"))
if t["contacts"].empty:
    steps.append(("Log your first email to a program.", "app_pages/outreach.py", "Go to Outreach"))
if not steps:
    st.success("Your workspace is in good shape.", icon=":material/task_alt:")
for text, page, label in steps:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(text, width="stretch")
        st.page_link(page, label=label, icon=":material/arrow_forward:")
