"""The contact importer: the fields and hooks of an address list for the import pipeline.

    service = ContactImportService(db)           # the pipeline with this importer
    preview = service.preview(path)              # read, map, normalise, find duplicates
    preview.set_action(12, "create")             # the user overrides a row (skip/update/create)
    result = service.run(preview)                # all rows or none

Every row that cannot be read is listed with its number and the reason; nothing is written
until :meth:`ContactImportService.run`, which writes everything in one transaction (and
remembers the column mapping for the next file with the same headers). The pipeline is
:mod:`regiodesk.imports.pipeline`; this module declares what only contacts know (it lives in
services because finding duplicates uses the contact services).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import select

from regiodesk.db.base import new_id
from regiodesk.db.bulk import insert_logged_rows
from regiodesk.db.database import Database
from regiodesk.db.models import Address, Consent, Contact, ContactEmail, ContactPhone, ContactTag, Tag
from regiodesk.domain.contact_rules import (
    DuplicateIndex,
    MatchRecord,
    clean_name_parts,
    looks_like_organisation,
    split_name,
    split_postal_city,
)
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr
from regiodesk.imports import ParsedRow, Table, as_text
from regiodesk.imports import preview as base
from regiodesk.imports.catalogues import Catalogue, Entry, value_key
from regiodesk.imports.pipeline import ImportPipeline
from regiodesk.imports.preview import (
    CREATE,
    ERROR,
    SKIP,
    UPDATE,
    ImportDuplicate,
    ImportResult,
)
from regiodesk.services.contact_values import normalize_emails, normalize_phone, phone_key
from regiodesk.services.contacts_duplicates import match_records
from regiodesk.services.contacts_import_fields import (
    FIELD_LABELS,
    FIELDS,
    KIND_WORDS,
    LENGTH_LIMITS,
    TEXT_FIELDS,
)

TARGET = "contacts"
ACTION_LABELS = {
    CREATE: "neu anlegen",
    UPDATE: "vorhandenen aktualisieren",
    SKIP: "überspringen",
    ERROR: "Fehler",
}

_STREET_WITH_TOWN = re.compile(r"^(.*?),\s*((?:D-)?\d{4,5}\s+\S.*)$")  # 'Hauptstr. 5, 96450 Coburg'
_FIVE_DIGITS = re.compile(r"\d{5}")
_FOUR_DIGITS = re.compile(r"\d{4}")
_TAG_SPLIT = re.compile(r"[;,/|]")
_PHONE_SPLIT = re.compile(r"[;,]|\s+/\s+|\n")


#: What an update compares with the existing contact, field by field (name -> German label).
UPDATE_FIELDS: dict[str, str] = {
    "salutation": "Anrede",
    "title": "Titel",
    "first_name": "Vorname",
    "last_name": "Nachname",
    "organisation": "Institution",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
}
_ADDRESS_FIELDS = ("street", "postal_code", "city")


@dataclass(frozen=True)
class FieldChange:
    """One field an update would change: the contact's value and the file's."""

    field: str
    label: str
    old: str
    new: str

    @property
    def fills(self) -> bool:
        """The contact's field is empty: filled by default (the README: the contact is "ergänzt")."""
        return not self.old.strip()

    def text(self) -> str:
        return f"{self.label}: „{self.old}“ → „{self.new}“" if self.old else f"{self.label}: → „{self.new}“"


@dataclass
class PreviewRow(base.PreviewRow):
    #: The fields an update takes from the file (see :data:`UPDATE_FIELDS`); None: the default,
    #: only the contact's empty fields are filled.
    take: set[str] | None = None
    #: The warnings that name fields an update leaves unchanged (replaced when ``take`` changes).
    kept_warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        v = self.values
        if v.get("kind") == "institution":
            return v.get("organisation", "")
        return " ".join(p for p in (v.get("title"), v.get("first_name"), v.get("last_name")) if p)


@dataclass
class ImportPreview(base.ImportPreview[PreviewRow]):
    consent_purpose: str = "Kontaktaufnahme"

    no_update_target: ClassVar[str] = (
        "Zeile {n}: Aktualisieren geht nur bei einem vorhandenen Kontakt, den die Zeile doppelt."
    )


