"""Strg+Z and Strg+Umschalt+Z take back every change a user makes in the window, not only the
saves of forms: members, agenda, attendance, votes, scoring, payments, status steps, tags,
consents, the Stammdaten, the region's settings and imports (ui.undo_report.undoable)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from contact_helpers import person
from openpyxl import Workbook
from project_helpers import make_region, new_project
from PySide6.QtCore import Qt
from ui_helpers import click, type_into

from regiodesk.fields.tables import REGION
from regiodesk.i18n import format_date
from regiodesk.services.agenda import AgendaService
from regiodesk.services.conduct import MeetingConduct
from regiodesk.services.contact_details import contact_tags, set_contact_tags
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ConsentService
from regiodesk.services.memberships import MembershipService
from regiodesk.services.payments import PaymentService
from regiodesk.services.project_pipeline import ProjectPipeline
from regiodesk.services.projects import ProjectService
from regiodesk.services.region import RegionService, settings_id
from regiodesk.services.selection import ScoringService
from regiodesk.ui import dialogs
from regiodesk.ui.meetings.attendance import STATUS
from regiodesk.ui.operations import wait_for_operations


def undo_text(window) -> str:
    return window.undo.undo_action.text().replace("&", "")


def undo(window) -> None:
    """Strg+Z as a user presses it in the main window, until what it shows again is there (a long
    list, the contacts, is read again in the background)."""
    window.activateWindow()
    window.undo.undo_action.trigger()
    wait_for_operations()


def redo(window) -> None:
    window.undo.redo_action.trigger()
    wait_for_operations()


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kwargs: True)


# ------------------------------------------------------------------------------ Gremien
def test_removing_a_member_is_undone_and_redone(qtbot, lag, window, show_tab, yes):
    db = lag["db"]
    tab = show_tab("bodies")
    assert tab.select_id(lag["body"])
    panel = tab.panel
    members = MembershipService(db, lag["body"])
    before = len(members.rows())
    gone = panel.model.id_at(0)
    panel.select(gone)
    panel.remove_membership()
    assert len(members.rows()) == before - 1
    assert undo_text(window).startswith("Rückgängig: Mitglied „")

    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert len(members.rows()) == before
    assert panel.model.row_of(gone) is not None  # the panel shows the member again
    redo(window)
    assert len(members.rows()) == before - 1
    assert panel.model.row_of(gone) is None


# ------------------------------------------------------------------------------ Sitzungen
@pytest.fixture
def meeting(lag, window, show_tab):
    tab = show_tab("meetings")
    assert tab.select_id(lag["meeting"])
    return tab.panel


def agenda_titles(lag) -> list[tuple[str, str]]:
    return [(row.number, row.title) for row in AgendaService(lag["db"]).items(lag["meeting"])]


def test_agenda_items_added_moved_and_removed_are_undone_and_redone(qtbot, lag, meeting, window, yes):
    page = meeting.agenda_page
    meeting.show_page(page)
    original = agenda_titles(lag)
    dialog = page.new_item()
    type_into(qtbot, dialog.form.editor("title"), "Verschiedenes")
    click(qtbot, dialog.save_button)
    assert agenda_titles(lag)[-1] == ("4", "Verschiedenes")
    assert undo_text(window) == "Rückgängig: TOP hinzufügen"
    page.select(lag["items"]["budget"])
    page.move_selected(-1)
    moved = agenda_titles(lag)
    assert moved[1] == ("2", "Jahresbudget")
    assert undo_text(window) == "Rückgängig: TOP verschieben"
    page.select(lag["items"]["welcome"])
    page.remove_selected()
    assert ("1", "Begrüßung") not in agenda_titles(lag)
    assert undo_text(window) == "Rückgängig: TOP 1 entfernen"

    undo(window)
    assert agenda_titles(lag) == moved
    assert [page.model.data(page.model.index(r, 1)).strip() for r in range(2)] == [
        "Begrüßung",
        "Jahresbudget",
    ]
    undo(window)
    assert agenda_titles(lag)[:3] == original
    undo(window)
    assert agenda_titles(lag) == original
    redo(window)
    redo(window)
    assert agenda_titles(lag) == moved


def test_attendance_for_all_is_one_step_undone_and_redone(qtbot, lag, meeting, window):
    page = meeting.attendance_page
    meeting.show_page(page)
    conduct = MeetingConduct(lag["db"])

    def statuses() -> dict[str, str | None]:
        return {r.contact_id: r.status for r in conduct.attendance(lag["meeting"])}

    before = statuses()
    click(qtbot, page.all_present_button)
    after = statuses()
    assert after[lag["m0"]] == after[lag["m9"]] == "anwesend" and after != before
    assert undo_text(window) == "Rückgängig: Anwesenheit erfassen"

    undo(window)

    assert statuses() == before
    assert page.editor(lag["m0"], STATUS).currentText() == "– nicht erfasst –"
    assert not window.undo.undo_action.isEnabled()  # one step for all the rows
    redo(window)
    assert statuses() == after
    assert page.editor(lag["m0"], STATUS).currentText() == "anwesend"


def test_a_recorded_vote_is_undone_with_the_project_status_and_redone(qtbot, lag, meeting, window, yes):
    db, items = lag["db"], lag["items"]
    meeting.show_page(meeting.attendance_page)
    click(qtbot, meeting.attendance_page.all_present_button)
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(items["select"])
    for spin, value in ((votes.yes_spin, 7), (votes.no_spin, 2), (votes.abstain_spin, 1)):
        spin.setValue(value)
    click(qtbot, votes.save_button)
    vote = MeetingConduct(db).current_vote(items["select"])
    assert (vote.yes, vote.no, vote.abstain) == (7, 2, 1)
    assert ProjectService(db).load(lag["project"])["status"] == "ausgewaehlt"
    assert undo_text(window) == "Rückgängig: Abstimmung erfassen"

    undo(window)

    assert MeetingConduct(db).current_vote(items["select"]) is None
    assert ProjectService(db).load(lag["project"])["status"] == "in_beratung"
    redo(window)
    vote = MeetingConduct(db).current_vote(items["select"])
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (7, 2, 1, "angenommen")
    assert ProjectService(db).load(lag["project"])["status"] == "ausgewaehlt"


def test_a_declared_conflict_of_interest_is_undone(qtbot, lag, meeting, window):
    votes = meeting.votes_page
    meeting.show_page(votes)
    votes.select_item(lag["items"]["select"])
    votes.person_combo.setCurrentIndex(votes.person_combo.findData(lag["m4"]))
    type_into(qtbot, votes.reason_edit, "Vorstand des Trägervereins")
    click(qtbot, votes.declare_button)
    conduct = MeetingConduct(lag["db"])
    assert [c.contact_id for c in conduct.conflicts(lag["items"]["select"])] == [lag["m4"]]
    assert undo_text(window) == "Rückgängig: Interessenkonflikt erfassen"

    undo(window)

    assert conduct.conflicts(lag["items"]["select"]) == []
    redo(window)
    assert [c.contact_id for c in conduct.conflicts(lag["items"]["select"])] == [lag["m4"]]


# ------------------------------------------------------------------------------ Projekte
@pytest.fixture
def region(db):
    return make_region(db)


def open_project(show_tab, project_id):
    tab = show_tab("projects")
    assert tab.select_id(project_id)
    return tab


def test_scoring_a_project_is_undone_and_redone(qtbot, db, region, window, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    page = tab.panel.scoring_page
    tab.panel.show_page(page)
    for criterion, points in zip(region["criteria"], (3, 2, 3, 2), strict=True):
        page.set_entry(criterion, points, "begründet")
    click(qtbot, page.save_button)
    assert ScoringService(db).sheet(project).result.total == 10
    assert undo_text(window) == "Rückgängig: Projekt bewerten"

    undo(window)

    assert ScoringService(db).sheet(project).result.total == 0
    assert "Summe: 0 von 12 Punkten" in page.total.text()
    redo(window)
    assert ScoringService(db).sheet(project).result.total == 10


def test_a_removed_payment_comes_back_with_its_amount(qtbot, db, region, window, show_tab, yes):
    project = new_project(
        db,
        call_id=region["call"],
        project_type="nicht produktiv",
        eligible_cost_cents=80_000_00,
        total_cost_gross_cents=80_000_00,
        funding_rate_bp=5000,
        grant_cents=40_000_00,
    )
    pipeline = ProjectPipeline(db)
    start = date.today() - timedelta(days=60)
    for n, status in enumerate(("in_beratung", "ausgewaehlt", "antrag_gestellt", "bewilligt")):
        pipeline.change_status(project, status, start + timedelta(days=7 * n))
    PaymentService(db).add(project, date.today() - timedelta(days=2), 12_345_67)
    tab = open_project(show_tab, project)
    page = tab.panel.payments_page
    tab.panel.show_page(page)
    page.view.selectRow(0)
    assert page.remove_payment()
    assert PaymentService(db).payments(project) == []
    assert undo_text(window) == "Rückgängig: Auszahlung über 12.345,67 € entfernen"

    undo(window)

    [payment] = PaymentService(db).payments(project)
    assert (payment.amount_cents, payment.paid_on) == (12_345_67, date.today() - timedelta(days=2))
    assert page.model.rowCount() == 1 and "12.345,67 €" in page.summary.text()
    redo(window)
    assert PaymentService(db).payments(project) == []


def test_a_status_step_is_undone_and_redone(qtbot, db, region, window, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = open_project(show_tab, project)
    page = tab.panel.status_page
    type_into(qtbot, page.date_edit, format_date(date.today()))
    click(qtbot, page.change_button)
    assert ProjectService(db).load(project)["status"] == "in_beratung"
    assert undo_text(window) == "Rückgängig: Status „in Beratung“ setzen"

    undo(window)

    assert ProjectService(db).load(project)["status"] == "idee"
    assert page.current.text() == "Status: Idee"
    assert tab.form.editor("status").currentData() == "idee"
    redo(window)
    assert ProjectService(db).load(project)["status"] == "in_beratung"
    assert page.current.text() == "Status: in Beratung"


# ------------------------------------------------------------------------------ Kontakte
def test_a_tag_added_and_one_removed_are_undone_and_redone(qtbot, db, window, show_tab):
    clara = person(db, "Clara", "Christ")
    set_contact_tags(db, clara, ["Presse"])
    tab = show_tab("contacts")
    tab.select_id(clara)
    page = tab.panel.select_page("Schlagwörter")
    type_into(qtbot, page.choice, "Ehrenamt")
    assert page.add_tag()
    assert contact_tags(db, clara) == ["Ehrenamt", "Presse"]
    assert undo_text(window) == "Rückgängig: Schlagwort „Ehrenamt“ hinzufügen"
    page.list.setCurrentRow(page.tags().index("Presse"))
    assert page.remove_tag()
    assert contact_tags(db, clara) == ["Ehrenamt"]
    assert undo_text(window) == "Rückgängig: Schlagwort „Presse“ entfernen"

    undo(window)
    assert contact_tags(db, clara) == ["Ehrenamt", "Presse"]
    assert page.tags() == ["Ehrenamt", "Presse"]
    undo(window)
    assert contact_tags(db, clara) == ["Presse"]
    assert page.tags() == ["Presse"]
    offered = [tab.filter_bar.tag.itemText(n) for n in range(tab.filter_bar.tag.count())]
    assert "Ehrenamt" not in offered  # the new tag is gone from the filter too
    redo(window)
    assert contact_tags(db, clara) == ["Ehrenamt", "Presse"]


def test_a_withdrawn_consent_is_valid_again_after_undo(qtbot, db, window, show_tab, yes):
    anna = person(db, "Anna", "Albrecht", email="anna@example.org")
    consent = ConsentService(db, anna).create(
        {"purpose": "Fotos", "given_on": date.today() - timedelta(days=3)}
    )
    tab = show_tab("contacts")
    tab.select_id(anna)
    page = tab.panel.select_page("Einwilligungen")
    page.consents.view.selectRow(0)
    click(qtbot, page.withdraw_button)
    assert not ConsentService(db).has_valid(anna, "Fotos")
    assert undo_text(window).startswith("Rückgängig: Einwilligung „")

    undo(window)

    assert ConsentService(db).has_valid(anna, "Fotos")
    assert ConsentService(db).load(consent)["withdrawn_on"] is None
    redo(window)
    assert ConsentService(db).load(consent)["withdrawn_on"] == date.today()


def test_an_import_is_one_step_and_its_contacts_disappear_again(
    qtbot, db, window, show_tab, tmp_path, monkeypatch
):
    anna = person(db, "Anna", "Albrecht", email="anna@example.org")
    book = Workbook()
    sheet = book.active
    sheet.append(["Vorname", "Nachname", "E-Mail"])
    for n in range(120):
        sheet.append([f"Vor{n}", f"Nach{n:03d}", f"p{n}@example.org"])
    path = tmp_path / "adressen.xlsx"
    book.save(path)
    tab = show_tab("contacts")
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    infos = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=10000)
    wait_for_operations()
    assert len(ContactService(db).rows()) == 121 and tab.model.total_count == 121
    assert undo_text(window) == "Rückgängig: Import von 120 Kontakten"

    undo(window)

    assert [r.id for r in ContactService(db).rows()] == [anna]
    assert tab.model.total_count == 1
    redo(window)
    assert len(ContactService(db).rows()) == 121 and tab.model.total_count == 121
    assert window.undo.undo_action.text().replace("&", "") == "Rückgängig: Import von 120 Kontakten"


# ------------------------------------------------------------------------------ Stammdaten, Einstellungen
def test_a_catalogue_entry_deactivated_in_the_stammdaten_is_undone_in_the_main_window(
    qtbot, lag, window, monkeypatch
):
    master = window.show_master_data("interest_groups")
    panel = master.panel("interest_groups")
    panel.view.selectRow(0)
    group = panel.selected_id()
    assert panel.toggle_active(group)
    assert not panel.service.is_active(group)
    assert undo_text(window).startswith("Rückgängig: „") and undo_text(window).endswith("“ deaktivieren")
    assert window.undo.undo_action in master.actions()  # Strg+Z works in the Stammdaten too

    undo(window)

    assert panel.service.is_active(group)
    assert panel.selected_id() == group
    redo(window)
    assert not panel.service.is_active(group)
    # an entry created in the Stammdaten goes on the stack too
    count = panel.model.rowCount()
    dialog = panel.new_record()
    type_into(qtbot, dialog.form.editor("name"), "Jugend")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert panel.model.rowCount() == count + 1
    undo(window)
    assert panel.model.rowCount() == count
    master.close()


def test_a_save_of_the_region_settings_is_undone_and_redone(qtbot, db, region, window):
    record_id = settings_id(db)
    dialog = window.region.show_settings()
    type_into(qtbot, dialog.forms[REGION].editor("name"), "LEADER-Region Neutal")
    assert dialog.save()
    assert RegionService(db).load(record_id)["name"] == "LEADER-Region Neutal"
    assert undo_text(window) == "Rückgängig: Einstellungen der Region ändern"

    undo(window)

    assert RegionService(db).load(record_id)["name"] == "LEADER-Region Testtal"
    assert "Testtal" in window.windowTitle()
    redo(window)
    assert RegionService(db).load(record_id)["name"] == "LEADER-Region Neutal"


def test_undo_of_a_tag_is_refused_in_german_when_another_laptop_changed_the_contact_since(
    qtbot, db, window, show_tab, monkeypatch
):
    from regiodesk.db.models import ChangeLogEntry, ContactTag

    clara = person(db, "Clara", "Christ")
    tab = show_tab("contacts")
    tab.select_id(clara)
    page = tab.panel.select_page("Schlagwörter")
    type_into(qtbot, page.choice, "Ehrenamt")
    assert page.add_tag()
    with db.transaction() as session:  # as a sync writes another laptop's removal and re-adding
        link = session.query(ContactTag).filter_by(contact_id=clara).one()
        link.deleted_at = link.created_at
        session.flush()
        link.deleted_at = None
        session.flush()
        logged = session.query(ChangeLogEntry).filter(ChangeLogEntry.row_id == link.id)
        logged.filter(ChangeLogEntry.operation != "insert").update({"device_id": "other-device"})
    errors = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, title, text: errors.append((title, text)))

    undo(window)

    assert errors and errors[0][0] == "Rückgängig"
    assert "inzwischen geändert" in errors[0][1]
    assert contact_tags(db, clara) == ["Ehrenamt"]  # nothing was overwritten
    assert not window.undo.undo_action.isEnabled()  # the step can never succeed: it left the stack


def test_the_setup_of_the_region_is_undone_and_redone(qtbot, db, window):
    wizard = window.region.offer_setup()
    wizard.region.name.setText("LEADER-Region Auental")
    assert wizard.save(), wizard.starter.error.text()
    wizard.close()
    assert settings_id(db) is not None
    assert undo_text(window) == "Rückgängig: Region einrichten"

    undo(window)

    assert settings_id(db) is None
    redo(window)
    assert RegionService(db).load(settings_id(db))["name"] == "LEADER-Region Auental"


# ------------------------------------------------------------------------------ Extras windows
def test_an_event_created_in_its_own_window_is_undone_there_and_with_strg_z_of_that_window(
    qtbot, db, window, show_tab
):
    from regiodesk.services.activities import EventService

    meetings = show_tab("meetings")
    events_window = meetings.show_events()
    events = events_window.tab
    click(qtbot, events.new_button)
    type_into(qtbot, events.form.editor("title"), "Projektbörse Herbst")
    type_into(qtbot, events.form.editor("starts_at"), "22.10.2026 18:30")
    click(qtbot, events.save_button)
    assert [r.values[2] for r in EventService(db).rows()] == ["Projektbörse Herbst"]
    assert undo_text(window) == "Rückgängig: Veranstaltung anlegen"
    assert window.undo.undo_action in events_window.actions()  # Strg+Z works in this window too

    undo(window)

    assert EventService(db).rows() == []
    assert events.model.rowCount() == 0  # the window's list follows
    redo(window)
    assert [r.values[2] for r in EventService(db).rows()] == ["Projektbörse Herbst"]
    assert events.model.rowCount() == 1
    events_window.reject()
