"""Small helpers for text people read: counts with the right plural, blanks
that stay blank, and names turned into file-name slugs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import numpy as np
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
    "nrmp": "NRMP",
    "usmle": "USMLE",
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


def _text_column(programs: pd.DataFrame, name: str) -> list[str]:
    """A column's cells as stripped text, blank for unknown (and for a column the table lacks)."""
    if name not in programs:
        return [""] * len(programs)
    return ["" if blank_value(v) else str(v).strip() for v in programs[name].tolist()]


def program_label_series(programs: pd.DataFrame) -> pd.Series:
    """Each program's name as every page, file and message shows it, row for row (programs'
    index): led by where it is, the institution and state, so a narrow column still shows
    what tells programs apart: "Aldermoor University (MA) — <the directory's name>". The
    directory names programs by their specialty (23 of 30 hospitals share one), so even a
    name no other program in the list has (the specialty's name alone) reads like a
    specialty, not a program, without its place. A program with no place given shows its name alone.
    Where even the label repeats, the NRMP code follows, and a number when there is none:
    no two programs ever read the same. Plain Python on lists: a few string operations per
    row cost less than pandas' per-column passes at any size this app meets (300 programs
    in well under a millisecond per call)."""

    names = _text_column(programs, "program")
    labels = [f"{place} — {name}" if place and name else name or place for name, place in zip(names, program_places(programs), strict=True)]
    keys = name_keys(pd.Series(labels, dtype="string")).fillna("").tolist()
    again = Counter(keys)
    if any(again[key] > 1 for key in keys):
        codes = _text_column(programs, "nrmp_code")
        labels = [f"{label} · NRMP {code}" if again[key] > 1 and code else label for label, key, code in zip(labels, keys, codes, strict=True)]
        keys = name_keys(pd.Series(labels, dtype="string")).fillna("").tolist()
        again = Counter(keys)
        seen: Counter[str] = Counter()
        numbered = []
        for label, key in zip(labels, keys, strict=True):
            if again[key] > 1:
                seen[key] += 1
                numbered.append(f"{label} #{seen[key]}")
            else:
                numbered.append(label)
        labels = numbered
    return pd.Series(labels, index=programs.index, dtype="string", name="program")


def program_places(programs: pd.DataFrame) -> list[str]:
    """Where each program is, as its label writes it: "Institution (ST)", else the city and state."""

    places = []
    for inst, town, st in zip(_text_column(programs, "institution"), _text_column(programs, "city"), _text_column(programs, "state"), strict=True):
        places.append(f"{inst} ({st})" if inst and st else inst or ", ".join(p for p in (town, st) if p))
    return places


def program_label_parts(programs: pd.DataFrame) -> pd.DataFrame:
    """Each program's label in two columns, `place` and `program`, for a table too narrow for the
    whole label: the place is what tells shared names apart, so it gets a column of its own rather
    than being cut with the rest. Read together they say what the label says (the place is given
    for every program, also where the name alone is unique), so no two rows read the same."""
    labels = program_label_series(programs).astype(str).tolist()
    places = program_places(programs)
    rest = [label[len(place) + 3 :] if place and label.startswith(place + " — ") else label for label, place in zip(labels, places, strict=True)]
    return pd.DataFrame({"place": places, "program": rest}, index=programs.index, dtype="string")


def blank_value(value: object) -> bool:
    """Whether a cell is unknown (None, NA, NaN)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def program_labels(programs: pd.DataFrame) -> dict[str, str]:
    """program_label_series by program id, for pickers and lookups."""
    if programs.empty:
        return {}
    return dict(zip(programs["program_id"].astype(str).tolist(), program_label_series(programs).astype(str).tolist(), strict=True))


def ids_by_name(programs: pd.DataFrame, labels: dict[str, str] | None = None) -> dict[str, str]:
    """Program ids by name (compared as data.names compares names) for entries that give a name
    only: a name only one program has, or a program's full label. A name several programs share
    names none of them: guessing one would file the entry under the wrong hospital.
    labels: program_labels(programs), when the caller keeps them already."""
    if programs.empty:
        return {}
    ids = programs["program_id"].astype(str)
    name = name_keys(programs["program"].astype("string"))
    unique = ~name.duplicated(keep=False) & name.notna() & name.ne("")
    out = dict(zip(name[unique].tolist(), ids[unique].tolist(), strict=True))
    shown = labels if labels is not None else program_labels(programs)
    label_ids = list(shown)
    out.update(zip(name_keys(pd.Series([shown[i] for i in label_ids], dtype="string")).tolist(), label_ids, strict=True))
    return out


def fit_range_text(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A fit range in whole points, rounded outward, so a range holds the fit score shown beside it
    (19.5 sits in 19–83, where plain rounding wrote 20–83); a point is rounded. Every page and file
    writes a fit range this way (the Rank list and Compare once differed: 65–94 and 66–94)."""
    point = low == high
    low_text = pd.Series(np.where(point, np.round(low), np.floor(low))).map("{:.0f}".format)
    high_text = pd.Series(np.where(point, np.round(high), np.ceil(high))).map("{:.0f}".format)
    return low_text.where(low_text == high_text, low_text + "–" + high_text).to_numpy()


def program_in_prose(program: pd.Series) -> str:
    """A program named in a sentence to someone there (an email, a message): "the
    <shared name> program at Aldermoor University", since most programs of a
    specialty share one name; the name alone when the institution is not known."""
    name = blank(program.get("program")).strip() or "your program"
    institution = blank(program.get("institution")).strip()
    return f"the {name} program at {institution}" if institution else name


def checked_words(checks: dict[str, int], programs: int) -> str:
    """The facts not checked yet, by name and count, most programs first (three at most):
    a column the sheet does not have shows up here as the same fact at every program."""
    if not checks:
        return ""
    named = [words if programs == 1 else f"{words} ({plural(count, 'program')})" for words, count in list(checks.items())[:3]]
    more = len(checks) - len(named)
    return (" (" if programs == 1 else ": ") + "; ".join(named) + (f"; and {plural(more, 'other fact')}" if more > 0 else "") + (")" if programs == 1 else "")
