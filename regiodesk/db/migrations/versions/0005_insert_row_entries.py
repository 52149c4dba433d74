"""change log: an insert is logged as one entry for the whole row (field "*")

Until 0004 an insert wrote one change-log entry per filled field: an import of 20,000 contacts
wrote 255,000 entries, and writing them was half the import's time. From 0005 on an insert
writes one entry whose new value is a JSON object of the fields (``regiodesk.db.changelog.ROW``);
the entries written before stay as they are, and both forms are read alike. The table does not
change: this revision exists so that an older regiodesk, which would read such an entry as a
field named "*", refuses the file and its sync journals ("neuere regiodesk-Version") instead.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    # Row entries written meanwhile stay; a 0004 program would misread them. Not offered in the
    # program (files are never downgraded); here for Alembic's chain only.
    pass
