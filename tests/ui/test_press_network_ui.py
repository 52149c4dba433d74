"""Presse- und Netzwerkarbeit from Extras, and the Chronik of a contact and a project (issue 22)."""

from __future__ import annotations

from datetime import date

from project_helpers import make_region, new_project
from ui_helpers import click, type_into

from regiodesk.services.activities import ConsultationService
from regiodesk.services.attachments import AttachmentService
from regiodesk.services.contacts import ContactService
from regiodesk.services.press_network import ActivityService
from regiodesk.ui import dialogs
from regiodesk.ui.widgets import page_in


def test_entering_an_article_with_its_clipping(qtbot, db, show_tab, tmp_path, monkeypatch):
    project = new_project(db, title="Radweg Mühlbach", call_id=make_region(db)["call"])
    window = show_tab("projects").show_press_network()
    assert window.isVisible() and show_tab("projects").show_press_network() is window  # one window
    tab = window.tab
    click(qtbot, tab.new_button)
    tab.form.editors["kind"].set_value("artikel")
    type_into(qtbot, tab.form.editor("title"), "Radweg kommt")
    type_into(qtbot, tab.form.editor("medium"), "Fränkischer Tag")
    type_into(qtbot, tab.form.editor("link"), "fraenkischer-tag.de/radweg")
    type_into(qtbot, tab.form.editor("project_id"), "Radweg Mühlbach")
    click(qtbot, tab.save_button)
    # a link a browser cannot open is refused beside the field, and nothing is stored
    assert "http://" in tab.form.error_text("link")
    assert ActivityService(db).rows() == []
    type_into(qtbot, tab.form.editor("link"), "https://fraenkischer-tag.de/radweg")
    type_into(qtbot, tab.form.editor("hours_milli"), "1,5")
    click(qtbot, tab.save_button)
    [row] = ActivityService(db).rows()
    assert row.values[1:5] == ("Radweg kommt", "Presseartikel", "Fränkischer Tag", "Radweg Mühlbach")
    assert row.values[5] == 1500 and ActivityService(db).load(row.id)["project_id"] == project

    clipping = tmp_path / "artikel.pdf"
    clipping.write_bytes(b"%PDF-1.4 Ausschnitt")
    box = tab.panel.attachments
    assert box.isEnabled()
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *_args, **_kw: clipping)
    box.add_file()
    assert [a.filename for a in AttachmentService(db).list_for("activity", row.id)] == ["artikel.pdf"]
    window.reject()
    assert not window.isVisible()


def test_the_chronik_of_a_contact_newest_first_and_filtered(qtbot, db, show_tab):
    eva = ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    ConsultationService(db).create(
        {"held_on": date(2026, 2, 3), "topic": "Dorfladen", "project_idea": "Dorfladen", "contact_ids": [eva]}
    )
    ActivityService(db).create(
        {"kind": "arbeitskreis", "held_on": date(2026, 5, 6), "title": "AK Tourismus", "contact_id": eva}
    )
    tab = show_tab("contacts")
    assert tab.select_id(eva)
    page = tab.panel.select_page("Chronik")
    assert page_in(tab.panel.tabs.currentWidget()) is page
    model = page.model
    assert [model.data(model.index(r, 2)) for r in range(model.rowCount())] == ["AK Tourismus", "Dorfladen"]
    assert model.data(model.index(0, 0)) == "06.05.2026"
    assert model.data(model.index(1, 3)) == "Idee: Dorfladen"
    page.set_kind("beratung")
    assert model.rowCount() == 1 and model.data(model.index(0, 1)) == "Beratungsgespräch"
    page.set_kind(None)
    assert model.rowCount() == 2


def test_the_chronik_of_a_project_follows_a_new_consultation(qtbot, db, show_tab):
    project = new_project(db, title="Dorfladen Testtal", call_id=make_region(db)["call"])
    tab = show_tab("projects")
    assert tab.select_id(project)
    page = tab.panel.timeline_page
    tab.panel.show_page(page)
    before = page.model.rowCount()
    ConsultationService(db).create(
        {"held_on": date.today(), "topic": "Kostenschätzung", "project_id": project}
    )
    tab.panel.consultations_page.changed.emit()  # as the page does after it stored one
    tab.panel.show_page(page)
    assert page.model.rowCount() == before + 1
    assert page.model.data(page.model.index(0, 2)) == "Kostenschätzung"


