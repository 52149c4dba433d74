"""The bodies (LAG, Lenkungsgruppe, working groups) and their memberships with seats and deputies."""

from __future__ import annotations

from datetime import date

from regiodesk.db.models import Body, Membership
from regiodesk.services.demo.contacts import tag_contact
from regiodesk.services.demo.context import (
    BodyPlan,
    DemoContext,
    Member,
    Person,
)
from regiodesk.services.demo.vocabulary import (
    GROUPS,
    MORE_BODIES,
    PLACES,
    REGION,
    _Place,
)


def bodies_and_members(ctx: DemoContext) -> None:
    rng = ctx.rng
    towns = [i for i in ctx.institutions if i.itype == "kommune"]
    mayors = [t.people[0] for t in towns]
    seconds = {t.people[0].id: t.people[1] for t in towns}
    landrat, vize = ctx.landkreis.people[0], ctx.landkreis.people[1]
    advisory = [p for i in ctx.institutions if i.itype == "behoerde" for p in i.people[:1]]
    lag_count = 1 + max(0, ctx.scale.bodies - 3) // 12
    used: set[str] = set()

    # The LAG: public sector from the district and the towns, WiSo from associations and firms.
    seats = seat_counts(ctx, ctx.scale.lag_voting_members)
    public = [(landrat, vize), *((m, seconds[m.id]) for m in mayors)][: seats["oeffentlich"]]
    members = [Member(p, "mitglied", True, ctx.groups["oeffentlich"], d) for p, d in public]
    used.update(p.id for pair in public for p in pair)
    for key in ("wirtschaft", "soziales", "umwelt", "kultur"):
        candidates = [i for i in ctx.institutions if i.group == key and i.people]
        for n in range(seats[key]):
            if n < len(candidates):
                inst = candidates[n]
                person = inst.people[0]
                deputy = inst.people[1] if len(inst.people) > 1 else free_person(ctx, used | {person.id})
            else:
                person = free_person(ctx, used)
                deputy = free_person(ctx, used | {person.id})
            used.update((person.id, deputy.id))
            members.append(Member(person, "mitglied", True, ctx.groups[key], deputy))
    members[1].role = "vorsitz"  # the mayor of the town with the office
    members[len(public)].role = "stellv_vorsitz"  # the first WiSo member
    for p in advisory:
        members.append(Member(p, "beratend", False, None, None))
    for p in ctx.office:
        members.append(Member(p, "geschaeftsstelle", False, None, None))
    write_body(
        ctx,
        f"Lokale Aktionsgruppe {REGION}",
        "lag",
        members,
        PLACES[1],
        "Entscheidungsgremium des LAG-Vereins: wählt die Projekte aus und beschließt über "
        "Budget und Strategie.",
    )
    lag = ctx.bodies[0]

    # Lenkungsgruppe: chair, deputy chair, the district and a few members.
    voting = [m for m in lag.members if m.voting]
    chosen = [m for m in voting if m.role != "mitglied"] + [voting[0]] + voting[-3:]
    steering = [Member(m.person, m.role, True, m.group, None) for m in chosen]
    steering += [
        Member(advisory[0], "beratend", False, None, None),
        Member(ctx.office[0], "geschaeftsstelle", False, None, None),
    ]
    write_body(
        ctx,
        "Lenkungsgruppe",
        "lenkungsgruppe",
        steering,
        PLACES[1],
        "Bereitet die Sitzungen der LAG vor und begleitet die Geschäftsstelle.",
    )

    # Arbeitsgruppe Tourismus: hosts, the tourism association, two mayors, interested citizens.
    hosts = [i.people[0] for i in ctx.institutions if i.itype == "unternehmen" and i.people][:4]
    tourism = [i.people[0] for i in ctx.institutions if i.name.startswith("Tourismusverein") and i.people]
    citizens = [p for p in ctx.persons if p.institution is None and p.id not in used][:3]
    group_of = {m.person.id: m.group for m in voting}
    working = []
    for n, person in enumerate(tourism + hosts + mayors[2:4] + citizens):
        group = (
            group_of.get(person.id)
            or ctx.groups[
                "oeffentlich"
                if person.institution and person.institution.public
                else "wirtschaft"
                if person.institution
                else "kultur"
            ]
        )
        working.append(Member(person, "vorsitz" if n == 0 else "mitglied", True, group, None))
    working.append(Member(ctx.office[1], "geschaeftsstelle", False, None, None))
    write_body(
        ctx,
        "Arbeitsgruppe Tourismus",
        "arbeitsgruppe",
        working,
        PLACES[0],
        "Fachliche Arbeitsgruppe zu Rad- und Wandertourismus, Gastgebern und Gästeinformation.",
    )

    # Further bodies of a large region: more LAGs and working groups drawn from everyone.
    people = [p for p in ctx.persons if not p.function.startswith(("Erste", "Zweite"))]
    for n in range(3, ctx.scale.bodies):
        if n - 2 < lag_count:
            seats_n = seat_counts(ctx, ctx.scale.lag_voting_members)
            chosen_people = rng.sample(people, 2 * ctx.scale.lag_voting_members)
            members = []
            for key, count in seats_n.items():
                for _ in range(count):
                    person, deputy = chosen_people.pop(), chosen_people.pop()
                    members.append(Member(person, "mitglied", True, ctx.groups[key], deputy))
            members[0].role, members[-1].role = "vorsitz", "stellv_vorsitz"
            members.append(Member(ctx.office[0], "geschaeftsstelle", False, None, None))
            place = PLACES[n % len(PLACES)]
            write_body(
                ctx,
                f"Lokale Aktionsgruppe Teilraum {place.name}",
                "lag",
                members,
                place,
                "Entscheidungsgremium eines Teilraums.",
            )
            continue
        name, kind = MORE_BODIES[n % len(MORE_BODIES)]
        place = PLACES[n % len(PLACES)]
        members = [
            Member(p, "mitglied", True, ctx.groups[rng.choice(list(ctx.groups))], None)
            for p in rng.sample(people, rng.randint(6, 15))
        ]
        members[0].role = "vorsitz"
        members.append(Member(ctx.office[n % 2], "geschaeftsstelle", False, None, None))
        write_body(ctx, f"{name.format(ort=place.name)} ({n + 1})", kind, members, place, "")


