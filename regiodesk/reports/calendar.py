"""iCalendar (RFC 5545) for a meeting: opens in Outlook, Thunderbird and phone calendars."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from regiodesk.db.database import Database
from regiodesk.domain.text import clean_text
from regiodesk.reports.meeting_docs import load_dossier

#: Europe/Berlin with its daylight-saving rules, so calendars show the local time the office meant.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:MESZ",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:MEZ",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(text: str) -> str:
    # RFC 5545 allows no control characters in a value: text stored before the entry points
    # cleaned it loses them here, and a line break of any kind becomes an escaped one.
    return (
        clean_text(text, multiline=True)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74  # continuation lines start with a space
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def meeting_ics(db: Database, meeting_id: str, now: datetime | None = None) -> bytes:
    d = load_dossier(db, meeting_id)
    meeting = d.meeting
    end = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
    agenda = "\n".join(f"TOP {item.row.number} {item.row.title}" for item in d.items)
    description = f"Tagesordnung:\n{agenda}" if agenda else ""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//regiodesk//Sitzungen//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@regiodesk",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID=Europe/Berlin:{_local(meeting.starts_at)}",
        f"DTEND;TZID=Europe/Berlin:{_local(end)}",
        f"SUMMARY:{escape_text(d.title if meeting.title else f'Sitzung {d.body.name}')}",
        f"LOCATION:{escape_text(meeting.location)}",
        f"DESCRIPTION:{escape_text(description)}",
        "STATUS:CONFIRMED" if meeting.state != "geplant" else "STATUS:TENTATIVE",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    folded = [part for line in lines for part in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
