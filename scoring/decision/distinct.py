"""Text built once per distinct row: the ranked list's sentences repeat a few
hundred kinds across 100,000 programs, so formatting each kind once and
spreading it back by index costs far less than formatting every row."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def row_codes(key: pd.DataFrame) -> np.ndarray:
    """One code per row, equal exactly where the rows are equal (NA equal to NA),
    numbered in order of first appearance."""
    code, size = np.zeros(len(key), dtype=np.int64), 1
    for column in key.columns:
        series = key[column]
        if series.dtype == np.float64:  # by bits: factorize counts 0.0 and -0.0 as one, yet they print apart
            series = pd.Series(series.to_numpy().view(np.int64))
        values, distinct = pd.factorize(series, use_na_sentinel=False)
        if size * max(len(distinct), 1) >= 1 << 62:  # renumber before the combined code could overflow
            code, seen = pd.factorize(code)
            size = len(seen)
        code, size = code * max(len(distinct), 1) + values, size * max(len(distinct), 1)
    return pd.factorize(code)[0]


def per_distinct_row(key: pd.DataFrame, build: Callable[[pd.DataFrame], pd.Series]) -> pd.Series:
    """build() run on key's distinct rows only, spread back row for row (key's index).
    build must give one value per row it is given, from that row alone."""
    codes = row_codes(key)
    first = np.unique(codes, return_index=True)[1]
    built = build(key.iloc[first].reset_index(drop=True))
    return pd.Series(built.array.take(codes), index=key.index, name=built.name)
