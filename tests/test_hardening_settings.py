"""One validator for the profile, weights and the other settings: the CLI, the pages and
restore all refuse the same bad values with a message naming the field and the value."""

from __future__ import annotations

import contextlib
import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli
from data.settings import SETTING_DEFAULTS, SettingsError, Weights, parse_profile, parse_weights, setting_problems

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "example"

BAD_PROFILES = [
    ({"thresholds": {"dream_goal_fit": "abc"}}, "profile.thresholds.dream_goal_fit"),
    ({"thresholds": {"dream_goal_fit": 150}}, "profile.thresholds.dream_goal_fit"),
    ({"thresholds": {"safety_friendliness": -1}}, "profile.thresholds.safety_friendliness"),
    ({"thresholds": {"solid_friendliness": 11}}, "profile.thresholds.solid_friendliness"),
    ({"thresholds": {"solid_friendliness": None}}, "profile.thresholds.solid_friendliness"),
    ({"thresholds": {"solid_friendliness": True}}, "profile.thresholds.solid_friendliness"),
    ({"thresholds": {"unknown_threshold": 1}}, "unknown fields"),
    ({"thresholds": [1, 2]}, "profile.thresholds must be a JSON object"),
    ({"preferred_divisions": "Pacific"}, "must be a list of Census division names"),
    ({"preferred_divisions": ["Atlantis"]}, "Atlantis"),
    ({"eras_divisions": ["Pacific", "Mountain", "New England", "Middle Atlantic"]}, "ERAS takes at most 3"),
    ({"eras_settings": ["downtown"]}, "profile.eras_settings must be a list of urban, suburban, rural"),
    ({"visa_need": "green card"}, "profile.visa_need"),
    ({"step2_score": "high"}, "profile.step2_score"),
    ({"step2_score": 999}, "profile.step2_score"),
    ({"attempts": 1.5}, "profile.attempts"),
    ({"cost_tolerance": 9}, "profile.cost_tolerance"),
    ({"ecfmg_certified": "yes"}, "profile.ecfmg_certified"),
    ({"ecfmg_expected": "soon"}, "profile.ecfmg_expected"),
    ({"name": ["a"]}, "profile.name"),
    ({"favourite_colour": "blue"}, "unknown fields"),
    ([1, 2, 3], "profile must be a JSON object"),
    ("text", "profile must be a JSON object"),
]


@pytest.mark.parametrize(("raw", "named"), BAD_PROFILES)
def test_a_bad_profile_is_refused_naming_the_field(raw, named):
    with pytest.raises(SettingsError) as caught:
        parse_profile(raw)
    assert any(named in problem for problem in caught.value.problems), caught.value.problems
    assert setting_problems("profile", raw)


def test_infinity_and_nan_are_not_numbers():
    for value in (math.inf, -math.inf, math.nan, json.loads("1e400")):
        assert setting_problems("profile", {"thresholds": {"dream_goal_fit": value}})
        assert setting_problems("weights", {"focus": value})


@pytest.mark.parametrize("raw", [{"focus": "abc"}, {"focus": 11}, {"focus": -0.5}, {"focus": None}, {"focus": False}, {"charm": 3}, ["focus"], 7])
def test_bad_weights_are_refused(raw):
    with pytest.raises(SettingsError):
        parse_weights(raw)


def test_the_validator_follows_the_dataclass_fields():
    # A field added to Weights later is checked by its default's type without touching the validator.
    for spec in Weights.__dataclass_fields__.values():
        wrong = "abc" if isinstance(spec.default, float) else 3.0
        assert setting_problems("weights", {spec.name: wrong}), spec.name


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("manual_order", {"order": [1, 2]}),
        ("manual_order", {"order": "P1"}),
        ("manual_order", ["P1"]),
        ("manual_order", {"sequence": []}),
        ("letter_assignments", "Dr A"),
        ("letter_assignments", {"P1": "Dr A"}),
        ("letter_assignments", {"P1": [1]}),
        ("letter_assignments", [["P1", ["Dr A"]]]),
        ("unknown_setting", {}),
    ],
)
def test_bad_other_settings_are_refused(name, value):
    assert setting_problems(name, value)


def test_defaults_and_the_example_pass():
    for name, default in SETTING_DEFAULTS.items():
        assert setting_problems(name, default()) == []
    assert setting_problems("profile", json.loads((EXAMPLE / "profile.json").read_text())) == []
    assert setting_problems("weights", json.loads((EXAMPLE / "weights.json").read_text())) == []
    assert setting_problems("letter_assignments", {"P1": ["Dr A", "Dr B"]}) == []
    assert setting_problems("manual_order", {"order": ["P2", "P1"]}) == []


@given(
    st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5), lambda c: st.lists(c) | st.dictionaries(st.text(max_size=8), c))
)
def test_any_json_gives_problems_or_a_setting_never_an_exception(value):
    for name in SETTING_DEFAULTS:
        setting_problems(name, value)
    with contextlib.suppress(SettingsError):
        parse_profile(value)


# The CLI ---------------------------------------------------------------------------


def _rank(tmp_path, capsys, *extra):
    code = cli.main(["rank", str(EXAMPLE / "programs.csv"), "--as-of", "2026-11-22", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('{"thresholds": {"dream_goal_fit": "abc"}}', "dream_goal_fit"),
        ('{"thresholds": {"dream_goal_fit": 1e400}}', "dream_goal_fit"),
        ('{"thresholds": {"safety_friendliness": 50}}', "safety_friendliness"),
        ('{"preferred_divisions": ["Atlantis"]}', "Atlantis"),
        ('{"preferred_divisions": "Pacific"}', "must be a list"),
        ('["not", "an", "object"]', "JSON object"),
        ("{not json", "Could not read"),
    ],
)
def test_cli_refuses_a_bad_profile_with_exit_two(tmp_path, capsys, text, named):
    profile = tmp_path / "profile.json"
    profile.write_text(text)
    out = tmp_path / "ranked.csv"
    code, _, err = _rank(tmp_path, capsys, "--profile", str(profile), "--out", str(out))
    assert code == 2 and named in err and str(profile) in err and "Traceback" not in err
    assert not out.exists()


def test_cli_refuses_bad_weights_with_exit_two(tmp_path, capsys):
    weights = tmp_path / "weights.json"
    weights.write_text('{"focus": "lots", "research": 1e400}')
    code, _, err = _rank(tmp_path, capsys, "--weights", str(weights), "--out", str(tmp_path / "r.csv"))
    assert code == 2 and "weights.focus" in err and "weights.research" in err


def test_cli_refuses_to_overwrite_its_input(tmp_path, capsys):
    source = tmp_path / "programs.csv"
    source.write_bytes((EXAMPLE / "programs.csv").read_bytes())
    before = source.read_bytes()
    link = tmp_path / "link.csv"
    os.symlink(source, link)
    (tmp_path / "sub").mkdir()
    for out in (source, link, tmp_path / "sub" / ".." / "programs.csv"):
        code = cli.main(["rank", str(source), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2 and "same file" in err, out
    assert source.read_bytes() == before
    hard = tmp_path / "hard.csv"
    os.link(source, hard)
    assert cli.main(["rank", str(source), "--out", str(hard)]) == 2
    assert source.read_bytes() == before


def test_cli_refuses_an_unknown_output_type_before_working(tmp_path, capsys):
    code, _, err = _rank(tmp_path, capsys, "--out", str(tmp_path / "ranked.txt"))
    assert code == 2 and ".csv, .xlsx or .parquet" in err
