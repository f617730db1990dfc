"""An iCalendar (.ics) file of letter due dates and reminders (RFC 5545),
written by hand: a handful of all-day events does not need a library."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import pandas as pd


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    # Lines longer than 75 octets are folded with a leading space (RFC 5545 §3.1).
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


def letters_calendar(plan: pd.DataFrame, now: datetime | None = None) -> bytes:
    """plan: scoring.letters.timeline() output. One due-date and one reminder event per writer."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Residency Scout//Letters//EN", "CALSCALE:GREGORIAN"]
    pending = plan[plan["due_on"].notna() & ~plan["status"].isin(["uploaded", "declined"])]
    for writer_value, due_on, remind_on in zip(pending["writer"], pending["due_on"], pending["remind_on"], strict=True):
        writer = str(writer_value)
        due, remind = pd.Timestamp(due_on).date(), pd.Timestamp(remind_on).date()
        key = hashlib.sha1(writer.encode("utf-8")).hexdigest()[:12]
        lines += _event(f"due-{key}", due, f"Letter due: {writer}", f"The letter from {writer} should be uploaded by today.", stamp)
        lines += _event(f"remind-{key}", remind, f"Remind {writer} about the letter", f"A polite reminder: the letter is due on {due:%Y-%m-%d}.", stamp)
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
