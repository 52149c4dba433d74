"""Driving widgets like a user: typing into fields, picking from lists."""

from __future__ import annotations

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
