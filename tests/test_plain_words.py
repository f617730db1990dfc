"""What the user reads, on a workspace full of unknowns: blanks are blank (never
None, <NA> or nan), no internal ids on screen or in file names, headers in
words, plurals right."""

from __future__ import annotations

import gc
import json
import re
from datetime import datetime

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data.normalise import empty_table
from data.store import Workspace
from scoring.decision.tiers import TIERS
from scoring.vocabulary.wording import CODE_WORDS, blank, code_words, plural, slug, words
from tests.helpers import contacts_frame, programs_frame
from tests.test_pages import open_app

BLANK_WORDS = re.compile(r"(?<![\w-])(?:None|<NA>|nan|NaN|NaT)(?![\w-])")
# In prose "None of your writers…" is a word, not a blank.
PROSE_BLANKS = re.compile(r"(?<![\w-])(?:None(?! [a-z])|<NA>|nan|NaN|NaT)(?![\w-])")
IDS = re.compile(r"P0000\d|GONE1")
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info", "success", "code", "toast")


def letters_frame(rows):
    base = empty_table("letters")
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=base[c].dtype) for c in base.columns})


def seed_unknowns(path) -> None:
    programs = programs_frame([{"program": f"Unknown {i}", "state": s} for i, s in enumerate(["TX", "MA", "CA", "OH"])])
    contacts = contacts_frame(
        [
            {"program_id": "P00000", "channel": "email", "sent_on": datetime(2026, 10, 1)},
            {"program_id": "P00001", "channel": "resident", "sent_on": datetime(2026, 11, 1)},
            {"program_id": "GONE1", "channel": "email", "sent_on": datetime(2026, 10, 5)},  # its program was removed
        ]
    )
    letters = letters_frame([{"writer": "Dr Blank"}, {"writer": "Dr Late", "status": "to-ask", "due_on": datetime(2026, 12, 1)}])
    Workspace(path).save(
        tables={"programs": programs, "contacts": contacts, "letters": letters},
        settings={"profile": {}, "weights": {}, "letter_assignments": {"P00000": ["Dr Blank"], "GONE1": ["Dr Blank"]}},
    )


CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")  # a stored code such as "peds-mgg" or "to-ask"
# Stored codes that must never reach a cell or a metric as they are stored (dates match CODE too).
HYPHENATED = sorted({*(t for t in TIERS if "-" in t), *(c for c in CODE_WORDS if "-" in c)})
SHOWN_CODE = re.compile(r"(?<![\w-])(?:" + "|".join(HYPHENATED) + r")(?![\w-])")


def headers(element) -> dict[str, str]:
    """Visible columns and their headers as the grid draws them: the column_config label, else the name."""
    config = json.loads(getattr(element.proto, "columns", "") or "{}")
    shown = {}
    for column in element.value.columns:
        entry = config.get(str(column), {})
        if entry is None or entry.get("hidden"):
            continue
        shown[column] = entry.get("label") or str(column)
    return shown


def download_names() -> list[str]:
    """Every download's file name: files made as the page ran, and those a button makes only
    when clicked (deferred: Streamlit keeps their name beside the callable)."""
    names = []
    for storage in (o for o in gc.get_objects() if type(o).__name__ == "MemoryMediaFileStorage"):
        names += [f.filename for f in storage._files_by_id.values() if f.filename]
    for manager in (o for o in gc.get_objects() if type(o).__name__ == "MediaFileManager"):
        names += [entry["filename"] for entry in getattr(manager, "_deferred_callables", {}).values() if entry.get("filename")]
    return names


