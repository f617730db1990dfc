"""Several specialties in one workspace: each program scored with its own pack, the
rank list one list across them, and a specialty without a pack set aside, never lost.
A third pack written here alone works end to end with no code change."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data.packs import load_packs, registry
from data.settings import Profile, Weights
from scoring.calendar.fees import counts_by_specialty
from scoring.decision.ranking import score_programs
from scoring.vocabulary import specialty
from tests.helpers import programs_frame

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 12, 7)


def test_pediatrics_is_a_second_built_in_pack():
    peds = registry().by_key["pediatrics"]
    assert peds.track("pediatrics").eras_specialty == "Pediatrics"
    assert (peds.track("pediatrics").entry_level, peds.track("pediatrics").length_years) == ("pgy1", 3)
    assert set(peds.focuses) == {"subspecialty", "primary-care", "hospital"}
    assert registry().primary.key == "medical-genetics"  # sheets without a specialty stay genetics sheets


SPECIALTY_CASES = [
    # the program's cells, its specialty
    ({"track": "peds-mgg"}, "medical-genetics"),
    ({"track": "pediatrics"}, "pediatrics"),
    ({"specialty": "Pediatrics"}, "pediatrics"),  # the pack's name, as a person writes it
    ({"specialty": "pediatrics", "track": "peds-mgg"}, "pediatrics"),  # the specialty column wins
    ({"nrmp_code": "1716766C0"}, "medical-genetics"),  # 766: Internal Medicine/Medical Genetics
    ({"nrmp_code": "1716320C0"}, "pediatrics"),
    ({"nrmp_code": "1716140C0"}, "NRMP specialty 140"),  # no pack: kept as what it is
    ({"specialty": "Dermatology"}, "Dermatology"),
    ({}, "medical-genetics"),  # nothing says: the default pack
]


@pytest.mark.parametrize(("cells", "expected"), SPECIALTY_CASES)
def test_each_programs_specialty(cells, expected):
    frame = pd.DataFrame({"track": [pd.NA], "specialty": [pd.NA], "nrmp_code": [pd.NA]} | {k: [v] for k, v in cells.items()}).astype("string")
    assert specialty.specialty_of(frame).tolist() == [expected]


def mixed() -> pd.DataFrame:
    return programs_frame(
        [
            {
                "program_id": "G1",
                "program": "Pediatrics-Medical Genetics",
                "institution": "A",
                "track": "peds-mgg",
                "strengths": "metabolic",
                "childrens_hospital": True,
            },
            {"program_id": "G2", "program": "Pediatrics-Medical Genetics", "institution": "B", "track": "peds-mgg"},
            {"program_id": "P1", "program": "Pediatrics", "institution": "A", "track": "pediatrics", "strengths": "primary-care", "community_support": True},
            {"program_id": "P2", "program": "Pediatrics", "institution": "C", "specialty": "pediatrics"},
            {"program_id": "X1", "program": "Dermatology", "institution": "D", "specialty": "Dermatology"},
        ]
    )


def test_each_specialty_is_scored_with_its_own_focus_and_one_list_is_ranked():
    programs = mixed()
    profile = Profile(career_focus="pediatric", specialties=("medical-genetics", "pediatrics"), focuses=(("pediatrics", "primary-care"),))
    kept = specialty.with_pack(programs)
    assert specialty.set_aside_counts(programs) == {"Dermatology": 1}
    assert "X1" not in set(kept["program_id"])  # never scored as another specialty
    scored = score_programs(kept, profile, Weights(), AS_OF)
    by_id = scored.set_index("program_id")
    # Primary care evidence (a primary-care tag and community support) counts for the Pediatrics program...
    assert by_id.loc["P1", "factor_focus_min"] == pytest.approx(1.0)
    # ...and pediatric genetics evidence (a metabolic clinic, a children's hospital, the peds-MGG track) for the genetics one.
    assert by_id.loc["G1", "factor_focus_min"] > 0.5
    assert sorted(scored["rank"]) == [1, 2, 3, 4]  # one rank list across specialties, as the NRMP's is
    assert set(scored["specialty"]) == {"medical-genetics", "pediatrics"}
    counts = counts_by_specialty(specialty.eras_specialty(scored))
    assert counts == {"Pediatrics": 2, "Pediatrics/Medical Genetics": 2}


def test_a_specialty_with_no_focus_chosen_has_focus_unknown():
    scored = score_programs(specialty.with_pack(mixed()), Profile(career_focus="pediatric"), Weights(), AS_OF).set_index("program_id")
    assert (scored.loc["P1", "factor_focus_min"], scored.loc["P1", "factor_focus_max"]) == (0.0, 1.0)


def test_filters_and_focus_masks_work_per_specialty():
    from scoring.decision import filters

    scored = score_programs(specialty.with_pack(mixed()), Profile(), Weights(), AS_OF)
    only = filters.apply(scored, filters.Filters(specialties=("pediatrics",)))
    assert set(only["program_id"]) == {"P1", "P2"}
    primary = filters.apply(scored, filters.Filters(focus=("primary-care",)))
    assert set(primary["program_id"]) == {"P1"}
    assert set(filters.apply(scored, filters.Filters(focus=("pediatric",)))["program_id"]) == {"G1", "G2"}  # peds-MGG track


def test_letters_check_a_voice_for_each_specialty_applied_to():
    from scoring.applying import letters

    frame = pd.DataFrame(
        {
            "kind": ["clinical-geneticist", "home-faculty", "research-mentor"],
            "status": ["agreed"] * 3,
            "north_american": [True, False, True],
            "knows_me": ["well"] * 3,
            "writer": ["A", "B", "C"],
        }
    )
    applied = specialty.applied(Profile(specialties=("medical-genetics", "pediatrics")))
    rules = {c.rule: c.passed for c in letters.mix_check(frame, applied)}
    assert rules["A genetics voice"] is True and rules["A pediatrics voice"] is False


THIRD_PACK = """
name = "Family Medicine"
default_track = "fm"
apply_advice = "Family medicine has many programs; choose them for your visa and where you want to live."

