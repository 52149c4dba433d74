"""The Monitoring tab: the region's budget and indicators for a year or Stichtag, entering
indicators, targets and values, reallocations, and the Jahresbericht."""

from __future__ import annotations

from datetime import date

import pytest
from document_helpers import pdf_text
from openpyxl import load_workbook
from ui_helpers import choose, click, type_into

from regiodesk.db.models import FundingPeriod, RegionSettings
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations

YEAR = date.today().year


@pytest.fixture
def region(db):
    """Two Handlungsfelder (600 / 400 T€); a project of HF 1 selected, approved, half paid."""
    with db.transaction() as session:
        period = FundingPeriod(
            name="LEADER 2023–2027",
            starts_on=date(YEAR - 2, 1, 1),
            ends_on=date(YEAR + 2, 12, 31),
            total_budget_cents=1_000_000_00,
        )
        session.add(period)
        session.flush()
        session.add(RegionSettings(name="LEADER-Region Testtal", current_funding_period_id=period.id))
        period_id = period.id
    fields = ActionFieldService(db)
    hf1 = fields.create(
        {"code": "HF 1", "name": "Dörfer", "funding_period_id": period_id, "planned_budget_cents": 600_000_00}
    )
    hf2 = fields.create(
        {
            "code": "HF 2",
            "name": "Wirtschaft",
            "funding_period_id": period_id,
            "planned_budget_cents": 400_000_00,
        }
    )
    project = ProjectService(db).create(
        {"title": "Dorfladen", "status": "idee", "action_field_id": hf1, "grant_cents": 100_000_00}
    )
    pipeline = ProjectPipeline(db)
    start = date(YEAR, 1, 10)
    for n, status in enumerate(("in_beratung", "ausgewaehlt", "antrag_gestellt", "bewilligt")):
        pipeline.change_status(project, status, date(start.year, 1, 10 + n))
    PaymentService(db).add(project, date(YEAR, 1, 20), 50_000_00)
    return {"hf1": hf1, "hf2": hf2, "project": project, "period": period_id}


def cell(model, row, column):
    return model.data(model.index(row, column))


def test_budget_table_and_chart_for_the_year(qtbot, db, region, show_tab, qtmodeltester):
    tab = show_tab("monitoring")
    overview = tab.panel.overview
    overview.refresh()
    qtmodeltester.check(overview.budget_model)
    model = overview.budget_model
    assert [cell(model, r, 0) for r in range(3)] == ["HF 1 Dörfer", "HF 2 Wirtschaft", "Summe"]
    assert cell(model, 0, 3) == "600.000,00 €"  # budget
    assert cell(model, 0, 4) == "100.000,00 €"  # committed by the LAG decision
    assert cell(model, 0, 6) == "50.000,00 €"  # paid
    assert cell(model, 0, 8) == "500.000,00 €"  # remaining
    assert cell(model, 2, 4) == "100.000,00 €"
    assert overview.budget_chart.categories == ["HF 1 Dörfer", "HF 2 Wirtschaft"]
    assert [s.values for s in overview.budget_chart.series][1] == [100_000_00, 0]
    # all committed money in HF 1: its share deviates from the plan (60 %) beyond 10 %
    assert overview.warnings.isVisible() and "HF 1" in overview.warnings.toolTip()


def test_an_impossible_stichtag_is_refused_and_a_past_one_shows_the_figures_then(qtbot, db, region, show_tab):
    tab = show_tab("monitoring")
    overview = tab.panel.overview
    overview.refresh()
    type_into(qtbot, overview.filter.as_of, "31.02.2026")
    assert overview.filter.error.isVisible() and "31.02.2026" in overview.filter.error.text()
    assert cell(overview.budget_model, 0, 4) == "100.000,00 €"  # the figures stay as they were

    type_into(qtbot, overview.filter.as_of, f"05.01.{YEAR}")  # before the LAG decision
    assert not overview.filter.error.isVisible()
    assert "Stichtag" in overview.stand.text()
    assert cell(overview.budget_model, 0, 4) == "0,00 €"


