"""The office's own work in the demo: a year of consultations and events before today (and a few
planned ones after it), so a new user sees what the activity lists look like.

Written last: it draws from the random source after every other part, so the rest of the region
a seed gives stays as it was.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from regiodesk.db.models import Consultation, ConsultationContact, Event, EventParticipant
from regiodesk.domain.enums import EventKind
from regiodesk.services.demo.context import DemoContext, Institution, Person, ProjectPlan, next_weekday

#: Topics of a consultation, by what the project needs at its stage.
TOPICS = (
    ("Erstberatung zur Projektidee", "Idee passt zum Handlungsfeld; Projektskizze bis zur nächsten Sitzung."),
    ("Fördervoraussetzungen und Fördersatz", "Fördersatz und förderfähige Kosten erläutert."),
    (
        "Kostenschätzung und Finanzierung",
        "Kostenschätzung überarbeiten, Kofinanzierung mit der Gemeinde klären.",
    ),
    ("Projektauswahlkriterien", "Bewertungsbogen gemeinsam durchgesehen; Beitrag zum Klimaschutz ergänzen."),
    (
        "Antragstellung bei der Bewilligungsstelle",
        "Antragsunterlagen besprochen; Termin beim AELF vereinbart.",
    ),
    ("Vergabe und Angebote", "Drei Angebote einholen; Vergabevermerk vorbereiten."),
    ("Verwendungsnachweis", "Belegliste und Sachbericht besprochen."),
)
#: Ideas that came to the office without becoming a project (yet).
IDEAS = (
    "Mitfahrbank-Netz im Mühlbachtal",
    "Dorfgemeinschaftshaus mit Co-Working",
    "Streuobst-Saftmobil",
    "Jugendtreff im alten Bahnhof",
    "Regionaler Adventsmarkt-Kalender",
    "Naturerlebnispfad am Mühlbach",
    "Repair-Café für die Verwaltungsgemeinschaft",
    "Hofladen-Automat für Direktvermarkter",
)
#: (kind, title pattern, month offset from a year ago, weekday hour)
EVENTS = (
    (EventKind.REGIONAL_CONFERENCE, "Regionalkonferenz {year}", 1, 9),
    (EventKind.PROJECT_FAIR, "Projektbörse Frühjahr {year}", 3, 18),
    (EventKind.WORKSHOP, "Workshop Innenentwicklung und Leerstand", 4, 17),
    (EventKind.EXCURSION, "Exkursion Dorfläden in Oberfranken", 6, 8),
    (EventKind.TRAINING, "Schulung Antragstellung für Vereine", 7, 18),
    (EventKind.INFO_EVENING, "Infoabend Regionalbudget {year}", 9, 19),
    (EventKind.WORKSHOP, "Workshop Tourismus und Naherholung", 10, 17),
    (EventKind.PROJECT_FAIR, "Projektbörse Herbst {year}", 12, 18),
    (EventKind.INFO_EVENING, "Infoabend Förderaufruf {year}", 13, 19),
)
PROGRAMME = (
    "{start} Begrüßung durch die Vorsitzende der LAG\n"
    "{talk} Impulsvortrag\n"
    "{tables} Austausch an Thementischen\n"
    "{end} Ausblick und Abschluss"
)
WALK_INS = ("Gerda Brunner", "Helmut Vogel", "Sabine Kraus", "Tobias Engel", "Monika Seitz", "Jan Winter")


def _person_of(sponsor: Institution | Person) -> Person | None:
    if isinstance(sponsor, Person):
        return sponsor
    return sponsor.people[0] if sponsor.people else None


def _topics_for(plan: ProjectPlan | None) -> tuple[tuple[str, str], ...]:
    """What a consultation is about at the project's stage (an idea: the first steps)."""
    if plan is None or plan.status in ("idee", "in_beratung", "zurueckgestellt"):
        return TOPICS[:4]
    if plan.status == "ausgewaehlt":
        return TOPICS[2:5]
    if plan.status in ("abgeschlossen", "vn_geprueft"):
        return TOPICS[6:]
    return TOPICS[4:6]


