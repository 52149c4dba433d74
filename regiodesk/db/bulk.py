"""Inserting many new rows fast, logged exactly as the session's change recorder would log them.

An import of 20,000 contacts writes about 100,000 rows, each with its insert's log entry;
through the ORM's unit of work that takes a minute. Here the values are converted once with
each column type's own bind processor and handed to SQLite's ``executemany`` as plain tuples.
The log entries are the same as the recorder's (:func:`regiodesk.db.changelog.logged_fields`),
with one clock stamp for the batch (like one flush).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, new_id, utcnow
from regiodesk.db.changelog import (
    ChangeRecorder,
    insert_plan,
    logged_fields,
    row_entries,
    scalar_defaults,
)
from regiodesk.db.dialect import placeholder
from regiodesk.db.models import ChangeLogEntry, all_tables

_LOG_COLUMNS = (
    "table_name",
    "row_id",
    "operation",
    "field",
    "old_value",
    "new_value",
    "device_id",
    "hlc",
    "changed_at",
)


#: SQLite's oldest limit of parameters per statement (999); newer builds allow more.
_MAX_PARAMETERS = 999


def _writer(session: Session, table: Table, names: Iterable[str]):
    """(insert, per-column bind processors) for writing ``names`` of ``table`` from tuples.

    ``insert(rows)`` writes the tuples in the given order.
    """
    connection = session.connection()
    dialect = connection.dialect
    names = list(names)
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    head = f'INSERT INTO "{table.name}" ({", ".join(names)}) VALUES '
    mark = placeholder(connection)
    one = f"({', '.join(mark for _ in names)})"
    per_statement = max(1, _MAX_PARAMETERS // len(names))
    many = head + ", ".join([one] * per_statement)

    def insert(rows: list[tuple]) -> None:
        # Many rows per statement: half the time of one statement per row for 400,000 log
        # entries. A multi-row VALUES list inserts in its order, so seq keeps the given order.
        whole = len(rows) - len(rows) % per_statement
        if whole:
            connection.exec_driver_sql(
                many,
                [
                    tuple(chain.from_iterable(rows[start : start + per_statement]))
                    for start in range(0, whole, per_statement)
                ],
            )
        if whole < len(rows):
            connection.exec_driver_sql(head + one, rows[whole:])

    return insert, processors


def _tuples(rows: list[tuple], processors) -> list[tuple]:
    """``rows`` with each value converted by its column's bind processor (most columns have none)."""
    converting = [(n, p) for n, p in enumerate(processors) if p is not None]
    if not converting:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for n, process in converting:
            if values[n] is not None:
                values[n] = process(values[n])
        converted.append(tuple(values))
    return converted


def insert_log_entries(session: Session, entries: list[tuple]) -> None:
    """Append change-log entries given as tuples in ``_LOG_COLUMNS`` order, in the given order.

    For entries made elsewhere (sync writes the other laptops' changes into this log):
    ``changed_at`` is an aware datetime, converted by the column's own bind processor. Their
    ``author`` stays empty: the device they came from says who, not the server role that ran
    the sync (a server fills in its signed-in role where nothing is given).
    """
    if not entries:
        return
    insert, processors = _writer(session, ChangeLogEntry.__table__, (*_LOG_COLUMNS, "author"))
    insert(_tuples([(*entry, None) for entry in entries], [once_per_value(p) for p in processors]))


def once_per_value(process):
    """``process`` converting each distinct value once: a batch's stamps repeat (``modified_at``
    is one moment for all its rows, ``changed_at`` one per transaction of the other laptop, the
    tombstones an undo sets or clears one moment for thousands of rows)."""
    if process is None:
        return None
    done: dict[tuple[type, Any], Any] = {}

    def converted(value):
        key = (type(value), value)  # 1 and True are one key otherwise
        try:
            return done[key]
        except KeyError:
            result = done[key] = process(value)
            return result
        except TypeError:  # an unhashable value (a JSON column's list)
            return process(value)

    return converted


def update_rows(
    session: Session, table: Table, names: list[str], rows: list[tuple], *, versioned: bool = False
) -> int:
    """Set the columns ``names`` of many rows of ``table`` at once; return how many rows changed.

    Each row is a tuple of the new values (Python values, converted by each column's own bind
    processor) followed by the row's id. Writes no change-log entry: the caller logs.
    ``versioned``: each tuple ends with the row's ``modified_at`` as the caller read it, after the
    id, and a row written since holds another one and stays as it is (the ORM's version check,
    ``db.base.Record``): fewer rows changed than given says someone else wrote meanwhile.
    """
    if not rows:
        return 0
    connection = session.connection()
    columns = [*names, "modified_at"] if versioned else names
    processors = [
        once_per_value(table.c[name].type._cached_bind_processor(connection.dialect)) for name in columns
    ]
    mark = placeholder(connection)
    assignments = ", ".join(f'"{name}" = {mark}' for name in names)
    version = f" AND modified_at = {mark}" if versioned else ""
    values = [*processors[: len(names)], None, *processors[len(names) :]]
    result = connection.exec_driver_sql(
        f'UPDATE "{table.name}" SET {assignments} WHERE id = {mark}{version}', _tuples(rows, values)
    )
    return result.rowcount


