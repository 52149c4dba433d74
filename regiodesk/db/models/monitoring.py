"""What the office monitors of the strategy: indicators with their targets and values, and the
budget reallocations between Handlungsfelder (the strategy itself: ``strategy``)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record


class BudgetReallocation(Record):
    __tablename__ = "budget_reallocation"
    label = "Budgetumschichtung"

    from_action_field_id: Mapped[str | None] = mapped_column(ForeignKey("action_field.id"))
    to_action_field_id: Mapped[str | None] = mapped_column(ForeignKey("action_field.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[date] = mapped_column(Date)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class Indicator(Record):
    __tablename__ = "indicator"
    label = "Indikator"

    action_field_id: Mapped[str | None] = mapped_column(ForeignKey("action_field.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="Anzahl")
    kind: Mapped[str] = mapped_column(String(20), default="output")
    source: Mapped[str] = mapped_column(String(30), default="erfasst")
    description: Mapped[str] = mapped_column(Text, default="")


class IndicatorTarget(Record):
    __tablename__ = "indicator_target"
    label = "Zielwert"

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    #: Target in thousandths of the unit, so fractional targets stay exact.
    target_milli: Mapped[int] = mapped_column(Integer)


class IndicatorValue(Record):
    __tablename__ = "indicator_value"
    label = "Istwert"

    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicator.id"), index=True)
    project_id: Mapped[str | None] = mapped_column(ForeignKey("project.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value_milli: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(200), default="")
    recorded_on: Mapped[date | None] = mapped_column(Date)
