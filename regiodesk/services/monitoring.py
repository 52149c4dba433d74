"""Monitoring records: Handlungsfelder, goals, budget reallocations, indicators, targets, values.

The figures computed from them (budget table, indicator progress, Stichtag) are in
:mod:`regiodesk.services.monitoring_figures`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from regiodesk.db.base import Record
from regiodesk.db.models import (
    ActionField,
    BudgetReallocation,
    DevelopmentGoal,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Project,
)
from regiodesk.domain.enums import IndicatorKind, IndicatorSource
from regiodesk.domain.errors import ValidationError
from regiodesk.domain.monitoring import REMAINING_DEFINITION
from regiodesk.fields import Column, Kind, fields_of
from regiodesk.i18n import plural, tr
from regiodesk.services.monitoring_figures import field_budget_lines_in
from regiodesk.services.records import ListRow, RecordService


class ActionFieldService(RecordService[ActionField]):
    model = ActionField
    fields = fields_of("action_field", without="active")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("code", "Kürzel", width=60),
        Column("name", "Handlungsfeld", width=260),
        Column("planned_budget_cents", "Budget geplant", Kind.MONEY),
        Column("projects", "Projekte", Kind.INT),
        Column("committed_cents", "gebunden", Kind.MONEY),
        Column("remaining_cents", "verbleibend", Kind.MONEY, tooltip=REMAINING_DEFINITION),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        live = (Project.action_field_id == ActionField.id) & Project.deleted_at.is_(None)
        count = select(func.count()).where(live).correlate(ActionField).scalar_subquery()
        stmt = select(
            ActionField.id, ActionField.code, ActionField.name, ActionField.planned_budget_cents, count
        ).where(ActionField.deleted_at.is_(None))
        rows = list(session.execute(self._only(stmt, ids)))
        # Committed and remaining as the budget table defines them (one definition, rule 9 included).
        lines = field_budget_lines_in(session, [row[0] for row in rows], date.today())
        for row in rows:
            line = lines.get(row[0])
            committed = line.committed_cents if line else 0
            remaining = line.remaining_cents if line else (row[3] or 0)
            yield ListRow(row[0], (row[1], row[2], row[3], row[4], committed, remaining))

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            projects = session.scalar(
                select(func.count()).where(Project.action_field_id == record_id, Project.deleted_at.is_(None))
            )
        if projects:
            return plural(
                projects,
                "{n} Projekt ist diesem Handlungsfeld zugeordnet; es bleibt erhalten.",
                "{n} Projekte sind diesem Handlungsfeld zugeordnet; sie bleiben erhalten.",
            )
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


_COMPUTED_SOURCES = frozenset({IndicatorSource.PROJECT_COUNT.value, IndicatorSource.GRANT_SUM.value})


def _live(session: Session, model, record_id: str | None):
    obj = session.get(model, record_id) if record_id else None
    return obj if obj is not None and obj.deleted_at is None else None


class DevelopmentGoalService(RecordService[DevelopmentGoal]):
    """Entwicklungsziele of a Handlungsfeld."""

    model = DevelopmentGoal
    fields = fields_of("development_goal", without="active")
    columns: ClassVar[tuple[Column, ...]] = (
        Column("code", "Kürzel", width=60),
        Column("name", "Entwicklungsziel", width=320),
    )

    def __init__(self, db, action_field_id: str | None = None):
        super().__init__(db)
        self.action_field_id = action_field_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(DevelopmentGoal.id, DevelopmentGoal.code, DevelopmentGoal.name).where(
            DevelopmentGoal.deleted_at.is_(None)
        )
        if self.action_field_id is not None:
            stmt = stmt.where(DevelopmentGoal.action_field_id == self.action_field_id)
        for row in session.execute(self._only(stmt.order_by(DevelopmentGoal.code), ids)):
            yield ListRow(row[0], (row[1], row[2]))

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "action_field_id": self.action_field_id}


class BudgetReallocationService(RecordService[BudgetReallocation]):
    """Budgetumschichtungen: money moved between Handlungsfelder by a LAG decision."""

    model = BudgetReallocation
    fields = fields_of("budget_reallocation")
    columns = (
        Column("decided_on", "beschlossen am", Kind.DATE),
        Column("from", "von", width=200),
        Column("to", "zu", width=200),
        Column("amount_cents", "Betrag", Kind.MONEY),
        Column("note", "Begründung", width=240),
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        source, target = aliased(ActionField), aliased(ActionField)
        stmt = (
            select(
                BudgetReallocation.id,
                BudgetReallocation.decided_on,
                func.trim(source.code + " " + source.name),
                func.trim(target.code + " " + target.name),
                BudgetReallocation.amount_cents,
                BudgetReallocation.note,
            )
            .outerjoin(source, source.id == BudgetReallocation.from_action_field_id)
            .outerjoin(target, target.id == BudgetReallocation.to_action_field_id)
            .where(BudgetReallocation.deleted_at.is_(None))
            .order_by(BudgetReallocation.decided_on)
        )
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(
                row[0], (row[1], row[2] or "(außerhalb)", row[3] or "(außerhalb)", row[4], row[5] or "")
            )

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        source, target = values.get("from_action_field_id"), values.get("to_action_field_id")
        if not source and not target:
            errors["to_action_field_id"] = (
                "Bitte angeben, von welchem oder zu welchem Handlungsfeld umgeschichtet wird."
            )
        elif source and source == target:
            errors["to_action_field_id"] = (
                "Von- und Zu-Handlungsfeld sind dasselbe; das ist keine Umschichtung."
            )
        amount = values.get("amount_cents")
        if isinstance(amount, int) and amount <= 0:
            errors["amount_cents"] = "Der Betrag einer Umschichtung muss größer als 0 € sein."
        return errors

    def _check_references(self, session: Session, values: dict[str, Any]) -> None:
        super()._check_references(session, values)
        source = _live(session, ActionField, values.get("from_action_field_id"))
        target = _live(session, ActionField, values.get("to_action_field_id"))
        if source and target and source.funding_period_id != target.funding_period_id:
            raise ValidationError(
                {
                    "to_action_field_id": tr(
                        "Umgeschichtet wird nur zwischen Handlungsfeldern derselben Förderperiode."
                    )
                }
            )
        if source is not None:
            available = self._available(session, source, values.get("_id"))
            if values["amount_cents"] > available:
                from regiodesk.i18n import format_cents

                raise ValidationError(
                    {
                        "amount_cents": tr(
                            "Im Handlungsfeld „{value}“ sind nach den bisherigen Umschichtungen nur "
                            "{available} geplant.",
                            value=source.display_name(),
                            available=format_cents(available),
                        )
                    }
                )

    @staticmethod
    def _available(session: Session, field: ActionField, own_id: str | None) -> int:
        moved = 0
        stmt = select(BudgetReallocation).where(
            BudgetReallocation.deleted_at.is_(None),
            (BudgetReallocation.from_action_field_id == field.id)
            | (BudgetReallocation.to_action_field_id == field.id),
        )
        for r in session.scalars(stmt):
            if r.id == own_id:
                continue
            moved += r.amount_cents if r.to_action_field_id == field.id else -r.amount_cents
        return field.planned_budget_cents + moved

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        super().update(record_id, {**values, "_id": record_id}, seen)


class IndicatorService(RecordService[Indicator]):
    """Indikatoren per Handlungsfeld: output and result, computed from projects or recorded."""

    model = Indicator
    fields = fields_of("indicator")
    columns = (
        Column("action_field", "Handlungsfeld", width=160),
        Column("name", "Indikator", width=280),
        Column("unit", "Einheit"),
        Column("kind", "Art"),
        Column("source", "Istwert"),
    )

    def __init__(self, db, action_field_id: str | None = None):
        super().__init__(db)
        self.action_field_id = action_field_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(
                Indicator.id,
                func.trim(ActionField.code + " " + ActionField.name),
                Indicator.name,
                Indicator.unit,
                Indicator.kind,
                Indicator.source,
            )
            .outerjoin(ActionField, ActionField.id == Indicator.action_field_id)
            .where(Indicator.deleted_at.is_(None))
            .order_by(ActionField.position, Indicator.created_at)
        )
        if self.action_field_id is not None:
            stmt = stmt.where(Indicator.action_field_id == self.action_field_id)
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(
                row[0],
                (
                    row[1] or "",
                    row[2],
                    row[3],
                    IndicatorKind.label_of(row[4]),
                    IndicatorSource.label_of(row[5]),
                ),
            )

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "action_field_id": self.action_field_id}

    def _dependents(self, session: Session, obj) -> Sequence[Record]:
        children: list[Record] = []
        for model in (IndicatorTarget, IndicatorValue):
            children += session.scalars(select(model).where(model.indicator_id == obj.id))
        return children

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        if values.get("source") == IndicatorSource.GRANT_SUM.value and values.get("unit") not in (
            "€",
            "Euro",
            "EUR",
        ):
            return {"unit": "Zuschüsse werden in Euro gezählt: als Einheit bitte „Euro“ angeben."}
        return {}


class _IndicatorChild:
    """Targets and values belong to one indicator; the list shows that indicator's rows."""

    def _scope_rules(self, session: Session, values: dict[str, Any]) -> Indicator:
        indicator = _live(session, Indicator, values.get("indicator_id"))
        if indicator is None:
            raise ValidationError({"indicator_id": tr("Den gewählten Indikator gibt es nicht mehr.")})
        return indicator


