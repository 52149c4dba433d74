"""What every part of the demo builder shares: the context (session writer, random source,
clock, scale and the rows made so far) and the plans of the region's cast."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import Any

from regiodesk.db.base import Record, new_id
from regiodesk.db.changelog import scalar_defaults
from regiodesk.db.models import (
    ActionField,
    Body,
    Call,
    FundingPeriod,
    Indicator,
    Project,
    SelectionCriterion,
)
from regiodesk.domain import voting
from regiodesk.services.demo.scale import Scale
from regiodesk.services.demo.vocabulary import _GroupSpec, _IndicatorSpec, _Place
from regiodesk.services.demo.writer import RecordWriter


def local_to_utc(local: datetime) -> datetime:
    """German wall-clock time to aware UTC by the EU summer-time rule (no time-zone database needed)."""

    def last_sunday(month: int) -> date:
        day = date(local.year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    summer = datetime.combine(last_sunday(3), time(2)) <= local < datetime.combine(last_sunday(10), time(3))
    return (local - timedelta(hours=2 if summer else 1)).replace(tzinfo=timezone.utc)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def next_weekday(day: date, allowed: tuple[int, ...] = (1, 2, 3)) -> date:
    """The next Tuesday to Thursday (or other ``allowed`` weekdays) on or after ``day``."""
    while day.weekday() not in allowed:
        day += timedelta(days=1)
    return day


@dataclass(eq=False)
class Institution:
    id: str
    name: str
    itype: str
    public: bool
    group: str
    place: _Place
    street: str
    domain: str
    people: list[Person] = field(default_factory=list)


@dataclass(eq=False)
class Person:
    id: str
    first: str
    last: str
    title: str
    female: bool
    place: _Place
    institution: Institution | None = None
    function: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.title, self.first, self.last) if p)

    @property
    def addressed(self) -> str:
        return f"{'Frau' if self.female else 'Herr'} {self.name}"


@dataclass(eq=False)
class Group:
    id: str
    spec: _GroupSpec


@dataclass(eq=False)
class Member:
    person: Person
    role: str
    voting: bool
    group: Group | None
    deputy: Person | None
    membership_id: str = ""


@dataclass(eq=False)
class BodyPlan:
    id: str
    name: str
    kind: str
    members: list[Member]
    place: _Place
    row: Body

    @property
    def chair(self) -> Person:
        return next((m.person for m in self.members if m.role == "vorsitz"), self.members[0].person)


@dataclass(eq=False)
class ProjectPlan:
    status: str
    field: int
    goal_id: str
    title: str
    sponsor: Institution | Person
    sponsor_type: str
    project_type: str
    place: _Place
    decided_on: date | None = None
    item: ItemPlan | None = None
    call_id: str | None = None
    dates: dict[str, date] = dataclasses.field(default_factory=dict)  # `field` is the HF here
    grant: int | None = None
    points: list[int] = dataclasses.field(default_factory=list)
    row: Project | None = None

    @property
    def project_id(self) -> str:
        """The id of the written project (everything that refers to it is written after it)."""
        assert self.row is not None
        return self.row.id


@dataclass(eq=False)
class ItemPlan:
    title: str
    kind: str
    project: ProjectPlan | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class MeetingPlan:
    body: BodyPlan
    starts_at: datetime
    size: int
    items: list[ItemPlan] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.starts_at.date()


class DemoContext:
    """One demo build: where rows go, the one random source, today, the scale, and what exists so far.

    Every part draws from ``rng`` in a fixed order, so the same seed and day give the same region.
    """

    # Set by the region and contacts parts for the later ones.
    period: FundingPeriod
    rates: dict[str, tuple[int, bool]]
    criteria: list[SelectionCriterion]
    fields: list[tuple[ActionField, list[str], list[tuple[Indicator, _IndicatorSpec]]]]
    lag_inst: Institution
    landkreis: Institution
    statuses: list[str]
    open_call: Call

    def __init__(self, rng: random.Random, today: date, scale: Scale, writer: RecordWriter):
        self.rng = rng
        self.today = today
        self.scale = scale
        self.out = writer
        self.emails: set[str] = set()
        self.institutions: list[Institution] = []
        self.persons: list[Person] = []
        self.tags: dict[str, str] = {}
        self.tagged: set[tuple[str, str]] = set()
        self.groups: dict[str, Group] = {}
        self.bodies: list[BodyPlan] = []
        self.office: list[Person] = []
        defaults = scalar_defaults(Body)
        self.rules = voting.RulesOfProcedure(
            quorum_share=Fraction(defaults["quorum_share_bp"], 10_000),
            double_quorum=defaults["double_quorum"],
            min_non_public_share=Fraction(defaults["min_non_public_share_bp"], 10_000),
            max_group_share=Fraction(defaults["max_group_share_bp"], 10_000),
            notice_days=defaults["notice_days"],
        )

    def add(self, model: type[Record], record_id: str | None = None, **values: Any) -> Any:
        """Make a row of ``model`` with a new id (or ``record_id``) and hand it to the writer."""
        record = model(id=record_id or new_id(), **values)
        self.out.add(record)
        return record
