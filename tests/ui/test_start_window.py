"""The start window: the Gremien list from sqlite3 while the program loads, then the main window."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from shiboken6 import isValid

from regiodesk.app import start_gui
from regiodesk.db.custody import DatabaseLock
from regiodesk.db.models import Membership
from regiodesk.services.bodies import BodyService
from regiodesk.services.contacts import ContactService
from regiodesk.services.region import RegionService
from regiodesk.ui.main_window import MainWindow
from regiodesk.ui.start_window import BODIES_INDEX, HEADERS, TAB_TITLES, StartWindow, read_first_list
from regiodesk.ui.tabs import TABS


@pytest.fixture
def region(db):
    """Bodies in an order plain sorting gets wrong, with members that count and some that do not."""
    RegionService(db).create({"name": "LAG Obermain-Jura", "kind": "leader"})
    bodies = BodyService(db)
    ids = {
        name: bodies.create({"name": name, "body_type": kind})
        for name, kind in (
            ("Zukunftsrat", "sonstiges"),
            ("Ökomodell-Gruppe", "arbeitsgruppe"),
            ("LAG Obermain-Jura", "lag"),
            ("Lenkungsgruppe", "lenkungsgruppe"),
            ("gelöscht", "sonstiges"),
        )
    }
    bodies.delete(ids["gelöscht"])
    people = [ContactService(db).create({"kind": "person", "last_name": f"Müller {n}"}) for n in range(4)]
    with db.transaction() as session:
        lag = ids["LAG Obermain-Jura"]
        session.add(
            Membership(body_id=lag, contact_id=people[0], voting_right=True, starts_on=date(2024, 1, 1))
        )
        session.add(
            Membership(body_id=lag, contact_id=people[1], voting_right=False, starts_on=date(2024, 1, 1))
        )
        session.add(  # left the body: not counted
            Membership(
                body_id=lag,
                contact_id=people[2],
                voting_right=True,
                starts_on=date(2020, 1, 1),
                ends_on=date(2021, 12, 31),
            )
        )
    return ids


def test_the_first_list_is_the_gremien_list_of_the_main_window(db, region):
    first = read_first_list(db.path)
    assert first is not None and first.region == "LAG Obermain-Jura"
    service = BodyService(db)
    assert tuple(c.label for c in service.columns) == HEADERS
    assert tuple(spec.title for spec in TABS) == TAB_TITLES
    assert {row_id: values for row_id, values in first.rows} == {
        r.id: tuple(r.values) for r in service.rows()
    }
    names = [values[0] for _id, values in first.rows]
    assert names == ["LAG Obermain-Jura", "Lenkungsgruppe", "Ökomodell-Gruppe", "Zukunftsrat"]  # Ö with O
    lag = dict(first.rows)[region["LAG Obermain-Jura"]]
    assert lag == ("LAG Obermain-Jura", "LAG", 1, 2)


def test_a_file_that_is_no_regiodesk_database_gives_no_first_list(tmp_path):
    other = tmp_path / "notizen.regiodesk"
    other.write_text("keine Datenbank", encoding="utf-8")
    assert read_first_list(other) is None
    assert other.read_text(encoding="utf-8") == "keine Datenbank"


def test_filtering_and_selecting_in_the_start_window_carry_over_to_the_main_window(qtbot, db, region):
    start = _shown_start_window(qtbot, db, geometry=(40, 30, 1000, 700))
    assert start.windowTitle() == f"LAG Obermain-Jura – {db.path.name} – regiodesk"
    qtbot.keyClicks(start.filter_edit, "gruppe")
    assert [r[0] for r in start.shown_rows()] == ["Lenkungsgruppe", "Ökomodell-Gruppe"]  # any case
    assert start.count_label.text() == "2 von 4 Einträgen"
    start.view.selectRow(1)
    assert start.selected_id() == region["Ökomodell-Gruppe"]
    window = MainWindow(db)
    qtbot.addWidget(window)
    start.place(window)
    window.show()
    start.carry_over(window)
    tab = window.tab("bodies")
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=5000)
    assert tab.filter_edit.text() == "gruppe"
    assert tab.current_id == region["Ökomodell-Gruppe"]
    assert window.geometry() == start.geometry()


def test_the_keyboard_focus_and_the_cursor_carry_over_to_the_main_window(qtbot, db, region):
    start = _shown_start_window(qtbot, db)
    qtbot.keyClicks(start.filter_edit, "gruppe")
    start.filter_edit.setFocus()
    start.filter_edit.setCursorPosition(3)
    window = MainWindow(db)
    qtbot.addWidget(window)
    start.carry_over(window)
    tab = window.tab("bodies")
    assert window.focusWidget() is tab.filter_edit  # typing goes on in the filter
    assert tab.filter_edit.cursorPosition() == 3
    start.view.setFocus()  # in the list: the arrow keys go on moving in the list
    start.carry_over(window)
    assert window.focusWidget() is tab.view


def test_the_start_windows_filter_finds_what_the_main_windows_filter_finds(qtbot, db, region):
    """Umlauts folded, every word somewhere, and a named column (the hint says how), as in the tab."""
    start = _shown_start_window(qtbot, db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    tab = window.show_tab("bodies")
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=5000)
    assert start.filter_edit.placeholderText() == tab.filter_edit.placeholderText()
    assert start.filter_edit.placeholderText().endswith("nur eine Spalte: art:…")
    for text, names in (
        ("oekomodell", ["Ökomodell-Gruppe"]),
        ("okomodell", ["Ökomodell-Gruppe"]),
        ("gruppe lenk", ["Lenkungsgruppe"]),
        ("art:lag", ["LAG Obermain-Jura"]),  # not the Lenkungsgruppe, whose name holds no „lag“
        ("art:arbeits", ["Ökomodell-Gruppe"]),
        ("name:jura", ["LAG Obermain-Jura"]),
        ("art:", ["LAG Obermain-Jura", "Lenkungsgruppe", "Ökomodell-Gruppe", "Zukunftsrat"]),
    ):
        start.filter_edit.setText(text)
        tab.filter_edit.setText(text)
        assert [r[0] for r in start.shown_rows()] == names, text
        shown = [tab.model.values_at(r)[0] for r in range(tab.model.visible_count)]
        assert sorted(shown) == sorted(names), text


def test_ctrl_f_in_the_start_window_goes_to_the_filter(qtbot, db, region):
    start = _shown_start_window(qtbot, db)
    qtbot.keyClicks(start.filter_edit, "lag")
    start.view.setFocus()
    (shortcut,) = start.findChildren(QtGui.QShortcut)
    assert shortcut.key().toString() == "Ctrl+F"
    shortcut.activated.emit()
    assert start.focusWidget() is start.filter_edit
    assert start.filter_edit.selectedText() == "lag"  # as in the main window: typing replaces it


def test_keys_typed_while_the_main_window_is_built_reach_its_filter(qtbot, db, region, monkeypatch):
    import regiodesk.ui.main_window as main_window

    path = db.path
    db.close()
    shown, ready = [], []

    class TypedMeanwhile(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # The user types on while this is built: the keys wait in the queue of the start window.
            for char in "ppe":
                key = getattr(QtCore.Qt.Key, f"Key_{char.upper()}")
                for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
                    event = QtGui.QKeyEvent(kind, key, QtCore.Qt.KeyboardModifier.NoModifier, char)
                    QtWidgets.QApplication.postEvent(shown[0].filter_edit, event)

    def first_list(start):
        shown.append(start)
        start.tabs.setCurrentIndex(BODIES_INDEX)
        start.filter_edit.setFocus()
        qtbot.keyClicks(start.filter_edit, "gru")

    monkeypatch.setattr(main_window, "MainWindow", TypedMeanwhile)
    assert start_gui(path, ready.append, lambda: ready.append("failed"), first_list)
    qtbot.waitUntil(lambda: bool(ready), timeout=20000)
    window = ready[0]
    tab = window.tab("bodies")
    assert tab.filter_edit.text() == "gruppe"
    assert window.focusWidget() is tab.filter_edit
    qtbot.waitUntil(lambda: tab.is_loaded, timeout=5000)
    assert tab.model.visible_count == 2  # Lenkungsgruppe, Ökomodell-Gruppe
    _close(window)


def test_start_gui_shows_the_start_window_first_then_the_main_window(qtbot, db, region):
    path = db.path
    db.close()
    shown, titles, ready = [], [], []

    def first_list(start):
        shown.append(start)
        titles.append(start.windowTitle())

    assert start_gui(path, ready.append, lambda: ready.append("failed"), first_list)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert isinstance(shown[0], StartWindow)
    qtbot.waitUntil(lambda: bool(ready), timeout=20000)
    window = ready[0]
    assert isinstance(window, MainWindow) and window.isVisible()
    qtbot.waitUntil(lambda: not isValid(shown[0]), timeout=5000)  # closed and deleted
    assert window.windowTitle() == titles[0] == f"LAG Obermain-Jura – {path.name} – regiodesk"
    _close(window)


def test_closing_the_start_window_ends_the_program_without_a_main_window(qtbot, db, region, monkeypatch):
    import regiodesk.app as app

    path = db.path
    db.close()
    gate, loading = threading.Event(), threading.Event()

    def slow_import():  # the user closes the window while the program is still loading
        loading.set()
        gate.wait(10)

    monkeypatch.setattr(app, "_preload", slow_import)
    shown, ready, failed = [], [], []
    assert start_gui(path, ready.append, lambda: failed.append(True), shown.append)
    qtbot.waitUntil(loading.is_set, timeout=5000)
    assert shown and shown[0].isVisible()
    shown[0].close()
    assert failed == [True]
    gate.set()
    qtbot.wait(300)  # the loader is done now: still no main window comes after all
    assert ready == []
    again = DatabaseLock(path)
    again.acquire()  # the file is free again
    again.release()


def test_closing_the_start_window_before_loading_began_loads_nothing(qtbot, db, region):
    path = db.path
    db.close()
    ready, failed = [], []

    def close_at_once(start):
        start.close()

    assert start_gui(path, ready.append, lambda: failed.append(True), close_at_once)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    qtbot.wait(300)
    assert ready == [] and failed == [True]
    again = DatabaseLock(path)
    again.acquire()  # the lock was never taken
    again.release()


def test_a_new_file_goes_the_long_way_without_a_start_window(qtbot, tmp_path):
    from regiodesk.paths import default_db_path

    shown, ready = [], []  # the first start: only the default file is created by the window
    assert start_gui(default_db_path(), ready.append, lambda: None, shown.append)
    assert len(ready) == 1 and shown == ready and isinstance(ready[0], MainWindow)
    _close(ready[0])


def test_a_file_open_elsewhere_closes_the_start_window_and_is_refused_with_its_message(
    qtbot, db, region, monkeypatch
):
    from regiodesk.ui import dialogs

    path = db.path
    db.close()
    other = DatabaseLock(path)
    other.acquire()
    asked, shown, ready, failed = [], [], [], []
    monkeypatch.setattr(dialogs, "ask_after_open_failure", lambda parent, message: asked.append(message))
    try:
        assert start_gui(path, ready.append, lambda: failed.append(True), shown.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    finally:
        other.release()
    assert isinstance(shown[0], StartWindow) and ready == []
    assert "bereits geöffnet" in asked[0]
    qtbot.waitUntil(lambda: not isValid(shown[0]), timeout=5000)


def test_the_start_window_needs_neither_sqlalchemy_nor_the_qt_namespace():
    """What makes it fast: a test, so that a convenient import does not undo it."""
    code = (
        "import sys, regiodesk.app, regiodesk.ui.start_window, regiodesk.ui.geometry\n"
        "heavy = {'sqlalchemy', 'alembic', 'openpyxl', 'reportlab'}\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & heavy)\n"
        "print(heavy, 'Qt' in vars(sys.modules['PySide6.QtCore']))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] False"


def _shown_start_window(qtbot, db, geometry=None) -> StartWindow:
    start = StartWindow(db.path, read_first_list(db.path))
    qtbot.addWidget(start)
    if geometry is not None:
        start.setGeometry(*geometry)
    start.show()
    assert start.tabs.currentIndex() == 0  # the Übersicht, waiting for the program
    start.tabs.setCurrentIndex(BODIES_INDEX)  # the user clicks „Gremien“
    return start


def _close(window) -> None:
    from regiodesk.ui.operations import wait_for_operations

    window.close()
    wait_for_operations()
    window.db.close()
