"""The Projekte tab as a regional manager uses it: status steps, scoring, payments, grant,
deadlines, the Excel list and the Steckbrief."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from document_helpers import pdf_text
from openpyxl import load_workbook
from project_helpers import make_region, new_project
from ui_helpers import click, type_into

from regiodesk.i18n import format_date
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.services.selection import ScoringService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations


@pytest.fixture
def region(db):
    return make_region(db)


@pytest.fixture
def approved(db, region):
    """A project approved with a grant of 40.000 €, a month ago."""
    project = new_project(
        db,
        title="Dorfladen Testtal",
        call_id=region["call"],
        sponsor_id=region["verein"],
        project_type="nicht produktiv",
        total_cost_gross_cents=80_000_00,
        eligible_cost_cents=80_000_00,
        funding_rate_bp=5000,
        grant_cents=40_000_00,
    )
    pipeline = ProjectPipeline(db)
    start = date.today() - timedelta(days=60)
    for n, status in enumerate(("in_beratung", "ausgewaehlt", "antrag_gestellt", "bewilligt")):
        pipeline.change_status(project, status, start + timedelta(days=7 * n))
    return project


def open_project(show_tab, project_id):
    tab = show_tab("projects")
    assert tab.select_id(project_id)
    return tab


def test_status_step_is_recorded_and_a_future_date_refused(qtbot, db, region, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    page = tab.panel.status_page
    assert page.current.text() == "Status: Idee"
    assert page.next_combo.currentData() == "in_beratung"

    type_into(qtbot, page.date_edit, format_date(date.today() + timedelta(days=3)))
    click(qtbot, page.change_button)
    assert page.error.isVisible() and "liegt in der Zukunft" in page.error.text()
    assert ProjectService(db).load(project)["status"] == "idee"  # nothing changed

    type_into(qtbot, page.date_edit, "31.02.2026")
    assert not page.change_status()
    assert "31.02.2026" in page.error.text()

    type_into(qtbot, page.date_edit, format_date(date.today()))
    type_into(qtbot, page.note_edit, "Skizze eingereicht")
    click(qtbot, page.change_button)
    assert ProjectService(db).load(project)["status"] == "in_beratung"
    assert page.current.text() == "Status: in Beratung"
    assert tab.form.editor("status").currentData() == "in_beratung"  # the form shows it too
    assert [page.history.text(r, 2) for r in page.history.rows][-1] == "in Beratung"
    assert page.history.rows[-1].note == "Skizze eingereicht"
    row = tab.model.row_of(project)
    assert tab.model.data(tab.model.index(row, 3)) == "in Beratung"  # and the list


def test_unsaved_form_edits_are_saved_before_a_status_step(qtbot, db, region, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    type_into(qtbot, tab.form.editor("notes"), "Ortstermin vereinbart")
    assert tab.panel.status_page.change_status()
    values = ProjectService(db).load(project)
    assert values["notes"] == "Ortstermin vereinbart" and values["status"] == "in_beratung"
    assert tab.form.editor("notes").toPlainText() == "Ortstermin vereinbart"


def test_scoring_is_saved_all_or_nothing_and_a_missing_reason_is_named(qtbot, db, region, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    page = tab.panel.scoring_page
    tab.panel.show_page(page)
    first, second, third, fourth = region["criteria"]
    page.set_entry(first, 3, "trägt zu zwei Zielen bei")
    page.set_entry(second, 2, "")  # no reason
    assert page.unsaved.isVisible()
    assert "Summe: 5 von 12 Punkten" in page.total.text()
    click(qtbot, page.save_button)
    assert "„Bürgerbeteiligung“: bitte die Punkte schriftlich begründen." in page.error.text()
    assert ScoringService(db).sheet(project).result.total == 0  # nothing stored

    # switching projects and back keeps what was typed
    other = new_project(db, title="Anderes Projekt", call_id=region["call"])
    tab.reload()
    tab.select_id(other)
    tab.select_id(project)
    assert page.entries()[first] == (3, "trägt zu zwei Zielen bei")

    page.set_entry(second, 2, "zwei Workshops")
    page.set_entry(third, 3, "klimaneutral")
    page.set_entry(fourth, 2, "neu in der Region")
    click(qtbot, page.save_button)
    sheet = ScoringService(db).sheet(project)
    assert sheet.result.total == 10 and sheet.result.qualifies
    assert not page.unsaved.isVisible()
    assert "Mindestpunktzahl erreicht" in page.total.text()


def test_a_payment_above_the_grant_is_refused_beside_the_amount(qtbot, db, approved, show_tab):
    tab = open_project(show_tab, approved)
    page = tab.panel.payments_page
    tab.panel.show_page(page)
    assert page.summary.text() == "noch keine Auszahlung"
    dialog = page.new_payment()
    type_into(qtbot, dialog.form.editor("amount_cents"), "25.000,00")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert page.summary.text() == "1 Zahlung, 25.000,00 € von 40.000,00 € ausgezahlt (62 %)"

    dialog = page.new_payment()
    type_into(qtbot, dialog.form.editor("amount_cents"), "20.000")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "möglich sind höchstens noch 15.000,00 €" in dialog.form.error_text("amount_cents")
    assert dialog.form.editor("amount_cents").text() == "20.000"
    assert len(PaymentService(db).payments(approved)) == 1
    dialog.form.mark_clean()
    dialog.reject()


def test_delete_key_in_the_payments_removes_the_payment_not_the_project(
    qtbot, db, approved, show_tab, monkeypatch
):
    PaymentService(db).add(approved, date.today(), 10_000_00)
    tab = open_project(show_tab, approved)
    page = tab.panel.payments_page
    tab.panel.show_page(page)
    page.view.selectRow(0)
    page.view.setFocus()
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or True)
    from PySide6.QtCore import Qt

    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert "Auszahlung vom" in asked[0] and "10.000,00 €" in asked[0]
    assert PaymentService(db).payments(approved) == []
    assert ProjectService(db).load(approved)["title"] == "Dorfladen Testtal"


def test_grant_calculation_fills_the_form_without_saving(qtbot, db, region, show_tab):
    project = new_project(
        db, call_id=region["call"], sponsor_id=region["verein"], sponsor_type="verein",
        project_type="nicht produktiv", total_cost_gross_cents=50_000_00,
    )  # fmt: skip
    tab = open_project(show_tab, project)
    click(qtbot, tab.panel.grant_button)
    assert tab.form.editor("grant_cents").text() == "25.000,00 €"
    assert tab.form.is_dirty()
    assert ProjectService(db).load(project)["grant_cents"] is None  # the user saves it
    assert tab.panel.banner.isVisible() and "50" in tab.panel.banner.text()
    click(qtbot, tab.save_button)
    assert ProjectService(db).load(project)["grant_cents"] == 25_000_00


def test_deadlines_are_announced_and_listed(qtbot, db, region, show_tab):
    project = new_project(db, title="Überfälliges Projekt", call_id=region["call"])
    pipeline = ProjectPipeline(db)
    pipeline.change_status(project, "in_beratung", date(2024, 1, 10))
    pipeline.change_status(project, "ausgewaehlt", date(2024, 2, 1))  # application long overdue
    tab = show_tab("projects")
    tab.reload()
    assert "1 LAG-Zustimmung verfällt (Antragsfrist abgelaufen)" in tab.deadline_banner.text()
    dialog = tab.show_deadlines()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 3)) == "Überfälliges Projekt"
    assert "überfällig" in dialog.model.data(dialog.model.index(0, 1))
    dialog.view.activated.emit(dialog.model.index(0, 0))  # double-click
    assert tab.current_id == project
    dialog.close()


def test_a_project_due_to_lapse_is_marked_and_its_lapse_confirmed(qtbot, db, region, show_tab, monkeypatch):
    lapsing = new_project(db, title="Verfallendes Projekt", call_id=region["call"], grant_cents=10_000_00)
    running = new_project(db, title="Laufendes Projekt", call_id=region["call"])
    pipeline = ProjectPipeline(db)
    decided = date(2024, 8, 31)  # + 6 months = Friday 28.02.2025
    for project in (lapsing, running):
        pipeline.change_status(project, "in_beratung", date(2024, 1, 10))
    pipeline.change_status(lapsing, "ausgewaehlt", decided)
    pipeline.change_status(running, "ausgewaehlt", date.today())
    tab = open_project(show_tab, lapsing)

    status_column = 3
    marked = tab.model.data(tab.model.index(tab.model.row_of(lapsing), status_column))
    assert marked == "verfällt – Antragsfrist abgelaufen"
    assert (
        tab.model.data(tab.model.index(tab.model.row_of(running), status_column))
        == "LAG-Beschluss: ausgewählt"
    )
    type_into(qtbot, tab.filter_edit, "Frist abgelaufen")  # the marker is what the filter finds
    assert tab.model.visible_count == 1 and tab.current_id == lapsing
    type_into(qtbot, tab.filter_edit, "")

    page = tab.panel.status_page
    assert page.deadlines.isVisible()
    assert page.deadlines.text() == "Frist für den Antrag abgelaufen am 28.02.2025 – LAG-Zustimmung verfällt"
    assert page.lapse_button.isVisible()

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda *args: asked.append(args) or False)
    click(qtbot, page.lapse_button)  # the user cancels: nothing changes
    assert len(asked) == 1 and ProjectService(db).load(lapsing)["status"] == "ausgewaehlt"

    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    type_into(qtbot, page.by_edit, "RM")
    click(qtbot, page.lapse_button)
    assert ProjectService(db).load(lapsing)["status"] == "verfallen"
    assert page.current.text() == "Status: verfallen"
    assert not page.lapse_button.isVisible() and not page.deadlines.isVisible()
    last = page.history.rows[-1]
    assert (last.to_label, last.changed_on, last.changed_by) == ("verfallen", date(2025, 3, 1), "RM")
    assert last.note.startswith("Frist für den Antrag abgelaufen am 28.02.2025")
    row = tab.model.row_of(lapsing)
    assert tab.model.data(tab.model.index(row, status_column)) == "verfallen"  # the list follows
    assert (
        tab.model.data(tab.model.index(tab.model.row_of(running), status_column))
        == "LAG-Beschluss: ausgewählt"
    )
    assert not page.change_button.isEnabled()  # verfallen is a final state


def test_excel_list_for_one_call_and_the_steckbrief(
    qtbot, db, approved, region, show_tab, tmp_path, monkeypatch
):
    tab = open_project(show_tab, approved)
    offered = []
    monkeypatch.setattr(dialogs, "choose", lambda _p, _t, _l, items: offered.extend(items) or 1)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggestion: tmp_path / suggestion.name)
    assert tab.export_list()
    wait_for_operations()
    assert offered == ["alle Projekte", "Projektaufruf „Projektaufruf Frühjahr 2026“ mit Rangliste"]
    written = next(tmp_path.glob("Projektliste_Projektaufruf*.xlsx"))
    book = load_workbook(written)
    assert len(book.sheetnames) == 2  # the projects and the ranking of the call
    titles = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Dorfladen Testtal" in titles

    assert tab.window().print_document()  # Strg+P: the Steckbrief
    wait_for_operations()
    steckbrief = next(tmp_path.glob("Projektsteckbrief_*.pdf"))
    text = pdf_text(steckbrief)
    assert "Dorfladen Testtal" in text and "40.000,00 €" in text and "Seite 1 von" in text


def test_criteria_are_edited_in_the_stammdaten(qtbot, db, region, show_tab, monkeypatch):
    tab = show_tab("projects")
    master = tab.show_criteria()
    window = master.panel("criteria")
    assert master.stack.currentWidget() is master.pages["criteria"]
    assert window.model.rowCount() == 4
    dialog = window.new_record()
    type_into(qtbot, dialog.form.editor("title"), "Demografie")
    type_into(qtbot, dialog.form.editor("max_points"), "3")
    type_into(qtbot, dialog.form.editor("min_points"), "5")  # more than the maximum
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.form.error_text("min_points")
    type_into(qtbot, dialog.form.editor("min_points"), "0")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert window.model.rowCount() == 5 and window.selected_id() is not None
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or True)
    assert window.delete_record()
    assert asked[0].startswith("„Demografie“ löschen?") and window.model.rowCount() == 4
    assert tab.show_criteria() is master  # one window, shown again
    master.close()


def test_the_ranking_of_a_call_shows_budget_and_waiting_list(qtbot, db, region, show_tab):
    for n, points in enumerate(([3, 3, 3, 3], [2, 2, 3, 3], [1, 1, 1, 1])):
        project = new_project(db, title=f"Projekt {n + 1}", call_id=region["call"], grant_cents=45_000_00)
        entries = {cid: (p, "begründet") for cid, p in zip(region["criteria"], points, strict=True)}
        ScoringService(db).save_sheet(project, entries)
    tab = show_tab("projects")
    window = tab.show_calls()
    qtbot.addWidget(window)
    window.view.selectRow(0)
    ranking = tab.show_ranking(window.selected_id())
    qtbot.addWidget(ranking)
    cells = [[ranking.model.data(ranking.model.index(r, c)) for c in (0, 1, 5)] for r in range(3)]
    assert cells[0] == ["1", "Projekt 1", "im Budget"]
    assert cells[1] == ["2", "Projekt 2", "im Budget"]
    assert cells[2][1:] == ["Projekt 3", "nicht gereiht"]  # below the minimum
    assert "Mindestpunktzahl" in ranking.model.data(ranking.model.index(2, 6))
    assert "Budget 100.000,00 €, davon im Budget vergeben 90.000,00 €" in ranking.summary.text()
    ranking.close()
    window.close()


def test_the_ranking_window_flags_a_project_without_a_grant_as_incomplete(
    qtbot, db, region, show_tab, qtmodeltester
):
    for title, grant in (("Mit Zuschuss", 45_000_00), ("Ohne Zuschuss", None)):
        project = new_project(db, title=title, call_id=region["call"], grant_cents=grant)
        ScoringService(db).save_sheet(project, {cid: (3, "begründet") for cid in region["criteria"]})
    tab = show_tab("projects")
    ranking = tab.show_ranking(region["call"])
    qtbot.addWidget(ranking)
    qtmodeltester.check(ranking.model)
    rows = [[ranking.model.data(ranking.model.index(r, c)) for c in (0, 1, 3, 5, 6)] for r in range(2)]
    assert rows[0][:4] == ["1", "Mit Zuschuss", "45.000,00 €", "im Budget"]
    assert rows[1] == ["–", "Ohne Zuschuss", "", "unvollständig", "unvollständig: kein Zuschuss angegeben"]
    assert "davon im Budget vergeben 45.000,00 €" in ranking.summary.text()
    ranking.close()


def test_people_involved_and_attachments_of_a_project(qtbot, db, region, show_tab, monkeypatch, tmp_path):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    page = tab.panel.people_page
    tab.panel.show_page(page)
    dialog = page.people.new_record()
    type_into(qtbot, dialog.form.editor("contact_id"), "Mühle Huber GmbH")
    type_into(qtbot, dialog.form.editor("role"), "Planungsbüro")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert page.people.model.rowCount() == 1
    dialog = page.people.new_record()  # the same contact twice is refused beside the field
    type_into(qtbot, dialog.form.editor("contact_id"), "Mühle Huber GmbH")
    click(qtbot, dialog.save_button)
    assert dialog.form.error_text("contact_id") == "Dieser Kontakt ist schon am Projekt beteiligt."
    dialog.form.mark_clean()
    dialog.reject()

    application = tmp_path / "Förderantrag.pdf"
    application.write_bytes(b"%PDF-1.4 Antrag")
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *_args: application)
    click(qtbot, page.attachments.add_button)
    assert page.attachments.list.count() == 1
    assert page.attachments.list.item(0).text().startswith("Förderantrag.pdf")

    other = new_project(db, title="Anderes Projekt", call_id=region["call"])
    tab.reload()
    tab.select_id(other)  # another project: its own (empty) lists
    assert page.people.model.rowCount() == 0 and page.attachments.list.count() == 0
    click(qtbot, tab.new_button)  # a new, unsaved project lists nobody (not everyone's links)
    assert page.people.model.rowCount() == 0 and not page.people.isEnabled()


def test_funding_periods_and_their_rates_are_edited_in_the_program(qtbot, db, region, show_tab):
    tab = show_tab("projects")
    master = tab.show_periods()
    periods = master.panel("funding_periods")
    assert periods.model.rowCount() == 1
    periods.view.selectRow(0)
    rates = master.rates  # the rates of the chosen period, below it
    assert rates.model.rowCount() == 3  # produktiv, nicht produktiv, Kooperation
    dialog = rates.new_record()
    type_into(qtbot, dialog.form.editor("project_type"), "Kleinprojekt")
    type_into(qtbot, dialog.form.editor("rate_bp"), "80 %")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert rates.model.rowCount() == 4
    dialog = rates.new_record()
    type_into(qtbot, dialog.form.editor("project_type"), "Unsinn")
    type_into(qtbot, dialog.form.editor("rate_bp"), "120 %")
    click(qtbot, dialog.save_button)
    assert "zwischen 0 und 100" in dialog.form.error_text("rate_bp")
    dialog.form.mark_clean()
    dialog.reject()
    master.close()


def test_project_list_is_imported_through_the_dialog(qtbot, db, region, show_tab, tmp_path, monkeypatch):
    from openpyxl import Workbook

    existing = new_project(db, title="Dorfladen Testtal", call_id=region["call"])
    book = Workbook()
    sheet = book.active
    sheet.append(["Projektliste LAG Testtal"])
    sheet.append([])
    sheet.append(["Projekttitel", "Projektträger", "Gesamtkosten", "Fördersatz"])
    sheet.append(["Dorfladen Testtal", "Heimatverein Testtal e. V.", "80.000,00 €", "50 %"])
    sheet.append(["Mühlenweg", "Mühle Huber GmbH", 120000.5, 0.3])
    path = tmp_path / "projekte.xlsx"
    book.save(path)
    tab = show_tab("projects")
    dialog = tab.import_projects(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    rows = {r.number: r for r in dialog.preview.rows}
    assert rows[4].action == "skip" and rows[4].duplicates  # the Dorfladen is already there
    assert rows[5].action == "create"
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    titles = sorted(row.values[0] for row in ProjectService(db).rows())
    assert titles == ["Dorfladen Testtal", "Mühlenweg"]
    assert tab.model.total_count == 2
    mill = next(r.id for r in ProjectService(db).rows() if r.values[0] == "Mühlenweg")
    assert ProjectService(db).load(mill)["total_cost_gross_cents"] == 120_000_50
    assert existing in {r.id for r in ProjectService(db).rows()}
    from regiodesk.db.custody import list_backups

    assert [b.reason for b in list_backups(db.path)] == ["vor-import"]
