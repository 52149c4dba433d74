"""The parts of one contact beside its form: further e-mails, phones and addresses with their
labels, functions at institutions, tags, and where the contact appears (bodies, projects,
meetings)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from regiodesk.db.base import Record, utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import (
    Address,
    Affiliation,
    Attendance,
    Body,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Meeting,
    Membership,
    Project,
    ProjectContact,
    Tag,
)
from regiodesk.domain.contact_rules import display_phone
from regiodesk.domain.enums import AttendanceStatus, MembershipRole, ProjectStatus
from regiodesk.domain.errors import NotFoundError, ValidationError
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.contacts import check_channels, normalized_channel
from regiodesk.services.records import ListRow, RecordService, end_not_before_start


class _OfContact(RecordService):
    """Rows that belong to one contact (``contact_id``); new ones are given to it."""

    def __init__(self, db: Database, contact_id: str | None = None):
        super().__init__(db)
        self.contact_id = contact_id

    def _scoped(self, stmt):
        return stmt.where(self.model.contact_id == self.contact_id)

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        if getattr(obj, "contact_id", None) is None:
            if self.contact_id is None:
                raise ValidationError.single("", tr("Bitte zuerst einen Kontakt wählen."))
            obj.contact_id = self.contact_id  # type: ignore[attr-defined]
        super()._apply(session, obj, values)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        keys = [c.key for c in self.columns]
        stmt = (
            select(self.model.id, *(getattr(self.model, k) for k in keys))
            .where(self.model.deleted_at.is_(None))
            .order_by(self.model.created_at, self.model.id)
        )
        for row in session.execute(self._only(self._scoped(stmt), ids)):
            yield ListRow(row[0], tuple(row[1:]))


class ContactEmailService(_OfContact):
    """E-mail addresses; the oldest is the one the form shows and lists use."""

    model = ContactEmail
    fields = fields_of("contact_email")
    columns = (Column("address", "E-Mail", width=240), Column("kind", "Bezeichnung", width=120))

    def defaults(self) -> dict[str, Any]:
        return {"kind": "dienstlich", "address": ""}

    kept_as_stored = ("address",)

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return check_channels(values, "address", "", self._unchanged)

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        if "address" in values:
            address = (values.get("address") or "").strip()
            values = {**values, "address": normalized_channel("address", address)}
        super()._apply(session, obj, values)


class ContactPhoneService(_OfContact):
    model = ContactPhone
    fields = fields_of("contact_phone")
    columns = (Column("number", "Telefon", width=180), Column("kind", "Bezeichnung", width=120))

    def defaults(self) -> dict[str, Any]:
        return {"kind": "dienstlich", "number": ""}

    kept_as_stored = ("number",)

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return check_channels(values, "", "number", self._unchanged)

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        if "number" in values:
            number = (values.get("number") or "").strip()
            values = {**values, "number": normalized_channel("number", number)}
        super()._apply(session, obj, values)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        for row in super()._rows(session, ids):  # numbers as German offices write them
            yield ListRow(row.id, (display_phone(row.values[0]), *row.values[1:]))

    def _values_of(self, session: Session, obj: Record) -> dict[str, Any]:
        values = super()._values_of(session, obj)
        values["number"] = display_phone(values.get("number") or "")
        return values


class AddressService(_OfContact):
    model = Address
    fields = fields_of("address")
    columns = (
        Column("street", "Straße", width=200),
        Column("postal_code", "PLZ", width=60),
        Column("city", "Ort", width=140),
        Column("kind", "Bezeichnung", width=100),
    )

    def defaults(self) -> dict[str, Any]:
        return {"kind": "dienstlich", "street": "", "postal_code": "", "city": "", "country": "Deutschland"}


class AffiliationService(RecordService[Affiliation]):
    """Functions of persons at institutions, seen from either side (person or institution)."""

    model = Affiliation
    fields = fields_of("affiliation")
    columns = (
        Column("other", "bei / Person", width=240),
        Column("function", "Funktion", width=160),
        Column("starts_on", "seit", Kind.DATE),
        Column("ends_on", "bis", Kind.DATE),
    )

    def __init__(self, db: Database, contact_id: str | None = None):
        super().__init__(db)
        self.contact_id = contact_id

    def defaults(self) -> dict[str, Any]:
        values = super().defaults()
        if self.contact_id is not None:
            with self.db.session() as session:
                contact = session.get(Contact, self.contact_id)
                side = (
                    "institution_id" if contact is not None and contact.kind == "institution" else "person_id"
                )
            values[side] = self.contact_id
        return values

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(values, "starts_on", "ends_on", "„bis“ liegt vor „seit“.")
        if values.get("person_id") and values.get("person_id") == values.get("institution_id"):
            errors["institution_id"] = "Person und Institution müssen verschieden sein."
        return errors

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        person, institution = aliased(Contact), aliased(Contact)
        stmt = (
            select(Affiliation, person, institution)
            .join(person, person.id == Affiliation.person_id)
            .join(institution, institution.id == Affiliation.institution_id)
            .where(Affiliation.deleted_at.is_(None))
            .order_by(Affiliation.starts_on, Affiliation.created_at)
        )
        if self.contact_id is not None:
            stmt = stmt.where(
                or_(Affiliation.person_id == self.contact_id, Affiliation.institution_id == self.contact_id)
            )
        for link, p, i in session.execute(self._only(stmt, ids)):
            other = i if link.person_id == self.contact_id else p
            yield ListRow(link.id, (other.display_name(), link.function, link.starts_on, link.ends_on))

    def display_name(self, record_id: str) -> str:
        with self.db.session() as session:
            link = self._get(session, record_id)
            person = session.get(Contact, link.person_id)
            institution = session.get(Contact, link.institution_id)
            names = [c.display_name() for c in (person, institution) if c is not None]
            return " – ".join(names) or link.id[:8]


# --------------------------------------------------------------------------- tags
def contact_tags(db: Database, contact_id: str) -> list[str]:
    with db.session() as session:
        return _tags_of(session, contact_id)


def _tags_of(session: Session, contact_id: str) -> list[str]:
    stmt = (
        select(Tag.name)
        .join(ContactTag, ContactTag.tag_id == Tag.id)
        .where(ContactTag.contact_id == contact_id, ContactTag.deleted_at.is_(None), Tag.deleted_at.is_(None))
        .order_by(Tag.name)
    )
    return list(dict.fromkeys(session.scalars(stmt)))


def set_contact_tags(db: Database, contact_id: str, names: Sequence[str]) -> list[str]:
    """Give the contact exactly these tags (new tag names are created); returns them sorted."""
    wanted = {" ".join(n.split()) for n in names if n and n.strip()}
    too_long = [n for n in wanted if len(n) > 100]
    if too_long:
        raise ValidationError.single(
            "tags", tr("Ein Schlagwort hat höchstens 100 Zeichen: „{tag}…“.", tag=too_long[0][:40])
        )
    with db.transaction() as session:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.deleted_at is not None:
            raise NotFoundError(tr("Kontakt nicht gefunden (vielleicht inzwischen gelöscht)."))
        tags = {t.name.casefold(): t for t in session.scalars(select(Tag).where(Tag.deleted_at.is_(None)))}
        links = list(
            session.execute(
                select(ContactTag, Tag)
                .join(Tag, Tag.id == ContactTag.tag_id)
                .where(ContactTag.contact_id == contact_id, ContactTag.deleted_at.is_(None))
            )
        )
        have = {tag.name.casefold() for _link, tag in links}
        wanted_keys = {n.casefold(): n for n in wanted}
        now = utcnow()
        for link, linked in links:
            if linked.name.casefold() not in wanted_keys:
                link.deleted_at = now
        for key, name in wanted_keys.items():
            if key in have:
                continue
            tag = tags.get(key)
            if tag is None:
                tag = tags[key] = Tag(name=name)
                session.add(tag)
                session.flush()
            session.add(ContactTag(contact_id=contact_id, tag_id=tag.id))
        session.flush()
        return _tags_of(session, contact_id)


# --------------------------------------------------------------------------- appearances
@dataclass(frozen=True)
class Appearance:
    """One place the contact appears: area (Gremium, Projekt, Sitzung), what, role, when."""

    area: str
    what: str
    role: str
    on: date | None
    #: (tab key, record id) to jump to
    target: tuple[str, str]


def appearances(db: Database, contact_id: str) -> list[Appearance]:
    """Memberships, projects (as sponsor or involved) and meeting attendance of a contact."""
    result: list[Appearance] = []
    with db.session() as session:
        for membership, body in session.execute(
            select(Membership, Body)
            .join(Body, Body.id == Membership.body_id)
            .where(
                or_(Membership.contact_id == contact_id, Membership.deputy_id == contact_id),
                Membership.deleted_at.is_(None),
                Body.deleted_at.is_(None),
            )
        ):
            role = MembershipRole.label_of(membership.role)
            if membership.deputy_id == contact_id and membership.contact_id != contact_id:
                role = "persönliche Stellvertretung"
            elif membership.ends_on is not None and membership.ends_on < date.today():
                role += f" (bis {membership.ends_on:%d.%m.%Y})"
            result.append(Appearance("Gremium", body.name, role, membership.starts_on, ("bodies", body.id)))
        for project in session.scalars(
            select(Project).where(Project.sponsor_id == contact_id, Project.deleted_at.is_(None))
        ):
            status = ProjectStatus.label_of(project.status)
            result.append(
                Appearance("Projekt", project.title, f"Träger ({status})", None, ("projects", project.id))
            )
        for link, project in session.execute(
            select(ProjectContact, Project)
            .join(Project, Project.id == ProjectContact.project_id)
            .where(
                ProjectContact.contact_id == contact_id,
                ProjectContact.deleted_at.is_(None),
                Project.deleted_at.is_(None),
            )
        ):
            result.append(
                Appearance("Projekt", project.title, link.role or "beteiligt", None, ("projects", project.id))
            )
        for attendance, meeting, body in session.execute(
            select(Attendance, Meeting, Body)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Body, Body.id == Meeting.body_id)
            .where(
                or_(Attendance.contact_id == contact_id, Attendance.represented_by_id == contact_id),
                Attendance.deleted_at.is_(None),
                Meeting.deleted_at.is_(None),
            )
            .order_by(Meeting.starts_at.desc())
        ):
            role = AttendanceStatus.label_of(attendance.status)
            if attendance.represented_by_id == contact_id and attendance.contact_id != contact_id:
                role = "als Stellvertretung anwesend"
            what = meeting.title or body.name
            if meeting.title and body.name not in meeting.title:
                what = f"{body.name}: {meeting.title}"
            result.append(
                Appearance("Sitzung", what, role, meeting.starts_at.date(), ("meetings", meeting.id))
            )
    return result


__all__ = [
    "AddressService",
    "AffiliationService",
    "Appearance",
    "ContactEmailService",
    "ContactPhoneService",
    "appearances",
    "contact_tags",
    "set_contact_tags",
]
