"""The conflicts sync listed: shown in the Konflikte view, decided by the user.

A decision is a new change of this laptop (sent with its next journal), so every laptop
ends with the chosen value; the rows deleted with a record follow it as they do on arrival.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import MANYTOONE, Session

from regiodesk import fields
from regiodesk.db.base import Record, utcnow
from regiodesk.db.changelog import decode_value
from regiodesk.db.models import ChangeLogEntry, SyncConflict, SyncDevice, record_models
from regiodesk.device import device_label
from regiodesk.i18n import tr
from regiodesk.sync.apply import column_value, follow_parents, tables_by_name, undo_cascades
from regiodesk.sync.folder import SyncError

if TYPE_CHECKING:
    from regiodesk.db.database import Database


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the Konflikte view shows it."""

    id: int
    table_name: str
    row_id: str
    record_label: str
    field: str
    field_label: str
    kind: str
    local_value: str
    other_value: str
    winner: str
    hlc: str
    other_device: str
    detected_at: datetime
    decided: bool


def record_name(record: Record) -> str:
    """A record as people name it: „Kontakt „Anna Becker““; a row without a name of its own
    (an address, a phone number) by the record it belongs to: „Adresse von Anna Becker“."""
    label = tr(type(record).label)
    own = record.display_name()
    if own != record.id[:8]:  # the fallback of Record.display_name is the start of the id
        return f"{label} „{own}“"
    for relation in sa_inspect(type(record)).relationships:
        if relation.direction is MANYTOONE:
            owner = getattr(record, relation.key, None)
            if owner is not None and owner.display_name() != owner.id[:8]:
                return tr("{label} von {owner}", label=label, owner=owner.display_name())
    return label


class ConflictDecisions:
    """The Konflikte view's rows and the user's decisions; a mixin of the SyncService."""

    db: Database

    def open_conflict_count(self) -> int:
        """How many conflicts wait for the user (left by the window's sync or the command line's)."""
        with self.db.session() as session:
            waiting = select(func.count()).select_from(SyncConflict).where(SyncConflict.decided_at.is_(None))
            return session.scalar(waiting) or 0

    def conflicts(self, open_only: bool = True) -> list[ConflictView]:

        models = record_models()
        with self.db.session() as session:
            stmt = select(SyncConflict).order_by(SyncConflict.id.desc())
            if open_only:
                stmt = stmt.where(SyncConflict.decided_at.is_(None))
            names = {d.device_id: d.name for d in session.scalars(select(SyncDevice))}
            result = []
            for c in session.scalars(stmt):
                model = models.get(c.table_name)
                record = session.get(model, c.row_id) if model is not None else None
                label = tr(model.label) if model is not None else c.table_name
                record_label = record_name(record) if record is not None else label
                result.append(
                    ConflictView(
                        id=c.id,
                        table_name=c.table_name,
                        row_id=c.row_id,
                        record_label=record_label,
                        field=c.field,
                        field_label=fields.label(c.table_name, c.field),
                        kind=c.kind,
                        local_value=self._display(session, models, c, "local"),
                        other_value=self._display(session, models, c, "other"),
                        winner=c.winner,
                        hlc=c.other_hlc,
                        other_device=device_label(c.other_device, names),
                        detected_at=c.detected_at,
                        decided=c.decided_at is not None,
                    )
                )
            return result

    @staticmethod
    def _display(session: Session, models: dict[str, type[Record]], conflict: SyncConflict, side: str) -> str:
        if conflict.kind == "restored":
            return tr("gelöscht") if side == "local" else tr("bearbeitet, daher zurück")
        if conflict.kind == "delete_ignored":
            return tr("danach bearbeitet") if side == "local" else tr("gelöscht")

        raw = conflict.local_value if side == "local" else conflict.other_value
        value = decode_value(raw)
        if conflict.field == "deleted_at":
            return tr("gelöscht") if value is not None else tr("vorhanden")
        if value is None or value == "":
            return tr("(leer)")

        def name_of(lookup: str, record_id: str) -> str | None:
            model = models.get(fields.LOOKUP_TABLES.get(lookup, ""))
            record = session.get(model, record_id) if model is not None else None
            return record.display_name() if record is not None else None

        text = fields.display(conflict.table_name, conflict.field, value, name_of=name_of)
        return text if len(text) <= 120 else text[:119] + "…"

    def choose(self, conflict_id: int, side: str) -> None:
        """Make ``side``'s value ("local" or "other") the valid one: a new change, sent next time."""
        if side not in ("local", "other"):
            raise ValueError(side)
        models = record_models()
        with self.db.transaction() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise SyncError(tr("Diesen Konflikt gibt es nicht mehr."))
            model = models.get(conflict.table_name)
            record = session.get(model, conflict.row_id) if model is not None else None
            if model is None or record is None:
                raise SyncError(tr("Der Eintrag dieses Konflikts ist nicht mehr vorhanden."))
            if conflict.kind == "restored":
                deleted = side == "local"
            elif conflict.kind == "delete_ignored":
                deleted = side == "other"
            else:
                deleted = None
            if deleted is not None:
                record.deleted_at = utcnow() if deleted else None
                if not deleted:  # back with the rows its deletions took, as where this arrives
                    session.flush()
                    undo_cascades(session, self._deletions(session, conflict), tables_by_name(), utcnow())
            else:
                raw = conflict.local_value if side == "local" else conflict.other_value
                column = model.__table__.c[conflict.field]
                value = column_value(column, decode_value(raw))
                if conflict.field == "deleted_at":
                    value = utcnow() if value is not None else None
                if getattr(record, conflict.field) != value:
                    setattr(record, conflict.field, value)
            session.flush()
            # the rows deleted with the record follow it as they do on the laptops that receive this
            follow_parents(session, [(conflict.table_name, conflict.row_id)], utcnow())
            conflict.winner = side
            conflict.decided_at = utcnow()

    @staticmethod
    def _deletions(session: Session, conflict: SyncConflict) -> set[tuple[str, str, str | None]]:
        return {
            (device, hlc, value)
            for device, hlc, value in session.execute(
                select(ChangeLogEntry.device_id, ChangeLogEntry.hlc, ChangeLogEntry.new_value).where(
                    ChangeLogEntry.table_name == conflict.table_name,
                    ChangeLogEntry.row_id == conflict.row_id,
                    ChangeLogEntry.field == "deleted_at",
                    ChangeLogEntry.new_value.is_not(None),
                )
            )
        }

    def mark_decided(self, conflict_id: int) -> None:
        with self.db.transaction() as session:
            conflict = session.get(SyncConflict, conflict_id)
            if conflict is None:
                raise SyncError(tr("Diesen Konflikt gibt es nicht mehr."))
            conflict.decided_at = conflict.decided_at or utcnow()
