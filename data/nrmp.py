"""What an NRMP program code says. A code such as 1716766C0 is the institution (four
digits), the specialty (three), the position type (one letter) and a final digit; the
specialty's meaning belongs to the specialty packs, the position type is read here."""

from __future__ import annotations

import pandas as pd

# NRMP position types (NRMP, "Main Residency Match" program codes; checked 2026-12-07 against
# the common brief's contract, not yet against an NRMP page: see the README's note).
POSITIONS = {"C": "categorical", "P": "preliminary", "R": "physician (reserved, PGY-2 and later)", "A": "advanced"}
CODE = r"^([0-9]{4})([0-9]{3})([CPRA])([0-9])$"


def parts(codes: pd.Series) -> pd.DataFrame:
    """institution, specialty, position letter and digit of each code; NA where a code is not of that form."""
    found = codes.astype("string").str.strip().str.upper().str.extract(CODE)
    found.columns = ["institution", "specialty", "position", "digit"]
    return found


def position_letter(codes: pd.Series) -> pd.Series:
    return parts(codes)["position"]
