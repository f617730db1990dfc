"""A header close to one the app scores gets a hint, instead of silently becoming the
user's own (unscored) column; a header far from every column is kept without fuss."""

import pandas as pd
import pytest

from data.readers import ROW_COLUMN
from data.validation import validate


def _warnings(headers: list[str]) -> list[str]:
    frame = pd.DataFrame({ROW_COLUMN: [2], "Program name": ["A"], "State": ["TX"], **{h: ["3"] for h in headers}})
    return validate(frame, "programs").warnings


@pytest.mark.parametrize(
    ("header", "suggested"),
    [
        ("IMGs in last 5 yrs", "IMGs last 5 years"),
        ("Reserch time", "research"),
        ("Establshed year", "established"),
    ],
)
def test_a_near_miss_header_says_which_column_it_may_mean(header, suggested):
    hints = [w for w in _warnings([header]) if f"'{header}'" in w]
    assert len(hints) == 1 and "not scored" in hints[0] and suggested.lower() in hints[0].lower()


@pytest.mark.parametrize("header", ["Favourite", "My ranking thoughts", "Drive time (h)"])
def test_a_header_far_from_every_column_is_listed_as_kept_not_scored(header):
    said = [w for w in _warnings([header]) if f"'{header}'" in w]
    assert len(said) == 1 and "not scored" in said[0] and "Did you mean" not in said[0]


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Interest (0-10)", "interest"),
        ("# IMGs (5 yrs)", "imgs_last_5y"),
        ("H1B sponsor", "h1b"),
        ("J1?", "j1"),
        ("Peds focus", "peds_emphasis"),
        ("Step 2 min", "min_step2_score"),
        ("Notes [private]", "notes"),
        ("Sponsors J-1?", "j1"),
        ("Sponsors H-1B?", "h1b"),
    ],
)
def test_headers_people_write_in_their_own_sheets_are_understood(header, column):
    frame = pd.DataFrame({ROW_COLUMN: [2], "Program name": ["A"], "State": ["TX"], header: ["3"]})
    loaded = validate(frame, "programs")
    assert column in loaded.supplied and not [w for w in loaded.warnings if f"'{header}'" in w]


def test_a_recognised_header_gets_no_hint():
    assert not [w for w in _warnings(["IMGs last 5 years"]) if "Did you mean" in w]


def test_a_residency_program_header_names_the_program():
    frame = pd.DataFrame({ROW_COLUMN: [2], "Residency program": ["A"], "State": ["TX"]})
    assert validate(frame, "programs").valid["program"].tolist() == ["A"]
