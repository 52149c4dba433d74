"""change log: index the row id alone, so a record's Verlauf is found without reading the whole log

The index on (table_name, row_id) was of no use to the queries that ask for a record's entries
by row id (Verlauf, Auskunft, Löschen): row ids are unique across tables, so they read the whole
log instead (0.7 s for a large region's 780,000 entries, seconds from a cold disk). An index on
row_id alone serves them and the queries that also name the table, and is smaller.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_row")
        batch_op.create_index("ix_change_log_row_id", ["row_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_row_id")
        batch_op.create_index("ix_change_log_row", ["table_name", "row_id"], unique=False)
