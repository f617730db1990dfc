"""What every page shares: the workspace, cached tables, the profile and
weights in session state, the sidebar weights and the shared filters.

Tables are cached on the tables' revision, which a settings save (weights,
profile, order) does not move, so a weight change never re-reads them. The
scored frame is cached on (tables' revision, settings, today).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial, wraps
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from data.geography import DIVISIONS, REGIONS, STATES
from data.packs import registry
from data.recovery import WorkspaceProblem
from data.settings import CAREER_FOCUS, FACTOR_LABELS, FACTORS, PRESETS, SETTING_DEFAULTS, UNKNOWNS, UNKNOWNS_LABELS, Profile, Weights, setting_problems
from data.store import TABLE_NAMES, StaleWorkspace, Workspace, default_path
from scoring.decision import filters as flt
from scoring.decision.ranking import by_rank, score_programs
from scoring.decision.tiers import TIERS
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import column_words, plural, program_labels, words

TODAY_VAR = "RESIDENCY_SCOUT_TODAY"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$:&])")


# Streamlit's Markdown turns bare URLs and e-mail addresses into links after escapes are
# resolved, so backslashes cannot stop it; an invisible word joiner inside "http:", "www."
# and after "@" does, and the text reads and prints the same.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(?=:)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


FAILED_SAVE = "_failed_save"  # session key: a save from a callback the disk refused


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


def md(text: object) -> str:
    """User text made inert for Markdown: no HTML, links (not even bare URLs), images or formatting."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, str(text)))


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