class ContactImporter:
    """What the pipeline needs to know about address lists."""

    target = TARGET
    fields = FIELDS
    options: ClassVar[dict[str, tuple[str, str]]] = {
        "consent_purpose": ("Einwilligung für den Zweck:", "Kontaktaufnahme")
    }

    def after_read(self, table: Table) -> None:
        pass

    def adjust_mapping(self, mapping: list[str]) -> list[str]:
        # "Name" beside "Vorname" is the last name, not the whole name.
        if "first_name" in mapping and "full_name" in mapping and "last_name" not in mapping:
            mapping[mapping.index("full_name")] = "last_name"
        return mapping

    def check_mapping(self, mapping: Sequence[str]) -> None:
        if not any(m in mapping for m in ("last_name", "full_name", "organisation", "email")):
            raise DomainError(
                tr(
                    "Keine Spalte ist Name, Nachname, Institution oder E-Mail zugeordnet; so lässt sich "
                    "kein Kontakt anlegen. Bitte die Spalten zuordnen."
                )
            )

    def catalogues(self, session) -> list[Catalogue]:
        entries = [Entry("person", "", "Person"), Entry("institution", "", "Institution")]
        words = {value_key(k): v for k, v in KIND_WORDS.items()}
        return [
            Catalogue(
                "kind",
                "Art",
                entries,
                words,
                unknown_message=lambda text: f"„{text}“ ist weder Person noch Institution.",
            )
        ]

    def context(self, session):
        return match_records(session)

    def normalise(self, parsed: ParsedRow, context) -> PreviewRow:
        return _normalise(parsed)

    def mark_duplicates(self, rows: list[PreviewRow], context) -> None:
        records, names = context
        _mark_duplicates(rows, DuplicateIndex(records), names)

    def make_preview(self, table: Table, mapping: list[str], rows, path: Path, options) -> ImportPreview:
        return ImportPreview(
            path,
            table.sheet,
            table.sheets,
            table.header_row,
            table.headers,
            mapping,
            rows,
            table.skipped,
            consent_purpose=options["consent_purpose"],
        )

    def create_entry(self, session, field: str, text: str) -> str:
        raise DomainError(tr("„{text}“ lässt sich nicht neu anlegen.", text=text))

    def write(self, db: Database, session, preview: ImportPreview) -> ImportResult:
        source = f"Import aus {preview.path.name}"
        created = updated = skipped = 0
        tags = {
            name.casefold(): tid
            for tid, name in session.execute(select(Tag.id, Tag.name).where(Tag.deleted_at.is_(None)))
        }
        # New rows as (model, values): no ORM object per row (see db.bulk.insert_logged_rows).
        new: list[NewRow] = []
        for row in preview.rows:
            if row.errors:
                continue
            if row.action == SKIP:
                skipped += 1
            elif row.action == UPDATE:
                _update(session, row, tags, new, preview.consent_purpose, source)
                updated += 1
            else:
                new.extend(_new_records(row, tags, new, preview.consent_purpose, source))
                created += 1
        insert_logged_rows(session, db.recorder, new)
        return ImportResult(created, updated, skipped, [r.problem_text() for r in preview.unreadable])


class ContactImportService(ImportPipeline[PreviewRow, ImportPreview]):
    """The import pipeline for address lists (the window's dialog and ``regiodesk import contacts``)."""

    def __init__(self, db: Database):
        super().__init__(db, ContactImporter())

    def preview(self, path: Path, *args: Any, **kwargs: Any) -> ImportPreview:
        """As the pipeline's, and each row that updates a contact says which of its fields stay."""
        preview = super().preview(path, *args, **kwargs)
        updates = [r for r in preview.rows if r.action == UPDATE and r.target_id and not r.errors]
        if updates:
            with self.db.session() as session:
                for row in updates:
                    _note_kept(row, _changes(session, row))
        return preview

    def update_changes(self, preview: ImportPreview, number: int) -> list[FieldChange]:
        """What updating the contact from row ``number`` would change, field by field (old → new)."""
        row = preview.row(number)
        if row.action != UPDATE or not row.target_id:
            return []
        with self.db.session() as session:
            return _changes(session, row)

    def choose_fields(self, preview: ImportPreview, number: int, fields: Sequence[str]) -> None:
        """The user's ticks: the update of row ``number`` takes exactly these fields from the file."""
        unknown = set(fields) - set(UPDATE_FIELDS)
        if unknown:
            raise DomainError(tr("Unbekannte Felder: {fields}.", fields=", ".join(sorted(unknown))))
        row = preview.row(number)
        row.take = set(fields)
        _note_kept(row, self.update_changes(preview, number))


