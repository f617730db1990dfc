"""A directory's export in use (a new applicant's walk, session 19): its NRMP codes give each
program's track, and programs of a specialty without a pack, set aside, never break a page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data.settings import Profile, Weights
from data.store import Workspace
from scoring.decision.ranking import ranked_list, score_programs
from scoring.vocabulary import specialty
from tests.helpers import programs_frame

AS_OF = date(2026, 12, 7)
APP = str(Path(__file__).resolve().parent.parent / "app.py")

DIRECTORY = [
    {
        "program_id": "1716765C0",
        "program": "Pediatrics-Medical Genetics",
        "institution": "Harborline Children's Hospital",
        "state": "MA",
        "nrmp_code": "1716765C0",
    },
    {
        "program_id": "3305766C0",
        "program": "Internal Medicine-Medical Genetics",
        "institution": "Bayou Medical College",
        "state": "TX",
        "nrmp_code": "3305766C0",
    },
    {"program_id": "6602140C0", "program": "Internal Medicine", "institution": "Prairie Memorial Hospital", "state": "IL", "nrmp_code": "6602140C0"},
    {"program_id": "7703140P0", "program": "Internal Medicine", "institution": "Peachtree Regional Medical Center", "state": "GA", "nrmp_code": "7703140P0"},
]


@pytest.mark.parametrize(
    ("cells", "track"),
    [
        ({"nrmp_code": "1716765C0"}, "peds-mgg"),  # 765: pediatrics and medical genetics
        ({"nrmp_code": "3305766C0"}, "im-mgg"),  # 766: internal medicine and medical genetics
        ({"nrmp_code": "1716765C0", "track": "mgg"}, "mgg"),  # a track the sheet gives is kept
        ({"nrmp_code": "1716765C0", "specialty": "pediatrics"}, None),  # the code's track is another specialty's
        ({"nrmp_code": "1716130C0"}, None),  # digits no pack knows
        ({}, None),
    ],
)
def test_a_blank_track_is_read_from_the_nrmp_code(cells, track):
    programs = programs_frame([{"program_id": "A", "program": "Pediatrics-Medical Genetics", "state": "MA", **cells}])
    kept, aside = specialty.split(programs)
    both = pd.concat([kept, aside])
    shown = both["track"].iloc[0] if "track" in both else None
    assert (None if pd.isna(shown) else shown) == track


def test_a_program_whose_code_gives_its_track_is_not_asked_its_type():
    programs = programs_frame([{**row, "j1": True} for row in DIRECTORY[:2]])
    scored = score_programs(specialty.with_pack(programs), Profile(), Weights(), AS_OF)
    by_id = scored.set_index("program_id")
    assert by_id.loc["1716765C0", "track"] == "peds-mgg" and by_id.loc["3305766C0", "track"] == "im-mgg"
    reasons = " ".join(ranked_list(scored, Profile(), Weights(), AS_OF)["ineligible_reasons"].astype(str))
    assert "whether it starts at PGY-1 or after training" not in reasons


def test_the_programs_page_draws_with_programs_set_aside(workspace_path):
    Workspace(workspace_path).save(tables={"programs": programs_frame(DIRECTORY)}, settings={"profile": {}, "weights": {}})
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("app_pages/programs.py").run()
    assert not at.exception, [e.value for e in at.exception]
    # The editable table of programs is drawn, and the workspace tools after it (backup, restore).
    table = next(d.value for d in at.dataframe if "institution" in d.value.columns and len(d.value) == len(DIRECTORY))
    aside = table[table["institution"].isin(["Prairie Memorial Hospital", "Peachtree Regional Medical Center"])]
    assert len(aside) == 2
    # No scores for a program set aside: its cells are blank, never "None" or "nan".
    for column in ("tier", "eligible", "img_friendliness"):
        assert aside[column].tolist() == ["", ""], (column, aside[column].tolist())
    assert "Start empty" in [b.label for b in at.button]
    # The programs set aside are listed under headers in words, not the app's column names.
    listed = next(d for d in at.dataframe if list(d.value.columns) == ["program", "institution", "state", "specialty"])
    labels = {name: (config or {}).get("label") for name, config in json.loads(listed.proto.columns or "{}").items() if name != "_index"}
    assert labels == {"program": "Program", "institution": "Institution", "state": "State", "specialty": "Specialty"}
