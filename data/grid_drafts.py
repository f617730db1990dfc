"""Unsaved grid edits as a draft: what changed against the saved table, in a form
JSON can hold, and the saved table with a draft laid back over it.

A row is known by its identity: a column (programs: program_id) or, without one,
the frame's integer index (the logs). A row whose identity is blank, or not in the
saved table, was added in the grid.

Draft: {"columns": [...], "changed": {"keys": [...], "rows": [{column: cell}, ...]},
"added": [[cell, ...], ...], "deleted": [key, ...]}; a changed row holds only the
cells that differ, so a cell changed since by another path (a reply recorded)
keeps that change. A cell is text, a number, true/false, null, or
{"date": "YYYY-MM-DD"}.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

Draft = dict[str, Any]


def _plain(value: Any) -> Any:
    """One cell as JSON can hold it."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, dict) and "date" in value:
        return dt.date.fromisoformat(value["date"])
    return value


def _keys(frame: pd.DataFrame, identity: str | None) -> pd.Series:
    return frame[identity].astype(object) if identity else frame.index.to_series(index=frame.index).astype(object)


def _objects(frame: pd.DataFrame) -> np.ndarray:
    # None for every kind of blank, so that blank equals blank when cells are compared.
    values = frame.astype(object).to_numpy(copy=True)
    values[frame.isna().to_numpy()] = None
    return values


def draft_of(saved: pd.DataFrame, edited: pd.DataFrame, columns: Sequence[str], identity: str | None = None) -> Draft | None:
    """What `edited` changes in `saved`, over `columns`; None when nothing."""
    columns = list(columns)
    saved_keys, edited_keys = _keys(saved, identity), _keys(edited, identity)
    known = edited_keys.notna() & edited_keys.isin(set(saved_keys.dropna()))
    kept = edited[known.to_numpy()]
    before = saved.set_axis(saved_keys.to_numpy()).loc[_keys(kept, identity).to_numpy(), columns]
    cells_differ = _objects(before) != _objects(kept[columns])
    differs = cells_differ.any(axis=1)
    changed = kept[columns][differs]
    changed_cells = cells_differ[differs]
    added = edited[~known.to_numpy()][columns]
    gone = set(edited_keys.dropna())
    deleted = [_plain(k) for k in saved_keys if k not in gone]
    if changed.empty and added.empty and not deleted:
        return None
    return {
        "columns": columns,
        "changed": {
            "keys": [_plain(k) for k in _keys(kept, identity)[differs]],
            "rows": [
                {column: _plain(v) for column, v, differ in zip(columns, row, flags, strict=True) if differ}
                for row, flags in zip(changed.itertuples(index=False), changed_cells, strict=True)
            ],
        },
        "added": [[_plain(v) for v in row] for row in added.itertuples(index=False)],
        "deleted": deleted,
    }


def _set(frame: pd.DataFrame, label: Any, column: str, value: Any) -> None:
    try:
        frame.at[label, column] = value
    except (TypeError, ValueError):
        try:  # in the column's own type ("2026-10-30" into a date column)
            frame.at[label, column] = pd.Series([value]).astype(frame[column].dtype).iloc[0]
        except (TypeError, ValueError):
            # As typed; validation on save names the cell.
            frame[column] = frame[column].astype(object)
            frame.at[label, column] = value


def lay_over(saved: pd.DataFrame, draft: Draft, identity: str | None = None) -> pd.DataFrame:
    """`saved` with the draft's edits: deleted rows gone, changed cells set, added rows
    at the end. Edits to rows no longer in `saved` are dropped."""
    columns = list(draft["columns"])
    keys = _keys(saved, identity)
    # Added rows are numbered on from the saved rows, deleted ones included, as the grid numbers them.
    start = int(saved.index.max()) + 1 if len(saved) and pd.api.types.is_integer_dtype(saved.index) else len(saved)
    result = saved[~keys.isin(set(draft["deleted"])).to_numpy()].copy()
    label_of = pd.Series(result.index, index=_keys(result, identity).to_numpy())
    label_of = label_of[~label_of.index.duplicated()]
    for key, row in zip(draft["changed"]["keys"], draft["changed"]["rows"], strict=True):
        if key in label_of.index:
            for column, value in row.items():
                if column in result.columns:
                    _set(result, label_of[key], column, _cell(value))
    if draft["added"]:
        added = pd.DataFrame([[_cell(v) for v in row] for row in draft["added"]], columns=columns, index=range(start, start + len(draft["added"])))
        added = added.reindex(columns=result.columns)
        for column in result.columns:
            # A cell the column's type cannot hold stays as typed; validation on save names it.
            with contextlib.suppress(TypeError, ValueError):
                added[column] = added[column].astype(result[column].dtype)
        result = pd.concat([result, added])
    return result


