"""search index on a server: trigram indexes so that the regular-expression match needs no full scan

On a PostgreSQL server the search (``db.search_index.find``) matches the folded documents with
regular expressions (``~``) on ``search_index.title`` and ``.text``: without an index every
keystroke read the whole table once per kind. The ``pg_trgm`` extension's GIN indexes answer
``~`` from the trigrams of the pattern. ``pg_trgm`` is a trusted extension (PostgreSQL 13 and
later): a role that may create objects in the database (the office role that owns it) may create
it; ``regiodesk server setup`` creates it beforehand as the administrator. Where it is refused or
not installed on the server, the migration leaves the indexes out and the search works as before
(a full scan). In a file (FTS5) there is nothing to do.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 22:10:00
"""

from __future__ import annotations

import logging

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: (index, column) of the trigram indexes
INDEXES = (("ix_search_index_title_trgm", "title"), ("ix_search_index_text_trgm", "text"))

log = logging.getLogger(__name__)


def _trigrams_available() -> bool:
    """Whether ``pg_trgm`` is (or could now be) installed in this database.

    The attempt runs in a savepoint: a refused CREATE EXTENSION would otherwise abort the whole
    migration's transaction on PostgreSQL."""
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return True
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DBAPIError as error:  # no right to create it, or the server lacks the contrib package
        log.warning("pg_trgm not available, the server search stays without an index: %s", error.orig)
        return False
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql" or not _trigrams_available():
        return
    for name, column in INDEXES:
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_index USING gin ({column} gin_trgm_ops)")


def downgrade() -> None:
    # the extension stays: the administrator may have created it, and other databases' tools use it
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _column in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
