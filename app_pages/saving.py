"""Saving from a session: one writer at a time, a refusal when another window saved first, and typed text saved as it is typed.

Text typed into a page (a letter summary, an email draft) is saved in a workspace setting as
soon as it changes, {item: {field: text}}, so a reload or a restart keeps it (keep_text);
persistence.py starts the boxes from it on the next visit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

import streamlit as st

from app_pages.text import md, typed_problem
from app_pages.workspace import workspace
from data.recovery import WorkspaceProblem
from data.settings import SETTING_DEFAULTS, setting_problems
from data.store import StaleWorkspace, Workspace

FAILED_SAVE = "_failed_save"  # session key: a save from a callback the disk refused

# What a refused save must keep before it is said, by who asked (draft_grid: the edits of the
# grids drawn this run). Registered from above, so this module never imports the grids that
# build on it; a grid drawn this run has registered, and with none drawn there is nothing to keep.
ON_REFUSED: dict[str, Callable[[], None]] = {}


def callback(function: Callable[..., None]) -> Callable[..., None]:
    """For a widget's on_change or on_click that saves: a save the disk refuses (full,
    read-only) is kept for app.py to show with SQLite's own words on the recovery screen,
    as a button's save is. Raised from a callback, Streamlit would show only its redacted
    "This app has encountered an error"."""

    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except WorkspaceProblem as exc:
            st.session_state[FAILED_SAVE] = exc

    return run


class _Seen:
    """The workspace revision this session last loaded or wrote, and the lock its
    writes take.

    Two things can break a session's own bookkeeping, and both happen when a
    slider is moved twice in quick succession:
    - Streamlit may start a newer run's callbacks in a new thread while the older
      run's callback is still saving; without a lock both saves expect the same
      revision, and the slower one is refused as if another window had written.
    - Streamlit abandons a callback at its next session-state access once a newer
      run is queued; a new revision stored in session state after the commit could
      be dropped. So the holder is fetched before the commit and changed in place.

    A third thing follows from the second: a callback abandoned after it changed the
    session's weights but before its save leaves the sliders showing weights that were
    never saved, and no later callback fires for a slider whose value did not change
    again. So the holder also keeps the weights this session last saved (`weights`), and
    every run saves the sliders' weights when they differ (sidebar_weights).
    """

    __slots__ = ("lock", "value", "weights")

    def __init__(self, value: int | None, weights: dict[str, Any] | None = None) -> None:
        self.value = value
        self.weights = weights
        self.lock = threading.RLock()


def _seen() -> _Seen:
    # None before start_session has loaded the session (a callback after a restore, which
    # dropped it): a save then checks nothing, as before, and start_session loads afresh.
    return st.session_state.get("revision") or _Seen(None)


def holder() -> _Seen:
    """This session's revision holder and lock (for a caller that must take the lock without
    reading session state inside it)."""
    return _seen()


def seen_revision() -> int | None:
    return _seen().value


@contextmanager
def one_writer() -> Iterator[None]:
    """Hold for a whole read-change-save, so this session's runs save one at a time,
    each starting from what the one before saved."""
    with _seen().lock:
        yield


def saving(write: Callable[[int | None], int], holder: _Seen | None = None) -> int:
    """Run write(expected_revision) -> new revision and remember the new revision
    in a way neither a second thread nor an abandoned callback can lose (see _Seen).
    `holder`: the session's _Seen, fetched by the caller, so that nothing here reads
    session state (a run of the script must never wait for the session-state lock while
    holding this one: a callback may hold that lock and wait for this one)."""
    seen = holder or _seen()
    with seen.lock:
        new = write(seen.value)
        seen.value = new
        return new


def update_always(name: str, change: Callable[[Any], Any]) -> None:
    """Change one setting whatever another window saved since (Workspace.update_setting);
    this session stays up to date only if it was before."""
    seen = _seen()
    with seen.lock:
        before, after = workspace().update_setting(name, change)
        if seen.value == before:
            seen.value = after


def save(holder: _Seen | None = None, **kwargs: Any) -> bool:
    """Save to the workspace unless another window saved first; say so if it did."""
    ws = workspace()
    try:
        saving(lambda expected: ws.save(expected_revision=expected, **kwargs), holder)
        return True
    except StaleWorkspace as exc:
        for keep in ON_REFUSED.values():
            keep()  # a grid's edits are kept, never lost with the refusal
        st.session_state["_stale_message"] = str(exc)
        return False


def show_save_problem() -> None:
    message = st.session_state.pop("_stale_message", None)
    if message:
        st.error(message, icon=":material/block:")


def show_said(key: str, escape: bool = False) -> None:
    """Show, once, the message a save left under `key` before its rerun (escape: it holds user
    text not yet made inert where it was written)."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(md(message) if escape else message, icon=":material/check_circle:")


def stored(ws: Workspace, name: str) -> tuple[Any, str | None]:
    """A setting as saved, or its default and the first reason it cannot be used."""
    try:
        value = ws.load_setting(name)
    except ValueError as exc:  # not JSON at all
        return SETTING_DEFAULTS[name](), f"it is not valid JSON ({exc})"
    if value is None:
        return SETTING_DEFAULTS[name](), None
    problems = setting_problems(name, value)
    return (SETTING_DEFAULTS[name](), problems[0]) if problems else (value, None)


@callback
def keep_text(setting: str, item: str, field: str, key: str) -> None:
    """on_change: save what was typed at once, when it can be (text_check says why not)."""
    if typed_problem(key) is None:
        keep_texts(setting, item, {field: st.session_state.get(key)})


@callback
def keep_texts(setting: str, item: str, fields: dict[str, Any]) -> None:
    """Save several of one item's texts together."""
    with one_writer():
        texts = stored(workspace(), setting)[0]
        texts.setdefault(item, {}).update(fields)
        save(settings={setting: texts})
