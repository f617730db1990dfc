"""Letters of recommendation: the mix check, the timeline and the per-program
assignment check, in the product's own words. Pure functions on the letters table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from data.packs import Pack, registry

ACTIVE = ("to-ask", "asked", "agreed", "packet-sent", "uploaded")  # everything but declined
HOME = "home-faculty"
# Writers who speak for a specialty are its pack's (`[letters.writers]`); every one of
# them is clinical, as is home faculty.
CLINICAL = (*registry().writer_kinds, HOME)
# The guide: ask "ideally near the end of the rotation, when your performance is fresh in their
# mind", "but before the ERAS opening, to give them time (typically 4–8 weeks lead time is
# appropriate)"; "send a polite reminder 2–3 weeks before your target submission date".
ASK_WEEKS_EARLIEST, ASK_WEEKS_LATEST = 8, 4
REMINDER_DAYS = 21  # within the two to three weeks before the due date
REMIND_AFTER_ASK_DAYS = 7  # a reminder never comes before the ask, nor in the same week
MAX_LETTERS_PER_PROGRAM = 4
STATUSES = ("to-ask", "asked", "agreed", "packet-sent", "uploaded", "declined")


FIRST_STATUS = STATUSES[0]


def stages(status: pd.Series) -> pd.Series:
    """Each letter's place on the status board: a blank status is the first stage (not asked
    yet), as the timeline reads it, so no writer falls outside every column."""
    text = status.astype("string").str.strip()
    return text.where(text.fillna("").ne(""), FIRST_STATUS)


@dataclass(frozen=True)
class Check:
    rule: str
    passed: bool
    detail: str


def _active(letters: pd.DataFrame) -> pd.DataFrame:
    return letters[letters["status"].isin(ACTIVE) | letters["status"].isna()]


# The guide's three common situations for an IMG, each with its own rule for the mix; their
# words are the specialty pack's (letters.situations).
SITUATIONS = ("no-rotation", "short-observership", "research-heavy")


def situations(pack: Pack) -> dict[str, str]:
    """The situations a pack words, code -> label, in the guide's order."""
    worded = pack.letters.get("situations", {})
    return {code: str(worded[code]["label"]) for code in SITUATIONS if code in worded}


def _flag(letters: pd.DataFrame, column: str) -> pd.Series:
    """A yes/no column as True/False/NA (absent: every value unknown)."""
    if column not in letters:
        return pd.Series(pd.NA, index=letters.index, dtype="boolean")
    return letters[column].astype("boolean")


def _situation_check(situation: str, kinds: pd.Series, clinical: pd.Series, pack: Pack) -> Check:
    said = pack.letters["situations"][situation]
    if situation == "no-rotation":
        # Guide, scenario 1: letters from clinical writers in related fields, each mentioning
        # "your consistent interest in" the specialty's questions.
        related = int(kinds.eq("related-specialty").sum())
        enough = related >= 1 and bool(clinical.sum() >= 2)
        return Check(
            said["check"],
            enough,
            said["advice"] + ("" if enough else " You need at least one related-specialty writer and two clinical writers in all."),
        )
    if situation == "short-observership":
        # Guide, scenario 2: the observership's faculty letter, "supplement with" a strong home-institution clinical letter.
        voice = kinds.isin(list(pack.writers)) & ~kinds.eq("related-specialty")
        speaks = bool(voice.any())
        beside = bool((clinical & ~voice).any())
        return Check(
            said["check"],
            speaks and beside,
            said["advice"]
            + ("" if speaks else " " + said.get("no_voice", "No writer from the observership is listed yet."))
            + ("" if beside else " No other clinical writer yet."),
        )
    # Guide, scenario 3: "a major letter from your research PI" and "at least one clinical letter (even if from your home country)".
    research = bool(kinds.eq("research-mentor").any())
    bedside = bool(clinical.any())
    return Check(
        said["check"],
        research and bedside,
        said["advice"] + ("" if research else " No research mentor is listed yet.") + ("" if bedside else " No clinical writer yet."),
    )


