"""An editable grid whose unsaved edits survive leaving the page and a reload.

Streamlit keeps a grid's edits in its widget state, which it drops when the page
is left and a reload never had. So each change is written to the workspace
setting "grid_drafts" (a settings save: the tables' revision does not move), and
the next time the grid is drawn it starts from the saved table with the draft
laid over it (data.grid_drafts). A page's own save clears its draft in the same
transaction (`cleared`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common
from data.grid_drafts import Draft, combined, draft_of, lay_over, outside, within

SETTING = "grid_drafts"
EDIT_PARTS = ("edited_rows", "added_rows", "deleted_rows")


def _visits() -> dict[str, int]:
    return st.session_state.setdefault("_grid_visits", {})


def _store(name: str, draft: Draft | None) -> None:
    with common.one_writer():
        drafts = dict(common.setting(SETTING))
        if draft:
            drafts[name] = draft
        else:
            drafts.pop(name, None)
        common.save(settings={SETTING: drafts})


def cleared(name: str, shown: pd.DataFrame | None = None, identity: str | None = None) -> dict[str, Any]:
    """The settings to save with the grid's table: the drafts without this grid's,
    but for edits to rows the grid did not show (given `shown` and `identity`)."""
    drafts = {k: v for k, v in common.setting(SETTING).items() if k != name}
    kept = outside(common.setting(SETTING).get(name), set(_keys(shown, identity))) if shown is not None else None
    if kept:
        drafts[name] = kept
    return {SETTING: drafts}


def _keys(frame: pd.DataFrame, identity: str | None) -> list[Any]:
    return frame[identity].dropna().tolist() if identity else frame.index.tolist()


def _discard(name: str) -> None:
    _store(name, None)
    _visits()[name] = _visits().get(name, 0) + 1  # a new grid, drawn from the saved table


def editor(
    name: str,
    saved: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    identity: str | None = None,
    known: set[Any] | None = None,
    saved_as: object = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """st.data_editor over `saved`, with this grid's draft laid over it. `columns` are
    the ones the user edits (default: all); `identity` the column that names a row
    (default: the integer index); `known`, when `saved` shows only some rows, the
    keys of every row in the table (edits to rows since removed are dropped).
    `saved_as`, for a grid over a setting rather than a table: that setting's saved
    value, so the grid is drawn afresh when it is saved, and not on other settings' saves."""
    visit = _visits().get(name, 0)
    revision = common.workspace().tables_revision() if saved_as is None else hash(json.dumps(saved_as, sort_keys=True, default=str))
    key = f"{name}_{revision}_{visit}"
    start = st.session_state.get(f"_grid_start_{name}")
    # The grid's edits point at row positions: when other rows are shown (a filter
    # changed), the old edits would land on the wrong rows. They are in the draft already.
    rows = hash((tuple(_keys(saved, identity)), tuple(saved.columns)))
    if key not in st.session_state or start is None or start["key"] != key or start["rows"] != rows:
        # A grid drawn afresh (first visit, back from another page, after a save, other
        # rows): its key is new, so the browser holds no edits for it; it starts from the draft.
        _visits()[name] = visit + 1
        key = f"{name}_{revision}_{visit + 1}"
        stored = common.setting(SETTING).get(name)
        draft = within(stored, known) if known is not None else stored
        if draft != stored:
            _store(name, draft)
        start = {"key": key, "draft": draft, "kept": draft, "rows": rows}
        st.session_state[f"_grid_start_{name}"] = start
    shown = lay_over(saved, start["draft"], identity) if start["draft"] else saved
    edited = st.data_editor(shown, key=key, **kwargs)
    edits = st.session_state.get(key) or {}
    if any(edits.get(p) for p in EDIT_PARTS):
        # Edits to rows not shown now (a filter hides them) stay in the draft.
        hidden = outside(start["draft"], set(_keys(saved, identity)))
        now = combined(draft_of(saved, edited, columns or list(saved.columns), identity), hidden)
    else:
        now = start["draft"]
    if now != start["kept"]:
        _store(name, now)
        start["kept"] = now
    if now:
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        c1.caption("You have unsaved changes in this table. They are kept if you leave the page or reload, until you save or discard them.")
        c2.button("Discard unsaved changes", key=f"{name}_discard", on_click=_discard, args=(name,), type="tertiary", icon=":material/undo:")
    else:
        # The grid drops the first key typed into a cell that was only clicked (Streamlit's
        # grid, not ours): a double-click opens the cell for typing, so nothing is lost.
        st.caption("Double-click a cell to change it.")
    return edited
