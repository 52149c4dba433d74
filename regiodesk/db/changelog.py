"""Writes every change of a synced row to the change log, in the same transaction.

Hooked on the session's ``before_flush``: whatever path a change takes (service,
import, demo generator), it cannot bypass the log.
"""

from __future__ import annotations

import base64
import functools
import json
import threading
import time
from collections.abc import Container, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime, timezone
from json.encoder import encode_basestring
from typing import Any, Protocol

from sqlalchemy import Boolean, Date, DateTime, Integer, event, inspect, select, text
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, new_id, utcnow
from regiodesk.db.dialect import WRITER_LOCK
from regiodesk.db.models.changelog import ChangeLogEntry
from regiodesk.domain.hlc import HybridLogicalClock, Timestamp
from regiodesk.i18n import tr

#: Columns that every record has and that are bookkeeping, not content.
BOOKKEEPING = frozenset({"id", "created_at", "modified_at"})


def encode_value(value: Any) -> str | None:
    """JSON for the log; dates as ISO text, bytes as base64."""
    if type(value) is str:  # most values: straight to the encoder json.dumps would use for it
        return encode_basestring(value)
    if value is None:
        return None
    if isinstance(value, datetime):
        return json.dumps(value.isoformat())
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, bytes):
        return json.dumps({"$base64": base64.b64encode(value).decode("ascii")})
    return json.dumps(value, ensure_ascii=False)


#: The field of an insert's entry: one entry for the whole new row, whose new value is a JSON
#: object of the logged fields, each value exactly as a field's own entry would hold it: an import
#: of 20,000 contacts writes 100,000 entries instead of 255,000, about a second less. Readers see
#: it through :func:`expand`; sync journals carry it field by field, as before. A tombstone set at
#: insert keeps an entry of its own, so "deleted_at" is always found by its field.
ROW = "*"


def row_entries(fields: list[tuple[str, Any]]) -> list[tuple[str, str | None]]:
    """(field, new value as JSON) of an insert's log entries, from its logged (field, value) pairs
    (:func:`logged_fields`)."""
    content = [(k, v) for k, v in fields if k != "deleted_at"]
    entries: list[tuple[str, str | None]] = (
        [(ROW, "{" + ",".join(f"{encode_basestring(k)}:{encode_value(v)}" for k, v in content) + "}")]
        if content
        else []
    )
    entries.extend((k, encode_value(v)) for k, v in fields if k == "deleted_at")
    return entries


def expand(
    field: str, new_value: str | None, only: Container[str] | None = None
) -> list[tuple[str, str | None]]:
    """The (field, new value) pairs a log entry stands for: an insert's row entry has one per field.

    The values are the JSON texts the fields' own entries would hold. A row entry whose values
    were erased (Löschen, DSGVO) stands for no field any more. With ``only``, just the pairs of
    those fields (sync asks for the few fields a journal changes of rows with twenty).
    """
    if field != ROW:
        return [(field, new_value)] if only is None or field in only else []
    if new_value is None:
        return []
    return [
        (k, None if v is None else json.dumps(v, ensure_ascii=False))
        for k, v in json.loads(new_value).items()
        if only is None or k in only
    ]


def decode_value(text: str | None) -> Any:
    if text is None:
        return None
    value = json.loads(text)
    if isinstance(value, dict) and "$base64" in value:
        return base64.b64decode(value["$base64"])
    return value


def column_value(column, value: Any) -> Any:
    """A decoded log value as the column's Python type (dates travel as ISO text)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        if getattr(kind, "impl", None) is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)  # UTC column
        return moment
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    return value


#: session.info key: the log entries this session flushed while a capture was open.
_CAPTURED = "regiodesk.captured_entries"


#: session.info key: this transaction holds the server's writer lock (see hold_writer_lock).
_WRITER_LOCKED = "regiodesk.writer_locked"


def hold_writer_lock(session: Session) -> None:
    """On a server, wait for the other writers and hold the writer lock until this transaction
    ends (:data:`regiodesk.db.dialect.WRITER_LOCK`); in a file SQLite's own lock does it."""
    if session.info.get(_WRITER_LOCKED) or session.get_bind().dialect.name != "postgresql":
        return
    with session.no_autoflush:
        session.execute(text(WRITER_LOCK))
    session.info[_WRITER_LOCKED] = True


def _forget_writer_lock(session: Session, _previous_transaction: Any) -> None:
    # a savepoint rolled back frees a lock taken inside it: taken again at the next write
    session.info.pop(_WRITER_LOCKED, None)


def holds_writer_lock(session: Session) -> bool:
    """Whether this transaction of ``session`` holds the server's writer lock already."""
    return bool(session.info.get(_WRITER_LOCKED))


