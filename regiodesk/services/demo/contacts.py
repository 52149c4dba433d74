"""The region's people and institutions: contacts with addresses, e-mails, phones, tags and consents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from regiodesk.db.models import (
    Address,
    Affiliation,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Tag,
)
from regiodesk.services.demo.context import DemoContext, Institution, Person
from regiodesk.services.demo.vocabulary import (
    CONSENT_SOURCES,
    CONSENTS,
    FEMALE,
    FUNCTIONS,
    INSTITUTIONS,
    KREIS,
    LAG_NAME,
    LAST,
    MALE,
    NOTES,
    ORIGINS,
    PLACES,
    REGION_DOMAIN,
    REGIONAL_INSTITUTIONS,
    SAINTS,
    STREETS,
    TAGS,
    _ascii,
    _Place,
)


def write_contacts(ctx: DemoContext) -> None:
    rng = ctx.rng
    for name in TAGS:
        ctx.tags[name] = ctx.add(Tag, name=name).id
    core = core_institutions(ctx)
    core_persons(ctx, core)
    generic = max(20, round(ctx.scale.contacts * 0.22) - len(ctx.institutions))
    made: list[Institution] = []
    for name, itype, group in REGIONAL_INSTITUTIONS[:generic]:
        made.append(add_institution(ctx, name, itype, False, group, rng.choice(PLACES)))
    deck: list[tuple[str, str, str]] = []
    for _ in range(generic - len(made)):
        deck = deck or rng.sample(INSTITUTIONS, len(INSTITUTIONS))  # every kind before repeats
        pattern, itype, group = deck.pop()
        place = rng.choice(PLACES)
        name = pattern.format(ort=place.name, name=last_name(ctx, "de"), heilig=rng.choice(SAINTS))
        made.append(add_institution(ctx, name, itype, False, group, place))
    # Everyone else: one or two persons per institution, then private persons up to the total.
    left = ctx.scale.contacts - len(ctx.institutions) - len(ctx.persons)
    seconds = min(left - len(made), len(made) // 2)
    for n, inst in enumerate(made):
        female_fn, male_fn = FUNCTIONS.get(inst.itype, FUNCTIONS["verein"])[0]
        add_person(ctx, inst, (female_fn, male_fn))
        if n < seconds:
            add_person(ctx, inst, FUNCTIONS.get(inst.itype, FUNCTIONS["verein"])[1])
    restricted_at = ctx.scale.contacts - 3
    while len(ctx.institutions) + len(ctx.persons) < ctx.scale.contacts:
        add_person(ctx, None, None, restricted=len(ctx.institutions) + len(ctx.persons) == restricted_at)


def core_institutions(ctx: DemoContext) -> dict[str, Institution]:
    core = {}
    for place in PLACES:
        core[place.name] = add_institution(
            ctx,
            f"{place.kind} {place.name}",
            "kommune",
            True,
            "oeffentlich",
            place,
            street="Rathausplatz 1",
            domain=f"{place.slug}.example",
            mailbox="rathaus",
        )
    core["landkreis"] = add_institution(
        ctx,
        f"Landratsamt {KREIS}",
        "landkreis",
        True,
        "oeffentlich",
        PLACES[0],
        street="Schloßplatz 2",
        domain="lra-muehlbach.example",
        mailbox="kreisentwicklung",
    )
    core["aelf"] = add_institution(
        ctx,
        f"Amt für Ernährung, Landwirtschaft und Forsten {KREIS}",
        "behoerde",
        True,
        "",
        PLACES[0],
        street="Am Flugplatz 12",
        domain="aelf-mb.example",
        mailbox="poststelle",
    )
    core["ale"] = add_institution(
        ctx,
        "Amt für Ländliche Entwicklung Oberfranken",
        "behoerde",
        True,
        "",
        PLACES[0],
        street="Nonnenbrücke 7a",
        domain="ale-ofr.example",
        mailbox="poststelle",
    )
    add_institution(
        ctx,
        "Zweckverband Naturpark Frankenjura",
        "sonstige",
        True,
        "",
        PLACES[0],
        street="Schloßplatz 4",
        domain="naturpark-frankenjura.example",
        mailbox="info",
    )
    core["lag"] = add_institution(
        ctx,
        LAG_NAME,
        "verein",
        False,
        "",
        PLACES[1],
        street="Marktplatz 3",
        domain=REGION_DOMAIN,
        mailbox="info",
    )
    ctx.lag_inst = core["lag"]
    ctx.landkreis = core["landkreis"]
    return core


def core_persons(ctx: DemoContext, core: dict[str, Institution]) -> None:
    for place in PLACES:
        town = core[place.name]
        add_person(ctx, town, ("Erste Bürgermeisterin", "Erster Bürgermeister"), tags=("Kommune",))
        add_person(ctx, town, ("Zweite Bürgermeisterin", "Zweiter Bürgermeister"), tags=("Kommune",))
    add_person(ctx, core["landkreis"], ("Landrätin", "Landrat"), tags=("Kommune",))
    add_person(ctx, core["landkreis"], ("Stellvertretende Landrätin", "Stellvertretender Landrat"))
    add_person(
        ctx, core["landkreis"], ("Sachgebietsleiterin Kreisentwicklung", "Sachgebietsleiter Kreisentwicklung")
    )
    add_person(ctx, core["aelf"], ("LEADER-Koordinatorin", "LEADER-Koordinator"))
    add_person(
        ctx, core["ale"], ("Ansprechpartnerin Gemeindeentwicklung", "Ansprechpartner Gemeindeentwicklung")
    )
    ctx.office = [
        add_person(ctx, core["lag"], ("LAG-Managerin", "LAG-Manager"), female=True),
        add_person(ctx, core["lag"], ("Assistentin der Geschäftsstelle", "Assistent der Geschäftsstelle")),
    ]


def add_institution(
    ctx: DemoContext,
    name: str,
    itype: str,
    public: bool,
    group: str,
    place: _Place,
    *,
    street: str = "",
    domain: str = "",
    mailbox: str = "info",
) -> Institution:
    rng = ctx.rng
    street = street or f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
    if not domain:
        words = [w for w in _ascii(name).replace(".", " ").split() if w not in ("e", "v", "gmbh", "co", "kg")]
        domain = "-".join(words[:3]) + ".example"
    row = ctx.add(
        Contact, kind="institution", organisation=name, institution_type=itype, public_sector=public
    )
    inst = Institution(row.id, name, itype, public, group, place, street, domain)
    ctx.institutions.append(inst)
    ctx.add(
        Address,
        contact_id=row.id,
        kind="dienstlich",
        street=street,
        postal_code=place.postal_code,
        city=place.name,
    )
    add_email(ctx, row.id, f"{mailbox}@{domain}", "dienstlich")
    ctx.add(
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
        tag_contact(ctx, row.id, tag)
    return inst


def add_person(
    ctx: DemoContext,
    inst: Institution | None,
    functions: tuple[str, str] | None,
    *,
    female: bool | None = None,
    tags: Sequence[str] = (),
    restricted: bool = False,
) -> Person:
    rng = ctx.rng
    origin = rng.choices([o for o, _ in ORIGINS], weights=[w for _, w in ORIGINS])[0]
    female = rng.random() < 0.5 if female is None else female
    first = rng.choice((FEMALE if female else MALE)[origin])
    last = last_name(ctx, origin, female)
    roll = rng.random()
    title = "Prof. Dr." if roll < 0.005 else "Dr." if roll < 0.07 else ""
    place = inst.place if inst is not None and rng.random() < 0.7 else rng.choice(PLACES)
    function = functions[0 if female else 1] if functions else ""
    row = ctx.add(
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
    person = Person(row.id, first, last, title, female, place, inst, function)
    ctx.persons.append(person)
    local = f"{_ascii(first)}.{_ascii(last)}".replace(" ", "")
    if inst is not None:
        inst.people.append(person)
        ctx.add(
            Affiliation,
            person_id=row.id,
            institution_id=inst.id,
            function=function,
            starts_on=date(rng.randint(2008, 2022), rng.randint(1, 12), 1),
        )
        add_email(ctx, row.id, f"{local}@{inst.domain}", "dienstlich")
        ctx.add(
            ContactPhone,
            contact_id=row.id,
            kind="dienstlich",
            number=f"{inst.place.area_code} {rng.randint(100, 9999)}-{rng.randint(10, 49)}",
        )
        ctx.add(
            Address,
            contact_id=row.id,
            kind="dienstlich",
            street=inst.street,
            postal_code=inst.place.postal_code,
            city=inst.place.name,
        )
    else:
        add_email(ctx, row.id, f"{local}@example.{rng.choice(('org', 'net', 'com'))}", "privat")
        ctx.add(
            Address,
            contact_id=row.id,
            kind="privat",
            street=f"{rng.choice(STREETS)} {rng.randint(1, 80)}{rng.choice(('', '', '', 'a', 'b'))}",
            postal_code=place.postal_code,
            city=place.name,
        )
    if rng.random() < 0.6:
        ctx.add(
            ContactPhone,
            contact_id=row.id,
            kind="mobil",
            number=f"01{rng.choice(('51', '60', '70', '76'))} {rng.randint(1_000_000, 99_999_999)}",
        )
    for name in tags:
        tag_contact(ctx, row.id, name)
    for name in rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2))):
        tag_contact(ctx, row.id, name)
    for purpose, share, text in CONSENTS:
        if rng.random() < share:
            add_consent(ctx, row.id, purpose, text)
    return person


def last_name(ctx: DemoContext, origin: str, female: bool = False) -> str:
    name = ctx.rng.choice(LAST[origin])
    if female and origin == "pl" and name.endswith("ki"):
        name = name[:-1] + "a"  # Kowalski → Kowalska
    return name


def add_email(ctx: DemoContext, contact_id: str, address: str, kind: str) -> None:
    local, domain = address.split("@")
    candidate, n = address, 1
    while candidate in ctx.emails:
        n += 1
        candidate = f"{local}{n}@{domain}"
    ctx.emails.add(candidate)
    ctx.add(ContactEmail, contact_id=contact_id, kind=kind, address=candidate)


def tag_contact(ctx: DemoContext, contact_id: str, name: str) -> None:
    if (contact_id, name) not in ctx.tagged:
        ctx.tagged.add((contact_id, name))
        ctx.add(ContactTag, contact_id=contact_id, tag_id=ctx.tags[name])


def add_consent(ctx: DemoContext, contact_id: str, purpose: str, text: str) -> None:
    rng = ctx.rng
    given = ctx.today - timedelta(days=rng.randint(20, 1100))
    method, source = rng.choice(CONSENT_SOURCES)
    withdrawn = None
    if rng.random() < 0.12:
        withdrawn = given + timedelta(days=rng.randint(1, max(1, (ctx.today - given).days)))
    ctx.add(
        Consent,
        contact_id=contact_id,
        purpose=purpose,
        given_on=given,
        method=method,
        source=source.format(date=f"{given:%d.%m.%Y}"),
        text=text,
        withdrawn_on=withdrawn,
    )
