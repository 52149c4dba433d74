"""Data protection for contacts: Auskunft (DSGVO Art. 15), Löschen (Art. 17), Einschränkung (Art. 18).

- :meth:`PrivacyService.auskunft`: everything held about a person as a JSON-able dict (German
  keys, so the person can read the file): the record, addresses, channels, tags, functions,
  consents, memberships, attendance, votes, projects, attachments and the change-log entries.
- :meth:`PrivacyService.erase`: removes the personal data, including the old values in the
  change log. Where the person appears in minutes or funding records that must be kept
  (attendance, votes, conflicts of interest, project sponsorship, …) it refuses with
  :class:`RetentionRequired`, which explains why and offers :meth:`PrivacyService.restrict`.
- :meth:`PrivacyService.restrict`: the record stays but is hidden from lists and exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from regiodesk.db import search_index
from regiodesk.db.base import Record, utcnow
from regiodesk.db.changelog import decode_value, expand
from regiodesk.db.database import Database
from regiodesk.db.models import (
    Address,
    Affiliation,
    AgendaItem,
    Attachment,
    Attendance,
    Body,
    ChangeLogEntry,
    ConflictOfInterest,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Meeting,
    Membership,
    NamedVote,
    Project,
    ProjectContact,
    RegionSettings,
    Tag,
    Vote,
    WrittenProcedure,
    WrittenProcedureAnswer,
    record_models,
)
from regiodesk.domain.enums import (
    AttendanceStatus,
    ConsentMethod,
    ContactKind,
    LabelledEnum,
    MembershipRole,
    ProjectStatus,
    VoteChoice,
)
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.fields import TABLES, label
from regiodesk.i18n import format_date, tr
from regiodesk.services.contacts_duplicates import contact_references

#: Rows that document the office's decisions and funding: kept for the retention periods of the
#: funding files (EU: until at least five years after the last payment of the programme).
RETAINED: dict[str, str] = {
    "attendance": "steht in Anwesenheitslisten von Sitzungen",
    "named_vote": "hat namentlich abgestimmt",
    "conflict_of_interest": "hat einen Interessenkonflikt erklärt (Niederschrift)",
    "written_procedure_answer": "hat in einem Umlaufverfahren geantwortet",
    "meeting": "hat eine Sitzung geleitet oder protokolliert",
    "membership": "ist oder war Mitglied oder Stellvertretung eines Gremiums (Zusammensetzung und "
    "Beschlussfähigkeit sind dokumentiert)",
    "project": "ist Projektträger",
    "project_contact": "ist an einem Projekt beteiligt (Förderakte)",
    "consultation_contact": "war an einem Beratungsgespräch der Geschäftsstelle beteiligt (Nachweis der "
    "geförderten Tätigkeit)",
    "event_participant": "steht in der Teilnehmerliste einer Veranstaltung (Nachweis gegenüber der "
    "Förderstelle)",
    "activity": "ist in der Presse- und Netzwerkarbeit der Geschäftsstelle genannt (Nachweis der "
    "geförderten Tätigkeit)",
}
#: Personal fields emptied by an erasure.
PERSONAL = ("salutation", "title", "first_name", "last_name", "organisation", "notes")


class RetentionRequired(DomainError):
    """Deletion refused because records that must be kept name the person; ``reasons`` says where."""

    def __init__(self, name: str, reasons: Sequence[str]):
        self.reasons = list(reasons)
        super().__init__(
            f"„{name}“ kann nicht gelöscht werden: der Kontakt {'; '.join(self.reasons)}. "
            "Diese Unterlagen müssen für die Förderakten aufbewahrt werden (Aufbewahrungspflicht, "
            "DSGVO Art. 17 Abs. 3). Stattdessen kann die Verarbeitung eingeschränkt werden "
            "(DSGVO Art. 18): der Kontakt bleibt gespeichert, erscheint aber in keiner Liste, keinem "
            "Verteiler und keinem Export mehr."
        )


class PrivacyService:
    def __init__(self, db: Database):
        self.db = db

    # --------------------------------------------------------------- Auskunft
    def auskunft(self, contact_id: str) -> dict[str, Any]:
        """Everything regiodesk holds about the contact, as a dict of JSON types (dates as ISO text)."""
        with self.db.session() as session:
            contact = _get(session, contact_id)
            region = session.scalar(select(RegionSettings.name).where(RegionSettings.deleted_at.is_(None)))
            cid = contact.id
            children = _children(session, cid)
            data: dict[str, Any] = {
                "erstellt_am": datetime.now().replace(microsecond=0).isoformat(),
                "verantwortliche_stelle": region or "",
                "erlaeuterung": (
                    "Im Änderungsprotokoll stehen „feld“, „alt“ und „neu“ so, wie regiodesk sie "
                    "anzeigt; „tabelle“, „spalte“, „alt_schluessel“ und „neu_schluessel“ sind die "
                    "in der Datenbank gespeicherten Namen und Schlüssel. Zeitpunkte mit „+00:00“ sind UTC."
                ),
                "kontakt": {
                    "kennung": cid,
                    "art": ContactKind.label_of(contact.kind),
                    "anrede": contact.salutation,
                    "titel": contact.title,
                    "vorname": contact.first_name,
                    "nachname": contact.last_name,
                    "institution": contact.organisation,
                    "notizen": contact.notes,
                    "eingeschraenkt": contact.restricted,
                    "angelegt_am": _iso(contact.created_at),
                    "geaendert_am": _iso(contact.modified_at),
                },
                "adressen": [
                    {
                        "art": a.kind,
                        "strasse": a.street,
                        "plz": a.postal_code,
                        "ort": a.city,
                        "land": a.country,
                    }
                    for a in _live_of(session, Address, cid)
                ],
                "e_mail_adressen": [
                    {"art": e.kind, "adresse": e.address} for e in _live_of(session, ContactEmail, cid)
                ],
                "telefonnummern": [
                    {"art": p.kind, "nummer": p.number} for p in _live_of(session, ContactPhone, cid)
                ],
                "schlagwoerter": sorted(
                    session.scalars(
                        select(Tag.name)
                        .join(ContactTag, ContactTag.tag_id == Tag.id)
                        .where(ContactTag.contact_id == cid, ContactTag.deleted_at.is_(None))
                    )
                ),
                "einwilligungen": [
                    {
                        "zweck": c.purpose,
                        "erteilt_am": _iso(c.given_on),
                        "wie": ConsentMethod.label_of(c.method),
                        "quelle": c.source,
                        "text": c.text,
                        "widerrufen_am": _iso(c.withdrawn_on),
                    }
                    for c in _live_of(session, Consent, cid)
                ],
                "funktionen": _functions(session, cid),
                "mitgliedschaften": _memberships(session, cid),
                "sitzungen": _meetings(session, cid),
                "abstimmungen_und_erklaerungen": _votes(session, cid),
                "projekte": _projects(session, cid),
                "anhaenge": [
                    a.filename
                    for a in session.scalars(
                        select(Attachment).where(
                            Attachment.owner_table == "contact",
                            Attachment.owner_id == cid,
                            Attachment.deleted_at.is_(None),
                        )
                    )
                ],
                "weitere_verweise": _other_references(session, cid),
                "aenderungsprotokoll": _log(session, [cid, *(r.id for r in children)]),
            }
            return data

    # --------------------------------------------------------------- Löschen
    def retention_reasons(self, contact_id: str) -> list[str]:
        """Why the contact must be kept (empty: it may be erased)."""
        with self.db.session() as session:
            _get(session, contact_id)
            return _retention(session, contact_id)

    def erase(self, contact_id: str) -> None:
        """Remove the person's data, or raise :class:`RetentionRequired` (nothing is changed then).

        The contact and everything belonging only to it (addresses, e-mails, phones, tags,
        consents, functions, attachments) are emptied and tombstoned, and their values are blanked
        in the change log too; what remains is that a record existed and was deleted.
        """
        with self.db.transaction() as session:
            contact = _get(session, contact_id)
            reasons = _retention(session, contact_id)
            if reasons:
                raise RetentionRequired(contact.display_name(), reasons)
            now = utcnow()
            children = _children(session, contact_id)
            for name in PERSONAL:
                setattr(contact, name, "")
            for child in children:
                for attr in (
                    "street",
                    "postal_code",
                    "city",
                    "address",
                    "number",
                    "text",
                    "source",
                    "function",
                ):
                    if hasattr(child, attr) and isinstance(getattr(child, attr), str):
                        setattr(child, attr, "")
                if isinstance(child, Attachment):
                    child.data = b""
                    child.filename = "gelöscht"
                if child.deleted_at is None:
                    child.deleted_at = now
            contact.deleted_at = now
            session.info[search_index.PURGE] = True  # the search index keeps no word of it either
            session.flush()
            ids = [contact_id, *(c.id for c in children)]
            for start in range(0, len(ids), 500):
                session.execute(
                    update(ChangeLogEntry)
                    .where(
                        ChangeLogEntry.row_id.in_(ids[start : start + 500]),
                        ChangeLogEntry.field != "deleted_at",
                    )
                    .values(old_value=None, new_value=None)
                )

    def restrict(self, contact_id: str) -> None:
        """DSGVO Art. 18: keep the record, hide it from every list, distribution list and export."""
        with self.db.transaction() as session:
            contact = _get(session, contact_id)
            if not contact.restricted:
                contact.restricted = True

    def lift_restriction(self, contact_id: str) -> None:
        with self.db.transaction() as session:
            contact = _get(session, contact_id)
            if contact.restricted:
                contact.restricted = False

    def restricted(self) -> list[tuple[str, str]]:
        """(id, name) of every restricted contact: they are in no other list, so here they are."""
        with self.db.session() as session:
            rows = session.scalars(
                select(Contact).where(Contact.deleted_at.is_(None), Contact.restricted.is_(True))
            )
            return sorted(((c.id, c.display_name()) for c in rows), key=lambda r: r[1].casefold())


# ------------------------------------------------------------------------------- helpers
def _get(session: Session, contact_id: str) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None or contact.deleted_at is not None:
        raise NotFoundError(tr("Kontakt nicht gefunden (vielleicht inzwischen gelöscht)."))
    return contact


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _live_of(session: Session, model, contact_id: str) -> list:
    return list(
        session.scalars(
            select(model)
            .where(model.contact_id == contact_id, model.deleted_at.is_(None))
            .order_by(model.created_at, model.id)
        )
    )


def _children(session: Session, contact_id: str) -> list[Record]:
    """Rows that belong to the contact alone (all of them, deleted ones too)."""
    rows: list[Record] = []
    for model in (Address, ContactEmail, ContactPhone, ContactTag, Consent):
        rows.extend(session.scalars(select(model).where(model.contact_id == contact_id)))
    rows.extend(
        session.scalars(
            select(Affiliation).where(
                or_(Affiliation.person_id == contact_id, Affiliation.institution_id == contact_id)
            )
        )
    )
    rows.extend(
        session.scalars(
            select(Attachment).where(Attachment.owner_table == "contact", Attachment.owner_id == contact_id)
        )
    )
    return rows


def _retention(session: Session, contact_id: str) -> list[str]:
    reasons: list[str] = []
    for model, attr in contact_references():
        table = model.__tablename__
        if table not in RETAINED or RETAINED[table] in reasons:
            continue
        column = getattr(model, attr)
        found = session.scalar(
            select(model.id).where(column == contact_id, model.deleted_at.is_(None)).limit(1)
        )
        if found is not None:
            reasons.append(RETAINED[table])
    return reasons


def _functions(session: Session, cid: str) -> list[dict[str, Any]]:
    result = []
    for a in session.scalars(
        select(Affiliation).where(
            or_(Affiliation.person_id == cid, Affiliation.institution_id == cid),
            Affiliation.deleted_at.is_(None),
        )
    ):
        result.append(
            {
                "person": a.person.display_name() if a.person else "",
                "institution": a.institution.display_name() if a.institution else "",
                "funktion": a.function,
                "von": _iso(a.starts_on),
                "bis": _iso(a.ends_on),
            }
        )
    return result


def _memberships(session: Session, cid: str) -> list[dict[str, Any]]:
    result = []
    stmt = (
        select(Membership, Body.name)
        .join(Body, Body.id == Membership.body_id)
        .where(
            or_(Membership.contact_id == cid, Membership.deputy_id == cid, Membership.institution_id == cid),
            Membership.deleted_at.is_(None),
        )
    )
    for m, body in session.execute(stmt):
        if m.contact_id == cid:
            as_what = MembershipRole.label_of(m.role)
        elif m.deputy_id == cid:
            as_what = f"Stellvertretung von {m.contact.display_name()}"
        else:
            as_what = f"vertretene Institution von {m.contact.display_name()}"
        result.append(
            {
                "gremium": body,
                "als": as_what,
                "stimmberechtigt": m.voting_right,
                "von": _iso(m.starts_on),
                "bis": _iso(m.ends_on),
            }
        )
    return result


def _meetings(session: Session, cid: str) -> list[dict[str, Any]]:
    result = []
    for att, meeting in session.execute(
        select(Attendance, Meeting)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            or_(Attendance.contact_id == cid, Attendance.represented_by_id == cid),
            Attendance.deleted_at.is_(None),
        )
        .order_by(Meeting.starts_at)
    ):
        status = AttendanceStatus.label_of(att.status)
        if att.represented_by_id == cid and att.contact_id != cid:
            status = f"als Vertretung für {att.contact.display_name()}"
        result.append(
            {"sitzung": meeting.display_name(), "datum": _iso(meeting.starts_at.date()), "teilnahme": status}
        )
    for meeting in session.scalars(
        select(Meeting).where(
            or_(Meeting.chair_id == cid, Meeting.minute_taker_id == cid), Meeting.deleted_at.is_(None)
        )
    ):
        role = "Sitzungsleitung" if meeting.chair_id == cid else "Protokoll"
        result.append(
            {"sitzung": meeting.display_name(), "datum": _iso(meeting.starts_at.date()), "teilnahme": role}
        )
    return result


def _item_text(meeting: Meeting, item: AgendaItem) -> str:
    """How a person recognises an agenda item: "Sitzung am 12.03.2025, TOP 4 Dorfladen"."""
    return f"Sitzung am {format_date(meeting.starts_at.date())}, TOP {item.number} {item.title}"


def _votes(session: Session, cid: str) -> list[dict[str, Any]]:
    result = []
    for conflict, item, meeting in session.execute(
        select(ConflictOfInterest, AgendaItem, Meeting)
        .join(AgendaItem, AgendaItem.id == ConflictOfInterest.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(ConflictOfInterest.contact_id == cid, ConflictOfInterest.deleted_at.is_(None))
        .order_by(Meeting.starts_at, AgendaItem.position)
    ):
        result.append(
            {
                "art": "Interessenkonflikt",
                "gegenstand": _item_text(meeting, item),
                "angabe": conflict.reason,
            }
        )
    for named, item, meeting in session.execute(
        select(NamedVote, AgendaItem, Meeting)
        .join(Vote, Vote.id == NamedVote.vote_id)
        .join(AgendaItem, AgendaItem.id == Vote.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(NamedVote.contact_id == cid, NamedVote.deleted_at.is_(None))
        .order_by(Meeting.starts_at, AgendaItem.position)
    ):
        result.append(
            {
                "art": "namentliche Stimme",
                "gegenstand": _item_text(meeting, item),
                "angabe": VoteChoice.label_of(named.choice),
            }
        )
    for answer, procedure in session.execute(
        select(WrittenProcedureAnswer, WrittenProcedure)
        .join(WrittenProcedure, WrittenProcedure.id == WrittenProcedureAnswer.procedure_id)
        .where(WrittenProcedureAnswer.contact_id == cid, WrittenProcedureAnswer.deleted_at.is_(None))
    ):
        result.append({"art": "Umlaufverfahren", "gegenstand": procedure.subject, "angabe": answer.answer})
    return result


def _projects(session: Session, cid: str) -> list[dict[str, Any]]:
    result = [
        {"projekt": p.title, "rolle": "Projektträger", "status": ProjectStatus.label_of(p.status)}
        for p in session.scalars(
            select(Project).where(Project.sponsor_id == cid, Project.deleted_at.is_(None))
        )
    ]
    for link, project in session.execute(
        select(ProjectContact, Project)
        .join(Project, Project.id == ProjectContact.project_id)
        .where(ProjectContact.contact_id == cid, ProjectContact.deleted_at.is_(None))
    ):
        result.append(
            {
                "projekt": project.title,
                "rolle": link.role or "beteiligt",
                "status": ProjectStatus.label_of(project.status),
            }
        )
    return result


_COVERED = {
    "address",
    "contact_email",
    "contact_phone",
    "contact_tag",
    "consent",
    "affiliation",
    "membership",
    "attendance",
    "meeting",
    "conflict_of_interest",
    "named_vote",
    "written_procedure_answer",
    "project",
    "project_contact",
}


def _other_references(session: Session, cid: str) -> list[dict[str, str]]:
    """Any other table that refers to the contact (added later): named generically, never left out."""
    result = []
    for model, attr in contact_references():
        if model.__tablename__ in _COVERED:
            continue
        for row in session.scalars(
            select(model).where(getattr(model, attr) == cid, model.deleted_at.is_(None))
        ):
            result.append({"bereich": model.label, "eintrag": row.display_name(), "feld": attr})
    return result


def _log(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    """The change log of the contact and its rows, for people: "feld", "alt" and "neu" in German
    (a choice by its label: "mündlich", not "muendlich"); the machine keys stay beside them
    ("tabelle", "spalte", and "alt_schluessel"/"neu_schluessel" where a value is a key)."""
    labels = {name: model.label for name, model in record_models().items()}
    choices = _choices()
    entries: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        for e in session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.row_id.in_(ids[start : start + 500]))
        ):
            for field, new in expand(e.field, e.new_value):
                old_value, new_value = _json(decode_value(e.old_value)), _json(decode_value(new))
                entry: dict[str, Any] = {
                    "zeitpunkt": _iso(e.changed_at),
                    "bereich": labels.get(e.table_name, e.table_name),
                    "vorgang": {
                        "insert": "angelegt",
                        "update": "geändert",
                        "delete": "gelöscht",
                        "restore": "wiederhergestellt",
                    }.get(e.operation, e.operation),
                    "feld": label(e.table_name, field),
                    "alt": old_value,
                    "neu": new_value,
                    "geraet": e.device_id,
                    "tabelle": e.table_name,
                    "spalte": field,
                    "_hlc": e.hlc,
                    "_seq": e.seq,
                }
                enum = choices.get((e.table_name, field))
                if enum is not None:
                    entry["alt"], entry["neu"] = _label(enum, old_value), _label(enum, new_value)
                    entry["alt_schluessel"], entry["neu_schluessel"] = old_value, new_value
                entries.append(entry)
    entries.sort(key=lambda x: (x["_hlc"], x["_seq"]))
    for entry in entries:
        del entry["_hlc"], entry["_seq"]
    return entries


def _choices() -> dict[tuple[str, str], type[LabelledEnum]]:
    return {
        (table, f.name): f.choices
        for table, declared in TABLES.items()
        for f in declared
        if f.choices is not None
    }


def _label(enum: type[LabelledEnum], value: Any) -> Any:
    return enum.label_of(value) if isinstance(value, str) else value


def _json(value: Any) -> Any:
    if isinstance(value, bytes):
        return f"<{len(value)} Bytes>"
    return value
