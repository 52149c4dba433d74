"""The region and its catalogues: funding period, settings and logo, rates, selection criteria,
consent purposes, interest groups, and the strategy's action fields, goals and indicators."""

from __future__ import annotations

from datetime import date

from regiodesk.db.models import (
    ActionField,
    ConsentPurpose,
    DevelopmentGoal,
    FundingPeriod,
    FundingRate,
    Indicator,
    IndicatorTarget,
    InterestGroup,
    RegionSettings,
    SelectionCriterion,
)
from regiodesk.services.demo.context import DemoContext, Group
from regiodesk.services.demo.logo import logo_png
from regiodesk.services.demo.vocabulary import (
    CONSENTS,
    CRITERIA,
    FUNDING_RATES,
    GROUPS,
    KREIS,
    LAG_NAME,
    REGION,
    REGION_DOMAIN,
    STRATEGY,
)


def write_region(ctx: DemoContext) -> None:
    period = ctx.add(
        FundingPeriod,
        name="LEADER 2023–2027",
        starts_on=date(2023, 1, 1),
        ends_on=date(2027, 12, 31),
        total_budget_cents=sum(f.budget_euro for f in STRATEGY) * 100,
        max_grant_per_project_cents=200_000_00,
        min_total_points=28,
    )
    ctx.period = period
    ctx.add(
        RegionSettings,
        name=f"LEADER-Region {REGION}",
        lag_name=LAG_NAME,
        kind="leader",
        land="BY",
        office_phone="09572 3818-0",
        office_email=f"info@{REGION_DOMAIN}",
        office_website=f"www.{REGION_DOMAIN}",
        current_funding_period_id=period.id,
        approval_authority_name=(
            f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS} – "
            "Fachzentrum Diversifizierung und Strukturentwicklung"
        ),
        approval_authority_address=(
            f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS}\n"
            "Fachzentrum Diversifizierung und Strukturentwicklung\nAm Flugplatz 12\n96247 Mühlbach"
        ),
        office_address=f"{LAG_NAME}\nGeschäftsstelle\nMarktplatz 3\n96253 Steinbühl",
        letterhead_text=(
            f"{LAG_NAME} · Geschäftsstelle · Marktplatz 3 · 96253 Steinbühl\n"
            f"Telefon 09572 3818-0 · info@{REGION_DOMAIN} · www.{REGION_DOMAIN}"
        ),
        logo=logo_png(),
        logo_mime="image/png",
        application_deadline_value=6,
        application_deadline_unit="months",
        proof_of_use_months=6,
    )
    for project_type, rate, net in FUNDING_RATES:
        ctx.add(
            FundingRate,
            funding_period_id=period.id,
            project_type=project_type,
            rate_bp=rate,
            net_basis=net,
        )
    ctx.rates = {t: (rate, net) for t, rate, net in FUNDING_RATES}
    ctx.criteria = [
        ctx.add(
            SelectionCriterion,
            funding_period_id=period.id,
            position=n,
            title=title,
            description=f"Bewertet wird der Beitrag {phrase}: 0 = kein, 1 = geringer, 2 = deutlicher, "
            + "3 = hoher Beitrag."
            + (" Pflichtkriterium: mindestens 1 Punkt." if mandatory else ""),
            max_points=3,
            mandatory=mandatory,
            min_points=1 if mandatory else 0,
        )
        for n, (title, phrase, mandatory) in enumerate(CRITERIA, 1)
    ]
    for n, (purpose, _share, text) in enumerate(CONSENTS, 1):  # the Stammdaten's purposes
        ctx.add(ConsentPurpose, name=purpose, position=n, description=text)
    for n, group in enumerate(GROUPS):
        row = ctx.add(InterestGroup, name=group.name, position=n, public_sector=group.public)
        ctx.groups[group.key] = Group(row.id, group)
    ctx.fields = []
    for n, spec in enumerate(STRATEGY, 1):
        af = ctx.add(
            ActionField,
            funding_period_id=period.id,
            code=f"HF {n}",
            name=spec.name,
            position=n,
            planned_budget_cents=spec.budget_euro * 100,
            description=f"Handlungsfeld {n} der Lokalen Entwicklungsstrategie {REGION} 2023–2027.",
        )
        goals = [
            ctx.add(DevelopmentGoal, action_field_id=af.id, code=f"EZ {n}.{g}", name=goal).id
            for g, goal in enumerate(spec.goals, 1)
        ]
        indicators = []
        for ispec in spec.indicators:
            ind = ctx.add(
                Indicator,
                action_field_id=af.id,
                name=ispec.name,
                unit=ispec.unit,
                kind=ispec.kind,
                source=ispec.source,
            )
            for year, target in zip(range(2023, 2028), ispec.targets, strict=True):
                ctx.add(IndicatorTarget, indicator_id=ind.id, year=year, target_milli=round(target * 1000))
            indicators.append((ind, ispec))
        ctx.fields.append((af, goals, indicators))
