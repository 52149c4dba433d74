"""Documents of an event (Veranstaltung): the participant list to sign (PDF), the calendar entry
(.ics) and an unsent e-mail (.eml) to the registered participants.

The list is laid out like a meeting's attendance list (letterhead, repeated header, room to sign);
the calendar entry and the e-mail follow the meeting's (``reports/calendar.py``, ``reports/mail.py``):
one UID per event, addresses in Bcc, at most :data:`~regiodesk.reports.mail.BCC_LIMIT` per draft.
Who gets the e-mail is :func:`regiodesk.services.activities.event_recipients` (consent rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from regiodesk.db.database import Database
from regiodesk.db.models import Event
from regiodesk.domain.enums import EventKind
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.text import clean_text
from regiodesk.i18n import format_date, format_datetime, tr
from regiodesk.reports.calendar import VTIMEZONE, escape_text, fold
from regiodesk.reports.mail import add_file, bcc_drafts, companion_paths, sendable_mailboxes
from regiodesk.reports.meeting_docs import WEEKDAYS
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    Paragraph,
    RowsToPageEnd,
    build_pdf,
    escape,
    styles,
    table,
)
from regiodesk.services.activities import EventService, ParticipantLine, event_recipients

#: Empty lines at the end of the list at least, for those who come without registering; the lines
#: go on to the foot of the page (:class:`~regiodesk.reports.pdf.RowsToPageEnd`).
BLANK_LINES = 6


@dataclass(frozen=True)
class _EventFacts:
    event: Event
    participants: list[ParticipantLine]

    @property
    def when(self) -> str:
        start = self.event.starts_at
        text = f"{WEEKDAYS[start.weekday()]}, {format_datetime(start)} Uhr"
        end = self.event.ends_at
        if end is not None:
            text += (
                f" bis {end:%H:%M} Uhr" if end.date() == start.date() else f" bis {format_datetime(end)} Uhr"
            )
        return text

    @property
    def kind(self) -> str:
        return EventKind.label_of(self.event.kind)


def _facts(db: Database, event_id: str) -> _EventFacts:
    service = EventService(db)
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise NotFoundError(tr("Die Veranstaltung gibt es nicht (mehr)."))
        session.expunge(event)
    return _EventFacts(event, service.participants(event_id))


# --------------------------------------------------------------------------- participant list
def participants_pdf(db: Database, event_id: str) -> bytes:
    """The list everyone signs at the event: the registered and known guests, then empty lines."""
    d = _facts(db, event_id)
    event = d.event
    st = styles()
    story: list[Flowable] = [
        Paragraph(escape(f"Teilnehmerliste: {event.title}"), st["title"]),
        Paragraph(escape(f"{d.kind} · {d.when} · {event.location}".strip(" ·")), st["subtitle"]),
    ]
    organisers = ", ".join(p for p in (event.organiser, event.co_organisers.replace("\n", ", ")) if p.strip())
    if organisers:
        story.append(Paragraph(escape(f"Veranstalter: {organisers}"), st["body"]))
        story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            escape(
                "Mit Ihrer Unterschrift bestätigen Sie Ihre Teilnahme. Die Liste dient dem Nachweis der "
                "Veranstaltung gegenüber der Förderstelle."
            ),
            st["body"],
        )
    )
    story.append(Spacer(1, 3 * mm))
    header: list[object] = ["Nr.", "Name", "Institution / Organisation", "Anmeldung", "Unterschrift"]
    rows: list[list[object]] = [header]
    for n, p in enumerate(d.participants, start=1):
        rows.append([str(n), p.name, p.organisation, format_date(p.registered_on) or "ohne", ""])
    widths = [10 * mm, 50 * mm, 44 * mm, 24 * mm, CONTENT_WIDTH - 128 * mm]
    first_blank = len(d.participants) + 1
    if d.participants:
        story.append(table(rows, widths, align_right=(0,), row_heights=9 * mm))
    story.append(
        RowsToPageEnd(header, widths, first_blank, 9 * mm, BLANK_LINES, with_header=not d.participants)
    )
    return build_pdf(
        story, Letterhead.of(db), f"Teilnehmerliste {event.title} {format_date(event.starts_at.date())}"
    )


# --------------------------------------------------------------------------- calendar
def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event_ics(db: Database, event_id: str, now: datetime | None = None) -> bytes:
    """The event as an iCalendar object (one UID for all its life; local time Europe/Berlin)."""
    d = _facts(db, event_id)
    event = d.event
    end = event.ends_at or event.starts_at + timedelta(hours=2)
    description = "\n".join(
        part
        for part in (
            d.kind,
            f"Veranstalter: {event.organiser}" if event.organiser else "",
            f"Programm:\n{event.programme}" if event.programme else "",
        )
        if part
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//regiodesk//Veranstaltungen//DE",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:{event.id}@regiodesk",
        f"DTSTAMP:{_utc(now or datetime.now(timezone.utc))}",
        f"LAST-MODIFIED:{_utc(event.modified_at)}",
        f"DTSTART;TZID=Europe/Berlin:{event.starts_at:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=Europe/Berlin:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{escape_text(event.title)}",
        f"LOCATION:{escape_text(event.location)}",
        f"DESCRIPTION:{escape_text(description)}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    folded = [part for line in lines for part in fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")


# --------------------------------------------------------------------------- e-mail
@dataclass
class EventDraft:
    #: one draft per Bcc limit (at least one)
    emls: list[bytes]
    recipients: int = 0
    #: (name, why not) of registered participants who do not get the e-mail
    left_out: list[tuple[str, str]] = field(default_factory=list)

    @property
    def eml(self) -> bytes:
        """The first (usually the only) draft."""
        return self.emls[0]

    @property
    def warning(self) -> str:
        """German note for the user: who is left out and why; empty when nobody is."""
        parts = []
        if len(self.emls) > 1:
            parts.append(
                f"Die E-Mail geht an {self.recipients} Empfänger; es sind {len(self.emls)} Entwürfe "
                "gespeichert (der zweite mit „_2“ am Ende des Namens); bitte alle senden."
            )
        if self.left_out:
            names = "; ".join(f"{name} ({why})" for name, why in self.left_out)
            parts.append(f"Keine E-Mail erhalten {len(self.left_out)} Angemeldete: {names}.")
        return "\n\n".join(parts)

    def write(self, path: Path) -> list[Path]:
        paths = [path, *companion_paths(path, len(self.emls))]
        for target, data in zip(paths, self.emls, strict=True):
            target.write_bytes(data)
        return paths


def event_email_draft(db: Database, event_id: str, on: date | None = None) -> EventDraft:
    """An unsent e-mail to the registered participants with the calendar entry attached."""
    d = _facts(db, event_id)
    event = d.event
    recipients = event_recipients(db, event_id, on)
    letterhead = Letterhead.of(db)
    day = format_date(event.starts_at.date())
    subject = f"{event.title} am {day}"
    programme = f"Programm:\n{event.programme}\n\n" if event.programme else ""
    text = (
        "Sehr geehrte Damen und Herren,\n\n"
        f"vielen Dank für Ihre Anmeldung zur Veranstaltung „{event.title}“:\n\n"
        f"  {d.when}\n  {event.location}\n\n"
        f"{programme}"
        "Ein Kalendereintrag ist angehängt.\n\n"
        "Mit freundlichen Grüßen\n"
        f"{letterhead.region or 'Ihre Geschäftsstelle'}\n"
    )
    stem = clean_text(f"Veranstaltung_{event.starts_at:%Y-%m-%d}").replace(" ", "_")
    calendar = event_ics(db, event_id)
    mailboxes, unsendable = sendable_mailboxes(recipients.addresses)
    left_out = [*recipients.left_out, *((name, tr(reason)) for name, reason in unsendable)]

    def attach(message: EmailMessage) -> None:
        add_file(
            message, calendar, f"{stem}.ics", "text", "calendar", {"method": "PUBLISH", "charset": "utf-8"}
        )

    return EventDraft(bcc_drafts(subject, text, mailboxes, attach), len(mailboxes), left_out)
