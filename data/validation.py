"""Validate a normalised table against the data contract (the checks of its pandera
schema) and split it into the rows that load and the rows that are rejected, each
rejection explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from data.columns import DATE, ENUM, INT, STATE, TABLES, TEXT, YESNO, Column, by_name
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

    @property
    def summary(self) -> str:
        return f"{len(self.valid):,} valid, {len(self.rejected):,} rejected"


def load_bytes(content: bytes, filename: str, table: str = "programs", sheet: str | None = None) -> Loaded:
    raw = read_bytes(content, filename, sheet=sheet)
    return validate(raw, table, source=filename)


def load_path(path: str | Path, table: str = "programs", sheet: str | None = None) -> Loaded:
    raw = read_path(path, sheet=sheet)
    return validate(raw, table, source=Path(path).name)


def validate(raw: RawTable | pd.DataFrame, table: str, source: str = "") -> Loaded:
    frame = raw.frame if isinstance(raw, RawTable) else raw
    decimal_comma, scanned = (raw.decimal_comma, raw.scanned) if isinstance(raw, RawTable) else (False, False)
    norm = normalise(frame, table, decimal_comma=decimal_comma, scanned=scanned)
    missing = [c.name for c in TABLES[table] if c.required and c.name not in norm.headers]
    if missing:
        seen = ", ".join(str(h) for h in frame.columns if h != ROW_COLUMN)
        where = f"{source or 'The file'}" + (f" (sheet '{raw.sheet}')" if isinstance(raw, RawTable) and raw.sheet else "")
        sheets = ""
        if isinstance(raw, RawTable) and len(raw.sheets) > 1:
            sheets = f" Its sheets are {', '.join(repr(s) for s in raw.sheets)}; pick the one that holds your {table}."
        raise ReadError(
            f"{where} has no `{missing[0]}` column (or a header meaning it, such as {_alias_hint(table, missing[0])}). Columns found: {seen[:400]}.{sheets}"
        )
    if isinstance(raw, RawTable):
        norm.warnings[:0] = raw.warnings
    errors = [norm.errors, _schema_errors(norm, table), _table_rules(norm, table)]
    if isinstance(raw, RawTable) and not raw.row_errors.empty:
        errors.append(raw.row_errors)
    all_errors = pd.concat([e for e in errors if not e.empty], ignore_index=True) if any(not e.empty for e in errors) else empty_errors()
    all_errors = all_errors.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
    bad_rows = set(all_errors["row"].tolist())
    is_bad = norm.frame[ROW_COLUMN].isin(bad_rows)
    # Filtering copies every column; with nothing to filter, keep the frame as it is.
    valid = (norm.frame[~is_bad] if is_bad.any() else norm.frame).drop(columns=ROW_COLUMN).reset_index(drop=True)
    rejected = frame[frame[ROW_COLUMN].isin(bad_rows)].rename(columns={ROW_COLUMN: "row"}).reset_index(drop=True)
    reasons = all_errors.groupby("row")["reason"].agg(lambda r: "; ".join(dict.fromkeys(r)))
    rejected.insert(1, "problems", rejected["row"].map(reasons))
    return Loaded(table, valid, all_errors, rejected, norm.warnings, source)


def _alias_hint(table: str, name: str) -> str:
    spec = by_name(table)[name]
    return " or ".join(f"'{a}'" for a in (spec.aliases or (name,))[:2])


def _schema_errors(norm: Normalised, table: str) -> pd.DataFrame:
    """The data contract's checks (data.schemas), run column by column.

    The pandera schemas are the contract's executable form; running them costs
    more than reading a 100,000-row file (import, dtype machinery, a copy of each
    column per check), so the same declarations from data.columns are checked
    here with vectorised comparisons. tests/test_validation_contract.py holds
    this to pandera's verdict on hostile tables.
    """
    frame = norm.frame
    keep: np.ndarray | None = None
    if table == "programs":
        # Later duplicates are reported by _table_rules; keep the first for the schema.
        ids = frame["program_id"]
        keep = (~ids.duplicated(keep="first") | ids.isna()).to_numpy(dtype=bool)
    rows = frame[ROW_COLUMN].to_numpy()
    found: list[pd.DataFrame] = []
    for spec in TABLES[table]:
        column = frame[spec.name]
        if not _has_contract_dtype(column.dtype, spec.kind):
            # A whole column of the wrong type means normalising went wrong: our bug, not the user's.
            raise RuntimeError(f"schema check failed on whole columns: {[{'column': spec.name, 'check': f'dtype({column.dtype})'}]}")
        missing = column.isna().to_numpy(dtype=bool)
        checks: list[tuple[str, np.ndarray]] = []
        required = spec.required or (table == "programs" and spec.name == "program_id")
        if required:
            checks.append(("not_nullable", missing))
        if keep is not None and spec.name == "program_id":
            kept = column[keep]
            duplicated = np.zeros(len(column), dtype=bool)
            duplicated[np.flatnonzero(keep)[kept.duplicated(keep=False).to_numpy(dtype=bool)]] = True
            checks.append(("field_uniqueness", duplicated))
        if spec.min is not None:
            checks.append(("greater_than_or_equal_to", ~missing & (column < spec.min).fillna(False).to_numpy(dtype=bool)))
        if spec.max is not None:
            checks.append(("less_than_or_equal_to", ~missing & (column > spec.max).fillna(False).to_numpy(dtype=bool)))
        if spec.kind == ENUM:
            checks.append(("isin", ~missing & ~column.isin(spec.allowed).fillna(False).to_numpy(dtype=bool)))
        if spec.required and spec.kind in (TEXT, STATE):
            checks.append(("str_length", ~missing & (column.str.len() < 1).fillna(False).to_numpy(dtype=bool)))
        header = norm.headers.get(spec.name, spec.name)
        for check, failed in checks:
            if keep is not None:
                failed = failed & keep
            if not failed.any():
                continue
            values = column[failed]
            shown = values.astype(object).where(values.notna(), "").map(lambda v: str(v)[:80]).to_numpy(dtype=object)
            found.append(pd.DataFrame({"row": rows[failed], "column": header, "value": shown, "reason": _plain_reason(spec, check)}))
    if not found:
        return empty_errors()
    result = pd.concat(found, ignore_index=True)
    result["row"] = result["row"].astype(object).map(int)
    # A cell that failed to parse is NA by now; do not also call it "required".
    parsed = set(zip(norm.errors["row"], norm.errors["column"], strict=True))
    result = result[[(r, c) not in parsed for r, c in zip(result["row"], result["column"], strict=True)]]
    if table == "programs":
        # program_id is derived from the name; without a name only the name is the problem.
        no_name = set(result.loc[result["column"] == norm.headers.get("program", "program"), "row"])
        result = result[~((result["column"] == "program_id") & result["row"].isin(no_name))]
    return result.reset_index(drop=True)


def _has_contract_dtype(dtype: Any, kind: str) -> bool:
    if kind == DATE:
        return pd.api.types.is_datetime64_dtype(dtype)
    if kind == YESNO:
        return isinstance(dtype, pd.BooleanDtype)
    if kind == INT:
        return isinstance(dtype, pd.Int64Dtype)
    return isinstance(dtype, pd.StringDtype)


def _plain_reason(spec: Column | None, check: str) -> str:
    if check == "not_nullable" or check.startswith("str_length"):
        return "is required"
    if spec is None:
        return check
    if check.startswith("isin") or spec.kind == ENUM:
        return "expected one of: " + ", ".join(spec.allowed)
    if check.startswith("field_uniqueness"):
        return "appears more than once"
    if spec.kind == INT:
        if spec.min is not None and spec.max is not None:
            return f"must be a whole number from {spec.min} to {spec.max}"
        if spec.min is not None:
            return f"must be a whole number of at least {spec.min}"
        return f"must be a whole number of at most {spec.max}"
    return check


def _table_rules(norm: Normalised, table: str) -> pd.DataFrame:
    frame = norm.frame
    records: list[dict[str, object]] = []
    if table == "programs":
        ids = frame["program_id"]
        dup = ids.duplicated(keep="first") & ids.notna()
        first_row = frame[~ids.duplicated(keep="first")].set_index("program_id")[ROW_COLUMN]
        for pid, row in zip(ids[dup], frame.loc[dup, ROW_COLUMN], strict=True):
            records.append(
                {
                    "row": int(row),
                    "column": norm.headers.get("program_id", "program_id"),
                    "value": str(pid),
                    "reason": f"the same program id as row {int(first_row[pid])}; ids must be unique",
                }
            )
    if table == "contacts":
        neither = frame["program_id"].isna() & frame["program"].isna()
        for row in frame.loc[neither, ROW_COLUMN]:
            records.append({"row": int(row), "column": "program_id", "value": "", "reason": "give the program id or the program name"})
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
        key = frame["program_id"].fillna(frame["program"].str.strip().str.lower())
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
