""" "Still unknown" explains every range of the rubric, and names only what is unknown.
Found by the new-user walk (guide sheet, seed 7): a part showed a range with none of its
inputs named (visa 1-2 with J-1 = Y, H-1B = n), programs with the same facts got different
lists (your clarity points answer "IMG instructions" for the visa rule as they do for
clarity), and Interview prep asked "Have international graduates trained here?" of a program
whose sheet says none did in five years."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.packs import registry
from data.settings import Profile, Weights
from scoring.applying.interview import missing_inputs, unknown_questions
from scoring.decision import reference
from scoring.decision.inputs import CANDIDATES
from scoring.decision.ranking import SOME_IMGS_LABEL, score_programs, unknown_inputs
from tests.helpers import AS_OF, PROGRAM_FIELDS, programs_frame

# Each rubric part and the inputs it reads (the sheet's IMGs present Y/N is named as the count).
PARTS = {
    "past_imgs": ("imgs_last_5y", "img_cohorts_last_5y"),
    "visa": ("j1", "h1b", "intl_trainees_mentioned", "img_info"),
    "clarity": ("img_info", "img_faq"),
    "responsiveness": ("responsiveness",),
}
RUBRIC_INPUTS = {c for inputs in PARTS.values() for c in inputs}
BY_LABEL = {CANDIDATES[c].label: c for c in RUBRIC_INPUTS} | {SOME_IMGS_LABEL: "imgs_last_5y"}
# With no visa needed, eligibility reads neither the J-1 nor the H-1B: only the rubric does.
NO_VISA = Profile(visa_need="none")


def _named(row: dict, profile: Profile = NO_VISA) -> tuple[set[str], dict]:
    scored = score_programs(programs_frame([{"program_id": "p", **row}]), profile, Weights(), AS_OF)
    labels = set(filter(None, unknown_inputs(scored, profile).iloc[0].split("; ")))
    return {BY_LABEL[label] for label in labels if label in BY_LABEL}, scored.iloc[0].to_dict()


RUBRIC_FIELDS = {
    c: PROGRAM_FIELDS[c] for c in (*RUBRIC_INPUTS, "imgs_present_last_5y", "past_imgs_points", "visa_points", "clarity_points", "responsiveness_points")
}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries(RUBRIC_FIELDS))
def test_a_part_has_a_range_exactly_when_one_of_its_inputs_is_named(row):
    named, scored = _named(row)
    ranged = {part for part in PARTS if scored[f"{part}_hi"] > scored[f"{part}_lo"]}
    for part in PARTS:
        if part in ranged:
            assert named & set(PARTS[part]), (part, row, named)
    for column in named:  # every input named could still move a part that shows a range
        assert {part for part, inputs in PARTS.items() if column in inputs} & ranged, (column, row, ranged)
    # Parts whose inputs are theirs alone: a range if and only if one of them is named.
    for part in ("past_imgs", "responsiveness"):
        assert (part in ranged) == bool(named & set(PARTS[part])), (part, row, named)
    for column in ("j1", "h1b", "intl_trainees_mentioned"):
        assert (column in named) <= ("visa" in ranged)
    # Interview prep asks only about what Still unknown names.
    one = score_programs(programs_frame([{"program_id": "p", **row}]), NO_VISA, Weights(), AS_OF)
    assert set(missing_inputs(one, NO_VISA)) & RUBRIC_INPUTS == named


@settings(max_examples=100, deadline=None)
@given(st.fixed_dictionaries(RUBRIC_FIELDS), st.sampled_from(["none", "j1", "h1b", "either"]))
def test_known_share_agrees_with_the_oracle(row, visa_need):
    profile = replace(Profile(), visa_need=visa_need)
    frame = programs_frame([{"program_id": "p", **row}])
    fast = score_programs(frame, profile, Weights(), AS_OF)["known_share"].iloc[0]
    slow = reference.score(frame, profile, Weights(), AS_OF)["known_share"].iloc[0]
    assert fast == pytest.approx(slow)


INTL, INFO = "intl_trainees_mentioned", "img_info"


@pytest.mark.parametrize(
    "row, named, not_named",
    [
        # Ironford (SC): J-1 Y, H-1B n, IMG FAQ Y, clarity blank: visa 1-2 waits on the IMG instructions.
        ({"j1": True, "h1b": "no", "img_faq": True}, {INFO}, {INTL}),
        # Silverland: J-1 Y, H-1B yes, clarity 1: visa 2-3 waits on the mention of international trainees.
        ({"j1": True, "h1b": "yes", "img_faq": False, "clarity_points": 1}, {INTL}, {INFO}),
        # Deergate (PR): J-1 Y, H-1B blank, FAQ N, clarity 0: an H-1B could make the mention count;
        # the clarity points answer the IMG instructions (for the visa rule too).
        ({"j1": True, "img_faq": False, "imgs_present_last_5y": True, "clarity_points": 0}, {INTL, "h1b"}, {INFO}),
        # Valevale (KS): J-1 Y, H-1B n, FAQ N, clarity 0: visa settled at 1; nothing about it is unknown (right before).
        ({"j1": True, "h1b": "no", "img_faq": False, "imgs_present_last_5y": True, "clarity_points": 0}, set(), {INTL, INFO}),
        # Holhurst (DE): J-1 and H-1B blank, FAQ N, clarity 1: the visas are unknown, the instructions are not.
        ({"img_faq": False, "imgs_present_last_5y": False, "clarity_points": 1}, {"j1", "h1b", INTL}, {INFO}),
        # Thornwater (OR): J-1 n, H-1B considered, clarity 1: visa settled at 2 (right before).
        ({"j1": False, "h1b": "considered", "img_faq": True, "imgs_present_last_5y": True, "clarity_points": 1}, set(), {INTL, INFO}),
        # Your visa points decide the visa part: with no visa needed, nothing of it is asked.
        ({"visa_points": 2}, set(), {"j1", "h1b", INTL}),
    ],
)
def test_walk_programs(row, named, not_named):
    got, _ = _named(row)
    assert named <= got, (row, got)
    assert not (not_named & got), (row, got)


def test_the_j1_stays_named_where_eligibility_reads_it():
    got, _ = _named({"visa_points": 2}, Profile(visa_need="j1"))
    assert "j1" in got and "h1b" not in got


@pytest.mark.parametrize("pack", [p.key for p in registry().packs])
def test_interview_prep_does_not_ask_what_the_sheet_answered(pack):
    """The sheet's IMGs present = N already says no IMG trained there in five years: what is
    unknown is whether the program mentions international trainees, so the question asks that."""
    question = next(p for p in registry().packs if p.key == pack).unknown_questions.get(INTL, "")
    assert "trained here" not in question


def test_interview_prep_for_a_program_with_no_past_imgs():
    row = {"program_id": "p", "j1": True, "h1b": "yes", "imgs_present_last_5y": False, "clarity_points": 1}
    one = score_programs(programs_frame([row]), Profile(), Weights(), AS_OF)
    asked = unknown_questions(one.iloc[0], missing_inputs(one, Profile()), "j1")
    assert not any("trained here" in q for q in asked), asked
    assert one["past_imgs_hi"].iloc[0] == 0
