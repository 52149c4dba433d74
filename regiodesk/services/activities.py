"""The office's own work: consultations (Beratungsgespräche) and events (Veranstaltungen).

Each service owns its transactions; the rules are ``domain/activities.py``. A consultation's
follow-up date is listed with the projects' deadlines (``services/deadlines.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import (
    ConsentPurpose,
    Consultation,
    ConsultationContact,
    Contact,
    ContactEmail,
    Event,
    EventParticipant,
    Project,
)
from regiodesk.domain.activities import (
    AGE_GROUPS,
    GENDERS,
    ParticipantNumbers,
    participant_number_problems,
    participant_numbers,
)
from regiodesk.domain.enums import EventKind
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.domain.text import sort_key
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.contact_names import contact_names
from regiodesk.services.contacts_lists import valid_consent
from regiodesk.services.records import ListRow, RecordService, end_not_before_start

__all__ = [
    "EVENTS_PURPOSE",
    "ConsultationService",
    "EventParticipantService",
    "EventService",
    "ParticipantLine",
    "ProjectConsultationService",
    "Recipients",
    "event_recipients",
]

#: The consent purpose that covers mail about events (DSGVO Art. 7; see :func:`event_recipients`).
EVENTS_PURPOSE = "Veranstaltungen"

#: The form's fields for the people of a consultation; the link table holds any number of them,
#: the form edits the first three (a consultation with more people is rare; the rest are kept).
_SLOT_NAMES = ("contact_1", "contact_2", "contact_3")


# --------------------------------------------------------------------------- consultations
class ConsultationService(RecordService[Consultation]):
    """Beratungsgespräche, of one project (``project_id``) or all of them (``None``)."""

    model = Consultation
    fields = fields_of("consultation")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("held_on", "Datum", Kind.DATE, width=90),
        Column("topic", "Thema", width=220),
        Column("about", "Projekt / Projektidee", width=200),
        Column("people", "Gesprächspartner", width=200),
        Column("duration_minutes", "Minuten", Kind.INT, width=70),
        Column("follow_up_on", "Wiedervorlage", Kind.DATE, width=100),
    )

    def __init__(self, db: Database, project_id: str | None = None):
        super().__init__(db)
        self.project_id = project_id
        self._created_contacts: list[str | None] | None = None

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "held_on": date.today(), "project_id": self.project_id}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(Consultation, Project.title)
            .outerjoin(Project, Project.id == Consultation.project_id)
            .where(Consultation.deleted_at.is_(None))
            .order_by(Consultation.held_on.desc(), Consultation.created_at.desc())
        )
        if self.project_id is not None:
            stmt = stmt.where(Consultation.project_id == self.project_id)
        found = list(session.execute(self._only(stmt, ids)))
        people = _people_of(session, [c.id for c, _title in found])
        for c, title in found:
            about = title or (tr("Idee: {idea}", idea=c.project_idea) if c.project_idea else "")
            cells = {
                "held_on": c.held_on,
                "topic": c.topic,
                "about": about,
                "people": ", ".join(name for _cid, name in people.get(c.id, [])),
                "duration_minutes": c.duration_minutes,
                "follow_up_on": None if c.follow_up_done else c.follow_up_on,
            }
            yield ListRow(c.id, tuple(cells[column.key] for column in self.columns))

    def _values_of(self, session: Session, obj: Record) -> dict[str, Any]:
        values = super()._values_of(session, obj)
        linked = [cid for cid, _name in _people_of(session, [obj.id]).get(obj.id, [])]
        for n, name in enumerate(_SLOT_NAMES):
            values[name] = linked[n] if n < len(linked) else None
        return values

    def contacts(self, consultation_id: str) -> list[tuple[str, str]]:
        """(contact id, name) of the people of a consultation, in their order."""
        with self.db.session() as session:
            self._get(session, consultation_id)
            return _people_of(session, [consultation_id]).get(consultation_id, [])

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(
            values, "held_on", "follow_up_on", tr("Die Wiedervorlage liegt vor dem Gespräch.")
        )
        if not values.get("project_id") and not (values.get("project_idea") or "").strip():
            errors["project_idea"] = tr(
                "Ohne Projekt bitte die Projektidee nennen (auch eine Anfrage, aus der kein Projekt "
                "wird, ist ein Beratungsgespräch)."
            )
        seen: set[str] = set()
        for name in _SLOT_NAMES:
            contact = values.get(name)
            if contact and contact in seen:
                errors[name] = tr("Diese Person ist schon als Gesprächspartner/in eingetragen.")
            if contact:
                seen.add(contact)
        return errors

    def create(self, values: dict[str, Any]) -> str:
        """Values as the form gives them; ``contact_ids`` (a list) may stand for the slots."""
        return super().create(_slots_from_list(values))

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        """``contact_ids`` replaces every link; the slots alone keep the people beyond the third."""
        super().update(record_id, _slots_from_list(values), seen)

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        super()._apply(session, obj, values)
        slots = [values.get(name) for name in _SLOT_NAMES]
        extra = values.get("_extra_contacts")
        if obj.id is None:  # a new record: the links follow once it has its id (_created)
            self._created_contacts = [*slots, *(extra or [])]
            return
        _link_contacts(session, obj.id, slots, extra)

    def _created(self, session: Session, obj: Consultation) -> None:
        wanted, self._created_contacts = self._created_contacts or [], None
        extra = [c for c in wanted[len(_SLOT_NAMES) :] if c]
        _link_contacts(session, obj.id, wanted[: len(_SLOT_NAMES)], extra)

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        return list(
            session.scalars(
                select(ConsultationContact).where(
                    ConsultationContact.consultation_id == obj.id, ConsultationContact.deleted_at.is_(None)
                )
            )
        )

    def display_name(self, record_id: str) -> str:
        with self.db.session() as session:
            return self._get(session, record_id).display_name()


class ProjectConsultationService(ConsultationService):
    """The consultations of one project: its list needs no project column."""

    columns = tuple(c for c in ConsultationService.columns if c.key != "about")


def _slots_from_list(values: dict[str, Any]) -> dict[str, Any]:
    """``contact_ids`` (any number) as the three slots plus the rest."""
    if "contact_ids" not in values:
        return values
    values = dict(values)
    ids = [c for c in values.pop("contact_ids") or [] if c]
    for n, name in enumerate(_SLOT_NAMES):
        values[name] = ids[n] if n < len(ids) else None
    values["_extra_contacts"] = ids[len(_SLOT_NAMES) :]
    return values


def _people_of(session: Session, consultation_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    if not consultation_ids:
        return {}
    links = list(
        session.execute(
            select(ConsultationContact.consultation_id, ConsultationContact.contact_id)
            .where(
                ConsultationContact.consultation_id.in_(consultation_ids),
                ConsultationContact.deleted_at.is_(None),
            )
            .order_by(ConsultationContact.position, ConsultationContact.created_at)
        )
    )
    names = contact_names(session, (cid for _c, cid in links))
    result: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for consultation_id, contact_id in links:
        result[consultation_id].append((contact_id, names.get(contact_id, "")))
    return result


def _link_contacts(
    session: Session, consultation_id: str, slots: list[str | None], extra: list[str] | None
) -> None:
    """Make the links say ``slots`` (positions 0–2) and, when given, ``extra`` (positions 3 …).

    ``extra=None`` keeps the links beyond the slots as they are. Unchanged links stay untouched,
    so the change log records only what really changed.
    """
    links = list(
        session.scalars(
            select(ConsultationContact)
            .where(
                ConsultationContact.consultation_id == consultation_id,
                ConsultationContact.deleted_at.is_(None),
            )
            .order_by(ConsultationContact.position, ConsultationContact.created_at)
        )
    )
    wanted_front = [c for c in dict.fromkeys(s for s in slots if s)]
    back = [link.contact_id for link in links[len(_SLOT_NAMES) :]] if extra is None else list(extra)
    wanted = list(dict.fromkeys([*wanted_front, *back]))
    by_contact = {link.contact_id: link for link in links}
    now = utcnow()
    for link in links:
        if link.contact_id not in wanted:
            link.deleted_at = now
    for position, contact_id in enumerate(wanted):
        existing = by_contact.get(contact_id)
        if existing is None:
            session.add(
                ConsultationContact(consultation_id=consultation_id, contact_id=contact_id, position=position)
            )
        elif existing.position != position:
            existing.position = position


# --------------------------------------------------------------------------- events
class EventService(RecordService[Event]):
    model = Event
    fields = fields_of("event")
    columns = (
        Column("starts_at", "Beginn", Kind.DATETIME, width=130),
        Column("kind", "Art", width=120),
        Column("title", "Titel", width=240),
        Column("location", "Ort", width=150),
        Column("registered", "Anmeldungen", Kind.INT, width=90),
        Column("total", "Teilnehmende", Kind.INT, width=90),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        live = (EventParticipant.event_id == Event.id, EventParticipant.deleted_at.is_(None))
        registered = (
            select(func.count())
            .where(*live, EventParticipant.registered_on.is_not(None))
            .correlate(Event)
            .scalar_subquery()
        )
        attended = (
            select(func.count())
            .where(*live, EventParticipant.attended.is_(True))
            .correlate(Event)
            .scalar_subquery()
        )
        stmt = select(
            Event.id,
            Event.starts_at,
            Event.kind,
            Event.title,
            Event.location,
            registered,
            func.coalesce(Event.participants_total, attended),
        ).where(Event.deleted_at.is_(None))
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(row[0], (row[1], EventKind.label_of(row[2]), row[3], row[4], row[5], row[6]))

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(
            values, "starts_at", "ends_at", tr("Das Ende der Veranstaltung liegt vor ihrem Beginn.")
        )
        counts = {name: values.get(name) for name, _ in (*GENDERS, *AGE_GROUPS)}
        errors.update(participant_number_problems(values.get("participants_total"), counts))
        return errors

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        return list(
            session.scalars(
                select(EventParticipant).where(
                    EventParticipant.event_id == obj.id, EventParticipant.deleted_at.is_(None)
                )
            )
        )

    def delete_impact(self, record_id: str) -> str:
        count = len(self.participants(record_id))
        if not count:
            return ""
        return tr("Mit ihr werden {n} Anmeldungen und Teilnahmen gelöscht.", n=count)

    def participants(self, event_id: str) -> list[ParticipantLine]:
        """Everyone registered or present, sorted by name."""
        with self.db.session() as session:
            self._get(session, event_id)
            return participant_lines(session, event_id)

    def numbers(self, event_id: str) -> ParticipantNumbers:
        """Participant numbers as funders ask them (``domain.activities.participant_numbers``)."""
        with self.db.session() as session:
            event = self._get(session, event_id)
            lines = participant_lines(session, event_id)
            counts = {name: getattr(event, name) for name, _ in (*GENDERS, *AGE_GROUPS)}
            return participant_numbers(
                event.participants_total,
                registered=sum(1 for p in lines if p.registered_on is not None),
                attended=sum(1 for p in lines if p.attended),
                walk_ins=sum(1 for p in lines if p.registered_on is None and p.attended),
                counts=counts,
            )

    def record_attendance(self, event_id: str, attended_ids: Collection[str]) -> None:
        """After the event: exactly the participants ``attended_ids`` took part (one transaction)."""
        with self.db.transaction() as session:
            self._get(session, event_id)
            rows = list(
                session.scalars(
                    select(EventParticipant).where(
                        EventParticipant.event_id == event_id, EventParticipant.deleted_at.is_(None)
                    )
                )
            )
            unknown = set(attended_ids) - {p.id for p in rows}
            if unknown:
                raise NotFoundError(tr("Eine Teilnahme gehört nicht zu dieser Veranstaltung."))
            for p in rows:
                attended = p.id in attended_ids
                if p.attended != attended:
                    p.attended = attended


@dataclass(frozen=True)
class ParticipantLine:
    id: str
    contact_id: str | None
    name: str
    organisation: str
    registered_on: date | None
    attended: bool

    @property
    def walk_in(self) -> bool:
        return self.registered_on is None


def participant_lines(session: Session, event_id: str) -> list[ParticipantLine]:
    rows = list(
        session.scalars(
            select(EventParticipant).where(
                EventParticipant.event_id == event_id, EventParticipant.deleted_at.is_(None)
            )
        )
    )
    wanted = {p.contact_id for p in rows if p.contact_id}
    contacts = (
        {c.id: c for c in session.scalars(select(Contact).where(Contact.id.in_(wanted)))} if wanted else {}
    )
    lines = []
    for p in rows:
        contact = contacts.get(p.contact_id) if p.contact_id else None
        name = (contact.display_name() if contact else "") or p.name
        organisation = p.organisation or (contact.organisation if contact else "") or ""
        line = ParticipantLine(p.id, p.contact_id, name, organisation, p.registered_on, p.attended)
        lines.append((_surname_first(contact, name), line))
    return [line for _key, line in sorted(lines, key=lambda pair: pair[0])]


def _surname_first(contact: Contact | None, name: str) -> str:
    """Lists of people sort by surname (Ö with O, DIN 5007-1); a guest's surname is the last word."""
    if contact is not None and contact.kind == "person" and contact.last_name:
        return sort_key(f"{contact.last_name} {contact.first_name}")
    words = name.split()
    return sort_key(" ".join(words[-1:] + words[:-1]))


