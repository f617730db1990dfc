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
    assert set(loaded.supplied) == {"program", "state", "j1", "My rating", "region", "division", "flagged_cells"}  # ids made by the app are not the file's
    assert "liked" not in loaded.supplied and "h1b" not in loaded.supplied


SAVED_NAMED = pd.DataFrame(
    {
        "program_id": ["p-1", "p-2", "p-3", "p-4"],
        "program": ["Alder Genetics", "Birch Genetics", "Cedar Genetics", "Cedar Genetics"],
        "state": ["TX", "MA", "CA", "OH"],
    }
)


@pytest.mark.parametrize(
    ("rows", "supplied", "ids"),
    [
        # Made from a name without the institution: matched by name and state to the saved program.
        ([("x-1", "alder  genetics", "TX"), ("x-2", "New One", "NY")], ["program", "state"], ["p-1", "x-2"]),
        # The state differs: a different program.
        ([("x-1", "Alder Genetics", "NM")], ["program", "state"], ["x-1"]),
        # Without a state column the name alone must be unique among saved programs.
        ([("x-1", "Birch Genetics", None), ("x-3", "Cedar Genetics", None)], ["program"], ["p-2", "x-3"]),
        # Two rows naming one saved program: neither takes its id.
        ([("x-1", "Alder Genetics", "TX"), ("x-9", "ALDER GENETICS", "TX")], ["program", "state"], ["x-1", "x-9"]),
        # A row already carrying a saved id keeps it, and no other row takes it.
        ([("p-1", "Alder Genetics", "TX"), ("x-1", "Alder Genetics", "TX")], ["program", "state"], ["p-1", "x-1"]),
        # Ids the user wrote are theirs: nothing is matched by name.
        ([("x-1", "Alder Genetics", "TX")], ["program", "state", "program_id"], ["x-1"]),
    ],
)
def test_a_file_without_ids_keeps_the_saved_id_of_the_program_it_names(rows, supplied, ids):
    incoming = pd.DataFrame(rows, columns=["program_id", "program", "state"])
    assert list(merge.saved_ids(SAVED_NAMED, incoming, supplied)["program_id"]) == ids


@pytest.mark.parametrize(
    ("sheet", "added"),
    [
        # Same name and state, another institution: another program, added beside the saved one.
        (b"Program,Institution,State,J-1\nPediatrics-Medical Genetics,Yewbrook University Hospitals,IN,no\n", True),
        # Same name and state, another city (no institution column): another program.
        (b"Program,City,State,J-1\nPediatrics-Medical Genetics,Fort Wayne,IN,no\n", True),
        # Same name and state, another NRMP code: another program.
        (b"Program,NRMP code,State,J-1\nPediatrics-Medical Genetics,1234765C0,IN,no\n", True),
        # The same institution, written in other capitals: the saved program, updated.
        (b"Program,Institution,State,J-1\nPediatrics-Medical Genetics,HOLGATE MEDICAL CENTER,IN,no\n", False),
        # A blank institution says nothing: matched by name and state, as a shortlist is.
        (b"Program,Institution,State,J-1\nPediatrics-Medical Genetics,,IN,no\n", False),
    ],
)
def test_a_program_of_the_same_name_and_state_at_another_institution_is_never_merged_into_the_saved_one(sheet, added):
    from data.normalise import derive_program_id

    saved = pd.DataFrame(
        {
            "program_id": [derive_program_id("Pediatrics-Medical Genetics", "Holgate Medical Center", "IN")],
            "program": ["Pediatrics-Medical Genetics"],
            "institution": ["Holgate Medical Center"],
            "city": ["Holgate"],
            "state": ["IN"],
            "nrmp_code": ["1111765C0"],
            "j1": pd.array([True], dtype="boolean"),
        }
    )
    loaded = load_bytes(sheet, "second.csv")
    incoming = merge.saved_ids(saved, loaded.valid, loaded.supplied)
    merged = merge.apply(saved, incoming, "merge", supplied=loaded.supplied)
    assert len(merged) == (2 if added else 1)
    kept = merged[merged["program_id"] == saved.loc[0, "program_id"]].iloc[0]
    assert kept["institution"].lower() == "holgate medical center"
    assert bool(kept["j1"]) is added  # the saved program keeps its J-1 answer unless the row was its own


def test_a_shortlist_without_the_institution_updates_the_saved_program_instead_of_adding_it():
    from data.normalise import derive_program_id

    saved = pd.DataFrame({"program_id": [derive_program_id("Alder Genetics", "Alder University", "TX")], "program": ["Alder Genetics"], "state": ["TX"]})
    saved["institution"] = "Alder University"
    loaded = load_bytes(b"Program,State,H-1B\nAlder Genetics,TX,no\n", "shortlist.csv")
    incoming = merge.saved_ids(saved, loaded.valid, loaded.supplied)
    merged = merge.apply(saved, incoming, "merge", supplied=loaded.supplied)
    assert len(merged) == 1 and merged.loc[0, "h1b"] == "no" and merged.loc[0, "institution"] == "Alder University"


def test_a_replace_keeps_the_talking_points_of_programs_the_file_keeps():
    from data.normalise import empty_table

    current = pd.DataFrame(
        {
            "program_id": ["a", "b"],
            "program": ["A", "B"],
            "liked": pd.array(["teaching", None], dtype="string"),
            "questions": pd.array(["PGY-1?", "x"], dtype="string"),
        }
    )
    incoming = pd.DataFrame(
        {
            "program_id": ["a", "c"],
            "program": ["A", "C"],
            "liked": pd.array([None, None], dtype="string"),
            "questions": pd.array(["mine now", None], dtype="string"),
        }
    )
    carried = merge.carry_over(current, incoming, empty_table("contacts"), {}, [], keep=False)
    kept = carried.programs.set_index("program_id")
    assert kept.loc["a", "liked"] == "teaching" and kept.loc["a", "questions"] == "mine now"  # a blank keeps, a cell of the file wins
    assert pd.isna(kept.loc["c", "liked"]) and "b" not in kept.index


def test_a_merge_keeps_flags_per_cell_the_files_unreadable_cell_replaces_and_a_read_cell_clears_its_flag():
    from data import flags
    from data.merge import apply

    first = load_bytes(b"Program name,State,Step 2 cutoff,J-1,Positions\nA,TX,220ish,yes,two\n", "a.csv")
    saved = first.valid
    assert set(flags.decode(saved.loc[0, flags.FLAGS])) == {"min_step2_score", "positions"}
    # The second file reads the cutoff, flags J-1, and has no positions column.
    second = load_bytes(b"Program name,State,Step 2 cutoff,J-1\nA,TX,230,maybe\n", "b.csv")
    merged = apply(saved, second.valid, "merge", supplied=second.supplied)
    kept = flags.decode(merged.loc[0, flags.FLAGS])
    assert set(kept) == {"positions", "j1"}  # cutoff read now; positions untouched by the file; J-1 flagged
    assert merged.loc[0, "min_step2_score"] == 230 and pd.isna(merged.loc[0, "j1"])
    assert kept["j1"]["value"] == "maybe" and kept["positions"]["value"] == "two"
