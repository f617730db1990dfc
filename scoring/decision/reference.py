"""A slow, obviously-correct scorer: one program at a time, in plain Python,
written from the data contract without sharing code with the vectorised
engine. Tests use it as an oracle; the benchmark uses it as the baseline.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from typing import Any

import pandas as pd

from data import packs
from data.packs import registry
from data.seasons import current_season
from data.settings import FACTORS, Profile, Weights

Record = dict[Any, Any]  # one row, as DataFrame.to_dict('records') gives it


def _v(row: Record, key: str) -> Any:
    value = row.get(key)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def past_imgs(row: Record) -> tuple[float, float]:
    if _v(row, "past_imgs_points") is not None:
        return (row["past_imgs_points"],) * 2
    n, c = _v(row, "imgs_last_5y"), _v(row, "img_cohorts_last_5y")
    if n is not None:
        if n == 0:
            return 0, 0
        if n == 1:
            return 1, 1
        if c is None:
            return 2, 3
        return (3, 3) if c >= 3 else (2, 2)
    if c is None:
        present = _v(row, "imgs_present_last_5y")
        if present is None:
            return 0, 3
        return (1, 3) if present else (0, 0)
    return {0: (0, 0), 1: (1, 2), 2: (2, 2)}.get(c, (3, 3))


def _visa_known(j1: Any, h1b: Any, intl: Any, info: Any) -> int:
    if not j1 and h1b == "no":
        return 0
    if j1 and h1b in ("yes", "considered") and intl:
        return 3
    if j1 and h1b not in ("yes", "considered") and info in ("none", "limited"):
        return 1
    return 2


def _info(row: Record) -> Any:
    """img_info, or your own clarity points read as it (the guide's clarity 2 is its "clear IMG info")."""
    if _v(row, "img_info") is not None:
        return row["img_info"]
    points = _v(row, "clarity_points")
    return None if points is None else ("none", "limited", "clear")[int(points)]


def visa(row: Record) -> tuple[float, float]:
    if _v(row, "visa_points") is not None:
        return (row["visa_points"],) * 2
    options = [
        [_v(row, "j1")] if _v(row, "j1") is not None else [True, False],
        [_v(row, "h1b")] if _v(row, "h1b") is not None else ["yes", "considered", "no"],
        [_v(row, "intl_trainees_mentioned")] if _v(row, "intl_trainees_mentioned") is not None else [True, False],
        [_info(row)] if _info(row) is not None else ["none", "limited", "clear"],
    ]
    values = [_visa_known(*combo) for combo in itertools.product(*options)]
    return min(values), max(values)


def clarity(row: Record) -> tuple[float, float]:
    if _v(row, "clarity_points") is not None:
        return (row["clarity_points"],) * 2
    info = _v(row, "img_info")
    if info is not None:
        return ({"none": 0, "limited": 1, "clear": 2}[info],) * 2
    faq = _v(row, "img_faq")
    if faq is True:
        return 1, 2
    if faq is False:
        return 0, 1
    return 0, 2


def responsiveness(row: Record, contacts: list[Record], as_of: date) -> tuple[float, float, bool]:
    if _v(row, "responsiveness_points") is not None:
        return row["responsiveness_points"], row["responsiveness_points"], False
    emails = [c for c in contacts if c["channel"] == "email" and _v(c, "sent_on") is not None]
    if emails:
        latest = emails[0]
        for c in emails[1:]:
            if c["sent_on"] >= latest["sent_on"]:
                latest = c
        sent = latest["sent_on"].date()
        replied = _v(latest, "replied_on")
        if replied is None:
            return (0, 0, True) if (as_of - sent).days >= 14 else (0, 2, True)
        days = (replied.date() - sent).days
        quality = _v(latest, "reply_quality")
        if days > 7 or quality == "generic":
            return 1, 1, True
        if quality == "helpful":
            return 2, 2, True
        return 1, 2, True
    col = _v(row, "responsiveness")
    if col is None:
        return 0, 2, False
    return ({"none": 0, "generic": 1, "helpful": 2}[col],) * 2 + (False,)


def _years_at_both_dates(profile: Profile, as_of: date) -> tuple[int, int] | None:
    """Years since graduation at the earliest date a program plausibly counts to (today, or the
    first day applications could be sent if that is past) and the latest (the start of training),
    both from the season file; both today once that season's training has started."""
    if profile.graduation_year is None:
        return None
    season = current_season()
    starts, submit = season.on("training_starts"), season.on("applicants_submit")
    if starts is None or starts < as_of:
        first = last = as_of
    else:
        first, last = (as_of if submit is None or as_of < submit else submit), starts
    return first.year - profile.graduation_year, last.year - profile.graduation_year


def eligible(row: Record, profile: Profile, as_of: date) -> str:
    """Written from the data contract: a blank cutoff is not checked yet, `none` (held as a
    value that never excludes) is no cutoff; a blank that could exclude you is `unknown`."""
    no, unknown = False, False
    j1, h1b = _v(row, "j1"), _v(row, "h1b")
    step3 = profile.step3 == "passed"
    if profile.visa_need == "":  # not said yet: every program waits on it
        unknown = True
    elif profile.visa_need == "j1":
        no |= j1 is False
        unknown |= j1 is None
    elif profile.visa_need == "h1b":
        no |= h1b == "no"
        unknown |= h1b in (None, "considered") or (h1b == "yes" and not step3)
    elif profile.visa_need == "either":
        if j1 is True or (h1b == "yes" and step3):
            pass
        elif j1 is False and h1b == "no":
            no = True
        else:
            unknown = True
    for column, mine, none, fails, could_fail in (
        ("min_step2_score", profile.step2_score, 0, lambda cut, me: me < cut, lambda me: me < 300),
        ("max_attempts", profile.attempts, 99, lambda cut, me: me > cut, lambda me: me > 1),
    ):
        cut = _v(row, column)
        if cut is None:
            unknown |= mine is None or could_fail(mine)
        elif cut == none:
            continue
        elif mine is None:
            unknown = True
        elif fails(cut, mine):
            no = True
    # Years since graduation, counted to the application and to the start of training (which
    # date a program counts to is not confirmed): too many by both is no, by one only unknown.
    years = _years_at_both_dates(profile, as_of)
    cut = _v(row, "max_years_since_graduation")
    if cut is None:
        unknown |= years is None or years[0] > 0
    elif cut == 999:
        pass
    elif years is None:
        unknown = True
    elif years[0] > cut:
        no = True
    elif years[1] > cut:
        unknown = True
    deadline = _v(row, "ecfmg_required_by")
    if not profile.ecfmg_certified:
        if deadline is None:
            unknown = True
        elif deadline.year >= 2200:
            pass
        elif profile.ecfmg_expected is None:
            unknown = True
        elif (profile.ecfmg_expected.replace(day=1) if profile.ecfmg_month_only else profile.ecfmg_expected) > deadline.date():
            no = True  # late even on the first day of the month given
        elif profile.ecfmg_expected > deadline.date():
            unknown = True  # a month only, and the deadline inside it: it depends on the day
    trained = False if profile.prior_residency == "none" else {"us-canada": True, "abroad": False}.get(profile.prior_residency_where)
    requires = _v(row, "requires_prior_residency")
    level = _v(row, "entry_level") or packs.track_facts(_v(row, "track"))[0] or None
    needs = requires is True or level in ("after-2-years", "after-residency")
    if trained is False:
        no |= needs
        unknown |= requires is None or level is None
    elif trained is None:
        unknown |= needs or requires is None or level is None
    track = packs.registry().track(_v(row, "track") or "")
    if track is not None and track.after and profile.prior_residency == "":  # not said: no residency is guessed
        unknown = True
    elif track is not None and track.after and profile.prior_residency != track.after:
        no = True
    return "no" if no else ("unknown" if unknown else "yes")


def _range01(value: Any) -> tuple[float, float]:
    return (0.0, 1.0) if value is None else (float(value), float(value))


def _tags(row: Record) -> set[str] | None:
    s = _v(row, "strengths")
    return None if s is None else set(s.split(";"))


def _any_tag(row: Record, wanted: set[str]) -> Any:
    tags = _tags(row)
    return None if tags is None else float(bool(tags & wanted))


def _avg(parts: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in parts) / len(parts), sum(p[1] for p in parts) / len(parts)


def factors(row: Record, img: tuple[float, float], profile: Profile, as_of: date) -> dict[str, tuple[float, float]]:
    out = {"friendliness": (img[0] / 10, img[1] / 10)}
    f = profile.career_focus

    def scaled(column: str) -> Any:
        v = _v(row, column)
        return None if v is None else (v - 1) / 4

    def flag(column: str) -> Any:
        v = _v(row, column)
        return None if v is None else float(v)

    # The program's own specialty's pack says what counts (one row at a time, slowly on purpose).
    packs = registry()
    key = _v(row, "specialty") or packs.track_pack.get(_v(row, "track") or "") or packs.primary.key
    pack = packs.by_key.get(key)
    chosen = None
    if pack is not None:
        code = dict(profile.focuses).get(pack.key) or (f if pack.key == packs.primary.key else None)
        chosen = pack.focuses.get(code) if code else None
    if chosen is None:
        out["focus"] = (0.0, 1.0)
    else:
        parts: list[Any] = [scaled(c) for c in chosen.emphasis] + [flag(c) for c in chosen.yes_no]
        if chosen.tags:
            parts.append(_any_tag(row, set(chosen.tags)))
        # The matching track is evidence (1); an unknown track could be (0-1); another track says nothing;
        # a track that follows a residency the applicant has not done is no evidence at all.
        track = _v(row, "track")
        evidence = pack.track(chosen.track) if pack is not None and chosen.track else None
        after_residency = evidence is not None and evidence.entry_level == "after-residency"
        usable = evidence is not None and (not after_residency or profile.prior_residency in (evidence.after, ""))
        without = _avg([_range01(p) for p in parts]) if parts else (0.0, 1.0)
        if usable and (track is None or track == chosen.track):
            parts.append(None if track is None else 1.0)
        out["focus"] = _avg([_range01(p) for p in parts])
        if after_residency and profile.prior_residency == "":
            # Not said whether there was a residency: the track may or may not count, so both.
            out["focus"] = (min(without[0], out["focus"][0]), max(without[1], out["focus"][1]))

    def research_for(path: str) -> tuple[float, float]:
        table = {"academic": [0, 1 / 3, 2 / 3, 1], "industry": [0, 1 / 3, 2 / 3, 1], "clinical": [0.5, 1, 1, 2 / 3]}[path]
        level = _v(row, "research_time")
        research = (min(table), max(table)) if level is None else (table[["none", "limited", "moderate", "extensive"].index(level)],) * 2
        if path == "industry":
            research = _avg([research, _range01(flag("onsite_labs"))])
        return research

    if profile.career_path == "":  # no path said yet: from the least of any path to the most
        each = [research_for(path) for path in ("academic", "industry", "clinical")]
        out["research"] = (min(r[0] for r in each), max(r[1] for r in each))
    else:
        out["research"] = research_for(profile.career_path)

    parts_loc = []
    if profile.preferred_divisions:
        hit = float(row["division"] in profile.preferred_divisions)
        parts_loc.append((hit, hit))
    cost = _v(row, "cost_of_living")

    def cost_value(c: int) -> float:
        return 1 - min(1.0, max(0.0, (c - profile.cost_tolerance) / 2))

    parts_loc.append((cost_value(5), 1.0) if cost is None else (cost_value(cost),) * 2)
    parts_loc.append(_range01(flag("community_support")))
    out["location"] = _avg(parts_loc)

    status = _v(row, "acgme_status")
    s = (0.0, 1.0) if status is None else ({"continued": 1.0, "initial": 0.6, "warning": 0.25, "probation": 0.0}[status],) * 2
    year = _v(row, "established_year")
    if year is None:
        out["stability"] = (s[0] * 0.8, s[1] * 1.0)
    else:
        scale = 0.8 if as_of.year - year < 5 else 1.0
        out["stability"] = (s[0] * scale, s[1] * scale)
    interest = _v(row, "interest")
    out["interest"] = _range01(None if interest is None else interest / 10)
    out["reflection"] = (0.0, 1.0)
    return out


def reflection(application: Record | None) -> tuple[float, float]:
    """Unknown until interviewed; then the mean of three 1-5 ratings on a 0-1 scale, a missing rating counting 1 or 5."""
    if application is None or _v(application, "status") not in ("interviewed", "thank-you-sent", "ranked"):
        return 0.0, 1.0
    ratings = [_v(application, k) for k in ("thriving", "vision", "supported")]
    lo = sum(0.0 if r is None else (r - 1) / 4 for r in ratings) / 3
    hi = sum(1.0 if r is None else (r - 1) / 4 for r in ratings) / 3
    return lo, hi


def _weighted(values: dict[str, float], weights: Weights, names: list[str]) -> float:
    total = sum(getattr(weights, n) for n in names)
    if total == 0:
        return 0.0
    return 100 * sum(getattr(weights, n) * values[n] for n in names) / total


def tier(
    override: Any,
    is_eligible: str,
    goal: float,
    img: float,
    certain_img: float,
    visa: float,
    profile: Profile,
    certain_past: float = 3.0,
    research: str | None = None,
    acgme: str | None = None,
) -> str:
    """goal, img and visa at the chosen point of their ranges; certain_img and certain_past conservative.
    The guide's words: dream "good research infrastructure"; solid "some research or scholarly
    opportunities"; safety "more IMG-friendly historically ... still ABMGG/ACGME accredited"."""
    t = profile.thresholds
    level = None if research is None else ["none", "limited", "moderate", "extensive"].index(research)
    if override in ("dream", "solid", "safety"):
        return str(override)
    if override == "exclude":
        return "low-priority"
    if is_eligible == "no":
        return "not-eligible"
    eps = 1e-9  # a threshold is met within float error (a weighted mean of 65 can read 64.99999999999999)
    if goal >= t.dream_goal_fit - eps and img > 0 and (level is None or level >= 2):
        return "dream"
    if certain_img >= t.safety_friendliness - eps and certain_past >= 2 and acgme not in ("warning", "probation"):
        return "safety"
    if img >= t.solid_friendliness - eps and visa >= 1 and (level is None or level >= 1):
        return "solid"
    return "low-priority"


def _inputs(profile: Profile) -> list[str]:
    """The columns that feed this applicant's score."""
    focus: list[str] = []
    packs = registry()
    for pack in packs.packs:
        code = dict(profile.focuses).get(pack.key) or (profile.career_focus if pack.key == packs.primary.key else None)
        chosen = pack.focuses.get(code) if code else None
        if chosen is None:
            continue
        track = pack.track(chosen.track) if chosen.track else None
        usable = track is not None and (track.entry_level != "after-residency" or profile.prior_residency in (track.after, ""))
        for column in [*chosen.emphasis, *chosen.yes_no, *(["strengths"] if chosen.tags else []), *(["track"] if usable else [])]:
            if column not in focus:
                focus.append(column)
    if profile.career_path in ("industry", "") and "onsite_labs" not in focus:
        focus.append("onsite_labs")
    rubric = ["j1", "h1b", "intl_trainees_mentioned", "img_info", "img_faq", "imgs_last_5y", "img_cohorts_last_5y", "responsiveness"]
    return rubric + focus + ["research_time", "cost_of_living", "community_support", "acgme_status", "established_year", "interest"]


def _visa_input_matters(row: Record, column: str) -> bool:
    """Whether a visa input, were it blank, could move the visa points: two of its answers
    that differ under some answer to the other blank inputs (your clarity points answer img_info)."""
    if _v(row, "visa_points") is not None:
        return False
    answers: dict[str, list[Any]] = {
        "j1": [True, False],
        "h1b": ["yes", "considered", "no"],
        "intl_trainees_mentioned": [True, False],
        "img_info": ["none", "limited", "clear"],
    }
    known = {"j1": _v(row, "j1"), "h1b": _v(row, "h1b"), "intl_trainees_mentioned": _v(row, "intl_trainees_mentioned"), "img_info": _info(row)}
    others = [[known[c]] if known[c] is not None else answers[c] for c in answers if c != column]
    for combo in itertools.product(*others):
        points = set()
        for value in answers[column]:
            filled = dict(zip([c for c in answers if c != column], combo, strict=True))
            filled[column] = value
            points.add(_visa_known(filled["j1"], filled["h1b"], filled["intl_trainees_mentioned"], filled["img_info"]))
        if len(points) > 1:
            return True
    return False


def known_share(row: Record, profile: Profile, responsiveness_from_log: bool) -> float:
    """Of the inputs that feed the score and that nothing else decides, the share known."""
    past_lo, past_hi = past_imgs(row)
    past_settled = past_lo == past_hi  # e.g. the sheet's IMGs present = N, or one IMG in five years
    decided = {
        # Eligibility reads the J-1 or H-1B of the visa you need, whatever the visa points.
        "j1": profile.visa_need in ("none", "h1b") and not _visa_input_matters(row, "j1"),
        "h1b": profile.visa_need in ("none", "j1") and not _visa_input_matters(row, "h1b"),
        "intl_trainees_mentioned": not _visa_input_matters(row, "intl_trainees_mentioned"),
        "img_info": _v(row, "clarity_points") is not None,
        "imgs_last_5y": past_settled,
        "img_cohorts_last_5y": past_settled,
        "img_faq": _v(row, "img_info") is not None or _v(row, "clarity_points") is not None,
        "responsiveness": _v(row, "responsiveness_points") is not None or responsiveness_from_log,
    }
    counted = [c for c in _inputs(profile) if not decided.get(c, False)]
    if not counted:
        return 1.0
    return sum(_v(row, c) is not None for c in counted) / len(counted)


def score(
    programs: pd.DataFrame, profile: Profile, weights: Weights, as_of: date, contacts: pd.DataFrame | None = None, applications: pd.DataFrame | None = None
) -> pd.DataFrame:
    contact_rows = [] if contacts is None else contacts.to_dict("records")
    application_rows = {} if applications is None else {a["program_id"]: a for a in applications.to_dict("records") if _v(a, "program_id") is not None}
    t = {"least": 0.0, "middle": 0.5, "most": 1.0}[weights.unknowns]

    def at(r: tuple[float, float]) -> float:
        return r[0] + t * (r[1] - r[0])

    results = []
    for row in programs.to_dict("records"):
        mine = [c for c in contact_rows if _v(c, "program_id") == row["program_id"]]
        reply = responsiveness(row, mine, as_of)
        comps = [past_imgs(row), visa(row), clarity(row), reply[:2]]
        img = (sum(c[0] for c in comps), sum(c[1] for c in comps))
        fac = factors(row, img, profile, as_of)
        fac["reflection"] = reflection(application_rows.get(row["program_id"]))
        lo = {k: v[0] for k, v in fac.items()}
        hi = {k: v[1] for k, v in fac.items()}
        mid = {k: at(v) for k, v in fac.items()}
        goal_names = [f for f in FACTORS if f != "friendliness"]
        elig = eligible(row, profile, as_of)
        goal = _weighted(mid, weights, goal_names)
        results.append(
            {
                "program_id": row["program_id"],
                "img_friendliness": img[0],
                "img_friendliness_max": img[1],
                "img_friendliness_point": at(img),
                "eligible": elig,
                "fit_score": _weighted(mid, weights, list(FACTORS)),
                "fit_score_min": _weighted(lo, weights, list(FACTORS)),
                "fit_score_max": _weighted(hi, weights, list(FACTORS)),
                "goal_fit": goal,
                "goal_fit_min": _weighted(lo, weights, goal_names),
                "goal_fit_max": _weighted(hi, weights, goal_names),
                "known_share": known_share(row, profile, reply[2]),
                "tier": tier(
                    _v(row, "tier_override"), elig, goal, at(img), img[0], at(comps[1]), profile, comps[0][0], _v(row, "research_time"), _v(row, "acgme_status")
                ),
                "_group": 2
                if _v(row, "tier_override") == "exclude"
                else (1 if elig == "no" and _v(row, "tier_override") not in ("dream", "solid", "safety") else 0),
            }
        )
    ordered = sorted(results, key=lambda r: (r["_group"], -round(r["fit_score"], 9), -round(r["fit_score_max"], 9), str(r["program_id"])))
    for rank, r in enumerate(ordered, start=1):
        r["rank"] = rank
        del r["_group"]
    return pd.DataFrame(ordered)
