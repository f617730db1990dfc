"""US states and the Census Bureau's regions and divisions (which ERAS uses
for geographic preferences)."""

from __future__ import annotations

# code: (name, division)
STATES: dict[str, tuple[str, str]] = {
    "CT": ("Connecticut", "New England"),
    "ME": ("Maine", "New England"),
    "MA": ("Massachusetts", "New England"),
    "NH": ("New Hampshire", "New England"),
    "RI": ("Rhode Island", "New England"),
    "VT": ("Vermont", "New England"),
    "NJ": ("New Jersey", "Middle Atlantic"),
    "NY": ("New York", "Middle Atlantic"),
    "PA": ("Pennsylvania", "Middle Atlantic"),
    "PR": ("Puerto Rico", "Middle Atlantic"),
    "IL": ("Illinois", "East North Central"),
    "IN": ("Indiana", "East North Central"),
    "MI": ("Michigan", "East North Central"),
    "OH": ("Ohio", "East North Central"),
    "WI": ("Wisconsin", "East North Central"),
    "IA": ("Iowa", "West North Central"),
    "KS": ("Kansas", "West North Central"),
    "MN": ("Minnesota", "West North Central"),
    "MO": ("Missouri", "West North Central"),
    "NE": ("Nebraska", "West North Central"),
    "ND": ("North Dakota", "West North Central"),
    "SD": ("South Dakota", "West North Central"),
    "DE": ("Delaware", "South Atlantic"),
    "DC": ("District of Columbia", "South Atlantic"),
    "FL": ("Florida", "South Atlantic"),
    "GA": ("Georgia", "South Atlantic"),
    "MD": ("Maryland", "South Atlantic"),
    "NC": ("North Carolina", "South Atlantic"),
    "SC": ("South Carolina", "South Atlantic"),
    "VA": ("Virginia", "South Atlantic"),
    "WV": ("West Virginia", "South Atlantic"),
    "AL": ("Alabama", "East South Central"),
    "KY": ("Kentucky", "East South Central"),
    "MS": ("Mississippi", "East South Central"),
    "TN": ("Tennessee", "East South Central"),
    "AR": ("Arkansas", "West South Central"),
    "LA": ("Louisiana", "West South Central"),
    "OK": ("Oklahoma", "West South Central"),
    "TX": ("Texas", "West South Central"),
    "AZ": ("Arizona", "Mountain"),
    "CO": ("Colorado", "Mountain"),
    "ID": ("Idaho", "Mountain"),
    "MT": ("Montana", "Mountain"),
    "NV": ("Nevada", "Mountain"),
    "NM": ("New Mexico", "Mountain"),
    "UT": ("Utah", "Mountain"),
    "WY": ("Wyoming", "Mountain"),
    "AK": ("Alaska", "Pacific"),
    "CA": ("California", "Pacific"),
    "HI": ("Hawaii", "Pacific"),
    "OR": ("Oregon", "Pacific"),
    "WA": ("Washington", "Pacific"),
}

DIVISION_REGION: dict[str, str] = {
    "New England": "Northeast",
    "Middle Atlantic": "Northeast",
    "East North Central": "Midwest",
    "West North Central": "Midwest",
    "South Atlantic": "South",
    "East South Central": "South",
    "West South Central": "South",
    "Mountain": "West",
    "Pacific": "West",
}

REGIONS = ("Northeast", "Midwest", "South", "West")
DIVISIONS = tuple(DIVISION_REGION)


def _key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# Every spelling we accept for a state, folded: codes, names, "Washington DC".
STATE_LOOKUP: dict[str, str] = {}
for _code, (_name, _division) in STATES.items():
    STATE_LOOKUP[_key(_code)] = _code
    STATE_LOOKUP[_key(_name)] = _code
STATE_LOOKUP.update({"washingtondc": "DC", "dc": "DC", "districtofcolumbia": "DC"})

REGION_LOOKUP = {_key(r): r for r in REGIONS}
DIVISION_LOOKUP = {_key(d): d for d in DIVISIONS}
