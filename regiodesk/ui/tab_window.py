"""A record tab in a window of its own (the events, the press and network work): not modal,
with the tab's own keys, and nothing typed lost when it closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from regiodesk.i18n import tr
from regiodesk.ui.geometry import fit_to_screen
from regiodesk.ui.record_tab import RecordTab
from regiodesk.ui.signals import emit
from regiodesk.ui.undo_report import report
from regiodesk.ui.widgets import scrolling


class TabWindow(QDialog):
    changed = Signal()

    def __init__(
        self,
        tab: RecordTab,
        title: str,
        size: tuple[int, int],
        hint: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(tr(title))
        self.tab = tab
        tab.setParent(self)
        tab.changed.connect(lambda: emit(self.changed))
        # Its saves and deletions go on the main window's stack through the tab that owns the
        # window, and Strg+Z works here as there (ui.undo).
        tab.undoable.connect(lambda action: report(self.parentWidget(), action))
        undo = getattr(parent.window() if parent is not None else None, "undo", None)
        if undo is not None:
            undo.serve(self)
        close = QPushButton(tr("Schließen"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        if hint:
            label = QLabel(tr(hint))
            label.setWordWrap(True)
            bottom.addWidget(label, 1)
        else:
            bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        # A form with its pages can be taller than a laptop's screen: the window scrolls instead.
        layout.addWidget(scrolling(tab), 1)
        layout.addLayout(bottom)
        fit_to_screen(self, *size)
        # The main window's keys do not reach this window; the tab's own commands get them here.
        keys = [("Ctrl+N", tab.new_record), ("Ctrl+S", tab.save), ("Ctrl+F", tab.focus_filter)]
        print_document = getattr(tab, "print_document", None)  # a tab with a document to print
        if print_document is not None:
            keys.append(("Ctrl+P", print_document))
        for key, slot in keys:
            QShortcut(QKeySequence(key), self, lambda slot=slot: slot())
        tab.reload()

    def reject(self) -> None:
        # Schließen, Escape and the window's close box all come here. Nothing typed is lost:
        # unsaved edits are saved, or the window stays open showing why beside the fields.
        if not self.tab.commit_pending():
            return
        super().reject()
