"""Nothing typed is lost: leaving a record saves it, or refuses to leave and says why."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from ui_helpers import click, click_row, type_into

from regiodesk.db.models import AgendaItem, Indicator, Membership
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs


@pytest.fixture
def projects(db):
    service = ProjectService(db)
    return [service.create({"title": t, "status": "idee"}) for t in ("Anbau Bürgerhaus", "Dorfladen")]


def test_a_date_that_does_not_exist_is_refused_and_nothing_lost(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("notes"), "Förderantrag bis März")
    type_into(qtbot, tab.form.editor("starts_on"), "31.02.2026")
    click(qtbot, tab.save_button)
    assert tab.form.error_text("starts_on") == "Den 31.02.2026 gibt es nicht."
    assert tab.form.editor("starts_on").text() == "31.02.2026"
    assert tab.form.editor("notes").toPlainText() == "Förderantrag bis März"
    assert ProjectService(db).load(projects[0])["notes"] == ""


def test_a_program_error_while_saving_is_said_plainly_and_nothing_typed_is_lost(
    qtbot, db, projects, window, show_tab, monkeypatch, caplog
):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("notes"), "Förderantrag bis März")

    def broken(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    working = tab.service.update
    monkeypatch.setattr(tab.service, "update", broken)
    click(qtbot, tab.save_button)
    assert "Programmfehlers fehlgeschlagen" in tab.form.general_error.text()
    assert tab.form.editor("notes").toPlainText() == "Förderantrag bis März"
    assert tab.form.is_dirty()
    assert "simulated bug" in caplog.text  # logged for the developers
    assert ProjectService(db).load(projects[0])["notes"] == ""
    monkeypatch.setattr(tab.service, "update", working)
    click(qtbot, tab.save_button)  # once it works again the same input is stored
    assert ProjectService(db).load(projects[0])["notes"] == "Förderantrag bis März"


def test_an_end_before_the_start_is_refused_beside_the_end(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("starts_on"), "01.06.2026")
    type_into(qtbot, tab.form.editor("ends_on"), "01.05.2026")
    click(qtbot, tab.save_button)
    assert tab.form.error_text("ends_on") == "Das Projektende liegt vor dem Beginn."
    assert tab.form.editor("ends_on").text() == "01.05.2026"
    assert ProjectService(db).load(projects[0])["ends_on"] is None


def test_a_meeting_ending_before_it_starts_is_refused(qtbot, db, window, show_tab):
    body = BodyService(db).create({"name": "LAG"})
    MeetingService(db).create({"body_id": body, "starts_at": datetime(2026, 3, 4, 18), "state": "geplant"})
    tab = show_tab("meetings")
    type_into(qtbot, tab.form.editor("ends_at"), "4.3.2026 17:00")
    click(qtbot, tab.save_button)
    assert tab.form.error_text("ends_at") == "Das Ende der Sitzung liegt vor ihrem Beginn."
    assert tab.form.editor("ends_at").text() == "04.03.2026 17:00"  # tidied, not lost


def test_parse_and_rule_errors_are_shown_together(qtbot, window, show_tab):
    tab = show_tab("projects")
    click(qtbot, tab.new_button)
    type_into(qtbot, tab.form.editor("starts_on"), "31.02.2026")
    click(qtbot, tab.save_button)
    assert tab.form.error_text("starts_on") == "Den 31.02.2026 gibt es nicht."
    assert tab.form.error_text("title") == "„Titel“ muss ausgefüllt sein."


def test_selecting_another_row_saves_valid_edits(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("notes"), "Gespräch mit dem Bürgermeister")
    click_row(qtbot, tab, tab.model.row_of(projects[1]))
    qtbot.waitUntil(lambda: tab.current_id == projects[1])
    assert ProjectService(db).load(projects[0])["notes"] == "Gespräch mit dem Bürgermeister"
    assert tab.selected_id() == projects[1]
    assert not tab.form.is_dirty()


def test_selecting_another_row_with_invalid_edits_stays(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("title"), "")
    type_into(qtbot, tab.form.editor("notes"), "nicht verlieren")
    click_row(qtbot, tab, tab.model.row_of(projects[1]))
    qtbot.wait(50)  # the decision is taken once the click is done
    assert tab.current_id == projects[0]
    assert tab.selected_id() == projects[0]
    assert tab.form.error_text("title") == "„Titel“ muss ausgefüllt sein."
    assert tab.form.editor("notes").toPlainText() == "nicht verlieren"
    # The keyboard is refused the same way.
    tab.view.setFocus()
    tab.view.selectRow(tab.model.row_of(projects[1]))
    qtbot.waitUntil(lambda: tab.selected_id() == projects[0])
    assert tab.current_id == projects[0]


def test_a_new_record_is_saved_when_the_user_moves_on(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    window.new_action.trigger()  # Ctrl+N
    type_into(qtbot, tab.form.editor("title"), "Zeltplatz am See")
    click_row(qtbot, tab, 0)
    qtbot.waitUntil(lambda: tab.model.total_count == 3)
    assert "Zeltplatz am See" in [r.values[0] for r in ProjectService(db).rows()]


def test_switching_tabs_saves_or_stays(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("notes"), "beim Tabwechsel gespeichert")
    show_tab("contacts")
    assert ProjectService(db).load(projects[0])["notes"] == "beim Tabwechsel gespeichert"
    show_tab("projects")
    type_into(qtbot, tab.form.editor("title"), "")
    window.show_tab("contacts")
    qtbot.waitUntil(lambda: window.current_tab() is tab)
    assert tab.form.error_text("title") == "„Titel“ muss ausgefüllt sein."


def test_saving_keeps_the_record_selected_and_clears_a_hiding_filter(qtbot, db, projects, window, show_tab):
    tab = show_tab("projects")
    qtbot.keyClicks(tab.filter_edit, "dorf")
    click(qtbot, tab.new_button)
    type_into(qtbot, tab.form.editor("title"), "Mitfahrbänke")
    window.save_action.trigger()  # Ctrl+S
    assert tab.filter_edit.text() == ""
    assert tab.selected_id() == tab.current_id
    assert tab.model.data(tab.model.index(tab.model.row_of(tab.current_id), 0)) == "Mitfahrbänke"


def test_discard_returns_to_the_stored_values_after_asking(
    qtbot, db, projects, window, show_tab, monkeypatch
):
    tab = show_tab("projects")
    tab.select_id(projects[0])
    type_into(qtbot, tab.form.editor("title"), "Versehen")
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: False)
    click(qtbot, tab.discard_button)
    assert tab.form.editor("title").text() == "Versehen"
    monkeypatch.setattr(dialogs, "confirm", lambda *args, **kwargs: True)
    click(qtbot, tab.discard_button)
    assert tab.form.editor("title").text() == "Anbau Bürgerhaus"
    assert not tab.form.is_dirty()


def test_history_shows_an_edit_with_old_and_new_value(qtbot, db, window, show_tab, qtmodeltester):
    service = ProjectService(db)
    project = service.create({"title": "Dorfladen", "status": "idee", "starts_on": date(2026, 4, 1)})
    tab = show_tab("projects")
    tab.select_id(project)
    type_into(qtbot, tab.form.editor("starts_on"), "15.4.2026")
    tab.form.editor("cooperation").setChecked(True)
    click(qtbot, tab.save_button)
    dialog = tab.show_history()
    assert dialog is not None and dialog.isVisible()
    qtmodeltester.check(dialog.model)
    rows = [dialog.model.row_texts(r) for r in range(dialog.model.rowCount())]
    assert ("Projekt", "geändert", "Beginn", "01.04.2026", "15.04.2026") in [r[2:] for r in rows]
    assert ("Projekt", "geändert", "Kooperationsprojekt", "nein", "ja") in [r[2:] for r in rows]
    assert ("Projekt", "angelegt", "Status", "", "Idee") in [r[2:] for r in rows]
    assert all(r[1] == "Gerät test-dev" for r in rows)  # a device never met through sync
    dialog.close()


def test_members_agenda_and_indicator_panels(qtbot, db, window, show_tab, qtmodeltester):
    contacts = ContactService(db)
    anna = contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Weiß"})
    body = BodyService(db).create({"name": "LAG"})
    meeting = MeetingService(db).create(
        {"body_id": body, "starts_at": datetime(2026, 3, 4, 18), "state": "geplant"}
    )
    field = ActionFieldService(db).create({"code": "HF1", "name": "Dörfer"})
    with db.transaction() as session:
        session.add(Membership(body_id=body, contact_id=anna, role="vorsitz", starts_on=date(2024, 1, 1)))
        session.add(AgendaItem(meeting_id=meeting, number="1", position=1, title="Begrüßung"))
        session.add(Indicator(action_field_id=field, name="Dorfläden", unit="Anzahl"))

    panel = show_tab("bodies").panel
    qtmodeltester.check(panel.model)
    assert [panel.model.data(panel.model.index(0, c)) for c in range(3)] == ["Anna Weiß", "Vorsitz", "ja"]
    assert panel.model.data(panel.model.index(0, 6)) == "01.01.2024"

    panel = show_tab("meetings").panel
    qtmodeltester.check(panel.model)
    assert [panel.model.data(panel.model.index(0, c)) for c in range(2)] == ["1", "Begrüßung"]

    indicators = show_tab("monitoring").panel.indicators
    qtmodeltester.check(indicators.model)
    assert [indicators.model.data(indicators.model.index(0, c)) for c in (0, 1, 2)] == [
        "HF1 Dörfer",
        "Dorfläden",
        "Anzahl",
    ]

    tab = window.tab("monitoring")
    click(qtbot, tab.new_button)  # a new Handlungsfeld has no indicators until it is saved
    assert indicators.model.rowCount() == 0 and not indicators.isEnabled()


def test_a_new_body_appears_in_the_meeting_form_without_restart(qtbot, db, window, show_tab):
    bodies = show_tab("bodies")
    click(qtbot, bodies.new_button)
    type_into(qtbot, bodies.form.editor("name"), "Lenkungsgruppe")
    click(qtbot, bodies.save_button)
    meetings = show_tab("meetings")
    click(qtbot, meetings.new_button)
    combo = meetings.form.editor("body_id")
    assert combo.findText("Lenkungsgruppe") > 0


def test_history_of_a_contact_reads_german_and_hides_link_ids(qtbot, db, window, show_tab):
    service = ContactService(db)
    contact = service.create(
        {"kind": "person", "last_name": "Weiß", "city": "Coburg", "email": "w@example.org"}
    )
    tab = show_tab("contacts")
    tab.select_id(contact)
    type_into(qtbot, tab.form.editor("city"), "Bamberg")
    click(qtbot, tab.save_button)
    dialog = tab.show_history()
    rows = [dialog.model.row_texts(r)[2:] for r in range(dialog.model.rowCount())]
    assert ("Adresse", "geändert", "Ort", "Coburg", "Bamberg") in rows
    assert ("Adresse", "angelegt", "Land", "", "Deutschland") in rows
    assert not any(field.endswith("_id") for _record, _action, field, _old, _new in rows)
    dialog.close()
