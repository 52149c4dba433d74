"""The project list for the Bewilligungsstelle, the Projektsteckbrief and the Bewertungsbogen, read back."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from document_helpers import pdf_pages, pdf_text
from excel_helpers import assert_printable, libreoffice_rows
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from project_helpers import make_region, new_project

from regiodesk.reports.excel import DATE_FORMAT, MONEY_FORMAT, PERCENT_FORMAT
from regiodesk.reports.project_docs import PROJECT_COLUMNS, project_pdf, projects_xlsx, scoring_pdf
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.selection import ScoringService

TODAY = date(2026, 11, 20)


@pytest.fixture
def office(db):
    region = make_region(db)
    pipeline = ProjectPipeline(db)
    main = new_project(
        db,
        title="Dorfladen Weißenbrunn",
        short_description="Ein Laden mit Café für das ganze Dorf.",
        sponsor_id=region["verein"],
        sponsor_type="verein",
        project_type="nicht produktiv",
        call_id=region["call"],
        status="in_beratung",
        total_cost_gross_cents=100_000_00,
        total_cost_net_cents=84_033_61,
        eligible_cost_cents=80_000_00,
        funding_rate_bp=5000,
        grant_cents=40_000_00,
        cofinancing_source="Gemeinde Weißenbrunn",
        cofinancing_cents=10_000_00,
        own_share_cents=50_000_00,
        approval_file_number="LEADER-26-0007",
    )
    ScoringService(db).save_sheet(
        main, {c: (3 if n else 2, f"Begründung {n + 1}") for n, c in enumerate(region["criteria"])}
    )
    pipeline.change_status(main, "ausgewaehlt", date(2026, 3, 9), by="LAG", today=TODAY)
    pipeline.change_status(main, "antrag_gestellt", date(2026, 4, 15), today=TODAY)
    pipeline.change_status(main, "bewilligt", date(2026, 6, 1), today=TODAY)
    PaymentService(db).add(main, date(2026, 9, 1), 15_000_00, note="1. Teilzahlung")
    evil = new_project(
        db,
        title="=SUMME(A1)",
        short_description='@HYPERLINK("http://example.org")',
        notes="+49 171 000",
        call_id=region["call"],
        status="in_beratung",
        grant_cents=70_000_00,
    )
    ScoringService(db).save_sheet(evil, {c: (2 + n // 2, "solide") for n, c in enumerate(region["criteria"])})
    return {**region, "main": main, "evil": evil}


def _row(ws, title):
    return next(row for row in ws.iter_rows(min_row=2) if row[0].value == title)


def test_project_list_types_formats_header_totals_and_no_formula(db, office):
    book = load_workbook(io.BytesIO(projects_xlsx(db, office["call"], today=TODAY)))
    ws = book["Projekte"]
    header = [c.value for c in ws[1]]
    assert header == [c.header for c in PROJECT_COLUMNS]
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}3"
    col = {name: n for n, name in enumerate(header)}
    row = _row(ws, "Dorfladen Weißenbrunn")
    assert row[col["Projektträger"]].value == "Heimatverein Testtal e. V."
    assert row[col["Art des Trägers"]].value == "Verein"
    assert row[col["Kooperationsprojekt"]].value == "nein"
    for name, value in (("Gesamtkosten brutto", 100_000), ("Zuschuss", 40_000), ("ausgezahlt", 15_000)):
        assert row[col[name]].value == value and row[col[name]].number_format == MONEY_FORMAT
        assert row[col[name]].data_type == "n"
    assert row[col["Fördersatz"]].value == 0.5 and row[col["Fördersatz"]].number_format == PERCENT_FORMAT
    decided = row[col["LAG-Beschluss am"]]
    assert decided.value == datetime(2026, 3, 9) and decided.number_format == DATE_FORMAT
    assert row[col["LAG-Beschluss"]].value == "ausgewählt" and row[col["Punkte"]].value == 11
    assert row[col["bewilligt am"]].value == datetime(2026, 6, 1)
    assert row[col["Aktenzeichen Bewilligungsstelle"]].value == "LEADER-26-0007"
    # Values from user data that Excel would run stay text.
    evil = _row(ws, "=SUMME(A1)")
    assert evil[0].data_type == "s"
    assert evil[col["Kurzbeschreibung"]].value == '@HYPERLINK("http://example.org")'
    assert evil[col["Notizen"]].value == "+49 171 000"
    # the only formulas are our sum lines under the two data rows
    formulas = {
        c.row for sheet in book.worksheets for r in sheet.iter_rows() for c in r if c.data_type == "f"
    }
    assert formulas == {5, 6, 7}
    assert ws.column_dimensions["A"].width >= 30


def test_the_sums_say_which_statuses_they_hold(db, office):
    ws = load_workbook(io.BytesIO(projects_xlsx(db, office["call"], today=TODAY)))["Projekte"]
    grant = get_column_letter(1 + [c.header for c in PROJECT_COLUMNS].index("Zuschuss"))
    status = get_column_letter(1 + [c.header for c in PROJECT_COLUMNS].index("Status"))
    labels = [ws.cell(row, 1).value for row in (5, 6, 7)]
    assert labels == [
        "Summe der angezeigten Projekte (alle Status)",
        "Summe davon mit gebundenem Budget (LAG-Beschluss: ausgewählt, Antrag gestellt, bewilligt, "
        "in Umsetzung, abgeschlossen, Verwendungsnachweis geprüft)",
        "Summe davon bewilligt (bewilligt, in Umsetzung, abgeschlossen, Verwendungsnachweis geprüft)",
    ]
    assert ws[f"{grant}5"].value == f"=SUBTOTAL(109,{grant}2:{grant}3)"
    assert f"MATCH({status}2:{status}3," in ws[f"{grant}6"].value
    assert '"LAG-Beschluss: abgelehnt"' not in ws[f"{grant}6"].value
    assert (
        '{"bewilligt","in Umsetzung","abgeschlossen","Verwendungsnachweis geprüft"}' in ws[f"{grant}7"].value
    )


def test_libreoffice_computes_the_project_sums(db, office, tmp_path):
    rows = libreoffice_rows(projects_xlsx(db, office["call"], today=TODAY), tmp_path)
    grant = [c.header for c in PROJECT_COLUMNS].index("Zuschuss")
    assert rows[4][0] == "Summe der angezeigten Projekte (alle Status)"
    assert [float(rows[n][grant]) for n in (4, 5, 6)] == [110_000, 40_000, 40_000]  # the other: in Beratung


def test_both_sheets_print_as_is(db, office):
    book = load_workbook(io.BytesIO(projects_xlsx(db, office["call"], today=TODAY)))
    for ws in book.worksheets:
        assert_printable(ws, "Stand 20.11.2026")
        assert ws.oddHeader.right.text == "LEADER-Region Testtal · Stand 20.11.2026"
    projects, ranking = book.worksheets
    assert projects.oddHeader.left.text == "Projektliste – Projekte"
    # 31 columns: landscape, several pages across with the title on each
    assert projects.page_setup.orientation == "landscape" and projects.page_setup.fitToWidth > 1
    assert projects.print_title_cols == "$A:$A"
    assert ranking.page_setup.fitToWidth == 1
    assert book.properties.title == "Projektliste"


def test_wrapped_descriptions_get_rows_that_show_them(db, office):
    new_project(db, title="Lang", short_description="Ein Satz mit Worten. " * 12, status="idee")
    ws = load_workbook(io.BytesIO(projects_xlsx(db, today=TODAY)))["Projekte"]
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == "Lang")
    assert ws.row_dimensions[row].height >= 5 * 15  # 252 characters in a column of 50
    status = 1 + [c.header for c in PROJECT_COLUMNS].index("Status")
    assert ws.cell(row, 2).alignment.wrap_text and ws.cell(row, status).alignment.vertical == "top"


def test_the_second_sheet_ranks_the_call(db, office):
    book = load_workbook(io.BytesIO(projects_xlsx(db, office["call"], today=TODAY)))
    assert book.sheetnames == ["Projekte", "Rangfolge"]
    ws = book.worksheets[1]
    assert [c.value for c in ws[1]] == [
        "Platz",
        "Projekt",
        "Punkte",
        "Zuschuss",
        "kumuliert",
        "Förderung",
        "Begründung",
    ]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_row=3)]
    assert rows[0][:6] == [1, "Dorfladen Weißenbrunn", 11, 40_000, 40_000, "im Budget"]
    assert rows[1][:6] == [2, "=SUMME(A1)", 10, 70_000, 110_000, "Nachrückerliste"]
    assert ws["B3"].data_type == "s"
    assert ws["D2"].number_format == MONEY_FORMAT and ws.freeze_panes == "A2"
    assert projects_xlsx(db) and len(load_workbook(io.BytesIO(projects_xlsx(db))).sheetnames) == 1


def test_projektsteckbrief_pdf(db, office):
    pdf = project_pdf(db, office["main"], today=TODAY)
    text = pdf_text(pdf)
    assert pdf_pages(pdf) <= 2
    for expected in (
        "LEADER-Region Testtal",
        "Projektsteckbrief: Dorfladen Weißenbrunn",
        "Heimatverein Testtal e. V. (Verein)",
        "Projektaufruf Frühjahr 2026",
        "100.000,00 €",
        "40.000,00 €",
        "Kofinanzierung durch: Gemeinde Weißenbrunn",
        "LAG-Beschluss am 09.03.2026",
        "11 von 12 Punkten, Mindestpunktzahl 10 erreicht",
        "1 Zahlung, 15.000,00 € von 40.000,00 € ausgezahlt (37 %)",
        "LEADER-26-0007",
        "Seite 1 von",
    ):
        assert expected in text, expected


def test_bewertungsbogen_pdf(db, office):
    text = pdf_text(scoring_pdf(db, office["main"], today=TODAY))
    for expected in (
        "Bewertungsbogen: Dorfladen Weißenbrunn",
        "Beitrag zur LES",
        "Pflichtkriterium, mindestens 1",
        "2 / 3",
        "Begründung 1",
        "Summe 11 / 12",
        "Mindestpunktzahl erreicht (11 von mindestens 10 Punkten)",
        "Vorsitz der LAG",
        "Seite 1 von 1",
    ):
        assert expected in text, expected
    failing = new_project(db, title="Knapp", call_id=office["call"])
    ScoringService(db).save_sheet(failing, {office["criteria"][0]: (0, "fehlt")})
    text = pdf_text(scoring_pdf(db, failing, today=TODAY))
    assert "Mindestpunktzahl nicht erreicht (0 von mindestens 10 Punkten)" in text
    assert "Pflichtkriterium „Beitrag zur LES“ nicht erfüllt" in text


def test_steckbrief_and_ranking_sheet_show_a_lapse_and_an_incomplete_project(db, office):
    lapsing = new_project(db, title="Verfallend", status="in_beratung", grant_cents=1_000_00)
    ProjectPipeline(db).change_status(lapsing, "ausgewaehlt", date(2025, 8, 31), today=TODAY)
    text = pdf_text(project_pdf(db, lapsing, today=date(2026, 3, 3)))
    assert "Frist für den Antrag abgelaufen am 02.03.2026 – LAG-Zustimmung verfällt" in text
    text = pdf_text(project_pdf(db, lapsing, today=date(2026, 3, 2)))  # Saturday's end moved to Monday
    assert "Antragstellung bis 02.03.2026" in text and "abgelaufen" not in text

    missing = new_project(db, title="Ohne Zuschuss", call_id=office["call"], status="in_beratung")
    ScoringService(db).save_sheet(missing, {c: (3, "gut") for c in office["criteria"]})
    ws = load_workbook(io.BytesIO(projects_xlsx(db, office["call"], today=TODAY))).worksheets[1]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Ohne Zuschuss"][0] is None  # no place
    assert rows["Ohne Zuschuss"][5:] == ("unvollständig", "unvollständig: kein Zuschuss angegeben")
