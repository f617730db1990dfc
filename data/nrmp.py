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
# The same source gives the code 9 to 11 characters: 4 + 3 + 1 + a track of 1 to 3 digits, as
# above. (Its Specialties Matching Service letters F and S name fellowships, not residencies.)

# The ACGME program number: no official page found by the search tool confirms its length
# (the ones seen are 10 digits, e.g. 7664800001), so only a cell that is not digits alone
# is said not to be one. Not confirmed (searched 2026-12-07).
ACGME = r"^[0-9]+$"

# What a cell in each code column must look like, and why one that does not is flagged: a cell
# that is not a code is kept as written and never used as a program's identity.
CHECKS = {
    "nrmp_code": (
        "(?i)" + CODE,  # 1716766c0 is a code too (written upper case when read)
        "is not an NRMP program code (4 digits for the institution, 3 for the specialty, the position letter C, M, P, A or R, "
        "then a track number: like 1716766C0), so it is not used to tell programs apart",
    ),
    "acgme_id": (ACGME, "is not an ACGME program number (digits only, like 7664800001), so it is not used to tell programs apart"),
}


def not_codes(cells: pd.Series, column: str) -> pd.Series:
    """True where a cell is given but is not of its column's code form (see CHECKS); cells come
    stripped, as every cell is read. (Arrow's regex engine: a directory export has thousands.)"""
    text = cells.astype("string[pyarrow]")
    return (text.notna() & ~text.str.match(CHECKS[column][0]).fillna(False)).astype(bool)


def parts(codes: pd.Series) -> pd.DataFrame:
    """institution, specialty, position letter and track of each code; NA where a code is not of that form."""
    found = codes.astype("string").str.strip().str.upper().str.extract(CODE)
    found.columns = ["institution", "specialty", "position", "track"]
    return found


def position_letter(codes: pd.Series) -> pd.Series:
    return parts(codes)["position"]
