"""Tables of problem cells (row, column, value, reason), for an upload or a grid edit that cannot be saved."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages.tables import inert
from scoring.vocabulary.wording import column_words


def problem_columns(row_help: str) -> dict[str, Any]:
    """Headers for a table of problem cells (row, column, value, reason)."""
    return {
        "row": st.column_config.NumberColumn("Row", help=row_help, format="%d"),
        "column": st.column_config.TextColumn("Column"),
        "value": st.column_config.TextColumn("Value"),
        "reason": st.column_config.TextColumn("Reason"),
    }


# Up to this many problem cells are listed in a table that wraps, so every reason is read in
# full (a grid cuts long text off); more go in a grid, which scrolls.
WRAPPED_PROBLEMS = 30


def problem_table(problems: pd.DataFrame, config: dict[str, Any], alt: str, key: str | None = None) -> None:
    """A table of problem cells, headed as `config` says."""
    if len(problems) > WRAPPED_PROBLEMS:
        st.dataframe(problems, hide_index=True, column_config=config, alt=alt, key=key)
        st.caption("A long reason may be cut off: drag the right edge of the Reason header to widen the column.")
        return
    labels = {c: config[c]["label"] if c in config else str(c) for c in problems.columns}
    st.table(inert(problems.rename(columns=labels)), hide_index=True, alt=alt)


def edit_problems(errors: pd.DataFrame, alt: str, names: pd.Series | None = None, named: str = "Program") -> None:
    """The cells of a grid edit that cannot be saved, each column named as the grid names
    it; with `names` (the grid's name column, top to bottom), each row named too: a grid
    shows no row numbers."""
    shown = errors.assign(column=errors["column"].map(lambda c: column_words(str(c))))
    config = problem_columns("Counting from the top of the table, the first row is 1")
    if names is not None:
        by_row = pd.Series(names.astype("string").fillna("").to_numpy(), index=range(1, len(names) + 1))
        shown.insert(1, "named", shown["row"].map(by_row).fillna(""))
        config["named"] = st.column_config.TextColumn(named)
    problem_table(shown, config, alt)
