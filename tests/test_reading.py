"""Reading, normalising and validating: tables of cases, and every bad input
named in the foundation issue."""

import io
import zipfile

import pandas as pd
import pytest

from data.readers import MAX_CELL_CHARS, MAX_ROWS, ReadError, read_bytes
from data.validation import load_bytes

HEADER = "program,state,j1,h1b,website,positions,imgs_last_5y\n"
GOOD = "Alpha,TX,yes,considered,https://alpha.example,2,1\n"


def load(text: str | bytes, name: str = "p.csv", table: str = "programs"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(content, name, table)


YES_NO = [
    ("Y", True),
    ("n", False),
    ("yes", True),
    ("NO", False),
    ("true", True),
    ("False", False),
    ("1", True),
    ("0", False),
    ("✓", True),
    ("✗", False),
    ("", None),
    ("unknown", None),
    ("N/A", None),
]


@pytest.mark.parametrize(("cell", "expected"), YES_NO)
def test_yes_no_spellings(cell, expected):
    valid = load(f"program,state,j1\nA,TX,{cell}\n").valid
    value = valid.loc[0, "j1"]
    assert (value is pd.NA and expected is None) or value == expected


STATES = [
    ("TX", "TX"),
    ("tx", "TX"),
    ("Texas", "TX"),
    ("new york", "NY"),
    ("District of Columbia", "DC"),
    ("Puerto Rico", "PR"),
    (" ca ", "CA"),
    # abbreviations as written in prose and addresses
    ("Calif.", "CA"),
    ("Mich", "MI"),
    ("N.Y.", "NY"),
    ("W.Va.", "WV"),
    ("Penn.", "PA"),
]


@pytest.mark.parametrize(("cell", "code"), STATES)
def test_states_become_codes_and_census_geography_is_derived(cell, code):
    valid = load(f"program,state\nA,{cell}\n").valid
    assert valid.loc[0, "state"] == code
    assert valid.loc[0, "region"] in ("Northeast", "Midwest", "South", "West")
    assert pd.notna(valid.loc[0, "division"])


HEADERS = [
    ("Program name", "program"),
    ("PROGRAM NAME", "program"),
    ("J-1? Y/N", "j1"),
    ("H-1B? Y/N", "h1b"),
    ("IMG FAQ available? Y/N", "img_faq"),
    ("Program type", "track"),
    ("Program website URL", "website"),
    ("Application pathway (ERAS code)", "eras_code"),
    ("Notes", "notes"),
    ("imgs last 5y", "imgs_last_5y"),
]


@pytest.mark.parametrize(("header", "column"), HEADERS)
def test_header_aliases(header, column):
    sample = {
        "program": "A",
        "j1": "Y",
        "h1b": "Y",
        "img_faq": "N",
        "track": "categorical",
        "website": "https://a.example",
        "eras_code": "123",
        "notes": "hello",
        "imgs_last_5y": "2",
    }
    text = f'"{header}",state\n{sample[column]},TX\n' if column != "program" else f'"{header}",state\nA,TX\n'
    if column != "program":
        text = f'program,"{header}",state\nA,{sample[column]},TX\n'
    valid = load(text).valid
    assert valid.loc[0, column] is not pd.NA


def test_city_state_header_fills_both_and_extra_columns_are_kept():
    loaded = load('Program name,"City, state",My own column\nA,"Austin, Texas",keep me\n')
    row = loaded.valid.iloc[0]
    assert (row["city"], row["state"], row["My own column"]) == ("Austin", "TX", "keep me")


TRACKS = [
    ("categorical", "categorical"),
    ("Pediatrics-Medical Genetics", "peds-mgg"),
    ("peds/genetics", "peds-mgg"),
    ("IM-MGG", "im-mgg"),
    ("MFM-Genetics", "mfm-mgg"),
    ("Genetics-only", "categorical"),
]


@pytest.mark.parametrize(("cell", "track"), TRACKS)
def test_track_spellings(cell, track):
    assert load(f"program,state,track\nA,TX,{cell}\n").valid.loc[0, "track"] == track


def test_blank_cells_stay_unknown_never_default():
    valid = load("program,state,j1,imgs_last_5y,img_info,strengths\nA,TX,,,,\n").valid
    for column in ("j1", "imgs_last_5y", "img_info", "strengths", "h1b", "interest"):
        assert pd.isna(valid.loc[0, column]), column


def test_strength_tags_are_split_normalised_and_unknown_tags_warned():
    loaded = load('program,state,strengths\nA,TX,"Cancer; metabolic, Genomic informatics; space-genetics"\n')
    assert loaded.valid.loc[0, "strengths"] == "cancer;metabolic;genomic-informatics;space-genetics"
    assert any("space-genetics" in w for w in loaded.warnings)


REJECTED = [
    # row text, column named, value named, words in the reason: only a missing name or state keeps a row out
    ("Beta,ZZ,yes,no,https://b.example,1,0", "state", "ZZ", "not a US state"),
    (
        "Beta,Pennsylvnia,yes,no,https://b.example,1,0",
        "state",
        "Pennsylvnia",
        "not a US state, DC or PR (use a code like TX or a name like Texas); did you mean Pennsylvania (PA)?",
    ),
    (",TX,yes,no,https://b.example,1,0", "program", "", "required"),
]

FLAGGED = [
    # row text, column named, value named, words in the reason: the program loads, the cell is flagged
    ("Beta,TX,yes,no,https://b.example,two,0", "positions", "two", "whole number"),
    ("Beta,TX,yes,no,javascript:alert(1),1,0", "website", "javascript:alert(1)", "http"),
    ("Beta,TX,yes,no,https://b.example,-3,0", "positions", "-3", "from 0"),
    ("Beta,TX,yes,no,https://b.example,1,-1", "imgs_last_5y", "-1", "from 0"),
    ("Beta,TX,yes,no,https://b.example,1001,0", "positions", "1001", "from 0 to 1000"),  # above the top of the range
    ("Beta,TX,maybe,no,https://b.example,1,0", "j1", "maybe", "yes or no"),
    ("Beta,TX,yes,sometimes,https://b.example,1,0", "h1b", "sometimes", "one of: yes, considered, no"),
    ("Beta,TX,yes,no,https://b.example,1.5,0", "positions", "1.5", "whole number"),
]


@pytest.mark.parametrize(("row", "column", "value", "words"), REJECTED)
def test_bad_rows_are_rejected_with_row_column_value_and_reason_and_good_rows_kept(row, column, value, words):
    loaded = load(HEADER + GOOD + row + "\n" + GOOD.replace("Alpha", "Gamma"))
    assert list(loaded.valid["program"]) == ["Alpha", "Gamma"]
    error = loaded.errors.iloc[0]
    assert (error["row"], error["column"], error["value"]) == (3, column, value)
    assert words in error["reason"]
    assert list(loaded.rejected["row"]) == [3]
    # The downloaded rejected rows say which column each problem is in.
    assert loaded.rejected["problems"].iloc[0].startswith(f"{column}: ")


@pytest.mark.parametrize(("row", "column", "value", "words"), FLAGGED)
def test_an_unreadable_optional_cell_loads_the_program_as_unknown_and_flags_the_cell_as_written(row, column, value, words):
    from data import flags

    loaded = load(HEADER + GOOD + row + "\n" + GOOD.replace("Alpha", "Gamma"))
    assert list(loaded.valid["program"]) == ["Alpha", "Beta", "Gamma"]
    assert loaded.rejected.empty and loaded.errors.empty
    assert pd.isna(loaded.valid.loc[1, column])  # unknown, like a blank
    cell = loaded.flagged.iloc[0]
    assert (cell["row"], cell["column"], cell["value"]) == (3, column, value)
    assert words in cell["reason"]
    kept = flags.decode(loaded.valid.loc[1, flags.FLAGS])
    assert kept[column]["value"] == value and words in kept[column]["reason"]
    assert pd.isna(loaded.valid.loc[0, flags.FLAGS]) and pd.isna(loaded.valid.loc[2, flags.FLAGS])
    assert "1 with cells to look at" in loaded.summary


def test_the_rejected_rows_file_fixed_and_given_back_loads_without_our_columns():
    from data import export

    loaded = load(HEADER + GOOD + "Beta,ZZ,yes,no,https://b.example,1,0\n")
    given_back = export.to_csv(loaded.rejected).decode("utf-8-sig").replace("ZZ", "TX")
    again = load(given_back)
    assert again.errors.empty and list(again.valid["program"]) == ["Beta"]
    assert not {"row", "problems"} & set(again.valid.columns)  # they described the old file
    assert any("rejected-rows file" in w for w in again.warnings)


def test_a_users_own_row_and_problems_columns_never_clash_with_ours():
    loaded = load("program,state,problems,row\nAlpha,TX,none,1\nBeta,ZZ,many,2\n")
    # (The reader has already renamed the user's "row", the app's own name, to "row (column D)".)
    assert list(loaded.rejected.columns[:2]) == ["row", "problems (Residency Scout)"]
    assert loaded.rejected["row"].tolist() == [3]
    assert loaded.rejected["problems"].tolist() == ["many"]  # the user's own cell, as typed


def test_duplicate_program_ids_reject_the_later_row():
    loaded = load("program,program_id,state\nA,X1,TX\nB,X1,TX\n")
    assert list(loaded.valid["program"]) == ["A"]
    assert "row 2" in loaded.errors.loc[0, "reason"]


def test_a_program_listed_twice_is_named_in_the_users_terms_when_the_app_made_its_id():
    loaded = load("Program name,State\nAlpha,TX\nalpha ,TX\n")
    assert loaded.errors[["row", "column", "value"]].values.tolist() == [[3, "Program name", "alpha"]]
    assert "the same program, institution and state as row 2" in loaded.errors.loc[0, "reason"]
    assert not loaded.errors["reason"].str.contains("id").any()


def test_a_refused_program_name_is_the_only_problem_named_on_its_row():
    loaded = load("program,state\nA\x07b,TX\nC,TX\n")
    assert loaded.errors[["row", "column"]].values.tolist() == [[2, "program"]]  # no "program_id is required" besides


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_even_after_blank_lines():
    loaded = load("program,state\nA,TX\n\n,\nB,ZZ\n")
    assert loaded.errors.loc[0, "row"] == 5


# The bad inputs of the foundation issue: each a clear message, nothing loaded.
def _xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="programs")
    return buffer.getvalue()


