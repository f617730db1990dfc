"""The floor for `cli.py rank`: the same file read, a weighted sum, a sort, written
back. No validation, no rubric: what any ranking of this file must at least cost.

    python scripts/floor_rank.py IN.csv OUT.csv
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

NUMERIC = ["cost_of_living", "interest", "peds_emphasis", "adult_emphasis", "imgs_last_5y", "img_cohorts_last_5y"]


def main(source: str, target: str) -> None:
    frame = pd.read_csv(source)
    # The app's own export names its columns; a user's sheet has its own headers, so there the
    # columns pandas reads as numbers are weighted (the floor still reads, sums, sorts, writes).
    numeric = [c for c in NUMERIC if c in frame] or list(frame.select_dtypes("number").columns)
    values = frame[numeric].to_numpy(dtype=float, na_value=np.nan)
    frame["fit_score"] = np.nan_to_num(values) @ np.linspace(1.0, 2.0, len(numeric))
    frame.sort_values("fit_score", ascending=False).to_csv(target, index=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
