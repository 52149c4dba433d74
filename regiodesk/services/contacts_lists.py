"""Consent per purpose, contact filters, saved filters (Verteiler) and what exports read.

Consent is a dated record (DSGVO Art. 7): given on, how, the text consented to, withdrawn on.
A contact has *valid consent for a purpose on a day* when a live record for that purpose was
given on or before the day and not withdrawn by then. Every list for a purpose (export, e-mail
addresses, letters) goes through :class:`ContactListService` and so includes only those; a
restricted contact (DSGVO Art. 18) is never in any list.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from email.utils import formataddr
from typing import Any

from sqlalchemy import exists, or_, select, true
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import (
    Address,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Membership,
    SavedFilter,
    Tag,
)
from regiodesk.domain.enums import ConsentMethod
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.domain.text import matches, search_key, search_terms
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService, end_not_before_start


# --------------------------------------------------------------------------- consent
def valid_consent(purpose: str, on: date):
    """SQL condition: the contact (``Contact.id``) has valid consent for ``purpose`` on ``on``."""
    return exists().where(
        Consent.contact_id == Contact.id,
        Consent.deleted_at.is_(None),
        Consent.purpose == purpose,
        Consent.given_on <= on,
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
    )


class ConsentService(RecordService[Consent]):
    """The consent records of one contact (or all, for ``contact_id=None``)."""

    model = Consent
    fields = fields_of("consent")
    columns = (
        Column("purpose", "Zweck", width=200),
        Column("given_on", "erteilt am", Kind.DATE),
        Column("method", "wie"),
        Column("withdrawn_on", "widerrufen am", Kind.DATE),
        Column("valid", "gültig", Kind.BOOL),
    )

    def __init__(self, db: Database, contact_id: str | None = None):
        super().__init__(db)
        self.contact_id = contact_id

    def defaults(self) -> dict[str, Any]:
        values = super().defaults()
        values.update(contact_id=self.contact_id, given_on=date.today(), method="formular")
        return values

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(Consent).where(Consent.deleted_at.is_(None)).order_by(Consent.purpose, Consent.given_on)
        if self.contact_id is not None:
            stmt = stmt.where(Consent.contact_id == self.contact_id)
        today = date.today()
        for c in session.scalars(self._only(stmt, ids)):
            valid = c.given_on <= today and (c.withdrawn_on is None or c.withdrawn_on > today)
            yield ListRow(
                c.id, (c.purpose, c.given_on, ConsentMethod.label_of(c.method), c.withdrawn_on, valid)
            )

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return end_not_before_start(
            values, "given_on", "withdrawn_on", "Der Widerruf liegt vor der Einwilligung."
        )

    def give(
        self,
        contact_id: str,
        purpose: str,
        given_on: date,
        method: str = "formular",
        text: str = "",
        source: str = "",
    ) -> str:
        """Record a consent; returns its id."""
        return self.create(
            {
                "contact_id": contact_id,
                "purpose": purpose,
                "given_on": given_on,
                "method": method,
                "text": text,
                "source": source,
            }
        )

    def withdraw(self, consent_id: str, on: date | None = None) -> None:
        """Withdraw one consent (one action, as easy as giving it). The record stays, dated."""
        on = on or date.today()
        with self.db.transaction() as session:
            consent = self._get(session, consent_id)
            if consent.withdrawn_on is not None:
                raise DomainError(
                    tr("Die Einwilligung wurde schon am {day:%d.%m.%Y} widerrufen.", day=consent.withdrawn_on)
                )
            if on < consent.given_on:
                raise ValidationError.single("withdrawn_on", tr("Der Widerruf liegt vor der Einwilligung."))
            consent.withdrawn_on = on

    def withdraw_purpose(self, contact_id: str, purpose: str, on: date | None = None) -> int:
        """Withdraw every open consent of a contact for a purpose; returns how many."""
        on = on or date.today()
        with self.db.transaction() as session:
            open_ = session.scalars(
                select(Consent).where(
                    Consent.contact_id == contact_id,
                    Consent.purpose == purpose,
                    Consent.deleted_at.is_(None),
                    Consent.withdrawn_on.is_(None),
                )
            ).all()
            for consent in open_:
                consent.withdrawn_on = max(on, consent.given_on)
            return len(open_)

    def has_valid(self, contact_id: str, purpose: str, on: date | None = None) -> bool:
        on = on or date.today()
        with self.db.session() as session:
            return bool(
                session.scalar(select(valid_consent(purpose, on)).where(Contact.id == contact_id).limit(1))
            )

    def purposes(self) -> list[str]:
        """Purposes for a choice list: the catalogue's active ones, then those still in use elsewhere."""
        from regiodesk.services.lookups import consent_purposes_in

        with self.db.session() as session:
            offered = consent_purposes_in(session)
            used = session.scalars(select(Consent.purpose).where(Consent.deleted_at.is_(None)).distinct())
            return offered + sorted(set(used) - set(offered), key=str.casefold)