def write_activities(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """Consultations over the last year and the events of the year, with participants."""
    _consultations(ctx, projects)
    _events(ctx)


def _consultations(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    rng, today = ctx.rng, ctx.today
    start = today - timedelta(days=365)
    with_project = [p for p in projects if p.row is not None]
    count = max(24, len(projects))
    for n in range(count):
        held_on = next_weekday(start + timedelta(days=rng.randint(0, 360)), (0, 1, 2, 3, 4))
        if held_on > today:
            held_on = today - timedelta(days=rng.randint(1, 20))
        plan = rng.choice(with_project) if n % 3 else None
        topic, outcome = rng.choice(_topics_for(plan))
        people: list[Person] = []
        if plan is not None:
            first = _person_of(plan.sponsor)
            if first is not None:
                people.append(first)
        extra = rng.choice(ctx.persons)
        if extra not in people and (not people or rng.random() < 0.5):
            people.append(extra)
        follow_up: date | None = None
        done = False
        if rng.random() < 0.5 or held_on > today - timedelta(days=45):
            follow_up = held_on + timedelta(weeks=rng.choice((2, 4, 6, 8)))
            # the recent ones are still open (one a little overdue); older ones were dealt with
            done = follow_up < today - timedelta(days=10) and rng.random() < 0.9
        consultation = ctx.add(
            Consultation,
            held_on=held_on,
            duration_minutes=rng.choice((30, 45, 60, 60, 90, 120)),
            project_id=plan.row.id if plan is not None and plan.row is not None else None,
            project_idea="" if plan is not None else rng.choice(IDEAS),
            topic=topic,
            outcome=outcome,
            follow_up_on=follow_up,
            follow_up_done=done,
        )
        for position, person in enumerate(people):
            ctx.add(
                ConsultationContact, consultation_id=consultation.id, contact_id=person.id, position=position
            )


def _events(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    first = date(today.year - 1, today.month, 1)
    office = ctx.office[0].name if ctx.office else ""
    organiser = ctx.lag_inst.name
    for kind, pattern, offset, hour in EVENTS:
        month = first.month - 1 + offset
        day = next_weekday(date(first.year + month // 12, month % 12 + 1, rng.randint(5, 24)))
        if kind is EventKind.EXCURSION:
            day = next_weekday(day, (5,))  # a Saturday
        starts_at = datetime.combine(day, time(hour, 0 if hour != 18 else 30))
        length = 8 if kind is EventKind.EXCURSION else (6 if kind is EventKind.REGIONAL_CONFERENCE else 3)
        ends_at = starts_at + timedelta(hours=length)
        place = rng.choice(ctx.institutions).place
        times = [starts_at + timedelta(minutes=m) for m in (0, 15, 60, length * 60 - 15)]
        programme = PROGRAMME.format(
            **dict(zip(("start", "talk", "tables", "end"), (f"{t:%H:%M}" for t in times), strict=True))
        )
        held = day < today
        registered = rng.sample(ctx.persons, min(len(ctx.persons), rng.randint(8, 24)))
        walk_ins = rng.sample(WALK_INS, rng.randint(0, 3)) if held else []
        counted = held and kind in (EventKind.REGIONAL_CONFERENCE, EventKind.PROJECT_FAIR)
        attended = [p for p in registered if rng.random() < 0.85] if held else []
        total = len(attended) + len(walk_ins) + (rng.randint(5, 20) if counted else 0)
        female = sum(1 for p in attended if p.female) + len(walk_ins) // 2
        event = ctx.add(
            Event,
            kind=kind.value,
            title=pattern.format(year=day.year),
            starts_at=starts_at,
            ends_at=ends_at,
            location=f"{'Treffpunkt Rathaus' if kind is EventKind.EXCURSION else 'Bürgerhaus'} {place.name}",
            organiser=organiser,
            co_organisers="Amt für Ländliche Entwicklung Oberfranken"
            if kind is EventKind.REGIONAL_CONFERENCE
            else "",
            programme=programme,
            participants_total=total if counted else None,
            participants_female=min(female, total) if counted else None,
            participants_male=total - min(female, total) if counted else None,
            notes=f"Organisation: {office}" if office else "",
        )
        for person in registered:
            ctx.add(
                EventParticipant,
                event_id=event.id,
                contact_id=person.id,
                registered_on=day - timedelta(days=rng.randint(3, 30)),
                attended=person in attended,
            )
        for name in walk_ins:
            ctx.add(EventParticipant, event_id=event.id, name=name, registered_on=None, attended=True)
