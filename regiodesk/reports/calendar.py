"""iCalendar (RFC 5545) for a meeting: opens in Outlook, Thunderbird and phone calendars."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry, Meeting, RegionSettings
from regiodesk.domain.enums import MeetingState
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


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:  # stored UTC columns come back naive from SQLite
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


#: The fields whose change moves the meeting in the members' calendars.
RESCHEDULING_FIELDS = ("starts_at", "ends_at", "location")


def schedule_changes(db: Database, meeting_id: str) -> int:
    """How often the meeting's time or place was changed since it was created (from the change log).

    This is the iCalendar SEQUENCE (RFC 5545 3.8.7.4): a calendar replaces its entry only by a
    higher one, so it must grow with every move. It is counted, not stored: the change log already
    holds each change once, also those that came in by sync.
    """
    with db.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(ChangeLogEntry)
                .where(
                    ChangeLogEntry.row_id == meeting_id,
                    ChangeLogEntry.table_name == Meeting.__tablename__,
                    ChangeLogEntry.operation == "update",
                    ChangeLogEntry.field.in_(RESCHEDULING_FIELDS),
                )
            )
            or 0
        )


def _organizer(db: Database) -> str:
    with db.session() as session:
        settings = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
        if settings is None or not settings.office_email:
            return ""
        # a parameter value holds no control character, line break or double quote (RFC 5545 3.2)
        name = clean_text(settings.lag_name or settings.name or "").replace('"', "'")
        address = clean_text(settings.office_email).replace(" ", "")
        return f'ORGANIZER;CN="{name}":mailto:{address}' if name else f"ORGANIZER:mailto:{address}"


def invitation_method(db: Database, cancel: bool) -> str:
    """The iTIP method of the calendar part of an e-mail (RFC 5546): CANCEL for a cancellation,
    REQUEST (Outlook offers "Zusagen/Absagen", a later one moves the entry) when the office's
    e-mail address is set, since a REQUEST must name its ORGANIZER; without it PUBLISH."""
    if cancel:
        return "CANCEL"
    return "REQUEST" if _organizer(db) else "PUBLISH"


def meeting_ics(
    db: Database,
    meeting_id: str,
    now: datetime | None = None,
    cancel: bool | None = None,
    method: str = "PUBLISH",
) -> bytes:
    """The meeting as an iCalendar object.

    One UID per meeting for all its life, SEQUENCE = number of changes to its time or place
    (:func:`schedule_changes`), LAST-MODIFIED = when the meeting was last changed: a calendar that
    has the entry moves it when a later file or invitation arrives. ``cancel`` (default: the
    meeting is "abgesagt") writes the cancellation: METHOD:CANCEL, STATUS:CANCELLED, same UID,
    SEQUENCE one higher. ``method`` is PUBLISH for a file and REQUEST in an invitation e-mail.
    """
    d = load_dossier(db, meeting_id)
    meeting = d.meeting
    if cancel is None:
        cancel = meeting.state == MeetingState.CANCELLED
    sequence = schedule_changes(db, meeting_id) + (1 if cancel else 0)
    end = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
    agenda = "\n".join(f"TOP {item.row.number} {item.row.title}" for item in d.items)
    description = f"Tagesordnung:\n{agenda}" if agenda else ""
    summary = d.title if meeting.title else f"Sitzung {d.body.name}"
    if cancel:
        description = "Die Sitzung ist abgesagt." + (f"\n\n{description}" if description else "")
        summary = f"Abgesagt: {summary}"
        status = "STATUS:CANCELLED"
    else:
        status = "STATUS:CONFIRMED" if meeting.state != MeetingState.PLANNED else "STATUS:TENTATIVE"
    organizer = _organizer(db)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//regiodesk//Sitzungen//DE",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancel else method}",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@regiodesk",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(now or datetime.now(timezone.utc))}",
        f"LAST-MODIFIED:{_utc(meeting.modified_at)}",
        f"DTSTART;TZID=Europe/Berlin:{_local(meeting.starts_at)}",
        f"DTEND;TZID=Europe/Berlin:{_local(end)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(meeting.location)}",
        f"DESCRIPTION:{escape_text(description)}",
        *([organizer] if organizer else []),
        status,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    folded = [part for line in lines for part in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")


def meeting_cancellation_ics(db: Database, meeting_id: str, now: datetime | None = None) -> bytes:
    """The cancellation of the meeting's calendar entry (whatever the meeting's state)."""
    return meeting_ics(db, meeting_id, now=now, cancel=True)
