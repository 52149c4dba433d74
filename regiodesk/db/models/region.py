"""Region settings and funding periods: what used to live in a letterhead template."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from regiodesk.db.base import Record


class RegionSettings(Record):
    """One row: the region this database belongs to."""

    __tablename__ = "region_settings"
    label = "Regionseinstellungen"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="leader")
    current_funding_period_id: Mapped[str | None] = mapped_column(ForeignKey("funding_period.id"))
    approval_authority_name: Mapped[str] = mapped_column(String(200), default="")
    approval_authority_address: Mapped[str] = mapped_column(Text, default="")
    office_address: Mapped[str] = mapped_column(Text, default="")
    letterhead_text: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(50))
    #: Months (or weeks, see unit) after a LAG decision in which the application must be filed.
    application_deadline_value: Mapped[int] = mapped_column(Integer, default=6)
    application_deadline_unit: Mapped[str] = mapped_column(String(10), default="months")
    proof_of_use_months: Mapped[int] = mapped_column(Integer, default=6)
    budget_tolerance_bp: Mapped[int] = mapped_column(Integer, default=1000)

    current_funding_period: Mapped[FundingPeriod | None] = relationship(
        foreign_keys=[current_funding_period_id]
    )


class FundingPeriod(Record):
    __tablename__ = "funding_period"
    label = "Förderperiode"

    name: Mapped[str] = mapped_column(String(50))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    total_budget_cents: Mapped[int] = mapped_column(Integer, default=0)
    max_grant_per_project_cents: Mapped[int | None] = mapped_column(Integer)
    min_total_points: Mapped[int | None] = mapped_column(Integer)


class FundingRate(Record):
    """Funding rate of one project type in a funding period (e.g. 'nicht produktiv' 50 %)."""

    __tablename__ = "funding_rate"
    label = "Fördersatz"

    funding_period_id: Mapped[str] = mapped_column(ForeignKey("funding_period.id"), index=True)
    project_type: Mapped[str] = mapped_column(String(100))
    rate_bp: Mapped[int] = mapped_column(Integer)
    net_basis: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_public_cofinancing: Mapped[bool] = mapped_column(Boolean, default=False)


class SelectionCriterion(Record):
    __tablename__ = "selection_criterion"
    label = "Auswahlkriterium"

    funding_period_id: Mapped[str] = mapped_column(ForeignKey("funding_period.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[int] = mapped_column(Integer, default=3)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    min_points: Mapped[int] = mapped_column(Integer, default=0)
