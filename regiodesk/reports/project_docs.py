"""Project documents: the Excel list for the Bewilligungsstelle, the Projektsteckbrief and the
Bewertungsbogen (PDF)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from regiodesk.db.database import Database
from regiodesk.db.models import (
    ActionField,
    Call,
    Contact,
    DevelopmentGoal,
    Payment,
    Project,
    ProjectStatusChange,
    Score,
    SelectionCriterion,
)
from regiodesk.domain.enums import ProjectStatus, SponsorType
from regiodesk.domain.errors import NotFoundError
from regiodesk.domain.monitoring import APPROVED_STATES, COMMITTED_STATES
from regiodesk.domain.text import sort_key
from regiodesk.fields import Kind
from regiodesk.i18n import format_cents, format_date, format_percent_bp, tr
from regiodesk.reports import cooperation_docs
from regiodesk.reports.excel import Sheet, SheetColumn, Total, WorkbookInfo, ranking_table, write_workbook
from regiodesk.services.deadlines import project_deadlines
from regiodesk.services.grants import project_funding_warnings_in
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import DECISION_STATES, ProjectPipeline
from regiodesk.services.region import region_name
from regiodesk.services.selection import ScoringService

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

__all__ = ["PROJECT_COLUMNS", "project_pdf", "project_rows", "projects_xlsx", "scoring_pdf"]

#: What a LAG decision status means as the result of the decision.
DECISION_RESULT = {
    ProjectStatus.SELECTED.value: "ausgewählt",
    ProjectStatus.REJECTED.value: "abgelehnt",
    ProjectStatus.DEFERRED.value: "zurückgestellt",
}

PROJECT_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn(tr("Titel"), width=40, wrap=True),
    SheetColumn(tr("Kurzbeschreibung"), Kind.MULTILINE, width=50),
    SheetColumn(tr("Projektträger"), width=32, wrap=True),
    SheetColumn(tr("Art des Trägers")),
    SheetColumn(tr("Handlungsfeld"), width=30, wrap=True),
    SheetColumn(tr("Entwicklungsziel"), width=30, wrap=True),
    SheetColumn(tr("Projektaufruf"), width=26, wrap=True),
    SheetColumn(tr("Kooperationsprojekt"), Kind.BOOL),
    SheetColumn(tr("Projektgebiet"), width=28),
    SheetColumn(tr("Projektart")),
    SheetColumn(tr("Status"), width=24),
    SheetColumn(tr("Gesamtkosten brutto"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("Gesamtkosten netto"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("förderfähige Kosten"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("Fördersatz"), Kind.PERCENT),
    SheetColumn(tr("Zuschuss"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("Kofinanzierung durch"), width=28),
    SheetColumn(tr("Kofinanzierung"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("Eigenanteil"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("Beginn"), Kind.DATE),
    SheetColumn(tr("Ende"), Kind.DATE),
    SheetColumn(tr("LAG-Beschluss am"), Kind.DATE),
    SheetColumn(tr("LAG-Beschluss"), width=16),
    SheetColumn(tr("Punkte"), Kind.INT),
    SheetColumn(tr("Antrag gestellt am"), Kind.DATE),
    SheetColumn(tr("bewilligt am"), Kind.DATE),
    SheetColumn(tr("Aktenzeichen Bewilligungsstelle"), width=20),
    SheetColumn(tr("ausgezahlt"), Kind.MONEY, width=17, total=True),
    SheetColumn(tr("abgeschlossen am"), Kind.DATE),
    SheetColumn(tr("Verwendungsnachweis am"), Kind.DATE),
    SheetColumn(tr("Notizen"), Kind.MULTILINE, width=40),
)


#: Project columns the list reads (plain columns: loading whole ORM objects costs twice as much).
_PROJECT_FIELDS = (
    "title",
    "short_description",
    "sponsor_type",
    "cooperation",
    "project_area",
    "project_type",
    "status",
    "total_cost_gross_cents",
    "total_cost_net_cents",
    "eligible_cost_cents",
    "funding_rate_bp",
    "grant_cents",
    "cofinancing_source",
    "cofinancing_cents",
    "own_share_cents",
    "starts_on",
    "ends_on",
    "lag_decision_on",
    "applied_on",
    "approved_on",
    "approval_file_number",
    "completed_on",
    "proof_of_use_on",
    "notes",
)


def _sponsor_name(sponsor):
    return func.coalesce(
        func.nullif(sponsor.organisation, ""), func.trim(sponsor.first_name + " " + sponsor.last_name)
    )


def _decisions(session: Session) -> dict[str, str]:
    """project id -> result of its latest LAG decision (from the status history)."""
    stmt = (
        select(ProjectStatusChange.project_id, ProjectStatusChange.to_status)
        .where(
            ProjectStatusChange.deleted_at.is_(None),
            ProjectStatusChange.to_status.in_([s.value for s in DECISION_STATES]),
        )
        .order_by(ProjectStatusChange.created_at, ProjectStatusChange.changed_on)
    )
    return {pid: DECISION_RESULT[status] for pid, status in session.execute(stmt)}


def _points(session: Session) -> dict[str, int]:
    """project id -> total points over the live criteria it is scored on."""
    stmt = (
        select(Score.project_id, func.sum(Score.points))
        .join(SelectionCriterion, SelectionCriterion.id == Score.criterion_id)
        .where(Score.deleted_at.is_(None), SelectionCriterion.deleted_at.is_(None))
        .group_by(Score.project_id)
    )
    return {pid: int(total) for pid, total in session.execute(stmt)}


def _paid(session: Session) -> dict[str, int]:
    stmt = (
        select(Payment.project_id, func.sum(Payment.amount_cents))
        .where(Payment.deleted_at.is_(None))
        .group_by(Payment.project_id)
    )
    return {pid: int(total) for pid, total in session.execute(stmt)}


def project_rows(db: Database, call_id: str | None = None) -> list[list[Any]]:
    """One row per live project in :data:`PROJECT_COLUMNS` order (stored units: cents, bp, dates).

    Sorted by Handlungsfeld, then title in German order. ``call_id`` limits to a call's projects.
    """
    sponsor = aliased(Contact)
    with db.session() as session:
        decisions, points, paid = _decisions(session), _points(session), _paid(session)
        stmt = (
            select(
                Project.id,
                *(getattr(Project, name) for name in _PROJECT_FIELDS),
                _sponsor_name(sponsor),
                func.trim(ActionField.code + " " + ActionField.name),
                func.trim(DevelopmentGoal.code + " " + DevelopmentGoal.name),
                Call.name,
            )
            .outerjoin(sponsor, sponsor.id == Project.sponsor_id)
            .outerjoin(ActionField, ActionField.id == Project.action_field_id)
            .outerjoin(DevelopmentGoal, DevelopmentGoal.id == Project.development_goal_id)
            .outerjoin(Call, Call.id == Project.call_id)
            .where(Project.deleted_at.is_(None))
        )
        if call_id is not None:
            stmt = stmt.where(Project.call_id == call_id)
        rows = []
        for pid, *values, sponsor_name, field, goal, call in session.execute(stmt):
            p = dict(zip(_PROJECT_FIELDS, values, strict=True))
            rows.append(
                (
                    (sort_key(field or "~"), sort_key(p["title"])),
                    [
                        p["title"],
                        p["short_description"],
                        sponsor_name or "",
                        SponsorType.label_of(p["sponsor_type"]),
                        field or "",
                        goal or "",
                        call or "",
                        p["cooperation"],
                        p["project_area"],
                        p["project_type"],
                        ProjectStatus.label_of(p["status"]),
                        p["total_cost_gross_cents"],
                        p["total_cost_net_cents"],
                        p["eligible_cost_cents"],
                        p["funding_rate_bp"],
                        p["grant_cents"],
                        p["cofinancing_source"],
                        p["cofinancing_cents"],
                        p["own_share_cents"],
                        p["starts_on"],
                        p["ends_on"],
                        p["lag_decision_on"],
                        decisions.get(pid, "") if p["lag_decision_on"] else "",
                        points.get(pid),
                        p["applied_on"],
                        p["approved_on"],
                        p["approval_file_number"],
                        paid.get(pid),
                        p["completed_on"],
                        p["proof_of_use_on"],
                        p["notes"],
                    ],
                )
            )
    rows.sort(key=lambda r: r[0])
    return [r[1] for r in rows]


def _ranking_sheet(db: Database, call_id: str) -> Sheet:
    ranking = ScoringService(db).rank_call(call_id)
    columns, rows = ranking_table(ranking.ranked, ranking.not_ranked, tr("Projekt"))
    deadline = f", Einreichungsfrist {format_date(ranking.deadline)}" if ranking.deadline else ""
    note = tr(
        "{call}{deadline}: Budget {budget}, davon im Budget {funded}. Reihenfolge bei Punktgleichheit: "
        "mehr Punkte in den Pflichtkriterien, dann der niedrigere Zuschuss, dann der frühere Eingang.",
        call=ranking.call_name,
        deadline=deadline,
        budget=format_cents(ranking.budget_cents),
        funded=format_cents(ranking.funded_cents),
    )
    return Sheet(tr("Rangfolge"), columns, rows, note=note)  # the call is named in the note


_STATUS_COLUMN = next(n for n, c in enumerate(PROJECT_COLUMNS) if c.header == tr("Status"))


def _status_labels(states: frozenset[str]) -> tuple[str, ...]:
    """The German labels of ``states`` in the order of the status list."""
    return tuple(s.label for s in ProjectStatus if s.value in states)


def project_totals() -> tuple[Total, ...]:
    """The sum lines under the project list, each over the projects the filter shows.

    A Bewilligungsstelle plans with what the LAG has bound and what it has approved itself; a
    sum over every status would add rejected, withdrawn, lapsed projects and mere ideas. So the
    list sums all shown projects (that is what the filter selects), then the part that binds
    budget and the part already approved, each naming its statuses.
    """
    committed, approved = _status_labels(COMMITTED_STATES), _status_labels(APPROVED_STATES)
    return (
        Total(tr("Summe der angezeigten Projekte (alle Status)")),
        Total(
            tr("Summe davon mit gebundenem Budget ({states})", states=", ".join(committed)),
            _STATUS_COLUMN,
            committed,
        ),
        Total(tr("Summe davon bewilligt ({states})", states=", ".join(approved)), _STATUS_COLUMN, approved),
    )


def projects_xlsx(db: Database, call_id: str | None = None, today: date | None = None) -> bytes:
    """The project list for the Bewilligungsstelle; with ``call_id`` a second sheet ranks the call."""
    today = today or date.today()
    sheets = [
        Sheet(
            tr("Projekte"),
            PROJECT_COLUMNS,
            project_rows(db),
            # no note under the sums: the Stand is in the page head (and the file name), and
            # regiodesk's import, reading the list in again, knows sum lines only at the very end
            totals=project_totals(),
        )
    ]
    if call_id is not None:
        sheets.append(_ranking_sheet(db, call_id))
    partners = cooperation_docs.partner_sheet(db)
    if partners is not None:
        sheets.append(partners)
    info = WorkbookInfo(tr("Projektliste"), region_name(db), tr("Stand {day}", day=format_date(today)))
    return write_workbook(sheets, info=info)


# ----------------------------------------------------------------- Projektsteckbrief
@dataclass
class _Dossier:
    project: Project
    sponsor: str
    field: str
    goal: str
    call: str
    warnings: list[str]


def _load(db: Database, project_id: str) -> _Dossier:
    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError("Das Projekt gibt es nicht (mehr).")
        sponsor = session.get(Contact, project.sponsor_id) if project.sponsor_id else None
        field = session.get(ActionField, project.action_field_id) if project.action_field_id else None
        goal_id = project.development_goal_id
        goal = session.get(DevelopmentGoal, goal_id) if goal_id else None
        call = session.get(Call, project.call_id) if project.call_id else None
        warnings = project_funding_warnings_in(session, project)
        session.expunge(project)
    return _Dossier(
        project,
        sponsor.display_name() if sponsor else "",
        f"{field.code} {field.name}".strip() if field else "",
        f"{goal.code} {goal.name}".strip() if goal else "",
        call.name if call else "",
        warnings,
    )


def _key_values(rows: Sequence[tuple[str, str]]) -> Flowable:
    from regiodesk.reports.pdf import CONTENT_WIDTH, Paragraph, escape, styles, table

    st = styles()
    data = [[Paragraph(escape(k), st["cell_bold"]), Paragraph(escape(v or "–"), st["cell"])] for k, v in rows]
    return table(data, [52 * mm, CONTENT_WIDTH - 52 * mm], header=False)


def project_pdf(db: Database, project_id: str, today: date | None = None) -> bytes:
    """Projektsteckbrief: one project on one or two pages."""
    from regiodesk.reports.pdf import Letterhead, Paragraph, build_pdf, escape, section_heading, styles, table

    today = today or date.today()
    d = _load(db, project_id)
    p = d.project
    st = styles()
    history = ProjectPipeline(db).history(project_id)
    payments = PaymentService(db).payments(project_id)
    summary = PaymentService(db).summary(project_id)
    sheet = ScoringService(db).sheet(project_id)
    deadlines = project_deadlines(db, project_id, today)
    sponsor = d.sponsor + (f" ({SponsorType.label_of(p.sponsor_type)})" if p.sponsor_type else "")
    duration = ""
    if p.starts_on or p.ends_on:
        duration = f"{format_date(p.starts_on) or '…'} bis {format_date(p.ends_on) or '…'}"
    story: list[Flowable] = [
        Paragraph(f"{tr('Projektsteckbrief')}: {escape(p.title)}", st["title"]),
        Paragraph(escape(f"{ProjectStatus.label_of(p.status)} · Stand {format_date(today)}"), st["subtitle"]),
        _key_values(
            [
                (tr("Projektträger"), sponsor),
                (tr("Handlungsfeld"), d.field),
                (tr("Entwicklungsziel"), d.goal),
                (tr("Projektaufruf"), d.call),
                (tr("Projektart"), p.project_type),
                (tr("Kooperationsprojekt"), tr("ja") if p.cooperation else tr("nein")),
                (tr("Projektgebiet"), p.project_area),
                (tr("Laufzeit"), duration),
                (tr("Aktenzeichen Bewilligungsstelle"), p.approval_file_number),
                *([(tr("Vertrag Regionalbudget vom"), format_date(p.contract_on))] if p.contract_on else []),
            ]
        ),
    ]
    if p.short_description:
        story += [
            Paragraph(tr("Kurzbeschreibung"), st["h2"]),
            Paragraph(escape(p.short_description), st["body"]),
        ]
    money = [
        [tr("Gesamtkosten brutto"), format_cents(p.total_cost_gross_cents) or "–"],
        [tr("Gesamtkosten netto"), format_cents(p.total_cost_net_cents) or "–"],
        [tr("förderfähige Kosten"), format_cents(p.eligible_cost_cents) or "–"],
        [tr("Fördersatz"), format_percent_bp(p.funding_rate_bp) or "–"],
        [tr("Zuschuss (LEADER)"), format_cents(p.grant_cents) or "–"],
        [tr("öffentliche Kofinanzierung"), format_cents(p.cofinancing_cents) or "–"],
        [tr("Eigenanteil"), format_cents(p.own_share_cents) or "–"],
    ]
    story += [
        Paragraph(tr("Kosten und Finanzierung"), st["h2"]),
        table(money, [70 * mm, 45 * mm], header=False, align_right=[1]),
    ]
    if p.cofinancing_source:
        story.append(Paragraph(escape(f"Kofinanzierung durch: {p.cofinancing_source}"), st["small"]))
    story += [Paragraph(escape(w), st["warning"]) for w in d.warnings]
    story += cooperation_docs.project_sections(db, project_id)  # partners; a Kleinprojekt's checks
    decision = [
        (tr("LAG-Beschluss am"), format_date(p.lag_decision_on)),
        (tr("Beschluss"), next((h.decision for h in reversed(history) if h.decision), "")),
        (tr("Bewertung"), sheet.result.summary if sheet.lines and sheet.result.total else ""),
    ]
    story += [Paragraph(tr("Auswahl durch die LAG"), st["h2"]), _key_values(decision)]
    if deadlines:
        story.append(Paragraph(tr("Offene Fristen"), st["h2"]))
        story += [Paragraph(escape(x.label), st["warning" if x.overdue else "body"]) for x in deadlines]
    if history:
        rows: list[list[Any]] = [[tr("Datum"), tr("Status"), tr("Anmerkung"), tr("erfasst von")]]
        for h in history:
            note = " ".join(x for x in (h.note, f"({h.decision})" if h.decision else "") if x)
            rows.append([format_date(h.changed_on), h.to_label, note, h.changed_by])
        story += [
            *section_heading(tr("Verlauf"), room=30 * mm),
            table(rows),
        ]
    if payments:
        rows = [[tr("Datum"), tr("Betrag"), tr("Art"), tr("Anmerkung")]]
        for x in payments:
            kind = tr("Schlusszahlung") if x.final else tr("Teilzahlung")
            rows.append([format_date(x.paid_on), format_cents(x.amount_cents), kind, x.note])
        story += [
            *section_heading(tr("Auszahlungen"), room=30 * mm),
            table(rows, align_right=[1]),
            Paragraph(escape(summary.text), st["small"]),
        ]
    footer = tr("Projektsteckbrief · Stand {day}", day=format_date(today))
    return build_pdf(story, Letterhead.of(db), f"Projektsteckbrief {p.title}", footer=footer)


# ----------------------------------------------------------------- Bewertungsbogen
def _hint(text: str) -> str:
    from regiodesk.reports.pdf import escape

    return f"<br/><font size=7.5 color='#555555'>{escape(text)}</font>"


def scoring_pdf(db: Database, project_id: str, today: date | None = None) -> bytes:
    """Bewertungsbogen: points and justification per criterion, total and verdict."""
    from reportlab.platypus import KeepTogether, Spacer

    from regiodesk.reports.pdf import Letterhead, Paragraph, build_pdf, escape, signature_block, styles, table

    today = today or date.today()
    d = _load(db, project_id)
    sheet = ScoringService(db).sheet(project_id)
    st = styles()
    footer = tr("Bewertungsbogen · Stand {day}", day=format_date(today))
    story: list[Flowable] = [
        Paragraph(f"{tr('Bewertungsbogen')}: {escape(d.project.title)}", st["title"]),
        Paragraph(
            escape(" · ".join(x for x in (d.sponsor, d.call, sheet.funding_period) if x) or "–"),
            st["subtitle"],
        ),
    ]
    if not sheet.lines:
        text = tr("Für die Förderperiode sind keine Auswahlkriterien hinterlegt.")
        story.append(Paragraph(text, st["body"]))
        return build_pdf(story, Letterhead.of(db), f"Bewertungsbogen {d.project.title}", footer=footer)
    rows: list[list[Any]] = [[tr("Nr."), tr("Kriterium"), tr("Punkte"), tr("Begründung")]]
    for n, line in enumerate(sheet.lines, start=1):
        title = escape(line.title)
        if line.mandatory:
            title += _hint(f"Pflichtkriterium, mindestens {line.required_points}")
        elif line.required_points:
            title += _hint(f"mindestens {line.required_points}")
        points = "–" if line.points is None else str(line.points)
        rows.append(
            [
                str(n),
                Paragraph(title, st["cell"]),
                f"{points} / {line.max_points}",
                Paragraph(escape(line.justification) or "–", st["cell"]),
            ]
        )
    result = sheet.result
    rows.append(
        [
            "",
            Paragraph(tr("Summe"), st["cell_bold"]),
            Paragraph(f"{result.total} / {result.max_total}", st["cell_bold"]),
            "",
        ]
    )
    story.append(table(rows, align_right=[2]))
    verdict = sheet.minimum_text
    if sheet.min_total is not None:
        verdict += f" ({result.total} von mindestens {sheet.min_total} Punkten)"
    story += [
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                Paragraph(escape(verdict), st["h3"] if result.qualifies else st["warning"]),
                *[
                    Paragraph(escape(m), st["body"])
                    for m in result.messages
                    if not m.startswith("Mindestpunktzahl verfehlt")  # the line above says so
                ],
            ]
        ),
        signature_block(
            [tr("Geschäftsstelle"), tr("Vorsitz der LAG")], place_date=tr("Ort, Datum ________________")
        ),
    ]
    return build_pdf(story, Letterhead.of(db), f"Bewertungsbogen {d.project.title}", footer=footer)
