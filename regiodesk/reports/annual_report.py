"""The Jahresbericht (annual report) for the managing authority, as PDF and as Excel workbook.

Both are written from one :class:`~regiodesk.services.monitoring_figures.MonitoringReport`, so
the tables in the PDF, the workbook and the Monitoring tab show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from regiodesk.db.database import Database
from regiodesk.domain.enums import IndicatorKind, IndicatorSource, ProjectStatus
from regiodesk.domain.monitoring import COMMITTED_STATES, BudgetLine, IndicatorLine
from regiodesk.fields import Kind
from regiodesk.i18n import format_cents, format_date, format_decimal
from regiodesk.reports import cooperation_docs
from regiodesk.reports.charts import budget_chart, progress_chart
from regiodesk.reports.excel import Sheet, SheetColumn, Total, WorkbookInfo, write_workbook
from regiodesk.reports.office_report import activity_sheets, activity_story
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    FONT,
    GREY,
    HEADER_FILL,
    LINE,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    fit_widths,
    hyphenate_cells,
    section_heading,
    styles,
    table,
)
from regiodesk.services.monitoring_figures import MonitoringReport, MonitoringService
from regiodesk.services.office_work import OfficeWork, office_work

__all__ = [
    "annual_report",
    "annual_report_pdf",
    "annual_report_xlsx",
    "format_milli",
    "report_pdf",
    "report_xlsx",
]


# --------------------------------------------------------------------------- formats
def format_milli(milli: int | None) -> str:
    """Thousandths of a unit in German, with as many decimals as needed: 1500 -> '1,5'."""
    if milli is None:
        return "–"
    value = Decimal(milli) / 1000
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # a finite number ("n", "N", "F" only for NaN and infinity)
    digits = 0 if value == value.to_integral_value() else min(3, -exponent)
    return format_decimal(value, digits)


def format_share(share: Fraction | None) -> str:
    if share is None:
        return "–"
    return f"{format_decimal(Decimal(share.numerator * 100) / share.denominator, 0)} %"


def _euros(cents: int, symbol: bool = True) -> str:
    """Whole euros for the narrow PDF tables: 1.234.567 €."""
    text = format_decimal(Decimal(cents) / 100, 0)
    return f"{text} €" if symbol else text


def _compact(flowable):
    """Narrow padding for tables with many number columns."""
    flowable.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)])
    )
    return flowable


def _table_sized(rows: list[list[object]]) -> Table:
    """A table of many number columns, sized from its content, with narrow padding."""
    widths = fit_widths(rows, CONTENT_WIDTH, padding=5.5)
    return table(hyphenate_cells(rows, widths, padding=4), widths)


def _share_bp(share: Fraction | None) -> int | None:
    return None if share is None else round(share * 10000)


def _milli_value(milli: int | None) -> Decimal | None:
    return None if milli is None else Decimal(milli) / 1000


def _stand(report: MonitoringReport, today: date | None = None) -> str:
    if report.as_of is not None:
        return f"Stichtag {format_date(report.cutoff)}"
    # The report of the running year stands on today, not on a 31 December still to come.
    return f"Stand {format_date(min(report.cutoff, today or date.today()))}"


def _office_work(db: Database, report: MonitoringReport) -> OfficeWork:
    return office_work(db, report.year_start, report.cutoff, report.as_of)


def annual_report(
    db: Database, year: int, as_of: date | None = None, funding_period_id: str | None = None
) -> MonitoringReport:
    return MonitoringService(db).report(year, as_of, funding_period_id)


# --------------------------------------------------------------------------- PDF
def annual_report_pdf(
    db: Database, year: int, as_of: date | None = None, funding_period_id: str | None = None
) -> bytes:
    """The Jahresbericht ``year`` as PDF (figures up to ``as_of`` if given and earlier)."""
    report = annual_report(db, year, as_of, funding_period_id)
    extra = cooperation_docs.annual_report_sections(db, year, [p.id for p in report.projects])
    return report_pdf(report, Letterhead.of(db), extra, _office_work(db, report))


def report_pdf(
    report: MonitoringReport,
    letterhead: Letterhead,
    extra: Sequence[Flowable] = (),
    office: OfficeWork | None = None,
) -> bytes:
    """The report; ``extra``: sections after the project list (cooperation projects, Regionalbudget);
    ``office``: the office's own work for the Tätigkeitsbericht (section 1)."""
    st = styles()
    year = report.year
    period = report.period_name or "–"
    story: list[Flowable] = [
        Paragraph(f"Jahresbericht {year}", st["title"]),
        Paragraph(escape(f"{report.region} · Förderperiode {period} · {_stand(report)}"), st["subtitle"]),
        table(
            [
                ["Region", report.region or "–"],
                [
                    "Förderperiode",
                    f"{period} ({format_date(report.period_start)} bis {format_date(report.period_end)})"
                    if report.period_start
                    else period,
                ],
                ["Berichtszeitraum", f"{format_date(report.year_start)} bis {format_date(report.cutoff)}"],
                ["Bewilligungsstelle", report.authority or "–"],
            ],
            [40 * mm, CONTENT_WIDTH - 40 * mm],
            header=False,
        ),
    ]
    if report.as_of is not None:
        story += [
            Spacer(1, 2 * mm),
            Paragraph(
                f"Die Zahlen geben den Stand zum Stichtag {format_date(report.cutoff)} wieder: Änderungen, "
                "die danach an bis dahin erfassten Angaben vorgenommen wurden, sind nicht berücksichtigt.",
                st["small"],
            ),
        ]
    story += activity_story(report.activity, office)
    story += _budget_section(report)
    story += _indicator_section(report)
    story += _project_section(report)
    story += extra
    return build_pdf(
        story, letterhead, f"Jahresbericht {year}", footer=f"Jahresbericht {year} · {_stand(report)}"
    )


