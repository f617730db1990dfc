"""Cutoffs in three states (data contract): read, kept, written back, upgraded; and the rules file."""

import sqlite3
import tomllib

import pandas as pd
import pytest

from data import export, rules
from data.settings import Profile, SettingsError
from data.store import Workspace
from data.validation import load_bytes

HEADER = b"program,state,min_step2_score,max_attempts,max_years_since_graduation,ecfmg_required_by,requires_prior_residency\n"

READ = [
    # cell, column, what it becomes (None = blank: not checked yet)
    ("none", "min_step2_score", 0),
    ("No cutoff", "min_step2_score", 0),
    ("no", "max_attempts", 99),
    ("no limit", "max_attempts", 99),
    ("No minimum", "min_step2_score", 0),
    ("", "min_step2_score", None),
    ("?", "min_step2_score", None),
    ("220", "min_step2_score", 220),
    ("2", "max_attempts", 2),
    ("none", "ecfmg_required_by", pd.Timestamp("2200-01-01")),
    ("2027-03-01", "ecfmg_required_by", pd.Timestamp("2027-03-01")),
    ("", "ecfmg_required_by", None),
    ("none", "requires_prior_residency", False),
    ("not required", "requires_prior_residency", False),
    ("yes", "requires_prior_residency", True),
    ("", "requires_prior_residency", None),
]


@pytest.mark.parametrize(("cell", "column", "expected"), READ)
def test_a_cutoff_cell_reads_as_a_value_none_or_not_checked(cell, column, expected):
    csv = f"program,state,{column}\nA,TX,{cell}\n".encode()
    loaded = load_bytes(csv, "a.csv")
    assert loaded.errors.empty
    value = loaded.valid[column].iloc[0]
    if expected is None:
        assert pd.isna(value)
    else:
        assert value == expected


# The program's silence is not "no cutoff" (it was read as `none` before session 18): the cell
# is unknown, like a blank, kept as written and flagged so the applicant asks.
SILENT = [
    ("not stated", "max_years_since_graduation"),
    ("None stated", "max_attempts"),
    ("Not listed", "min_step2_score"),
    ("not mentioned", "min_step2_score"),
    ("not specified", "max_attempts"),
    ("unclear", "max_years_since_graduation"),
    ("Not stated on the website", "min_step2_score"),
    ("none listed", "ecfmg_required_by"),
    ("not stated", "requires_prior_residency"),
]


@pytest.mark.parametrize(("cell", "column"), SILENT)
def test_a_cutoff_the_program_does_not_state_is_unknown_and_flagged_to_ask(cell, column):
    from data.columns import SILENT_CUTOFF_REASON
    from data.flags import FLAGS, decode

    loaded = load_bytes(f"program,state,{column}\nA,TX,{cell}\n".encode(), "a.csv")
    assert loaded.rejected.empty and len(loaded.valid) == 1
    assert pd.isna(loaded.valid[column].iloc[0])
    flag = decode(loaded.valid[FLAGS].iloc[0])[column]
    assert flag["value"] == cell and flag["reason"] == SILENT_CUTOFF_REASON
    assert "not the same as no cutoff" in flag["reason"] and "Ask the program" in flag["reason"]
    # Written back exactly as written, and read the same way again.
    text = export.to_csv(loaded.valid)
    assert cell.encode() in text
    again = load_bytes(text, "a.csv")
    assert pd.isna(again.valid[column].iloc[0]) and decode(again.valid[FLAGS].iloc[0])[column]["value"] == cell


@pytest.mark.parametrize("cell", ["unknown", "?", "n/a"])
def test_a_cutoff_no_one_knows_yet_is_a_blank_not_a_flag(cell):
    loaded = load_bytes(f"program,state,min_step2_score\nA,TX,{cell}\n".encode(), "a.csv")
    assert loaded.errors.empty and pd.isna(loaded.valid["min_step2_score"].iloc[0])


