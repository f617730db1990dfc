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
STEP1_STATUS = ("", "pass", "not-taken", "failed-attempts")  # "" = not entered

FACTORS = ("friendliness", "focus", "research", "location", "stability", "interest", "reflection")
FACTOR_LABELS = {
    "friendliness": "IMG-friendliness",
    "focus": "Career-focus alignment",
    "research": "Research fit",
    "location": "Location",
    "stability": "Program stability",
    "interest": "Your interest",
    "reflection": "Your reflection",
}


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
    vision: str = ""  # the 10-year vision: three to five sentences on your ideal professional life
    step1_status: str = ""
    pathway_status: str = ""  # OET and ECFMG pathway, in your words
    genetics_research: bool = False  # genetics research or a fellowship already done
    experiences: tuple[dict[str, Any], ...] = ()  # {"text": str, "tags": [strength tags]}

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
        _check_season_fields(self)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ecfmg_expected"] = self.ecfmg_expected.isoformat() if self.ecfmg_expected else None
        out["preferred_divisions"] = list(self.preferred_divisions)
        out["experiences"] = [dict(e) for e in self.experiences]
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
        if "experiences" in raw:
            raw["experiences"] = tuple({"text": str(e.get("text", "")), "tags": list(e.get("tags") or [])} for e in raw["experiences"] or ())
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


def _check_season_fields(profile: Profile) -> None:
    from data.columns import STRENGTH_TAGS

    if profile.step1_status not in STEP1_STATUS:
        raise ValueError(f"profile step1_status must be one of {', '.join(s for s in STEP1_STATUS if s)} or blank, not {profile.step1_status!r}")
    for i, experience in enumerate(profile.experiences, start=1):
        unknown = set(experience.get("tags") or []) - set(STRENGTH_TAGS)
        if unknown:
            raise ValueError(f"experience {i} has unknown tags: {', '.join(sorted(unknown))}; known: {', '.join(STRENGTH_TAGS)}")


@dataclass(frozen=True)
class Weights:
    friendliness: float = 5.0
    focus: float = 5.0
    research: float = 5.0
    location: float = 5.0
    stability: float = 5.0
    interest: float = 5.0
    # 0 by default: before any interview every reflection is unknown, and a weight
    # would lower every conservative score (and goal fit, and so tiers) alike.
    reflection: float = 0.0

    def __post_init__(self) -> None:
        for name in FACTORS:
            value = getattr(self, name)
            if not 0 <= value <= 10:
                raise ValueError(f"weight {name} must be from 0 to 10, not {value}")

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, f)) for f in FACTORS)

    def to_dict(self) -> dict[str, float]:
        return {f: float(getattr(self, f)) for f in FACTORS}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Weights:
        raw = dict(raw or {})
        unknown = set(raw) - set(FACTORS)
        if unknown:
            raise ValueError(f"unknown weights: {', '.join(sorted(unknown))}; known: {', '.join(FACTORS)}")
        return cls(**{k: float(v) for k, v in raw.items()})


PRESETS: dict[str, Weights] = {
    "balanced": Weights(),
    "visa first": Weights(friendliness=10, focus=4, research=2, location=3, stability=4, interest=5),
    "academic career": Weights(friendliness=5, focus=6, research=10, location=2, stability=5, interest=5),
    "pediatric focus": Weights(friendliness=6, focus=10, research=4, location=3, stability=4, interest=5),
}
