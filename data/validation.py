"""Validate a normalised table with its pandera schema and split it into the
rows that load and the rows that are rejected, each rejection explained."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from data import flags
from data.columns import ENUM, INT, TABLES, Column, by_name
from data.export import unneutralise
from data.names import name_keys
from data.normalise import ERROR_COLUMNS, Normalised, empty_errors, normalise
from data.readers import ROW_COLUMN, RawTable, ReadError, read_bytes, read_path


@dataclass
class Loaded:
    table: str
    valid: pd.DataFrame  # typed rows that passed, without ROW_COLUMN
    errors: pd.DataFrame  # one row per rejected cell: row, column, value, reason
    rejected: pd.DataFrame  # the rejected rows as the user wrote them, with their row number
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    # The columns the file itself gave (its own extra columns included, and what the app
    # derives from them): a merge changes only these.
    supplied: list[str] = field(default_factory=list)
    # Cells that could not be read in rows that load (programs only): row, column, value, reason.
    # Their text is kept as written in the valid rows' flags column (data.flags).
    flagged: pd.DataFrame = field(default_factory=empty_errors)

    @property
    def flagged_programs(self) -> int:
        return int(self.flagged["row"].nunique()) if not self.flagged.empty else 0

    @property
    def summary(self) -> str:
        flagged = f" ({self.flagged_programs:,} with cells to look at)" if self.flagged_programs else ""
        return f"{len(self.valid):,} valid{flagged}, {len(self.rejected):,} rejected"


def load_bytes(content: bytes, filename: str, table: str = "programs", sheet: str | None = None) -> Loaded:
    raw = read_bytes(content, filename, sheet=sheet)
    return validate(raw, table, source=filename)


def load_path(path: str | Path, table: str = "programs", sheet: str | None = None) -> Loaded:
    raw = read_path(path, sheet=sheet)
    return validate(raw, table, source=Path(path).name)


# The rejected-rows download starts with these two columns of ours.
REJECTED_ROW, REJECTED_PROBLEMS = "row", "problems"


def _without_our_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """A rejected-rows file given back (its cells fixed) without our row and problems
    columns: they describe the old file, and would otherwise load as columns of the user's."""
    headers = [str(h).strip().lower() for h in frame.columns if h != ROW_COLUMN]
    # The reader renames a first column headed "row" (the app's own name) to "row (column A)".
    if headers[:2] in ([REJECTED_ROW, REJECTED_PROBLEMS], [f"{REJECTED_ROW} (column a)", REJECTED_PROBLEMS]):
        ours = [h for h in frame.columns if h != ROW_COLUMN][:2]
        return frame.drop(columns=ours), "This is a rejected-rows file: its row and problems columns are left out."
    # The app's own export lists the cells it could not read in a problems column; the cells
    # themselves are kept as written, so the list is worked out again from them.
    ours = [h for h in frame.columns if h == flags.PROBLEMS and flags.looks_like_problems(frame[h])]
    if ours:
        return frame.drop(columns=ours), "The 'problems' column lists cells the app could not read; it is worked out again from the cells, so it is not loaded."
    return frame, None


def _free(name: str, taken: Sequence[object]) -> str:
    """`name`, or a variant no column of the user's has."""
    while name in taken:
        name += " (Residency Scout)"
    return name


