"""What an upload would change, shown before it changes anything."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import disagreements, flags
from data.columns import FACT_COLUMNS
from data.names import name_keys
from data.normalise import derive_program_ids

KEY = "program_id"


@dataclass(frozen=True)
class Preview:
    new: list[str]
    changed: list[str]
    unchanged: list[str]
    kept: list[str]  # programs in the workspace that the upload does not mention
    # What changes in each changed program (the first CHANGES_LISTED of them): (column, saved, new),
    # each cell as text, "" for blank. An empty list: only the cells to look at changed.
    changes: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def describe(self, mode: str) -> str:
        lost = f", {len(self.kept)} removed" if mode == "replace" and self.kept else ""
        kept = f", {len(self.kept)} kept as {'it is' if len(self.kept) == 1 else 'they are'}" if mode == "merge" and self.kept else ""
        return f"{len(self.new)} new, {len(self.changed)} changed, {len(self.unchanged)} unchanged{lost}{kept}"


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.reindex(columns=columns).astype("string").fillna("\x00")


def _updated(saved: pd.DataFrame, incoming: pd.DataFrame, supplied: Collection[str]) -> pd.DataFrame:
    """Saved rows (indexed by id) as a merge leaves them: each column the file supplied takes
    the file's cell, unless that cell is blank; every other column keeps what was saved."""
    out = saved.copy()
    # A cell the file has but the app could not read (flagged) is the file's word too: the
    # saved value gives way to it, and its text is kept with the program's flags.
    file_flags = incoming.loc[saved.index, flags.FLAGS] if flags.FLAGS in incoming and flags.FLAGS in supplied else None
    flagged = flags.masks(file_flags) if file_flags is not None else {}
    for column in incoming.columns:
        if column not in supplied or column == flags.FLAGS:
            continue
        new = incoming.loc[saved.index, column]
        if column in out.columns:
            with contextlib.suppress(TypeError, ValueError):
                new = new.astype(out[column].dtype)
            given = new.notna()
            if column in flagged:
                given = given | flagged[column]
            out[column] = new.where(given, out[column])
        else:
            out[column] = new
    if file_flags is not None:
        given_cells = {c: incoming.loc[saved.index, c].notna() for c in supplied if c in incoming and c != flags.FLAGS}
        out[flags.FLAGS] = flags.merged(flags.column_of(saved), file_flags, supplied, given_cells)
    _forget_sources_of_changed_facts(saved, out, supplied)
    if any(f"{group}_source" in supplied for group in FACT_COLUMNS):
        # A file naming another source for facts it changes: the earlier ones are kept beside them.
        found = disagreements.after_update(saved, out)
        if disagreements.DISAGREES in out or found.notna().any():  # no empty column in every download
            out[disagreements.DISAGREES] = found
    return out


@dataclass(frozen=True)
class Forgotten:
    """A group whose saved source or date was cleared at some programs: the facts that changed
    there and the stamps cleared (its `<group>_source`, `<group>_checked_on` or both)."""

    group: str
    facts: list[str]
    stamps: list[str]
    programs: list[str]  # ids


def _forget_sources_of_changed_facts(
    saved: pd.DataFrame, out: pd.DataFrame, supplied: Collection[str], *, per_program: bool = False
) -> dict[str, tuple[pd.Series, list[str], list[str]]]:
    """A file (or a grid edit) that changes a group's facts without naming their source or date: the
    saved source and date described the earlier values, so they are cleared (unknown) rather than
    left to vouch for values they never saw ("H-1B: yes, the program's website, checked 2026-10-02"
    when the website said no and the sheet says yes). A file with the group's source or date column
    keeps them for the whole group. With `per_program` (a grid edit, where every column is given),
    the rule is each program's: a source or date the same edit set is what the user set, and kept;
    the other one, left from before, is cleared.
    Returns each group whose source or date was cleared somewhere: those programs (a mask indexed
    as `out`), the facts that changed at them and the stamps cleared."""
    cleared: dict[str, tuple[pd.Series, list[str], list[str]]] = {}
    for group, facts in FACT_COLUMNS.items():
        stamps = [c for c in (f"{group}_source", f"{group}_checked_on") if c in out.columns]
        given = [c for c in facts if c in supplied and c in saved.columns]
        if not stamps or not given or (not per_program and any(c in supplied for c in stamps)):
            continue
        differ = _as_text(saved, given) != _as_text(out, given)
        moved = differ.any(axis=1)
        if not moved.any():
            continue
        had = pd.Series(False, index=out.index)
        gone: list[str] = []
        for column in stamps:
            drop = moved
            if per_program and column in saved.columns:
                drop = moved & (_as_text(saved, [column]) == _as_text(out, [column]))[column]
            was_there = drop & out[column].notna()
            out[column] = out[column].mask(drop)
            if was_there.any():
                had |= was_there
                gone.append(column)
        if had.any():
            cleared[group] = (had, [c for c in given if differ.loc[had, c].any()], gone)
    return cleared