class _Logged(Protocol):
    """What the recorder asks of its ``db.database.Database`` (not imported: it imports this)."""

    read_only: str
    damaged: str

    @property
    def device_id(self) -> str: ...

    @property
    def is_server(self) -> bool: ...


class ChangeRecorder:
    """Per-database state of the log: its clock; the device it names is the database's."""

    def __init__(self, database: _Logged):
        self._database = database
        self._clock: HybridLogicalClock | None = None
        #: The wall clock in milliseconds (a test gives a laptop a clock that is a day off).
        self.physical_ms = lambda: int(time.time() * 1000)
        #: Open captures of each thread (see :meth:`capture`).
        self._local = threading.local()

    @property
    def device_id(self) -> str:
        """The device the log names for changes made here (:attr:`Database.device_id`)."""
        return self._database.device_id

    @contextmanager
    def capture(self) -> Iterator[list[int]]:
        """The seqs of the log entries this thread commits inside the block.

        One user action (a save, a deletion, an undo, an import) is what its block commits: the
        handle an undo reverts (services.undo). Bulk writers (db.bulk) note theirs themselves.
        """
        seqs: list[int] = []
        captures = self._captures()
        captures.append(seqs)
        try:
            yield seqs
        finally:
            # by identity: a capture inside another one holds an equal list, and remove() compares
            del captures[next(n for n, open_seqs in enumerate(captures) if open_seqs is seqs)]

    def _captures(self) -> list[list[int]]:
        if not hasattr(self._local, "captures"):
            self._local.captures = []
        return self._local.captures

    def capturing(self) -> bool:
        """A capture is open in this thread (a bulk writer then notes its entries, see below)."""
        return bool(self._captures())

    def captured_in_bulk(self, session: Session, stamp: str, after: int) -> None:
        """The entries a bulk writer (db.bulk) logged with ``stamp`` after seq ``after`` belong to
        the open captures once the session commits: an import is one step Rückgängig takes back."""
        seqs = session.scalars(
            select(ChangeLogEntry.seq).where(ChangeLogEntry.seq > after, ChangeLogEntry.hlc == stamp)
        )
        session.info.setdefault(_CAPTURED, []).extend(seqs)

    def _after_commit(self, session: Session) -> None:
        session.info.pop(_WRITER_LOCKED, None)
        entries = session.info.pop(_CAPTURED, None)
        if entries:
            for seqs in self._captures():
                seqs.extend(entry if isinstance(entry, int) else entry.seq for entry in entries)

    @staticmethod
    def _after_rollback(session: Session) -> None:
        session.info.pop(_CAPTURED, None)
        session.info.pop(_WRITER_LOCKED, None)

    def _clock_for(self, session: Session) -> HybridLogicalClock:
        shared = self._database.is_server
        if self._clock is None or shared:
            last = session.execute(select(ChangeLogEntry.hlc).order_by(ChangeLogEntry.hlc.desc()).limit(1))
            text = last.scalar()
            if self._clock is None:
                self._clock = HybridLogicalClock(self.device_id, Timestamp.decode(text) if text else None)
            elif text:
                # On a server every client stamps as the one server device, each with its own
                # clock: a stamp must come after every change committed there (another person's,
                # or one the sync brought), or a later change would lose to an earlier one on the
                # laptops (last writer wins by stamp) while the server keeps it.
                self._clock.receive(Timestamp.decode(text), self.physical_ms())
        return self._clock

    def clock(self, session: Session) -> HybridLogicalClock:
        """This database's clock (sync moves it past the stamps it receives)."""
        return self._clock_for(session)

    def stamp(self, session: Session) -> str:
        """A fresh hybrid-logical-clock stamp, for writers that log rows themselves (db.bulk)."""
        self.refuse_if_damaged()
        hold_writer_lock(session)
        return self._clock_for(session).now(self.physical_ms()).encode()

    def refuse_if_damaged(self) -> None:
        """No write to a damaged file, nor to one that can only be read (said in German)."""
        if self._database.read_only:
            from regiodesk.db.schema import DatabaseFileError

            raise DatabaseFileError(
                tr(
                    "Die Datenbank kann nur gelesen werden: {reason} Änderungen werden nicht gespeichert.",
                    reason=self._database.read_only,
                )
            )
        if self._database.damaged:
            from regiodesk.db.schema import DatabaseFileError

            raise DatabaseFileError(
                tr(
                    "Die Datenbank ist beschädigt; deshalb wird nichts mehr hineingeschrieben "
                    "({damage}). Bitte eine Sicherung wiederherstellen.",
                    damage=self._database.damaged,
                )
            )

    def attach(self, session: Session) -> None:
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_commit", self._after_commit)
        event.listen(session, "after_rollback", self._after_rollback)
        event.listen(session, "after_soft_rollback", _forget_writer_lock)

    def _before_flush(self, session: Session, flush_context, instances) -> None:
        self.refuse_if_damaged()
        entries: list[ChangeLogEntry] = []
        now = utcnow()
        with session.no_autoflush:
            for obj in list(session.new):
                if isinstance(obj, Record):
                    entries.extend(self._inserted(obj, now))
            for obj in list(session.dirty):
                if isinstance(obj, Record) and session.is_modified(obj, include_collections=False):
                    entries.extend(self._updated(obj, now))
            for obj in list(session.deleted):
                if isinstance(obj, Record):
                    raise RuntimeError(
                        f"{type(obj).__name__} would be hard-deleted; records are tombstoned instead"
                    )
        if not entries:
            return
        hold_writer_lock(session)
        # after the lock: on a server the clock catches up with every change committed before it
        stamp = self._clock_for(session).now(self.physical_ms()).encode()
        for entry in entries:
            entry.hlc = stamp
            entry.device_id = self.device_id
            entry.changed_at = now
        session.add_all(entries)
        if self._captures():
            session.info.setdefault(_CAPTURED, []).extend(entries)

    @staticmethod
    def _inserted(obj: Record, now: datetime) -> list[ChangeLogEntry]:
        if obj.id is None:
            obj.id = new_id()
        obj.created_at = obj.created_at or now
        obj.modified_at = now
        values = with_defaults(type(obj), obj.__dict__)
        for key, value in values.items():
            if getattr(obj, key) is None and value is not None:
                setattr(obj, key, value)  # the row holds what the log says
        return [
            _entry(obj, "insert", key, None, text, encoded=True)
            for key, text in row_entries(logged_insert(type(obj), values))
        ]

    @staticmethod
    def _updated(obj: Record, now: datetime) -> list[ChangeLogEntry]:
        state = inspect(obj)
        entries = []
        for attr in state.mapper.column_attrs:
            key = attr.key
            if key in BOOKKEEPING:
                continue
            history = state.attrs[key].history
            if not history.has_changes():
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            entries.append(_entry(obj, operation_of(key, new), key, old, new))
        if entries:
            obj.modified_at = now
        return entries