def validate(raw: RawTable | pd.DataFrame, table: str, source: str = "") -> Loaded:
    frame = raw.frame if isinstance(raw, RawTable) else raw
    frame, note = _without_our_columns(frame)
    decimal_comma, scanned = (raw.decimal_comma, raw.scanned) if isinstance(raw, RawTable) else (False, False)
    norm = normalise(frame, table, decimal_comma=decimal_comma, scanned=scanned)
    if note:
        norm.warnings.insert(0, note)
    missing = [c.name for c in TABLES[table] if c.required and c.name not in norm.headers]
    if missing:
        # Each header quoted: a header such as "City, State" would otherwise read as two.
        seen = ", ".join(f"'{h}'" for h in frame.columns if h != ROW_COLUMN)
        where = f"{source or 'The file'}" + (f" (sheet '{raw.sheet}')" if isinstance(raw, RawTable) and raw.sheet else "")
        # The likeliest fix first: a header that holds the column under another name.
        rename = f" If one of them holds it, rename that header to '{missing[0]}'."
        if isinstance(raw, RawTable) and len(raw.sheets) > 1:
            rename += f" If it is on another sheet, pick that sheet: the workbook's sheets are {', '.join(repr(s) for s in raw.sheets)}."
        raise ReadError(f"{where} has no {_column_words(table, missing[0])}. Columns found: {seen[:400]}.{rename}")
    if isinstance(raw, RawTable):
        # With our row column left out, the reader's note on renaming it says nothing useful.
        norm.warnings[:0] = [w for w in raw.warnings if not (note and w.startswith("Column A is headed 'row'"))]
    repeated = _repeated_ids(norm, table)  # worked out once for the schema and the table rule
    errors = [norm.errors, _schema_errors(norm, table, repeated), _table_rules(norm, table, repeated)]
    if isinstance(raw, RawTable) and not raw.row_errors.empty:
        errors.append(raw.row_errors)
    all_errors = pd.concat([e for e in errors if not e.empty], ignore_index=True) if any(not e.empty for e in errors) else empty_errors()
    all_errors = all_errors.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    flagged = empty_errors()
    if table == "programs":
        all_errors, flagged = _flag_cells(norm, frame, all_errors)
    bad_rows = set(all_errors["row"].tolist())
    is_bad = norm.frame[ROW_COLUMN].isin(bad_rows)
    # Filtering copies every column; with nothing to filter, keep the frame as it is.
    valid = (norm.frame[~is_bad] if is_bad.any() else norm.frame).drop(columns=ROW_COLUMN).reset_index(drop=True)
    # A column of the user's may already be called row or problems: ours never takes its place.
    row_name, problems_name = _free(REJECTED_ROW, list(frame.columns)), _free(REJECTED_PROBLEMS, list(frame.columns))
    rejected = frame[frame[ROW_COLUMN].isin(bad_rows)].rename(columns={ROW_COLUMN: row_name}).reset_index(drop=True)
    # Each problem names its column, so the downloaded rows say which cell to fix.
    named = all_errors["column"].astype(str) + ": " + all_errors["reason"].astype(str)
    reasons = named.groupby(all_errors["row"]).agg(lambda r: "; ".join(dict.fromkeys(r)))
    rejected.insert(1, problems_name, rejected[row_name].map(reasons))
    known = {c.name for c in TABLES[table]}
    supplied = [*norm.headers, *(c for c in valid.columns if c not in known)]
    if table == "programs":
        supplied += [c for c, basis in (("region", "state"), ("division", "state")) if basis in norm.headers]
    if table == "programs":
        supplied.append(flags.FLAGS)  # a merge replaces a program's flags with the file's
    return Loaded(table, valid, all_errors, rejected, norm.warnings, source, supplied=list(dict.fromkeys(supplied)), flagged=flagged)


