"""Each tab driven like a user: create, edit, filter, sort, delete, required fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox
from ui_helpers import choose, click, tick, type_into, visible_texts

from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.meetings import MeetingService
from regiodesk.services.monitoring import ActionFieldService
from regiodesk.services.projects import ProjectService
from regiodesk.ui import dialogs

BODY = "LAG Coburger Land"


@dataclass(frozen=True)
class Area:
    key: str
    #: what a user types into a new record
    typed: dict[str, Any]
    #: the list's first column afterwards
    shown: str
    #: a record made through the service, and the field the edit test changes
    existing: dict[str, Any]
    edit_field: str
    #: a required field, and the message when it is left empty
    required: str
    message: str
    extra: dict[str, Any] = field(default_factory=dict)


AREAS = [
    Area(
        "bodies",
        {"name": "Lenkungsgruppe Nord", "body_type": "lenkungsgruppe", "notice_days": "14"},
        "Lenkungsgruppe Nord",
        {"name": "Arbeitsgruppe Klima", "body_type": "arbeitsgruppe"},
        "name",
        "name",
        "„Name“ muss ausgefüllt sein.",
    ),
    Area(
        "meetings",
        {"body_id": BODY, "title": "12. LAG-Sitzung", "starts_at": "4.3.2026 18:00", "location": "Coburg"},
        "04.03.2026 18:00",
        {"title": "11. LAG-Sitzung", "starts_at": datetime(2025, 11, 20, 17, 0), "state": "geplant"},
        "title",
        "starts_at",
        "„Beginn“ muss ausgefüllt sein.",
    ),
    Area(
        "projects",
        {"title": "Dorfladen Ahorn", "eligible_cost_cents": "12.345,50", "cooperation": True},
        "Dorfladen Ahorn",
        {"title": "Mitfahrbänke", "status": "idee"},
        "title",
        "title",
        "„Titel“ muss ausgefüllt sein.",
    ),
    Area(
        "contacts",
        {"first_name": "Jürgen", "last_name": "Müller", "email": "j.mueller@example.org", "city": "Coburg"},
        "Müller, Jürgen",
        {"kind": "person", "first_name": "Ayşe", "last_name": "Öztürk"},
        "last_name",
        "last_name",
        "Bitte einen Nachnamen eingeben.",
    ),
    Area(
        "monitoring",
        {"code": "HF3", "name": "Lebendige Dörfer", "planned_budget_cents": "500.000"},
        "HF3",
        {"code": "HF1", "name": "Klima und Energie"},
        "name",
        "name",
        "„Handlungsfeld“ muss ausgefüllt sein.",
    ),
]
SERVICES = {
    "bodies": BodyService,
    "meetings": MeetingService,
    "projects": ProjectService,
    "contacts": ContactService,
    "monitoring": ActionFieldService,
}


@pytest.fixture
def body_id(db):
    return BodyService(db).create({"name": BODY})


def fill(qtbot, tab, values: dict[str, Any]) -> None:
    for name, value in values.items():
        widget = tab.form.editor(name)
        if isinstance(widget, QCheckBox):
            tick(widget, value)
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            choose(widget, value)
        else:
            type_into(qtbot, widget, value)


def existing(db, area: Area, body_id: str) -> str:
    values = dict(area.existing)
    if area.key == "meetings":
        values["body_id"] = body_id
    return SERVICES[area.key](db).create(values)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_create_a_record_through_the_form(qtbot, window, show_tab, db, body_id, area):
    tab = show_tab(area.key)
    before = tab.model.total_count
    click(qtbot, tab.new_button)
    assert tab.is_new and tab.form.isEnabled()
    assert tab.heading.text() == "Neuer Eintrag – noch nicht gespeichert"
    fill(qtbot, tab, area.typed)
    click(qtbot, tab.save_button)
    assert tab.model.total_count == before + 1
    assert not tab.is_new and not tab.form.is_dirty()
    record_id = tab.current_id
    assert tab.selected_id() == record_id
    row = tab.model.row_of(record_id)
    assert tab.model.data(tab.model.index(row, 0)) == area.shown
    assert record_id in {r.id for r in SERVICES[area.key](db).rows()}


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_edit_a_record(qtbot, window, show_tab, db, body_id, area):
    record_id = existing(db, area, body_id)
    tab = show_tab(area.key)
    assert tab.select_id(record_id)
    type_into(qtbot, tab.form.editor(area.edit_field), "Geändert")
    assert tab.form.is_dirty()
    click(qtbot, tab.save_button)
    assert SERVICES[area.key](db).load(record_id)[area.edit_field] == "Geändert"
    assert tab.selected_id() == record_id and not tab.form.is_dirty()


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_required_field_left_empty_is_explained_and_input_kept(qtbot, window, show_tab, db, body_id, area):
    tab = show_tab(area.key)
    before = tab.model.total_count
    click(qtbot, tab.new_button)
    typed = {k: v for k, v in area.typed.items() if k != area.required}
    fill(qtbot, tab, typed)
    click(qtbot, tab.save_button)
    assert tab.form.error_text(area.required) == area.message
    assert tab.form.error_labels[area.required].isVisible()
    assert tab.model.total_count == before and tab.is_new
    for name, value in typed.items():
        widget = tab.form.editor(name)
        if isinstance(value, str) and not isinstance(widget, QComboBox | QCheckBox):
            assert value in widget.text()  # tidied ("500.000" -> "500.000,00 €") but never lost


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_delete_asks_with_the_name_and_tombstones(qtbot, window, show_tab, db, body_id, area, monkeypatch):
    record_id = existing(db, area, body_id)
    tab = show_tab(area.key)
    tab.select_id(record_id)
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "confirm", lambda _parent, _title, text, yes=None: asked.append(text) or False
    )
    click(qtbot, tab.delete_button)
    assert tab.model.contains(record_id)  # "Abbrechen" keeps it
    monkeypatch.setattr(
        dialogs, "confirm", lambda _parent, _title, text, yes=None: asked.append(text) or True
    )
    window.delete_action.trigger()  # the Del key of the menu
    assert not tab.model.contains(record_id)
    assert record_id not in {r.id for r in SERVICES[area.key](db).rows()}
    assert "löschen?" in asked[0] and "im Verlauf bleibt er erhalten" in asked[0]
    assert tab.current_id != record_id


def test_delete_names_the_record_and_its_impact(qtbot, window, show_tab, db, body_id, monkeypatch):
    MeetingService(db).create({"body_id": body_id, "starts_at": datetime(2026, 3, 4, 18), "state": "geplant"})
    tab = show_tab("bodies")
    tab.select_id(body_id)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, yes=None: asked.append(text) or False)
    tab.delete_record()
    assert asked[0].startswith(f"„{BODY}“ löschen?")
    assert "1 Sitzung dieses Gremiums bleibt erhalten." in asked[0]


def test_filter_by_typing_and_status_bar_count(qtbot, window, show_tab, db):
    contacts = ContactService(db)
    for first, last in [("Jürgen", "Müller"), ("Hans", "Mueller"), ("Renée", "Weiß"), ("Ayşe", "Öztürk")]:
        contacts.create({"kind": "person", "first_name": first, "last_name": last})
    tab = show_tab("contacts")
    assert window.count_label.text() == "4 Einträge"
    window.filter_action.trigger()
    assert tab.filter_edit.hasFocus()
    qtbot.keyClicks(tab.filter_edit, "mueller")
    assert sorted(visible_texts(tab.model)) == ["Mueller, Hans", "Müller, Jürgen"]
    assert window.count_label.text() == "2 von 4 Einträgen"
    tab.filter_edit.clear()
    qtbot.keyClicks(tab.filter_edit, "weiss")
    assert visible_texts(tab.model) == ["Weiß, Renée"]
    tab.filter_edit.clear()
    assert tab.model.visible_count == 4


def test_sort_by_clicking_a_header(qtbot, window, show_tab, db):
    projects = ProjectService(db)
    for title, cost in [("Dorfladen", 300), ("Anbau Bürgerhaus", 100), ("Zeltplatz", None)]:
        projects.create({"title": title, "status": "idee", "eligible_cost_cents": cost})
    tab = show_tab("projects")
    assert visible_texts(tab.model) == ["Anbau Bürgerhaus", "Dorfladen", "Zeltplatz"]  # default: Titel
    header = tab.view.horizontalHeader()
    cost_column = 4
    position = header.sectionViewportPosition(cost_column) + header.sectionSize(cost_column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(position, 5))
    assert header.sortIndicatorSection() == cost_column
    assert visible_texts(tab.model) == ["Anbau Bürgerhaus", "Dorfladen", "Zeltplatz"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(position, 5))
    assert visible_texts(tab.model) == ["Dorfladen", "Anbau Bürgerhaus", "Zeltplatz"]  # empty stays last


def test_default_sort_orders(window, show_tab, db, body_id):
    meetings = MeetingService(db)
    for day in (1, 20, 10):
        meetings.create({"body_id": body_id, "starts_at": datetime(2026, 3, day, 18), "state": "geplant"})
    tab = show_tab("meetings")
    assert visible_texts(tab.model) == ["20.03.2026 18:00", "10.03.2026 18:00", "01.03.2026 18:00"]
    ActionFieldService(db).create({"code": "HF2", "name": "B"})
    ActionFieldService(db).create({"code": "HF1", "name": "A"})
    assert visible_texts(show_tab("monitoring").model) == ["HF1", "HF2"]


#: per tab: a second record, a filter typed by the user and the first column of what it finds
SECOND = {
    "bodies": ({"name": "Lenkungsgruppe", "body_type": "lenkungsgruppe"}, "lenkung", "Lenkungsgruppe"),
    "meetings": (
        {"title": "12. LAG-Sitzung", "starts_at": datetime(2026, 3, 4, 18), "state": "geplant"},
        "2025",
        "20.11.2025 17:00",
    ),
    "projects": ({"title": "Dorfladen Ahorn", "status": "idee"}, "baenke", "Mitfahrbänke"),
    "contacts": (
        {"kind": "person", "first_name": "Jürgen", "last_name": "Müller"},
        "oeztuerk",
        "Öztürk, Ayşe",
    ),
    "monitoring": ({"code": "HF2", "name": "Lebendige Dörfer"}, "dorfer", "HF2"),
}


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.key)
def test_filter_by_typing_and_sort_by_header_in_every_tab(qtbot, db, body_id, window, show_tab, area):
    existing(db, area, body_id)
    second, query, found = SECOND[area.key]
    SERVICES[area.key](db).create({**second, "body_id": body_id} if area.key == "meetings" else second)
    tab = show_tab(area.key)
    before = visible_texts(tab.model)
    assert len(before) >= 2
    qtbot.keyClicks(tab.filter_edit, query)
    assert visible_texts(tab.model) == [found]
    assert window.count_label.text() == f"1 von {tab.model.total_count} Einträgen"
    tab.filter_edit.clear()
    header = tab.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionSize(0) // 2, 5))
    assert visible_texts(tab.model) == before[::-1]
