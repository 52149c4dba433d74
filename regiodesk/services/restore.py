"""Gelöschte Einträge: deleted records listed and brought back, and old values set again.

A deletion only sets the tombstone (``deleted_at``); the rows deleted with a record (a
contact's e-mails, addresses, tags and functions, a body's memberships, a meeting's agenda)
carry the very same deletion time. Restoring clears the tombstone of the record and of those
rows, as one logged change: it shows in the Verlauf, syncs (the other laptops bring the rows
back by the same log entries) and can be undone (services.undo). Rows deleted on their own
before or after the record stay deleted. A contact erased on request (DSGVO) has no data left
and is neither listed nor restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.changelog import column_value, decode_value, expand
from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    Body,
    ChangeLogEntry,
    Contact,
    Meeting,
    Project,
    all_tables,
    record_models,
)
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.i18n import tr
from regiodesk.services.undo import DELETED_AT, ChangeSet, canonical, record_name, recording

#: The records the tabs list (Gremien, Sitzungen, Projekte, Kontakte, Monitoring): what
#: „Gelöschte Einträge“ and ``regiodesk trash`` show. Their details come back with them.
TRASH_MODELS: tuple[type[Record], ...] = (Body, Meeting, Project, Contact, ActionField)


@dataclass(frozen=True)
class DeletedRecord:
    id: str
    table: str
    #: German kind of record ("Kontakt")
    kind: str
    name: str
    deleted_at: datetime


class RestoreService:
    def __init__(self, db: Database):
        self.db = db

    # ----------------------------------------------------------------- reading
    def deleted(self, models: tuple[type[Record], ...] = TRASH_MODELS) -> list[DeletedRecord]:
        """Deleted records of ``models`` that can be restored, the latest deletion first."""
        result: list[DeletedRecord] = []
        with self.db.session() as session:
            for model in models:
                rows = list(session.scalars(select(model).where(model.deleted_at.is_not(None))))
                erased = _erased_ids(session, model, [obj.id for obj in rows])
                result.extend(
                    DeletedRecord(
                        obj.id, model.__tablename__, tr(model.label), obj.display_name(), obj.deleted_at
                    )
                    for obj in rows
                    if obj.id not in erased and obj.deleted_at is not None
                )
        result.sort(key=lambda r: (r.deleted_at, r.name), reverse=True)
        return result

    def find_deleted(self, prefix: str) -> str:
        """The full id of the deleted record whose id is or starts with ``prefix`` (as
        ``regiodesk trash`` shows them); a whole id of any row is taken as it is."""
        prefix = prefix.strip().lower()
        if len(prefix) == 36:
            return prefix
        if len(prefix) < 4:
            raise DomainError(
                tr("Die Kennung „{prefix}“ ist zu kurz; bitte mindestens 4 Zeichen angeben.", prefix=prefix)
            )
        ids = [r.id for r in self.deleted() if r.id.startswith(prefix)]
        if not ids:
            raise NotFoundError(tr("Kein gelöschter Eintrag mit der Kennung „{prefix}“.", prefix=prefix))
        if len(ids) > 1:
            raise DomainError(
                tr(
                    "Die Kennung „{prefix}“ passt auf mehrere Einträge; bitte mehr Zeichen angeben.",
                    prefix=prefix,
                )
            )
        return ids[0]

    # ----------------------------------------------------------------- writing
    def restore(self, record_id: str) -> ChangeSet:
        """Bring a deleted record back with the rows deleted with it; return the change's handle.

        Raises NotFoundError for an unknown id and DomainError (German) for a record that is not
        deleted, was erased on request, or went with a parent that is still deleted.
        """
        with recording(self.db) as seqs, self.db.transaction() as session:
            obj = _find(session, record_id)
            if obj.deleted_at is None:
                raise DomainError(tr("{record} ist nicht gelöscht.", record=record_name(obj)))
            if obj.id in _erased_ids(session, type(obj), [obj.id]):
                raise DomainError(
                    tr(
                        "{record} wurde auf Verlangen (DSGVO) gelöscht; die Daten sind entfernt "
                        "und können nicht wiederhergestellt werden.",
                        record=record_name(obj),
                    )
                )
            _refuse_without_parent(session, obj)
            for child in deleted_with(session, obj):
                child.deleted_at = None
            obj.deleted_at = None
        return ChangeSet(tuple(seqs))

    def restore_value(self, seq: int, field: str) -> ChangeSet:
        """Set ``field`` of the row of log entry ``seq`` to the value it had before that change.

        The Verlauf's „diesen Wert wiederherstellen“; for the tombstone that is restoring the
        row (with the rows deleted with it). An empty handle when the field holds that value.
        """
        with self.db.session() as session:
            entry = session.get(ChangeLogEntry, seq)
            if entry is None:
                raise NotFoundError(tr("Diese Änderung steht nicht mehr im Verlauf der Datei."))
            if entry.operation == "insert" or field not in dict(expand(entry.field, entry.new_value)):
                raise DomainError(tr("Beim Anlegen gab es keinen früheren Wert."))
            row_id, old = entry.row_id, entry.old_value
        if field == DELETED_AT and old is None:
            return self.restore(row_id)
        with recording(self.db) as seqs, self.db.transaction() as session:
            obj = _find(session, row_id)
            if obj.deleted_at is not None and field != DELETED_AT:
                raise DomainError(
                    tr(
                        "{record} ist gelöscht; bitte erst den Eintrag wiederherstellen.",
                        record=record_name(obj),
                    )
                )
            wanted = decode_value(old)
            if canonical(getattr(obj, field)) != wanted:
                setattr(obj, field, column_value(type(obj).__table__.columns[field], wanted))
        return ChangeSet(tuple(seqs))


def _find(session: Session, record_id: str) -> Record:
    table_name = session.scalar(
        select(ChangeLogEntry.table_name).where(ChangeLogEntry.row_id == record_id).limit(1)
    )
    model = record_models().get(table_name or "")
    obj = session.get(model, record_id) if model is not None else None
    if obj is None:
        raise NotFoundError(tr("Es gibt keinen Eintrag mit der Nummer „{id}“.", id=record_id))
    return obj


def _references(model: type[Record]):
    """(child model, its column) of every foreign key that points at ``model``'s table."""
    table = model.__table__
    models = record_models()
    for child_table in all_tables():
        child = models.get(child_table.name)
        if child is None:
            continue
        for column in child_table.columns:
            if any(fk.column.table is table for fk in column.foreign_keys):
                yield child, getattr(child, column.key)


