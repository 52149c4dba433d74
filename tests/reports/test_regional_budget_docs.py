"""The Regionalbudget contract (PDF) and the year's report to the Bewilligungsstelle (Excel), read back."""

from __future__ import annotations

import io
from datetime import date

import pytest
from document_helpers import pdf_text, unhyphenated
from excel_helpers import assert_printable
from openpyxl import load_workbook
from project_helpers import new_project, regional_budget_year, small_project

from regiodesk.domain.errors import DomainError
from regiodesk.reports.regional_budget_docs import contract_pdf, regional_budget_xlsx
from regiodesk.services.contacts import ContactService
from regiodesk.services.region import RegionService, settings_id


@pytest.fixture
def year(db):
    region, budget, call = regional_budget_year(db)
    RegionService(db).update(
        settings_id(db),
        {"lag_name": "LAG Testtal e. V.", "office_address": "LAG Testtal e. V.\nMarktplatz 1\n99999 Testtal"},
    )
    return region, budget, call


def test_the_contract_names_both_parties_the_money_and_the_deadline(db, year):
    region, _budget, call = year
    project = small_project(
        db, region, call, "Sitzbänke am Rundweg", 8_450_00, 6_760_00, contract_on=date(2026, 3, 25)
    )
    text = unhyphenated(pdf_text(contract_pdf(db, project)))
    assert "Vertrag über die Förderung eines Kleinprojekts" in text
    assert "Regionalbudgets 2026" in text
    assert "LAG Testtal e. V. Marktplatz 1 99999 Testtal" in text  # the LAG's name not twice
    assert "Heimatverein Testtal e. V." in text and "„Sitzbänke am Rundweg“" in text
    assert "8.450,00 €" in text and "6.760,00 €" in text and "80 %" in text and "1.690,00 €" in text
    assert "bis zum 15.10.2026" in text
    assert "Ort, 25.03.2026" in text and "Projektträger" in text and "für die LAG (LAG Testtal e. V.)" in text
    assert "LEADER-Region Testtal" in text  # the letterhead
    assert "Seite 1 von" in text


def test_no_contract_over_the_limits_or_outside_the_regional_budget(db, year):
    region, _budget, call = year
    over = small_project(db, region, call, "Vereinsheim", 20_000_01, 16_000_00)
    with pytest.raises(DomainError, match="um 0,01 €"):
        contract_pdf(db, over)
    leader = new_project(db, title="Dorfladen", call_id=region["call"])
    with pytest.raises(DomainError, match="kein Kleinprojekt des Regionalbudgets"):
        contract_pdf(db, leader)


def test_the_years_report_lists_every_small_project_with_sums_budget_and_ranking(db, year):
    region, _budget, call = year
    hostile = ContactService(db).create({"kind": "institution", "organisation": '=HYPERLINK("http://x")'})
    small_project(db, region, call, "Brunnen", 20_000_00, 16_000_00, status="ausgewaehlt")
    small_project(db, region, call, "Bänke", 10_000_00, 8_000_01, sponsor_id=hostile)
    data = regional_budget_xlsx(db, 2026, today=date(2026, 6, 1))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Kleinprojekte", "Rangfolge"]
    ws = book["Kleinprojekte"]
    assert_printable(ws)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kleinprojekt", "Projektträger", "Anschrift", "Status"]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, max_row=3, values_only=True)}
    brunnen = dict(zip(header, rows["Brunnen"], strict=True))
    assert brunnen["förderfähige Gesamtkosten"] == 20000
    assert brunnen["Zuschuss"] == 16000 and brunnen["Fördersatz"] == pytest.approx(0.8)
    assert brunnen["Prüfung"] == "in Ordnung"
    bank = dict(zip(header, rows["Bänke"], strict=True))
    assert "höchstens 8.000,00 €" in bank["Prüfung"]
    assert bank["Projektträger"] == '=HYPERLINK("http://x")'
    assert ws.cell(row=3, column=2).data_type == "s"  # user data never becomes a formula
    assert ws.cell(row=2, column=6).number_format == '#,##0.00 "€"'
    labels = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert "Summe aller Kleinprojekte" in labels
    assert any(str(x).startswith("Summe der ausgewählten Kleinprojekte") for x in labels)
    note = next(x for x in labels if x and str(x).startswith("Regionalbudget 2026"))
    assert "16.000,00 € von 50.000,00 € gebunden" in note and "höchstens 20.000,00 €" in note
    ranking = [row for row in book["Rangfolge"].iter_rows(min_row=2, values_only=True)]
    assert ranking[0][:2] == (1, "Brunnen")
    assert ranking[1][1] == "Bänke" and ranking[1][5] == "nicht gereiht"


def test_steckbrief_list_and_annual_report_show_the_cooperation_and_the_regional_budget(db, year):
    from regiodesk.reports.annual_report import annual_report_pdf, annual_report_xlsx
    from regiodesk.reports.project_docs import project_pdf, projects_xlsx
    from regiodesk.services.cooperation import CooperationPartnerService
    from regiodesk.services.project_pipeline import ProjectPipeline

    region, _budget, call = year
    small_project(db, region, call, "Brunnen", 20_000_00, 16_000_00, status="ausgewaehlt")
    cooperation = new_project(
        db,
        title="Kulturerbe Mühlen",
        call_id=region["call"],
        sponsor_id=region["verein"],
        cooperation=True,
        cooperation_kind="transnational",
        cooperation_agreement_on=date(2026, 2, 1),
        total_cost_gross_cents=40_000_00,
        grant_cents=24_000_00,
        cooperation_total_cost_cents=100_000_00,
    )
    CooperationPartnerService(db, cooperation).create(
        {
            "project_id": cooperation,
            "lag_name": "MAS Šumava",
            "country": "Tschechien",
            "cost_share_cents": 50_000_00,
        }
    )
    ProjectPipeline(db).change_status(cooperation, "in_beratung", date(2026, 2, 2))
    ProjectPipeline(db).change_status(cooperation, "ausgewaehlt", date(2026, 3, 2))

    sheet = unhyphenated(pdf_text(project_pdf(db, cooperation)))
    assert "Kooperation transnational · Kooperationsvereinbarung vom 01.02.2026" in sheet
    assert "MAS Šumava" in sheet and "50.000,00 €" in sheet and "50,0 %" in sheet
    assert "federführend: LAG Testtal e. V." in sheet  # no partner marked: this LAG leads
    assert "es fehlen 10.000,00 €" in sheet  # 40.000 + 50.000 of 100.000

    book = load_workbook(io.BytesIO(projects_xlsx(db)))
    partners = book["Kooperationspartner"]
    assert [c.value for c in partners["D"]][1:] == ["LAG Testtal e. V. (eigene LAG)", "MAS Šumava"]

    report = unhyphenated(pdf_text(annual_report_pdf(db, 2026)))
    assert "5. Kooperationsprojekte" in report and "MAS Šumava" in report
    assert "6. Regionalbudget 2026" in report and "1 Kleinprojekt ausgewählt" in report
    assert "16.000,00 € von 50.000,00 € gebunden" in report
    sheets = load_workbook(io.BytesIO(annual_report_xlsx(db, 2026))).sheetnames
    assert sheets[-2:] == ["Kooperationspartner", "Regionalbudget 2026"]
