"""Every exporter on its own, with arbitrary text: what goes out comes back, and nothing
a spreadsheet opens is a live formula, headers included.

What a format cannot hold (documented in data.export): .xlsx and .docx are XML, so
control characters other than tab, LF and CR become U+FFFD. CSV and the printable HTML keep every character."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app_pages import printable
from data import documents, export

FORMULA = ("=", "+", "-", "@", "\t", "\r")
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Text built to hit the edges: formula starts, apostrophes, every line break, control characters.
pieces = st.one_of(
    st.sampled_from([*list("=+-@'\t\r\n\x0b\x0c\x00\x01\x1b\x1c\x7f\x85\u2028\u2029\ufffe"), "\r\n", '=HYPERLINK("http://evil.example")']),
    st.characters(codec="utf-8"),
)
tricky = st.lists(pieces, max_size=12).map("".join)
headers = st.lists(tricky.filter(lambda s: s != ""), min_size=1, max_size=4, unique=True)


def _frame(columns: list[str], cells: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([cells[i % len(cells)] if cells else "x" for i in range(2)], dtype="string") for c in columns})


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _live(cell: str) -> bool:
    """Would a spreadsheet run this cell (or a line of it, if it split the cell) as a formula?"""
    if cell.startswith(FORMULA):
        return True
    lines = [cell]
    for brk in LINE_BREAKS:
        lines = [part for line in lines for part in line.split(brk)]
    return any(line.startswith(FORMULA[:5]) for line in lines[1:])


@given(headers, st.lists(tricky, max_size=4))
def test_csv_round_trips_every_cell_and_header(columns, cells):
    frame = _frame(columns, cells)
    rows = _csv_rows(export.to_csv(frame))
    back = pd.DataFrame(rows[1:], columns=rows[0], dtype="string")
    assert [export.unneutralise(pd.Series([h], dtype="string"))[0] for h in rows[0]] == columns
    for position, column in enumerate(columns):
        assert export.unneutralise(back.iloc[:, position]).tolist() == frame[column].fillna("").tolist()


@given(headers, st.lists(tricky, max_size=4))
def test_no_csv_cell_or_header_is_a_live_formula_even_split_at_line_breaks(columns, cells):
    content = export.to_csv(_frame(columns, cells))
    for row in _csv_rows(content):
        assert not any(_live(cell) for cell in row), row
    # A reader that splits rows on a bare CR (the attack in issue 10.2) still sees only quoted
    # fragments or fragments that start harmlessly.
    for line in content.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        assert not line.startswith(("=", "+", "-", "@")), line


def test_a_bare_cr_cannot_start_a_row_with_a_formula():
    frame = pd.DataFrame({"notes": pd.Series(['ok\r=HYPERLINK("http://evil.example","x")'], dtype="string")})
    text = export.to_csv(frame).decode("utf-8-sig")
    assert text == '"notes"\r\n"ok\r\'=HYPERLINK(""http://evil.example"",""x"")"\r\n'


@pytest.mark.parametrize("header", ['=HYPERLINK("http://evil.example")', "@SUM(A1)", "+1", "-1", "\tx", "\rx", "a\n=1"])
def test_headers_are_neutralised_in_csv_and_excel(header):
    frame = pd.DataFrame({header: pd.Series(["v"], dtype="string"), "n": [1]})
    csv_header = _csv_rows(export.to_csv(frame))[0][0]
    assert not _live(csv_header) and export.unneutralise(pd.Series([csv_header]))[0] == header
    cell = load_workbook(io.BytesIO(export.to_xlsx(frame))).active["A1"]
    assert cell.data_type != "f" and not _live(str(cell.value))


def _excel_can_hold(text: str) -> str:
    return export.xml_text(text)


@settings(max_examples=15)
@given(headers, st.lists(tricky, max_size=4))
def test_excel_never_raises_and_keeps_what_xml_can_hold(columns, cells):
    frame = _frame(columns, cells).assign(number=[-5, 3])
    sheet = load_workbook(io.BytesIO(export.to_xlsx(frame))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    for row in values:
        assert not any(isinstance(v, str) and _live(v) for v in row), row
    assert [export.unneutralise(pd.Series([h], dtype="string"))[0] for h in values[0][:-1]] == [_excel_can_hold(c) for c in columns]
    for position, column in enumerate(columns):
        got = export.unneutralise(pd.Series([r[position] or "" for r in values[1:]], dtype="string")).tolist()
        assert got == [_excel_can_hold(v) for v in frame[column]]
    assert [r[-1] for r in values[1:]] == [-5, 3]


@given(tricky, st.lists(tricky, max_size=5))
def test_word_never_raises_and_keeps_every_line(title, lines):
    from docx import Document

    text = "\n".join([f"# {title}", *lines])
    document = Document(io.BytesIO(documents.markdown_to_docx(text)))
    expected = []
    for line in export.xml_text(text).splitlines():
        for prefix in ("# ", "## ", "- "):
            if line.startswith(prefix):
                line = line[len(prefix) :]
                break
        else:
            if not line.strip():
                continue
        expected.append(line)
    assert [p.text for p in document.paragraphs] == expected


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._in = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


@given(headers, st.lists(tricky, max_size=4))
def test_printable_html_is_escaped_and_keeps_every_cell(columns, cells):
    frame = _frame(columns, cells)
    parser = _Cells()
    parser.feed(printable.table_html(frame))
    assert set(parser.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    expected = [*columns, *[v for row in frame.itertuples(index=False) for v in row]]
    # HTML turns CR and CRLF into LF when a browser parses it, as Python's parser does not.
    assert parser.cells == expected


def test_parquet_keeps_headers_and_cells_exactly():
    frame = pd.DataFrame({"=HYPERLINK(1)": pd.Series(["=1\r\x00"], dtype="string")})
    assert pd.read_parquet(io.BytesIO(export.to_parquet(frame))).equals(frame)


@given(st.lists(tricky, min_size=1, max_size=20))
def test_the_column_wise_prefilter_finds_every_cell_that_needs_an_apostrophe(cells):
    # Only cells the Arrow (RE2) prefilter flags go through Python's regex: it must never miss one.
    import pyarrow as pa
    import pyarrow.compute as pc

    flagged = pc.match_substring_regex(pa.array(cells, type=pa.large_string()), export._MAYBE_RISKY).to_pylist()
    for cell, flag in zip(cells, flagged, strict=True):
        if export.neutralise_text(cell) != cell:
            assert flag, cell


def test_numbers_dates_and_flags_are_written_as_a_person_would_type_them():
    frame = pd.DataFrame(
        {
            "score": [90.0, 14.25, None],
            "count": pd.array([3, None, 0], dtype="Int64"),
            "j1": pd.array([True, False, None], dtype="boolean"),
            "due": pd.to_datetime(["2026-01-02", None, "2026-12-31"]),
        }
    )
    assert _csv_rows(export.to_csv(frame))[1:] == [["90", "3", "yes", "2026-01-02"], ["14.25", "", "no", ""], ["", "0", "", "2026-12-31"]]
