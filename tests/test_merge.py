"""Merging an upload into saved programs: what each saved cell becomes."""

from __future__ import annotations

import pandas as pd
import pytest

from data import merge
from data.validation import load_bytes

SAVED = pd.DataFrame(
    {
        "program_id": ["a", "b", "c"],
        "program": ["A", "B", "C"],
        "j1": pd.array([True, None, False], dtype="boolean"),
        "liked": pd.array(["teaching", "clinic", None], dtype="string"),
        "mine": ["m1", "m2", "m3"],
    }
)
FILE = pd.DataFrame(
    {
        "program_id": ["b", "d", "a"],
        "program": ["B renamed", "D", "A"],
        "j1": pd.array([True, True, None], dtype="boolean"),
        "liked": pd.array([None, "new", None], dtype="string"),
    }
)


@pytest.mark.parametrize(
    ("supplied", "expected", "changed"),
    [
        # The file has program and j1: liked and the user's own column keep what was saved,
        # and a blank j1 (A) keeps True.
        (
            ["program", "j1"],
            {
                "program": ["A", "B renamed", "C", "D"],
                "j1": [True, True, False, True],
                "liked": ["teaching", "clinic", None, "new"],
                "mine": ["m1", "m2", "m3", None],
            },
            ["b"],
        ),
        # The file has liked too, but blank for A and B: still kept.
        (
            ["program", "j1", "liked"],
            {
                "program": ["A", "B renamed", "C", "D"],
                "j1": [True, True, False, True],
                "liked": ["teaching", "clinic", None, "new"],
                "mine": ["m1", "m2", "m3", None],
            },
            ["b"],
        ),
        # A row edited in the app is the program's whole row (no supplied columns).
        (
            None,
            {"program": ["A", "B renamed", "C", "D"], "j1": [None, True, False, True], "liked": [None, None, None, "new"], "mine": [None, None, "m3", None]},
            ["b", "a"],
        ),
    ],
)
def test_a_merge_changes_only_what_the_file_says(supplied, expected, changed):
    merged = merge.apply(SAVED, FILE, "merge", supplied=supplied)
    assert list(merged["program_id"]) == ["a", "b", "c", "d"]  # saved programs keep their place; new ones follow
    for column, values in expected.items():
        assert [None if pd.isna(v) else v for v in merged[column]] == values, column
    preview = merge.preview(SAVED, FILE, supplied)
    assert (preview.new, sorted(preview.changed), preview.kept) == (["d"], sorted(changed), ["c"])
    assert str(merged["j1"].dtype) == "boolean" and str(merged["liked"].dtype) == "string"


def test_replace_keeps_only_the_file():
    assert list(merge.apply(SAVED, FILE, "replace")["program_id"]) == ["b", "d", "a"]


def test_an_upload_says_which_columns_it_supplied():
    loaded = load_bytes(b"Program name,State,J-1?,My rating\nA,TX,yes,5\n", "mine.csv")
    assert set(loaded.supplied) == {"program", "state", "j1", "My rating", "region", "division", "program_id"}
    assert "liked" not in loaded.supplied and "h1b" not in loaded.supplied
