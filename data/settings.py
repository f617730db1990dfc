"""The applicant's profile and weights: plain typed values, with the defaults
and presets documented in one place, and the checks every stored setting passes.

It lives on the data floor, beside data/columns.py: it is the contract of the
workspace's settings as columns.py is of its tables, so the backup reader
(data/bundle.py) checks a backup's settings with it without reaching up into
scoring, and scoring and the pages read the same types from below."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from data.geography import DIVISIONS
from data.packs import LEGACY_PROFILE_KEYS, Pack, Packs, registry
from data.seasons import DATE_KEYS, upgrade_saved_dates

# "" = not said yet: a new, blank profile's visa (eligibility then waits on it, never guesses one).
VISA_NEEDS = ("", "none", "j1", "h1b", "either")
# "" = not said yet, for prior residency, career focus and career path as for the visa: a new
# profile chooses none of them (eligibility and fit then wait on the answer, never guess one).
PRIOR_RESIDENCY = ("", "none", "pediatrics", "internal-medicine", "obgyn", "other")
# Where the prior residency was done: programs that ask for prior training mean ACGME (US)
# or RCPSC (Canada) training; "" = not said yet.
PRIOR_RESIDENCY_WHERE = ("", "us-canada", "abroad")
# Career focuses come from the specialty packs (data/specialties/*.toml).
CAREER_FOCUS = registry().focus_codes
CAREER_FOCUS_OR_UNSAID = ("", *CAREER_FOCUS)
CAREER_PATH = ("", "clinical", "academic", "industry")
# "" = not entered. "failed-attempts" is the old, ambiguous answer (passed after a fail, or
# failed): still read, and the Profile asks to choose again.
STEP1_STATUS = ("", "pass", "pass-after-fail", "failed", "not-taken", "failed-attempts")
STEP3 = ("", "not-taken", "scheduled", "passed")
ERAS_MAX_DIVISIONS = 3  # MyERAS geographic preferences (AAMC, read 2026-12-07)
ERAS_SETTINGS = ("urban", "suburban", "rural")

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
    attempts: int | None = None  # the most attempts on any one Step
    graduation_year: int | None = None
    ecfmg_certified: bool = False
    ecfmg_expected: date | None = None
    # Only the month of ecfmg_expected is known (stored as the month's last day): a program's
    # deadline inside that month is then not known, never decided by a day the user did not give.
    ecfmg_month_only: bool = False
    prior_residency: str = "none"
    prior_residency_where: str = ""
    career_focus: str = "pediatric"
    career_path: str = "clinical"
    preferred_divisions: tuple[str, ...] = ()
    cost_tolerance: int = 3  # highest cost-of-living level (1-5) you are comfortable with
    thresholds: Thresholds = field(default_factory=Thresholds)
    vision: str = ""  # the 10-year vision: three to five sentences on your ideal professional life
    step1_status: str = ""
    step3: str = ""
    step3_date: date | None = None
    pathway_status: str = ""  # OET and ECFMG pathway, in your words
    specialty_research: bool = False  # research or a fellowship in the specialty already done
    experiences: tuple[dict[str, Any], ...] = ()  # {"text": str, "tags": [strength tags]}
    # ERAS geographic and setting preferences: a message to programs, not your own location
    # preference (preferred_divisions, which scores location and has no cap). MyERAS takes up to
    # three Census divisions and urban / suburban / rural, or no preference; only programs in a
    # chosen division see it, and "no preference" is shown to every program (AAMC, MyERAS
    # "Biographical Information" and 2024 MyERAS FAQs "Geographic Information", read 2026-12-07).
    eras_divisions: tuple[str, ...] = ()
    eras_settings: tuple[str, ...] = ()
    eras_no_preference: bool = False
    specialties: tuple[str, ...] = ()  # the specialties (pack keys) applied to; () = the first pack's
    focuses: tuple[tuple[str, str], ...] = ()  # (specialty, career focus) for each other specialty

    def __post_init__(self) -> None:
        checks = {
            "visa_need": VISA_NEEDS,
            "prior_residency": PRIOR_RESIDENCY,
            "prior_residency_where": PRIOR_RESIDENCY_WHERE,
            "step3": STEP3,
            "career_focus": CAREER_FOCUS_OR_UNSAID,
            "career_path": CAREER_PATH,
        }
        for name, allowed in checks.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"profile {name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        if len(self.eras_divisions) > ERAS_MAX_DIVISIONS:
            raise ValueError(f"ERAS takes at most {ERAS_MAX_DIVISIONS} divisions as geographic preferences")
        if not 1 <= self.cost_tolerance <= 5:
            raise ValueError("cost_tolerance must be from 1 to 5")
        _check_season_fields(self)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ecfmg_expected"] = self.ecfmg_expected.isoformat() if self.ecfmg_expected else None
        out["step3_date"] = self.step3_date.isoformat() if self.step3_date else None
        out["preferred_divisions"] = list(self.preferred_divisions)
        out["experiences"] = [dict(e) for e in self.experiences]
        out["specialties"] = list(self.specialties)
        out["eras_divisions"] = list(self.eras_divisions)
        out["eras_settings"] = list(self.eras_settings)
        out["focuses"] = dict(self.focuses)
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Profile:
        """A checked profile; SettingsError lists every problem (the CLI, the pages and restore all use this)."""
        return parse_profile(raw)

    def with_(self, **changes: Any) -> Profile:
        return replace(self, **changes)


def blank_profile() -> Profile:
    """A new user's profile: no visa, prior residency, career focus or career path said yet.
    Profile()'s own defaults stay ("j1", "none", "pediatric", "clinical") so that a stored
    profile read without a field (an old or hand-written one) keeps what it meant."""
    return Profile(visa_need="", prior_residency="", career_focus="", career_path="")


# The answers a blank profile leaves unsaid ("") and that eligibility or fit wait on, in the Profile's order.
UNSAID_FIELDS = ("visa_need", "prior_residency", "career_focus", "career_path")


def unsaid(profile: Profile) -> list[str]:
    """Which of UNSAID_FIELDS the profile does not say yet."""
    return [name for name in UNSAID_FIELDS if getattr(profile, name) == ""]


def missing_answers(profile: Profile) -> tuple[list[str], list[str]]:
    """The Profile answers not given yet, in the Profile's order: those eligibility waits on
    (Profile fields) and those fit waits on (career_focus, each other specialty's focus as
    "focus:<pack key>", career_path). The Profile's note and Start both name these."""
    keys = unsaid(profile)
    blank = {
        "step2_score": profile.step2_score is None,
        "attempts": profile.attempts is None,
        "graduation_year": profile.graduation_year is None,
        "ecfmg_expected": not profile.ecfmg_certified and profile.ecfmg_expected is None,
    }
    eligibility = (
        ["visa_need"] * ("visa_need" in keys) + [name for name, missing in blank.items() if missing] + ["prior_residency"] * ("prior_residency" in keys)
    )
    fit = ["career_focus"] * ("career_focus" in keys) + [f"focus:{key}" for key in unsaid_focuses(profile)] + ["career_path"] * ("career_path" in keys)
    # Fit waits on it too where a chosen focus reads a track entered after a residency
    # (scoring.decision.fit.unsaid_answers: the focus spans both answers until it is said).
    fit += ["prior_residency"] * ("prior_residency" in keys and focus_reads_prior_residency(profile))
    return eligibility, fit