# --------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class ContactFilter:
    """What a contact list shows; saved as JSON it is a distribution list (Verteiler)."""

    text: str = ""
    tag: str | None = None
    #: person or institution
    kind: str | None = None
    #: Members of this body (membership active on the day).
    body_id: str | None = None
    #: Only contacts with valid consent for this purpose.
    consent: str | None = None

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ContactFilter:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            data = {}
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


#: The filter that lets every (live, not restricted) contact through.
ALL = ContactFilter()


@dataclass
class ContactCard:
    """Everything an export, a label or a letter needs of one contact."""

    id: str
    kind: str
    salutation: str
    title: str
    first_name: str
    last_name: str
    organisation: str
    street: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (kind, address)
    phones: list[tuple[str, str]] = field(default_factory=list)  # (kind, number)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    #: how the address above is labelled ("dienstlich", "privat", …): vCard's HOME or WORK
    address_kind: str = ""

    @property
    def name(self) -> str:
        """'Dr. Ayşe Öztürk', or the institution's name."""
        if self.kind == "institution":
            return self.organisation
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def sort_name(self) -> str:
        if self.kind == "institution":
            return self.organisation
        return f"{self.last_name}, {self.first_name}".strip(", ")

    @property
    def email(self) -> str:
        return self.emails[0][1] if self.emails else ""

    @property
    def greeting(self) -> str:
        """The letter's salutation line: 'Sehr geehrte Frau Dr. Öztürk,'."""
        surname = " ".join(p for p in (self.title, self.last_name) if p)
        if self.kind == "person" and self.salutation == "Frau" and self.last_name:
            return f"Sehr geehrte Frau {surname},"
        if self.kind == "person" and self.salutation == "Herr" and self.last_name:
            return f"Sehr geehrter Herr {surname},"
        if self.kind == "person" and self.first_name and self.last_name:
            return f"Guten Tag {self.first_name} {self.last_name},"
        return "Sehr geehrte Damen und Herren,"

    def address_lines(self) -> list[str]:
        """The postal address block (DIN 5008 order): name, institution, street, postcode and town."""
        lines: list[str] = []
        if self.kind == "person":
            if self.organisation:
                lines.append(self.organisation)
            if self.salutation in ("Frau", "Herr"):
                lines.append(self.salutation)  # DIN 5008: salutation on its own line, title with the name
            lines.append(" ".join(p for p in (self.title, self.first_name, self.last_name) if p))
        else:
            lines.append(self.organisation)
        lines.append(self.street)
        lines.append(" ".join(p for p in (self.postal_code, self.city) if p))
        if self.country and self.country.casefold() not in ("deutschland", "de", "germany"):
            lines.append(self.country.upper())
        return [line for line in lines if line.strip()]


