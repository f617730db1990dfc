"""The sheet as the guide teaches it: its idioms read as meant, and no optional cell,
however written, keeps a program out."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import export, flags
from data.columns import PROGRAM_COLUMNS
from data.validation import load_bytes


def one(header: str, cell: str) -> pd.Series:
    state = {} if header == "City, State" else {"State": ["TX"]}
    frame = pd.DataFrame({"Program name": ["Alpha Genetics"], **state, header: [cell]})
    loaded = load_bytes(frame.to_csv(index=False).encode(), "sheet.csv")
    assert loaded.rejected.empty, loaded.errors
    return loaded.valid.iloc[0]


IDIOMS = [
    # header as the guide writes it, cell, column read, what it becomes
    ("Pediatric focus", "Y", "peds_emphasis", 5),
    ("Pediatric focus", "N", "peds_emphasis", 1),
    ("Pediatric focus", "✓", "peds_emphasis", 5),
    ("Pediatric focus", "✗", "peds_emphasis", 1),
    ("Pediatric focus", "yes", "peds_emphasis", 5),
    ("Adult focus", "no", "adult_emphasis", 1),
    ("Adult focus", "4", "adult_emphasis", 4),
    ("Cancer/genomics", "Y", "strengths", "cancer"),
    ("Cancer/genomics", "N", "strengths", None),  # says nothing of the other strengths
    ("IMGs present in last 5 years (Y/N)", "Y", "imgs_present_last_5y", True),
    ("IMGs present in last 5 years (Y/N)", "N", "imgs_present_last_5y", False),
    ("YOG cutoff", "5 years", "max_years_since_graduation", 5),
    ("YOG cutoff", "≤ 5 yrs", "max_years_since_graduation", 5),
    ("Step 2 cutoff", "220+", "min_step2_score", 220),
    ("Step 2 cutoff", "≥ 220", "min_step2_score", 220),
    ("Step 2 cutoff", ">= 220", "min_step2_score", 220),
    ("Step 2 cutoff", "at least 230", "min_step2_score", 230),
    ("Step 2 cutoff", "230 or higher", "min_step2_score", 230),
    ("max_attempts", "max 2 attempts", "max_attempts", 2),
    ("max_attempts", "2 tries", "max_attempts", 2),
    ("H-1B possible (Y/N)", "case by case", "h1b", "considered"),
    ("H-1B possible (Y/N)", "Case-by-case", "h1b", "considered"),
    ("H-1B possible (Y/N)", "✓", "h1b", "yes"),
    ("J-1 supported (Y/N)", "✗", "j1", False),
    ("International schools represented", "AUC; St George's", "international_schools", "AUC; St George's"),
    ("USMLE requirements", "Step 2 ≥ 220, 2 attempts", "usmle_requirements", "Step 2 ≥ 220, 2 attempts"),
    ("ECFMG/IMG instructions clarity (0–2)", "2", "clarity_points", 2),
    ("Research time (none / limited / moderate / extensive)", "moderate", "research_time", "moderate"),
    ("Overall program interest for you (0–10)", "8", "interest", 8),
]


@pytest.mark.parametrize(("header", "cell", "column", "becomes"), IDIOMS)
def test_the_guides_idioms_read_as_meant(header, cell, column, becomes):
    row = one(header, cell)
    if becomes is None:
        assert pd.isna(row[column])
    else:
        assert row[column] == becomes
    assert pd.isna(row[flags.FLAGS])


CITY_STATE = [
    # the `City, State` cell, city, state
    ("Boston, MA", "Boston", "MA"),
    ("Boston, Massachusetts", "Boston", "MA"),
    ("Indiana", None, "IN"),
    ("IN", None, "IN"),
    ("IN 46202", None, "IN"),
    ("Indianapolis, IN 46202", "Indianapolis", "IN"),
    ("Indianapolis, IN 46202-1234", "Indianapolis", "IN"),
    ("Boston MA", "Boston", "MA"),
]


@pytest.mark.parametrize(("cell", "city", "state"), CITY_STATE)
def test_a_city_state_cell_keeps_its_state_alone_with_a_zip_or_without_a_comma(cell, city, state):
    row = one("City, State", cell)
    assert row["state"] == state
    assert (pd.isna(row["city"]) or row["city"] == "") if city is None else row["city"] == city


NOT_NUMBERS = ["< 5", "five", "220ish", "2-3", "varies"]


@pytest.mark.parametrize("cell", NOT_NUMBERS)
def test_a_number_with_words_that_change_it_is_flagged_not_guessed(cell):
    row = one("YOG cutoff", cell)
    assert pd.isna(row["max_years_since_graduation"])
    assert flags.decode(row[flags.FLAGS])["max_years_since_graduation"]["value"] == cell


OPTIONAL = [c.name for c in PROGRAM_COLUMNS if not c.required and c.name not in ("program_id",)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(OPTIONAL),
        st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),  # a NUL makes the file binary
        min_size=1,
        max_size=12,
    )
)
def test_no_optional_cell_value_keeps_a_program_out(cells):
    frame = pd.DataFrame({"program": ["Alpha Genetics"], "state": ["TX"], **{k: [v] for k, v in cells.items()}})
    loaded = load_bytes(export.to_csv(frame), "any.csv")
    assert list(loaded.valid["program"]) == ["Alpha Genetics"]
    assert loaded.rejected.empty
    kept = flags.decode(loaded.valid.loc[0, flags.FLAGS])
    for column in kept:
        # An unreadable cell counts as unknown, and its text is kept as written.
        assert column in cells and kept[column]["value"] == cells[column]
        if column in loaded.valid:
            assert pd.isna(loaded.valid.loc[0, column])


def test_a_sheet_whose_every_optional_cell_is_unreadable_loads_every_program_and_round_trips():
    bad = {
        c: "??? see notes ⟂"
        for c in OPTIONAL
        if c
        not in (
            "notes",
            "liked",
            "questions",
            "international_schools",
            "usmle_requirements",
            "institution",
            "city",
            "eras_code",
            "nrmp_code",
            "acgme_id",
            "specialty",
        )
    }
    frame = pd.DataFrame({"program": [f"Program {i}" for i in range(5)], "state": ["TX", "OH", "CA", "MA", "IN"], **{k: [v] * 5 for k, v in bad.items()}})
    loaded = load_bytes(export.to_csv(frame), "bad.csv")
    assert len(loaded.valid) == 5 and loaded.rejected.empty
    assert loaded.flagged_programs == 5
    per_program = {k for k in flags.decode(loaded.valid.loc[0, flags.FLAGS])}
    assert per_program == set(bad) - {"strengths"}  # tags take any text, kept as written
    # The app's own export writes each cell back as written, with a problems column, and reloads the same.
    again = load_bytes(export.to_csv(loaded.valid), "again.csv")
    assert again.valid[flags.FLAGS].tolist() == loaded.valid[flags.FLAGS].tolist()
    assert flags.PROBLEMS not in again.valid.columns
    xlsx = load_bytes(export.to_xlsx(loaded.valid), "again.xlsx")
    assert xlsx.valid[flags.FLAGS].tolist() == loaded.valid[flags.FLAGS].tolist()


# A directory export of my own making, in the NRMP Program Directory's columns, tab-separated:
# thousands of programs of many specialties, most sharing a name with others.
SPECIALTIES = {
    "765": "Pediatrics-Medical Genetics",
    "766": "Internal Medicine-Medical Genetics",
    "140": "Internal Medicine",
    "320": "Pediatrics",
    "040": "Anesthesiology",
    "120": "Family Medicine",
}


def nrmp_export(n: int) -> bytes:
    lines = ["Program Name\tCity\tState\tInstitution Name\tNRMP Code\tACGME Code"]
    codes = list(SPECIALTIES)
    states = ["Indiana", "TX", "OH", "CA", "MA", "New York", "PR", "DC"]
    for i in range(n):
        specialty = codes[i % len(codes)]
        institution = 1000 + i // 4
        position = "CPRA"[i % 4]
        lines.append(
            f"{SPECIALTIES[specialty]}\tCity {i % 97}\t{states[i % len(states)]}\tHospital {institution}\t{institution}{specialty}{position}{i % 10}\t{specialty}{i:07d}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("name", ["directory.tsv", "directory.txt", "directory.xls", "directory"])
def test_an_nrmp_directory_export_loads_as_it_comes(name):
    from data.nrmp import POSITIONS, position_letter

    loaded = load_bytes(nrmp_export(3_000), name)
    assert len(loaded.valid) == 3_000 and loaded.rejected.empty and loaded.flagged.empty, loaded.errors.head()
    valid = loaded.valid
    assert valid["institution"].iloc[0] == "Hospital 1000" and valid["state"].iloc[0] == "IN"
    # Both ids are kept; the NRMP code names the program, so programs sharing a name and an institution stay apart.
    assert valid["nrmp_code"].iloc[1] == "1000766P1" and valid["acgme_id"].iloc[1] == "7660000001"
    assert valid["program_id"].is_unique and valid["program_id"].iloc[1] == "1000766P1"
    assert valid["program"].value_counts().max() == 500
    assert set(position_letter(valid["nrmp_code"])) == set("CPRA") <= set(POSITIONS)


def test_a_program_is_found_by_either_id_or_its_eras_code():
    from scoring.decision.filters import Filters, apply

    frame = pd.DataFrame(
        {
            "program": ["Pediatrics-Medical Genetics"] * 3,
            "institution": ["A", "B", "C"],
            "city": ["", "", ""],
            "notes": ["", "", ""],
            "nrmp_code": ["1716765C0", "1717765C0", pd.NA],
            "acgme_id": ["7651200001", pd.NA, "7651200003"],
            "eras_code": [pd.NA, pd.NA, "1301200003"],
        }
    )
    for needle, expected in (("1717765C0", ["B"]), ("7651200001", ["A"]), ("1301200003", ["C"]), ("765", ["A", "B", "C"])):
        assert apply(frame, Filters(text=needle))["institution"].tolist() == expected


def test_a_tab_separated_file_named_tsv_loads_like_the_same_bytes_named_txt():
    content = b"program\tstate\tJ-1\nAlpha\tTX\tY\nBeta\tIndiana\tN\n"
    tsv, txt = load_bytes(content, "mine.tsv"), load_bytes(content, "mine.txt")
    pd.testing.assert_frame_equal(tsv.valid, txt.valid)
    assert tsv.valid["state"].tolist() == ["TX", "IN"]
