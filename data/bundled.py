"""The files that ship with the app: the fictional example and the fee schedule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from data.validation import load_path

EXAMPLE_DIR = Path(__file__).resolve().parent / "example"
FEES_FILE = Path(__file__).resolve().parent / "eras_fees.json"


def example_tables() -> dict[str, pd.DataFrame]:
    return {name: load_path(EXAMPLE_DIR / f"{name}.csv", name).valid for name in ("programs", "contacts", "letters", "applications")}


def example_settings() -> dict[str, dict[str, Any]]:
    return {
        "profile": json.loads((EXAMPLE_DIR / "profile.json").read_text(encoding="utf-8")),
        "weights": json.loads((EXAMPLE_DIR / "weights.json").read_text(encoding="utf-8")),
        "final_order": json.loads((EXAMPLE_DIR / "final_order.json").read_text(encoding="utf-8")),
    }


def eras_fees() -> dict[str, Any]:
    return json.loads(FEES_FILE.read_text(encoding="utf-8"))


SEASON_FILE = Path(__file__).resolve().parent / "season_dates.json"


def season_dates() -> dict[str, Any]:
    """This season's key dates as shipped (an estimate the user can override)."""
    return json.loads(SEASON_FILE.read_text(encoding="utf-8"))
