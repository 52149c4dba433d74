"""The Übergabeprotokoll: what a successor finds in the handover file, on a few pages to sign.

The handover file itself holds everything; this protocol states what it holds (region, counts,
bodies, coming meetings, open deadlines, running projects, contacts and consents, backups and
change log), so whoever hands over and whoever takes over can sign that the office changed hands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import case, func, select, text

from regiodesk.db.custody import list_backups
from regiodesk.db.database import Database
from regiodesk.db.integrity import AREAS
from regiodesk.db.models import (
    Body,
    Consent,
    Contact,
    Meeting,
    Membership,
    Payment,
    Project,
    RegionSettings,
)
from regiodesk.domain.enums import BodyType, MeetingState, MembershipRole, ProjectStatus, RegionKind
from regiodesk.domain.pipeline import CLOSED_STATES
from regiodesk.domain.text import sort_key
from regiodesk.i18n import format_cents, format_date, format_datetime, plural, tr
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    section_heading,
    signature_block,
    styles,
    table,
)
from regiodesk.services.deadlines import ProjectDeadline, due_deadlines

__all__ = ["HandoverSummary", "handover_pdf", "handover_summary"]

#: Deadlines this many weeks ahead count as open (in effect: all of them).
_ALL_WEEKS = 52 * 20


@dataclass(frozen=True)
class BodyLine:
    name: str
    kind: str
    chair: str
    members: int
    voting: int


@dataclass(frozen=True)
class MeetingLine:
    starts_at: datetime
    body: str
    title: str
    location: str
    state: str


@dataclass(frozen=True)
class ProjectLine:
    title: str
    sponsor: str
    status: str
    grant_cents: int | None
    paid_cents: int


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    valid: int
    withdrawn: int


@dataclass
class HandoverSummary:
    """Everything the protocol states, read in one go (tests compare the PDF against it)."""

    today: date
    region: str = ""
    region_kind: str = ""
    funding_period: str = ""
    authority: str = ""
    authority_address: str = ""
    office_address: str = ""
    #: area -> (live, deleted)
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    change_log_entries: int = 0
    backups: int = 0
    newest_backup: datetime | None = None
    bodies: list[BodyLine] = field(default_factory=list)
    meetings: list[MeetingLine] = field(default_factory=list)
    deadlines: list[ProjectDeadline] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    contacts: int = 0
    persons: int = 0
    institutions: int = 0
    restricted: int = 0
    with_consent: int = 0
    consents: list[ConsentLine] = field(default_factory=list)


def handover_summary(db: Database, today: date | None = None) -> HandoverSummary:
    today = today or date.today()
    summary = HandoverSummary(today)
    with db.session() as session:
        settings = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
        if settings is not None:
            summary.region = settings.name
            summary.region_kind = RegionKind.label_of(settings.kind)
            summary.authority = settings.approval_authority_name
            summary.authority_address = settings.approval_authority_address
            summary.office_address = settings.office_address
            period = settings.current_funding_period
            if period is not None and period.deleted_at is None:
                summary.funding_period = tr(
                    "{name} ({start} bis {end}), Budget {budget}",
                    name=period.name,
                    start=format_date(period.starts_on),
                    end=format_date(period.ends_on),
                    budget=format_cents(period.total_budget_cents),
                )
        for area, table_name in AREAS:
            live, deleted = session.execute(
                text(f"SELECT COUNT(*) - COUNT(deleted_at), COUNT(deleted_at) FROM {table_name}")
            ).one()
            summary.counts[area] = (int(live), int(deleted))
        summary.change_log_entries = session.execute(text("SELECT COUNT(*) FROM change_log")).scalar_one()
        summary.bodies = _bodies(session, today)
        summary.meetings = _meetings(session, today)
        summary.projects = _projects(session)
        _contacts(session, today, summary)
    backups = list_backups(db.path)
    summary.backups = len(backups)
    summary.newest_backup = backups[0].created if backups else None
    summary.deadlines = due_deadlines(db, today, weeks=_ALL_WEEKS)
    return summary


def _live_on(today: date):
    return (
        Membership.deleted_at.is_(None)
        & (Membership.starts_on.is_(None) | (Membership.starts_on <= today))
        & (Membership.ends_on.is_(None) | (Membership.ends_on >= today))
    )


def _bodies(session, today: date) -> list[BodyLine]:
    live = _live_on(today)
    counts = {
        body_id: (int(members), int(voting or 0))
        for body_id, members, voting in session.execute(
            select(
                Membership.body_id,
                func.count(),
                func.sum(case((Membership.voting_right.is_(True), 1), else_=0)),
            )
            .where(live)
            .group_by(Membership.body_id)
        )
    }
    chairs: dict[str, list[str]] = {}
    for membership in session.scalars(
        select(Membership).where(live, Membership.role == MembershipRole.CHAIR.value)
    ):
        chairs.setdefault(membership.body_id, []).append(membership.contact.display_name())
    result = []
    for body in session.scalars(select(Body).where(Body.deleted_at.is_(None))):
        members, voting = counts.get(body.id, (0, 0))
        result.append(
            BodyLine(
                body.name,
                BodyType.label_of(body.body_type),
                ", ".join(sorted(chairs.get(body.id, []), key=sort_key)),
                members,
                voting,
            )
        )
    return sorted(result, key=lambda b: sort_key(b.name))


def _meetings(session, today: date) -> list[MeetingLine]:
    stmt = (
        select(Meeting)
        .where(Meeting.deleted_at.is_(None), Meeting.starts_at >= datetime.combine(today, time()))
        .order_by(Meeting.starts_at)
    )
    return [
        MeetingLine(m.starts_at, m.body.name, m.title, m.location, MeetingState.label_of(m.state))
        for m in session.scalars(stmt)
    ]


def _projects(session) -> list[ProjectLine]:
    paid = dict(
        session.execute(
            select(Payment.project_id, func.sum(Payment.amount_cents))
            .where(Payment.deleted_at.is_(None))
            .group_by(Payment.project_id)
        ).all()
    )
    closed = [s.value for s in CLOSED_STATES]
    order = {s.value: n for n, s in enumerate(ProjectStatus)}
    result = []
    for project in session.scalars(
        select(Project).where(Project.deleted_at.is_(None), Project.status.not_in(closed))
    ):
        sponsor = session.get(Contact, project.sponsor_id) if project.sponsor_id else None
        result.append(
            (
                (order.get(project.status, 99), sort_key(project.title)),
                ProjectLine(
                    project.title,
                    sponsor.display_name() if sponsor is not None and sponsor.deleted_at is None else "",
                    ProjectStatus.label_of(project.status),
                    project.grant_cents,
                    int(paid.get(project.id) or 0),
                ),
            )
        )
    return [line for _, line in sorted(result, key=lambda pair: pair[0])]


def _contacts(session, today: date, summary: HandoverSummary) -> None:
    live = Contact.deleted_at.is_(None)
    by_kind = dict(
        session.execute(select(Contact.kind, func.count()).where(live).group_by(Contact.kind)).all()
    )
    summary.persons = int(by_kind.get("person", 0))
    summary.institutions = int(by_kind.get("institution", 0))
    summary.contacts = int(sum(by_kind.values()))
    summary.restricted = session.scalar(select(func.count()).where(live, Contact.restricted.is_(True))) or 0
    valid = (
        Consent.deleted_at.is_(None)
        & (Consent.given_on <= today)
        & (Consent.withdrawn_on.is_(None) | (Consent.withdrawn_on > today))
    )
    withdrawn = Consent.deleted_at.is_(None) & (Consent.withdrawn_on <= today)
    summary.with_consent = (
        session.scalar(
            select(func.count(func.distinct(Consent.contact_id)))
            .join(Contact, Contact.id == Consent.contact_id)
            .where(live, valid)
        )
        or 0
    )
    lines: dict[str, list[int]] = {}
    for purpose, is_valid, is_withdrawn in session.execute(
        select(Consent.purpose, valid, withdrawn)
        .join(Contact, Contact.id == Consent.contact_id)
        .where(live, Consent.deleted_at.is_(None))
    ):
        line = lines.setdefault(purpose, [0, 0])
        line[0] += bool(is_valid)
        line[1] += bool(is_withdrawn)
    summary.consents = [
        ConsentLine(purpose, valid_n, withdrawn_n)
        for purpose, (valid_n, withdrawn_n) in sorted(lines.items(), key=lambda item: sort_key(item[0]))
    ]


# ---------------------------------------------------------------- the PDF


def handover_pdf(db: Database, today: date | None = None) -> bytes:
    """The Übergabeprotokoll of the open database as PDF bytes."""
    s = handover_summary(db, today)
    st = styles()
    story: list[Flowable] = [
        Paragraph(escape(tr("Übergabeprotokoll")), st["title"]),
        Paragraph(
            escape(
                tr("{region} · Übergabe am {day}", region=s.region or tr("Region"), day=format_date(s.today))
            ),
            st["subtitle"],
        ),
        Paragraph(
            escape(
                tr(
                    "Die Übergabedatei enthält die ganze Geschäftsstelle: Einstellungen, Gremien, Sitzungen, "
                    "Projekte, Kontakte, Anhänge und den vollständigen Verlauf aller Änderungen. Die "
                    "Nachfolgerin oder der Nachfolger öffnet sie mit regiodesk über „Datei → Öffnen“ und "
                    "arbeitet darin weiter. Dieses Protokoll fasst zusammen, was die Datei enthält."
                )
            ),
            st["body"],
        ),
    ]
    story += _region_section(s, st)
    story += _counts_section(s, st)
    story += _bodies_section(s, st)
    story += _meetings_section(s, st)
    story += _deadlines_section(s, st)
    story += _projects_section(s, st)
    story += _contacts_section(s, st)
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            escape(
                tr(
                    "Mit ihrer Unterschrift bestätigen beide Seiten, dass die Übergabedatei mit dem oben "
                    "beschriebenen Inhalt übergeben und übernommen wurde."
                )
            ),
            st["body"],
        ),
        signature_block([tr("Übergeben"), tr("Übernommen")], tr("Ort, Datum")),
    ]
    title = tr("Übergabeprotokoll {region}", region=s.region).strip()
    return build_pdf(story, Letterhead.of(db), title)


def _num(value: object, st, bold: bool = False) -> Paragraph:
    """A right-aligned cell (a table's ALIGN does not move the text inside a Paragraph)."""
    base = st["cell_bold" if bold else "cell"]
    style = ParagraphStyle(f"{base.name}_right", parent=base, alignment=TA_RIGHT)
    return Paragraph(escape(str(value)), style)


def _left(flowable):
    flowable.hAlign = "LEFT"
    return flowable


def _heading(text: str, table_follows: bool, st) -> list[Flowable]:
    """Before a table a new page only when little room is left; before one line no new page."""
    if table_follows:
        return list(section_heading(text))
    return [Paragraph(escape(text), st["h2"])]


def _key_values(rows: list[tuple[str, str]], st) -> Flowable:
    data = [[Paragraph(escape(k), st["cell_bold"]), Paragraph(escape(v or "–"), st["cell"])] for k, v in rows]
    return table(data, [48 * mm, CONTENT_WIDTH - 48 * mm], header=False)


def _region_section(s: HandoverSummary, st) -> list[Flowable]:
    # The address usually starts with the authority's name; then it is not repeated.
    if s.authority_address.startswith(s.authority):
        authority = s.authority_address
    else:
        authority = "\n".join(part for part in (s.authority, s.authority_address) if part)
    rows = [
        (tr("Region"), f"{s.region} ({s.region_kind})" if s.region_kind else s.region),
        (tr("Förderperiode"), s.funding_period),
        (tr("Bewilligungsstelle"), authority),
        (tr("Geschäftsstelle"), s.office_address),
        (tr("Tag der Übergabe"), format_date(s.today)),
    ]
    return [Paragraph(escape(tr("Region")), st["h2"]), _key_values(rows, st)]


def _counts_section(s: HandoverSummary, st) -> list[Flowable]:
    rows: list[list[object]] = [[tr("Bereich"), _num(tr("aktiv"), st, True), _num(tr("gelöscht"), st, True)]]
    rows += [[area, _num(live, st), _num(deleted, st)] for area, (live, deleted) in s.counts.items()]
    newest = tr("die neueste vom {when}", when=format_datetime(s.newest_backup)) if s.newest_backup else ""
    notes = [
        tr("Einträge im Änderungsprotokoll: {n}", n=s.change_log_entries),
        tr("Sicherungen auf diesem Rechner: {n}", n=s.backups) + (f" ({newest})" if newest else ""),
    ]
    return [
        *section_heading(tr("Bestand"), room=60 * mm),
        _left(table(rows, [70 * mm, 25 * mm, 25 * mm])),
        Spacer(1, 2 * mm),
        *(Paragraph(escape(line), st["body"]) for line in notes),
        Paragraph(
            escape(
                tr(
                    "Gelöschte Einträge bleiben als Verlauf in der Datei; die Sicherungen bleiben auf "
                    "diesem Rechner und gehören nicht zur Übergabedatei."
                )
            ),
            st["small"],
        ),
    ]


def _bodies_section(s: HandoverSummary, st) -> list[Flowable]:
    story = _heading(tr("Gremien"), bool(s.bodies), st)
    if not s.bodies:
        return [*story, Paragraph(escape(tr("Keine Gremien erfasst.")), st["body"])]
    rows: list[list[object]] = [
        [tr("Gremium"), tr("Art"), tr("Vorsitz"), _num(tr("Mitglieder (mit Stimmrecht)"), st, True)]
    ]
    rows += [[b.name, b.kind, b.chair or "–", _num(f"{b.members} ({b.voting})", st)] for b in s.bodies]
    story.append(table(rows))
    return story


def _meetings_section(s: HandoverSummary, st) -> list[Flowable]:
    story = _heading(tr("Anstehende Sitzungen"), bool(s.meetings), st)
    if not s.meetings:
        return [*story, Paragraph(escape(tr("Keine Sitzungen geplant.")), st["body"])]
    rows: list[list[object]] = [[tr("Termin"), tr("Gremium"), tr("Sitzung / Ort"), tr("Stand")]]
    for m in s.meetings:
        what = "\n".join(part for part in (m.title, m.location) if part) or "–"
        when = f"{format_date(m.starts_at.date())}\n{tr('{time} Uhr', time=m.starts_at.strftime('%H:%M'))}"
        rows.append([when, m.body, what, m.state])
    story.append(table(rows))
    return story


def _deadlines_section(s: HandoverSummary, st) -> list[Flowable]:
    story = _heading(tr("Offene Fristen"), bool(s.deadlines), st)
    if not s.deadlines:
        return [*story, Paragraph(escape(tr("Keine offenen Fristen.")), st["body"])]
    rows: list[list[object]] = [[tr("fällig am"), tr("Frist"), tr("Projekt"), tr("Stand")]]
    for d in s.deadlines:
        state: object  # a cell: text, or a Paragraph in bold
        if d.overdue:
            state = Paragraph(escape(tr("überfällig")), st["cell_bold"])
        elif d.days_left == 0:
            state = tr("heute")
        else:
            state = tr("in {n} Tagen", n=d.days_left) if d.days_left != 1 else tr("morgen")
        project = escape(d.title) + (
            f"<br/><font size=8 color='#555555'>{escape(d.sponsor)}</font>" if d.sponsor else ""
        )
        rows.append([format_date(d.due), d.kind_label, Paragraph(project, st["cell"]), state])
    story.append(table(rows))
    overdue = sum(1 for d in s.deadlines if d.overdue)
    if overdue:
        story.append(
            Paragraph(escape(tr("Davon überfällig: {n}. Bitte zuerst klären.", n=overdue)), st["warning"])
        )
    return story


def _projects_section(s: HandoverSummary, st) -> list[Flowable]:
    story = _heading(tr("Laufende Projekte"), bool(s.projects), st)
    if not s.projects:
        return [*story, Paragraph(escape(tr("Keine laufenden Projekte.")), st["body"])]
    rows: list[list[object]] = [[tr("Projekt"), tr("Status"), tr("Zuschuss"), tr("ausgezahlt")]]
    for p in s.projects:
        title = escape(p.title) + (
            f"<br/><font size=8 color='#555555'>{escape(p.sponsor)}</font>" if p.sponsor else ""
        )
        rows.append(
            [
                Paragraph(title, st["cell"]),
                p.status,
                _num(format_cents(p.grant_cents) if p.grant_cents is not None else "–", st),
                _num(format_cents(p.paid_cents) if p.paid_cents else "–", st),
            ]
        )
    grants = sum(p.grant_cents or 0 for p in s.projects)
    paid = sum(p.paid_cents for p in s.projects)
    rows.append(
        [
            Paragraph(
                escape(plural(len(s.projects), "Summe ({n} Projekt)", "Summe ({n} Projekte)")),
                st["cell_bold"],
            ),
            "",
            _num(format_cents(grants), st, True),
            _num(format_cents(paid), st, True),
        ]
    )
    rows[0][2:] = [_num(tr("Zuschuss"), st, True), _num(tr("ausgezahlt"), st, True)]
    story += [table(rows), Spacer(1, 1.5 * mm)]
    story.append(
        Paragraph(
            escape(
                tr(
                    "Laufend sind alle Projekte, die nicht abgelehnt, zurückgezogen, verfallen oder mit "
                    "geprüftem Verwendungsnachweis abgeschlossen sind."
                )
            ),
            st["small"],
        )
    )
    return story


def _contacts_section(s: HandoverSummary, st) -> list[Flowable]:
    story: list[Flowable] = [
        *section_heading(tr("Kontakte und Einwilligungen"), room=50 * mm),
        Paragraph(
            escape(
                tr(
                    "{n} Kontakte ({persons} Personen, {institutions} Institutionen); {consent} davon mit "
                    "mindestens einer gültigen Einwilligung, {restricted} in der Verarbeitung "
                    "eingeschränkt (Art. 18 DSGVO).",
                    n=s.contacts,
                    persons=s.persons,
                    institutions=s.institutions,
                    consent=s.with_consent,
                    restricted=s.restricted,
                )
            ),
            st["body"],
        ),
    ]
    if s.consents:
        rows: list[list[object]] = [
            [tr("Zweck der Einwilligung"), _num(tr("gültig"), st, True), _num(tr("widerrufen"), st, True)]
        ]
        rows += [[c.purpose, _num(c.valid, st), _num(c.withdrawn, st)] for c in s.consents]
        story += [Spacer(1, 2 * mm), _left(table(rows, [95 * mm, 25 * mm, 25 * mm]))]
    return story
