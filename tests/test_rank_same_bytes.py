"""The fast paths of `cli.py rank` write the same bytes as the plain ones they replaced.

Each shortcut is checked against the plain way on the user-like sheet (scripts/user_sheet.py:
shared names, blanks, odd cells kept and flagged) and, where it reads bytes or numbers, with
hypothesis on text and values built to hit its edges:
- the CSV written a block of rows at a time (sentences held as categories), against one table of every row formatted and
  neutralised column by column (Arrow's cast, strftime, the regex on every cell);
- the formula scan's byte test, against the regex it lets through;
- numbers and dates formatted once per distinct value, against formatting every cell;
- eligibility reasons keyed on the cutoffs that failed, against the key of every cutoff;
- research next's listed items, flagged cells' text in them, against the items made for every pair.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import export
from data.settings import Profile, Weights
from data.validation import load_path
from scoring.decision import eligibility
from scoring.decision.distinct import per_distinct_row
from scoring.decision.ranking import RESEARCH_ITEMS_LISTED, ranked_list, score_programs
from scoring.decision.research_next import research_next
from scripts import user_sheet

AS_OF = date(2026, 12, 7)


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    path = user_sheet.write(3000, Path(tmp_path_factory.mktemp("sheet")) / "sheet.csv")
    valid = load_path(path, "programs").valid
    profile, weights = Profile(), Weights()
    scored = score_programs(valid, profile, weights, AS_OF)
    todo = research_next(scored, valid, profile, weights, AS_OF, first=RESEARCH_ITEMS_LISTED)
    return valid, scored, ranked_list(scored, profile, weights, AS_OF, todo[["program_id", "todo"]])


def _plain_text(series: pd.Series, name: object) -> pa.Array:
    """Every cell formatted on its own, as the export did before formatting per distinct value."""
    said = export._states_none(series, name)
    if said is not None:
        return pc.if_else(pa.array(said), "none", _plain_text(series, None))
    if pd.api.types.is_bool_dtype(series.dtype):
        return pc.if_else(pa.array(series.astype("boolean"), type=pa.bool_()), "yes", "no")
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return pa.array(series.dt.strftime("%Y-%m-%d").astype("string"), type=pa.large_string())
    if pd.api.types.is_numeric_dtype(series.dtype):
        return pc.cast(pa.array(series, from_pandas=True), pa.large_string())
    return pa.array(series.astype("string"), type=pa.large_string())


def _plain_neutralised(text: pa.Array) -> pa.Array:
    """The regex on every cell, then Python's on the cells it matched."""
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    maybe = pc.fill_null(pc.match_substring_regex(text, export._MAYBE_RISKY), False).to_numpy(zero_copy_only=False)
    values = text.to_numpy(zero_copy_only=False).copy()
    values[maybe] = [export.neutralise_text(cell) for cell in values[maybe]]
    return pa.array(values, type=text.type)


def _plain_csv(frame: pd.DataFrame) -> bytes:
    frame = export.cells_as_written(frame)
    arrays = []
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        text = _plain_text(column, frame.columns[position])
        arrays.append(pc.fill_null(_plain_neutralised(text) if export._is_text(column) else text, ""))
    table = pa.Table.from_arrays(arrays, names=[export.neutralise_text(str(c)) for c in frame.columns])
    sink = io.BytesIO()
    sink.write("\ufeff".encode())
    pacsv.write_csv(table, sink, pacsv.WriteOptions(quoting_style="all_valid", quoting_header="all_valid", eol="\r\n"))
    return sink.getvalue()


