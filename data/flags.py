"""Cells the app could not read, kept as written beside the program they belong to.

Only a missing program name or state keeps a program out. Any other cell that cannot
be read loads as unknown (like a blank, so its score's range stays wide), and the
cell's text, exactly as written, and the reason are kept in one hidden column,
FLAGS, as JSON: {column: {"value": text as written, "reason": why}}. Keeping the
text lets the Programs grid and every export show the cell as the user wrote it, so
a fixed cell, a re-upload of the app's own export, a backup and a merge all carry it.
Everything here works on the flagged rows only, which are few.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

FLAGS = "flagged_cells"  # the hidden column, in the stored table and the scored frame
PROBLEMS = "problems"  # the readable column exports carry

Flags = dict[str, dict[str, str]]
FIELDS = ("value", "reason", "header")  # the text as written, why it was not read, the user's header


def decode(cell: object) -> Flags:
    if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)) or not str(cell).strip():
        return {}
    try:
        found = json.loads(str(cell))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): {f: str(v.get(f, "")) for f in FIELDS} for k, v in found.items() if isinstance(v, dict)}


def encode(flags: Mapping[str, Mapping[str, str]]) -> object:
    return json.dumps({k: dict(v) for k, v in flags.items()}, ensure_ascii=False, sort_keys=True) if flags else pd.NA


def _json_texts(texts: pd.Series) -> np.ndarray:
    """json.dumps of each text, worked out once per distinct text (flagged cells repeat)."""
    codes, distinct = pd.factorize(texts.astype(object), use_na_sentinel=False)
    dumped = np.asarray([json.dumps(str(text), ensure_ascii=False) for text in distinct], dtype=object)
    return dumped[codes]


def encode_cells(cells: pd.DataFrame) -> pd.Series:
    """encode() for many cells at once, a column at a time: cells has row, name, value, reason
    and header, one line per cell (row and name unique together); the result holds each row's
    JSON, indexed by row, exactly as encode() writes it (keys sorted, the same separators)."""
    if cells.empty:
        return pd.Series([], dtype="string")
    cells = cells.sort_values(["row", "name"], kind="stable")
    pieces = (
        _json_texts(cells["name"])
        + ': {"header": '
        + _json_texts(cells["header"])
        + ', "reason": '
        + _json_texts(cells["reason"])
        + ', "value": '
        + _json_texts(cells["value"])
        + "}"
    )
    rows = cells["row"].to_numpy()
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    later = np.ones(len(pieces), dtype=bool)
    later[starts] = False
    pieces[later] = ", " + pieces[later]
    # Each row's pieces added end to end: string concatenation, row by row, in numpy.
    joined = np.add.reduceat(pieces, starts)
    return pd.Series("{" + joined + "}", index=rows[starts], dtype="string")


def column_of(frame: pd.DataFrame) -> pd.Series:
    """The frame's flags column, or an empty one (a table saved before flags existed)."""
    if FLAGS in frame:
        return frame[FLAGS]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def flagged_rows(frame: pd.DataFrame) -> pd.Series:
    """True where a program has at least one flagged cell."""
    return column_of(frame).astype("string").fillna("").str.len().gt(2).astype(bool)


Label = Mapping[str, str] | Callable[[str], str] | None


def header_of(name: str, header: str, label: Label = None) -> str:
    """A flagged cell's header: the user's own, else the label's words for the column. A header that
    is the app's own column name (a cell typed in the Programs grid) is no header of the user's."""
    if header and header != name:
        return header
    if callable(label):
        return label(name)
    return (label or {}).get(name, name)


def kept_headers(edited: pd.DataFrame, saved: pd.DataFrame) -> pd.Series:
    """The flags of a table edited in the Programs grid, where the grid re-flags a cell under the
    app's own column name: each such cell keeps the header the user's file gave the same program's
    same cell (flagged before), else has none, so no page shows the column's code."""
    new = column_of(edited)
    at = np.flatnonzero(flagged_rows(edited).to_numpy())
    if not len(at) or "program_id" not in edited:
        return new
    saved_at = np.flatnonzero(flagged_rows(saved).to_numpy()) if "program_id" in saved else np.empty(0, dtype=int)
    before = dict(zip(saved["program_id"].astype(str).to_numpy()[saved_at], column_of(saved).to_numpy(dtype=object)[saved_at], strict=True))
    out = new.astype(object).to_numpy(copy=True)
    ids = edited["program_id"].astype("string").fillna("").to_numpy(dtype=object)
    for position in at.tolist():
        cell, old = decode(out[position]), decode(before.get(str(ids[position])))
        for name, flag in cell.items():
            if flag["header"] in ("", name):
                earlier = old.get(name, {}).get("header", "")
                flag["header"] = "" if earlier == name else earlier
        out[position] = encode(cell)
    return pd.Series(pd.array(out, dtype="string"), index=edited.index)


