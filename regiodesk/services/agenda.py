"""The agenda of a meeting: add, edit, reorder and remove items; numbers are derived."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Meeting, Project
from regiodesk.domain.agenda import AgendaEntry, flatten_agenda, number_agenda
from regiodesk.domain.enums import AgendaKind, RequiredMajority
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.fields import fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import RecordService, set_if_changed


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


EDITABLE = (
    "title",
    "kind",
    "project_id",
    "is_selection_decision",
    "required_majority",
    "discussion",
    "decision_text",
)


def ordered_items(session: Session, meeting_id: str) -> list[AgendaItem]:
    """Live items of a meeting in display order (parents followed by their sub-items), to change."""
    return _in_order(list(session.scalars(select(AgendaItem).where(*_live_items_of(meeting_id)))))


def agenda_rows(session: Session, meeting_id: str) -> list[Row[Any]]:
    """:func:`ordered_items` as rows of the item's columns, to show or to count with: read without
    the ORM (a printed agenda, the order a vote's attendance is counted in)."""
    return _in_order(list(session.execute(select(AgendaItem.__table__).where(*_live_items_of(meeting_id)))))


def item_order(session: Session, meeting_id: str) -> list[str]:
    """The ids of a meeting's live items in display order."""
    return [item.id for item in agenda_rows(session, meeting_id)]


def _live_items_of(meeting_id: str) -> tuple[ColumnElement[bool], ...]:
    items = AgendaItem.__table__.c
    return items.meeting_id == meeting_id, items.deleted_at.is_(None)


_Item = TypeVar("_Item", AgendaItem, Row[Any])


def _in_order(items: list[_Item]) -> list[_Item]:
    by_id = {i.id: i for i in items}
    return [by_id[e.id] for e in flatten_agenda([(i.id, i.parent_id, i.position) for i in items])]


def _renumber(session: Session, meeting_id: str) -> None:
    items = ordered_items(session, meeting_id)
    ids = {i.id for i in items}
    numbers = number_agenda([AgendaEntry(i.id, i.parent_id if i.parent_id in ids else None) for i in items])
    siblings: dict[str | None, int] = {}
    for item in items:
        parent = item.parent_id if item.parent_id in ids else None
        siblings[parent] = siblings.get(parent, 0) + 1
        set_if_changed(item, "position", siblings[parent])
        set_if_changed(item, "number", numbers[item.id])


class AgendaService:
    def __init__(self, db: Database):
        self.db = db

    def items(self, meeting_id: str) -> list[AgendaRow]:
        with self.db.session() as session:
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

    def add(
        self,
        meeting_id: str,
        title: str,
        kind: str = AgendaKind.INFORMATION.value,
        parent_id: str | None = None,
        **values: Any,
    ) -> str:
        """Append an item at the end (of the parent's sub-items, if a parent is given)."""
        values = _selection_by_default({"title": title, "kind": kind, **values}, given=values)
        self._validate(values)
        with self.db.transaction() as session:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.deleted_at is not None:
                raise NotFoundError(tr("Die Sitzung gibt es nicht (mehr)."))
            if parent_id is not None:
                parent = session.get(AgendaItem, parent_id)
                if parent is None or parent.meeting_id != meeting_id or parent.parent_id is not None:
                    raise DomainError(tr("Unterpunkte gibt es nur unter einem Hauptpunkt derselben Sitzung."))
            last = max(
                (i.position for i in ordered_items(session, meeting_id) if i.parent_id == parent_id),
                default=0,
            )
            item = AgendaItem(meeting_id=meeting_id, parent_id=parent_id, position=last + 1)
            for key in EDITABLE:
                if key in values:
                    setattr(item, key, values[key])
            session.add(item)
            session.flush()
            _renumber(session, meeting_id)
            return item.id

    def update(self, item_id: str, **values: Any) -> None:
        with self.db.transaction() as session:
            item = self._get(session, item_id)
            current = {key: getattr(item, key) for key in EDITABLE}
            merged = current | values
            becomes_project_decision = not _is_project_decision(current) and _is_project_decision(merged)
            if becomes_project_decision:
                merged = _selection_by_default(merged, given=values)
                values = {**values, "is_selection_decision": merged["is_selection_decision"]}
            self._validate(merged)
            for key in EDITABLE:
                if key in values:
                    set_if_changed(item, key, values[key])

    def move(self, item_id: str, offset: int) -> None:
        """Move an item up (offset < 0) or down among its siblings; sub-items move with their parent."""
        with self.db.transaction() as session:
            item = self._get(session, item_id)
            siblings = [i for i in ordered_items(session, item.meeting_id) if i.parent_id == item.parent_id]
            index = siblings.index(item)
            target = max(0, min(len(siblings) - 1, index + offset))
            if target == index:
                return
            siblings.insert(target, siblings.pop(index))
            for n, sibling in enumerate(siblings, start=1):
                set_if_changed(sibling, "position", n)
            session.flush()
            _renumber(session, item.meeting_id)

    def remove(self, item_id: str) -> None:
        with self.db.transaction() as session:
            item = self._get(session, item_id)
            now = utcnow()
            item.deleted_at = now
            for child in session.scalars(select(AgendaItem).where(AgendaItem.parent_id == item.id)):
                if child.deleted_at is None:
                    child.deleted_at = now
            session.flush()
            _renumber(session, item.meeting_id)

    @staticmethod
    def _get(session: Session, item_id: str) -> AgendaItem:
        item = session.get(AgendaItem, item_id)
        if item is None or item.deleted_at is not None:
            raise NotFoundError(tr("Den Tagesordnungspunkt gibt es nicht (mehr)."))
        return item

    @staticmethod
    def _validate(values: dict[str, Any]) -> None:
        errors = {}
        if not (values.get("title") or "").strip():
            errors["title"] = "Bitte einen Titel für den Tagesordnungspunkt eingeben."
        if values.get("kind") not in {v for v, _ in AgendaKind.choices()}:
            errors["kind"] = "Bitte die Art des Tagesordnungspunkts wählen."
        if values.get("required_majority", "einfach") not in {v for v, _ in RequiredMajority.choices()}:
            errors["required_majority"] = "Bitte die erforderliche Mehrheit wählen."
        if values.get("is_selection_decision") and not values.get("project_id"):
            errors["project_id"] = "Eine Projektauswahl braucht ein verknüpftes Projekt."
        if errors:
            raise ValidationError(errors)


def _is_project_decision(values: dict[str, Any]) -> bool:
    return values.get("kind") == AgendaKind.DECISION.value and bool(values.get("project_id"))


def _selection_by_default(values: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """A decision (Beschluss) on a project is a LEADER selection decision, with the double quorum
    (rule 2), unless the caller deliberately says otherwise by passing ``is_selection_decision``."""
    if _is_project_decision(values) and given.get("is_selection_decision") is None:
        return {**values, "is_selection_decision": True}
    return values


class AgendaItemForm(RecordService[AgendaItem]):
    """The fields of an agenda item for the window's form (AgendaService itself takes keywords)."""

    model = AgendaItem
    fields = fields_of("agenda_item")
    columns = ()
