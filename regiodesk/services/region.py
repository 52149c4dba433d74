"""The region's own settings (name, Bewilligungsstelle, letterhead, logo)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import RegionSettings
from regiodesk.domain.deadlines import DEFAULT_DEADLINE_RULES, DeadlineRules, PeriodUnit
from regiodesk.domain.enums import RegionKind
from regiodesk.domain.funding import DEFAULT_PUBLIC_COFINANCING_BP
from regiodesk.services.fields import Field, Kind
from regiodesk.services.holidays import public_holidays
from regiodesk.services.records import RecordService


class RegionService(RecordService[RegionSettings]):
    model = RegionSettings
    fields = (
        Field("name", "Name der Region", required=True),
        Field("kind", "Art", Kind.CHOICE, required=True, choices=RegionKind),
        Field("current_funding_period_id", "aktuelle Förderperiode", Kind.REF, lookup="funding_periods"),
        Field("approval_authority_name", "Bewilligungsstelle"),
        Field("approval_authority_address", "Anschrift der Bewilligungsstelle", Kind.MULTILINE),
        Field("office_address", "Anschrift der Geschäftsstelle", Kind.MULTILINE),
        Field("letterhead_text", "Briefkopf", Kind.MULTILINE),
    )
    columns = ()


def region_name(db: Database) -> str:
    """The region's name, or '' for a database without settings yet."""
    with db.session() as session:
        name = session.scalar(select(RegionSettings.name).where(RegionSettings.deleted_at.is_(None)).limit(1))
    return name or ""


def settings_id(db: Database) -> str | None:
    with db.session() as session:
        return session.scalar(select(RegionSettings.id).where(RegionSettings.deleted_at.is_(None)).limit(1))


def current_funding_period_id(db: Database) -> str | None:
    """The funding period the region works in now (its selection criteria, rates, budget)."""
    with db.session() as session:
        return session.scalar(
            select(RegionSettings.current_funding_period_id)
            .where(RegionSettings.deleted_at.is_(None))
            .limit(1)
        )


# --------------------------------------------------------------------------- rule settings
@dataclass(frozen=True)
class RuleSettings:
    """The region's settings behind the rules of DOMAIN.md 9 and 10, read from the database.

    ``deadlines`` carries the periods and the public holidays of the region's Land (a period
    ending on a weekend or holiday runs to the next working day); ``cofinancing_share_bp`` and
    ``private_needs_public_cofinancing`` are the region's defaults of rule 10 (a funding period's
    own share overrides the share: see ``services.grants.funding_rules_in``).
    """

    deadlines: DeadlineRules
    land: str
    cofinancing_share_bp: int
    private_needs_public_cofinancing: bool


def rule_settings_in(session: Session) -> RuleSettings:
    """:class:`RuleSettings` inside the caller's session (defaults for a database without settings)."""
    settings = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
    if settings is None:
        rules = replace(DEFAULT_DEADLINE_RULES, holidays=public_holidays(""))
        return RuleSettings(rules, "", DEFAULT_PUBLIC_COFINANCING_BP, False)
    land = (settings.land or "").strip().upper()
    return RuleSettings(
        deadlines=DeadlineRules(
            application_value=settings.application_deadline_value,
            application_unit=PeriodUnit(settings.application_deadline_unit),
            proof_of_use_months=settings.proof_of_use_months,
            holidays=public_holidays(land),
        ),
        land=land,
        cofinancing_share_bp=settings.cofinancing_share_bp,
        private_needs_public_cofinancing=bool(settings.private_needs_public_cofinancing),
    )


def rule_settings(db: Database) -> RuleSettings:
    """The region's rule settings (periods with the Land's holidays, co-financing of rule 10)."""
    with db.session() as session:
        return rule_settings_in(session)
