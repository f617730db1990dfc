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

from app_pages import saving, session, settings, tables, workspace
from data.grid_drafts import Draft, combined, describe, draft_of, lay_over, outside, with_edits, within

SETTING = "grid_drafts"
EDIT_PARTS = ("edited_rows", "added_rows", "deleted_rows")


REFUSED = " (refused)"  # a grid's edit another window's save refused: grid_drafts[name + REFUSED]
DRAWN = "_grid_drawn"  # session key: the grids this run has drawn, each with its draft now


def keep_refused() -> None:
    """A save of this session was refused because another window saved first: keep the
    edits of each grid drawn in this run as that grid's refused draft, written whatever
    the revision (never refused itself), so "Load the newer version", a reload or the
    newer table drawn in the grid cannot drop them. They are shown beside the newer data
    until re-applied or discarded on purpose."""
    drawn = st.session_state.get(DRAWN) or {}
    keep = {name + REFUSED: draft for name, draft in drawn.items() if draft}
    if keep:
        saving.update_always(SETTING, lambda drafts: {**(drafts if isinstance(drafts, dict) else {}), **keep})


saving.ON_REFUSED["grid drafts"] = keep_refused  # keyed: a module reloaded in development registers once


def _visits() -> dict[str, int]:
    return st.session_state.setdefault("_grid_visits", {})


def _store(name: str, draft: Draft | None) -> None:
    # Called from the script's run: the session's holder is fetched before its lock is taken,
    # and passed down, so no session state is read while the lock is held (see saving.saving).
    seen = saving.holder()
    with seen.lock:
        drafts = dict(settings.setting(SETTING))
        if draft:
            drafts[name] = draft
        else:
            drafts.pop(name, None)
        saving.save(holder=seen, settings={SETTING: drafts})


def cleared(name: str, shown: pd.DataFrame | None = None, identity: str | None = None) -> dict[str, Any]:
    """The settings to save with the grid's table: the drafts without this grid's,
    but for edits to rows the grid did not show (given `shown` and `identity`)."""
    drafts = {k: v for k, v in settings.setting(SETTING).items() if k != name}
    kept = outside(settings.setting(SETTING).get(name), set(_keys(shown, identity))) if shown is not None else None
    if kept:
        drafts[name] = kept
    return {SETTING: drafts}


def _keys(frame: pd.DataFrame, identity: str | None) -> list[Any]:
    return frame[identity].dropna().tolist() if identity else frame.index.tolist()


@saving.callback
def _discard(name: str) -> None:
    _store(name, None)
    _visits()[name] = _visits().get(name, 0) + 1  # a new grid, drawn from the saved table


def _rescue(name: str, start: dict[str, Any], identity: str | None) -> None:
    """The grid is drawn afresh over a newer table (another window saved it) while edits
    made in the old grid are still in its widget state: they were made against data since
    changed, so they are kept as the grid's refused draft, never dropped with the old grid."""
    edits = st.session_state.get(start["key"]) or {}
    if not any(edits.get(p) for p in EDIT_PARTS) or "shown" not in start:
        return
    try:
        draft = draft_of(start["saved"], with_edits(start["shown"], edits), start["columns"], identity)
    except (KeyError, IndexError, ValueError, TypeError):
        return  # edits that no longer fit the old frame: nothing to rescue
    if draft and draft != start["kept"]:
        saving.update_always(SETTING, lambda drafts: {**(drafts if isinstance(drafts, dict) else {}), name + REFUSED: draft})
    st.session_state.pop(start["key"], None)


@saving.callback
def _drop_refused(name: str) -> None:
    saving.update_always(SETTING, lambda drafts: {k: v for k, v in (drafts or {}).items() if k != name + REFUSED})


@saving.callback
def _reapply(name: str) -> None:
    """The refused edits laid over the newer data, as the grid's draft: the newer version is
    loaded first (the grid shows it already), then the edits become unsaved changes to save."""
    refused = settings.setting(SETTING).get(name + REFUSED)
    session.load_newer()
    if refused:
        _store(name, refused)
    _drop_refused(name)
    _visits()[name] = _visits().get(name, 0) + 1


