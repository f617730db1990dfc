"""The season's dated facts (data/season/<year>.toml): dates, fees and program
signals, each with its source, the day it was read and how sure it is.

Read with the standard library's tomllib and checked here, so a broken file is
refused with its file, key and problem named. Scoring reads the plain values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

SEASON_DIR = Path(__file__).resolve().parent / "season"
STATUSES = ("official", "estimate", "not-confirmed")
# Every date a season file gives, in the season's order.
DATE_KEYS = (
    "eras_season_opens",
    "applicants_submit",
    "nrmp_registration_opens",
    "programs_review",
    "nrmp_standard_deadline",
    "ranking_opens",
    "rank_list_deadline",
    "match_week",
    "match_day",
    "training_starts",
)
# What older versions saved under other names (the Applications page's edits).
LEGACY_DATE_KEYS = {"eras_opens": "programs_review"}
FEE_KEYS = {
    "eras": ("first_programs", "first_each", "after_each"),
    "usmle_transcript": ("amount",),
    "nrmp_registration": ("amount",),
    "nrmp_extra_ranks": ("included", "each", "max_ranks"),
}
_PROVENANCE = ("status", "figure_from", "source", "read")


class SeasonFileError(ValueError):
    """A season file that cannot be used: every problem names the file and the key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Fact:
    """One sourced fact: its value(s) and where it comes from."""

    key: str
    label: str
    values: dict[str, Any]
    status: str
    figure_from: str
    source: str
    url: str
    read: date
    basis: str = ""

    @property
    def word(self) -> str:
        """What the app writes beside the figure: blank, "estimate" or "not confirmed"."""
        return {"official": "", "estimate": "estimate", "not-confirmed": "not confirmed"}[self.status]

    def cite(self, sure_too: bool = True) -> str:
        """Where the figure comes from; sure_too: led by how sure it is, unless said beside it already."""
        sure = f"{self.word}, " if self.word and sure_too else ""
        return f"{sure}{self.figure_from} figure; {self.source}, read {self.read.isoformat()}"


@dataclass(frozen=True)
class Season:
    season: str
    label: str
    currency: str
    file: str
    dates: dict[str, Fact] = field(default_factory=dict)
    fees: dict[str, Fact] = field(default_factory=dict)
    signals: dict[str, Fact] = field(default_factory=dict)

    def on(self, key: str) -> date | None:
        fact = self.dates.get(key)
        return fact.values["on"] if fact else None

    def fee(self, key: str, value: str = "amount") -> float:
        return float(self.fees[key].values[value])


def _fact(where: str, key: str, raw: Any, needs: tuple[str, ...], season: str, problems: list[str]) -> Fact | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a table of values, not {type(raw).__name__}")
        return None
    before = len(problems)
    for name in (*needs, *_PROVENANCE):
        if name not in raw:
            problems.append(f"{where}.{name}: missing")
    if raw.get("status") not in STATUSES and "status" in raw:
        problems.append(f"{where}.status: must be one of {', '.join(STATUSES)}, not {raw['status']!r}")
    for name in needs:
        value = raw.get(name)
        if name == "on":
            if name in raw and not isinstance(value, date):
                problems.append(f"{where}.on: must be a date written as 2027-03-19, not {value!r}")
        elif name in raw and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            problems.append(f"{where}.{name}: must be a number of at least 0, not {value!r}")
    if "read" in raw and not isinstance(raw["read"], date):
        problems.append(f"{where}.read: must be the date the source was read, written as 2026-12-07, not {raw['read']!r}")
    for name in ("figure_from", "source"):
        if name in raw and not isinstance(raw[name], str):
            problems.append(f"{where}.{name}: must be text, not {raw[name]!r}")
    if raw.get("status") == "official" and str(raw.get("figure_from")) != season:
        problems.append(f"{where}.status: 'official' is only for this season's ({season}) figure; a figure from {raw.get('figure_from')} is an 'estimate'")
    if len(problems) > before:
        return None
    values = {k: v for k, v in raw.items() if k not in (*_PROVENANCE, "label", "url", "basis")}
    return Fact(
        key=key,
        label=str(raw.get("label", key)),
        values=values,
        status=raw["status"],
        figure_from=raw["figure_from"],
        source=raw["source"],
        url=str(raw.get("url", "")),
        read=raw["read"],
        basis=str(raw.get("basis", "")),
    )


