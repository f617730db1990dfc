"""Which specialty each program belongs to, and what its pack says about it:
vectorised lookups on the packs loaded once (data.packs.registry)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.packs import Focus, Pack, Packs, registry
from data.settings import Profile, chosen_focus


def _fold(values: pd.Series) -> pd.Series:
    return values.astype("string").str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)


NRMP_CODE = r"^\d{4}(\d{3})[CMPAR]\d{1,3}$"  # institution, ACGME specialty, program type, track (NRMP "Program Codes and Types")


def _nrmp_digits(frame: pd.DataFrame) -> pd.Series:
    if "nrmp_code" not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame["nrmp_code"].astype("string").str.strip().str.upper().str.extract(NRMP_CODE, expand=False).astype("string")


def specialty_of(frame: pd.DataFrame, packs: Packs | None = None) -> pd.Series:
    """Each program's specialty (a pack's key), from, in order: the `specialty` column,
    the track, the NRMP code's three specialty digits. A program none of these places is
    read as the first pack's (every sheet before packs was one specialty's). A specialty
    without a pack keeps its own name ("NRMP specialty 140" for a code no pack knows), so
    it is never scored as another one."""
    packs = packs or registry()
    if "specialty" in frame:
        given = frame["specialty"]
        if len(given) and given.notna().all() and given.isin(list(packs.by_key)).all():
            return given.astype("string")  # already worked out (with_pack): nothing to do
    out = pd.Series(pd.NA, index=frame.index, dtype="string")
    if "specialty" in frame and frame["specialty"].notna().any():
        # Worked out once per distinct name: a column holds a handful of specialties.
        names = {_fold(pd.Series([p.name])).iloc[0]: p.key for p in packs.packs}
        names.update({_fold(pd.Series([k])).iloc[0]: k for k in packs.by_key})
        named = frame["specialty"].astype("string").str.strip().astype("category")
        key = pd.Series(named.cat.categories, dtype="string")
        mapped = _fold(key).map(names).astype("string")
        read = mapped.where(mapped.notna(), key.where(key.ne("")))
        out = named.map(dict(zip(named.cat.categories, read, strict=True))).astype("string")
    if "track" in frame:
        out = out.fillna(frame["track"].astype("string").map(packs.track_pack).astype("string"))
    missing = out.isna()
    if "nrmp_code" in frame and missing.any():
        digits = _nrmp_digits(frame[missing] if not missing.all() else frame)
        by_code = digits.map(packs.nrmp_pack).astype("string")
        out = out.fillna(by_code.where(by_code.notna() | digits.isna(), "NRMP specialty " + digits))
    if len(frame):
        out = out.fillna(packs.primary.key)
    return out.astype("string")


def split(programs: pd.DataFrame, packs: Packs | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(programs a pack can score, programs set aside), both with `specialty` filled in.
    The specialty is worked out once here, so every later lookup takes its fast path."""
    spec = specialty_of(programs, packs)
    keep = has_pack(spec, packs)
    programs = _with_tracks_from_codes(programs, spec, packs)
    if keep.all():
        return programs.assign(specialty=spec), programs.iloc[:0].assign(specialty=spec.iloc[:0])
    return programs[keep].assign(specialty=spec[keep]), programs[~keep].assign(specialty=spec[~keep])


def _with_tracks_from_codes(programs: pd.DataFrame, spec: pd.Series, packs: Packs | None = None) -> pd.DataFrame:
    """A blank track filled from the NRMP code's specialty digits (a pack's track names its
    digits, data/specialties), where the code's track belongs to the program's own specialty: a
    directory's export gives the code, not the track, and the track says whether a program
    starts at PGY-1 or after training. A track the sheet gives is never changed."""
    if "nrmp_code" not in programs:
        return programs
    track = programs["track"].astype("string") if "track" in programs else pd.Series(pd.NA, index=programs.index, dtype="string")
    blank = track.isna()
    if not blank.any():
        return programs
    packs = packs or registry()
    from_code = track_from_nrmp(programs[blank], packs)
    usable = from_code.notna() & from_code.map(packs.track_pack).astype("string").eq(spec[blank]).fillna(False)
    if not usable.any():
        return programs
    return programs.assign(track=track.fillna(from_code[usable]))


def with_pack(programs: pd.DataFrame, packs: Packs | None = None) -> pd.DataFrame:
    """The programs a pack can score, each with its `specialty` filled in. The rest are
    set_aside(): never scored as another specialty."""
    return split(programs, packs)[0]


def set_aside(programs: pd.DataFrame, packs: Packs | None = None) -> pd.DataFrame:
    """Programs of a specialty with no pack, every column kept, with their specialty."""
    spec = specialty_of(programs, packs)
    out = programs[~has_pack(spec, packs)]
    return out.assign(specialty=spec[out.index])


