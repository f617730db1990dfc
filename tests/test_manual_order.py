"""Reorder by hand: a typed position means "put it here"."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.applying.manual_order import move, place

ORDER = ["a", "b", "c", "d", "e"]

PLACES = [
    ({"e": 1}, ["e", "a", "b", "c", "d"]),  # typing 1 makes it rank 1
    ({"a": 5}, ["b", "c", "d", "e", "a"]),
    ({"c": 2}, ["a", "c", "b", "d", "e"]),
    ({"b": 2}, ORDER),  # unchanged
    ({"e": 1, "d": 1}, ["d", "e", "a", "b", "c"]),  # same position: previous order kept
    ({"a": 99}, ["b", "c", "d", "e", "a"]),  # past the end: last
    ({"e": 0}, ["e", "a", "b", "c", "d"]),  # before the start: first
    ({"a": 2, "b": 1}, ["b", "a", "c", "d", "e"]),  # a swap
    ({}, ORDER),
]


@pytest.mark.parametrize(("typed", "expected"), PLACES)
def test_place(typed, expected):
    assert place(ORDER, typed) == expected


@given(st.lists(st.integers(0, 50), min_size=1, max_size=30, unique=True), st.data())
def test_one_typed_position_is_where_it_lands(ids, data):
    order = [str(i) for i in ids]
    pid = data.draw(st.sampled_from(order))
    position = data.draw(st.integers(1, len(order)))
    result = place(order, {pid: position})
    assert sorted(result) == sorted(order)
    assert result.index(pid) == position - 1
    assert [p for p in result if p != pid] == [p for p in order if p != pid]


@given(st.lists(st.integers(0, 50), min_size=1, max_size=20, unique=True), st.data())
def test_any_typing_keeps_every_program_once(ids, data):
    order = [str(i) for i in ids]
    typed = data.draw(st.dictionaries(st.sampled_from(order), st.integers(-3, 40)))
    assert sorted(place(order, typed)) == sorted(order)


@pytest.mark.parametrize(
    ("pid", "step", "expected"), [("c", -1, ["a", "c", "b", "d", "e"]), ("c", 1, ["a", "b", "d", "c", "e"]), ("a", -1, ORDER), ("e", 1, ORDER)]
)
def test_move(pid, step, expected):
    assert move(ORDER, pid, step) == expected