def _budget_row(line: BudgetLine, bold: bool = False) -> list[object]:
    st = styles()
    style = st["cell_bold"] if bold else st["cell"]
    cells = [
        line.original_cents,
        line.reallocated_cents,
        line.planned_cents,
        line.committed_cents,
        line.approved_cents,
        line.paid_cents,
        line.remaining_cents,
    ]
    label = escape(line.label if line.field_id or not bold else "Summe")
    row: list[object] = [Paragraph(label, style)]
    return row + [Paragraph(_euros(c, symbol=False), _right(style)) for c in cells]


def _right(style):
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}_right8", parent=style, alignment=TA_RIGHT, fontSize=8, leading=10)


def _warning_style():
    from reportlab.lib.styles import ParagraphStyle

    st = styles()
    return ParagraphStyle("warning_small", parent=st["warning"], fontSize=8.5, leading=11, leftIndent=8)


def _budget_section(report: MonitoringReport) -> list[Flowable]:
    st = styles()
    budget = report.budget
    flow: list[Flowable] = [
        *section_heading("2. Budget je Handlungsfeld", 80 * mm),
        Paragraph(
            f"Gebunden sind die Zuschüsse der von der LAG ausgewählten und weiter verfolgten Projekte "
            f"(nicht mehr die, deren Frist für den Antrag abgelaufen ist: ihre LAG-Zustimmung verfällt), "
            f"bewilligt die von der Bewilligungsstelle bewilligten, ausgezahlt die Zahlungen bis zum "
            f"{format_date(report.cutoff)}. Rest = Budget − gebunden.",
            st["small"],
        ),
        Spacer(1, 2 * mm),
    ]
    header = [
        "Handlungsfeld",
        "Plan (LES)",
        "Umschich­tung",
        "Budget",
        "gebunden",
        "bewilligt",
        "ausgezahlt",
        "Rest",
    ]
    head_style = _right(st["cell_bold"])
    head: list[object] = [Paragraph(header[0], st["cell_bold"])]
    rows: list[list[object]] = [head + [Paragraph(h, head_style) for h in header[1:]]]
    rows += [_budget_row(line) for line in budget.lines]
    rows.append(_budget_row(budget.total, bold=True))
    flow.append(_compact(_table_sized(rows)))
    paid_year = format_cents(budget.total.paid_in_year_cents)
    flow.append(Spacer(1, 2 * mm))
    flow.append(Paragraph(f"Im Jahr {report.year} ausgezahlt: {paid_year}.", st["body"]))
    if budget.warnings:
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph("Hinweise zur Aufteilung des Budgets", st["h3"]))
        flow += [Paragraph("• " + escape(w.text), _warning_style()) for w in budget.warnings]
    if budget.lines:
        flow.append(Spacer(1, 3 * mm))
        flow.append(KeepTogether([budget_chart(budget.lines, CONTENT_WIDTH)]))
    return flow