def seat_counts(ctx: DemoContext, total: int) -> dict[str, int]:
    counts = {g.key: int(g.share * total) for g in GROUPS}
    for spec in sorted(GROUPS[1:], key=lambda g: -g.share):
        if sum(counts.values()) >= total:
            break
        counts[spec.key] += 1
    return counts


def free_person(ctx: DemoContext, used: set[str]) -> Person:
    for person in ctx.persons:
        if person.institution is None and person.id not in used:
            return person
    return next(p for p in ctx.persons if p.id not in used)


def write_body(
    ctx: DemoContext, name: str, kind: str, members: list[Member], place: _Place, description: str
) -> None:
    row = ctx.add(Body, name=name, body_type=kind, description=description)
    ctx.bodies.append(BodyPlan(row.id, name, kind, members, place, row))
    constituted = date(2022, 10, 18) if kind == "lag" else date(2023, ctx.rng.randint(1, 12), 1)
    for m in members:
        inst = m.person.institution
        m.membership_id = ctx.add(
            Membership,
            body_id=row.id,
            contact_id=m.person.id,
            institution_id=inst.id if inst else None,
            role=m.role,
            voting_right=m.voting,
            interest_group_id=m.group.id if m.group else None,
            public_sector=bool(m.group and m.group.spec.public)
            or (not m.voting and bool(inst and inst.public)),
            deputy_id=m.deputy.id if m.deputy else None,
            starts_on=constituted,
        ).id
        if kind == "lag" and m.voting:
            tag_contact(ctx, m.person.id, "LAG-Mitglied")