def _flag_cells(norm: Normalised, raw: pd.DataFrame, errors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a programs file's problems into those that keep a row out (a missing or unreadable
    name or state, a program listed twice, a row wider than its header) and cells to flag.
    A flagged cell's value becomes unknown in norm.frame, and its text as written goes into the
    flags column; returns (errors that reject rows, flagged cells)."""
    frame = norm.frame
    frame[flags.FLAGS] = pd.Series(pd.NA, index=frame.index, dtype="string")
    if errors.empty:
        return errors, empty_errors()
    row_level = {norm.headers.get(name, name) for name in ("program", "state", "program_id")} | {"program_id", "(whole row)"}
    keeps_out = errors["column"].isin(row_level) | errors["reason"].astype(str).str.endswith(ONE_CODE)  # a repeated code is a repeated id
    out_rows = set(errors.loc[keeps_out, "row"])
    cell = ~keeps_out & ~errors["row"].isin(out_rows)
    if not cell.any():
        return errors, empty_errors()
    flagged = errors[cell].reset_index(drop=True)
    # Column by column, never cell by cell: a user's sheet can flag thousands of cells.
    name_of = {header: name for name, header in norm.headers.items()}
    headers = flagged["column"].astype(object)
    names = headers.map(lambda h: name_of.get(h, h))
    at_raw = pd.Index(raw[ROW_COLUMN]).get_indexer(flagged["row"])
    written = np.full(len(flagged), "", dtype=object)
    for header, where in headers.groupby(headers, sort=False).indices.items():
        if header in raw.columns:
            written[where] = raw[header].iloc[at_raw[where]].astype(object).to_numpy()
    text = pd.Series(written, dtype="string").fillna("")
    quoted = text.str.contains("'", regex=False).to_numpy(dtype=bool)
    if quoted.any():  # our own export's guard against formulas (also after a line break)
        text[quoted] = unneutralise(text[quoted])
    cells = pd.DataFrame({"row": flagged["row"].astype(int).to_numpy(), "name": names.to_numpy(), "value": text.to_numpy(dtype=object)})
    cells["reason"], cells["header"] = flagged["reason"].astype(str).to_numpy(), headers.astype(str).to_numpy()
    twice = cells.duplicated(["row", "name"]).to_numpy()
    if twice.any():  # two problems with one cell: both reasons, the first cell's text and header
        reasons = cells.groupby(["row", "name"], sort=False)["reason"].agg("; ".join)
        cells = cells[~twice].reset_index(drop=True)
        cells["reason"] = reasons.loc[list(zip(cells["row"], cells["name"], strict=True))].to_numpy()
    positions = pd.Index(frame[ROW_COLUMN]).get_indexer(cells["row"])
    for name, where in cells.groupby("name", sort=False).indices.items():
        if name in frame.columns and name != flags.FLAGS:
            mask = np.zeros(len(frame), dtype=bool)
            mask[positions[where]] = True
            frame[name] = frame[name].mask(mask)
    encoded = flags.encode_cells(cells)
    column = pd.Series(pd.NA, index=frame.index, dtype="string")
    column.iloc[pd.Index(frame[ROW_COLUMN]).get_indexer(encoded.index)] = encoded.to_numpy()
    frame[flags.FLAGS] = column
    return errors[~cell].reset_index(drop=True), flagged


# The end of the reason a row whose directory code (its id) an earlier row has is refused with.
ONE_CODE = "a code names one program (one position type of it): list it once"


def _column_words(table: str, name: str) -> str:
    """A required column in the user's words: 'program' column (a header such as 'Program name' or 'Name')."""
    spec = by_name(table)[name]
    others = [a for a in spec.aliases if a.lower() != name.lower()][:2]
    return f"'{name}' column" + (f" (or a header such as {' or '.join(repr(a) for a in others)})" if others else "")


def _repeated_ids(norm: Normalised, table: str) -> np.ndarray | None:
    """Rows whose program id an earlier row has: the table rule reports them, the schema skips them."""
    return norm.frame["program_id"].duplicated(keep="first").to_numpy() if table == "programs" else None


