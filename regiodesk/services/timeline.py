"""One timeline per contact and per project: „was war mit der Gemeinde X?“

Everything the office has recorded about a contact or a project, newest first: meetings attended
(or, for a project, the meetings that had it on the agenda), consultations, events registered for
or attended, press and network work, the project's status changes and payments. Each entry can be
filtered by its kind. Qt-free; the window shows it in the contact's and the project's panel.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import (
    Activity,
    AgendaItem,
    Attendance,
    Consultation,
    ConsultationContact,
    Contact,
    Event,
    EventParticipant,
    Meeting,
    Payment,
    Project,
    ProjectContact,
    ProjectStatusChange,
)
from regiodesk.domain.enums import ActivityKind, AttendanceStatus, EventKind, ProjectStatus
from regiodesk.domain.errors import NotFoundError
from regiodesk.fields import format_quantity
from regiodesk.i18n import format_cents, tr

__all__ = [
    "CONSULTATION",
    "EVENT",
    "MEETING",
    "PAYMENT",
    "PRESS_NETWORK",
    "STATUS",
    "TIMELINE_KINDS",
    "TimelineEntry",
    "contact_timeline",
    "project_timeline",
]

MEETING = "sitzung"
CONSULTATION = "beratung"
EVENT = "veranstaltung"
PRESS_NETWORK = "presse_netzwerk"
STATUS = "status"
PAYMENT = "auszahlung"

#: (kind, German label) in the order the filter offers them.
TIMELINE_KINDS: tuple[tuple[str, str], ...] = (
    (MEETING, "Sitzungen"),
    (CONSULTATION, "Beratungsgespräche"),
    (EVENT, "Veranstaltungen"),
    (PRESS_NETWORK, "Presse- und Netzwerkarbeit"),
    (STATUS, "Projektstatus"),
    (PAYMENT, "Auszahlungen"),
)
#: kind -> what one entry of it is called
_ENTRY_LABELS = {
    MEETING: "Sitzung",
    CONSULTATION: "Beratungsgespräch",
    EVENT: "Veranstaltung",
    PRESS_NETWORK: "Presse-/Netzwerkarbeit",
    STATUS: "Projektstatus",
    PAYMENT: "Auszahlung",
}


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str
    title: str
    detail: str
    #: the record the entry is about (table name and id), to open it
    table: str
    record_id: str

    @property
    def kind_label(self) -> str:
        return tr(_ENTRY_LABELS[self.kind])


def contact_timeline(
    db: Database, contact_id: str, kinds: Collection[str] | None = None
) -> list[TimelineEntry]:
    """What the office recorded with a contact, newest first (``kinds``: only these)."""
    with db.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.deleted_at is not None:
            raise NotFoundError(tr("Den Kontakt gibt es nicht (mehr)."))
        entries = [
            *_contact_meetings(session, contact_id),
            *_contact_consultations(session, contact_id),
            *_contact_events(session, contact_id),
            *_activities(session, Activity.contact_id == contact_id),
            *_contact_projects(session, contact_id),
        ]
    return _newest_first(entries, kinds)


def project_timeline(
    db: Database, project_id: str, kinds: Collection[str] | None = None
) -> list[TimelineEntry]:
    """What happened with a project, newest first (``kinds``: only these)."""
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
        entries = [
            *_project_meetings(session, project_id),
            *_consultations(session, Consultation.project_id == project_id),
            *_activities(session, Activity.project_id == project_id),
            *_status_changes(session, [project_id], with_title=False),
            *_payments(session, project_id),
        ]
    return _newest_first(entries, kinds)


def _newest_first(entries: list[TimelineEntry], kinds: Collection[str] | None) -> list[TimelineEntry]:
    if kinds is not None:
        wanted = set(kinds)
        entries = [e for e in entries if e.kind in wanted]
    # stable: entries of one day keep the order of their kinds
    return sorted(entries, key=lambda e: e.on, reverse=True)


def _contact_meetings(session: Session, contact_id: str) -> Iterable[TimelineEntry]:
    """Meetings the person attended (with the attendance as recorded), chaired or minuted."""
    rows = session.execute(
        select(Meeting, Attendance.status)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.contact_id == contact_id,
            Attendance.deleted_at.is_(None),
            Meeting.deleted_at.is_(None),
        )
    )
    listed: set[str] = set()
    for meeting, status in rows:
        listed.add(meeting.id)
        yield TimelineEntry(
            meeting.starts_at.date(),
            MEETING,
            meeting.display_name(),
            AttendanceStatus.label_of(status),
            "meeting",
            meeting.id,
        )
    led = session.scalars(
        select(Meeting).where(
            or_(Meeting.chair_id == contact_id, Meeting.minute_taker_id == contact_id),
            Meeting.deleted_at.is_(None),
        )
    )
    for meeting in led:
        if meeting.id in listed:
            continue
        role = tr("Sitzungsleitung") if meeting.chair_id == contact_id else tr("Protokoll")
        yield TimelineEntry(
            meeting.starts_at.date(), MEETING, meeting.display_name(), role, "meeting", meeting.id
        )


def _project_meetings(session: Session, project_id: str) -> Iterable[TimelineEntry]:
    rows = session.execute(
        select(Meeting, AgendaItem)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(
            AgendaItem.project_id == project_id,
            AgendaItem.deleted_at.is_(None),
            Meeting.deleted_at.is_(None),
        )
    )
    for meeting, item in rows:
        detail = (
            tr("TOP {number}: {title}", number=item.number, title=item.title) if item.number else item.title
        )
        yield TimelineEntry(
            meeting.starts_at.date(), MEETING, meeting.display_name(), detail, "meeting", meeting.id
        )


def _consultation_about(session: Session, consultation: Consultation) -> str:
    if consultation.project_id:
        project = session.get(Project, consultation.project_id)
        return project.title if project else ""
    return tr("Idee: {idea}", idea=consultation.project_idea) if consultation.project_idea else ""


def _consultations(session: Session, *where) -> Iterable[TimelineEntry]:
    for c in session.scalars(select(Consultation).where(Consultation.deleted_at.is_(None), *where)):
        yield TimelineEntry(
            c.held_on, CONSULTATION, c.topic, _consultation_about(session, c), "consultation", c.id
        )


def _contact_consultations(session: Session, contact_id: str) -> Iterable[TimelineEntry]:
    linked = (
        select(ConsultationContact.consultation_id)
        .where(ConsultationContact.contact_id == contact_id, ConsultationContact.deleted_at.is_(None))
        .scalar_subquery()
    )
    return _consultations(session, Consultation.id.in_(linked))


def _contact_events(session: Session, contact_id: str) -> Iterable[TimelineEntry]:
    rows = session.execute(
        select(Event, EventParticipant)
        .join(EventParticipant, EventParticipant.event_id == Event.id)
        .where(
            EventParticipant.contact_id == contact_id,
            EventParticipant.deleted_at.is_(None),
            Event.deleted_at.is_(None),
        )
    )
    for event, p in rows:
        parts = [EventKind.label_of(event.kind)]
        if p.registered_on is not None:
            parts.append(tr("angemeldet"))
        if p.attended:
            parts.append(tr("teilgenommen"))
        yield TimelineEntry(event.starts_at.date(), EVENT, event.title, ", ".join(parts), "event", event.id)


def _activities(session: Session, *where) -> Iterable[TimelineEntry]:
    for a in session.scalars(select(Activity).where(Activity.deleted_at.is_(None), *where)):
        parts = [ActivityKind.label_of(a.kind), a.medium]
        if a.hours_milli:
            parts.append(tr("{hours} Std.", hours=format_quantity(a.hours_milli)))
        detail = ", ".join(p for p in parts if p)
        yield TimelineEntry(a.held_on, PRESS_NETWORK, a.title, detail, "activity", a.id)


def _contact_projects(session: Session, contact_id: str) -> Iterable[TimelineEntry]:
    """The status changes of the projects the contact sponsors or is involved in."""
    involved = select(ProjectContact.project_id).where(
        ProjectContact.contact_id == contact_id, ProjectContact.deleted_at.is_(None)
    )
    ids = list(
        session.scalars(
            select(Project.id).where(
                Project.deleted_at.is_(None), or_(Project.sponsor_id == contact_id, Project.id.in_(involved))
            )
        )
    )
    return _status_changes(session, ids, with_title=True)


def _status_changes(session: Session, project_ids: list[str], *, with_title: bool) -> Iterable[TimelineEntry]:
    if not project_ids:
        return
    rows = session.execute(
        select(ProjectStatusChange, Project.title)
        .join(Project, Project.id == ProjectStatusChange.project_id)
        .where(ProjectStatusChange.project_id.in_(project_ids), ProjectStatusChange.deleted_at.is_(None))
    )
    for change, title in rows:
        status = ProjectStatus.label_of(change.to_status)
        if change.from_status:
            status = f"{ProjectStatus.label_of(change.from_status)} → {status}"
        if with_title:
            yield TimelineEntry(change.changed_on, STATUS, title, status, "project", change.project_id)
        else:
            yield TimelineEntry(change.changed_on, STATUS, status, change.note, "project", change.project_id)


def _payments(session: Session, project_id: str) -> Iterable[TimelineEntry]:
    for p in session.scalars(
        select(Payment).where(Payment.project_id == project_id, Payment.deleted_at.is_(None))
    ):
        title = tr("Schlusszahlung") if p.final else tr("Auszahlung")
        yield TimelineEntry(
            p.paid_on, PAYMENT, f"{title} {format_cents(p.amount_cents)}", p.note, "payment", p.id
        )
