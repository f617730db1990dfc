"""Specialty packs: one TOML file per specialty (data/specialties/*.toml) holding
all the app knows about that specialty: its tracks, career focuses and their
evidence, strength tags, question banks and which letter writers speak for it.

The built-in packs are loaded exactly like a user's own (as datasette loads its
default plugins like anyone's): the same reader, the same checks. A broken pack
is refused with its file, key and problem named; the app then runs on the
built-in packs and says so."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).resolve().parent / "specialties"
ENTRY_LEVELS = ("pgy1", "after-2-years", "after-residency")
# Program columns a focus may draw evidence from (they exist in data.columns PROGRAM_COLUMNS).
EMPHASIS_COLUMNS = ("peds_emphasis", "adult_emphasis")
YES_NO_COLUMNS = ("childrens_hospital", "cancer_center", "onsite_labs", "community_support", "intl_trainees_mentioned", "img_faq")
WHEN_COLUMNS = ("research_time", "onsite_labs", "childrens_hospital", "cancer_center", "intl_trainees_mentioned", "tag")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NRMP_SPECIALTY = re.compile(r"^(\d{3})?$")


# Profile keys older versions saved under a specialty's name.
LEGACY_PROFILE_KEYS = {"genetics_research": "specialty_research"}


class PackError(ValueError):
    """A pack that cannot be used: each problem names the file, the key and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Track:
    code: str
    label: str
    eras_specialty: str
    nrmp_specialty: str
    entry_level: str  # "" when programs of the track differ
    length_years: int | None
    after: str  # the residency an after-residency track follows
    synonyms: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Focus:
    code: str
    label: str
    emphasis: tuple[str, ...]
    yes_no: tuple[str, ...]
    tags: tuple[str, ...]
    track: str


@dataclass(frozen=True)
class InterviewQuestion:
    text: str
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()


@dataclass(frozen=True)
class Pack:
    key: str  # the file's name without .toml: stored in the `specialty` column
    file: str
    name: str
    noun: str
    default_track: str
    apply_advice: str
    tracks: tuple[Track, ...]
    strength_tags: dict[str, dict[str, str]]
    focuses: dict[str, Focus]
    research: dict[str, dict[str, str]]
    letters: dict[str, Any]
    writers: dict[str, dict[str, Any]]
    unknown_questions: dict[str, str]
    open_house: tuple[str, ...]
    interview: tuple[InterviewQuestion, ...]
    liked: tuple[InterviewQuestion, ...] = ()  # what an applicant may say they like, by what is known
    resident_research: str = ""
    small_field: bool = False
    default: bool = False  # programs whose specialty nothing says are read as this one
    builtin: bool = True

    def track(self, code: str) -> Track | None:
        return next((t for t in self.tracks if t.code == code), None)

    @property
    def track_codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.tracks)


def _text(raw: dict[str, Any], key: str, where: str, problems: list[str], required: bool = True, default: str = "") -> str:
    if key not in raw:
        if required:
            problems.append(f"{where}: {key}: missing")
        return default
    if not isinstance(raw[key], str):
        problems.append(f"{where}: {key}: must be text, not {raw[key]!r}")
        return default
    return raw[key]


