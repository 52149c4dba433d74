"""Duplicates (Dubletten): found when a contact is entered, found all at once, and merged.

The matching rules are pure (``regiodesk.domain.contact_rules``); this module loads what they
look at and merges two contacts in one transaction. Every moved link and the tombstone of the
merged-away contact go through the ORM session, so the merge stands in the change log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import (
    Address,
    Attachment,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    all_tables,
    record_models,
)
from regiodesk.domain.contact_rules import (
    DuplicateIndex,
    MatchRecord,
    group_pairs,
)
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.contact_values import normalize_emails, phone_key

#: Fields of a contact the user chooses between when merging (name -> German label).
MERGE_FIELDS: dict[str, str] = {
    "salutation": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "organisation": "Institution / Organisation",
    "institution_type": "Art der Institution",
    "public_sector": "öffentlicher Sektor",
    "notes": "Notizen",
}


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing contact that a new or edited one probably duplicates."""

    contact_id: str
    name: str
    reason: str
    strong: bool


@dataclass(frozen=True)
class DuplicatePair:
    a: str
    a_name: str
    b: str
    b_name: str
    reason: str
    strong: bool


@dataclass(frozen=True)
class FieldChoice:
    """One field of a merge: the two values, for the user to pick one."""

    name: str
    label: str
    keep_value: Any
    drop_value: Any

    @property
    def differs(self) -> bool:
        return self.keep_value != self.drop_value


def match_records(session: Session, exclude: Iterable[str] = ()) -> tuple[list[MatchRecord], dict[str, str]]:
    """Every live contact as the duplicate rules see it, and its display name by id.

    Three plain queries (contacts, addresses, e-mails): 20,000 contacts load in a fraction of
    a second.
    """
    excluded = set(exclude)
    address: dict[str, tuple[str, str, str]] = {}
    for cid, street, code, city in session.execute(
        select(Address.contact_id, Address.street, Address.postal_code, Address.city)
        .where(Address.deleted_at.is_(None))
        .order_by(Address.created_at.desc(), Address.id.desc())
    ):
        address[cid] = (street, code, city)  # the oldest one wins: it is written last
    emails: dict[str, list[str]] = defaultdict(list)
    for cid, mail in session.execute(
        select(ContactEmail.contact_id, ContactEmail.address).where(ContactEmail.deleted_at.is_(None))
    ):
        emails[cid].append(mail.lower())
    phones: dict[str, list[str]] = defaultdict(list)
    for cid, number in session.execute(
        select(ContactPhone.contact_id, ContactPhone.number).where(ContactPhone.deleted_at.is_(None))
    ):
        key = phone_key(number)  # once per number; the stored form is read without the library
        if len(key) >= 6:  # a fragment ('110', '12') says nothing about who it is
            phones[cid].append(key)
    records: list[MatchRecord] = []
    names: dict[str, str] = {}
    for cid, kind, title, first, last, org in session.execute(
        select(
            Contact.id,
            Contact.kind,
            Contact.title,
            Contact.first_name,
            Contact.last_name,
            Contact.organisation,
        ).where(Contact.deleted_at.is_(None))
    ):
        if cid in excluded:
            continue
        street, code, city = address.get(cid, ("", "", ""))
        records.append(
            MatchRecord(
                cid,
                kind,
                first,
                last,
                org,
                tuple(emails.get(cid, ())),
                code,
                street,
                city,
                tuple(phones.get(cid, ())),
            )
        )
        if kind == "institution":
            names[cid] = org or cid[:8]
        else:
            names[cid] = " ".join(p for p in (title, first, last) if p) or org or cid[:8]
    return records, names


def record_from_values(values: dict[str, Any], record_id: str = "new") -> MatchRecord:
    """A form's or an import row's values as the duplicate rules see them."""
    raw = values.get("emails")
    if raw is None:
        raw, _invalid = normalize_emails(values.get("email") or "")
    numbers = values.get("phones")
    if numbers is None:
        numbers = [values["phone"]] if values.get("phone") else []
    keys = (phone_key(n[1] if isinstance(n, tuple) else n) for n in numbers)
    return MatchRecord(
        record_id,
        values.get("kind") or "person",
        values.get("first_name") or "",
        values.get("last_name") or "",
        values.get("organisation") or "",
        tuple(e.lower() for e in raw),
        values.get("postal_code") or "",
        values.get("street") or "",
        values.get("city") or "",
        tuple(k for k in keys if len(k) >= 6),
    )


