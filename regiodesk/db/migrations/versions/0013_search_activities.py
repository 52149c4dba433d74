"""search index: events, consultations and press and network work are found too

The one search (``db.search_index``) found bodies, meetings, agenda items, written procedures,
projects, contacts and attachments, but not what the office records of its own work: an event
by its programme or place, a consultation by its topic or what was agreed, a press release or a
network meeting by its title, medium or partners, nor the attachments of events and press work.
Nothing in the tables changes; the index is marked stale, and ``Database.open`` fills it again
right after the migration, in the same transaction, with the documents of every kind.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 01:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE search_state SET value = -1 WHERE key = 'indexed_seq'")


def downgrade() -> None:
    # the older code reads the documents it knows again; the new kinds' rows go with the rebuild
    op.execute("UPDATE search_state SET value = -1 WHERE key = 'indexed_seq'")