class ContactListService:
    """Filtered contact lists for the tab, exports, e-mail and letters; saved filters."""

    def __init__(self, db: Database):
        self.db = db

    def ids(self, criteria: ContactFilter = ALL, on: date | None = None) -> list[str]:
        """Live, not restricted contacts matching ``criteria``, sorted by name."""
        return [card.id for card in self.cards(criteria, on)]

    def cards(self, criteria: ContactFilter = ALL, on: date | None = None) -> list[ContactCard]:
        on = on or date.today()
        with self.db.session() as session:
            stmt = _filtered(select(*CARD_COLUMNS), criteria, on)
            # without a filter on the database the list is (nearly) every contact
            every = not (criteria.kind or criteria.tag or criteria.body_id or criteria.consent)
            cards = _cards(session, session.connection().execute(stmt).all(), every)
        if criteria.text.strip():
            terms = search_terms(criteria.text)
            cards = [c for c in cards if matches(search_key(_haystack(c)), terms)]
        from regiodesk.domain.text import sort_key

        cards.sort(key=lambda c: (sort_key(c.sort_name), c.id))
        return cards

    def matching_ids(self, criteria: ContactFilter = ALL, on: date | None = None) -> set[str]:
        """Ids of the contacts ``criteria`` lets through, its free text left out (the tab's list
        searches that itself): a cheap query even over 20,000 contacts."""
        with self.db.session() as session:
            return set(session.scalars(_filtered(select(Contact.id), criteria, on or date.today())))

    def card(self, contact_id: str) -> ContactCard:
        """One contact (restricted ones too: the Auskunft and the person's own letter need it)."""
        with self.db.session() as session:
            row = session.execute(
                select(*CARD_COLUMNS).where(Contact.id == contact_id, Contact.deleted_at.is_(None))
            ).first()
            if row is None:
                raise NotFoundError(tr("Kontakt nicht gefunden."))
            return _cards(session, [row])[0]

    def email_addresses(self, criteria: ContactFilter = ALL, on: date | None = None) -> list[str]:
        """'Name <address>' of each matching contact's first e-mail, each address once."""
        seen: set[str] = set()
        result = []
        for card in self.cards(criteria, on):
            if card.email and card.email not in seen:
                seen.add(card.email)
                result.append(formataddr((card.name, card.email)))
        return result

    def tags(self) -> list[str]:
        with self.db.session() as session:
            return list(session.scalars(select(Tag.name).where(Tag.deleted_at.is_(None)).order_by(Tag.name)))

    # ------------------------------------------------------------ distribution lists
    def save_list(self, name: str, criteria: ContactFilter, list_id: str | None = None) -> str:
        """Save a filter as a named distribution list (new, or replacing ``list_id``)."""
        name = name.strip()
        if not name:
            raise ValidationError.single("name", tr("Bitte einen Namen für den Verteiler eingeben."))
        with self.db.transaction() as session:
            clash = session.scalar(
                select(SavedFilter.id).where(
                    SavedFilter.name == name,
                    SavedFilter.deleted_at.is_(None),
                    SavedFilter.id != (list_id or ""),
                )
            )
            if clash:
                raise ValidationError.single("name", tr("Einen Verteiler „{name}“ gibt es schon.", name=name))
            if list_id is None:
                created = SavedFilter(name=name, criteria=criteria.to_json())
                session.add(created)
                session.flush()
                return created.id
            saved = session.get(SavedFilter, list_id)
            if saved is None or saved.deleted_at is not None:
                raise NotFoundError(tr("Verteiler nicht gefunden."))
            if saved.name != name:
                saved.name = name
            if saved.criteria != criteria.to_json():
                saved.criteria = criteria.to_json()
            return saved.id

    def lists(self) -> list[tuple[str, str, ContactFilter]]:
        """(id, name, filter) of every distribution list, by name."""
        with self.db.session() as session:
            rows = session.scalars(
                select(SavedFilter).where(SavedFilter.deleted_at.is_(None)).order_by(SavedFilter.name)
            )
            return [(s.id, s.name, ContactFilter.from_json(s.criteria)) for s in rows]

    def load_list(self, list_id: str) -> ContactFilter:
        for lid, _name, criteria in self.lists():
            if lid == list_id:
                return criteria
        raise NotFoundError(tr("Verteiler nicht gefunden."))

    def delete_list(self, list_id: str) -> None:
        from regiodesk.db.base import utcnow

        with self.db.transaction() as session:
            saved = session.get(SavedFilter, list_id)
            if saved is None or saved.deleted_at is not None:
                raise NotFoundError(tr("Verteiler nicht gefunden."))
            saved.deleted_at = utcnow()


