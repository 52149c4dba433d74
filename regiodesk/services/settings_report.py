"""The region's settings and Stammdaten as plain data (``regiodesk settings``, scripts, support)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    ConsentPurpose,
    Contact,
    DevelopmentGoal,
    FundingPeriod,
    FundingRate,
    InterestGroup,
    RegionSettings,
    SelectionCriterion,
    Tag,
)
from regiodesk.fields import Kind
from regiodesk.i18n import format_cents, format_percent_bp
from regiodesk.services.region import RegionService


def settings_report(db: Database) -> dict[str, Any]:
    """Settings (values as stored, plus German label and text) and every catalogue, inactive included."""
    service = RegionService(db)
    with db.session() as session:
        s = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
        periods = {
            p.id: p for p in session.scalars(select(FundingPeriod).where(FundingPeriod.deleted_at.is_(None)))
        }
        settings: dict[str, Any] = {}
        labelled: list[tuple[str, str]] = []
        if s is not None:
            for field in service.fields:
                value = getattr(s, field.name)
                settings[field.name] = value
                labelled.append((field.label, _text(session, field, value, periods)))
            settings["logo"] = s.logo is not None
            settings["logo_mime"] = s.logo_mime
            labelled.append(("Logo", f"ja ({s.logo_mime})" if s.logo else "nein"))
        else:
            labelled.append(("Region", "noch nicht eingerichtet"))

        def live(model):
            return select(model).where(model.deleted_at.is_(None))

        groups = [
            {"name": g.name, "public_sector": g.public_sector, "position": g.position, "active": g.active}
            for g in session.scalars(live(InterestGroup).order_by(InterestGroup.position, InterestGroup.name))
        ]
        goals: dict[str, list[dict[str, Any]]] = {}
        for g in session.scalars(live(DevelopmentGoal).order_by(DevelopmentGoal.code)):
            goals.setdefault(g.action_field_id, []).append(
                {"code": g.code, "name": g.name, "active": g.active}
            )
        fields = [
            {
                "code": af.code,
                "name": af.name,
                "planned_budget_cents": af.planned_budget_cents,
                "funding_period": periods[af.funding_period_id].name
                if af.funding_period_id in periods
                else "",
                "active": af.active,
                "development_goals": goals.get(af.id, []),
            }
            for af in session.scalars(live(ActionField).order_by(ActionField.position, ActionField.code))
        ]
        rates: dict[str, list[dict[str, Any]]] = {}
        for r in session.scalars(live(FundingRate).order_by(FundingRate.project_type)):
            rates.setdefault(r.funding_period_id, []).append(
                {
                    "project_type": r.project_type,
                    "rate_bp": r.rate_bp,
                    "net_basis": r.net_basis,
                    "requires_public_cofinancing": r.requires_public_cofinancing,
                }
            )
        funding_periods = [
            {
                "name": p.name,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "total_budget_cents": p.total_budget_cents,
                "cofinancing_share_bp": p.cofinancing_share_bp,
                "active": p.active,
                "funding_rates": rates.get(p.id, []),
            }
            for p in sorted(periods.values(), key=lambda p: p.starts_on)
        ]
        criteria = [
            {
                "funding_period": periods[c.funding_period_id].name if c.funding_period_id in periods else "",
                "position": c.position,
                "title": c.title,
                "max_points": c.max_points,
                "mandatory": c.mandatory,
                "min_points": c.min_points,
                "active": c.active,
            }
            for c in session.scalars(live(SelectionCriterion).order_by(SelectionCriterion.position))
        ]
        tags = [{"name": t.name, "active": t.active} for t in session.scalars(live(Tag).order_by(Tag.name))]
        purposes = [
            {"name": p.name, "description": p.description, "active": p.active}
            for p in session.scalars(
                live(ConsentPurpose).order_by(ConsentPurpose.position, ConsentPurpose.name)
            )
        ]
    return {
        "settings": settings,
        "settings_labelled": labelled,
        "interest_groups": groups,
        "action_fields": fields,
        "funding_periods": funding_periods,
        "selection_criteria": criteria,
        "tags": tags,
        "consent_purposes": purposes,
    }


def _text(session, field, value: Any, periods: dict[str, FundingPeriod]) -> str:
    if value is None or value == "":
        return "–"
    if field.kind is Kind.BOOL:
        return "ja" if value else "nein"
    if field.kind is Kind.PERCENT:
        return format_percent_bp(value)
    if field.kind is Kind.MONEY:
        return format_cents(value)
    if field.kind is Kind.CHOICE and field.choices is not None:
        return field.choices.label_of(value)
    if field.kind is Kind.REF:
        if field.lookup == "funding_periods":
            return periods[value].name if value in periods else value
        contact = session.get(Contact, value)
        return contact.display_name() if contact is not None else value
    return str(value).replace("\n", " · ")
