"""Projects from idea to proof of use, with their calls, the Regionalbudget and the scores (status
history, payments, people and partners: ``project_parts``).

Money is stored in integer cents and rates in basis points (1 % = 100 bp):
exact arithmetic, never floats (shared/DOMAIN.md rule 10).
"""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record
from regiodesk.domain.enums import CooperationKind


class Call(Record):
    """Projektaufruf: a call for projects with a deadline and a budget."""

    __tablename__ = "call"
    label = "Projektaufruf"

    funding_period_id: Mapped[str | None] = mapped_column(ForeignKey("funding_period.id"))
    name: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    budget_cents: Mapped[int] = mapped_column(Integer, default=0)
    #: set: a call of the Regionalbudget of that year (its projects are Kleinprojekte)
    regional_budget_id: Mapped[str | None] = mapped_column(ForeignKey("regional_budget.id"), index=True)


class RegionalBudget(Record):
    """Regionalbudget (GAK Kleinprojekte) of one year: its budget and the limits of a small project.

    A call linked to it is a Regionalbudget call; a project of such a call is a Kleinprojekt.
    """

    __tablename__ = "regional_budget"
    label = "Regionalbudget"

    year: Mapped[int] = mapped_column(Integer)
    budget_cents: Mapped[int] = mapped_column(Integer, default=20_000_000)
    max_total_cost_cents: Mapped[int] = mapped_column(Integer, default=2_000_000)
    max_rate_bp: Mapped[int] = mapped_column(Integer, default=8000)
    proof_of_use_by: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    def display_name(self) -> str:
        return f"Regionalbudget {self.year}"


class Project(Record):
    __tablename__ = "project"
    label = "Projekt"

    title: Mapped[str] = mapped_column(String(300))
    short_description: Mapped[str] = mapped_column(Text, default="")
    sponsor_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), index=True)
    sponsor_type: Mapped[str | None] = mapped_column(String(30))
    project_type: Mapped[str] = mapped_column(String(100), default="")
    action_field_id: Mapped[str | None] = mapped_column(ForeignKey("action_field.id"), index=True)
    development_goal_id: Mapped[str | None] = mapped_column(ForeignKey("development_goal.id"))
    call_id: Mapped[str | None] = mapped_column(ForeignKey("call.id"), index=True)
    cooperation: Mapped[bool] = mapped_column(Boolean, default=False)
    project_area: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="idee")
    total_cost_gross_cents: Mapped[int | None] = mapped_column(Integer)
    total_cost_net_cents: Mapped[int | None] = mapped_column(Integer)
    eligible_cost_cents: Mapped[int | None] = mapped_column(Integer)
    funding_rate_bp: Mapped[int | None] = mapped_column(Integer)
    grant_cents: Mapped[int | None] = mapped_column(Integer)
    cofinancing_source: Mapped[str] = mapped_column(String(200), default="")
    cofinancing_cents: Mapped[int | None] = mapped_column(Integer)
    own_share_cents: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    lag_decision_on: Mapped[date | None] = mapped_column(Date)
    # use_alter: project and agenda_item refer to each other; this breaks the cycle
    # when tables are ordered for creation.
    lag_decision_item_id: Mapped[str | None] = mapped_column(
        ForeignKey("agenda_item.id", use_alter=True), doc="der Tagesordnungspunkt des LAG-Beschlusses"
    )
    applied_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    proof_of_use_on: Mapped[date | None] = mapped_column(Date)
    approval_file_number: Mapped[str] = mapped_column(String(100), default="")
    cooperation_kind: Mapped[str | None] = mapped_column(String(30), info={"choices": CooperationKind})
    cooperation_agreement_on: Mapped[date | None] = mapped_column(Date)
    #: cost of the whole cooperation project, all partners together (this region's share included)
    cooperation_total_cost_cents: Mapped[int | None] = mapped_column(Integer)
    #: Kleinprojekt: the contract between the LAG's legal body and the sponsor
    contract_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class Score(Record):
    """Points and written justification for one criterion of one project."""

    __tablename__ = "score"
    label = "Bewertung"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("selection_criterion.id"))
    points: Mapped[int] = mapped_column(Integer, default=0)
    justification: Mapped[str] = mapped_column(Text, default="")