def parse_season(raw: dict[str, Any], file: str) -> Season:
    """The season from a parsed TOML table; SeasonFileError lists every problem."""
    problems: list[str] = []
    for name in ("season", "label", "currency"):
        if not isinstance(raw.get(name), str):
            problems.append(f"{file}: {name}: missing, or not text")
    season = str(raw.get("season", ""))
    unknown = sorted(set(raw) - {"season", "label", "currency", "dates", "fees", "signals"})
    if unknown:
        problems.append(f"{file}: unknown keys {', '.join(unknown)}")
    dates: dict[str, Fact] = {}
    raw_dates = raw.get("dates") or {}
    for key in DATE_KEYS:
        if key not in raw_dates:
            problems.append(f"{file}: dates.{key}: missing")
    for key, value in raw_dates.items():
        if key not in DATE_KEYS:
            problems.append(f"{file}: dates.{key}: not a known date; known: {', '.join(DATE_KEYS)}")
        elif (fact := _fact(f"{file}: dates.{key}", key, value, ("on",), season, problems)) is not None:
            dates[key] = fact
    fees: dict[str, Fact] = {}
    raw_fees = raw.get("fees") or {}
    for key, needs in FEE_KEYS.items():
        if key not in raw_fees:
            problems.append(f"{file}: fees.{key}: missing")
        elif (fact := _fact(f"{file}: fees.{key}", key, raw_fees[key], needs, season, problems)) is not None:
            fees[key] = fact
    for key in sorted(set(raw_fees) - set(FEE_KEYS)):
        problems.append(f"{file}: fees.{key}: not a known fee; known: {', '.join(FEE_KEYS)}")
    signals: dict[str, Fact] = {}
    for specialty, value in (raw.get("signals") or {}).items():
        where = f"{file}: signals.{specialty!r}"
        fact = _fact(where, specialty, value, (), season, problems)
        if fact is None:
            continue
        count = fact.values.get("count")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
            problems.append(f"{where}.count: must be a whole number of at least 0, not {count!r}")
        elif "participates" in fact.values and not isinstance(fact.values["participates"], bool):
            problems.append(f"{where}.participates: must be true or false")
        else:
            signals[specialty] = fact
    # The Match's own order cannot be broken by a typo in one year.
    match = [k for k in ("ranking_opens", "rank_list_deadline", "match_week", "match_day", "training_starts") if k in dates]
    days = [dates[k].values["on"] for k in match]
    if days != sorted(days):
        problems.append(f"{file}: dates: {', '.join(match)} must fall in that order")
    if problems:
        raise SeasonFileError(problems)
    return Season(season=season, label=raw["label"], currency=raw["currency"], file=file, dates=dates, fees=fees, signals=signals)


def load_season_file(path: Path) -> Season:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SeasonFileError([f"{path.name}: not valid TOML: {exc}"]) from exc
    return parse_season(raw, path.name)


def season_files(folder: Path = SEASON_DIR) -> list[Path]:
    return sorted(folder.glob("*.toml"))


@cache
def current_season(folder: Path = SEASON_DIR) -> Season:
    """The newest season file (by name): the one the app uses. Loaded once."""
    files = season_files(folder)
    if not files:
        raise SeasonFileError([f"{folder}: no season file (data/season/<year>.toml)"])
    return load_season_file(files[-1])


def upgrade_saved_dates(saved: dict[str, Any] | None) -> dict[str, Any]:
    """A user's saved date edits in today's names: an older app saved the day
    programs start reviewing as "eras_opens"."""
    out: dict[str, Any] = {}
    for key, value in (saved or {}).items():
        out[LEGACY_DATE_KEYS.get(key, key)] = value
    return out
