"""From text cells to typed columns: header aliases, yes/no spellings, state
names, Census regions, strength tags. A blank cell stays NA (unknown); a cell
that cannot be understood becomes NA *and* an error naming its row, column
and value, so the row can be rejected rather than silently changed."""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data import geography, nrmp
from data.columns import (
    COMBINED_HEADERS,
    DATE,
    DIVISION,
    ENUM,
    INT,
    NO_CUTOFF_WORDS,
    REGION,
    SHEET_LOG_HEADERS,
    SILENT_CUTOFF_REASON,
    SILENT_CUTOFF_WORDS,
    STATE,
    TABLES,
    TAGS,
    TEXT,
    URL,
    YESNO,
    Column,
    fold,
)
from data.disagreements import DISAGREES
from data.export import unneutralise
from data.names import name_key, name_keys
from data.readers import MAX_CELL_CHARS, ROW_COLUMN

# Not "x": a cross marks a box ticked in one sheet and a "no" in another (✗ is no), so it is flagged.
YES = {"y", "yes", "true", "t", "1", "✓", "✔"}
NO = {"n", "no", "false", "f", "0", "✗", "✘"}
# What people type for "I don't know yet"; all mean unknown, like a blank.
UNKNOWN = {"", "na", "n/a", "unknown", "?", "-", "--", "tbd", "nan", "none given", "<na>"}

ERROR_COLUMNS = ["row", "column", "value", "reason"]
ARROW_TEXT = pd.StringDtype("pyarrow")

DTYPES = {
    TEXT: "string",
    URL: "string",
    STATE: "string",
    REGION: "string",
    DIVISION: "string",
    ENUM: "string",
    TAGS: "string",
    YESNO: "boolean",
    INT: "Int64",
    DATE: "datetime64[ns]",
}


@dataclass
class Normalised:
    frame: pd.DataFrame  # typed columns in contract order, then extra columns, plus ROW_COLUMN
    errors: pd.DataFrame  # ERROR_COLUMNS
    warnings: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # contract column -> user's header
    extra_columns: list[str] = field(default_factory=list)


def empty_errors() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in ERROR_COLUMNS})


def empty_table(table: str) -> pd.DataFrame:
    """A typed table with no rows: what a new or emptied workspace holds."""
    return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.kind]) for c in TABLES[table]})


def map_headers(headers: list[str], table: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]], list[str], list[str]]:
    """Return (user header -> column), (user header -> combined columns), extras, warnings."""
    lookup: dict[str, str] = {}
    spelled: dict[str, str] = {}  # folded -> a spelling to suggest
    for col in TABLES[table]:
        for spelling in (col.name, *col.aliases):
            lookup.setdefault(fold(spelling), col.name)
            spelled.setdefault(fold(spelling), spelling)
    mapping: dict[str, str] = {}
    combined: dict[str, tuple[str, ...]] = {}
    extras: list[str] = []
    warnings: list[str] = []
    taken: dict[str, str] = {}
    for header in headers:
        key = fold(header)
        target = lookup.get(key)
        if target is None:
            # "Interest (0-10)", "# IMGs (5 yrs)": a unit or scale in brackets does not change the column.
            target = lookup.get(fold(_BRACKETED.sub("", str(header))))
        if target is None and table == "programs" and key in COMBINED_HEADERS:
            combined[header] = COMBINED_HEADERS[key]
            continue
        if target is None:
            extras.append(header)
        elif target in taken:
            warnings.append(f"Columns '{taken[target]}' and '{header}' both mean `{target}`; '{header}' is kept as an extra column.")
            extras.append(header)
        else:
            taken[target] = header
            mapping[header] = target
    # A header one typo or abbreviation away from a column the app scores would otherwise be
    # kept silently as the user's own column, and the scores would treat that input as unknown.
    free = [key for key, target in lookup.items() if target not in taken]
    # A suggestion in the words of a spreadsheet ("Research time"), not the app's own name (research_time).
    friendly = {col.name: (col.aliases[0] if col.aliases else col.name) for col in TABLES[table]}
    quiet: list[str] = []
    log_headers = {fold(h) for headers in SHEET_LOG_HEADERS.values() for h in headers} if table == "programs" else set()
    for header in extras:
        if fold(header) in lookup:  # recognised, but its column was taken (warned above)
            continue
        if fold(header) in log_headers:  # read into the contact log on upload (data/sheet_log.py), said there
            continue
        if table == "programs" and header == DISAGREES:  # the app's own record of two sources, read back as it is
            continue
        if table == "programs" and fold(header) in STRENGTH_MARKS:
            warnings.append(
                f"Your column '{header}' is read as a Y/N mark: Y adds `{STRENGTH_MARKS[fold(header)]}` to the strengths. It is kept as your column too."
            )
            continue
        close = difflib.get_close_matches(fold(header), free, n=1, cutoff=0.75)
        if close:
            warnings.append(
                f"Your column '{header}' is not one the app knows, so it is kept as your own column and not scored. "
                f"Did you mean '{friendly[lookup[close[0]]]}'? Rename the header to that to use it."
            )
        else:
            quiet.append(header)
    # Said even when nothing is close: a column the user thinks is scored, and is not, changes every score.
    if quiet:
        warnings.append(
            f"Kept as your own {'column' if len(quiet) == 1 else 'columns'}, shown and downloaded but not scored: "
            + ", ".join(f"'{h}'" for h in quiet[:12])
            + (f" and {len(quiet) - 12} more" if len(quiet) > 12 else "")
            + ". If one of them is something the app scores, rename its header (the blank template lists the names it reads)."
        )
    return mapping, combined, extras, warnings