def forget_sources_after_edit(saved: pd.DataFrame, edited: pd.DataFrame) -> tuple[pd.DataFrame, list[Forgotten]]:
    """edited (rows checked from the grid, matched to saved programs by id) under the upload's rule,
    program by program: a fact the edit changed clears its group's saved source and date, but for
    the one the same edit set. Returns the rows and what was cleared."""
    before = saved.drop_duplicates(KEY).set_index(KEY)
    ids = edited[KEY].astype("string")
    known = ids.isin(before.index).fillna(False).to_numpy(dtype=bool)
    if not known.any():
        return edited, []
    was = before.loc[pd.Index(ids[known])].set_axis(edited.index[known])
    now = edited[known].copy()
    cleared = _forget_sources_of_changed_facts(was, now, list(now.columns), per_program=True)
    if not cleared:
        return edited, []
    out = edited.copy()
    for _, _, stamps in cleared.values():
        for column in stamps:
            out[column] = out[column].mask(pd.Series(known, index=out.index) & now[column].isna().reindex(out.index, fill_value=False))
    return out, [Forgotten(group, facts, stamps, ids[known][rows].tolist()) for group, (rows, facts, stamps) in cleared.items()]


def saved_ids(current: pd.DataFrame, incoming: pd.DataFrame, supplied: Collection[str]) -> pd.DataFrame:
    """Incoming rows with the saved id of the program they name, where the app made their id
    from a name, institution and state that differ from the saved program's (a shortlist
    without the institution column, say): matched by name, and by state when the file has it,
    to exactly one saved program no other row of the file already takes."""
    if KEY in supplied or current.empty or incoming.empty or "program" not in supplied:
        return incoming
    incoming = _same_name_institution_state(current, incoming, supplied)
    by = ["program", "state"] if "state" in supplied else ["program"]

    def keys(frame: pd.DataFrame) -> pd.Series:
        parts = [_name_key(frame["program"])] + ([frame["state"].astype("string").fillna("")] if "state" in by else [])
        return parts[0] if len(parts) == 1 else parts[0] + "|" + parts[1]

    saved_keys = keys(current)
    unique = saved_keys[~saved_keys.duplicated(keep=False) & saved_keys.notna()]
    lookup = pd.Series(current.loc[unique.index, KEY].to_numpy(), index=unique.to_numpy())
    unmatched = ~incoming[KEY].isin(current[KEY])
    found = keys(incoming).where(unmatched).map(lookup)
    # Most programs share a name and many a state: a row whose file says another institution,
    # city or directory code than the saved program's is another program, never an update of it.
    found = found.where(~_contradicts(current.set_index(KEY), incoming, found, supplied))
    # An id the file already uses, or one two rows would share, is not taken.
    taken = set(incoming.loc[~unmatched, KEY])
    found = found.where(~found.isin(taken) & ~found.duplicated(keep=False))
    if found.isna().all():
        return incoming
    return incoming.assign(**{KEY: found.fillna(incoming[KEY]).astype(incoming[KEY].dtype)})


def _same_name_institution_state(current: pd.DataFrame, incoming: pd.DataFrame, supplied: Collection[str]) -> pd.DataFrame:
    """Rows whose id is a directory code the saved program was saved without (a sheet that adds
    NRMP codes): the program's name, institution and state still make the saved program's id,
    so the row updates it rather than adding it twice. Most programs share a name and many a
    state, so the name and state alone (below) cannot tell which one it is."""
    unmatched = ~incoming[KEY].isin(current[KEY])
    if not unmatched.any():
        return incoming
    rows = incoming[unmatched]
    parts = [rows[c].astype("string") if c in rows else pd.Series(pd.NA, index=rows.index, dtype="string") for c in ("program", "institution", "state")]
    derived = pd.Series(derive_program_ids(*parts), index=rows.index)
    found = derived.where(derived.isin(current[KEY]) & ~derived.isin(incoming[KEY]))
    found = found.where(~found.duplicated(keep=False) | found.isna())  # a code's C and P rows: neither is taken
    found = found.where(~_contradicts(current.set_index(KEY), rows, found, supplied))
    if found.isna().all():
        return incoming
    ids = incoming[KEY].copy()
    ids.loc[found.dropna().index] = found.dropna().to_numpy()
    return incoming.assign(**{KEY: ids.astype(incoming[KEY].dtype)})


