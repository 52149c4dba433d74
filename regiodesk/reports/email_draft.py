"""An unsent e-mail (.eml) to the members of a body, with the invitation PDF and the .ics attached.

``X-Unsent: 1`` makes Outlook open the file as a draft ready to send; Thunderbird opens it
and offers "Als neu bearbeiten". Addresses go in Bcc so members do not see each other's.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr

from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import ContactEmail
from regiodesk.domain.text import clean_text
from regiodesk.i18n import format_date
from regiodesk.reports.calendar import meeting_ics
from regiodesk.reports.meeting_docs import invitation_pdf, load_dossier
from regiodesk.services.memberships import active_memberships


def member_addresses(db: Database, meeting_id: str, with_deputies: bool = True) -> list[str]:
    """E-mail addresses of the body's members on the meeting day (and their deputies), first per person."""
    d = load_dossier(db, meeting_id)
    with db.session() as session:
        people: list[tuple[str, str]] = []
        for m in active_memberships(session, d.body.id, d.meeting.starts_at.date()):
            people.append((m.contact_id, m.contact.display_name()))
            if with_deputies and m.deputy is not None:
                people.append((m.deputy.id, m.deputy.display_name()))
        addresses = []
        seen: set[str] = set()
        for contact_id, name in people:
            email = session.scalar(
                select(ContactEmail.address)
                .where(ContactEmail.contact_id == contact_id, ContactEmail.deleted_at.is_(None))
                .order_by(ContactEmail.created_at)
                .limit(1)
            )
            if email and email.lower() not in seen:
                seen.add(email.lower())
                addresses.append(formataddr((clean_text(name), clean_text(email))))
    return addresses


def invitation_eml(db: Database, meeting_id: str) -> bytes:
    d = load_dossier(db, meeting_id)
    day = format_date(d.meeting.starts_at.date())
    message = EmailMessage()
    # Header lines end at a line break: text stored before entry points cleaned it loses its
    # control characters here (a header with one is refused, a body with one is unreadable).
    message["Subject"] = clean_text(f"Einladung: {d.body.name} am {day}")
    message["X-Unsent"] = "1"
    bcc = member_addresses(db, meeting_id)
    if bcc:
        message["Bcc"] = ", ".join(bcc)
    agenda = "\n".join(f"  TOP {item.row.number}  {item.row.title}" for item in d.items)
    message.set_content(
        clean_text(
            "Sehr geehrte Damen und Herren,\n\n"
            f"hiermit laden wir Sie herzlich zur Sitzung „{d.body.name}“ ein:\n\n"
            f"  {d.when}\n  {d.meeting.location}\n\n"
            f"Tagesordnung:\n{agenda}\n\n"
            "Die Einladung mit Tagesordnung und ein Kalendereintrag sind angehängt.\n\n"
            "Mit freundlichen Grüßen\n"
            f"{d.letterhead.region or 'Ihre Geschäftsstelle'}\n",
            multiline=True,
        )
    )
    stem = clean_text(f"Einladung_{d.body.name}_{d.meeting.starts_at:%Y-%m-%d}").replace(" ", "_")
    message.add_attachment(
        invitation_pdf(db, meeting_id), maintype="application", subtype="pdf", filename=f"{stem}.pdf"
    )
    message.add_attachment(
        meeting_ics(db, meeting_id),
        maintype="text",
        subtype="calendar",
        filename=f"{stem}.ics",
        params={"method": "PUBLISH"},
    )
    return bytes(message)