def _parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


FATAL = [
    ("empty.csv", b"", "is empty"),
    ("headers.csv", HEADER.encode(), "no data rows"),
    ("random.csv", bytes(range(256)) * 40, "does not look like a text"),
    ("noprogram.csv", b"state,j1\nTX,yes\n", "no 'program' column \\(or a header such as 'Program name' or 'Name'\\). Columns found: 'state', 'j1'"),
    ("fake.xlsx", b"this is not a zip file at all", "not a valid .xlsx"),
    ("cut.parquet", _parquet(pd.DataFrame({"program": ["A"] * 50, "state": ["TX"] * 50}))[:-40], "could not be read as Parquet"),
    ("notes.docx", b"hello", "not supported"),
]


@pytest.mark.parametrize(("name", "content", "words"), FATAL)
def test_unusable_files_get_a_clear_message(name, content, words):
    with pytest.raises(ReadError, match=words):
        load_bytes(content, name)


def test_windows_1252_text_is_read():
    content = "program,state,notes\nCafé Genetics,TX,naïve – “quoted”\n".encode("cp1252")
    valid = load(content).valid
    assert valid.loc[0, "program"] == "Café Genetics"
    assert "“quoted”" in valid.loc[0, "notes"]


def test_utf8_with_bom_and_semicolons_are_read():
    content = "\ufeffprogram;state;j1\nA;TX;yes\n".encode("utf-8")
    assert load(content).valid.loc[0, "j1"] == True  # noqa: E712