def today() -> date:
    """The date replies and deadlines are judged by (fixed in tests by an env var)."""
    fixed = os.environ.get(TODAY_VAR)
    return date.fromisoformat(fixed) if fixed else date.today()


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    # A new workspace stays empty until the user chooses on Start: their own programs or the example.
    return _open(str(default_path()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _tables(path: str, tables_revision: int) -> dict[str, pd.DataFrame]:
    # Shared and read-only: callers copy before changing anything.
    ws = _open(path)
    return {name: ws.load_table(name) for name in TABLE_NAMES}


def tables_revision() -> int:
    return workspace().tables_revision()


def tables() -> dict[str, pd.DataFrame]:
    ws = workspace()
    return _tables(str(ws.path), ws.tables_revision())


@st.cache_resource(show_spinner=False, max_entries=4)
def _labels(path: str, tables_revision: int) -> dict[str, str]:
    return program_labels(_tables(path, tables_revision)["programs"])


def labels() -> dict[str, str]:
    """Every saved program's name as the pages show it, by id: worked out over the whole
    workspace, so a program reads the same whatever the filters leave on the page."""
    ws = workspace()
    return _labels(str(ws.path), ws.tables_revision())


def label_of(ids: pd.Series, fallback: pd.Series | None = None) -> pd.Series:
    """labels() for a column of program ids; an id no longer saved keeps `fallback` (its saved name)."""
    shown = ids.astype("string").map(labels()).astype("string")
    return shown if fallback is None else shown.fillna(fallback.astype("string"))


SETTING_LABELS = {"profile": "profile", "weights": "weights", "manual_order": "own rank order", "letter_assignments": "letter assignments"}


def _stored(ws: Workspace, name: str) -> tuple[Any, str | None]:
    """A setting as saved, or its default and the first reason it cannot be used."""
    try:
        value = ws.load_setting(name)
    except ValueError as exc:  # not JSON at all
        return SETTING_DEFAULTS[name](), f"it is not valid JSON ({exc})"
    if value is None:
        return SETTING_DEFAULTS[name](), None
    problems = setting_problems(name, value)
    return (SETTING_DEFAULTS[name](), problems[0]) if problems else (value, None)


def _load_settings(ws: Workspace) -> None:
    # A setting that cannot be used falls back to its default for this session and is
    # reported (with a reset button) by setting_warnings(); it never breaks a page.
    bad = st.session_state.setdefault("_bad_settings", {})
    for name, parse in (("profile", Profile.from_dict), ("weights", Weights.from_dict)):
        value, problem = _stored(ws, name)
        st.session_state[name] = parse(value).to_dict()
        if problem:
            bad[name] = problem
        else:
            bad.pop(name, None)
    st.session_state["revision"] = _Seen(ws.revision(), st.session_state["weights"])
    for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
        del st.session_state[key]


@callback
def _reset_setting(name: str) -> None:
    default = SETTING_DEFAULTS[name]()
    if save(settings={name: default}):
        st.session_state.get("_bad_settings", {}).pop(name, None)
        if name in ("profile", "weights"):
            st.session_state[name] = default
            for key in [k for k in st.session_state if str(k).startswith(("w_", "p_"))]:
                del st.session_state[key]


def setting_warning(name: str, problem: str) -> None:
    """Say which saved setting could not be read, and offer to reset just that one."""
    with st.container(border=True):
        st.warning(
            f"Your saved {SETTING_LABELS[name]} could not be read, so the defaults are used for now: {md(problem)}.",
            icon=":material/settings_alert:",
        )
        st.button(f"Reset the {SETTING_LABELS[name]}", key=f"reset_setting_{name}", on_click=_reset_setting, args=(name,), icon=":material/restart_alt:")
        show_save_problem()


def setting(name: str) -> Any:
    """A saved setting (manual_order, letter_assignments) that is safe to use: its default
    when what is saved cannot be used, with a warning on the page."""
    value, problem = _stored(workspace(), name)
    if problem:
        setting_warning(name, problem)
    return value


def start_session() -> Workspace:
    """Call first on every page: loads the profile and weights once per session
    and notices when another window changed the workspace."""
    ws = workspace()
    st.session_state["_grid_drawn"] = {}  # the grids this run draws (draft_grid.keep_refused)
    if "revision" not in st.session_state:
        _load_settings(ws)
    for name, problem in list(st.session_state.get("_bad_settings", {}).items()):
        setting_warning(name, problem)
    current = ws.revision()
    if current != seen_revision():
        with st.container(border=True):
            st.warning("This workspace was changed in another window or tab.", icon=":material/sync_problem:")
            if st.button("Load the newer version", key="reload_workspace"):
                load_newer()
                st.rerun()
    example_banner()
    from app_pages.upgrade_notice import cutoff_notice  # it draws with this module's helpers

    cutoff_notice()
    return ws


def load_newer() -> None:
    """Take up what another window saved: this session's profile, weights and revision."""
    _load_settings(workspace())


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
        from app_pages import draft_grid  # it builds on this module

        draft_grid.keep_refused()  # a grid's edits are kept, never lost with the refusal
        st.session_state["_stale_message"] = str(exc)
        return False


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


# The first choice of a grid's program column: a new row's picker opens on its first choice, and
# an Enter there took the first program in the list, one the user never chose.
CHOOSE_PROGRAM = "(choose a program)"


def unchosen_rows(programs: pd.Series) -> list[int]:
    """Rows (from 1, as a grid counts them) still at CHOOSE_PROGRAM."""
    return [i + 1 for i, value in enumerate(programs.astype("string").fillna("").tolist()) if value == CHOOSE_PROGRAM]


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


def show_said(key: str, escape: bool = False) -> None:
    """Show, once, the message a save left under `key` before its rerun (escape: it holds user
    text not yet made inert where it was written)."""
    message = st.session_state.pop(key, None)
    if message:
        st.success(md(message) if escape else message, icon=":material/check_circle:")


def show_save_problem() -> None:
    message = st.session_state.pop("_stale_message", None)
    if message:
        st.error(message, icon=":material/block:")


def profile() -> Profile:
    return Profile.from_dict(st.session_state["profile"])


def weights() -> Weights:
    return Weights.from_dict(st.session_state["weights"])


@st.cache_resource(show_spinner=False, max_entries=2)  # this weight setting and the one before
def _scored(path: str, tables_revision: int, settings: str, day: str) -> pd.DataFrame:
    # Shared like _tables; scored() hands out shallow copies, which copy-on-write keeps apart.
    t = _tables(path, tables_revision)
    chosen = json.loads(settings)
    return by_rank(
        score_programs(
            specialty.with_pack(t["programs"]),  # a specialty without a pack is set aside, never scored as another
            Profile.from_dict(chosen["profile"]),
            Weights.from_dict(chosen["weights"]),
            date.fromisoformat(day),
            t["contacts"],
            applications=t["applications"],
        )
    )


def scored_from() -> tuple[str, int, str, str]:
    """What scored() is built from: a cache key for anything worked out from the scores."""
    ws = workspace()
    return str(ws.path), ws.tables_revision(), settings_json(), today().isoformat()


def scored() -> pd.DataFrame:
    return _scored(*scored_from()).copy(deep=False)


# The fictional example -----------------------------------------------------------

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
    flag, problem = _stored(ws, EXAMPLE)
    if problem is None and ws.load_setting(EXAMPLE) is not None:
        return bool(flag.get("in_use"))
    # A workspace set up before the first-launch choice was seeded with the example.
    profile_saved, _ = _stored(ws, "profile")
    return profile_saved.get("name") == EXAMPLE_APPLICANT


def _after_switch(ws: Workspace) -> None:
    _load_settings(ws)
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
        own = _stored(ws, EXAMPLE)[0].get("own")
    else:
        own = {"profile": _stored(ws, "profile")[0], "weights": _stored(ws, "weights")[0]} if ws.is_initialised() else None
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
    own = (_stored(ws, EXAMPLE)[0].get("own") or {}) if example_in_use() else {"profile": _stored(ws, "profile")[0], "weights": _stored(ws, "weights")[0]}
    settings = {
        **PER_PROGRAM_SETTINGS,
        "profile": own.get("profile") or Profile().to_dict(),
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


# Typed text ------------------------------------------------------------------------
# Text typed into a page (a letter summary, an email draft) is saved in a workspace
# setting as soon as it changes: {item: {field: text}}, so a reload or restart keeps it.


def new_visit() -> bool:
    """Whether this run draws a page the previous run did not (the router records both).
    Its widgets are then new widgets, which Streamlit may draw empty even where their
    keys still hold a value: a page writes such keys from what was saved."""
    return st.session_state.get("_previous_page") != st.session_state.get("_page")


def typed_problem(*keys: str) -> str | None:
    """The first reason the text in one of these boxes cannot be saved (the rules an
    uploaded cell is checked by: data.normalise.typed_problem), or None."""
    from data.normalise import typed_problem as problem_of

    for key in keys:
        problem = problem_of(st.session_state.get(key))
        if problem:
            return problem
    return None


def text_check(key: str) -> bool:
    """Right under a text box: why its text is not saved, if it cannot be; True when it can."""
    problem = typed_problem(key)
    if problem:
        st.error(f"Not saved: this text {md(problem)}. Change it and it is saved.", icon=":material/block:")
    return problem is None


def restore_text(setting: str, item: str, field: str, key: str, default: Any = "") -> None:
    """Before the widget is drawn: start it from what was saved (once per visit)."""
    if key not in st.session_state or new_visit():
        st.session_state[key] = stored_texts(setting).get(item, {}).get(field, default)


@callback
def keep_text(setting: str, item: str, field: str, key: str) -> None:
    """on_change: save what was typed at once, when it can be (text_check says why not)."""
    if typed_problem(key) is None:
        keep_texts(setting, item, {field: st.session_state.get(key)})


@callback
def keep_texts(setting: str, item: str, fields: dict[str, Any]) -> None:
    """Save several of one item's texts together."""
    with one_writer():
        texts = _stored(workspace(), setting)[0]
        texts.setdefault(item, {}).update(fields)
        save(settings={setting: texts})


# The program last chosen in each picker (Explain, Interview prep, …), kept across reloads.
PICKERS = "pickers"


def restore_choice(key: str, options: list[str]) -> None:
    """Before a picker is drawn: start it at the choice saved last time (once per visit),
    if that choice is still offered."""
    if key not in st.session_state or new_visit():
        saved = stored_texts(PICKERS).get(key, {}).get("choice")
        if saved in options:
            st.session_state[key] = saved


@callback
def keep_choice(key: str) -> None:
    """on_change of a picker: save the choice at once."""
    keep_text(PICKERS, key, "choice", key)


def stored_texts(setting: str) -> dict[str, Any]:
    """Saved texts by item, as restore_text reads them."""
    return dict(_stored(workspace(), setting)[0])


# Sidebar weights ---------------------------------------------------------------


@callback
def _save_weights() -> None:
    # The sliders and the unknowns choice both draw from (and write to) the saved weights.
    # Read under the lock: a run that saves second reads the sliders as they are now.
    with one_writer():
        preset = PRESETS.get(st.session_state.get("w_preset") or "")
        if preset is not None and any(float(st.session_state[f"w_{f}"]) != float(getattr(preset, f)) for f in FACTORS):
            st.session_state["w_preset"] = None  # a weight moved off the preset, which no longer names them
        values: dict[str, Any] = {**st.session_state["weights"], **{f: float(st.session_state[f"w_{f}"]) for f in FACTORS}}
        values["unknowns"] = st.session_state.get("w_unknowns") or values.get("unknowns") or "middle"
        st.session_state["weights"] = values
        _save_weights_now(values, _seen())


def _save_weights_now(values: dict[str, Any], seen: _Seen) -> None:
    # The holder is passed down: no session state is read while its lock is held, and a
    # callback abandoned after the commit still leaves the saved weights recorded.
    if save(holder=seen, settings={"weights": values}):
        seen.weights = values


def _weights_unsaved() -> None:
    """Save the weights the sliders show when this session has not saved them: a callback
    abandoned between changing the session's weights and saving them (see _Seen) is made
    good by the next run, whatever order the callbacks and reruns arrived in. Not while
    another window's save is unseen: that save is refused and says so, as a callback's is."""
    seen = _seen()
    values = st.session_state.get("weights")
    if seen.value is None or values is None or values == seen.weights:
        return
    # Without taking the session's lock here: the script's run would then read session state
    # while holding it, the opposite order to a callback's (see saving).
    if workspace().revision() == seen.value:
        _save_weights_now(dict(values), seen)


@callback
def _apply_preset() -> None:
    name = st.session_state.get("w_preset")
    if name in PRESETS:
        for factor in FACTORS:
            st.session_state[f"w_{factor}"] = float(getattr(PRESETS[name], factor))
        _save_weights()


def _weight_keys() -> dict[str, Any]:
    current = st.session_state["weights"]
    values = {f: float(current.get(f, 5.0)) for f in FACTORS}
    # The preset box names the preset the weights are at, on every page and after a restart;
    # once a slider moves away from it, it asks again.
    preset = next((name for name, p in PRESETS.items() if all(float(getattr(p, f)) == values[f] for f in FACTORS)), None)
    return {**{f"w_{f}": v for f, v in values.items()}, "w_unknowns": current.get("unknowns") or "middle", "w_preset": preset}


def sidebar_weights() -> Weights:
    """The weights in the sidebar. The saved weights own the values. On a new visit
    (new_visit) the sliders are new widgets, which Streamlit may start at their
    minimum: every key is written from the saved weights. On a rerun
    of the same page a key is written only when it differs, since writing pushes the
    value to the browser again and would undo a key press made during the run."""
    _weights_unsaved()
    wanted = _weight_keys()
    fresh = new_visit()
    for key, value in wanted.items():
        if fresh or st.session_state.get(key) != value:
            st.session_state[key] = value
    with st.sidebar:
        st.subheader("Weights")
        st.selectbox("Preset", list(PRESETS), index=None, format_func=str.capitalize, placeholder="Choose a preset…", key="w_preset", on_change=_apply_preset)
        for factor in FACTORS:
            st.slider(FACTOR_LABELS[factor], 0.0, 10.0, step=0.5, format="plain", key=f"w_{factor}", on_change=_save_weights)
        st.radio(
            "How unknowns count",
            UNKNOWNS,
            format_func=lambda v: UNKNOWNS_LABELS[v].capitalize(),
            key="w_unknowns",
            on_change=_save_weights,
            help="An input you have not found out yet leaves a range. Ranking and tiers count it at the point you choose; the ranges stay on show.",
        )
        show_save_problem()
    return weights()


# Shared filters ----------------------------------------------------------------

# Career focuses by their packs' labels (data/specialties/*.toml).
FOCUS_LABELS = {code: f.label for p in registry().packs for code, f in p.focuses.items()}
FILTER_KEYS = ("f_regions", "f_divisions", "f_states", "f_specialties", "f_tracks", "f_focus", "f_j1", "f_h1b", "f_tiers", "f_eligible", "f_min_img", "f_text")


# What each filter shows when nothing is chosen.
FILTER_DEFAULTS: dict[str, Any] = {
    key: [] for key in ("f_regions", "f_divisions", "f_states", "f_specialties", "f_tracks", "f_focus", "f_tiers", "f_eligible")
} | {
    "f_j1": False,
    "f_h1b": False,
    "f_min_img": 0.0,
    "f_text": "",
}


def clear_filters() -> None:
    # The filters keep their values for the session (persist_state), and the
    # browser resends a widget's last value: deleting the keys would bring the
    # old choices back. Writing the empty values resets widget and kept state.
    for key, value in FILTER_DEFAULTS.items():
        st.session_state[key] = value.copy() if isinstance(value, list) else value


def filter_widgets(frame: pd.DataFrame) -> flt.Filters:
    """The filters, kept for the whole session so they survive a page switch."""
    with st.expander("Filters", icon=":material/filter_list:", expanded=False):
        c1, c2, c3 = st.columns(3)
        regions = c1.multiselect("Region", REGIONS, key="f_regions", persist_state="session")
        divisions = c2.multiselect("Division", DIVISIONS, key="f_divisions", persist_state="session")
        states = c3.multiselect("State", sorted(STATES), key="f_states", persist_state="session")
        packs = registry()
        if len(packs.packs) > 1:
            c0, c1, c2, c3 = st.columns(4)
            chosen_specialties = c0.multiselect(
                "Specialty", list(packs.by_key), format_func=lambda key: packs.by_key[key].name, key="f_specialties", persist_state="session"
            )
        else:
            c1, c2, c3 = st.columns(3)
            chosen_specialties = []
        tracks = c1.multiselect("Track", list(packs.track_codes), format_func=words, key="f_tracks", persist_state="session")
        focus = c2.multiselect("Career focus", CAREER_FOCUS, format_func=FOCUS_LABELS.get, key="f_focus", persist_state="session")
        tiers = c3.multiselect("Tier", TIERS, format_func=words, key="f_tiers", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        eligible = c1.multiselect("Eligible", ["yes", "unknown", "no"], key="f_eligible", persist_state="session")
        min_img = c2.slider("Minimum IMG-friendliness", 0.0, 10.0, step=0.5, format="plain", key="f_min_img", persist_state="session")
        text = c3.text_input("Search", placeholder="name, city, notes, NRMP or ACGME code", key="f_text", persist_state="session")
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        j1 = c1.checkbox("Accepts J-1", key="f_j1", persist_state="session")
        h1b = c2.checkbox("Sponsors or considers H-1B", key="f_h1b", persist_state="session")
        c3.button("Clear filters", on_click=clear_filters, key="f_clear")
    return flt.Filters(
        regions=tuple(regions),
        divisions=tuple(divisions),
        states=tuple(states),
        specialties=tuple(chosen_specialties),
        tracks=tuple(tracks),
        focus=tuple(focus),
        j1=bool(j1),
        h1b=bool(h1b),
        tiers=tuple(tiers),
        eligible=tuple(eligible),
        min_friendliness=float(min_img or 0),
        text=text or "",
    )


def filtered(frame: pd.DataFrame, chosen: flt.Filters) -> pd.DataFrame:
    shown = flt.apply(frame, chosen)
    if chosen.active:
        st.caption(f"Showing {len(shown):,} of {len(frame):,} programs (filters on).")
    return shown


def stop_without_programs(frame: pd.DataFrame, message: str) -> None:
    """The empty state shared by pages that need programs: say so, link to Programs, stop."""
    if frame.empty:
        st.info(message, icon=":material/inbox:")
        st.page_link("app_pages/programs.py", label="Go to Programs", icon=":material/table:")
        st.stop()


def empty_filtered_state() -> None:
    st.info("No programs match these filters.", icon=":material/search_off:")
    st.button("Clear filters", on_click=clear_filters, key="f_clear_empty")


def settings_json() -> str:
    return json.dumps({"profile": st.session_state["profile"], "weights": st.session_state["weights"]}, sort_keys=True)


def show_pack_problems() -> None:
    """A specialty pack refused at start (file, key, problem): the app runs on the others and says so."""
    packs = registry()
    if not packs.problems:
        return
    loaded = ", ".join(p.name for p in packs.packs) or "none"
    st.warning(
        f"Some specialty packs could not be loaded, so the app runs on those that did ({loaded}). Fix the file and restart the app:",
        icon=":material/warning:",
    )
    st.code("\n".join(packs.problems), language=None, wrap_lines=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def _without_pack(path: str, tables_revision: int) -> pd.DataFrame:
    # Shared and read-only, like _tables.
    return specialty.set_aside(_tables(path, tables_revision)["programs"])


def set_aside_programs() -> pd.DataFrame:
    ws = workspace()
    return _without_pack(str(ws.path), ws.tables_revision())


def show_set_aside() -> None:
    """Programs of a specialty without a pack: counted per specialty, listed and downloadable,
    never scored as another specialty and never lost (they stay in your programs)."""
    ws = workspace()
    aside = _without_pack(str(ws.path), ws.tables_revision())
    if aside.empty:
        return
    counts = ", ".join(f"{k}: {v:,}" for k, v in aside["specialty"].value_counts().items())
    with st.expander(f"{plural(len(aside), 'program')} set aside: no specialty pack for them ({counts})", icon=":material/inventory_2:"):
        st.caption(
            "They are kept in your programs as you wrote them, but not scored, tiered or ranked: scoring them as another specialty would mislead. "
            "Add a specialty pack (data/specialties) to score them."
        )
        st.dataframe(aside[["program", "institution", "state", "specialty"]], hide_index=True, alt="Programs set aside")
        from data import export

        st.download_button(
            "Programs set aside (CSV)", lambda: export.to_csv(aside), "set-aside.csv", "text/csv", icon=":material/download:", key="set_aside_csv"
        )
