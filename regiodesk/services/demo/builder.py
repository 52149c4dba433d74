"""Building the demo region row by row from its vocabulary (see ``regiodesk.services.demo``)."""

from __future__ import annotations

import json
import math
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from regiodesk.db.base import Base, Record, new_id
from regiodesk.db.models import (
    ActionField,
    Address,
    Affiliation,
    AgendaItem,
    Attendance,
    Body,
    BudgetReallocation,
    Call,
    ConflictOfInterest,
    Consent,
    ConsentPurpose,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    DevelopmentGoal,
    FundingPeriod,
    FundingRate,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    InterestGroup,
    Meeting,
    Membership,
    Payment,
    Project,
    ProjectContact,
    ProjectStatusChange,
    RegionSettings,
    Score,
    SelectionCriterion,
    Tag,
    Vote,
)
from regiodesk.domain import funding, voting
from regiodesk.domain.enums import AttendanceStatus

if TYPE_CHECKING:
    from regiodesk.services.demo import Scale

from regiodesk.services.conduct import vote_snapshot
from regiodesk.services.demo.vocabulary import (
    _STEP_ORDER,
    BY_AGE,
    CONSENT_SOURCES,
    CONSENTS,
    COURSE,
    CRITERIA,
    FEMALE,
    FIELD_GROUPS,
    FUNCTIONS,
    FUNDING_RATES,
    GROUPS,
    INSTITUTIONS,
    KREIS,
    LAG_FILLERS,
    LAG_NAME,
    LAG_OPENING,
    LAST,
    MALE,
    MORE_BODIES,
    NOTES,
    ORIGINS,
    PLACES,
    POINT_WORDS,
    REGION,
    REGION_DOMAIN,
    REGIONAL_INSTITUTIONS,
    SAINTS,
    SPONSOR_TYPE,
    STATUS_COUNTS,
    STRATEGY,
    STREETS,
    TAGS,
    TOPICS,
    UNDECIDED,
    VENUES,
    _ascii,
    _GroupSpec,
    _IndicatorSpec,
    _Place,
)


def _local_to_utc(local: datetime) -> datetime:
    """German wall-clock time to aware UTC by the EU summer-time rule (no time-zone database needed)."""

    def last_sunday(month: int) -> date:
        day = date(local.year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    summer = datetime.combine(last_sunday(3), time(2)) <= local < datetime.combine(last_sunday(10), time(3))
    return (local - timedelta(hours=2 if summer else 1)).replace(tzinfo=timezone.utc)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def _weekday(day: date, allowed: tuple[int, ...] = (1, 2, 3)) -> date:
    """The next Tuesday to Thursday (or other ``allowed`` weekdays) on or after ``day``."""
    while day.weekday() not in allowed:
        day += timedelta(days=1)
    return day


def _logo_png() -> bytes:
    """A small logo drawn in code: hills of the Jura over the Mühlbach."""
    width, height = 120, 60
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # PNG filter type "none" for this row
        for x in range(width):
            far = 30 - 13 * math.sin(math.pi * x / width)
            near = 44 - 9 * math.sin(math.pi * (x + 50) / 80)
            river = 53 + 2.5 * math.sin(x / 9)
            if abs(y - river) < 1.8:
                pixel = (30, 136, 229)
            elif y > near:
                pixel = (46, 125, 50)
            elif y > far:
                pixel = (124, 179, 66)
            else:
                pixel = (200 + y, 228 + y // 3, 250)
            raw.extend(pixel)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


class RecordWriter:
    """Where :func:`populate` puts its rows: buffered per table, written parents first.

    The unit of work orders inserts only along relationship()s; most foreign keys here have
    none, so parents are flushed before their children explicitly. Writing in batches keeps
    memory flat for a large region: flushed rows are only weakly held by the session.

    This writer adds the rows to the session, whose change recorder logs them. The benchmark
    generator substitutes a bulk writer that logs them the same way.
    """

    def __init__(self, session: Session, batch: int = 4000):
        self.session = session
        self.batch = batch
        self._pending: dict[str, list[Record]] = {}
        self._count = 0

    def add(self, record: Record) -> None:
        self._pending.setdefault(record.__tablename__, []).append(record)
        self._count += 1
        if self._count >= self.batch:
            self.flush()

    def update(self, record: Record, **values: Any) -> None:
        """Change a record written by an earlier :meth:`flush`; logged as an update."""
        for name, value in values.items():
            setattr(record, name, value)

    def flush(self) -> None:
        for table in Base.metadata.sorted_tables:
            rows = self._pending.pop(table.name, None)
            if rows:
                self.write(rows)
        self._count = 0
        self.session.flush()

    def write(self, records: list[Record]) -> None:
        """Insert the records of one table."""
        self.session.add_all(records)
        self.session.flush()


# --------------------------------------------------------------------------- the region's cast


@dataclass(eq=False)
class _Inst:
    id: str
    name: str
    itype: str
    public: bool
    group: str
    place: _Place
    street: str
    domain: str
    people: list[_Person] = field(default_factory=list)


@dataclass(eq=False)
class _Person:
    id: str
    first: str
    last: str
    title: str
    female: bool
    place: _Place
    institution: _Inst | None = None
    function: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.title, self.first, self.last) if p)

    @property
    def addressed(self) -> str:
        return f"{'Frau' if self.female else 'Herr'} {self.name}"


@dataclass(eq=False)
class _Group:
    id: str
    spec: _GroupSpec


@dataclass(eq=False)
class _Member:
    person: _Person
    role: str
    voting: bool
    group: _Group | None
    deputy: _Person | None
    membership_id: str = ""


@dataclass(eq=False)
class _Body:
    id: str
    name: str
    kind: str
    members: list[_Member]
    place: _Place
    row: Body

    @property
    def chair(self) -> _Person:
        return next((m.person for m in self.members if m.role == "vorsitz"), self.members[0].person)


@dataclass(eq=False)
class _ProjectPlan:
    status: str
    field: int
    goal_id: str
    title: str
    sponsor: _Inst | _Person
    sponsor_type: str
    project_type: str
    place: _Place
    decided_on: date | None = None
    item: _ItemPlan | None = None
    call_id: str | None = None
    dates: dict[str, date] = field(default_factory=dict)
    grant: int | None = None
    points: list[int] = field(default_factory=list)
    row: Project | None = None


@dataclass(eq=False)
class _ItemPlan:
    title: str
    kind: str
    project: _ProjectPlan | None = None
    id: str = field(default_factory=new_id)


