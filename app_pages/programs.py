import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from app_pages import draft_grid, example, filters, packs, problems, program_upload, saving, scores, session, settle_sources, tables, workspace, workspace_panel
from app_pages.text import md
from data import disagreements, export, flags, merge, sheet_log
from data.columns import ENUM, PROGRAM_COLUMNS, YESNO, by_name
from data.grid_drafts import draft_of
from data.readers import MAX_FILE_BYTES, default_sheet
from data.validation import validate_edited
from scoring.decision.rubric import contradictory
from scoring.vocabulary.wording import code_words, column_words, plural, program_label_series, program_labels, words

session.start_session()
st.title("Programs")
st.caption("Your program spreadsheet: upload, check, edit and download. The bundled example programs are fictional.")


# Upload ------------------------------------------------------------------------
st.session_state.setdefault("upload_round", 0)
with st.container(border=True):
    st.subheader("Load a spreadsheet")
    upload = st.file_uploader(
        "CSV, TSV, Excel (.xlsx) or Parquet",
        # No type= list: Streamlit's own refusal of another type is a MIME type in a tooltip; the reader's names the file.
        key=f"upload_{st.session_state['upload_round']}",
        max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
        help="Headers from the guides' spreadsheet (Program name, J-1? Y/N, …) are understood. Nothing is saved until you confirm.",
    )
    if upload is not None:
        content = upload.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        sheet = None
        if upload.name.lower().endswith(".xlsx"):
            sheets = program_upload.sheet_choices(content, upload.name, digest)
            if len(sheets) > 1 and default_sheet(sheets) is None:
                sheet = st.selectbox("Which sheet holds your programs?", sheets, key=f"upload_sheet_{st.session_state['upload_round']}")
        result = program_upload.check_upload(content, upload.name, digest, sheet)
        if isinstance(result, str):
            st.error(md(result), icon=":material/error:", title="This file could not be used")
            st.caption("Your saved programs are unchanged.")
        else:
            for warning in result.warnings:
                st.info(md(warning), icon=":material/info:")
            clashing = result.valid.loc[contradictory(result.valid), "program"].astype(str).tolist()
            if clashing:
                st.info(
                    md(
                        f"{plural(len(clashing), 'program')} {'has' if len(clashing) == 1 else 'have'} answers that contradict each other (an IMG FAQ but no IMG information, or "
                        f"more cohorts with an IMG than IMGs): {', '.join(clashing[:5])}{'…' if len(clashing) > 5 else ''}. "
                        "They load as written; check them when you can."
                    ),
                    icon=":material/help:",
                )
            # While the example is on, a file lands on the user's own programs, not the example's.
            current = example.own_programs()
            # A file without ids names saved programs by name (and state): they keep their saved ids.
            result.valid = merge.saved_ids(current, result.valid, result.supplied)
            own_log = sheet_log.from_sheet(result.valid)
            if len(own_log.responsiveness):
                # A reply written without its day: the program's responsiveness, where the sheet left it blank.
                filled = result.valid["program_id"].astype(str).map(own_log.responsiveness).astype("string")
                result.valid = result.valid.assign(responsiveness=result.valid["responsiveness"].astype("string").fillna(filled))
                result.supplied = [*result.supplied, "responsiveness"] if "responsiveness" not in result.supplied else result.supplied
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Programs that load whole", f"{len(result.valid) - result.flagged_programs:,}")
            c2.metric("Load with cells to look at", f"{result.flagged_programs:,}")
            c3.metric("Rejected rows", f"{len(result.rejected):,}")
            c4.metric("Your programs saved now" if example.example_in_use() else "Programs saved now", f"{len(current):,}")
            program_upload.show_flagged(result)
            program_upload.show_errors(result, "upload")
            if result.valid.empty:
                st.error("No row of this file can be loaded, so nothing will change.", icon=":material/error:")
            else:
                mode = st.segmented_control(
                    "How to load it",
                    ["merge", "replace"],
                    format_func={"merge": "Merge into my programs", "replace": "Replace my programs"}.get,
                    default="merge",
                    key="upload_mode",
                )
                mode = mode or "merge"
                preview = merge.preview(current, result.valid, result.supplied if mode == "merge" else None)
                program_upload.show_preview(
                    preview, current, result.valid, mode, result.supplied, (digest, sheet, mode, workspace.tables_revision(), example.example_in_use())
                )
                if own_log.any:
                    saved_log = workspace.tables()["contacts"]
                    added = sheet_log.merged(saved_log if mode == "merge" else saved_log.iloc[0:0], own_log.entries)[1]
                    st.markdown(
                        md(
                            f"Your sheet's own log ({', '.join(own_log.columns.values())}) becomes the contact log: "
                            f"{plural(len(own_log.entries), 'entry', 'entries')}, {added} of them new"
                            + (
                                f"; {plural(len(own_log.responsiveness), 'reply', 'replies')} without a date set{'s' if len(own_log.responsiveness) == 1 else ''} the program's responsiveness"
                                if len(own_log.responsiveness)
                                else ""
                            )
                            + ". Outreach and the responsiveness score start from them."
                        )
                    )
                    if len(own_log.entries):
                        st.dataframe(
                            tables.readable(
                                own_log.entries.assign(
                                    program=own_log.entries["program_id"].map(
                                        dict(zip(result.valid["program_id"], program_label_series(result.valid), strict=True))
                                    ),
                                    sent_on=own_log.entries["sent_on"].dt.strftime("%Y-%m-%d"),
                                    replied_on=own_log.entries["replied_on"].dt.strftime("%Y-%m-%d"),
                                )[["program", "channel", "sent_on", "replied_on", "reply_quality"]]
                            ),
                            hide_index=True,
                            column_config={
                                "program": st.column_config.TextColumn("Program", width="large"),
                                "channel": st.column_config.TextColumn("Channel"),
                                "sent_on": st.column_config.TextColumn("Sent or held on"),
                                "replied_on": st.column_config.TextColumn("Replied on"),
                                "reply_quality": st.column_config.TextColumn("Reply"),
                            },
                            alt="The contact-log entries your sheet's own columns give",
                            key="upload_log_preview",
                            height=min(400, 38 + 35 * len(own_log.entries)),
                        )
                    for problem in own_log.problems[:10]:
                        st.caption(md(problem))
                if mode == "merge":
                    st.caption(
                        "A program already saved takes this file's cells; columns the file does not have, and cells it leaves blank, keep what you saved."
                    )
                else:
                    st.caption(
                        "Your programs become this file's rows: edits made in the app to programs it keeps are replaced by its cells, "
                        "except the talking points typed on Interview prep, which stay."
                    )
                leaving_example = example.example_in_use()
                keep = program_upload.leftovers_choice(current, result.valid) if mode == "replace" and not leaving_example else True
                if leaving_example:
                    # Any way out of the example brings the user's own work back first.
                    came_back = example.aside_fate("upload") or "Your own profile and weights come back."
                    then = (
                        "then this file merges into your own programs"
                        if mode == "merge"
                        else "then your own programs become this file's rows; your notes and contacts on programs not in it move to the program of the same name or stay under the old name"
                    )
                    st.caption(md(f"This also leaves the example: nothing of it is kept. {came_back} And {then}."))
                if st.button("Confirm and save", type="primary", icon=":material/check:", key="upload_confirm"):
                    if program_upload.save_upload(current, result.valid, result.supplied, mode, keep, leaving_example, own_log.entries):
                        st.session_state["upload_round"] += 1
                        st.session_state["flash"] = f"Saved: {preview.describe(mode)}."
                        st.rerun()
                    saving.show_save_problem()


