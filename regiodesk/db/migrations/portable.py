"""Creating tables that refer to each other, on SQLite and on PostgreSQL alike.

SQLite takes a reference to a table created later (it checks references only when rows are
written); PostgreSQL needs the referred table first, and the first schema has cycles (a project
names the agenda item that selected it, the item names its project). :class:`Tables` creates the
tables as given on SQLite and, on PostgreSQL, without their references, which are added once
every table is there, DEFERRABLE, so that sync can write rows in any order and have them
checked at the commit (``db.dialect.defer_references``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op


class Tables:
    def __init__(self) -> None:
        self.postgres = op.get_bind().dialect.name != "sqlite"
        self._references: list[tuple[str, sa.ForeignKeyConstraint]] = []

    def create(self, name: str, *items: Any, **options: Any) -> None:
        """``op.create_table``; on PostgreSQL the references wait for :meth:`add_references`."""
        if not self.postgres:
            op.create_table(name, *items, **options)
            return
        references = [item for item in items if isinstance(item, sa.ForeignKeyConstraint)]
        self._references += [(name, reference) for reference in references]
        others = [item for item in items if not isinstance(item, sa.ForeignKeyConstraint)]
        op.create_table(name, *others, **options)

    def add_references(self) -> None:
        for table, reference in self._references:
            targets = [element._colspec.split(".") for element in reference.elements]
            op.create_foreign_key(
                str(reference.name),
                table,
                targets[0][0],
                list(reference.column_keys),
                [column for _table, column in targets],
                ondelete=reference.ondelete,
                deferrable=True,
                initially="IMMEDIATE",
            )
        self._references.clear()
