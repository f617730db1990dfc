"""An upload of programs: read and checked once per file, its problems shown, and saved over the saved programs as the user chose."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import example, problems, saving, settings, workspace
from app_pages.text import md
from data import export, flags, merge, sheet_log
from data.readers import ReadError, sheet_names
from data.validation import Loaded, load_bytes
from scoring.vocabulary import specialty
from scoring.vocabulary.wording import column_words, plural, program_labels


@st.cache_data(show_spinner="Reading and checking the file…", max_entries=8)
def check_upload(content: bytes, name: str, digest: str, sheet: str | None = None) -> Loaded | str:
    # digest keys the cache on the file's bytes; a failure is returned as its message.
    try:
        return load_bytes(content, name, "programs", sheet=sheet)
    except ReadError as exc:
        return str(exc)


@st.cache_data(show_spinner=False, max_entries=8)
def sheet_choices(content: bytes, name: str, digest: str) -> list[str]:
    try:
        return sheet_names(content, name)
    except ReadError:
        return []  # check_upload explains what is wrong with the file


def show_errors(loaded: Loaded, key: str, names: pd.Series | None = None) -> None:
    if loaded.errors.empty:
        return
    if key == "edit":  # an edit that fails saves nothing (the error above says so); rows are not "rejected"
        problems.edit_problems(loaded.errors, "Cells of your edits that cannot be saved: row, program, column, value and reason", names)
        return
    st.warning(
        f"{plural(len(loaded.rejected), 'row')} {'was' if len(loaded.rejected) == 1 else 'were'} rejected and will not be loaded. Fix them in your spreadsheet and upload again; the rest can be loaded now.",
        icon=":material/rule:",
    )
    problems.problem_table(
        loaded.errors,
        problems.problem_columns("Row number in your spreadsheet (the header is row 1)"),
        "Rejected cells: row, column, value and reason",
        key=f"{key}_errors",
    )
    st.download_button(
        "Download the rejected rows",
        export.to_csv(loaded.rejected),
        file_name="rejected-rows.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_rejected_download",
    )


def show_flagged(loaded: Loaded) -> None:
    """Cells of an upload that could not be read: their programs load, the cells count as unknown."""
    if loaded.flagged.empty:
        return
    st.info(
        # Most could not be read; a cutoff written "not stated" was read, as a question for the program.
        f"{plural(len(loaded.flagged), 'cell')} need{'s' if len(loaded.flagged) == 1 else ''} a look (the reason is beside each). "
        f"{'Its program loads' if loaded.flagged_programs == 1 else 'Their programs load'} "
        "anyway, each such cell counts as unknown (like a blank) and is kept as you wrote it, so you can fix it in the table below after saving.",
        icon=":material/flag:",
    )
    shown, config = loaded.flagged, problems.problem_columns("Row number in your spreadsheet (the header is row 1)")
    ids = flags.program_of_row(loaded.valid, loaded.flagged)
    if ids:  # a row number alone sends the user back to the spreadsheet to learn which program it is
        label = program_labels(loaded.valid)
        shown = shown.assign(program=shown["row"].astype(int).map(ids).map(label).fillna(""))[["row", "program", "column", "value", "reason"]]
        config["program"] = st.column_config.TextColumn("Program")
    problems.problem_table(shown, config, "Cells that need a look: row, program, column, value and reason", key="upload_flagged")


NAMED = 40  # programs named in each group of the preview before "and N more"


def _said(text: str) -> str:
    """A cell in a change line: blank said as such, a long note cut."""
    if not text:
        return "blank"
    return text if len(text) <= 40 else text[:39] + "…"


def preview_groups(preview: merge.Preview, current: pd.DataFrame, incoming: pd.DataFrame, mode: str, supplied: list[str]) -> list[tuple[str, list[str]]]:
    """The upload's preview program by program, in groups (heading, lines): each program named as
    the pages will name it after the save (so no two read the same), a changed one with what changes."""
    after = merge.apply(current, incoming, mode, supplied=supplied if mode == "merge" else None)
    label = {**program_labels(current), **program_labels(after)}

    def named(ids: list[str], describe=None) -> list[str]:
        lines = [label.get(pid, pid) + (describe(pid) if describe else "") for pid in ids[:NAMED]]
        return lines + ([f"… and {len(ids) - NAMED:,} more"] if len(ids) > NAMED else [])

    def flags_of(frame: pd.DataFrame) -> dict:
        if flags.FLAGS not in frame or "program_id" not in frame:
            return {}
        return dict(zip(frame["program_id"], frame[flags.FLAGS], strict=True))

    now_flagged, saved_flagged = flags_of(after), flags_of(current)

    def what(pid: str) -> str:
        if pid not in preview.changes:
            return ""
        cells = preview.changes[pid]
        if not cells:
            # Only cells the app cannot read change: say which, and what was written there.
            now, before = flags.decode(now_flagged.get(pid)), flags.decode(saved_flagged.get(pid))
            said = [f"{column_words(c)}: “{_said(v['value'])}” cannot be read (counts as unknown)" for c, v in now.items() if before.get(c) != v]
            return " · " + "; ".join(said) if said else " · only its cells to look at change"
        now = flags.decode(now_flagged.get(pid))

        def became(column: str, new: str) -> str:
            # A cell the file wrote but the app cannot read loads blank: say what was written, not "blank".
            if not new and column in now:
                return f"“{_said(now[column]['value'])}” (counts as unknown)"
            return _said(new)

        return (
            " · "
            + "; ".join(f"{column_words(c)}: {_said(old)} → {became(c, new)}" for c, old, new in cells[:6])
            + (f"; and {len(cells) - 6} more" if len(cells) > 6 else "")
        )

    # Programs of a specialty without a pack are kept but never scored: said before the save, not after.
    aside = specialty.set_aside(after)
    aside_of = dict(zip(aside["program_id"], aside["specialty"], strict=True)) if "program_id" in aside else {}
    new_aside = [pid for pid in [*preview.new, *preview.changed, *preview.unchanged] if pid in aside_of]
    groups = [
        (f"Added ({len(preview.new):,})", named(preview.new)),
        (
            f"Kept but set aside, not scored: no specialty pack for them ({len(new_aside):,})",
            named(new_aside, lambda pid: f" · {aside_of[pid]}"),
        ),
        (f"Changed ({len(preview.changed):,})", named(preview.changed, what)),
        (f"In the file, left as they are ({len(preview.unchanged):,})", named(preview.unchanged)),
    ]
    if preview.kept:
        gone = "Removed (not in this file)" if mode == "replace" else "Not in this file, kept as they are"
        groups.append((f"{gone} ({len(preview.kept):,})", named(preview.kept)))
    return [(heading, lines) for heading, lines in groups if lines]


def show_preview(preview: merge.Preview, current: pd.DataFrame, incoming: pd.DataFrame, mode: str, supplied: list[str], key: tuple) -> None:
    """What the save will make, and which programs: named, with what changes in each.
    key: what the groups follow from (the file, its sheet, the mode, the saved tables): the file
    stays in the uploader while the user works on the page, and naming 10,000 programs is not
    done again on every rerun."""
    st.write(f"This will make: **{preview.describe(mode)}**.")
    kept = st.session_state.get("_upload_preview_groups")
    if kept is not None and kept[0] == key:
        groups = kept[1]
    else:
        groups = preview_groups(preview, current, incoming, mode, supplied)
        st.session_state["_upload_preview_groups"] = (key, groups)
    shown = sum(len(lines) for _, lines in groups)
    with st.expander("Which programs, and what changes in each", expanded=shown <= 8, icon=":material/list:"):
        for heading, lines in groups:
            st.markdown(f"**{heading}**\n" + "\n".join(f"- {md(line)}" for line in lines))


def _pointers() -> tuple[dict, list, list]:
    return (
        settings.setting("letter_assignments"),
        settings.setting("manual_order").get("order") or [],
        settings.setting("final_order").get("order") or [],
    )


def leftovers_choice(current, incoming) -> bool:
    """Ask what happens to the work on programs a replace removes; True keeps it."""
    assignments, order, final_order = _pointers()
    t = workspace.tables()
    left = merge.leftovers(current, incoming, t["contacts"], assignments, order, t["applications"], final_order)
    if not left.any:
        return True
    with st.container(border=True):
        st.markdown("**Your work on programs that are not in this file**")
        st.markdown("\n".join(f"- {md(line)}" for line in left.lines()))
        choice = st.radio(
            "What should happen to it?",
            ["keep", "remove"],
            format_func={
                "keep": "Keep it: it moves to the program of the same name; contact entries and applications without one stay under the old name",
                "remove": "Remove it",
            }.get,
            key="upload_leftovers",
        )
    return choice != "remove"


def save_upload(current, incoming, supplied: list[str], mode: str, keep: bool, leaving_example: bool, log: pd.DataFrame) -> bool:
    # The sheet's own log columns join the saved log, without duplicates (data/sheet_log.py).
    if leaving_example:
        # The user's own work comes back first (current holds their own programs, set aside
        # when the example was loaded); the file then merges into it or replaces it as asked.
        if not example.leave_example():
            return False
        current = workspace.tables()["programs"]
    if mode != "replace":
        contacts = sheet_log.merged(workspace.tables()["contacts"], log)[0]
        return saving.save(tables={"programs": merge.apply(current, incoming, mode, supplied=supplied), "contacts": contacts})
    assignments, order, final_order = _pointers()
    t = workspace.tables()
    carried = merge.carry_over(current, incoming, t["contacts"], assignments, order, keep=keep, applications=t["applications"], final_order=final_order)
    return saving.save(
        tables={"programs": carried.programs, "contacts": sheet_log.merged(carried.contacts, log)[0], "applications": carried.applications},
        settings={"letter_assignments": carried.assignments, "manual_order": {"order": carried.order}, "final_order": {"order": carried.final_order}},
    )