def chosen_focus(profile: Profile, pack: Pack, packs: Packs | None = None) -> str | None:
    """The applicant's career focus within a specialty: the profile's choice for it, or
    (for the first specialty) the main career focus; None when not chosen."""
    packs = packs or registry()
    chosen = dict(profile.focuses).get(pack.key)
    if chosen in pack.focuses:
        return chosen
    if pack.key == packs.primary.key and profile.career_focus in pack.focuses:
        return profile.career_focus
    return None


def focus_reads_prior_residency(profile: Profile) -> bool:
    """Whether a career focus chosen in a specialty applied to counts a track entered only after
    another residency (prenatal genetics: the MFM track, after OB/GYN): fit's focus then reads
    whether the applicant completed that residency."""
    packs = registry()
    for key in profile.specialties or (packs.primary.key,):
        pack = packs.by_key.get(key)
        code = chosen_focus(profile, pack, packs) if pack else None
        track = pack.track(pack.focuses[code].track) if pack and code and pack.focuses[code].track else None
        if track is not None and track.entry_level == "after-residency":
            return True
    return False


def unsaid_focuses(profile: Profile) -> list[str]:
    """The other specialties applied to (pack keys) with no career focus chosen yet: the first
    specialty's focus is career_focus (in UNSAID_FIELDS); fit counts each of these as unknown
    for that specialty's programs, as scoring.decision.fit.unsaid_answers says per program."""
    packs = registry()
    chosen = dict(profile.focuses)
    return [key for key in profile.specialties if key != packs.primary.key and key in packs.by_key and not chosen.get(key)]


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
    unknowns: str = "middle"  # how unknown inputs count for ranking and tiers: one of UNKNOWNS
    # 0 by default: before any interview every reflection is unknown, and a weight
    # would lower every conservative score (and goal fit, and so tiers) alike.
    reflection: float = 0.0

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
        return parse_weights(raw)


