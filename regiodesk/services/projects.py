"""Projects (Projekte): the records; pipeline, scoring and lists build on them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from regiodesk.db.base import Record
from regiodesk.db.models import (
    ActionField,
    AgendaItem,
    Contact,
    CooperationPartner,
    Payment,
    Project,
    ProjectStatusChange,
    Score,
)
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.pipeline import DATE_FIELD
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import plural
from regiodesk.services.deadlines import lapse_due_in
from regiodesk.services.project_pipeline import change_status_in
from regiodesk.services.records import ListRow, RecordService, end_not_before_start

COSTS = "Kosten und Förderung"
#: The list's status of a selected project due to lapse (rule 9): the outcome first, since the
#: column is narrow; "Frist abgelaufen" is what the list's filter finds.
LAPSE_MARKER = "verfällt – Antragsfrist abgelaufen"
DATES = "Termine"


class ProjectService(RecordService[Project]):
    model = Project
    fields = fields_of("project")
    columns = (
        Column("title", "Titel", width=280),
        Column("sponsor", "Projektträger", width=200),
        Column("action_field", "Handlungsfeld", width=160),
        Column("status", "Status", width=150),
        Column("eligible_cost_cents", "förderfähige Kosten", Kind.MONEY),
        Column("grant_cents", "Zuschuss", Kind.MONEY),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        sponsor = aliased(Contact)
        sponsor_name = func.coalesce(
            func.nullif(sponsor.organisation, ""), func.trim(sponsor.first_name + " " + sponsor.last_name)
        )
        stmt = (
            select(
                Project.id,
                Project.title,
                sponsor_name,
                func.trim(ActionField.code + " " + ActionField.name),
                Project.status,
                Project.eligible_cost_cents,
                Project.grant_cents,
            )
            .outerjoin(sponsor, sponsor.id == Project.sponsor_id)
            .outerjoin(ActionField, ActionField.id == Project.action_field_id)
            .where(Project.deleted_at.is_(None))
        )
        rows = list(session.execute(self._only(stmt, ids)))
        # Rule 9: a selected project past its application period is marked until the office
        # confirms the lapse (the marker is text, so the list's filter finds it).
        lapsing = lapse_due_in(session, date.today(), None if ids is None else list(ids))
        for row in rows:
            status = LAPSE_MARKER if row[0] in lapsing else ProjectStatus.label_of(row[4])
            yield ListRow(row[0], (row[1], row[2] or "", row[3] or "", status, row[5], row[6]))

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = end_not_before_start(values, "starts_on", "ends_on", "Das Projektende liegt vor dem Beginn.")
        gross, eligible, grant = (
            values.get("total_cost_gross_cents"),
            values.get("eligible_cost_cents"),
            values.get("grant_cents"),
        )
        if gross is not None and eligible is not None and eligible > gross:
            errors["eligible_cost_cents"] = "Die förderfähigen Kosten sind höher als die Gesamtkosten."
        if eligible is not None and grant is not None and grant > eligible:
            errors["grant_cents"] = "Der Zuschuss ist höher als die förderfähigen Kosten."
        return errors

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        """A changed status of a saved project goes through the pipeline (checked, dated, recorded)."""
        assert isinstance(obj, Project)
        status = values.get("status")
        if obj.id is None or not status or status == obj.status:
            super()._apply(session, obj, values)
            return
        target = ProjectStatus(status)
        date_field = DATE_FIELD.get(target)
        before = getattr(obj, date_field) if date_field else None
        super()._apply(session, obj, {k: v for k, v in values.items() if k != "status"})
        typed = values.get(date_field) if date_field else None
        today = date.today()
        on = typed if typed is not None and typed != before else today
        change_status_in(session, obj, target, on, note="Im Projektformular geändert.", today=today)

    def _created(self, session: Session, obj: Project) -> None:
        session.add(
            ProjectStatusChange(
                project_id=obj.id,
                from_status=None,
                to_status=obj.status,
                changed_on=date.today(),
                note="Projekt angelegt.",
            )
        )

    def _history_children(self, session: Session, obj: Record) -> Sequence[Record]:
        children: list[Record] = []
        for model in (Payment, ProjectStatusChange, Score, CooperationPartner):
            children += session.scalars(select(model).where(model.project_id == obj.id))
        return children

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            items = session.scalar(
                select(func.count()).where(
                    AgendaItem.project_id == record_id, AgendaItem.deleted_at.is_(None)
                )
            )
        if items:
            return plural(
                items,
                "Das Projekt steht auf {n} Tagesordnungspunkt; dieser bleibt erhalten.",
                "Das Projekt steht auf {n} Tagesordnungspunkten; diese bleiben erhalten.",
            )
        return ""
