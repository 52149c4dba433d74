"""Driving widgets like a user: typing into fields, picking from lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit


def key_clicks(qtbot, widget, text: str) -> None:
    """qtbot.keyClicks, but also for ä, ö, ü, ß (QTest only knows ASCII keys)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def type_into(qtbot, widget, text: str) -> None:
    """Replace a field's content by typing, as a user does (select all, then type)."""
    if isinstance(widget, QComboBox) and widget.isEditable():
        widget = widget.lineEdit()
    if isinstance(widget, QLineEdit):
        widget.setFocus()
        widget.selectAll()
        if text:
            key_clicks(qtbot, widget, text)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Delete)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)  # leave the field: editingFinished runs
    elif isinstance(widget, QPlainTextEdit):
        widget.setFocus()
        widget.selectAll()
        key_clicks(qtbot, widget, text)
    else:
        raise TypeError(widget)


def choose(widget: QComboBox, value: str) -> None:
    """Pick the entry whose stored value is ``value``."""
    index = widget.findData(value)
    assert index >= 0, value
    widget.setCurrentIndex(index)


def tick(widget: QCheckBox, checked: bool = True) -> None:
    widget.setChecked(checked)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot, tab, row: int) -> None:
    """Click a row of the list with the mouse."""
    view = tab.view
    rect = view.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def visible_texts(model, column: int = 0) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


@contextmanager
def opened_window(qtbot, monkeypatch, db, own_database: bool = False) -> Iterator:
    """The main window on ``db``, shown as a user sees it; afterwards closed without questions,
    its background work awaited, a database it opened meanwhile (and ``db`` itself if
    ``own_database``) closed, and the window deleted."""
    from regiodesk.ui import dialogs
    from regiodesk.ui.main_window import MainWindow
    from regiodesk.ui.operations import wait_for_operations

    main = MainWindow(db)
    main.show()
    qtbot.waitExposed(main)
    yield main
    # Leftover invalid input in a test must not ask anything on the way out.
    monkeypatch.setattr(dialogs, "ask_discard_or_cancel", lambda *args: True)
    main.close()
    wait_for_operations()
    if own_database or main.db is not db:
        main.db.close()
    _delete_now(main)


def _delete_now(widget) -> None:
    """Delete a closed window now, not when the program would end.

    Its signals are connected to lambdas over the window, a cycle through Qt that Python's
    garbage collector cannot see: every test's window stayed in memory with its database and
    engine, and each full collection walked all of them (about a seventh of the UI tests' time).
    """
    from PySide6.QtCore import QCoreApplication

    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
