"""The region's own settings (name, Bewilligungsstelle, letterhead, logo) and setting up a new region."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import FundingPeriod, FundingRate, InterestGroup, RegionSettings
from regiodesk.domain.deadlines import DEFAULT_DEADLINE_RULES, DeadlineRules, PeriodUnit
from regiodesk.domain.errors import DomainError, ValidationError
from regiodesk.domain.funding import DEFAULT_PUBLIC_COFINANCING_BP
from regiodesk.fields import fields_of
from regiodesk.i18n import tr
from regiodesk.services.holidays import public_holidays
from regiodesk.services.records import RecordService

if TYPE_CHECKING:  # the starter set's data is loaded only when a region is set up
    from regiodesk.services.starter import StarterSet


#: Logo formats the letterhead can print (an SVG is turned into a PNG when it is chosen).
LOGO_TYPES = ("image/png", "image/jpeg")
#: The largest logo stored (it travels in every sync snapshot and handover file).
MAX_LOGO_BYTES = 2 * 1024 * 1024


class RegionService(RecordService[RegionSettings]):
    """The one row of region settings; the logo is set with :meth:`set_logo` (it is not a form field)."""

    model = RegionSettings
    fields = fields_of("region_settings")
    columns = ()

    # The Land may stay open ("" in the file, None in a form): no holidays are then known.
    def _values_of(self, session: Session, obj) -> dict[str, Any]:
        values = super()._values_of(session, obj)
        return {**values, "land": values.get("land") or None}

    def validate(self, values: dict[str, Any]) -> None:
        super().validate({**values, "land": values.get("land") or None})

    def _apply(self, session: Session, obj, values: dict[str, Any]) -> None:
        super()._apply(session, obj, {**values, "land": values.get("land") or ""})

    def current_id(self) -> str | None:
        """The settings row's id, None before the region is set up."""
        return settings_id(self.db)

    def set_logo(self, record_id: str, logo: bytes | None, mime: str | None) -> None:
        """Store (or with None remove) the letterhead logo: PNG or JPEG bytes."""
        if logo is not None:
            check_logo(logo, mime)
        with self.db.transaction() as session:
            settings = self._get(session, record_id)
            if settings.logo != logo:
                settings.logo = logo
            if settings.logo_mime != (mime if logo is not None else None):
                settings.logo_mime = mime if logo is not None else None

    def logo(self, record_id: str) -> tuple[bytes | None, str | None]:
        with self.db.session() as session:
            settings = self._get(session, record_id)
            return settings.logo, settings.logo_mime


def check_logo(logo: bytes, mime: str | None) -> None:
    """Refuse what the letterhead cannot print, with a German message."""
    if mime not in LOGO_TYPES:
        raise ValidationError.single(
            "logo",
            tr("Das Logo muss ein PNG- oder JPEG-Bild sein (erhalten: {value}).", value=mime or "unbekannt"),
        )
    if not logo:
        raise ValidationError.single("logo", tr("Die Logodatei ist leer."))
    if len(logo) > MAX_LOGO_BYTES:
        raise ValidationError.single(
            "logo", tr("Das Logo ist größer als 2 MB. Bitte eine kleinere Bilddatei wählen.")
        )
    signatures = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8"}
    if not logo.startswith(signatures[mime]):
        raise ValidationError.single("logo", tr("Die Datei ist kein gültiges Bild dieses Formats."))


def logo_mime_of(path: Path) -> str | None:
    """The MIME type the letterhead stores for a logo file, by its extension (None: not printable)."""
    return {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}.get(path.suffix.lower())


# --------------------------------------------------------------------------- setting up a region
@dataclass
class PeriodSetup:
    name: str = "LEADER 2023–2027"
    starts_on: date = date(2023, 1, 1)
    ends_on: date = date(2027, 12, 31)
    total_budget_cents: int = 0


@dataclass
class RegionSetup:
    """Everything the set-up assistant asks; ``settings`` holds RegionService field values."""

    settings: dict[str, Any]
    period: PeriodSetup | None = field(default_factory=PeriodSetup)
    logo: bytes | None = None
    logo_mime: str | None = None
    #: The starter set as the user left it (None: start with empty catalogues).
    starter: StarterSet | None = None


