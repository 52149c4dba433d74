"""A large step (an import) is undone and redone off the window's thread; small steps at once."""

from __future__ import annotations

import threading

from contact_helpers import imported_as_one_step, person
from openpyxl import Workbook
from PySide6.QtCore import QTimer

from regiodesk.db.models import ChangeLogEntry, Contact
from regiodesk.services.contacts import ContactService
from regiodesk.services.undo import ChangeSet, UndoableAction, UndoService, recording
from regiodesk.ui import dialogs
from regiodesk.ui import undo as ui_undo
from regiodesk.ui.operations import wait_for_operations

#: contacts with an e-mail each: 2,400 log entries, over ui.undo.LARGE_STEP
IMPORTED = 1_200


def _imported(db) -> UndoableAction:
    change_set = imported_as_one_step(db, IMPORTED, last_name="Liste")
    assert len(change_set.seqs) >= ui_undo.LARGE_STEP
    return UndoableAction("Import von 1.200 Kontakten", change_set)


def _import_in_the_window(qtbot, tab, tmp_path, monkeypatch) -> None:
    """The user imports a list of IMPORTED people with an e-mail each (Datei › Importieren)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Vorname", "Nachname", "E-Mail"])
    for k in range(IMPORTED):
        sheet.append([f"Vor{k}", f"Liste{k}", f"p{k}@example.org"])
    path = tmp_path / "adressen.xlsx"
    book.save(path)
    dialog = tab.import_contacts(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    dialog.run_import()
    qtbot.waitUntil(lambda: bool(infos), timeout=20000)
    wait_for_operations()
    qtbot.waitUntil(lambda: tab.model.total_count == IMPORTED + 1, timeout=10000)


def _held_back(monkeypatch) -> tuple[threading.Event, list[threading.Thread]]:
    """UndoService.revert waits for the returned event; the threads it ran in are noted."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    revert = UndoService.revert

    def held(service, change_set):
        threads.append(threading.current_thread())
        assert release.wait(10)
        return revert(service, change_set)

    monkeypatch.setattr(UndoService, "revert", held)
    return release, threads


def test_undo_of_an_import_runs_in_the_background_and_the_window_keeps_working(
    qtbot, db, window, show_tab, tmp_path, monkeypatch
):
    anna = person(db, "Anna", "Albrecht")
    tab = show_tab("contacts")
    _import_in_the_window(qtbot, tab, tmp_path, monkeypatch)
    assert tab.model.total_count == IMPORTED + 1
    assert window.undo.undo_action.text() == "&Rückgängig: Import von 1.200 Kontakten"
    release, threads = _held_back(monkeypatch)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)

    window.undo.undo_action.trigger()

    # the window's thread is free: its timer ticks while the undo waits in the worker
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)
    assert threads and threads[0] is not threading.main_thread()
    assert window.undo.is_running()
    assert window.statusBar().currentMessage() == "Rückgängig: Import von 1.200 Kontakten …"
    assert not window.centralWidget().isEnabled()  # no input on the records being written
    assert not window.delete_action.isEnabled() and not window.new_action.isEnabled()
    assert not window.undo.undo_action.isEnabled() and not window.undo.redo_action.isEnabled()
    # a step reported meanwhile goes on top once the undo is done
    window.undo.push("contacts", UndoableAction("Telefon ändern", _saved_phone(db, anna)))
    release.set()
    qtbot.waitUntil(lambda: not window.undo.is_running(), timeout=10000)
    timer.stop()

    qtbot.waitUntil(lambda: tab.model.total_count == 1, timeout=10000)
    assert [r.id for r in ContactService(db).rows()] == [anna]
    assert window.centralWidget().isEnabled() and window.delete_action.isEnabled()
    assert window.statusBar().currentMessage() == "Rückgängig: Import von 1.200 Kontakten"
    assert window.undo.undo_action.text() == "&Rückgängig: Telefon ändern"
    assert not window.undo.redo_action.isEnabled()  # the new step ended the redo, as always


def test_redo_of_an_import_runs_in_the_background_too(qtbot, db, window, show_tab):
    tab = show_tab("contacts")
    window.undo.push("contacts", _imported(db))
    window.undo.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.undo.is_running(), timeout=10000)
    assert ContactService(db).rows() == []

    window.undo.redo_action.trigger()

    assert window.undo.is_running()
    assert window.statusBar().currentMessage() == "Wiederholen: Import von 1.200 Kontakten …"
    qtbot.waitUntil(lambda: not window.undo.is_running(), timeout=10000)
    qtbot.waitUntil(lambda: tab.model.total_count == IMPORTED, timeout=10000)
    assert window.undo.undo_action.text() == "&Rückgängig: Import von 1.200 Kontakten"


def test_a_refused_large_undo_says_why_and_leaves_the_stack(qtbot, db, window, show_tab, monkeypatch):
    show_tab("contacts")
    window.undo.push("contacts", _imported(db))
    with db.transaction() as session:  # another laptop edited an imported contact, by sync
        session.get(Contact, "00000000-0000-4000-8000-000000000004").notes = "vom anderen Laptop"
        session.flush()
        logged = session.query(ChangeLogEntry).filter(ChangeLogEntry.field == "notes")
        logged.update({"device_id": "other-device"})
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: errors.append(text))

    window.undo.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.undo.is_running(), timeout=10000)

    assert errors and "Liste4" in errors[0]
    assert len(ContactService(db).rows()) == IMPORTED  # nothing taken back
    assert not window.undo.undo_action.isEnabled()  # the step can never succeed: it left the stack
    assert window.centralWidget().isEnabled()


def _saved_phone(db, contact: str) -> ChangeSet:
    with recording(db) as seqs:
        ContactService(db).update(contact, {"phone": "0911 2"})
    return ChangeSet(tuple(seqs))