[[tracks]]
code = "fm"
label = "Family medicine"
eras_specialty = "Family Medicine"
nrmp_specialty = "120"
entry_level = "pgy1"
length_years = 3

[strength_tags]
rural-health = { label = "Rural health", liked = "its rural training sites" }

[focuses.rural]
label = "Rural practice"
yes_no = ["community_support"]
tags = ["rural-health"]

[letters]
voice_rule = "A family medicine voice"
voice_ok = "A family physician writes for you."
voice_missing = "No family physician writes for you yet."

[letters.writers.family-physician]
label = "Family physician"
emphasis = ["Continuity with patients and families"]

[questions.unknown]
j1 = "Does the program accept residents on a J-1?"

[questions]
open_house = ["What do residents do in their rural rotations?"]

[[questions.interview]]
text = "Which residents have thrived here?"
"""


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, cwd=ROOT, timeout=180, env=env)


def test_a_third_pack_written_here_alone_works_end_to_end(tmp_path):
    """No code change: a user's pack folder, then upload (check), score, tier, rank and export."""
    packs_dir = tmp_path / "packs"
    packs_dir.mkdir()
    (packs_dir / "family-medicine.toml").write_text(THIRD_PACK, encoding="utf-8")
    assert not load_packs((packs_dir,)).problems
    sheet = tmp_path / "programs.csv"
    sheet.write_text(
        "Program Name,City,State,Institution,NRMP Code,ACGME Code,Program type,J-1? Y/N,Major subspecialty strengths\n"
        "Family Medicine,Bend,Oregon,Cascade Health,1111120C0,1204000001,,Y,rural-health\n"
        "Family Medicine,Helena,Montana,Big Sky Hospital,2222120C0,1204000002,,,\n"
        "Pediatrics-Medical Genetics,Boston,Massachusetts,Harbor Children's,3333765C0,1304000003,,Y,metabolic\n"
        "Internal Medicine,Austin,Texas,Hill Country,4444140C0,1404000004,,Y,\n",
        encoding="utf-8",
    )
    profile = tmp_path / "profile.json"
    profile.write_text('{"visa_need": "j1", "specialties": ["medical-genetics", "family-medicine"], "focuses": {"family-medicine": "rural"}}')
    env = {**os.environ, "RESIDENCY_SCOUT_PACKS": str(packs_dir)}
    checked = run(env, "check", str(sheet))
    assert checked.returncode == 0 and "4 valid programs, 0 rows rejected" in checked.stdout, checked.stdout + checked.stderr
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"ranked{suffix}"
        result = run(env, "rank", str(sheet), "--profile", str(profile), "--out", str(out), "--as-of", "2026-12-07")
        assert result.returncode == 0, result.stderr
        assert "1 program set aside, no specialty pack for them (NRMP specialty 140: 1)" in result.stdout
        assert "2 Family Medicine programs: $22" in result.stdout  # two programs in their own ERAS specialty
        ranked = pd.read_csv(out) if suffix == ".csv" else pd.read_excel(out)
        assert len(ranked) == 3 and set(ranked["specialty"]) == {"family-medicine", "medical-genetics"}
        fm = ranked[ranked["specialty"] == "family-medicine"].set_index("institution")
        # The rural tag is known (yes), community support unknown: focus 0.5 to 1, read at the middle.
        assert fm.loc["Cascade Health", "factor_focus"] == pytest.approx(0.75)
        assert ranked["tier"].notna().all() and sorted(ranked["rank"]) == [1, 2, 3]
    aside = pd.read_csv(tmp_path / "ranked.set-aside.csv")
    assert aside["institution"].tolist() == ["Hill Country"] and aside["specialty"].tolist() == ["NRMP specialty 140"]
    # Without the user's pack, the family medicine programs are set aside too, never scored as genetics.
    plain = run(
        {k: v for k, v in env.items() if k != "RESIDENCY_SCOUT_PACKS"}, "rank", str(sheet), "--out", str(tmp_path / "plain.csv"), "--as-of", "2026-12-07"
    )
    assert "3 programs set aside" in plain.stdout, plain.stdout + plain.stderr


def test_tiers_by_career_focus_read_each_packs_labels():
    from app_pages import charts

    scored = score_programs(specialty.with_pack(mixed()), Profile(), Weights(), AS_OF)
    counts = charts.focus_counts(scored)
    assert {"Pediatric genetics", "General and primary care pediatrics"} <= set(counts.index)
    assert counts.loc["General and primary care pediatrics"].sum() == 1
    assert not charts.has_data(charts.focus_counts(scored.iloc[0:0]))
