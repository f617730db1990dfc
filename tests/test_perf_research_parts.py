"""research_next re-scores only the parts an answer can change: the lists of
what each part reads must be complete, and the answer with applications must
equal the whole-row oracle. Also the per-distinct-row helper the ranked list's
sentences use."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tests.test_perf_research_next as old
from data.settings import FACTORS, Weights
from scoring.decision import rubric
from scoring.decision.distinct import per_distinct_row, row_codes
from scoring.decision.inputs import CANDIDATES
from scoring.decision.ranking import evaluate, link_contacts, score_programs
from scoring.decision.research_next import CONTRADICTION_COLUMNS, PART_COLUMNS, part_values, research_next
from tests.helpers import AS_OF, contacts_frame, profiles, program_tables, weight_values
from tests.test_perf_research_next import replies
from tests.test_reflection_factor import STATUSES, applications_for, ratings


def test_every_input_research_next_varies_feeds_a_part():
    read = {c for columns in PART_COLUMNS.values() for c in columns}
    assert set(CANDIDATES) <= read


@settings(max_examples=40)
@given(program_tables(max_size=12), profiles, replies)
def test_each_part_reads_only_the_columns_listed(programs, profile, reply_rows):
    contacts = link_contacts(contacts_frame(reply_rows), programs) if reply_rows else None
    for part, columns in PART_COLUMNS.items():
        whole = part_values(part, programs, profile, AS_OF, contacts)
        narrow = part_values(part, programs[list(columns)], profile, AS_OF, contacts)
        assert whole.keys() == narrow.keys()
        for name in whole:
            np.testing.assert_array_equal(narrow[name], whole[name], err_msg=f"{part}: {name}")
    np.testing.assert_array_equal(rubric.contradictory(programs[list(CONTRADICTION_COLUMNS)]), rubric.contradictory(programs))


@settings(max_examples=25)
@given(
    program_tables(max_size=10),
    profiles,
    st.builds(Weights, **{f: weight_values for f in FACTORS}),
    st.lists(st.tuples(st.sampled_from(STATUSES), ratings, ratings, ratings), max_size=10),
)
def test_with_applications_it_gives_what_whole_rows_give(programs, profile, chosen, rows):
    applications = applications_for(programs["program_id"].tolist(), rows)
    # The oracle scores whole variant rows; here with the applications too.
    scored = score_programs(programs, profile, chosen, AS_OF, applications=applications)
    new = research_next(scored, programs, profile, chosen, AS_OF, applications=applications)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(old, "evaluate", lambda frame, *args: evaluate(frame, *args, applications=applications))
        expected = old.oracle(scored, programs, profile, chosen, AS_OF)
    if expected.empty:
        assert old.without_count_date(new).empty
    else:
        pd.testing.assert_frame_equal(old.without_count_date(new), expected)


def test_row_codes_tell_apart_what_prints_apart():
    key = pd.DataFrame({"x": [0.0, -0.0, np.nan, np.nan, 0.0], "y": pd.array(["a", "a", None, None, "a"], dtype="string")})
    assert row_codes(key).tolist() == [0, 1, 2, 2, 0]


@given(st.lists(st.tuples(st.sampled_from([0.5, 1.0, -0.0, 0.0, np.nan]), st.sampled_from(["a", "b", None]), st.integers(0, 3)), max_size=30))
def test_per_distinct_row_gives_what_every_row_gives(rows):
    key = pd.DataFrame(
        {
            "x": pd.Series([r[0] for r in rows], dtype=float),
            "y": pd.Series([r[1] for r in rows], dtype="string"),
            "z": pd.Series([r[2] for r in rows], dtype="int64"),
        },
        index=pd.RangeIndex(len(rows)) * 3,
    )

    def build(frame: pd.DataFrame) -> pd.Series:
        return frame["x"].astype("string").fillna("?") + "|" + frame["y"].fillna("?") + "|" + frame["z"].astype("string")

    pd.testing.assert_series_equal(per_distinct_row(key, build), build(key))