def _year_rule(values: dict[str, Any]) -> dict[str, str]:
    year = values.get("year")
    if isinstance(year, int) and not 2000 <= year <= 2100:
        return {"year": "Bitte ein Jahr zwischen 2000 und 2100 angeben."}
    return {}


class IndicatorTargetService(_IndicatorChild, RecordService[IndicatorTarget]):
    """Zielwerte of an indicator per year (``target_milli``: thousandths of the unit)."""

    model = IndicatorTarget
    fields = fields_of("indicator_target")
    columns = (Column("year", "Jahr", Kind.INT), Column("target_milli", "Zielwert", Kind.QUANTITY))

    def __init__(self, db, indicator_id: str | None = None):
        super().__init__(db)
        self.indicator_id = indicator_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(IndicatorTarget.id, IndicatorTarget.year, IndicatorTarget.target_milli).where(
            IndicatorTarget.deleted_at.is_(None)
        )
        if self.indicator_id is not None:
            stmt = stmt.where(IndicatorTarget.indicator_id == self.indicator_id)
        for row in session.execute(self._only(stmt.order_by(IndicatorTarget.year), ids)):
            yield ListRow(row[0], (row[1], row[2]))

    def defaults(self) -> dict[str, Any]:
        return {**super().defaults(), "indicator_id": self.indicator_id}

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        return _year_rule(values)

    def _check_references(self, session: Session, values: dict[str, Any]) -> None:
        super()._check_references(session, values)
        self._scope_rules(session, values)
        clash = session.scalar(
            select(IndicatorTarget.id).where(
                IndicatorTarget.indicator_id == values["indicator_id"],
                IndicatorTarget.year == values["year"],
                IndicatorTarget.deleted_at.is_(None),
                IndicatorTarget.id != (values.get("_id") or ""),
            )
        )
        if clash:
            raise ValidationError(
                {"year": tr("Für {year} gibt es schon einen Zielwert.", year=values["year"])}
            )

    def update(self, record_id: str, values: dict[str, Any], seen: dict[str, Any] | None = None) -> None:
        super().update(record_id, {**values, "_id": record_id}, seen)


