"""Region settings and funding periods: what used to live in a letterhead template."""

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
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, doc="Logo für den Briefkopf (Bilddatei)")
    logo_mime: Mapped[str | None] = mapped_column(String(50), doc="Dateityp des Logos (z. B. image/png)")
    #: Months (or weeks, see unit) after a LAG decision in which the application must be filed.
    application_deadline_value: Mapped[int] = mapped_column(Integer, default=6)
    application_deadline_unit: Mapped[str] = mapped_column(String(10), default="months")
    proof_of_use_months: Mapped[int] = mapped_column(Integer, default=6)
    budget_tolerance_bp: Mapped[int] = mapped_column(Integer, default=1000)
    #: The LAG's own name (e.g. "LAG Südlicher Steigerwald e.V."), when it differs from the region's.
    lag_name: Mapped[str] = mapped_column(String(200), default="")
    office_phone: Mapped[str] = mapped_column(String(50), default="")
    office_email: Mapped[str] = mapped_column(String(200), default="")
    office_website: Mapped[str] = mapped_column(String(200), default="")
    #: ISO 3166-2 code of the Land without "DE-" (e.g. "BY"): its public holidays end periods (rule 9).
    land: Mapped[str] = mapped_column(String(2), default="")
    #: Rule 10: public co-financing a private sponsor needs, as a share of the LEADER grant.
    cofinancing_share_bp: Mapped[int] = mapped_column(Integer, default=2500)
    private_needs_public_cofinancing: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Who signs the office's letters (name and function line under the signature).
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_role: Mapped[str] = mapped_column(String(200), default="")
    #: Default minute-taker of a new meeting (usually the regional manager).
    default_minute_taker_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id"))
    #: Rules of procedure a new body starts with (shared/DOMAIN.md's defaults).
    default_quorum_share_bp: Mapped[int] = mapped_column(Integer, default=5000)
    default_double_quorum: Mapped[bool] = mapped_column(Boolean, default=True)
    default_min_non_public_share_bp: Mapped[int] = mapped_column(Integer, default=5000)
    default_max_group_share_bp: Mapped[int] = mapped_column(Integer, default=4900)
    default_notice_days: Mapped[int] = mapped_column(Integer, default=7)
    default_written_procedure_allowed: Mapped[bool] = mapped_column(Boolean, default=True)

    current_funding_period: Mapped["FundingPeriod | None"] = relationship(
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
    #: Rule 10 for this period; None: the region's setting applies.
    cofinancing_share_bp: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


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
    active: Mapped[bool] = mapped_column(Boolean, default=True)
