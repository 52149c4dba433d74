"""Regionalbudget documents: the contract with the sponsor of a small project (PDF, with the
letterhead) and the year's report to the Bewilligungsstelle (Excel)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import Call, Project, RegionalBudget, RegionSettings
from regiodesk.domain import regional_budget as rules
from regiodesk.domain.enums import ProjectStatus
from regiodesk.domain.errors import DomainError, NotFoundError
from regiodesk.domain.monitoring import COMMITTED_STATES
from regiodesk.fields import Kind
from regiodesk.i18n import format_cents, format_date, format_percent_bp, tr
from regiodesk.reports.excel import Sheet, SheetColumn, Total, WorkbookInfo, ranking_table, write_workbook
from regiodesk.services.region import region_name
from regiodesk.services.regional_budget import SmallProject, YearOverview, cost_of, limits_of, year_overview

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

__all__ = ["REPORT_COLUMNS", "contract_pdf", "regional_budget_xlsx", "report_rows"]


# ----------------------------------------------------------------- contract
def contract_pdf(db: Database, project_id: str) -> bytes:
    """Vertrag über ein Kleinprojekt: between the LAG's legal body and the sponsor, with signatures.

    Refused (:class:`DomainError`) for a project outside the Regionalbudget and for one that breaks
    the cost limit or the rate cap: such a contract must not be signed.
    """
    from reportlab.platypus import KeepTogether, Spacer

    from regiodesk.reports.pdf import Letterhead, Paragraph, build_pdf, escape, signature_block, styles, table

    with db.session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            raise NotFoundError(tr("Das Projekt gibt es nicht (mehr)."))
        call = session.get(Call, project.call_id) if project.call_id else None
        budget = (
            session.get(RegionalBudget, call.regional_budget_id) if call and call.regional_budget_id else None
        )
        if budget is None or budget.deleted_at is not None:
            raise DomainError(
                tr(
                    "„{title}“ ist kein Kleinprojekt des Regionalbudgets (sein Projektaufruf gehört "
                    "zu keinem Regionalbudget); ein Vertrag wird nur für Kleinprojekte erstellt.",
                    title=project.title,
                )
            )
        limits = limits_of(budget)
        cost = cost_of(project)
        problems = rules.cost_and_rate_problems(cost, project.grant_cents, limits)
        if problems:
            raise DomainError(tr("Der Vertrag kann so nicht erstellt werden: ") + " ".join(problems))
        assert cost is not None and project.grant_cents is not None  # checked just above
        settings = session.scalar(select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1))
        overview_line = next((p for p in year_overview(db, budget.year).projects if p.id == project.id), None)
        assert overview_line is not None
        legal_body = (settings.lag_name or settings.name) if settings else ""
        office = settings.office_address if settings else ""
        title, description, area = project.title, project.short_description, project.project_area
        contract_on, ends_on, grant = project.contract_on, project.ends_on, project.grant_cents
    st = styles()
    year = limits.year
    sponsor = overview_line.sponsor or tr("(Projektträger nicht angegeben)")

    def party(name: str, address: str, role: str) -> list[Flowable]:
        # an office address often starts with the LAG's name again
        rest = [x.strip() for x in address.replace(", ", "\n").splitlines() if x.strip() not in ("", name)]
        lines = [escape(name), *(escape(x) for x in rest)]
        return [Paragraph("<br/>".join(lines), st["body"]), Paragraph(escape(role), st["small"])]

    def section(heading: str, *paragraphs: str) -> Flowable:
        return KeepTogether(
            [Paragraph(escape(heading), st["h3"]), *(Paragraph(escape(p), st["body"]) for p in paragraphs)]
        )

    rate = format_percent_bp(overview_line.rate_bp or 0)
    money = [
        [tr("förderfähige Gesamtkosten"), format_cents(cost)],
        [tr("Zuschuss aus dem Regionalbudget"), format_cents(grant)],
        [tr("Fördersatz"), rate],
        [tr("Eigenanteil des Projektträgers"), format_cents(cost - grant)],
    ]
    proof = format_date(limits.proof_of_use_by) if limits.proof_of_use_by else tr("31.12.{year}", year=year)
    story: list[Flowable] = [
        Paragraph(tr("Vertrag über die Förderung eines Kleinprojekts"), st["title"]),
        Paragraph(escape(tr("im Rahmen des Regionalbudgets {year} (GAK)", year=year)), st["subtitle"]),
        Paragraph(tr("zwischen"), st["body"]),
        *party(legal_body, office, tr("– Träger des Regionalbudgets, im Folgenden „LAG“ –")),
        Spacer(1, 2 * mm),
        Paragraph(tr("und"), st["body"]),
        *party(sponsor, overview_line.sponsor_address, tr("– im Folgenden „Projektträger“ –")),
        Spacer(1, 3 * mm),
        section(
            tr("§ 1 Gegenstand"),
            tr(
                "Die LAG fördert aus dem Regionalbudget {year} das Kleinprojekt „{title}“.",
                year=year,
                title=title,
            ),
            *([description] if description else []),
            *([tr("Projektgebiet: {area}", area=area)] if area else []),
        ),
        KeepTogether(
            [
                Paragraph(tr("§ 2 Kosten und Zuschuss"), st["h3"]),
                table(money, [80 * mm, 45 * mm], header=False, align_right=[1]),
                Paragraph(
                    escape(
                        tr(
                            "Der Zuschuss ist ein Höchstbetrag. Er beträgt höchstens {max_rate} der "
                            "nachgewiesenen förderfähigen Kosten; sind diese niedriger als geplant, sinkt "
                            "er anteilig. Die förderfähigen Gesamtkosten eines Kleinprojekts betragen "
                            "höchstens {limit}.",
                            max_rate=format_percent_bp(limits.max_rate_bp),
                            limit=format_cents(limits.max_total_cost_cents),
                        )
                    ),
                    st["body"],
                ),
            ]
        ),
        section(
            tr("§ 3 Durchführung und Verwendungsnachweis"),
            tr(
                "Der Projektträger setzt das Kleinprojekt {until} um und legt der LAG bis zum {proof} "
                "den Verwendungsnachweis vor: die Rechnungen mit Zahlungsbelegen, einen kurzen "
                "Sachbericht und Fotos. Mit dem Projekt darf erst nach Abschluss dieses Vertrags "
                "begonnen werden.",
                until=tr("bis zum {day}", day=format_date(ends_on))
                if ends_on
                else tr("im Jahr {year}", year=year),
                proof=proof,
            ),
        ),
        section(
            tr("§ 4 Auszahlung"),
            tr(
                "Die LAG zahlt den Zuschuss nach Prüfung des Verwendungsnachweises aus, sobald ihr "
                "die Bewilligungsstelle die Mittel des Regionalbudgets ausgezahlt hat."
            ),
        ),
        section(
            tr("§ 5 Zweckbindung und Rückforderung"),
            tr(
                "Geförderte Gegenstände sind fünf Jahre ab der Auszahlung dem Zweck entsprechend zu "
                "verwenden. Werden Auflagen nicht erfüllt, fordert die LAG den Zuschuss ganz oder "
                "teilweise zurück."
            ),
        ),
        section(
            tr("§ 6 Öffentlichkeit"),
            tr(
                "Der Projektträger weist bei der Öffentlichkeitsarbeit auf die Förderung aus dem "
                "Regionalbudget hin (Bund und Land im Rahmen der Gemeinschaftsaufgabe „Verbesserung "
                "der Agrarstruktur und des Küstenschutzes“)."
            ),
        ),
        Spacer(1, 4 * mm),
        signature_block(
            [
                tr("für die LAG ({name})", name=legal_body) if legal_body else tr("für die LAG"),
                tr("Projektträger"),
            ],
            place_date=tr("Ort, Datum ________________")
            if contract_on is None
            else tr("Ort, {day}", day=format_date(contract_on)),
        ),
    ]
    footer = tr("Vertrag Regionalbudget {year} · {title}", year=year, title=title[:60])
    return build_pdf(story, Letterhead.of(db), tr("Vertrag Kleinprojekt {title}", title=title), footer=footer)


# ----------------------------------------------------------------- the year's report
REPORT_COLUMNS: tuple[SheetColumn, ...] = (
    SheetColumn(tr("Kleinprojekt"), width=30, wrap=True),
    SheetColumn(tr("Projektträger"), width=24, wrap=True),
    SheetColumn(tr("Anschrift"), width=22, wrap=True),
    SheetColumn(tr("Status"), width=16, wrap=True),
    SheetColumn(tr("Vertrag vom"), Kind.DATE, width=11),
    SheetColumn(tr("förderfähige Gesamtkosten"), Kind.MONEY, width=14, total=True),
    SheetColumn(tr("Zuschuss"), Kind.MONEY, width=13, total=True),
    SheetColumn(tr("Fördersatz"), Kind.PERCENT, width=10),
    SheetColumn(tr("abgeschlossen am"), Kind.DATE, width=11),
    SheetColumn(tr("Verwendungsnachweis am"), Kind.DATE, width=11),
    SheetColumn(tr("ausgezahlt"), Kind.MONEY, width=13, total=True),
    SheetColumn(tr("Prüfung"), Kind.MULTILINE, width=28),
)
#: the status column (0-based): the sum of the selected projects goes by it
_STATUS = 3


def report_rows(overview: YearOverview) -> list[list[Any]]:
    """The small projects of a year in :data:`REPORT_COLUMNS` order."""
    return [_row(p) for p in overview.projects]


def _row(p: SmallProject) -> list[Any]:
    return [
        p.title,
        p.sponsor,
        p.sponsor_address,
        ProjectStatus.label_of(p.status),
        p.contract_on,
        p.cost_cents,
        p.grant_cents,
        p.rate_bp,
        p.completed_on,
        p.proof_of_use_on,
        p.paid_cents or None,
        "\n".join(p.problems) or tr("in Ordnung"),
    ]


def regional_budget_xlsx(db: Database, year: int, today: date | None = None) -> bytes:
    """The year's report to the Bewilligungsstelle: every small project, the sums of those the LAG
    selected, the budget and the limits; a second sheet with the ranking."""
    today = today or date.today()
    overview = year_overview(db, year, today)
    limits = overview.limits
    committed = tuple(s.label for s in ProjectStatus if s.value in COMMITTED_STATES)
    totals = (
        Total(tr("Summe aller Kleinprojekte")),
        Total(
            tr("Summe der ausgewählten Kleinprojekte ({states})", states=", ".join(committed)),
            _STATUS,
            committed,
        ),
    )
    note = tr(
        "Regionalbudget {year}: Jahresbudget {budget}; {check} Grenzen: förderfähige Gesamtkosten "
        "je Kleinprojekt höchstens {limit}, Fördersatz höchstens {rate}, Verwendungsnachweis bis {proof}. "
        "Projektaufrufe: {calls}.",
        year=year,
        budget=format_cents(limits.budget_cents),
        check=overview.budget.message,
        limit=format_cents(limits.max_total_cost_cents),
        rate=format_percent_bp(limits.max_rate_bp),
        proof=format_date(limits.proof_of_use_by) or "–",
        calls=", ".join(overview.calls) or "–",
    )
    projects = Sheet(
        tr("Kleinprojekte"),
        REPORT_COLUMNS,
        report_rows(overview),
        totals=totals,
        note=note,
    )
    ranking_columns, ranked = ranking_table(overview.ranked, overview.not_ranked, tr("Kleinprojekt"))
    ranking = Sheet(tr("Rangfolge"), ranking_columns, ranked)
    info = WorkbookInfo(
        tr("Regionalbudget {year}", year=year), region_name(db), tr("Stand {day}", day=format_date(today))
    )
    return write_workbook([projects, ranking], info=info)
