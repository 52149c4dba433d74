"""An unsent e-mail (.eml) to the members of a body, with the invitation PDF, the .ics and the
project sketches attached (rule 6: "project sketches attached").

``X-Unsent: 1`` makes Outlook open the file as a draft ready to send; Thunderbird opens it
and offers "Als neu bearbeiten". Addresses go in Bcc so members do not see each other's, at most
:data:`~regiodesk.reports.mail.BCC_LIMIT` per draft like every draft (more members: several
drafts, "(1/2)", "(2/2)"). The calendar part is an iTIP REQUEST (PUBLISH while the office's e-mail
address, the ORGANIZER, is not set; CANCEL for a meeting that is called off) with the same UID and
a growing SEQUENCE, so a moved meeting moves in the calendars.

The sketches of a project on the agenda are: its project sheet (Projektsteckbrief, generated), the
files attached to its agenda item (the agenda dialog offers that place for sketches), and the
project's own attachments whose name or description says "Skizze". Many mail servers refuse
messages above 10 MB; attachments are base64-encoded (a third larger), so when the draft would
exceed :data:`MAX_ENCODED_BYTES` the largest sketches are left out and named in the text.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, ContactEmail, Project
from regiodesk.domain.enums import MeetingState
from regiodesk.domain.text import clean_text
from regiodesk.i18n import format_date, tr
from regiodesk.reports.calendar import invitation_method, meeting_ics
from regiodesk.reports.mail import (
    BCC_LIMIT,
    add_file,
    bcc_drafts,
    companion_paths,
    sendable_mailboxes,
)
from regiodesk.reports.meeting_docs import MeetingDossier, invitation_pdf, load_dossier
from regiodesk.reports.project_docs import project_pdf
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.memberships import active_memberships

#: Above this encoded size many mail servers refuse a message (a common limit is 10 MB).
MAX_ENCODED_BYTES = 10 * 1000 * 1000


@dataclass(frozen=True)
class Enclosure:
    filename: str
    data: bytes

    @property
    def encoded_size(self) -> int:
        """Size in the message: base64 (4 bytes per 3) with a line break every 76 characters."""
        base64 = (len(self.data) + 2) // 3 * 4
        return base64 + base64 // 76 * 2 + 400  # and the part's headers


@dataclass
class InvitationDraft:
    #: one draft per :data:`BCC_LIMIT` recipients (at least one)
    emls: list[bytes]
    #: sketches left out because the draft would be too large for ordinary mail servers
    left_out: list[Enclosure] = field(default_factory=list)
    recipients: int = 0
    #: members whose address no mail server takes (name, reason): not in the draft
    unsendable: list[tuple[str, str]] = field(default_factory=list)

    @property
    def eml(self) -> bytes:
        """The first (usually the only) draft."""
        return self.emls[0]

    @property
    def companions(self) -> list[bytes]:
        """The drafts after the first, for the recipients beyond the Bcc limit."""
        return self.emls[1:]

    @property
    def warning(self) -> str:
        """German message for the user, empty when there is nothing to say."""
        parts = []
        if self.unsendable:
            named = "; ".join(f"{name}: {tr(reason)}" for name, reason in self.unsendable)
            parts.append(f"Nicht im Entwurf (bitte gesondert benachrichtigen): {named}.")
        if len(self.emls) > 1:
            parts.append(
                f"Die E-Mail geht an {self.recipients} Empfänger; in einer E-Mail stehen höchstens "
                f"{BCC_LIMIT} in Bcc. Es sind daher {len(self.emls)} Entwürfe gespeichert "
                f"(der zweite mit „_2“ am Ende des Namens); bitte alle senden."
            )
        if self.left_out:
            names = ", ".join(f"„{e.filename}“ ({_megabytes(e.encoded_size)})" for e in self.left_out)
            parts.append(
                "Der E-Mail-Entwurf wäre mit allen Projektskizzen größer als "
                f"{_megabytes(MAX_ENCODED_BYTES)} und würde von vielen Mailservern abgewiesen. "
                f"Nicht angehängt: {names}. Bitte diese Unterlagen auf anderem Weg bereitstellen "
                "(z. B. als Download-Link); die E-Mail nennt sie."
            )
        return "\n\n".join(parts)

    def write(self, path: Path) -> list[Path]:
        """Write the drafts as ``path`` and ``<stem>_2.eml``, ``<stem>_3.eml``, …; returns the paths."""
        paths = [path, *companion_paths(path, len(self.emls))]
        for target, data in zip(paths, self.emls, strict=True):
            target.write_bytes(data)
        return paths


def _megabytes(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000} MB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _safe(name: str) -> str:
    return re.sub(r"[^\w.\-]+", "_", name).strip("_") or "Dokument"


def project_sketches(db: Database, d: MeetingDossier) -> list[Enclosure]:
    """The sketches of the projects on the agenda, in agenda order (see the module docstring)."""
    attachments = AttachmentService(db)
    result: list[Enclosure] = []
    seen_projects: set[str] = set()
    for record in d.items:
        row = record.row
        for info in attachments.list_for(AgendaItem.__tablename__, row.id):
            _name, data = attachments.content(info.id)
            result.append(Enclosure(f"TOP_{row.number}_{info.filename}", data))
        if not row.project_id or row.project_id in seen_projects:
            continue
        seen_projects.add(row.project_id)
        title = _safe(row.project_title)
        result.append(Enclosure(f"Projektsteckbrief_{title}.pdf", project_pdf(db, row.project_id)))
        for info in attachments.list_for(Project.__tablename__, row.project_id):
            if "skizze" in f"{info.filename} {info.description}".casefold():
                _name, data = attachments.content(info.id)
                result.append(Enclosure(info.filename, data))
    return result


def member_addresses(db: Database, meeting_id: str, with_deputies: bool = True) -> list[str]:
    """E-mail addresses of the body's members on the meeting day (and their deputies), first per person
    (one that no mail server takes, see :func:`member_mailboxes`, left out)."""
    return member_mailboxes(db, meeting_id, with_deputies)[0]


def member_mailboxes(
    db: Database, meeting_id: str, with_deputies: bool = True
) -> tuple[list[str], list[tuple[str, str]]]:
    """The members' mailboxes, and (name, reason) of those whose address cannot be sent to."""
    d = load_dossier(db, meeting_id)
    with db.session() as session:
        people: list[tuple[str, str]] = []
        for m in active_memberships(session, d.body.id, d.meeting.starts_at.date()):
            people.append((m.contact_id, m.contact.display_name()))
            if with_deputies and m.deputy is not None:
                people.append((m.deputy.id, m.deputy.display_name()))
        pairs: list[tuple[str, str]] = []
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
                pairs.append((name, email))
    return sendable_mailboxes(pairs)


