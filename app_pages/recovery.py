"""The recovery screen app.py draws instead of any page when the workspace file cannot
be used: what is wrong, where the file is, and two ways on that never delete it.
Imports only the standard library and Streamlit until the user acts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import streamlit as st

from data.recovery import MISSING, UNWRITABLE, WorkspaceProblem, classify, default_path, diagnose, set_aside

# What a page may raise when the file goes bad while the app runs.
WORKSPACE_ERRORS = (WorkspaceProblem, sqlite3.DatabaseError)


def problem() -> WorkspaceProblem | None:
    """Why the workspace cannot be opened, checked again only when the file has changed."""
    path = default_path()
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), 0, 0)
    if st.session_state.get("_workspace_checked") == key:
        return None
    found = diagnose(path)
    if found is None:
        st.session_state["_workspace_checked"] = key
    return found


def failed_save() -> WorkspaceProblem | None:
    """A save from a widget's callback that could not be written (saving.callback keeps it):
    shown like a button's, with SQLite's own words."""
    return st.session_state.pop("_failed_save", None)


def as_problem(exc: BaseException) -> WorkspaceProblem:
    return classify(exc, default_path())


def _forget_open_workspace() -> None:
    from app_pages import workspace

    workspace._open.clear()
    workspace._tables.clear()
    for key in ("revision", "profile", "weights", "_bad_settings", "_workspace_checked"):
        st.session_state.pop(key, None)


def _restore(path: Path, content: bytes) -> None:
    from data.bundle import import_bundle, read_bundle
    from data.readers import ReadError
    from data.store import Workspace

    try:
        read_bundle(content)  # checked before the damaged file is moved
    except ReadError as exc:
        st.session_state["_recovery_error"] = str(exc)
        return
    aside = set_aside(path) if path.exists() else None
    kept = f" The damaged file is kept as {aside.name}." if aside else ""
    _forget_open_workspace()
    try:
        import_bundle(Workspace(path), content)  # a new file is created readable by the user only
    except WORKSPACE_ERRORS as exc:
        st.session_state["_recovery_error"] = f"{classify(exc, path).message}{kept}"
        return
    st.session_state["_recovery_done"] = f"Your backup is restored.{kept}"


def _start_new(path: Path) -> None:
    aside = set_aside(path) if path.exists() else None
    _forget_open_workspace()
    from data.store import Workspace

    Workspace(path)  # created readable by the user only
    kept = f" The old file is kept beside it as {aside.name}." if aside else ""
    st.session_state["_recovery_done"] = f"A new, empty workspace is started, readable by you only.{kept}"


def screen(found: WorkspaceProblem) -> None:
    st.title("Your workspace needs attention")
    st.error(found.summary, icon=":material/database_off:")
    st.caption("The workspace file:")
    st.code(str(found.path), language=None)
    if found.kind == UNWRITABLE:
        st.write(
            "Nothing was lost: the file is as it was before this change. Free some disk space, or make the folder "
            "writable, then try again. To keep working elsewhere, start the app with RESIDENCY_SCOUT_WORKSPACE set "
            "to a file in a folder you can write to."
        )
        if st.button("Try again", icon=":material/refresh:", key="recovery_retry"):
            _forget_open_workspace()
            st.rerun()
        return
    if found.kind == MISSING:
        st.write(
            "If you moved or renamed it, put it back and try again. Otherwise restore a backup, or start a new, empty workspace; "
            "either is created readable by you only."
        )
        if st.button("Try again", icon=":material/refresh:", key="recovery_retry"):
            _forget_open_workspace()
            st.rerun()
    error = st.session_state.pop("_recovery_error", None)
    with st.container(border=True):
        st.subheader("Restore a backup")
        st.caption("A backup .zip downloaded from Programs → Workspace. It is checked before anything changes.")
        upload = st.file_uploader("Backup (.zip)", key="recovery_upload")
        if error:
            st.error(error, icon=":material/error:")
        if st.button("Restore this backup", disabled=upload is None, key="recovery_restore", icon=":material/settings_backup_restore:"):
            assert upload is not None
            _restore(found.path, upload.getvalue())
            st.rerun()
    with st.container(border=True):
        st.subheader("Start a new workspace")
        if found.kind == MISSING:
            st.caption("A new, empty workspace at the same place.")
        else:
            st.caption("The old file is not deleted: it is renamed and kept beside the new one, so it can still be sent for repair.")
        if st.button("Start a new workspace", key="recovery_new", icon=":material/note_add:"):
            _start_new(found.path)
            st.rerun()


def announce() -> None:
    done = st.session_state.pop("_recovery_done", None)
    if done:
        st.success(done, icon=":material/check_circle:")
