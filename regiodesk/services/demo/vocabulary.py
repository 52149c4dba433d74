"""The demo region's vocabulary: places, names, institutions, strategy, agenda topics."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from fractions import Fraction

REGION = "Jurahöhen-Mühlbachtal"
LAG_NAME = f"LAG {REGION} e. V."
KREIS = "Mühlbach"
REGION_DOMAIN = "jurahoehen-muehlbachtal.example"


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and domains: ä → ae, ß → ss, é → e, ł → l."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i"), ("ł", "l")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in " -."))


@dataclass(frozen=True)
class _Place:
    name: str
    kind: str  # Stadt, Markt or Gemeinde
    postal_code: str
    area_code: str

    @property
    def slug(self) -> str:
        return _ascii(self.name).replace(" ", "-")


# fmt: off
PLACES = (
    _Place("Mühlbach", "Stadt", "96247", "09573"),
    _Place("Steinbühl", "Markt", "96253", "09572"),
    _Place("Höfles am Jura", "Gemeinde", "96264", "09575"),
    _Place("Großenbuch", "Gemeinde", "96268", "09574"),
    _Place("Kötzendorf", "Gemeinde", "96271", "09576"),
    _Place("Ebersgrün", "Markt", "96277", "09227"),
    _Place("Schönfeld", "Gemeinde", "96279", "09228"),
    _Place("Oberröslau", "Gemeinde", "96282", "09229"),
    _Place("Wüstenbrunn", "Gemeinde", "96285", "09547"),
    _Place("Pfaffendorf", "Gemeinde", "96287", "09548"),
    _Place("Bärnreuth", "Markt", "96290", "09549"),
    _Place("Gößmannsberg", "Gemeinde", "96292", "09504"),
    _Place("Strößendorf", "Gemeinde", "96294", "09505"),
    _Place("Zell am Mühlbach", "Markt", "96296", "09506"),
)
STREETS = (
    "Hauptstraße", "Kirchplatz", "Am Mühlbach", "Schulstraße", "Bahnhofstraße", "Lindenweg", "Fröschgasse",
    "Am Anger", "Jurastraße", "Kellerweg", "Gartenstraße", "Schloßberg", "Höhenweg", "Brunnengasse",
    "Am Weiher", "Bäckergasse", "Obere Dorfstraße", "Untere Mühle", "Flurstraße", "Sonnenhang", "Rosenstraße",
    "Kapellenweg", "Zur Streuobstwiese", "Hopfengarten", "Ölberg",
)

# First and last names per origin: most are German, a few Turkish, French and Polish.
FEMALE = {
    "de": (
        "Anna", "Maria", "Sabine", "Petra", "Jutta", "Ursula", "Monika", "Julia", "Katharina", "Lena",
        "Sophie", "Hannah", "Birgit", "Gisela", "Renate", "Stefanie", "Andrea", "Christine", "Elke", "Bärbel",
        "Käthe", "Anneliese", "Theresia", "Brigitte", "Franziska", "Veronika", "Doris", "Karin", "Claudia",
        "Kerstin", "Marlies", "Rosemarie", "Lea", "Mia", "Johanna", "Annegret",
    ),
    "tr": ("Ayşe", "Elif", "Zeynep", "Fatma", "Gülşen"),
    "fr": ("Amélie", "Hélène", "Céline", "Margaux", "Josée"),
    "pl": ("Małgorzata", "Agnieszka", "Katarzyna", "Zofia", "Joanna"),
}
MALE = {
    "de": (
        "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jürgen", "Günter", "Jörg", "Klaus", "Hans-Peter",
        "Wolfgang", "Bernd", "Uwe", "Matthias", "Florian", "Tobias", "Lukas", "Jonas", "Maximilian",
        "Sebastian", "Georg", "Josef", "Hubert", "Björn", "Sören", "Götz", "Rüdiger", "Matthäus", "Alois",
        "Reinhard", "Helmut", "Karl-Heinz", "Felix", "Benedikt", "Quirin",
    ),
    "tr": ("Mehmet", "Mustafa", "Emre", "Hüseyin", "Ömer"),
    "fr": ("François", "Étienne", "Benoît", "Jérôme", "Loïc"),
    "pl": ("Łukasz", "Paweł", "Krzysztof", "Wojciech", "Tomasz"),
}
LAST = {
    "de": (
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch",
        "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
        "Krüger", "Hofmann", "Hartmann", "Lange", "Werner", "Krause", "Meier", "Köhler", "Herrmann", "König",
        "Walter", "Huber", "Kaiser", "Fuchs", "Lang", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Keller",
        "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Schuster", "Böhm",
        "Kraus", "Krämer", "Jäger", "Sommer", "Groß", "Seidel", "Haas", "Ziegler", "Kühn", "Pohl", "Engel",
        "Horn", "Dörfler", "Höfner", "Bäuerlein", "Fößel", "Hümmer", "Schütz", "Strauß", "Heß", "Süß",
        "Löffler", "Götz", "Nüßlein", "Räbel", "Söllner", "Wölfel", "Grüner", "Kößler", "Schrüfer",
        "Übelhack", "Oßwald", "Dümlein", "Müllner",
    ),
    "tr": ("Yılmaz", "Öztürk", "Demir", "Şahin", "Çelik", "Kaya", "Arslan", "Doğan"),
    "fr": ("Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Lemaître"),
    "pl": ("Kowalski", "Nowak", "Wiśniewski", "Zieliński", "Wójcik", "Lewandowski"),
}
ORIGINS = (("de", 90), ("tr", 4), ("fr", 3), ("pl", 3))


@dataclass(frozen=True)
class _GroupSpec:
    key: str
    name: str
    public: bool
    #: Share of a LAG's voting seats (public below 49 %, together with WiSo above 50 %).
    share: Fraction


GROUPS = (
    _GroupSpec("oeffentlich", "Öffentlicher Sektor", True, Fraction(40, 100)),
    _GroupSpec("wirtschaft", "Wirtschaft", False, Fraction(20, 100)),
    _GroupSpec("soziales", "Soziales und Bildung", False, Fraction(16, 100)),
    _GroupSpec("umwelt", "Umwelt und Landwirtschaft", False, Fraction(12, 100)),
    _GroupSpec("kultur", "Kultur und Zivilgesellschaft", False, Fraction(12, 100)),
)

# Institutions anyone could found: (name pattern, institution type, interest group).
# {ort} is a place, {name} a family name, {heilig} a patron saint.
INSTITUTIONS = (
    ("Heimat- und Verschönerungsverein {ort} e. V.", "verein", "kultur"),
    ("Obst- und Gartenbauverein {ort} e. V.", "verein", "umwelt"),
    ("Förderverein Dorfladen {ort} e. V.", "verein", "soziales"),
    ("Musikverein {ort} e. V.", "verein", "kultur"),
    ("Trachtenverein „D’Jurabuam“ {ort} e. V.", "verein", "kultur"),
    ("Sportverein {ort} 1921 e. V.", "verein", "soziales"),
    ("Familienzentrum {ort} e. V.", "verein", "soziales"),
    ("Bürgerenergie {ort} eG", "unternehmen", "wirtschaft"),
    ("Brauerei {name} GmbH & Co. KG", "unternehmen", "wirtschaft"),
    ("Schreinerei {name} GmbH", "unternehmen", "wirtschaft"),
    ("Landgasthof Zur Post {name} KG", "unternehmen", "wirtschaft"),
    ("Hofkäserei {name} GbR", "unternehmen", "umwelt"),
    ("Bäckerei {name} GmbH", "unternehmen", "wirtschaft"),
    ("Ferienhof {name}", "unternehmen", "wirtschaft"),
    ("Ingenieurbüro {name} GmbH", "unternehmen", "wirtschaft"),
    ("Kath. Kirchenstiftung {heilig} {ort}", "kirche", "soziales"),
    ("Evang.-Luth. Kirchengemeinde {ort}", "kirche", "soziales"),
    ("Bürgerstiftung {ort}", "stiftung", "soziales"),
)
# One of each in the region, founded before the ones above.
REGIONAL_INSTITUTIONS = (
    ("Tourismusverein Mühlbachtal e. V.", "verein", "wirtschaft"),
    (f"Landschaftspflegeverband {KREIS} e. V.", "verein", "umwelt"),
    (f"Bund Naturschutz, Kreisgruppe {KREIS}", "verein", "umwelt"),
    (f"Volkshochschule {KREIS} e. V.", "verein", "soziales"),
    (f"Caritasverband für den Landkreis {KREIS} e. V.", "verein", "soziales"),
    (f"Maschinenring {KREIS} e. V.", "verein", "umwelt"),
    ("Kreishandwerkerschaft Frankenjura", "verein", "wirtschaft"),
    ("Geschichts- und Heimatverein Jurahöhen e. V.", "verein", "kultur"),
    ("Kunstverein Alte Mühle e. V.", "verein", "kultur"),
)
SAINTS = ("St. Kilian", "St. Laurentius", "St. Ägidius", "St. Jakobus", "Mariä Heimsuchung", "St. Veit")
# Sponsor type of an institution type; the authorities (ÄELF, ALE) never sponsor projects.
SPONSOR_TYPE = {
    "kommune": "kommune", "landkreis": "oeffentlich", "sonstige": "oeffentlich", "verein": "verein",
    "unternehmen": "unternehmen", "kirche": "kirche", "stiftung": "sonstige",
}
# (female, male) function of the first and second person of an institution.
FUNCTIONS = {
    "verein": (("Vorsitzende", "Vorsitzender"), ("Kassiererin", "Kassier")),
    "unternehmen": (("Geschäftsführerin", "Geschäftsführer"), ("Prokuristin", "Prokurist")),
    "kirche": (("Kirchenpflegerin", "Kirchenpfleger"), ("Pfarrerin", "Pfarrer")),
    "stiftung": (("Vorstandsvorsitzende", "Vorstandsvorsitzender"), ("Stiftungsrätin", "Stiftungsrat")),
}
TAGS = (
    "Presse", "LAG-Mitglied", "Projektträger", "Kommune", "Tourismus", "Regionalvermarktung", "Ehrenamt",
    "Jugend", "Energie und Klima", "Kultur", "Landwirtschaft", "Bürgerwerkstatt"
)
CONSENTS = (
    (
        "Newsletter",
        0.55,
        "Ich möchte den Newsletter der LAG per E-Mail erhalten. Meine Einwilligung kann ich jederzeit "
        "mit Wirkung für die Zukunft widerrufen, z. B. über den Abmeldelink im Newsletter.",
    ),
    (
        "Veröffentlichung von Fotos",
        0.25,
        "Ich bin einverstanden, dass Fotos, auf denen ich zu erkennen bin, auf der Website, in der "
        "Presse und im Jahresbericht der LAG veröffentlicht werden. Widerruf jederzeit möglich.",
    ),
)
CONSENT_SOURCES = (
    ("formular", "Anmeldebogen Regionalforum {date}"),
    ("formular", "Newsletter-Anmeldung auf der Website"),
    ("email", "E-Mail vom {date}"),
    ("muendlich", "Telefonat mit der Geschäftsstelle am {date}"),
    ("formular", "Teilnehmerliste Bürgerwerkstatt {date}"),
)
NOTES = (
    "Bevorzugt Kontakt per Telefon.",
    "Hat die Bürgerwerkstatt zur LES mitgestaltet.",
    "Ansprechpartnerin/Ansprechpartner für Kooperationsprojekte.",
    "Bitte Einladungen auch per Post.",
    "Kennt sich mit Vergaberecht aus.",
)

FUNDING_RATES = (("produktiv", 3000, True), ("nicht produktiv", 5000, False), ("Kooperation", 6000, False))
CRITERIA = (
    ("Beitrag zu den Entwicklungszielen der LES", "zu den Entwicklungszielen der LES", True),
    (
        "Bürgerbeteiligung und Bedeutung für das LAG-Gebiet",
        "zur Beteiligung der Bürgerinnen und Bürger",
        True,
    ),
    ("Beitrag zum Klimaschutz und zur Anpassung an den Klimawandel", "zum Klimaschutz", True),
    ("Beitrag zu Umwelt-, Ressourcen- und Naturschutz", "zum Umwelt- und Naturschutz", False),
    ("Innovativer Ansatz für die Region", "zu neuen Lösungen in der Region", False),
    ("Vernetzung und Kooperation von Partnern und Sektoren", "zur Vernetzung von Partnern", False),
    ("Beitrag zur Bewältigung des demografischen Wandels", "zum demografischen Wandel", False),
    ("Soziale Teilhabe, Inklusion und Gleichstellung", "zu Teilhabe und Inklusion", False),
    ("Regionale Wertschöpfung und Arbeitsplätze", "zur regionalen Wertschöpfung", False),
    ("Stärkung der regionalen Identität und Baukultur", "zur regionalen Identität", False),
    ("Bildung und Qualifizierung", "zu Bildung und Qualifizierung", False),
    ("Tragfähigkeit von Trägerschaft und Folgekosten", "zur dauerhaften Tragfähigkeit", False),
)
POINT_WORDS = ("Kein erkennbarer Beitrag", "Geringer Beitrag", "Deutlicher Beitrag", "Hoher Beitrag")


@dataclass(frozen=True)
class _IndicatorSpec:
    name: str
    unit: str
    kind: str
    source: str
    #: Target per year 2023–2027, in the unit (fractions allowed).
    targets: tuple[float, ...]
    #: Actual values come from completed projects (else the office counts them per year).
    per_project: bool = True


@dataclass(frozen=True)
class _FieldSpec:
    name: str
    budget_euro: int
    goals: tuple[str, ...]
    indicators: tuple[_IndicatorSpec, ...]
    #: (title pattern, sponsor type, project type); {ort} is the sponsor's place.
    projects: tuple[tuple[str, str, str], ...]


def _counted(name: str, targets: tuple[float, ...]) -> _IndicatorSpec:
    return _IndicatorSpec(name, "Anzahl", "output", "anzahl_projekte", targets)


STRATEGY = (
    _FieldSpec(
        "Lebendige Dörfer und Daseinsvorsorge",
        750_000,
        ("Ortskerne beleben und Leerstand nutzen", "Nahversorgung, Mobilität und Treffpunkte sichern"),
        (
            _counted("Unterstützte Projekte", (1, 3, 3, 3, 2)),
            _IndicatorSpec(
                "Neue oder gesicherte Einrichtungen der Daseinsvorsorge",
                "Anzahl",
                "output",
                "erfasst",
                (0, 1, 2, 2, 1),
            ),
            _IndicatorSpec(
                "Erreichte Einwohnerinnen und Einwohner",
                "Personen",
                "ergebnis",
                "erfasst",
                (0, 2000, 4000, 4000, 2000),
            ),
        ),
        (
            ("Umbau der alten Schule {ort} zum Bürgerhaus", "kommune", "nicht produktiv"),
            ("Dorfladen {ort}: Einrichtung eines Nahversorgers in Bürgerhand", "verein", "nicht produktiv"),
            ("Generationenpark am Dorfweiher {ort}", "kommune", "nicht produktiv"),
            ("Mitfahrbänke und Rufbus-Haltestellen im Gemeindegebiet {ort}", "kommune", "nicht produktiv"),
            ("Pfarrstadel {ort}: Umnutzung zum Begegnungsort", "kirche", "nicht produktiv"),
            ("Café im leerstehenden Bäckerhaus {ort}", "privatperson", "produktiv"),
            ("Dorfgemeinschaftshaus {ort}: barrierefreier Zugang", "kommune", "nicht produktiv"),
        ),
    ),
    _FieldSpec(
        "Regionale Wirtschaft, Tourismus und Wertschöpfung",
        600_000,
        (
            "Naturnahen Tourismus qualitativ weiterentwickeln",
            "Regionale Produkte und Direktvermarktung stärken",
            "Arbeitsplätze im ländlichen Raum sichern",
        ),
        (
            _IndicatorSpec("Geschaffene Arbeitsplätze", "VZÄ", "ergebnis", "erfasst", (0, 1.5, 2, 2, 1.5)),
            _IndicatorSpec("Neue touristische Angebote", "Anzahl", "output", "erfasst", (0, 2, 3, 3, 2)),
            _counted("Unterstützte Projekte", (1, 2, 3, 2, 1)),
        ),
        (
            ("Hofcafé in der umgebauten Scheune {ort}", "unternehmen", "produktiv"),
            ("Käsereiladen mit Schaukäserei {ort}", "unternehmen", "produktiv"),
            (
                "Rad- und Wanderrastplätze entlang des Mühlbachtal-Radwegs bei {ort}",
                "kommune",
                "nicht produktiv",
            ),
            ("Erlebnispfad „Jura-Geologie“ bei {ort}", "kommune", "nicht produktiv"),
            ("Coworking-Space im alten Bahnhof {ort}", "unternehmen", "produktiv"),
            ("Regionalregal: Vermarktung bäuerlicher Produkte aus {ort}", "verein", "nicht produktiv"),
            ("Wohnmobilstellplatz am Freibad {ort}", "kommune", "nicht produktiv"),
            ("Ferienwohnungen im Baudenkmal {ort}", "privatperson", "produktiv"),
        ),
    ),
    _FieldSpec(
        "Klima, Natur und Kulturlandschaft",
        500_000,
        (
            "Energie sparen und erneuerbare Energien regional nutzen",
            "Artenvielfalt und Kulturlandschaft erhalten",
        ),
        (
            _IndicatorSpec("Aufgewertete Flächen", "ha", "ergebnis", "erfasst", (0, 2.5, 4, 4, 2.5)),
            _IndicatorSpec(
                "Eingesparte CO₂-Emissionen", "t/Jahr", "ergebnis", "erfasst", (0, 20, 40, 40, 20)
            ),
        ),
        (
            ("Streuobstwiesen-Initiative {ort}", "verein", "nicht produktiv"),
            ("Blühflächen und Insektenlehrpfad {ort}", "verein", "nicht produktiv"),
            ("Energiedorf {ort}: Machbarkeitsstudie Nahwärme", "kommune", "nicht produktiv"),
            ("Renaturierung des Mühlbachufers bei {ort}", "kommune", "nicht produktiv"),
            ("Klimawald am Kirchberg {ort}", "kirche", "nicht produktiv"),
            ("Solarcarport und E-Ladesäulen am Rathaus {ort}", "kommune", "nicht produktiv"),
        ),
    ),
    _FieldSpec(
        "Bildung, Soziales und Zusammenhalt",
        400_000,
        ("Ehrenamt und Engagement stärken", "Angebote für Jung und Alt schaffen"),
        (
            _IndicatorSpec(
                "Teilnehmende an Bildungs- und Beteiligungsangeboten",
                "Personen",
                "output",
                "erfasst",
                (50, 300, 400, 400, 300),
                per_project=False,
            ),
            _IndicatorSpec(
                "Veranstaltungen", "Anzahl", "output", "erfasst", (2, 8, 10, 10, 8), per_project=False
            ),
            _counted("Unterstützte Projekte", (0, 2, 2, 2, 1)),
        ),
        (
            ("Jugendtreff {ort}: Ausstattung und Außengelände", "kommune", "nicht produktiv"),
            ("Digitalwerkstatt für Seniorinnen und Senioren in {ort}", "verein", "nicht produktiv"),
            ("Inklusive Naturerlebnisschule {ort}", "verein", "nicht produktiv"),
            ("Heimatmuseum {ort} barrierefrei erleben", "verein", "nicht produktiv"),
            ("Ehrenamtsbörse im Landkreis", "oeffentlich", "nicht produktiv"),
            ("Offene Werkstatt im Pfarrheim {ort}", "kirche", "nicht produktiv"),
        ),
    ),
    _FieldSpec(
        "Kooperation und Vernetzung",
        250_000,
        ("Zusammenarbeit mit anderen LAGs ausbauen",),
        (
            _counted("Kooperationsprojekte mit anderen LAGs", (0, 1, 1, 1, 1)),
            _IndicatorSpec(
                "Beteiligte Partnerorganisationen",
                "Anzahl",
                "output",
                "erfasst",
                (0, 3, 4, 4, 3),
                per_project=False,
            ),
        ),
        (
            ("Kooperationsprojekt „Jurasteig-Tage“ mit der LAG Frankenjura-Ost", "verein", "Kooperation"),
            ("Kooperationsprojekt Regionalmarke „Jura-Genuss“", "verein", "Kooperation"),
            ("Kooperationsprojekt Streuobst-Netzwerk Oberfranken", "sonstige", "Kooperation"),
            ("Kooperationsprojekt „Kulturerbe Mühlen“", "oeffentlich", "Kooperation"),
        ),
    ),
)

# Associations that sponsor projects of a Handlungsfeld (by index) come from these interest groups.
FIELD_GROUPS = {
    0: ("soziales", "kultur"), 1: ("wirtschaft", "umwelt"), 2: ("umwelt",), 3: ("soziales", "kultur"),
}

# Share of projects per status (the demo's 30 projects exactly).
STATUS_COUNTS = dict(
    idee=3, in_beratung=4, ausgewaehlt=3, abgelehnt=2, zurueckgestellt=1, antrag_gestellt=3, bewilligt=3,
    in_umsetzung=4, abgeschlossen=3, vn_geprueft=2, zurueckgezogen=1, verfallen=1,
)  # fmt: skip
# The course of a project: each status follows the one before.
COURSE = (
    "idee", "in_beratung", "ausgewaehlt", "antrag_gestellt", "bewilligt", "in_umsetzung", "abgeschlossen",
    "vn_geprueft"
)
# Decided projects by how long ago their LAG decision usually lies (oldest first).
BY_AGE = (
    "vn_geprueft", "abgeschlossen", "in_umsetzung", "verfallen", "bewilligt", "zurueckgezogen", "abgelehnt",
    "antrag_gestellt", "zurueckgestellt", "ausgewaehlt"
)
UNDECIDED = ("idee", "in_beratung")
# Order of statuses that fall on the same day.
_STEP_ORDER = {status: n for n, status in enumerate(STATUS_COUNTS)}

LAG_OPENING = "Begrüßung, Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit"
LAG_FILLERS = (
    ("Budgetumschichtung zwischen den Handlungsfeldern", "beschluss"),
    ("Jahresbericht an das Staatsministerium", "beschluss"),
    ("Projektaufruf: Stichtag und Budget", "beschluss"),
    ("Evaluierung der LES: Zwischenergebnisse", "beratung"),
    ("Kooperationsprojekte: Sachstand", "information"),
    ("Öffentlichkeitsarbeit und Regionalforum", "beratung"),
)
TOPICS = {
    "lenkungsgruppe": (
        ("Vorbereitung der nächsten LAG-Sitzung", "beratung"),
        ("Budgetübersicht je Handlungsfeld und Mittelabfluss", "information"),
        ("Projektaufruf: Zeitplan und Budget", "beschluss"),
        ("Selbstevaluierung: Zwischenbilanz der LES", "beratung"),
        ("Jahresbericht", "beschluss"),
        ("Öffentlichkeitsarbeit: Regionalforum und Newsletter", "beratung"),
        ("Personal der Geschäftsstelle", "information"),
        ("Kooperationsanfragen anderer LAGs", "beratung"),
        ("Beratung von Projektideen vor der Einreichung", "beratung"),
    ),
    "arbeitsgruppe": (
        ("Radwegekonzept Mühlbachtal: Stand der Beschilderung", "information"),
        ("Neuauflage der Wanderkarte Jurahöhen", "beschluss"),
        ("Gästebefragung: Ergebnisse und Folgerungen", "beratung"),
        ("Qualitätsoffensive Gastgeber", "beratung"),
        ("Kooperationsprojekt „Jurasteig-Tage“", "beratung"),
        ("Messeauftritt auf der Freizeitmesse", "beschluss"),
        ("Digitale Gästeinformation und Online-Buchbarkeit", "beratung"),
        ("Vorstellung neuer Projektideen", "information"),
    ),
}
TOPICS["vorstand"] = TOPICS["lenkungsgruppe"]
TOPICS["projektgruppe"] = TOPICS["arbeitsgruppe"]
# Further bodies of a large region: (name, type).
MORE_BODIES = (
    ("Vorstand des LAG-Vereins", "vorstand"),
    ("Arbeitsgruppe Energie und Klima", "arbeitsgruppe"),
    ("Arbeitsgruppe Regionalvermarktung", "arbeitsgruppe"),
    ("Arbeitsgruppe Jugend und Bildung", "arbeitsgruppe"),
    ("Arbeitsgruppe Kultur und Heimat", "arbeitsgruppe"),
    ("Projektgruppe Dorfladen {ort}", "projektgruppe"),
    ("Projektgruppe Radweg {ort}", "projektgruppe"),
)
VENUES = (
    "Sitzungssaal im Rathaus {ort}",
    "Landgasthof „Zur Linde“, {ort}",
    "Pfarrheim, {ort}",
    "Dorfgemeinschaftshaus {ort}",
    "Alte Schule {ort}",
)
# fmt: on
