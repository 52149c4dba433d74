"""press and network work of the office (issue 22, part 3)

Revision ID: 0010
Revises: 0009
One new table (self-contained, so that it can be renumbered on merge): activity, the press and
network work of the office, a synced Record.

Create Date: 2026-12-06 18:23:53.703708
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from regiodesk.db.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("medium", sa.String(length=200), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("print_run", sa.Integer(), nullable=True),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("hours_milli", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_activity_contact_id_contact")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_activity_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_project_id"))
        batch_op.drop_index(batch_op.f("ix_activity_held_on"))
        batch_op.drop_index(batch_op.f("ix_activity_contact_id"))

    op.drop_table("activity")
