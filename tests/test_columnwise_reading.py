"""The column-wise forms `cli.py check` reads with give what the one-at-a-time forms give:
program ids, flagged cells' JSON, and dates built from their parts."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data import flags
from data.normalise import _assemble, derive_program_id, derive_program_ids

names = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["Pediatrics-Medical Genetics", "  Café  x", "Ａbc", "a\tb", "r\x1cs", ""]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(names, names, names), min_size=1, max_size=12))
def test_program_ids_column_wise_are_the_ids_row_by_row(rows):
    program, institution, state = (pd.Series([r[i] for r in rows], dtype="string") for i in range(3))
    assert list(derive_program_ids(program, institution, state)) == [derive_program_id(p, i, s) for p, i, s in rows]


texts = st.text(max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(2, 6), st.sampled_from(["b", "a", "z", "ä", "a b"])), st.tuples(texts, texts, texts), min_size=1, max_size=10))
def test_flags_encoded_column_wise_are_encode_row_by_row(cells):
    frame = pd.DataFrame(
        [{"row": r, "name": n, "value": v, "reason": why, "header": h} for (r, n), (v, why, h) in cells.items()],
    ).sample(frac=1, random_state=0)
    encoded = flags.encode_cells(frame)
    for row, part in frame.groupby("row"):
        expected = flags.encode(
            {n: {"value": v, "reason": why, "header": h} for n, v, why, h in zip(part["name"], part["value"], part["reason"], part["header"], strict=True)}
        )
        assert encoded[row] == expected


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1900, 2100), st.integers(0, 14), st.integers(0, 33)), min_size=1, max_size=20))
def test_dates_assembled_in_numpy_are_pandas_dates_from_parts(parts):
    year, month, day = (np.array([p[i] for p in parts], dtype=float) for i in range(3))
    built = _assemble(year, month, day, np.ones(len(parts), dtype=bool))
    expected = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce").to_numpy(dtype="datetime64[ns]")
    np.testing.assert_array_equal(built, expected)


# Names drawn from a few, as a user's sheet repeats them: each distinct name is folded once.
few_names = st.one_of(
    st.none(), st.sampled_from(["Pediatrics-Medical Genetics", "pediatrics-medical  genetics", " Café ", "Cafe\u0301", "Ａbc", "a\tb", "", "IN"])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(few_names, few_names, few_names), min_size=1, max_size=30))
def test_program_ids_of_repeated_names_are_the_ids_row_by_row(rows):
    program, institution, state = (pd.Series([r[i] for r in rows], dtype="string") for i in range(3))
    assert list(derive_program_ids(program, institution, state)) == [derive_program_id(p, i, s) for p, i, s in rows]


# A Y/N emphasis column read once per distinct mark gives what reading every cell gives.
marks = st.one_of(st.none(), st.sampled_from(["Y", "y", " yes ", "N", "no", "1", "0", "3", "✓", "✗", "", "x", "T", "false"]), st.text(max_size=4))


@settings(max_examples=60, deadline=None)
@given(st.lists(marks, max_size=30), st.sampled_from(["str", "string", "object"]))
def test_emphasis_marks_per_distinct_value_are_the_marks_cell_by_cell(cells, dtype):
    from data.normalise import _emphasis_marks, emphasis_marks

    text = pd.Series(cells, dtype=dtype)
    pd.testing.assert_series_equal(emphasis_marks(text), _emphasis_marks(text))


def test_a_column_the_file_does_not_give_is_the_same_unknown_column_as_before():
    from data.normalise import DTYPES, _unknown_column

    for rows in (0, 1, 7):
        index = pd.RangeIndex(rows)
        for dtype in set(DTYPES.values()):
            pd.testing.assert_series_equal(_unknown_column(index, dtype), pd.Series(pd.NA, index=index, dtype=dtype))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["IN", "TX", "PR", "DC", "ZZ", "", "ma"])), st.sampled_from([None, "Pacific"])), max_size=25))
def test_regions_and_divisions_from_states_in_one_pass_are_those_of_each_state(rows):
    from data import geography
    from data.normalise import STATE_DIVISION, _derive_geography, per_distinct

    state = pd.Series([r[0] for r in rows], dtype="string")
    given_division = pd.Series([r[1] for r in rows], dtype="string")
    frame = pd.DataFrame({"state": state, "division": given_division, "region": pd.Series(pd.NA, index=state.index, dtype="string")})
    _derive_geography(frame)
    # The two-pass reading it replaced: a division per state, then a region per division.
    division = per_distinct(state, STATE_DIVISION.get)
    region = per_distinct(division, geography.DIVISION_REGION.get)
    pd.testing.assert_series_equal(frame["division"], given_division.fillna(division), check_names=False)
    pd.testing.assert_series_equal(frame["region"], pd.Series(pd.NA, index=state.index, dtype="string").fillna(region), check_names=False)
