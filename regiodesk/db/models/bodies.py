"""Bodies (Gremien), their interest groups, memberships and rules of procedure."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record
from regiodesk.db.models.contacts import Contact


class InterestGroup(Record):
    """A configurable interest group (Öffentlicher Sektor, Wirtschaft, Soziales, …)."""

    __tablename__ = "interest_group"
    label = "Interessengruppe"

    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    public_sector: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Inactive groups stay on the memberships that have them but are not offered for new ones.
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Body(Record):
    __tablename__ = "body"
    label = "Gremium"

    name: Mapped[str] = mapped_column(String(200))
    body_type: Mapped[str] = mapped_column(String(30), default="lag")
    description: Mapped[str] = mapped_column(Text, default="")
    # Rules of procedure (shared/DOMAIN.md, with its defaults). Shares in basis points.
    quorum_share_bp: Mapped[int] = mapped_column(Integer, default=5000)
    double_quorum: Mapped[bool] = mapped_column(Boolean, default=True)
    min_non_public_share_bp: Mapped[int] = mapped_column(Integer, default=5000)
    max_group_share_bp: Mapped[int] = mapped_column(Integer, default=4900)
    notice_days: Mapped[int] = mapped_column(Integer, default=7)
    written_procedure_allowed: Mapped[bool] = mapped_column(Boolean, default=True)


class Membership(Record):
    __tablename__ = "membership"
    label = "Mitgliedschaft"

    body_id: Mapped[str] = mapped_column(ForeignKey("body.id"), index=True)
    contact_id: Mapped[str] = mapped_column(ForeignKey("contact.id"), index=True)
    #: The institution the member represents, if any.
    institution_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    role: Mapped[str] = mapped_column(String(30), default="mitglied")
    voting_right: Mapped[bool] = mapped_column(Boolean, default=True)
    interest_group_id: Mapped[str | None] = mapped_column(ForeignKey("interest_group.id"))
    public_sector: Mapped[bool] = mapped_column(Boolean, default=False)
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    contact: Mapped[Contact] = relationship(foreign_keys=[contact_id])
    institution: Mapped[Contact | None] = relationship(foreign_keys=[institution_id])
    deputy: Mapped[Contact | None] = relationship(foreign_keys=[deputy_id])
    interest_group: Mapped[InterestGroup | None] = relationship()

    def display_name(self) -> str:
        return self.contact.display_name() if self.contact else self.id[:8]

    def is_active_on(self, day: date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )
