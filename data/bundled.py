"""The files that ship with the app: the fictional example and the season's facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from data.seasons import Season, current_season, upgrade_saved_dates
from data.validation import load_path

EXAMPLE_DIR = Path(__file__).resolve().parent / "example"


def example_tables() -> dict[str, pd.DataFrame]:
    return {name: load_path(EXAMPLE_DIR / f"{name}.csv", name).valid for name in ("programs", "contacts", "letters", "applications")}


def example_settings() -> dict[str, dict[str, Any]]:
    return {
        "profile": json.loads((EXAMPLE_DIR / "profile.json").read_text(encoding="utf-8")),
        "weights": json.loads((EXAMPLE_DIR / "weights.json").read_text(encoding="utf-8")),
        "final_order": json.loads((EXAMPLE_DIR / "final_order.json").read_text(encoding="utf-8")),
    }


def season() -> Season:
    """The season's dated facts: the newest data/season/<year>.toml, loaded once."""
    return current_season()


# Before season files, the fees and dates shipped as two JSON files a user could edit.
LEGACY_FEES_FILE = Path(__file__).resolve().parent / "eras_fees.json"
LEGACY_DATES_FILE = Path(__file__).resolve().parent / "season_dates.json"
# What those files shipped with, so an unedited copy is not taken for the user's edits.
LEGACY_SHIPPED_DATES = {"eras_opens": "2026-09-23", "rank_list_deadline": "2027-03-03", "match_day": "2027-03-19"}


def legacy_date_edits(folder: Path | None = None) -> dict[str, str]:
    """Dates a user changed in the old data/season_dates.json (in today's names), so an
    upgrade keeps them as their own dates; {} when the file is gone or was never edited."""
    path = (folder / LEGACY_DATES_FILE.name) if folder else LEGACY_DATES_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8")).get("dates") or {}
    except (OSError, ValueError, AttributeError):
        return {}
    edited = {k: str(v)[:10] for k, v in raw.items() if isinstance(v, str) and LEGACY_SHIPPED_DATES.get(k) != v[:10]}
    return upgrade_saved_dates(edited)


def legacy_fees_note(folder: Path | None = None) -> str:
    """A note when the old data/eras_fees.json is still there: it is no longer read."""
    path = (folder / LEGACY_FEES_FILE.name) if folder else LEGACY_FEES_FILE
    if not path.exists():
        return ""
    return (
        f"{path.name} is no longer read: ERAS now charges per specialty, and the fees are in "
        f"data/season/{current_season().file} with their sources. Change them there if you need to; then delete {path.name}."
    )