def invitation_eml(db: Database, meeting_id: str) -> bytes:
    """The first invitation draft (see :func:`invitation_draft` for all of them)."""
    return invitation_draft(db, meeting_id).eml


def invitation_draft(db: Database, meeting_id: str, limit: int = MAX_ENCODED_BYTES) -> InvitationDraft:
    """The invitation e-mail(s); sketches that would push it over ``limit`` are left out and named.

    For a meeting that is called off ("abgesagt") the draft is the cancellation: it says so, and
    carries the calendar cancellation instead of the invitation and the sketches.
    """
    d = load_dossier(db, meeting_id)
    cancelled = d.meeting.state == MeetingState.CANCELLED
    day = format_date(d.meeting.starts_at.date())
    kind = "Absage" if cancelled else "Einladung"
    stem = clean_text(f"{kind}_{d.body.name}_{d.meeting.starts_at:%Y-%m-%d}").replace(" ", "_")
    method = invitation_method(db, cancelled)
    calendar = Enclosure(f"{stem}.ics", meeting_ics(db, meeting_id, cancel=cancelled, method=method))
    if cancelled:
        enclosures: list[Enclosure] = [calendar]
        left_out: list[Enclosure] = []
        subject = f"Absage: {d.body.name} am {day}"
        text = (
            "Sehr geehrte Damen und Herren,\n\n"
            f"die Sitzung „{d.body.name}“ am\n\n  {d.when}\n  {d.meeting.location}\n\n"
            "ist abgesagt. Der angehängte Kalendereintrag entfernt den Termin aus Ihrem Kalender.\n\n"
            "Mit freundlichen Grüßen\n"
            f"{d.letterhead.region or 'Ihre Geschäftsstelle'}\n"
        )
    else:
        invitation = Enclosure(f"{stem}.pdf", invitation_pdf(db, meeting_id))
        sketches = project_sketches(db, d)
        budget = limit - invitation.encoded_size - calendar.encoded_size - 20_000  # text and headers
        attached: list[Enclosure] = []
        left_out = []
        for sketch in sorted(sketches, key=lambda e: e.encoded_size):  # as many as fit, the small first
            if sketch.encoded_size <= budget:
                attached.append(sketch)
                budget -= sketch.encoded_size
            else:
                left_out.append(sketch)
        attached.sort(key=sketches.index)  # in agenda order again
        left_out.sort(key=sketches.index)
        enclosures = [invitation, calendar, *attached]
        subject = f"Einladung: {d.body.name} am {day}"
        agenda = "\n".join(f"  TOP {item.row.number}  {item.row.title}" for item in d.items)
        enclosed = "Die Einladung mit Tagesordnung und ein Kalendereintrag sind angehängt"
        if attached:
            enclosed += ", ebenso die Projektskizzen der zur Auswahl stehenden Projekte"
        enclosed += ".\n\n"
        if left_out:
            enclosed += (
                "Wegen ihrer Größe liegen dieser E-Mail nicht bei und werden gesondert bereitgestellt:\n"
                + "\n".join(f"  - {e.filename}" for e in left_out)
                + "\n\n"
            )
        text = (
            "Sehr geehrte Damen und Herren,\n\n"
            f"hiermit laden wir Sie herzlich zur Sitzung „{d.body.name}“ ein:\n\n"
            f"  {d.when}\n  {d.meeting.location}\n\n"
            f"Tagesordnung:\n{agenda}\n\n"
            f"{enclosed}"
            "Mit freundlichen Grüßen\n"
            f"{d.letterhead.region or 'Ihre Geschäftsstelle'}\n"
        )
    recipients, unsendable = member_mailboxes(db, meeting_id)

    def attach(message: EmailMessage) -> None:
        for enclosure in enclosures:
            if enclosure is calendar:
                # RFC 6047: the part names the iTIP method of the object it carries, and its charset
                add_file(
                    message,
                    calendar.data,
                    calendar.filename,
                    "text",
                    "calendar",
                    {"method": method, "charset": "utf-8"},
                )
                continue
            mime = mimetypes.guess_type(enclosure.filename)[0] or "application/octet-stream"
            maintype, subtype = mime.split("/", 1)
            add_file(message, enclosure.data, enclosure.filename, maintype, subtype)

    emls = bcc_drafts(subject, text, recipients, attach)
    return InvitationDraft(emls, left_out, len(recipients), unsendable)
