"""Scores against the selection criteria and payments of approved grants."""

from __future__ import annotations

import random
from datetime import timedelta

from regiodesk.db.models import Payment, Score
from regiodesk.services.demo.context import DemoContext, ProjectPlan
from regiodesk.services.demo.vocabulary import CRITERIA, POINT_WORDS


def score_project(ctx: DemoContext, plan: ProjectPlan) -> None:
    rng = ctx.rng
    total = {"abgelehnt": rng.randint(16, 27), "zurueckgestellt": rng.randint(26, 30)}.get(
        plan.status, rng.randint(28, 35)
    )
    plan.points = _points_for(total, rng)
    _write_scores(ctx, plan, plan.points, "")


def _points_for(total: int, rng: random.Random) -> list[int]:
    """Full marks taken down point by point at random to ``total``; mandatory criteria keep 1."""
    points = [3] * len(CRITERIA)
    while sum(points) > total:
        n = rng.randrange(len(points))
        if points[n] > (1 if CRITERIA[n][2] else 0):
            points[n] -= 1
    return points


def _write_scores(ctx: DemoContext, plan: ProjectPlan, points: list[int], suffix: str) -> None:
    for criterion, (_title, phrase, _mandatory), value in zip(ctx.criteria, CRITERIA, points, strict=True):
        ctx.add(
            Score,
            project_id=plan.project_id,
            criterion_id=criterion.id,
            points=value,
            justification=f"{POINT_WORDS[value]} {phrase}{suffix}.",
        )


def score_open_call(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """The office has scored the open call's projects ahead of the coming LAG meeting.

    One misses the minimum total; the budget holds the two best, so the ranking shows funded
    projects and a waiting list. A random source of its own leaves the rest of the region as it was.
    """
    members = [p for p in projects if p.call_id == ctx.open_call.id and p.row is not None]
    totals = [34, 31, 29, 25, 30, 27]
    funded: list[tuple[int, int]] = []
    for n, plan in enumerate(members):
        points = _points_for(totals[n % len(totals)], random.Random(f"{plan.title}-{n}"))
        _write_scores(ctx, plan, points, " (Vorbewertung der Geschäftsstelle)")
        if sum(points) >= 28 and plan.grant is not None:
            funded.append((sum(points), plan.grant))
    best = [grant for _total, grant in sorted(funded, reverse=True)[:2]]
    if best:
        budget = -(-sum(best) // 500_000) * 500_000  # the two best, rounded up to 5.000 €
        ctx.out.update(ctx.open_call, budget_cents=budget)


def write_payments(ctx: DemoContext, plan: ProjectPlan) -> None:
    rng, dates, grant = ctx.rng, plan.dates, plan.grant
    if grant is None or "in_umsetzung" not in dates:
        return
    start = dates["in_umsetzung"]
    end = dates.get("abgeschlossen", ctx.today)
    if (end - start).days < 60:
        return
    parts = 1 if plan.status == "in_umsetzung" else rng.randint(1, 2)
    share = rng.randint(30, 50) if plan.status == "in_umsetzung" else rng.randint(50, 80)
    paid = 0
    for n in range(parts):
        amount = grant * share // 100 // parts
        day = start + timedelta(days=(end - start).days * (n + 1) // (parts + 1))
        ctx.add(
            Payment,
            project_id=plan.project_id,
            paid_on=day,
            amount_cents=amount,
            note=f"{n + 1}. Teilzahlung",
        )
        paid += amount
    if plan.status == "vn_geprueft":
        final = grant * rng.randint(95, 100) // 100 - paid
        day = min(ctx.today, dates["vn_geprueft"] + timedelta(days=rng.randint(10, 40)))
        ctx.add(
            Payment,
            project_id=plan.project_id,
            paid_on=day,
            amount_cents=final,
            final=True,
            note="Schlusszahlung nach Prüfung des Verwendungsnachweises",
        )