class EventParticipantService(RecordService[EventParticipant]):
    """Registrations and walk-ins of one event (``event_id``)."""

    model = EventParticipant
    fields = fields_of("event_participant")
    columns = (
        Column("name", "Name", width=200),
        Column("organisation", "Institution", width=170),
        Column("registered_on", "angemeldet am", Kind.DATE, width=100),
        Column("attended", "teilgenommen", Kind.BOOL, width=90),
    )

    def __init__(self, db: Database, event_id: str | None = None):
        super().__init__(db)
        self.event_id = event_id

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "registered_on": date.today(), "event_id": self.event_id}

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        if self.event_id is None:
            return
        wanted = None if ids is None else set(ids)
        for p in participant_lines(session, self.event_id):
            if wanted is None or p.id in wanted:
                yield ListRow(p.id, (p.name, p.organisation, p.registered_on, p.attended))

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        if not values.get("contact_id") and not (values.get("name") or "").strip():
            return {"name": tr("Bitte einen Kontakt wählen oder den Namen des Gastes eintragen.")}
        return {}

    def create(self, values: dict[str, Any]) -> str:
        event_id = values.get("event_id") or self.event_id
        if not event_id:
            raise ValidationError.single("contact_id", tr("Die Anmeldung gehört zu keiner Veranstaltung."))
        contact = values.get("contact_id")
        with self.db.session() as session:
            event = session.get(Event, event_id)
            if event is None or event.deleted_at is not None:
                raise NotFoundError(tr("Die Veranstaltung gibt es nicht (mehr)."))
            twice = contact and session.scalar(
                select(EventParticipant.id).where(
                    EventParticipant.event_id == event_id,
                    EventParticipant.contact_id == contact,
                    EventParticipant.deleted_at.is_(None),
                )
            )
        if twice:
            raise ValidationError.single("contact_id", tr("Dieser Kontakt ist schon angemeldet."))
        return super().create({**values, "event_id": event_id})

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        super()._apply(session, obj, values)
        assert isinstance(obj, EventParticipant)
        if obj.event_id is None:
            obj.event_id = values["event_id"]

    def register(self, contact_id: str, on: date | None = None) -> str:
        """A contact registers for the event."""
        return self.create({"contact_id": contact_id, "registered_on": on or date.today()})

    def add_walk_in(self, name: str, organisation: str = "", contact_id: str | None = None) -> str:
        """Someone came without registering: present, no registration date."""
        return self.create(
            {
                "contact_id": contact_id,
                "name": name,
                "organisation": organisation,
                "registered_on": None,
                "attended": True,
            }
        )

    def display_name(self, record_id: str) -> str:
        with self.db.session() as session:
            p = self._get(session, record_id)
            contact = session.get(Contact, p.contact_id) if p.contact_id else None
            return (contact.display_name() if contact else "") or p.name or p.id[:8]


