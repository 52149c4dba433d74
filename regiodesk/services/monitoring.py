"""Monitoring: Handlungsfelder with their budgets; indicators build on them."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.models import ActionField, Indicator, IndicatorTarget, Project
from regiodesk.domain.enums import IndicatorKind, IndicatorSource
from regiodesk.services.fields import Column, Field, Kind
from regiodesk.services.records import ListRow, RecordService

#: Statuses in which a project's grant counts as approved by the Bewilligungsstelle.
APPROVED = ("bewilligt", "in_umsetzung", "abgeschlossen", "vn_geprueft")


class ActionFieldService(RecordService[ActionField]):
    model = ActionField
    fields = (
        Field("code", "Kürzel", max_length=20),
        Field("name", "Handlungsfeld", required=True),
        Field("funding_period_id", "Förderperiode", Kind.REF, lookup="funding_periods"),
        Field("planned_budget_cents", "Budget geplant", Kind.MONEY),
        Field("description", "Beschreibung", Kind.MULTILINE),
    )
    columns = (
        Column("code", "Kürzel", width=60),
        Column("name", "Handlungsfeld", width=260),
        Column("planned_budget_cents", "Budget geplant", Kind.MONEY),
        Column("projects", "Projekte", Kind.INT),
        Column("approved_cents", "bewilligt", Kind.MONEY),
        Column("remaining_cents", "verbleibend", Kind.MONEY),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        live = (Project.action_field_id == ActionField.id) & Project.deleted_at.is_(None)
        count = select(func.count()).where(live).correlate(ActionField).scalar_subquery()
        approved = (
            select(func.coalesce(func.sum(Project.grant_cents), 0))
            .where(live, Project.status.in_(APPROVED))
            .correlate(ActionField)
            .scalar_subquery()
        )
        stmt = select(
            ActionField.id,
            ActionField.code,
            ActionField.name,
            ActionField.planned_budget_cents,
            count,
            approved,
        ).where(ActionField.deleted_at.is_(None))
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(row[0], (row[1], row[2], row[3], row[4], row[5], row[3] - row[5]))

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            projects = session.scalar(
                select(func.count()).where(Project.action_field_id == record_id, Project.deleted_at.is_(None))
            )
        if projects:
            return f"{projects} Projekte sind diesem Handlungsfeld zugeordnet; sie bleiben erhalten."
        return ""

    def indicators(self, action_field_id: str) -> list[dict[str, Any]]:
        with self.db.session() as session:
            stmt = select(Indicator).where(
                Indicator.action_field_id == action_field_id, Indicator.deleted_at.is_(None)
            )
            result = []
            for ind in session.scalars(stmt):
                target = session.scalar(
                    select(func.sum(IndicatorTarget.target_milli)).where(
                        IndicatorTarget.indicator_id == ind.id, IndicatorTarget.deleted_at.is_(None)
                    )
                )
                result.append(
                    {
                        "id": ind.id,
                        "name": ind.name,
                        "unit": ind.unit,
                        "kind": IndicatorKind.label_of(ind.kind),
                        "source": IndicatorSource.label_of(ind.source),
                        "target": (target or 0) / 1000,
                    }
                )
            return result