def problems(at: AppTest) -> list[str]:
    found = []
    for kind in TEXT_KINDS:
        for element in at.get(kind):
            text = str(getattr(element, "value", "") or "")
            if PROSE_BLANKS.search(text) or IDS.search(text):
                found.append(f"{kind}: {text[:120]}")
    for element in at.get("metric"):
        tier_as_stored = element.label == "Tier" and element.value not in map(words, TIERS)
        if BLANK_WORDS.search(f"{element.label} {element.value}") or SHOWN_CODE.search(str(element.value)) or tier_as_stored:
            found.append(f"metric {element.label}: {element.value}")
    for element in [*at.selectbox, *at.multiselect]:
        for option in element.options:
            if BLANK_WORDS.search(str(option)) or IDS.search(str(option)):
                found.append(f"option of {element.label}: {option}")
    for element in [*at.dataframe, *at.get("table"), *at.get("arrow_data_frame")]:
        visible = headers(element)
        frame = element.value[list(visible)]
        for column, header in visible.items():
            if "_" in header:
                found.append(f"header {header!r}")
            if header in ("Tier", "Tier now") and not frame[column].isin(["", *map(words, TIERS)]).all():
                found.append(f"tier as stored in {header}: {frame[column].tolist()[:3]}")
        config = json.loads(getattr(element.proto, "columns", "") or "{}")
        # A grid draws a blank choice as a grey "None" (even "" among the options) unless it is
        # told to draw a missing value as nothing (placeholder="").
        blank_drawn_blank = (
            "placeholder" in element.proto.DESCRIPTOR.fields_by_name and element.proto.HasField("placeholder") and element.proto.placeholder == ""
        )
        if getattr(element.proto, "editing_mode", 0) == 2 and not blank_drawn_blank:  # rows can be added, and start empty
            found.append("a grid that adds rows draws their empty cells as None")
        for column in frame.columns:
            if (
                not blank_drawn_blank
                and (config.get(str(column)) or {}).get("type_config", {}).get("type") == "selectbox"
                and frame[column].fillna("").eq("").any()
            ):
                found.append(f"blank choice in {column}")
        for column, spec in config.items():  # a choice drawn as its stored code, e.g. "interview-scheduled"
            for option in (spec or {}).get("type_config", {}).get("options") or []:
                label = option.get("label", option.get("value")) if isinstance(option, dict) else option
                if CODE.fullmatch(str(label)):
                    found.append(f"code {label} among the choices of {column}")
        # A grid told to draw a missing value as nothing (placeholder="") shows a null blank.
        cells = frame.astype(object).where(frame.notna(), "" if blank_drawn_blank else "<NA>").astype(str)
        for column in cells.columns:
            # A choice column draws each code by its option's label (checked above), not as stored.
            options = (config.get(str(column)) or {}).get("type_config", {}).get("options") or []
            labelled = any(isinstance(o, dict) and o.get("label") not in (None, o.get("value")) for o in options)
            coded = cells[column].str.contains(SHOWN_CODE) & (not labelled)
            bad = cells[column][cells[column].str.contains(BLANK_WORDS) | cells[column].str.contains(IDS) | coded]
            if len(bad):
                found.append(f"cell in {column}: {bad.iloc[0]}")
        for label in [*map(str, frame.index), *map(str, frame.columns)]:
            if BLANK_WORDS.search(label) and not isinstance(frame.index, pd.RangeIndex):
                found.append(f"label {label}")
    return found


PAGES = [
    "app_pages/rank_list.py",
    "app_pages/outreach.py",
    "app_pages/letters.py",
    "app_pages/interview.py",
    "app_pages/explore.py",
    "app_pages/applications.py",
    "app_pages/final_list.py",
    "app_pages/profile.py",
    "app_pages/programs.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_blanks_ids_and_headers_read_as_words(workspace_path, page):
    seed_unknowns(workspace_path)
    at = open_app(page)
    assert not at.exception
    found = problems(at)
    if page.endswith("explore.py"):
        for view in ("Map", "Explain a program", "Compare"):
            at.segmented_control(key="explore_view").set_value(view).run()
            assert not at.exception
            found += [f"{view}: {p}" for p in problems(at)]
    assert not found, found
    assert not [n for n in download_names() if IDS.search(n)]


def test_the_night_before_sheet_is_named_after_the_program(workspace_path):
    seed_unknowns(workspace_path)
    at = open_app("app_pages/interview.py")
    at.selectbox(key="interview_program").set_value("P00002").run()
    assert "night-before-ca-unknown-2.html" in download_names()  # its place leads, as in its label


@pytest.mark.parametrize(("count", "expected"), [(0, "0 programs"), (1, "1 program"), (2, "2 programs"), (1234, "1,234 programs")])
def test_plural(count, expected):
    assert plural(count, "program") == expected


def test_plural_irregular():
    assert (plural(1, "entry", "entries"), plural(3, "entry", "entries")) == ("1 entry", "3 entries")


@pytest.mark.parametrize(("value", "expected"), [(None, ""), (pd.NA, ""), (float("nan"), ""), (pd.NaT, ""), ("none", "none"), (0, "0")])
def test_blank(value, expected):
    assert blank(value) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Aldermoor Genetics (MGG)", "aldermoor-genetics-mgg"), ("Peña Médical", "pena-medical"), ("<script>", "script"), ("***", "program"), (None, "program")],
)
def test_slug(name, expected):
    assert slug(name) == expected


