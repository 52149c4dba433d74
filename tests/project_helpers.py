"""A small funding setup for the project tests: period, rates, criteria, settings, a call, sponsors."""

from __future__ import annotations

from datetime import date

from regiodesk.db.models import FundingPeriod, FundingRate, RegionSettings, SelectionCriterion
from regiodesk.services.contacts import ContactService
from regiodesk.services.projects import ProjectService
from regiodesk.services.regional_budget import RegionalBudgetService
from regiodesk.services.selection import CallService, ScoringService


def make_region(db, *, cap_cents: int | None = 200_000_00, min_total: int | None = 10) -> dict:
    """LEADER 2023–2027 with three rates (produktiv 30 % netto, nicht produktiv 50 %, Kooperation
    60 % with public co-financing), four criteria scored 0–3 (the first two mandatory), a call with
    100.000 € and two sponsors (a Verein and an Unternehmen)."""
    with db.transaction() as session:
        period = FundingPeriod(
            name="LEADER 2023–2027",
            starts_on=date(2023, 1, 1),
            ends_on=date(2027, 12, 31),
            total_budget_cents=2_000_000_00,
            max_grant_per_project_cents=cap_cents,
            min_total_points=min_total,
        )
        session.add(period)
        session.flush()
        session.add(
            RegionSettings(
                name="LEADER-Region Testtal",
                current_funding_period_id=period.id,
                letterhead_text="LAG Testtal e. V. · Marktplatz 1 · 99999 Testtal",
            )
        )
        for project_type, rate, net, cofinancing in (
            ("produktiv", 3000, True, False),
            ("nicht produktiv", 5000, False, False),
            ("Kooperation", 6000, False, True),
        ):
            session.add(
                FundingRate(
                    funding_period_id=period.id,
                    project_type=project_type,
                    rate_bp=rate,
                    net_basis=net,
                    requires_public_cofinancing=cofinancing,
                )
            )
        criteria = []
        for n, (title, mandatory) in enumerate(
            (
                ("Beitrag zur LES", True),
                ("Bürgerbeteiligung", True),
                ("Klimaschutz", False),
                ("Innovation", False),
            ),
            start=1,
        ):
            criterion = SelectionCriterion(
                funding_period_id=period.id,
                position=n,
                title=title,
                max_points=3,
                mandatory=mandatory,
                min_points=1 if mandatory else 0,
            )
            session.add(criterion)
            session.flush()
            criteria.append(criterion.id)
        period_id = period.id
    call = CallService(db).create(
        {
            "name": "Projektaufruf Frühjahr 2026",
            "funding_period_id": period_id,
            "deadline": date(2026, 3, 31),
            "budget_cents": 100_000_00,
        }
    )
    contacts = ContactService(db)
    verein = contacts.create({"kind": "institution", "organisation": "Heimatverein Testtal e. V."})
    firma = contacts.create({"kind": "institution", "organisation": "Mühle Huber GmbH"})
    return {"period": period_id, "criteria": criteria, "call": call, "verein": verein, "firma": firma}


def new_project(db, **values) -> str:
    base = {"title": "Dorfladen Testtal", "status": "idee"}
    return ProjectService(db).create(base | values)


def regional_budget_year(db, budget_cents=50_000_00):
    """A Regionalbudget 2026 (20.000 €, 80 %, proof by 15.10.2026), its call, the region of make_region."""
    region = make_region(db)
    budget = RegionalBudgetService(db).create(
        {
            "year": 2026,
            "budget_cents": budget_cents,
            "max_total_cost_cents": 20_000_00,
            "max_rate_bp": 8000,
            "proof_of_use_by": date(2026, 10, 15),
        }
    )
    call = CallService(db).create(
        {
            "name": "Regionalbudget 2026",
            "funding_period_id": region["period"],
            "budget_cents": budget_cents,
            "regional_budget_id": budget,
        }
    )
    return region, budget, call


def small_project(db, region, call, title, cost, grant, points=3, status="in_beratung", **values):
    values.setdefault("sponsor_id", region["verein"])
    project = new_project(
        db,
        title=title,
        call_id=call,
        status=status,
        eligible_cost_cents=cost,
        grant_cents=grant,
        **values,
    )
    each = points if isinstance(points, list) else [points] * len(region["criteria"])
    ScoringService(db).save_sheet(
        project, {c: (p, "passt") for c, p in zip(region["criteria"], each, strict=True)}
    )
    return project
