"""Who attends, who has a conflict of interest, and each selection vote as the minutes record it."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from regiodesk.domain import voting
from regiodesk.domain.enums import AttendanceStatus
from regiodesk.services.conduct import vote_snapshot
from regiodesk.services.demo.context import (
    BodyPlan,
    DemoContext,
    Institution,
    MeetingPlan,
    Member,
    Person,
    ProjectPlan,
    local_to_utc,
)
from regiodesk.services.demo.vocabulary import CRITERIA


def draw_attendance(ctx: DemoContext, plan: MeetingPlan) -> dict[str, str]:
    """Who came: most members, some excused, some sent their deputy; every selection stays valid."""
    rng = ctx.rng
    selections = [item.project for item in plan.items if item.project is not None]
    for attempt in range(40):
        status = {}
        for m in plan.body.members:
            roll = rng.random()
            if m.role in ("vorsitz", "geschaeftsstelle") or attempt == 39:
                status[m.person.id] = "anwesend"
            elif not m.voting:
                status[m.person.id] = "anwesend" if roll < 0.7 else "entschuldigt"
            else:
                status[m.person.id] = (
                    "anwesend" if roll < 0.76 else "vertreten" if roll < 0.9 and m.deputy else "entschuldigt"
                )
        if all(not vote_check(ctx, plan, p, status, (0, 0, 0)).problems for p in selections):
            return status
    return status


def conflicts_at_table(
    ctx: DemoContext, body: BodyPlan, project: ProjectPlan, status: dict[str, str]
) -> list[tuple[Person, Member]]:
    """Voting persons at the table who are the sponsor or work for it."""
    found = []
    for m in body.members:
        if not m.voting:
            continue
        sitting = {"anwesend": m.person, "vertreten": m.deputy}.get(status[m.person.id])
        if sitting is not None and (sitting is project.sponsor or sitting.institution is project.sponsor):
            found.append((sitting, m))
    return found


def vote_check(
    ctx: DemoContext,
    plan: MeetingPlan,
    project: ProjectPlan,
    status: dict[str, str],
    counts: tuple[int, int, int],
) -> voting.VoteCheck:
    members = [m for m in plan.body.members if m.voting]
    seats = [
        voting.Seat(
            member_id=m.person.id,
            name=m.person.name,
            interest_group=m.group.spec.name if m.group else "",
            public_sector=bool(m.group and m.group.spec.public),
            deputy_id=m.deputy.id if m.deputy else None,
            deputy_name=m.deputy.name if m.deputy else "",
        )
        for m in members
    ]
    rows = [
        voting.Attendance(person_id=m.person.id, status=AttendanceStatus(status[m.person.id]))
        for m in members
    ]
    conflicted = [p.id for p, _ in conflicts_at_table(ctx, plan.body, project, status)]
    yes, no, abstain = counts
    return voting.evaluate_vote(
        ctx.rules, seats, rows, conflicted, yes, no, abstain, required="einfach", selection=True
    )


def conflict_roles(
    ctx: DemoContext, body: BodyPlan, project: ProjectPlan, status: dict[str, str]
) -> list[tuple[Person, str]]:
    return [
        (p, f"{p.function}, {p.institution.name}" if p.institution else "Projektträger")
        for p, _member in conflicts_at_table(ctx, body, project, status)
    ]


def selection_minutes(
    ctx: DemoContext, plan: MeetingPlan, project: ProjectPlan, status: dict[str, str], position: int
) -> tuple[str, str, dict[str, Any]]:
    """Discussion, decision text and vote of a selection decision, as the minutes record them."""
    from regiodesk.i18n import format_cents

    rng = ctx.rng
    voters = len(vote_check(ctx, plan, project, status, (0, 0, 0)).voters)
    no = rng.randint(0, min(2, voters // 8))
    abstain = rng.randint(0, 2 if voters > 6 else 0)
    yes = voters - no - abstain
    if project.status == "abgelehnt":  # the selection motion fails: the minutes say "abgelehnt"
        yes, no = no, yes
    check = vote_check(ctx, plan, project, status, (yes, no, abstain))
    sponsor = project.sponsor
    if isinstance(sponsor, Institution):
        presenter = sponsor.people[0].addressed if sponsor.people else "Die Geschäftsstelle"
    else:
        presenter = sponsor.addressed
    points = sum(project.points)
    discussion = (
        f"{presenter} stellt das Projekt vor. Die Geschäftsstelle erläutert die Bewertung "
        f"nach den Projektauswahlkriterien ({points} von {3 * len(CRITERIA)} Punkten)."
    )
    for person, role in conflict_roles(ctx, plan.body, project, status):
        discussion += (
            f" {person.addressed} ({role}) ist wegen Interessenkonflikt von Beratung und "
            "Abstimmung ausgeschlossen und verlässt den Sitzungstisch."
        )
    if project.status == "abgelehnt":
        decision = (
            f"Die LAG lehnt das Projekt ab: Mit {points} Punkten ist die Mindestpunktzahl "
            f"von {ctx.period.min_total_points} nicht erreicht."
        )
    elif project.status == "zurueckgestellt":
        decision = "Die LAG stellt das Projekt zurück; der Träger überarbeitet Kostenplan und Finanzierung."
    else:
        decision = (
            "Die LAG wählt das Projekt aus und befürwortet eine LEADER-Förderung von bis zu "
            f"{format_cents(project.grant)}."
        )
    decision += (
        f" Abstimmung: {check.yes} Ja, {check.no} Nein, {check.abstain} Enthaltungen; "
        f"{voting.protocol_sentence(check.double)}."
    )
    vote = {
        "named": False,
        "yes": check.yes,
        "no": check.no,
        "abstain": check.abstain,
        "required_majority": "einfach",
        "members_total": check.total_members,
        "entitled": len(check.voters),
        "non_public": check.double.wiso,
        "largest_group": check.double.largest_group,
        "largest_group_count": check.double.largest_group_count,
        "result": check.result.value,
        "problems": "\n".join(check.problems),
        "entitled_snapshot": json.dumps(vote_snapshot(check), ensure_ascii=False),
        "recorded_at": local_to_utc(plan.starts_at + timedelta(minutes=15 + 12 * position)),
    }
    return discussion, decision, vote