_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


# Free-text columns where a line break is part of what the user wrote.
MULTILINE = {"notes", "liked", "questions"}
# C0 controls but tab and line feed, DEL and C1 controls. Line ends are made LF first,
# so a carriage return still present is a lone one. (No look-around: Arrow's regex engine runs it.)
# Also the invisible characters that change how text reads without showing: zero-width space,
# the bidirectional overrides and isolates, line and paragraph separators and a stray byte-order
# mark. (Not the zero-width joiners, which emoji and some scripts need.) Literal characters, so
# both Python's and Arrow's regex engines read the class.
CONTROL = "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\u200b\u2028-\u202e\u2066-\u2069\ufeff]"


def _cell_problems(text: pd.Series, multiline: bool, scanned: bool = False) -> tuple[pd.Series, pd.Series]:
    """Cells that exports and documents cannot hold safely: a mask and a reason for each.

    scanned: the reader found no control character or line break in the whole file.
    """
    too_long = (text.str.len() > MAX_CELL_CHARS).fillna(False)
    if scanned:
        return too_long.astype(bool), pd.Series(f"is longer than {MAX_CELL_CHARS:,} characters", index=text.index, dtype=object)
    control = text.str.contains(CONTROL, regex=True).fillna(False)
    reason = pd.Series("", index=text.index, dtype=object)
    bad = too_long | control
    if control.any():
        codes = text[control].str.extract(f"({CONTROL})", expand=False).map(lambda c: f"U+{ord(c[0]):04X}", na_action="ignore")
        reason[control] = "contains an invisible control character (" + codes.astype(str) + "); delete it"
    if not multiline:
        breaks = text.str.contains("\n", regex=False).fillna(False) & ~control
        if breaks.any():
            bad = bad | breaks
            reason[breaks] = "contains a line break, but this column holds one line (a quote left open in a CSV file can cause this)"
    reason[too_long] = f"is longer than {MAX_CELL_CHARS:,} characters"
    return bad.astype(bool), reason


def typed_problem(text: object, multiline: bool = True) -> str | None:
    """What keeps a text the user typed in the app from being saved, by the rules an uploaded
    cell is checked by (length, control characters); None when it can be saved."""
    if text is None or not str(text):
        return None
    bad, reason = _cell_problems(pd.Series([str(text).replace("\r\n", "\n")], dtype="string"), multiline)
    return str(reason.iloc[0]) if bool(bad.iloc[0]) else None


def _shown(text: pd.Series) -> np.ndarray:
    """A rejected value as the user can see it: control characters written as codes, long text cut."""
    visible = text.str.replace(CONTROL, lambda m: f"<U+{ord(m.group(0)[0]):04X}>", regex=True).str.replace("\n", "⏎", regex=False)
    cut: pd.Series = visible.str.slice(0, 80) + np.where(visible.str.len() > 80, "…", "")
    return cut.to_numpy(dtype=object)


PROBE_ROWS = 2_000
PARALLEL_ROWS = 20_000  # below this, starting threads costs more than hashing on one core


_T = TypeVar("_T")
_R = TypeVar("_R")


def _each(work: Callable[[_T], _R], items: list[_T], rows: int) -> list[_R]:
    """work(item) for every item, in order. Arrow's kernels (hashing, text functions, take)
    release the interpreter lock, so on a long sheet the columns are worked on every core:
    hashing alone took 0.1 s of a 100,000-row check on one core, 0.06 s on two."""
    workers = min(len(items), os.cpu_count() or 1)
    if workers < 2 or rows < PARALLEL_ROWS:  # workers < 2 also covers no items
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, items))


def _factorize(column: pd.Series) -> tuple[np.ndarray, pd.Index | np.ndarray]:
    return pd.factorize(column, use_na_sentinel=False)


# What reading a column gives: its value in every cell; and, for each value read (each distinct
# value, when the column was hashed), whether it was refused and why, the cell as read where a
# message needs it, and whether it was blank.
_Read = tuple[pd.api.extensions.ExtensionArray, np.ndarray, np.ndarray, "pd.Series | None", pd.Series]