def test_the_timeline_model_passes_the_model_tester(qtbot, qtmodeltester, db):
    from regiodesk.ui.activities.press_network import TimelinePage

    eva = ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    ActivityService(db).create(
        {"kind": "landesnetzwerk", "held_on": date(2026, 5, 6), "title": "Treffen", "contact_id": eva}
    )
    page = TimelinePage(db, "contact")
    qtbot.addWidget(page)
    page.show_for(eva)
    qtmodeltester.check(page.model)


def _open_line(page, title: str) -> None:
    """Double-click (or Enter on) the Chronik line with this title."""
    model = page.model
    [row] = [r for r in range(model.rowCount()) if model.data(model.index(r, 2)) == title]
    page.view.activated.emit(model.index(row, 0))


def test_each_line_of_a_contacts_chronik_opens_its_record_where_it_is_worked_on(qtbot, db, show_tab):
    from datetime import datetime

    from regiodesk.services.activities import EventParticipantService, EventService

    eva = ContactService(db).create({"kind": "person", "first_name": "Eva", "last_name": "Huber"})
    consultation = ConsultationService(db).create(
        {"held_on": date(2026, 2, 3), "topic": "Dorfladen", "project_idea": "Dorfladen", "contact_ids": [eva]}
    )
    activity = ActivityService(db).create(
        {"kind": "arbeitskreis", "held_on": date(2026, 5, 6), "title": "AK Tourismus", "contact_id": eva}
    )
    event = EventService(db).create(
        {"kind": "workshop", "title": "Workshop Ortskern", "starts_at": datetime(2026, 4, 1, 18, 0)}
    )
    EventParticipantService(db, event).register(eva, date(2026, 3, 20))
    tab = show_tab("contacts")
    assert tab.select_id(eva)
    page = tab.panel.select_page("Chronik")
    window = tab.window()

    _open_line(page, "Dorfladen")
    consultations = window.tab("projects").show_consultations()
    assert window.current_tab() is window.tab("projects") and consultations.isVisible()
    assert consultations.selected_id() == consultation

    window.show_tab("contacts")
    _open_line(page, "AK Tourismus")
    press = window.tab("projects").show_press_network()
    assert press.isVisible() and press.tab.current_id == activity

    window.show_tab("contacts")
    _open_line(page, "Workshop Ortskern")
    events = window.tab("meetings").show_events()
    assert events.isVisible() and events.tab.current_id == event
    for other in (consultations, press, events):
        other.close()


def test_a_projects_own_payment_and_status_lines_open_their_pages(qtbot, db, show_tab):
    from regiodesk.services.payments import PaymentService
    from regiodesk.services.project_pipeline import ProjectPipeline

    region = make_region(db)
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
    start = date.today().replace(day=1)
    pipeline = ProjectPipeline(db)
    for status in ("in_beratung", "ausgewaehlt", "antrag_gestellt", "bewilligt"):
        pipeline.change_status(project, status, start)
    payment = PaymentService(db).add(project, date.today(), 10_000_00)
    tab = show_tab("projects")
    assert tab.select_id(project)
    page = tab.panel.timeline_page
    tab.panel.show_page(page)
    model = page.model
    [row] = [r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == "Auszahlung"]
    page.view.activated.emit(model.index(row, 0))
    payments = tab.panel.payments_page
    assert page_in(tab.panel.tabs.currentWidget()) is payments and payments.selected_id() == payment

    tab.panel.show_page(page)
    [row] = [r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == "Projektstatus"][:1]
    page.view.activated.emit(model.index(row, 0))
    assert page_in(tab.panel.tabs.currentWidget()) is tab.panel.status_page
    assert tab.current_id == project