def with_defaults(model: type[Record], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every column attribute of ``model`` with its value, scalar column defaults applied to None.

    Shared by the session's recorder and bulk writers, so both log exactly what the row holds.
    """
    defaults = scalar_defaults(model)
    result = {}
    for attr in inspect(model).column_attrs:
        value = values.get(attr.key)
        if value is None:
            value = defaults.get(attr.key)
        result[attr.key] = value
    return result


@functools.cache
def scalar_defaults(model: type[Record]) -> dict[str, Any]:
    """The scalar column default of each attribute of ``model`` that has one."""
    result = {}
    for attr in inspect(model).column_attrs:
        column = attr.columns[0]
        if column.default is not None and column.default.is_scalar:
            result[attr.key] = column.default.arg
    return result


_NO_DEFAULT = object()


@functools.cache
def insert_plan(model: type[Record]) -> tuple[tuple[str, Any], ...]:
    """(attribute, its scalar default or a marker) for every content column of ``model``."""
    defaults = scalar_defaults(model)
    return tuple(
        (attr.key, defaults.get(attr.key, _NO_DEFAULT))
        for attr in inspect(model).column_attrs
        if attr.key not in BOOKKEEPING
    )


def logged_fields(plan: tuple[tuple[str, Any], ...], values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The (field, value) pairs an insert writes to the log (``plan`` from :func:`insert_plan`).

    Content only; empty fields and fields holding their column's default are left out: a row
    that arrives by sync is inserted with the same defaults (column defaults are part of the
    log's format and change only with a migration that logs the old value). Half the entries
    of an import were defaults. A row whose content is all defaults still gets one entry, or
    sync would never create it on the other laptop.
    """
    logged = [
        (key, value)
        for key, default in plan
        if (value := values[key]) is not None and (value != default or type(value) is not type(default))
    ]
    if not logged and plan:
        key = next((k for k, _default in plan if values[k] is not None), plan[0][0])
        logged = [(key, values[key])]
    return logged


def logged_insert(model: type[Record], values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The (field, value) pairs an insert of ``values`` (from :func:`with_defaults`) logs."""
    return logged_fields(insert_plan(model), values)


def operation_of(field: str, new: Any) -> str:
    """update, or delete/restore when the tombstone is set or cleared."""
    if field == "deleted_at":
        return "delete" if new is not None else "restore"
    return "update"


def _entry(
    obj: Record, operation: str, field: str, old: Any, new: Any, encoded: bool = False
) -> ChangeLogEntry:
    """A log entry of ``obj``; ``encoded``: ``old`` and ``new`` are JSON text already."""
    return ChangeLogEntry(
        table_name=obj.__tablename__,
        row_id=obj.id,
        operation=operation,
        field=field,
        old_value=old if encoded else encode_value(old),
        new_value=new if encoded else encode_value(new),
    )
