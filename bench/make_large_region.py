"""Write a large region for benchmarks: 20,000 contacts, 1,500 projects, 40 bodies, 400 meetings.

    /work/venv/bin/python bench/make_large_region.py OUT.regiodesk [--orm]

Reuses :func:`regiodesk.services.demo.populate` with :data:`LARGE`. Through the ORM that takes
about two and a half minutes, so by default the rows go in with SQLAlchemy Core (``executemany``)
and :class:`BulkWriter` writes the change log itself, one entry per field of every row, exactly
as the session's change recorder would (a test compares the two on the demo region).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, inspect, update
from sqlalchemy.orm import Session

from regiodesk.db.base import Record, utcnow
from regiodesk.db.changelog import encode_value, logged_insert, operation_of, row_entries, with_defaults
from regiodesk.db.database import Database
from regiodesk.db.models import ChangeLogEntry
from regiodesk.domain.hlc import HybridLogicalClock
from regiodesk.services.demo import SEED, RecordWriter, Scale, populate

LARGE = Scale(
    contacts=20_000,
    projects=1_500,
    bodies=40,
    meetings=400,
    items_per_meeting=(4, 16),
    agenda_items=4_000,
)
CHANGE_LOG = ChangeLogEntry.__table__


class BulkWriter(RecordWriter):
    """Inserts with Core and logs each row as :class:`regiodesk.db.changelog.ChangeRecorder` does.

    Per inserted row: one ``insert`` entry per non-empty field (column defaults applied first),
    bookkeeping columns left out; per update: one ``update`` entry per changed field with the old
    value. One hybrid-logical-clock stamp per batch, like one stamp per flush.
    """

    def __init__(self, session: Session, device_id: str, batch: int = 20_000):
        super().__init__(session, batch)
        self.device_id = device_id
        self.clock = HybridLogicalClock(device_id)

    def _stamp(self) -> str:
        return self.clock.now(int(time.time() * 1000)).encode()

    def write(self, records: list[Record]) -> None:
        model = type(records[0])
        columns = [(attr.key, attr.columns[0]) for attr in inspect(model).column_attrs]
        now, stamp = utcnow(), self._stamp()
        table_name = model.__tablename__
        rows: list[dict[str, Any]] = []
        log: list[dict[str, Any]] = []
        for record in records:
            values = with_defaults(model, record.__dict__)
            row = {column.name: values[key] for key, column in columns}
            log.extend(
                {
                    "table_name": table_name,
                    "row_id": record.id,
                    "operation": "insert",
                    "field": key,
                    "old_value": None,
                    "new_value": text,
                    "device_id": self.device_id,
                    "hlc": stamp,
                    "changed_at": now,
                }
                for key, text in row_entries(logged_insert(model, values))
            )
            row["created_at"] = row.get("created_at") or now
            row["modified_at"] = now
            rows.append(row)
        self.session.execute(insert(model.__table__), rows)
        self.session.execute(insert(CHANGE_LOG), log)

    def update(self, record: Record, **values: Any) -> None:
        now, stamp = utcnow(), self._stamp()
        log = []
        for key, new in values.items():
            old = record.__dict__.get(key)
            if old == new:
                continue
            operation = operation_of(key, new)
            log.append(
                {
                    "table_name": record.__tablename__,
                    "row_id": record.id,
                    "operation": operation,
                    "field": key,
                    "old_value": encode_value(old),
                    "new_value": encode_value(new),
                    "device_id": self.device_id,
                    "hlc": stamp,
                    "changed_at": now,
                }
            )
        if not log:
            return
        table = type(record).__table__
        changed = {entry["field"]: values[entry["field"]] for entry in log}
        self.session.execute(update(table).where(table.c.id == record.id).values(**changed, modified_at=now))
        self.session.execute(insert(CHANGE_LOG), log)


def make_large_region(
    path: Path,
    *,
    scale: Scale = LARGE,
    today: date | None = None,
    device_id: str = "bench-device",
    orm: bool = False,
) -> float:
    """Create ``path`` (which must not exist) with the region; returns the seconds taken."""
    if path.exists():
        raise SystemExit(f"{path} gibt es schon; die große Region wird nur in eine neue Datei geschrieben.")
    started = time.perf_counter()
    db = Database.open(path, device_id=device_id)
    try:
        with db.transaction() as session:
            writer = None if orm else BulkWriter(session, db.device_id)
            populate(session, random.Random(SEED), today or date.today(), scale, writer=writer)
    finally:
        db.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Eine große Region für Messungen anlegen.")
    parser.add_argument("out", type=Path, help="neue .regiodesk-Datei")
    parser.add_argument("--orm", action="store_true", help="über die ORM-Sitzung schreiben (langsamer)")
    parser.add_argument(
        "--contacts", type=int, default=LARGE.contacts, help="Anzahl der Kontakte (Vorgabe: 20000)"
    )
    args = parser.parse_args(argv)
    if args.contacts < 1:
        parser.error("--contacts muss mindestens 1 sein")
    seconds = make_large_region(args.out, orm=args.orm, scale=replace(LARGE, contacts=args.contacts))
    size = args.out.stat().st_size
    print(f"{args.out}: {seconds:.1f} s, {size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