# What tells apart two programs of one name and state, when both the file and the saved program say it.
TELLING = ("institution", "city", "nrmp_code", "acgme_id")


def _contradicts(saved: pd.DataFrame, incoming: pd.DataFrame, found: pd.Series, supplied: Collection[str]) -> pd.Series:
    """Where the saved program a row was matched to (by name and state) has another
    institution, city or code than the row itself; blank on either side says nothing."""
    out = pd.Series(False, index=incoming.index)
    matched = found.notna()
    if not matched.any():
        return out
    for column in TELLING:
        if column not in supplied or column not in saved.columns or column not in incoming.columns:
            continue
        theirs = name_keys(saved[column].reindex(found[matched].to_numpy()).reset_index(drop=True))
        ours = name_keys(incoming.loc[matched, column]).reset_index(drop=True)
        differ = (theirs.notna() & ours.notna() & (theirs != ours)).fillna(False).to_numpy(dtype=bool)
        out.loc[matched] = out.loc[matched].to_numpy() | differ
    return out


CHANGES_LISTED = 300  # programs whose changes are spelled out; the rest are counted
# Columns the app keeps for itself: a change in them is told another way (flags) or not at all.
_NOT_LISTED = {flags.FLAGS, disagreements.DISAGREES}


def _cell_text(value: object) -> str:
    """A cell as the preview says it: blank for unknown, yes/no for a mark, a date without its time."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _changes(before: pd.DataFrame, after: pd.DataFrame, differ: pd.DataFrame) -> dict[str, list[tuple[str, str, str]]]:
    """(column, saved, new) for each cell that differs, by program id."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    columns = [c for c in differ.columns if c not in _NOT_LISTED]
    mask = differ[columns].to_numpy(dtype=bool)
    for position, pid in enumerate(differ.index):  # (at most CHANGES_LISTED programs)
        out[str(pid)] = [
            (column, _cell_text(before.at[pid, column]), _cell_text(after.at[pid, column]))
            for column, changed in zip(columns, mask[position], strict=True)
            if changed
        ]
    return out


def preview(current: pd.DataFrame, incoming: pd.DataFrame, supplied: Collection[str] | None = None) -> Preview:
    """supplied: the columns the file has, when a merge changes only those (see apply)."""
    cur = current.set_index(KEY)
    inc = incoming.set_index(KEY)
    common = inc.index.intersection(cur.index)
    after = inc.loc[common] if supplied is None else _updated(cur.loc[common], inc, supplied)
    columns = list(inc.columns) if supplied is None else list(cur.columns.union(after.columns, sort=False))
    differ = _as_text(cur.loc[common], columns) != _as_text(after, columns)
    same = ~differ.any(axis=1)
    listed = differ[~same].iloc[:CHANGES_LISTED]
    return Preview(
        new=[str(i) for i in inc.index.difference(cur.index, sort=False)],
        changed=[str(i) for i in same.index[~same]],
        unchanged=[str(i) for i in same.index[same]],
        kept=[str(i) for i in cur.index.difference(inc.index, sort=False)],
        changes=_changes(cur.loc[listed.index].reindex(columns=columns), after.loc[listed.index].reindex(columns=columns), listed),
    )


def apply(current: pd.DataFrame, incoming: pd.DataFrame, mode: str, supplied: Collection[str] | None = None) -> pd.DataFrame:
    """Merge: programs the file has are updated and new ones added after the saved ones;
    the others stay. With supplied (an upload's columns), a saved program keeps every
    column the file lacks and every cell the file leaves blank; without it (a row edited
    in the app), the incoming row is the program's whole row. Replace: incoming only."""
    if mode == "replace" or current.empty:
        return incoming.reset_index(drop=True)
    if mode != "merge":
        raise ValueError(f"unknown mode {mode!r}")
    saved = current.set_index(KEY, drop=False)
    rows = incoming.set_index(KEY, drop=False)
    both = saved.index.intersection(rows.index)
    updated = rows.loc[both] if supplied is None else _updated(saved.loc[both], rows, {*supplied, KEY})
    # Each program stays where it was in the table; new ones come after.
    merged = pd.concat([saved.drop(index=both), updated, rows.drop(index=both)])
    merged = merged.loc[[*saved.index, *rows.index.difference(saved.index, sort=False)]].reset_index(drop=True)
    # concat of all-NA object columns loses the nullable dtypes; restore them.
    for column in merged.columns:
        source = incoming if column in incoming else current
        if column not in source:  # made by the merge itself (the disagreements column): text
            merged[column] = merged[column].astype("string")
            continue
        with contextlib.suppress(TypeError, ValueError):
            merged[column] = merged[column].astype(source[column].dtype)
    return merged


