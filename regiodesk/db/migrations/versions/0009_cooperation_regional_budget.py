"""cooperation partners of a project, the Regionalbudget (GAK Kleinprojekte) per year

Revision ID: 0009
Revises: 0008
New tables only, and nullable columns on call and project: self-contained, existing rows unchanged.

Create Date: 2026-12-06 17:42:29.210418
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from regiodesk.db.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "regional_budget",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("budget_cents", sa.Integer(), nullable=False),
        sa.Column("max_total_cost_cents", sa.Integer(), nullable=False),
        sa.Column("max_rate_bp", sa.Integer(), nullable=False),
        sa.Column("proof_of_use_by", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regional_budget")),
    )
    op.create_table(
        "cooperation_partner",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("lag_name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("lead_partner", sa.Boolean(), nullable=False),
        sa.Column("cost_share_cents", sa.Integer(), nullable=True),
        sa.Column("grant_cents", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_cooperation_partner_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_cooperation_partner_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperation_partner")),
    )
    with op.batch_alter_table("cooperation_partner", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cooperation_partner_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cooperation_partner_project_id"), ["project_id"], unique=False)

    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.add_column(sa.Column("regional_budget_id", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_call_regional_budget_id"), ["regional_budget_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_call_regional_budget_id_regional_budget"),
            "regional_budget",
            ["regional_budget_id"],
            ["id"],
        )

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cooperation_kind", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("cooperation_agreement_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("cooperation_total_cost_cents", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("contract_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("contract_on")
        batch_op.drop_column("cooperation_total_cost_cents")
        batch_op.drop_column("cooperation_agreement_on")
        batch_op.drop_column("cooperation_kind")

    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_call_regional_budget_id_regional_budget"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_call_regional_budget_id"))
        batch_op.drop_column("regional_budget_id")

    with op.batch_alter_table("cooperation_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperation_partner_project_id"))
        batch_op.drop_index(batch_op.f("ix_cooperation_partner_contact_id"))

    op.drop_table("cooperation_partner")
    op.drop_table("regional_budget")