def set_aside_counts(programs: pd.DataFrame, packs: Packs | None = None) -> dict[str, int]:
    """{specialty: programs set aside}, largest first."""
    spec = set_aside(programs, packs)["specialty"]
    return {str(k): int(v) for k, v in spec.value_counts().items()}


def has_pack(specialty: pd.Series, packs: Packs | None = None) -> np.ndarray:
    packs = packs or registry()
    return specialty.isin(list(packs.by_key)).fillna(False).to_numpy(dtype=bool)


def track_from_nrmp(frame: pd.DataFrame, packs: Packs | None = None) -> pd.Series:
    """The track an NRMP code names (its specialty digits), where a pack knows them."""
    packs = packs or registry()
    return _nrmp_digits(frame).map(packs.nrmp_track).astype("string")


def eras_specialty(frame: pd.DataFrame, packs: Packs | None = None) -> pd.Series:
    """The ERAS specialty each program is applied (and priced) in: its track's; a program of
    unknown type is counted in its specialty's default track. Blank where neither says."""
    packs = packs or registry()
    by_track = {t.code: t.eras_specialty for p in packs.packs for t in p.tracks}
    default = {p.key: getattr(p.track(p.default_track), "eras_specialty", "") for p in packs.packs}
    track = frame["track"].astype("string") if "track" in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
    unknown = track.isna()
    if unknown.any():
        track = track.fillna(track_from_nrmp(frame[unknown] if not unknown.all() else frame, packs))
    out = track.map(by_track).astype("string")
    fallback = specialty_of(frame, packs).map(default).astype("string")
    return out.where(track.notna(), fallback).fillna("")


def focus_code(profile: Profile, pack: Pack, packs: Packs | None = None) -> str | None:
    """The applicant's career focus within a specialty (data.settings.chosen_focus), None when not chosen."""
    return chosen_focus(profile, pack, packs)


def focus_of(profile: Profile, pack: Pack, packs: Packs | None = None) -> Focus | None:
    code = focus_code(profile, pack, packs)
    return pack.focuses[code] if code else None


def track_evidence(pack: Pack, track_code: str, profile: Profile) -> bool | None:
    """A track is focus evidence only where the applicant can enter it: an after-residency
    track (MFM after OB/GYN, say) counts only with that residency done; None while the
    Profile does not say whether there was a residency (then it may or may not count)."""
    track = pack.track(track_code)
    if track is None:
        return False
    if track.entry_level != "after-residency":
        return True
    return None if profile.prior_residency == "" else profile.prior_residency == track.after


def track_counts_as_evidence(pack: Pack, track_code: str, profile: Profile) -> bool:
    """Whether the track can count as focus evidence for this applicant (also while not known)."""
    return track_evidence(pack, track_code, profile) is not False


def groups(frame: pd.DataFrame, packs: Packs | None = None) -> list[tuple[Pack | None, str, np.ndarray]]:
    """(pack or None, specialty, row mask) per specialty present: one group, all rows, in the usual case."""
    packs = packs or registry()
    spec = specialty_of(frame, packs)
    values = spec.fillna("").to_numpy(dtype=object)
    keys = pd.unique(values)
    if len(keys) <= 1:
        key = str(keys[0]) if len(keys) else packs.primary.key
        return [(packs.by_key.get(key), key, np.ones(len(frame), dtype=bool))]
    return [(packs.by_key.get(str(k)), str(k), values == k) for k in keys]


def applied(profile: Profile, packs: Packs | None = None) -> list[Pack]:
    """The packs of the specialties the applicant applies to (the first pack when none is said)."""
    packs = packs or registry()
    chosen = [packs.by_key[k] for k in profile.specialties if k in packs.by_key]
    return chosen or [packs.primary]


def applied_names(profile: Profile, packs: Packs | None = None) -> str:
    """One specialty's name, or "A, B and C" for several."""
    names = [p.name for p in applied(profile, packs)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def applied_name(program: pd.Series, packs: Packs | None = None) -> str:
    """The specialty a program is applied to, in words, for a letter or a message: its track's ERAS
    specialty where its pack names one (a combined pediatrics track's own ERAS name, not the name of
    the pack it belongs to), else its pack's name. The track is the program's own,
    else the one its name is a synonym of (most programs carry the NRMP directory's name)."""
    packs = packs or registry()
    code = "" if pd.isna(program.get("track")) else str(program.get("track")).strip()
    if not code and not pd.isna(program.get("program")):
        code = packs.track_synonyms.get(str(_fold(pd.Series([str(program.get("program"))])).iloc[0]), "")
    track = packs.track(code) if code else None
    if track is not None and track.eras_specialty:
        return track.eras_specialty
    key = str(specialty_of(program.to_frame().T, packs).iloc[0])
    pack = packs.by_key.get(key)
    return pack.name if pack is not None else key
