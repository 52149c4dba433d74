"""change log: who made a change on a server (the person's PostgreSQL role)

Several people work on one server database at once; when one of them saves over a record that
another changed meanwhile, the program names who did it („inzwischen von anna geändert“), and the
Verlauf shows it. On a server each person signs in as their own role, so the database itself
fills the column with ``current_user`` for every entry, whatever path writes it (the ORM, the
bulk writers, sync). In a file it stays empty: there the device's name (sync) says who.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN without a table copy on both (a large file's log has 780,000 entries)
    on_server = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "change_log",
        sa.Column(
            "author",
            sa.String(length=63),
            nullable=True,
            server_default=sa.text("current_user") if on_server else None,
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_column("author")
