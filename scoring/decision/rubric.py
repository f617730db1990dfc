"""The IMG-friendliness rubric (0-10), vectorised.

Each of the four components has a conservative value (`_lo`) and a potential
value (`_hi`): the least and most it could be once its unknown inputs are
known. The rules are those of the data contract; scoring.decision.reference holds the
same rules written row by row as a test oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import product

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

COMPONENTS = ("past_imgs", "visa", "clarity", "responsiveness")
COMPONENT_MAX = {"past_imgs": 3, "visa": 3, "clarity": 2, "responsiveness": 2}
COMPONENT_LABELS = {
    "past_imgs": "Past IMGs",
    "visa": "Visa support",
    "clarity": "Clarity of IMG information",
    "responsiveness": "Responsiveness",
}

H1B_CODES = {"no": 0.0, "considered": 1.0, "yes": 2.0}
INFO_CODES = {"none": 0.0, "limited": 1.0, "clear": 2.0}
REPLY_CODES = {"none": 0.0, "generic": 1.0, "helpful": 2.0}

REPLY_FAST_DAYS = 7
NO_REPLY_DAYS = 14


def num(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as float64 with NaN for unknown (or absent)."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    series = frame[column]
    try:
        return series.to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):  # e.g. object columns holding None
        return series.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def codes(frame: pd.DataFrame, column: str, mapping: dict[str, float]) -> np.ndarray:
    """A text column as numbers via mapping; NaN for unknown or unmapped."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    try:
        # Arrow's index_in is several times faster than a pandas map on text.
        positions = pc.index_in(pa.array(frame[column], from_pandas=True), value_set=pa.array(list(mapping))).fill_null(len(mapping))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return per_distinct(frame[column], lambda value: mapping.get(value, np.nan))
    return np.array([*mapping.values(), np.nan], dtype=float)[positions.to_numpy()]


def per_distinct(series: pd.Series, fn: Callable[[str], float]) -> np.ndarray:
    """fn applied once per distinct value (few: enumerations, tag lists), NaN for NA.
    Factorising first is far faster than a per-row map on 100,000 rows."""
    positions, distinct = pd.factorize(series, use_na_sentinel=True)
    table = np.array([fn(v) for v in distinct] + [np.nan], dtype=float)
    return table[positions]


