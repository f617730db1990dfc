"""iCalendar (.ics) files of all-day events (RFC 5545): letters, and the season
(interviews, deadlines, thank-you notes, key dates). Written by hand: a handful
of all-day events does not need a library. Safe on its own: any text, control
characters and line breaks included, stays inside its property."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd

# RFC 5545 §3.3.11: TEXT may not hold control characters other than HTAB; a line
# break is written as \n. A lone CR is a line break too: left raw, a calendar
# reader would start a new property with whatever follows it.
_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _BREAK.sub("\\\\n", text))


def _fold(line: str) -> list[str]:
    # Lines longer than 75 octets are folded with a leading space (RFC 5545 §3.1),
    # between characters so a UTF-8 sequence is never split.
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    return [*out, current]


def _event(uid: str, day: date, summary: str, description: str, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@residency-scout.local",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def letters_calendar(events: pd.DataFrame, now: datetime | None = None) -> bytes:
    """events: scoring.applying.letters.calendar_events() output, one all-day event per row."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Residency Scout//Letters//EN", "CALSCALE:GREGORIAN"]
    columns = (events[c].tolist() for c in ("event", "writer", "on", "summary", "description"))
    for n, (event, writer, on, summary, description) in enumerate(zip(*columns, strict=True)):
        # Stable across downloads, so a re-import updates events instead of doubling them.
        key = hashlib.sha1(f"{event}|{n}|{writer}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        lines += _event(f"{event}-{key}", pd.Timestamp(on).date(), str(summary), str(description), stamp)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8", "replace")


def events_calendar(events: pd.DataFrame, now: datetime | None = None) -> bytes:
    """events: one row per all-day event with `uid`, `on`, `summary`, `description`
    (scoring.calendar.season.calendar_events builds them)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Residency Scout//Season//EN", "CALSCALE:GREGORIAN"]
    seen: dict[str, int] = {}
    for uid, on, summary, description in zip(events["uid"], events["on"], events["summary"], events["description"], strict=True):
        # Two events of one key (one program applied to twice) still get two UIDs: a calendar
        # app merges or drops events that share one.
        seen[str(uid)] = seen.get(str(uid), 0) + 1
        repeat = f"|{seen[str(uid)]}" if seen[str(uid)] > 1 else ""
        key = hashlib.sha1(f"{uid}{repeat}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        lines += _event(key, pd.Timestamp(on).date(), str(summary), str(description), stamp)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8", "replace")
