"""What an NRMP program code says. A code such as 1716766C0 is the institution (four
digits), the ACGME specialty code (three), the program type (one letter) and a track
number (one to three digits, 0 for the main track). Source: NRMP, "Program Codes and
Types", https://www.nrmp.org/program-codes-and-types/ (read 2026-12-07). The specialty's
meaning belongs to the specialty packs; the position type is read here."""

from __future__ import annotations

import pandas as pd

# Main Residency Match program types, in the app's words (same source as above).
POSITIONS = {
    "C": "categorical (starts at PGY-1, full training)",
    "M": "primary care categorical (some medicine and pediatrics programs)",
    "P": "preliminary (one year)",
    "A": "advanced (starts after preliminary training)",
    "R": "physician (reserved for those with prior graduate medical education)",
}
CODE = r"^([0-9]{4})([0-9]{3})([CMPAR])([0-9]{1,3})$"


def parts(codes: pd.Series) -> pd.DataFrame:
    """institution, specialty, position letter and track of each code; NA where a code is not of that form."""
    found = codes.astype("string").str.strip().str.upper().str.extract(CODE)
    found.columns = ["institution", "specialty", "position", "track"]
    return found


def position_letter(codes: pd.Series) -> pd.Series:
    return parts(codes)["position"]
