"""The upload preview names its programs: which are added, which change (and what changes in
each) and which are left alone, each named so that no two read the same, although most
programs share the NRMP directory's name."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_pages import program_upload
from data import merge
from data.normalise import empty_table
from data.store import Workspace
from data.validation import load_bytes

SAVED = (
    "Program name,Institution,State,H-1B? Y/N,Step 2 cutoff\n"
    "Pediatrics-Medical Genetics,Indiana University,IN,,\n"
    "Pediatrics-Medical Genetics,Riley Children's,IN,no,\n"
    "Pediatrics-Medical Genetics,Baylor College,TX,yes,220\n"
    "Medical Genetics and Genomics,Alder Clinic,OH,,\n"
)
FILE = (
    "Program name,Institution,State,H-1B? Y/N,Step 2 cutoff\n"
    "Pediatrics-Medical Genetics,Indiana University,IN,yes,\n"  # H-1B: blank -> yes
    "Pediatrics-Medical Genetics,Riley Children's,IN,no,\n"  # as saved
    "Pediatrics-Medical Genetics,Baylor College,TX,yes,230\n"  # Step 2: 220 -> 230
    "Pediatrics-Medical Genetics,Cincinnati Children's,OH,maybe,\n"  # new, with a flagged cell
)


def loaded(text: str):
    return load_bytes(text.encode(), "sheet.csv")


def groups(mode: str) -> dict[str, list[str]]:
    saved, upload = loaded(SAVED).valid, loaded(FILE)
    preview = merge.preview(saved, upload.valid, upload.supplied if mode == "merge" else None)
    return {heading.split(" (")[0]: lines for heading, lines in program_upload.preview_groups(preview, saved, upload.valid, mode, upload.supplied)}


def test_a_merge_preview_names_each_program_and_what_changes():
    shown = groups("merge")
    assert shown["Added"] == ["Cincinnati Children's (OH) — Pediatrics-Medical Genetics"]
    assert sorted(shown["Changed"]) == [
        "Baylor College (TX) — Pediatrics-Medical Genetics · Min Step 2 score: 220 → 230",
        "Indiana University (IN) — Pediatrics-Medical Genetics · H-1B: blank → yes",
    ]
    assert shown["In the file, left as they are"] == ["Riley Children's (IN) — Pediatrics-Medical Genetics"]
    assert shown["Not in this file, kept as they are"] == ["Alder Clinic (OH) — Medical Genetics and Genomics"]


def test_a_replace_preview_names_the_programs_it_removes():
    assert groups("replace")["Removed"] == ["Alder Clinic (OH) — Medical Genetics and Genomics"]


def test_no_two_programs_of_the_preview_read_the_same():
    lines = [line.split(" · ")[0] for shown in groups("merge").values() for line in shown]
    assert len(lines) == len(set(lines)) == 5


def test_a_long_list_is_cut_with_a_count():
    many = "Program name,Institution,State\n" + "".join(f"Pediatrics-Medical Genetics,Hospital {i},IN\n" for i in range(program_upload.NAMED + 5))
    upload = loaded(many)
    saved = empty_table("programs")
    preview = merge.preview(saved, upload.valid, upload.supplied)
    added = dict(program_upload.preview_groups(preview, saved, upload.valid, "merge", upload.supplied))[f"Added ({program_upload.NAMED + 5})"]
    assert len(added) == program_upload.NAMED + 1 and added[-1] == "… and 5 more"


def test_the_programs_page_shows_the_named_preview_before_saving(workspace_path):
    Workspace(workspace_path).save(tables={"programs": loaded(SAVED).valid}, settings={"profile": {}, "weights": {}})
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    at.switch_page("app_pages/programs.py").run()
    at.file_uploader[0].upload("mine.csv", FILE.encode()).run()
    assert not at.exception, at.exception
    text = " ".join(re.sub(r"\\(.)", r"\1", m.value).replace("\u2060", "") for m in at.markdown)
    assert "1 new, 2 changed, 1 unchanged, 1 kept as it is" in text
    assert "Indiana University (IN) — Pediatrics-Medical Genetics · H-1B: blank → yes" in text
    assert "Riley Children's (IN) — Pediatrics-Medical Genetics" in text


def test_a_sheet_that_adds_nrmp_codes_updates_the_programs_it_names_not_adds_them_again():
    """Most programs share a name and many a state: the name, institution and state find the
    saved program that a row with a new NRMP code is (its categorical and preliminary rows, both
    new, are two programs and take neither)."""
    saved = loaded(SAVED).valid
    codes = (
        "Program name,Institution,State,NRMP Code\n"
        "Pediatrics-Medical Genetics,Indiana University,IN,1716765C0\n"
        "Pediatrics-Medical Genetics,Riley Children's,IN,1716765C1\n"
        "Pediatrics-Medical Genetics,Baylor College,TX,1000765C0\n"
        "Pediatrics-Medical Genetics,Baylor College,TX,1000765P0\n"
    )
    upload = loaded(codes)
    incoming = merge.saved_ids(saved, upload.valid, upload.supplied)
    preview = merge.preview(saved, incoming, upload.supplied)
    shown = {heading.split(" (")[0]: lines for heading, lines in program_upload.preview_groups(preview, saved, incoming, "merge", upload.supplied)}
    assert sorted(shown["Changed"]) == [
        "Indiana University (IN) — Pediatrics-Medical Genetics · NRMP code: blank → 1716765C0",
        "Riley Children's (IN) — Pediatrics-Medical Genetics · NRMP code: blank → 1716765C1",
    ]
    assert len(preview.new) == 2  # Baylor's two position types: which one the saved program is, the file does not say
    after = merge.apply(saved, incoming, "merge", upload.supplied)
    assert len(after) == 6 and after["program_id"].is_unique


def test_a_change_to_a_cell_that_cannot_be_read_says_which_cell_and_what_was_written():
    """The walk: a merge whose only change was H-1B blank -> "maybe" read "only its cells to
    look at change", naming neither the cell nor the word."""
    file = "Program name,Institution,State,H-1B? Y/N\nPediatrics-Medical Genetics,Indiana University,IN,maybe\n"
    saved, upload = loaded(SAVED).valid, loaded(file)
    preview = merge.preview(saved, upload.valid, upload.supplied)
    shown = dict(program_upload.preview_groups(preview, saved, upload.valid, "merge", upload.supplied))
    changed = next(lines for heading, lines in shown.items() if heading.startswith("Changed"))
    assert changed == ["Indiana University (IN) — Pediatrics-Medical Genetics · H-1B: “maybe” cannot be read (counts as unknown)"]