def _texts(raw: dict[str, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: {key}: must be a list of texts, not {value!r}")
        return ()
    return tuple(value)


def _table(raw: dict[str, Any], key: str, where: str, problems: list[str], required: bool = True) -> dict[str, Any]:
    if key not in raw:
        if required:
            problems.append(f"{where}: {key}: missing")
        return {}
    if not isinstance(raw[key], dict):
        problems.append(f"{where}: {key}: must be a table, not {raw[key]!r}")
        return {}
    return raw[key]


def _tracks(raw: Any, file: str, problems: list[str]) -> tuple[Track, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{file}: tracks: missing, or not a list of [[tracks]] tables")
        return ()
    out = []
    for i, entry in enumerate(raw, start=1):
        where = f"{file}: tracks[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        code = _text(entry, "code", where, problems)
        where = f"{file}: tracks.{code or i}"
        if code and not CODE.match(code):
            problems.append(f"{where}: code: must be lower-case letters, digits and hyphens, not {code!r}")
        level = _text(entry, "entry_level", where, problems, required=False)
        if level not in ("", *ENTRY_LEVELS):
            problems.append(f"{where}: entry_level: must be one of {', '.join(ENTRY_LEVELS)} (or blank), not {level!r}")
        nrmp = _text(entry, "nrmp_specialty", where, problems, required=False)
        if not NRMP_SPECIALTY.match(nrmp):
            problems.append(f"{where}: nrmp_specialty: must be the 3 specialty digits of an NRMP code (like 765), not {nrmp!r}")
        length = entry.get("length_years")
        if length is not None and (isinstance(length, bool) or not isinstance(length, int) or not 1 <= length <= 10):
            problems.append(f"{where}: length_years: must be a whole number of years from 1 to 10, not {length!r}")
            length = None
        after = _text(entry, "after", where, problems, required=False)
        if level == "after-residency" and not after:
            problems.append(f"{where}: after: an after-residency track must name the residency it follows")
        out.append(
            Track(
                code=code,
                label=_text(entry, "label", where, problems),
                eras_specialty=_text(entry, "eras_specialty", where, problems, required=False),
                nrmp_specialty=nrmp,
                entry_level=level,
                length_years=length,
                after=after,
                synonyms=_texts(entry, "synonyms", where, problems),
                source=_text(entry, "source", where, problems, required=False),
            )
        )
    seen: set[str] = set()
    for t in out:
        if t.code in seen:
            problems.append(f"{file}: tracks.{t.code}: the code is used twice")
        seen.add(t.code)
    return tuple(out)


def _when_entries(entries: list[Any], where_all: str, tags: dict[str, Any], problems: list[str]) -> tuple[InterviewQuestion, ...]:
    """[[...]] tables of `text` and an optional `when` (column = [values], or tag = [tags])."""
    out: list[InterviewQuestion] = []
    for i, entry in enumerate(entries, start=1):
        where = f"{where_all}[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a table")
            continue
        text = _text(entry, "text", where, problems)
        when = entry.get("when", {})
        if not isinstance(when, dict):
            problems.append(f'{where}: when: must be a table like {{ research_time = ["moderate"] }}')
            continue
        for column, values in when.items():
            if column not in WHEN_COLUMNS:
                problems.append(f"{where}: when: unknown column {column!r}; known: {', '.join(WHEN_COLUMNS)}")
            if not isinstance(values, list) or not values:
                problems.append(f"{where}: when.{column}: must be a list of values")
            elif column == "tag" and any(v not in tags for v in values):
                problems.append(f"{where}: when.tag: unknown strength tag in {values!r}")
        out.append(InterviewQuestion(text, tuple((c, tuple(v)) for c, v in when.items() if isinstance(v, list))))
    return tuple(out)


def parse_pack(raw: dict[str, Any], file: str, builtin: bool = False) -> Pack:
    """A pack from a parsed TOML table; PackError lists every problem (file: key: problem)."""
    problems: list[str] = []
    key = Path(file).stem
    if not CODE.match(key):
        problems.append(f"{file}: the file name must be lower-case letters, digits and hyphens (it names the specialty)")
    known = {
        "name", "noun", "default_track", "apply_advice", "small_field", "tracks", "strength_tags",
        "focuses", "research", "letters", "questions", "liked", "default",
    }  # fmt: skip
    for extra in sorted(set(raw) - known):
        problems.append(f"{file}: {extra}: not a known key; known: {', '.join(sorted(known))}")
    name = _text(raw, "name", file, problems)
    tracks = _tracks(raw.get("tracks"), file, problems)
    codes = {t.code for t in tracks}
    default_track = _text(raw, "default_track", file, problems)
    if default_track and codes and default_track not in codes:
        problems.append(f"{file}: default_track: {default_track!r} is not one of its tracks ({', '.join(sorted(codes))})")
    tags_raw = _table(raw, "strength_tags", file, problems)
    tags: dict[str, dict[str, str]] = {}
    for tag, spec in tags_raw.items():
        where = f"{file}: strength_tags.{tag}"
        if not CODE.match(tag):
            problems.append(f"{where}: a tag must be lower-case letters, digits and hyphens")
        if not isinstance(spec, dict):
            problems.append(f"{where}: must be a table like {{ label = ..., liked = ... }}")
            continue
        tags[tag] = {"label": _text(spec, "label", where, problems), "liked": _text(spec, "liked", where, problems, required=False)}
    focuses: dict[str, Focus] = {}
    for code, spec in _table(raw, "focuses", file, problems).items():
        where = f"{file}: focuses.{code}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: must be a table")
            continue
        focus = Focus(
            code=code,
            label=_text(spec, "label", where, problems),
            emphasis=_texts(spec, "emphasis", where, problems),
            yes_no=_texts(spec, "yes_no", where, problems),
            tags=_texts(spec, "tags", where, problems),
            track=_text(spec, "track", where, problems, required=False),
        )
        for column in focus.emphasis:
            if column not in EMPHASIS_COLUMNS:
                problems.append(f"{where}: emphasis: unknown column {column!r}; known: {', '.join(EMPHASIS_COLUMNS)}")
        for column in focus.yes_no:
            if column not in YES_NO_COLUMNS:
                problems.append(f"{where}: yes_no: unknown column {column!r}; known: {', '.join(YES_NO_COLUMNS)}")
        for tag in focus.tags:
            if tag not in tags:
                problems.append(f"{where}: tags: unknown strength tag {tag!r}; this pack's tags: {', '.join(tags) or 'none'}")
        if focus.track and focus.track not in codes:
            problems.append(f"{where}: track: unknown track {focus.track!r}; this pack's tracks: {', '.join(sorted(codes))}")
        if not (focus.emphasis or focus.yes_no or focus.tags or focus.track):
            problems.append(f"{where}: names no evidence (emphasis, yes_no, tags or track)")
        focuses[code] = focus
    if not focuses and "focuses" in raw:
        problems.append(f"{file}: focuses: at least one career focus is needed")
    research = {}
    for column, spec in _table(raw, "research", file, problems, required=False).items():
        where = f"{file}: research.{column}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: must be a table like {{ label = ..., action = ... }}")
            continue
        research[column] = {"label": _text(spec, "label", where, problems), "action": _text(spec, "action", where, problems)}
    letters = _table(raw, "letters", file, problems)
    writers_raw = letters.get("writers", {}) if isinstance(letters, dict) else {}
    writers: dict[str, dict[str, Any]] = {}
    if not isinstance(writers_raw, dict) or not writers_raw:
        problems.append(f"{file}: letters.writers: at least one kind of writer who speaks for the specialty is needed")
    else:
        for kind, spec in writers_raw.items():
            where = f"{file}: letters.writers.{kind}"
            if not CODE.match(kind) or not isinstance(spec, dict):
                problems.append(f"{where}: must be a table named in lower-case letters and hyphens")
                continue
            writers[kind] = {"label": _text(spec, "label", where, problems), "emphasis": _texts(spec, "emphasis", where, problems)}
    for name_ in ("voice_rule", "voice_ok", "voice_missing"):
        _text(letters, name_, f"{file}: letters", problems)
    questions = _table(raw, "questions", file, problems)
    unknown = questions.get("unknown", {})
    if not isinstance(unknown, dict) or not all(isinstance(v, str) for v in unknown.values()):
        problems.append(f"{file}: questions.unknown: must be a table of column = question")
        unknown = {}
    entries = questions.get("interview", [])
    if not isinstance(entries, list) or not entries:
        problems.append(f"{file}: questions.interview: at least one [[questions.interview]] is needed")
        entries = []
    interview = _when_entries(entries, f"{file}: questions.interview", tags, problems)
    liked_raw = raw.get("liked", [])
    if not isinstance(liked_raw, list):
        problems.append(f"{file}: liked: must be a list of [[liked]] tables")
        liked_raw = []
    liked = _when_entries(liked_raw, f"{file}: liked", tags, problems)
    small = raw.get("small_field", False)
    if not isinstance(small, bool):
        problems.append(f"{file}: small_field: must be true or false, not {small!r}")
    default = raw.get("default", False)
    if not isinstance(default, bool):
        problems.append(f"{file}: default: must be true or false, not {default!r}")
    if problems:
        raise PackError(problems)
    return Pack(
        key=key,
        file=file,
        name=name,
        noun=_text(raw, "noun", file, problems, required=False, default=name.lower()),
        default_track=default_track,
        apply_advice=_text(raw, "apply_advice", file, problems, required=False),
        tracks=tracks,
        strength_tags=tags,
        focuses=focuses,
        research=research,
        letters={k: v for k, v in letters.items() if k != "writers"},
        writers=writers,
        unknown_questions=dict(unknown),
        open_house=_texts(questions, "open_house", f"{file}: questions", problems),
        interview=interview,
        liked=liked,
        resident_research=_text(questions, "resident_research", f"{file}: questions", problems, required=False),
        small_field=bool(small),
        default=bool(default),
        builtin=builtin,
    )


