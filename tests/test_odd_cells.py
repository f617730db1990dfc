"""Cells that do not clearly say a value are flagged, never read as a near value: a word
that names no H-1B policy, a mark that means yes in one sheet and no in another, a
directory code that is not a code, a graduation year in a years-since-graduation cutoff."""

import pandas as pd
import pytest

from data import flags
from data.validation import load_bytes


def load(header: str, cells: list[str], **more: list[str]):
    frame = pd.DataFrame({"Program name": [f"Pediatrics-Medical Genetics {i}" for i in range(len(cells))], "State": ["IN"] * len(cells), header: cells, **more})
    return load_bytes(frame.to_csv(index=False).encode(), "sheet.csv")


def flagged_reason(loaded, row: int = 0) -> str | None:
    cell = flags.decode(loaded.valid[flags.FLAGS].iloc[row])
    return next(iter(cell.values()))["reason"] if cell else None


ODD = [
    # header, cell as written, column it would fill: each is flagged, kept as written, unknown
    ("H-1B? Y/N", "maybe", "h1b"),
    ("H-1B? Y/N", "Maybe", "h1b"),
    ("H-1B? Y/N", "idk", "h1b"),
    ("H-1B? Y/N", "ask", "h1b"),
    ("H-1B possible (Y/N)", "rarely?", "h1b"),
    ("J-1? Y/N", "x", "j1"),
    ("J-1? Y/N", "X", "j1"),
    ("J-1? Y/N", "maybe", "j1"),
    ("IMG FAQ available? Y/N", "x", "img_faq"),
    ("Pediatric focus", "x", "peds_emphasis"),
    ("Entry level", "PGY", "entry_level"),
    ("Program type", "combined", "track"),  # pediatrics or internal medicine + genetics: which, not said
    ("Research time", "some", "research_time"),
    ("ACGME status", "accredited", "acgme_status"),
    ("responsiveness", "ok", "responsiveness"),
    ("NRMP Code", "not-a-code", "nrmp_code"),
    ("NRMP Code", "1716766", "nrmp_code"),  # no position letter
    ("NRMP Code", "1716766F0", "nrmp_code"),  # a fellowship (Specialties Matching Service) code
    ("NRMP Code", "171-6766C0", "nrmp_code"),
    ("ACGME Code", "not-a-code", "acgme_id"),
    ("ACGME Code", "76648OOOO1", "acgme_id"),  # letters O for zeros
    ("YOG cutoff", "2019", "max_years_since_graduation"),
    ("YOG cutoff", "YOG 2019 or later", "max_years_since_graduation"),
    ("YOG cutoff", "graduated after 2015", "max_years_since_graduation"),
]


@pytest.mark.parametrize(("header", "cell", "column"), ODD)
def test_a_cell_that_does_not_clearly_say_a_value_is_flagged_and_kept_as_written(header, cell, column):
    loaded = load(header, [cell])
    assert loaded.rejected.empty, loaded.errors
    row = loaded.valid.iloc[0]
    assert pd.isna(row[column]), f"{cell!r} was read as {row[column]!r}"
    found = flags.decode(row[flags.FLAGS])
    assert found[column]["value"] == cell
    assert found[column]["reason"]


READ = [
    # the guide's idioms and plain values still read as meant
    ("H-1B? Y/N", "case by case", "h1b", "considered"),
    ("H-1B? Y/N", "Case-by-case", "h1b", "considered"),
    ("H-1B? Y/N", "considered", "h1b", "considered"),
    ("H-1B? Y/N", "Y", "h1b", "yes"),
    ("J-1? Y/N", "✓", "j1", True),
    ("J-1? Y/N", "✗", "j1", False),
    ("Entry level", "PGY-1", "entry_level", "pgy1"),
    ("NRMP Code", "1716766C0", "nrmp_code", "1716766C0"),
    ("NRMP Code", " 1716766c0 ", "nrmp_code", "1716766C0"),
    ("NRMP Code", "1000140C12", "nrmp_code", "1000140C12"),
    ("ACGME Code", "7664800001", "acgme_id", "7664800001"),
    # The column is a number of years since graduation: a bare 3 is three years.
    ("YOG cutoff", "3", "max_years_since_graduation", 3),
    ("YOG cutoff", "5 years", "max_years_since_graduation", 5),
]


@pytest.mark.parametrize(("header", "cell", "column", "becomes"), READ)
def test_the_clear_spellings_still_read_as_meant(header, cell, column, becomes):
    loaded = load(header, [cell])
    row = loaded.valid.iloc[0]
    assert row[column] == becomes
    assert pd.isna(row[flags.FLAGS])


def test_a_year_in_the_graduation_cutoff_is_said_to_be_a_year_not_a_number_of_years():
    loaded = load("YOG cutoff", ["2019", "YOG 2019 or later"])
    for row in range(2):
        reason = flagged_reason(loaded, row)
        assert reason is not None and "year (2019)" in reason and "years since graduation" in reason


def test_a_code_that_is_not_a_code_is_not_an_identity():
    """Two programs with the same unreadable code are two programs (neither refused as a repeat),
    and the id is made from name, institution and state, not from the odd cell."""
    loaded = load("NRMP Code", ["not-a-code", "not-a-code"], Institution=["Indiana University", "Riley Hospital"])
    assert loaded.rejected.empty, loaded.errors
    assert len(loaded.valid) == 2
    assert not loaded.valid["program_id"].str.contains("not-a-code", case=False).any()
    assert loaded.valid["program_id"].is_unique


def test_a_real_code_is_still_the_identity_and_a_repeat_is_refused():
    loaded = load("NRMP Code", ["1716766C0", "1716766c0"])
    assert loaded.valid["program_id"].tolist() == ["1716766C0"]
    assert len(loaded.rejected) == 1


def test_the_reason_for_an_h1b_word_says_what_is_read_and_what_is_not():
    reason = flagged_reason(load("H-1B? Y/N", ["maybe"]))
    assert reason is not None and "case by case" in reason and "maybe" in reason
