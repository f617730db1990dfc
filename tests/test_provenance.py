"""Where each group of facts came from, and when: read from uploads, dated by the contact
log, and marked from an earlier season when checked before this season's ERAS opening."""

from datetime import date

import pandas as pd
import pytest

from data import bundled
from data.validation import load_bytes
from scoring.decision import provenance

OPENS = date(2026, 9, 23)


def load(text: str) -> pd.DataFrame:
    loaded = load_bytes(text.encode(), "p.csv")
    assert loaded.rejected.empty and loaded.flagged.empty, (loaded.errors, loaded.flagged)
    return loaded.valid


def test_upload_columns_and_their_readable_aliases_set_source_and_date():
    valid = load("Program name,State,J-1,Visa source,Visa checked on,cutoffs_source,cutoffs_checked_on\nA,TX,Y,Program website,2026-10-02,FREIDA,2025-05-01\n")
    assert valid.loc[0, "visa_source"] == "website" and valid.loc[0, "visa_checked_on"] == pd.Timestamp("2026-10-02")
    assert valid.loc[0, "cutoffs_source"] == "freida"


@pytest.mark.parametrize(
    ("checked", "earlier"),
    [("2026-10-02", False), ("2026-09-23", False), ("2026-09-22", True), ("2025-05-01", True), ("", True)],
)
def test_a_fact_checked_before_this_seasons_eras_opening_or_never_dated_is_from_an_earlier_season(checked, earlier):
    valid = load(f"program,state,j1,visa_checked_on\nA,TX,yes,{checked}\n")
    assert bool(provenance.earlier_season(valid, OPENS).loc[0, "visa"]) is earlier


def test_a_group_with_no_known_fact_is_never_called_stale():
    valid = load("program,state\nA,TX\n")
    assert not provenance.earlier_season(valid, OPENS).to_numpy().any()


def test_a_reply_in_the_contact_log_dates_the_responsiveness_facts():
    valid = load("program,state,responsiveness,responsiveness_checked_on\nA,TX,helpful,2025-01-01\n")
    contacts = pd.DataFrame(
        {
            "program_id": [valid.loc[0, "program_id"]],
            "channel": ["email"],
            "sent_on": [pd.Timestamp("2026-10-01")],
            "replied_on": [pd.Timestamp("2026-10-04")],
        }
    )
    assert bool(provenance.earlier_season(valid, OPENS).loc[0, "responsiveness"])
    assert not bool(provenance.earlier_season(valid, OPENS, contacts).loc[0, "responsiveness"])
    assert provenance.dates(valid, contacts).loc[0, "responsiveness"] == pd.Timestamp("2026-10-04")
    assert provenance.sources(valid, contacts).loc[0, "responsiveness"] == "email"
    resident = contacts.assign(channel="resident", replied_on=pd.NaT, sent_on=pd.Timestamp("2026-11-02"))
    assert provenance.sources(valid, resident).loc[0, "responsiveness"] == "resident"
    lines = provenance.describe(
        valid.iloc[0],
        provenance.earlier_season(valid, OPENS, resident).iloc[0],
        provenance.dates(valid, resident).iloc[0],
        provenance.sources(valid, resident).iloc[0],
    )
    assert "Responsiveness: from a current resident, checked 2026-11-02" in lines


def test_the_season_opening_is_read_from_the_season_file_and_the_users_own_win():
    shipped = bundled.season()
    assert provenance.season_opening(shipped) == shipped.on(provenance.OPENING)
    assert provenance.season_opening(shipped, {provenance.OPENING: "2026-06-10"}) == date(2026, 6, 10)


def test_research_next_lists_facts_from_an_earlier_season_and_exports_keep_the_columns():
    from data import export
    from data.settings import Profile, Weights
    from scoring.decision.ranking import score_programs
    from scoring.decision.research_next import research_next

    valid = load("program,state,j1,h1b,visa_source,visa_checked_on\nA,TX,yes,no,website,2025-03-01\nB,OH,yes,no,email,2026-10-01\n")
    scored = score_programs(valid, Profile(), Weights(), date(2026, 12, 7))
    todo = research_next(scored, valid, Profile(), Weights(), date(2026, 12, 7), season_opens=OPENS)
    old = todo[todo["todo"].str.contains(provenance.EARLIER)]
    assert old["program"].tolist() == ["A"] and "visa" in old["todo"].iloc[0]
    again = load_bytes(export.to_csv(valid), "again.csv").valid
    assert again["visa_source"].tolist() == ["website", "email"]
    assert again["visa_checked_on"].tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2026-10-01")]


