"""The search over everything in the window: Strg+K, type, Enter opens the record in its tab."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from ui_helpers import key_clicks

from regiodesk.services.agenda import AgendaService
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.projects import ProjectService
from regiodesk.services.search import SearchService
from regiodesk.ui.search import SearchResultsModel


def _search(qtbot, window, typed: str):
    """Strg+K as a user presses it, then the letters; waits until the hits are shown."""
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    field = window.search_field
    assert field.hasFocus()
    key_clicks(qtbot, field, typed)
    qtbot.waitUntil(lambda: field.popup.isVisible() and field.popup.results.rowCount() > 0, timeout=3000)
    return field


def test_strg_k_type_enter_opens_the_contact_in_its_tab(qtbot, db, window):
    contacts = ContactService(db)
    contacts.create({"kind": "person", "first_name": "Anna", "last_name": "Becker"})
    wanted = contacts.create({"kind": "person", "first_name": "Jörg", "last_name": "Müller"})
    assert window.current_tab().key == "overview"

    field = _search(qtbot, window, "mueller")
    assert field.popup.results.data(field.popup.results.index(0, 0)) == "Personen (1)"
    assert field.popup.current_hit().title == "Müller, Jörg"
    qtbot.keyClick(field, Qt.Key.Key_Return)

    tab = window.current_tab()
    assert tab.key == "contacts"
    assert tab.current_id == wanted and tab.selected_id() == wanted
    assert not field.popup.isVisible()


def test_arrow_keys_choose_among_the_groups_and_enter_opens_a_project(qtbot, db, window):
    BodyService(db).create({"name": "Arbeitsgruppe Dorfleben", "body_type": "arbeitsgruppe"})
    project = ProjectService(db).create({"title": "Dorfladen Weißenbrunn", "status": "idee"})

    field = _search(qtbot, window, "dorf")
    assert [field.popup.results.data(field.popup.results.index(r, 0)) for r in range(4)] == [
        "Gremien (1)",
        "Arbeitsgruppe Dorfleben",
        "Projekte (1)",
        "Dorfladen Weißenbrunn",
    ]
    assert field.popup.current_hit().kind == "body"
    qtbot.keyClick(field, Qt.Key.Key_Down)  # over the heading "Projekte (1)"
    assert field.popup.current_hit().record_id == project
    qtbot.keyClick(field, Qt.Key.Key_Down)  # stays on the last hit
    assert field.popup.current_hit().record_id == project
    qtbot.keyClick(field, Qt.Key.Key_Enter)
    assert window.current_tab().key == "projects"
    assert window.current_tab().current_id == project


def test_a_hidden_row_is_shown_and_an_agenda_item_selected_in_its_meeting(qtbot, db, window, show_tab):
    body = BodyService(db).create({"name": "LAG Obermain", "body_type": "lag"})
    meeting = MeetingService(db).create({"body_id": body, "starts_at": datetime(2026, 3, 9, 18, 30)})
    agenda = AgendaService(db)
    agenda.add(meeting, "Begrüßung")
    item = agenda.add(meeting, "Jahresbudget", "beschluss")
    meetings = show_tab("meetings")
    meetings.filter_edit.setText("nichts davon")  # the list shows no row
    show_tab("bodies")

    field = _search(qtbot, window, "jahresbud")
    qtbot.keyClick(field, Qt.Key.Key_Return)

    assert window.current_tab() is meetings
    assert meetings.current_id == meeting and meetings.selected_id() == meeting
    assert meetings.filter_edit.text() == ""  # lifted: it hid the record opened
    assert meetings.panel.agenda_page.selected_id() == item


def test_double_click_opens_and_escape_closes(qtbot, db, window):
    wanted = ContactService(db).create({"kind": "institution", "organisation": "Gemeinde Ahorn"})
    field = _search(qtbot, window, "ahorn")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not field.popup.isVisible() and field.text() == "ahorn"
    field.focus()  # Strg+K again: the hits come back
    assert field.popup.isVisible()
    view = field.popup
    rect = view.visualRect(view.results.index(1, 0))
    # a double click as the mouse sends it: press and release, then the second press
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_tab().key == "overview"  # one click only chooses
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_tab().key == "contacts"
    assert window.current_tab().current_id == wanted


def test_nothing_found_says_so(qtbot, db, window):
    field = _search(qtbot, window, "xyzzy")
    assert field.popup.results.data(field.popup.results.index(0, 0)) == "Nichts gefunden für „xyzzy“."
    qtbot.keyClick(field, Qt.Key.Key_Return)  # nothing to open: nothing happens
    assert window.current_tab().key == "overview"


def test_the_model_of_the_hits(qtmodeltester, db):
    contacts = ContactService(db)
    for n in range(7):
        contacts.create({"kind": "person", "last_name": f"Huber{n}"})
    model = SearchResultsModel()
    model.set_groups(SearchService(db).search("huber"), "huber")
    qtmodeltester.check(model)
    assert model.rowCount() == 6  # the heading and five hits
    assert model.data(model.index(0, 0)) == "Personen (7) – genauer tippen für die übrigen 2"
    assert model.hit_at(0) is None and model.hit_at(1).title.startswith("Huber")
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_a_written_procedure_opens_in_its_window_and_an_attachment_at_its_owner(qtbot, db, window):
    from datetime import date

    from regiodesk.services.attachments import AttachmentService
    from regiodesk.services.written_procedure import WrittenProcedureService

    body = BodyService(db).create({"name": "LAG Obermain", "body_type": "lag"})
    procedures = WrittenProcedureService(db)
    for subject in ("Jahresrechnung", "Eilantrag Spielplatz"):
        wanted = procedures.create(
            {
                "body_id": body,
                "subject": subject,
                "required_majority": "einfach",
                "started_on": date(2026, 4, 1),
                "deadline": date(2026, 4, 15),
            }
        )
    field = _search(qtbot, window, "spielpl")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    meetings = window.current_tab()
    assert meetings.key == "meetings"
    dialog = meetings.show_written_procedures()
    assert dialog.isVisible() and dialog.selected_id() == wanted
    dialog.close()

    project = ProjectService(db).create({"title": "Dorfladen", "status": "idee"})
    AttachmentService(db).add("project", project, "Kostenschaetzung.pdf", b"%PDF")
    field = _search(qtbot, window, "kostensch")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.current_tab().key == "projects" and window.current_tab().current_id == project


def test_an_event_a_consultation_and_press_work_open_in_their_windows(qtbot, db, window):
    from datetime import date

    from regiodesk.services.activities import ConsultationService, EventService
    from regiodesk.services.press_network import ActivityService

    event = EventService(db).create(
        {"kind": "exkursion", "title": "Exkursion Streuobstwiesen", "starts_at": datetime(2026, 9, 12, 9, 0)}
    )
    consultation = ConsultationService(db).create(
        {"held_on": date(2026, 2, 3), "topic": "Mitfahrbank", "project_idea": "Mitfahrbänke im Oberland"}
    )
    activity = ActivityService(db).create(
        {"kind": "artikel", "held_on": date(2026, 5, 6), "title": "Bericht Heckenpflanzung"}
    )

    field = _search(qtbot, window, "streuobst")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    events = window.tab("meetings").show_events()
    assert window.current_tab().key == "meetings"
    assert events.isVisible() and events.tab.current_id == event

    field = _search(qtbot, window, "mitfahrb")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    consultations = window.tab("projects").show_consultations()
    assert window.current_tab().key == "projects"
    assert consultations.isVisible() and consultations.selected_id() == consultation

    field = _search(qtbot, window, "heckenpfl")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    press = window.tab("projects").show_press_network()
    assert press.isVisible() and press.tab.current_id == activity
    for other in (events, consultations, press):
        other.close()