def _filtered(stmt, criteria: ContactFilter, on: date):
    """``stmt`` (over Contact) narrowed to live, unrestricted contacts matching ``criteria``
    except its free text (which searches the assembled cards)."""
    stmt = stmt.where(Contact.deleted_at.is_(None), Contact.restricted.is_(False))
    if criteria.kind:
        stmt = stmt.where(Contact.kind == criteria.kind)
    if criteria.consent:
        stmt = stmt.where(valid_consent(criteria.consent, on))
    if criteria.tag:
        stmt = stmt.where(
            exists().where(
                ContactTag.contact_id == Contact.id,
                ContactTag.deleted_at.is_(None),
                ContactTag.tag_id == Tag.id,
                Tag.deleted_at.is_(None),
                Tag.name == criteria.tag,
            )
        )
    if criteria.body_id:
        stmt = stmt.where(
            exists().where(
                Membership.contact_id == Contact.id,
                Membership.deleted_at.is_(None),
                Membership.body_id == criteria.body_id,
                or_(Membership.starts_on.is_(None), Membership.starts_on <= on),
                or_(Membership.ends_on.is_(None), Membership.ends_on >= on),
            )
        )
    return stmt


def _haystack(card: ContactCard) -> str:
    return " ".join(
        [
            card.name,
            card.organisation,
            card.city,
            card.postal_code,
            card.street,
            *(e for _k, e in card.emails),
        ]
    )


#: The contact's own columns a card shows: selected as columns, not as ORM objects (a third of the
#: time at 20,000 contacts).
CARD_COLUMNS = (
    Contact.id,
    Contact.kind,
    Contact.salutation,
    Contact.title,
    Contact.first_name,
    Contact.last_name,
    Contact.organisation,
    Contact.notes,
)


_NO_ADDRESS = ("", "", "", "", "", "")


def _cards(session: Session, contacts: Sequence[Any], every: bool = False) -> list[ContactCard]:
    """Contacts (rows of CARD_COLUMNS, unpacked as tuples: a Row's attribute lookup costs more than
    the rest of the card) with their primary address, e-mails, phones and tags (four queries in
    all, per 900 contacts).

    ``every``: ``contacts`` are (nearly) all contacts. Then each query reads every live row of its
    table once and the cards take theirs: a third cheaper at 20,000 contacts than naming them
    in chunks of 900 ids, each id looked up on its own.
    """
    addresses: dict[str, Any] = {}
    emails: dict[str, list[tuple[str, str]]] = defaultdict(list)
    phones: dict[str, list[tuple[str, str]]] = defaultdict(list)
    tags: dict[str, list[str]] = defaultdict(list)
    groups: Iterable[list[str] | None] = [None] if every else _chunks([c[0] for c in contacts], 900)
    core = session.connection()  # Core rows: no ORM loading step per row for plain columns
    for group in groups:
        for addr in core.execute(
            select(
                Address.contact_id,
                Address.kind,
                Address.street,
                Address.postal_code,
                Address.city,
                Address.country,
            )
            .where(_of(Address.contact_id, group), Address.deleted_at.is_(None))
            .order_by(Address.created_at.desc(), Address.id.desc())
        ):
            addresses[addr.contact_id] = addr  # the oldest is written last and wins
        for cid, kind, address in core.execute(
            select(ContactEmail.contact_id, ContactEmail.kind, ContactEmail.address)
            .where(_of(ContactEmail.contact_id, group), ContactEmail.deleted_at.is_(None))
            .order_by(ContactEmail.created_at, ContactEmail.id)
        ):
            emails[cid].append((kind, address))
        for cid, kind, number in core.execute(
            select(ContactPhone.contact_id, ContactPhone.kind, ContactPhone.number)
            .where(_of(ContactPhone.contact_id, group), ContactPhone.deleted_at.is_(None))
            .order_by(ContactPhone.created_at, ContactPhone.id)
        ):
            phones[cid].append((kind, number))
        for cid, name in core.execute(
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(
                _of(ContactTag.contact_id, group), ContactTag.deleted_at.is_(None), Tag.deleted_at.is_(None)
            )
            .order_by(Tag.name)
        ):
            tags[cid].append(name)
    cards = []
    for cid, kind, salutation, title, first_name, last_name, organisation, notes in contacts:
        _cid, address_kind, street, postal_code, city, country = addresses.get(cid, _NO_ADDRESS)
        cards.append(
            ContactCard(
                cid,
                kind,
                salutation,
                title,
                first_name,
                last_name,
                organisation,
                street,
                postal_code,
                city,
                country,
                emails.get(cid, []),
                phones.get(cid, []),
                tags.get(cid, []),
                notes,
                address_kind=address_kind,
            )
        )
    return cards


def _of(column: Any, ids: list[str] | None) -> Any:
    """``column`` is one of ``ids``; None: no condition."""
    return column.in_(ids) if ids is not None else true()


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
