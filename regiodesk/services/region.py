"""The region's own settings (name, Bewilligungsstelle, letterhead, logo)."""

from __future__ import annotations

from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import RegionSettings
from regiodesk.domain.enums import RegionKind
from regiodesk.services.fields import Field, Kind
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