def _indicator_section(report: MonitoringReport) -> list[Flowable]:
    st = styles()
    year = report.year
    flow: list[Flowable] = [*section_heading("3. Indikatoren", 60 * mm)]
    if not report.indicators:
        return [*flow, Paragraph("Es sind keine Indikatoren erfasst.", st["body"])]
    flow.append(
        Paragraph(
            "Istwerte „berechnet“ zählen die von der LAG ausgewählten, weiter verfolgten Projekte im Jahr "
            "ihrer Auswahl; die übrigen sind erfasste Werte (je Projekt oder Jahr, mit Quelle).",
            st["small"],
        )
    )
    flow.append(Spacer(1, 2 * mm))
    right = _right(st["cell"])
    head = _right(st["cell_bold"])
    first: list[object] = [Paragraph("Indikator", st["cell_bold"]), Paragraph("Einheit", st["cell_bold"])]
    rows: list[list[object]] = [
        first
        + [
            Paragraph(h, head)
            for h in (f"Ziel {year}", f"Ist {year}", f"Ziel bis {year}", f"Ist bis {year}", "erreicht")
        ]
    ]
    current = None
    group_rows = []
    for line in report.indicators:
        field_id = line.indicator.action_field_id
        if field_id != current:
            current = field_id
            label = report.field_labels.get(field_id or "", "ohne Handlungsfeld")
            group_rows.append(len(rows))
            rows.append([Paragraph(f"<b>{escape(label)}</b>", st["cell"]), "", "", "", "", "", ""])
        rows.append(_indicator_row(line, right))
    indicators = _compact(_table_sized(rows))
    # the Handlungsfeld's name runs over the whole row instead of breaking in the first column
    indicators.setStyle(TableStyle([("SPAN", (0, n), (-1, n)) for n in group_rows]))
    flow.append(indicators)
    flow.append(Spacer(1, 3 * mm))
    codes = {
        fid: label.split(" ", 2)[0] + " " + label.split(" ", 2)[1] if label.startswith("HF ") else label
        for fid, label in report.field_labels.items()
    }
    flow.append(KeepTogether([progress_chart(report.indicators, year, CONTENT_WIDTH, codes)]))
    return flow


def _indicator_row(line: IndicatorLine, right) -> list[object]:
    st = styles()
    ind = line.indicator
    note = IndicatorKind.label_of(ind.kind) + (
        ", berechnet" if ind.source != IndicatorSource.RECORDED.value else ""
    )
    name = f"{escape(ind.name)}<br/><font size=7.5 color='#555555'>{escape(note)}</font>"
    values = (
        format_milli(line.target_in_year),
        format_milli(line.actual_in_year),
        format_milli(line.target_to_date),
        format_milli(line.actual_to_date),
        format_share(line.progress),
    )
    row: list[object] = [Paragraph(name, st["cell"]), Paragraph(escape(ind.unit), st["cell"])]
    return row + [Paragraph(v, right) for v in values]


