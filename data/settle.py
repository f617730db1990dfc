"""Settling a disagreement between two sources: the record goes, and with "earlier" the earlier
source's values come back with its source and date, checked like an edit in the grid and merged.

Above data/merge.py and data/validation.py (which read the records in data/disagreements.py),
so the records module never reaches up to them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data import flags, merge
from data.disagreements import DISAGREES, as_text, column_of, decode, encode
from data.validation import validate_edited


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
    row = programs.iloc[[position]]
    text = flags.with_cells_as_written(as_text(row.drop(columns=[flags.FLAGS, DISAGREES], errors="ignore")), row).reset_index(drop=True)
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
