"""Contacts named by id, read without loading them.

A list or a document that names people (a meeting's members, who declared a conflict of interest,
a consultation's partners) needs the few columns a name is made of, not the contacts. One Core
statement reads them: a command that only prints never builds SQLAlchemy's ORM for it (see
``reports.meeting_docs.load_dossier``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from regiodesk.db.models.contacts import NAME_COLUMNS, Contact, contact_name


def named_contacts(session: Session, ids: Iterable[str | None]) -> dict[str, Row[Any]]:
    """id -> the contact's :data:`~regiodesk.db.models.contacts.NAME_COLUMNS` (for
    :func:`~regiodesk.db.models.contacts.contact_name` and ``sort_name``); no query for no ids. A
    deleted contact is still named: what was recorded with a person keeps the person's name."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    columns = Contact.__table__.c
    rows = session.execute(select(*(columns[name] for name in NAME_COLUMNS)).where(columns.id.in_(wanted)))
    return {row.id: row for row in rows}


def contact_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """id -> the contact's name as the program shows it."""
    return {i: contact_name(row) for i, row in named_contacts(session, ids).items()}