# Replacing programs: what points at programs that go ------------------------------
#
# Contacts and applications point at a program by program_id (or by name when they
# have no id); letter assignments and the two orders (the Rank list's and the final
# list's) are settings keyed by program_id; interview notes (liked, questions) are
# columns of the program's own row.

NOTE_COLUMNS = ("liked", "questions")


def _name_key(names: pd.Series) -> pd.Series:
    return name_keys(names)


def relink(current: pd.DataFrame, incoming: pd.DataFrame) -> dict[str, str]:
    """Old program_id -> new program_id, for programs the upload drops whose name
    (ignoring case and spacing) belongs to exactly one incoming program."""
    gone = current[~current[KEY].isin(incoming[KEY])]
    keys = _name_key(incoming["program"])
    unique = incoming.assign(_key=keys)[~keys.duplicated(keep=False) & keys.notna()]
    by_name = dict(zip(unique["_key"], unique[KEY], strict=True))
    return {str(old): str(by_name[key]) for old, key in zip(gone[KEY], _name_key(gone["program"]), strict=True) if key in by_name}


@dataclass(frozen=True)
class Leftovers:
    """Counts of what points at programs a replace removes, and how many of
    those can follow a program of the same name in the upload."""

    contacts: int = 0
    contacts_matched: int = 0
    assignments: int = 0
    assignments_matched: int = 0
    notes: int = 0
    notes_matched: int = 0
    ordered: int = 0
    ordered_matched: int = 0
    applications: int = 0
    applications_matched: int = 0
    final_ordered: int = 0
    final_ordered_matched: int = 0

    @property
    def any(self) -> bool:
        return bool(self.contacts or self.assignments or self.notes or self.ordered or self.applications or self.final_ordered)

    def lines(self) -> list[str]:
        def plural(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        out = []
        for n, matched, one, many in (
            (self.contacts, self.contacts_matched, "contact log entry", "contact log entries"),
            (self.assignments, self.assignments_matched, "program with letters assigned", "programs with letters assigned"),
            (self.notes, self.notes_matched, "program with interview notes", "programs with interview notes"),
            (self.ordered, self.ordered_matched, "program in your own order", "programs in your own order"),
            (self.applications, self.applications_matched, "application", "applications"),
            (self.final_ordered, self.final_ordered_matched, "program on your final rank list", "programs on your final rank list"),
        ):
            if n:
                out.append(f"{plural(n, one, many)} ({matched} matching a program in the new file by name)")
        return out


def _gone(current: pd.DataFrame, incoming: pd.DataFrame) -> set[str]:
    return set(current[KEY].astype(str)) - set(incoming[KEY].astype(str))


def _has_notes(frame: pd.DataFrame) -> pd.Series:
    present = [c for c in NOTE_COLUMNS if c in frame]
    if not present:
        return pd.Series(False, index=frame.index)
    filled = [frame[c].astype("string").str.strip().fillna("").ne("").astype(bool) for c in present]
    return pd.concat(filled, axis=1).any(axis=1)


def leftovers(
    current: pd.DataFrame,
    incoming: pd.DataFrame,
    contacts: pd.DataFrame,
    assignments: dict,
    order: list,
    applications: pd.DataFrame | None = None,
    final_order: Sequence[str] = (),
) -> Leftovers:
    gone, links = _gone(current, incoming), relink(current, incoming)

    def pointing(log: pd.DataFrame | None) -> tuple[int, int]:
        if log is None:
            return 0, 0
        ids = log[KEY].astype("string")
        at_gone = ids.isin(gone).fillna(False)
        return int(at_gone.sum()), int(ids[at_gone].isin(links).sum())

    noted = current[current[KEY].astype(str).isin(gone) & _has_notes(current)][KEY].astype(str)
    assigned = [pid for pid, writers in assignments.items() if pid in gone and writers]
    ordered = [pid for pid in order if pid in gone]
    final = [pid for pid in final_order if pid in gone]
    (contacts_n, contacts_m), (apps_n, apps_m) = pointing(contacts), pointing(applications)
    return Leftovers(
        contacts=contacts_n,
        contacts_matched=contacts_m,
        assignments=len(assigned),
        assignments_matched=sum(pid in links for pid in assigned),
        notes=len(noted),
        notes_matched=int(noted.isin(links).sum()),
        ordered=len(ordered),
        ordered_matched=sum(pid in links for pid in ordered),
        applications=apps_n,
        applications_matched=apps_m,
        final_ordered=len(final),
        final_ordered_matched=sum(pid in links for pid in final),
    )


@dataclass(frozen=True)
class Carried:
    programs: pd.DataFrame
    contacts: pd.DataFrame
    assignments: dict
    order: list
    applications: pd.DataFrame | None = None
    final_order: list | None = None


def _follow(log: pd.DataFrame, programs: pd.DataFrame, gone: set[str], links: dict[str, str], old_names: dict, keep: bool) -> pd.DataFrame:
    """A log (contacts, applications) after a replace: with keep, an entry on a program
    that goes follows the program of the same name, or stays under the old name with no
    id; without, it goes."""
    ids = log[KEY].astype("string")
    pointing = ids.isin(gone).fillna(False)
    if not keep:
        return log[~pointing].reset_index(drop=True)
    new_names = dict(zip(programs[KEY].astype(str), programs["program"], strict=True))
    log = log.copy()
    moved = ids.map(links).astype("string")
    log.loc[pointing, "program"] = ids[pointing].map(lambda pid: new_names.get(links[pid]) if pid in links else old_names.get(pid)).astype("string")
    log.loc[pointing, KEY] = moved[pointing]
    # Entries kept by name alone find a program of that name when one arrives.
    by_name = dict(zip(_name_key(programs["program"]), programs[KEY].astype(str), strict=True))
    loose = log[KEY].isna() & log["program"].notna()
    log.loc[loose, KEY] = _name_key(log.loc[loose, "program"]).map(by_name).astype("string")
    return log.reset_index(drop=True)


def _fill_blank_notes(programs: pd.DataFrame, notes: pd.DataFrame) -> pd.DataFrame:
    """programs with each blank note cell filled from notes (indexed by program id), where it has one."""
    notes = notes[~notes.index.duplicated()]
    programs = programs.copy()
    for column in notes.columns:
        fill = programs[KEY].astype(str).map(notes[column]).astype("string")
        blank = programs[column].astype("string").str.strip().fillna("") == ""
        programs[column] = programs[column].astype("string").mask(blank & fill.notna(), fill).astype(programs[column].dtype)
    return programs


def carry_over(
    current: pd.DataFrame,
    incoming: pd.DataFrame,
    contacts: pd.DataFrame,
    assignments: dict,
    order: list,
    keep: bool,
    applications: pd.DataFrame | None = None,
    final_order: Sequence[str] = (),
) -> Carried:
    """Replace the programs and decide for what pointed at the programs that go.

    keep: follow a program of the same name; contact entries and applications with
    no such program stay under the old program's name (no id), so they never block
    a save. Assignments, the orders and notes need a program, so those without one
    go. Otherwise (remove): everything pointing at them goes.
    """
    programs = apply(current, incoming, "replace")
    gone = _gone(current, incoming)
    links = relink(current, incoming) if keep else {}
    old_names = dict(zip(current[KEY].astype(str), current["program"], strict=True))
    new_names = dict(zip(programs[KEY].astype(str), programs["program"], strict=True))
    contacts = _follow(contacts, programs, gone, links, old_names, keep)
    if applications is not None:
        applications = _follow(applications, programs, gone, links, old_names, keep)

    kept: dict[str, list] = {}
    for pid, writers in assignments.items():
        target = links.get(pid, pid) if pid in gone else pid
        if target in new_names:
            kept.setdefault(target, []).extend(w for w in writers if w not in kept.get(target, []))
    new_order = list(dict.fromkeys(links.get(pid, pid) for pid in order if links.get(pid, pid) in new_names))
    new_final = list(dict.fromkeys(links.get(pid, pid) for pid in final_order if links.get(pid, pid) in new_names))

    present = [c for c in NOTE_COLUMNS if c in programs and c in current]
    if present:
        saved_notes = current.set_index(current[KEY].astype(str))[present].astype("string")
        # A program the file keeps keeps the talking points typed for it in the app: a spreadsheet
        # rarely has them, and a blank there is not an answer (walk: a replace erased them).
        programs = _fill_blank_notes(programs, saved_notes)
        if keep and links:
            # Interview notes follow to the program of the same name, unless it has its own.
            followed = saved_notes.loc[list(links)]
            programs = _fill_blank_notes(programs, followed.set_axis([links[old] for old in followed.index]))
    return Carried(programs=programs, contacts=contacts, assignments=kept, order=new_order, applications=applications, final_order=new_final)