def _project_section(report: MonitoringReport) -> list[Flowable]:
    st = styles()
    flow: list[Flowable] = [*section_heading("4. Projekte", 50 * mm)]
    if not report.projects:
        return [*flow, Paragraph("Bis zum Stichtag hat die LAG noch keine Projekte ausgewählt.", st["body"])]
    flow.append(
        Paragraph(
            f"Alle bis zum {format_date(report.cutoff)} von der LAG ausgewählten Projekte der Förderperiode "
            "mit Projektträger, Zuschuss und Auszahlungen.",
            st["small"],
        )
    )
    flow.append(Spacer(1, 2 * mm))
    right = _right(st["cell"])
    head = _right(st["cell_bold"])
    rows: list[list[object]] = [
        [
            Paragraph("Projekt", st["cell_bold"]),
            Paragraph("Projektträger", st["cell_bold"]),
            Paragraph("HF", st["cell_bold"]),
            Paragraph("Status", st["cell_bold"]),
            Paragraph("Beschluss", head),
            Paragraph("Zuschuss", head),
            Paragraph("gezahlt", head),
        ]
    ]
    for p in report.projects:
        rows.append(
            [
                Paragraph(escape(p.title), st["cell"]),
                Paragraph(escape(p.sponsor or "–"), st["cell"]),
                p.action_field_code or "–",
                Paragraph(escape(p.status_label), st["cell"]),
                format_date(p.selected_on),
                _euros(p.grant_cents or 0),
                _euros(p.paid_cents),
            ]
        )
    binding = [p for p in report.projects if p.committed]
    released = len(report.projects) - len(binding)
    # the budget table's definition (ProjectState.committed): withdrawn and lapsed projects bind nothing,
    # so that the two totals of one report agree
    total_grant = sum(p.grant_cents or 0 for p in binding)
    total_paid = sum(p.paid_cents for p in report.projects)
    label = projects_total_label(len(binding), released)
    rows.append(
        [
            Paragraph(f"<b>{escape(label)}</b>", st["cell"]),
            "",
            "",
            "",
            "",
            Paragraph(f"<b>{escape(_euros(total_grant))}</b>", right),
            Paragraph(f"<b>{escape(_euros(total_paid))}</b>", right),
        ]
    )
    widths = fit_widths(rows[:-1], CONTENT_WIDTH, padding=7, plain_size=8)
    flow.append(_plain_table(rows, widths, right_from=4, total_row=True))
    flow.append(Spacer(1, 1.5 * mm))
    flow.append(
        Paragraph(
            "Zuschuss: Summe der ausgewählten und weiter verfolgten Projekte, wie „gebunden“ in der "
            "Budgettabelle; ohne zurückgezogene, abgelehnte und verfallene Projekte. Gezahlt: alle "
            "Auszahlungen an die aufgeführten Projekte bis zum Stichtag.",
            st["small"],
        )
    )
    return flow


def projects_total_label(binding: int, released: int) -> str:
    """The project list's total row: what it sums, and what it leaves out."""
    text = f"Summe der {binding} ausgewählten und bewilligten Projekte"
    if released:
        text += f" (ohne {released} zurückgezogene oder verfallene)"
    return text


def _plain_table(
    rows: list[list[object]], widths: list[float], right_from: int, total_row: bool = False
) -> Table:
    """Like ``pdf.table``, but short texts stay plain strings: a list of hundreds of projects is laid
    out several times faster when only the cells that may wrap are paragraphs."""
    result = Table(hyphenate_cells(rows, widths, padding=4), colWidths=widths, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 10),
                ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
            ]
            # the total's label may run over the text columns
            + ([("SPAN", (0, -1), (right_from - 1, -1))] if total_row else [])
        )
    )
    return result


# --------------------------------------------------------------------------- Excel
def annual_report_xlsx(
    db: Database, year: int, as_of: date | None = None, funding_period_id: str | None = None
) -> bytes:
    """The tables of the Jahresbericht ``year`` as a workbook: one sheet each."""
    report = annual_report(db, year, as_of, funding_period_id)
    return report_xlsx(
        report,
        cooperation_docs.annual_report_sheets(db, year, [p.id for p in report.projects]),
        _office_work(db, report),
    )


