"""A writer's one-page summary lists the programs that writer's letter is assigned to, named so
no two read the same, and says so; with no assignment it lists the programs aimed at, and says
that. Found by the new-user walk: the summary listed the default targets whatever the
assignments said."""

import pandas as pd

from data.store import Workspace
from scoring.applying import letters as plan
from tests.helpers import programs_frame
from tests.test_outreach_letters import letters_frame, writer
from tests.test_pages import open_app

NAME = "Pediatrics-Medical Genetics"


def test_assigned_programs_follow_the_order_and_leave_out_programs_no_longer_saved():
    assignments = {"p3": ["Dr A"], "p1": ["Dr A", "Dr B"], "gone": ["Dr A"], "p2": ["Dr B"]}
    assert plan.assigned_to("Dr A", assignments, ["p1", "p2", "p3"]) == ["p1", "p3"]
    assert plan.assigned_to("Dr C", assignments, ["p1", "p2", "p3"]) == []


def test_the_summary_heading_says_which_programs_it_lists():
    letter = pd.Series({"writer": "Dr A"})
    assigned = plan.summary_markdown(letter, "Me", "", [], [], ["X"], programs_are="assigned")
    targets = plan.summary_markdown(letter, "Me", "", [], [], ["X"])
    assert "## Programs this letter goes to\n- X" in assigned
    assert "## Programs I am applying to\n- X" in targets


def _seed(path, assignments):
    programs = programs_frame(
        [
            {
                "program_id": f"p{i}",
                "program": NAME,
                "institution": f"Inst {i}",
                "state": "OH",
                "j1": True,
                "imgs_last_5y": 4,
                "img_cohorts_last_5y": 3,
                "interest": 9,
            }
            for i in range(12)
        ]
    )
    letters = letters_frame([writer("Dr A", "clinical-geneticist"), writer("Dr B", "related-specialty")])
    Workspace(path).save(
        tables={"programs": programs, "letters": letters},
        settings={"profile": {}, "weights": {}, "letter_assignments": assignments, "example": {"in_use": False}},
    )


def _summary(at) -> str:
    return next(c.value for c in at.code if c.value.startswith("# Summary for"))


def test_the_letters_page_summary_lists_the_writers_assigned_programs(workspace_path):
    _seed(workspace_path, {"p7": ["Dr A"], "p11": ["Dr A"], "p2": ["Dr B"]})
    at = open_app("app_pages/letters.py", example=False)
    assert not at.exception, at.exception
    summary = _summary(at)
    listed = [line[2:] for line in summary.split("## Programs this letter goes to\n", 1)[1].splitlines() if line.startswith("- ")]
    assert len(listed) == 2 and len(set(listed)) == 2  # the two assigned programs, told apart
    assert all("Inst 7" in p or "Inst 11" in p for p in listed), listed
    assert "Programs I am applying to" not in summary
    assert any("this letter is assigned to" in c.value for c in at.caption)


def test_with_no_assignment_the_summary_lists_the_targets_and_says_so(workspace_path):
    _seed(workspace_path, {"p2": ["Dr B"]})
    at = open_app("app_pages/letters.py", example=False)
    assert not at.exception, at.exception
    assert "## Programs I am applying to" in _summary(at)
    assert any("No program is assigned this writer's letter yet" in c.value for c in at.caption)
