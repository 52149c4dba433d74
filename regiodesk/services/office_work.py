"""The Tätigkeitsbericht: the office's own work in a year, by the service areas of the
Musterleistungsbild (seed 000).

* Prozessgestaltung und Gremienarbeit: meetings, decisions, written procedures (these figures are
  the annual report's ``ActivityFigures``; this module adds nothing to them).
* Projektentwicklung und Beratung: consultations, their hours where a duration was recorded, by
  the Handlungsfeld of the project they were about (an idea without a project has none).
* Information, Vernetzung und Qualifizierung: events with their participant numbers, and network
  work (meetings with other regions, the Land's LEADER network, working groups outside the LAG).
* Öffentlichkeitsarbeit: press releases, articles, posts and printed material.

Like the rest of the annual report the figures stand on the cut-off day: on a Stichtag the rows
are read as they were then (``monitoring_figures.rows_as_of``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from regiodesk.db.database import Database
from regiodesk.db.models import ActionField, Activity, Consultation, Event, EventParticipant, Project
from regiodesk.domain.activities import AGE_GROUPS, GENDERS, ParticipantNumbers, participant_numbers
from regiodesk.domain.enums import PRESS_KINDS, ActivityKind, EventKind
from regiodesk.i18n import tr
from regiodesk.services.monitoring_figures import rows_as_of

__all__ = ["ActivityLine", "EventLine", "FieldConsultations", "OfficeWork", "office_work"]

#: The four service areas of the Musterleistungsbild, in its order.
SERVICE_AREAS = (
    "Prozessgestaltung und Gremienarbeit",
    "Projektentwicklung und Beratung",
    "Information, Vernetzung und Qualifizierung",
    "Öffentlichkeitsarbeit",
)


@dataclass(frozen=True)
class FieldConsultations:
    """Consultations about the projects of one Handlungsfeld (``code`` '' : none)."""

    code: str
    name: str
    count: int
    minutes: int


@dataclass(frozen=True)
class EventLine:
    starts_at: datetime
    kind_label: str
    title: str
    location: str
    numbers: ParticipantNumbers
    #: duration in minutes where the end is recorded
    minutes: int | None


@dataclass(frozen=True)
class ActivityLine:
    on: date
    kind: str
    kind_label: str
    title: str
    medium: str
    link: str
    print_run: int | None
    participants: str
    hours_milli: int | None


@dataclass(frozen=True)
class OfficeWork:
    """What the office did between ``start`` and ``cutoff`` beyond its bodies' meetings."""

    start: date
    cutoff: date
    consultations: int
    consultation_minutes: int
    #: consultations with a duration recorded (the hours count only these)
    consultations_timed: int
    consultations_without_project: int
    by_field: tuple[FieldConsultations, ...]
    events: tuple[EventLine, ...]
    press: tuple[ActivityLine, ...]
    network: tuple[ActivityLine, ...]

    @property
    def participants(self) -> int:
        return sum(e.numbers.total for e in self.events)

    @property
    def event_minutes(self) -> int:
        return sum(e.minutes or 0 for e in self.events)

    @property
    def network_hours_milli(self) -> int:
        return sum(a.hours_milli or 0 for a in self.network)

    @property
    def press_hours_milli(self) -> int:
        return sum(a.hours_milli or 0 for a in self.press)

    @property
    def print_run(self) -> int:
        return sum(a.print_run or 0 for a in self.press)

    def counts(self, lines: tuple[ActivityLine, ...]) -> list[tuple[str, int]]:
        """(kind label, count) of ``lines`` in the order of the kinds."""
        found = Counter(a.kind for a in lines)
        return [(k.label, found[k.value]) for k in ActivityKind if found[k.value]]