def report_xlsx(
    report: MonitoringReport, extra: Sequence[Sheet] = (), office: OfficeWork | None = None
) -> bytes:
    """The workbook; ``extra``: sheets after the project list; ``office`` as for :func:`report_pdf`."""
    year = report.year
    note = f"{report.region} · Förderperiode {report.period_name} · {_stand(report)}"
    budget = Sheet(
        "Budget",
        (
            SheetColumn("Kürzel", width=8),
            SheetColumn("Handlungsfeld", width=40),
            SheetColumn("Plan (LES)", Kind.MONEY, total=True),
            SheetColumn("Umschichtungen", Kind.MONEY, total=True),
            SheetColumn("Budget", Kind.MONEY, total=True),
            SheetColumn("gebunden (LAG)", Kind.MONEY, total=True),
            SheetColumn("bewilligt", Kind.MONEY, total=True),
            SheetColumn("ausgezahlt", Kind.MONEY, total=True),
            SheetColumn(f"ausgezahlt {year}", Kind.MONEY, total=True),
            SheetColumn("verbleibend", Kind.MONEY, total=True),
            SheetColumn("gebunden vom Budget", Kind.PERCENT),
            SheetColumn("Projekte", Kind.INT, total=True),
        ),
        [
            (
                line.code,
                line.name,
                line.original_cents,
                line.reallocated_cents,
                line.planned_cents,
                line.committed_cents,
                line.approved_cents,
                line.paid_cents,
                line.paid_in_year_cents,
                line.remaining_cents,
                _share_bp(line.committed_share),
                line.projects,
            )
            for line in report.budget.lines
        ],
        note="; ".join([note, *(w.text for w in report.budget.warnings)]),
    )
    indicators = Sheet(
        "Indikatoren",
        (
            SheetColumn("Handlungsfeld", width=30),
            SheetColumn("Indikator", width=44),
            SheetColumn("Art"),
            SheetColumn("Istwert"),
            SheetColumn("Einheit"),
            SheetColumn(f"Ziel {year}"),
            SheetColumn(f"Ist {year}"),
            SheetColumn(f"Ziel bis {year}"),
            SheetColumn(f"Ist bis {year}"),
            SheetColumn("Ziel Förderperiode"),
            SheetColumn(f"erreicht bis {year}", Kind.PERCENT),
            SheetColumn("erreicht vom Gesamtziel", Kind.PERCENT),
        ),
        [
            (
                report.field_labels.get(line.indicator.action_field_id or "", ""),
                line.indicator.name,
                IndicatorKind.label_of(line.indicator.kind),
                IndicatorSource.label_of(line.indicator.source),
                line.indicator.unit,
                _milli_value(line.target_in_year),
                _milli_value(line.actual_in_year),
                _milli_value(line.target_to_date),
                _milli_value(line.actual_to_date),
                _milli_value(line.target_total),
                _share_bp(line.progress),
                _share_bp(line.progress_total),
            )
            for line in report.indicators
        ],
        note=note,
    )
    per_year = Sheet(
        "Indikatoren je Jahr",
        (
            SheetColumn("Indikator", width=44),
            SheetColumn("Einheit"),
            SheetColumn("Jahr", Kind.INT),
            SheetColumn("Ziel"),
            SheetColumn("Ist"),
        ),
        [
            (
                line.indicator.name,
                line.indicator.unit,
                y.year,
                _milli_value(y.target_milli),
                _milli_value(y.actual_milli),
            )
            for line in report.indicators
            for y in line.years
        ],
        note=note,
    )
    activity = activity_sheets(
        report.activity,
        office,
        f"{note}; Berichtszeitraum {format_date(report.year_start)} bis {format_date(report.cutoff)}",
    )
    # the statuses the budget counts as "gebunden"
    committed = tuple(s.label for s in ProjectStatus if s.value in COMMITTED_STATES)
    projects = Sheet(
        "Projekte",
        (
            SheetColumn("Projekt", width=44, wrap=True),
            SheetColumn("Projektträger", width=30, wrap=True),
            SheetColumn("Handlungsfeld", width=30, wrap=True),
            SheetColumn("Status"),
            SheetColumn("LAG-Beschluss", Kind.DATE),
            SheetColumn("bewilligt am", Kind.DATE),
            SheetColumn("abgeschlossen am", Kind.DATE),
            SheetColumn("Zuschuss", Kind.MONEY, total=True),
            SheetColumn("ausgezahlt", Kind.MONEY, total=True),
        ),
        [
            (
                p.title,
                p.sponsor,
                p.action_field,
                p.status_label,
                p.selected_on,
                p.approved_on,
                p.completed_on,
                p.grant_cents,
                p.paid_cents,
            )
            for p in report.projects
        ],
        totals=(
            Total("Summe der angezeigten Projekte (alle ausgewählten, auch zurückgezogene und verfallene)"),
            Total(f"Summe davon mit gebundenem Budget ({', '.join(committed)})", 3, committed),
        ),
        note=note,
    )
    info = WorkbookInfo(f"Jahresbericht {year}", report.region, _stand(report))
    return write_workbook(
        [budget, indicators, per_year, activity[0], projects, *activity[1:], *extra], info=info
    )
