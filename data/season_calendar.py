"""An iCalendar (.ics) file of the season (interviews, application deadlines,
thank-you notes, the season's key dates) from a table of all-day events (RFC 5545)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pandas as pd


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    # Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1).
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
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
        "END:VEVENT",
    ]


def events_calendar(events: pd.DataFrame, now: datetime | None = None) -> bytes:
    """events: one row per all-day event with `uid`, `on`, `summary`, `description`
    (scoring.season.calendar_events builds them)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Residency Scout//Season//EN", "CALSCALE:GREGORIAN"]
    for uid, on, summary, description in zip(events["uid"], events["on"], events["summary"], events["description"], strict=True):
        uid_hash = hashlib.sha1(str(uid).encode("utf-8")).hexdigest()[:16]
        lines += _event(uid_hash, pd.Timestamp(on).date(), str(summary), str(description), stamp)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