# --------------------------------------------------------------------------- normalising a row
def _normalise(parsed: ParsedRow) -> PreviewRow:
    v = parsed.values
    row = PreviewRow(parsed.number, {}, list(parsed.errors), list(parsed.warnings))
    out = row.values
    text = dict.fromkeys(TEXT_FIELDS, "")
    for k in TEXT_FIELDS.intersection(v):
        text[k] = as_text(v[k]).strip()
    # 'Dr. Öztürk' in the last name, 'Frau Gertrud Ölschläger' in a "Name" beside "Vorname"
    names = clean_name_parts(text["salutation"], text["title"], text["first_name"], text["last_name"])
    out["salutation"], out["title"] = names.salutation, names.title
    out["first_name"], out["last_name"] = names.first_name, names.last_name
    out["organisation"] = text["organisation"]
    kind = v.get("kind") or ""  # resolved by the pipeline: "person", "institution" or none
    full = text["full_name"]
    if full:
        if (kind == "institution" or (not kind and looks_like_organisation(full))) and not out[
            "organisation"
        ]:
            out["organisation"] = full
            kind = kind or "institution"
        else:
            parts = split_name(full)
            out["salutation"] = out["salutation"] or parts.salutation
            out["title"] = " ".join(dict.fromkeys(f"{out['title']} {parts.title}".split()))
            out["first_name"] = out["first_name"] or parts.first_name
            out["last_name"] = out["last_name"] or parts.last_name
    if not kind:
        kind = "person" if out["first_name"] or out["last_name"] else "institution"
    out["kind"] = kind
    # address
    street = text["street"]
    code = _postal_code(v.get("postal_code"))
    city = text["city"]
    postal_city = as_text(v.get("postal_city"))
    if postal_city:
        pc_code, pc_city = split_postal_city(postal_city)
        code, city = code or pc_code, city or pc_city
    if street and not code and not city:  # 'Hauptstr. 5, 96450 Coburg' in one cell
        match = _STREET_WITH_TOWN.match(street)
        if match:
            street = match.group(1).strip()
            code, city = split_postal_city(match.group(2))
    if text["house_number"]:
        street = f"{street} {text['house_number']}".strip()
    out["street"], out["postal_code"], out["city"] = street, code, city
    out["country"] = text["country"]
    if code and not _FIVE_DIGITS.fullmatch(code) and text["country"].casefold() in ("", "deutschland", "de"):
        row.warnings.append(f"„{code}“ ist keine deutsche Postleitzahl (fünf Ziffern).")
    # channels
    emails: list[str] = []
    for cell in v.get("email") or []:
        valid, invalid = normalize_emails(as_text(cell))
        emails.extend(valid)
        for part in invalid:  # the person is imported without it, and the preview says so
            row.warnings.append(f"E-Mail-Adresse „{part}“ ungültig: nicht übernommen.")
    unique_emails: dict[str, str] = {}
    for address in emails:
        unique_emails.setdefault(address.casefold(), address)
    out["emails"] = list(unique_emails.values())
    phones: list[tuple[str, str]] = []
    for name, label in (("phone", "dienstlich"), ("mobile", "mobil")):
        for cell in v.get(name) or []:
            for number in _phone_cells(cell):
                try:
                    phones.append((label, normalize_phone(number)))
                except ValueError as error:
                    phones.append((label, number))
                    row.warnings.append(f"{error} Sie wird unverändert übernommen.")
    # the same number twice ('0171 1234567' as Telefon and Mobil): once
    unique_phones: dict[str, tuple[str, str]] = {}
    for kind_and_number in phones:
        unique_phones.setdefault(phone_key(kind_and_number[1]), kind_and_number)
    out["phones"] = list(unique_phones.values())
    out["tags"] = [t.strip() for t in _TAG_SPLIT.split(text["tags"]) if t.strip()] if text["tags"] else []
    notes = [as_text(n) for n in v.get("notes") or []]
    if text["function"]:
        notes.insert(0, f"Funktion: {text['function']}")
    out["notes"] = "\n".join(n for n in notes if n)
    out["consent_on"] = v.get("consent_on")
    if out["consent_on"] is not None and out["consent_on"] > date.today():
        row.errors.append(
            f"Die Einwilligung ist auf den {out['consent_on']:%d.%m.%Y} datiert, in der Zukunft."
        )
    # what a contact needs
    if kind == "institution" and not out["organisation"]:
        row.errors.append("Kein Name und keine Institution: daraus lässt sich kein Kontakt anlegen.")
    if kind == "person" and not out["last_name"] and not out["organisation"]:
        row.errors.append("Kein Nachname: daraus lässt sich kein Kontakt anlegen.")
    for name, limit in LENGTH_LIMITS.items():
        if len(out.get(name) or "") > limit:
            row.errors.append(f"„{FIELD_LABELS.get(name, name)}“ ist zu lang (höchstens {limit} Zeichen).")
    if row.errors:
        row.action = ERROR
    return row