def _read_group(
    names: list[str], spec: Column, cells: dict[str, tuple[np.ndarray | None, pd.Series]], header: str, decimal_comma: bool, scanned: bool
) -> tuple[dict[str, _Read], str]:
    """Columns read by one rule, in one pass; each column's reading, and a warning about its dates."""
    pieces = [cells[n][1] for n in names]
    text = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
    first = cells[names[0]][0]
    counts = np.bincount(first, minlength=len(text)) if first is not None and spec.kind == DATE else None
    if text.str.startswith("'").any():  # only our own exports write these
        text = unneutralise(text)
    if not scanned:  # a scanned file has no line break in any cell
        text = text.str.replace("\r\n", "\n", regex=False)
    text = text.str.strip()
    blank = text.str.lower().isin(UNKNOWN) if spec.kind != TEXT else text.eq("")
    unsafe, unsafe_reason = _cell_problems(text, names[0] in MULTILINE, scanned)
    # "none" in a cutoff: the program states no cutoff, which is known (a blank is not).
    said_none = _said_none(text) & ~unsafe if spec.none_value is not None else None
    # "not stated" in a cutoff: the program is silent, which rules no cutoff out: unknown, and flagged to ask.
    silent = _said_silent(text) & ~unsafe & ~blank if spec.none_value is not None else None
    usable = blank | unsafe if said_none is None else blank | unsafe | said_none
    if silent is not None:
        usable = usable | silent
    warning = ""
    if spec.kind == DATE:
        values, bad, reason, warning = _parse_dates(text.where(~usable, ""), usable, header, day_first=decimal_comma, counts=counts)
    elif spec.kind == INT:
        values, bad, reason = _parse_int(text.where(~usable, ""), usable, decimal_comma)
    else:
        values, bad, reason = _parse(spec, text.where(~usable, ""), usable)
    if unsafe.any():
        bad = bad | unsafe
        reason = reason.where(~unsafe, unsafe_reason)
        values = values.mask(unsafe)
    if silent is not None and silent.any():
        bad = bad | silent
        reason = reason.where(~silent, SILENT_CUTOFF_REASON)
        values = values.mask(silent)
    if said_none is not None and said_none.any():
        none = pd.Timestamp(str(spec.none_value)) if spec.kind == DATE else spec.none_value
        values = values.mask(said_none, none)
    read: dict[str, _Read] = {}
    start = 0
    bad_read = bad.to_numpy(dtype=bool)
    for name, piece in zip(names, pieces, strict=True):
        stop = start + len(piece)
        # The cells as read are kept only where a message or a warning needs them.
        keep_text = spec.kind == TAGS or bool(bad_read[start:stop].any())
        spread_by = cells[name][0]
        column = values.array[start:stop]
        read[name] = (
            # Spread over every cell here, so this too runs on every core.
            column if spread_by is None else column.take(spread_by),
            bad_read[start:stop],
            reason.to_numpy()[start:stop],
            text.iloc[start:stop] if keep_text else None,
            blank.iloc[start:stop],
        )
        start = stop
    return read, warning


def normalise(raw: pd.DataFrame, table: str, decimal_comma: bool = False, scanned: bool = False) -> Normalised:
    specs = {c.name: c for c in TABLES[table]}
    headers = [h for h in raw.columns if h != ROW_COLUMN]
    mapping, combined, extras, warnings = map_headers(headers, table)
    rows = raw[ROW_COLUMN].to_numpy() if ROW_COLUMN in raw else np.arange(2, 2 + len(raw))
    source: dict[str, pd.Series] = {}
    user_header: dict[str, str] = {}
    for header, target in mapping.items():
        source[target] = raw[header].astype(str)
        user_header[target] = header
        if target in EMPHASIS:
            source[target] = emphasis_marks(source[target])
    for header, (city_col, state_col) in combined.items():
        parts = city_and_state(raw[header].astype(str))
        if city_col not in source:
            source[city_col] = parts[0].str.strip()
            user_header[city_col] = header
        if state_col not in source:
            source[state_col] = parts[1].fillna("").str.strip()
            user_header[state_col] = header

    errors: list[pd.DataFrame] = []
    out: dict[str, pd.Series] = {}
    index = raw.index
    # Every rule reads one cell at a time (dates also count cells), and spreadsheets
    # repeat values: each distinct value is read once, then spread over its cells.
    cells: dict[str, tuple[np.ndarray | None, pd.Series]] = {}
    hashed: list[str] = []
    for name in specs:
        if name in source:
            # Hashing a column of names or ids costs more than it saves: its first rows give it away.
            probe = source[name].iloc[:PROBE_ROWS]
            if len(source[name]) > PROBE_ROWS and probe.nunique(dropna=False) * 2 > len(probe):
                cells[name] = (None, source[name].reset_index(drop=True))
            else:
                hashed.append(name)
    for name, (codes, distinct) in zip(hashed, _each(_factorize, [source[n] for n in hashed], len(raw)), strict=True):
        spread = len(distinct) * 2 <= len(codes)
        # The smallest integers that hold the codes: a wide sheet keeps every column's until its cells are read.
        small = codes.astype(np.min_scalar_type(len(distinct)))
        cells[name] = (small, pd.Series(distinct)) if spread else (None, source[name].reset_index(drop=True))
    # Columns read by the same rule are read in one pass: the cost of a pass is mostly
    # fixed, and a wide sheet has many yes/no and number columns. A column of mostly
    # distinct values is read alone, so no copy of it is made.
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in cells:
        kind = specs[name].kind
        # A cutoff is read alone: its `none` has a value of its own (Column.none_value).
        shared = kind in (TEXT, INT, YESNO, URL, STATE, REGION, DIVISION) and cells[name][0] is not None and specs[name].none_value is None
        groups.setdefault((kind, str(name in MULTILINE)) if shared else (name,), []).append(name)

    def read_group(names: list[str]) -> tuple[dict[str, _Read], str]:
        return _read_group(names, specs[names[0]], cells, user_header[names[0]], decimal_comma, scanned)

    read: dict[str, _Read] = {}
    for one_group, warning in _each(read_group, list(groups.values()), len(raw)):
        read.update(one_group)
        if warning:
            warnings.append(warning)
    for name, spec in specs.items():
        if name not in source:
            out[name] = _unknown_column(index, DTYPES[spec.kind])
            continue
        spread_by = cells[name][0]
        values_read, bad_read, reason_read, kept, blank = read.pop(name)
        bad_cells = bad_read if spread_by is None else bad_read[spread_by]
        if kept is not None and bad_cells.any():
            text = kept
            which = np.flatnonzero(bad_cells) if spread_by is None else spread_by[bad_cells]
            errors.append(
                pd.DataFrame(
                    {
                        "row": rows[bad_cells],
                        "column": user_header[name],
                        "value": _shown(text.iloc[which]) if spread_by is None else _shown(text)[which],
                        "reason": reason_read[which],
                    }
                )
            )
        out[name] = pd.Series(values_read, index=index)
        if spec.kind == TAGS and kept is not None:
            unknown = _unknown_tags(kept[~blank], spec)
            if unknown:
                warnings.append(f"Unknown {name} tags kept as written: {', '.join(sorted(unknown)[:10])}.")

    frame = pd.DataFrame(out, index=index)
    if table == "programs":
        errors.append(_strength_marks(raw, extras, frame, rows))
        errors.append(_odd_codes(frame, rows, user_header))
        errors.append(_years_for_a_cutoff(frame, rows, user_header, errors))
        _derive_geography(frame)
        if "program" in frame:
            _derive_program_ids(frame)
    for header in extras:
        text = raw[header].astype("string")
        if not scanned and text.str.contains("\r", regex=False).any():
            text = text.str.replace("\r\n", "\n", regex=False)
        unsafe, unsafe_reason = _cell_problems(text, multiline=True, scanned=scanned)
        if unsafe.any():
            errors.append(
                pd.DataFrame({"row": rows[unsafe.to_numpy()], "column": header, "value": _shown(text[unsafe]), "reason": unsafe_reason[unsafe].to_numpy()})
            )
        name = header
        if name in frame.columns:  # an extra column may not shadow a column the app computes
            name = f"{header} (your column)"
            warnings.append(f"Your column '{header}' has the name of a column the app fills itself; it is kept as '{name}'.")
        frame[name] = text.where(~unsafe & (text.str.strip() != ""))
    frame[ROW_COLUMN] = rows
    error_frame = pd.concat(errors, ignore_index=True) if errors else empty_errors()
    missing = [c.name for c in TABLES[table] if c.required and c.name not in source]
    for name in missing:
        warnings.insert(0, f"No `{name}` column was found. Columns seen: {', '.join(headers[:15])}.")
    return Normalised(frame, error_frame, warnings, user_header, extras)


