"""consultations and events: the office's own work (issue 22)

Revision ID: 0007
Revises: 0006
Only new tables (self-contained, so that it can be renumbered after another 0007 on merge):
consultation and its contacts, event and its participants. All are synced Records.

Create Date: 2026-12-06 17:42:59.382239
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from regiodesk.db.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("organiser", sa.String(length=300), nullable=False),
        sa.Column("co_organisers", sa.Text(), nullable=False),
        sa.Column("programme", sa.Text(), nullable=False),
        sa.Column("participants_total", sa.Integer(), nullable=True),
        sa.Column("participants_female", sa.Integer(), nullable=True),
        sa.Column("participants_male", sa.Integer(), nullable=True),
        sa.Column("participants_diverse", sa.Integer(), nullable=True),
        sa.Column("participants_under_27", sa.Integer(), nullable=True),
        sa.Column("participants_over_64", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "event_participant",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_event_participant_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_participant_event_id_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_participant")),
    )
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_participant_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_participant_event_id"), ["event_id"], unique=False)

    op.create_table(
        "consultation",
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("project_idea", sa.String(length=300), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_consultation_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_held_on"), ["held_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_project_id"), ["project_id"], unique=False)

    op.create_table(
        "consultation_contact",
        sa.Column("consultation_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_contact_consultation_id_consultation"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_consultation_contact_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_contact")),
    )
    with op.batch_alter_table("consultation_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_contact_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consultation_contact_contact_id"), ["contact_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consultation_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_contact_contact_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_contact_consultation_id"))

    op.drop_table("consultation_contact")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_project_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_held_on"))

    op.drop_table("consultation")
    with op.batch_alter_table("event_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_participant_event_id"))
        batch_op.drop_index(batch_op.f("ix_event_participant_contact_id"))

    op.drop_table("event_participant")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_starts_at"))

    op.drop_table("event")
