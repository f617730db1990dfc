"""What an upload would change, shown before it changes anything."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pandas as pd

KEY = "program_id"


@dataclass(frozen=True)
class Preview:
    new: list[str]
    changed: list[str]
    unchanged: list[str]
    kept: list[str]  # programs in the workspace that the upload does not mention

    def describe(self, mode: str) -> str:
        lost = f", {len(self.kept)} removed" if mode == "replace" and self.kept else ""
        kept = f", {len(self.kept)} kept as they are" if mode == "merge" and self.kept else ""
        return f"{len(self.new)} new, {len(self.changed)} changed, {len(self.unchanged)} unchanged{lost}{kept}"


def _as_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.reindex(columns=columns).astype("string").fillna("\x00")


def preview(current: pd.DataFrame, incoming: pd.DataFrame) -> Preview:
    cur = current.set_index(KEY)
    inc = incoming.set_index(KEY)
    common = inc.index.intersection(cur.index)
    columns = list(inc.columns)
    same = (_as_text(cur.loc[common], columns) == _as_text(inc.loc[common], columns)).all(axis=1)
    return Preview(
        new=[str(i) for i in inc.index.difference(cur.index)],
        changed=[str(i) for i in same.index[~same]],
        unchanged=[str(i) for i in same.index[same]],
        kept=[str(i) for i in cur.index.difference(inc.index)],
    )


def apply(current: pd.DataFrame, incoming: pd.DataFrame, mode: str) -> pd.DataFrame:
    """Merge: incoming rows win by program_id, others stay. Replace: incoming only."""
    if mode == "replace" or current.empty:
        return incoming.reset_index(drop=True)
    if mode != "merge":
        raise ValueError(f"unknown mode {mode!r}")
    keep = current[~current[KEY].isin(incoming[KEY])]
    merged = pd.concat([keep, incoming], ignore_index=True)
    # concat of all-NA object columns loses the nullable dtypes; restore them.
    for column in merged.columns:
        source = incoming if column in incoming else current
        with contextlib.suppress(TypeError, ValueError):
            merged[column] = merged[column].astype(source[column].dtype)
    return merged
