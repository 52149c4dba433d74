"""Meetings: planned around today, calls for projects, selection items placed on LAG agendas,
and the agendas, minutes and attendance written."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from regiodesk.db.changelog import scalar_defaults
from regiodesk.db.models import (
    AgendaItem,
    Attendance,
    Body,
    Call,
    ConflictOfInterest,
    Meeting,
    Vote,
)
from regiodesk.services.demo.context import (
    BodyPlan,
    DemoContext,
    ItemPlan,
    MeetingPlan,
    ProjectPlan,
    add_months,
    next_weekday,
)
from regiodesk.services.demo.vocabulary import (
    BY_AGE,
    LAG_FILLERS,
    LAG_OPENING,
    PLACES,
    TOPICS,
    UNDECIDED,
    VENUES,
)
from regiodesk.services.demo.votes import conflict_roles, draw_attendance, selection_minutes


def plan_meetings(ctx: DemoContext) -> list[MeetingPlan]:
    rng, today = ctx.rng, ctx.today
    low, high = ctx.scale.items_per_meeting
    lags = [b for b in ctx.bodies if b.kind == "lag"]
    others = [b for b in ctx.bodies if b.kind != "lag"]
    decided = sum(1 for s in ctx.statuses if s not in UNDECIDED)
    past = max(len(lags), math.ceil(decided / (high - 4)))
    future = max(len(lags), math.ceil(past / 3))
    past = min(past, ctx.scale.meetings - len(others) - future)
    plans: list[MeetingPlan] = []
    start = add_months(today, -34)
    for n in range(past):
        body = lags[n % len(lags)]
        day = start + (today - timedelta(days=14) - start) * n / max(1, past - 1)
        plans.append(plan_meeting(ctx, body, day, high, evening=True))
    for n in range(future):
        body = lags[n % len(lags)]
        day = (
            today + timedelta(days=10 + rng.randint(0, 6))
            if n < len(lags)
            else add_months(today, 1 + 2 * (n // len(lags)))
        )
        plans.append(plan_meeting(ctx, body, day, high, evening=True))
    rest = ctx.scale.meetings - len(plans)
    for n in range(rest):
        body = others[n % len(others)]
        share = (n // len(others) + 0.5) / math.ceil(rest / len(others))
        day = start + timedelta(days=int(share * ((add_months(today, 5) - start).days)))
        day += timedelta(days=rng.randint(-20, 20))
        if n < len(others) and day < today:  # every body has something coming up
            day = add_months(today, 1 + n % 3)
        plans.append(
            plan_meeting(ctx, body, day, rng.randint(low, high), evening=body.kind != "lenkungsgruppe")
        )
    if ctx.scale.agenda_items is not None:
        fit_agenda_total(ctx, plans, [p for p in plans if p.body.kind != "lag"])
    plans.sort(key=lambda p: p.starts_at)
    return plans


def plan_meeting(ctx: DemoContext, body: BodyPlan, day: date, size: int, evening: bool) -> MeetingPlan:
    day = next_weekday(day)
    if day == ctx.today:
        day = next_weekday(day + timedelta(days=1))
    start = time(19, 0) if evening else time(14, 0)
    return MeetingPlan(body, datetime.combine(day, start), size)


def fit_agenda_total(ctx: DemoContext, plans: list[MeetingPlan], adjustable: list[MeetingPlan]) -> None:
    low, high = ctx.scale.items_per_meeting
    target = ctx.scale.agenda_items or 0
    difference = target - sum(p.size for p in plans)
    step = 1 if difference > 0 else -1
    while difference and adjustable:
        movable = [p for p in adjustable if low <= p.size + step <= high]
        if not movable:
            break
        ctx.rng.choice(movable).size += step
        difference -= step


def decide(ctx: DemoContext, projects: list[ProjectPlan], meetings: list[MeetingPlan]) -> None:
    """Put decided projects on past LAG agendas (oldest status to oldest meeting), the rest ahead."""
    today = ctx.today
    lag_past = [m for m in meetings if m.body.kind == "lag" and m.day < today]
    lag_future = [m for m in meetings if m.body.kind == "lag" and m.day > today]
    slots = [m for m in lag_past for _ in range(m.size - 4)]
    rank = {s: n for n, s in enumerate(BY_AGE)}
    decided = sorted((p for p in projects if p.status not in UNDECIDED), key=lambda p: rank[p.status])
    for n, plan in enumerate(decided):
        if not slots:
            plan.decided_on = add_months(today, -36) + timedelta(days=ctx.rng.randint(0, 60))
            continue
        index = round(n * (len(slots) - 1) / max(1, len(decided) - 1)) if len(decided) <= len(slots) else n
        meeting = slots[min(index, len(slots) - 1)]
        if index >= len(slots):
            plan.decided_on = add_months(today, -36) + timedelta(days=ctx.rng.randint(0, 60))
            continue
        plan.decided_on = meeting.day
        plan.item = ItemPlan(f"Projektauswahl: {plan.title}", "beschluss", plan)
        meeting.items.append(plan.item)
    ahead = [m for m in lag_future for _ in range(m.size - 4)]
    for plan, meeting in zip((p for p in projects if p.status == "in_beratung"), ahead, strict=False):
        plan.item = ItemPlan(f"Projektauswahl: {plan.title}", "beschluss", plan)
        meeting.items.append(plan.item)
    # Calls: one closed before a past selection meeting, one open for the coming one.
    calls = []
    if len(lag_past) >= 3:
        meeting = lag_past[-3]
        deadline = meeting.day - timedelta(days=35)
        calls.append((write_call(ctx, deadline, 450_000), [i.project for i in meeting.items if i.project]))
    coming = lag_future[0].day if lag_future else add_months(today, 2)
    deadline = max(today + timedelta(days=5), coming - timedelta(days=28))
    ctx.open_call = write_call(ctx, deadline, 400_000)
    calls.append((ctx.open_call, [p for p in projects if p.status == "in_beratung"]))
    for call, members in calls:
        for plan in members:
            if plan is not None:
                plan.call_id = call.id


def write_call(ctx: DemoContext, deadline: date, budget_euro: int) -> Call:
    season = {1: "Winter", 2: "Winter", 12: "Winter"}.get(deadline.month) or (
        "Frühjahr" if deadline.month <= 5 else "Sommer" if deadline.month <= 8 else "Herbst"
    )
    return ctx.add(
        Call,
        funding_period_id=ctx.period.id,
        name=f"Projektaufruf {season} {deadline.year}",
        opens_on=deadline - timedelta(days=75),
        deadline=deadline,
        budget_cents=budget_euro * 100,
    )


def write_meetings(ctx: DemoContext, meetings: list[MeetingPlan]) -> None:
    rng, today = ctx.rng, ctx.today
    notice = scalar_defaults(Body)["notice_days"]
    numbers: dict[str, int] = {}
    previous: dict[str, date] = {}
    last_past = {}
    for plan in meetings:
        if plan.day < today:
            last_past[plan.body.id] = plan
    for plan in meetings:
        body = plan.body
        numbers[body.id] = numbers.get(body.id, 2 if body.kind == "lag" else 0) + 1
        past = plan.day < today
        if past:
            state = "durchgefuehrt" if last_past.get(body.id) is plan else "protokoll_genehmigt"
            sent = plan.day - timedelta(days=notice + rng.randint(0, 10))
        elif (plan.day - today).days <= 30:
            state = "eingeladen"
            sent = min(
                today - timedelta(days=rng.randint(0, 2)),
                plan.day - timedelta(days=notice + rng.randint(0, 4)),
            )
        else:
            state, sent = "geplant", None
        office = next((m.person for m in body.members if m.role == "geschaeftsstelle"), None)
        place = PLACES[(numbers[body.id] * 5 + len(body.name)) % len(PLACES)]
        location = (
            "Geschäftsstelle, Marktplatz 3, Steinbühl"
            if body.kind == "lenkungsgruppe"
            else rng.choice(VENUES).format(ort=place.name)
        )
        article = {"lag": "der LAG", "vorstand": "des Vorstands"}.get(body.kind, f"der {body.name}")
        fill_agenda(ctx, plan, previous.get(body.id))
        previous[body.id] = plan.day
        row = ctx.add(
            Meeting,
            body_id=body.id,
            title=f"{numbers[body.id]}. Sitzung {article}",
            starts_at=plan.starts_at,
            ends_at=plan.starts_at + timedelta(minutes=rng.choice((120, 150, 165, 180))),
            location=location,
            state=state,
            chair_id=body.chair.id,
            minute_taker_id=office.id if office else None,
            invitation_sent_on=sent,
            notes="Protokoll an alle Mitglieder versandt." if state == "protokoll_genehmigt" else "",
        )
        attendance = draw_attendance(ctx, plan) if past else None
        for position, item in enumerate(plan.items, 1):
            write_item(ctx, row, plan, item, position, attendance)
        if attendance is not None:
            for m in body.members:
                status = attendance[m.person.id]
                ctx.add(
                    Attendance,
                    meeting_id=row.id,
                    contact_id=m.person.id,
                    membership_id=m.membership_id,
                    status=status,
                    represented_by_id=m.deputy.id if status == "vertreten" and m.deputy else None,
                )


def fill_agenda(ctx: DemoContext, plan: MeetingPlan, previous: date | None) -> None:
    selections = plan.items
    if plan.body.kind == "lag":
        fillers = list(LAG_FILLERS)
        ctx.rng.shuffle(fillers)
        extra = [ItemPlan(*fillers[n % len(fillers)]) for n in range(plan.size - 4 - len(selections))]
        protocol = (
            f"Genehmigung des Protokolls der Sitzung vom {previous:%d.%m.%Y}"
            if previous
            else "Genehmigung der Tagesordnung"
        )
        plan.items = [
            ItemPlan(LAG_OPENING, "information"),
            ItemPlan(protocol, "beschluss"),
            ItemPlan("Bericht der Geschäftsstelle: Projekte, Budget und Termine", "information"),
            *selections,
            *extra,
            ItemPlan("Verschiedenes und Termine", "information"),
        ]
        return
    topics = TOPICS.get(plan.body.kind, TOPICS["arbeitsgruppe"])
    chosen = ctx.rng.sample(topics, min(len(topics), plan.size - 2))
    while len(chosen) < plan.size - 2:
        chosen.append(ctx.rng.choice(topics))
    plan.items = [
        ItemPlan("Begrüßung und Feststellung der Beschlussfähigkeit", "information"),
        *(ItemPlan(title, kind) for title, kind in chosen),
        ItemPlan("Verschiedenes", "information"),
    ]


def write_item(
    ctx: DemoContext,
    meeting: Meeting,
    plan: MeetingPlan,
    item: ItemPlan,
    position: int,
    status: dict[str, str] | None,
) -> None:
    rng, project = ctx.rng, item.project
    discussion = decision = ""
    if status is not None and project is None and item.kind == "beschluss":
        decision = rng.choice(("Einstimmig beschlossen.", "Mit großer Mehrheit beschlossen."))
    vote = None
    if status is not None and project is not None and project.decided_on == plan.day:
        discussion, decision, vote = selection_minutes(ctx, plan, project, status, position)
    ctx.add(
        AgendaItem,
        item.id,
        meeting_id=meeting.id,
        number=str(position),
        position=position,
        title=item.title,
        kind=item.kind,
        project_id=project.row.id if project and project.row else None,
        is_selection_decision=project is not None,
        required_majority="einfach",
        discussion=discussion,
        decision_text=decision,
    )
    if vote is None:
        return
    assert project is not None and status is not None
    for person, role in conflict_roles(ctx, plan.body, project, status):
        ctx.add(
            ConflictOfInterest,
            agenda_item_id=item.id,
            contact_id=person.id,
            reason=f"{role}: persönliches bzw. dienstliches Interesse am Projekt",
        )
    ctx.add(Vote, agenda_item_id=item.id, **vote)
