"""The Stammdaten: catalogues an office keeps for itself (interest groups, Handlungsfelder, …).

Each catalogue entry can be *deactivated* (``active``): it is then no longer offered for new
data but still shows where it is used. Nothing is ever hard-deleted, and an entry still in use
is not even tombstoned: :meth:`Catalogue.delete` refuses it with a German message naming the use.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from regiodesk.db.base import Record
from regiodesk.db.models import (
    ActionField,
    Consent,
    ConsentPurpose,
    DevelopmentGoal,
    FundingPeriod,
    InterestGroup,
    SelectionCriterion,
    Tag,
    record_models,
)
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.fields import Column, Field, Kind, fields_of
from regiodesk.i18n import tr
from regiodesk.services.funding_periods import FundingPeriodService
from regiodesk.services.memberships import InterestGroupService
from regiodesk.services.monitoring import ActionFieldService, DevelopmentGoalService
from regiodesk.services.records import ListRow, RecordService, set_if_changed
from regiodesk.services.selection import CriterionService

ACTIVE = Field("active", "aktiv (wird für neue Einträge angeboten)", Kind.BOOL)
ACTIVE_COLUMN = Column("active", "aktiv", Kind.BOOL)


def uses_of(session: Session, model: type[Record], record_id: str) -> list[tuple[str, int]]:
    """(German label, count) of every kind of live row that refers to the record by a foreign key."""
    table = model.__table__
    found: list[tuple[str, int]] = []
    for other in sorted(record_models().values(), key=lambda m: m.__name__):
        other_table = getattr(other, "__table__", None)
        if other_table is None or other is model:
            continue
        for fk in other_table.foreign_keys:
            if fk.column.table is not table:
                continue
            column = fk.parent
            count = session.scalar(
                select(func.count())
                .select_from(other_table)
                .where(column == record_id, other_table.c.deleted_at.is_(None))
            )
            if count:
                found.append((getattr(other, "label", other.__name__), count))
    return found


class Catalogue:
    """Mixin for a catalogue's RecordService: deactivate instead of delete; no delete while in use."""

    model: type[Record]
    db: Any

    def set_active(self, record_id: str, active: bool) -> None:
        with self.db.transaction() as session:
            obj = self._get(session, record_id)  # type: ignore[attr-defined]
            set_if_changed(obj, "active", bool(active))

    def is_active(self, record_id: str) -> bool:
        with self.db.session() as session:
            return bool(self._get(session, record_id).active)  # type: ignore[attr-defined]

    def uses(self, session: Session, record_id: str) -> list[tuple[str, int]]:
        return uses_of(session, self.model, record_id)

    def delete_impact(self, record_id: str) -> str:
        with self.db.session() as session:
            uses = self.uses(session, record_id)
        if uses:
            return _in_use(self.model.label, uses)
        return ""

    def delete(self, record_id: str, seen: dict[str, Any] | None = None) -> None:
        """Tombstone an unused entry; an entry in use is refused (deactivate it instead)."""
        with self.db.session() as session:
            uses = self.uses(session, record_id)
        if uses:
            raise DomainError(_in_use(self.model.label, uses))
        super().delete(record_id, seen)  # type: ignore[misc]


def _in_use(label: str, uses: list[tuple[str, int]]) -> str:
    named = ", ".join(f"{count} × {what}" for what, count in uses)
    return (
        f"Dieser Eintrag ({label}) wird noch verwendet: {named}. Er kann daher nicht gelöscht werden; "
        "deaktivieren Sie ihn stattdessen, dann wird er für neue Einträge nicht mehr angeboten."
    )


