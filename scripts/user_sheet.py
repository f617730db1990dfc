"""A programs sheet written the way applicants write theirs, for the benchmark and its tests.

    python scripts/user_sheet.py N OUT.csv [--seed S]

The headers are the guide's own ("J-1? Y/N", "Step 2 cutoff", "Pediatric focus", ...),
as data/columns.py reads them; marks are Y/N in the spellings people use; states are
mostly names; dates are typed in several ways (month first, as US sheets write them);
cutoffs carry units or say there is none ("220+", "5 years", "no cutoff"); most programs
share a name ("Pediatrics-Medical Genetics") and are told apart by institution and state;
about a fifth of the optional cells are blank (not looked up yet), and a few cells are
written in a way the app cannot read (kept and flagged, never dropping the program).

The same seed and size always give the same bytes. 100,000 programs stay under the
app's upload limit (data.readers.MAX_FILE_BYTES), so the same file works in a browser.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import numpy as np

SEED = 26
BLANK = 0.2  # the share of optional cells not filled in yet
ODD = 0.005  # the share of cutoff and mark cells written in a way the app cannot read

# As the NRMP directory names them: most programs share one of a few names.
NAMES = (
    ("Pediatrics-Medical Genetics", 0.6, "Peds/MGG"),
    ("Medical Genetics and Genomics", 0.2, "Genetics only"),
    ("Internal Medicine-Medical Genetics", 0.1, "IM/MGG"),
    ("Maternal-Fetal Medicine-Medical Genetics", 0.05, "MFM/MGG"),
    ("Medical Genetics", 0.05, "categorical"),
)
# Made-up places, so no real institution is named.
_FIRST = (
    "Ash", "Brook", "Cedar", "Dun", "Elm", "Fern", "Glen", "Hol", "Iron", "Juni", "Kes", "Lark", "Mill", "North",
    "Oak", "Pine", "Quarry", "River", "Stone", "Thorn", "Upper", "Vale", "West", "Yew", "Amber", "Birch", "Clear",
    "Deer", "East", "Fox", "Gold", "Hazel", "Ivy", "Lake", "Maple", "New", "Orchard", "Red", "Silver", "Willow",
)  # fmt: skip
_SECOND = (
    "ford", "field", "haven", "ridge", "mere", "wood", "ton", "brook", "vale", "port", "bury", "stead", "wick",
    "dale", "moor", "crest", "gate", "hurst", "land", "shire", "view", "water", "bridge", "cliff", "worth",
)  # fmt: skip
_KINDS = (
    "University", "Medical Center", "Children's Hospital", "Health System", "University Hospitals",
    "Health Sciences Center", "School of Medicine", "Regional Medical Center",
)  # fmt: skip
STATES = (
    ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"), ("Colorado", "CO"),
    ("Connecticut", "CT"), ("Delaware", "DE"), ("District of Columbia", "DC"), ("Florida", "FL"), ("Georgia", "GA"),
    ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"), ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"),
    ("Kentucky", "KY"), ("Louisiana", "LA"), ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"),
    ("Michigan", "MI"), ("Minnesota", "MN"), ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"),
    ("Nebraska", "NE"), ("Nevada", "NV"), ("New Hampshire", "NH"), ("New Jersey", "NJ"), ("New Mexico", "NM"),
    ("New York", "NY"), ("North Carolina", "NC"), ("North Dakota", "ND"), ("Ohio", "OH"), ("Oklahoma", "OK"),
    ("Oregon", "OR"), ("Pennsylvania", "PA"), ("Rhode Island", "RI"), ("South Carolina", "SC"), ("South Dakota", "SD"),
    ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"), ("Virginia", "VA"), ("Washington", "WA"),
    ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"), ("Puerto Rico", "PR"),
)  # fmt: skip
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")

# The guide's headers (its sections 3.1 and 5.1), each as data/columns.py knows it.
HEADERS = (
    "Program name",
    "Institution",
    "City",
    "State",
    "Program type",
    "Program website URL",
    "Application pathway (ERAS code)",
    "J-1? Y/N",
    "H-1B? Y/N",
    "IMG FAQ available? Y/N",
    "IMGs present in last 5 years (Y/N)",
    "International schools represented",
    "USMLE requirements",
    "Step 2 cutoff",
    "Attempts limit",
    "YOG cutoff",
    "ECFMG deadline",
    "Pediatric focus",
    "Adult focus",
    "Cancer/genomics",
    "Research time (none / limited / moderate / extensive)",
    "Major subspecialty strengths",
    "ECFMG/IMG instructions clarity (0–2)",
    "IMG-friendliness score (0–10)",  # the guide's own score: kept as the user's column
    "Overall program interest for you (0–10)",
    "Notes",
)
# Never blank: a program is named, and told apart from others of its name by institution and state.
REQUIRED = ("Program name", "Institution", "State")


def _pick(rng: np.random.Generator, n: int, choices: tuple[str, ...], weights: tuple[float, ...] | None = None) -> np.ndarray:
    p = None if weights is None else np.asarray(weights) / sum(weights)
    return np.asarray(choices, dtype=object)[rng.choice(len(choices), size=n, p=p)]


def _marks(rng: np.random.Generator, n: int, yes: float = 0.6) -> np.ndarray:
    """Y/N as people type them: mostly Y and N, sometimes a word, a lower case or a tick."""
    said = rng.random(n) < yes
    spelling = rng.choice(6, size=n, p=[0.7, 0.1, 0.08, 0.05, 0.04, 0.03])
    yes_words = np.asarray(["Y", "y", "Yes", "yes", "✓", "YES"], dtype=object)
    no_words = np.asarray(["N", "n", "No", "no", "✗", "NO"], dtype=object)
    return np.where(said, yes_words[spelling], no_words[spelling])


def _dates(rng: np.random.Generator, n: int) -> np.ndarray:
    """An ECFMG deadline as typed: ISO, month/day/year, 'Feb 24, 2027', '24 Feb 2027', 'March 1 2027'."""
    day0 = np.datetime64("2026-10-01")
    days = (day0 + rng.integers(0, 240, size=n)).astype("datetime64[D]")
    y = days.astype("datetime64[Y]").astype(int) + 1970
    m = days.astype("datetime64[M]").astype(int) % 12 + 1
    d = (days - days.astype("datetime64[M]")).astype(int) + 1
    form = rng.choice(5, size=n, p=[0.3, 0.35, 0.15, 0.1, 0.1])
    out = np.empty(n, dtype=object)
    for i in range(n):  # a generator, not the app: a loop reads plainest
        f, yy, mm, dd = form[i], y[i], m[i], d[i]
        if f == 0:
            out[i] = f"{yy:04d}-{mm:02d}-{dd:02d}"
        elif f == 1:
            out[i] = f"{mm}/{dd}/{yy}"
        elif f == 2:
            out[i] = f"{MONTHS[mm - 1]} {dd}, {yy}"
        elif f == 3:
            out[i] = f"{dd} {MONTHS[mm - 1]} {yy}"
        else:
            out[i] = f"{MONTH_NAMES[mm - 1]} {dd} {yy}"
    return out


def _cutoff(rng: np.random.Generator, n: int, numbers: np.ndarray, forms: tuple[str, ...], weights: tuple[float, ...]) -> np.ndarray:
    """A cutoff as written: a number in one of `forms` ({} is the number) or a way of saying there is none."""
    form = _pick(rng, n, forms, weights)
    return np.asarray([f.format(v) for f, v in zip(form, numbers, strict=True)], dtype=object)


def programs(n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """n programs as columns of text cells under the guide's headers ("" where blank)."""
    rng = np.random.default_rng(seed)
    names = _pick(rng, n, tuple(x[0] for x in NAMES), tuple(x[1] for x in NAMES))
    kind_of = {x[0]: x[2] for x in NAMES}
    # Every (institution, state) pair once: programs that share a name are told apart by it.
    places = [f + s for f in _FIRST for s in _SECOND]
    institutions = len(places) * len(_KINDS)
    pairs = rng.choice(institutions * len(STATES), size=n, replace=False)
    inst, state_at = np.divmod(pairs, len(STATES))
    place_at, kind_at = np.divmod(inst, len(_KINDS))
    place = np.asarray(places, dtype=object)[place_at]
    institution = place + " " + np.asarray(_KINDS, dtype=object)[kind_at]
    state_name = np.asarray([s[0] for s in STATES], dtype=object)[state_at]
    state_code = np.asarray([s[1] for s in STATES], dtype=object)[state_at]
    state_form = rng.choice(3, size=n, p=[0.75, 0.2, 0.05])
    state = np.where(state_form == 0, state_name, np.where(state_form == 1, state_code, np.char.lower(state_name.astype(str)).astype(object)))
    website = "https://" + np.char.lower(place.astype(str)).astype(object) + ".edu/genetics"
    eras = np.asarray([f"{1301000000 + int(i):010d}" for i in rng.integers(0, 99_999, size=n)], dtype=object)
    step2 = rng.integers(40, 50, size=n) * 5  # 200 to 245
    cols: dict[str, np.ndarray] = {
        "Program name": names,
        "Institution": institution,
        "City": place,
        "State": state,
        "Program type": np.asarray([kind_of[x] for x in names], dtype=object),
        "Program website URL": website,
        "Application pathway (ERAS code)": eras,
        "J-1? Y/N": _marks(rng, n, 0.8),
        "H-1B? Y/N": np.where(rng.random(n) < 0.15, _pick(rng, n, ("case by case", "Case-by-case", "maybe")), _marks(rng, n, 0.3)),
        "IMG FAQ available? Y/N": _marks(rng, n, 0.5),
        "IMGs present in last 5 years (Y/N)": _marks(rng, n, 0.6),
        "International schools represented": _pick(rng, n, ("AUC", "St George's", "AUC; Ross", "Cairo University", "AIIMS Delhi", "Damascus University; KEM")),
        "USMLE requirements": _pick(rng, n, ("Step 2 ≥ 220", "Step 2 ≥ 230, 2 attempts", "pass Step 1 first try", "see website", "no stated minimum")),
        "Step 2 cutoff": _cutoff(
            rng, n, step2, ("{}", "{}+", "≥ {}", ">= {}", "at least {}", "{} or higher", "none", "no cutoff", "not stated"), (30, 15, 10, 5, 5, 5, 15, 10, 5)
        ),
        "Attempts limit": _cutoff(rng, n, rng.integers(1, 4, size=n), ("{}", "max {} attempts", "{} tries", "none", "no limit"), (40, 20, 10, 20, 10)),
        "YOG cutoff": _cutoff(rng, n, rng.integers(3, 11, size=n), ("{}", "{} years", "{} yrs", "≤ {} yrs", "none", "no cutoff"), (20, 30, 15, 5, 20, 10)),
        "ECFMG deadline": _dates(rng, n),
        "Pediatric focus": np.where(rng.random(n) < 0.5, _marks(rng, n, 0.6), rng.integers(1, 6, size=n).astype(str).astype(object)),
        "Adult focus": np.where(rng.random(n) < 0.5, _marks(rng, n, 0.4), rng.integers(1, 6, size=n).astype(str).astype(object)),
        "Cancer/genomics": _marks(rng, n, 0.4),
        "Research time (none / limited / moderate / extensive)": _pick(rng, n, ("none", "limited", "moderate", "extensive", "Moderate", "Limited")),
        "Major subspecialty strengths": _pick(
            rng, n, ("metabolic", "prenatal; cancer", "neurogenetics", "cancer, cardiogenetics", "metabolic; laboratory", "dysmorphology")
        ),
        "ECFMG/IMG instructions clarity (0–2)": rng.integers(0, 3, size=n).astype(str).astype(object),
        "IMG-friendliness score (0–10)": rng.integers(0, 11, size=n).astype(str).astype(object),
        "Overall program interest for you (0–10)": rng.integers(0, 11, size=n).astype(str).astype(object),
        "Notes": _pick(
            rng, n, ("strong cancer center", "new program", "emailed PD, waiting", "great metabolic clinic", "IMG chief resident", "far from family")
        ),
    }
    # A few cells written in a way no rule reads: they load as unknown and are flagged.
    for header, odd in (("Step 2 cutoff", "220ish"), ("Attempts limit", "2-3"), ("J-1? Y/N", "probably"), ("ECFMG deadline", "before July")):
        cols[header] = np.where(rng.random(n) < ODD, odd, cols[header])
    for header, cells in cols.items():
        if header not in REQUIRED:
            cols[header] = np.where(rng.random(n) < BLANK, "", cells)
    return cols


def to_csv(cols: dict[str, np.ndarray]) -> bytes:
    """The sheet as a spreadsheet program saves CSV: UTF-8 with a byte-order mark, quotes only where needed."""
    sink = io.StringIO()
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(zip(*(cols[h] for h in HEADERS), strict=True))
    return b"\xef\xbb\xbf" + sink.getvalue().encode("utf-8")


def write(n: int, path: Path, seed: int = SEED) -> Path:
    path.write_bytes(to_csv(programs(n, seed)))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write(args.n, args.out, args.seed)
    print(f"{args.n:,} programs written to {args.out} ({args.out.stat().st_size / 1024 / 1024:.1f} MB).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
