"""Inserting many new rows fast, logged exactly as the session's change recorder would log them.

An import of 20,000 contacts writes about 80,000 rows and 600,000 change-log entries; through
the ORM's unit of work that takes a minute, with Core ``executemany`` a few seconds. The log
entries are the same: one ``insert`` entry per non-empty field, column defaults applied, one
clock stamp for the batch (like one flush).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session

from regiodesk.db.base import Base, Record, new_id, utcnow
from regiodesk.db.changelog import ChangeRecorder, encode_value, logged_insert, with_defaults
from regiodesk.db.models import ChangeLogEntry


def insert_logged(session: Session, recorder: ChangeRecorder, records: Iterable[Record]) -> int:
    """Insert new ``records`` (not added to the session) with their change-log entries.

    Tables are written parents first. The objects are not attached to the session afterwards;
    read them back by id if needed. Returns the number of rows written.
    """
    by_table: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_table[record.__tablename__].append(record)
    if not by_table:
        return 0
    session.flush()  # pending ORM changes first, so that foreign keys find their rows
    stamp = recorder.stamp(session)
    now = utcnow()
    written = 0
    for table in Base.metadata.sorted_tables:
        rows_of = by_table.get(table.name)
        if not rows_of:
            continue
        model = type(rows_of[0])
        columns = [(attr.key, attr.columns[0].name) for attr in inspect(model).column_attrs]
        rows: list[dict[str, Any]] = []
        log: list[dict[str, Any]] = []
        for record in rows_of:
            if record.id is None:
                record.id = new_id()
            values = with_defaults(model, record.__dict__)
            # One microsecond apart in the given order: "the oldest e-mail is the primary one" holds.
            values["created_at"] = values.get("created_at") or now + timedelta(microseconds=len(rows))
            values["modified_at"] = now
            log.extend(
                {
                    "table_name": table.name,
                    "row_id": record.id,
                    "operation": "insert",
                    "field": key,
                    "old_value": None,
                    "new_value": encode_value(value),
                    "device_id": recorder.device_id,
                    "hlc": stamp,
                    "changed_at": now,
                }
                for key, value in logged_insert(values)
            )
            rows.append({name: values[key] for key, name in columns})
        session.execute(insert(table), rows)
        session.execute(insert(ChangeLogEntry.__table__), log)
        written += len(rows)
    return written