def test_none_is_written_back_as_none_in_every_file_and_reads_the_same():
    loaded = load_bytes(HEADER + b"A,TX,none,none,none,none,none\nB,TX,220,2,5,2027-03-01,yes\nC,TX,,,,,\n", "a.csv")
    frame = loaded.valid.drop(columns=[c for c in loaded.valid.columns if c.startswith("_")])
    text = export.as_spreadsheet_text(frame)
    assert text.loc[0, ["min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by"]].tolist() == ["none"] * 4
    assert text.loc[2, ["min_step2_score", "ecfmg_required_by"]].isna().all()
    for suffix in ("csv", "xlsx", "parquet"):
        again = load_bytes(export.by_extension(frame, suffix), f"x.{suffix}")
        assert again.errors.empty, suffix
        for column in ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency"):
            pd.testing.assert_series_equal(again.valid[column], loaded.valid[column], check_names=False, obj=f"{suffix} {column}")
    assert b"99" not in export.to_csv(frame)  # the stored value of "none" never reaches a file


def test_a_cutoff_out_of_range_is_flagged_with_none_named():
    """An unreadable cutoff never costs the program (data contract): kept as written, flagged, unknown."""
    from data.flags import FLAGS, decode

    loaded = load_bytes(b"program,state,max_attempts\nA,TX,12\n", "a.csv")
    assert loaded.errors.empty and len(loaded.valid) == 1
    assert pd.isna(loaded.valid["max_attempts"].iloc[0])
    flag = decode(loaded.valid[FLAGS].iloc[0])["max_attempts"]
    assert flag["value"] == "12" and "or none" in flag["reason"]


def test_an_old_workspace_is_told_once_about_blank_cutoffs(tmp_path):
    path = tmp_path / "old.sqlite"
    old = Workspace(path)
    old.save(tables={"programs": load_bytes(HEADER + b"A,TX,,,,,\n", "a.csv").valid})
    with sqlite3.connect(path) as conn:  # as the previous version left it
        conn.execute("DELETE FROM settings WHERE name = 'cutoffs_upgrade'")
        conn.execute("PRAGMA user_version = 1")
    upgraded = Workspace(path)
    assert upgraded.load_setting("cutoffs_upgrade") == {"pending": True}
    assert upgraded.load_table("programs")["min_step2_score"].isna().all()  # nothing is changed without a click
    fresh = Workspace(tmp_path / "new.sqlite")
    assert fresh.load_setting("cutoffs_upgrade") is None


PROFILES = [
    ({"step3": "scheduled", "step3_date": "2027-02-01"}, None),
    ({"prior_residency": "obgyn", "prior_residency_where": "us-canada"}, None),
    ({"step1_status": "pass-after-fail"}, None),
    ({"step1_status": "failed-attempts"}, None),  # an old answer is still read (the Profile asks again)
    ({"step3": "maybe"}, "profile.step3 must be one of"),
    ({"prior_residency_where": "mars"}, "profile.prior_residency_where must be one of"),
    ({"step3_date": "soon"}, "profile.step3_date must be a date"),
]


@pytest.mark.parametrize(("raw", "problem"), PROFILES)
def test_profile_exam_and_training_fields(raw, problem):
    if problem is None:
        profile = Profile.from_dict(raw)
        assert Profile.from_dict(profile.to_dict()) == profile
    else:
        with pytest.raises(SettingsError, match=problem):
            Profile.from_dict(raw)


def test_the_shipped_rules_load_and_each_has_a_source_and_date():
    shipped = rules.rules()
    assert {"j1_sponsor", "h1b_step3", "rank_interviewed", "extra_ranks", "prior_training_us"} <= set(shipped)
    for rule in shipped.values():
        assert rule.source and rule.source_date
        if rule.status == "not-confirmed":
            assert "Not confirmed" in rule.text
    assert rules.read_on() is not None