def test_a_program_with_nothing_unknown_still_lists_its_cells_to_fix_and_old_facts():
    from data.settings import Profile, Weights
    from scoring.decision.ranking import score_programs
    from scoring.decision.research_next import research_next

    loaded = load_bytes(b"program,state,j1,visa_checked_on,positions\nA,TX,yes,2025-03-01,two\n", "p.csv")
    scored = score_programs(loaded.valid, Profile(), Weights(), date(2026, 12, 7))
    todo = research_next(scored, loaded.valid, Profile(), Weights(), date(2026, 12, 7), season_opens=OPENS)
    assert todo["todo"].str.contains("'two'").any()
    assert todo["todo"].str.contains(provenance.EARLIER).any()


@pytest.mark.parametrize(
    ("checked_on", "said", "not_said"),
    [
        # Never dated: the app cannot tell the season, and says so rather than calling it old.
        (None, "no date to tell this season's from an earlier one", provenance.EARLIER),
        # Checked before this season's ERAS opening: from an earlier season.
        ("2025-10-01", f"{provenance.EARLIER}: check again", "no date to tell"),
    ],
)
def test_an_undated_fact_is_not_called_one_from_an_earlier_season(checked_on, said, not_said):
    program = pd.DataFrame({"program_id": ["A"], "program": ["Pediatrics-Medical Genetics"], "state": ["IN"], "j1": [True]})
    program["visa_checked_on"] = pd.to_datetime(pd.Series([checked_on]))
    lines = provenance.describe(program.iloc[0], provenance.earlier_season(program, OPENS).iloc[0], provenance.dates(program).iloc[0])
    visa = next(line for line in lines if line.startswith("Visa"))
    assert said in visa and not_said not in visa


@pytest.mark.parametrize(
    ("second_file", "visa_source", "cutoffs_source"),
    [
        # The sheet changes H-1B without a source: the website's date no longer vouches for it.
        ("Program name,State,H-1B\nA,TX,yes\n", None, "freida"),
        # The same value again: nothing changed, the source stands.
        ("Program name,State,H-1B\nA,TX,no\n", "website", "freida"),
        # A blank cell keeps the saved value, and so its source.
        ("Program name,State,H-1B,Step 2 cutoff\nA,TX,,\n", "website", "freida"),
        # A cutoff changed: only the cutoffs' source goes.
        ("Program name,State,Step 2 cutoff\nA,TX,230\n", "website", None),
        # The file names its own source for what it changes: that one is kept.
        ("Program name,State,H-1B,Visa source,Visa checked on\nA,TX,yes,Email,2026-11-20\n", "email", "freida"),
    ],
)
def test_a_merge_that_changes_a_fact_without_its_source_forgets_the_old_source(second_file, visa_source, cutoffs_source):
    from data import merge

    saved = load(
        "Program name,State,H-1B,Step 2 cutoff,Visa source,Visa checked on,cutoffs_source,cutoffs_checked_on\n"
        "A,TX,no,220,Program website,2026-10-02,FREIDA,2025-05-01\n"
    )
    upload = load_bytes(second_file.encode(), "p.csv")
    after = merge.apply(saved, upload.valid, "merge", upload.supplied)
    row = after.iloc[0]
    assert (None if pd.isna(row["visa_source"]) else row["visa_source"]) == visa_source
    assert pd.isna(row["visa_checked_on"]) == (visa_source is None)
    assert (None if pd.isna(row["cutoffs_source"]) else row["cutoffs_source"]) == cutoffs_source
    assert pd.isna(row["cutoffs_checked_on"]) == (cutoffs_source is None)
