"""Tables for the screen: blanks shown blank, user text inert, choice cells, program-id lookups and ranges."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.text import md


def among(ids: pd.Series, keep: Any) -> np.ndarray:
    """ids.isin(keep) for program ids, by hashing: pandas' isin on Arrow strings turns every
    value of keep into a pyarrow scalar in Python, a third of a second at 10,000 programs."""
    return pd.Index(list(keep) if isinstance(keep, set) else keep, dtype="string").unique().get_indexer(pd.Index(ids, dtype="string")) >= 0


def point_range(lo: pd.Series, hi: pd.Series) -> pd.Series:
    """'2' when known, '1–3' while unknowns leave a range."""
    low, high = lo.map("{:g}".format), hi.map("{:g}".format)
    return low.where(lo == hi, low + "–" + high)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the screen where an unknown cell is blank: grids draw a null as a grey
    'None', which reads like the real answer 'none'. Columns without blanks keep their type
    (and so sort as numbers or dates)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not series.isna().any():
            continue
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            text = series.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(series.dtype):
            text = series.map({True: "yes", False: "no"}, na_action="ignore")
        elif pd.api.types.is_numeric_dtype(series.dtype):
            text = series.map("{:g}".format, na_action="ignore")
        else:
            text = series.astype("string")
        out[column] = text.astype(object).where(series.notna(), "").astype(str)
    return out


# A grid draws a blank choice cell as a grey "None", even when "" is an option, so an
# editable choice column shows and offers "unknown" for blank; saving turns it back.
# Grid date cells take any text: a date typed another way is read on save, or named as a problem
# there. (A cell check in the grid would drop "9 Nov 2026" without a word.)
DATE_HELP = "A date, such as 2026-11-09 or 9 Nov 2026 (read when you save)."


BLANK_CHOICE = "unknown"


def choice_column(label: str, options: list[str], **kwargs: Any) -> Any:
    return st.column_config.SelectboxColumn(label, options=[*options, BLANK_CHOICE], **kwargs)


def show_choices(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].astype("string").fillna(BLANK_CHOICE).replace("", BLANK_CHOICE) for c in columns})


def unshow_choices(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].replace(BLANK_CHOICE, "") for c in columns})


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.table, which reads Markdown in every cell and header: blanks blank, user text inert."""
    shown = readable(frame)
    return shown.map(md).rename(columns=md)


# The first choice of a grid's program column: a new row's picker opens on its first choice, and
# an Enter there took the first program in the list, one the user never chose.
CHOOSE_PROGRAM = "(choose a program)"


def unchosen_rows(programs: pd.Series) -> list[int]:
    """Rows (from 1, as a grid counts them) still at CHOOSE_PROGRAM."""
    return [i + 1 for i, value in enumerate(programs.astype("string").fillna("").tolist()) if value == CHOOSE_PROGRAM]


def one_row(frame: pd.DataFrame, column: str, value: object) -> pd.DataFrame:
    """The first row whose column holds value, as a one-row slice (empty when none): a slice
    shares the columns, where a boolean mask copies every one of them (a hundred and more in
    the scored table) on each page switch."""
    hits = np.flatnonzero(frame[column].eq(value).fillna(False).to_numpy(dtype=bool))
    start = int(hits[0]) if len(hits) else len(frame)
    return frame.iloc[start : start + 1]