def _voice(kinds: pd.Series, pack: Pack) -> Check:
    """At least one writer who speaks for the specialty, as its pack names them."""
    said = pack.letters
    found = bool(kinds.isin(list(pack.writers)).any())
    return Check(said["voice_rule"], found, said["voice_ok"] if found else said["voice_missing"])


def mix_check(letters: pd.DataFrame, specialties: list[Pack] | None = None, situation: str | None = None) -> list[Check]:
    """The mix of letters; `specialties`: the packs applied to (the first pack when not given);
    `situation` (a SITUATIONS key): the guide's situation the applicant chose, which adds its own check."""
    active = _active(letters)
    n = len(active)
    kinds = active["kind"].fillna("")
    where = _flag(active, "north_american")
    north_american = where.fillna(False).astype(bool)
    clinical = kinds.isin(CLINICAL)
    # Blank is not "elsewhere": a clinical writer whose place is not said yet is named, never counted as not North American.
    place_unsaid = active.loc[(clinical & ~kinds.eq("home-faculty") & where.isna()).to_numpy(dtype=bool), "writer"].fillna("").tolist()
    checks = [
        Check(
            "Three or four letters",
            3 <= n <= 4,
            f"You have {n} letter{'s' if n != 1 else ''} planned (declined ones not counted); most programs want three and accept four.",
        ),
        *(_voice(kinds, pack) for pack in (specialties or [registry().primary])),
        Check(
            "A North American clinical letter",
            bool((clinical & north_american & ~kinds.eq("home-faculty")).any()),
            "At least one clinical writer works in the US or Canada."
            if (clinical & north_american & ~kinds.eq("home-faculty")).any()
            else "Not known yet: say whether these clinical writers work in the US or Canada: " + ", ".join(w or "(no name)" for w in place_unsaid) + "."
            if place_unsaid
            else "No clinical writer from the US or Canada yet: such a letter carries particular weight for an IMG.",
        ),
    ]
    if kinds.eq("research-mentor").any():
        checks.append(
            Check(
                "A clinical letter beside the research one",
                bool(clinical.any()),
                "A research mentor writes for you, and so does at least one clinical supervisor."
                if clinical.any()
                else "A research letter should come with at least one clinical letter that speaks to patient care.",
            )
        )
    home = int(kinds.eq("home-faculty").sum())
    checks.append(
        Check(
            "Home-country letters as a supplement",
            home <= 1 and (n == 0 or home < n),
            f"{home} home-faculty letter{'s' if home != 1 else ''} among {n}: best as one addition to letters from North American or {registry().primary.letters.get('north_american_or', 'specialty')} writers.",
        )
    )
    physician = _flag(active, "physician")
    others = int(physician.eq(False).sum())
    if others:
        # Guide: letters from counselors, PhD scientists or lab directors "should complement, not replace, physician letters".
        doctors = int(physician.ne(False).fillna(True).sum())
        checks.append(
            Check(
                "Physician letters at the core",
                others <= 1 and doctors >= 2,
                f"{others} writer{'s are' if others != 1 else ' is'} not a physician: such a letter adds to physician letters and never takes their place; "
                f"keep at least two from physicians ({doctors} now).",
            )
        )
    worded = next((pack for pack in (specialties or [registry().primary]) if situation in situations(pack)), None)
    if worded is not None and situation is not None:
        checks.append(_situation_check(situation, kinds, clinical, worded))
    barely = active.loc[active["knows_me"].eq("barely").fillna(False), "writer"].tolist()
    unsaid = active.loc[active["knows_me"].isna(), "writer"].tolist()  # blank is unknown, not "well"
    if barely:
        known = "These writers barely know you, so their letters may be generic: " + ", ".join(barely) + "."
    elif unsaid:
        known = "Say how well these writers know you: " + ", ".join(unsaid) + "."
    else:
        known = "Every writer knows you at least somewhat."
    checks.append(Check("Writers who know you well", not barely and not unsaid, known))
    return checks


