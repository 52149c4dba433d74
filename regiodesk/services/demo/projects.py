"""Projects: planned by status and action field, given a course of dates, written with their
sponsor contact and status history."""

from __future__ import annotations

from datetime import timedelta

from regiodesk.db.models import Project, ProjectContact, ProjectStatusChange
from regiodesk.domain import funding
from regiodesk.services.demo.contacts import tag_contact
from regiodesk.services.demo.context import (
    DemoContext,
    Institution,
    Person,
    ProjectPlan,
)
from regiodesk.services.demo.scores_and_payments import score_project, write_payments
from regiodesk.services.demo.vocabulary import (
    _STEP_ORDER,
    COURSE,
    FIELD_GROUPS,
    SPONSOR_TYPE,
    STATUS_COUNTS,
    STRATEGY,
)


def plan_projects(ctx: DemoContext) -> list[ProjectPlan]:
    rng = ctx.rng
    statuses = ctx.statuses = status_list(ctx)
    by_type: dict[str, list[Institution | Person]] = {}
    for inst in ctx.institutions:
        kind = SPONSOR_TYPE.get(inst.itype)
        if kind and inst is not ctx.lag_inst:
            by_type.setdefault(kind, []).append(inst)
    by_type["privatperson"] = [p for p in ctx.persons if p.institution is None]
    # Sponsors mostly come from outside the LAG, so that conflicts of interest stay the exception.
    at_table = {
        x.id
        for m in ctx.bodies[0].members
        for p in (m.person, m.deputy)
        if p is not None
        for x in (p, p.institution)
        if x is not None
    }
    outside = {kind: [s for s in pool if s.id not in at_table] for kind, pool in by_type.items()}
    order = list(range(len(STRATEGY)))
    decks: dict[int, list[tuple[str, str, str]]] = {}
    plans = []
    for n, status in enumerate(statuses):
        if n % len(order) == 0:
            rng.shuffle(order)
        f = order[n % len(order)]
        if not decks.get(f):
            decks[f] = rng.sample(STRATEGY[f].projects, len(STRATEGY[f].projects))
        pattern, sponsor_type, project_type = decks[f].pop()
        if project_type == "Kooperation" and sponsor_type == "verein":
            sponsor: Institution | Person = ctx.lag_inst  # the LAG's own association
        else:
            kind = sponsor_type if by_type.get(sponsor_type) else "kommune"
            choices = outside[kind] if outside[kind] and rng.random() < 0.9 else by_type[kind]
            fitting = [
                c for c in choices if isinstance(c, Institution) and c.group in FIELD_GROUPS.get(f, ())
            ]
            sponsor = rng.choice(fitting if kind == "verein" and fitting else choices)
        plans.append(
            ProjectPlan(
                status=status,
                field=f,
                goal_id=rng.choice(ctx.fields[f][1]),
                title=pattern.format(ort=sponsor.place.name),
                sponsor=sponsor,
                sponsor_type=sponsor_type,
                project_type=project_type,
                place=sponsor.place,
            )
        )
    return plans