class IndicatorValueService(_IndicatorChild, RecordService[IndicatorValue]):
    """Istwerte recorded per project or per year, with source and date."""

    model = IndicatorValue
    fields = fields_of("indicator_value")
    columns = (
        Column("year", "Jahr", Kind.INT),
        Column("value_milli", "Istwert", Kind.QUANTITY),
        Column("project", "Projekt", width=220),
        Column("source", "Quelle", width=220),
        Column("recorded_on", "erfasst am", Kind.DATE),
    )

    def __init__(self, db, indicator_id: str | None = None):
        super().__init__(db)
        self.indicator_id = indicator_id

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(
                IndicatorValue.id,
                IndicatorValue.year,
                IndicatorValue.value_milli,
                Project.title,
                IndicatorValue.source,
                IndicatorValue.recorded_on,
            )
            .outerjoin(Project, Project.id == IndicatorValue.project_id)
            .where(IndicatorValue.deleted_at.is_(None))
            .order_by(IndicatorValue.year, IndicatorValue.recorded_on)
        )
        if self.indicator_id is not None:
            stmt = stmt.where(IndicatorValue.indicator_id == self.indicator_id)
        for row in session.execute(self._only(stmt, ids)):
            yield ListRow(row[0], (row[1], row[2], row[3] or "", row[4], row[5]))

    def defaults(self) -> dict[str, Any]:
        from datetime import date

        return {**super().defaults(), "indicator_id": self.indicator_id, "recorded_on": date.today()}

    def check_rules(self, values: dict[str, Any]) -> dict[str, str]:
        errors = _year_rule(values)
        year, recorded = values.get("year"), values.get("recorded_on")
        if isinstance(year, int) and recorded is not None and recorded.year < year:
            errors["recorded_on"] = "Ein Istwert kann nicht vor dem Jahr erfasst sein, für das er gilt."
        return errors

    def _check_references(self, session: Session, values: dict[str, Any]) -> None:
        super()._check_references(session, values)
        indicator = self._scope_rules(session, values)
        if indicator.source in _COMPUTED_SOURCES:
            raise ValidationError(
                {
                    "indicator_id": tr(
                        "Der Istwert von „{indicator_name}“ wird aus den Projekten berechnet und "
                        "nicht erfasst.",
                        indicator_name=indicator.name,
                    )
                }
            )
