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
from datetime import datetime
from functools import partial
from operator import itemgetter
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from regiodesk import collector
from regiodesk.db.base import utcnow
from regiodesk.db.bulk import insert_log_entries, once_per_value, update_rows
from regiodesk.db.changelog import column_value, decode_value, encode_value, expand, operation_of
from regiodesk.db.database import Database
from regiodesk.db.dialect import plain_connection
from regiodesk.db.meanwhile import record_name
from regiodesk.db.models import ChangeLogEntry, all_tables, record_models
from regiodesk.domain.errors import DomainError
from regiodesk.i18n import format_decimal, tr

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


#: Key of a row of the action: (table name, row id).
_Key = tuple[str, str]

#: How many records a refusal names („Kontakt „Anna Becker“, … und 1.998 weitere“).
_NAMED = 10


class _Writes:
    """What the undo writes: per table and set of fields the rows' new values, and their log."""

    def __init__(self, now: datetime):
        self.now = now
        #: (table, field names) -> (new values…, modified_at, id, modified_at as read)
        self.updates: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
        #: (table, row id, operation, field, old JSON, new JSON) per changed field
        self.log: list[tuple[str, str, str, str, str | None, str | None]] = []
        #: rows that were changed since the action (their keys), or are gone (None)
        self.refused: list[_Key | None] = []
        # An import's 100,000 rows share a few values (its moment, their tombstones' moment):
        # each decoded, compared and encoded once, not once per row.
        self.encode = once_per_value(encode_value)
        self.decode = once_per_value(decode_value)
        self.canonical = once_per_value(canonical)
        self._column_values: dict[Any, Any] = {}
        self._now_json = encode_value(now)

    def column_value(self, column, value: Any) -> Any:
        """:func:`column_value` of ``column``, once per distinct value."""
        convert = self._column_values.get(column)
        if convert is None:
            convert = self._column_values[column] = once_per_value(partial(column_value, column))
        return convert(value)

    def set(self, key: _Key, changes: list[tuple[str, Any, Any]], version: Any) -> None:
        """Write ``changes`` (field, old value, new value) to the row ``key`` read at ``version``."""
        table_name, row_id = key
        names = tuple(name for name, _old, _new in changes)
        row = (*(new for _name, _old, new in changes), self.now, row_id, version)
        self.updates.setdefault((table_name, names), []).append(row)
        self.log.extend(
            (table_name, row_id, operation_of(name, new), name, self.encode(old), self.encode(new))
            for name, old, new in changes
        )

    def delete(self, key: _Key, version: Any) -> None:
        """Set the tombstone of the row ``key`` read at ``version`` (a record the action created)."""
        table_name, row_id = key
        now = self.now
        self.updates.setdefault((table_name, (DELETED_AT,)), []).append((now, now, row_id, version))
        self.log.append((table_name, row_id, "delete", DELETED_AT, None, self._now_json))


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
                # An import's step makes some 300,000 tuples living until the commit, none of them
                # garbage. The collector walking them holds the GIL: while the window waits for a
                # background undo, its longest pauses were 95-116 ms with it, 55-69 ms without.
                with collector.paused(), self.db.transaction() as session:
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
        # An import's step has 100,000 entries and 20,000 rows: the entries and rows are read as
        # plain rows and written back through db.bulk in a statement per table and set of fields,
        # logged as the session's recorder would log the same change (one clock stamp, like one
        # flush). Through the ORM's unit of work an object per row took 40 s for 20,000 contacts.
        plans = self._plans(session, change_set)
        now = utcnow()
        current = self._current(session, plans)
        elsewhere = self._changed_elsewhere(session, max(change_set.seqs))
        writes = _Writes(now)
        for key, plan in plans.items():
            values = current.get(key)
            if values is None:
                writes.refused.append(None)
            elif plan.inserted:
                if values[DELETED_AT] is not None:
                    continue  # deleted meanwhile: nothing left to take back
                if key[1] in elsewhere:
                    writes.refused.append(key)
                else:
                    writes.delete(key, values["modified_at"])
            else:
                self._plan_fields(key, plan, values, writes)
        if writes.refused:  # the transaction is rolled back: nothing of the undo is written
            raise ChangedMeanwhile(
                tr(
                    "Rückgängig machen ist nicht möglich: {records} wurde inzwischen geändert "
                    "(auf einem anderen Gerät oder an anderer Stelle). Damit nichts überschrieben "
                    "wird, bleibt alles, wie es ist; der Verlauf zeigt, was sich geändert hat.",
                    records=self._names(session, writes.refused),
                )
            )
        self._write(session, writes)

    @staticmethod
    def _plans(session: Session, change_set: ChangeSet) -> dict[_Key, _RowPlan]:
        """Per row of the action: created by it, or which fields it changed from what to what."""
        wanted = set(change_set.seqs)
        # A range, not IN (…): an import's set holds more seqs than a statement takes parameters.
        # Through the driver: 100,000 plain tuples, no result rows built (texts need no conversion).
        entries = [
            entry
            for entry in plain_connection(session.connection())
            .execute(
                "SELECT seq, table_name, row_id, operation, field, old_value, new_value FROM change_log"
                " WHERE seq BETWEEN ? AND ? ORDER BY seq DESC",
                (min(wanted), max(wanted)),
            )
            .fetchall()
            if entry[0] in wanted
        ]
        if len(entries) != len(wanted):
            raise ChangedMeanwhile(tr("Diese Änderung steht nicht mehr im Verlauf der Datei."))
        plans: dict[_Key, _RowPlan] = {}
        for _seq, table_name, row_id, operation, name, old_value, new_value in entries:  # newest first
            plan = plans.get((table_name, row_id))
            if plan is None:
                plan = plans[(table_name, row_id)] = _RowPlan()
            if operation == "insert":
                plan.inserted = True
                continue
            for column, new in expand(name, new_value):
                plan.expected.setdefault(column, new)
                plan.target[column] = old_value  # the oldest entry's old value wins
        return plans

    @staticmethod
    def _plan_fields(key: _Key, plan: _RowPlan, values: dict[str, Any], writes: _Writes) -> None:
        """Each field the action changed back to its old value, if it still holds the action's."""
        model = record_models()[key[0]]
        changes: list[tuple[str, Any, Any]] = []
        for name, target in plan.target.items():
            if name not in values:  # a column no longer in the file
                writes.refused.append(None)
                return
            current = writes.canonical(values[name])
            wanted = writes.decode(target)
            if current == wanted:
                continue
            if current != writes.decode(plan.expected[name]):
                writes.refused.append(key)
                return
            changes.append((name, values[name], writes.column_value(model.__table__.columns[name], wanted)))
        if changes:
            writes.set(key, changes, values["modified_at"])

    @staticmethod
    def _current(session: Session, plans: dict[_Key, _RowPlan]) -> dict[_Key, dict[str, Any]]:
        """The rows of the action as they are now: the fields it changed, the tombstone and the
        version, read a few hundred per statement (an import has thousands)."""
        tables: dict[str, tuple[set[str], list[str]]] = {}
        for (table_name, row_id), plan in plans.items():
            names, ids = tables.setdefault(table_name, (set(), []))
            names.update(plan.target)
            ids.append(row_id)
        rows: dict[_Key, dict[str, Any]] = {}
        connection = session.connection()
        driver = plain_connection(connection)
        for table_name, (names, ids) in tables.items():
            model = record_models().get(table_name)
            if model is None:
                continue
            table = model.__table__
            columns = ["id", "modified_at", DELETED_AT]
            columns += sorted(name for name in names if name in table.c and name not in columns)
            # Through the driver, each column's values converted by its own result processor
            # once per distinct value: an import's rows share their moments (modified_at).
            converting = [
                (n, once_per_value(process))
                for n, name in enumerate(columns)
                if (process := table.c[name].type._cached_result_processor(connection.dialect, None))
            ]
            quoted = ", ".join(f'"{name}"' for name in columns)
            head = f'SELECT {quoted} FROM "{table.name}"'
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                sql = f"{head} WHERE id IN ({', '.join('?' * len(chunk))})"
                for row in driver.execute(sql, chunk).fetchall():
                    values = list(row)
                    for n, process in converting:
                        if values[n] is not None:
                            values[n] = process(values[n])
                    rows[(table_name, values[0])] = dict(zip(columns, values, strict=True))
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

    def _write(self, session: Session, writes: _Writes) -> None:
        """The rows' new values and their log entries, in a statement per table and set of fields."""
        if not writes.log:
            return
        recorder = self.db.recorder
        stamp = recorder.stamp(session)
        # an undo is itself a step (its redo): the entries written here are part of it
        capturing = recorder.capturing()
        last_seq = (session.scalar(select(func.max(ChangeLogEntry.seq))) or 0) if capturing else 0
        tables = {table.name: table for table in all_tables()}
        for (table_name, names), rows in writes.updates.items():
            table = tables[table_name]
            if update_rows(session, table, [*names, "modified_at"], rows, versioned=True) != len(rows):
                # someone else (another person on the server, the command line) wrote one of the
                # rows between reading and writing: as the ORM's version check would say
                raise ChangedMeanwhile(
                    tr(
                        "Rückgängig machen ist nicht möglich: Einträge wurden gerade von anderer Seite "
                        "geändert. Damit nichts überschrieben wird, bleibt alles, wie es ist."
                    )
                )
        device = recorder.device_id
        # in row-id order, as db.bulk writes an import's log (the row-id index filled in order)
        writes.log.sort(key=itemgetter(1))
        insert_log_entries(session, [(*entry, device, stamp, writes.now) for entry in writes.log])
        if capturing:
            recorder.captured_in_bulk(session, stamp, last_seq)

    @staticmethod
    def _names(session: Session, refused: list[_Key | None]) -> str:
        """„Kontakt „Anna Becker“, Kontakt „Ben Schmidt“ und 1.998 weitere“: the records refused."""
        keys = list(dict.fromkeys(refused))
        names: list[str] = []
        for key in keys[:_NAMED]:
            model = record_models().get(key[0]) if key is not None else None
            obj = session.get(model, key[1]) if model is not None and key is not None else None
            names.append(record_name(obj) if obj is not None else tr("ein Eintrag, den es nicht mehr gibt"))
        names = list(dict.fromkeys(names))
        if len(keys) > _NAMED:
            return tr(
                "{names} und {n} weitere", names=", ".join(names), n=format_decimal(len(keys) - _NAMED, 0)
            )
        return ", ".join(names)
