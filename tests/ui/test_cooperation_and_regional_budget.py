"""The Kooperation page of a project: a regional manager enters a partner region and sees whether
the shares add up; a project that is no cooperation project takes no partners. The Regionalbudget
of a year, its report and a small project's contract from the Projekte tab."""

from __future__ import annotations

from document_helpers import pdf_text
from openpyxl import load_workbook
from project_helpers import make_region, new_project, small_project
from ui_helpers import click, type_into

from regiodesk.services.cooperation import cooperation_summary
from regiodesk.services.selection import CallService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


def test_entering_a_partner_region_of_a_cooperation_project(qtbot, db, show_tab):
    region = make_region(db)
    project = new_project(
        db,
        title="Kulturerbe Mühlen",
        sponsor_id=region["verein"],
        cooperation=True,
        total_cost_gross_cents=40_000_00,
        cooperation_total_cost_cents=100_000_00,
    )
    tab = show_tab("projects")
    assert tab.select_id(project)
    page = tab.panel.cooperation_page
    tab.panel.show_page(page)
    assert page.partners.isEnabled()
    assert "100.000,00 €" in page.hint.text()

    dialog = page.partners.new_record()
    type_into(qtbot, dialog.form.editor("lag_name"), "LEADER-Region Mühlviertler Alm")
    type_into(qtbot, dialog.form.editor("country"), "Österreich")
    type_into(qtbot, dialog.form.editor("cost_share_cents"), "35.000,00")
    type_into(qtbot, dialog.form.editor("grant_cents"), "21.000")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert page.partners.model.rowCount() == 1
    model = page.partners.model
    assert model.data(model.index(0, 0)) == "LEADER-Region Mühlviertler Alm"
    assert model.data(model.index(0, 4)) == "35 %"  # of the 100.000 € all partners together
    # 40.000 own + 35.000 partner of 100.000: the page says what is missing
    assert "es fehlen 25.000,00 €" in page.banner.text()

    dialog = page.partners.new_record()  # more than the total is refused beside the field
    type_into(qtbot, dialog.form.editor("lag_name"), "LAG Zuviel")
    type_into(qtbot, dialog.form.editor("cost_share_cents"), "25.000,01")
    click(qtbot, dialog.save_button)
    assert "zu viel: 0,01 €" in dialog.form.error_text("cost_share_cents")
    type_into(qtbot, dialog.form.editor("cost_share_cents"), "25.000")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert "Die Anteile gehen auf" in page.banner.text()
    summary = cooperation_summary(db, project)
    assert summary.problems == () and [line.name for line in summary.partners] == [
        "LAG Zuviel",
        "LEADER-Region Mühlviertler Alm",
    ]


def test_a_project_that_is_no_cooperation_project_takes_no_partners(qtbot, db, show_tab):
    project = new_project(db, title="Dorfladen")
    tab = show_tab("projects")
    assert tab.select_id(project)
    page = tab.panel.cooperation_page
    tab.panel.show_page(page)
    assert not page.partners.isEnabled()
    assert "Kein Kooperationsprojekt" in page.hint.text()


def test_a_regional_budget_year_its_report_and_a_contract_from_the_projects_tab(
    qtbot, qtmodeltester, db, show_tab, tmp_path, monkeypatch
):
    region = make_region(db)
    tab = show_tab("projects")
    dialog = tab.show_regional_budgets()
    editor = dialog.new_record()
    type_into(qtbot, editor.form.editor("year"), "2026")
    type_into(qtbot, editor.form.editor("budget_cents"), "200.000")
    type_into(qtbot, editor.form.editor("proof_of_use_by"), "15.10.2027")
    click(qtbot, editor.save_button)  # the proof of use is due in the same year
    assert "im selben Jahr" in editor.form.error_text("proof_of_use_by")
    type_into(qtbot, editor.form.editor("proof_of_use_by"), "15.10.2026")
    click(qtbot, editor.save_button)
    assert not editor.isVisible(), editor.form.general_error.text()
    assert dialog.model.rowCount() == 1
    budget = dialog.panel.model.id_at(0)
    call = CallService(db).create(
        {"name": "Kleinprojekte 2026", "budget_cents": 200_000_00, "regional_budget_id": budget}
    )
    project = small_project(db, region, call, "Bücherschrank", 3_000_00, 2_400_00, status="ausgewaehlt")

    ranking = tab.show_year_ranking(budget)
    qtmodeltester.check(ranking.model)
    assert ranking.model.data(ranking.model.index(0, 1)) == "Bücherschrank"
    assert "Budget 200.000,00 €, davon im Budget vergeben 2.400,00 €" in ranking.summary.text()
    ranking.close()

    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert tab.export_regional_budget(budget)
    wait_for_operations()
    book = load_workbook(next(tmp_path.glob("Regionalbudget_2026_*.xlsx")))
    assert book["Kleinprojekte"]["A2"].value == "Bücherschrank"

    tab.reload()
    assert tab.select_id(project)
    assert tab.write_contract()
    wait_for_operations()
    assert "Vertrag über die Förderung eines Kleinprojekts" in pdf_text(next(tmp_path.glob("Vertrag_*.pdf")))
    dialog.close()