def load_pack(path: Path, builtin: bool = False) -> Pack:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError([f"{path.name}: not valid TOML: {exc}"]) from exc
    except OSError as exc:
        raise PackError([f"{path.name}: cannot be read: {exc.strerror or exc}"]) from exc
    return parse_pack(raw, path.name, builtin=builtin)


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


@dataclass(frozen=True)
class Packs:
    """Every loaded pack, and the lookups scoring needs, built once."""

    packs: tuple[Pack, ...]
    problems: tuple[str, ...] = ()  # packs refused at load, each "file: key: problem"
    by_key: dict[str, Pack] = field(default_factory=dict)
    track_pack: dict[str, str] = field(default_factory=dict)  # track code -> pack key
    nrmp_pack: dict[str, str] = field(default_factory=dict)  # NRMP specialty digits -> pack key
    nrmp_track: dict[str, str] = field(default_factory=dict)  # NRMP specialty digits -> track code

    @classmethod
    def of(cls, packs: list[Pack], problems: list[str] | None = None) -> Packs:
        problems = list(problems or [])
        kept: list[Pack] = []
        track_pack: dict[str, str] = {}
        nrmp_pack: dict[str, str] = {}
        nrmp_track: dict[str, str] = {}
        for pack in packs:
            reasons = []
            if pack.default and any(k.default for k in kept):
                reasons.append(f"{pack.file}: default: another pack is already the default specialty; only one can be")
            clash = [t.code for t in pack.tracks if t.code in track_pack and t.code != "other"]
            nrmp_clash = [t.nrmp_specialty for t in pack.tracks if t.nrmp_specialty and t.nrmp_specialty in nrmp_pack]
            if clash or nrmp_clash:
                what = ", ".join([*(f"track {c!r} (also in {track_pack[c]})" for c in clash), *(f"NRMP specialty {c}" for c in nrmp_clash)])
                reasons.append(f"{pack.file}: tracks: {what} already belong to another pack")
            if reasons:
                problems += reasons
                continue
            kept.append(pack)
            for t in pack.tracks:
                track_pack.setdefault(t.code, pack.key)
                if t.nrmp_specialty:
                    nrmp_pack[t.nrmp_specialty] = pack.key
                    nrmp_track[t.nrmp_specialty] = t.code
        return cls(
            packs=tuple(kept),
            problems=tuple(problems),
            by_key={p.key: p for p in kept},
            track_pack=track_pack,
            nrmp_pack=nrmp_pack,
            nrmp_track=nrmp_track,
        )

    @property
    def primary(self) -> Pack:
        """The specialty a program nothing else places is read as: the pack marked
        `default = true`, else the first by file name."""
        return next((p for p in self.packs if p.default), self.packs[0])

    def track(self, code: str) -> Track | None:
        key = self.track_pack.get(code)
        return self.by_key[key].track(code) if key else None

    @property
    def track_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.code for p in self.packs for t in p.tracks))

    @property
    def track_synonyms(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for pack in self.packs:
            for t in pack.tracks:
                out.setdefault(_fold(t.code), t.code)
                for s in t.synonyms:
                    out.setdefault(_fold(s), t.code)
        return out

    @property
    def strength_tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag for p in self.packs for tag in p.strength_tags))

    @property
    def focus_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(code for p in self.packs for code in p.focuses))

    @property
    def writer_kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kind for p in self.packs for kind in p.writers))


