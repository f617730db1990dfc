"""Two sources that disagree about a program's facts: both kept, shown side by side,
listed to settle, and settled when the user picks one. Also: each update path (an upload
merge, a grid edit, a reply in the contact log) sets where a group's facts came from."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from data import disagreements, export, merge, settle
from data.store import Workspace
from data.validation import load_bytes
from scoring.decision import provenance
from tests.test_pages import editor_key, open_app, seed

HEAD = "program,institution,state,j1,h1b,min_step2_score,visa_source,visa_checked_on,cutoffs_source,cutoffs_checked_on\n"
# The directory's word first (the guide's step 2.1 builds the list from it), then the program's site.
DIRECTORY = HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,no,220,directory,2026-08-01,directory,2026-08-01\n"


def load(text: str):
    loaded = load_bytes(text.encode(), "p.csv")
    assert loaded.rejected.empty and loaded.flagged.empty, (loaded.errors, loaded.flagged)
    return loaded


def merged(first: str, second: str) -> pd.DataFrame:
    incoming = load(second)
    return merge.apply(load(first).valid, incoming.valid, "merge", supplied=incoming.supplied)


@pytest.mark.parametrize(
    ("second", "found"),
    [
        # Another source, another value: the earlier one is kept with its source and date.
        (
            HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n",
            [("visa", "h1b", "no", "directory", "2026-08-01", "yes", "website", "2026-10-02")],
        ),
        # Both groups changed by the other source: one record each.
        (
            HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,230,website,2026-10-02,email,2026-10-05\n",
            [
                ("visa", "h1b", "no", "directory", "2026-08-01", "yes", "website", "2026-10-02"),
                ("cutoffs", "min_step2_score", "220", "directory", "2026-08-01", "230", "email", "2026-10-05"),
            ],
        ),
        # The same source again: an update (the directory corrected itself), not a disagreement.
        (HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,directory,2026-10-02,,\n", []),
        # Another source that agrees: nothing to settle.
        (HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,no,220,website,2026-10-02,,\n", []),
        # Another source that leaves the value blank says nothing against it.
        (HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,,,,website,2026-10-02,,\n", []),
        # A file that names no source for the group: your own update, not a second source.
        ("program,institution,state,h1b\nPediatrics-Medical Genetics,Ohio Children's,OH,yes\n", []),
    ],
)
def test_an_upload_from_another_source_that_disagrees_keeps_both(second, found):
    after = merged(DIRECTORY, second)
    table = disagreements.table(after)
    got = list(
        table[["group", "column", "earlier_value", "earlier_source", "earlier_checked_on", "value", "source", "checked_on"]].itertuples(index=False, name=None)
    )
    assert got == found
    if found:  # the newer value is the one scored
        assert after.loc[0, "h1b"] == "yes"


def test_the_merge_sets_the_groups_source_and_date_from_the_file():
    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    assert after.loc[0, "visa_source"] == "website" and after.loc[0, "visa_checked_on"] == pd.Timestamp("2026-10-02")
    # A group the file left blank keeps where it came from.
    assert after.loc[0, "cutoffs_source"] == "directory" and after.loc[0, "cutoffs_checked_on"] == pd.Timestamp("2026-08-01")


def test_a_third_source_keeps_the_earlier_record_of_another_group_and_replaces_its_own():
    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    third = load(HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,no,yes,230,email,2026-11-01,website,2026-11-01\n")
    after = merge.apply(after, third.valid, "merge", supplied=third.supplied)
    table = disagreements.table(after).set_index("column")
    assert table.loc["j1", "earlier_source"] == "website" and table.loc["j1", "earlier_value"] == "yes"
    assert table.loc["min_step2_score", "earlier_source"] == "directory"
    assert "h1b" not in table.index  # the email agrees with the site on H-1B


@pytest.mark.parametrize(("keep", "h1b", "source", "checked"), [("current", "yes", "website", "2026-10-02"), ("earlier", "no", "directory", "2026-08-01")])
def test_picking_one_settles_it(keep, h1b, source, checked):
    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    settled = settle.resolve(after, after.loc[0, "program_id"], "visa", keep)
    assert disagreements.table(settled).empty
    assert settled.loc[0, "h1b"] == h1b
    assert settled.loc[0, "visa_source"] == source and settled.loc[0, "visa_checked_on"] == pd.Timestamp(checked)
    assert settled.loc[0, "min_step2_score"] == 220 and settled.loc[0, "program"] == "Pediatrics-Medical Genetics"
    assert list(settled.columns) == list(after.columns)


def test_the_record_survives_the_files_and_a_bad_record_reads_as_none():
    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    loaded = load_bytes(export.to_csv(after), "again.csv")
    assert disagreements.table(loaded.valid).equals(disagreements.table(after))
    assert not [w for w in loaded.warnings if disagreements.DISAGREES in w]  # the app's own column, not called the user's
    for cell in ("", "not json", "[1, 2]", '{"visa": "no"}', '{"nowhere": {"values": {"h1b": "no"}}}', None):
        assert disagreements.decode(cell) == {}


def test_research_next_lists_the_disagreement_to_settle_with_both_sides():
    from data.settings import Profile, Weights
    from scoring.decision.ranking import score_programs
    from scoring.decision.research_next import research_next

    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    scored = score_programs(after, Profile(), Weights(), date(2026, 12, 7))
    todo = research_next(scored, after, Profile(), Weights(), date(2026, 12, 7))
    item = todo[todo["input"] == f"Visa ({provenance.SETTLE})"]
    assert len(item) == 1
    text = item["todo"].iloc[0]
    assert "H-1B: 'Yes' (the program's website, checked 2026-10-02) against 'No' (the NRMP/ACGME directory, checked 2026-08-01)" in text


def test_the_contact_log_sets_the_responsiveness_source_and_date():
    valid = load("program,state,responsiveness\nA,TX,helpful\n").valid
    contacts = pd.DataFrame(
        {"program_id": [valid.loc[0, "program_id"]], "channel": ["open-house"], "sent_on": [pd.Timestamp("2026-10-20")], "replied_on": [pd.NaT]}
    )
    assert provenance.sources(valid, contacts).loc[0, "responsiveness"] == "open-house"
    assert provenance.dates(valid, contacts).loc[0, "responsiveness"] == pd.Timestamp("2026-10-20")


# On the pages ------------------------------------------------------------------------


def _seeded(workspace_path) -> pd.DataFrame:
    after = merged(DIRECTORY, HEAD + "Pediatrics-Medical Genetics,Ohio Children's,OH,yes,yes,220,website,2026-10-02,,\n")
    seed(workspace_path, after)
    return after


def test_a_grid_edit_that_changes_source_and_value_keeps_the_earlier_one(workspace_path):
    seed(workspace_path, load(DIRECTORY).valid)
    at = open_app("app_pages/programs.py", example=False)
    key = editor_key(at, "programs_")
    at.session_state[key] = {"edited_rows": {0: {"h1b": "yes", "visa_source": "email", "visa_checked_on": "2026-11-03"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_table("programs")
    assert saved.loc[0, "visa_source"] == "email" and saved.loc[0, "visa_checked_on"] == pd.Timestamp("2026-11-03")
    table = disagreements.table(saved)
    assert table[["column", "earlier_value", "earlier_source", "value", "source"]].values.tolist() == [["h1b", "no", "directory", "yes", "email"]]
    # The hidden record is never a column of the grid.
    assert disagreements.DISAGREES not in at.data_editor[0].value.columns


def test_a_grid_edit_of_a_value_alone_is_a_correction(workspace_path):
    seed(workspace_path, load(DIRECTORY).valid)
    at = open_app("app_pages/programs.py", example=False)
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {0: {"h1b": "yes"}}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    saved = Workspace(workspace_path).load_table("programs")
    assert saved.loc[0, "h1b"] == "yes" and disagreements.table(saved).empty


def test_the_programs_page_shows_both_and_the_user_picks_one(workspace_path):
    _seeded(workspace_path)
    at = open_app("app_pages/programs.py", example=False)
    shown = [m.value for m in at.markdown if "Two sources disagree" in m.value]
    assert shown
    table = next(t.value for t in at.get("table") if any("against" in str(v) for v in t.value.to_numpy().ravel()))
    said = " ".join(map(str, table.to_numpy().ravel())).replace("\\", "")
    assert "'Yes' (the program's website, checked 2026-10-02) against 'No' (the NRMP/ACGME directory, checked 2026-08-01)" in said
    at.button(key="programs_settle_earlier").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_table("programs")
    assert disagreements.table(saved).empty and saved.loc[0, "h1b"] == "no" and saved.loc[0, "visa_source"] == "directory"
    assert not [m.value for m in at.markdown if "Two sources disagree" in m.value]


def test_explain_shows_both_sources_side_by_side(workspace_path):
    _seeded(workspace_path)
    at = open_app("app_pages/explore.py", example=False)
    at.segmented_control(key="explore_view").set_value("Explain a program").run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Two sources disagree" in said and "'No' (the NRMP/ACGME directory, checked 2026-08-01)" in said


def test_a_new_grid_row_with_a_saved_nrmp_code_names_the_code(workspace_path):
    seed(workspace_path, load("program,institution,state,nrmp_code\nPediatrics-Medical Genetics,Ohio Children's,OH,1234765C0\n").valid)
    at = open_app("app_pages/programs.py", example=False)
    added = {"program": "Pediatrics-Medical Genetics", "institution": "Indiana University", "state": "IN", "nrmp_code": "1234765C0"}
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {}, "added_rows": [added], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    said = " ".join(str(v) for t in at.get("table") for v in t.value.to_numpy().ravel()).replace("\\", "")
    assert "the same NRMP code as row 1" in said and "program id" not in said
    assert len(Workspace(workspace_path).load_table("programs")) == 1


# A property: whatever two sources say, the earlier value is kept exactly when both sources are
# named and differ and both values are known and differ; settling for the earlier one gives it back.

SOURCE = st.sampled_from(["", "website", "directory", "email"])
ANSWER = st.sampled_from(["", "yes", "no", "considered"])


@given(old_source=SOURCE, new_source=SOURCE, old=ANSWER, new=ANSWER)
def test_the_earlier_value_is_kept_exactly_when_two_named_sources_disagree(old_source, new_source, old, new):
    first = f"program,state,h1b,visa_source,visa_checked_on\nA,TX,{old},{old_source},2026-08-01\n"
    second = f"program,state,h1b,visa_source,visa_checked_on\nA,TX,{new},{new_source},2026-10-02\n"
    after = merged(first, second)
    table = disagreements.table(after)
    expected = bool(old_source and new_source and old_source != new_source and old and new and old != new)
    assert (not table.empty) is expected
    if expected:
        settled = settle.resolve(after, after.loc[0, "program_id"], "visa", "earlier")
        assert settled.loc[0, "h1b"] == old and settled.loc[0, "visa_source"] == old_source
        assert disagreements.table(settled).empty


# A grid edit of a fact drops the source and date that vouched for the earlier value ----------------


@pytest.mark.parametrize(
    ("edit", "visa", "cutoffs", "said"),
    [
        # H-1B changed alone: the visa source and date go (the directory never said yes); the cutoffs' stay.
        ({"h1b": "yes"}, (None, None), ("directory", "2026-08-01"), "H-1B changed at 1 program: the earlier source and date were cleared"),
        # The same edit named the new source: what the user set is kept, the directory's date goes.
        ({"h1b": "yes", "visa_source": "email"}, ("email", None), ("directory", "2026-08-01"), "the earlier date was cleared"),
        # ...or only the date: the source it was checked at is unsaid.
        ({"h1b": "yes", "visa_checked_on": "2026-11-03"}, (None, "2026-11-03"), ("directory", "2026-08-01"), "the earlier source was cleared"),
        # Both set: nothing cleared.
        ({"h1b": "yes", "visa_source": "email", "visa_checked_on": "2026-11-03"}, ("email", "2026-11-03"), ("directory", "2026-08-01"), None),
        # Another group's fact: only that group's stamps go.
        ({"min_step2_score": "230"}, ("directory", "2026-08-01"), (None, None), "Min Step 2 score changed at 1 program"),
        # Nothing about the facts changed: every stamp stays.
        ({"city": "Columbus"}, ("directory", "2026-08-01"), ("directory", "2026-08-01"), None),
    ],
)
def test_a_grid_edit_of_a_fact_clears_its_source_and_date(workspace_path, edit, visa, cutoffs, said):
    seed(workspace_path, load(DIRECTORY).valid)
    at = open_app("app_pages/programs.py", example=False)
    at.session_state[editor_key(at, "programs_")] = {"edited_rows": {0: edit}, "added_rows": [], "deleted_rows": []}
    at.button(key="editor_save").click().run()
    assert not at.exception
    saved = Workspace(workspace_path).load_table("programs")

    def stamp(group):
        source, checked = saved.loc[0, f"{group}_source"], saved.loc[0, f"{group}_checked_on"]
        return (None if pd.isna(source) else source, None if pd.isna(checked) else checked.date().isoformat())

    assert (stamp("visa"), stamp("cutoffs")) == (visa, cutoffs)
    shown = " ".join(s.value for s in at.success)
    if said:
        assert said in shown and "cleared" in shown
        assert "_source" not in shown and "checked_on" not in shown  # the grid's words, never the column's code
    else:
        assert "cleared" not in shown


def test_the_grid_rule_is_the_uploads_rule():
    """One rule: a merge that changes H-1B alone and the grid's per-program form clear the same stamps."""
    saved = load(DIRECTORY).valid
    edited = saved.assign(h1b="yes")
    rows, forgotten = merge.forget_sources_after_edit(saved, edited)
    upload = merged(DIRECTORY, "program,institution,state,h1b\nPediatrics-Medical Genetics,Ohio Children's,OH,yes\n")
    for column in ("visa_source", "visa_checked_on", "cutoffs_source", "cutoffs_checked_on"):
        assert pd.isna(rows.loc[0, column]) == pd.isna(upload.loc[0, column]), column
    assert [(f.group, f.facts, len(f.stamps)) for f in forgotten] == [("visa", ["h1b"], 2)]
