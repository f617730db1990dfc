"""A program sheet's own outreach columns (`Emailed on`, `Reply`, `Replied on`,
`Open house`) read as contact-log entries, so the log starts from what the
applicant already wrote down instead of keeping those columns aside as text.

The entries are checked like any log (dates in every form the readers take), and
merged into the saved log without duplicates: an entry with the same program,
channel and day is the same entry, so a second upload of the sheet adds nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.columns import SHEET_LOG_HEADERS, fold
from data.normalise import empty_table
from data.validation import ROW_COLUMN, validate

ROLES = SHEET_LOG_HEADERS
REPLY_WORDS = {
    "helpful": "helpful",
    "useful": "helpful",
    "detailed": "helpful",
    "good": "helpful",
    "generic": "generic",
    "form": "generic",
    "formletter": "generic",
    "automated": "generic",
    "auto": "generic",
    "template": "generic",
    "noreply": "none",
    "none": "none",
    "no": "none",
    "noanswer": "none",
}


@dataclass
class SheetLog:
    entries: pd.DataFrame  # contact-log rows (typed, as the contacts table holds them)
    columns: dict[str, str]  # role -> the sheet's header that gave it
    responsiveness: pd.Series  # program_id -> helpful/generic/none, for replies the sheet gives no date for
    problems: list[str] = field(default_factory=list)  # cells that could not be read, in words

    @property
    def any(self) -> bool:
        return bool(len(self.entries) or len(self.responsiveness))


def log_columns(columns: list[str]) -> dict[str, str]:
    """The sheet's header for each role it has (the first that matches)."""
    folded = {fold(c): c for c in reversed(columns)}
    found = {}
    for role, headers in ROLES.items():
        for header in headers:
            if fold(header) in folded:
                found[role] = folded[fold(header)]
                break
    return found


def _text(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[column].astype("string").fillna("").str.strip()


def from_sheet(programs: pd.DataFrame) -> SheetLog:
    """The log entries a program sheet's own columns hold (programs: a loaded sheet with program ids).
    An email is an entry from its `Emailed on` day, answered when `Replied on` is given; a reply
    written without its day cannot be placed in time, so it gives the program's responsiveness
    (where the sheet leaves that blank) instead of an entry that would read as unanswered."""
    found = log_columns([str(c) for c in programs.columns])
    none = SheetLog(empty_table("contacts"), found, pd.Series(dtype="string"))
    if not found or programs.empty:
        return none
    sent, replied, house = (_text(programs, found.get(role)) for role in ("sent", "replied", "open_house"))
    reply_text = _text(programs, found.get("reply"))
    reply = reply_text.map(lambda t: REPLY_WORDS.get(fold(t), "") if t else "").astype("string")
    problems = [
        f"{programs.loc[i, 'program']}: “{reply_text[i]}” in {found['reply']} is not a kind of reply the log knows (helpful, generic or no reply); kept in the entry's notes."
        for i in reply_text.index[reply_text.ne("") & reply.eq("")]
    ]
    dated_reply = reply.isin(["helpful", "generic"]) & replied.ne("")
    emails = pd.DataFrame(
        {
            "program_id": programs["program_id"].astype("string"),
            "program": programs["program"].astype("string"),
            "channel": "email",
            "sent_on": sent,
            "replied_on": replied.where(dated_reply | reply.eq(""), ""),
            "reply_quality": reply.where(dated_reply, ""),
            "notes": ("From your sheet's " + found.get("sent", "") + " column.").strip()
            + reply_text.where(reply.eq("") & reply_text.ne(""), "").map(lambda t: f" Reply: {t}." if t else ""),
        }
    )[sent.ne("")]
    houses = pd.DataFrame(
        {
            "program_id": programs["program_id"].astype("string"),
            "program": programs["program"].astype("string"),
            "channel": "open-house",
            "sent_on": house,
            "replied_on": "",
            "reply_quality": "",
            "notes": f"From your sheet's {found.get('open_house', '')} column.",
        }
    )[house.ne("")]
    raw = pd.concat([emails, houses], ignore_index=True).astype(str)
    raw.insert(0, ROW_COLUMN, range(1, len(raw) + 1))
    loaded = validate(raw, "contacts", source="your sheet's outreach columns")
    names = raw["program"].tolist()
    for row, value, reason in zip(loaded.errors["row"].astype(int), loaded.errors["value"], loaded.errors["reason"], strict=True):
        problems.append(f"{names[row - 1]}: {value} ({reason}); this entry is left out.")
    undated = reply.isin(["helpful", "generic", "none"]) & ~dated_reply & ~(reply.eq("none") & sent.ne(""))
    given = programs["responsiveness"].notna() if "responsiveness" in programs else pd.Series(False, index=programs.index)
    responsiveness = pd.Series(reply[undated & ~given].to_numpy(), index=programs.loc[undated & ~given, "program_id"].astype(str), dtype="string")
    return SheetLog(loaded.valid.reset_index(drop=True), found, responsiveness, problems)


def _key(log: pd.DataFrame) -> pd.Series:
    return (
        log["program_id"].astype("string").fillna("")
        + "|"
        + log["channel"].astype("string").fillna("")
        + "|"
        + log["sent_on"].dt.strftime("%Y-%m-%d").fillna("")
    )


def merged(saved: pd.DataFrame, entries: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The saved log with the sheet's entries it does not have yet (same program, channel
    and day: the same entry), and how many were added. A saved email still waiting for its
    reply takes the reply the sheet records for it; nothing saved is otherwise changed."""
    if entries.empty:
        return saved, 0
    out = saved.copy()
    have = _key(out)
    theirs = entries.assign(_key=_key(entries).to_numpy())
    waiting = out["replied_on"].isna() & have.isin(set(theirs.loc[theirs["replied_on"].notna(), "_key"]))
    if waiting.any():
        answers = theirs.drop_duplicates("_key", keep="last").set_index("_key")
        for column in ("replied_on", "reply_quality"):
            out.loc[waiting, column] = have[waiting].map(answers[column]).to_numpy()
    new = theirs[~theirs["_key"].isin(set(have))].drop_duplicates("_key").drop(columns="_key")
    if new.empty:
        return out, 0
    return pd.concat([out, new.astype(out.dtypes.to_dict())], ignore_index=True), len(new)