BROKEN = [
    ("", r"no \[rules\.<name>\] entries"),
    ('[rules.a]\ntopic = "visa"\nsay = "x"\nstatus = "sure"\nsource = "s"\nsource_date = "2026"\n', "rules.a.status must be one of"),
    ('[rules.a]\ntopic = "visa"\nstatus = "confirmed"\nsource = "s"\nsource_date = "2026"\n', "rules.a.say is missing"),
    ('[rules.a]\ntopic = "visa"\nsay = "x"\nstatus = "confirmed-older"\nsource = "s"\nsource_date = "2016"\n', "must name its season"),
    ('[rules.a]\ntopic = "law"\nsay = "x"\nstatus = "confirmed"\nsource = "s"\nsource_date = "2016"\n', "rules.a.topic must be one of"),
    ('[rules.a]\ntopic = "visa"\nsay = "x"\nstatus = "confirmed"\nsource = "s"\nsource_date = "2016"\nlink = "u"\n', "unknown keys: link"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_a_broken_rules_file_names_the_key_and_the_problem(text, message):
    with pytest.raises(rules.RulesFileError, match=message):  # messages are regexes
        rules.parse(tomllib.loads(text), "rules.toml")


def test_after_the_upgrade_the_first_page_says_so_once_and_a_click_fills_one_column(workspace_path):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    ws = Workspace(workspace_path)
    ws.save(tables={"programs": load_bytes(HEADER + b"A,TX,,2,,,\nB,TX,230,,,,\n", "a.csv").valid}, settings={"cutoffs_upgrade": {"pending": True}})
    at = AppTest.from_file(app, default_timeout=60).run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "A blank cutoff now means" in said
    buttons = {b.key: b for b in at.button if str(b.key).startswith("cutoffs_none_")}
    assert set(buttons) == {
        f"cutoffs_none_{c}" for c in ("min_step2_score", "max_attempts", "max_years_since_graduation", "ecfmg_required_by", "requires_prior_residency")
    }
    buttons["cutoffs_none_min_step2_score"].click().run()
    programs = Workspace(workspace_path).load_table("programs").set_index("program")
    assert programs.loc["A", "min_step2_score"] == 0 and programs.loc["B", "min_step2_score"] == 230  # only the blank changed
    assert programs["max_attempts"].isna().sum() == 1  # the other columns are untouched
    assert Workspace(workspace_path).load_setting("cutoffs_upgrade") == {"pending": False}  # said once
    later = AppTest.from_file(app, default_timeout=60).run()  # a later session: not again
    assert "A blank cutoff now means" not in " ".join(m.value for m in later.markdown)


def test_a_table_saved_before_new_columns_reads_with_them_blank_and_scores(tmp_path):
    """An older workspace's programs lack the columns added since (entry level, NRMP code...):
    they read as blank, and every score, research-next included, runs on them."""
    from datetime import date

    from data.settings import Weights
    from scoring.decision.ranking import score_programs
    from scoring.decision.research_next import research_next

    old = load_bytes(HEADER + b"A,TX,,2,,,\nB,TX,230,,,,\n", "a.csv").valid
    old = old.drop(columns=[c for c in ("entry_level", "length_years", "h1b_cap_exempt", "nrmp_code", "acgme_id", "specialty") if c in old])
    ws = Workspace(tmp_path / "w.sqlite")
    ws.save(tables={"programs": old})
    loaded = ws.load_table("programs")
    assert {"entry_level", "h1b_cap_exempt"} <= set(loaded.columns) and loaded["entry_level"].isna().all()
    assert loaded[list(old.columns)].equals(old)  # nothing saved is changed
    profile = Profile(graduation_year=2018, step2_score=225)
    scored = score_programs(old, profile, Weights(), date(2026, 12, 7))
    todo = research_next(scored, old, profile, Weights(), date(2026, 12, 7))
    assert "years-since-graduation limit" in set(todo["input"])
