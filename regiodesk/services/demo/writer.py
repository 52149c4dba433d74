"""How the demo's rows reach the database: buffered per table, written parents first."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.models import all_tables


class RecordWriter:
    """Where :func:`populate` puts its rows: buffered per table, written parents first.

    The unit of work orders inserts only along relationship()s; most foreign keys here have
    none, so parents are flushed before their children explicitly. Writing in batches keeps
    memory flat for a large region: flushed rows are only weakly held by the session.

    This writer adds the rows to the session, whose change recorder logs them. The benchmark
    generator substitutes a bulk writer that logs them the same way.
    """

    def __init__(self, session: Session, batch: int = 4000):
        self.session = session
        self.batch = batch
        self._pending: dict[str, list[Record]] = {}
        self._count = 0

    def add(self, record: Record) -> None:
        self._pending.setdefault(record.__tablename__, []).append(record)
        self._count += 1
        if self._count >= self.batch:
            self.flush()

    def update(self, record: Record, **values: Any) -> None:
        """Change a record written by an earlier :meth:`flush`; logged as an update."""
        for name, value in values.items():
            setattr(record, name, value)

    def flush(self) -> None:
        for table in all_tables():
            rows = self._pending.pop(table.name, None)
            if rows:
                self.write(rows)
        self._count = 0
        self.session.flush()

    def write(self, records: list[Record]) -> None:
        """Insert the records of one table."""
        self.session.add_all(records)
        self.session.flush()
