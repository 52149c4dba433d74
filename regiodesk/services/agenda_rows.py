"""Reading a meeting's agenda: its items in display order, read without the ORM.

The window's agenda, attendance and vote pages, the rules that count a vote's attendance and a
meeting's documents read the agenda through here; ``agenda`` changes it (and orders its entities
the same way, :func:`in_agenda_order`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Project
from regiodesk.domain.agenda import flatten_agenda


@dataclass(frozen=True)
class AgendaRow:
    id: str
    number: str
    title: str
    kind: str
    parent_id: str | None
    project_id: str | None
    project_title: str
    is_selection_decision: bool
    required_majority: str
    discussion: str
    decision_text: str


def agenda_rows(session: Session, meeting_id: str) -> list[Row[Any]]:
    """A meeting's live items in display order (parents followed by their sub-items), as rows of
    the item's columns: to show or to count with (a printed agenda, the order in which a vote's
    attendance is counted)."""
    return in_agenda_order(
        list(session.execute(select(AgendaItem.__table__).where(*live_items_of(meeting_id))))
    )


def item_order(session: Session, meeting_id: str) -> list[str]:
    """The ids of a meeting's live items in display order."""
    return [item.id for item in agenda_rows(session, meeting_id)]


def live_items_of(meeting_id: str) -> tuple[ColumnElement[bool], ...]:
    """The conditions of a meeting's live items (on the table's columns: for Core and ORM alike)."""
    items = AgendaItem.__table__.c
    return items.meeting_id == meeting_id, items.deleted_at.is_(None)


Item = TypeVar("Item", AgendaItem, Row[Any])


def in_agenda_order(items: list[Item]) -> list[Item]:
    """``items`` (entities or rows) in display order: parents followed by their sub-items."""
    by_id = {i.id: i for i in items}
    return [by_id[e.id] for e in flatten_agenda([(i.id, i.parent_id, i.position) for i in items])]


def agenda_items(db: Database, meeting_id: str) -> list[AgendaRow]:
    """A meeting's live items in display order, each with the title of its project."""
    with db.session() as session:
        items = agenda_rows(session, meeting_id)
        projects = Project.__table__.c
        project_ids = [item.project_id for item in items if item.project_id]
        found = session.execute(select(projects.id, projects.title).where(projects.id.in_(project_ids)))
        titles: dict[str, str] = {row.id: row.title for row in found}
        rows = []
        for item in items:
            rows.append(
                AgendaRow(
                    item.id,
                    item.number,
                    item.title,
                    item.kind,
                    item.parent_id,
                    item.project_id,
                    titles.get(item.project_id or "", ""),
                    item.is_selection_decision,
                    item.required_majority,
                    item.discussion,
                    item.decision_text,
                )
            )
        return rows
