"""The fictional example: using it, leaving it, and the user's own work set aside meanwhile."""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.saving import save, saving, show_said, show_save_problem, stored
from app_pages.settings import load_settings
from app_pages.text import md
from app_pages.workspace import tables, workspace
from data.settings import Weights, blank_profile
from data.store import TABLE_NAMES, StaleWorkspace, Workspace

EXAMPLE = "example"  # setting: {"in_use": bool, "own": the user's profile and weights while the example is on}


EXAMPLE_APPLICANT = "Example Applicant"


# Settings that point at programs or writers: they start empty with a new set of programs.
PER_PROGRAM_SETTINGS: dict[str, dict[str, Any]] = {
    "manual_order": {"order": []},
    "final_order": {"order": []},
    "letter_assignments": {},
    "letter_summaries": {},
    "email_drafts": {},
    "grid_drafts": {},
    "pickers": {},
}


def example_in_use() -> bool:
    ws = workspace()
    flag, problem = stored(ws, EXAMPLE)
    if problem is None and ws.load_setting(EXAMPLE) is not None:
        return bool(flag.get("in_use"))
    # A workspace set up before the first-launch choice was seeded with the example.
    profile_saved, _ = stored(ws, "profile")
    return profile_saved.get("name") == EXAMPLE_APPLICANT


def _after_switch(ws: Workspace) -> None:
    load_settings(ws)
    for key in [k for k in st.session_state if str(k).startswith(("summary_", "draft_", "liked_", "questions_"))]:
        del st.session_state[key]


def use_example() -> bool:
    """Load the fictional example (programs, contacts, letters and its applicant),
    keeping the user's own profile and weights aside for when they leave it."""
    from data import bundled  # brings in validation; only needed here
    from data.files import PRIVATE, write_atomic

    ws = workspace()
    written = None
    if example_in_use():
        own = stored(ws, EXAMPLE)[0].get("own")
    else:
        own = {"profile": stored(ws, "profile")[0], "weights": stored(ws, "weights")[0]} if ws.is_initialised() else None
        _keep_aside(ws)  # an older set-aside file is never overwritten
        if ws.is_initialised() and any(len(ws.load_table(name)) for name in TABLE_NAMES):
            from data import bundle

            # The user's own work is set aside whole, for "Leave the example" to bring back;
            # readable by the user only, like the workspace.
            written = write_atomic(_set_aside(ws), bundle.export_bundle(ws), mode=PRIVATE)
    settings = {**PER_PROGRAM_SETTINGS, **bundled.example_settings(), EXAMPLE: {"in_use": True, "own": own}}
    if save(tables=bundled.example_tables(), settings=settings):
        _after_switch(ws)
        return True
    if written is not None:
        written.unlink(missing_ok=True)  # nothing was replaced: the workspace still holds it all
    return False


def start_own() -> bool:
    """The user's own empty workspace: nothing of the example is kept; a profile
    and weights they had before opening the example come back. Work set aside when the
    example was loaded is not brought back, but kept under a dated name (keep_aside)."""
    from data.normalise import empty_table

    ws = workspace()
    # Emptying their own workspace keeps their profile and weights.
    own = (stored(ws, EXAMPLE)[0].get("own") or {}) if example_in_use() else {"profile": stored(ws, "profile")[0], "weights": stored(ws, "weights")[0]}
    settings = {
        **PER_PROGRAM_SETTINGS,
        "profile": own.get("profile") or blank_profile().to_dict(),
        "weights": own.get("weights") or Weights().to_dict(),
        EXAMPLE: {"in_use": False},
    }
    if save(tables={name: empty_table(name) for name in TABLE_NAMES}, settings=settings):
        keep_aside()
        _after_switch(ws)
        return True
    return False


def _set_aside(ws: Workspace) -> Path:
    return ws.path.with_name(ws.path.stem + ".before-example.zip")


def _kept_name(ws: Workspace, stamp: str) -> str:
    return f"{ws.path.stem}.before-example-{stamp}.zip"


def _keep_aside(ws: Workspace) -> Path | None:
    """Move the work set aside when the example was loaded to a dated name beside the
    workspace, where nothing overwrites or deletes it; None when there is none."""
    import time

    aside = _set_aside(ws)
    if not aside.is_file():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target, n = aside.with_name(_kept_name(ws, stamp)), 2
    while target.exists():
        target, n = aside.with_name(_kept_name(ws, f"{stamp}-{n}")), n + 1
    os.replace(aside, target)
    return target


KEPT_ASIDE = "_aside_kept"  # session key: the message saying where set-aside work was kept