def status_list(ctx: DemoContext) -> list[str]:
    total = sum(STATUS_COUNTS.values())
    n = ctx.scale.projects
    counts = {s: max(1, c * n // total) for s, c in STATUS_COUNTS.items()}
    keys = list(STATUS_COUNTS)
    while sum(counts.values()) < n:
        counts[ctx.rng.choice(keys)] += 1
    while sum(counts.values()) > n:
        key = max(keys, key=lambda s: counts[s])
        counts[key] -= 1
    statuses = [s for s in keys for _ in range(counts[s])]
    ctx.rng.shuffle(statuses)
    return statuses


def write_projects(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    for plan in projects:
        project_dates(ctx, plan)
    approved = sorted((p for p in projects if "bewilligt" in p.dates), key=lambda p: p.dates["bewilligt"])
    numbers: dict[int, int] = {}
    files: dict[int, str] = {}
    for plan in approved:
        year = plan.dates["bewilligt"].year % 100
        numbers[year] = numbers.get(year, ctx.rng.randint(3, 9)) + ctx.rng.randint(1, 4)
        files[id(plan)] = f"LEADER-{year:02d}-{numbers[year]:04d}"
    for plan in projects:
        write_project(ctx, plan, files.get(id(plan), ""))


def project_dates(ctx: DemoContext, plan: ProjectPlan) -> None:
    """When each step of the project's course happened, all on or before today."""
    rng, today, dates = ctx.rng, ctx.today, plan.dates
    decided = plan.decided_on
    anchor = decided or today
    dates["idee"] = anchor - timedelta(days=rng.randint(120, 330) if decided else rng.randint(5, 300))
    if plan.status != "idee":
        dates["in_beratung"] = anchor - timedelta(
            days=rng.randint(25, 90) if decided else rng.randint(5, 120)
        )
        dates["in_beratung"] = max(dates["in_beratung"], dates["idee"] + timedelta(days=7))
        if not decided:
            dates["in_beratung"] = min(dates["in_beratung"], today)
    if decided is None:
        return
    steps: list[tuple[str, int]] = []
    if plan.status in COURSE:
        spans = {
            "antrag_gestellt": (30, 150),
            "bewilligt": (40, 120),
            "in_umsetzung": (10, 60),
            "abgeschlossen": (150, 420),
            "vn_geprueft": (60, 200),
        }
        for status in COURSE[COURSE.index("antrag_gestellt") : COURSE.index(plan.status) + 1]:
            steps.append((status, rng.randint(*spans[status])))
    elif plan.status == "verfallen":
        steps.append(("verfallen", 184 + rng.randint(0, 6)))
    elif plan.status == "zurueckgezogen":
        steps.append(("zurueckgezogen", rng.randint(20, 120)))
    room = (today - decided).days - 1
    total = sum(days for _, days in steps)
    scale = min(1.0, room / total) if total else 1.0
    day = decided
    for status, days in steps:
        day += timedelta(days=max(1, int(days * scale)))
        dates[status] = min(day, today)


def write_project(ctx: DemoContext, plan: ProjectPlan, file_number: str) -> None:
    rng, dates, status = ctx.rng, plan.dates, plan.status
    rate, net_basis = ctx.rates[plan.project_type]
    low, high = (
        (20, 140)
        if plan.project_type == "Kooperation"
        else {
            "kommune": (40, 450),
            "verein": (12, 150),
            "unternehmen": (30, 320),
            "privatperson": (15, 120),
            "kirche": (25, 220),
            "oeffentlich": (20, 160),
            "sonstige": (20, 120),
        }[plan.sponsor_type]
    )
    gross = rng.randint(low * 1000, high * 1000) * 100 + rng.choice((0, 0, 0, rng.randint(1, 99)))
    net = (gross * 200 + 119) // 238  # gross / 1.19, rounded half up to the cent
    eligible = net * rng.randint(78, 100) // 100
    grant = funding.grant(eligible, rate, ctx.period.max_grant_per_project_cents).amount
    basis = net if net_basis else gross
    cofinancing, source = 0, ""
    if plan.sponsor_type in ("verein", "kirche", "privatperson", "sonstige") and rng.random() < 0.4:
        cofinancing = (basis - grant) * rng.randint(10, 30) // 100
        source = f"Zuschuss {plan.place.kind} {plan.place.name}"
    estimate = status == "idee"
    plan.grant = None if estimate else grant
    start = end = None
    if "in_umsetzung" in dates:
        start = dates["in_umsetzung"]
    elif "bewilligt" in dates:
        start = dates["bewilligt"] + timedelta(days=rng.randint(30, 90))
    elif status in ("in_beratung", "ausgewaehlt", "antrag_gestellt", "zurueckgestellt"):
        start = max(ctx.today, plan.decided_on or ctx.today) + timedelta(days=rng.randint(90, 240))
    if start is not None:
        end = dates.get("abgeschlossen") or start + timedelta(days=rng.randint(180, 540))
        if status == "in_umsetzung":
            end = max(end, ctx.today + timedelta(days=rng.randint(30, 300)))
    proof = None
    if "vn_geprueft" in dates:
        proof = max(dates["abgeschlossen"], dates["vn_geprueft"] - timedelta(days=rng.randint(14, 50)))
    regional = plan.project_type == "Kooperation" or plan.sponsor_type == "oeffentlich"
    sponsor_name = plan.sponsor.name
    plan.row = ctx.add(
        Project,
        title=plan.title,
        short_description=(
            f"{sponsor_name} plant das Vorhaben im Handlungsfeld {plan.field + 1} "
            f"„{STRATEGY[plan.field].name}“."
        ),
        sponsor_id=plan.sponsor.id,
        sponsor_type=plan.sponsor_type,
        project_type=plan.project_type,
        action_field_id=ctx.fields[plan.field][0].id,
        development_goal_id=plan.goal_id,
        call_id=plan.call_id,
        cooperation=plan.project_type == "Kooperation",
        project_area="gesamtes LAG-Gebiet" if regional else f"{plan.place.kind} {plan.place.name}",
        status=status,
        total_cost_gross_cents=gross,
        total_cost_net_cents=None if estimate else net,
        eligible_cost_cents=None if estimate else eligible,
        funding_rate_bp=rate,
        grant_cents=plan.grant,
        cofinancing_source=source,
        cofinancing_cents=None if estimate or not cofinancing else cofinancing,
        own_share_cents=None if estimate else basis - grant - cofinancing,
        starts_on=start,
        ends_on=end,
        lag_decision_on=plan.decided_on,
        applied_on=dates.get("antrag_gestellt"),
        approved_on=dates.get("bewilligt"),
        completed_on=dates.get("abgeschlossen"),
        proof_of_use_on=proof,
        approval_file_number=file_number,
        notes="Kostenschätzung aus der Projektskizze." if estimate else "",
    )
    tag_contact(ctx, plan.sponsor.id, "Projektträger")
    if isinstance(plan.sponsor, Institution) and plan.sponsor.people:
        contact = plan.sponsor.people[0]
        ctx.add(
            ProjectContact,
            project_id=plan.project_id,
            contact_id=contact.id,
            role="Ansprechpartnerin" if contact.female else "Ansprechpartner",
        )
    if plan.decided_on is not None:
        score_project(ctx, plan)
    write_payments(ctx, plan)


def write_history(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """The status course of every project, linked to the LAG decision where there was one."""
    clerk = f"{ctx.office[0].name} (Geschäftsstelle)"
    notes = {
        "idee": "Projektidee im Beratungsgespräch aufgenommen.",
        "in_beratung": "Projektskizze eingereicht.",
        "antrag_gestellt": "Förderantrag bei der Bewilligungsstelle eingereicht.",
        "bewilligt": "Bewilligungsbescheid erhalten.",
        "in_umsetzung": "Maßnahmenbeginn angezeigt.",
        "abgeschlossen": "Fertigstellung gemeldet.",
        "vn_geprueft": "Verwendungsnachweis von der Bewilligungsstelle geprüft.",
        "verfallen": "Antragsfrist nach dem LAG-Beschluss verstrichen; die LAG-Zustimmung ist erloschen.",
        "zurueckgezogen": "Der Projektträger hat das Vorhaben zurückgezogen.",
    }
    for plan in projects:
        steps = [(s, d) for s, d in plan.dates.items()]
        if plan.decided_on is not None:
            decision = plan.status if plan.status in ("abgelehnt", "zurueckgestellt") else "ausgewaehlt"
            steps.append((decision, plan.decided_on))
        steps.sort(key=lambda s: (s[1], _STEP_ORDER.get(s[0], 99)))
        before = None
        for status, day in steps:
            decision_step = (
                plan.decided_on is not None
                and day == plan.decided_on
                and status in ("ausgewaehlt", "abgelehnt", "zurueckgestellt")
            )
            item = plan.item.id if decision_step and plan.item is not None else None
            ctx.add(
                ProjectStatusChange,
                project_id=plan.project_id,
                from_status=before,
                to_status=status,
                changed_on=day,
                changed_by=clerk,
                agenda_item_id=item,
                note=f"Beschluss der LAG vom {day:%d.%m.%Y}." if decision_step else notes.get(status, ""),
            )
            before = status


def link_decisions(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """Point each decided project at its agenda item, now that the items exist."""
    for plan in projects:
        if plan.item is not None and plan.decided_on is not None and plan.row is not None:
            ctx.out.update(plan.row, lag_decision_item_id=plan.item.id)
    ctx.out.flush()
