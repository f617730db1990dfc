"""The season as a dated file (data/season/<year>.toml): every fact sourced and dated,
checked when loaded, fees per ERAS specialty, and the staleness message."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data import bundled
from data.seasons import DATE_KEYS, FEE_KEYS, SEASON_DIR, SeasonFileError, parse_season, upgrade_saved_dates
from scoring.calendar import fees, season

RAW = tomllib.loads((SEASON_DIR / "2027.toml").read_text(encoding="utf-8"))
SEASON = bundled.season()


def test_every_fact_has_a_source_a_read_date_and_how_sure_it_is():
    facts = [*SEASON.dates.values(), *SEASON.fees.values(), *SEASON.signals.values()]
    assert set(SEASON.dates) == set(DATE_KEYS) and set(SEASON.fees) == set(FEE_KEYS)
    for fact in facts:
        assert fact.source and isinstance(fact.read, date) and fact.figure_from
        assert fact.status in ("official", "estimate", "not-confirmed")
        # A figure from another season is never called this season's.
        assert fact.status != "official" or fact.figure_from == SEASON.season
    assert SEASON.fees["eras"].word == "estimate" and SEASON.fees["eras"].figure_from == "2026"
    assert SEASON.signals["Pediatrics/Medical Genetics"].word == "not confirmed"


def broken(path: str, value: object) -> dict:
    """RAW with one value replaced (None removes it)."""
    import copy

    raw = copy.deepcopy(RAW)
    *parents, last = path.split(".")
    here = raw
    for key in parents:
        here = here[key]
    if value is None:
        del here[last]
    else:
        here[last] = value
    return raw


BROKEN_SEASONS = [
    ("dates.match_day", None, "2027.toml: dates.match_day: missing"),
    ("dates.match_day.on", "March 19", "2027.toml: dates.match_day.on: must be a date written as 2027-03-19, not 'March 19'"),
    ("dates.match_day.source", None, "2027.toml: dates.match_day.source: missing"),
    ("dates.match_day.status", "sure", "2027.toml: dates.match_day.status: must be one of official, estimate, not-confirmed, not 'sure'"),
    (
        "dates.match_day.status",
        "official",
        "2027.toml: dates.match_day.status: 'official' is only for this season's (2027) figure; a figure from 2026 is an 'estimate'",
    ),
    (
        "dates.match_day.on",
        date(2027, 2, 1),
        "2027.toml: dates: ranking_opens, rank_list_deadline, match_week, match_day, training_starts must fall in that order",
    ),
    ("dates.signing_day", {"on": date(2027, 1, 1)}, "2027.toml: dates.signing_day: not a known date"),
    ("fees.eras.first_each", "eleven", "2027.toml: fees.eras.first_each: must be a number of at least 0, not 'eleven'"),
    ("fees.usmle_transcript", None, "2027.toml: fees.usmle_transcript: missing"),
    ("fees.eras.read", "yesterday", "2027.toml: fees.eras.read: must be the date the source was read"),
    ("signals.Pediatrics.count", 2.5, "2027.toml: signals.'Pediatrics'.count: must be a whole number of at least 0, not 2.5"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN_SEASONS)
def test_a_broken_season_file_is_refused_naming_file_key_and_problem(path, value, message):
    with pytest.raises(SeasonFileError) as caught:
        parse_season(broken(path, value), "2027.toml")
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


FEE_CASES = [
    # programs per ERAS specialty, ERAS fees per specialty (AAMC, 2026 season: $11 each for 1-30, $30 each after, per specialty)
    (
        {"Pediatrics/Medical Genetics": 31, "Internal Medicine/Medical Genetics": 5},
        {"Pediatrics/Medical Genetics": 360, "Internal Medicine/Medical Genetics": 55},
    ),
    ({"Internal Medicine": 43, "Radiology": 7}, {"Internal Medicine": 720, "Radiology": 77}),  # the AAMC's own example 2: $797
    ({"Internal Medicine": 32, "Emergency Medicine": 32}, {"Internal Medicine": 390, "Emergency Medicine": 390}),  # example 3: $780
    ({"Emergency Medicine": 30}, {"Emergency Medicine": 330}),  # example 1
    ({"Pediatrics": 0}, {}),
]


@pytest.mark.parametrize(("counts", "expected"), FEE_CASES)
def test_eras_fees_count_again_in_each_specialty(counts, expected):
    assert fees.eras_fees(counts, SEASON) == expected


def test_fee_lines_read_per_specialty_and_say_estimate():
    lines = fees.fee_lines({"Pediatrics/Medical Genetics": 31, "Internal Medicine/Medical Genetics": 5}, SEASON)
    assert lines == [
        "31 Pediatrics/Medical Genetics programs: $360 (estimate, 2026 fees)",
        "5 Internal Medicine/Medical Genetics programs: $55 (estimate, 2026 fees)",
    ]
    # Where the source follows the lines, it says how sure, once.
    assert fees.fee_lines({"Pediatrics/Medical Genetics": 31}, SEASON, sure_too=False) == ["31 Pediatrics/Medical Genetics programs: $360"]


@pytest.mark.parametrize(("ranks", "extra", "fee", "over"), [(0, 0, 0, 0), (20, 0, 0, 0), (21, 1, 30, 0), (25, 5, 150, 0), (301, 281, 8430, 1)])
def test_extra_ranks_come_from_the_final_list(ranks, extra, fee, over):
    assert fees.extra_ranks(ranks, SEASON) == extra
    assert fees.extra_rank_fee(ranks, SEASON) == fee
    assert fees.over_max_ranks(ranks, SEASON) == over
    assert bool(fees.nrmp_warnings(ranks, SEASON)) == bool(extra or over)


def test_other_costs_are_sourced():
    rows = fees.other_costs(SEASON, ranks=22)
    assert [r["Fee"].split(" ")[0] for r in rows] == ["USMLE", "NRMP", "NRMP"]
    assert all(r["Source"] and r["How sure"] in ("official", "estimate", "not confirmed") for r in rows)
    assert "$60 for your 22 ranks" in rows[2]["Amount"]
    # How sure has its own column; the source does not say it twice in one row.
    for row in rows:
        assert (row["How sure"] + " " + row["Source"]).count("estimate") <= 1


def test_eras_specialty_follows_the_track_or_the_nrmp_code():
    from scoring.vocabulary.specialty import eras_specialty

    frame = pd.DataFrame(
        {
            "track": pd.array(["peds-mgg", "im-mgg", None, None, "other"], dtype="string"),
            "nrmp_code": pd.array([None, None, "1716766C0", None, None], dtype="string"),
        }
    )
    assert eras_specialty(frame).tolist() == [
        "Pediatrics/Medical Genetics",
        "Internal Medicine/Medical Genetics",
        "Internal Medicine/Medical Genetics",  # 766 in the NRMP code
        "Medical Genetics and Genomics",  # unknown type: the pack's default track
        "",  # a type the pack cannot place in an ERAS specialty
    ]


@pytest.mark.parametrize(
    ("today", "stale"),
    [(date(2026, 12, 7), False), (date(2027, 3, 19), False), (date(2027, 3, 20), True), (date(2027, 9, 1), True)],
)
def test_after_match_day_the_facts_are_last_seasons(today, stale):
    said = season.staleness(SEASON, today)
    assert bool(said) == stale
    if stale:
        assert "last season's" in said and "data/season/2027.toml" in said and "copy" in said


def test_saved_dates_upgrade_from_older_names():
    assert upgrade_saved_dates({"eras_opens": "2026-09-30", "match_day": "2027-03-19"}) == {"programs_review": "2026-09-30", "match_day": "2027-03-19"}


def test_an_edited_old_dates_file_is_kept_as_the_users_dates(tmp_path: Path):
    (tmp_path / "season_dates.json").write_text(
        '{"season": "x", "dates": {"eras_opens": "2026-09-30", "rank_list_deadline": "2027-03-03", "match_day": "2027-03-19"}}'
    )
    # Only the date changed from what shipped is the user's; the unchanged ones follow the season file.
    assert bundled.legacy_date_edits(tmp_path) == {"programs_review": "2026-09-30"}
    assert bundled.legacy_date_edits(tmp_path / "missing") == {}
    (tmp_path / "eras_fees.json").write_text("{}")
    assert "no longer read" in bundled.legacy_fees_note(tmp_path)
    assert bundled.legacy_fees_note(tmp_path / "missing") == ""


SIGNAL_CASES = [
    # ERAS specialties of the programs signalled, what is said about the first specialty
    (["Pediatrics/Medical Genetics"] * 3, "3 of 3 signals used (not confirmed)"),
    (["Pediatrics/Medical Genetics"] * 4, "4 signalled, more than the 3 allowed (not confirmed): choose which 3 to keep"),
    (["Pediatrics"], "the number of signals allowed is not confirmed"),
    (["Dermatology"], "whether this specialty uses signals is not confirmed"),
]


@pytest.mark.parametrize(("signalled", "said"), SIGNAL_CASES)
def test_signals_are_counted_per_eras_specialty_against_the_season(signalled, said):
    counts = fees.signal_counts(pd.Series(signalled), SEASON)
    assert said in counts[0].message and counts[0].used == len(signalled)


def test_a_specialty_that_does_not_use_signals_says_so():
    raw = broken("signals.Pediatrics.participates", False)
    not_used = parse_season(raw, "2027.toml")
    assert "does not use program signals" in fees.signal_counts(pd.Series(["Pediatrics"]), not_used)[0].message


def test_only_programs_in_a_chosen_division_see_the_eras_geographic_preference():
    from data.settings import Profile, parse_profile

    division = pd.Series(["Pacific", "Mountain", None, "New England"], dtype="string")
    assert season.sees_geographic_preference(division, Profile(eras_divisions=("Pacific", "New England"))).tolist() == [True, False, False, True]
    assert season.sees_geographic_preference(division, Profile(eras_no_preference=True)).all()
    assert not season.sees_geographic_preference(division, Profile()).any()  # skipped: nothing is shown
    # The personal location preference is its own answer, with no cap of three.
    five = ["Pacific", "Mountain", "New England", "Middle Atlantic", "South Atlantic"]
    assert parse_profile({"preferred_divisions": five}).preferred_divisions == tuple(five)
