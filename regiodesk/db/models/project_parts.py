"""What a project keeps in rows of its own: status changes, payments, the people involved and the
partner regions of a cooperation project.

Money is stored in integer cents (shared/DOMAIN.md rule 10)."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from regiodesk.db.base import Record
from regiodesk.domain.enums import ProjectStatus


class CooperationPartner(Record):
    """A partner region of a cooperation project (another LAG), with its share of cost and grant.

    This region itself is not a row: its share is the project's own cost and grant. Without a
    partner marked as lead partner, this region leads.
    """

    __tablename__ = "cooperation_partner"
    label = "Kooperationspartner"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    lag_name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100), default="Deutschland")
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"), index=True)
    lead_partner: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_share_cents: Mapped[int | None] = mapped_column(Integer)
    grant_cents: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    def display_name(self) -> str:
        return self.lag_name or self.id[:8]


class ProjectStatusChange(Record):
    __tablename__ = "project_status_change"
    label = "Statuswechsel"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(
        String(30), doc="Status vorher", info={"choices": ProjectStatus}
    )
    to_status: Mapped[str] = mapped_column(String(30), doc="Status neu", info={"choices": ProjectStatus})
    changed_on: Mapped[date] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_item.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class ProjectContact(Record):
    """A contact involved in a project besides the sponsor (Ansprechpartner, Planer, …)."""

    __tablename__ = "project_contact"
    label = "Projektbeteiligte"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    role: Mapped[str] = mapped_column(String(100), default="")


class Payment(Record):
    __tablename__ = "payment"
    label = "Auszahlung"

    project_id: Mapped[str] = mapped_column(ForeignKey("project.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
