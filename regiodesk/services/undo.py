"""Undo and redo as service operations: reverting one logged change set.

One user action (a save, a deletion, a restore) is the set of change-log entries its
transaction committed; :func:`recording` collects their seqs. :meth:`UndoService.revert`
writes the opposite of such a set as a normal change: it is logged, shows in the Verlauf and
syncs to the other laptops like any edit. Its own change set is returned, so reverting that
again is the redo. No Qt here: the window's undo stack only keeps these handles.

Nothing is overwritten silently: a field is set back only while it still holds the value the
action wrote; a record the action created is deleted again only if no other laptop changed it
since. Otherwise the undo is refused (:class:`ChangedMeanwhile`) and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, utcnow
from regiodesk.db.changelog import column_value, decode_value, encode_value, expand
from regiodesk.db.database import Database
from regiodesk.db.meanwhile import record_name
from regiodesk.db.models import ChangeLogEntry, record_models
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

DELETED_AT = "deleted_at"

#: Ids per statement when reading the rows of an action (SQLite takes 999 parameters at least).
_CHUNK = 500


@dataclass(frozen=True)
class ChangeSet:
    """The handle of one action: the seqs of the log entries it wrote (in this file)."""

    seqs: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.seqs)


@dataclass(frozen=True)
class UndoableAction:
    """One step of an undo stack: „Telefon ändern“ and the change's handle."""

    label: str
    change_set: ChangeSet
    #: the record to show after undo or redo (None: none in particular)
    record_id: str | None = None


class ChangedMeanwhile(DomainError):
    """The records of an action were changed since (by sync or elsewhere): no undo."""


@contextmanager
def recording(db: Database) -> Iterator[list[int]]:
    """Collect the seqs of what the block commits; ``ChangeSet(tuple(seqs))`` is its handle.

    Only writes of this thread count, so a sync in the background is never part of an action.
    """
    with db.recorder.capture() as seqs:
        yield seqs


def canonical(value: Any) -> Any:
    """A column value as the log holds it after decoding (dates as ISO text): comparable with it."""
    return decode_value(encode_value(value))


@dataclass
class _RowPlan:
    inserted: bool = False
    #: field -> the value (JSON) the action left; the undo expects to find it
    expected: dict[str, str | None] = field(default_factory=dict)
    #: field -> the value (JSON) before the action; the undo sets it again
    target: dict[str, str | None] = field(default_factory=dict)


class UndoService:
    def __init__(self, db: Database):
        self.db = db

    def revert(self, change_set: ChangeSet) -> ChangeSet:
        """Write the opposite of ``change_set`` as one new change; return that change's handle.

        Raises :class:`ChangedMeanwhile` (German message, nothing written) when a record of the
        action was changed since.
        """
        if not change_set:
            return ChangeSet()
        with recording(self.db) as seqs:
            try:
                with self.db.transaction() as session:
                    self._revert(session, change_set)
            except IntegrityError as error:
                raise DomainError(
                    tr(
                        "Die Änderung kann nicht rückgängig gemacht werden: sie widerspricht einem "
                        "inzwischen gespeicherten Eintrag."
                    )
                ) from error
        return ChangeSet(tuple(seqs))

    def _revert(self, session: Session, change_set: ChangeSet) -> None:
        wanted = set(change_set.seqs)
        # A range, not IN (…): an import's set holds more seqs than a statement takes parameters.
        entries = [
            entry
            for entry in session.scalars(
                select(ChangeLogEntry)
                .where(ChangeLogEntry.seq.between(min(wanted), max(wanted)))
                .order_by(ChangeLogEntry.seq.desc())
            )
            if entry.seq in wanted
        ]
        if len(entries) != len(wanted):
            raise ChangedMeanwhile(tr("Diese Änderung steht nicht mehr im Verlauf der Datei."))
        plans: dict[tuple[str, str], _RowPlan] = {}
        for entry in entries:  # newest first
            plan = plans.setdefault((entry.table_name, entry.row_id), _RowPlan())
            if entry.operation == "insert":
                plan.inserted = True
                continue
            for name, new in expand(entry.field, entry.new_value):
                plan.expected.setdefault(name, new)
                plan.target[name] = entry.old_value  # the oldest entry's old value wins
        last = max(change_set.seqs)
        now = utcnow()
        changed: list[str] = []
        rows = self._rows(session, plans)
        elsewhere = self._changed_elsewhere(session, last)
        for (table_name, row_id), plan in plans.items():
            model = record_models().get(table_name)
            obj = rows.get((table_name, row_id))
            if model is None or obj is None:
                changed.append(tr("ein Eintrag, den es nicht mehr gibt"))
                continue
            if plan.inserted:
                if obj.deleted_at is not None:
                    continue  # deleted meanwhile: nothing left to take back
                if row_id in elsewhere:
                    changed.append(record_name(obj))
                else:
                    obj.deleted_at = now
                continue
            for name, target in plan.target.items():
                current = canonical(getattr(obj, name))
                wanted = decode_value(target)
                if current == wanted:
                    continue
                if current != decode_value(plan.expected[name]):
                    changed.append(record_name(obj))
                    break
                column = model.__table__.columns[name]
                setattr(obj, name, column_value(column, wanted))
        if changed:  # the transaction is rolled back: nothing of the undo is written
            raise ChangedMeanwhile(
                tr(
                    "Rückgängig machen ist nicht möglich: {records} wurde inzwischen geändert "
                    "(auf einem anderen Gerät oder an anderer Stelle). Damit nichts überschrieben "
                    "wird, bleibt alles, wie es ist; der Verlauf zeigt, was sich geändert hat.",
                    records=", ".join(dict.fromkeys(changed)),
                )
            )

    @staticmethod
    def _rows(session: Session, plans: dict[tuple[str, str], _RowPlan]) -> dict[tuple[str, str], Record]:
        """The rows of the action, read a few hundred per statement (an import has thousands)."""
        ids: dict[str, list[str]] = {}
        for table_name, row_id in plans:
            ids.setdefault(table_name, []).append(row_id)
        rows: dict[tuple[str, str], Record] = {}
        for table_name, row_ids in ids.items():
            model = record_models().get(table_name)
            if model is None:
                continue
            for start in range(0, len(row_ids), _CHUNK):
                chunk = row_ids[start : start + _CHUNK]
                for obj in session.scalars(select(model).where(model.id.in_(chunk))):
                    rows[(table_name, obj.id)] = obj
        return rows

    def _changed_elsewhere(self, session: Session, after: int) -> set[str]:
        """The rows another device changed after the action (their changes arrived by sync), or on
        a server another person (every client there writes as the server's one device)."""
        elsewhere = ChangeLogEntry.device_id != self.db.device_id
        if self.db.is_server:
            elsewhere = elsewhere | ChangeLogEntry.author.is_distinct_from(literal_column("current_user"))
        return set(
            session.scalars(
                select(ChangeLogEntry.row_id).where(ChangeLogEntry.seq > after, elsewhere).distinct()
            )
        )