def _schema_errors(norm: Normalised, table: str, repeated: np.ndarray | None = None) -> pd.DataFrame:
    # Imported at first use, so `cli.py check` can import pandera (a fifth of a second,
    # mostly Python) while Arrow reads the file with the interpreter lock released.
    import pandera.pandas as pa

    from data.schemas import SCHEMAS

    # Only the schema's columns: the user's extra columns need not be copied to be checked.
    frame = norm.frame[[c.name for c in TABLES[table]] + [ROW_COLUMN]]
    repeated = _repeated_ids(norm, table) if repeated is None else repeated
    if repeated is not None:
        # Later duplicates are reported by _table_rules; keep the first for the schema.
        later = repeated & frame["program_id"].notna().to_numpy()
        if later.any():  # a filter copies every column
            frame = frame[~later]
    schema = SCHEMAS[table].to_schema()
    # A column unknown in every cell (on a user's sheet most of the contract's 65: the file
    # does not give them) holds no value a check could refuse, and is not required: pandera's
    # fixed cost per column (about a millisecond) is a tenth of checking 10,000 programs.
    # Every column holding a value is checked, as is every column that may not be blank.
    # (Asked of each column's array: a Series' notna builds a Series per column, 64 of them.)
    unknown = [name for name, column in schema.columns.items() if column.nullable and name in frame and frame[name].array.isna().all()]
    if unknown:
        # pandera's remove_columns deep-copies every column's checks first; the schema is only
        # read here, so a copy of it holding the other columns (the same objects) does as well.
        kept = copy.copy(schema)
        kept.columns = {name: column for name, column in schema.columns.items() if name not in unknown}
        schema = kept
        frame = frame.drop(columns=unknown)
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        whole_column = cases[cases["index"].isna()]
        if not whole_column.empty:
            # A whole column failing means normalising produced the wrong type: our bug, not the user's.
            raise RuntimeError(f"schema check failed on whole columns: {whole_column[['column', 'check']].to_dict('records')}") from exc
        cases = cases[cases["column"].notna()]
        specs = by_name(table)
        rows = frame[ROW_COLUMN]
        # Each failure's row found by position, all at once: a label lookup per failure (a
        # user's sheet fails thousands of cells on one rule) cost more than the validation.
        if rows.index.is_unique:
            at = rows.index.get_indexer(pd.Index(cases["index"]))
            row_of = [int(r) for r in rows.to_numpy()[at]]
        else:
            row_of = [int(rows.loc[index]) for index in cases["index"]]
        # As Python lists first: iterating an Arrow-backed column makes one Arrow scalar per cell.
        columns, checks = cases["column"].tolist(), cases["check"].tolist()
        failed = cases["failure_case"]
        values = failed.tolist() if isinstance(failed.dtype, pd.StringDtype) else list(failed)
        # A reason per rule, worked out once (a rule fails many cells in the same words).
        said = {(c, k): _plain_reason(specs.get(c), str(k)) for c, k in dict.fromkeys(zip(columns, checks, strict=True))}
        records = [
            {
                "row": row,
                "column": norm.headers.get(column, column),
                "value": "" if pd.isna(value) else str(value)[:80],
                "reason": said[column, check],
            }
            for column, check, value, row in zip(columns, checks, values, row_of, strict=True)
        ]
        found = pd.DataFrame(records, columns=ERROR_COLUMNS)
        # A cell that failed to parse is NA by now; do not also call it "required".
        parsed = set(zip(norm.errors["row"].tolist(), norm.errors["column"].tolist(), strict=True))
        keep = [(r, c) not in parsed for r, c in zip(found["row"].tolist(), found["column"].tolist(), strict=True)]
        found = found[keep]
        if table == "programs":
            # program_id is derived from the name; without a usable name only the name is the problem
            # (the name may have been refused by the schema or, before it, when it was read).
            name_header = norm.headers.get("program", "program")
            no_name = set(found.loc[found["column"] == name_header, "row"]) | set(norm.errors.loc[norm.errors["column"] == name_header, "row"])
            found = found[~((found["column"] == "program_id") & found["row"].isin(no_name))]
        return found.reset_index(drop=True)
    return empty_errors()


# Where a column's words are easy to guess wrong, the reason says what is read and what is not.
ENUM_HINTS = {
    "h1b": " (case by case is read as considered; a word that names no policy, such as maybe, is not guessed)",
}


def _plain_reason(spec: Column | None, check: str) -> str:
    if check == "not_nullable" or check.startswith("str_length"):
        return "is required"
    if spec is None:
        return check
    if check.startswith("field_uniqueness"):
        return "appears more than once"
    if (check.startswith("isin") and spec.kind != INT) or spec.kind == ENUM:
        return "expected one of: " + ", ".join(spec.allowed) + ENUM_HINTS.get(spec.name, "")
    if spec.kind == INT:
        if spec.min is not None and spec.max is not None:
            return f"must be a whole number from {spec.min} to {spec.max}" + (", or none" if spec.none_value is not None else "")
        if spec.min is not None:
            return f"must be a whole number of at least {spec.min}"
        return f"must be a whole number of at most {spec.max}"
    return check