def test_flagged_cells_name_their_program_by_row():
    """The preview's table of unreadable cells names each cell's program beside its row number,
    also across blank lines and a rejected row, which the loaded programs skip."""
    from data import flags
    from scoring.vocabulary.wording import program_labels

    text = (
        "Program name,Institution,State,H-1B? Y/N,Step 2 cutoff\n"
        "Pediatrics-Medical Genetics,Indiana University,IN,maybe,\n"  # row 2: flagged
        "\n"
        "Pediatrics-Medical Genetics,Riley Children's,IN,no,\n"  # row 4: whole
        ",No Name Hospital,TX,yes,\n"  # row 5: rejected (no name)
        "Pediatrics-Medical Genetics,Baylor College,TX,yes,220ish\n"  # row 6: flagged
        "Pediatrics-Medical Genetics,Alder Clinic,OH,perhaps,lots\n"  # row 7: two flagged cells
    )
    upload = loaded(text)
    label = program_labels(upload.valid)
    named = {row: label[pid] for row, pid in flags.program_of_row(upload.valid, upload.flagged).items()}
    assert sorted(set(upload.flagged["row"])) == sorted(named)
    assert [named[r].split(" (")[0] for r in sorted(named)] == ["Indiana University", "Baylor College", "Alder Clinic"]


def test_a_cell_changed_to_one_the_app_cannot_read_says_what_was_written_not_blank():
    """The walk: "Max years since graduation: 8 → blank" for a cell changed to "not stated"."""
    saved_text = "Program name,Institution,State,Max years since graduation\nPediatrics-Medical Genetics,Indiana University,IN,8\n"
    file = "Program name,Institution,State,Max years since graduation\nPediatrics-Medical Genetics,Indiana University,IN,not stated\n"
    saved, upload = loaded(saved_text).valid, loaded(file)
    preview = merge.preview(saved, upload.valid, upload.supplied)
    shown = dict(program_upload.preview_groups(preview, saved, upload.valid, "merge", upload.supplied))
    changed = next(lines for heading, lines in shown.items() if heading.startswith("Changed"))
    assert len(changed) == 1 and "→ blank" not in changed[0]
    assert "8 → “not stated” (counts as unknown)" in changed[0]


def test_the_preview_says_which_programs_will_be_set_aside():
    """A directory export with programs of a specialty no pack knows: named before the save (the walk saw them only as "Added")."""
    export = (
        "Program Name\tCity\tState\tInstitution Name\tNRMP Code\n"
        "Pediatrics-Medical Genetics\tBoston\tMA\tHarborline Children's Hospital\t1716765C0\n"
        "Internal Medicine\tChicago\tIL\tPrairie Memorial Hospital\t6602140C0\n"
    )
    saved, upload = loaded(SAVED).valid, load_bytes(export.encode(), "directory.tsv")
    preview = merge.preview(saved, upload.valid, upload.supplied)
    shown = {heading.split(" (")[0]: lines for heading, lines in program_upload.preview_groups(preview, saved, upload.valid, "merge", upload.supplied)}
    assert shown["Kept but set aside, not scored: no specialty pack for them"] == ["Prairie Memorial Hospital (IL) — Internal Medicine · NRMP specialty 140"]
    assert len(shown["Added"]) == 2
    assert "Kept but set aside, not scored: no specialty pack for them" not in dict(groups("merge"))