def insert_logged(session: Session, recorder: ChangeRecorder, records: Iterable[Record]) -> int:
    """Insert new ``records`` (not added to the session) with their change-log entries.

    Tables are written parents first. The objects are not attached to the session afterwards;
    read them back by id if needed. Returns the number of rows written.
    """
    rows: list[tuple[type[Record], Mapping[str, Any]]] = []
    for record in records:
        if record.id is None:
            record.id = new_id()
        rows.append((type(record), record.__dict__))
    return insert_logged_rows(session, recorder, rows)


def insert_logged_rows(
    session: Session, recorder: ChangeRecorder, rows: Iterable[tuple[type[Record], Mapping[str, Any]]]
) -> int:
    """:func:`insert_logged` for rows given as (model, attribute values) instead of ORM objects.

    Building 100,000 ORM objects only to read their attributes back costs seconds; an importer
    hands over plain dicts. A row without an ``id`` gets a new one. Logged exactly like
    :func:`insert_logged`.
    """
    by_table: dict[str, list[tuple[type[Record], Mapping[str, Any]]]] = defaultdict(list)
    for model, values in rows:
        by_table[model.__tablename__].append((model, values))
    if not by_table:
        return 0
    session.flush()  # pending ORM changes first, so that foreign keys find their rows
    stamp = recorder.stamp(session)
    # an import the user may take back (Rückgängig): the entries written here are part of it
    capturing = recorder.capturing()
    last_seq = (session.scalar(select(func.max(ChangeLogEntry.seq))) or 0) if capturing else 0
    now = utcnow()
    device = recorder.device_id
    log_table = ChangeLogEntry.__table__
    insert_log, log_processors = _writer(session, log_table, _LOG_COLUMNS)
    # Every log entry of the batch has the same time: convert it once, not 500,000 times.
    at = _LOG_COLUMNS.index("changed_at")
    now_bound = log_processors[at](now) if log_processors[at] is not None else now
    log_processors = [None if n == at else p for n, p in enumerate(log_processors)]
    written = 0
    for table in all_tables():
        rows_of = by_table.get(table.name)
        if not rows_of:
            continue
        model = rows_of[0][0]
        keys = [(attr.key, attr.columns[0].name) for attr in inspect(model).column_attrs]
        # with_defaults() and logged_insert() per row, with the per-column work done once
        scalar = scalar_defaults(model)
        defaults = {key: scalar.get(key) for key, _name in keys}
        plan = insert_plan(model)
        row_of = itemgetter(*(key for key, _name in keys))  # a tuple: every table has several columns
        insert_rows, processors = _writer(session, table, [name for _key, name in keys])
        # every row of the batch has the same modified_at: convert it once (like changed_at)
        names = [key for key, _name in keys]
        modified = names.index("modified_at")
        modified_bound = processors[modified](now) if processors[modified] is not None else now
        processors[modified] = None
        created = names.index("created_at")
        created_at = _created_at(processors[created], now)  # bound values, converted here
        bind_created = processors[created] or (lambda value: value)
        processors[created] = None
        table_rows: list[tuple] = []
        log: list[tuple] = []
        # a plain str: sqlite3 asks a str subclass (quoted_name) for __conform__, once per row
        name = str(table.name)
        for n, (_model, given) in enumerate(rows_of):
            # the defaults, overwritten by what is given (a few fields of twenty, mostly)
            values = defaults.copy()
            for key, value in given.items():
                if value is not None and key in defaults:
                    values[key] = value
            if values["id"] is None:
                values["id"] = new_id()
            # One microsecond apart in the given order: "the oldest e-mail is the primary one" holds.
            given_created = values["created_at"]
            values["created_at"] = bind_created(given_created) if given_created else created_at(n)
            values["modified_at"] = modified_bound
            rid = values["id"]
            log.extend(
                (name, rid, "insert", key, None, text, device, stamp, now_bound)
                for key, text in row_entries(logged_fields(plan, values))
            )
            table_rows.append(row_of(values))
        insert_rows(_tuples(table_rows, processors))
        # In row-id order, the log's row-id index is filled leaf by leaf instead of at random
        # places (ids are random): seconds for half a million entries. A row's entries (its row
        # entry, a tombstone set at insert) stay in order (the sort is stable), tables parents first.
        log.sort(key=_row_id)
        insert_log(_tuples(log, log_processors))
        written += len(table_rows)
    if capturing:
        recorder.captured_in_bulk(session, stamp, last_seq)
    return written


def _created_at(process, now: datetime):
    """``n -> now + n µs`` as the column stores it, for the created_at of the n-th row of a batch.

    Rows one microsecond apart keep their given order ("the oldest e-mail is the primary
    one"). The column's bind processor (UTC, then SQLite's text) costs seconds for 100,000
    rows, so the text is made directly when it gives exactly what the processor gives.
    """
    if process is None:
        return lambda n: now + timedelta(microseconds=n)
    naive = now.astimezone(timezone.utc).replace(tzinfo=None)

    def text(n: int):
        return (naive + timedelta(microseconds=n)).isoformat(" ", "microseconds")

    same = all(process(now + timedelta(microseconds=n)) == text(n) for n in (0, 1, 999_999))
    return text if same else (lambda n: process(now + timedelta(microseconds=n)))


def _row_id(entry: tuple) -> str:
    return entry[1]
