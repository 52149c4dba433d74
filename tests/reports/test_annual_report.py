"""The Jahresbericht: the numbers in the PDF text and in the Excel cells are the aggregations."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from document_helpers import DEMO_DAY, pdf_pages, pdf_text, unhyphenated
from excel_helpers import assert_printable
from openpyxl import load_workbook

from regiodesk.i18n import format_decimal
from regiodesk.reports.annual_report import annual_report_pdf, annual_report_xlsx, format_milli, format_share
from regiodesk.services.monitoring_figures import MonitoringService

TODAY = DEMO_DAY


def cell_cents(value) -> int:
    """A money cell read back (openpyxl gives floats) as cents."""
    return int((Decimal(str(value)) * 100).to_integral_value())


def euros(cents: int) -> str:
    return format_decimal(Decimal(cents) / 100, 0)


def test_the_pdf_shows_the_figures_of_the_year(demo):
    report = MonitoringService(demo).report(2025)
    pdf = annual_report_pdf(demo, 2025)
    text = pdf_text(pdf)
    pages = pdf_pages(pdf)
    assert f"Seite 1 von {pages}" in text and f"Seite {pages} von {pages}" in text
    assert "Jahresbericht 2025" in text and report.region in text
    assert "Stand 31.12.2025" in text
    for line in [*report.budget.lines, report.budget.total]:
        for cents in (line.planned_cents, line.committed_cents, line.approved_cents, line.paid_cents):
            assert euros(cents) in text, (line.label, cents)
    assert report.budget.total.committed_cents > 0 and report.budget.total.paid_cents > 0
    a = report.activity
    assert f"Sitzungen insgesamt {a.meetings}" in text
    assert f"Projekte von der LAG ausgewählt {a.selected}" in text
    words = unhyphenated(text)  # a narrow column hyphenates long words at a German syllable
    for line in report.indicators:
        assert line.indicator.name[:20] in words
        assert format_share(line.progress) in text
    for project in report.projects:
        assert project.title.split()[0] in words


def test_the_demo_reallocation_shows_in_the_budget(demo):
    lines = MonitoringService(demo).budget(2026).lines
    moved = {line.code: line.reallocated_cents for line in lines}
    assert moved["HF 3"] == -50_000_00 and moved["HF 5"] == 50_000_00
    assert "-50.000" in pdf_text(annual_report_pdf(demo, 2026))


def test_a_stichtag_in_the_pdf(demo):
    text = pdf_text(annual_report_pdf(demo, 2025, as_of=date(2025, 6, 30)))
    assert "Stichtag 30.06.2025" in text and "01.01.2025 bis 30.06.2025" in text


def test_the_workbook_holds_the_same_numbers(demo):
    report = MonitoringService(demo).report(2025)
    book = load_workbook(io.BytesIO(annual_report_xlsx(demo, 2025)))
    assert book.sheetnames == [
        "Budget",
        "Indikatoren",
        "Indikatoren je Jahr",
        "Tätigkeit",
        "Projekte",
        "Veranstaltungen",  # the Tätigkeitsbericht's lists (issue 22)
        "Öffentlichkeitsarbeit",
        "Netzwerkarbeit",
        "Kooperationspartner",  # the demo's cooperation projects (issue 22)
    ]
    budget = book["Budget"]
    assert budget["A1"].value == "Kürzel" and budget.freeze_panes == "A2"
    for n, line in enumerate(report.budget.lines, start=2):
        assert budget.cell(n, 1).value == line.code
        assert cell_cents(budget.cell(n, 5).value) == line.planned_cents
        assert cell_cents(budget.cell(n, 6).value) == line.committed_cents
        assert cell_cents(budget.cell(n, 8).value) == line.paid_cents
        assert budget.cell(n, 5).number_format == '#,##0.00 "€"'
    # the sum line: our formula over exactly the Handlungsfelder's rows, which add up to the total
    last = len(report.budget.lines) + 1
    assert budget.cell(last + 2, 6).value == f"=SUBTOTAL(109,F2:F{last})"
    assert sum(cell_cents(budget.cell(n, 6).value) for n in range(2, last + 1)) == (
        report.budget.total.committed_cents
    )
    indicators = book["Indikatoren"]
    for n, line in enumerate(report.indicators, start=2):
        assert indicators.cell(n, 2).value == line.indicator.name
        assert Decimal(str(indicators.cell(n, 9).value)) == Decimal(line.actual_to_date) / 1000
    activity = {row[1]: row[2] for row in book["Tätigkeit"].iter_rows(min_row=2, values_only=True) if row[1]}
    assert activity["Sitzungen insgesamt"] == report.activity.meetings
    projects = book["Projekte"]
    assert projects.max_row >= len(report.projects) + 1
    assert projects.cell(2, 1).value == report.projects[0].title


def test_every_sheet_of_the_workbook_prints_as_is(demo):
    book = load_workbook(io.BytesIO(annual_report_xlsx(demo, 2025)))
    for ws in book.worksheets:
        assert_printable(ws, "Stand 31.12.2025")
        assert ws.oddHeader.left.text == f"Jahresbericht 2025 – {ws.title}"
    assert book["Tätigkeit"].page_setup.orientation == "portrait"
    assert book["Budget"].page_setup.orientation == "landscape"
    stichtag = load_workbook(io.BytesIO(annual_report_xlsx(demo, 2025, as_of=date(2025, 6, 30))))
    assert stichtag.active.oddHeader.right.text.endswith("Stichtag 30.06.2025")


def test_the_project_sums_name_their_statuses(demo):
    report = MonitoringService(demo).report(2025)
    ws = load_workbook(io.BytesIO(annual_report_xlsx(demo, 2025)))["Projekte"]
    first = len(report.projects) + 3
    assert ws.cell(first, 1).value.startswith("Summe der angezeigten Projekte (alle ausgewählten, auch")
    assert ws.cell(first, 8).value == f"=SUBTOTAL(109,H2:H{len(report.projects) + 1})"
    assert ws.cell(first + 1, 1).value.startswith(
        "Summe davon mit gebundenem Budget (LAG-Beschluss: ausgewählt, "
    )
    assert (
        "MATCH(D2:D" in ws.cell(first + 1, 8).value and '"zurückgezogen"' not in ws.cell(first + 1, 8).value
    )


def test_thousandths_in_german():
    assert [format_milli(v) for v in (None, 0, 1500, 2_000_000, 1250, 333)] == [
        "–",
        "0",
        "1,5",
        "2.000",
        "1,25",
        "0,333",
    ]


def test_the_running_year_stands_on_today_not_on_31_december():
    from types import SimpleNamespace

    from regiodesk.reports.annual_report import _stand

    running = SimpleNamespace(as_of=None, cutoff=date(2026, 12, 31))
    assert _stand(running, today=date(2026, 11, 23)) == "Stand 23.11.2026"
    assert _stand(SimpleNamespace(as_of=None, cutoff=date(2025, 12, 31)), today=date(2026, 11, 23)) == (
        "Stand 31.12.2025"
    )
    assert _stand(SimpleNamespace(as_of=date(2025, 6, 30), cutoff=date(2025, 6, 30))) == "Stichtag 30.06.2025"


def test_the_project_total_is_the_budget_tables_committed_total(demo):
    """One report, one set of numbers: withdrawn and lapsed projects bind no budget (rule 9), so the
    project list's total leaves them out as the budget table's "gebunden" does, and says so."""
    report = MonitoringService(demo).report(2026)
    released = [p for p in report.projects if not p.committed]
    assert released, "the demo has a withdrawn or lapsed project"
    binding = sum(p.grant_cents or 0 for p in report.projects if p.committed)
    assert binding == report.budget.total.committed_cents
    text = pdf_text(annual_report_pdf(demo, 2026))
    label = (
        f"Summe der {len(report.projects) - len(released)} ausgewählten und bewilligten Projekte "
        f"(ohne {len(released)} zurückgezogene oder verfallene)"
    )
    assert f"{label} {euros(binding)} €" in unhyphenated(text)
    everything = sum(p.grant_cents or 0 for p in report.projects)
    assert f"{euros(everything)} €" not in text  # the old total with the released projects
