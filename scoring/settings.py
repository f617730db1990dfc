"""The applicant's profile and weights: plain typed values, with the defaults
and presets documented in one place."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date
from typing import Any

VISA_NEEDS = ("none", "j1", "h1b", "either")
PRIOR_RESIDENCY = ("none", "pediatrics", "internal-medicine", "other")
CAREER_FOCUS = ("pediatric", "adult", "reproductive", "laboratory")
CAREER_PATH = ("clinical", "academic", "industry")

FACTORS = ("friendliness", "focus", "research", "location", "stability", "interest")
FACTOR_LABELS = {
    "friendliness": "IMG-friendliness",
    "focus": "Career-focus alignment",
    "research": "Research fit",
    "location": "Location",
    "stability": "Program stability",
    "interest": "Your interest",
}

# Where in its range (conservative to potential) a score is read for ranking and tiers.
UNKNOWNS = ("least", "middle", "most")
UNKNOWNS_LABELS = {"least": "at their least", "middle": "at the middle of their range", "most": "at their most"}
UNKNOWNS_POINT = {"least": 0.0, "middle": 0.5, "most": 1.0}


@dataclass(frozen=True)
class Thresholds:
    """Tier boundaries. Defaults follow the guides: a dream program fits your
    goals strongly and is not closed to IMGs; a safety is clearly IMG-friendly."""

    dream_goal_fit: float = 65.0  # fit score without the friendliness factor, 0-100
    safety_friendliness: float = 7.0  # conservative IMG-friendliness, 0-10
    solid_friendliness: float = 4.0


@dataclass(frozen=True)
class Profile:
    name: str = ""
    country: str = ""
    visa_need: str = "j1"
    step2_score: int | None = None
    attempts: int | None = None
    graduation_year: int | None = None
    ecfmg_certified: bool = False
    ecfmg_expected: date | None = None
    prior_residency: str = "none"
    career_focus: str = "pediatric"
    career_path: str = "clinical"
    preferred_divisions: tuple[str, ...] = ()
    cost_tolerance: int = 3  # highest cost-of-living level (1-5) you are comfortable with
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        checks = {
            "visa_need": VISA_NEEDS,
            "prior_residency": PRIOR_RESIDENCY,
            "career_focus": CAREER_FOCUS,
            "career_path": CAREER_PATH,
        }
        for name, allowed in checks.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"profile {name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        if len(self.preferred_divisions) > 3:
            raise ValueError("ERAS allows at most three preferred divisions")
        if not 1 <= self.cost_tolerance <= 5:
            raise ValueError("cost_tolerance must be from 1 to 5")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ecfmg_expected"] = self.ecfmg_expected.isoformat() if self.ecfmg_expected else None
        out["preferred_divisions"] = list(self.preferred_divisions)
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Profile:
        raw = dict(raw or {})
        known = {f.name for f in fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown profile fields: {', '.join(sorted(unknown))}")
        if raw.get("ecfmg_expected"):
            raw["ecfmg_expected"] = date.fromisoformat(str(raw["ecfmg_expected"])[:10])
        if "preferred_divisions" in raw:
            raw["preferred_divisions"] = tuple(raw["preferred_divisions"] or ())
        if isinstance(raw.get("thresholds"), dict):
            raw["thresholds"] = Thresholds(**raw["thresholds"])
        for key in ("step2_score", "attempts", "graduation_year"):
            if raw.get(key) in ("", None):
                raw[key] = None
            elif key in raw:
                raw[key] = int(raw[key])
        return cls(**raw)

    def with_(self, **changes: Any) -> Profile:
        return replace(self, **changes)


@dataclass(frozen=True)
class Weights:
    friendliness: float = 5.0
    focus: float = 5.0
    research: float = 5.0
    location: float = 5.0
    stability: float = 5.0
    interest: float = 5.0
    unknowns: str = "middle"  # how unknown inputs count for ranking and tiers: one of UNKNOWNS

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not 0 <= value <= 10:
                raise ValueError(f"weight {name} must be from 0 to 10, not {value}")
        if self.unknowns not in UNKNOWNS:
            raise ValueError(f"unknowns must be one of {', '.join(UNKNOWNS)}, not {self.unknowns!r}")

    @property
    def point(self) -> float:
        """Where in each range the ranking reads: 0 conservative, 1 potential."""
        return UNKNOWNS_POINT[self.unknowns]

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, f)) for f in FACTORS)

    def to_dict(self) -> dict[str, Any]:
        return {**{f: float(getattr(self, f)) for f in FACTORS}, "unknowns": self.unknowns}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Weights:
        raw = dict(raw or {})
        unknown = set(raw) - {*FACTORS, "unknowns"}
        if unknown:
            raise ValueError(f"unknown weights: {', '.join(sorted(unknown))}; known: {', '.join(FACTORS)}, unknowns")
        unknowns = str(raw.pop("unknowns", "middle"))
        return cls(unknowns=unknowns, **{k: float(v) for k, v in raw.items()})


PRESETS: dict[str, Weights] = {
    "balanced": Weights(),
    "visa first": Weights(friendliness=10, focus=4, research=2, location=3, stability=4, interest=5),
    "academic career": Weights(friendliness=5, focus=6, research=10, location=2, stability=5, interest=5),
    "pediatric focus": Weights(friendliness=6, focus=10, research=4, location=3, stability=4, interest=5),
}