# --------------------------------------------------------------------------- e-mail recipients
@dataclass(frozen=True)
class Recipients:
    #: (name, address) of those who get the e-mail
    addresses: list[tuple[str, str]]
    #: name -> why not (German)
    left_out: list[tuple[str, str]]


def event_recipients(db: Database, event_id: str, on: date | None = None) -> Recipients:
    """Who of the registered participants may get an e-mail about the event.

    A registered contact with an e-mail address, not restricted (DSGVO Art. 18), and, when the
    office keeps a consent purpose „Veranstaltungen“ in its catalogue, with valid consent for it on
    the day (a region that does not ask for that consent mails its registrations as before). Guests
    without a contact have no address here.
    """
    on = on or date.today()
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise NotFoundError(tr("Die Veranstaltung gibt es nicht (mehr)."))
        needs_consent = bool(
            session.scalar(
                select(func.count()).where(
                    ConsentPurpose.name == EVENTS_PURPOSE,
                    ConsentPurpose.deleted_at.is_(None),
                    ConsentPurpose.active.is_(True),
                )
            )
        )
        consenting = set(
            session.scalars(
                select(Contact.id)
                .join(EventParticipant, EventParticipant.contact_id == Contact.id)
                .where(EventParticipant.event_id == event_id, valid_consent(EVENTS_PURPOSE, on))
            )
        )
        addresses: list[tuple[str, str]] = []
        left_out: list[tuple[str, str]] = []
        seen: set[str] = set()
        for p in participant_lines(session, event_id):
            if p.registered_on is None:
                continue
            contact = session.get(Contact, p.contact_id) if p.contact_id else None
            if contact is None:
                left_out.append((p.name, tr("kein Kontakt mit E-Mail-Adresse")))
                continue
            if contact.restricted:
                left_out.append((p.name, tr("Verarbeitung eingeschränkt (DSGVO Art. 18)")))
                continue
            email = session.scalar(
                select(ContactEmail.address)
                .where(ContactEmail.contact_id == contact.id, ContactEmail.deleted_at.is_(None))
                .order_by(ContactEmail.created_at)
                .limit(1)
            )
            if not email:
                left_out.append((p.name, tr("keine E-Mail-Adresse")))
                continue
            if needs_consent and contact.id not in consenting:
                left_out.append(
                    (p.name, tr("keine gültige Einwilligung „{purpose}“", purpose=EVENTS_PURPOSE))
                )
                continue
            if email.lower() not in seen:
                seen.add(email.lower())
                addresses.append((p.name, email))
    return Recipients(addresses, left_out)