def deleted_with(session: Session, obj: Record) -> list[Record]:
    """The rows referring to ``obj`` that were deleted with it (they carry its deletion time)."""
    rows: list[Record] = []
    for child, column in _references(type(obj)):
        same_deletion = select(child).where(column == obj.id, child.deleted_at == obj.deleted_at)
        rows.extend(session.scalars(same_deletion))
    return rows


def _refuse_without_parent(session: Session, obj: Record) -> None:
    """A row deleted together with its parent comes back only with it (an e-mail with its contact)."""
    for column in type(obj).__table__.columns:
        value = getattr(obj, column.key)
        if value is None:
            continue
        for fk in column.foreign_keys:
            parent_model = record_models().get(fk.column.table.name)
            parent = session.get(parent_model, value) if parent_model is not None else None
            if parent is not None and parent.deleted_at is not None and parent.deleted_at == obj.deleted_at:
                raise DomainError(
                    tr(
                        "{record} wurde zusammen mit {parent} gelöscht; bitte {parent} wiederherstellen.",
                        record=record_name(obj),
                        parent=record_name(parent),
                    )
                )


def _erased_ids(session: Session, model: type[Record], ids: list[str]) -> set[str]:
    """Those of ``ids`` whose logged values were all blanked: erased on request (contacts_privacy)."""
    erased: set[str] = set()
    for start in range(0, len(ids), 500):
        content = select(ChangeLogEntry.row_id).where(
            ChangeLogEntry.table_name == model.__tablename__,
            ChangeLogEntry.row_id.in_(ids[start : start + 500]),
            ChangeLogEntry.field != DELETED_AT,
        )
        logged = set(session.scalars(content))
        kept = set(session.scalars(content.where(ChangeLogEntry.new_value.is_not(None))))
        erased |= logged - kept
    return erased