def _order_and_active(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return (*columns, ACTIVE_COLUMN)


class InterestGroupCatalogue(Catalogue, InterestGroupService):
    model = InterestGroup
    fields = fields_of("interest_group")
    columns = (
        Column("position", "Nr.", Kind.INT, width=40),
        Column("name", "Interessengruppe", width=240),
        Column("public_sector", "öffentlicher Sektor", Kind.BOOL),
        ACTIVE_COLUMN,
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(InterestGroup).where(InterestGroup.deleted_at.is_(None))
        stmt = stmt.order_by(InterestGroup.position, InterestGroup.name)
        for g in session.scalars(self._only(stmt, ids)):
            yield ListRow(g.id, (g.position, g.name, g.public_sector, g.active))

    def defaults(self) -> dict[str, Any]:
        with self.db.session() as session:
            last = session.scalar(
                select(func.max(InterestGroup.position)).where(InterestGroup.deleted_at.is_(None))
            )
        return {**super().defaults(), "position": (last or 0) + 1}

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        _refuse_twin(session, obj, values, "Die Interessengruppe")
        super()._apply(session, obj, values)


class ActionFieldCatalogue(Catalogue, ActionFieldService):
    model = ActionField
    fields = fields_of("action_field")
    columns = (
        Column("code", "Kürzel", width=60),
        Column("name", "Handlungsfeld", width=260),
        Column("planned_budget_cents", "Budget geplant", Kind.MONEY),
        Column("period", "Förderperiode", width=140),
        ACTIVE_COLUMN,
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(ActionField, FundingPeriod.name)
            .outerjoin(FundingPeriod, FundingPeriod.id == ActionField.funding_period_id)
            .where(ActionField.deleted_at.is_(None))
            .order_by(ActionField.position, ActionField.code, ActionField.name)
        )
        for af, period in session.execute(self._only(stmt, ids)):
            yield ListRow(af.id, (af.code, af.name, af.planned_budget_cents, period or "", af.active))


class DevelopmentGoalCatalogue(Catalogue, DevelopmentGoalService):
    model = DevelopmentGoal
    fields = fields_of("development_goal")
    columns = _order_and_active(DevelopmentGoalService.columns)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(DevelopmentGoal).where(DevelopmentGoal.deleted_at.is_(None))
        if self.action_field_id is not None:
            stmt = stmt.where(DevelopmentGoal.action_field_id == self.action_field_id)
        for g in session.scalars(self._only(stmt.order_by(DevelopmentGoal.code), ids)):
            yield ListRow(g.id, (g.code, g.name, g.active))


class FundingPeriodCatalogue(Catalogue, FundingPeriodService):
    model = FundingPeriod
    fields = fields_of("funding_period")
    columns = _order_and_active(FundingPeriodService.columns)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = (
            select(FundingPeriod).where(FundingPeriod.deleted_at.is_(None)).order_by(FundingPeriod.starts_on)
        )
        for p in session.scalars(self._only(stmt, ids)):
            yield ListRow(
                p.id,
                (
                    p.name,
                    p.starts_on,
                    p.ends_on,
                    p.total_budget_cents,
                    p.max_grant_per_project_cents,
                    p.min_total_points,
                    p.active,
                ),
            )

    def uses(self, session: Session, record_id: str) -> list[tuple[str, int]]:
        # Its funding rates belong to it (deleted with it), they are no use elsewhere.
        return [(what, n) for what, n in super().uses(session, record_id) if what != "Fördersatz"]


class CriterionCatalogue(Catalogue, CriterionService):
    model = SelectionCriterion
    fields = fields_of("selection_criterion")
    columns = _order_and_active(CriterionService.columns)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        for row in super()._rows(session, ids):
            active = session.scalar(select(SelectionCriterion.active).where(SelectionCriterion.id == row.id))
            yield ListRow(row.id, (*row.values, active))


class TagCatalogue(Catalogue, RecordService[Tag]):
    model = Tag
    fields = fields_of("tag")
    columns = (Column("name", "Schlagwort", width=260), ACTIVE_COLUMN)

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        stmt = select(Tag).where(Tag.deleted_at.is_(None)).order_by(Tag.name)
        for t in session.scalars(self._only(stmt, ids)):
            yield ListRow(t.id, (t.name, t.active))

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        _refuse_twin(session, obj, values, "Das Schlagwort")
        super()._apply(session, obj, values)


class ConsentPurposeService(Catalogue, RecordService[ConsentPurpose]):
    """Purposes consent is given for. ``Consent.purpose`` holds the name: a rename renames it there too."""

    model = ConsentPurpose
    fields = fields_of("consent_purpose")
    columns = (
        Column("position", "Nr.", Kind.INT, width=40),
        Column("name", "Zweck", width=240),
        Column("consents", "Einwilligungen", Kind.INT),
        ACTIVE_COLUMN,
    )

    def _rows(self, session: Session, ids: Collection[str] | None = None) -> Iterable[ListRow]:
        count = (
            select(func.count())
            .where(Consent.purpose == ConsentPurpose.name, Consent.deleted_at.is_(None))
            .correlate(ConsentPurpose)
            .scalar_subquery()
        )
        stmt = (
            select(ConsentPurpose, count)
            .where(ConsentPurpose.deleted_at.is_(None))
            .order_by(ConsentPurpose.position, ConsentPurpose.name)
        )
        for p, n in session.execute(self._only(stmt, ids)):
            yield ListRow(p.id, (p.position, p.name, n, p.active))

    def defaults(self) -> dict[str, Any]:
        with self.db.session() as session:
            last = session.scalar(
                select(func.max(ConsentPurpose.position)).where(ConsentPurpose.deleted_at.is_(None))
            )
        return {**super().defaults(), "position": (last or 0) + 1}

    def _apply(self, session: Session, obj: Record, values: dict[str, Any]) -> None:
        _refuse_twin(session, obj, values, "Der Einwilligungszweck")
        old = getattr(obj, "name", None)
        super()._apply(session, obj, values)
        new = obj.name  # type: ignore[attr-defined]
        if old is not None and old != new:
            # One transaction: the consents keep their purpose under its new name.
            for consent in session.scalars(
                select(Consent).where(Consent.purpose == old, Consent.deleted_at.is_(None))
            ):
                consent.purpose = new

    def uses(self, session: Session, record_id: str) -> list[tuple[str, int]]:
        name = self._get(session, record_id).name
        count = session.scalar(
            select(func.count()).where(Consent.purpose == name, Consent.deleted_at.is_(None))
        )
        return [("Einwilligung", count)] if count else []


def _refuse_twin(session: Session, obj: Record, values: dict[str, Any], what: str) -> None:
    """A catalogue name exists once (case-insensitive), active or not."""
    model = type(obj)
    name = (values.get("name") or "").strip()
    if not name:
        return
    stmt = select(func.count()).where(
        func.lower(model.name) == name.lower(),  # type: ignore[attr-defined]
        model.deleted_at.is_(None),
        model.id != (obj.id or ""),
    )
    if session.scalar(stmt):
        raise ValidationError.single("name", tr("{what} „{name}“ gibt es schon.", what=what, name=name))


def active_consent_purposes(session: Session) -> list[str]:
    """The purposes offered for new consents: the catalogue's active ones, in its order."""
    stmt = (
        select(ConsentPurpose.name)
        .where(ConsentPurpose.deleted_at.is_(None), ConsentPurpose.active.is_(True))
        .order_by(ConsentPurpose.position, ConsentPurpose.name)
    )
    return list(session.scalars(stmt))


__all__ = [
    "ActionFieldCatalogue",
    "Catalogue",
    "ConsentPurposeService",
    "CriterionCatalogue",
    "DevelopmentGoalCatalogue",
    "FundingPeriodCatalogue",
    "InterestGroupCatalogue",
    "TagCatalogue",
    "active_consent_purposes",
    "uses_of",
]
