"""Where each group of a program's facts came from, and whether it was checked this season.

Each group (data.columns.FACT_GROUPS) has a `<group>_source` and a `<group>_checked_on`
column. A group with a known fact that was never dated, or was checked before this
season's ERAS opening, is "from an earlier season": visa policies and cutoffs change
from year to year. An email reply, open house or resident's answer in the contact log
dates the responsiveness group by itself (the log is what that group is made of).
Two sources that disagree (data.disagreements) are both kept: the newer value is scored,
the earlier one is shown beside it until the user settles which is right.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from data.columns import FACT_COLUMNS, FACT_GROUPS
from data.seasons import Season
from scoring.calendar import season

FACTS = FACT_COLUMNS  # the facts of each group (data.columns)
SOURCE_WORDS = {
    "website": "the program's website",
    "freida": "FREIDA",
    "directory": "the NRMP/ACGME directory",
    "email": "an email reply",
    "open-house": "an open house",
    "resident": "a current resident",
    "other": "another source",
}
EARLIER = "from an earlier season"
OPENING = "eras_season_opens"  # the season file's key for the day ERAS opens


def season_opening(shipped: Season, saved: dict[str, Any] | None = None) -> date | None:
    """This season's ERAS opening (the season file's, or yours where you changed it): the one
    place provenance reads the season's dates."""
    return season.season_dates(shipped, saved).get(OPENING)


def dates(programs: pd.DataFrame, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The date each group was checked (NaT when never), the contact log dating responsiveness."""
    out = pd.DataFrame(index=programs.index)
    for group in FACT_GROUPS:
        column = f"{group}_checked_on"
        out[group] = pd.to_datetime(programs[column]) if column in programs else pd.Series(pd.NaT, index=programs.index, dtype="datetime64[ns]")
    if contacts is not None and not contacts.empty and "program_id" in contacts:
        answered = contacts["replied_on"].fillna(contacts["sent_on"].where(contacts["channel"] != "email"))
        latest = answered.groupby(contacts["program_id"]).max()
        logged = programs["program_id"].map(latest)
        out["responsiveness"] = (
            out["responsiveness"].where(~(logged > out["responsiveness"]) & out["responsiveness"].notna(), logged).fillna(out["responsiveness"])
        )
    return out


def sources(programs: pd.DataFrame, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The source of each group; where the contact log's latest answer is newer than the stored
    date, the responsiveness group's source is that contact's channel (email, open house, resident)."""
    out = pd.DataFrame({group: programs.get(f"{group}_source", pd.Series(pd.NA, index=programs.index)) for group in FACT_GROUPS}, index=programs.index)
    if contacts is not None and not contacts.empty and "program_id" in contacts:
        answered = contacts.assign(_on=contacts["replied_on"].fillna(contacts["sent_on"].where(contacts["channel"] != "email"))).dropna(subset=["_on"])
        latest = answered.sort_values("_on", kind="stable").groupby("program_id")["channel"].last()
        stored = pd.to_datetime(programs["responsiveness_checked_on"]) if "responsiveness_checked_on" in programs else pd.Series(pd.NaT, index=programs.index)
        newer = dates(programs, contacts)["responsiveness"].gt(stored) | (stored.isna() & programs["program_id"].isin(latest.index))
        out["responsiveness"] = out["responsiveness"].astype("object").where(~newer, programs["program_id"].map(latest))
    return out


def known(programs: pd.DataFrame) -> pd.DataFrame:
    """Whether each group holds at least one known fact."""
    out = pd.DataFrame(index=programs.index)
    for group, facts in FACTS.items():
        present = [programs[c].notna().to_numpy() for c in facts if c in programs]
        out[group] = np.any(present, axis=0) if present else np.zeros(len(programs), dtype=bool)
    return out


def earlier_season(programs: pd.DataFrame, opens: date | None, contacts: pd.DataFrame | None = None) -> pd.DataFrame:
    """True where a group holds a known fact never dated or checked before this season opened."""
    checked = dates(programs, contacts)
    facts = known(programs)
    out = pd.DataFrame(index=programs.index)
    for group in FACT_GROUPS:
        old = checked[group].isna()
        if opens is not None:
            old = old | (checked[group] < pd.Timestamp(opens))
        out[group] = facts[group].to_numpy() & old.to_numpy(dtype=bool)
    return out


def describe(program: pd.Series, stale: pd.Series, checked: pd.Series, source_of: pd.Series | None = None) -> list[str]:
    """One line per group with a known fact: its source and date, and whether it is from an earlier season."""
    lines = []
    for group, words in FACT_GROUPS.items():
        source = source_of.get(group) if source_of is not None else program.get(f"{group}_source")
        when = checked.get(group)
        said = SOURCE_WORDS.get(str(source), "") if isinstance(source, str) else ""
        dated = f"checked {pd.Timestamp(when).date().isoformat()}" if pd.notna(when) else "never dated"
        if not said and pd.isna(when) and not bool(stale.get(group)):
            continue
        line = f"{words}: {('from ' + said + ', ') if said else ''}{dated}"
        if bool(stale.get(group)):
            # Undated is not known to be old: it says only that nobody wrote down when it was checked.
            line += f" ({EARLIER}: check again)" if pd.notna(when) else " (no date to tell this season's from an earlier one: check again)"
        lines.append(line)
    return lines


SETTLE = "two sources disagree"


def _side(column: str, value: str, source: str, checked_on: str) -> str:
    from data.columns import ENUM, by_name
    from scoring.vocabulary.wording import words

    spec = by_name("programs").get(column)
    shown = words(value) if spec is not None and spec.kind == ENUM else value  # a fixed choice as the grid shows it
    said = SOURCE_WORDS.get(source, "")
    where = f"{said}, " if said else ""
    return f"'{shown}' ({where}{f'checked {checked_on}' if checked_on else 'never dated'})"


def disagreement_lines(found: pd.DataFrame) -> pd.Series:
    """For data.disagreements.table's rows: 'H-1B: 'yes' (the program's website, checked
    2026-10-02) against 'no' (the NRMP/ACGME directory, checked 2026-08-01)', the scored value first."""
    from scoring.vocabulary.wording import column_words

    return pd.Series(
        [
            f"{column_words(c)}: {_side(c, v, s, d)} against {_side(c, ev, es, ed)}"
            for c, v, s, d, ev, es, ed in zip(
                found["column"],
                found["value"],
                found["source"],
                found["checked_on"],
                found["earlier_value"],
                found["earlier_source"],
                found["earlier_checked_on"],
                strict=True,
            )
        ],
        index=found.index,
        dtype="object",
    )