class DuplicateService:
    def __init__(self, db: Database):
        self.db = db

    # ----------------------------------------------------------------- finding
    def candidates(self, values: dict[str, Any], exclude_id: str | None = None) -> list[DuplicateCandidate]:
        """Contacts that the values about to be saved probably duplicate (for the entry form).

        ``values`` as the contact form holds them (kind, first_name, last_name, organisation,
        email, street, postal_code, city); ``exclude_id``: the contact being edited.
        """
        with self.db.session() as session:
            records, names = match_records(session, exclude=[exclude_id] if exclude_id else [])
        index = DuplicateIndex(records)
        return [
            DuplicateCandidate(m.b, names.get(m.b, m.b[:8]), m.reason, m.strong)
            for m in index.matches(record_from_values(values))
        ]

    def find_all(self) -> list[DuplicatePair]:
        """Every probable duplicate pair among all live contacts ("Dubletten finden")."""
        with self.db.session() as session:
            records, names = match_records(session)
        pairs = DuplicateIndex(records).all_pairs()
        return [DuplicatePair(p.a, names[p.a], p.b, names[p.b], p.reason, p.strong) for p in pairs]

    @staticmethod
    def groups(pairs: Iterable[DuplicatePair]) -> list[list[str]]:
        """Pairs joined into groups of contact ids (A~B, B~C: one group)."""
        from regiodesk.domain.contact_rules import DuplicateMatch

        return group_pairs(DuplicateMatch(p.a, p.b, p.reason, p.strong) for p in pairs)

    # ----------------------------------------------------------------- merging
    def merge_choices(self, keep_id: str, drop_id: str) -> list[FieldChoice]:
        """Both contacts' values of every mergeable field, for the merge dialog."""
        with self.db.session() as session:
            keep, drop = _live(session, keep_id), _live(session, drop_id)
            return [
                FieldChoice(name, label, getattr(keep, name), getattr(drop, name))
                for name, label in MERGE_FIELDS.items()
            ]

    def merge(self, keep_id: str, drop_id: str, take_from_drop: Iterable[str] = ()) -> None:
        """Merge ``drop_id`` into ``keep_id`` in one transaction.

        The kept contact takes the fields named in ``take_from_drop`` from the other one (see
        :data:`MERGE_FIELDS`; an empty field of the kept contact is filled anyway). Everything
        that refers to the merged-away contact (memberships, deputies, attendance, votes,
        conflicts of interest, projects as sponsor or participant, consents, functions,
        e-mails, phones, addresses, tags, attachments) moves to the kept one; e-mails, phones
        and tags it already has are not doubled. The other contact is then deleted (tombstone).
        """
        if keep_id == drop_id:
            raise DomainError(tr("Ein Kontakt lässt sich nicht mit sich selbst zusammenführen."))
        chosen = set(take_from_drop)
        unknown = chosen - set(MERGE_FIELDS)
        if unknown:
            raise DomainError(
                tr("Unbekannte Felder für die Zusammenführung: {fields}.", fields=", ".join(sorted(unknown)))
            )
        with self.db.session() as session:  # refuse before the backup: nothing to undo then
            keep, drop = _live(session, keep_id), _live(session, drop_id)
            mixed = keep.kind != drop.kind
        if not mixed:
            self.db.backup_before("vor-zusammenfuehrung")
        with self.db.transaction() as session:
            keep, drop = _live(session, keep_id), _live(session, drop_id)
            if keep.kind != drop.kind:
                raise DomainError(
                    tr(
                        "Eine Person und eine Institution lassen sich nicht zusammenführen. "
                        "Die Person kann stattdessen eine Funktion bei der Institution bekommen."
                    )
                )
            for name in MERGE_FIELDS:
                ours, theirs = getattr(keep, name), getattr(drop, name)
                wanted = name in chosen or (ours in (None, "") and theirs not in (None, ""))
                if wanted and ours != theirs:
                    setattr(keep, name, theirs)
            if drop.restricted and not keep.restricted:
                keep.restricted = True  # a restriction asked for by the person survives the merge
            _move_references(session, drop_id, keep_id)
            _drop_doubles(session, keep_id)
            drop.deleted_at = utcnow()


def _live(session: Session, contact_id: str) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFoundError(
            tr("Kontakt nicht gefunden (vielleicht inzwischen gelöscht oder zusammengeführt).")
        )
    return contact


def contact_references() -> list[tuple[type[Record], str]]:
    """Every (model, attribute) that refers to a contact, found from the schema itself.

    A table added later with a foreign key to ``contact.id`` is merged (and reported in the
    Auskunft) without anyone remembering to list it here.
    """
    contact_table = Contact.__table__
    by_table = record_models()
    found: list[tuple[type[Record], str]] = []
    for table in all_tables():
        model = by_table.get(table.name)
        if model is None:
            continue
        for column in table.columns:
            if any(fk.column.table is contact_table for fk in column.foreign_keys):
                attr = next(a.key for a in model.__mapper__.column_attrs if a.columns[0] is column)
                found.append((model, attr))
    return found


def _move_references(session: Session, old: str, new: str) -> None:
    for model, attr in contact_references():
        column = getattr(model, attr)
        for row in session.scalars(select(model).where(column == old)):
            setattr(row, attr, new)
    for attachment in session.scalars(
        select(Attachment).where(Attachment.owner_table == "contact", Attachment.owner_id == old)
    ):
        attachment.owner_id = new
    session.flush()


def _drop_doubles(session: Session, contact_id: str) -> None:
    """After a merge: one live e-mail, phone, tag and address per value."""
    now = utcnow()
    for model, key in (
        (ContactEmail, lambda r: r.address.lower()),
        (ContactPhone, lambda r: phone_key(r.number)),  # '09561 12345' = '+49 9561 12345'
        (ContactTag, lambda r: r.tag_id),
        (Address, lambda r: (r.street.casefold(), r.postal_code, r.city.casefold())),
    ):
        seen: set[Any] = set()
        rows = session.scalars(
            select(model)
            .where(model.contact_id == contact_id, model.deleted_at.is_(None))
            .order_by(model.created_at, model.id)
        )
        for row in rows:
            value = key(row)
            if value in seen:
                row.deleted_at = now
            seen.add(value)