def _override(lo: np.ndarray, hi: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    given = ~np.isnan(points)
    return np.where(given, points, lo), np.where(given, points, hi)


def past_imgs(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    n = num(frame, "imgs_last_5y")
    c = num(frame, "img_cohorts_last_5y")
    present = num(frame, "imgs_present_last_5y")
    n_known, c_known = ~np.isnan(n), ~np.isnan(c)
    many = n_known & (n >= 2)
    # Each case of the contract's rule, in order, with its (conservative, potential) points.
    cases = [
        (n_known & (n == 0), 0, 0),
        (n_known & (n == 1), 1, 1),
        (many & c_known & (c >= 3), 3, 3),
        (many & c_known, 2, 2),
        (many, 2, 3),  # two or more IMGs, cohorts unknown
        (c_known & (c == 0), 0, 0),
        (c_known & (c == 1), 1, 2),
        (c_known & (c == 2), 2, 2),
        (c_known, 3, 3),
        # Only the guide's "IMGs present in last 5 years (Y/N)": N is none (0); Y is at least
        # one IMG, so anything from one IMG (1) to IMGs in most cohorts (3).
        (present == 0, 0, 0),
        (present == 1, 1, 3),
    ]
    conditions = [case[0] for case in cases]
    lo = np.select(conditions, [case[1] for case in cases], default=0).astype(float)
    hi = np.select(conditions, [case[2] for case in cases], default=3).astype(float)
    return _override(lo, hi, num(frame, "past_imgs_points"))


def visa_rule(j1: float, h1b: float, intl: float, info: float) -> int:
    """The visa rule for fully known inputs (codes as in H1B_CODES / INFO_CODES), in the guide's words:
    0 "no visa sponsorship"; 1 "J-1 only AND no clear IMG info" (no H-1B, IMG information none or
    limited); 2 "J-1 clearly supported; H-1B unclear or rare"; 3 "J-1 clearly supported; H-1B
    considered; explicit mention of international trainees". H-1B without J-1 is not in the guide:
    it gets 2, as one visa route open to IMGs (the README says so)."""
    sponsors_h1b = h1b >= 1
    if not j1 and h1b == 0:
        return 0
    if j1 and sponsors_h1b and intl:
        return 3
    if j1 and not sponsors_h1b and info < 2:
        return 1
    return 2


def _visa_table() -> tuple[np.ndarray, np.ndarray]:
    """Conservative and potential visa points for every pattern of known and
    unknown inputs: an unknown input ranges over all its values."""
    domains = ((0.0, 1.0), (0.0, 1.0, 2.0), (0.0, 1.0), (0.0, 1.0, 2.0))
    shape = tuple(len(d) + 1 for d in domains)  # the last code of each input means unknown
    lo, hi = np.zeros(shape), np.zeros(shape)
    for pattern in product(*(range(n) for n in shape)):
        options = [d if code == len(d) else (d[code],) for d, code in zip(domains, pattern, strict=True)]
        values = [visa_rule(*combo) for combo in product(*options)]
        lo[pattern], hi[pattern] = min(values), max(values)
    return lo, hi


VISA_LO, VISA_HI = _visa_table()


def _visa_matters_table() -> np.ndarray:
    """For every pattern of known and unknown inputs (as in _visa_table) and each input,
    whether that input, while unknown, can change the visa points: some answer to the
    other unknown inputs under which two of its own answers give different points."""
    domains = ((0.0, 1.0), (0.0, 1.0, 2.0), (0.0, 1.0), (0.0, 1.0, 2.0))
    shape = tuple(len(d) + 1 for d in domains)
    matters = np.zeros((*shape, len(domains)), dtype=bool)
    for pattern in product(*(range(n) for n in shape)):
        options = [d if code == len(d) else (d[code],) for d, code in zip(domains, pattern, strict=True)]
        for k, (d, code) in enumerate(zip(domains, pattern, strict=True)):
            if code != len(d):
                continue
            for combo in product(*(options[:k] + options[k + 1 :])):
                points = set()
                for value in d:
                    args = [*combo[:k], value, *combo[k:]]
                    points.add(visa_rule(args[0], args[1], args[2], args[3]))
                if len(points) > 1:
                    matters[(*pattern, k)] = True
                    break
    return matters


VISA_MATTERS = _visa_matters_table()
VISA_INPUTS = ("j1", "h1b", "intl_trainees_mentioned", "img_info")


def _visa_index(frame: pd.DataFrame) -> tuple[np.ndarray, ...]:
    # The guide's "clear IMG info" is its clarity 2 ("Clear instructions for international
    # applicants"): your own clarity points (the sheet's "ECFMG/IMG instructions clarity (0–2)")
    # answer it where img_info is blank, 0/1/2 as none/limited/clear.
    info = codes(frame, "img_info", INFO_CODES)
    info = np.where(np.isnan(info), num(frame, "clarity_points"), info)
    inputs = (num(frame, "j1"), codes(frame, "h1b", H1B_CODES), num(frame, "intl_trainees_mentioned"), info)
    # Codes equal the values (0, 1, 2); unknown takes the last slot of its axis.
    return tuple(np.where(np.isnan(x), size - 1, x).astype(np.intp) for x, size in zip(inputs, VISA_LO.shape, strict=True))


def visa(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    index = _visa_index(frame)
    return _override(VISA_LO[index], VISA_HI[index], num(frame, "visa_points"))


def visa_matters(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per visa input (VISA_INPUTS), the rows where its answer (were it blank) could change
    the visa points, given the other inputs as they are: never where your own visa points
    decide them. Whether it is blank is the caller's question."""
    open_ = np.isnan(num(frame, "visa_points"))
    index = _visa_index(frame)
    out = {}
    for k, column in enumerate(VISA_INPUTS):
        blank = (*index[:k], np.full(len(frame), VISA_LO.shape[k] - 1, dtype=np.intp), *index[k + 1 :])
        out[column] = VISA_MATTERS[(*blank, np.full(len(frame), k, dtype=np.intp))] & open_
    return out


def clarity(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    info = codes(frame, "img_info", INFO_CODES)
    faq = num(frame, "img_faq")
    known = ~np.isnan(info)
    lo = np.where(known, info, np.where(faq == 1, 1.0, 0.0))
    hi = np.where(known, info, np.where(faq == 0, 1.0, 2.0))
    return _override(lo, hi, num(frame, "clarity_points"))


def latest_emails(contacts: pd.DataFrame) -> pd.DataFrame:
    """The latest email inquiry per program_id (the evidence for responsiveness)."""
    if contacts is None or contacts.empty:
        return pd.DataFrame(columns=["program_id", "sent_on", "replied_on", "reply_quality"]).set_index("program_id")
    emails = contacts[(contacts["channel"] == "email") & contacts["program_id"].notna() & contacts["sent_on"].notna()]
    emails = emails.sort_values(["program_id", "sent_on"], kind="stable")
    return emails.drop_duplicates("program_id", keep="last").set_index("program_id")[["sent_on", "replied_on", "reply_quality"]]


def responsiveness(frame: pd.DataFrame, contacts: pd.DataFrame | None, as_of: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return lo, hi, and whether the contact log was the evidence."""
    col = codes(frame, "responsiveness", REPLY_CODES)
    lo = np.where(np.isnan(col), 0.0, col)
    hi = np.where(np.isnan(col), 2.0, col)
    from_log = np.zeros(len(frame), dtype=bool)
    latest = latest_emails(contacts) if contacts is not None and len(contacts) else None
    if latest is not None and len(latest):
        ev = latest.reindex(frame["program_id"].astype(object))
        has = ev["sent_on"].notna().to_numpy()
        sent = ev["sent_on"].to_numpy(dtype="datetime64[D]")
        replied = ev["replied_on"].to_numpy(dtype="datetime64[D]")
        quality = ev["reply_quality"].map(REPLY_CODES).astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        answered = has & ~np.isnat(replied)
        days = (replied - sent).astype("timedelta64[D]").astype(float)
        fast = answered & (days <= REPLY_FAST_DAYS)
        waited = (np.datetime64(as_of, "D") - sent).astype("timedelta64[D]").astype(float)
        log_lo = np.select(
            [fast & (quality == 2), answered & ((days > REPLY_FAST_DAYS) | (quality == 1)), fast, has & ~answered & (waited >= NO_REPLY_DAYS), has],
            [2, 1, 1, 0, 0],
            default=0,
        )
        log_hi = np.select(
            [fast & (quality == 2), answered & ((days > REPLY_FAST_DAYS) | (quality == 1)), fast, has & ~answered & (waited >= NO_REPLY_DAYS), has],
            [2, 1, 2, 0, 2],
            default=2,
        )
        # The log, when it has an inquiry, is the evidence; a young unanswered one means 0-2.
        lo = np.where(has, log_lo, lo)
        hi = np.where(has, log_hi, hi)
        from_log = has
    lo, hi = _override(lo, hi, num(frame, "responsiveness_points"))
    return lo.astype(float), hi.astype(float), from_log


def friendliness(frame: pd.DataFrame, contacts: pd.DataFrame | None, as_of: date) -> dict[str, np.ndarray]:
    """Per program: each component's lo/hi and the totals."""
    out: dict[str, np.ndarray] = {}
    out["past_imgs_lo"], out["past_imgs_hi"] = past_imgs(frame)
    out["visa_lo"], out["visa_hi"] = visa(frame)
    out["clarity_lo"], out["clarity_hi"] = clarity(frame)
    out["responsiveness_lo"], out["responsiveness_hi"], out["responsiveness_from_log"] = responsiveness(frame, contacts, as_of)
    out["img_friendliness"] = np.add.reduce([out[f"{c}_lo"] for c in COMPONENTS])
    out["img_friendliness_max"] = np.add.reduce([out[f"{c}_hi"] for c in COMPONENTS])
    return out


def contradictory(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose known inputs contradict each other, under the readings the
    rubric relies on: an IMG FAQ means at least limited IMG information (and
    no FAQ means not clear), and cohorts with an IMG need that many IMGs."""
    info = codes(frame, "img_info", INFO_CODES)
    faq = num(frame, "img_faq")
    n = num(frame, "imgs_last_5y")
    c = num(frame, "img_cohorts_last_5y")
    present = num(frame, "imgs_present_last_5y")  # the guide's Y/N: any IMG in the last five years
    counts = ((n == 0) & (c > 0)) | ((n > 0) & (c == 0)) | (c > n)
    marks = ((present == 0) & ((n > 0) | (c > 0))) | ((present == 1) & ((n == 0) | (c == 0)))
    return ((faq == 1) & (info == 0)) | ((faq == 0) & (info == 2)) | counts | marks
