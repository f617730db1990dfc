"""The rules of visas, exams and the Match that the app states, read from
data/rules.toml: each in the app's words with its source, the source's date and
whether an official page confirms it. A page shows a rule only through here, so
every statement carries its source and "not confirmed" where none could be read."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("rules.toml")
STATUSES = ("confirmed", "confirmed-older", "not-confirmed")
TOPICS = ("visa", "exam", "match", "training")


class RulesFileError(ValueError):
    """The rules file cannot be used: the file, the key and the problem."""


@dataclass(frozen=True)
class Rule:
    key: str
    topic: str
    say: str
    status: str
    source: str
    source_date: str
    url: str = ""
    season: str = ""

    @property
    def text(self) -> str:
        """The rule as the app says it, hedged where no current official page confirms it."""
        if self.status == "not-confirmed":
            return f"{self.say} (Not confirmed by an official source.)"
        if self.status == "confirmed-older":
            return f"{self.say} (From the {self.season} rules: the current ones are not confirmed.)"
        return self.say

    @property
    def cited(self) -> str:
        """Where it comes from, for a caption."""
        when = f", {self.source_date}" if self.source_date and self.source_date != "undated" else " (undated)"
        return f"{self.source}{when}"


def parse(raw: dict, where: str = "rules.toml") -> tuple[date | None, dict[str, Rule]]:
    read_on = raw.get("read_on")
    entries = raw.get("rules")
    if not isinstance(entries, dict) or not entries:
        raise RulesFileError(f"{where}: no [rules.<name>] entries")
    out: dict[str, Rule] = {}
    for key, entry in entries.items():
        if not isinstance(entry, dict):
            raise RulesFileError(f"{where}: rules.{key} must be a table")
        for field in ("topic", "say", "status", "source", "source_date"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise RulesFileError(f"{where}: rules.{key}.{field} is missing or not text")
        if entry["status"] not in STATUSES:
            raise RulesFileError(f"{where}: rules.{key}.status must be one of {', '.join(STATUSES)}, not {entry['status']!r}")
        if entry["topic"] not in TOPICS:
            raise RulesFileError(f"{where}: rules.{key}.topic must be one of {', '.join(TOPICS)}, not {entry['topic']!r}")
        if entry["status"] == "confirmed-older" and not str(entry.get("season", "")).strip():
            raise RulesFileError(f"{where}: rules.{key} is confirmed-older, so it must name its season")
        unknown = set(entry) - {"topic", "say", "status", "source", "source_date", "url", "season"}
        if unknown:
            raise RulesFileError(f"{where}: rules.{key} has unknown keys: {', '.join(sorted(unknown))}")
        out[key] = Rule(key=key, **{k: str(v) for k, v in entry.items()})
    return (read_on if isinstance(read_on, date) else None), out


@cache
def _load(path: Path) -> tuple[date | None, dict[str, Rule]]:
    with path.open("rb") as handle:
        return parse(tomllib.load(handle), path.name)


def rules() -> dict[str, Rule]:
    return _load(RULES_FILE)[1]


def read_on() -> date | None:
    return _load(RULES_FILE)[0]


def rule(key: str) -> Rule:
    return rules()[key]