saving.show_said("flash")

GRID_ROWS = 1_000  # rows in the grid at once: a larger grid is slow to send and to scroll


def _one_page(view: pd.DataFrame) -> pd.DataFrame:
    """The rows of the grid's current page, with a page picker when there is more than one."""
    pages = -(-len(view) // GRID_ROWS)
    if pages == 1:
        return view
    if not 1 <= int(st.session_state.get("programs_page") or 1) <= pages:
        st.session_state["programs_page"] = 1  # the filters left fewer pages
    c1, c2 = st.columns([1, 4], vertical_alignment="bottom")
    page = int(c1.number_input("Page", min_value=1, max_value=pages, step=1, key="programs_page", persist_state="session"))
    first = (page - 1) * GRID_ROWS
    c2.caption(
        f"Rows {first + 1:,}–{min(first + GRID_ROWS, len(view)):,} of {len(view):,}, {GRID_ROWS:,} at a time; "
        "filters and search narrow the list. Unsaved edits on other pages are kept."
    )
    return view.iloc[first : first + GRID_ROWS]


def _saved_words(shown: pd.DataFrame, edited: pd.DataFrame, columns: list[str]) -> str:
    """What a save of the grid changed, in words: "Saved your edit to 1 program", not the
    size of the whole table (the walk read "Saved your edits (30 programs)" after one cell)."""
    change = draft_of(shown, edited, columns, "program_id") or {"changed": {"rows": []}, "added": [], "deleted": []}
    rows = change["changed"]["rows"]
    cells = sum(len(row) for row in rows)
    said = [f"your {'edit' if cells == 1 else 'edits'} to {plural(len(rows), 'program')}"] * bool(rows)
    said += [plural(len(change["added"]), "new program")] * bool(change["added"])
    said += [f"the removal of {plural(len(change['deleted']), 'program')}"] * bool(change["deleted"])
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"Saved {listed}." if said else "Saved."


def _forgotten_words(forgotten: merge.Forgotten) -> str:
    """A group's source and date cleared by the save, in words, with where to add them again."""
    facts = [column_words(c) for c in forgotten.facts]
    named = facts[0] if len(facts) == 1 else f"{', '.join(facts[:-1])} and {facts[-1]}"
    both = len(forgotten.stamps) == 2
    what = "source and date" if both else "source" if forgotten.stamps[0].endswith("_source") else "date"
    where = " and ".join(column_words(c) for c in forgotten.stamps)
    return (
        f"{named} changed at {plural(len(forgotten.programs), 'program')}: the earlier {what} {'were' if both else 'was'} cleared, "
        f"as {'they' if both else 'it'} vouched for the value before; add {'them' if both else 'it'} in the {where} column{'s' if both else ''}."
    )


def _as_written(text: pd.DataFrame, column: str, choices: list[str]) -> list[str]:
    """The texts of a choice column that are none of its choices: cells kept as written."""
    if column not in text:
        return []
    cells = text[column].dropna().astype(str)
    return sorted(set(cells[cells.ne("") & ~cells.isin(choices)]))


def _choice_words(written: set[str], coded: bool, value: object) -> str:
    return str(value) if value in written or not coded else words(value)


# Current table -------------------------------------------------------------------
programs = workspace.tables()["programs"]
st.subheader(f"Your programs ({len(programs):,})")
if programs.empty:
    st.info("No programs yet. Upload a spreadsheet above, download the blank template, or reload the example below.", icon=":material/inbox:")
else:
    scored = scores.scored().set_index("program_id")
    packs.show_set_aside()
    chosen = filters.filter_widgets(scored)
    shown_ids = set(filters.filtered(scored.reset_index(), chosen)["program_id"])
    if not chosen.active:  # programs set aside (no pack for their specialty) are not scored, but stay in the table
        shown_ids |= set(packs.set_aside_programs()["program_id"])
    view = programs[tables.among(programs["program_id"], shown_ids)]
    needs_look = flags.table(programs)
    if not needs_look.empty:
        with st.container(border=True):
            st.markdown(
                f"**{plural(len(needs_look), 'cell')} {'needs' if len(needs_look) == 1 else 'need'} a look** "
                f"in {plural(needs_look['program_id'].nunique(), 'program')}: the app could not read {'it' if len(needs_look) == 1 else 'them'}, "
                "so each counts as unknown and is kept as you wrote it. Fix a cell in the table below (or clear it) and save."
            )
            # Many programs share one name: each is named as the pickers name it.
            listed = needs_look.assign(program=needs_look["program_id"].astype(str).map(program_labels(programs)))
            # Your header, and the grid's where it differs, so the cell is found in the table below.
            in_grid = listed["column"].map(column_words)
            # A cell typed in the grid has no header of the user's: the grid's own words, never the column's code.
            listed["header"] = listed["header"].mask(listed["header"].isna() | listed["header"].eq(listed["column"]), in_grid)
            listed["header"] = listed["header"].where(listed["header"].eq(in_grid), listed["header"] + " ('" + in_grid + "' in the table)")
            problems.problem_table(
                listed[["program", "header", "value", "reason"]].rename(columns={"header": "column"}),
                {
                    "program": st.column_config.TextColumn("Program"),
                    "column": st.column_config.TextColumn("Column"),
                    "value": st.column_config.TextColumn("As written"),
                    "reason": st.column_config.TextColumn("Why it was not read"),
                },
                "Cells that need a look: program, column, the text as written and why it was not read",
                key="programs_flagged",
            )
            if st.toggle("Show only these programs in the table", key="programs_only_flagged"):
                view = view[tables.among(view["program_id"], set(needs_look["program_id"]))]
    differ = disagreements.table(programs)
    if not differ.empty:
        settle_sources.show(differ, programs)
    if view.empty:
        filters.empty_filtered_state()
    else:
        view = _one_page(view)
        # A cell the app could not read shows as written, to be fixed in place.
        text = flags.with_cells_as_written(
            export.as_spreadsheet_text(view.drop(columns=[flags.FLAGS, disagreements.DISAGREES], errors="ignore")), view
        ).reset_index(drop=True)
        # Each is inserted after the name, so the last listed shows first; known_share is
        # how much of the program's scoring input is known (from scoring, when it has it).
        derived = [c for c in ("known_share", "tier", "eligible", "img_friendliness", "fit_score") if c in scored]
        # A program set aside (no specialty pack) has no scores: its cells stay blank.
        ids = view["program_id"]
        for column in derived:
            values = scored[column].reindex(ids).to_numpy()
            if column == "img_friendliness" and "img_friendliness_max" in scored:
                # A range while parts are unknown, as the Rank list shows it.
                low, high = pd.Series(values).round(1), scored["img_friendliness_max"].reindex(ids).round(1).reset_index(drop=True)
                values = tables.point_range(low, high).where(low.notna(), "").to_numpy()
            if column == "tier":
                values = code_words(pd.Series(values, dtype="string")).to_numpy()
            if column == "eligible":
                values = pd.Series(values, dtype=object).fillna("").to_numpy()
            text.insert(1, column, values.round(1) if column == "fit_score" else values.round(2) if column == "known_share" else values)
        if "institution" in text:
            # Beside the name, and pinned with it: most programs of a specialty share one name.
            text.insert(1, "institution", text.pop("institution"))
        config: dict = {
            "institution": st.column_config.TextColumn(column_words("institution"), pinned=True, help=by_name("programs")["institution"].description),
            "tier": st.column_config.TextColumn("Tier", disabled=True),
            "eligible": st.column_config.TextColumn("Eligible", disabled=True),
            "img_friendliness": st.column_config.TextColumn("IMG-friendly", disabled=True, help="IMG-friendliness (0–10); a range while parts are unknown"),
            "fit_score": st.column_config.NumberColumn("Fit", disabled=True, format="%.1f"),
            "known_share": st.column_config.NumberColumn(
                "Known", disabled=True, format="percent", help="How much of the program's scoring input you know; sort by it to see what to research"
            ),
            "website": st.column_config.LinkColumn("Website", validate=r"^https?://"),
            "program_id": None,  # kept in the edited rows (edits are matched by it), never shown
            # Pinned, so the row being edited is named however far right the grid scrolls.
            "program": st.column_config.TextColumn(column_words("program"), pinned=True, help=by_name("programs")["program"].description),
        }
        for column in PROGRAM_COLUMNS:
            if column.kind in (YESNO, ENUM):
                choices = ["yes", "no"] if column.kind == YESNO else list(column.allowed)
                # A cell the app could not read ("maybe") is among its column's options as written, or the
                # grid would draw it blank, and blank means unknown; it stays listed above until a choice is picked.
                written = _as_written(text, column.name, choices)
                config[column.name] = st.column_config.SelectboxColumn(
                    column_words(column.name),
                    options=choices + written,
                    # Every fixed choice in words (codes such as open-house, after-2-years); a cell as written, as written.
                    format_func=partial(_choice_words, set(written), column.kind == ENUM),
                    help=column.description + (" A cell the app could not read shows as you wrote it: pick a choice to fix it." if written else ""),
                )
            elif column.name not in config:
                config[column.name] = st.column_config.TextColumn(column_words(column.name), help=column.description)
        edited = draft_grid.editor(
            "programs",
            text,
            label="program",
            columns=[c for c in text.columns if c not in derived],
            identity="program_id",
            known=set(programs["program_id"]),
            column_config=config,
            num_rows="dynamic",
            hide_index=True,
            placeholder="",  # a blank (unknown) cell and a new row's cells show blank, not a grey "None"
            alt="Editable table of your programs",
        )
        c1, c2 = st.columns([1, 3], vertical_alignment="center")
        if c1.button("Save changes", icon=":material/save:", key="editor_save"):
            checked = validate_edited(edited.drop(columns=derived), "programs", source="your edits")
            if not checked.errors.empty:
                st.error("Nothing was saved: some edited cells are not valid (rows are numbered as the table shows them).", icon=":material/error:")
                program_upload.show_errors(checked, "edit", edited["program"])
            elif edited.drop(columns=derived).equals(text.drop(columns=derived)):
                st.info("No changes to save.", icon=":material/info:")
            else:
                others = programs[~tables.among(programs["program_id"], view["program_id"])]
                # A source changed with a value keeps the earlier value beside it (data/disagreements.py).
                valid = checked.valid
                if flags.FLAGS in valid:  # a re-flagged cell keeps the header your file gave it, never the column's code
                    valid = valid.assign(**{flags.FLAGS: flags.kept_headers(valid, programs)})
                # A changed fact drops the source and date that vouched for the earlier value (as an upload does).
                valid, forgotten = merge.forget_sources_after_edit(programs, valid)
                rows = disagreements.after_edit(programs, valid)
                updated = merge.apply(others, rows, "merge") if not others.empty else rows
                if saving.save(tables={"programs": updated}, settings=draft_grid.cleared("programs", text, "program_id")):
                    still = len(checked.flagged)
                    st.session_state["flash"] = (
                        _saved_words(text, edited, [c for c in text.columns if c not in derived])
                        + (
                            f" {plural(still, 'cell')} {'needs' if still == 1 else 'need'} a look and {'is' if still == 1 else 'are'} kept as written, listed above the table."
                            if still
                            else ""
                        )
                        + "".join(f" {_forgotten_words(f)}" for f in forgotten)
                    )
                    st.rerun()
                saving.show_save_problem()
        c2.caption("Blank means unknown. Edits are checked like an upload: a cell the app cannot read is kept as you wrote it and listed above the table.")

# Downloads and workspace ------------------------------------------------------------
with st.container(horizontal=True):
    st.download_button("Download as CSV", partial(export.to_csv, programs), "programs.csv", "text/csv", icon=":material/download:", key="dl_csv")
    st.download_button(
        "Download as Excel",
        partial(export.to_xlsx, programs),
        "programs.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="dl_xlsx",
    )
    st.download_button("Blank template (.xlsx)", export.template_xlsx, "residency-scout-template.xlsx", icon=":material/description:", key="dl_template")

workspace_panel.show()
