"""The post-interview reflection as a fit factor in [0, 1].

Three questions, each rated 1 to 5: could I thrive here for four years or more,
does it move me toward my 10-year vision, did I feel supported and included
as an IMG. The factor is their mean mapped to 0..1. Like every factor it is a
range: before the interview it is unknown (0 to 1), and a rating not yet given
counts as 1 in the conservative value and 5 in the potential one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.calendar.season import INTERVIEWED

RATINGS = ("thriving", "vision", "supported")
RATING_LABELS = {
    "thriving": "Could I thrive here for four years or more?",
    "vision": "Does it move me toward my 10-year vision?",
    "supported": "As an IMG, did I feel supported and included?",
}


def per_program(applications: pd.DataFrame | None) -> pd.DataFrame:
    """Per program_id: the factor's low and high value and whether it is fully known.

    Only programs that have interviewed you count; the last row wins when a
    program appears twice.
    """
    columns = {"reflection_lo": "float64", "reflection_hi": "float64", "reflected": "bool"}
    if applications is None or applications.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()}, index=pd.Index([], name="program_id", dtype="string"))
    rows = applications[applications["program_id"].notna()].drop_duplicates("program_id", keep="last")
    interviewed = rows["status"].isin(INTERVIEWED).to_numpy(dtype=bool)
    scaled = (rows[list(RATINGS)].astype("Float64").to_numpy(dtype=float, na_value=np.nan) - 1) / 4
    lo = np.where(np.isnan(scaled), 0.0, scaled).mean(axis=1)
    hi = np.where(np.isnan(scaled), 1.0, scaled).mean(axis=1)
    out = pd.DataFrame(
        {
            "reflection_lo": np.where(interviewed, lo, 0.0),
            "reflection_hi": np.where(interviewed, hi, 1.0),
            "reflected": interviewed & ~np.isnan(scaled).any(axis=1),
        },
        index=pd.Index(rows["program_id"].astype("string"), name="program_id"),
    )
    return out


def factor(program_ids: pd.Series, applications: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """The reflection factor row for row with program_ids: (conservative, potential)."""
    table = per_program(applications)
    if table.empty:
        return np.zeros(len(program_ids)), np.ones(len(program_ids))
    ids = program_ids.astype("string")
    lo = ids.map(table["reflection_lo"]).to_numpy(dtype=float, na_value=np.nan)
    hi = ids.map(table["reflection_hi"]).to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(lo), 0.0, lo), np.where(np.isnan(hi), 1.0, hi)


def label(lo: float, hi: float) -> str:
    """'75%' when known, 'unknown' before the interview, '50–83%' while partly rated."""
    if lo == 0 and hi == 1:
        return "unknown"
    if abs(hi - lo) < 1e-9:
        return f"{lo:.0%}"
    return f"{lo * 100:.0f}–{hi:.0%}"
