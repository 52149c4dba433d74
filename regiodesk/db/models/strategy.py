"""The regional development strategy's structure: Handlungsfelder with their planned budgets and
their development goals (what a project is assigned to)."""

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record


class ActionField(Record):
    """Handlungsfeld of the REK/RES with its planned budget in a funding period."""

    __tablename__ = "action_field"
    label = "Handlungsfeld"

    funding_period_id: Mapped[str | None] = mapped_column(ForeignKey("funding_period.id"))
    code: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    planned_budget_cents: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def display_name(self) -> str:
        return f"{self.code} {self.name}".strip()


class DevelopmentGoal(Record):
    __tablename__ = "development_goal"
    label = "Entwicklungsziel"

    action_field_id: Mapped[str] = mapped_column(ForeignKey("action_field.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