def test_an_indicator_with_a_target_and_a_value_shows_its_progress(qtbot, db, region, show_tab):
    tab = show_tab("monitoring")
    assert tab.select_id(region["hf1"])
    panel = tab.panel
    panel.tabs.setCurrentWidget(panel.indicators)
    dialog = panel.indicators.new_record()
    type_into(qtbot, dialog.form.editor("name"), "Besucher im Dorfladen")
    type_into(qtbot, dialog.form.editor("unit"), "Personen")
    choose(dialog.form.editor("kind"), "ergebnis")
    choose(dialog.form.editor("source"), "erfasst")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    indicator = panel.indicators.selected_id()
    assert indicator is not None

    targets = panel.show_targets(indicator)
    qtbot.addWidget(targets)
    target = targets.new_record()
    type_into(qtbot, target.form.editor("year"), str(YEAR))
    type_into(qtbot, target.form.editor("target_milli"), "250")
    click(qtbot, target.save_button)
    assert not target.isVisible(), target.form.general_error.text()
    targets.close()

    values = panel.show_values(indicator)
    qtbot.addWidget(values)
    value = values.new_record()
    type_into(qtbot, value.form.editor("year"), str(YEAR))
    type_into(qtbot, value.form.editor("value_milli"), "62,5")
    type_into(qtbot, value.form.editor("source"), "Kassenstatistik")
    click(qtbot, value.save_button)
    assert not value.isVisible(), value.form.general_error.text()
    values.close()

    overview = panel.overview
    model = overview.indicator_model
    row = model.row_of(indicator)
    assert [cell(model, row, c) for c in (1, 3, 4, 7)] == ["Besucher im Dorfladen", "250", "62,5", "25 %"]
    assert overview.indicator_chart.series[0].values == [25.0]


def test_jahresbericht_pdf_and_excel_for_the_chosen_year(qtbot, db, region, show_tab, tmp_path, monkeypatch):
    tab = show_tab("monitoring")
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert tab.window().print_document()  # Strg+P
    wait_for_operations()
    pdf = tmp_path / f"Jahresbericht_{YEAR}.pdf"
    text = pdf_text(pdf)
    assert "LEADER-Region Testtal" in text and "Dorfladen" in text and "Seite 1 von" in text
    assert "100.000 €" in text  # the report rounds to whole euros
    assert tab.export_report()
    wait_for_operations()
    book = load_workbook(tmp_path / f"Jahresbericht_{YEAR}.xlsx")
    assert len(book.sheetnames) >= 3


def test_a_reallocation_moves_the_budget(qtbot, db, region, show_tab):
    tab = show_tab("monitoring")
    window = tab.show_reallocations()
    qtbot.addWidget(window)
    dialog = window.new_record()
    type_into(qtbot, dialog.form.editor("decided_on"), f"15.01.{YEAR}")
    type_into(qtbot, dialog.form.editor("from_action_field_id"), "HF 2 Wirtschaft")
    type_into(qtbot, dialog.form.editor("to_action_field_id"), "HF 1 Dörfer")
    type_into(qtbot, dialog.form.editor("amount_cents"), "50.000")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    model = tab.panel.overview.budget_model
    assert cell(model, 0, 3) == "650.000,00 €" and cell(model, 1, 3) == "350.000,00 €"
    window.close()


def test_the_tolerance_is_set_in_the_tab_and_stored_for_the_region(qtbot, db, region, show_tab):
    from regiodesk.services.monitoring_figures import MonitoringService

    tab = show_tab("monitoring")
    overview = tab.panel.overview
    overview.refresh()
    assert overview.filter.tolerance.value() == 10 and overview.warnings.isVisible()
    overview.filter.tolerance.setValue(50)  # HF 1 holds all commitments: 100 % against 60 % planned
    assert MonitoringService(db).tolerance_bp() == 5000
    assert "(Toleranz 50 %)" in overview.warnings.toolTip()  # the figures were read again