def _postal_code(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)).zfill(5)  # Excel dropped the leading zero of 01067
    text = as_text(value).strip()
    return text.zfill(5) if _FOUR_DIGITS.fullmatch(text) else text


def _phone_cells(cell: Any) -> list[str]:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return ["0" + str(int(cell))]  # a number cell lost the leading 0 of the area code
    text = as_text(cell)
    return [part.strip() for part in _PHONE_SPLIT.split(text) if part.strip()]


def _mark_duplicates(rows: list[PreviewRow], index: DuplicateIndex, names: dict[str, str]) -> None:
    for row in rows:
        if row.errors:
            continue
        v = row.values
        record = MatchRecord(
            f"row:{row.number}",
            v["kind"],
            v["first_name"],
            v["last_name"],
            v["organisation"],
            tuple(v["emails"]),
            v["postal_code"],
            v["street"],
            v["city"],
            tuple(k for k in (phone_key(n) for _kind, n in v["phones"]) if len(k) >= 6),
        )
        for match in index.match_and_add(record):
            if match.b.startswith("row:"):
                row.duplicates.append(ImportDuplicate(match.reason, match.strong, row=int(match.b[4:])))
            else:
                row.duplicates.append(
                    ImportDuplicate(match.reason, match.strong, match.b, names.get(match.b, ""))
                )
        existing = [d for d in row.duplicates if d.record_id]
        if any(d.row is not None for d in row.duplicates) and not existing:
            row.action = SKIP  # the same person twice in the file: the first row is imported
        elif existing and existing[0].strong:
            row.action, row.target_id = UPDATE, existing[0].record_id
        elif existing:
            row.action = SKIP  # a similar name only: the user decides; nothing is doubled by guess


# --------------------------------------------------------------------------- writing a row
NewRow = tuple[type[Any], dict[str, Any]]


def _tag(name: str, tags: dict[str, str], new: list[NewRow]) -> str:
    """The id of the tag of that name (any case), created if new."""
    tag_id = tags.get(name.casefold())
    if tag_id is None:
        tag_id = tags[name.casefold()] = new_id()
        new.append((Tag, {"id": tag_id, "name": name}))
    return tag_id


def _consent_values(contact_id: str, on: date, purpose: str, source: str) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "purpose": purpose,
        "given_on": on,
        "method": "sonstige",
        "source": source,
        "text": "",
        "withdrawn_on": None,
    }


def _new_records(
    row: PreviewRow, tags: dict[str, str], new: list[NewRow], purpose: str, source: str
) -> list[NewRow]:
    v = row.values
    cid = new_id()
    contact = {
        "id": cid,
        "kind": v["kind"],
        "salutation": v["salutation"],
        "title": v["title"],
        "first_name": v["first_name"],
        "last_name": v["last_name"],
        "organisation": v["organisation"],
        "notes": v["notes"],
    }
    records: list[NewRow] = [(Contact, contact)]
    records += [(ContactEmail, {"contact_id": cid, "address": a}) for a in v["emails"]]
    records += [(ContactPhone, {"contact_id": cid, "kind": k, "number": n}) for k, n in v["phones"]]
    if v["street"] or v["postal_code"] or v["city"]:
        address = {"contact_id": cid, "street": v["street"], "postal_code": v["postal_code"]}
        address["city"] = v["city"]
        if v["country"]:
            address["country"] = v["country"]
        records.append((Address, address))
    for name in v["tags"]:
        records.append((ContactTag, {"contact_id": cid, "tag_id": _tag(name, tags, new)}))
    if v["consent_on"] is not None:
        records.append((Consent, _consent_values(cid, v["consent_on"], purpose, source)))
    return records


