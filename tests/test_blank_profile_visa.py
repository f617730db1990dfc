"""A blank profile chooses no visa. Found by the new-user walk: "Start with my own programs"
gave a Profile that already said J-1, so eligibility was worked out against a visa the user
never chose, and Start never named the visa among the missing answers (an H-1B applicant
would be misled)."""

import pytest

from app_pages.start import unknown_eligibility_steps
from data.settings import SETTING_DEFAULTS, blank_profile, parse_profile
from data.store import Workspace
from scoring.decision import eligibility, reference
from scoring.decision.eligibility import VISA_MISSING, unknown_causes
from tests.helpers import AS_OF, programs_frame
from tests.test_journey_state import all_text
from tests.test_pages import open_app

# Every cutoff stated and passed by the answers below: only the visa is left to decide.
PASSED = {
    "min_step2_score": 220,
    "max_attempts": 2,
    "max_years_since_graduation": 5,
    "ecfmg_required_by": "2200-01-01",
    "requires_prior_residency": False,
    "entry_level": "pgy1",
}
VISAS = [
    {"j1": True, "h1b": "yes"},
    {"j1": True, "h1b": "no"},
    {"j1": False, "h1b": "no"},  # closed to a J-1 and to an H-1B: still not `no` for someone who never said
    {"j1": False, "h1b": "yes"},
    {},
]
ANSWERED = {"step2_score": 240, "attempts": 1, "graduation_year": 2024, "ecfmg_certified": True, "step3": "passed"}


def test_a_new_profile_says_no_visa_and_an_old_stored_one_keeps_its_own():
    assert SETTING_DEFAULTS["profile"]()["visa_need"] == ""
    assert blank_profile().visa_need == ""
    assert parse_profile({**blank_profile().to_dict(), "visa_need": "h1b"}).visa_need == "h1b"
    # A stored profile without the field (older or hand-written) reads as it always did.
    assert parse_profile({"name": "A"}).visa_need == "j1"


@pytest.mark.parametrize("visa", VISAS)
def test_a_blank_visa_never_decides_eligibility(visa):
    frame = programs_frame([{"program_id": "p", **PASSED, **visa}])
    profile = blank_profile().with_(**ANSWERED)
    result = eligibility.check(frame, profile, AS_OF)
    assert list(result["eligible"]) == ["unknown"]
    assert result["ineligible_mask"][0] == 0 and result["unknown_rule_mask"][0] == VISA_MISSING
    assert list(eligibility.reasons(frame, result, profile, AS_OF)) == ["your Profile does not say which visa you need"]
    assert reference.eligible(frame.iloc[0].to_dict(), profile, AS_OF) == "unknown"
    # Once said, the same program is decided by the visa.
    said = eligibility.check(frame, profile.with_(visa_need="j1"), AS_OF)["eligible"][0]
    assert said == {True: "yes", False: "no"}.get(visa.get("j1"), "unknown")


def test_start_names_the_visa_among_the_missing_profile_answers():
    frame = programs_frame([{"program_id": f"p{i}", **PASSED, **visa} for i, visa in enumerate(VISAS)])
    profile = blank_profile()
    result = eligibility.check(frame, profile, AS_OF)
    causes = unknown_causes(result["eligible"], result["unknown_rule_mask"])
    assert causes["yours"] == len(VISAS) and causes["answers"]["visa_need"] == len(VISAS)
    assert next(iter(causes["answers"])) == "visa_need"
    said = " ".join(text for text, _page, _button in unknown_eligibility_steps(causes, profile))
    assert "your Profile does not give your choice of visa (5 programs)" in said


def test_starting_with_own_programs_leaves_the_visa_unchosen(workspace_path):
    at = open_app(example=False)
    at.button(key="first_own").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="p_visa_need").value is None
    assert Workspace(workspace_path).load_setting("profile")["visa_need"] == ""
    # Programs arrive (as an upload would add them): Start names the visa as the user's answer to give.
    Workspace(workspace_path).save(tables={"programs": programs_frame([{"program": "Pediatrics-Medical Genetics", "state": "TX", **PASSED, "j1": True}])})
    at = open_app("app_pages/start.py", example=False)
    assert not at.exception, at.exception
    assert "your choice of visa (" in all_text(at)
    # Choosing it on the Profile saves it, and a reload keeps it.
    at.switch_page("app_pages/profile.py").run()
    assert at.selectbox(key="p_visa_need").value is None
    at.selectbox(key="p_visa_need").select("h1b").run()
    assert not at.exception, at.exception
    assert Workspace(workspace_path).load_setting("profile")["visa_need"] == "h1b"
    assert open_app("app_pages/profile.py", example=False).selectbox(key="p_visa_need").value == "h1b"
