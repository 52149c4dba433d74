"""region settings for day one, catalogues that can be deactivated, consent purposes, the seat of a named vote

Revision ID: 0006
Revises: 0005
Existing rows get the defaults of shared/DOMAIN.md (server defaults, so that the
NOT NULL columns can be added to filled tables); the models set the same defaults for new rows.

Create Date: 2026-12-06 14:47:33.836249
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from regiodesk.db.base import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_purpose",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_purpose")),
    )
    with op.batch_alter_table("action_field", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("funding_period", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cofinancing_share_bp", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("interest_group", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("named_vote", schema=None) as batch_op:
        batch_op.add_column(sa.Column("membership_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_named_vote_membership_id_membership"), "membership", ["membership_id"], ["id"]
        )

    with op.batch_alter_table("region_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lag_name", sa.String(length=200), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("office_phone", sa.String(length=50), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("office_email", sa.String(length=200), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("office_website", sa.String(length=200), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("land", sa.String(length=2), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("cofinancing_share_bp", sa.Integer(), nullable=False, server_default=sa.text("2500"))
        )
        batch_op.add_column(
            sa.Column(
                "private_needs_public_cofinancing", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("signatory_name", sa.String(length=200), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(
            sa.Column("signatory_role", sa.String(length=200), nullable=False, server_default=sa.text("''"))
        )
        batch_op.add_column(sa.Column("default_minute_taker_id", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("default_quorum_share_bp", sa.Integer(), nullable=False, server_default=sa.text("5000"))
        )
        batch_op.add_column(
            sa.Column("default_double_quorum", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column(
                "default_min_non_public_share_bp",
                sa.Integer(),
                nullable=False,
                server_default=sa.text("5000"),
            )
        )
        batch_op.add_column(
            sa.Column(
                "default_max_group_share_bp", sa.Integer(), nullable=False, server_default=sa.text("4900")
            )
        )
        batch_op.add_column(
            sa.Column("default_notice_days", sa.Integer(), nullable=False, server_default=sa.text("7"))
        )
        batch_op.add_column(
            sa.Column(
                "default_written_procedure_allowed", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_region_settings_default_minute_taker_id_contact"),
            "contact",
            ["default_minute_taker_id"],
            ["id"],
        )

    with op.batch_alter_table("selection_criterion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("selection_criterion", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("region_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_region_settings_default_minute_taker_id_contact"), type_="foreignkey"
        )
        batch_op.drop_column("default_written_procedure_allowed")
        batch_op.drop_column("default_notice_days")
        batch_op.drop_column("default_max_group_share_bp")
        batch_op.drop_column("default_min_non_public_share_bp")
        batch_op.drop_column("default_double_quorum")
        batch_op.drop_column("default_quorum_share_bp")
        batch_op.drop_column("default_minute_taker_id")
        batch_op.drop_column("signatory_role")
        batch_op.drop_column("signatory_name")
        batch_op.drop_column("private_needs_public_cofinancing")
        batch_op.drop_column("cofinancing_share_bp")
        batch_op.drop_column("land")
        batch_op.drop_column("office_website")
        batch_op.drop_column("office_email")
        batch_op.drop_column("office_phone")
        batch_op.drop_column("lag_name")

    with op.batch_alter_table("named_vote", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_named_vote_membership_id_membership"), type_="foreignkey")
        batch_op.drop_column("membership_id")

    with op.batch_alter_table("interest_group", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("funding_period", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("cofinancing_share_bp")

    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("action_field", schema=None) as batch_op:
        batch_op.drop_column("active")

    op.drop_table("consent_purpose")
