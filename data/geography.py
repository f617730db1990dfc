"""US states and the Census Bureau's regions and divisions (which ERAS uses
for geographic preferences)."""

from __future__ import annotations

import difflib

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
# The abbreviations written in prose and addresses ("Calif.", "N.Y.", "Mich"), some in two forms.
_PROSE = {
    "AL": "Ala",
    "AZ": "Ariz",
    "AR": "Ark",
    "CA": "Calif Cal",
    "CO": "Colo",
    "CT": "Conn",
    "DE": "Del",
    "FL": "Fla",
    "IL": "Ill",
    "IN": "Ind",
    "KS": "Kan Kans",
    "MD": "Md",
    "MA": "Mass",
    "MI": "Mich",
    "MN": "Minn",
    "MS": "Miss",
    "MT": "Mont",
    "NE": "Neb Nebr",
    "NV": "Nev",
    "OK": "Okla",
    "OR": "Ore Oreg",
    "PA": "Penn Penna",
    "TN": "Tenn",
    "TX": "Tex",
    "WA": "Wash",
    "WV": "WVa",
    "WI": "Wis Wisc",
    "WY": "Wyo",
}
for _code, _spellings in _PROSE.items():
    STATE_LOOKUP.update({_key(s): _code for s in _spellings.split()})


def state_hint(text: str) -> str:
    """'; did you mean California (CA)?' for a state name nearly right, else ''."""
    names = {_key(name): (code, name) for code, (name, _) in STATES.items()}
    close = difflib.get_close_matches(_key(text), list(names), n=1, cutoff=0.75)
    if not close:
        return ""
    code, name = names[close[0]]
    return f"; did you mean {name} ({code})?"


REGION_LOOKUP = {_key(r): r for r in REGIONS}
DIVISION_LOOKUP = {_key(d): d for d in DIVISIONS}