def test_a_2mb_cell_is_flagged_and_its_program_still_loads():
    huge = "x" * (2 * 1024 * 1024)
    loaded = load(f"program,state,notes\nA,TX,{huge}\nB,TX,fine\n")
    assert list(loaded.valid["program"]) == ["A", "B"] and pd.isna(loaded.valid.loc[0, "notes"])
    assert f"{MAX_CELL_CHARS:,} characters" in loaded.flagged.loc[0, "reason"]
    assert len(loaded.flagged.loc[0, "value"]) < 100


def test_too_many_rows_is_refused_whole():
    content = ("program,state\n" + "A,TX\n" * 300_000).encode()
    with pytest.raises(ReadError, match=f"{MAX_ROWS:,}"):
        read_bytes(content, "big.csv")


def test_xlsx_first_sheet_or_sheet_named_programs():
    other = pd.DataFrame({"x": [1]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        other.to_excel(writer, sheet_name="notes", index=False)
        pd.DataFrame({"Program name": ["A"], "State": ["Ohio"], "J-1? Y/N": ["Y"]}).to_excel(writer, sheet_name="Programs", index=False)
    valid = load_bytes(buffer.getvalue(), "p.xlsx").valid
    assert (valid.loc[0, "program"], valid.loc[0, "state"], valid.loc[0, "j1"]) == ("A", "OH", True)


def test_zip_bomb_xlsx_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    with pytest.raises(ReadError, match="far more than a spreadsheet"):
        load_bytes(buffer.getvalue(), "bomb.xlsx")


def test_parquet_typed_columns_are_read():
    frame = pd.DataFrame({"program": ["A"], "state": ["TX"], "j1": [True], "positions": [3], "interest": [7.0]})
    valid = load_bytes(_parquet(frame), "p.parquet").valid
    assert (valid.loc[0, "j1"], valid.loc[0, "positions"], valid.loc[0, "interest"]) == (True, 3, 7)


def test_contacts_need_a_program_and_a_reply_after_sending():
    loaded = load("program_id,channel,sent_on,replied_on\n,email,2026-01-05,\nA,email,2026-01-05,2026-01-01\nA,email,2026-01-05,2026-01-07\n", table="contacts")
    assert len(loaded.valid) == 1
    assert set(loaded.errors["row"]) == {2, 3}


def test_a_row_with_too_many_cells_is_rejected_not_fatal():
    loaded = load("program,state\nA,TX\nB,TX,extra\nC,TX\n")
    assert list(loaded.valid["program"]) == ["A", "C"]
    assert loaded.errors.loc[0, "row"] == 3 and "more cells" in loaded.errors.loc[0, "reason"]


def test_the_day_first_vote_counts_cells_not_distinct_values():
    # Six cells of one day-first date outvote two month-first dates, though there are
    # fewer distinct day-first values: normalising reads each distinct value once.
    cells = ["13/01/2025"] * 6 + ["01/13/2025", "01/14/2025"]
    body = "".join(f"P{i},TX,{cell}\n" for i, cell in enumerate(cells))
    loaded = load("program,state,ecfmg_required_by\n" + body)
    assert sorted(loaded.flagged["row"]) == [8, 9]
    assert loaded.valid["ecfmg_required_by"].dt.strftime("%Y-%m-%d").tolist()[:6] == ["2025-01-13"] * 6


def test_repeated_bad_cells_are_each_reported_with_their_own_row():
    body = "".join(f"P{i},TX,{'7x' if i % 2 else '3'}\n" for i in range(10))
    loaded = load("program,state,positions\n" + body)
    assert loaded.flagged[["row", "column", "value"]].values.tolist() == [[r, "positions", "7x"] for r in (3, 5, 7, 9, 11)]
    assert loaded.valid["positions"].dropna().tolist() == [3] * 5


@pytest.mark.parametrize("probe", [5, 10**9])
def test_columns_read_the_same_whether_or_not_their_values_are_hashed_first(monkeypatch, probe):
    # A column whose first rows are all distinct is read cell by cell; the rest hash each
    # distinct value once. Either way every cell is read, and every bad one named.
    import data.normalise as normalise

    rows = [(f"P{i}", f"Prog {i % 30}", ["TX", "Texas", "ZZ"][i % 3], str(i) if i < 8 else ["4", "x", "7"][i % 3]) for i in range(60)]
    text = "program,institution,state,positions\n" + "".join(",".join(r) + "\n" for r in rows)
    expected = load(text)
    monkeypatch.setattr(normalise, "PROBE_ROWS", probe)
    loaded = load(text)
    pd.testing.assert_frame_equal(loaded.valid, expected.valid)
    pd.testing.assert_frame_equal(loaded.errors, expected.errors)
    pd.testing.assert_frame_equal(loaded.flagged, expected.flagged)
    assert len(loaded.errors) == 20  # every ZZ state keeps its row out
    assert len(loaded.flagged) == 17  # every x (all in rows that load) is flagged


def test_a_missing_program_column_says_to_rename_a_header_or_pick_another_sheet():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        pd.DataFrame({"Residency prog": ["Alpha"], "State": ["TX"]}).to_excel(writer, sheet_name="Programs list", index=False)
        pd.DataFrame({"Task": ["Email Dr A"]}).to_excel(writer, sheet_name="To do", index=False)
    with pytest.raises(ReadError) as caught:
        load_bytes(buffer.getvalue(), "mine.xlsx")
    message = str(caught.value)
    assert "(sheet 'Programs list') has no 'program' column" in message and "Columns found: 'Residency prog', 'State'." in message
    assert "If one of them holds it, rename that header to 'program'." in message
    assert message.endswith("If it is on another sheet, pick that sheet: the workbook's sheets are 'Programs list', 'To do'.")


def test_a_rated_reply_needs_its_date_and_an_unreadable_date_is_named_once():
    loaded = load(
        "program_id,channel,sent_on,Replied on,reply_quality\n"
        "A,email,2026-01-05,,helpful\n"  # rated, no date: it would count as no reply at all
        "A,email,2026-01-05,next week,generic\n"  # the date itself is named, once
        "A,email,2026-01-05,,\n"  # no reply yet: fine
        "A,email,2026-01-05,2026-01-07,helpful\n",
        table="contacts",
    )
    assert loaded.errors[["row", "column"]].values.tolist() == [[2, "Replied on"], [3, "Replied on"]]
    assert "the reply is rated: give the date it came" in loaded.errors.loc[0, "reason"]
    assert "rated" not in loaded.errors.loc[1, "reason"]
    assert len(loaded.valid) == 2
    without_dates = load("program_id,channel,sent_on,reply_quality\nA,email,2026-01-05,helpful\n", table="contacts")
    assert without_dates.errors.empty  # a log with no reply-date column is not wrong row by row


@pytest.mark.parametrize(
    ("text", "column", "value", "says"),
    [
        # The NRMP directory's own export: two rows with one code are one program listed twice.
        (
            "Program Name,Institution Name,State,NRMP Code\nPediatrics-Medical Genetics,Ohio Children's,OH,1234765C0\n"
            "Pediatrics-Medical Genetics,Indiana University,IN,1234765C0\n",
            "NRMP Code",
            "1234765C0",
            "the same NRMP code as row 2",
        ),
        (
            "program,state,acgme_id\nMedical Genetics,TX,1304800001\nMedical Genetics and Genomics,OH,1304800001\n",
            "acgme_id",
            "1304800001",
            "the same ACGME id as row 2",
        ),
    ],
)
def test_two_rows_with_one_directory_code_say_so_plainly(text, column, value, says):
    loaded = load(text)
    assert len(loaded.valid) == 1
    assert loaded.errors[["row", "column", "value"]].values.tolist() == [[3, column, value]]
    reason = loaded.errors.loc[0, "reason"]
    assert says in reason and "institution and state" not in reason and "program id" not in reason
