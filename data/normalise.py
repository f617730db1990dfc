"""From text cells to typed columns: header aliases, yes/no spellings, state
names, Census regions, strength tags. A blank cell stays NA (unknown); a cell
that cannot be understood becomes NA *and* an error naming its row, column
and value, so the row can be rejected rather than silently changed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data import geography
from data.columns import (
    COMBINED_HEADERS,
    DATE,
    DIVISION,
    ENUM,
    INT,
    REGION,
    STATE,
    TABLES,
    TAGS,
    TEXT,
    URL,
    YESNO,
    Column,
    fold,
)
from data.export import unneutralise
from data.readers import MAX_CELL_CHARS, ROW_COLUMN

YES = {"y", "yes", "true", "t", "1", "✓", "✔", "x"}
NO = {"n", "no", "false", "f", "0", "✗", "✘"}
# What people type for "I don't know yet"; all mean unknown, like a blank.
UNKNOWN = {"", "na", "n/a", "unknown", "?", "-", "--", "tbd", "nan", "none given", "<na>"}

ERROR_COLUMNS = ["row", "column", "value", "reason"]

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
    for col in TABLES[table]:
        for spelling in (col.name, *col.aliases):
            lookup.setdefault(fold(spelling), col.name)
    mapping: dict[str, str] = {}
    combined: dict[str, tuple[str, ...]] = {}
    extras: list[str] = []
    warnings: list[str] = []
    taken: dict[str, str] = {}
    for header in headers:
        key = fold(header)
        target = lookup.get(key)
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
    return mapping, combined, extras, warnings


def normalise(raw: pd.DataFrame, table: str) -> Normalised:
    specs = {c.name: c for c in TABLES[table]}
    headers = [h for h in raw.columns if h != ROW_COLUMN]
    mapping, combined, extras, warnings = map_headers(headers, table)
    rows = raw[ROW_COLUMN].to_numpy() if ROW_COLUMN in raw else np.arange(2, 2 + len(raw))
    source: dict[str, pd.Series] = {}
    user_header: dict[str, str] = {}
    for header, target in mapping.items():
        source[target] = raw[header].astype(str)
        user_header[target] = header
    for header, (city_col, state_col) in combined.items():
        parts = raw[header].astype(str).str.rsplit(",", n=1, expand=True)
        if parts.shape[1] == 1:
            parts[1] = ""
        if city_col not in source:
            source[city_col] = parts[0].str.strip()
            user_header[city_col] = header
        if state_col not in source:
            source[state_col] = parts[1].fillna("").str.strip()
            user_header[state_col] = header

    errors: list[pd.DataFrame] = []
    out: dict[str, pd.Series] = {}
    index = raw.index
    for name, spec in specs.items():
        if name not in source:
            out[name] = pd.Series(pd.NA, index=index, dtype=DTYPES[spec.kind])
            continue
        text = unneutralise(source[name]).str.strip()
        blank = text.str.lower().isin(UNKNOWN) if spec.kind != TEXT else text.eq("")
        values, bad, reason = _parse(spec, text.where(~blank, ""), blank)
        too_long = text.str.len() > MAX_CELL_CHARS
        if too_long.any():
            bad = bad | too_long
            reason = reason.where(~too_long, f"is longer than {MAX_CELL_CHARS:,} characters")
            values = values.mask(too_long)
        if bad.any():
            shown: pd.Series = text[bad].str.slice(0, 80) + np.where(text[bad].str.len() > 80, "…", "")
            errors.append(
                pd.DataFrame(
                    {
                        "row": rows[bad.to_numpy()],
                        "column": user_header[name],
                        "value": shown.to_numpy(),
                        "reason": reason[bad].to_numpy(),
                    }
                )
            )
        out[name] = values
        if spec.kind == TAGS:
            unknown = _unknown_tags(text[~blank], spec)
            if unknown:
                warnings.append(f"Unknown {name} tags kept as written: {', '.join(sorted(unknown)[:10])}.")

    frame = pd.DataFrame(out, index=index)
    if table == "programs":
        _derive_geography(frame)
        if "program" in frame:
            _derive_program_ids(frame)
    for header in extras:
        frame[header] = raw[header].astype("string").where(raw[header].astype(str).str.strip() != "")
    frame[ROW_COLUMN] = rows
    error_frame = pd.concat(errors, ignore_index=True) if errors else empty_errors()
    missing = [c.name for c in TABLES[table] if c.required and c.name not in source]
    for name in missing:
        warnings.insert(0, f"No `{name}` column was found. Columns seen: {', '.join(headers[:15])}.")
    return Normalised(frame, error_frame, warnings, user_header, extras)


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
        folded = per_distinct(text, lambda t: fold(t) or t.strip())
        table = {fold(v): v for v in spec.allowed}
        table.update(spec.synonyms)
        values = folded.map(table).fillna(text).astype("string").where(~blank)
        return values, none_bad, _reason(text, "")
    if kind == INT:
        numbers = pd.to_numeric(text.where(~blank), errors="coerce")
        retry = numbers.isna() & ~blank
        if retry.any():  # "1,200" or "3 " are numbers too
            numbers[retry] = pd.to_numeric(text[retry].str.replace(r"[,\s]", "", regex=True), errors="coerce")
        whole = numbers.notna() & (numbers == np.floor(numbers)) & (numbers.abs() < 2**53)
        values = numbers.where(whole).astype("Float64").round().astype("Int64")
        return values, ~whole & ~blank, _reason(text, "is not a whole number")
    if kind == DATE:
        values = pd.to_datetime(text.where(~blank), errors="coerce", format="ISO8601")
        retry = values.isna() & ~blank
        if retry.any():
            values[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed", dayfirst=False)
        values = values.astype("datetime64[ns]").dt.normalize()
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "is not a date (use YYYY-MM-DD)")
    if kind == STATE:
        values = per_distinct(text, lambda t: geography.STATE_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "is not a US state, DC or PR (use a code like TX or a name like Texas)")
    if kind == REGION:
        values = per_distinct(text, lambda t: geography.REGION_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "expected a Census region: " + ", ".join(geography.REGIONS))
    if kind == DIVISION:
        values = per_distinct(text, lambda t: geography.DIVISION_LOOKUP.get(fold(t))).where(~blank)
        bad = values.isna() & ~blank
        return values, bad, _reason(text, "expected a Census division such as New England or Pacific")
    if kind == URL:
        ok = text.str.match(r"^https?://[^\s<>\"']+$", case=False)
        values = text.astype("string").where(ok & ~blank)
        bad = ~ok & ~blank
        return values, bad, _reason(text, "only http:// or https:// web addresses are accepted")
    if kind == TAGS:
        values = per_distinct(text, _canonical_tags).where(~blank)
        return values, none_bad, pd.Series("", index=text.index)
    raise ValueError(f"unknown column kind {kind}")


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


def _derive_geography(frame: pd.DataFrame) -> None:
    state = frame["state"]
    division = state.map(lambda s: geography.STATES[s][1], na_action="ignore").astype("string")
    region = division.map(lambda d: geography.DIVISION_REGION[d], na_action="ignore").astype("string")
    frame["division"] = frame["division"].fillna(division)
    frame["region"] = frame["region"].fillna(region)


def derive_program_id(program: object, institution: object, state: object) -> str:
    parts = "|".join("" if v is None or v is pd.NA else str(v).strip().lower() for v in (program, institution, state))
    return "p-" + hashlib.sha1(parts.encode("utf-8")).hexdigest()[:10]


def _derive_program_ids(frame: pd.DataFrame) -> None:
    missing = frame["program_id"].isna() & frame["program"].notna()
    if missing.any():
        derived = [
            derive_program_id(p, i, s)
            for p, i, s in zip(frame.loc[missing, "program"], frame.loc[missing, "institution"], frame.loc[missing, "state"], strict=True)
        ]
        frame.loc[missing, "program_id"] = derived