def table(frame: pd.DataFrame, label: Label = None) -> pd.DataFrame:
    """One row per flagged cell: program_id, program, column, value as written, reason. header:
    the user's header, else label's words for the column (label: a mapping or a function)."""
    rows = []
    at = np.flatnonzero(flagged_rows(frame).to_numpy())
    # Each column read once into Python objects: a pandas access per cell cost a millisecond.
    cells = column_of(frame).to_numpy(dtype=object)[at]
    ids = frame["program_id"].to_numpy(dtype=object)[at] if "program_id" in frame else [pd.NA] * len(at)
    programs = frame["program"].to_numpy(dtype=object)[at] if "program" in frame else [pd.NA] * len(at)
    for cell, program_id, program in zip(cells, ids, programs, strict=True):
        for name, flag in decode(cell).items():
            rows.append(
                {
                    "program_id": program_id,
                    "program": program,
                    "column": name,
                    "header": header_of(name, flag["header"], label),
                    "value": flag["value"],
                    "reason": flag["reason"],
                }
            )
    return pd.DataFrame(rows, columns=["program_id", "program", "column", "header", "value", "reason"])


def problems_text(frame: pd.DataFrame, label: Label = None) -> pd.Series:
    """The readable problems of each row ('Step 2 cutoff: "220ish" is not a whole number; …'), NA where none."""
    texts = np.full(len(frame), None, dtype=object)
    at = np.flatnonzero(flagged_rows(frame).to_numpy())
    for position, cell in zip(at.tolist(), column_of(frame).to_numpy(dtype=object)[at], strict=True):
        flags = decode(cell)
        texts[position] = "; ".join(f"{header_of(k, v['header'], label)}: '{v['value']}' {v['reason']}" for k, v in flags.items())
    return pd.Series(pd.array(texts, dtype="string"), index=frame.index)


def looks_like_problems(cells: pd.Series) -> bool:
    """Whether a column headed `problems` is the one data.export writes (cells_as_written) (each filled cell names a
    column and quotes a cell), not a column of the user's own that happens to share its name."""
    text = cells.astype("string").fillna("").str.strip()
    filled = text[text.ne("")]
    return bool(len(filled)) and bool(filled.str.match(r"^[^:;]+: '").all())


def with_cells_as_written(text: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """A text copy of frame (as_spreadsheet_text) with each flagged cell's text put back as written."""
    column = column_of(frame)
    positions = np.flatnonzero(flagged_rows(frame).to_numpy())
    if not len(positions):
        return text
    out = text.copy()
    for position in positions.tolist():
        for name, flag in decode(column.iloc[position]).items():
            at = out.columns.get_loc(name) if name in out.columns else None
            if isinstance(at, int):
                out.iat[position, at] = flag["value"]
    return out


def masks(column: pd.Series) -> dict[str, np.ndarray]:
    """For each flagged column name, where (by position) a cell of it is flagged."""
    out: dict[str, np.ndarray] = {}
    filled = column.astype("string").fillna("").str.len().gt(2).to_numpy()
    at = np.flatnonzero(filled)
    for position, cell in zip(at.tolist(), column.to_numpy(dtype=object)[at], strict=True):
        for name in decode(cell):
            out.setdefault(name, np.zeros(len(column), dtype=bool))[position] = True
    return out


def merged(saved: pd.Series, incoming: pd.Series, supplied: Collection[str], cell_given: Mapping[str, pd.Series]) -> pd.Series:
    """The flags of programs a merge updates (both Series indexed alike).

    A column the file supplied takes the file's flag, or none when the file's cell was read;
    a column it did not supply (or left blank) keeps the saved flag.
    cell_given: for each supplied column, where the file's cell was not blank.
    """
    out = saved.astype("object").copy()
    either = (saved.astype("string").fillna("").str.len().gt(2) | incoming.astype("string").fillna("").str.len().gt(2)).to_numpy()
    for position in np.flatnonzero(either).tolist():
        old, new = decode(saved.iloc[position]), decode(incoming.iloc[position])
        kept = {k: v for k, v in old.items() if k not in new and not (k in supplied and k in cell_given and bool(cell_given[k].iloc[position]))}
        out.iloc[position] = encode({**kept, **new})
    return out.astype("string")


def program_of_row(valid: pd.DataFrame, flagged: pd.DataFrame) -> dict[int, str]:
    """The program id of each flagged cell's spreadsheet row, for an upload's preview to name its
    programs. A flagged cell never keeps its row out, and the loaded programs keep the file's order,
    so the programs with flags, top to bottom, are the flagged rows in increasing order. Empty
    when the two do not line up (never guessed)."""
    if flagged.empty or FLAGS not in valid:
        return {}
    rows = sorted(set(flagged["row"].astype(int).tolist()))
    ids = valid.loc[flagged_rows(valid).to_numpy(), "program_id"].astype(str).tolist()
    return dict(zip(rows, ids, strict=True)) if len(rows) == len(ids) else {}
