"""Cooperation projects and the Regionalbudget in the documents that exist already: the
Projektsteckbrief, the Bewilligungsstelle's project list and the Jahresbericht (issue 22).

Each function gives the part those documents add; the documents themselves stay where they are."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm

from regiodesk.db.database import Database
from regiodesk.domain.errors import NotFoundError
from regiodesk.fields import Kind
from regiodesk.i18n import format_cents, format_date, format_percent_bp, tr
from regiodesk.reports.excel import Sheet, SheetColumn
from regiodesk.reports.regional_budget_docs import REPORT_COLUMNS, report_rows
from regiodesk.services.cooperation import CooperationSummary, cooperation_summaries_in
from regiodesk.services.regional_budget import YearOverview, small_project_problems, year_overview

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

__all__ = [
    "PARTNER_COLUMNS",
    "annual_report_sections",
    "annual_report_sheets",
    "partner_sheet",
    "project_sections",
]


def _summaries(db: Database, project_ids: Collection[str] | None = None) -> list[CooperationSummary]:
    with db.session() as session:
        found = cooperation_summaries_in(session, project_ids)
    return sorted(found.values(), key=lambda s: s.project_title.casefold())


def _partner_table(summary: CooperationSummary) -> Flowable:
    from regiodesk.reports.pdf import CONTENT_WIDTH, Paragraph, escape, styles, table

    st = styles()
    contacts = any(line.contact for line in summary.lines)  # the column only where someone is named
    rows: list[list[Any]] = [
        [
            tr("Partner"),
            tr("Staat"),
            *([tr("Ansprechperson")] if contacts else []),
            tr("Kostenanteil"),
            tr("Anteil"),
            tr("Zuschuss"),
        ]
    ]
    for line in summary.lines:
        name = line.name + (tr(" (federführend)") if line.lead else "")
        name += tr(" – eigene LAG") if line.own else ""
        rows.append(
            [
                Paragraph(escape(name), st["cell_bold" if line.own else "cell"]),
                Paragraph(escape(line.country), st["cell"]),
                *([Paragraph(escape(line.contact or "–"), st["cell"])] if contacts else []),
                format_cents(line.cost_share_cents) or "–",
                format_percent_bp(line.share_bp, 1) if line.share_bp is not None else "–",
                format_cents(line.grant_cents) or "–",
            ]
        )
    rows.append(
        [
            Paragraph(tr("Gesamtkosten des Kooperationsprojekts"), st["cell_bold"]),
            "",
            *([""] if contacts else []),
            format_cents(summary.total_cost_cents) or "–",
            "",
            format_cents(sum(line.grant_cents or 0 for line in summary.lines)),
        ]
    )
    # amounts never wrap: fixed widths for them, the rest shared by the names
    fixed = [27 * mm, *([34 * mm] if contacts else []), 27 * mm, 16 * mm, 27 * mm]
    first = CONTENT_WIDTH - sum(fixed)
    right = [n + (1 if contacts else 0) for n in (2, 3, 4)]
    return table(rows, [first, *fixed], align_right=right)


def _cooperation_flow(summary: CooperationSummary, heading: str) -> list[Flowable]:
    from reportlab.platypus import Spacer

    from regiodesk.reports.pdf import Paragraph, escape, section_heading, styles

    st = styles()
    facts = " · ".join(
        x
        for x in (
            summary.kind,
            tr("Kooperationsvereinbarung vom {day}", day=format_date(summary.agreement_on))
            if summary.agreement_on
            else tr("Kooperationsvereinbarung: noch kein Datum"),
            tr("federführend: {lead}", lead=summary.lead_partner),
        )
        if x
    )
    return [
        *section_heading(heading, room=40 * mm),
        Paragraph(escape(facts), st["body"]),
        Spacer(1, 1.5 * mm),
        _partner_table(summary),
        *(Paragraph(escape(p), st["warning"]) for p in summary.problems),
    ]


def project_sections(db: Database, project_id: str) -> list[Flowable]:
    """What the Projektsteckbrief adds: the partners of a cooperation project, the Regionalbudget
    checks of a small project (nothing for another project)."""
    from regiodesk.reports.pdf import Paragraph, escape, styles

    flow: list[Flowable] = []
    summaries = _summaries(db, [project_id])
    if summaries:
        flow += _cooperation_flow(summaries[0], tr("Kooperation"))
    try:
        problems = small_project_problems(db, project_id)
    except NotFoundError:
        problems = []
    st = styles()
    flow += [Paragraph(escape(p), st["warning"]) for p in problems]
    return flow


PARTNER_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn(tr("Projekt"), width=36, wrap=True),
    SheetColumn(tr("Art der Kooperation"), width=18, wrap=True),
    SheetColumn(tr("Vereinbarung vom"), Kind.DATE, width=12),
    SheetColumn(tr("Partner"), width=30, wrap=True),
    SheetColumn(tr("Staat"), width=14),
    SheetColumn(tr("federführend"), Kind.BOOL, width=11),
    SheetColumn(tr("Ansprechperson"), width=22, wrap=True),
    SheetColumn(tr("Kostenanteil"), Kind.MONEY, width=15),
    SheetColumn(tr("Anteil"), Kind.PERCENT, width=9),
    SheetColumn(tr("Zuschuss"), Kind.MONEY, width=15),
    SheetColumn(tr("Prüfung"), Kind.MULTILINE, width=36),
)


def _partner_rows(summaries: Sequence[CooperationSummary]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for s in summaries:
        check = "\n".join(s.problems) or tr("Anteile gehen auf")
        for line in s.lines:
            name = line.name + (tr(" (eigene LAG)") if line.own else "")
            rows.append(
                [
                    s.project_title,
                    s.kind,
                    s.agreement_on,
                    name,
                    line.country,
                    line.lead,
                    line.contact,
                    line.cost_share_cents,
                    line.share_bp,
                    line.grant_cents,
                    check,
                ]
            )
    return rows


def partner_sheet(db: Database, project_ids: Collection[str] | None = None) -> Sheet | None:
    """The sheet „Kooperationspartner“ of the Bewilligungsstelle's list: one line per partner
    (this LAG included) of every cooperation project; None without any."""
    summaries = _summaries(db, project_ids)
    if not summaries:
        return None
    return Sheet(tr("Kooperationspartner"), PARTNER_COLUMNS, _partner_rows(summaries))


# --------------------------------------------------------------------------- Jahresbericht
def _year(db: Database, year: int) -> YearOverview | None:
    try:
        return year_overview(db, year)
    except NotFoundError:
        return None


def annual_report_sections(db: Database, year: int, project_ids: Collection[str]) -> list[Flowable]:
    """The Jahresbericht's sections on the cooperation projects among ``project_ids`` (the projects
    the report lists) and on the year's Regionalbudget, each only where there is something."""
    from regiodesk.reports.pdf import CONTENT_WIDTH, Paragraph, escape, section_heading, styles, table

    st = styles()
    flow: list[Flowable] = []
    summaries = _summaries(db, project_ids)
    if summaries:
        flow += section_heading(tr("5. Kooperationsprojekte"), room=50 * mm)
        flow.append(
            Paragraph(
                escape(
                    tr("Eines der ausgewählten Projekte ist ein Kooperationsprojekt mit anderen Regionen.")
                    if len(summaries) == 1
                    else tr(
                        "{n} der ausgewählten Projekte sind Kooperationsprojekte mit anderen Regionen.",
                        n=len(summaries),
                    )
                ),
                st["small"],
            )
        )
        for summary in summaries:
            flow += _cooperation_flow(summary, summary.project_title)
    overview = _year(db, year)
    if overview is not None:
        flow += section_heading(tr("6. Regionalbudget {year}", year=year), room=50 * mm)
        selected = [p for p in overview.projects if p.committed]
        flow.append(
            Paragraph(
                escape(
                    tr(
                        "{n} ausgewählt; {check} Ausgezahlt: {paid}.",
                        n=tr("1 Kleinprojekt")
                        if len(selected) == 1
                        else tr("{n} Kleinprojekte", n=len(selected)),
                        check=overview.budget.message,
                        paid=format_cents(overview.paid_cents),
                    )
                ),
                st["body"],
            )
        )
        rows: list[list[Any]] = [[tr("Kleinprojekt"), tr("Projektträger"), tr("Zuschuss"), tr("ausgezahlt")]]
        rows += [
            [
                Paragraph(escape(p.title), st["cell"]),
                Paragraph(escape(p.sponsor), st["cell"]),
                format_cents(p.grant_cents),
                format_cents(p.paid_cents),
            ]
            for p in selected
        ]
        if selected:
            name_width = (CONTENT_WIDTH - 54 * mm) / 2
            flow.append(table(rows, [name_width, name_width, 27 * mm, 27 * mm], align_right=[2, 3]))
    return flow


def annual_report_sheets(db: Database, year: int, project_ids: Collection[str]) -> list[Sheet]:
    """The Jahresbericht workbook's sheets for the same two sections."""
    sheets = []
    partners = partner_sheet(db, project_ids)
    if partners is not None:
        sheets.append(partners)
    overview = _year(db, year)
    if overview is not None:
        sheets.append(
            Sheet(
                tr("Regionalbudget {year}", year=year),
                REPORT_COLUMNS,
                report_rows(overview),
                note=overview.budget.message,
            )
        )
    return sheets