def _refused_panel(name: str, saved: pd.DataFrame, identity: str | None, label: str | None) -> None:
    refused = settings.setting(SETTING).get(name + REFUSED)
    if not refused:
        return
    with st.container(border=True, key=f"{name}_refused"):
        st.warning(
            "An edit made in this table was not saved: another window or tab saved first. It is kept here, beside the newer "
            "data now in the table: re-apply it (it becomes unsaved changes over the newer data, to check and save) or discard it.",
            icon=":material/sync_problem:",
        )
        st.table(tables.inert(describe(refused, saved, identity, label)), hide_index=True)
        c1, c2 = st.columns(2)
        c1.button("Re-apply my edits", key=f"{name}_reapply", on_click=_reapply, args=(name,), icon=":material/redo:")
        c2.button("Discard my edits", key=f"{name}_drop_refused", on_click=_drop_refused, args=(name,), icon=":material/delete:")


def editor(
    name: str,
    saved: pd.DataFrame,
    *,
    columns: Sequence[str] | None = None,
    identity: str | None = None,
    known: set[Any] | None = None,
    saved_as: object = None,
    label: str | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """st.data_editor over `saved`, with this grid's draft laid over it. `columns` are
    the ones the user edits (default: all); `identity` the column that names a row
    (default: the integer index); `known`, when `saved` shows only some rows, the
    keys of every row in the table (edits to rows since removed are dropped).
    `saved_as`, for a grid over a setting rather than a table: that setting's saved
    value, so the grid is drawn afresh when it is saved, and not on other settings' saves.
    `label`: the column that names a row to the user (default: the program's name, else the
    row's position), for an edit another window's save refused (shown beside the grid)."""
    visit = _visits().get(name, 0)
    revision = workspace.workspace().tables_revision() if saved_as is None else hash(json.dumps(saved_as, sort_keys=True, default=str))
    key = f"{name}_{revision}_{visit}"
    start = st.session_state.get(f"_grid_start_{name}")
    # The grid's edits point at row positions: when other rows are shown (a filter
    # changed), the old edits would land on the wrong rows. They are in the draft already.
    rows = hash((tuple(_keys(saved, identity)), tuple(saved.columns)))
    if start is not None and start.get("revision") not in (None, revision):
        _rescue(name, start, identity)
    _refused_panel(name, saved, identity, label or ("program" if "program" in saved.columns else None))  # never an internal id
    if key not in st.session_state or start is None or start["key"] != key or start["rows"] != rows:
        # A grid drawn afresh (first visit, back from another page, after a save, other
        # rows): its key is new, so the browser holds no edits for it; it starts from the draft.
        _visits()[name] = visit + 1
        key = f"{name}_{revision}_{visit + 1}"
        stored = settings.setting(SETTING).get(name)
        draft = within(stored, known) if known is not None else stored
        if draft != stored:
            _store(name, draft)
        start = {"key": key, "draft": draft, "kept": draft, "rows": rows, "revision": revision, "saved": saved, "columns": list(columns or saved.columns)}
        st.session_state[f"_grid_start_{name}"] = start
    shown = lay_over(saved, start["draft"], identity) if start["draft"] else saved
    start["shown"] = shown
    edited = st.data_editor(shown, key=key, **kwargs)
    edits = st.session_state.get(key) or {}
    if any(edits.get(p) for p in EDIT_PARTS):
        # Edits to rows not shown now (a filter hides them) stay in the draft.
        hidden = outside(start["draft"], set(_keys(saved, identity)))
        now = combined(draft_of(saved, edited, columns or list(saved.columns), identity), hidden)
    else:
        now = start["draft"]
    st.session_state.setdefault(DRAWN, {})[name] = now  # for keep_refused, should a save be refused
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
