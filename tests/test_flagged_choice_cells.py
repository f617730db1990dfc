"""A cell the app could not read, in a column the Programs grid draws as a choice ("maybe" for H-1B,
"sort of" for research time), showed blank: the choice box's options did not hold the text, and
blank means unknown. It shows as written, stays flagged through a save, and goes when a choice is picked."""

import json

from data import flags
from data.store import Workspace
from data.validation import load_bytes
from tests.test_pages import editor_key, open_app, seed

FILE = (
    "Program name,Institution,State,H-1B? Y/N,Research time,J-1? Y/N\n"
    "Pediatrics-Medical Genetics,Larkhaven Children's,OH,maybe,sort of,Y\n"
    "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,limited,N\n"
)


def _grid(workspace_path):
    loaded = load_bytes(FILE.encode(), "sheet.csv")
    assert loaded.rejected.empty and len(loaded.flagged) == 2
    seed(workspace_path, loaded.valid)
    at = open_app("app_pages/programs.py", example=False)
    return at, next(e for e in at.data_editor if "program" in e.value.columns)


def _options(grid, column):
    spec = json.loads(grid.proto.columns)[column]["type_config"]
    return [o.get("label", o.get("value")) if isinstance(o, dict) else o for o in spec["options"]]


def _flagged(workspace_path):
    saved = Workspace(workspace_path).load_table("programs")
    cells = flags.table(saved)
    return sorted(zip(cells["column"], cells["value"], strict=True))


def test_a_flagged_choice_cell_shows_as_written(workspace_path):
    _, grid = _grid(workspace_path)
    frame = grid.value.set_index("institution")
    assert frame.loc["Larkhaven Children's", "h1b"] == "maybe" and frame.loc["Larkhaven Children's", "research_time"] == "sort of"
    # Among the options, as written (not "Maybe"), beside the real choices in words.
    assert "maybe" in _options(grid, "h1b") and "sort of" in _options(grid, "research_time")
    assert {"Yes", "Considered", "No"} <= set(_options(grid, "h1b")) and "Limited" in _options(grid, "research_time")
    # A column with nothing kept as written offers its choices alone.
    assert _options(grid, "j1") == ["yes", "no"]


def test_a_save_keeps_it_flagged_until_a_choice_is_picked(workspace_path):
    at, _ = _grid(workspace_path)
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {0: {"city": "Dayton"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception
    assert _flagged(workspace_path) == [("h1b", "maybe"), ("research_time", "sort of")]
    at = open_app("app_pages/programs.py", example=False)
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {0: {"h1b": "yes"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception
    assert _flagged(workspace_path) == [("research_time", "sort of")]
    saved = Workspace(workspace_path).load_table("programs").set_index("institution")
    assert saved.loc["Larkhaven Children's", "h1b"] == "yes"