def test_a_chart_with_nothing_to_show_says_so(workspace_path):
    seed_unknowns(workspace_path)  # no program has strengths, emphasis or a children's hospital
    at = open_app("app_pages/explore.py")
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert any(len(trace.get("x", [])) or len(trace.get("z", [])) for trace in spec["data"]), "an empty chart was drawn"
    assert any("strong in a career focus" in i.value for i in at.info)
    assert any("Goal fit is the fit score without IMG-friendliness" in c.value for c in at.caption)


def test_start_page_counts_in_the_singular(workspace_path):
    programs = programs_frame([{"program": "Only One"}])
    contacts = contacts_frame([{"program_id": "P00000", "channel": "email", "sent_on": datetime(2026, 11, 1)}])
    Workspace(workspace_path).save(
        tables={"programs": programs, "contacts": contacts, "letters": letters_frame([{"writer": "Dr One"}])}, settings={"profile": {}, "weights": {}}
    )
    at = open_app("app_pages/start.py")
    assert any(c.value == "1 program, 1 contact, 1 letter saved." for c in at.caption)
    steps = [m.value for m in at.markdown]
    # Why eligibility is not known, by cause (the Profile's answers, the program's unchecked facts), in the singular.
    # Its cutoffs are blank (not checked yet): the program's facts, not the applicant's answers, are missing.
    assert any(
        text.startswith("Eligibility is not known yet at 1 program because a cutoff or visa answer of the program is not checked yet") for text in steps
    ), steps
    assert not [t for t in steps if re.search(r"(?<![-\w])1 \w+s\b", t)]  # "J-1 physicians" is no plural after one


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("interview-scheduled", "Interview scheduled"),
        ("peds-mgg", "Pediatrics + medical genetics"),
        ("to-ask", "Not asked"),
        ("open-house", "Open house"),
        ("none", "none"),
        (None, ""),
        (pd.NA, ""),
    ],
)
def test_codes_read_as_words(code, shown):
    assert words(code) == shown
    assert code_words(pd.Series([code, code], dtype="string")).tolist() == [shown, shown]


@pytest.mark.parametrize("repeat", [1, 1_000])  # a short column is read code by code, a long one by distinct code
def test_a_column_of_codes_reads_as_words_in_place(repeat):
    codes = pd.Series(["not-eligible", None, "dream, low-priority", "dream"] * repeat, index=[7, 3, 5, 1] * repeat, dtype="string[pyarrow]")
    shown = code_words(codes)
    assert shown.tolist() == ["Not eligible", "", "Dream, low priority", "Dream"] * repeat
    assert shown.index.tolist() == [7, 3, 5, 1] * repeat and str(shown.dtype) == "string"


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        # A name no other program has still leads with its place: alone, "Medical Genetics" reads like a specialty.
        ([("a", "Alder", "U1", "TX"), ("b", "Birch", "U2", "MA")], ["U1 (TX) — Alder", "U2 (MA) — Birch"]),
        (
            [("a", "Medical Genetics", "Emory", "GA"), ("b", "Medical Genetics", "Stanford", "CA"), ("c", "Other", "X", "NY")],
            ["Emory (GA) — Medical Genetics", "Stanford (CA) — Medical Genetics", "X (NY) — Other"],
        ),
        ([("a", "Medical Genetics", None, None)], ["Medical Genetics"]),
        ([("a", "Medical Genetics", None, "GA"), ("b", "Medical Genetics", "Baylor", None)], ["GA — Medical Genetics", "Baylor — Medical Genetics"]),
        ([("a", "Same", "U", "TX"), ("b", "Same", "U", "TX")], ["U (TX) — Same #1", "U (TX) — Same #2"]),
        ([("a", "Same", None, None), ("b", "Same", None, None)], ["Same #1", "Same #2"]),
    ],
)
def test_program_labels_tell_programs_of_one_name_apart(rows, labels):
    from scoring.vocabulary.wording import program_labels

    frame = pd.DataFrame(rows, columns=["program_id", "program", "institution", "state"])
    shown = program_labels(frame)
    assert list(shown.values()) == labels and len(set(shown.values())) == len(rows)


@pytest.mark.parametrize(
    ("name", "header"),
    [("cv", "CV"), ("imgs_last_5y", "IMGs last 5 years"), ("personal_statement", "Personal statement"), ("j1", "J-1"), ("min_step2_score", "Min Step 2 score")],
)
def test_column_names_read_as_headers(name, header):
    from scoring.vocabulary.wording import column_words

    assert column_words(name) == header
