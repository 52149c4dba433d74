"""initial schema: the whole office

Revision ID: 0001
Revises:
Create Date: 2026-11-22 21:16:02.383496
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from regiodesk.db.migrations.portable import Tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = Tables()  # on PostgreSQL the references come last: the schema has cycles
    tables.create(
        "agenda_item",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("is_selection_decision", sa.Boolean(), nullable=False),
        sa.Column("required_majority", sa.String(length=20), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("decision_text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agenda_item.id"], name=op.f("fk_agenda_item_parent_id_agenda_item")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_agenda_item_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_item_project_id"), ["project_id"], unique=False)

    tables.create(
        "attachment",
        sa.Column("owner_table", sa.String(length=50), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_owner_table"), ["owner_table"], unique=False)

    tables.create(
        "body",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("body_type", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quorum_share_bp", sa.Integer(), nullable=False),
        sa.Column("double_quorum", sa.Boolean(), nullable=False),
        sa.Column("min_non_public_share_bp", sa.Integer(), nullable=False),
        sa.Column("max_group_share_bp", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("written_procedure_allowed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body")),
    )
    tables.create(
        "change_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=40), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_hlc", ["hlc"], unique=False)
        batch_op.create_index("ix_change_log_row", ["table_name", "row_id"], unique=False)

    tables.create(
        "contact",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("salutation", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=50), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("institution_type", sa.String(length=30), nullable=True),
        sa.Column("public_sector", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    tables.create(
        "funding_period",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("total_budget_cents", sa.Integer(), nullable=False),
        sa.Column("max_grant_per_project_cents", sa.Integer(), nullable=True),
        sa.Column("min_total_points", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_period")),
    )
    tables.create(
        "interest_group",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("public_sector", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interest_group")),
    )
    tables.create(
        "project",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("short_description", sa.Text(), nullable=False),
        sa.Column("sponsor_id", sa.String(length=36), nullable=True),
        sa.Column("sponsor_type", sa.String(length=30), nullable=True),
        sa.Column("project_type", sa.String(length=100), nullable=False),
        sa.Column("action_field_id", sa.String(length=36), nullable=True),
        sa.Column("development_goal_id", sa.String(length=36), nullable=True),
        sa.Column("call_id", sa.String(length=36), nullable=True),
        sa.Column("cooperation", sa.Boolean(), nullable=False),
        sa.Column("project_area", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("total_cost_gross_cents", sa.Integer(), nullable=True),
        sa.Column("total_cost_net_cents", sa.Integer(), nullable=True),
        sa.Column("eligible_cost_cents", sa.Integer(), nullable=True),
        sa.Column("funding_rate_bp", sa.Integer(), nullable=True),
        sa.Column("grant_cents", sa.Integer(), nullable=True),
        sa.Column("cofinancing_source", sa.String(length=200), nullable=False),
        sa.Column("cofinancing_cents", sa.Integer(), nullable=True),
        sa.Column("own_share_cents", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("lag_decision_on", sa.Date(), nullable=True),
        sa.Column("lag_decision_item_id", sa.String(length=36), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("proof_of_use_on", sa.Date(), nullable=True),
        sa.Column("approval_file_number", sa.String(length=100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_field_id"], ["action_field.id"], name=op.f("fk_project_action_field_id_action_field")
        ),
        sa.ForeignKeyConstraint(["call_id"], ["call.id"], name=op.f("fk_project_call_id_call")),
        sa.ForeignKeyConstraint(
            ["development_goal_id"],
            ["development_goal.id"],
            name=op.f("fk_project_development_goal_id_development_goal"),
        ),
        sa.ForeignKeyConstraint(
            ["lag_decision_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_project_lag_decision_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(["sponsor_id"], ["contact.id"], name=op.f("fk_project_sponsor_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_action_field_id"), ["action_field_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_sponsor_id"), ["sponsor_id"], unique=False)

    tables.create(
        "saved_filter",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
    )
    tables.create(
        "tag",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
    )
    tables.create(
        "action_field",
        sa.Column("funding_period_id", sa.String(length=36), nullable=True),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("planned_budget_cents", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["funding_period_id"],
            ["funding_period.id"],
            name=op.f("fk_action_field_funding_period_id_funding_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_field")),
    )
    tables.create(
        "address",
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=50), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_address_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address")),
    )
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "affiliation",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("institution_id", sa.String(length=36), nullable=False),
        sa.Column("function", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["contact.id"], name=op.f("fk_affiliation_institution_id_contact")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["contact.id"], name=op.f("fk_affiliation_person_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliation")),
    )
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_affiliation_institution_id"), ["institution_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_affiliation_person_id"), ["person_id"], unique=False)

    tables.create(
        "call",
        sa.Column("funding_period_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("budget_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["funding_period_id"],
            ["funding_period.id"],
            name=op.f("fk_call_funding_period_id_funding_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call")),
    )
    tables.create(
        "conflict_of_interest",
        sa.Column("agenda_item_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_conflict_of_interest_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_conflict_of_interest_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_of_interest")),
    )
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conflict_of_interest_agenda_item_id"), ["agenda_item_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_conflict_of_interest_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "consent",
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=200), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], name=op.f("fk_consent_contact_id_contact")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "contact_email",
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_contact_email_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_email")),
    )
    with op.batch_alter_table("contact_email", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_email_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_email_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "contact_phone",
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_contact_phone_contact_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_phone")),
    )
    with op.batch_alter_table("contact_phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_phone_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "contact_tag",
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("tag_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_contact_tag_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_contact_tag_tag_id_tag")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_tag")),
    )
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_tag_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_tag_tag_id"), ["tag_id"], unique=False)

    tables.create(
        "funding_rate",
        sa.Column("funding_period_id", sa.String(length=36), nullable=False),
        sa.Column("project_type", sa.String(length=100), nullable=False),
        sa.Column("rate_bp", sa.Integer(), nullable=False),
        sa.Column("net_basis", sa.Boolean(), nullable=False),
        sa.Column("requires_public_cofinancing", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["funding_period_id"],
            ["funding_period.id"],
            name=op.f("fk_funding_rate_funding_period_id_funding_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_rate")),
    )
    with op.batch_alter_table("funding_rate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_rate_funding_period_id"), ["funding_period_id"], unique=False
        )

    tables.create(
        "meeting",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("chair_id", sa.String(length=36), nullable=True),
        sa.Column("minute_taker_id", sa.String(length=36), nullable=True),
        sa.Column("invitation_sent_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_meeting_body_id_body")),
        sa.ForeignKeyConstraint(["chair_id"], ["contact.id"], name=op.f("fk_meeting_chair_id_contact")),
        sa.ForeignKeyConstraint(
            ["minute_taker_id"], ["contact.id"], name=op.f("fk_meeting_minute_taker_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_body_id"), ["body_id"], unique=False)

    tables.create(
        "membership",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("institution_id", sa.String(length=36), nullable=True),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("voting_right", sa.Boolean(), nullable=False),
        sa.Column("interest_group_id", sa.String(length=36), nullable=True),
        sa.Column("public_sector", sa.Boolean(), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_membership_body_id_body")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_membership_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["deputy_id"], ["contact.id"], name=op.f("fk_membership_deputy_id_contact")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["contact.id"], name=op.f("fk_membership_institution_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["interest_group_id"],
            ["interest_group.id"],
            name=op.f("fk_membership_interest_group_id_interest_group"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_membership_contact_id"), ["contact_id"], unique=False)

    tables.create(
        "payment",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_payment_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_project_id"), ["project_id"], unique=False)

    tables.create(
        "project_contact",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_project_contact_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_contact_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_contact")),
    )
    with op.batch_alter_table("project_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_contact_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_contact_project_id"), ["project_id"], unique=False)

    tables.create(
        "project_status_change",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_by", sa.String(length=100), nullable=False),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_project_status_change_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_project_status_change_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_status_change")),
    )
    with op.batch_alter_table("project_status_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_status_change_project_id"), ["project_id"], unique=False)

    tables.create(
        "region_settings",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("current_funding_period_id", sa.String(length=36), nullable=True),
        sa.Column("approval_authority_name", sa.String(length=200), nullable=False),
        sa.Column("approval_authority_address", sa.Text(), nullable=False),
        sa.Column("office_address", sa.Text(), nullable=False),
        sa.Column("letterhead_text", sa.Text(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_mime", sa.String(length=50), nullable=True),
        sa.Column("application_deadline_value", sa.Integer(), nullable=False),
        sa.Column("application_deadline_unit", sa.String(length=10), nullable=False),
        sa.Column("proof_of_use_months", sa.Integer(), nullable=False),
        sa.Column("budget_tolerance_bp", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["current_funding_period_id"],
            ["funding_period.id"],
            name=op.f("fk_region_settings_current_funding_period_id_funding_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_settings")),
    )
    tables.create(
        "selection_criterion",
        sa.Column("funding_period_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("max_points", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("min_points", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["funding_period_id"],
            ["funding_period.id"],
            name=op.f("fk_selection_criterion_funding_period_id_funding_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_criterion")),
    )
    with op.batch_alter_table("selection_criterion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_selection_criterion_funding_period_id"), ["funding_period_id"], unique=False
        )

    tables.create(
        "vote",
        sa.Column("agenda_item_id", sa.String(length=36), nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("yes", sa.Integer(), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("abstain", sa.Integer(), nullable=False),
        sa.Column("required_majority", sa.String(length=20), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("entitled", sa.Integer(), nullable=False),
        sa.Column("non_public", sa.Integer(), nullable=False),
        sa.Column("largest_group", sa.String(length=100), nullable=False),
        sa.Column("largest_group_count", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=30), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("entitled_snapshot", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"], ["agenda_item.id"], name=op.f("fk_vote_agenda_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vote")),
    )
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vote_agenda_item_id"), ["agenda_item_id"], unique=False)

    tables.create(
        "written_procedure",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("is_selection_decision", sa.Boolean(), nullable=False),
        sa.Column("required_majority", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("decision_text", sa.Text(), nullable=False),
        sa.Column("result", sa.String(length=30), nullable=True),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_written_procedure_body_id_body")),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_written_procedure_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_procedure")),
    )
    with op.batch_alter_table("written_procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_written_procedure_body_id"), ["body_id"], unique=False)

    tables.create(
        "attendance",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("membership_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("represented_by_id", sa.String(length=36), nullable=True),
        sa.Column("arrived_at_item_id", sa.String(length=36), nullable=True),
        sa.Column("left_before_item_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["arrived_at_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_attendance_arrived_at_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_attendance_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["left_before_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_attendance_left_before_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["membership_id"], ["membership.id"], name=op.f("fk_attendance_membership_id_membership")
        ),
        sa.ForeignKeyConstraint(
            ["represented_by_id"], ["contact.id"], name=op.f("fk_attendance_represented_by_id_contact")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)

    tables.create(
        "budget_reallocation",
        sa.Column("from_action_field_id", sa.String(length=36), nullable=True),
        sa.Column("to_action_field_id", sa.String(length=36), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("agenda_item_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_budget_reallocation_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["from_action_field_id"],
            ["action_field.id"],
            name=op.f("fk_budget_reallocation_from_action_field_id_action_field"),
        ),
        sa.ForeignKeyConstraint(
            ["to_action_field_id"],
            ["action_field.id"],
            name=op.f("fk_budget_reallocation_to_action_field_id_action_field"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_reallocation")),
    )
    tables.create(
        "development_goal",
        sa.Column("action_field_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_field_id"],
            ["action_field.id"],
            name=op.f("fk_development_goal_action_field_id_action_field"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_development_goal")),
    )
    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_development_goal_action_field_id"), ["action_field_id"], unique=False
        )

    tables.create(
        "indicator",
        sa.Column("action_field_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["action_field_id"], ["action_field.id"], name=op.f("fk_indicator_action_field_id_action_field")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_action_field_id"), ["action_field_id"], unique=False)

    tables.create(
        "named_vote",
        sa.Column("vote_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("choice", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_named_vote_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(["vote_id"], ["vote.id"], name=op.f("fk_named_vote_vote_id_vote")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_named_vote")),
    )
    with op.batch_alter_table("named_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_named_vote_vote_id"), ["vote_id"], unique=False)

    tables.create(
        "score",
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("criterion_id", sa.String(length=36), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["selection_criterion.id"],
            name=op.f("fk_score_criterion_id_selection_criterion"),
        ),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_score_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score")),
    )
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_project_id"), ["project_id"], unique=False)

    tables.create(
        "written_procedure_answer",
        sa.Column("procedure_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("answer", sa.String(length=30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_written_procedure_answer_contact_id_contact")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["written_procedure.id"],
            name=op.f("fk_written_procedure_answer_procedure_id_written_procedure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_written_procedure_answer")),
    )
    with op.batch_alter_table("written_procedure_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_written_procedure_answer_procedure_id"), ["procedure_id"], unique=False
        )

    tables.create(
        "indicator_target",
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("target_milli", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicator.id"], name=op.f("fk_indicator_target_indicator_id_indicator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_target")),
    )
    with op.batch_alter_table("indicator_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_target_indicator_id"), ["indicator_id"], unique=False)

    tables.create(
        "indicator_value",
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value_milli", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["indicator.id"], name=op.f("fk_indicator_value_indicator_id_indicator")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["project.id"], name=op.f("fk_indicator_value_project_id_project")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_value")),
    )
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_value_indicator_id"), ["indicator_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_value_project_id"), ["project_id"], unique=False)
    tables.add_references()


def downgrade() -> None:
    with op.batch_alter_table("indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_value_project_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_value_indicator_id"))

    op.drop_table("indicator_value")
    with op.batch_alter_table("indicator_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_target_indicator_id"))

    op.drop_table("indicator_target")
    with op.batch_alter_table("written_procedure_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_written_procedure_answer_procedure_id"))

    op.drop_table("written_procedure_answer")
    with op.batch_alter_table("score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_project_id"))

    op.drop_table("score")
    with op.batch_alter_table("named_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_named_vote_vote_id"))

    op.drop_table("named_vote")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_action_field_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("development_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_development_goal_action_field_id"))

    op.drop_table("development_goal")
    op.drop_table("budget_reallocation")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_attendance_contact_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("written_procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_written_procedure_body_id"))

    op.drop_table("written_procedure")
    with op.batch_alter_table("vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vote_agenda_item_id"))

    op.drop_table("vote")
    with op.batch_alter_table("selection_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selection_criterion_funding_period_id"))

    op.drop_table("selection_criterion")
    op.drop_table("region_settings")
    with op.batch_alter_table("project_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_status_change_project_id"))

    op.drop_table("project_status_change")
    with op.batch_alter_table("project_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_contact_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_contact_contact_id"))

    op.drop_table("project_contact")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_project_id"))

    op.drop_table("payment")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_contact_id"))
        batch_op.drop_index(batch_op.f("ix_membership_body_id"))

    op.drop_table("membership")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_body_id"))

    op.drop_table("meeting")
    with op.batch_alter_table("funding_rate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_rate_funding_period_id"))

    op.drop_table("funding_rate")
    with op.batch_alter_table("contact_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_tag_tag_id"))
        batch_op.drop_index(batch_op.f("ix_contact_tag_contact_id"))

    op.drop_table("contact_tag")
    with op.batch_alter_table("contact_phone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_phone_contact_id"))

    op.drop_table("contact_phone")
    with op.batch_alter_table("contact_email", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_email_contact_id"))
        batch_op.drop_index(batch_op.f("ix_contact_email_address"))

    op.drop_table("contact_email")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_contact_id"))

    op.drop_table("consent")
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_of_interest_contact_id"))
        batch_op.drop_index(batch_op.f("ix_conflict_of_interest_agenda_item_id"))

    op.drop_table("conflict_of_interest")
    op.drop_table("call")
    with op.batch_alter_table("affiliation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliation_person_id"))
        batch_op.drop_index(batch_op.f("ix_affiliation_institution_id"))

    op.drop_table("affiliation")
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_contact_id"))

    op.drop_table("address")
    op.drop_table("action_field")
    op.drop_table("tag")
    op.drop_table("saved_filter")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_sponsor_id"))
        batch_op.drop_index(batch_op.f("ix_project_call_id"))
        batch_op.drop_index(batch_op.f("ix_project_action_field_id"))

    op.drop_table("project")
    op.drop_table("interest_group")
    op.drop_table("funding_period")
    op.drop_table("contact")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_row")
        batch_op.drop_index("ix_change_log_hlc")

    op.drop_table("change_log")
    op.drop_table("body")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_owner_table"))
        batch_op.drop_index(batch_op.f("ix_attachment_owner_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_project_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