def _table_rules(norm: Normalised, table: str, repeated: np.ndarray | None = None) -> pd.DataFrame:
    frame = norm.frame
    records: list[dict[str, object]] = []
    repeated = _repeated_ids(norm, table) if repeated is None else repeated
    if repeated is not None and repeated.any():
        ids = frame["program_id"]
        dup = repeated & ids.notna().to_numpy()
        first_row = frame.loc[~repeated, ["program_id", ROW_COLUMN]].set_index("program_id")[ROW_COLUMN]
        own_ids = "program_id" in norm.headers
        # A row without its own id takes a directory's code as its id (data.normalise): a repeated code says so.
        codes = [(c, norm.headers[c], frame.loc[dup, c].astype("string").str.strip().tolist()) for c in ("nrmp_code", "acgme_id") if c in norm.headers]
        for i, (pid, row, name) in enumerate(zip(ids[dup], frame.loc[dup, ROW_COLUMN], frame.loc[dup, "program"], strict=True)):
            # A blank code (NA) is no code: comparing it would be NA, neither true nor false.
            code = next(((c, h) for c, h, given in codes if pd.notna(given[i]) and given[i] == pid), None)
            if code is not None:
                records.append(
                    {
                        "row": int(row),
                        "column": code[1],
                        "value": str(pid),
                        "reason": f"the same {'NRMP code' if code[0] == 'nrmp_code' else 'ACGME id'} as row {int(first_row[pid])}; {ONE_CODE}",
                    }
                )
            elif own_ids:
                records.append(
                    {
                        "row": int(row),
                        "column": norm.headers["program_id"],
                        "value": str(pid),
                        "reason": f"the same program id as row {int(first_row[pid])}; ids must be unique",
                    }
                )
            else:
                # The app made the id from the name, institution and state: say it in those terms.
                records.append(
                    {
                        "row": int(row),
                        "column": norm.headers.get("program", "program"),
                        "value": "" if pd.isna(name) else str(name)[:80],
                        "reason": f"the same program, institution and state as row {int(first_row[pid])}; list each program once, "
                        "or tell them apart in the institution column",
                    }
                )
    if table == "contacts":
        neither = frame["program_id"].isna() & frame["program"].isna()
        for row in frame.loc[neither, ROW_COLUMN]:
            records.append({"row": int(row), "column": "program_id", "value": "", "reason": "give the program id or the program name"})
        # A rated reply without its date would count as no reply at all (and be chased as one).
        replied = norm.headers.get("replied_on", "replied_on")
        unreadable = set(norm.errors.loc[norm.errors["column"] == replied, "row"])
        # (Only where the file has the column: a log without reply dates is not wrong row by row.)
        rated = frame["reply_quality"].notna() & frame["replied_on"].isna() & ~frame[ROW_COLUMN].isin(unreadable) & ("replied_on" in norm.headers)
        for row in frame.loc[rated, ROW_COLUMN]:
            records.append(
                {"row": int(row), "column": replied, "value": "", "reason": "is blank, but the reply is rated: give the date it came, or clear its rating"}
            )
        early = (frame["replied_on"] < frame["sent_on"]).fillna(False)
        for row, value in zip(frame.loc[early, ROW_COLUMN], frame.loc[early, "replied_on"], strict=True):
            records.append(
                {
                    "row": int(row),
                    "column": norm.headers.get("replied_on", "replied_on"),
                    "value": str(value.date()),
                    "reason": "is before the date it was sent",
                }
            )
    if table == "applications":
        neither = frame["program_id"].isna() & frame["program"].isna()
        for row in frame.loc[neither, ROW_COLUMN]:
            records.append({"row": int(row), "column": "program_id", "value": "", "reason": "give the program id or the program name"})
        key = frame["program_id"].fillna(name_keys(frame["program"]))
        first = dict(zip(key[~key.duplicated()], frame.loc[~key.duplicated(), ROW_COLUMN], strict=True))
        for value, row, name in zip(
            key[key.duplicated() & key.notna()],
            frame.loc[key.duplicated() & key.notna(), ROW_COLUMN],
            frame.loc[key.duplicated() & key.notna(), "program"],
            strict=True,
        ):
            shown = value if pd.isna(name) else name
            records.append(
                {"row": int(row), "column": "program", "value": str(shown), "reason": f"the same program as row {int(first[value])}; one row per program"}
            )
    return pd.DataFrame(records, columns=ERROR_COLUMNS) if records else empty_errors()


def validate_edited(frame: pd.DataFrame, table: str, source: str) -> Loaded:
    """Validate a table as the user edited it on screen; rows are numbered as shown (from 1)."""
    raw = frame.astype(object).where(frame.notna(), "").astype(str)
    raw.insert(0, ROW_COLUMN, range(1, len(raw) + 1))
    return validate(raw, table, source=source)
