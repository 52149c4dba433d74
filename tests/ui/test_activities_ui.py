"""Consultations from a project (Projekte → Beratungen) and events from the Sitzungen tab, as the
office records them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from project_helpers import make_region, new_project
from ui_helpers import click, type_into

from regiodesk.i18n import format_date
from regiodesk.services.activities import ConsultationService, EventParticipantService, EventService
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.widgets import page_in


@pytest.fixture
def region(db):
    return make_region(db)


@pytest.fixture
def eva(db):
    return ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})


def test_recording_a_consultation_from_a_project(qtbot, db, region, eva, show_tab):
    project = new_project(db, title="Dorfladen Testtal", call_id=region["call"])
    tab = show_tab("projects")
    assert tab.select_id(project)
    dialog = tab.record_consultation()
    page = tab.panel.consultations_page
    assert page_in(tab.panel.tabs.currentWidget()) is page  # the project's consultations are shown
    assert page.list.new_button.text() == "Beratung erfassen …"
    assert dialog.form.editors["project_id"].value() == project
    type_into(qtbot, dialog.form.editor("topic"), "Kostenschätzung")
    type_into(qtbot, dialog.form.editor("contact_1"), "Huber, Eva")
    type_into(qtbot, dialog.form.editor("duration_minutes"), "45")
    follow_up = date.today() + timedelta(days=10)
    type_into(qtbot, dialog.form.editor("follow_up_on"), format_date(follow_up))
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()

    [row] = ConsultationService(db, project).rows()
    assert len(page.service.columns) == 5  # the project's own list has no project column
    assert row.values[1:5] == ("Kostenschätzung", "Dorfladen Testtal", "Eva Huber", 45)
    assert page.list.model.rowCount() == 1
    # the follow-up is a deadline now: the banner above the project list counts it
    assert "in den nächsten 8 Wochen fällig" in tab.deadline_banner.text()


def test_a_consultation_the_rules_refuse_keeps_the_dialog_open_with_the_reason(qtbot, db, region, show_tab):
    project = new_project(db, call_id=region["call"])
    tab = show_tab("projects")
    tab.select_id(project)
    dialog = tab.record_consultation()
    type_into(qtbot, dialog.form.editor("topic"), "Erstgespräch")
    type_into(qtbot, dialog.form.editor("follow_up_on"), format_date(date.today() - timedelta(days=1)))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.form.error_text("follow_up_on") == "Die Wiedervorlage liegt vor dem Gespräch."
    assert ConsultationService(db).rows() == []
    dialog.form.mark_clean()
    dialog.reject()


def test_all_consultations_include_ideas_without_a_project(qtbot, db, region, show_tab):
    ConsultationService(db).create(
        {"held_on": date(2026, 3, 2), "topic": "Anfrage", "project_idea": "Mitfahrbank-Netz"}
    )
    tab = show_tab("projects")
    window = tab.show_consultations()
    assert window.model.rowCount() == 1
    assert window.model.data(window.model.index(0, 2)) == "Idee: Mitfahrbank-Netz"
    window.close()


def test_an_event_from_the_sitzungen_tab_with_registration_walk_in_and_attendance(
    qtbot, db, eva, show_tab, monkeypatch
):
    meetings = show_tab("meetings")
    click(qtbot, meetings.panel.events_button)
    window = meetings.show_events()
    assert window.isVisible() and meetings.show_events() is window  # one window
    events = window.tab
    click(qtbot, events.new_button)
    type_into(qtbot, events.form.editor("title"), "Projektbörse Herbst")
    type_into(qtbot, events.form.editor("starts_at"), "22.10.2026 18:30")
    type_into(qtbot, events.form.editor("location"), "Bürgerhaus")
    click(qtbot, events.save_button)
    [event] = EventService(db).rows()
    assert event.values[2] == "Projektbörse Herbst"
    panel = events.panel

    dialog = panel.participants.new_record()
    type_into(qtbot, dialog.form.editor("contact_id"), "Huber, Eva")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    dialog = panel.add_walk_in()
    type_into(qtbot, dialog.form.editor("name"), "Gerda Gast")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.form.general_error.text()
    assert panel.participants.model.rowCount() == 2
    assert "Teilnehmende: 1" in panel.numbers.text() and "1 angemeldet" in panel.numbers.text()

    panel.participants.view.selectRow(1)  # Eva Huber (Gast sorts before Huber)
    click(qtbot, panel.attended_button)
    assert "Teilnehmende: 2" in panel.numbers.text()
    assert events.model.data(events.model.index(0, 5)) == "2"  # the list's numbers follow

    # a head count entered in the form is the total; a part above it is refused beside the field
    type_into(qtbot, events.form.editor("participants_total"), "30")
    type_into(qtbot, events.form.editor("participants_female"), "31")
    click(qtbot, events.save_button)
    assert "größer als die Teilnehmendenzahl" in events.form.error_text("participants_female")
    # closing with the refused edit keeps the window open; nothing typed is lost
    window.reject()
    assert window.isVisible()
    type_into(qtbot, events.form.editor("participants_female"), "16")
    window.reject()
    assert not window.isVisible()
    assert EventService(db).numbers(event.id).total == 30
    assert [p.attended for p in EventService(db).participants(event.id)] == [True, True]

    saved = []
    monkeypatch.setattr("regiodesk.ui.activities.events.save_document", lambda *a, **k: saved.append(a[2]))
    window = meetings.show_events()
    assert window.tab.select_id(event.id)
    window.tab.print_document()
    assert saved and saved[0].startswith("Teilnehmerliste_Projektbörse-Herbst")
    window.reject()


def test_the_e_mail_button_says_when_nobody_can_be_written_to(qtbot, db, eva, show_tab, monkeypatch):
    event = EventService(db).create({"kind": "workshop", "title": "Workshop", "starts_at": _noon()})
    EventParticipantService(db, event).register(eva)  # Eva has no e-mail address
    shown = []
    monkeypatch.setattr(dialogs, "show_info", lambda _parent, _title, text: shown.append(text))
    window = show_tab("meetings").show_events()
    window.tab.select_id(event)
    assert not window.tab.write_email()
    assert "Niemand der Angemeldeten" in shown[0] and "Eva Huber (keine E-Mail-Adresse)" in shown[0]
    window.reject()


def _noon() -> datetime:
    return datetime(2026, 11, 5, 12, 0)


def test_the_events_window_answers_the_usual_keys(qtbot, db, show_tab):
    from PySide6.QtCore import Qt

    window = show_tab("meetings").show_events()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.tab.is_new and window.tab.heading.text() == "Neuer Eintrag – noch nicht gespeichert"
    type_into(qtbot, window.tab.form.editor("title"), "Schulung Vergabe")
    type_into(qtbot, window.tab.form.editor("starts_at"), "03.02.2027 18:00")
    qtbot.keyClick(window.tab.form.editor("title"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [r.values[2] for r in EventService(db).rows()] == ["Schulung Vergabe"]
    assert window.tab.panel.attachments.isEnabled()  # photos and documents can be attached now
    window.reject()
