"""Small helpers for text people read: counts with the right plural, blanks
that stay blank, and names turned into file-name slugs."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from data.names import name_keys
from data.packs import registry


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 program', '2 programs', '0 programs'; `many` for irregular plurals ('1 entry', '3 entries')."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def blank(value: object) -> str:
    """A cell as text: unknown is empty, never 'None', '<NA>' or 'nan'."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value)


# Codes whose words are not just the code with spaces.
# A specialty's track codes read as its pack labels them (data/specialties/*.toml);
# "categorical" and "other" keep their plain words wherever they appear.
CODE_WORDS = {
    **{t.code: t.label for p in registry().packs for t in p.tracks if t.code not in ("categorical", "other")},
    **{kind: w["label"] for p in registry().packs for kind, w in p.writers.items()},
    "to-ask": "Not asked",
    "pgy1": "From PGY-1",
    "after-2-years": "After prior US/Canadian training",
    "after-residency": "After a completed residency",
    "none": "none",  # never "None", which reads as a blank cell
}


def words(code: object) -> str:
    """A stored code as words for the screen: 'interview-scheduled' -> 'Interview scheduled',
    a track code -> its pack's label; blank stays blank. What is stored is unchanged."""
    text = blank(code)
    if not text:
        return ""
    return CODE_WORDS.get(text) or (text[0].upper() + text[1:]).replace("-", " ")


SHORT_COLUMN = 1_000  # up to here, code by code is quicker than by distinct code


def code_words(codes: pd.Series) -> pd.Series:
    """words() for a whole column; a list of codes ('dream, low-priority') reads 'Dream, low
    priority'. A long column is worked out once per distinct code, so 100,000 programs cost
    about what their handful of tiers does; a short one code by code, which is quicker there."""
    if len(codes) <= SHORT_COLUMN:
        return pd.Series([words(code) for code in codes], index=codes.index, dtype="string")
    return codes.astype("category").map(words).astype("string").fillna("")


# Parts of a column name that are acronyms or abbreviations, as a person writes them.
_NAME_PARTS = {
    "img": "IMG",
    "imgs": "IMGs",
    "acgme": "ACGME",
    "eras": "ERAS",
    "ecfmg": "ECFMG",
    "j1": "J-1",
    "h1b": "H-1B",
    "id": "ID",
    "intl": "international",
    "5y": "5 years",
    "step2": "Step 2",
    "faq": "FAQ",
    "american": "American",
    "cv": "CV",
}


def column_words(name: str) -> str:
    """A column's name as a header in words: 'imgs_last_5y' -> 'IMGs last 5 years'."""
    text = " ".join(_NAME_PARTS.get(part, part) for part in name.split("_"))
    return text[:1].upper() + text[1:]


def slug(text: object, fallback: str = "program", limit: int = 60) -> str:
    """A file-name-safe slug of a name: 'Aldermoor Clinic (North)' -> 'aldermoor-clinic-north'."""
    ascii_text = unicodedata.normalize("NFKD", blank(text)).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or fallback


def program_labels(programs: pd.DataFrame) -> dict[str, str]:
    """Each program's name as pickers and lists show it, by id. A name several programs share
    ("Internal Medicine" at many hospitals) gets its institution and state, and a number if
    even that repeats: a picker of equal labels cannot tell its choices apart."""
    if programs.empty:
        return {}
    name = programs["program"].astype("string").fillna("").str.strip()
    ids = programs["program_id"].astype(str)
    key = name_keys(name)  # names that read the same (data.names) are told apart too
    shared = key.duplicated(keep=False)
    if not shared.any():  # the usual case, on every rerun of a page: no text is built
        return dict(zip(ids.tolist(), name.tolist(), strict=True))  # lists: zipping Series is ten times slower
    mine = programs.loc[shared]
    where = [mine[c].astype("string").fillna("").str.strip() if c in mine else pd.Series("", index=mine.index) for c in ("institution", "state")]
    place = (where[0] + ", " + where[1]).str.strip(", ")
    label = name.copy()
    label[shared] = name[shared].where(place.eq(""), name[shared] + " (" + place + ")")
    label_key = name_keys(label)
    again = label_key.duplicated(keep=False)
    if again.any():
        label = label.where(~again, label + " #" + (label.groupby(label_key).cumcount() + 1).astype(str))
    return dict(zip(ids.tolist(), label.astype(str).tolist(), strict=True))