def user_folders() -> tuple[Path, ...]:
    """A user's own packs: the folders in RESIDENCY_SCOUT_PACKS (separated like PATH)."""
    raw = os.environ.get("RESIDENCY_SCOUT_PACKS", "")
    return tuple(Path(p) for p in raw.split(os.pathsep) if p.strip())


def load_packs(folders: tuple[Path, ...] | None = None) -> Packs:
    """Every *.toml pack in the folders, the built-in folder first. A pack that fails its
    checks is left out and its problems kept; if a built-in pack fails (a broken edit),
    the others still load."""
    folders = (BUILTIN_DIR, *user_folders()) if folders is None else folders
    packs: list[Pack] = []
    problems: list[str] = []
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                packs.append(load_pack(path, builtin=folder == BUILTIN_DIR))
            except PackError as exc:
                problems += exc.problems
    if not packs:
        problems.append("no specialty pack could be loaded (data/specialties/*.toml)")
    return Packs.of(packs, problems)


_ACTIVE: list[Packs] = []


@cache
def _builtin() -> Packs:
    return load_packs()


def registry() -> Packs:
    """The packs in use: loaded once per process (tests may swap them with use())."""
    return _ACTIVE[-1] if _ACTIVE else _builtin()


def use(packs: Packs | None) -> None:
    """Make `packs` the packs in use (None: back to the built-in ones)."""
    _ACTIVE.clear()
    if packs is not None:
        _ACTIVE.append(packs)


def track_facts(track: object) -> tuple[str, int | None]:
    """(entry_level, length_years) a track fixes: ("", None) when it fixes neither or is unknown.

    For eligibility: a program's own `entry_level` / `length_years` win; these fill blanks."""
    t = registry().track(str(track)) if isinstance(track, str) else None
    return (t.entry_level, t.length_years) if t else ("", None)


def track_table() -> dict[str, tuple[str, int | None]]:
    """{track code: (entry_level, length_years)} for vectorised lookups (Series.map)."""
    return {t.code: (t.entry_level, t.length_years) for p in registry().packs for t in p.tracks}
