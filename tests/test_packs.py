"""Specialty packs (data/specialties/*.toml): what the app knows about a specialty is
data, checked when loaded, with nothing of Medical Genetics left in scoring/ or app_pages/."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path

import pytest

from data import packs
from data.packs import BUILTIN_DIR, PackError, Packs, load_packs, parse_pack

ROOT = Path(__file__).resolve().parents[1]
MGG = tomllib.loads((BUILTIN_DIR / "medical-genetics.toml").read_text(encoding="utf-8"))
# Words only Medical Genetics and Genomics would put in code: none may remain in scoring/ or app_pages/.
# (The guide's own words quoted beside a tier rule, such as its board's name, are a quotation, not knowledge.)
MGG_WORDS = ("genetic", "genomic", "mgg", "dysmorpholog", "metabolic genetics", "craniofacial", "geneticist", "variant interpretation")


def test_no_medical_genetics_word_remains_in_scoring_or_pages():
    found = []
    for folder in ("scoring", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):  # the subpackages too
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                hits = [w for w in MGG_WORDS if w in line.lower().replace("abmgg/acgme", "")]
                if hits:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {hits}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_built_in_pack_loads_like_anyones():
    loaded = load_packs()
    assert not loaded.problems
    mgg = loaded.by_key["medical-genetics"]
    assert mgg.name == "Medical Genetics and Genomics"
    assert {t.code: (t.nrmp_specialty, t.entry_level, t.length_years) for t in mgg.tracks}["peds-mgg"] == ("765", "pgy1", 4)
    assert mgg.track("im-mgg").nrmp_specialty == "766"
    # MFM-genetics follows an OB/GYN residency (project domain notes).
    assert mgg.track("mfm-mgg").entry_level == "after-residency" and mgg.track("mfm-mgg").after == "obgyn"
    assert set(mgg.focuses) == {"pediatric", "adult", "reproductive", "laboratory"}
    assert mgg.interview and mgg.open_house and mgg.unknown_questions and mgg.writers


def test_track_facts_for_eligibility():
    assert packs.track_facts("peds-mgg") == ("pgy1", 4)
    assert packs.track_facts("mfm-mgg") == ("after-residency", None)
    assert packs.track_facts("categorical") == ("", None)  # programs differ: their own columns say
    assert packs.track_facts(None) == ("", None) and packs.track_facts("nonsense") == ("", None)
    assert packs.track_table()["im-mgg"] == ("pgy1", 4)


def changed(path: str, value: object) -> dict:
    """The MGG pack with one value replaced (None removes it); path parts split on '/'."""
    raw = copy.deepcopy(MGG)
    *parents, last = path.split("/")
    here = raw
    for key in parents:
        here = here[int(key)] if isinstance(here, list) else here[key]
    if value is None:
        del here[last]
    elif isinstance(here, list):
        here[int(last)] = value
    else:
        here[last] = value
    return raw


BROKEN_PACKS = [
    ("name", None, "mgg.toml: name: missing"),
    ("name", 5, "mgg.toml: name: must be text, not 5"),
    ("tracks", None, "mgg.toml: tracks: missing, or not a list of [[tracks]] tables"),
    ("tracks/1/code", "categorical", "mgg.toml: tracks.categorical: the code is used twice"),
    ("tracks/1/code", "Peds MGG", "mgg.toml: tracks.Peds MGG: code: must be lower-case letters, digits and hyphens"),
    ("tracks/1/entry_level", "pgy2", "mgg.toml: tracks.peds-mgg: entry_level: must be one of pgy1, after-2-years, after-residency"),
    ("tracks/1/nrmp_specialty", "76", "mgg.toml: tracks.peds-mgg: nrmp_specialty: must be the 3 specialty digits of an NRMP code"),
    ("tracks/1/length_years", "four", "mgg.toml: tracks.peds-mgg: length_years: must be a whole number of years from 1 to 10"),
    ("tracks/3/after", None, "mgg.toml: tracks.mfm-mgg: after: an after-residency track must name the residency it follows"),
    ("default_track", "combined", "mgg.toml: default_track: 'combined' is not one of its tracks"),
    ("focuses/pediatric/tags", ["metabolic", "kidney"], "mgg.toml: focuses.pediatric: tags: unknown strength tag 'kidney'"),
    ("focuses/pediatric/track", "peds-only", "mgg.toml: focuses.pediatric: track: unknown track 'peds-only'"),
    ("focuses/pediatric/emphasis", ["teen_emphasis"], "mgg.toml: focuses.pediatric: emphasis: unknown column 'teen_emphasis'"),
    ("focuses/laboratory", {"label": "Lab"}, "mgg.toml: focuses.laboratory: names no evidence"),
    ("strength_tags/cancer", "Cancer", "mgg.toml: strength_tags.cancer: must be a table like { label = ..., liked = ... }"),
    ("letters/writers", None, "mgg.toml: letters.writers: at least one kind of writer"),
    ("letters/voice_rule", None, "mgg.toml: letters: voice_rule: missing"),
    ("questions/interview", [], "mgg.toml: questions.interview: at least one [[questions.interview]] is needed"),
    ("questions/interview/3/when", {"mood": ["good"]}, "mgg.toml: questions.interview[4]: when: unknown column 'mood'"),
    ("questions/interview/7/when", {"tag": ["surgery"]}, "mgg.toml: questions.interview[8]: when.tag: unknown strength tag"),
    ("colour", "blue", "mgg.toml: colour: not a known key"),
    ("small_field", "yes", "mgg.toml: small_field: must be true or false"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN_PACKS)
def test_a_broken_pack_is_refused_naming_file_key_and_problem(path, value, message):
    with pytest.raises(PackError) as caught:
        parse_pack(changed(path, value), "mgg.toml")
    assert any(p.startswith(message) for p in caught.value.problems), caught.value.problems


def test_a_broken_users_pack_leaves_the_built_in_ones_working(tmp_path):
    (tmp_path / "broken.toml").write_text('name = "Broken"\n[[tracks]]\ncode = "x"\n', encoding="utf-8")
    (tmp_path / "not-toml.toml").write_text("name = ", encoding="utf-8")
    loaded = load_packs((BUILTIN_DIR, tmp_path))
    assert "medical-genetics" in loaded.by_key and "broken" not in loaded.by_key
    assert any(p.startswith("broken.toml: ") for p in loaded.problems)
    assert any(p.startswith("not-toml.toml: not valid TOML") for p in loaded.problems)


def test_a_pack_that_claims_another_packs_track_is_refused(tmp_path):
    text = (BUILTIN_DIR / "medical-genetics.toml").read_text(encoding="utf-8")
    (tmp_path / "copycat.toml").write_text(text, encoding="utf-8")
    loaded = load_packs((BUILTIN_DIR, tmp_path))
    assert "medical-genetics" in loaded.by_key and "copycat" not in loaded.by_key
    assert any(re.match(r"copycat\.toml: tracks: track 'categorical' \(also in medical-genetics\)", p) for p in loaded.problems)


def test_packs_registry_can_be_swapped_and_restored():
    original = packs.registry()
    try:
        packs.use(Packs.of([]))
        assert packs.registry().packs == ()
    finally:
        packs.use(None)
    assert packs.registry() is original


def test_an_older_profiles_specialty_research_key_is_upgraded():
    from data.settings import parse_profile

    assert parse_profile({"genetics_research": True}).specialty_research is True
    assert "genetics_research" not in parse_profile({"genetics_research": True}).to_dict()


def test_a_broken_pack_at_start_leaves_the_app_open_and_says_so(tmp_path, workspace_path):
    from streamlit.testing.v1 import AppTest

    (tmp_path / "broken.toml").write_text('name = "Broken"\n', encoding="utf-8")
    packs.use(load_packs((BUILTIN_DIR, tmp_path)))
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception, at.exception
        warned = " ".join(w.value for w in at.warning)
        assert "could not be loaded, so the app runs on those that did (Medical Genetics and Genomics, Pediatrics)" in warned
        assert any("broken.toml: tracks: missing" in c.value for c in at.code)
    finally:
        packs.use(None)
