"""search index: one full-text index over everything (FTS5), derived data

Revision ID: 0008
Revises: 0007
The index (``regiodesk.db.search_index``) is derived from the records: it is created empty with
its mark set to "stale", and ``Database.open`` fills it right after the migration, in the same
transaction, with the code that keeps it current (so an old file and a new one hold the same).
Its tables are no models: sync and Alembic's comparison leave them alone.

Create Date: 2026-12-06 17:30:08.492733
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE search_state (key VARCHAR(50) NOT NULL PRIMARY KEY, value INTEGER NOT NULL)")
    # one row per indexed record; its id is the rowid of the record's row in search_index
    op.execute(
        "CREATE TABLE search_doc (id INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, "
        "row_id VARCHAR(36) NOT NULL UNIQUE)"
    )
    if op.get_bind().dialect.name != "sqlite":
        # A PostgreSQL server has no FTS5: a plain table of the same folded documents, matched
        # word by word (``search_index.find``); its key is named as FTS5's so the SQL is shared.
        op.execute(
            "CREATE TABLE search_index (rowid INTEGER NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, "
            "title TEXT NOT NULL, text TEXT NOT NULL)"
        )
        op.execute("CREATE INDEX ix_search_index_kind ON search_index (kind)")
        op.execute("INSERT INTO search_state (key, value) VALUES ('indexed_seq', -1)")
        return
    # kind is a column of its own so that a query can be limited to one kind and ranked there;
    # a word of the title (a name) weighs ten times a word of the other texts; the prefix indexes
    # make the first letters typed (one to three) cheap
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind, title, text, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.execute("INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(0.0, 10.0, 1.0)')")
    op.execute("INSERT INTO search_state (key, value) VALUES ('indexed_seq', -1)")


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.execute("DROP TABLE search_doc")
    op.execute("DROP TABLE search_state")
