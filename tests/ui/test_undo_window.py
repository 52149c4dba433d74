"""Strg+Z / Strg+Umschalt+Z in the window, Gelöschte Einträge and „diesen Wert wiederherstellen“."""

from __future__ import annotations

from contact_helpers import person
from PySide6.QtCore import Qt
from ui_helpers import click, type_into

from regiodesk.services.contact_details import ContactEmailService
from regiodesk.services.contacts import ContactService
from regiodesk.ui import dialogs
from regiodesk.ui.operations import wait_for_operations
from regiodesk.ui.trash_dialog import TrashDialog


def shown() -> None:
    """Until the window shows what the step changed (the contacts list is read again in the
    background, as after an import)."""
    wait_for_operations()


def _undo_text(window) -> str:
    return window.undo.undo_action.text().replace("&", "")


def test_undo_and_redo_of_an_edit_across_a_tab_switch(qtbot, window, show_tab, db):
    anna = person(db, "Anna", "Becker", phone="0911 123456")
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editors["phone"].widget, "0911 999999")
    assert tab.save()
    assert _undo_text(window) == "Rückgängig: Telefon ändern"
    show_tab("projects")

    qtbot.keyClick(window.tab("projects").view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    shown()

    assert window.current_tab() is tab  # the undo shows where it happened
    assert ContactService(db).load(anna)["phone"] == "0911 123456"
    assert tab.current_id == anna and tab.form.values()["phone"] == "0911 123456"
    assert window.undo.redo_action.text() == "Wieder&holen: Telefon ändern"
    assert not window.undo.undo_action.isEnabled()
    window.undo.redo_action.trigger()
    shown()
    assert ContactService(db).load(anna)["phone"] == "0911 999999"
    assert tab.form.values()["phone"] == "0911 999999"


def test_undo_of_a_creation_and_of_a_deletion(qtbot, window, show_tab, db, monkeypatch):
    tab = show_tab("contacts")
    tab.new_record()
    type_into(qtbot, tab.form.editors["last_name"].widget, "Neumann")
    type_into(qtbot, tab.form.editors["email"].widget, "neumann@example.de")
    assert tab.save()
    new = tab.current_id
    assert _undo_text(window) == "Rückgängig: Kontakt anlegen"
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kwargs: True)
    window.delete_action.trigger()
    assert not tab.model.contains(new)
    assert _undo_text(window) == "Rückgängig: Kontakt „Neumann“ löschen"

    window.undo.undo_action.trigger()  # the deletion
    shown()
    assert tab.model.contains(new) and tab.current_id == new
    assert tab.form.values()["email"] == "neumann@example.de"
    window.undo.undo_action.trigger()  # the creation
    shown()
    assert not tab.model.contains(new)
    assert ContactService(db).rows() == []
    window.undo.redo_action.trigger()
    shown()
    assert tab.model.contains(new)
    assert ContactService(db).load(new)["email"] == "neumann@example.de"


def test_unsaved_input_is_saved_first_and_is_the_step_undone(qtbot, window, show_tab, db):
    anna = person(db, "Anna", "Becker", notes="alt")
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editors["notes"].widget, "getippt")

    window.undo.undo()
    shown()

    assert ContactService(db).load(anna)["notes"] == "alt"
    assert tab.form.values()["notes"] == "alt"
    window.undo.redo()
    shown()
    assert ContactService(db).load(anna)["notes"] == "getippt"


def test_an_undo_refuses_when_the_record_was_changed_meanwhile(qtbot, window, show_tab, db, monkeypatch):
    anna = person(db, "Anna", "Becker", phone="0911 1")
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editors["phone"].widget, "0911 2")
    assert tab.save()
    ContactService(db).update(anna, {"phone": "0911 3"})  # as a sync does
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: errors.append(text))

    window.undo.undo_action.trigger()
    shown()

    assert ContactService(db).load(anna)["phone"] == "0911 3"
    assert len(errors) == 1 and "inzwischen geändert" in errors[0]
    assert tab.form.values()["phone"] == "0911 3"  # the window shows what is stored
    assert not window.undo.undo_action.isEnabled()  # the step cannot succeed any more
    assert _undo_text(window) == "Rückgängig"


