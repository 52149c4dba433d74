"""Contacts (Kontakte): persons and institutions with their primary address and channels."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.models import (
    Address,
    Affiliation,
    Attendance,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Membership,
    Project,
)
from regiodesk.domain.contact_rules import display_phone
from regiodesk.domain.enums import ContactKind
from regiodesk.fields import Column, fields_of
from regiodesk.i18n import plural
from regiodesk.services.contact_values import check_email, normalize_phone
from regiodesk.services.records import ListRow, RecordService, set_if_changed

REACH = "Erreichbarkeit"

#: Pseudo fields kept in child tables: (model, attribute)
CHANNELS: dict[str, tuple[type[Record], str]] = {
    "email": (ContactEmail, "address"),
    "phone": (ContactPhone, "number"),
    "street": (Address, "street"),
    "postal_code": (Address, "postal_code"),
    "city": (Address, "city"),
}


class ContactService(RecordService[Contact]):
    model = Contact
    fields = fields_of("contact")
    columns = (
        Column("name", "Name", width=220),
        Column("kind", "Art"),
        Column("organisation", "Institution", width=220),
        Column("city", "Ort", width=140),
        Column("email", "E-Mail", width=220),
        Column("phone", "Telefon", width=140),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        # The first live e-mail, phone and town per contact as correlated sub-selects: SQLite
        # answers them from the contact_id indexes in one pass (20,000 contacts in a blink).
        email = _first_of(ContactEmail, ContactEmail.address)
        phone = _first_of(ContactPhone, ContactPhone.number)
        city = _first_of(Address, Address.city)
        stmt = select(
            Contact.id,
            Contact.kind,
            Contact.title,
            Contact.first_name,
            Contact.last_name,
            Contact.organisation,
            city,
            email,
            phone,
        ).where(Contact.deleted_at.is_(None), Contact.restricted.is_(False))
        person, institution = ContactKind.PERSON.label, ContactKind.INSTITUTION.label
        # Towns and institutions repeat (80,000 contacts: 14 towns, 841 institutions): the list
        # holds one string of each, not one per row.
        shared: dict[str, str] = {}
        share = shared.setdefault
        for cid, kind, title, first, last, org, town, mail, tel in session.execute(self._batched(stmt, ids)):
            tel = display_phone(tel) if tel else ""
            town = share(town, town) if town else ""
            if kind == "institution":
                yield ListRow(cid, (org, institution, "", town, mail or "", tel))
            else:
                given = f"{title} {first}".strip() if title else first
                name = f"{last}, {given}" if last and given else last or given
                yield ListRow(cid, (name, person, share(org, org) if org else org, town, mail or "", tel))

    def _values_of(self, session: Session, obj: Record) -> dict[str, Any]:
        values = super()._values_of(session, obj)
        primary = _primaries(session, obj.id)
        for name, (model, attr) in CHANNELS.items():
            child = primary[model]
            values[name] = getattr(child, attr) if child is not None else ""
        values["phone"] = display_phone(values["phone"])
        return values

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if values.get("kind") == "institution":
            if not (values.get("organisation") or "").strip():
                errors["organisation"] = "Bitte den Namen der Institution eingeben."
        elif not (values.get("last_name") or "").strip() and not (values.get("organisation") or "").strip():
            errors["last_name"] = "Bitte einen Nachnamen eingeben."
        errors.update(check_channels(values, "email", "phone", self._unchanged))
        return errors

    #: The e-mail and phone the record had when an update began: saved again as they are even
    #: when they do not pass today's check (stored by an older version or another device).
    kept_as_stored = ("email", "phone")

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        super()._apply(session, obj, values)
        session.add(obj)
        if obj.id is None:
            session.flush()  # a new contact needs its id before children refer to it
        by_model: dict[type[Record], dict[str, str]] = {}
        for name, (model, attr) in CHANNELS.items():
            if name in values:
                value = (values[name] or "").strip()
                by_model.setdefault(model, {})[attr] = normalized_channel(name, value)
        for model, changes in by_model.items():
            # read before anything of the save is written: the writes go out together at the
            # commit, and on a server the writers' lock is held from the first of them to it
            with session.no_autoflush:
                child = _primaries(session, obj.id)[model]
            if child is None:
                if not any(changes.values()):
                    continue
                child = model(contact_id=obj.id, **changes)
                session.add(child)
                _primaries(session, obj.id)[model] = child
                continue
            for attr, value in changes.items():
                set_if_changed(child, attr, value)
            if model is not Address and not any(changes.values()):
                # An emptied e-mail or phone is removed, not kept as an empty row.
                child.deleted_at = child.deleted_at or _now()

    def _dependents(self, session: Session, obj: Record) -> Sequence[Record]:
        children: list[Record] = []
        for model in (ContactEmail, ContactPhone, Address, ContactTag, Consent):
            children.extend(
                session.scalars(select(model).where(model.contact_id == obj.id, model.deleted_at.is_(None)))
            )
        children.extend(
            session.scalars(
                select(Affiliation).where(
                    (Affiliation.person_id == obj.id) | (Affiliation.institution_id == obj.id),
                    Affiliation.deleted_at.is_(None),
                )
            )
        )
        return children

    def _history_children(self, session: Session, obj: Record) -> Sequence[Record]:
        children: list[Record] = []
        for model in (ContactEmail, ContactPhone, Address, ContactTag, Consent):
            children.extend(session.scalars(select(model).where(model.contact_id == obj.id)))
        return children

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            memberships = session.scalar(
                select(func.count()).where(
                    Membership.contact_id == record_id, Membership.deleted_at.is_(None)
                )
            )
            projects = session.scalar(
                select(func.count()).where(Project.sponsor_id == record_id, Project.deleted_at.is_(None))
            )
            attendance = session.scalar(select(func.count()).where(Attendance.contact_id == record_id))
        parts = []
        if memberships:
            parts.append(plural(memberships, "Mitglied in {n} Gremium", "Mitglied in {n} Gremien"))
        if projects:
            parts.append(plural(projects, "Träger von {n} Projekt", "Träger von {n} Projekten"))
        if attendance:
            parts.append(plural(attendance, "in {n} Anwesenheitsliste", "in {n} Anwesenheitslisten"))
        if not parts:
            return ""
        return "Der Kontakt ist " + ", ".join(parts) + ". Diese Einträge bleiben erhalten."


def check_channels(
    values: dict[str, Any], email: str, phone: str, unchanged: dict[str, str] | None = None
) -> dict[str, str]:
    """German messages for an e-mail address or phone number that the form cannot save.

    The same rules as the import (:mod:`regiodesk.services.contact_values`). A phone number
    the library cannot read but that holds no letters (an internal extension) is kept as
    typed; a value in ``unchanged`` (what the record held) is saved again as it is.
    """
    unchanged = unchanged or {}
    errors: dict[str, str] = {}
    address = (values.get(email) or "").strip()
    if address and address != unchanged.get(email):
        try:
            check_email(address)
        except ValueError as error:
            errors[email] = str(error)
    number = (values.get(phone) or "").strip()
    if number and number != unchanged.get(phone):
        try:
            normalize_phone(number)
        except ValueError as error:
            if any(c.isalpha() for c in number) or number.startswith("="):
                errors[phone] = str(error)
    return errors


def normalized_channel(name: str, value: str) -> str:
    """An e-mail address or phone number as stored (see :func:`check_channels`); else unchanged."""
    if not value:
        return value
    try:
        if name in ("email", "address"):
            return check_email(value)
        if name in ("phone", "number"):
            return normalize_phone(value)
    except ValueError:
        pass  # a number kept as typed (check_channels let it through)
    return value


def _now():
    from regiodesk.db.base import utcnow

    return utcnow()


#: session.info key: the primary e-mail, phone and address read in this session, by contact id
_PRIMARIES = "regiodesk.contact_primaries"


def _primaries(session: Session, contact_id: str | None) -> dict[type[Record], Record | None]:
    """The contact's primary e-mail, phone and address (each its oldest live row), read in one
    query and kept for the session: a save reads them to check and then changes the same rows,
    and on a server every query is a round trip."""
    memo = session.info.setdefault(_PRIMARIES, {})
    found = memo.get(contact_id)
    if found is None:
        models = tuple(dict.fromkeys(model for model, _attr in CHANNELS.values()))
        stmt = select(*models).select_from(Contact)
        for model in models:
            stmt = stmt.outerjoin(model, model.id == _first_of(model, model.id))
        row = session.execute(stmt.where(Contact.id == contact_id)).first()
        found = dict(zip(models, row, strict=True)) if row is not None else dict.fromkeys(models)
        memo[contact_id] = found
    return found


def _first_of(model: type[Record], column):
    """The contact's oldest live row of ``model`` (its primary e-mail, phone, address)."""
    return (
        select(column)
        .where(model.contact_id == Contact.id, model.deleted_at.is_(None))  # type: ignore[attr-defined]
        .order_by(model.created_at, model.id)
        .limit(1)
        .correlate(Contact)
        .scalar_subquery()
    )