def keep_aside() -> Path | None:
    """Keep the set-aside work under a dated name (a way out of the example that does not
    bring it back: start empty, restore another backup), and say where on the next run."""
    kept = _keep_aside(workspace())
    if kept is not None:
        st.session_state[KEPT_ASIDE] = (
            f"Your own work set aside when you loaded the example was not brought back; it is kept in {md(kept)}. "
            "To bring it back, choose that file under Programs → Workspace → Restore from a backup."
        )
    return kept


@st.cache_data(show_spinner=False, max_entries=4)
def _aside_counts(path: str, changed: int, size: int) -> dict[str, int] | None:
    from data import bundle

    try:
        return bundle.row_counts(Path(path).read_bytes())
    except Exception:  # a damaged file: zipfile, pyarrow and OSError all say so differently
        return None


def set_aside_words() -> str | None:
    """What was set aside when the example was loaded ("2 programs, 1 contact, 0 letters
    and 0 applications, set aside on 2026-12-07 at 02:30"), or None when nothing was."""
    from scoring.vocabulary.wording import plural

    aside = _set_aside(workspace())
    try:
        stat = aside.stat()
    except OSError:
        return None
    counts = _aside_counts(str(aside), stat.st_mtime_ns, stat.st_size)
    when = pd.Timestamp(stat.st_mtime, unit="s", tz="UTC").tz_convert(None).strftime("%Y-%m-%d at %H:%M UTC")
    if counts is None:
        return f"a backup set aside on {when} that cannot be read"
    parts = [plural(counts.get(name, 0), name.rstrip("s")) for name in TABLE_NAMES]
    return f"{', '.join(parts[:-1])} and {parts[-1]}, set aside on {when}"


def aside_fate(way_out: str) -> str | None:
    """Before a way out of the example is taken, exactly what happens to the work set aside
    when it was loaded; None when nothing was set aside. way_out: "leave" (the button),
    "upload" (merging or replacing with a file), "empty" (start empty), "restore" (a backup)."""
    what = set_aside_words()
    if what is None:
        return None
    if way_out == "leave":
        return f"Leaving it brings back your own work: {what}, with your profile, weights, orders and notes."
    if way_out == "upload":
        return f"Your own work comes back first: {what}, with your profile, weights, orders and notes."
    return (
        f"Your own work set aside when you loaded the example ({what}) is not brought back by this, "
        f"and it is not deleted: it is kept beside the workspace as {_kept_name(workspace(), '<date>-<time>')}, "
        "which Restore from a backup can bring back."
    )


def own_programs() -> pd.DataFrame:
    """The user's own programs: while the example is on, the ones set aside when it was
    loaded (an upload then lands on them, not on the example's)."""
    if not example_in_use():
        return tables()["programs"]
    aside = _set_aside(workspace())
    try:
        stat = aside.stat()
    except OSError:
        from data.normalise import empty_table

        return empty_table("programs")
    return _aside_programs(str(aside), stat.st_mtime_ns, stat.st_size).copy()


@st.cache_data(show_spinner=False, max_entries=2)
def _aside_programs(path: str, changed: int, size: int) -> pd.DataFrame:
    from data import bundle
    from data.normalise import empty_table
    from data.readers import ReadError

    try:
        return bundle.read_bundle(Path(path).read_bytes())[0]["programs"]
    except (OSError, ReadError):
        return empty_table("programs")


def leave_example() -> bool:
    """Back to the user's own work: what was set aside when the example was loaded over
    it comes back whole (tables, profile, weights, order, notes); else an empty workspace
    with the profile and weights they had. A set-aside file that cannot be read is kept
    where it is, and the example stays on."""
    from data import bundle
    from data.readers import ReadError

    ws = workspace()
    aside = _set_aside(ws)
    if not aside.is_file():
        return start_own()
    try:
        saving(partial(bundle.import_bundle, ws, aside.read_bytes()))
    except StaleWorkspace as exc:
        st.session_state["_stale_message"] = str(exc)
        return False
    except (ReadError, OSError) as exc:
        st.session_state["_stale_message"] = (
            f"Your own work set aside in {aside} could not be read, so the example stays on and the file is kept as it is: {exc}"
        )
        return False
    aside.unlink()
    _after_switch(ws)
    return True


def example_banner() -> None:
    """Every page says when the example is on, and one click leaves it."""
    show_said(KEPT_ASIDE)
    if not example_in_use():
        return
    fate = aside_fate("leave") or "Leaving it starts your own empty workspace, with your own profile and weights."
    with st.container(horizontal=True, vertical_alignment="center", border=True, key="example_banner"):
        st.markdown(
            ":material/science: **You are exploring the fictional example.** Its programs, contacts, letters and its applicant "
            f"({EXAMPLE_APPLICANT}) are made up; nothing here is yours. {md(fate)}",
            width="stretch",
        )
        if st.button("Leave the example", key="leave_example", help="Nothing of the example is kept.") and leave_example():
            st.rerun()
    show_save_problem()