PRESETS: dict[str, Weights] = {
    "balanced": Weights(),
    "visa first": Weights(friendliness=10, focus=4, research=2, location=3, stability=4, interest=5),
    "academic career": Weights(friendliness=5, focus=6, research=10, location=2, stability=5, interest=5),
    "pediatric focus": Weights(friendliness=6, focus=10, research=4, location=3, stability=4, interest=5),
}


# Validation -------------------------------------------------------------------------
# One validator for every way a setting arrives: the Profile page, the CLI's JSON files,
# a restored backup and the workspace itself. Each problem names the field and the value.

THRESHOLD_BOUNDS: dict[str, tuple[float, float]] = {"dream_goal_fit": (0, 100), "safety_friendliness": (0, 10), "solid_friendliness": (0, 10)}
WEIGHT_BOUNDS = (0.0, 10.0)
# The same ranges as the Profile page's inputs.
PROFILE_INTEGERS: dict[str, tuple[int, int]] = {"step2_score": (1, 300), "attempts": (0, 10), "graduation_year": (1950, 2100)}
MAX_TEXT = 200
MAX_LONG_TEXT = 10_000  # the 10-year vision and other paragraphs
MAX_LIST = 100_000


class SettingsError(ValueError):
    """A setting that cannot be used; problems lists each reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"the text {value[:40]!r}" + ("…" if len(value) > 40 else "")
    if isinstance(value, list | dict):
        return f"a {'list' if isinstance(value, list) else 'JSON object'} of {len(value)}"
    return repr(value)[:40]


def _number(where: str, value: Any, lo: float, hi: float, problems: list[str], integer: bool = False) -> Any:
    kind = "a whole number" if integer else "a number"
    # bool is an int in Python, but true is not a threshold.
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where} must be {kind} from {lo:g} to {hi:g}, not {_show(value)}")
    elif not math.isfinite(value):
        problems.append(f"{where} must be {kind} from {lo:g} to {hi:g}, not {value!r} (too large to be a number, or not one)")
    elif not lo <= value <= hi:
        problems.append(f"{where} must be from {lo:g} to {hi:g}, not {value!r}")
    elif integer and value != int(value):
        problems.append(f"{where} must be a whole number, not {value!r}")
    else:
        return int(value) if integer else float(value)
    return None


def _object(where: str, raw: Any, problems: list[str]) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.append(f"{where} must be a JSON object ({{...}}), not {_show(raw)}")
        return {}
    return raw


def _construct(cls: type, values: dict[str, Any], where: str, problems: list[str], before: int) -> Any:
    """cls(**values), or None (with the reason added) when checking found problems or cls refuses."""
    if len(problems) > before:
        return None
    try:
        return cls(**values)
    except (ValueError, TypeError) as exc:
        problems.append(f"{where}: {exc}")
        return None


def _dataclass(cls: type, raw: Any, where: str, bounds: Callable[[str], tuple[float, float]], problems: list[str]) -> Any:
    """Build a flat dataclass of numbers and text from JSON, checking each field by its default's type.

    Generic over the fields, so a field added later is checked too; choices are left to
    the dataclass's own __post_init__, whose ValueError becomes a problem here.
    """
    before = len(problems)
    raw = _object(where, raw, problems)
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        problems.append(f"{where} has unknown fields: {', '.join(map(str, unknown))}; known: {', '.join(known)}")
    values: dict[str, Any] = {}
    for name, spec in known.items():
        if name not in raw:
            continue
        value, default = raw[name], spec.default
        if isinstance(default, float | int) and not isinstance(default, bool):
            values[name] = _number(f"{where}.{name}", value, *bounds(name), problems)
        elif isinstance(default, str) and not isinstance(value, str):
            problems.append(f"{where}.{name} must be text, not {_show(value)}")
        else:
            values[name] = value
    return _construct(cls, values, where, problems, before)


def _profile(raw: Any, problems: list[str]) -> Profile | None:
    before = len(problems)
    raw = _object("profile", raw, problems)
    # Keys older versions saved under another name.
    raw = {LEGACY_PROFILE_KEYS.get(k, k): v for k, v in raw.items()} if any(k in LEGACY_PROFILE_KEYS for k in raw) else raw
    known = {f.name for f in fields(Profile)}
    unknown = sorted(set(raw) - known)
    if unknown:
        problems.append(f"profile has unknown fields: {', '.join(map(str, unknown))}")
    values: dict[str, Any] = {}
    for name in ("name", "country"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            problems.append(f"profile.{name} must be text, not {_show(raw[name])}")
        elif raw.get(name) is not None and len(raw[name]) > MAX_TEXT:
            problems.append(f"profile.{name} is longer than {MAX_TEXT} characters")
        elif name in raw:
            values[name] = raw[name] or ""
    for name, allowed in (
        ("visa_need", VISA_NEEDS),
        ("prior_residency", PRIOR_RESIDENCY),
        ("prior_residency_where", PRIOR_RESIDENCY_WHERE),
        ("step3", STEP3),
        ("career_focus", CAREER_FOCUS_OR_UNSAID),
        ("career_path", CAREER_PATH),
    ):
        if name in raw:
            if raw[name] not in allowed:
                problems.append(f"profile.{name} must be one of {', '.join(allowed)}, not {_show(raw[name])}")
            values[name] = raw[name]
    for name, (lo, hi) in PROFILE_INTEGERS.items():
        if raw.get(name) not in ("", None):
            values[name] = _number(f"profile.{name}", raw[name], lo, hi, problems, integer=True)
        elif name in raw:
            values[name] = None
    for name in ("ecfmg_certified", "ecfmg_month_only"):
        if name in raw:
            if not isinstance(raw[name], bool):
                problems.append(f"profile.{name} must be true or false, not {_show(raw[name])}")
            values[name] = raw[name]
    for name in ("ecfmg_expected", "step3_date"):
        given = raw.get(name)
        if given not in ("", None):
            try:
                values[name] = given if isinstance(given, date) else date.fromisoformat(str(given)[:10])
            except ValueError:
                problems.append(f"profile.{name} must be a date as YYYY-MM-DD, not {_show(given)}")
    expected = values.get("ecfmg_expected")
    if "ecfmg_month_only" not in raw and isinstance(expected, date) and (expected + timedelta(days=1)).day == 1:
        # Saved before the app said so: a month given alone was saved as its last day, so such a
        # date is read as that month (a deadline inside it is then unknown, not decided by the day).
        values["ecfmg_month_only"] = True
    divisions = raw.get("preferred_divisions")
    if divisions is not None:
        if not isinstance(divisions, list | tuple):
            problems.append(f'profile.preferred_divisions must be a list of Census division names (like ["Pacific"]), not {_show(divisions)}')
        else:
            wrong = [d for d in divisions if d not in DIVISIONS]
            if wrong:
                problems.append(f"profile.preferred_divisions: unknown divisions {', '.join(map(_show, wrong[:5]))}; known: {', '.join(DIVISIONS)}")
            elif len(set(divisions)) < len(divisions):
                problems.append("profile.preferred_divisions names a division twice")
            values["preferred_divisions"] = tuple(divisions)
    for name in ("vision", "step1_status", "pathway_status"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            problems.append(f"profile.{name} must be text, not {_show(raw[name])}")
        elif raw.get(name) is not None and len(raw[name]) > MAX_LONG_TEXT:
            problems.append(f"profile.{name} is longer than {MAX_LONG_TEXT:,} characters")
        elif name in raw:
            values[name] = raw[name] or ""
    if "specialty_research" in raw:
        if not isinstance(raw["specialty_research"], bool):
            problems.append(f"profile.specialty_research must be true or false, not {_show(raw['specialty_research'])}")
        values["specialty_research"] = raw["specialty_research"]
    eras = raw.get("eras_divisions")
    if eras is not None:
        if not isinstance(eras, list | tuple) or any(d not in DIVISIONS for d in eras):
            problems.append(f"profile.eras_divisions must be a list of Census divisions; known: {', '.join(DIVISIONS)}")
        elif len(eras) > ERAS_MAX_DIVISIONS or len(set(eras)) < len(eras):
            problems.append(f"profile.eras_divisions has {len(eras)} divisions; ERAS takes at most {ERAS_MAX_DIVISIONS}, each once")
        else:
            values["eras_divisions"] = tuple(eras)
    settings_chosen = raw.get("eras_settings")
    if settings_chosen is not None:
        if not isinstance(settings_chosen, list | tuple) or any(x not in ERAS_SETTINGS for x in settings_chosen):
            problems.append(f"profile.eras_settings must be a list of {', '.join(ERAS_SETTINGS)}, not {_show(settings_chosen)}")
        else:
            values["eras_settings"] = tuple(dict.fromkeys(settings_chosen))
    if "eras_no_preference" in raw:
        if not isinstance(raw["eras_no_preference"], bool):
            problems.append(f"profile.eras_no_preference must be true or false, not {_show(raw['eras_no_preference'])}")
        values["eras_no_preference"] = raw["eras_no_preference"]
    packs = registry()
    chosen = raw.get("specialties")
    if chosen is not None:
        if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
            problems.append(f"profile.specialties must be a list of specialties (the names of files in data/specialties, without .toml), not {_show(chosen)}")
        else:
            wrong = [c for c in chosen if c not in packs.by_key]
            if wrong:
                problems.append(f"profile.specialties: no pack for {', '.join(map(_show, wrong[:5]))}; known: {', '.join(packs.by_key)}")
            values["specialties"] = tuple(dict.fromkeys(chosen))
    focuses = raw.get("focuses")
    if focuses is not None:
        if not isinstance(focuses, dict):
            problems.append(f'profile.focuses must be an object of specialty to career focus (like {{"pediatrics": "general"}}), not {_show(focuses)}')
        else:
            for key, code in focuses.items():
                pack = packs.by_key.get(key)
                if pack is None:
                    problems.append(f"profile.focuses: no pack for the specialty {_show(key)}; known: {', '.join(packs.by_key)}")
                elif code not in pack.focuses:
                    problems.append(f"profile.focuses.{key} must be one of {', '.join(pack.focuses)}, not {_show(code)}")
            values["focuses"] = tuple((str(k), str(v)) for k, v in focuses.items())
    experiences = raw.get("experiences")
    if experiences is not None:
        if not isinstance(experiences, list | tuple) or not all(
            isinstance(e, dict) and isinstance(e.get("text", ""), str) and isinstance(e.get("tags") or [], list) for e in experiences
        ):
            problems.append(f'profile.experiences must be a list of {{"text": ..., "tags": [...]}} entries, not {_show(experiences)}')
        elif len(experiences) > MAX_LIST:
            problems.append(f"profile.experiences holds {len(experiences):,} entries; at most {MAX_LIST:,} are kept")
        else:
            values["experiences"] = tuple({"text": str(e.get("text", "")), "tags": [str(t) for t in e.get("tags") or []]} for e in experiences)
    if "cost_tolerance" in raw:
        values["cost_tolerance"] = _number("profile.cost_tolerance", raw["cost_tolerance"], 1, 5, problems, integer=True)
    if "thresholds" in raw:
        values["thresholds"] = _dataclass(Thresholds, raw["thresholds"], "profile.thresholds", THRESHOLD_BOUNDS.__getitem__, problems)
    return _construct(Profile, values, "profile", problems, before)


def parse_profile(raw: Any) -> Profile:
    """The profile from JSON (None: the defaults); SettingsError names every bad field."""
    problems: list[str] = []
    profile = _profile(raw, problems)
    if profile is None:
        raise SettingsError(problems)
    return profile


def parse_weights(raw: Any) -> Weights:
    problems: list[str] = []
    weights = _dataclass(Weights, raw, "weights", lambda _: WEIGHT_BOUNDS, problems)
    if weights is None:
        raise SettingsError(problems)
    return weights


def _text_list(where: str, value: Any, problems: list[str]) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where} must be a list of texts, not {_show(value)}")
    elif len(value) > MAX_LIST:
        problems.append(f"{where} holds {len(value):,} entries; at most {MAX_LIST:,} are kept")


def _manual_order(raw: Any, problems: list[str]) -> None:
    raw = _object("manual_order", raw, problems)
    if set(raw) - {"order"}:
        problems.append(f"manual_order has unknown fields: {', '.join(sorted(map(str, set(raw) - {'order'})))}")
    if "order" in raw:
        _text_list("manual_order.order (program ids)", raw["order"], problems)


def _letter_assignments(raw: Any, problems: list[str]) -> None:
    # {program_id: [writer name, ...]}, as the Letters page saves it.
    for pid, writers in _object("letter_assignments", raw, problems).items():
        _text_list(f"letter_assignments[{pid!r}] (writer names)", writers, problems)


def _final_order(raw: Any, problems: list[str]) -> None:
    raw = _object("final_order", raw, problems)
    if set(raw) - {"order"}:
        problems.append(f"final_order has unknown fields: {', '.join(sorted(map(str, set(raw) - {'order'})))}")
    if "order" in raw:
        _text_list("final_order.order (program ids)", raw["order"], problems)


# The season file's dates (data/season/<year>.toml); older names are upgraded when read.
SEASON_DATE_KEYS = DATE_KEYS


def _season_dates(raw: Any, problems: list[str]) -> None:
    # {key: "YYYY-MM-DD"}; a key left out falls back to the season file's date.
    for key, value in upgrade_saved_dates(_object("season_dates", raw, problems)).items():
        if key not in SEASON_DATE_KEYS:
            problems.append(f"season_dates has an unknown date {_show(key)}; known: {', '.join(SEASON_DATE_KEYS)}")
            continue
        try:
            date.fromisoformat(str(value))
        except ValueError:
            problems.append(f"season_dates.{key} must be a date as YYYY-MM-DD, not {_show(value)}")


def _texts_by_item(name: str) -> Callable[[Any, list[str]], None]:
    # {item: {field: text or list of texts}}: what a page keeps of text the user typed.
    def check(raw: Any, problems: list[str]) -> None:
        for item, texts in _object(name, raw, problems).items():
            for field_name, value in _object(f"{name}[{item!r}]", texts, problems).items():
                if value is None or isinstance(value, str):
                    if value is not None and len(value) > MAX_LONG_TEXT:
                        problems.append(f"{name}[{item!r}].{field_name} is longer than {MAX_LONG_TEXT:,} characters")
                else:
                    _text_list(f"{name}[{item!r}].{field_name}", value, problems)

    return check


MAX_GRID_CHOICES = 100


def _grid_key(where: str, value: Any, problems: list[str]) -> None:
    if value is None or isinstance(value, bool | int | float | str):
        return
    problems.append(f"{where} must be a text or a number, not {_show(value)}")


def _grid_cell(where: str, value: Any, problems: list[str]) -> None:
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        if len(value) > MAX_LONG_TEXT:
            problems.append(f"{where} is longer than {MAX_LONG_TEXT:,} characters")
        return
    if isinstance(value, dict) and set(value) == {"date"} and isinstance(value["date"], str):
        try:
            date.fromisoformat(value["date"])
            return
        except ValueError:
            pass
    if isinstance(value, list) and len(value) <= MAX_GRID_CHOICES and all(isinstance(v, str) and len(v) <= MAX_LONG_TEXT for v in value):
        return  # a multi-choice cell (an experience's strengths)
    problems.append(f"{where} must be a text, a number, true/false, blank, a date or a list of choices, not {_show(value)}")


def _grid_rows(where: str, rows: Any, width: int, problems: list[str]) -> None:
    if not isinstance(rows, list) or len(rows) > MAX_LIST:
        problems.append(f"{where} must be a list of at most {MAX_LIST:,} rows, not {_show(rows)}")
        return
    for i, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != width:
            problems.append(f"{where}[{i}] must be a list of {width} cells, not {_show(row)}")
            return
        for j, value in enumerate(row):
            _grid_cell(f"{where}[{i}][{j}]", value, problems)


def _grid_drafts(raw: Any, problems: list[str]) -> None:
    # {grid: draft}: a grid's unsaved edits, in data.grid_drafts' form.
    for grid, draft in _object("grid_drafts", raw, problems).items():
        where = f"grid_drafts[{grid!r}]"
        draft = _object(where, draft, problems)
        if set(draft) != {"columns", "changed", "added", "deleted"}:
            problems.append(f"{where} must hold exactly columns, changed, added and deleted")
            continue
        columns = draft["columns"]
        _text_list(f"{where}.columns", columns, problems)
        width = len(columns) if isinstance(columns, list) else 0
        changed = _object(f"{where}.changed", draft["changed"], problems)
        keys = changed.get("keys")
        if set(changed) != {"keys", "rows"} or not isinstance(keys, list) or not isinstance(changed["rows"], list) or len(keys) != len(changed["rows"]):
            problems.append(f"{where}.changed must hold keys and rows of the same length")
        else:
            for i, (key, row) in enumerate(zip(keys, changed["rows"], strict=True)):
                _grid_key(f"{where}.changed.keys[{i}]", key, problems)
                cells = _object(f"{where}.changed.rows[{i}]", row, problems)
                for column, value in cells.items():
                    if not isinstance(columns, list) or column not in columns:
                        problems.append(f"{where}.changed.rows[{i}] names {column!r}, which is not one of its columns")
                    _grid_cell(f"{where}.changed.rows[{i}][{column!r}]", value, problems)
        _grid_rows(f"{where}.added", draft["added"], width, problems)
        if not isinstance(draft["deleted"], list):
            problems.append(f"{where}.deleted must be a list, not {_show(draft['deleted'])}")
        else:
            for i, key in enumerate(draft["deleted"]):
                _grid_key(f"{where}.deleted[{i}]", key, problems)


def _example(raw: Any, problems: list[str]) -> None:
    raw = _object("example", raw, problems)
    if set(raw) - {"in_use", "own"}:
        problems.append(f"example has unknown fields: {', '.join(sorted(map(str, set(raw) - {'in_use', 'own'})))}")
    if "in_use" in raw and not isinstance(raw["in_use"], bool):
        problems.append(f"example.in_use must be true or false, not {_show(raw['in_use'])}")
    own = raw.get("own")
    if own is not None:
        own = _object("example.own", own, problems)
        if own.get("profile") is not None:
            _profile(own["profile"], problems)
        if own.get("weights") is not None:
            _dataclass(Weights, own["weights"], "example.own.weights", lambda _: WEIGHT_BOUNDS, problems)


def _cutoffs_upgrade(raw: Any, problems: list[str]) -> None:
    raw = _object("cutoffs_upgrade", raw, problems)
    if set(raw) - {"pending"}:
        problems.append(f"cutoffs_upgrade has unknown fields: {', '.join(sorted(map(str, set(raw) - {'pending'})))}")
    if "pending" in raw and not isinstance(raw["pending"], bool):
        problems.append(f"cutoffs_upgrade.pending must be true or false, not {_show(raw['pending'])}")


SETTING_CHECKS: dict[str, Callable[[Any, list[str]], object]] = {
    "profile": _profile,
    "weights": lambda raw, problems: _dataclass(Weights, raw, "weights", lambda _: WEIGHT_BOUNDS, problems),
    "manual_order": _manual_order,
    "letter_assignments": _letter_assignments,
    "season_dates": _season_dates,
    "final_order": _final_order,
    "letter_summaries": _texts_by_item("letter_summaries"),
    "email_drafts": _texts_by_item("email_drafts"),
    "pickers": _texts_by_item("pickers"),
    "grid_drafts": _grid_drafts,
    "example": _example,
    "cutoffs_upgrade": _cutoffs_upgrade,
}
# What a missing or reset setting becomes.
SETTING_DEFAULTS: dict[str, Callable[[], dict[str, Any]]] = {
    "profile": lambda: blank_profile().to_dict(),
    "weights": lambda: Weights().to_dict(),
    "manual_order": lambda: {"order": []},
    "letter_assignments": dict,
    "season_dates": dict,
    "final_order": lambda: {"order": []},
    "letter_summaries": dict,
    "email_drafts": dict,
    "pickers": dict,
    "grid_drafts": dict,
    "example": lambda: {"in_use": False},
    # Set by the workspace upgrade to version 2, when blank cutoffs came to mean "not checked yet".
    "cutoffs_upgrade": lambda: {"pending": False},
}


def setting_problems(name: str, value: Any) -> list[str]:
    """Every reason the stored setting `name` cannot be used (empty when it can)."""
    if name not in SETTING_CHECKS:
        return [f"unknown setting {name!r}; known: {', '.join(SETTING_CHECKS)}"]
    problems: list[str] = []
    SETTING_CHECKS[name](value, problems)
    return problems