def setup_region(db: Database, setup: RegionSetup) -> str:
    """Create the region in one transaction: settings, funding period, logo, starter set.

    Refused (nothing written) when the file already has region settings or a value is invalid.
    Returns the settings' id.
    """
    service = RegionService(db)
    values = {**service.defaults(), **setup.settings}
    if setup.starter is not None:
        rules = setup.starter.rules
        values.update(
            default_quorum_share_bp=rules.quorum_share_bp,
            default_double_quorum=rules.double_quorum,
            default_max_group_share_bp=rules.max_group_share_bp,
            default_min_non_public_share_bp=rules.min_non_public_share_bp,
            default_notice_days=rules.notice_days,
            default_written_procedure_allowed=rules.written_procedure_allowed,
        )
    values.pop("current_funding_period_id", None)
    service.validate(values)
    if setup.logo is not None:
        check_logo(setup.logo, setup.logo_mime)
    if setup.period is not None:
        from regiodesk.services.funding_periods import FundingPeriodService

        FundingPeriodService(db).validate(
            {
                "name": setup.period.name,
                "starts_on": setup.period.starts_on,
                "ends_on": setup.period.ends_on,
                "total_budget_cents": setup.period.total_budget_cents,
                "max_grant_per_project_cents": None,
                "min_total_points": None,
            }
        )
    if setup.starter is not None:
        _check_starter(setup.starter)
    with db.transaction() as session:
        if session.scalar(select(RegionSettings.id).where(RegionSettings.deleted_at.is_(None)).limit(1)):
            raise DomainError(
                tr("Diese Datei hat schon eine Region; ändern Sie sie unter „Einstellungen der Region“.")
            )
        settings = RegionSettings()
        for f in service.fields:
            if f.name in values:
                value = values[f.name]
                if f.name == "land":
                    value = value or ""
                setattr(settings, f.name, value.strip() if isinstance(value, str) else value)
        if setup.logo is not None:
            settings.logo, settings.logo_mime = setup.logo, setup.logo_mime
        period = None
        if setup.period is not None:
            period = FundingPeriod(
                name=setup.period.name.strip(),
                starts_on=setup.period.starts_on,
                ends_on=setup.period.ends_on,
                total_budget_cents=setup.period.total_budget_cents,
            )
            session.add(period)
            session.flush()
            settings.current_funding_period_id = period.id
        session.add(settings)
        if setup.starter is not None:
            _write_starter(session, setup.starter, period)
        session.flush()
        return settings.id


def _check_starter(starter: StarterSet) -> None:
    names = [g.name.strip() for g in starter.interest_groups]
    if any(not n for n in names):
        raise ValidationError.single("interest_groups", tr("Jede Interessengruppe braucht einen Namen."))
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise ValidationError.single(
            "interest_groups",
            tr("Die Interessengruppe „{doubles}“ steht mehrmals in der Liste.", doubles=doubles[0]),
        )
    purposes = [p.strip() for p in starter.consent_purposes]
    if any(not p for p in purposes) or len(set(purposes)) != len(purposes):
        raise ValidationError.single(
            "consent_purposes", tr("Jeder Einwilligungszweck braucht einen eigenen, nicht leeren Namen.")
        )


def _write_starter(session: Session, starter: StarterSet, period: FundingPeriod | None) -> None:
    # Named here, not at the top: every command that reads the region's rules imports this module,
    # and naming a model declares its module's tables (db.models), the indicators' and the
    # distribution lists' among them.
    from regiodesk.db.models import ConsentPurpose, Indicator

    for n, group in enumerate(starter.interest_groups, 1):
        session.add(InterestGroup(name=group.name.strip(), public_sector=group.public_sector, position=n))
    for spec in starter.indicators:
        session.add(Indicator(name=spec.name, unit=spec.unit, kind=spec.kind, source=spec.source))
    for n, purpose in enumerate(starter.consent_purposes, 1):
        session.add(ConsentPurpose(name=purpose.strip(), position=n))
    if period is not None:
        for project_type, rate, net in starter.funding_rates:
            session.add(
                FundingRate(
                    funding_period_id=period.id, project_type=project_type, rate_bp=rate, net_basis=net
                )
            )


# --------------------------------------------------------------------------- reading
def has_region_settings(path: Path) -> bool:
    """Whether the file at ``path`` has region settings: one sqlite3 query, no ORM (start path)."""
    try:
        con = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return True  # not readable so: never offer to set up over it
    try:
        row = con.execute("SELECT 1 FROM region_settings WHERE deleted_at IS NULL LIMIT 1").fetchone()
    except sqlite3.Error:
        return True
    finally:
        con.close()
    return row is not None


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


def default_minute_taker_id(db: Database) -> str | None:
    """The contact who takes the minutes of a new meeting, if set and still a live contact."""
    from regiodesk.db.models import Contact

    with db.session() as session:
        contact_id = session.scalar(
            select(RegionSettings.default_minute_taker_id).where(RegionSettings.deleted_at.is_(None)).limit(1)
        )
        contact = session.get(Contact, contact_id) if contact_id else None
        return contact_id if contact is not None and contact.deleted_at is None else None


def body_defaults(db: Database) -> dict[str, Any]:
    """The rules of procedure a new body starts with (the region's defaults; DOMAIN.md's without settings)."""
    with db.session() as session:
        s = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
        if s is None:
            return {}
        return {
            "quorum_share_bp": s.default_quorum_share_bp,
            "double_quorum": s.default_double_quorum,
            "min_non_public_share_bp": s.default_min_non_public_share_bp,
            "max_group_share_bp": s.default_max_group_share_bp,
            "notice_days": s.default_notice_days,
            "written_procedure_allowed": s.default_written_procedure_allowed,
        }
