"""Two sources that disagree about a program's facts, both kept until the user settles it.

A program keeps one source and one date per group of facts (`<group>_source`,
`<group>_checked_on`). When an update from another source (a merge whose file names a
different source for the group, or an edit in the grid that changes the source) brings a
value that differs from the known one, the earlier value is not lost: it is kept with its
source and date in one hidden column, DISAGREES, as JSON:
{group: {"source": …, "checked_on": "YYYY-MM-DD", "values": {column: text as a person types it}}}.
The program scores on the newer value; Explain, the Programs page and What to research next
show both side by side until the user picks one (resolve). Directories and programs' own
sites disagree for a share of programs, and visa policies change between seasons: the
guide's method is to log every answer, so a second answer never silently replaces the first.
Everything here loops over the programs with a second source only, which are few.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from data.columns import FACT_COLUMNS

DISAGREES = "disagreements"  # the hidden column (and the name exports carry it under)

Record = dict[str, object]  # {"source": str, "checked_on": str, "values": {column: text}}


def decode(cell: object) -> dict[str, Record]:
    if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)) or not str(cell).strip():
        return {}
    try:
        found = json.loads(str(cell))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    out: dict[str, Record] = {}
    for group, record in found.items():
        if group in FACT_COLUMNS and isinstance(record, dict) and isinstance(record.get("values"), dict) and record["values"]:
            out[group] = {
                "source": str(record.get("source") or ""),
                "checked_on": str(record.get("checked_on") or ""),
                "values": {str(k): str(v) for k, v in record["values"].items()},
            }
    return out


def encode(records: Mapping[str, Record]) -> object:
    return json.dumps(dict(records), ensure_ascii=False, sort_keys=True) if records else pd.NA


def column_of(frame: pd.DataFrame) -> pd.Series:
    """The frame's disagreements column, or an empty one (a table saved before it existed)."""
    if DISAGREES in frame:
        return frame[DISAGREES]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _filled(column: pd.Series) -> np.ndarray:
    return np.asarray(column.astype("string").fillna("").str.len().gt(2), dtype=bool)


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    from data.export import as_spreadsheet_text  # the cells as a person types them

    return as_spreadsheet_text(frame).fillna("")


def after_update(before: pd.DataFrame, after: pd.DataFrame) -> pd.Series:
    """The disagreements column of `after` (the same programs as `before`, indexed alike, as an
    update leaves them): a group whose source changed from one named source to another, with
    a known value that changed to another known value, keeps the earlier values, source and
    date. A group whose source did not change (your own correction, or the same source again)
    records nothing; an earlier record stays until it is settled."""
    out = column_of(before).reindex(after.index).astype("object")
    if DISAGREES in after:  # a file that carries its own records (our export, read back) gives them
        given = _filled(after[DISAGREES])
        out = out.where(~given, after[DISAGREES].astype("object"))
    found: dict[int, dict[str, Record]] = {}
    for group, facts in FACT_COLUMNS.items():
        source = f"{group}_source"
        if source not in before or source not in after:
            continue
        old, new = before[source].astype("string"), after[source].astype("string")
        second = np.asarray((old.notna() & new.notna() & old.ne(new)).fillna(False), dtype=bool)
        columns = [c for c in facts if c in before and c in after]
        if not second.any() or not columns:
            continue
        was, now = _text(before.loc[second, columns]), _text(after.loc[second, columns])
        changed = ((was != "") & (now != "") & (was != now)).to_numpy()
        dated = f"{group}_checked_on"
        when = pd.to_datetime(before.loc[second, dated]) if dated in before else pd.Series(pd.NaT, index=was.index)
        for i, position in enumerate(np.flatnonzero(second).tolist()):
            if not changed[i].any():
                continue
            found.setdefault(position, {})[group] = {
                "source": str(old.iloc[position]),
                "checked_on": "" if pd.isna(when.iloc[i]) else pd.Timestamp(when.iloc[i]).date().isoformat(),
                "values": {c: str(was.iat[i, j]) for j, c in enumerate(columns) if changed[i, j]},
            }
    for position, records in found.items():
        out.iloc[position] = encode({**decode(out.iloc[position]), **records})
    return out.astype("string")