def _update(
    session, row: PreviewRow, tags: dict[str, str], new: list[NewRow], purpose: str, source: str
) -> None:
    """The contact is completed ("ergänzt"): its empty fields are filled from the row, a field
    that has a value changes only when the user ticked it (``row.take``); e-mails, phones and
    tags are added if new."""
    contact = session.get(Contact, row.target_id)
    if contact is None or contact.deleted_at is not None:
        raise DomainError(
            tr("Zeile {number}: der zu aktualisierende Kontakt wurde inzwischen gelöscht.", number=row.number)
        )
    v = row.values
    take = _taken(row, _changes(session, row))
    for name in ("salutation", "title", "first_name", "last_name", "organisation"):
        if name in take and v[name] and getattr(contact, name) != v[name]:
            setattr(contact, name, v[name])
    if v["notes"] and v["notes"] not in contact.notes:
        contact.notes = f"{contact.notes}\n{v['notes']}".strip()
    cid = contact.id
    have = {
        e.lower()
        for e in session.scalars(
            select(ContactEmail.address).where(
                ContactEmail.contact_id == cid, ContactEmail.deleted_at.is_(None)
            )
        )
    }
    session.add_all(ContactEmail(contact_id=cid, address=a) for a in v["emails"] if a.lower() not in have)
    numbers = {
        phone_key(n)
        for n in session.scalars(
            select(ContactPhone.number).where(
                ContactPhone.contact_id == cid, ContactPhone.deleted_at.is_(None)
            )
        )
    }
    session.add_all(
        ContactPhone(contact_id=cid, kind=k, number=n)
        for k, n in v["phones"]
        if phone_key(n) not in numbers  # the form keeps '09561 12345' as typed
    )
    address = session.scalars(
        select(Address)
        .where(Address.contact_id == cid, Address.deleted_at.is_(None))
        .order_by(Address.created_at)
    ).first()
    if address is None and (v["street"] or v["postal_code"] or v["city"]):
        session.add(Address(contact_id=cid, street=v["street"], postal_code=v["postal_code"], city=v["city"]))
    elif address is not None:
        for name in _ADDRESS_FIELDS:
            if name in take and v[name] and getattr(address, name) != v[name]:
                setattr(address, name, v[name])
    tagged = set(
        session.scalars(
            select(ContactTag.tag_id).where(ContactTag.contact_id == cid, ContactTag.deleted_at.is_(None))
        )
    )
    for name in v["tags"]:
        tag_id = _tag(name, tags, new)
        if tag_id not in tagged:
            new.append((ContactTag, {"contact_id": cid, "tag_id": tag_id}))
            tagged.add(tag_id)
    if v["consent_on"] is not None:
        same = session.scalar(
            select(Consent.id).where(
                Consent.contact_id == cid,
                Consent.purpose == purpose,
                Consent.given_on == v["consent_on"],
                Consent.deleted_at.is_(None),
            )
        )
        if same is None:
            session.add(Consent(**_consent_values(cid, v["consent_on"], purpose, source)))


# --------------------------------------------------------------------------- updating field by field
def _current(session, contact_id: str) -> dict[str, str]:
    contact = session.get(Contact, contact_id)
    if contact is None:
        return {}
    values = {name: getattr(contact, name) or "" for name in UPDATE_FIELDS if name not in _ADDRESS_FIELDS}
    address = session.scalars(
        select(Address)
        .where(Address.contact_id == contact_id, Address.deleted_at.is_(None))
        .order_by(Address.created_at)
    ).first()
    for name in _ADDRESS_FIELDS:
        values[name] = (getattr(address, name) or "") if address is not None else ""
    return values


def _changes(session, row: PreviewRow) -> list[FieldChange]:
    current = _current(session, row.target_id or "")
    changes = []
    for name, label in UPDATE_FIELDS.items():
        new = (row.values.get(name) or "").strip()
        old = current.get(name, "")
        if new and new != old.strip():
            changes.append(FieldChange(name, label, old, new))
    return changes


def _taken(row: PreviewRow, changes: list[FieldChange]) -> set[str]:
    if row.take is not None:
        return row.take
    return {c.field for c in changes if c.fills}


def _note_kept(row: PreviewRow, changes: list[FieldChange]) -> None:
    """Say in the row's warnings which fields an update leaves as they are (the CLI prints them)."""
    for text in row.kept_warnings:
        if text in row.warnings:
            row.warnings.remove(text)
    take = _taken(row, changes)
    row.kept_warnings = [
        f"{c.label} bleibt „{c.old}“ (in der Datei: „{c.new}“)" for c in changes if c.field not in take
    ]
    row.warnings.extend(row.kept_warnings)