def test_gelöschte_einträge_brings_a_contact_back_with_its_details(
    qtbot, qtmodeltester, window, show_tab, db, monkeypatch
):
    anna = person(db, "Anna", "Becker", email="anna@example.de", city="Bamberg")
    ContactEmailService(db, anna).create({"address": "a.becker@gemeinde.de"})
    person(db, "Ben", "Schmidt")
    tab = show_tab("contacts")
    tab.select_id(anna)
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kwargs: True)
    tab.delete_record()
    assert not tab.model.contains(anna)

    window.trash_action.trigger()
    trash = tab.findChild(TrashDialog)
    assert trash is not None and trash.isVisible()
    qtmodeltester.check(trash.model)
    assert [trash.model.text(r, 1) for r in trash.model.rows] == ["Anna Becker"]
    click(qtbot, trash.restore_button)
    shown()

    assert tab.model.contains(anna) and tab.current_id == anna
    assert tab.form.values()["city"] == "Bamberg"
    assert sorted(r.values[0] for r in ContactEmailService(db, anna).rows()) == [
        "a.becker@gemeinde.de",
        "anna@example.de",
    ]
    assert trash.model.rows == []
    assert _undo_text(window) == "Rückgängig: Kontakt „Anna Becker“ wiederherstellen"
    trash.close()


def test_the_verlauf_sets_an_old_value_again(qtbot, window, show_tab, db):
    contacts = ContactService(db)
    anna = person(db, "Anna", "Becker", notes="erste")
    contacts.update(anna, {"notes": "zweite"})
    tab = show_tab("contacts")
    tab.select_id(anna)
    dialog = tab.show_history()
    assert dialog is not None
    row = next(n for n, e in enumerate(dialog.entries) if e.field == "notes" and e.new == "zweite")
    created = next(n for n, e in enumerate(dialog.entries) if e.operation == "insert")
    dialog.view.selectRow(created)
    assert not dialog.restore_button.isEnabled()  # nothing before the creation
    dialog.view.selectRow(row)
    assert dialog.restore_button.isEnabled()

    click(qtbot, dialog.restore_button)
    shown()

    assert contacts.load(anna)["notes"] == "erste"
    assert tab.form.values()["notes"] == "erste"
    assert dialog.entries[0].new == "erste"  # the restore is in the Verlauf
    assert _undo_text(window) == "Rückgängig: Notizen wiederherstellen"
    dialog.close()
    window.undo.undo_action.trigger()
    shown()
    assert contacts.load(anna)["notes"] == "zweite"


def test_another_file_starts_with_nothing_to_undo(qtbot, window, show_tab, db):
    anna = person(db, "Anna", "Becker")
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editors["notes"].widget, "x")
    assert tab.save()
    assert window.undo.undo_action.isEnabled()
    window.database_replaced(changed=False)
    assert not window.undo.undo_action.isEnabled()


def test_a_phone_number_changed_in_the_panel_is_undone_from_another_record(
    qtbot, window, show_tab, db, monkeypatch
):
    anna = person(db, "Anna", "Becker", phone="0911 123456")
    ben = person(db, "Ben", "Schmidt")
    tab = show_tab("contacts")
    tab.select_id(anna)
    phones = tab.panel.phones
    phones.view.selectRow(0)
    dialog = phones.edit_record()
    type_into(qtbot, dialog.form.editor("number"), "0911 654321")
    assert dialog.save()
    assert _undo_text(window) == "Rückgängig: Telefonnummer ändern"
    monkeypatch.setattr(dialogs, "confirm", lambda *_args, **_kwargs: True)
    phones.view.selectRow(0)
    assert phones.delete_record()
    assert _undo_text(window) == "Rückgängig: Telefonnummer löschen"
    tab.select_id(ben)

    window.undo.undo_action.trigger()  # the deletion
    shown()
    assert tab.current_id == anna  # the contact whose number it was
    assert phones.model.visible_count == 1
    window.undo.undo_action.trigger()  # the change
    shown()
    assert ContactService(db).load(anna)["phone"] == "0911 123456"
    assert tab.form.values()["phone"] == "0911 123456"


def test_after_an_undo_the_contacts_are_read_again_while_the_window_goes_on(
    qtbot, window, show_tab, db, monkeypatch
):
    """A long list (80,000 contacts: two seconds) is not read on the window's thread after an undo;
    the record comes back once it is in, and the undo's message stays in the status bar."""
    import threading

    from PySide6.QtCore import QTimer

    anna = person(db, "Anna", "Becker", notes="alt")
    tab = show_tab("contacts")
    tab.select_id(anna)
    type_into(qtbot, tab.form.editors["notes"].widget, "neu")
    assert tab.save()
    release = threading.Event()
    readers: list[threading.Thread] = []
    stream = type(tab.service).stream_rows

    def held(service):
        readers.append(threading.current_thread())
        assert release.wait(10)
        return stream(service)

    monkeypatch.setattr(type(tab.service), "stream_rows", held)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    window.undo.undo_action.trigger()  # returns at once: the list is read in a worker

    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)  # the window's thread goes on meanwhile
    assert readers and readers[0] is not threading.main_thread()
    assert ContactService(db).load(anna)["notes"] == "alt"
    release.set()
    qtbot.waitUntil(lambda: tab.form.values()["notes"] == "alt", timeout=5000)
    timer.stop()
    assert tab.current_id == anna
    assert window.statusBar().currentMessage() == "Rückgängig: Notizen ändern"
