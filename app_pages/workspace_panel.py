"""The Workspace panel: where everything is saved, the example or an empty start, and backups made and restored."""

from __future__ import annotations

from functools import partial

import streamlit as st

from app_pages import example, saving, workspace
from app_pages.text import md
from data import bundle
from data.readers import ReadError
from data.store import StaleWorkspace


def show() -> None:
    """The panel, drawn in an expander at the foot of the Programs page."""
    with st.expander("Workspace", icon=":material/folder:"):
        st.write(f"Everything is saved on this computer in `{workspace.workspace().path}`.")
        if example.example_in_use():
            st.caption(md(f"Start empty leaves the example. {example.aside_fate('empty') or ''}"))
        else:
            st.caption(
                f"Load the example sets your programs, contacts, letters and notes aside in {md(workspace.workspace().path.stem)}.before-example.zip "
                "beside the workspace; leaving the example brings them back. Start empty deletes them (download a backup first to keep a copy)."
            )
        sure = st.checkbox("I understand this replaces my programs, contacts and letters", key="ws_sure")
        c1, c2 = st.columns(2)
        if c1.button("Load the example", disabled=not sure, key="ws_example") and example.use_example():
            st.session_state["flash"] = "The example programs are loaded."
            st.rerun()
        if c2.button("Start empty", disabled=not sure, key="ws_empty") and example.start_own():
            st.session_state["flash"] = "Your workspace is empty; upload your spreadsheet to begin."
            st.rerun()
        saving.show_save_problem()
        st.divider()
        st.markdown("**Back up or move your workspace**")
        st.download_button(
            "Download a backup of everything (.zip)",
            partial(bundle.export_bundle, workspace.workspace()),
            "residency-scout-backup.zip",
            "application/zip",
            icon=":material/backup:",
            key="ws_backup",
        )
        restore = st.file_uploader("Restore from a backup .zip (replaces everything)", key=f"ws_restore_{st.session_state['upload_round']}")
        # Its own confirmation, beside its button: the one above is out of sight by the time a backup is chosen.
        restore_sure = restore is not None and st.checkbox("I understand restoring replaces everything saved here with this backup", key="ws_restore_sure")
        if restore is not None and example.aside_fate("restore"):
            st.caption(md(example.aside_fate("restore")))
        if restore is not None and st.button(
            "Restore this backup",
            disabled=not restore_sure,
            key="ws_restore_go",
            help=None if restore_sure else "Tick the box above the button first.",
        ):
            try:
                saving.saving(partial(bundle.import_bundle, workspace.workspace(), restore.getvalue()))
            except ReadError as exc:
                st.error(md(exc), icon=":material/error:", title="The backup could not be restored; nothing changed")
            except StaleWorkspace as exc:
                st.error(md(exc), icon=":material/block:")
            else:
                example.keep_aside()  # work set aside for the example is not this backup: kept, under a dated name
                st.session_state["upload_round"] += 1
                st.session_state.pop("profile", None)
                st.session_state.pop("revision", None)
                st.session_state["flash"] = "Your backup is restored."
                st.rerun()
