"""The outreach email and the Networking resident message name the program's own specialty: a
Pediatrics-Medical Genetics program is applied to as Pediatrics/Medical Genetics (its track's ERAS
specialty), not as its pack's "Medical Genetics and Genomics" (the walk)."""

import pandas as pd
import pytest

from data.settings import Profile
from data.store import Workspace
from data.validation import load_bytes
from scoring.applying import outreach
from scoring.vocabulary import specialty
from tests.test_pages_season import open_page

HEAD = "Program name,Institution,State,Track\n"


def _program(row: str) -> pd.Series:
    return load_bytes((HEAD + row + "\n").encode(), "sheet.csv").valid.iloc[0]


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("Pediatrics-Medical Genetics,Larkhaven Medical Center,AK,peds-mgg", "Pediatrics/Medical Genetics"),
        ("Pediatrics-Medical Genetics,Larkhaven Medical Center,AK,", "Pediatrics/Medical Genetics"),  # the directory's name, no track
        ("Internal Medicine-Medical Genetics,Alder Clinic,OH,im-mgg", "Internal Medicine/Medical Genetics"),
        ("Medical Genetics and Genomics,Alder Clinic,OH,categorical", "Medical Genetics and Genomics"),
        ("Medical Genetics and Genomics,Alder Clinic,OH,", "Medical Genetics and Genomics"),
    ],
)
def test_the_outreach_email_names_the_programs_own_specialty(row, said):
    program = _program(row)
    assert specialty.applied_name(program) == said
    _, body = outreach.email_draft(program, Profile(name="Dr. A", country="Egypt", graduation_year=2019), ["j1"])
    assert f"apply to {said} residency" in body


def test_the_networking_message_names_a_peds_mg_programs_specialty(workspace_path):
    programs = load_bytes((HEAD + "Pediatrics-Medical Genetics,Larkhaven Medical Center,AK,peds-mgg\n").encode(), "sheet.csv").valid
    Workspace(workspace_path).save(tables={"programs": programs})
    at = open_page("app_pages/networking.py")
    assert not at.exception
    said = " ".join(str(t.value) for t in at.text_area)
    assert "applying to Pediatrics/Medical Genetics residency" in said
    assert "Medical Genetics and Genomics residency" not in said
