"""The office's press and network work in the demo: a year of press releases, articles, posts and
printed material, and of meetings with other regions, the Land's LEADER network and working groups.

Written after every other part (it draws from the random source last), so the rest of the region a
seed gives, and every count the tests pin, stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

from regiodesk.db.models import Activity
from regiodesk.domain.enums import ActivityKind
from regiodesk.services.demo.context import DemoContext, ProjectPlan, next_weekday
from regiodesk.services.demo.vocabulary import REGION, REGION_DOMAIN

#: (kind, title, medium, month offset from a year ago); {project} names a project that has come
#: as far as the title says (see ``_STAGES``).
PRESS = (
    (ActivityKind.PRESS_RELEASE, "LAG wählt neue Projekte aus", "Pressemitteilung an die Lokalpresse", 1),
    (ActivityKind.ARTICLE, "Förderzusage: {project}", "Nordbayerischer Kurier", 1),
    (ActivityKind.WEBSITE, "Projektaufruf: jetzt Ideen einreichen", "Internetseite der Region", 2),
    (ActivityKind.SOCIAL_MEDIA, "Rückblick Projektbörse", "Instagram", 3),
    (ActivityKind.PRINT, "Flyer Regionalbudget", "Druckerei Mühlbachtal", 3),
    (
        ActivityKind.ARTICLE,
        "Regionalmanagerin im Interview",
        "Mitteilungsblatt der Verwaltungsgemeinschaft",
        4,
    ),
    (
        ActivityKind.PRESS_RELEASE,
        "Exkursion zu Dorfläden in Oberfranken",
        "Pressemitteilung an die Lokalpresse",
        6,
    ),
    (ActivityKind.ARTICLE, "Eröffnet: {project}", "Fränkischer Tag", 7),
    (ActivityKind.SOCIAL_MEDIA, "Schulung Antragstellung: Plätze frei", "Facebook", 7),
    (ActivityKind.WEBSITE, "Kleinprojekte {year}: die Auswahl", "Internetseite der Region", 8),
    (ActivityKind.PRINT, "Jahresbroschüre „Region in Bewegung“", "Druckerei Mühlbachtal", 10),
    (ActivityKind.PRESS_RELEASE, "Infoabend zum Förderaufruf", "Pressemitteilung an die Lokalpresse", 11),
    (ActivityKind.ARTICLE, "Neue Förderrunde für Vereine und Gemeinden", "Nordbayerischer Kurier", 11),
)
#: (kind, title, partners, hours, month offset)
NETWORK = (
    (
        ActivityKind.LAND_NETWORK,
        "Treffen der LEADER-Manager in Bayern",
        "LEADER-Manager der Regierungsbezirke",
        6,
        2,
    ),
    (
        ActivityKind.REGIONS_MEETING,
        "Austausch Streuobst mit Nachbar-LAGs",
        "LAG Frankenhöhe, LAG Rhön-Grabfeld",
        3.5,
        3,
    ),
    (
        ActivityKind.WORKING_GROUP,
        "Arbeitskreis Tourismus im Landkreis",
        "Tourismusverband, Landratsamt",
        2,
        4,
    ),
    (
        ActivityKind.LAND_NETWORK,
        "Fachtagung Regionalbudget",
        "Amt für Ländliche Entwicklung, ILE-Umsetzungsbegleiter",
        7,
        5,
    ),
    (
        ActivityKind.WORKING_GROUP,
        "Arbeitskreis Innenentwicklung",
        "Kreisbaumeister, Gemeinden des Landkreises",
        2.5,
        6,
    ),
    (
        ActivityKind.REGIONS_MEETING,
        "Kooperationstreffen Dorfläden",
        "LAG Frankenhöhe, LAG Fichtelgebirge",
        4,
        8,
    ),
    (ActivityKind.WORKING_GROUP, "Arbeitskreis Klimaschutz", "Klimaschutzmanagement des Landkreises", 2, 9),
    (
        ActivityKind.LAND_NETWORK,
        "Herbsttreffen des LEADER-Netzwerks",
        "LEADER-Manager in Bayern, StMELF",
        6,
        10,
    ),
    (
        ActivityKind.WORKING_GROUP,
        "Arbeitskreis Tourismus im Landkreis",
        "Tourismusverband, Landratsamt",
        2,
        11,
    ),
)
#: a title about a project -> the statuses its project may have (funded; built and opened)
_STAGES = {
    "Förderzusage": ("bewilligt", "in_umsetzung", "abgeschlossen", "vn_geprueft"),
    "Eröffnet": ("abgeschlossen", "vn_geprueft"),
}
NOTES = ("", "", "Fotos im Ordner Öffentlichkeitsarbeit.", "Nachbericht für den Newsletter.")


def write_press_network(ctx: DemoContext, projects: list[ProjectPlan]) -> None:
    """Press and network work over the last year, none after today."""
    rng, today = ctx.rng, ctx.today
    first = date(today.year - 1, today.month, 1)

    def fitting(pattern: str) -> list[ProjectPlan]:
        statuses = next((s for words, s in _STAGES.items() if words in pattern), ())
        return [p for p in projects if p.row is not None and p.status in statuses]

    def day_of(offset: int) -> date:
        month = first.month - 1 + offset
        day = next_weekday(
            date(first.year + month // 12, month % 12 + 1, rng.randint(3, 24)), (0, 1, 2, 3, 4)
        )
        return min(day, today - timedelta(days=1))

    for kind, pattern, medium, offset in PRESS:
        candidates = fitting(pattern) if "{project}" in pattern else []
        plan = rng.choice(candidates) if candidates else None
        held_on = day_of(offset)
        if plan is None and "{project}" in pattern:
            pattern = "Neues aus der Region {project}"  # no project has come that far yet
        title = pattern.format(project=plan.title if plan else REGION, year=held_on.year)
        online = kind in (ActivityKind.WEBSITE, ActivityKind.SOCIAL_MEDIA)
        ctx.add(
            Activity,
            kind=kind.value,
            held_on=held_on,
            title=title,
            medium=medium,
            link=f"https://www.{REGION_DOMAIN}/aktuelles/{held_on:%Y-%m}" if online else "",
            print_run=rng.choice((1500, 2000, 3000)) if kind is ActivityKind.PRINT else None,
            participants="",
            hours_milli=rng.choice((1000, 1500, 2000, 3000))
            if kind is not ActivityKind.SOCIAL_MEDIA
            else 500,
            project_id=plan.row.id if plan is not None and plan.row is not None else None,
            contact_id=None,
            notes=rng.choice(NOTES),
        )
    for kind, title, partners, hours, offset in NETWORK:
        ctx.add(
            Activity,
            kind=kind.value,
            held_on=day_of(offset),
            title=title,
            medium="",
            link="",
            print_run=None,
            participants=partners,
            hours_milli=int(hours * 1000),
            project_id=None,
            contact_id=ctx.landkreis.id if kind is ActivityKind.WORKING_GROUP else None,
            notes=rng.choice(NOTES),
        )
