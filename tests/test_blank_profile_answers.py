"""A blank profile chooses nothing for the applicant: prior residency, career focus and career
path are unset, as the visa is. Found by the new-user walk: "Start with my own programs" gave a
profile that already said "No prior residency" (so a program that asks for US or Canadian
residency training read *not eligible* for someone who never answered), a pediatric career
focus and a clinical career path (so fit and tiers were computed for a career never chosen)."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

from app_pages.start import missing_profile_steps, unknown_eligibility_steps
from data.bundle import export_bundle, import_bundle, read_bundle
from data.packs import registry
from data.settings import CAREER_FOCUS, SETTING_DEFAULTS, Profile, Weights, blank_profile, parse_profile, unsaid
from data.store import Workspace
from scoring.applying.outreach import email_draft
from scoring.decision import eligibility, reference
from scoring.decision.eligibility import PRIOR_MISSING, unknown_causes
from scoring.decision.fit import RESEARCH_VALUE
from scoring.decision.ranking import score_programs, unknown_inputs
from tests.helpers import AS_OF, profiles, program_tables, programs_frame
from tests.test_journey_state import all_text
from tests.test_pages import open_app

# Every other cutoff stated and passed, and the visa answered: only prior residency is left.
PASSED = {"min_step2_score": 220, "max_attempts": 2, "max_years_since_graduation": 5, "ecfmg_required_by": "2200-01-01", "j1": True}
ANSWERED = {"visa_need": "j1", "step2_score": 240, "attempts": 1, "graduation_year": 2024, "ecfmg_certified": True, "step3": "passed"}
TRAINING = [
    {"requires_prior_residency": True, "entry_level": "pgy1"},
    {"requires_prior_residency": False, "entry_level": "after-residency"},
    {"requires_prior_residency": False, "entry_level": "after-2-years"},
    {"requires_prior_residency": False, "track": "mfm-mgg"},  # follows an OB/GYN residency
]
MISSING_PRIOR = "your Profile does not say whether you completed a residency"


def test_a_new_profile_leaves_the_three_unset_and_an_old_stored_one_keeps_its_own():
    for profile in (blank_profile(), parse_profile(SETTING_DEFAULTS["profile"]())):
        assert (profile.prior_residency, profile.career_focus, profile.career_path) == ("", "", "")
    assert unsaid(blank_profile()) == ["visa_need", "prior_residency", "career_focus", "career_path"]
    # A stored profile without the fields (older or hand-written) reads as it always did.
    old = parse_profile({"name": "A"})
    assert (old.visa_need, old.prior_residency, old.career_focus, old.career_path) == ("j1", "none", "pediatric", "clinical")
    assert unsaid(old) == []
    # Saved answers stay as they were saved.
    said = {**blank_profile().to_dict(), "prior_residency": "none", "career_focus": "adult", "career_path": "industry"}
    assert parse_profile(said).to_dict() == said


def test_an_old_saved_workspace_and_a_backup_load_unchanged(tmp_path):
    # As the app wrote a profile before this change: every field, the old defaults among them.
    old = {**Profile().to_dict(), "name": "Ada", "visa_need": "h1b"}
    ws = Workspace(tmp_path / "old.sqlite")
    ws.save(settings={"profile": old})
    assert Profile.from_dict(Workspace(tmp_path / "old.sqlite").load_setting("profile")).to_dict() == old
    # A backup made then, restored now; and one written by hand without the three fields.
    content = export_bundle(Workspace(tmp_path / "old.sqlite"))
    import_bundle(Workspace(tmp_path / "restored.sqlite"), content)
    assert Workspace(tmp_path / "restored.sqlite").load_setting("profile") == old
    _tables, settings = read_bundle(content)
    assert Profile.from_dict(settings["profile"]).to_dict() == old
    restored = Profile.from_dict({"name": "Ada", "visa_need": "h1b"})
    assert (restored.prior_residency, restored.career_focus, restored.career_path) == ("none", "pediatric", "clinical")


def test_the_example_keeps_its_made_up_applicants_answers():
    example = json.loads((Path(__file__).parent.parent / "data" / "example" / "profile.json").read_text())
    profile = Profile.from_dict(example)
    assert profile.prior_residency == "pediatrics" and profile.career_focus == "pediatric" and profile.career_path == "academic"


@pytest.mark.parametrize("training", TRAINING)
def test_prior_residency_unset_never_decides_eligibility(training):
    frame = programs_frame([{"program_id": "p", **PASSED, **training}])
    profile = blank_profile().with_(**ANSWERED)
    result = eligibility.check(frame, profile, AS_OF)
    assert list(result["eligible"]) == ["unknown"]
    assert result["ineligible_mask"][0] == 0 and result["unknown_rule_mask"][0] == PRIOR_MISSING
    assert list(eligibility.reasons(frame, result, profile, AS_OF)) == [MISSING_PRIOR]
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == "unknown"
    # Once said ("No prior residency"), the same program is closed.
    assert eligibility.check(frame, profile.with_(prior_residency="none"), AS_OF)["eligible"][0] == "no"


def test_a_rule_that_does_not_read_prior_residency_is_unaffected():
    frame = programs_frame([{"program_id": "p", **PASSED, "requires_prior_residency": False, "entry_level": "pgy1"}])
    profile = blank_profile().with_(**ANSWERED)
    assert list(eligibility.check(frame, profile, AS_OF)["eligible"]) == ["yes"]
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == "yes"


def test_start_counts_prior_residency_among_your_profile_answers():
    frame = programs_frame([{"program_id": f"p{i}", **PASSED, **training} for i, training in enumerate(TRAINING)])
    profile = blank_profile().with_(**ANSWERED)
    result = eligibility.check(frame, profile, AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert causes["yours"] == len(TRAINING) and causes["answers"] == {"prior_residency": len(TRAINING)} and causes["programs"] == 0
    said = " ".join(text for text, _page, _button in unknown_eligibility_steps(causes, profile))
    assert "your answer on a completed residency (4 programs)" in said


FOCUSED = {"program_id": "p", "track": "peds-mgg", "peds_emphasis": 5, "childrens_hospital": True, "strengths": "metabolic;dysmorphology", "adult_emphasis": 1}


def _scored(rows, profile):
    frame = programs_frame(rows)
    return score_programs(frame, profile, Weights(), AS_OF), frame


def test_a_blank_profiles_focus_is_a_range_not_a_chosen_focus():
    scored, frame = _scored([FOCUSED], blank_profile())
    assert scored["factor_focus_min"][0] == 0 and scored["factor_focus_max"][0] == 1
    slow = reference.factors(frame.iloc[0].to_dict(), (0, 10), blank_profile(), AS_OF)
    assert slow["focus"] == (0.0, 1.0)
    # Still unknown names the missing Profile answer, not a program fact.
    said = unknown_inputs(scored, blank_profile())[0]
    assert "your career focus (not in your Profile yet)" in said
    assert "pediatric emphasis" not in said and "children's hospital" not in said
    # Once chosen, the same program's focus is known.
    chosen = _scored([FOCUSED], blank_profile().with_(career_focus="pediatric"))[0]
    assert chosen["factor_focus_min"][0] == chosen["factor_focus_max"][0] == 1
    assert "your career focus" not in unknown_inputs(chosen, blank_profile().with_(career_focus="pediatric"))[0]


@pytest.mark.parametrize("level", ["none", "limited", "moderate", "extensive", None])
def test_research_with_no_career_path_spans_every_path(level):
    row = {"program_id": "p", "research_time": level, "onsite_labs": True}
    scored, frame = _scored([row], blank_profile())
    lo, hi = scored["factor_research_min"][0], scored["factor_research_max"][0]
    by_path = [_scored([row], blank_profile().with_(career_path=path))[0] for path in RESEARCH_VALUE]
    assert lo == pytest.approx(min(s["factor_research_min"][0] for s in by_path))
    assert hi == pytest.approx(max(s["factor_research_max"][0] for s in by_path))
    assert hi > lo  # the paths disagree at every level: never one default row
    slow = reference.factors(frame.iloc[0].to_dict(), (0, 10), blank_profile(), AS_OF)["research"]
    assert slow == pytest.approx((lo, hi))
    assert "your career path (not in your Profile yet)" in unknown_inputs(scored, blank_profile())[0]


def test_reproductive_focus_with_prior_residency_unset_spans_both_answers():
    # The MFM track is focus evidence only after an OB/GYN residency: unsaid, the focus covers both.
    row = {"program_id": "p", "track": "mfm-mgg", "strengths": "cancer"}
    profile = blank_profile().with_(career_focus="reproductive")
    lo_hi = [_scored([row], profile.with_(prior_residency=p, prior_residency_where="us-canada")) for p in ("none", "obgyn")]
    scored, frame = _scored([row], profile)
    assert scored["factor_focus_min"][0] == pytest.approx(min(s[0]["factor_focus_min"][0] for s in lo_hi))
    assert scored["factor_focus_max"][0] == pytest.approx(max(s[0]["factor_focus_max"][0] for s in lo_hi))
    assert reference.factors(frame.iloc[0].to_dict(), (0, 10), profile, AS_OF)["focus"] == pytest.approx(
        (scored["factor_focus_min"][0], scored["factor_focus_max"][0])
    )


def test_an_email_draft_says_nothing_of_a_residency_not_said():
    program = programs_frame([{"program_id": "p", "program": "Pediatrics-Medical Genetics", "institution": "Ironford"}]).iloc[0]
    _subject, body = email_draft(program, blank_profile(), ["j1"])
    assert "residency training" not in body
    _subject, body = email_draft(program, blank_profile().with_(prior_residency="obgyn"), ["j1"])
    assert "obstetrics and gynecology" in body


def test_start_lists_the_missing_answers_before_any_program():
    said = " ".join(text for text, _page, _button in missing_profile_steps(blank_profile()))
    for words in ("visa you need", "prior residency", "career focus", "career path"):
        assert words in said.lower(), said
    assert missing_profile_steps(Profile(step2_score=240, attempts=1, graduation_year=2024, ecfmg_certified=True)) == []


def test_start_names_every_blank_the_profile_names_before_any_program():
    """The walk: Start with no programs named visa, prior residency, focus, path, Step 2 CK and
    graduation year, but not the attempts or the expected ECFMG certification the Profile lists."""
    said = " ".join(text for text, _page, _button in missing_profile_steps(blank_profile()))
    for words in ("step 2 ck score", "most attempts on any one step", "graduation year", "expected ecfmg certification"):
        assert words in said.lower(), said
    # Each answer is said beside what it feeds: the numbers, the visa and prior residency eligibility; focus and path fit.
    eligibility, fit = said.split("Nor does it give")
    assert "eligibility counts them as unknown" in eligibility and "career" not in eligibility
    assert "fit counts them as unknown" in fit and "career focus" in fit and "visa" not in fit
    certified = Profile(step2_score=240, attempts=1, graduation_year=2024, ecfmg_certified=True)
    assert "ECFMG" not in " ".join(text for text, _p, _b in missing_profile_steps(certified))
    expected = Profile(step2_score=240, attempts=None, graduation_year=2024, ecfmg_expected=date(2027, 5, 1))
    only = " ".join(text for text, _p, _b in missing_profile_steps(expected))
    assert "most attempts" in only and "ECFMG" not in only


def test_a_second_specialtys_career_focus_not_chosen_is_said_on_profile_and_start(workspace_path):
    """The walk: with Pediatrics added, "Career focus in Pediatrics" showed nothing chosen, with no
    "Not said yet" under it, not in "Still to answer", and Start did not mention it."""
    profile = blank_profile().with_(specialties=("medical-genetics", "pediatrics"), career_focus="", career_path="academic")
    Workspace(workspace_path).save(tables={}, settings={"profile": profile.to_dict(), "example": {"in_use": False}})
    at = open_app("app_pages/profile.py", example=False)
    assert not at.exception, at.exception
    assert at.segmented_control(key="p_focus_pediatrics").value is None
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Not said yet") and "Pediatrics" in c for c in captions), captions
    still = next(i.value for i in at.info if "Still to answer" in i.value)
    assert "Career focus in Pediatrics" in still and "Career focus in Medical Genetics" in still
    # What each feeds: eligibility its answers, fit the focuses (career path is answered here).
    eligibility, fit = still.split("For fit:")
    assert "Visa you need" in eligibility and "Career focus" not in eligibility
    assert "Career focus in Pediatrics" in fit and "Visa" not in fit and "Career path" not in fit
    with_focus = profile.with_(focuses=(("pediatrics", next(iter(registry().by_key["pediatrics"].focuses))),))
    for with_programs in (False, True):
        said = " ".join(text for text, _p, _b in missing_profile_steps(profile, with_programs=with_programs))
        assert "your career focus in Pediatrics" in said and "fit counts" in said, said
        assert "Pediatrics" not in " ".join(text for text, _p, _b in missing_profile_steps(with_focus, with_programs=with_programs))
    # Choosing it saves it, and the caption and the note no longer name it.
    code = next(iter(registry().by_key["pediatrics"].focuses))
    at.segmented_control(key="p_focus_pediatrics").set_value(code).run()
    assert not at.exception, at.exception
    assert not any("Pediatrics" in c.value and c.value.startswith("Not said yet") for c in at.caption)
    assert not any("Career focus in Pediatrics" in i.value for i in at.info)


def test_starting_with_own_programs_leaves_the_three_unset(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="p_prior_residency").value is None
    assert at.segmented_control(key="p_career_focus").value is None
    assert at.segmented_control(key="p_career_path").value is None
    text = all_text(at)
    assert "Still to answer" in text and "career focus" in text.lower() and "prior residency" in text.lower()
    # The blank numbers and the ECFMG date are named too: eligibility waits on them as much.
    still = next(i.value for i in at.info if "Still to answer" in i.value)
    assert all(label in still for label in ("Step 2 CK score", "Graduation year", "Expected ECFMG certification"))
    stored = Workspace(workspace_path).load_setting("profile")
    assert (stored["prior_residency"], stored["career_focus"], stored["career_path"]) == ("", "", "")
    # Answering one saves it, and the others stay unset.
    at.selectbox(key="p_prior_residency").select("none").run()
    assert not at.exception, at.exception
    stored = Workspace(workspace_path).load_setting("profile")
    assert (stored["prior_residency"], stored["career_focus"], stored["career_path"]) == ("none", "", "")
    at.segmented_control(key="p_career_path").set_value("academic").run()
    assert Workspace(workspace_path).load_setting("profile")["career_path"] == "academic"
    assert open_app("app_pages/profile.py", example=False).segmented_control(key="p_career_focus").value is None
    # Start names what is still to answer.
    start = open_app("app_pages/start.py", example=False)
    assert not start.exception, start.exception
    assert "career focus" in all_text(start).lower()


def test_explain_a_program_names_the_missing_profile_answers(workspace_path):
    Workspace(workspace_path).save(
        tables={"programs": programs_frame([{**FOCUSED, "program": "Pediatrics-Medical Genetics", "state": "TX", "research_time": "moderate"}])},
        settings={"profile": blank_profile().to_dict(), "example": {"in_use": False}},
    )
    at = open_app("app_pages/explore.py", example=False)
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    assert not at.exception, at.exception
    values = next(d.value for d in at.dataframe if "factor" in d.value.columns).set_index("factor")["value"]
    assert values["Career-focus alignment"].startswith("waits on your Profile (your career focus not said yet)")
    assert values["Research fit"].startswith("waits on your Profile (your career path not said yet)")
    still = next(c.value for c in at.caption if c.value.startswith("Still unknown"))
    assert "your career focus (not in your Profile yet); your career path (not in your Profile yet)" in still


@settings(max_examples=15, deadline=None)
@given(frame=program_tables(max_size=8), profile=profiles)
def test_answering_a_blank_stays_within_what_the_blank_allowed(frame, profile):
    """Saying an answer never leaves the range the blank gave: a factor's range with the answer
    lies inside its range without it, and eligibility decided without the answer (yes or no)
    stays decided the same way whatever the answer is."""
    blank = profile.with_(prior_residency="", career_focus="", career_path="")
    before = score_programs(frame, blank, Weights(), AS_OF)
    answers = [
        profile.with_(prior_residency=prior, prior_residency_where=where, career_focus=focus, career_path=path)
        for prior, where in (("none", ""), ("obgyn", "us-canada"), ("pediatrics", "abroad"))
        for focus in CAREER_FOCUS
        for path in ("clinical", "academic", "industry")
    ]
    for answered in answers:
        after = score_programs(frame, answered, Weights(), AS_OF)
        for factor in ("focus", "research"):
            assert (after[f"factor_{factor}_min"] >= before[f"factor_{factor}_min"] - 1e-9).all(), (factor, answered)
            assert (after[f"factor_{factor}_max"] <= before[f"factor_{factor}_max"] + 1e-9).all(), (factor, answered)
        decided = before["eligible"].astype(str) != "unknown"
        assert (after["eligible"].astype(str)[decided] == before["eligible"].astype(str)[decided]).all(), answered


def test_the_first_specialty_shows_as_chosen_so_adding_a_second_keeps_both(workspace_path):
    """The walk: a blank profile's specialties box was empty (meaning the first specialty); adding
    Pediatrics then meant Pediatrics alone, and letters said "applying to Pediatrics residency"."""
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    at.switch_page("app_pages/profile.py").run()
    primary = registry().primary.key
    assert at.multiselect(key="p_specialties").value == [primary]
    at.multiselect(key="p_specialties").select("pediatrics").run()
    assert not at.exception, at.exception
    assert Workspace(workspace_path).load_setting("profile")["specialties"] == [primary, "pediatrics"]


# Fit waits on prior residency too, where the chosen focus reads a track entered after a residency ----------


@pytest.mark.parametrize("focus", sorted(registry().primary.focuses))
def test_prior_residency_is_listed_for_fit_exactly_where_fit_waits_on_it(focus):
    """The one list (data.settings.missing_answers) against fit itself (fit.unsaid_answers): a
    reproductive focus counts the MFM track, entered after OB/GYN, so fit spans both answers."""
    from data.settings import missing_answers
    from scoring.decision.fit import unsaid_answers

    profile = blank_profile().with_(career_focus=focus, career_path="academic")
    frame = programs_frame([{"program_id": "p", "program": "Medical Genetics and Genomics", "state": "OH"}])
    fit_waits = any(words == "whether you completed a residency" for _f, words, _m in unsaid_answers(frame, profile))
    eligibility, fit = missing_answers(profile)
    assert "prior_residency" in eligibility
    assert ("prior_residency" in fit) == fit_waits
    assert fit_waits == (focus == "reproductive")
    # Said, it feeds neither.
    assert "prior_residency" not in missing_answers(profile.with_(prior_residency="none"))[1]


def test_profile_and_start_say_prior_residency_feeds_fit_for_a_reproductive_focus(workspace_path):
    profile = blank_profile().with_(career_focus="reproductive", career_path="academic")
    Workspace(workspace_path).save(tables={}, settings={"profile": profile.to_dict(), "example": {"in_use": False}})
    at = open_app("app_pages/profile.py", example=False)
    assert not at.exception, at.exception
    still = next(i.value for i in at.info if "Still to answer" in i.value)
    eligibility, fit = still.split("For fit:")
    assert "Prior residency (completed)" in eligibility and "Prior residency (completed)" in fit
    for with_programs in (False, True):
        said = " ".join(text for text, _p, _b in missing_profile_steps(profile, with_programs=with_programs))
        fit_part = said.split("fit counts")[0].split("eligibility counts")[-1]
        assert "your prior residency" in fit_part, said