def office_work(db: Database, start: date, cutoff: date, as_of: date | None = None) -> OfficeWork:
    """The office's work between ``start`` and ``cutoff`` (both included), read as on ``as_of``."""

    def within(day: date | None) -> bool:
        return day is not None and start <= day <= cutoff

    with db.session() as session:
        consultations = [
            c
            for c in rows_as_of(session, Consultation, ("held_on", "duration_minutes", "project_id"), as_of)
            if within(c["held_on"])
        ]
        by_field = _by_field(session, consultations, as_of)
        events = _events(
            session, [e for e in _event_rows(session, as_of) if within(e["starts_at"].date())], as_of
        )
        activities = [
            a
            for a in rows_as_of(
                session,
                Activity,
                ("kind", "held_on", "title", "medium", "link", "print_run", "participants", "hours_milli"),
                as_of,
            )
            if within(a["held_on"])
        ]
    lines = sorted((_activity_line(a) for a in activities), key=lambda a: (a.on, a.title.casefold()))
    timed = [c["duration_minutes"] for c in consultations if c["duration_minutes"]]
    return OfficeWork(
        start=start,
        cutoff=cutoff,
        consultations=len(consultations),
        consultation_minutes=sum(timed),
        consultations_timed=len(timed),
        consultations_without_project=sum(1 for c in consultations if not c["project_id"]),
        by_field=by_field,
        events=events,
        press=tuple(a for a in lines if a.kind in PRESS_KINDS),
        network=tuple(a for a in lines if a.kind not in PRESS_KINDS),
    )


def _by_field(
    session: Session, consultations: list[dict], as_of: date | None
) -> tuple[FieldConsultations, ...]:
    project_field = {
        p["id"]: p["action_field_id"] for p in rows_as_of(session, Project, ("action_field_id",), as_of)
    }
    fields = {
        f.id: (f.position, f.code, f.name)
        for f in session.scalars(select(ActionField))  # a deleted field still names its old projects
    }
    count: Counter[str | None] = Counter()
    minutes: defaultdict[str | None, int] = defaultdict(int)
    for c in consultations:
        field_id = project_field.get(c["project_id"]) if c["project_id"] else None
        key = field_id if field_id in fields else None
        count[key] += 1
        minutes[key] += c["duration_minutes"] or 0
    lines = [
        FieldConsultations(fields[k][1], fields[k][2], n, minutes[k])
        for k, n in sorted(
            ((k, n) for k, n in count.items() if k is not None), key=lambda kn: fields[kn[0]][:2]
        )
    ]
    if count[None]:
        lines.append(
            FieldConsultations(
                "", tr("ohne Handlungsfeld (Projektidee oder Projekt ohne HF)"), count[None], minutes[None]
            )
        )
    return tuple(lines)


_COUNT_FIELDS = tuple(name for name, _ in (*GENDERS, *AGE_GROUPS))


def _event_rows(session: Session, as_of: date | None) -> list[dict]:
    return rows_as_of(
        session,
        Event,
        ("kind", "title", "starts_at", "ends_at", "location", "participants_total", *_COUNT_FIELDS),
        as_of,
    )


def _events(session: Session, events: list[dict], as_of: date | None) -> tuple[EventLine, ...]:
    wanted = {e["id"] for e in events}
    people: defaultdict[str, list[dict]] = defaultdict(list)
    for p in rows_as_of(session, EventParticipant, ("event_id", "registered_on", "attended"), as_of):
        if p["event_id"] in wanted:
            people[p["event_id"]].append(p)
    lines = []
    for e in sorted(events, key=lambda e: e["starts_at"]):
        rows = people[e["id"]]
        numbers = participant_numbers(
            e["participants_total"],
            registered=sum(1 for p in rows if p["registered_on"] is not None),
            attended=sum(1 for p in rows if p["attended"]),
            walk_ins=sum(1 for p in rows if p["registered_on"] is None and p["attended"]),
            counts={name: e[name] for name in _COUNT_FIELDS},
        )
        ends = e["ends_at"]
        minutes = (
            int((ends - e["starts_at"]).total_seconds() // 60) if ends and ends > e["starts_at"] else None
        )
        lines.append(
            EventLine(
                e["starts_at"], EventKind.label_of(e["kind"]), e["title"], e["location"], numbers, minutes
            )
        )
    return tuple(lines)


def _activity_line(a: dict) -> ActivityLine:
    return ActivityLine(
        on=a["held_on"],
        kind=a["kind"],
        kind_label=ActivityKind.label_of(a["kind"]),
        title=a["title"],
        medium=a["medium"],
        link=a["link"],
        print_run=a["print_run"],
        participants=a["participants"],
        hours_milli=a["hours_milli"],
    )