def outside(draft: Draft | None, keys: set[Any]) -> Draft | None:
    """The part of a draft about rows whose keys are not in `keys`: edits to rows a
    filter hides now, kept for when they show again. Added rows are always shown."""
    if not draft:
        return None
    changed = [(k, row) for k, row in zip(draft["changed"]["keys"], draft["changed"]["rows"], strict=True) if k not in keys]
    deleted = [k for k in draft["deleted"] if k not in keys]
    if not changed and not deleted:
        return None
    return {
        "columns": draft["columns"],
        "changed": {"keys": [k for k, _ in changed], "rows": [row for _, row in changed]},
        "added": [],
        "deleted": deleted,
    }


def within(draft: Draft | None, keys: set[Any]) -> Draft | None:
    """The draft without edits to rows whose keys are not in `keys` (rows since
    removed from the table); added rows stay."""
    if not draft:
        return None
    changed = [(k, row) for k, row in zip(draft["changed"]["keys"], draft["changed"]["rows"], strict=True) if k in keys]
    deleted = [k for k in draft["deleted"] if k in keys]
    if not changed and not deleted and not draft["added"]:
        return None
    return {**draft, "changed": {"keys": [k for k, _ in changed], "rows": [row for _, row in changed]}, "deleted": deleted}


def combined(shown: Draft | None, hidden: Draft | None) -> Draft | None:
    """A draft of the shown rows joined with one of rows hidden now (same columns)."""
    if not hidden:
        return shown
    if not shown:
        return hidden
    if shown["columns"] != hidden["columns"]:
        return shown
    return {
        "columns": shown["columns"],
        "changed": {"keys": shown["changed"]["keys"] + hidden["changed"]["keys"], "rows": shown["changed"]["rows"] + hidden["changed"]["rows"]},
        "added": shown["added"],
        "deleted": shown["deleted"] + hidden["deleted"],
    }


def describe(draft: Draft, saved: pd.DataFrame, identity: str | None = None, label: str | None = None) -> pd.DataFrame:
    """A draft cell by cell beside the saved table: which row (by `label`'s value, else its
    position counting from 1), which column, the draft's value and the saved value now."""
    keys = _keys(saved, identity)
    position = pd.Series(range(1, len(saved) + 1), index=keys.to_numpy())
    position = position[~position.index.duplicated()]
    names = saved[label].set_axis(keys.to_numpy()) if label and label in saved else None
    names = names[~names.index.duplicated()] if names is not None else None
    by_key = saved.set_axis(keys.to_numpy())
    by_key = by_key[~by_key.index.duplicated()]

    def row_name(key: Any) -> str:
        if key not in position.index:
            return "a row since removed"
        named = names.get(key) if names is not None else None
        return str(named) if named is not None and not pd.isna(named) else f"row {position[key]}"

    def text(value: Any) -> str:
        value = _cell(value)
        return "" if value is None or (np.ndim(value) == 0 and pd.isna(value)) else str(value)

    lines = []
    for key, row in zip(draft["changed"]["keys"], draft["changed"]["rows"], strict=True):
        for column, value in row.items():
            now = by_key.at[key, column] if key in by_key.index and column in by_key.columns else None
            lines.append((row_name(key), column, text(value), text(now)))
    for row in draft["added"]:
        cells = ", ".join(f"{c}: {text(v)}" for c, v in zip(draft["columns"], row, strict=True) if text(v))
        lines.append(("a new row", "", cells, ""))
    for key in draft["deleted"]:
        lines.append((row_name(key), "", "removed", ""))
    return pd.DataFrame(lines, columns=["Row", "Column", "Your edit", "Now saved"])


def with_edits(shown: pd.DataFrame, edits: dict[str, Any]) -> pd.DataFrame:
    """A grid's frame with the edits its widget state holds (Streamlit's form: edited_rows
    {position: {column: value}}, added_rows [{column: value}], deleted_rows [position]):
    what the user saw in a grid the script has since drawn afresh."""
    out = shown.copy()
    for position, cells in (edits.get("edited_rows") or {}).items():
        label = out.index[int(position)]
        for column, value in cells.items():
            if column in out.columns:
                _set(out, label, column, value)
    deleted = [out.index[int(p)] for p in edits.get("deleted_rows") or [] if int(p) < len(out)]
    out = out.drop(index=deleted)
    added = edits.get("added_rows") or []
    if added:
        start = int(shown.index.max()) + 1 if len(shown) and pd.api.types.is_integer_dtype(shown.index) else len(shown)
        rows = pd.DataFrame(added, index=range(start, start + len(added))).reindex(columns=out.columns)
        out = pd.concat([out, rows])
    return out
