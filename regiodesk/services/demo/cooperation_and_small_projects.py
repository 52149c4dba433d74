"""The partners of the demo's cooperation projects and a year of the Regionalbudget with its
small projects (issue 22). Each part draws from a random source of its own, so the rest of the
region stays what the seed made it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from regiodesk.db.models import (
    Call,
    CooperationPartner,
    Payment,
    Project,
    ProjectStatusChange,
    RegionalBudget,
)
from regiodesk.domain.enums import CooperationKind
from regiodesk.services.demo.context import DemoContext, Institution, ProjectPlan
from regiodesk.services.demo.scores_and_payments import _points_for, _write_scores

#: Partner regions: (LAG, country)
PARTNERS = (
    ("LAG Frankenjura-Ost", "Deutschland"),
    ("LAG Fichtelgebirge", "Deutschland"),
    ("MAS Šumava (Böhmerwald)", "Tschechien"),
    ("LEADER-Region Mühlviertler Alm", "Österreich"),
)
RATE_BP = 6000

#: Small projects: (title pattern, sponsor kind, gross cost in cents, status course)
SMALL_PROJECTS = (
    ("Sitzbänke am Rundwanderweg {ort}", "verein", 845_000),
    ("Offener Bücherschrank am Dorfplatz {ort}", "verein", 320_000),
    ("Ausstattung für das Dorffest {ort} (Pavillons, Garnituren)", "verein", 1_238_050),
    ("Insektenwiese am Friedhof {ort}", "kirche", 490_000),
    ("Mitfahrbänke in {ort}", "kommune", 600_000),
    ("Trinkwasserbrunnen am Spielplatz {ort}", "kommune", 2_000_000),
    ("Küche im Vereinsheim {ort}", "verein", 2_450_000),
)


def write_cooperation_partners(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """Partners for every cooperation project: shares that add up, one lead partner (or this LAG)."""
    for n, plan in enumerate(p for p in projects if p.project_type == "Kooperation" and p.row is not None):
        rng = random.Random(f"kooperation-{plan.title}")
        row = plan.row
        assert row is not None
        named = [p for p in PARTNERS if p[0].split()[-1] in plan.title]
        others = [p for p in PARTNERS if p not in named]
        partners = named + rng.sample(others, rng.randint(1, 2) if named else rng.randint(1, 3))
        own = row.total_cost_gross_cents or 0
        shares = [own * rng.randint(50, 120) // 100 for _ in partners]
        agreement = (plan.decided_on or ctx.today) - timedelta(days=rng.randint(20, 60))
        transnational = any(country != "Deutschland" for _name, country in partners)
        ctx.out.update(
            row,
            cooperation_kind=(
                CooperationKind.TRANSNATIONAL if transnational else CooperationKind.INTER_TERRITORIAL
            ).value,
            cooperation_agreement_on=agreement,
            cooperation_total_cost_cents=own + sum(shares),
        )
        for m, ((name, country), cost) in enumerate(zip(partners, shares, strict=True)):
            ctx.add(
                CooperationPartner,
                project_id=row.id,
                lag_name=name,
                country=country,
                lead_partner=m == 0 and n % 2 == 0,  # every other project: this LAG leads
                cost_share_cents=cost,
                grant_cents=cost * RATE_BP // 10_000,
            )
    ctx.out.flush()


def write_regional_budget(ctx: DemoContext) -> None:
    """One year of the Regionalbudget: settings, its call, 7 small projects scored, contracted,
    carried out and paid as far as the year has come; one is over the cost limit and rejected."""
    rng = random.Random("regionalbudget")
    today = ctx.today
    year = today.year if today.month >= 4 else today.year - 1
    proof_by = date(year, 10, 15)
    budget = ctx.add(
        RegionalBudget,
        year=year,
        budget_cents=10_000_000,
        max_total_cost_cents=2_000_000,
        max_rate_bp=8000,
        proof_of_use_by=proof_by,
        note="Zuweisung des Amts für Ländliche Entwicklung laut Schreiben vom 12.12. des Vorjahres.",
    )
    call = ctx.add(
        Call,
        funding_period_id=ctx.period.id,
        regional_budget_id=budget.id,
        name=f"Regionalbudget {year}: Aufruf Kleinprojekte",
        opens_on=date(year - 1, 11, 15),
        deadline=date(year, 1, 31),
        budget_cents=budget.budget_cents,
    )
    ctx.out.flush()
    selected_on = date(year, 2, 26)
    sponsors = {
        kind: [i for i in ctx.institutions if i.itype == kind and i is not ctx.lag_inst]
        for kind in ("verein", "kirche", "kommune")
    }
    clerk = f"{ctx.office[0].name} (Geschäftsstelle)"
    for n, (pattern, kind, gross) in enumerate(SMALL_PROJECTS):
        pool = sponsors.get(kind) or [i for i in ctx.institutions if i is not ctx.lag_inst]
        sponsor: Institution = pool[n % len(pool)]
        over = gross > budget.max_total_cost_cents
        grant = gross * budget.max_rate_bp // 10_000  # as applied for, also over the limit
        course = _course(year, n, over, rng)
        dates = {s: d for s, d in course if d <= today}
        status = max(dates, key=_ORDER.index)
        project = ctx.add(
            Project,
            title=pattern.format(ort=sponsor.place.name),
            short_description=f"Kleinprojekt von {sponsor.name} aus dem Regionalbudget {year}.",
            sponsor_id=sponsor.id,
            sponsor_type={"verein": "verein", "kirche": "kirche", "kommune": "kommune"}[kind],
            project_type="Kleinprojekt",
            # no Handlungsfeld: GAK money, not the LEADER budget the monitoring counts per field
            call_id=call.id,
            project_area=f"{sponsor.place.kind} {sponsor.place.name}",
            status=status,
            total_cost_gross_cents=gross,
            eligible_cost_cents=gross,
            funding_rate_bp=budget.max_rate_bp,
            grant_cents=grant,
            own_share_cents=gross - grant,
            starts_on=dates.get("in_umsetzung"),
            ends_on=date(year, 9, 15),
            lag_decision_on=selected_on,
            contract_on=dates.get("bewilligt"),
            completed_on=dates.get("abgeschlossen"),
            proof_of_use_on=dates.get("vn_geprueft"),
        )
        ctx.out.flush()
        plan = ProjectPlan(status, 0, "", project.title, sponsor, kind, "Kleinprojekt", sponsor.place)
        plan.row = project
        _write_scores(ctx, plan, _points_for(35 - n if not over else 30, rng), "")
        before = None
        for step, day in sorted(dates.items(), key=lambda x: (x[1], _ORDER.index(x[0]))):
            ctx.add(
                ProjectStatusChange,
                project_id=project.id,
                from_status=before,
                to_status=step,
                changed_on=day,
                changed_by=clerk,
                note=_NOTES.get(step, ""),
            )
            before = step
        if "vn_geprueft" in dates:
            ctx.add(
                Payment,
                project_id=project.id,
                paid_on=dates["vn_geprueft"] + timedelta(days=rng.randint(10, 30)),
                amount_cents=grant,
                final=True,
                note="Auszahlung nach Prüfung des Verwendungsnachweises",
            )
    ctx.out.flush()


_ORDER = (
    "in_beratung",
    "ausgewaehlt",
    "abgelehnt",
    "bewilligt",
    "in_umsetzung",
    "abgeschlossen",
    "vn_geprueft",
)
_NOTES = {
    "in_beratung": "Antrag zum Aufruf Kleinprojekte eingereicht.",
    "ausgewaehlt": "Auswahl durch das Entscheidungsgremium der LAG.",
    "abgelehnt": "Gesamtkosten über der Grenze für Kleinprojekte; nicht auswählbar.",
    "bewilligt": "Vertrag zwischen LAG und Projektträger geschlossen.",
    "in_umsetzung": "Maßnahmenbeginn.",
    "abgeschlossen": "Fertigstellung gemeldet.",
    "vn_geprueft": "Verwendungsnachweis von der Geschäftsstelle geprüft.",
}


def _course(year: int, n: int, over: bool, rng: random.Random) -> list[tuple[str, date]]:
    """When each step of a small project happens (some may still lie ahead of today)."""
    submitted = date(year, 1, 10) + timedelta(days=rng.randint(0, 20))
    course = [("in_beratung", submitted)]
    if over:
        return [*course, ("abgelehnt", date(year, 2, 26))]
    contract = date(year, 3, 10) + timedelta(days=rng.randint(0, 20))
    start = contract + timedelta(days=rng.randint(3, 20))
    done = date(year, 6, 1) + timedelta(days=rng.randint(0, 90))
    proof = min(done + timedelta(days=rng.randint(7, 30)), date(year, 10, 15))
    course += [
        ("ausgewaehlt", date(year, 2, 26)),
        ("bewilligt", contract),
        ("in_umsetzung", start),
        ("abgeschlossen", done),
    ]
    if n != 2:  # one proof of use still outstanding: the office's reminder has something to show
        course.append(("vn_geprueft", proof))
    return course
