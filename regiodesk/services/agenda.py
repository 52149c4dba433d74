"""The agenda of a meeting: add, edit, reorder and remove items; numbers are derived (reading it:
``agenda_rows``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.base import utcnow
from regiodesk.db.database import Database
from regiodesk.db.models import AgendaItem, Meeting
from regiodesk.domain.agenda import AgendaEntry, number_agenda
from regiodesk.domain.enums import AgendaKind, RequiredMajority
from regiodesk.domain.errors import DomainError, NotFoundError, ValidationError
from regiodesk.fields import fields_of
from regiodesk.i18n import tr
from regiodesk.services.agenda_rows import AgendaRow, agenda_items, in_agenda_order, live_items_of
from regiodesk.services.records import RecordService, set_if_changed

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
    return in_agenda_order(list(session.scalars(select(AgendaItem).where(*live_items_of(meeting_id)))))


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
        return agenda_items(self.db, meeting_id)

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