@pytest.mark.parametrize("rows", [export.WRITE_ROWS, 7, 1000, 10**6])
def test_the_ranked_csv_is_the_plain_one_whatever_the_block(
    ranked: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, frame = ranked
    monkeypatch.setattr(export, "WRITE_ROWS", rows)
    assert export.to_csv(frame) == _plain_csv(frame)


def test_a_sheet_with_formulas_in_every_kind_of_column_is_the_plain_one(ranked: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    _, _, frame = ranked
    hostile = frame.head(500).copy()
    hostile["notes"] = pd.array(["=1+1", "a\n-b", "é\u2028@x", None, "''=x", "\tx", "plain", "x\x85+y"] * 62 + ["z"] * 4, dtype="string")
    hostile["program"] = hostile["program"].astype("string").str.replace("Pediatrics", "-Pediatrics", regex=False)
    assert export.to_csv(hostile) == _plain_csv(hostile)


def test_sentences_held_as_categories_write_the_same_bytes(ranked: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    valid, scored, frame = ranked
    todo = research_next(scored, valid, Profile(), Weights(), AS_OF, first=RESEARCH_ITEMS_LISTED, only=("program_id", "todo"))
    compact = ranked_list(scored, Profile(), Weights(), AS_OF, todo, compact=True)
    assert isinstance(compact["explanation"].dtype, pd.CategoricalDtype)
    assert export.to_csv(compact) == _plain_csv(frame)
    hostile = compact.head(300).copy()
    hostile["tier_reason"] = pd.Series(["=1+1", "a\n-b", None, "plain"] * 75, dtype="string").astype("category")
    assert export.to_csv(hostile) == _plain_csv(hostile.astype({"tier_reason": "string"}))


def test_an_empty_frame_is_its_header() -> None:
    frame = pd.DataFrame({"a": pd.array([], dtype="string"), "=b": pd.array([], dtype="Int64")})
    assert export.to_csv(frame) == _plain_csv(frame) == '\ufeff"a","\'=b"\r\n'.encode()


line_breaks = list("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
risky_pieces = st.one_of(st.sampled_from([*line_breaks, *"=+-@'\t", "é", "–", "\u2027", "\u202a", "Å"]), st.characters(codec="utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.lists(risky_pieces, max_size=8).map("".join)), min_size=1, max_size=30), st.integers(0, 3))
def test_the_byte_scan_lets_through_every_cell_the_regex_matches(cells: list[str | None], cut: int) -> None:
    for kind in (pa.string(), pa.large_string()):
        text = pa.array(cells, type=kind).slice(min(cut, len(cells) - 1))  # a sliced array reads from an offset
        matched = pc.fill_null(pc.match_substring_regex(text, export._MAYBE_RISKY), False).to_numpy(zero_copy_only=False)
        assert not (matched & ~export._could_be_risky(text)).any()
        assert export._neutralised(text).to_pylist() == _plain_neutralised(text).to_pylist()


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(-0.0), st.just(0.0), st.sampled_from([90.0, 0.1, 1e21, 7.25]))


@settings(max_examples=100, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=40), st.integers(1, 60))
def test_numbers_formatted_once_per_value_read_as_each_formatted_alone(values: list[float], times: int) -> None:
    series = pd.Series(values * (2000 // len(values) + times))  # long enough for the per-value path
    assert export._text_array(series).to_pylist() == _plain_text(series, None).to_pylist()
    whole = pd.Series(pd.array([None if v != v else int(v) if abs(v) < 2**62 else 1 for v in values] * (2000 // len(values) + 1), dtype="Int64"))
    assert export._text_array(whole).to_pylist() == _plain_text(whole, None).to_pylist()


def test_dates_formatted_once_per_value_read_as_each_formatted_alone() -> None:
    dates = pd.Series(pd.to_datetime(["2026-12-07", None, "1999-01-31", "2026-12-07", None] * 400))
    assert export._text_array(dates).to_pylist() == _plain_text(dates, None).to_pylist()


def test_reasons_keyed_on_failed_cutoffs_read_as_keyed_on_every_cutoff(ranked: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    _, scored, _ = ranked
    for profile in (Profile(), Profile(step2_score=215, attempts=3, graduation_year=2012, ecfmg_expected=date(2027, 8, 1))):
        result = eligibility.check(scored, profile, AS_OF)
        key = pd.DataFrame(
            {
                "no": np.asarray(result["ineligible_mask"]),
                "unknown": np.asarray(result["unknown_rule_mask"]),
                **{c: scored[c] if c in scored else pd.Series(pd.NA, index=scored.index) for c in eligibility.CUTOFF_COLUMNS},
                # Which cutoffs the sheet wrote as the program's silence ("not stated"): part of the words.
                "silent": eligibility._silent_cutoffs(scored),
            },
            index=scored.index,
        )
        plain = per_distinct_row(key, lambda rows, p=profile: eligibility._reasons(rows, p, AS_OF))
        assert (result["ineligible_mask"] > 0).any()
        pd.testing.assert_series_equal(eligibility.reasons(scored, result, profile, AS_OF), plain)


def test_listed_items_are_among_every_item_word_for_word(ranked: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    valid, scored, _ = ranked
    listed = research_next(scored, valid, Profile(), Weights(), AS_OF, first=RESEARCH_ITEMS_LISTED)
    every = research_next(scored, valid, Profile(), Weights(), AS_OF)
    assert listed["todo"].str.startswith("You wrote '").any()  # the sheet's odd cells are in the items

    def items(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
        return set(zip(frame["program_id"].astype(str), frame["input"].astype(str), frame["todo"].astype(str), strict=True))

    # Only a flagged cell whose item was not among the first three is listed on its own instead.
    assert all(todo.startswith("You wrote '") and todo.endswith("on the Programs page.") for _, _, todo in items(listed) - items(every))