@dataclass(eq=False)
class _MeetingPlan:
    body: _Body
    starts_at: datetime
    size: int
    items: list[_ItemPlan] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.starts_at.date()


class _Builder:
    def __init__(self, rng: random.Random, today: date, scale: Scale, writer: RecordWriter):
        self.rng = rng
        self.today = today
        self.scale = scale
        self.out = writer
        self.emails: set[str] = set()
        self.institutions: list[_Inst] = []
        self.persons: list[_Person] = []
        self.tags: dict[str, str] = {}
        self.tagged: set[tuple[str, str]] = set()
        self.groups: dict[str, _Group] = {}
        self.bodies: list[_Body] = []
        self.office: list[_Person] = []
        defaults = {c.name: c.default.arg for c in Body.__table__.c if c.default is not None}
        self.rules = voting.RulesOfProcedure(
            quorum_share=Fraction(defaults["quorum_share_bp"], 10_000),
            double_quorum=defaults["double_quorum"],
            min_non_public_share=Fraction(defaults["min_non_public_share_bp"], 10_000),
            max_group_share=Fraction(defaults["max_group_share_bp"], 10_000),
            notice_days=defaults["notice_days"],
        )

    def add(self, model: type[Record], record_id: str | None = None, **values: Any) -> Any:
        record = model(id=record_id or new_id(), **values)
        self.out.add(record)
        return record

    def run(self) -> None:
        self.region()
        self.contacts()
        self.bodies_and_members()
        projects = self.plan_projects()
        meetings = self.plan_meetings()
        self.decide(projects, meetings)
        self.write_projects(projects)
        self.write_meetings(meetings)
        self.reallocation(meetings)
        self.history(projects)
        self.out.flush()
        self.link_decisions(projects)
        self.indicator_values(projects)
        self.score_open_call(projects)
        self.out.flush()

    # ------------------------------------------------------------------ region and strategy
    def region(self) -> None:
        period = self.add(
            FundingPeriod,
            name="LEADER 2023–2027",
            starts_on=date(2023, 1, 1),
            ends_on=date(2027, 12, 31),
            total_budget_cents=sum(f.budget_euro for f in STRATEGY) * 100,
            max_grant_per_project_cents=200_000_00,
            min_total_points=28,
        )
        self.period = period
        self.add(
            RegionSettings,
            name=f"LEADER-Region {REGION}",
            lag_name=LAG_NAME,
            kind="leader",
            land="BY",
            office_phone="09572 3818-0",
            office_email=f"info@{REGION_DOMAIN}",
            office_website=f"www.{REGION_DOMAIN}",
            current_funding_period_id=period.id,
            approval_authority_name=(
                f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS} – "
                "Fachzentrum Diversifizierung und Strukturentwicklung"
            ),
            approval_authority_address=(
                f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS}\n"
                "Fachzentrum Diversifizierung und Strukturentwicklung\nAm Flugplatz 12\n96247 Mühlbach"
            ),
            office_address=f"{LAG_NAME}\nGeschäftsstelle\nMarktplatz 3\n96253 Steinbühl",
            letterhead_text=(
                f"{LAG_NAME} · Geschäftsstelle · Marktplatz 3 · 96253 Steinbühl\n"
                f"Telefon 09572 3818-0 · info@{REGION_DOMAIN} · www.{REGION_DOMAIN}"
            ),
            logo=_logo_png(),
            logo_mime="image/png",
            application_deadline_value=6,
            application_deadline_unit="months",
            proof_of_use_months=6,
        )
        for project_type, rate, net in FUNDING_RATES:
            self.add(
                FundingRate,
                funding_period_id=period.id,
                project_type=project_type,
                rate_bp=rate,
                net_basis=net,
            )
        self.rates = {t: (rate, net) for t, rate, net in FUNDING_RATES}
        self.criteria = [
            self.add(
                SelectionCriterion,
                funding_period_id=period.id,
                position=n,
                title=title,
                description=f"Bewertet wird der Beitrag {phrase}: 0 = kein, 1 = geringer, 2 = deutlicher, "
                + "3 = hoher Beitrag."
                + (" Pflichtkriterium: mindestens 1 Punkt." if mandatory else ""),
                max_points=3,
                mandatory=mandatory,
                min_points=1 if mandatory else 0,
            )
            for n, (title, phrase, mandatory) in enumerate(CRITERIA, 1)
        ]
        for n, (purpose, _share, text) in enumerate(CONSENTS, 1):  # the Stammdaten's purposes
            self.add(ConsentPurpose, name=purpose, position=n, description=text)
        for n, spec in enumerate(GROUPS):
            row = self.add(InterestGroup, name=spec.name, position=n, public_sector=spec.public)
            self.groups[spec.key] = _Group(row.id, spec)
        self.fields: list[tuple[ActionField, list[str], list[tuple[Indicator, _IndicatorSpec]]]] = []
        for n, spec in enumerate(STRATEGY, 1):
            af = self.add(
                ActionField,
                funding_period_id=period.id,
                code=f"HF {n}",
                name=spec.name,
                position=n,
                planned_budget_cents=spec.budget_euro * 100,
                description=f"Handlungsfeld {n} der Lokalen Entwicklungsstrategie {REGION} 2023–2027.",
            )
            goals = [
                self.add(DevelopmentGoal, action_field_id=af.id, code=f"EZ {n}.{g}", name=goal).id
                for g, goal in enumerate(spec.goals, 1)
            ]
            indicators = []
            for ispec in spec.indicators:
                ind = self.add(
                    Indicator,
                    action_field_id=af.id,
                    name=ispec.name,
                    unit=ispec.unit,
                    kind=ispec.kind,
                    source=ispec.source,
                )
                for year, target in zip(range(2023, 2028), ispec.targets, strict=True):
                    self.add(
                        IndicatorTarget, indicator_id=ind.id, year=year, target_milli=round(target * 1000)
                    )
                indicators.append((ind, ispec))
            self.fields.append((af, goals, indicators))

    # ------------------------------------------------------------------ contacts
    def contacts(self) -> None:
        rng = self.rng
        for name in TAGS:
            self.tags[name] = self.add(Tag, name=name).id
        core = self.core_institutions()
        self.core_persons(core)
        generic = max(20, round(self.scale.contacts * 0.22) - len(self.institutions))
        made: list[_Inst] = []
        for name, itype, group in REGIONAL_INSTITUTIONS[:generic]:
            made.append(self.institution(name, itype, False, group, rng.choice(PLACES)))
        deck: list[tuple[str, str, str]] = []
        for _ in range(generic - len(made)):
            deck = deck or rng.sample(INSTITUTIONS, len(INSTITUTIONS))  # every kind before repeats
            pattern, itype, group = deck.pop()
            place = rng.choice(PLACES)
            name = pattern.format(ort=place.name, name=self.last_name("de"), heilig=rng.choice(SAINTS))
            made.append(self.institution(name, itype, False, group, place))
        # Everyone else: one or two persons per institution, then private persons up to the total.
        left = self.scale.contacts - len(self.institutions) - len(self.persons)
        seconds = min(left - len(made), len(made) // 2)
        for n, inst in enumerate(made):
            female_fn, male_fn = FUNCTIONS.get(inst.itype, FUNCTIONS["verein"])[0]
            self.person(inst, (female_fn, male_fn))
            if n < seconds:
                self.person(inst, FUNCTIONS.get(inst.itype, FUNCTIONS["verein"])[1])
        restricted_at = self.scale.contacts - 3
        while len(self.institutions) + len(self.persons) < self.scale.contacts:
            self.person(None, None, restricted=len(self.institutions) + len(self.persons) == restricted_at)

    def core_institutions(self) -> dict[str, _Inst]:
        core = {}
        for place in PLACES:
            core[place.name] = self.institution(
                f"{place.kind} {place.name}",
                "kommune",
                True,
                "oeffentlich",
                place,
                street="Rathausplatz 1",
                domain=f"{place.slug}.example",
                mailbox="rathaus",
            )
        core["landkreis"] = self.institution(
            f"Landratsamt {KREIS}",
            "landkreis",
            True,
            "oeffentlich",
            PLACES[0],
            street="Schloßplatz 2",
            domain="lra-muehlbach.example",
            mailbox="kreisentwicklung",
        )
        core["aelf"] = self.institution(
            f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS}",
            "behoerde",
            True,
            "",
            PLACES[0],
            street="Am Flugplatz 12",
            domain="aelf-mb.example",
            mailbox="poststelle",
        )
        core["ale"] = self.institution(
            "Amt für Ländliche Entwicklung Oberfranken",
            "behoerde",
            True,
            "",
            PLACES[0],
            street="Nonnenbrücke 7a",
            domain="ale-ofr.example",
            mailbox="poststelle",
        )
        self.institution(
            "Zweckverband Naturpark Frankenjura",
            "sonstige",
            True,
            "",
            PLACES[0],
            street="Schloßplatz 4",
            domain="naturpark-frankenjura.example",
            mailbox="info",
        )
        core["lag"] = self.institution(
            LAG_NAME,
            "verein",
            False,
            "",
            PLACES[1],
            street="Marktplatz 3",
            domain=REGION_DOMAIN,
            mailbox="info",
        )
        self.lag_inst = core["lag"]
        self.landkreis = core["landkreis"]
        return core

    def core_persons(self, core: dict[str, _Inst]) -> None:
        for place in PLACES:
            town = core[place.name]
            self.person(town, ("Erste Bürgermeisterin", "Erster Bürgermeister"), tags=("Kommune",))
            self.person(town, ("Zweite Bürgermeisterin", "Zweiter Bürgermeister"), tags=("Kommune",))
        self.person(core["landkreis"], ("Landrätin", "Landrat"), tags=("Kommune",))
        self.person(core["landkreis"], ("Stellvertretende Landrätin", "Stellvertretender Landrat"))
        self.person(
            core["landkreis"], ("Sachgebietsleiterin Kreisentwicklung", "Sachgebietsleiter Kreisentwicklung")
        )
        self.person(core["aelf"], ("LEADER-Koordinatorin", "LEADER-Koordinator"))
        self.person(
            core["ale"], ("Ansprechpartnerin Gemeindeentwicklung", "Ansprechpartner Gemeindeentwicklung")
        )
        self.office = [
            self.person(core["lag"], ("LAG-Managerin", "LAG-Manager"), female=True),
            self.person(core["lag"], ("Assistentin der Geschäftsstelle", "Assistent der Geschäftsstelle")),
        ]

    def institution(
        self,
        name: str,
        itype: str,
        public: bool,
        group: str,
        place: _Place,
        *,
        street: str = "",
        domain: str = "",
        mailbox: str = "info",
    ) -> _Inst:
        rng = self.rng
        street = street or f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
        if not domain:
            words = [
                w for w in _ascii(name).replace(".", " ").split() if w not in ("e", "v", "gmbh", "co", "kg")
            ]
            domain = "-".join(words[:3]) + ".example"
        row = self.add(
            Contact, kind="institution", organisation=name, institution_type=itype, public_sector=public
        )
        inst = _Inst(row.id, name, itype, public, group, place, street, domain)
        self.institutions.append(inst)
        self.add(
            Address,
            contact_id=row.id,
            kind="dienstlich",
            street=street,
            postal_code=place.postal_code,
            city=place.name,
        )
        self.email(row.id, f"{mailbox}@{domain}", "dienstlich")
        self.add(
            ContactPhone,
            contact_id=row.id,
            kind="dienstlich",
            number=f"{place.area_code} {rng.randint(100, 9999)}-0",
        )
        tag = {
            "kommune": "Kommune",
            "verein": "Ehrenamt",
            "unternehmen": "Regionalvermarktung",
            "kirche": "Kultur",
        }.get(itype)
        if tag and rng.random() < 0.7:
            self.tag(row.id, tag)
        return inst

    def person(
        self,
        inst: _Inst | None,
        functions: tuple[str, str] | None,
        *,
        female: bool | None = None,
        tags: Sequence[str] = (),
        restricted: bool = False,
    ) -> _Person:
        rng = self.rng
        origin = rng.choices([o for o, _ in ORIGINS], weights=[w for _, w in ORIGINS])[0]
        female = rng.random() < 0.5 if female is None else female
        first = rng.choice((FEMALE if female else MALE)[origin])
        last = self.last_name(origin, female)
        roll = rng.random()
        title = "Prof. Dr." if roll < 0.005 else "Dr." if roll < 0.07 else ""
        place = inst.place if inst is not None and rng.random() < 0.7 else rng.choice(PLACES)
        function = functions[0 if female else 1] if functions else ""
        row = self.add(
            Contact,
            kind="person",
            salutation="Frau" if female else "Herr",
            title=title,
            first_name=first,
            last_name=last,
            organisation=inst.name if inst else "",
            public_sector=bool(inst and inst.public),
            restricted=restricted,
            notes=(
                "Einschränkung der Verarbeitung auf eigenen Wunsch (Art. 18 DSGVO); Daten bleiben wegen "
                "der Aufbewahrungspflicht der Förderakte gespeichert."
                if restricted
                else rng.choice(NOTES)
                if rng.random() < 0.08
                else ""
            ),
        )
        person = _Person(row.id, first, last, title, female, place, inst, function)
        self.persons.append(person)
        local = f"{_ascii(first)}.{_ascii(last)}".replace(" ", "")
        if inst is not None:
            inst.people.append(person)
            self.add(
                Affiliation,
                person_id=row.id,
                institution_id=inst.id,
                function=function,
                starts_on=date(rng.randint(2008, 2022), rng.randint(1, 12), 1),
            )
            self.email(row.id, f"{local}@{inst.domain}", "dienstlich")
            self.add(
                ContactPhone,
                contact_id=row.id,
                kind="dienstlich",
                number=f"{inst.place.area_code} {rng.randint(100, 9999)}-{rng.randint(10, 49)}",
            )
            self.add(
                Address,
                contact_id=row.id,
                kind="dienstlich",
                street=inst.street,
                postal_code=inst.place.postal_code,
                city=inst.place.name,
            )
        else:
            self.email(row.id, f"{local}@example.{rng.choice(('org', 'net', 'com'))}", "privat")
            self.add(
                Address,
                contact_id=row.id,
                kind="privat",
                street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}{rng.choice(('', '', '', 'a', 'b'))}",
                postal_code=place.postal_code,
                city=place.name,
            )
        if rng.random() < 0.6:
            self.add(
                ContactPhone,
                contact_id=row.id,
                kind="mobil",
                number=f"01{rng.choice(('51', '60', '70', '76'))} {rng.randint(1_000_000, 99_999_999)}",
            )
        for name in tags:
            self.tag(row.id, name)
        for name in rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2))):
            self.tag(row.id, name)
        for purpose, share, text in CONSENTS:
            if rng.random() < share:
                self.consent(row.id, purpose, text)
        return person

    def last_name(self, origin: str, female: bool = False) -> str:
        name = self.rng.choice(LAST[origin])
        if female and origin == "pl" and name.endswith("ki"):
            name = name[:-1] + "a"  # Kowalski → Kowalska
        return name

    def email(self, contact_id: str, address: str, kind: str) -> None:
        local, domain = address.split("@")
        candidate, n = address, 1
        while candidate in self.emails:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.emails.add(candidate)
        self.add(ContactEmail, contact_id=contact_id, kind=kind, address=candidate)

    def tag(self, contact_id: str, name: str) -> None:
        if (contact_id, name) not in self.tagged:
            self.tagged.add((contact_id, name))
            self.add(ContactTag, contact_id=contact_id, tag_id=self.tags[name])

    def consent(self, contact_id: str, purpose: str, text: str) -> None:
        rng = self.rng
        given = self.today - timedelta(days=rng.randint(20, 1100))
        method, source = rng.choice(CONSENT_SOURCES)
        withdrawn = None
        if rng.random() < 0.12:
            withdrawn = given + timedelta(days=rng.randint(1, max(1, (self.today - given).days)))
        self.add(
            Consent,
            contact_id=contact_id,
            purpose=purpose,
            given_on=given,
            method=method,
            source=source.format(date=f"{given:%d.%m.%Y}"),
            text=text,
            withdrawn_on=withdrawn,
        )

    # ------------------------------------------------------------------ bodies
    def bodies_and_members(self) -> None:
        rng = self.rng
        towns = [i for i in self.institutions if i.itype == "kommune"]
        mayors = [t.people[0] for t in towns]
        seconds = {t.people[0].id: t.people[1] for t in towns}
        landrat, vize = self.landkreis.people[0], self.landkreis.people[1]
        advisory = [p for i in self.institutions if i.itype == "behoerde" for p in i.people[:1]]
        lag_count = 1 + max(0, self.scale.bodies - 3) // 12
        used: set[str] = set()

        # The LAG: public sector from the district and the towns, WiSo from associations and firms.
        seats = self.seat_counts(self.scale.lag_voting_members)
        public = [(landrat, vize), *((m, seconds[m.id]) for m in mayors)][: seats["oeffentlich"]]
        members = [_Member(p, "mitglied", True, self.groups["oeffentlich"], d) for p, d in public]
        used.update(p.id for pair in public for p in pair)
        for key in ("wirtschaft", "soziales", "umwelt", "kultur"):
            candidates = [i for i in self.institutions if i.group == key and i.people]
            for n in range(seats[key]):
                if n < len(candidates):
                    inst = candidates[n]
                    person = inst.people[0]
                    deputy = inst.people[1] if len(inst.people) > 1 else self.free_person(used | {person.id})
                else:
                    person = self.free_person(used)
                    deputy = self.free_person(used | {person.id})
                used.update((person.id, deputy.id))
                members.append(_Member(person, "mitglied", True, self.groups[key], deputy))
        members[1].role = "vorsitz"  # the mayor of the town with the office
        members[len(public)].role = "stellv_vorsitz"  # the first WiSo member
        for p in advisory:
            members.append(_Member(p, "beratend", False, None, None))
        for p in self.office:
            members.append(_Member(p, "geschaeftsstelle", False, None, None))
        self.body(
            f"Lokale Aktionsgruppe {REGION}",
            "lag",
            members,
            PLACES[1],
            "Entscheidungsgremium des LAG-Vereins: wählt die Projekte aus und beschließt über "
            "Budget und Strategie.",
        )
        lag = self.bodies[0]

        # Lenkungsgruppe: chair, deputy chair, the district and a few members.
        voting = [m for m in lag.members if m.voting]
        chosen = [m for m in voting if m.role != "mitglied"] + [voting[0]] + voting[-3:]
        steering = [_Member(m.person, m.role, True, m.group, None) for m in chosen]
        steering += [
            _Member(advisory[0], "beratend", False, None, None),
            _Member(self.office[0], "geschaeftsstelle", False, None, None),
        ]
        self.body(
            "Lenkungsgruppe",
            "lenkungsgruppe",
            steering,
            PLACES[1],
            "Bereitet die Sitzungen der LAG vor und begleitet die Geschäftsstelle.",
        )

        # Arbeitsgruppe Tourismus: hosts, the tourism association, two mayors, interested citizens.
        hosts = [i.people[0] for i in self.institutions if i.itype == "unternehmen" and i.people][:4]
        tourism = [
            i.people[0] for i in self.institutions if i.name.startswith("Tourismusverein") and i.people
        ]
        citizens = [p for p in self.persons if p.institution is None and p.id not in used][:3]
        group_of = {m.person.id: m.group for m in voting}
        working = []
        for n, person in enumerate(tourism + hosts + mayors[2:4] + citizens):
            group = (
                group_of.get(person.id)
                or self.groups[
                    "oeffentlich"
                    if person.institution and person.institution.public
                    else "wirtschaft"
                    if person.institution
                    else "kultur"
                ]
            )
            working.append(_Member(person, "vorsitz" if n == 0 else "mitglied", True, group, None))
        working.append(_Member(self.office[1], "geschaeftsstelle", False, None, None))
        self.body(
            "Arbeitsgruppe Tourismus",
            "arbeitsgruppe",
            working,
            PLACES[0],
            "Fachliche Arbeitsgruppe zu Rad- und Wandertourismus, Gastgebern und Gästeinformation.",
        )

        # Further bodies of a large region: more LAGs and working groups drawn from everyone.
        people = [p for p in self.persons if not p.function.startswith(("Erste", "Zweite"))]
        for n in range(3, self.scale.bodies):
            if n - 2 < lag_count:
                seats_n = self.seat_counts(self.scale.lag_voting_members)
                chosen_people = rng.sample(people, 2 * self.scale.lag_voting_members)
                members = []
                for key, count in seats_n.items():
                    for _ in range(count):
                        person, deputy = chosen_people.pop(), chosen_people.pop()
                        members.append(_Member(person, "mitglied", True, self.groups[key], deputy))
                members[0].role, members[-1].role = "vorsitz", "stellv_vorsitz"
                members.append(_Member(self.office[0], "geschaeftsstelle", False, None, None))
                place = PLACES[n % len(PLACES)]
                self.body(
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
                _Member(p, "mitglied", True, self.groups[rng.choice(list(self.groups))], None)
                for p in rng.sample(people, rng.randint(6, 15))
            ]
            members[0].role = "vorsitz"
            members.append(_Member(self.office[n % 2], "geschaeftsstelle", False, None, None))
            self.body(f"{name.format(ort=place.name)} ({n + 1})", kind, members, place, "")

    def seat_counts(self, total: int) -> dict[str, int]:
        counts = {g.key: int(g.share * total) for g in GROUPS}
        for spec in sorted(GROUPS[1:], key=lambda g: -g.share):
            if sum(counts.values()) >= total:
                break
            counts[spec.key] += 1
        return counts

    def free_person(self, used: set[str]) -> _Person:
        for person in self.persons:
            if person.institution is None and person.id not in used:
                return person
        return next(p for p in self.persons if p.id not in used)

    def body(self, name: str, kind: str, members: list[_Member], place: _Place, description: str) -> None:
        row = self.add(Body, name=name, body_type=kind, description=description)
        self.bodies.append(_Body(row.id, name, kind, members, place, row))
        constituted = date(2022, 10, 18) if kind == "lag" else date(2023, self.rng.randint(1, 12), 1)
        for m in members:
            inst = m.person.institution
            m.membership_id = self.add(
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
                self.tag(m.person.id, "LAG-Mitglied")

    # ------------------------------------------------------------------ projects
    def plan_projects(self) -> list[_ProjectPlan]:
        rng = self.rng
        statuses = self.statuses = self.status_list()
        by_type: dict[str, list[_Inst | _Person]] = {}
        for inst in self.institutions:
            kind = SPONSOR_TYPE.get(inst.itype)
            if kind and inst is not self.lag_inst:
                by_type.setdefault(kind, []).append(inst)
        by_type["privatperson"] = [p for p in self.persons if p.institution is None]
        # Sponsors mostly come from outside the LAG, so that conflicts of interest stay the exception.
        at_table = {
            x.id
            for m in self.bodies[0].members
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
                sponsor: _Inst | _Person = self.lag_inst  # the LAG's own association
            else:
                kind = sponsor_type if by_type.get(sponsor_type) else "kommune"
                choices = outside[kind] if outside[kind] and rng.random() < 0.9 else by_type[kind]
                fitting = [c for c in choices if isinstance(c, _Inst) and c.group in FIELD_GROUPS.get(f, ())]
                sponsor = rng.choice(fitting if kind == "verein" and fitting else choices)
            plans.append(
                _ProjectPlan(
                    status=status,
                    field=f,
                    goal_id=rng.choice(self.fields[f][1]),
                    title=pattern.format(ort=sponsor.place.name),
                    sponsor=sponsor,
                    sponsor_type=sponsor_type,
                    project_type=project_type,
                    place=sponsor.place,
                )
            )
        return plans

    def status_list(self) -> list[str]:
        total = sum(STATUS_COUNTS.values())
        n = self.scale.projects
        counts = {s: max(1, c * n // total) for s, c in STATUS_COUNTS.items()}
        keys = list(STATUS_COUNTS)
        while sum(counts.values()) < n:
            counts[self.rng.choice(keys)] += 1
        while sum(counts.values()) > n:
            key = max(keys, key=lambda s: counts[s])
            counts[key] -= 1
        statuses = [s for s in keys for _ in range(counts[s])]
        self.rng.shuffle(statuses)
        return statuses

    # ------------------------------------------------------------------ meetings
    def plan_meetings(self) -> list[_MeetingPlan]:
        rng, today = self.rng, self.today
        low, high = self.scale.items_per_meeting
        lags = [b for b in self.bodies if b.kind == "lag"]
        others = [b for b in self.bodies if b.kind != "lag"]
        decided = sum(1 for s in self.statuses if s not in UNDECIDED)
        past = max(len(lags), math.ceil(decided / (high - 4)))
        future = max(len(lags), math.ceil(past / 3))
        past = min(past, self.scale.meetings - len(others) - future)
        plans: list[_MeetingPlan] = []
        start = _add_months(today, -34)
        for n in range(past):
            body = lags[n % len(lags)]
            day = start + (today - timedelta(days=14) - start) * n / max(1, past - 1)
            plans.append(self.meeting(body, day, high, evening=True))
        for n in range(future):
            body = lags[n % len(lags)]
            day = (
                today + timedelta(days=10 + rng.randint(0, 6))
                if n < len(lags)
                else _add_months(today, 1 + 2 * (n // len(lags)))
            )
            plans.append(self.meeting(body, day, high, evening=True))
        rest = self.scale.meetings - len(plans)
        for n in range(rest):
            body = others[n % len(others)]
            share = (n // len(others) + 0.5) / math.ceil(rest / len(others))
            day = start + timedelta(days=int(share * ((_add_months(today, 5) - start).days)))
            day += timedelta(days=rng.randint(-20, 20))
            if n < len(others) and day < today:  # every body has something coming up
                day = _add_months(today, 1 + n % 3)
            plans.append(
                self.meeting(body, day, rng.randint(low, high), evening=body.kind != "lenkungsgruppe")
            )
        if self.scale.agenda_items is not None:
            self.fit_agenda_total(plans, [p for p in plans if p.body.kind != "lag"])
        plans.sort(key=lambda p: p.starts_at)
        return plans

    def meeting(self, body: _Body, day: date, size: int, evening: bool) -> _MeetingPlan:
        day = _weekday(day)
        if day == self.today:
            day = _weekday(day + timedelta(days=1))
        start = time(19, 0) if evening else time(14, 0)
        return _MeetingPlan(body, datetime.combine(day, start), size)

    def fit_agenda_total(self, plans: list[_MeetingPlan], adjustable: list[_MeetingPlan]) -> None:
        low, high = self.scale.items_per_meeting
        target = self.scale.agenda_items or 0
        difference = target - sum(p.size for p in plans)
        step = 1 if difference > 0 else -1
        while difference and adjustable:
            movable = [p for p in adjustable if low <= p.size + step <= high]
            if not movable:
                break
            self.rng.choice(movable).size += step
            difference -= step

    def decide(self, projects: list[_ProjectPlan], meetings: list[_MeetingPlan]) -> None:
        """Put decided projects on past LAG agendas (oldest status to oldest meeting), the rest ahead."""
        today = self.today
        lag_past = [m for m in meetings if m.body.kind == "lag" and m.day < today]
        lag_future = [m for m in meetings if m.body.kind == "lag" and m.day > today]
        slots = [m for m in lag_past for _ in range(m.size - 4)]
        rank = {s: n for n, s in enumerate(BY_AGE)}
        decided = sorted((p for p in projects if p.status not in UNDECIDED), key=lambda p: rank[p.status])
        for n, plan in enumerate(decided):
            if not slots:
                plan.decided_on = _add_months(today, -36) + timedelta(days=self.rng.randint(0, 60))
                continue
            index = (
                round(n * (len(slots) - 1) / max(1, len(decided) - 1)) if len(decided) <= len(slots) else n
            )
            meeting = slots[min(index, len(slots) - 1)]
            if index >= len(slots):
                plan.decided_on = _add_months(today, -36) + timedelta(days=self.rng.randint(0, 60))
                continue
            plan.decided_on = meeting.day
            plan.item = _ItemPlan(f"Projektauswahl: {plan.title}", "beschluss", plan)
            meeting.items.append(plan.item)
        ahead = [m for m in lag_future for _ in range(m.size - 4)]
        for plan, meeting in zip((p for p in projects if p.status == "in_beratung"), ahead, strict=False):
            plan.item = _ItemPlan(f"Projektauswahl: {plan.title}", "beschluss", plan)
            meeting.items.append(plan.item)
        # Calls: one closed before a past selection meeting, one open for the coming one.
        calls = []
        if len(lag_past) >= 3:
            meeting = lag_past[-3]
            deadline = meeting.day - timedelta(days=35)
            calls.append((self.call(deadline, 450_000), [i.project for i in meeting.items if i.project]))
        coming = lag_future[0].day if lag_future else _add_months(today, 2)
        deadline = max(today + timedelta(days=5), coming - timedelta(days=28))
        self.open_call = self.call(deadline, 400_000)
        calls.append((self.open_call, [p for p in projects if p.status == "in_beratung"]))
        for call, members in calls:
            for plan in members:
                if plan is not None:
                    plan.call_id = call.id

    def call(self, deadline: date, budget_euro: int) -> Call:
        season = {1: "Winter", 2: "Winter", 12: "Winter"}.get(deadline.month) or (
            "Frühjahr" if deadline.month <= 5 else "Sommer" if deadline.month <= 8 else "Herbst"
        )
        return self.add(
            Call,
            funding_period_id=self.period.id,
            name=f"Projektaufruf {season} {deadline.year}",
            opens_on=deadline - timedelta(days=75),
            deadline=deadline,
            budget_cents=budget_euro * 100,
        )

    # ------------------------------------------------------------------ writing projects
    def write_projects(self, projects: list[_ProjectPlan]) -> None:
        for plan in projects:
            self.project_dates(plan)
        approved = sorted((p for p in projects if "bewilligt" in p.dates), key=lambda p: p.dates["bewilligt"])
        numbers: dict[int, int] = {}
        files: dict[int, str] = {}
        for plan in approved:
            year = plan.dates["bewilligt"].year % 100
            numbers[year] = numbers.get(year, self.rng.randint(3, 9)) + self.rng.randint(1, 4)
            files[id(plan)] = f"LEADER-{year:02d}-{numbers[year]:04d}"
        for plan in projects:
            self.write_project(plan, files.get(id(plan), ""))

    def project_dates(self, plan: _ProjectPlan) -> None:
        """When each step of the project's course happened, all on or before today."""
        rng, today, dates = self.rng, self.today, plan.dates
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

    def write_project(self, plan: _ProjectPlan, file_number: str) -> None:
        rng, dates, status = self.rng, plan.dates, plan.status
        rate, net_basis = self.rates[plan.project_type]
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
        grant = funding.grant(eligible, rate, self.period.max_grant_per_project_cents).amount
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
            start = max(self.today, plan.decided_on or self.today) + timedelta(days=rng.randint(90, 240))
        if start is not None:
            end = dates.get("abgeschlossen") or start + timedelta(days=rng.randint(180, 540))
            if status == "in_umsetzung":
                end = max(end, self.today + timedelta(days=rng.randint(30, 300)))
        proof = None
        if "vn_geprueft" in dates:
            proof = max(dates["abgeschlossen"], dates["vn_geprueft"] - timedelta(days=rng.randint(14, 50)))
        regional = plan.project_type == "Kooperation" or plan.sponsor_type == "oeffentlich"
        sponsor_name = plan.sponsor.name
        plan.row = self.add(
            Project,
            title=plan.title,
            short_description=(
                f"{sponsor_name} plant das Vorhaben im Handlungsfeld {plan.field + 1} "
                f"„{STRATEGY[plan.field].name}“."
            ),
            sponsor_id=plan.sponsor.id,
            sponsor_type=plan.sponsor_type,
            project_type=plan.project_type,
            action_field_id=self.fields[plan.field][0].id,
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
        self.tag(plan.sponsor.id, "Projektträger")
        if isinstance(plan.sponsor, _Inst) and plan.sponsor.people:
            contact = plan.sponsor.people[0]
            self.add(
                ProjectContact,
                project_id=plan.row.id,
                contact_id=contact.id,
                role="Ansprechpartnerin" if contact.female else "Ansprechpartner",
            )
        if plan.decided_on is not None:
            self.score(plan)
        self.payments(plan)

    def score(self, plan: _ProjectPlan) -> None:
        rng = self.rng
        total = {"abgelehnt": rng.randint(16, 27), "zurueckgestellt": rng.randint(26, 30)}.get(
            plan.status, rng.randint(28, 35)
        )
        points = [3] * len(CRITERIA)
        while sum(points) > total:
            n = rng.randrange(len(points))
            if points[n] > (1 if CRITERIA[n][2] else 0):
                points[n] -= 1
        plan.points = points
        for criterion, (_title, phrase, _mandatory), value in zip(
            self.criteria, CRITERIA, points, strict=True
        ):
            self.add(
                Score,
                project_id=plan.row.id,
                criterion_id=criterion.id,
                points=value,
                justification=f"{POINT_WORDS[value]} {phrase}.",
            )

    def score_open_call(self, projects: list[_ProjectPlan]) -> None:
        """The office has scored the open call's projects ahead of the coming LAG meeting.

        One misses the minimum total; the budget holds the two best, so the ranking shows funded
        projects and a waiting list. A random source of its own leaves the rest of the region as it was.
        """
        members = [p for p in projects if p.call_id == self.open_call.id and p.row is not None]
        totals = [34, 31, 29, 25, 30, 27]
        funded: list[tuple[int, int]] = []
        for n, plan in enumerate(members):
            rng = random.Random(f"{plan.title}-{n}")
            points = [3] * len(CRITERIA)
            while sum(points) > totals[n % len(totals)]:
                k = rng.randrange(len(points))
                if points[k] > (1 if CRITERIA[k][2] else 0):
                    points[k] -= 1
            for criterion, (_title, phrase, _mandatory), value in zip(
                self.criteria, CRITERIA, points, strict=True
            ):
                self.add(
                    Score,
                    project_id=plan.row.id,
                    criterion_id=criterion.id,
                    points=value,
                    justification=f"{POINT_WORDS[value]} {phrase} (Vorbewertung der Geschäftsstelle).",
                )
            if sum(points) >= 28 and plan.grant is not None:
                funded.append((sum(points), plan.grant))
        best = [grant for _total, grant in sorted(funded, reverse=True)[:2]]
        if best:
            budget = -(-sum(best) // 500_000) * 500_000  # the two best, rounded up to 5.000 €
            self.out.update(self.open_call, budget_cents=budget)

    def payments(self, plan: _ProjectPlan) -> None:
        rng, dates, grant = self.rng, plan.dates, plan.grant
        if grant is None or "in_umsetzung" not in dates:
            return
        start = dates["in_umsetzung"]
        end = dates.get("abgeschlossen", self.today)
        if (end - start).days < 60:
            return
        parts = 1 if plan.status == "in_umsetzung" else rng.randint(1, 2)
        share = rng.randint(30, 50) if plan.status == "in_umsetzung" else rng.randint(50, 80)
        paid = 0
        for n in range(parts):
            amount = grant * share // 100 // parts
            day = start + timedelta(days=(end - start).days * (n + 1) // (parts + 1))
            self.add(
                Payment,
                project_id=plan.row.id,
                paid_on=day,
                amount_cents=amount,
                note=f"{n + 1}. Teilzahlung",
            )
            paid += amount
        if plan.status == "vn_geprueft":
            final = grant * rng.randint(95, 100) // 100 - paid
            day = min(self.today, dates["vn_geprueft"] + timedelta(days=rng.randint(10, 40)))
            self.add(
                Payment,
                project_id=plan.row.id,
                paid_on=day,
                amount_cents=final,
                final=True,
                note="Schlusszahlung nach Prüfung des Verwendungsnachweises",
            )

    def history(self, projects: list[_ProjectPlan]) -> None:
        """The status course of every project, linked to the LAG decision where there was one."""
        clerk = f"{self.office[0].name} (Geschäftsstelle)"
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
                self.add(
                    ProjectStatusChange,
                    project_id=plan.row.id,
                    from_status=before,
                    to_status=status,
                    changed_on=day,
                    changed_by=clerk,
                    agenda_item_id=item,
                    note=f"Beschluss der LAG vom {day:%d.%m.%Y}." if decision_step else notes.get(status, ""),
                )
                before = status

    def reallocation(self, meetings: list[_MeetingPlan]) -> None:
        """One budget reallocation (HF 3 to HF 5), decided at the first past LAG meeting that had it
        on its agenda, so the monitoring shows a plan that moved. Draws nothing from ``rng``."""
        title = "Budgetumschichtung zwischen den Handlungsfeldern"
        decided = next(
            (
                (plan.day, item.id)
                for plan in sorted(meetings, key=lambda m: m.starts_at)
                if plan.body.kind == "lag" and plan.day < self.today
                for item in plan.items
                if item.title == title
            ),
            (self.today - timedelta(days=200), None),
        )
        self.add(
            BudgetReallocation,
            from_action_field_id=self.fields[2][0].id,
            to_action_field_id=self.fields[4][0].id,
            amount_cents=50_000_00,
            decided_on=decided[0],
            agenda_item_id=decided[1],
            note="Kooperationsprojekte stärker nachgefragt als geplant; Mittel aus HF 3 umgeschichtet.",
        )

    def link_decisions(self, projects: list[_ProjectPlan]) -> None:
        """Point each decided project at its agenda item, now that the items exist."""
        for plan in projects:
            if plan.item is not None and plan.decided_on is not None and plan.row is not None:
                self.out.update(plan.row, lag_decision_item_id=plan.item.id)
        self.out.flush()

    def indicator_values(self, projects: list[_ProjectPlan]) -> None:
        rng, today = self.rng, self.today
        ranges = {
            "Anzahl": (1000, 2000),
            "Personen": (150_000, 1_500_000),
            "VZÄ": (500, 2500),
            "ha": (300, 2000),
            "t/Jahr": (3000, 25_000),
        }
        for f, (_af, _goals, indicators) in enumerate(self.fields):
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
                            self.add(
                                IndicatorValue,
                                indicator_id=indicator.id,
                                project_id=plan.row.id,
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
                    self.add(
                        IndicatorValue,
                        indicator_id=indicator.id,
                        year=year,
                        value_milli=value,
                        source="Teilnehmerlisten und Veranstaltungskalender der Geschäftsstelle",
                        recorded_on=min(today, date(year, 12, 31)),
                    )

    # ------------------------------------------------------------------ writing meetings
    def write_meetings(self, meetings: list[_MeetingPlan]) -> None:
        rng, today = self.rng, self.today
        notice = Body.__table__.c.notice_days.default.arg
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
            self.fill_agenda(plan, previous.get(body.id))
            previous[body.id] = plan.day
            row = self.add(
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
            attendance = self.attendance(plan) if past else None
            for position, item in enumerate(plan.items, 1):
                self.write_item(row, plan, item, position, attendance)
            if attendance is not None:
                for m in body.members:
                    status = attendance[m.person.id]
                    self.add(
                        Attendance,
                        meeting_id=row.id,
                        contact_id=m.person.id,
                        membership_id=m.membership_id,
                        status=status,
                        represented_by_id=m.deputy.id if status == "vertreten" and m.deputy else None,
                    )

    def fill_agenda(self, plan: _MeetingPlan, previous: date | None) -> None:
        selections = plan.items
        if plan.body.kind == "lag":
            fillers = list(LAG_FILLERS)
            self.rng.shuffle(fillers)
            extra = [_ItemPlan(*fillers[n % len(fillers)]) for n in range(plan.size - 4 - len(selections))]
            protocol = (
                f"Genehmigung des Protokolls der Sitzung vom {previous:%d.%m.%Y}"
                if previous
                else "Genehmigung der Tagesordnung"
            )
            plan.items = [
                _ItemPlan(LAG_OPENING, "information"),
                _ItemPlan(protocol, "beschluss"),
                _ItemPlan("Bericht der Geschäftsstelle: Projekte, Budget und Termine", "information"),
                *selections,
                *extra,
                _ItemPlan("Verschiedenes und Termine", "information"),
            ]
            return
        topics = TOPICS.get(plan.body.kind, TOPICS["arbeitsgruppe"])
        chosen = self.rng.sample(topics, min(len(topics), plan.size - 2))
        while len(chosen) < plan.size - 2:
            chosen.append(self.rng.choice(topics))
        plan.items = [
            _ItemPlan("Begrüßung und Feststellung der Beschlussfähigkeit", "information"),
            *(_ItemPlan(title, kind) for title, kind in chosen),
            _ItemPlan("Verschiedenes", "information"),
        ]

    def attendance(self, plan: _MeetingPlan) -> dict[str, str]:
        """Who came: most members, some excused, some sent their deputy; every selection stays valid."""
        rng = self.rng
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
                        "anwesend"
                        if roll < 0.76
                        else "vertreten"
                        if roll < 0.9 and m.deputy
                        else "entschuldigt"
                    )
            if all(not self.vote_check(plan, p, status, (0, 0, 0)).problems for p in selections):
                return status
        return status

    def conflicts(
        self, body: _Body, project: _ProjectPlan, status: dict[str, str]
    ) -> list[tuple[_Person, _Member]]:
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
        self, plan: _MeetingPlan, project: _ProjectPlan, status: dict[str, str], counts: tuple[int, int, int]
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
        conflicted = [p.id for p, _ in self.conflicts(plan.body, project, status)]
        yes, no, abstain = counts
        return voting.evaluate_vote(
            self.rules, seats, rows, conflicted, yes, no, abstain, required="einfach", selection=True
        )

    def write_item(
        self,
        meeting: Meeting,
        plan: _MeetingPlan,
        item: _ItemPlan,
        position: int,
        status: dict[str, str] | None,
    ) -> None:
        rng, project = self.rng, item.project
        discussion = decision = ""
        if status is not None and project is None and item.kind == "beschluss":
            decision = rng.choice(("Einstimmig beschlossen.", "Mit großer Mehrheit beschlossen."))
        vote = None
        if status is not None and project is not None and project.decided_on == plan.day:
            discussion, decision, vote = self.selection(plan, project, status, position)
        self.add(
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
        for person, role in self.conflict_roles(plan.body, project, status):
            self.add(
                ConflictOfInterest,
                agenda_item_id=item.id,
                contact_id=person.id,
                reason=f"{role}: persönliches bzw. dienstliches Interesse am Projekt",
            )
        self.add(Vote, agenda_item_id=item.id, **vote)

    def conflict_roles(
        self, body: _Body, project: _ProjectPlan, status: dict[str, str]
    ) -> list[tuple[_Person, str]]:
        return [
            (p, f"{p.function}, {p.institution.name}" if p.institution else "Projektträger")
            for p, _member in self.conflicts(body, project, status)
        ]

    def selection(
        self, plan: _MeetingPlan, project: _ProjectPlan, status: dict[str, str], position: int
    ) -> tuple[str, str, dict[str, Any]]:
        """Discussion, decision text and vote of a selection decision, as the minutes record them."""
        from regiodesk.i18n import format_cents

        rng = self.rng
        voters = len(self.vote_check(plan, project, status, (0, 0, 0)).voters)
        no = rng.randint(0, min(2, voters // 8))
        abstain = rng.randint(0, 2 if voters > 6 else 0)
        yes = voters - no - abstain
        if project.status == "abgelehnt":  # the selection motion fails: the minutes say "abgelehnt"
            yes, no = no, yes
        check = self.vote_check(plan, project, status, (yes, no, abstain))
        sponsor = project.sponsor
        if isinstance(sponsor, _Inst):
            presenter = sponsor.people[0].addressed if sponsor.people else "Die Geschäftsstelle"
        else:
            presenter = sponsor.addressed
        points = sum(project.points)
        discussion = (
            f"{presenter} stellt das Projekt vor. Die Geschäftsstelle erläutert die Bewertung "
            f"nach den Projektauswahlkriterien ({points} von {3 * len(CRITERIA)} Punkten)."
        )
        for person, role in self.conflict_roles(plan.body, project, status):
            discussion += (
                f" {person.addressed} ({role}) ist wegen Interessenkonflikt von Beratung und "
                "Abstimmung ausgeschlossen und verlässt den Sitzungstisch."
            )
        if project.status == "abgelehnt":
            decision = (
                f"Die LAG lehnt das Projekt ab: Mit {points} Punkten ist die Mindestpunktzahl "
                f"von {self.period.min_total_points} nicht erreicht."
            )
        elif project.status == "zurueckgestellt":
            decision = (
                "Die LAG stellt das Projekt zurück; der Träger überarbeitet Kostenplan und Finanzierung."
            )
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
            "recorded_at": _local_to_utc(plan.starts_at + timedelta(minutes=15 + 12 * position)),
        }
        return discussion, decision, vote