def timeline(letters: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Per writer: when to ask, when to remind, what needs doing now, and which
    of those dates have passed with the step still to do (`overdue`, in words)."""
    due = letters["due_on"]
    ask_by = due - timedelta(weeks=ASK_WEEKS_LATEST)
    # Ask at the end of the rotation where there is one (no later than the ask-by date), else from eight weeks before.
    rotation = letters["rotation_ends"] if "rotation_ends" in letters else pd.Series(pd.NaT, index=letters.index, dtype="datetime64[ns]")
    ask_from = rotation.where(rotation.isna() | due.isna(), rotation.where(rotation <= ask_by, ask_by)).fillna(due - timedelta(weeks=ASK_WEEKS_EARLIEST))
    not_asked = letters["status"].isin(["to-ask"]) | letters["status"].isna()
    # A reminder comes two to three weeks before the due date, and never before the ask: a writer
    # not asked yet is asked by the ask-by date, or today once that has passed (as the calendar says).
    today = pd.Timestamp(as_of)
    asked = letters["asked_on"].where(~not_asked, ask_by.where(ask_by.isna() | (ask_by >= today), today))
    remind_on = (due - timedelta(days=REMINDER_DAYS)).combine(asked + timedelta(days=REMIND_AFTER_ASK_DAYS), _later)
    remind_on = remind_on.where(remind_on < due).astype("datetime64[ns]")
    out = pd.DataFrame(
        {"writer": letters["writer"], "status": letters["status"], "due_on": due, "ask_from": ask_from, "ask_by": ask_by, "remind_on": remind_on}
    )
    done = letters["status"].isin(["uploaded", "declined"])
    late_ask = letters["asked_on"].notna() & (letters["asked_on"] > out["ask_by"])
    ask_missed = not_asked & due.notna() & (today > out["ask_by"])
    remind_missed = ~not_asked & ~done & out["remind_on"].notna() & (today > out["remind_on"])
    due_missed = ~done & due.notna() & (today > due)
    flags = pd.Series("", index=letters.index, dtype="object")
    flags[due.isna() & ~done] = "Add a due date"
    flags[not_asked & due.notna() & (today >= out["ask_from"])] = "Ask now"
    flags[ask_missed] = "Ask today: ask-by date passed"
    flags[~not_asked & ~done & out["remind_on"].notna() & (today >= out["remind_on"])] = "Send a polite reminder"
    flags[late_ask & ~done & flags.eq("")] = "Asked late: follow up kindly"
    flags[due_missed] = "Overdue: due date passed"
    flags[letters["status"].eq("uploaded")] = "Done"
    out["next_step"] = flags
    overdue = pd.Series("", index=letters.index, dtype="object")
    overdue[remind_missed] = "reminder " + out.loc[remind_missed, "remind_on"].dt.strftime("%Y-%m-%d")
    overdue[ask_missed] = "ask by " + out.loc[ask_missed, "ask_by"].dt.strftime("%Y-%m-%d")
    overdue[due_missed] = "due " + due[due_missed].dt.strftime("%Y-%m-%d")
    out["overdue"] = overdue
    return out


def _later(a: pd.Timestamp, b: pd.Timestamp) -> pd.Timestamp:
    """The later of two days; a missing one gives way to the other."""
    if pd.isna(a):
        return b
    if pd.isna(b):
        return a
    return a if a >= b else b


EVENT_COLUMNS = ["writer", "event", "on", "planned", "overdue", "summary", "description"]


def calendar_events(schedule: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The calendar's events, from timeline(): for each writer still in play, the
    ask-by date (until asked), the reminder and the due date. A date already past
    is never written silently in the past: it moves to today, labelled overdue."""
    today = pd.Timestamp(as_of)
    rows: list[dict[str, object]] = []

    def add(writer: str, event: str, planned: pd.Timestamp, summary: str, description: str) -> None:
        late = planned < today
        on = today if late else planned
        if late:
            summary = f"Overdue: {summary[0].lower()}{summary[1:]} (planned for {planned:%Y-%m-%d})"
        rows.append({"writer": writer, "event": event, "on": on, "planned": planned, "overdue": late, "summary": summary, "description": description})

    pending = schedule[schedule["due_on"].notna() & ~schedule["status"].isin(["uploaded", "declined"])]
    columns = (pending[c].tolist() for c in ("writer", "status", "due_on", "ask_by", "remind_on"))
    for writer_value, status, due_on, ask_by_on, remind_on in zip(*columns, strict=True):
        writer, due = str(writer_value), pd.Timestamp(due_on)
        if due < today:  # past due: the one thing left is to chase the letter
            add(writer, "due", due, f"Letter due: {writer}", f"The letter from {writer} was due on {due:%Y-%m-%d}.")
            continue
        not_asked = status is None or status is pd.NA or status == "to-ask"
        remind = pd.Timestamp(remind_on) if pd.notna(remind_on) else None
        if not_asked:
            ask_by = pd.Timestamp(ask_by_on)
            add(writer, "ask", ask_by, f"Ask {writer} for a letter", f"Ask {writer} for a letter by today: it is due on {due:%Y-%m-%d}.")
            if remind is not None:
                remind = max(remind, max(ask_by, today) + pd.Timedelta(days=REMIND_AFTER_ASK_DAYS))  # a week after asking at the earliest
        if remind is not None and remind < due:
            add(writer, "remind", remind, f"Remind {writer} about the letter", f"A polite reminder: the letter is due on {due:%Y-%m-%d}.")
        add(writer, "due", due, f"Letter due: {writer}", f"The letter from {writer} should be uploaded by today.")
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def over_assigned(assignments: dict[str, list[str]], names: dict[str, str]) -> list[str]:
    """Warnings for programs that would receive more letters than they accept."""
    return [
        f"{names.get(pid, pid)} would receive {len(writers)} letters; programs accept at most {MAX_LETTERS_PER_PROGRAM}."
        for pid, writers in assignments.items()
        if len(writers) > MAX_LETTERS_PER_PROGRAM
    ]


def assigned_to(writer: str, assignments: Mapping[str, list[str]], order: list[str]) -> list[str]:
    """The ids of the programs that receive this writer's letter, in order (ids not in order:
    programs no longer saved, left out)."""
    mine = {pid for pid, writers in assignments.items() if writer in writers}
    return [pid for pid in order if pid in mine]


SUMMARY_PROGRAMS_HEADING = {
    "assigned": "## Programs this letter goes to",
    "targets": "## Programs I am applying to",
}


def summary_markdown(
    letter: pd.Series,
    applicant: str,
    worked_together: str,
    moments: list[str],
    strengths: list[str],
    programs: list[str],
    specialty: str = "",
    programs_are: str = "targets",
) -> str:
    """The one-page summary a writer receives with the packet; specialty: what the applicant applies to.
    programs_are: "assigned" (the programs this letter is assigned to) or "targets" (programs the
    applicant aims at, chosen on the page): the heading says which."""
    lines = [
        f"# Summary for {letter['writer']}",
        "",
        f"From {applicant or '[your name]'}, applying to {specialty or registry().primary.name} residency.",
        "",
        "## How we worked together",
        worked_together.strip() or "[dates, setting and your role]",
        "",
        "## Moments you may remember",
        *[f"- {m}" for m in moments if m.strip()],
        "",
        "## Strengths I hope you can speak to",
        *[f"- {s}" for s in strengths if s.strip()],
        "",
        SUMMARY_PROGRAMS_HEADING[programs_are],
        *[f"- {p}" for p in programs],
    ]
    return "\n".join(lines).rstrip() + "\n"
