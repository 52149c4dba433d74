"""Funding periods and their funding rates per project type (edited by the region, not hard-coded).

The selection criteria of a period are :class:`regiodesk.services.selection.CriterionService`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import FundingPeriod, FundingRate
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.records import ListRow, RecordService, end_not_before_start

__all__ = ["FundingPeriodService", "FundingRateService"]


class FundingPeriodService(RecordService[FundingPeriod]):
    model = FundingPeriod
    fields = fields_of("funding_period", without="active")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("name", "Förderperiode", width=200),
        Column("starts_on", "Beginn", Kind.DATE),
        Column("ends_on", "Ende", Kind.DATE),
        Column("total_budget_cents", "Budget", Kind.MONEY),
        Column("max_grant_per_project_cents", "Höchstzuschuss", Kind.MONEY),
        Column("min_total_points", "Mindestpunktzahl", Kind.INT),
    )

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return end_not_before_start(
            values, "starts_on", "ends_on", "Das Ende liegt vor dem Beginn der Periode."
        )


class FundingRateService(RecordService[FundingRate]):
    """Funding rates of one funding period (e.g. produktiv 30 % netto, nicht produktiv 50 %)."""

    model = FundingRate
    fields = fields_of("funding_rate")
    columns = (
        Column("project_type", "Projektart", width=200),
        Column("rate_bp", "Fördersatz", Kind.PERCENT),
        Column("net_basis", "netto", Kind.BOOL),
        Column("requires_public_cofinancing", "Kofinanzierung nötig", Kind.BOOL),
    )

    def __init__(self, db: Database, funding_period_id: str | None = None):
        super().__init__(db)
        self.funding_period_id = funding_period_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(FundingRate).where(FundingRate.deleted_at.is_(None))
        if self.funding_period_id is not None:
            stmt = stmt.where(FundingRate.funding_period_id == self.funding_period_id)
        for r in session.scalars(self._only(stmt.order_by(FundingRate.project_type), ids)):
            yield ListRow(r.id, (r.project_type, r.rate_bp, r.net_basis, r.requires_public_cofinancing))

    def defaults(self) -> dict[str, Any]:
        return super().defaults() | {"funding_period_id": self.funding_period_id}

    def _apply(self, session: Session, obj, values: dict[str, Any]) -> None:
        name = (values.get("project_type") or "").strip()
        twin = session.scalar(
            select(func.count()).where(
                FundingRate.funding_period_id == values.get("funding_period_id"),
                func.lower(FundingRate.project_type) == name.lower(),
                FundingRate.deleted_at.is_(None),
                FundingRate.id != (obj.id or ""),
            )
        )
        if twin:
            from regiodesk.domain.errors import ValidationError

            raise ValidationError.single(
                "project_type",
                tr(
                    "Für die Projektart „{name}“ ist in dieser Periode schon ein Fördersatz hinterlegt.",
                    name=name,
                ),
            )
        super()._apply(session, obj, values)