def table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per fact two sources disagree on: the program, the group and column, and each
    side's value, source and date (the stored value is the newer, the one scored)."""
    columns = ["program_id", "group", "column", "earlier_value", "earlier_source", "earlier_checked_on", "value", "source", "checked_on"]
    if DISAGREES not in frame:  # most workspaces: nothing to look through
        return pd.DataFrame(columns=columns)
    column = frame[DISAGREES]
    rows = []
    for position in np.flatnonzero(_filled(column)).tolist():
        records = decode(column.iloc[position])
        for group, record in ((g, records[g]) for g in FACT_COLUMNS if g in records):
            values = record["values"]
            assert isinstance(values, dict)
            present = [c for c in values if c in frame.columns]
            now = _text(frame.iloc[[position]][present]).iloc[0] if present else pd.Series(dtype="string")
            dated = frame[f"{group}_checked_on"].iloc[position] if f"{group}_checked_on" in frame else pd.NaT
            source = frame[f"{group}_source"].iloc[position] if f"{group}_source" in frame else pd.NA
            for name in present:
                rows.append(
                    {
                        "program_id": frame["program_id"].iloc[position],
                        "group": group,
                        "column": name,
                        "earlier_value": values[name],
                        "earlier_source": record["source"],
                        "earlier_checked_on": record["checked_on"],
                        "value": str(now[name]),
                        "source": "" if pd.isna(source) else str(source),
                        "checked_on": "" if pd.isna(dated) else pd.Timestamp(dated).date().isoformat(),
                    }
                )
    return pd.DataFrame(rows, columns=columns)


def resolve(programs: pd.DataFrame, program_id: str, group: str, keep: str) -> pd.DataFrame:
    """programs with the disagreement on one program's group settled: keep="current" keeps the
    stored (newer) values; keep="earlier" puts the earlier values back, with their source and
    date. Either way the record goes. The row is checked like an edit in the grid."""
    if keep not in ("current", "earlier"):
        raise ValueError(f"unknown choice {keep!r}")
    at = np.flatnonzero(programs["program_id"].astype(str).to_numpy() == str(program_id))
    if not len(at):
        raise KeyError(program_id)
    position = int(at[0])
    records = decode(column_of(programs).iloc[position])
    record = records.pop(group, None)
    out = programs.copy()
    if DISAGREES not in out:
        out[DISAGREES] = pd.Series(pd.NA, index=out.index, dtype="string")
    if record is None or keep == "current":
        cells = out[DISAGREES].astype("object").tolist()
        cells[position] = encode(records)
        out[DISAGREES] = pd.array(cells, dtype="string")
        return out
    from data import flags, merge
    from data.validation import validate_edited

    row = programs.iloc[[position]]
    text = flags.with_cells_as_written(_text(row.drop(columns=[flags.FLAGS, DISAGREES], errors="ignore")), row).reset_index(drop=True)
    values = record["values"]
    assert isinstance(values, dict)
    for name, value in {**values, f"{group}_source": record["source"], f"{group}_checked_on": record["checked_on"]}.items():
        if name in text:
            text.loc[0, name] = value
    checked = validate_edited(text, "programs", source="the earlier source")
    if not checked.errors.empty or checked.valid.empty:  # never expected: the values were the app's own
        raise ValueError(f"the earlier values could not be put back: {checked.errors.to_dict('records')}")
    settled = checked.valid.assign(**{DISAGREES: pd.Series([encode(records)], dtype="string")})
    return merge.apply(out, settled, "merge")


def after_edit(saved: pd.DataFrame, edited: pd.DataFrame) -> pd.DataFrame:
    """edited (rows checked from the grid, matched to saved programs by program_id) with each
    row's disagreements: a saved program keeps its records, and one whose source the edit
    changed along with a value gains one; a new row has none."""
    before = saved.drop_duplicates("program_id").set_index("program_id")
    ids = edited["program_id"].astype("string")
    known = ids.isin(before.index).fillna(False).to_numpy(dtype=bool)
    out = edited.assign(**{DISAGREES: pd.Series(pd.NA, index=edited.index, dtype="string")})
    if known.any():
        was = before.loc[pd.Index(ids[known])].set_axis(edited.index[known])
        now = edited[known].reindex(columns=was.columns.union(edited.columns, sort=False))
        out.loc[known, DISAGREES] = after_update(was, now.drop(columns=DISAGREES, errors="ignore")).to_numpy()
    if DISAGREES not in saved and out[DISAGREES].isna().all():
        return out.drop(columns=DISAGREES)  # nothing to keep: no empty column in every download
    return out
