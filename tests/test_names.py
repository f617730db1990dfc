"""Issue 24 item 7: one name written two ways is one program. Names are compared after NFKC
with case and spaces (non-breaking ones too) folded, wherever programs are matched by name;
what the user typed is kept as typed."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import merge
from data.names import name_key, name_keys
from data.normalise import derive_program_id
from data.validation import load_bytes
from scoring.calendar import season
from scoring.decision.ranking import link_contacts
from scoring.vocabulary.wording import program_labels
from tests.helpers import contacts_frame, programs_frame

NFC = unicodedata.normalize("NFC", "Café Genetics")
NFD = unicodedata.normalize("NFD", "Café Genetics")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (NFC, NFD),
        ("Medical Genetics", "MEDICAL  genetics"),
        ("Medical Genetics", " Medical\u00a0Genetics "),  # a non-breaking space, as pasted from a web page
        ("Medical Genetics", "Medical\u202fGenetics\t"),
        ("Ｍｅｄｉｃａｌ Genetics", "Medical Genetics"),  # full-width letters
        ("Straße Genetics", "STRASSE GENETICS"),
    ],
)
def test_names_that_read_the_same_have_one_key(a, b):
    assert NFC != NFD
    assert name_key(a) == name_key(b)
    assert name_keys(pd.Series([a, b])).nunique() == 1
    assert derive_program_id(a, "Hospital", "MA") == derive_program_id(b, "hospital", "MA")


@pytest.mark.parametrize(("a", "b"), [("Medical Genetics", "Medical Genetic"), ("Café", "Cafe"), ("A-B", "A B")])
def test_names_that_read_differently_stay_apart(a, b):
    assert name_key(a) != name_key(b)


@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=8))
def test_the_vectorised_key_is_the_one_by_one_key(names):
    keys = name_keys(pd.Series(names, dtype=object)).tolist()
    assert [None if pd.isna(k) else k for k in keys] == [name_key(n) for n in names]


def _csv(*rows: str) -> bytes:
    return ("Program name,Institution,State,J-1? Y/N,H-1B\n" + "\n".join(rows) + "\n").encode()


def test_an_upload_with_one_name_written_two_ways_names_the_second_as_the_same_program():
    loaded = load_bytes(_csv(f"{NFC},Hospital,MA,Y,", f"{NFD},Hospital,MA,,yes"), "mine.csv", "programs")
    assert len(loaded.valid) == 1
    assert len(loaded.rejected) == 1 and not loaded.errors.empty


def test_a_merge_of_the_name_written_the_other_way_updates_the_saved_program_and_keeps_its_spelling():
    saved = load_bytes(_csv(f"{NFC},Hospital,MA,Y,"), "mine.csv", "programs").valid
    incoming = load_bytes(_csv(f"{NFD},Hospital,MA,,yes"), "later.csv", "programs")
    incoming_valid = merge.saved_ids(saved, incoming.valid, incoming.supplied)
    merged = merge.apply(saved, incoming_valid, "merge", supplied=incoming.supplied)
    assert len(merged) == 1
    row = merged.iloc[0]
    assert bool(row["j1"]) and row["h1b"] == "yes"  # both answers on one program
    assert row["program"] in (NFC, NFD)  # kept as one of the ways it was typed, never folded


def test_a_shortlist_without_institutions_finds_the_saved_program_by_its_name_written_another_way():
    saved = programs_frame([{"program_id": "p-1", "program": NFC, "state": "MA"}])
    incoming = load_bytes(f"Program name,State,H-1B\n{NFD.upper()},MA,no\n".encode(), "short.csv", "programs")
    assert merge.saved_ids(saved, incoming.valid, incoming.supplied)["program_id"].tolist() == ["p-1"]


def test_pickers_tell_apart_names_that_read_the_same():
    programs = programs_frame(
        [
            {"program_id": "a", "program": NFC, "institution": "North", "state": "MA"},
            {"program_id": "b", "program": NFD, "institution": "South", "state": "MA"},
        ]
    )
    labels = program_labels(programs)
    assert name_key(labels["a"]) != name_key(labels["b"])
    assert labels["a"].endswith(NFC) and labels["b"].endswith(NFD)  # as typed, after what tells them apart


def test_contacts_and_applications_by_name_find_the_program_written_another_way():
    programs = programs_frame([{"program_id": "p-1", "program": NFC, "state": "MA"}])
    contacts = contacts_frame([{"program": NFD + "\u00a0", "channel": "email", "sent_on": "2026-11-01"}])
    assert link_contacts(contacts, programs)["program_id"].tolist() == ["p-1"]
    applications = pd.DataFrame({"program_id": pd.Series([None], dtype="string"), "program": pd.Series([NFD.lower()], dtype="string")})
    assert season.link(applications, programs)["program_id"].tolist() == ["p-1"]