def _unknown_column(index: pd.Index, dtype: str) -> pd.Series:
    """A column the file does not give: unknown in every cell. Text from Arrow's nulls: pandas
    makes a column of NA text through a Python object per cell, a millisecond a column."""
    if dtype == "string" and pd.StringDtype().storage == "pyarrow":
        return pd.Series(pd.array(pa.nulls(len(index), pa.large_string()), dtype="string"), index=index)
    # The same goes for the masked numbers and yes/no: built from their two arrays, a tenth of the time.
    if dtype == "Int64":
        return pd.Series(pd.arrays.IntegerArray(np.zeros(len(index), np.int64), np.ones(len(index), bool)), index=index, copy=False)
    if dtype == "boolean":
        return pd.Series(pd.arrays.BooleanArray(np.zeros(len(index), bool), np.ones(len(index), bool)), index=index, copy=False)
    return pd.Series(pd.NA, index=index, dtype=dtype)


def _parse(spec: Column, text: pd.Series, blank: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return typed values, a mask of unreadable cells, and a reason for each."""
    none_bad = pd.Series(False, index=text.index)
    kind = spec.kind
    if kind == TEXT:
        return text.astype("string").where(~blank), none_bad, pd.Series("", index=text.index)
    if kind == YESNO:
        low = text.str.lower()
        values = pd.Series(pd.NA, index=text.index, dtype="boolean")
        values[low.isin(YES)] = True
        values[low.isin(NO)] = False
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "expected yes or no (Y/N, true/false, 1/0 also work)")
    if kind == ENUM:
        # Unrecognised spellings are kept as typed so the schema rejects them by value.
        table = {fold(v): v for v in spec.allowed}
        table.update(spec.synonyms)
        # One lookup per distinct value (a handful): three pandas passes cost more than the column.
        values = per_distinct(text, lambda t: table.get(fold(t) or t.strip(), t)).where(~blank)
        return values, none_bad, _reason(text, "")
    if kind == STATE:
        values = per_distinct(text, lambda t: geography.STATE_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        said = "is not a US state, DC or PR (use a code like TX or a name like Texas)"
        reason = _reason(text, said).astype(object)
        if bad.any():  # a near miss ("Pennsylvnia") names the state it may mean
            reason[bad] = per_distinct(text[bad], lambda t: said + geography.state_hint(t)).astype(object)
        return values, bad, reason
    if kind == REGION:
        values = per_distinct(text, lambda t: geography.REGION_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "expected a Census region: " + ", ".join(geography.REGIONS))
    if kind == DIVISION:
        values = per_distinct(text, lambda t: geography.DIVISION_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "expected a Census division such as New England or Pacific")
    if kind == URL:
        ok = text.str.match(r"^[hH][tT][tT][pP][sS]?://[^\x00-\x20\x7f-\xa0<>\"']+$")
        values = text.astype("string").where(ok & ~blank)
        bad = ~ok & ~blank
        return values, bad, _reason(text, "only http:// or https:// web addresses are accepted")
    if kind == TAGS:
        values = per_distinct(text, _canonical_tags).where(~blank)
        return values, none_bad, pd.Series("", index=text.index)
    raise ValueError(f"unknown column kind {kind}")


def _parse_int(text: pd.Series, blank: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Whole numbers. Thousands separators are understood ("1,200"; "1.200" where the
    decimal mark is a comma), and "3,5" in a semicolon file is 3.5, not 35."""
    # Plain digits, by far the most common, are cast directly; only the rest are cleaned.
    simple = text.str.fullmatch("-?[0-9]{1,15}").fillna(False).to_numpy(dtype=bool)
    cleaned = text.where(simple | blank.to_numpy(dtype=bool), None)
    rest = ~simple & ~blank.to_numpy(dtype=bool)
    if rest.any():
        # Explicit character classes (no \\s or \\d) keep these on Arrow's vectorised regex engine.
        other = without_unit(text[rest]).str.replace("[ \t\u00a0\u202f']", "", regex=True)
        if decimal_comma:
            grouped = other.str.fullmatch(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]*)?").fillna(False)
            other = other.where(~grouped, other.str.replace(".", "", regex=False)).str.replace(",", ".", regex=False)
        else:
            grouped = other.str.fullmatch(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?").fillna(False)
            other = other.where(~grouped, other.str.replace(",", "", regex=False))
        cleaned[rest] = other.where(other.str.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)").fillna(False), None)
    cleaned = cleaned.where(~blank & cleaned.ne("").fillna(False), None)
    numbers = pd.Series(cleaned.astype("float64[pyarrow]").to_numpy(dtype="float64", na_value=np.nan), index=text.index)
    whole = pd.Series(np.isfinite(numbers) & (numbers == np.floor(numbers)) & (np.abs(numbers) < 2**53), index=text.index)
    values = numbers.where(whole).astype("Float64").round().astype("Int64")
    reason = _reason(text, "is not a whole number").where(~(np.isfinite(numbers) & (np.abs(numbers) >= 2**53)), "is far too large a number")
    return values, ~whole & ~blank, reason


# A number as a spreadsheet kept the guide's way writes it: "5 years", "220+", "≥ 220",
# "max 2 attempts". Only words that do not change the number are taken off; a bare "<" or ">"
# (is "<5" four or five?) is left, so the cell is flagged rather than guessed.
_UNIT = (
    "^(?i:(?:≥|>=|≤|<=|=|~|about |approx\\.? |at least |at most |min(?:imum)?\\.?:? |max(?:imum)?\\.?:? |up to |no more than )?)"
    "[ ]*([0-9][0-9,.]*)[ ]*"
    "(?i:\\+|or (?:more|higher|above|less|fewer|below))?[ ]*"
    "(?i:years?|yrs?\\.?|y|attempts?|tries|times|points?|pts?\\.?|positions?|spots?|residents?|imgs?|cohorts?)?[ ]*(?i:\\+|or (?:more|higher|above|less|fewer|below))?[ ]*$"
)


def without_unit(text: pd.Series) -> pd.Series:
    """The number of a cell that carries its unit or a word of comparison ("5 years" -> "5");
    any other cell as it was. Kept apart from the blank and cutoff words on purpose: what
    "none" or "no cutoff" means is decided where cutoffs are read."""
    text = text.astype(ARROW_TEXT)
    return text.str.replace(_UNIT, r"\1", regex=True)


# Emphasis columns the guide marks Y/N ("Pediatric focus: Y"): a mark means a strong emphasis
# or none, on the 1-5 scale (see the README's column reference).
EMPHASIS = {"peds_emphasis", "adult_emphasis"}
EMPHASIS_YES, EMPHASIS_NO = "5", "1"


def emphasis_marks(text: pd.Series) -> pd.Series:
    if not isinstance(text.dtype, pd.StringDtype):
        return _emphasis_marks(text)
    # Each distinct cell read once (a mark column holds a handful), then spread over its cells.
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    marked = _emphasis_marks(pd.Series(distinct, dtype=text.dtype))
    return pd.Series(marked.array.take(codes, allow_fill=True), index=text.index, name=text.name)


def _emphasis_marks(text: pd.Series) -> pd.Series:
    low = text.str.strip().str.lower()
    return text.where(~low.isin(YES - {"1"}), EMPHASIS_YES).where(~low.isin(NO - {"0"}), EMPHASIS_NO)


# Y/N columns the guide suggests for a subspecialty strength ("Cancer/genomics"): yes adds its tag.
STRENGTH_MARKS = {
    fold("Cancer/genomics"): "cancer",
    fold("Cancer genomics"): "cancer",
    fold("Cancer focus"): "cancer",
    fold("Metabolic focus"): "metabolic",
    fold("Prenatal focus"): "prenatal",
    fold("Neurogenetics focus"): "neurogenetics",
    fold("Cardiogenetics focus"): "cardiogenetics",
    fold("Laboratory focus"): "laboratory",
    fold("Lab focus"): "laboratory",
}


def _strength_marks(raw: pd.DataFrame, extras: list[str], frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Read the guide's Y/N strength columns into the strengths tags (the column itself stays,
    as the user's own); a cell that is neither Y nor N is returned as an error, to be flagged."""
    errors = []
    for header in extras:
        tag = STRENGTH_MARKS.get(fold(header))
        if tag is None:
            continue
        # Each distinct mark read once (a Y/N column holds a handful), then spread over its cells.
        codes, marks = pd.factorize(raw[header].astype(str), use_na_sentinel=False)
        low = pd.Series(marks, dtype="str").str.strip().str.lower()
        yes, no = low.isin(YES).to_numpy()[codes], low.isin(NO).to_numpy()[codes]
        odd = ~(yes | no | low.isin(UNKNOWN).to_numpy()[codes])
        if odd.any():
            errors.append(
                pd.DataFrame(
                    {
                        "row": rows[odd],
                        "column": header,
                        "value": _shown(raw[header][odd].astype(str)),
                        "reason": f"expected Y or N (a mark for the {tag} strength)",
                    }
                )
            )
        if not yes.any():
            continue
        strengths = frame["strengths"].astype("string")
        filled = strengths[yes].fillna("")  # only the programs marked Y change
        added = filled.where(filled.str.contains(tag, regex=False), filled + ";" + tag).str.strip(";")
        # N says only that this tag is not a strength: the others stay as they were (unknown when blank).
        strengths[yes] = added
        frame["strengths"] = strengths
    return pd.concat(errors, ignore_index=True) if errors else empty_errors()


def _odd_codes(frame: pd.DataFrame, rows: np.ndarray, headers: dict[str, str]) -> pd.DataFrame:
    """A directory code that is not of its form ("not-a-code" as an NRMP code) is flagged and
    becomes unknown here, before ids are made from the codes, so it never names a program (data.nrmp)."""
    errors = []
    for name, (_, reason) in nrmp.CHECKS.items():
        if name not in headers:
            continue
        odd = nrmp.not_codes(frame[name], name).to_numpy()
        if odd.any():
            errors.append(pd.DataFrame({"row": rows[odd], "column": headers[name], "value": _shown(frame[name][odd].astype("string")), "reason": reason}))
            frame[name] = frame[name].mask(odd)
        if name == "nrmp_code":  # 1716766c0 is 1716766C0: one program, one id
            lower = frame[name].str.contains("[a-z]", regex=True).fillna(False).to_numpy(dtype=bool)
            if lower.any():
                frame.loc[lower, name] = frame.loc[lower, name].str.upper()
    return pd.concat(errors, ignore_index=True) if errors else empty_errors()


# A four-digit year in the years-since-graduation cutoff ("2019", "YOG 2019 or later") is a year
# of graduation, not a number of years: said so, never read as 2019 years.
_A_YEAR = "(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)"
_YEAR_REASON = (
    "names a year ({year}), but this column is the number of years since graduation the program accepts "
    "(write 5 for five years, or none); the year is kept as you wrote it"
)


def _years_for_a_cutoff(frame: pd.DataFrame, rows: np.ndarray, headers: dict[str, str], errors: list[pd.DataFrame]) -> pd.DataFrame:
    """Flags (or re-words the flag of) a cutoff cell that gives a graduation year: whether the
    program counts from the Match, the start of training or the application is not said, so
    the number of years is not worked out from it."""
    name = "max_years_since_graduation"
    if name not in headers:
        return empty_errors()
    header = headers[name]
    # Cells already flagged (not a whole number): their reason names the year.
    for found in errors:
        if found.empty:
            continue
        here = found["column"].eq(header)
        if here.any():
            years = found.loc[here, "value"].astype("string").str.extract(_A_YEAR, expand=False)
            said = years.notna()
            if said.any():
                found.loc[years[said].index, "reason"] = [_YEAR_REASON.format(year=y) for y in years[said]]
    # Cells read as a number that is a year ("2019"): flagged here rather than as out of range.
    value = frame[name]
    year = ((value >= 1900) & (value <= 2100)).fillna(False).to_numpy(dtype=bool)  # its `none` (999) is no year
    if not year.any():
        return empty_errors()
    frame[name] = value.mask(year)
    shown = value[year].astype("Int64").astype(str)
    return pd.DataFrame({"row": rows[year], "column": header, "value": shown.to_numpy(dtype=object), "reason": [_YEAR_REASON.format(year=y) for y in shown]})


def city_and_state(cells: pd.Series) -> pd.DataFrame:
    """A `City, State` cell as two columns: "Boston, MA", "Boston, MA 02115", a lone state
    ("Indiana", "IN 46202") and "Boston MA" are all understood."""
    parts = cells.str.rsplit(",", n=1, expand=True)
    if parts.shape[1] == 1:
        parts[1] = ""
    parts[1] = parts[1].fillna("").str.strip().str.replace("[ ]+[0-9]{5}(-[0-9]{4})?$", "", regex=True)
    alone = parts[1].eq("") & parts[0].notna()
    if alone.any():
        whole = parts[0][alone].str.strip().str.replace("[ ]+[0-9]{5}(-[0-9]{4})?$", "", regex=True)
        is_state = per_distinct(whole, lambda t: geography.STATE_LOOKUP.get(fold(t))).notna()
        # "Boston MA": a two-letter code after the city, without the comma.
        tail = whole.str.extract("^(.*[^ ])[ ]+([A-Z]{2})$")
        coded = ~is_state & tail[1].notna() & per_distinct(tail[1].fillna(""), lambda t: geography.STATE_LOOKUP.get(fold(t))).notna()
        state = whole.where(is_state, tail[1].where(coded, ""))
        city = parts[0][alone].where(~is_state, "").where(~coded, tail[0])
        parts.loc[alone, 1] = state
        parts.loc[alone, 0] = city
    return parts


MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# [0-9] and [ ] rather than \\d and \\s, so Arrow's regex engine can run these.
_ISO = r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)? *(?P<tz>Z|[+-][0-9]{2}:?[0-9]{2}|UTC|GMT)?"
_NUMERIC = r"(?P<a>[0-9]{1,2})[/.-](?P<b>[0-9]{1,2})[/.-](?P<y>[0-9]{4}|[0-9]{2})"
_DAY_NAMED = r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?[ ./-]+(?P<mon>[A-Za-z]{3,9})\.?,?[ ./-]+(?P<y>[0-9]{4})"
_NAMED_DAY = r"(?P<mon>[A-Za-z]{3,9})\.?[ ./-]+(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?[ ./-]+(?P<y>[0-9]{4})"
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """Named groups of a whole-cell match with Arrow's regex engine (pandas' str.extract
    runs Python per cell); a cell that does not match has NA in every group."""
    array = pa.array(text.astype(ARROW_TEXT).array)
    found = pc.extract_regex(array, f"^(?:{pattern})$")
    if isinstance(found, pa.ChunkedArray):
        found = found.combine_chunks()
    matched = found.is_valid()
    names = [found.type.field(i).name for i in range(found.type.num_fields)]
    return pd.DataFrame({n: pd.Series(pc.if_else(matched, found.field(n), None), index=text.index, dtype=ARROW_TEXT) for n in names}, index=text.index)


def _parse_dates(
    text: pd.Series, blank: pd.Series, header: str, day_first: bool = False, counts: np.ndarray | None = None
) -> tuple[pd.Series, pd.Series, pd.Series, str]:
    """Dates in the forms people type, read the same way for the whole column.

    A numeric date such as 05/01/2025 is read day-first or month-first for the
    column as a whole, decided by the cells that can only be read one way; when
    none can, the column is read month-first (day-first in a semicolon file)
    and a warning says so. A time zone, a year outside 1900 to 2100, a date
    without a year ("Jan-25") or an impossible day rejects the cell.
    counts: how many cells hold each value, when text holds each value once.
    """
    index = text.index
    # Worked on as numpy arrays: a masked assignment to a pandas Series costs more than the
    # column's whole parse, and a sheet has several date columns.
    year, month, day = np.full(len(text), np.nan), np.full(len(text), np.nan), np.full(len(text), np.nan)
    reason = np.full(len(text), "is not a full date with day, month and year (use YYYY-MM-DD)", dtype=object)
    blank_at = blank.to_numpy(dtype=bool)
    todo = ~blank_at
    iso = _extract(text.where(todo), _ISO)
    hit = iso["y"].notna().to_numpy(dtype=bool)
    year[hit], month[hit], day[hit] = _floats(iso["y"], hit), _floats(iso["m"], hit), _floats(iso["d"], hit)
    zoned = hit & iso["tz"].fillna("").ne("").to_numpy(dtype=bool)
    todo &= ~hit
    warning = ""
    conflict = np.zeros(len(text), dtype=bool)
    # Each further form is tried only on the cells still unread: a column written as
    # YYYY-MM-DD (every export of ours) is read by the first pattern alone.
    numeric = _extract(text.where(todo), _NUMERIC) if todo.any() else None
    hit = numeric["y"].notna().to_numpy(dtype=bool) if numeric is not None else np.zeros(len(text), dtype=bool)
    if numeric is not None and hit.any():
        at = np.flatnonzero(hit)
        a, b = _floats(numeric["a"], hit), _floats(numeric["b"], hit)
        says_day_first, says_month_first = a > 12, b > 12
        if says_day_first.any() or says_month_first.any():
            weight = np.ones(len(text), dtype=np.int64) if counts is None else counts
            day_first = int(weight[at[says_day_first]].sum()) > int(weight[at[says_month_first]].sum())
            against = says_month_first if day_first else says_day_first
            conflict[at[against]] = True
        elif (a != b).any():
            example = text.iloc[at[np.flatnonzero(a != b)[0]]]
            order = "day/month/year" if day_first else "month/day/year"
            warning = (
                f"Dates in column '{header}' such as '{example}' could be read day-first or month-first; "
                f"the whole column was read as {order}. Write them as YYYY-MM-DD to be sure."
            )
        years = _floats(numeric["y"], hit)
        year[hit] = np.where(years >= 100, years, years + 2000)
        short = (numeric["y"][hit].str.len() == 2).to_numpy(dtype=bool)
        if short.any():
            first_short = at[np.flatnonzero(short)[0]]
            example = text.iloc[first_short]
            # Said, not guessed silently: 12/31/99 is read as 2099, which may not be what was meant.
            warning = (warning + " " if warning else "") + (
                f"Dates in column '{header}' such as '{example}' have a two-digit year, read as 20__ "
                f"('{example}' as {int(year[first_short])}). Write the year in full if that is wrong."
            )
        day[hit], month[hit] = (a, b) if day_first else (b, a)
    todo &= ~hit
    for pattern in (_DAY_NAMED, _NAMED_DAY):
        if not todo.any():
            break
        named = _extract(text.where(todo), pattern)
        mon = named["mon"].str.lower().map(MONTHS)
        hit = (named["y"].notna() & mon.notna()).to_numpy(dtype=bool)
        year[hit], month[hit], day[hit] = _floats(named["y"], hit), mon[hit].to_numpy(dtype=float), _floats(named["d"], hit)
        todo &= ~hit
    has_year = ~np.isnan(year)
    out_of_range = has_year & ((year < FIRST_YEAR) | (year > LAST_YEAR))
    built = _assemble(year, month, day, has_year & ~out_of_range)
    values = pd.Series(built, index=index).where(~zoned & ~conflict & ~blank_at)
    impossible = has_year & ~out_of_range & np.isnat(built)
    reason[impossible] = "is not a real date (no such day in that month)"
    reason[out_of_range] = f"is outside the years {FIRST_YEAR} to {LAST_YEAR}"
    reason[zoned] = "has a time or time zone attached; write the date alone, as YYYY-MM-DD"
    reason[conflict] = f"cannot be read the way the other dates in this column are ({'day/month/year' if day_first else 'month/day/year'}); use YYYY-MM-DD"
    bad = values.isna() & ~blank
    return values, bad, pd.Series(reason, index=index, dtype=object), warning


def _floats(digits: pd.Series, where: np.ndarray) -> np.ndarray:
    """The numbers a regex group matched (digits only), at the positions where says."""
    return digits[where].astype("float64").to_numpy(dtype=float)


def _assemble(year: np.ndarray, month: np.ndarray, day: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Dates from their parts, NaT where ok is False or no such day exists (31 April, 29
    February of a common year, a month 13): what pandas.to_datetime of the parts gives, in numpy."""
    out = np.full(len(year), np.datetime64("NaT"), dtype="datetime64[ns]")
    valid = ok & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
    if not valid.any():
        return out
    y, m, d = year[valid].astype(np.int64), month[valid].astype(np.int64), day[valid].astype(np.int64)
    first = ((y - 1970) * 12 + (m - 1)).astype("datetime64[M]")
    dates = first.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
    real = dates.astype("datetime64[M]") == first  # a day past the month's end would roll into the next
    out[np.flatnonzero(valid)[real]] = dates[real].astype("datetime64[ns]")
    return out


def _said_none(text: pd.Series) -> pd.Series:
    """Cells that say the program states no cutoff ("none", "No cutoff", "no limit")."""
    folded = text.str.lower().str.replace("[^0-9a-z]+", "", regex=True)
    return folded.isin(NO_CUTOFF_WORDS) & folded.ne("")


def _said_silent(text: pd.Series) -> pd.Series:
    """Cells that say the program is silent on a cutoff ("not stated", "None listed", "unclear")."""
    folded = text.str.lower().str.replace("[^0-9a-z]+", "", regex=True)
    return folded.str.startswith(SILENT_CUTOFF_WORDS).fillna(False).astype(bool)


def per_distinct(text: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """fn applied once per distinct cell value: spreadsheets repeat values, and a
    Python call per row is the slow part of normalising 10,000 rows."""
    positions, distinct = pd.factorize(text, use_na_sentinel=True)
    mapped = pd.array([fn(v) for v in distinct] + [None], dtype="string")
    return pd.Series(mapped[positions], index=text.index)


def _reason(text: pd.Series, reason: str) -> pd.Series:
    return pd.Series(reason, index=text.index)


def _canonical_tags(text: str) -> str:
    tags = [re.sub(r"[\s_]+", "-", t.strip().lower()) for t in re.split(r"[;,]", text)]
    seen: dict[str, None] = {}
    for tag in tags:
        if tag:
            seen.setdefault(tag, None)
    return ";".join(seen)


def _unknown_tags(text: pd.Series, spec: Column) -> set[str]:
    found: set[str] = set()
    for value in per_distinct(text, _canonical_tags).dropna().unique():
        found.update(t for t in value.split(";") if t)
    return found - set(spec.allowed)


STATE_DIVISION = {code: info[1] for code, info in geography.STATES.items()}


def _derive_geography(frame: pd.DataFrame) -> None:
    # One pass over the states: each distinct state's division and region, spread over its cells.
    positions, states = pd.factorize(frame["state"], use_na_sentinel=True)
    divisions = [STATE_DIVISION.get(v) for v in states]
    regions = [None if d is None else geography.DIVISION_REGION.get(d) for d in divisions]
    division = pd.Series(pd.array([*divisions, None], dtype="string")[positions], index=frame.index)
    region = pd.Series(pd.array([*regions, None], dtype="string")[positions], index=frame.index)
    frame["division"] = frame["division"].fillna(division)
    frame["region"] = frame["region"].fillna(region)


def derive_program_id(program: object, institution: object, state: object) -> str:
    # Compared as names are (data.names): one name written two ways is one program.
    parts = "|".join(name_key(v) or "" for v in (program, institution, state))
    return "p-" + hashlib.sha1(parts.encode("utf-8")).hexdigest()[:10]


def _derive_program_ids(frame: pd.DataFrame) -> None:
    # A directory's own code names one program (one position type of it) for good: the NRMP
    # code first (a program's categorical and preliminary positions share a name and an
    # institution, not a code), then the ACGME id.
    for code in ("nrmp_code", "acgme_id"):
        if code in frame:
            given = frame["program_id"].isna() & frame[code].notna() & frame["program"].notna()
            if given.any():
                frame.loc[given, "program_id"] = frame.loc[given, code].str.strip()
    missing = frame["program_id"].isna() & frame["program"].notna()
    if missing.any():
        frame.loc[missing, "program_id"] = derive_program_ids(frame.loc[missing, "program"], frame.loc[missing, "institution"], frame.loc[missing, "state"])


def derive_program_ids(program: pd.Series, institution: pd.Series, state: pd.Series) -> np.ndarray:
    """derive_program_id for columns: the names folded in Arrow (name_keys), joined in Arrow;
    only the hash is taken cell by cell (a user's sheet gives no ids: 100,000 of them)."""
    keys = [_distinct_name_keys(part) for part in (program, institution, state)]
    joined = pc.binary_join_element_wise(*keys, pa.scalar("|", pa.large_string())).cast(pa.large_binary()).to_pylist()  # UTF-8 bytes
    sha1 = hashlib.sha1
    return np.asarray(["p-" + sha1(text).hexdigest()[:10] for text in joined], dtype=object)


def _distinct_name_keys(names: pd.Series) -> pa.Array:
    """name_keys of a column, blank as "", as Arrow text: each distinct name folded once and
    spread over its cells (most programs share a name, and a state is one of 56)."""
    encoded = pa.array(names.astype("string").array).dictionary_encode()
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    folded = name_keys(pd.Series(pd.array(encoded.dictionary, dtype="string"))).fillna("")
    keys = pa.array(folded.array).cast(pa.large_string())
    # A blank cell has no index: fill_null after the take keeps it "" as before.
    return pc.fill_null(keys.take(encoded.indices), pa.scalar("", pa.large_string()))
