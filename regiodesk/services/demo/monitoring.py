"""Monitoring: a budget reallocation between action fields and recorded indicator values."""

from __future__ import annotations

from datetime import date, timedelta

from regiodesk.db.models import BudgetReallocation, IndicatorValue
from regiodesk.services.demo.context import DemoContext, MeetingPlan, ProjectPlan


def write_reallocation(ctx: DemoContext, meetings: list[MeetingPlan]) -> None:
    """One budget reallocation (HF 3 to HF 5), decided at the first past LAG meeting that had it
    on its agenda, so the monitoring shows a plan that moved. Draws nothing from ``rng``."""
    title = "Budgetumschichtung zwischen den Handlungsfeldern"
    decided = next(
        (
            (plan.day, item.id)
            for plan in sorted(meetings, key=lambda m: m.starts_at)
            if plan.body.kind == "lag" and plan.day < ctx.today
            for item in plan.items
            if item.title == title
        ),
        (ctx.today - timedelta(days=200), None),
    )
    ctx.add(
        BudgetReallocation,
        from_action_field_id=ctx.fields[2][0].id,
        to_action_field_id=ctx.fields[4][0].id,
        amount_cents=50_000_00,
        decided_on=decided[0],
        agenda_item_id=decided[1],
        note="Kooperationsprojekte stärker nachgefragt als geplant; Mittel aus HF 3 umgeschichtet.",
    )


def indicator_values(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    rng, today = ctx.rng, ctx.today
    ranges = {
        "Anzahl": (1000, 2000),
        "Personen": (150_000, 1_500_000),
        "VZÄ": (500, 2500),
        "ha": (300, 2000),
        "t/Jahr": (3000, 25_000),
    }
    for f, (_af, _goals, indicators) in enumerate(ctx.fields):
        done = [p for p in projects if p.field == f and "abgeschlossen" in p.dates]
        for indicator, spec in indicators:
            if spec.source != "erfasst":
                continue
            # people and events come in whole numbers; jobs, hectares and tonnes in quarters
            step = 1000 if spec.unit in ("Anzahl", "Personen") else 250
            if spec.per_project:
                for plan in done:
                    if rng.random() < 0.7:
                        finished = plan.dates["abgeschlossen"]
                        low, high = ranges[spec.unit]
                        ctx.add(
                            IndicatorValue,
                            indicator_id=indicator.id,
                            project_id=plan.project_id,
                            year=finished.year,
                            value_milli=rng.randint(low, high) // step * step,
                            source="Abschlussbericht des Projektträgers",
                            recorded_on=min(today, finished + timedelta(days=rng.randint(20, 90))),
                        )
                continue
            for year, target in zip(range(2023, 2028), spec.targets, strict=True):
                if year > today.year:
                    break
                part = 1.0 if year < today.year else (today.timetuple().tm_yday / 366)
                value = round(target * part * rng.uniform(0.7, 1.2) * 1000 / step) * step
                ctx.add(
                    IndicatorValue,
                    indicator_id=indicator.id,
                    year=year,
                    value_milli=value,
                    source="Teilnehmerlisten und Veranstaltungskalender der Geschäftsstelle",
                    recorded_on=min(today, date(year, 12, 31)),
                )
