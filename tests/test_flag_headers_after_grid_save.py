"""A Programs-grid save re-checks every row, and re-flagged a cell under the app's own column name:
What to research next then said "You wrote 'not stated' in max_years_since_graduation" and Explain
"h1b ('maybe': …)". A flagged cell keeps the header of the user's file, and a cell typed in the grid
is named by the column in words, never its code."""

import re
from datetime import date

from data import flags
from data.settings import Profile, Weights
from data.store import Workspace
from data.validation import load_bytes
from scoring.decision.ranking import score_programs
from scoring.decision.research_next import research_next
from tests.test_pages import editor_key, open_app, seed

FILE = "Program name,Institution,State,H-1B? Y/N,YOG cutoff,Min Step 2 score\nPediatrics-Medical Genetics,Larkhaven Children's,OH,maybe,not stated,\n"
CODE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")  # a snake_case word: a column's code


def _saved_after_grid_edit(workspace_path):
    loaded = load_bytes(FILE.encode(), "sheet.csv")
    assert loaded.rejected.empty and len(loaded.flagged) == 2
    seed(workspace_path, loaded.valid)
    at = open_app("app_pages/programs.py", example=False)
    # An edit elsewhere in the row, and a new unreadable cell typed in the grid.
    at.session_state[editor_key(at, "programs_")] = {
        "edited_rows": {0: {"institution": "Larkhaven Children's Hospital", "min_step2_score": "220ish"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="editor_save").click().run()
    assert not at.exception
    return Workspace(workspace_path).load_table("programs")


def test_a_grid_save_keeps_the_files_headers_and_names_a_typed_cell_in_words(workspace_path):
    saved = _saved_after_grid_edit(workspace_path)
    cells = flags.table(saved)
    headers = dict(zip(cells["column"], cells["header"], strict=True))
    assert headers["max_years_since_graduation"] == "YOG cutoff"
    assert headers["h1b"] == "H-1B? Y/N"
    # Typed in the grid: no header of the user's, so a page names the column in its words.
    assert flags.header_of("min_step2_score", flags.decode(saved.loc[0, flags.FLAGS])["min_step2_score"]["header"], lambda n: "in words") == "in words"


def test_research_next_and_explain_name_no_column_code_after_a_grid_save(workspace_path):
    saved = _saved_after_grid_edit(workspace_path)
    as_of = date(2026, 12, 7)
    todo = research_next(score_programs(saved, Profile(), Weights(), as_of), saved, Profile(), Weights(), as_of)
    text = " ".join(todo["todo"].astype(str))
    assert "You wrote 'not stated' in YOG cutoff" in text and "You wrote '220ish' in Min Step 2 score" in text
    assert "max_years_since_graduation" not in text and "min_step2_score" not in text
    at = open_app("app_pages/explore.py", example=False)
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    assert not at.exception
    said = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "YOG cutoff ('not stated')" in said and "Min Step 2 score ('220ish'" in said
    assert not CODE.findall(said), CODE.findall(said)


def test_research_next_names_a_grid_flag_in_words():
    """The function directly: a flag whose header is the column's code (a workspace saved before this fix)."""
    loaded = load_bytes(FILE.encode(), "sheet.csv")
    programs = loaded.valid.copy()
    cell = flags.decode(programs.loc[0, flags.FLAGS])
    for name, flag in cell.items():
        flag["header"] = name  # as a grid save wrote it
    programs.loc[0, flags.FLAGS] = flags.encode(cell)
    as_of = date(2026, 12, 7)
    todo = research_next(score_programs(programs, Profile(), Weights(), as_of), programs, Profile(), Weights(), as_of)
    text = " ".join(todo["todo"].astype(str)) + " " + " ".join(todo["input"].astype(str))
    assert "You wrote 'not stated' in Max years since graduation" in text
    assert "max_years_since_graduation" not in text
